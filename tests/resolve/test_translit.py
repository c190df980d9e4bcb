"""Tests of transliteration-aware name keys."""

from __future__ import annotations

import pytest

from storyline.resolve.translit import fold, name_key, similarity, skeleton


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ḩalab", "halab"),
        ("Ma’an", "maan"),
        ("ʿAyn al-ʿArab", "ayn al arab"),
        ("U.S.", "u s"),
        ("Bab_al-Hawa", "bab al hawa"),
        ("  São   Paulo ", "sao paulo"),
        ("Łódź", "lodz"),
    ],
)
def test_fold_strips_marks_and_separators(text: str, expected: str) -> None:
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abu Munzir Al Masri", "Abu Mundhir al-Masri"),
        ("Halab", "Haleb"),
        ("Mohammed", "Muhammad"),
        ("Beirut", "Bayrut"),
        ("Hamah", "Hama"),
        ("Ar Raqqah", "Raqqa"),
        ("U.S.", "US"),
        ("the United States", "United States"),
        ("Ras al-Ayn", "Ras el Ain"),
        ("Abdul Rahman", "Abd al-Rahman"),
        ("Sheikh", "Cheikh"),
    ],
)
def test_name_key_equates_romanization_variants(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aleppo", "Damascus"),
        ("Paris", "Tripoli"),
        ("Abu Hafs", "Abu Ali"),
    ],
)
def test_name_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("al-Qunaytirah", "kunaitira"),
        ("Al", "al"),
        ("The Hague", "hagua"),
    ],
)
def test_name_key_drops_articles_only_before_another_word(text: str, expected: str) -> None:
    assert name_key(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("Quneitra", "Al Qunaytirah"), ("Benghazi", "Banghazi"), ("Idlib", "Idleb")],
)
def test_skeleton_blocks_variants_together(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("Mu'ammar al-Qaddafi", "Muammar Gaddafi", 0.85, 1.0),
        ("Gaddafi, Muammar", "Muammar Gaddafi", 0.99, 1.0),
        ("Halab", "Haleb", 1.0, 1.0),
        ("Tripoli", "Benghazi", 0.0, 0.5),
        ("", "Aleppo", 0.0, 0.0),
    ],
)
def test_similarity_scores_variants_high(a: str, b: str, low: float, high: float) -> None:
    assert low <= similarity(a, b) <= high
