"""Every ``Doc._`` attribute storyline uses, in one registry.

Extensions are set explicitly with :func:`set_doc_extensions` (textacy's pattern), never as
an import side effect. Components write records (``storyline.records``) into them, so what
leaves ``extract/`` is plain data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.attrs import (
    DEP,
    IDX,
    IS_ALPHA,
    IS_LOWER,
    IS_SPACE,
    IS_STOP,
    IS_TITLE,
    LEMMA,
    LOWER,
    ORTH,
    POS,
    SPACY,
)
from spacy.tokens import Doc

from ..records import Article, Entity

#: name -> default. Lists are created per Doc by a getter-free default of None.
DOC_EXTENSIONS: dict[str, Any] = {
    "sl_article": None,  # records.Article: id, published date, metadata
    "sl_entities": None,  # list[records.Entity], ids "e1", "e2", ...
    "sl_entity_spans": None,  # list[tuple[int, int, str]]: (start_char, end_char, entity id)
    "sl_quotes": None,  # list[records.Quote]
    "sl_times": None,  # list[records.TimeRef]
    "sl_events": None,  # list[records.Event]
    "sl_conflicts": None,  # list[records.Conflict]
    "sl_text": None,  # str: Doc.text, computed once (see doc_text)
    "sl_tokens": None,  # TokenTable: token words and flags as lists (see token_table)
}


def set_doc_extensions() -> None:
    """Register storyline's ``Doc._`` attributes (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def get_list(doc: Doc, name: str) -> list[Any]:
    """The list stored in ``doc._.<name>``, created empty on first use."""
    value = getattr(doc._, name)
    if value is None:
        value = []
        setattr(doc._, name, value)
    return value  # type: ignore[no-any-return]


def doc_text(doc: Doc) -> str:
    """The doc's text, joined once and kept: ``Doc.text`` joins every token on each call.

    The text of a Doc never changes after tokenization (retokenizing keeps it), so the
    components share one copy instead of rebuilding it seven times a document.
    """
    if not Doc.has_extension("sl_text"):  # a doc of a bare pipeline (training features)
        return doc.text
    text = doc._.sl_text
    if text is None:
        text = doc.text
        doc._.sl_text = text
    return text  # type: ignore[no-any-return]


@dataclass(frozen=True)
class TokenTable:
    """A Doc's token words, offsets and flags as plain lists, read once from its arrays.

    spaCy makes a new Token object at every ``doc[i]`` and every step of ``for tok in doc``;
    rooms that walk every token of every document read these lists instead. Only what the
    model has settled by then is here (words, offsets, lexical flags, part of speech,
    dependency label, lemma): it is made on first use, after the model has run.
    """

    text: list[str]
    lower: list[str]
    idx: list[int]
    pos: list[str]
    dep: list[str]
    lemma: list[str]  # lower-cased
    is_alpha: list[bool]
    is_title: list[bool]
    is_lower: list[bool]
    is_space: list[bool]
    is_stop: list[bool]
    space_after: list[bool]  # Token.whitespace_ == " "

    def span_text(self, start: int, end: int, text: str) -> str:
        """``doc[start:end].text`` from the document's ``text``, without making a Span."""
        return text[self.idx[start] : self.idx[end - 1] + len(self.text[end - 1])]


def string_column(doc: Doc, keys: list[int]) -> list[str]:
    """The strings of a column of string ids from ``Doc.to_array`` ("" for id 0), each
    distinct id looked up once."""
    strings = doc.vocab.strings
    names = {key: strings[key] if key else "" for key in set(keys)}
    return list(map(names.__getitem__, keys))


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, made on first use and kept on the Doc."""
    table = doc._.sl_tokens if Doc.has_extension("sl_tokens") else None
    if table is not None and len(table.text) == len(doc):
        return table  # type: ignore[no-any-return]
    attrs = [
        ORTH,
        LOWER,
        POS,
        IDX,
        IS_ALPHA,
        IS_TITLE,
        IS_LOWER,
        IS_SPACE,
        IS_STOP,
        DEP,
        LEMMA,
        SPACY,
    ]
    rows = doc.to_array(attrs).T.tolist() if len(doc) else [[] for _ in attrs]
    col = dict(zip(attrs, rows, strict=True))
    table = TokenTable(
        text=string_column(doc, col[ORTH]),
        lower=string_column(doc, col[LOWER]),
        pos=string_column(doc, col[POS]),
        dep=string_column(doc, col[DEP]),
        lemma=list(map(str.lower, string_column(doc, col[LEMMA]))),
        idx=col[IDX],
        is_alpha=list(map(bool, col[IS_ALPHA])),
        is_title=list(map(bool, col[IS_TITLE])),
        is_lower=list(map(bool, col[IS_LOWER])),
        is_space=list(map(bool, col[IS_SPACE])),
        is_stop=list(map(bool, col[IS_STOP])),
        space_after=list(map(bool, col[SPACY])),
    )
    if Doc.has_extension("sl_tokens"):
        doc._.sl_tokens = table
    return table


def article_of(doc: Doc) -> Article | None:
    """The article record the doc was made from, if the caller set one."""
    return doc._.sl_article  # type: ignore[no-any-return]


def entity_by_id(doc: Doc, entity_id: str) -> Entity | None:
    """The entity record with this id."""
    for ent in get_list(doc, "sl_entities"):
        if ent.id == entity_id:
            return ent  # type: ignore[no-any-return]
    return None


def entity_at(doc: Doc, start_char: int, end_char: int) -> Entity | None:
    """The entity with a mention overlapping ``[start_char, end_char)``, longest overlap first."""
    best: tuple[int, str] | None = None
    for start, end, eid in get_list(doc, "sl_entity_spans"):
        overlap = min(end, end_char) - max(start, start_char)
        if overlap > 0 and (best is None or overlap > best[0]):
            best = (overlap, eid)
    return entity_by_id(doc, best[1]) if best else None


def entity_id_at(doc: Doc, start_char: int, end_char: int) -> str | None:
    """Id of :func:`entity_at`, or None."""
    ent = entity_at(doc, start_char, end_char)
    return ent.id if ent else None


__all__ = [
    "DOC_EXTENSIONS",
    "TokenTable",
    "article_of",
    "doc_text",
    "entity_at",
    "entity_by_id",
    "entity_id_at",
    "get_list",
    "set_doc_extensions",
    "string_column",
    "token_table",
]
