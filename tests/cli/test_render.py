"""The text summary: readable at 80 columns, piped, with conflicts told in words."""

from __future__ import annotations

import io

from rich.console import Console

from storyline.cli.render import render_document
from storyline.records import (
    AnalyzedDocument,
    Article,
    Conflict,
    Event,
    Mention,
    Quote,
    Speaker,
    TimeRef,
)

TEXT = (
    "Soldiers opened fire on demonstrators in Port Elan on Monday, a medic said. "
    "A spokesman said the shooting happened on Tuesday."
)


def _doc() -> AnalyzedDocument:
    monday = TimeRef("t1", 47, 53, "Monday", "DATE", "2031-05-05")
    tuesday = TimeRef("t2", 128, 135, "Tuesday", "DATE", "2031-05-06")
    long_quote = "the shooting happened on Tuesday " * 6
    quote = Quote("q1", "indirect", 95, 130, long_quote, Speaker(None, "A spokesman", "spokesman"))
    events = tuple(
        Event(
            f"v{i}",
            "Violence against civilians",
            "Excessive force against protesters",
            Mention(9, 19, "opened fire"),
            time=t,
        )
        for i, t in ((1, "t1"), (2, "t2"))
    )
    conflict = Conflict("c1", "time", ("v1", "v2", "q1"), "two dates for one shooting")
    return AnalyzedDocument(
        Article("port-elan", TEXT),
        quotes=(quote,),
        times=(monday, tuesday),
        events=events,
        conflicts=(conflict,),
    )


def _render(width: int) -> str:
    out = io.StringIO()
    render_document(_doc(), Console(file=out, width=width, color_system=None))
    return out.getvalue()


def test_render_keeps_event_types_whole_at_80_columns() -> None:
    text = _render(80)
    assert "Violence against civilians / Excessive force against protesters" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert not any(line != line.rstrip() for line in text.splitlines() if line.startswith("   "))


def test_render_wraps_long_quotes_by_words_with_an_indent() -> None:
    text = _render(60)
    quotes = text[text.index("Quotes") : text.index("Times")].splitlines()
    lines = [line for line in quotes if "shooting" in line or "Tuesday" in line]
    assert len(lines) > 1
    assert all(line.startswith("     ") for line in lines)
    assert all(
        line.split()[-1].strip("”.") in {"the", "shooting", "happened", "on", "Tuesday"}
        for line in lines
    )


def test_render_tells_conflicting_items_in_words_not_ids() -> None:
    text = _render(100)
    section = text[text.index("Conflicting accounts") :]
    assert "Excessive force against protesters “opened fire” (2031-05-05)" in section
    assert "(2031-05-06)" in section and "spokesman: “the shooting" in section
    assert "v1" not in section and "q1" not in section
