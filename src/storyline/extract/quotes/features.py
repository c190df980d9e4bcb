"""Token features of the learned attribution taggers, the same in training and at run time.

One sentence is one sequence. A token is described by its own word, lemma, part of speech,
dependency and shape, its head's, its neighbours', where it stands in the sentence and against
the quotation marks, and, most telling for reported speech, the verb whose clausal complement
it sits in ("... said that [the plan was dead]": every token of the clause carries the lemma
"say" and whether the project's cue lexicon holds it). ``scripts/train_attribution.py`` trains
on these features; :mod:`.learned` tags with them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..attribution import QuoteCues, is_according, is_cue
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


def _governor(tok: Token, cue_flags: list[bool]) -> tuple[str, str, bool, int]:
    """The nearest ancestor reached over a clausal link: its lemma, the link, cue-ness, depth."""
    child, node = tok, tok.head
    for depth in range(1, _MAX_UP + 1):
        if node.i == child.i:
            break
        if child.dep_ in _CLAUSAL or is_according(child):
            return node.lemma_.lower(), child.dep_, cue_flags[node.i], depth
        child, node = node, node.head
    return "", "", False, 0


def sentence_features(sent: Span, cues: QuoteCues, in_marks: list[bool]) -> list[list[str]]:
    """Feature strings of each token of ``sent``.

    Args:
        sent: the sentence.
        cues: the project's cue lexicons (:func:`..attribution.load_cues`).
        in_marks: for every token of the Doc, whether it lies inside a quoted passage
            (:func:`marked_tokens`).
    """
    doc: Doc = sent.doc
    start, end = sent.start, sent.end
    n = end - start
    cue_flags = [False] * len(doc)
    for tok in sent:
        cue_flags[tok.i] = is_cue(tok, cues)
    cue_pos = [i for i in range(start, end) if cue_flags[i]]
    has_quote = any(in_marks[i] for i in range(start, end))
    s_feats = ["s_cue" if cue_pos else "s_nocue", "s_q" if has_quote else "s_noq"]
    words = [t.lower_ for t in sent]
    tags = [t.tag_ for t in sent]
    deps = [t.dep_ for t in sent]
    out: list[list[str]] = []
    for k, tok in enumerate(sent):
        head = tok.head
        i = tok.i
        gov, link, gov_cue, depth = _governor(tok, cue_flags)
        feats = [
            "b",
            "w=" + words[k],
            "l=" + tok.lemma_.lower(),
            "t=" + tags[k],
            "d=" + deps[k],
            "sh=" + tok.shape_[:4],
            "hl=" + head.lemma_.lower(),
            "ht=" + head.tag_,
            "dh=" + deps[k] + "|" + head.dep_,
            "dir=" + ("L" if head.i > i else "R" if head.i < i else "0"),
            "g=" + gov,
            "gl=" + link,
            "gd=" + str(min(depth, 4)),
            "q=" + ("1" if in_marks[i] else "0"),
            "pos=" + str(4 * k // n),
            *s_feats,
        ]
        if gov_cue:
            feats.append("gcue")
            feats.append("gcue|" + link)
        if cue_flags[i]:
            feats.append("cue")
        if cue_flags[head.i] and head.i != i:
            feats.append("hcue|" + deps[k])
        if tok.is_quote:
            feats.append("mark")
        if tok.ent_type_:
            feats.append("e=" + tok.ent_type_)
        if cue_pos:
            near = min(cue_pos, key=lambda c: (abs(c - i), c))
            feats.append("cd=" + _bucket(i - near))
        if k == 0:
            feats.append("BOS")
        else:
            feats += ["w-1=" + words[k - 1], "t-1=" + tags[k - 1], "d-1=" + deps[k - 1]]
        if k == n - 1:
            feats.append("EOS")
        else:
            feats += ["w+1=" + words[k + 1], "t+1=" + tags[k + 1], "d+1=" + deps[k + 1]]
        out.append(feats)
    return out


def marked_tokens(doc: Doc) -> list[bool]:
    """For every token of ``doc``, whether it lies inside an outermost quoted passage."""
    flags = [False] * len(doc)
    for q in find_quotes(doc.text):
        if q.depth:
            continue
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            flags[i] = True
    return flags


__all__ = ["marked_tokens", "sentence_features"]
