"""Property tests: any text analyses without a crash, with every offset right; any bytes read
as an article or a numbered error. The suite runs a few examples; ``make fuzz`` runs many
(``STORYLINE_FUZZ_EXAMPLES``, default there 2,000)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.extract.pipeline import analyze_articles
from storyline.ingest.read import read_inputs
from storyline.records import AnalyzedDocument, Article, FailedDocument

EXAMPLES = int(os.environ.get("STORYLINE_FUZZ_EXAMPLES", "15"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

WORDS = [
    "Rebels", "attacked", "Port", "Elan", "on", "Monday", "said", "Colonel", "Ada", "Mensah",
    "“", "”", '"', "'", "‘", "’", "«", "»", "\n\n", "\n", "\u2028", "\u00a0", "\t", ",", ".",
    "killed", "12", "people", "in", "March", "2031", "last", "week", "according", "to", "the",
    "UN", "U.S.", "police", "protest", "Dr.", "—", "(", ")", "-", "a", "an", "of", "ago",
]  # fmt: skip

texts = st.one_of(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=60).map(" ".join),
    st.text(min_size=1, max_size=300),
)


@pytest.mark.model
@FUZZ
@given(text=texts)
def test_fuzz_analysis_never_crashes_and_offsets_hold(nlp, text):
    (doc,) = analyze_articles([Article(id="f", text=text)], nlp)
    assert isinstance(doc, AnalyzedDocument), getattr(doc, "message", "")
    spans = [m for e in doc.entities for m in e.mentions]
    spans += [q for q in doc.quotes] + [t for t in doc.times]
    spans += [m for ev in doc.events for m in (ev.trigger, *ev.mentions)]
    for span in spans:
        assert text[span.start : span.end] == span.text


@FUZZ
@given(data=st.binary(min_size=0, max_size=400), ext=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_fuzz_reading_any_bytes_gives_an_article_or_a_numbered_error(tmp_path: Path, data, ext):
    path = tmp_path / f"in{ext}"
    path.write_bytes(data)
    for item in read_inputs([str(path)]):
        assert isinstance(item, Article | FailedDocument)
        if isinstance(item, FailedDocument):
            assert item.code.startswith("E1") and item.message.startswith(f"[{item.code}]")
