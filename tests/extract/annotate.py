"""Helpers for event tests: parse with the model, then set entities, times and quotes by hand."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from storyline.records import Entity, Mention, Place, Quote, Speaker, TimeRef


def _spans(text: str, surface: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(surface), text)]


def annotate(
    nlp: Language,
    text: str,
    entities: Sequence[tuple[str, str] | tuple[str, str, Place]] = (),
    times: Sequence[tuple[str, str | None, str | None]] = (),
    quotes: Sequence[tuple[str, str | None]] = (),
) -> Doc:
    """A parsed Doc with hand-made records.

    Args:
        entities: (surface, label[, place]); every occurrence of the surface is a mention.
        times: (surface, earliest, latest) for DATE expressions (first occurrence).
        quotes: (quoted text, speaker surface or None), reported speech.
    """
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        if not name.startswith("storyline_"):
            doc = proc(doc)
    ents, spans = [], []
    for n, (surface, label, *rest) in enumerate(entities, 1):
        found = _spans(text, surface)
        if not found:
            continue
        eid = f"e{n}"
        place = rest[0] if rest else None
        ents.append(
            Entity(eid, surface, label, tuple(Mention(s, e, surface) for s, e in found), place)
        )
        spans.extend((s, e, eid) for s, e in found)
    doc._.sl_entities, doc._.sl_entity_spans = ents, spans
    refs = []
    for n, (surface, earliest, latest) in enumerate(times, 1):
        s, e = _spans(text, surface)[0]
        refs.append(
            TimeRef(f"t{n}", s, e, surface, "DATE", earliest, earliest, latest, "published")
        )
    doc._.sl_times = refs
    by_name = {e.name: e for e in ents}
    qs = []
    for n, (quoted, speaker) in enumerate(quotes, 1):
        s, e = _spans(text, quoted)[0]
        who = None
        if speaker is not None:
            ent = by_name.get(speaker)
            who = Speaker(ent.id if ent else None, speaker, speaker)
        qs.append(Quote(f"q{n}", "indirect", s, e, quoted, who, "said"))
    doc._.sl_quotes = qs
    doc._.sl_events = None
    doc._.sl_conflicts = None
    return doc
