"""Transliteration-aware keys for names, mostly of Arabic origin.

The same name reaches English news in many romanizations: ``Mu'adh`` and ``Mu'az``,
``al-Qunaytirah`` and ``Quneitra``, ``Haleb`` and ``Halab``. The functions here map such
spellings onto one key (:func:`name_key`), a coarser blocking key (:func:`skeleton`) and a
score (:func:`similarity`). The rewrite rules live in ``storyline/data/transliteration.json``;
they encode the common differences between ALA-LC, BGN/PCGN, French-style and journalistic
spellings (digraphs, article particles, vowel quality), not any one scheme.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from ..datafiles import read_json
from ..errors import ResolveError

_DATA_FILE = "transliteration.json"
_SEPARATORS = re.compile(r"[\s\-_.,;:/()\[\]\"!?&+]+")


@dataclass(frozen=True)
class _Rules:
    """The compiled contents of ``transliteration.json``."""

    fold_table: dict[int, str]
    articles: frozenset[str]
    leading: frozenset[str]
    word_map: dict[str, str]
    rules: tuple[tuple[re.Pattern[str], str], ...]
    vowels: re.Pattern[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    """Load and compile the rule file once."""
    raw: dict[str, Any] = read_json(_DATA_FILE, ResolveError)
    table: dict[int, str] = {ord(k): v for k, v in raw["fold_map"].items()}
    for mark in raw["strip_marks"]:
        table[ord(mark)] = ""
    return _Rules(
        fold_table=table,
        articles=frozenset(raw["articles"]),
        leading=frozenset(raw["leading_words"]),
        word_map=dict(raw["word_map"]),
        rules=tuple((re.compile(p), r) for p, r in raw["rules"]),
        vowels=re.compile(f"[{raw['vowels']}]"),
    )


@lru_cache(maxsize=65536)
def fold(s: str) -> str:
    """Case- and accent-fold a name.

    Casefolds, strips diacritics (NFKD), removes apostrophes and the ayn/hamza marks
    (``’ ' ʿ ʾ ` ´ ‘``), turns hyphens, underscores, dots and other punctuation into spaces
    and collapses runs of spaces.

    Args:
        s: Any string.

    Returns:
        The folded string, words separated by single spaces.
    """
    rules = _rules()
    decomposed = unicodedata.normalize("NFKD", s.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.translate(rules.fold_table)
    return " ".join(w for w in _SEPARATORS.split(stripped) if w)


def _join_initials(words: list[str]) -> list[str]:
    """Glue runs of one-letter words: ``u s a`` (from ``U.S.A.``) becomes ``usa``."""
    out: list[str] = []
    run = ""
    for w in words:
        if len(w) == 1 and w.isalpha():
            run += w
            continue
        if run:
            out.append(run)
            run = ""
        out.append(w)
    if run:
        out.append(run)
    return out


def _key_word(word: str) -> str:
    """Apply the ordered rewrite rules to one word."""
    rules = _rules()
    word = rules.word_map.get(word, word)
    for pattern, repl in rules.rules:
        word = pattern.sub(repl, word)
    return word


@lru_cache(maxsize=65536)
def name_key(s: str) -> str:
    """The transliteration-insensitive key of a name.

    Folds the name, drops Arabic article particles that stand as their own word or as a
    hyphenated prefix (``al-``, ``el``, ``ash-``...) and a leading English "the", then applies
    the rewrite rules of the data file to each word: digraphs (``dh``/``dz`` → ``z``,
    ``gh`` → ``g``, ``kh`` → ``k``, ``th`` → ``t``...), vowel quality (``ou``/``oo``/``o`` →
    ``u``, ``ee`` → ``i``, ``e`` → ``a``, ``ay``/``ey``/``ei`` → ``ai``), doubled letters and
    a final ``h`` after a vowel.

    Args:
        s: A name as written.

    Returns:
        The key; equal keys mean "the same name, spelled differently". Empty for a name
        with no letters.
    """
    rules = _rules()
    words = _join_initials(fold(s).split())
    if len(words) > 1 and words[0] in rules.leading:
        words = words[1:]
    kept = [
        w
        for i, w in enumerate(words)
        if not (w in rules.articles and i < len(words) - 1 and len(words) > 1)
    ]
    return " ".join(k for k in (_key_word(w) for w in kept) if k)


@lru_cache(maxsize=65536)
def skeleton(s: str) -> str:
    """The consonant skeleton of :func:`name_key`, a blocking key for fuzzy matching.

    Vowels are removed from every word; a word made only of vowels is kept as it is.

    Args:
        s: A name as written.

    Returns:
        The per-word consonant skeletons joined by spaces.
    """
    vowels = _rules().vowels
    out = []
    for w in name_key(s).split():
        out.append(vowels.sub("", w) or w)
    return " ".join(out)


def similarity(a: str, b: str) -> float:
    """How alike two names are, after transliteration folding, in 0..1.

    Both names are reduced to :func:`name_key`; the keys already absorb the systematic
    romanization differences, so what is left is mostly inserted, dropped or changed vowels
    and letters. rapidfuzz's normalized Indel ratio (``fuzz.ratio``) measures exactly that;
    ``token_sort_ratio`` is taken as well so that word order ("Gaddafi, Muammar") does not
    matter. The larger of the two is returned.

    Args:
        a: A name.
        b: Another name.

    Returns:
        1.0 for the same key, lower for less alike names; 0.0 if either key is empty.
    """
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    return max(fuzz.ratio(ka, kb), fuzz.token_sort_ratio(ka, kb)) / 100.0


__all__ = ["fold", "name_key", "similarity", "skeleton"]
