"""Sports teams named after their town: results lines, standings tables, "beat", "drew with".

Wire news names clubs by their city or county ("Leeds 2 Chelsea 1", "Kent beat Essex"), and the
model, which knows those words as places, calls them places. The layout of a results line says
what they are, whatever the words:

- a score line: ``NAME N [,] NAME N`` ("Leeds 2 Chelsea 1", "Surrey 429 , Kent 108");
- a standings row: ``NAME`` then only numbers ("Derby 5 3 1 1 8 4 10", "Boston 69 65 .515 5");
- a fixture line: ``NAME at NAME`` or ``NAME v NAME`` alone on its line;
- a match verb between two names: "X beat Y", "X drew with Y", "X v Y".

A country's name stays a place: by the CoNLL-2003 annotation guidelines (and most news
annotation since) a national side is tagged with the country's location label.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span

from ..records import Evidence, NamedMention

_WORD = r"[A-Z][\w.'&/-]*"
_NAME = rf"{_WORD}(?: (?:{_WORD}|de|del|van|der|of|di|da|le|la))*"
SCORE_LINE = re.compile(rf"^({_NAME}) (\d{{1,3}}) (?:, )?({_NAME}) (\d{{1,3}})(?=\s|$)")
STANDINGS_ROW = re.compile(rf"^({_NAME})((?: (?:\d+|\.\d+|-|\d+/\d+))+)\s*$")
FIXTURE_LINE = re.compile(rf"^({_NAME}) (?:at|AT|v|V|vs\.?|VS\.?) ({_NAME})\s*$")
#: a side's total in a cricket results line: "Wessex 114 (...) and 81-3", "Loamshire 429-7"
INNINGS_ITEM = re.compile(
    rf"(?:^|: |, )({_NAME}) (\d{{1,3}})((?:-\d{{1,2}})|(?: +and \d{{1,3}}(?:-\d{{1,2}})?))?"
    r"(?= ,| \.|\s*$| +\(| +and )"
)
_BRACKETS = re.compile(r"\([^()]*\)")
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
#: words between two teams: "X beat Y", "X drew with Y", "X lost to Y"
MATCH_VERBS_AFTER = frozenset({"beat", "beats", "defeated", "edged", "thrashed", "drew", "v", "vs"})
MATCH_VERBS_BEFORE = frozenset({"beat", "beats", "defeated", "edged", "thrashed", "v", "vs"})
MATCH_PAIRS_BEFORE = frozenset({("drew", "with"), ("lost", "to"), ("draw", "with")})


def team_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of the team names that results, standings and fixture lines show."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        out.extend((pos + s, pos + e) for s, e in innings_teams(line))
        stripped = line.rstrip()
        for pattern, groups, min_ints in (
            (SCORE_LINE, (1, 3), 0),
            (STANDINGS_ROW, (1,), 2),
            (FIXTURE_LINE, (1, 2), 0),
        ):
            m = pattern.match(stripped)
            if m is None:
                continue
            if min_ints and len(re.findall(r"(?<![./\d])\d+(?![./\d])", m.group(2))) < min_ints:
                continue
            names = [(pos + m.start(g), pos + m.end(g)) for g in groups]
            if all(text[s:e].lower() not in MONTHS for s, e in names):
                out.extend(names)
            break
        pos += len(line) + 1
    return out


def innings_teams(line: str) -> list[tuple[int, int]]:
    """Ranges of the sides in a cricket results line: "Eastby : Wessex 363 ( A. Brill 111 ) ,
    Loamshire 197-8" (two sides or more, one with a wicket count or a second innings; the
    players in brackets are masked first, so that only the sides' totals are read)."""
    masked = _BRACKETS.sub(lambda m: " " * len(m.group(0)), line)
    found = list(INNINGS_ITEM.finditer(masked))
    if len(found) < 2 or not any(m.group(3) for m in found):
        return []
    return [(m.start(1), m.end(1)) for m in found]


def team_context(
    span: Span, roles_after: frozenset[str], words_before: frozenset[str]
) -> str | None:
    """Why the words around ``span`` make it a team, or None: a match verb, a team role after
    it ("Loamshire captain", "Holby team mate"), or "club", "side", "team" before it."""
    if in_match_context(span):
        return "'beat', 'drew with', 'v'"
    doc: Doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ in roles_after:
        return f"'{after.text}' after it"
    if after is not None and after.lower_ == "team" and span.end + 1 < len(doc):
        if doc[span.end + 1].lower_ in ("mate", "mates"):
            return "'team mate' after it"
    before = doc[span.start - 1] if span.start > 0 else None
    if before is not None and before.lower_ in words_before:
        return f"'{before.text}' before it"
    return None


def spread_team_evidence(mentions: list[NamedMention]) -> list[NamedMention]:
    """A name the document shows as a team is the team in its other mentions too (a place
    name's gazetteer evidence repeats on every mention and would outvote it)."""
    teams = {m.text.lower() for m in mentions if _is_team(m)}
    if not teams:
        return mentions
    out = []
    for m in mentions:
        if m.text.lower() in teams and not _is_team(m):
            if not any(e.why.endswith("country") for e in m.evidence):
                extra = Evidence("ORG", 4.0, "a team elsewhere in the document")
                m = replace(m, evidence=(*m.evidence, extra))
        out.append(m)
    return out


def _is_team(mention: NamedMention) -> bool:
    return any(e.why.startswith("a team") for e in mention.evidence)


def in_match_context(span: Span) -> bool:
    """Whether a match verb joins ``span`` to another name ("X beat Y", "Y drew with X")."""
    doc: Doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    before2 = doc[span.start - 2] if span.start > 1 else None
    if after is not None and after.lower_.rstrip(".") in MATCH_VERBS_AFTER:
        nxt = doc[span.end + 1] if span.end + 1 < len(doc) else None
        if after.lower_ == "drew":
            nxt = doc[span.end + 2] if span.end + 2 < len(doc) else None
        return nxt is not None and nxt.text[:1].isupper()
    if before is not None and before.lower_.rstrip(".") in MATCH_VERBS_BEFORE:
        return before2 is not None and before2.text[:1].isupper()
    if before is not None and before2 is not None:
        return (before2.lower_, before.lower_) in MATCH_PAIRS_BEFORE
    return False


__all__ = ["in_match_context", "spread_team_evidence", "team_context", "team_lines"]
