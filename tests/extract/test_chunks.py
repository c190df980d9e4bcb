"""Long articles analysed in parts: cut at paragraphs, offsets right, nothing lost."""

from __future__ import annotations

import pytest

from storyline.extract import chunks
from storyline.extract.chunks import split_text
from storyline.extract.pipeline import analyze_articles
from storyline.records import AnalyzedDocument, Article

PARAGRAPHS = [
    "Rebels attacked the town of Port Elan on Monday, officials said.",
    "“We lost three men,” said Colonel Ada Mensah, an army spokesman.",
    "The United Nations said 4,000 people had fled to Lake Varo since March.",
    "Protesters marched in Kassala on Friday against the rising price of bread.",
]


@pytest.mark.parametrize("limit", [50, 120, 400])
def test_split_text_joins_back_exactly_and_cuts_at_paragraphs(limit):
    text = "\n\n".join(PARAGRAPHS * 5)
    parts = split_text(text, limit)
    assert "".join(parts) == text
    assert all(len(p) <= limit for p in parts)
    if limit >= 120:  # every paragraph fits: each part ends at a paragraph break
        assert all(p.endswith("\n\n") for p in parts[:-1])


def test_split_text_cuts_an_unbroken_run_where_it_must():
    text = "x" * 250
    assert split_text(text, 100) == ["x" * 100, "x" * 100, "x" * 50]


@pytest.mark.model
def test_long_article_in_parts_matches_the_whole(nlp, monkeypatch):
    text = "\n\n".join(PARAGRAPHS * 3)
    article = Article(id="long", text=text)
    (whole,) = analyze_articles([article], nlp)
    monkeypatch.setattr(chunks, "CHUNK_CHARS", 300)
    (parts,) = analyze_articles([article], nlp)
    assert isinstance(whole, AnalyzedDocument) and isinstance(parts, AnalyzedDocument)
    for ent in parts.entities:
        for m in ent.mentions:
            assert text[m.start : m.end] == m.text
    for q in parts.quotes:
        assert text[q.start : q.end] == q.text

    def names(doc):
        return sorted((e.label, e.name, len(e.mentions)) for e in doc.entities)

    assert names(parts) == names(whole)
    assert [q.text for q in parts.quotes] == [q.text for q in whole.quotes]
    assert [(t.text, t.start) for t in parts.times] == [(t.text, t.start) for t in whole.times]
    assert len(parts.events) == len(whole.events)


@pytest.mark.model
@pytest.mark.slow
def test_text_over_spacy_max_length_is_analysed(nlp):
    # 1.2 million characters: over spaCy's own limit of 1,000,000 (E088 before)
    body = "\n\n".join(
        f"Paragraph {i}: officials in Port Elan counted the votes." for i in range(21000)
    )
    assert len(body) > nlp.max_length
    (doc,) = analyze_articles([Article(id="huge", text=body)], nlp)
    assert isinstance(doc, AnalyzedDocument), getattr(doc, "message", "")
    last = max(m.end for e in doc.entities for m in e.mentions)
    assert last > 1_100_000
