"""When an event took place: a date in the trigger's clause, its sentence, else its paragraph."""

from __future__ import annotations

from datetime import date

from ...records import TimeRef
from .context import DocContext, clause_head
from .mentions import LEVEL_CLAUSE, LEVEL_PARA, LEVEL_SENT, TIME_TYPES, EventMention


def fill_time(ctx: DocContext, m: EventMention) -> None:
    """Set ``m.time`` and ``m.time_level`` (how firmly the date is tied to the trigger)."""
    clause = clause_head(m.head)
    sent = ctx.sents[m.sent]
    cands: list[tuple[int, int, TimeRef]] = []
    for root_i, t in ctx.time_root.items():
        if not (sent.start <= root_i < sent.end) or not _usable_time(ctx, t, root_i):
            continue
        tok = ctx.doc[root_i]
        attached = clause_head(tok).i == clause.i or m.head in tok.ancestors
        level = LEVEL_CLAUSE if attached else LEVEL_SENT
        cands.append((level, abs(root_i - m.head.i), t))
    if not cands:
        # else the paragraph's: earlier sentences of it first, nearest first
        for root_i, t in ctx.time_root.items():
            if ctx.para_of(root_i) == m.para and _usable_time(ctx, t, root_i):
                before = root_i < m.start
                cands.append((LEVEL_PARA, (0 if before else 10_000) + abs(root_i - m.start), t))
    if cands:
        level, _, t = min(cands, key=lambda c: (c[0], c[1]))
        m.time, m.time_level = t, level


def _usable_time(ctx: DocContext, t: TimeRef, root_i: int) -> bool:
    """A date that can place an event: not a duration without bounds, not a report's date."""
    if t.type not in TIME_TYPES and not (t.earliest and t.latest):
        return False
    head = clause_head(ctx.doc[root_i])
    return head.lemma_.lower() not in ctx.lex.time_report_verbs


def planned(m: EventMention, published: date | None, days: int) -> bool:
    """Whether the mention's own date (in its clause or sentence) lies ahead of the report:
    the future as such ("in the future") or more than ``days`` after it ("protests next
    month", "the April 9 rally" in a March report): planned, not happened. A few days
    ahead are left alone: a weekday read forward from the report is more often a slip."""
    t = m.time
    if t is None or m.time_level > LEVEL_SENT:
        return False
    if t.value == "FUTURE_REF":
        return True
    if published is None or not t.earliest:
        return False
    try:
        earliest = date.fromisoformat(t.earliest[:10])
    except ValueError:
        return False
    return (earliest - published).days > days


__all__ = ["fill_time", "planned"]
