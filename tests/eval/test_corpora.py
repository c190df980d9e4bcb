"""The gold corpus readers: detokenization by hand, then the real shared files when present."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scripts.corpora import GoldDoc, GoldMention, detokenize, read_geovirus, read_meantime

# CI clones the repository with ../shared beside it: <repo>/../shared
SHARED = Path(__file__).resolve().parents[2].parent / "shared"
needs_data = pytest.mark.skipif(
    not (SHARED / "data").is_dir(), reason=f"no shared gold data at {SHARED / 'data'}"
)


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ([(0, "Rain"), (0, "fell"), (0, ".")], "Rain fell."),
        ([(0, "Title"), (1, "It"), (1, "rained"), (1, ".")], "Title\nIt rained."),
        ([(0, "a"), (0, "("), (0, "b"), (0, ")"), (0, ",")], "a (b),"),
        ([(0, "cost"), (0, "$"), (0, "5")], "cost $5"),
        ([(0, "Ann"), (0, "'s"), (0, "car")], "Ann's car"),
        ([(0, "he"), (0, "said"), (0, '"'), (0, "no"), (0, '"'), (0, ".")], 'he said "no".'),
    ],
)
def test_corpora_detokenize_text(tokens, text):
    assert detokenize(tokens)[0] == text


def test_corpora_detokenize_offsets_point_at_tokens():
    tokens = [(0, "Mr"), (0, "."), (0, "Oduya"), (0, "("), (0, "left"), (0, ")"), (1, "Next")]
    text, offsets = detokenize(tokens)
    assert [text[s:e] for s, e in offsets] == [t for _, t in tokens]


def _doc(mentions: list[GoldMention], text: str = "x" * 60, end: int = 50) -> GoldDoc:
    return GoldDoc("1", "one", "test", text, None, tuple(mentions), (), end)


def test_corpora_ner_gold_keeps_innermost_names():
    doc = _doc(
        [
            GoldMention(0, 20, "", "ORG", "NAM", "a"),  # apposition around two names
            GoldMention(0, 6, "", "ORG", "NAM", "b"),
            GoldMention(14, 20, "", "ORG", "NAM", "a"),
            GoldMention(22, 28, "", "PER", "NOM", "c"),  # not a name
            GoldMention(30, 35, "", "PRO", "NAM", "d"),  # a product
            GoldMention(40, 45, "", "LOC", "PRE.NAM", "e"),
            GoldMention(52, 58, "", "LOC", "NAM", "f"),  # after the annotated opening
        ]
    )
    spans, ignore = doc.ner_gold()
    assert spans == [(0, 6, "ORG"), (14, 20, "ORG"), (40, 45, "LOC")]
    assert ignore == [(0, 20), (30, 35)]


@needs_data
def test_corpora_read_meantime_real_files():
    docs = read_meantime(SHARED)
    assert len(docs) >= 50
    assert sum(d.published is not None for d in docs) >= len(docs) - 5
    doc = docs[0]
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
        assert m.text.strip() == m.text and m.text
    assert 0 < doc.annotated_end <= len(doc.text)
    gold = [s for d in docs for s in d.ner_gold()[0]]
    assert {t for _, _, t in gold} == {"PER", "ORG", "LOC"}
    assert len(gold) > 300
    assert all(d.ner_gold()[0] for d in docs[:10])


@needs_data
def test_corpora_meantime_creation_time_is_published():
    docs = read_meantime(SHARED)
    for doc in docs:
        dct = [t for t in doc.timexes if t.function == "CREATION_TIME"]
        if doc.published and dct and len(dct[0].value) >= 10:
            assert doc.published == date.fromisoformat(dct[0].value[:10])
    assert any(t.type == "DURATION" for d in docs for t in d.timexes)


@needs_data
def test_corpora_read_geovirus_real_file():
    docs = read_geovirus(SHARED)
    assert len(docs) >= 100
    locations = [(d, g) for d in docs for g in d.locations]
    assert len(locations) >= 900
    assert all(d.text[g.start : g.end] == g.name for d, g in locations)
    assert all(-90 <= g.lat <= 90 and -180 <= g.lon <= 180 for _, g in locations)


def test_corpora_missing_folder_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_meantime(tmp_path)
    with pytest.raises(FileNotFoundError):
        read_geovirus(tmp_path)
