"""Label evidence around each name: the words before and after it ("village of", "Mr", an age,
"Street"), its particles, the gazetteer, the alias table, a results line's layout; the linker
weighs it so that all mentions of an entity agree on one label.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span

from ..records import EntityLinker, Evidence, NamedMention
from .boundaries import trim_trailing
from .candidates import NameCandidates
from .entity_cues import Cues
from .persons import INITIAL
from .teams import spread_team_evidence, team_context

#: particles that start places and persons alike ("de Gaulle", "La Paz"): no person evidence
SHARED_PARTICLES = frozenset({"de", "da", "di", "del", "della", "le", "la"})


def named_mentions(
    doc: Doc, found: NameCandidates, cues: Cues, linker: EntityLinker
) -> list[NamedMention]:
    """The candidates as mentions in text order, each with its label evidence."""
    texts = {s.text for s in found.spans}
    mentions = []
    for span in sorted(found.spans, key=lambda s: s.start):
        span = trim_trailing(span, texts)
        if INITIAL.match(span.text):
            continue  # "R." alone, cut off its name by a line break
        named = describe(doc, span, cues, linker, found.teams, found.persons)
        if (named.start, named.end) in found.players:
            extra = Evidence("PERSON", 3.0, "a player: scorecard line")
            named = replace(named, label="PERSON", evidence=(*named.evidence, extra))
        mentions.append(named)
    return spread_team_evidence(mentions)


def describe(
    doc: Doc,
    span: Span,
    cues: Cues,
    linker: EntityLinker,
    team_at: frozenset[tuple[int, int]] = frozenset(),
    persons: frozenset[str] = frozenset(),
) -> NamedMention:
    """The mention with the label evidence around it (``team_at``: team names by layout,
    ``persons``: the full names and surnames of the persons the document names in full)."""
    evidence: list[Evidence] = []
    label = span.label_
    text = span.text  # a Span joins its tokens at every .text
    demonym = label == "NORP"  # a nationality, never a person's name or title
    if persons and text.lower() in persons and not demonym:
        label = "PERSON"
        evidence.append(Evidence("PERSON", 2.0, "a person the document names in full"))
    evidence += _context_evidence(doc, span, cues, demonym)
    # a one-word NORP is a demonym ("Iraqi"), even where a village shares the name
    if text[:1].isupper() and not (span.label_ == "NORP" and len(span) == 1):
        place = linker.place_evidence(text)
        # an all-capitals short name is an acronym unless it is a country's ("US", "UK")
        acronym = text.replace(".", "").isupper() and len(text) <= 6
        if place is not None and (not acronym or place.why.endswith("country")):
            evidence.append(place)
        country = place is not None and place.why.endswith("country")
        if not country:
            if team_at and (span.start_char, span.end_char) in team_at:
                evidence.append(Evidence("ORG", 4.0, "a team: results or standings line"))
            elif place is not None and (why := team_context(span, *cues.teams)):
                evidence.append(Evidence("ORG", 4.0, f"a team: {why}"))
    known = linker.known_name(text)
    if known is not None:
        evidence.append(Evidence(known[1], 3.0, "alias table"))
    return NamedMention(
        start=span.start_char,
        end=span.end_char,
        text=text,
        label=label,
        evidence=tuple(evidence),
        known_as=known[0] if known else None,
    )


def _context_evidence(doc: Doc, span: Span, cues: Cues, demonym: bool) -> list[Evidence]:
    """Votes from the words around the name and its own first and last words."""
    evidence: list[Evidence] = []
    before = doc[span.start - 1] if span.start > 0 else None
    before2 = doc[span.start - 2] if span.start > 1 else None
    after = doc[span.end] if span.end < len(doc) else None
    after2 = doc[span.end + 1] if span.end + 1 < len(doc) else None
    lower_first = span[0].lower_
    if before is not None and before.lower_ == "of" and before2 is not None:
        if before2.lower_ in cues.place_heads:
            evidence.append(Evidence("GPE", 3.0, f"after '{before2.text} of'"))
    if before is not None and before.lower_ == "the" and before2 is not None:
        if before2.lower_ in cues.place_prepositions:
            evidence.append(Evidence("GPE", 0.5, f"after '{before2.text} the'"))
    elif before is not None and before.lower_ in cues.place_prepositions:
        evidence.append(Evidence("GPE", 0.3, f"after '{before.text}'"))
    if after is not None and after.lower_ in cues.place_suffixes:
        evidence.append(Evidence("GPE", 2.0, f"before '{after.text}'"))
    if span[-1].lower_ in cues.facility_heads and len(span) > 1:
        evidence.append(Evidence("FAC", 2.5, f"ends with '{span[-1].text}'"))
    if before is not None and before.lower_.rstrip(".") in cues.person_titles and not demonym:
        evidence.append(Evidence("PERSON", 1.5, f"after title '{before.text}'"))
    if after is not None and after.text == "," and after2 is not None and after2.like_num:
        if after2.text.isdigit() and 10 <= int(after2.text) <= 110:
            evidence.append(Evidence("PERSON", 2.0, "followed by an age"))
    if lower_first in cues.person_particles and len(span) > 1:
        if lower_first not in SHARED_PARTICLES:
            evidence.append(Evidence("PERSON", 2.0, f"name particle '{span[0].text}'"))
    if span.label_ == "NORP" and len(span) >= 3:
        evidence.append(Evidence("PERSON", 0.8, "a long name tagged NORP"))
    return evidence


__all__ = ["describe", "named_mentions"]
