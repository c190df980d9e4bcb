"""The language an article is written in, detected from its text (py3langid).

The pipeline's model reads one language (English for ``en_core_web_sm``). Run on a German
page it does not fail: it calls "Der" a person and every capitalised noun a name, and the
junk looks like a result. So each article's language is detected before the model runs
(``Article.language`` is what the text shows, not what the input assumed), and an article
the detector is sure is in another language is refused with E208 rather than analysed.

py3langid (a maintained fork of langid.py: a naive Bayes model over byte n-grams of 97
languages, BSD licence, numpy only) is confident on a paragraph and unreliable on a line:
a results table of names reads as Croatian or Danish. The detector therefore decides only
on text with enough letters, and only when it is sure; anything else keeps the language
the input stated (English by default).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..records import Article

#: letters a text needs before its language is judged (a headline or a table row says little)
MIN_LETTERS = 100
#: the detector's normalised probability needed to call a text another language
MIN_CONFIDENCE = 0.95
#: the detector reads the start of a long text only: a page's language shows in its first
#: paragraphs, and the cost (about 1 ms a thousand characters) stays flat however long the
#: article is
SAMPLE_CHARS = 2000


@dataclass(frozen=True)
class Detected:
    """The language a text reads as: an ISO 639-1 code and the detector's confidence."""

    code: str
    confidence: float


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The py3langid model, loaded once (about half a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> Detected | None:
    """The language of ``text`` when the detector is sure of it; None for a short text or
    an unsure guess."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    code, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE:
        return None
    return Detected(str(code), float(confidence))


def primary(code: str) -> str:
    """The primary language subtag: "en" for "en-GB" or "en_US"."""
    return code.replace("_", "-").split("-")[0].lower()


def with_detected_language(article: Article) -> tuple[Article, Detected | None]:
    """``article`` with the language its text shows (unchanged when the detector is unsure),
    and what the detector found."""
    found = detect_language(article.text)
    if found is None or primary(article.language) == found.code:
        return article, found
    return replace(article, language=found.code), found


__all__ = ["Detected", "detect_language", "primary", "with_detected_language"]
