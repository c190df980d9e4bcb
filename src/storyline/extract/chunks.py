"""Long articles: the model's stages run on paragraph-aligned parts, storyline's on the whole.

spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters; E088), and its
parser and tagger need memory in proportion to the text they see at once. A 3 MB report is a
real thing, and the documented input limit is ``max_bytes`` (5 MB), so a text over
``CHUNK_CHARS`` is cut at paragraph breaks (else line breaks, else sentence ends, else spaces)
into parts of at most ``CHUNK_CHARS``; each part is tokenized and run through the model's own
components, the parts are joined with ``Doc.from_docs`` (nothing is added between them, so
every offset is an offset into the whole text), and storyline's components then read the
whole document: entities, quotes, times and events see every paragraph.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Article
from .extensions import set_doc_extensions

CHUNK_CHARS = 100_000
"""Largest part the model sees at once (a long feature story; 1/10 of spaCy's limit)."""

_BREAKS = (re.compile(r"\n[ \t\r]*\n\s*"), re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"))


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into parts of at most ``limit`` characters that join back into it
    exactly, each ending at the latest paragraph break (else line break, sentence end or
    space) before the limit."""
    parts: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = 0
        for pattern in (*_BREAKS, re.compile(r"\s+")):
            ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
            if ends and ends[-1] > limit // 4:
                cut = ends[-1]
                break
        cut = cut or limit  # one unbroken run of characters: cut it where it must be cut
        parts.append(text[start : start + cut])
        start += cut
    parts.append(text[start:])
    return parts


def is_long(nlp: Language, article: Article) -> bool:
    """Whether ``article`` is analysed in parts."""
    return len(article.text) > min(CHUNK_CHARS, nlp.max_length)


def long_doc(nlp: Language, article: Article, storyline: set[str]) -> Doc:
    """The analysed Doc of a long article (see the module docstring).

    Args:
        nlp: the pipeline.
        article: the article, longer than :data:`CHUNK_CHARS`.
        storyline: names of the components that read the whole document (storyline's own,
            but for ``storyline_paragraphs``, which marks sentence starts before the parser).
    """
    set_doc_extensions()
    model = [(n, p) for n, p in nlp.pipeline if n not in storyline]
    whole = [(n, p) for n, p in nlp.pipeline if n in storyline]
    docs = []
    for part in split_text(article.text):
        doc = nlp.tokenizer(part)
        for _, proc in model:
            doc = proc(doc)
        docs.append(doc)
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    doc._.sl_article = article
    for _, proc in whole:
        doc = proc(doc)
    return doc


__all__ = ["CHUNK_CHARS", "is_long", "long_doc", "split_text"]
