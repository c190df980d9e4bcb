"""The event trigger lexicon (``data/event_triggers.json``) and ACLED-style fatality counts.

Shared by ``storyline_events`` and ``storyline_conflicts``; holds data and the pure functions
that read it, no spaCy component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ...datafiles import Source, read_json
from ...errors import Errors, ExtractError

DATA_FILE: Source = "event_triggers.json"
"""The packaged data file read unless another path is given."""

_DIGITS = re.compile(r"^\d{1,3}(?:[,\s]\d{3})+$|^\d+$")


@dataclass(frozen=True)
class TriggerRule:
    """One entry of the trigger lexicon: a lemma pattern, its ACLED type and constraints."""

    pattern: tuple[str, ...]
    head: int
    type: str
    subtype: str | None
    pos: frozenset[str] = frozenset()
    context: str | None = None
    object: str | None = None
    governors: frozenset[str] = frozenset()
    not_governors: frozenset[str] = frozenset()  # "set fire": no blaze
    not_context: str | None = None  # a context list none of whose words may be in the sentence
    prep: frozenset[str] = frozenset()
    needs_sentence: str | None = None
    target: str | None = None
    otherwise: tuple[str, str | None] | None = None
    by_actor: str | None = None
    government_subtype: str | None = None
    intransitive: bool = False
    absorbed: bool = False
    fallback: bool = False  # tried only when a document has no other event
    detail: str | None = None  # the finer kind an ACLED sub-type leaves open ("coup attempt")
    foreign: bool = False  # the sentence names a state's official ("German Chancellor X")


@dataclass(frozen=True)
class EventLexicon:
    """Everything ``event_triggers.json`` holds, as typed lookups."""

    rules: tuple[TriggerRule, ...]
    by_first: dict[str, tuple[TriggerRule, ...]]
    anaphor_lemmas: frozenset[str]
    anaphor_determiners: frozenset[str]
    contexts: dict[str, frozenset[str]]
    territory_words: frozenset[str]
    place_nouns: frozenset[str]
    government_words: frozenset[str]
    civilian_words: frozenset[str]
    reporting_verbs: frozenset[str]
    time_report_verbs: frozenset[str]
    hedges: frozenset[str]
    irrealis: frozenset[str]
    modals: frozenset[str]
    related_types: tuple[frozenset[str], ...]
    violent_types: frozenset[str]
    absorbing_types: frozenset[str]
    death_lemmas: frozenset[str]
    numbers: dict[str, int]
    vague: frozenset[str]
    reality: dict[str, Any] = field(default_factory=dict)  # the reality filter's word lists
    violent_anaphors: frozenset[str] = frozenset()  # "the attack" refers back to violence only

    def related(self, kind_a: str, kind_b: str) -> bool:
        """Whether two ``type/subtype[/detail]`` keys may tell one happening (same, or a related
        pair)."""
        if kind_a == kind_b:
            return True
        return any(kind_a in group and kind_b in group for group in self.related_types)


def _rule(entry: dict[str, Any]) -> TriggerRule:
    pattern = tuple(str(w).lower() for w in entry["pattern"])
    otherwise = entry.get("otherwise")
    return TriggerRule(
        pattern=pattern,
        head=int(entry.get("head", len(pattern) - 1)),
        type=entry["type"],
        subtype=entry.get("subtype"),
        pos=frozenset(entry.get("pos", ())),
        context=entry.get("context"),
        object=entry.get("object"),
        governors=frozenset(entry.get("governors", ())),
        not_governors=frozenset(entry.get("not_governors", ())),
        not_context=entry.get("not_context"),
        prep=frozenset(entry.get("prep", ())),
        needs_sentence=entry.get("needs_sentence"),
        target=entry.get("target"),
        otherwise=(otherwise["type"], otherwise.get("subtype")) if otherwise else None,
        by_actor=entry.get("by_actor"),
        government_subtype=entry.get("government_subtype"),
        intransitive=bool(entry.get("intransitive", False)),
        absorbed=bool(entry.get("absorbed", False)),
        fallback=bool(entry.get("fallback", False)),
        detail=entry.get("detail"),
        foreign=bool(entry.get("foreign", False)),
    )


def _words(values: Any) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values)


@lru_cache(maxsize=4)
def load_lexicon(path: Path | None = None) -> EventLexicon:
    """Read the trigger lexicon (default: the packaged ``event_triggers.json``).

    Raises:
        ExtractError: E204 when the file is missing or malformed.
    """
    where = path or DATA_FILE
    try:
        data = read_json(where, ExtractError)
        rules = tuple(_rule(e) for e in data["triggers"])
        by_first: dict[str, list[TriggerRule]] = {}
        for rule in rules:
            by_first.setdefault(rule.pattern[0], []).append(rule)
        fat = data["fatalities"]
        return EventLexicon(
            rules=rules,
            # longest patterns first, so "coup attempt" wins over "coup"
            by_first={
                k: tuple(sorted(v, key=lambda r: -len(r.pattern))) for k, v in by_first.items()
            },
            anaphor_lemmas=_words(data["anaphors"]["lemmas"]),
            anaphor_determiners=_words(data["anaphors"]["determiners"]),
            violent_anaphors=_words(data["anaphors"].get("violent_lemmas", ())),
            contexts={k: _words(v) for k, v in data["contexts"].items()},
            territory_words=_words(data["territory_words"]),
            place_nouns=_words(data["place_nouns"]),
            government_words=_words(data["government_words"]),
            civilian_words=_words(data["civilian_words"]),
            reporting_verbs=_words(data["reporting_verbs"]),
            time_report_verbs=_words(data["time_report_verbs"]),
            hedges=_words(data["hedges"]),
            irrealis=_words(data["irrealis"]),
            modals=_words(data["modals"]),
            related_types=tuple(frozenset(g) for g in data["related_types"]),
            violent_types=frozenset(data["violent_types"]),
            absorbing_types=frozenset(data.get("absorbing_types", data["violent_types"])),
            death_lemmas=_words(fat["death_lemmas"]),
            numbers={str(k).lower(): int(v) for k, v in fat["numbers"].items()},
            vague=_words(fat["vague"]),
            reality=dict(data.get("reality", {})),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ExtractError(Errors.E204.format(path=where, reason=err)) from err


def number_value(word: str, lexicon: EventLexicon) -> int | None:
    """The integer a number word or numeral stands for ("12", "1,200", "dozens"), else None."""
    w = word.lower().strip()
    if _DIGITS.match(w):
        return int(re.sub(r"[,\s]", "", w))
    return lexicon.numbers.get(w)


def normalize_fatalities(phrase: str, lexicon: EventLexicon | None = None) -> int | None:
    """ACLED-style count for a fatality phrase: the most conservative number it states.

    "at least 12 killed" -> 12, "two deaths" -> 2, "dozens" -> 12, "hundreds" -> 100,
    "10 to 15 dead" -> 10, "two dozen" -> 24; "many people were killed" -> None.
    """
    lex = lexicon or load_lexicon()
    values: list[int] = []
    words = re.findall(r"\d{1,3}(?:,\d{3})+|\d+|[A-Za-z]+", phrase)
    i = 0
    while i < len(words):
        value = number_value(words[i], lex)
        if (
            value is None
            or words[i].lower() in {"a", "an"}
            and i + 1 < len(words)
            and (number_value(words[i + 1], lex) is None)
        ):
            i += 1
            continue
        # "two dozen", "3 hundred": a count of a multiplier
        nxt = number_value(words[i + 1], lex) if i + 1 < len(words) else None
        if nxt is not None and nxt in (12, 100, 1000) and nxt > value:
            value *= nxt
            i += 1
        values.append(value)
        i += 1
    return min(values) if values else None


__all__ = [
    "DATA_FILE",
    "EventLexicon",
    "TriggerRule",
    "load_lexicon",
    "normalize_fatalities",
    "number_value",
]
