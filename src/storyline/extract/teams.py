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

from spacy.tokens import Doc, Span

_WORD = r"[A-Z][\w.'&/-]*"
_NAME = rf"{_WORD}(?: (?:{_WORD}|de|del|van|der|of|di|da|le|la))*"
SCORE_LINE = re.compile(rf"^({_NAME}) (\d{{1,3}}) (?:, )?({_NAME}) (\d{{1,3}})(?=\s|$)")
STANDINGS_ROW = re.compile(rf"^({_NAME})((?: (?:\d+|\.\d+|-|\d+/\d+))+)\s*$")
FIXTURE_LINE = re.compile(rf"^({_NAME}) (?:at|AT|v|V|vs\.?|VS\.?) ({_NAME})\s*$")
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


__all__ = ["in_match_context", "team_lines"]
