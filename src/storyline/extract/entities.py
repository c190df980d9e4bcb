"""storyline_entities: clean the model's name spans, find the ones it missed, gather label evidence,
and hand them to the document linker, which merges aliases into entities.

What the small English model gets wrong on news, and what this component does about it:

- towns tagged ORG or PERSON, one person tagged ORG and PERSON in turns: each mention collects
  label evidence (gazetteer, "village of", titles, ages, name particles, the alias table), and
  the linker lets all mentions of an entity agree on one label by weight of evidence;
- quote marks, "the" and possessives inside spans, trailing words ("X Hiding"): cleaned here;
- places it misses (lowercase or rare spellings after "village of"), well-known organisations
  written in scare quotes: added from patterns and the alias table;
- names glued to table numbers, dashes, brackets or the next line ("Somerset 83"): cut, and
  hyphenated or "Jr." names grown whole (``boundaries.py``);
- clubs named after their town in results lines and after "beat": teams (``teams.py``), and
  the evidence spreads to the name's other mentions (one document, one label).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..records import Entity, EntityLinker, Evidence, NamedMention
from .boundaries import NAME_PARTICLES, extend_name, split_name
from .extensions import get_list
from .persons import INITIAL, missed_persons, person_keys, scorecard_names
from .repeats import missed_repeats
from .teams import spread_team_evidence, team_context, team_lines

NAME_LABELS = {
    "PERSON",
    "ORG",
    "GPE",
    "LOC",
    "FAC",
    "NORP",
    "EVENT",
    "PRODUCT",
    "WORK_OF_ART",
    "LAW",
}
QUOTE_CHARS = "\"'“”„‟«»‹›‘’`´"
EDGE_CHARS = QUOTE_CHARS + " .,;:()[]{}-–—"
MAX_KNOWN_TOKENS = 7


@dataclass(frozen=True)
class Cues:
    """Word lists from ``data/entity_cues.json``."""

    place_heads: frozenset[str]
    place_suffixes: frozenset[str]
    place_prepositions: frozenset[str]
    facility_heads: frozenset[str]
    person_titles: frozenset[str]
    person_particles: frozenset[str]
    article_particles: frozenset[str]
    team_roles_after: frozenset[str]
    team_words_before: frozenset[str]

    @property
    def teams(self) -> tuple[frozenset[str], frozenset[str]]:
        """The words after and before a name that make it a team."""
        return self.team_roles_after, self.team_words_before


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The entity cue lists (read once)."""
    raw: dict[str, Any] = json.loads(
        resources.files("storyline.data").joinpath("entity_cues.json").read_text("utf-8")
    )
    return Cues(**{k: frozenset(raw[k]) for k in Cues.__dataclass_fields__})


class ExactTextLinker:
    """Fallback linker: one entity per distinct mention text, no places. Used without a resolver."""

    def place_evidence(self, name: str) -> Evidence | None:
        return None

    def known_name(self, name: str) -> tuple[str, str] | None:
        return None

    def known_name_length(self, word: str) -> int:
        return 0

    def link(self, mentions: Any, text: str) -> list[Entity]:
        from ..records import Mention

        groups: dict[str, list[NamedMention]] = {}
        for m in mentions:
            groups.setdefault(m.text, []).append(m)
        return [
            Entity(f"e{i}", name, ms[0].label, tuple(Mention(m.start, m.end, m.text) for m in ms))
            for i, (name, ms) in enumerate(groups.items(), 1)
        ]


