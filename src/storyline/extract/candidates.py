"""Where the names of a document are: the model's spans cut and cleaned, and the names it
missed, found by pattern ("village of X"), the alias table, the gazetteer, a results line's
layout, and the document's own full names and repeats; overlaps go to the finders, not the
model.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..records import EntityLinker
from .boundaries import NAME_PARTICLES, clean_span, extend_name, split_name
from .entity_cues import Cues
from .extensions import doc_text, token_table
from .persons import missed_persons, person_keys, scorecard_names
from .repeats import missed_repeats
from .teams import team_lines

NAME_LABELS = frozenset(
    {
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
)
MAX_KNOWN_TOKENS = 7


@dataclass(frozen=True)
class NameCandidates:
    """A document's name spans, without overlaps, and what their layout and the document say.

    Attributes:
        spans: the chosen spans, in no particular order.
        teams: character ranges of names a results or standings line shows as teams.
        players: character ranges of names a scorecard line shows as players.
        persons: the full names and surnames of the persons the document names in full.
    """

    spans: tuple[Span, ...]
    teams: frozenset[tuple[int, int]]
    players: frozenset[tuple[int, int]]
    persons: frozenset[str]


class CandidateFinder:
    """Finds a document's name spans (:class:`NameCandidates`).

    Args:
        cues: the entity cue lists.
        linker: answers place and alias-table questions.
        stop_words: the language's stop words.
    """

    def __init__(self, cues: Cues, linker: EntityLinker, stop_words: set[str]) -> None:
        self.cues = cues
        self.linker = linker
        self.particles = NAME_PARTICLES | cues.person_particles | cues.article_particles
        self.stop_words = stop_words
        self.not_names = stop_words | cues.person_titles

    def find(self, doc: Doc) -> NameCandidates:
        """Cleaned model spans, pattern places and alias-table names, without overlaps."""
        spans: list[Span] = []
        text = doc_text(doc)
        for ent in doc.ents:
            if ent.label_ in NAME_LABELS:
                cleaned = clean_span(ent, text)
                if cleaned is None:
                    continue
                for piece in split_name(cleaned, self.particles):
                    whole = clean_span(extend_name(piece), text)
                    if whole is not None:
                        spans.append(whole)
        teams = self.team_names(doc, text)
        players = layout_spans(doc, scorecard_names(text), "PERSON")
        found = self.pattern_places(doc) + self.known_names(doc) + teams + players
        # pattern and alias-table spans win over the model's overlapping ones
        chosen = filter_spans(found + spans)
        chosen = filter_spans(chosen + self.gazetteer_places(doc, chosen))
        persons = person_keys(chosen, self._is_big_place, self.not_names, self._is_city)
        chosen = filter_spans(chosen + missed_persons(doc, chosen, persons, self.stop_words))
        chosen = filter_spans(chosen + missed_repeats(doc, chosen, self.stop_words))
        return NameCandidates(
            spans=tuple(chosen),
            teams=frozenset((t.start_char, t.end_char) for t in teams),
            players=frozenset((p.start_char, p.end_char) for p in players),
            persons=frozenset(persons),
        )

    def _is_big_place(self, name: str) -> bool:
        """A country, a province or a natural feature (not a town: towns are surnames too)."""
        place = self.linker.place_evidence(name)
        return place is not None and place.weight >= 2.0

    def _is_city(self, name: str) -> bool:
        place = self.linker.place_evidence(name)
        return place is not None and place.weight >= 1.0

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

    def pattern_places(self, doc: Doc) -> list[Span]:
        """Names after "village of", "town of" ... including lowercase and rare spellings."""
        articles = self.cues.article_particles
        table = token_table(doc)
        lowers = table.lower
        found = []
        for i in range(len(doc) - 2):
            if lowers[i] not in self.cues.place_heads or lowers[i + 1] != "of":
                continue
            start = i + 2
            end = start
            while end < len(doc) and end - start < 4:
                cur = doc[end]
                prev_particle = end > start and lowers[end - 1] in articles
                if cur.is_title or cur.is_upper or (prev_particle and cur.is_alpha):
                    end += 1
                elif lowers[end] in articles and end == start:
                    end += 1
                else:
                    break
            if end > start and lowers[end - 1] not in articles:
                found.append(Span(doc, start, end, label="GPE"))
        return found

    def gazetteer_places(self, doc: Doc, taken: list[Span]) -> list[Span]:
        """Capitalised names the model missed that the gazetteer knows as significant places."""
        covered = {i for span in taken for i in range(span.start, span.end)}
        covered |= {i for ent in doc.ents for i in range(ent.start, ent.end)}
        found = []
        table = token_table(doc)
        name_like = [
            title and pos == "PROPN" and not stop and len(word) >= 4
            for title, pos, stop, word in zip(
                table.is_title, table.pos, table.is_stop, table.text, strict=True
            )
        ]
        i = 0
        while i < len(doc):
            if i in covered or not name_like[i] or doc[i].is_sent_start:
                i += 1
                continue
            j = i + 1
            while j < len(doc) and j - i < 3 and name_like[j] and j not in covered:
                j += 1
            span = doc[i:j]
            evidence = self.linker.place_evidence(span.text)
            before = table.lower[i - 1] if i > 0 else ""
            # a country, province or natural feature; a city only after "in", "near", ...
            if evidence is not None and (
                evidence.weight >= 2.0
                or (evidence.weight >= 0.6 and before in self.cues.place_prepositions)
            ):
                found.append(Span(doc, i, j, label=evidence.label))
            i = j
        return found

    def known_names(self, doc: Doc) -> list[Span]:
        """Well-known names from the alias table, found even in scare quotes."""
        found = []
        n = len(doc)
        text = doc_text(doc)
        # token words and offsets from the arrays: no Token object is made per token
        table = token_table(doc)
        words, starts = table.text, table.idx
        for i, word in enumerate(words):
            if not word[:1].isupper():
                continue
            longest = self.linker.known_name_length(word)
            if not longest:
                continue
            # a folded alias word can span several tokens ("Kata'ib" is one, "al-Qaeda" three)
            for j in range(min(n, i + min(longest * 3, MAX_KNOWN_TOKENS)), i, -1):
                last = words[j - 1]
                if not last[:1].isalnum():
                    continue
                hit = self.linker.known_name(text[starts[i] : starts[j - 1] + len(last)])
                if hit is not None:
                    cleaned = clean_span(Span(doc, i, j, label=hit[1]), text)
                    if cleaned is not None:
                        found.append(cleaned)
                    break
        return found


def layout_spans(doc: Doc, ranges: list[tuple[int, int]], label: str) -> list[Span]:
    """Spans over character ranges that a line's layout shows as names of ``label``."""
    out = []
    for start, end in ranges:
        span = doc.char_span(start, end, label=label, alignment_mode="contract")
        if span is not None and len(span):
            out.append(span)
    return out


__all__ = ["NAME_LABELS", "CandidateFinder", "NameCandidates", "layout_spans"]
