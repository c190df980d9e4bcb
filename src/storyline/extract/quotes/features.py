"""Token features of the learned attribution taggers, the same in training and at run time.

One sentence is one sequence. A token is described by its own word, lemma, part of speech,
dependency and shape, its head's, its neighbours', where it stands in the sentence and against
the quotation marks, and, most telling for reported speech, the verb whose clausal complement
it sits in ("... said that [the plan was dead]": every token of the clause carries the lemma
"say" and whether the project's cue lexicon holds it). ``scripts/train_attribution.py`` trains
on these features; :mod:`.learned` tags with them.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.attrs import ENT_TYPE, HEAD, IS_QUOTE, SHAPE, TAG
from spacy.tokens import Doc, Span

from ..attribution import QuoteCues, could_be_cue, is_according, is_cue
from ..extensions import doc_text, string_column, token_table
from ..quote_marks import find_quotes

#: dependency links that carry a clause's content up to the word that reports it
_CLAUSAL = frozenset({"ccomp", "xcomp", "advcl", "parataxis", "acl", "relcl", "pcomp", "csubj"})
_MAX_UP = 8


def _bucket(n: int) -> str:
    """A signed distance in coarse steps: 0, 1, 2, 3-5, 6-10, far."""
    a = abs(n)
    step = "0" if a == 0 else "1" if a == 1 else "2" if a == 2 else "5" if a <= 5 else "10"
    step = step if a <= 10 else "far"
    return ("-" if n < 0 else "+") + step


@dataclass(frozen=True)
class DocColumns:
    """The token attributes the features read, as plain lists over one Doc: read once per
    Doc instead of once per feature (spaCy builds a Token object on every access)."""

    lower: list[str]
    lemma: list[str]
    tag: list[str]
    dep: list[str]
    shape: list[str]
    ent: list[str]
    head: list[int]
    quote: list[bool]
    cue: list[bool]
    according: list[bool]

    @classmethod
    def of(cls, doc: Doc, cues: QuoteCues) -> DocColumns:
        n = len(doc)
        if not n:
            return cls([], [], [], [], [], [], [], [], [], [])
        words = token_table(doc)  # words, lemmas, labels the other rooms read too
        table = doc.to_array([TAG, SHAPE, ENT_TYPE, IS_QUOTE])
        heads = doc.to_array([HEAD]).astype("int64").tolist()

        def column(k: int) -> list[str]:
            return string_column(doc, table[:, k].tolist())

        lower = words.lower
        pos = words.pos
        cue = [False] * n
        according = [False] * n
        lemma = words.lemma
        for i in range(n):
            # the Token is made only for the words that can be cues at all
            if could_be_cue(lower[i], pos[i], lemma[i], cues):
                tok = doc[i]
                cue[i] = is_cue(tok, cues)
                according[i] = is_according(tok)
        return cls(
            lower=lower,
            lemma=words.lemma,
            tag=column(0),
            dep=words.dep,
            shape=[w[:4] for w in column(1)],
            ent=column(2),
            head=[i + rel for i, rel in enumerate(heads)],
            quote=[bool(q) for q in table[:, 3].tolist()],
            cue=cue,
            according=according,
        )


def _governor(i: int, cols: DocColumns) -> tuple[str, str, bool, int]:
    """The nearest ancestor reached over a clausal link: its lemma, the link, cue-ness, depth."""
    child, node = i, cols.head[i]
    for depth in range(1, _MAX_UP + 1):
        if node == child:
            break
        if cols.dep[child] in _CLAUSAL or cols.according[child]:
            return cols.lemma[node], cols.dep[child], cols.cue[node], depth
        child, node = node, cols.head[node]
    return "", "", False, 0


def sentence_features(
    sent: Span, cues: QuoteCues, in_marks: list[bool], cols: DocColumns | None = None
) -> list[list[str]]:
    """Feature strings of each token of ``sent``.

    Args:
        sent: the sentence.
        cues: the project's cue lexicons (:func:`..attribution.load_cues`).
        in_marks: for every token of the Doc, whether it lies inside a quoted passage
            (:func:`marked_tokens`).
        cols: the Doc's :class:`DocColumns` (made here when not given).
    """
    cols = cols or DocColumns.of(sent.doc, cues)
    start, end = sent.start, sent.end
    n = end - start
    cue_pos = [i for i in range(start, end) if cols.cue[i]]
    has_quote = any(in_marks[i] for i in range(start, end))
    s_feats = ["s_cue" if cue_pos else "s_nocue", "s_q" if has_quote else "s_noq"]
    words, tags, deps, lemmas, heads = cols.lower, cols.tag, cols.dep, cols.lemma, cols.head
    out: list[list[str]] = []
    for k in range(n):
        i = start + k
        h = heads[i]
        gov, link, gov_cue, depth = _governor(i, cols)
        dep = deps[i]
        feats = [
            "b",
            "w=" + words[i],
            "l=" + lemmas[i],
            "t=" + tags[i],
            "d=" + dep,
            "sh=" + cols.shape[i],
            "hl=" + lemmas[h],
            "ht=" + tags[h],
            "dh=" + dep + "|" + deps[h],
            "dir=L" if h > i else "dir=R" if h < i else "dir=0",
            "g=" + gov,
            "gl=" + link,
            _DEPTH[min(depth, 4)],
            "q=1" if in_marks[i] else "q=0",
            _POS[4 * k // n],
            *s_feats,
        ]
        if gov_cue:
            feats.append("gcue")
            feats.append("gcue|" + link)
        if cols.cue[i]:
            feats.append("cue")
        if cols.cue[h] and h != i:
            feats.append("hcue|" + dep)
        if cols.quote[i]:
            feats.append("mark")
        if cols.ent[i]:
            feats.append("e=" + cols.ent[i])
        if cue_pos:
            feats.append("cd=" + _bucket(i - _nearest(cue_pos, i)))
        if k == 0:
            feats.append("BOS")
        else:
            feats += ["w-1=" + words[i - 1], "t-1=" + tags[i - 1], "d-1=" + deps[i - 1]]
        if k == n - 1:
            feats.append("EOS")
        else:
            feats += ["w+1=" + words[i + 1], "t+1=" + tags[i + 1], "d+1=" + deps[i + 1]]
        out.append(feats)
    return out


#: the fixed feature strings of a governor's depth and a token's quarter of its sentence
_DEPTH = tuple(f"gd={d}" for d in range(5))
_POS = tuple(f"pos={q}" for q in range(4))


def _nearest(positions: list[int], i: int) -> int:
    """The position in sorted ``positions`` nearest ``i``, the earlier one on a tie."""
    k = bisect.bisect_left(positions, i)
    if k == len(positions):
        return positions[-1]
    if k == 0 or positions[k] - i < i - positions[k - 1]:
        return positions[k]
    return positions[k - 1]


def marked_tokens(doc: Doc) -> list[bool]:
    """For every token of ``doc``, whether it lies inside an outermost quoted passage."""
    flags = [False] * len(doc)
    for q in find_quotes(doc_text(doc)):
        if q.depth:
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            flags[i] = True
    return flags


__all__ = ["DocColumns", "marked_tokens", "sentence_features"]