class EntityRecognizer:
    """Finds and cleans name mentions, then links them into document entities.

    Args:
        nlp: the pipeline (its vocab).
        name: the component name.
        linker: groups mentions into entities; ``storyline.document_linker.v1`` by default.
    """

    def __init__(self, nlp: Language, name: str, linker: EntityLinker | None = None) -> None:
        self.name = name
        self.linker: EntityLinker = linker or ExactTextLinker()
        self.cues = load_cues()
        self.particles = NAME_PARTICLES | self.cues.person_particles | self.cues.article_particles
        self.stop_words: set[str] = set(nlp.Defaults.stop_words)
        self.not_names = self.stop_words | self.cues.person_titles

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            mentions = self.find_mentions(doc)
            entities = self.linker.link(mentions, doc.text)
            self.set_annotations(doc, mentions, entities)
        except Exception as err:  # noqa: BLE001 - spaCy's error-handler protocol
            error_handler(self.name, self, [doc], err)
        return doc

    def get_error_handler(self) -> Any:
        from spacy.util import raise_error

        return getattr(self, "_error_handler", raise_error)

    def set_error_handler(self, handler: Any) -> None:
        self._error_handler = handler

    # -- finding mentions -------------------------------------------------------------------

    def find_mentions(self, doc: Doc) -> list[NamedMention]:
        """Cleaned model spans, pattern places and alias-table names, without overlaps."""
        spans: list[Span] = []
        text = doc.text  # Doc.text joins every token: compute it once
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS:
                cleaned = self.clean_span(ent, text)
                if cleaned is None:
                    continue
                for piece in split_name(cleaned, self.particles):
                    whole = self.clean_span(extend_name(piece), text)
                    if whole is not None:
                        spans.append(whole)
        teams = self.team_names(doc, text)
        players = self.layout_spans(doc, scorecard_names(text), "PERSON")
        found = self.pattern_places(doc) + self.known_names(doc) + teams + players
        # pattern and alias-table spans win over the model's overlapping ones
        chosen = filter_spans(found + spans)
        chosen = filter_spans(chosen + self.gazetteer_places(doc, chosen))
        persons = person_keys(chosen, self._is_big_place, self.not_names, self._is_city)
        chosen = filter_spans(chosen + missed_persons(doc, chosen, persons, self.stop_words))
        chosen = filter_spans(chosen + missed_repeats(doc, chosen, self.stop_words))
        texts = {s.text for s in chosen}
        team_at = {(t.start_char, t.end_char) for t in teams}
        player_at = {(p.start_char, p.end_char) for p in players}
        mentions = []
        for span in sorted(chosen, key=lambda s: s.start):
            span = self.trim_trailing(span, texts)
            if INITIAL.match(span.text):
                continue  # "R." alone, cut off its name by a line break
            named = self.describe(doc, span, team_at, persons)
            if (named.start, named.end) in player_at:
                extra = Evidence("PERSON", 3.0, "a player: scorecard line")
                named = replace(named, label="PERSON", evidence=(*named.evidence, extra))
            mentions.append(named)
        return spread_team_evidence(mentions)

    def _is_big_place(self, name: str) -> bool:
        """A country, a province or a natural feature (not a town: towns are surnames too)."""
        place = self.linker.place_evidence(name)
        return place is not None and place.weight >= 2.0

    def _is_city(self, name: str) -> bool:
        place = self.linker.place_evidence(name)
        return place is not None and place.weight >= 1.0

    @staticmethod
    def layout_spans(doc: Doc, ranges: list[tuple[int, int]], label: str) -> list[Span]:
        """Spans over character ranges that a line's layout shows as names of ``label``."""
        out = []
        for start, end in ranges:
            span = doc.char_span(start, end, label=label, alignment_mode="contract")
            if span is not None and len(span):
                out.append(span)
        return out

    def team_names(self, doc: Doc, text: str) -> list[Span]:
        """Names in results, standings and fixture lines: teams, or a country's side."""
        found = []
        for start, end in team_lines(text):
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is None or not len(span):
                continue
            place = self.linker.place_evidence(span.text)
            country = place is not None and place.why.endswith("country")
            found.append(Span(doc, span.start, span.end, label="GPE" if country else "ORG"))
        return found

    def clean_span(self, span: Span, text: str) -> Span | None:
        """Strip quote marks, a leading "the", possessives and edge punctuation."""
        doc = span.doc
        start, end = span.start_char, span.end_char
        changed = True
        while changed and start < end:
            changed = False
            while start < end and text[start] in EDGE_CHARS:
                start, changed = start + 1, True
            while start < end and text[end - 1] in EDGE_CHARS:
                end, changed = end - 1, True
            for word in ("the ", "The "):
                if text.startswith(word, start) and end - start > len(word):
                    start, changed = start + len(word), True
            for poss in ("’s", "'s"):
                if text.endswith(poss, start, end):
                    end, changed = end - len(poss), True
        if end - start < 2:
            return None
        cleaned = doc.char_span(start, end, label=span.label_, alignment_mode="contract")
        cut = cleaned is None or cleaned.end_char < end
        if cut and end < span.end_char and text[end] == ".":
            # the period belongs to an abbreviation token ("Inc.", "U.S."): keep it
            cleaned = doc.char_span(start, end + 1, label=span.label_)
        if cleaned is None or not cleaned.text.strip():
            return None
        if not any(c.isupper() for c in cleaned.text):
            return None
        return cleaned

    def trim_trailing(self, span: Span, texts: set[str]) -> Span:
        """Drop a trailing "-ing" word the model glued on when the rest is named elsewhere."""
        if len(span) > 1 and span[-1].text.lower().endswith("ing"):
            rest = span.doc[span.start : span.end - 1]
            if INITIAL.match(rest.text):
                return span  # "D. Fleming"
            if rest.text in texts or any(t.startswith(rest.text) for t in texts if t != span.text):
                return Span(span.doc, span.start, span.end - 1, label=span.label_)
        return span

    def pattern_places(self, doc: Doc) -> list[Span]:
        """Names after "village of", "town of" ... including lowercase and rare spellings."""
        found = []
        for tok in doc[:-2]:
            if tok.lower_ not in self.cues.place_heads or doc[tok.i + 1].lower_ != "of":
                continue
            start = tok.i + 2
            end = start
            while end < len(doc) and end - start < 4:
                cur = doc[end]
                prev_particle = end > start and doc[end - 1].lower_ in self.cues.article_particles
                if cur.is_title or cur.is_upper or (prev_particle and cur.is_alpha):
                    end += 1
                elif cur.lower_ in self.cues.article_particles and end == start:
                    end += 1
                else:
                    break
            if end > start and doc[end - 1].lower_ not in self.cues.article_particles:
                found.append(Span(doc, start, end, label="GPE"))
        return found

    def gazetteer_places(self, doc: Doc, taken: list[Span]) -> list[Span]:
        """Capitalised names the model missed that the gazetteer knows as significant places."""
        covered = {i for span in taken for i in range(span.start, span.end)}
        covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
        found = []
        i = 0
        while i < len(doc):
            tok = doc[i]
            if i in covered or not self._name_like(tok) or tok.is_sent_start:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j - i < 3 and self._name_like(doc[j]) and j not in covered:
                j += 1
            span = doc[i:j]
            evidence = self.linker.place_evidence(span.text)
            before = doc[i - 1].lower_ if i > 0 else ""
            # a country, province or natural feature; a city only after "in", "near", ...
            if evidence is not None and (
                evidence.weight >= 2.0
                or (evidence.weight >= 0.6 and before in self.cues.place_prepositions)
            ):
                found.append(Span(doc, i, j, label=evidence.label))
            i = j
        return found

    @staticmethod
    def _name_like(tok: Any) -> bool:
        return bool(tok.is_title and tok.pos_ == "PROPN" and not tok.is_stop and len(tok) >= 4)

    def known_names(self, doc: Doc) -> list[Span]:
        """Well-known names from the alias table, found even in scare quotes."""
        found = []
        n = len(doc)
        for i, tok in enumerate(doc):
            if not tok.text[:1].isupper():
                continue
            longest = self.linker.known_name_length(tok.text)
            if not longest:
                continue
            # a folded alias word can span several tokens ("Kata'ib" is one, "al-Qaeda" three)
            for j in range(min(n, i + min(longest * 3, MAX_KNOWN_TOKENS)), i, -1):
                span = doc[i:j]
                if not span[-1].text[:1].isalnum():
                    continue
                hit = self.linker.known_name(span.text)
                if hit is not None:
                    cleaned = self.clean_span(Span(doc, i, j, label=hit[1]), doc.text)
                    if cleaned is not None:
                        found.append(cleaned)
                    break
        return found

    # -- evidence ---------------------------------------------------------------------------

    def describe(
        self,
        doc: Doc,
        span: Span,
        team_at: set[tuple[int, int]] | None = None,
        persons: set[str] | None = None,
    ) -> NamedMention:
        """The mention with the label evidence around it (``team_at``: team names by layout,
        ``persons``: the full names and surnames of the persons the document names in full)."""
        evidence: list[Evidence] = []
        label = span.label_
        demonym = span.label_ == "NORP"  # a nationality, never a person's name or title
        if persons and span.text.lower() in persons and not demonym:
            label = "PERSON"
            evidence.append(Evidence("PERSON", 2.0, "a person the document names in full"))
        cues = self.cues
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
        if (
            lower_first in cues.person_particles
            and len(span) > 1
            and lower_first not in {"de", "da", "di", "del", "della", "le", "la"}
        ):
            evidence.append(Evidence("PERSON", 2.0, f"name particle '{span[0].text}'"))
        if span.label_ == "NORP" and len(span) >= 3:
            evidence.append(Evidence("PERSON", 0.8, "a long name tagged NORP"))
        # a one-word NORP is a demonym ("Iraqi"), even where a village shares the name
        if span.text[:1].isupper() and not (span.label_ == "NORP" and len(span) == 1):
            place = self.linker.place_evidence(span.text)
            # an all-capitals short name is an acronym unless it is a country's ("US", "UK")
            acronym = span.text.replace(".", "").isupper() and len(span.text) <= 6
            if place is not None and (not acronym or place.why.endswith("country")):
                evidence.append(place)
            country = place is not None and place.why.endswith("country")
            if not country:
                if team_at and (span.start_char, span.end_char) in team_at:
                    evidence.append(Evidence("ORG", 4.0, "a team: results or standings line"))
                elif place is not None and (why := team_context(span, *cues.teams)):
                    evidence.append(Evidence("ORG", 4.0, f"a team: {why}"))
        known = self.linker.known_name(span.text)
        if known is not None:
            evidence.append(Evidence(known[1], 3.0, "alias table"))
        return NamedMention(
            start=span.start_char,
            end=span.end_char,
            text=span.text,
            label=label,
            evidence=tuple(evidence),
            known_as=known[0] if known else None,
        )

    # -- annotations ------------------------------------------------------------------------

    def set_annotations(
        self, doc: Doc, mentions: list[NamedMention], entities: list[Entity]
    ) -> None:
        """Store the entities and make ``doc.ents`` carry the corrected spans and labels."""
        label_at: dict[tuple[int, int], str] = {}
        spans_ext = get_list(doc, "sl_entity_spans")
        for ent in entities:
            for m in ent.mentions:
                label_at[(m.start, m.end)] = ent.label
                spans_ext.append((m.start, m.end, ent.id))
        get_list(doc, "sl_entities").extend(entities)
        new_ents = [e for e in doc.ents if e.label_ not in NAME_LABELS]
        for named in mentions:
            label = label_at.get((named.start, named.end), named.label)
            span = doc.char_span(named.start, named.end, label=label)
            if span is not None:
                new_ents.append(span)
        doc.ents = filter_spans(new_ents)


@Language.factory(
    "storyline_entities",
    default_config={"linker": {"@misc": "storyline.document_linker.v1"}},
    requires=["doc.ents", "token.is_title"],
    assigns=["doc.ents", "doc._.sl_entities", "doc._.sl_entity_spans"],
)
def make_entities(nlp: Language, name: str, linker: EntityLinker | None) -> EntityRecognizer:
    """The ``storyline_entities`` component (linker from the spaCy registry)."""
    return EntityRecognizer(nlp, name, linker)


__all__ = ["EntityRecognizer", "ExactTextLinker", "load_cues", "make_entities"]
