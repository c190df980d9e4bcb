"""Sub-event types as ACLED's codebook assigns them, from what the sentence tells.

A trigger word gives a first guess ("attack": an attack; "protest": a peaceful protest); the
codebook then codes by the means and the sides. An attack told with chlorine or sarin is a
chemical weapon event; one from warplanes an air strike, from mortars or rockets shelling,
from a roadside bomb an IED; a protest whose participants throw stones or clash with police
is a violent demonstration (a riot); one met with live fire or killings, excessive force
against protesters; one dispersed with tear gas or arrests, a protest with intervention; a
crowd beating someone, mob violence. A territory change is the government's when state forces
take it or non-state armed groups lose it. Arrests of smugglers or traffickers are organised
crime (outside ACLED). The cue sets and the ordered rules are in ``data/event_coding.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span

from ...datafiles import Source, read_json
from ...errors import Errors, ExtractError
from .arguments import agents, objects
from .context import DocContext, np_tokens
from .mentions import EventMention

DATA_FILE: Source = "event_coding.json"
"""The packaged data file read unless another path is given."""
_TERRITORY = ("Non-state actor overtakes territory", "Government regains territory")


@dataclass(frozen=True)
class CodingRule:
    """Recode a mention of one of ``applies_to`` as ``kind`` when ``cues`` are told near it."""

    name: str
    kind: tuple[str, str]
    applies_to: frozenset[str]  # "Type" or "Type/Subtype"
    cues: str
    requires: str | None = None  # a second cue set that must be told too
    window: int = 0  # sentences either side of the mention's
    exempt: frozenset[str] = frozenset()  # trigger lemmas that name their own means
    single_word_only: bool = False  # leave multiword triggers ("car bomb") as they are


@dataclass(frozen=True)
class Coding:
    """The cue sets and rules of ``event_coding.json``."""

    cues: dict[str, tuple[str, ...]]
    exclusions: dict[str, frozenset[str]]
    rules: tuple[CodingRule, ...]
    state_words: frozenset[str]
    non_state_words: frozenset[str]


@lru_cache(maxsize=2)
def load_coding(path: Path | None = None) -> Coding:
    """Read the coding rules (default: the packaged ``event_coding.json``).

    Raises:
        ExtractError: E204 when the file is missing or malformed.
    """
    where = path or DATA_FILE
    try:
        data = read_json(where, ExtractError)
        rules = tuple(
            CodingRule(
                name=r["name"],
                kind=(r["kind"][0], r["kind"][1]),
                applies_to=frozenset(r["applies_to"]),
                cues=r["cues"],
                requires=r.get("requires"),
                window=int(r.get("window", 0)),
                exempt=frozenset(r.get("exempt", ())),
                single_word_only=bool(r.get("single_word_only", False)),
            )
            for r in data["rules"]
        )
        cues = {k: tuple(str(p).lower() for p in v) for k, v in data["cue_sets"].items()}
        for r in rules:
            for name in (r.cues, r.requires):
                if name is not None and name not in cues:
                    raise KeyError(f"rule {r.name!r}: no cue set {name!r}")
        return Coding(
            cues=cues,
            exclusions={k: frozenset(v) for k, v in data.get("exclusions", {}).items()},
            rules=rules,
            state_words=frozenset(cues.get("state_forces", ())),
            non_state_words=frozenset(cues.get("non_state_armed", ())),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ExtractError(Errors.E204.format(path=where, reason=err)) from err


class _Cues:
    """Which cue sets each sentence of a document tells (cached per sentence)."""

    def __init__(self, ctx: DocContext, coding: Coding) -> None:
        self.ctx = ctx
        self.coding = coding
        self._seen: dict[int, frozenset[str]] = {}

    def told(self, s: int) -> frozenset[str]:
        if s not in self._seen:
            self._seen[s] = self._sets(self.ctx.sents[s])
        return self._seen[s]

    def near(self, s: int, window: int) -> frozenset[str]:
        lo, hi = max(0, s - window), min(len(self.ctx.sents) - 1, s + window)
        out: set[str] = set()
        for k in range(lo, hi + 1):
            out |= self.told(k)
        return frozenset(out)

    def _sets(self, sent: Span) -> frozenset[str]:
        lemmas, words = [], []
        for t in sent:
            if t.is_punct and t.text in "-–":
                continue
            lemma = t.lemma_.lower() if t.ent_type_ not in ("DATE", "TIME") else "_"
            # "riot police", "police violence": the word does not tell what it names
            blocked = self.coding.exclusions.get(lemma, frozenset())
            if blocked and (
                t.head.lemma_.lower() in blocked
                or any(c.lemma_.lower() in blocked for c in t.children)
            ):
                lemma = "_"
            lemmas.append(lemma)
            words.append(t.lower_ if lemma != "_" else "_")
        texts = (f" {' '.join(lemmas)} ", f" {' '.join(words)} ")
        return frozenset(
            name
            for name, phrases in self.coding.cues.items()
            if any(f" {p} " in text for p in phrases for text in texts)
        )


def code_mentions(ctx: DocContext, mentions: list[EventMention], coding: Coding) -> None:
    """Recode each mention's (type, sub-type) by the codebook's rules, in place."""
    cues = _Cues(ctx, coding)
    for m in mentions:
        if m.anaphor:
            continue
        for rule in coding.rules:
            if not _applies(rule, m):
                continue
            if rule.cues not in cues.near(m.sent, rule.window):
                continue
            if rule.requires is not None and rule.requires not in cues.near(m.sent, rule.window):
                continue
            m.type, m.subtype = rule.kind
            m.detail = None
            break
        if m.subtype in _TERRITORY:
            _code_territory(ctx, m, coding)


def _applies(rule: CodingRule, m: EventMention) -> bool:
    if m.type not in rule.applies_to and f"{m.type}/{m.subtype}" not in rule.applies_to:
        return False
    if (m.type, m.subtype) == rule.kind:
        return False
    if m.head.lemma_.lower() in rule.exempt:
        return False
    return not (rule.single_word_only and m.rule is not None and len(m.rule.pattern) > 1)


def _code_territory(ctx: DocContext, m: EventMention, coding: Coding) -> None:
    """State forces taking ground, or non-state armed groups losing it: the government's."""

    def words(toks: list) -> set[str]:  # type: ignore[type-arg]
        return {w.lemma_.lower() for t in toks for w in np_tokens(t)} | {
            w.lower_ for t in toks for w in np_tokens(t)
        }

    takers = words(agents(m.head))
    losers = words(
        objects([m.head])
        + [
            p
            for c in m.head.children
            if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in ("from", "out", "back")
            for pc in [c, *c.children]
            for p in pc.children
            if p.dep_ == "pobj"
        ]
    )
    state = bool(takers & coding.state_words) or any(
        (ent := ctx.entity(t)) is not None and ent.label == "GPE" for t in agents(m.head)
    )
    if takers & coding.non_state_words:
        m.subtype = "Non-state actor overtakes territory"
    elif state or losers & coding.non_state_words:
        m.subtype = "Government regains territory"


__all__ = ["Coding", "CodingRule", "code_mentions", "load_coding"]
