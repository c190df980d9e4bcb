"""The learned attribution model: CRF taggers of contents, cues and sources.

Two taggers trained on PolNeAR's training split by ``scripts/train_attribution.py`` (see
``data/README.md``) ship in ``data/``: one marks attribution contents (B/I/O), one cues and
sources. They are read once per process and tag one sentence at a time on the features of
:mod:`.features`. Their contents are the model's; how they are combined with the rules (the
rules keep direct quotes, scare quotes and quotes over several paragraphs) is
:class:`LearnedPass`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc, Span

from ...datafiles import Source, read_bytes
from ...errors import Errors, ExtractError
from ..attribution import QuoteCues
from ..extensions import doc_text, token_table
from .features import DocColumns, sentence_features

CONTENT_MODEL = "attribution_content.crfsuite"
CUE_MODEL = "attribution_cue.crfsuite"


@dataclass(frozen=True)
class Tagged:
    """Token ranges ``[lo, hi)`` the taggers found in one Doc, in text order."""

    contents: tuple[tuple[int, int], ...]
    cues: tuple[tuple[int, int], ...]
    sources: tuple[tuple[int, int], ...]


#: the model bytes the taggers read from: crfsuite keeps pointers into them, never a copy
_BUFFERS: list[bytes] = []


def load_taggers(folder: str | None = None) -> tuple[pycrfsuite.Tagger, pycrfsuite.Tagger]:
    """The content and cue taggers (default: the packaged ones), read once per process.

    Raises:
        ExtractError: E204 when a model file is missing or unreadable.
    """
    return _read_taggers(folder or "")


@lru_cache(maxsize=2)
def _read_taggers(folder: str) -> tuple[pycrfsuite.Tagger, pycrfsuite.Tagger]:
    taggers = []
    for name in (CONTENT_MODEL, CUE_MODEL):
        where: Source = Path(folder, name) if folder else name
        raw = read_bytes(where, ExtractError)
        try:
            tagger = pycrfsuite.Tagger()
            tagger.open_inmemory(raw)
            _BUFFERS.append(raw)
        except (OSError, ValueError) as err:
            raise ExtractError(Errors.E204.format(path=where, reason=err)) from err
        taggers.append(tagger)
    return taggers[0], taggers[1]


def tag_doc(doc: Doc, cues: QuoteCues, in_marks: list[bool], folder: str | None = None) -> Tagged:
    """Contents, cues and sources of ``doc``; a content running on into the next sentence of
    its paragraph (the next one opens inside it) is one range.

    The content tagger reads only the sentences where a content can count: those with a cue
    the cue tagger found, with quotation marks, or that a content runs on into (a content
    elsewhere has no cue, and the combination drops it); that spares it a third of the text.
    """
    content_tagger, cue_tagger = load_taggers(folder)
    contents: list[tuple[int, int]] = []
    roles: list[tuple[str, int, int]] = []
    cols = DocColumns.of(doc, cues)
    text, table = doc_text(doc), token_table(doc)
    for sent in doc.sents:
        if not table.span_text(sent.start, sent.end, text).strip():
            continue
        feats = pycrfsuite.ItemSequence(sentence_features(sent, cues, in_marks, cols))
        found = _role_spans(sent, cue_tagger.tag(feats))
        roles.extend(found)
        if (
            any(kind == "CUE" for kind, _, _ in found)
            or any(in_marks[sent.start : sent.end])
            or (contents and contents[-1][1] == sent.start)
        ):
            _content_spans(sent, content_tagger.tag(feats), contents)
    return Tagged(
        contents=tuple(contents),
        cues=tuple((lo, hi) for kind, lo, hi in roles if kind == "CUE"),
        sources=tuple((lo, hi) for kind, lo, hi in roles if kind == "SRC"),
    )


def _content_spans(sent: Span, labels: list[str], found: list[tuple[int, int]]) -> None:
    """Append the B/I runs of one sentence to ``found``; a run that opens the sentence with I
    goes on from a run that closed the sentence before."""
    start = sent.start
    lo: int | None = None
    for k, label in enumerate([*labels, "O"]):
        i = start + k
        if lo is not None and label != "I":
            found.append((lo, i))
            lo = None
        if label == "B" or (label == "I" and lo is None):
            lo = i
            if label == "I" and k == 0 and found and found[-1][1] == start:
                lo = found.pop()[0]  # goes on from the sentence before


def _role_spans(sent: Span, labels: list[str]) -> list[tuple[str, int, int]]:
    spans: list[tuple[str, int, int]] = []
    current: tuple[str, int] | None = None
    for k, label in enumerate([*labels, "O"]):
        i = sent.start + k
        kind = label[2:] if label != "O" else ""
        if current is not None and (label == "O" or label.startswith("B-") or kind != current[0]):
            spans.append((current[0], current[1], i))
            current = None
        if label != "O" and current is None:
            current = (kind, i)
    return spans


__all__ = ["CONTENT_MODEL", "CUE_MODEL", "Tagged", "load_taggers", "tag_doc"]
