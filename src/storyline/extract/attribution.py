"""Who says so: reporting cues, their content clauses and their speakers in a parsed Doc.

Everything here reads the dependency parse the model already made: no re-parsing, and each
helper only walks a token's few children or ancestors. The lexicons live in
``data/quote_cues.json`` (:func:`load_cues`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from ..datafiles import read_json
from ..errors import Errors, ExtractError

_SUBJECTS = ("nsubj", "csubj")
_CONTROLLERS = ("nsubj", "csubj", "nsubjpass")
_NP_RIGHT = ("prep", "amod", "advmod", "compound", "nummod", "case", "pobj")
_CONTENT_STRIP = ("mark", "punct", "cc")
_MAX_SPEAKER_TOKENS = 10
_CLAUSE_BARRIERS = ("relcl", "acl", "advcl", "ccomp", "csubj", "parataxis")


@dataclass(frozen=True)
class QuoteCues:
    """The lexicons of ``data/quote_cues.json``."""

    reporting_verbs: frozenset[str]
    verb_particles: dict[str, frozenset[str]]
    reporting_adjectives: frozenset[str]
    quote_verb: str
    quote_prep: str
    continuation_verbs: dict[str, str]
    statement_nouns: frozenset[str]
    hedge_cues: frozenset[str]
    hedge_words: frozenset[str]
    hedge_phrases: tuple[str, ...]
    anonymous_nouns: frozenset[str]
    outlet_nouns: frozenset[str]
    outlet_authors: frozenset[str]
    outlet_staff: frozenset[str]
    frame_verbs: frozenset[str]
    frame_objects: frozenset[str]
    witness_preps: frozenset[str]
    singular_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    neuter_pronouns: frozenset[str]
    determiners: frozenset[str]

    @property
    def hedge_phrases_by_word(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Hedge phrases as word tuples, indexed by their first word."""
        return _index_phrases(self.hedge_phrases)


@lru_cache(maxsize=8)
def _index_phrases(phrases: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Word tuples of ``phrases`` keyed by first word."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(phrase.split())
        index.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


@lru_cache(maxsize=4)
def load_cues(path: str | None = None) -> QuoteCues:
    """Read the quote lexicons (default: the packaged ``data/quote_cues.json``).

    Raises:
        ExtractError: E204 when the file is missing or malformed.
    """
    try:
        data = read_json("quote_cues.json" if path is None else Path(path), ExtractError)
        pronouns = data["pronouns"]
        return QuoteCues(
            reporting_verbs=frozenset(data["reporting_verbs"]),
            verb_particles={k: frozenset(v) for k, v in data["verb_particles"].items()},
            reporting_adjectives=frozenset(data["reporting_adjectives"]),
            quote_verb=data["quoted_as_saying"]["verb"],
            quote_prep=data["quoted_as_saying"]["prep"],
            continuation_verbs=dict(data["continuation_verbs"]),
            statement_nouns=frozenset(data["statement_nouns"]),
            hedge_cues=frozenset(data["hedge_cues"]),
            hedge_words=frozenset(data["hedge_words"]),
            hedge_phrases=tuple(data["hedge_phrases"]),
            anonymous_nouns=frozenset(data["anonymous_nouns"]),
            outlet_nouns=frozenset(data["outlet_nouns"]),
            outlet_authors=frozenset(data["outlet_authors"]),
            outlet_staff=frozenset(data.get("outlet_staff", ())),
            frame_verbs=frozenset(data["frame_verbs"]),
            frame_objects=frozenset(data["frame_objects"]),
            witness_preps=frozenset(data["witness_preps"]),
            singular_pronouns=frozenset(pronouns["singular"]),
            plural_pronouns=frozenset(pronouns["plural"]),
            neuter_pronouns=frozenset(pronouns["neuter"]),
            determiners=frozenset(data["determiners"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        where = path or "storyline/data/quote_cues.json"
        raise ExtractError(Errors.E204.format(path=where, reason=err)) from err


def is_according(tok: Token) -> bool:
    """``according`` of "according to X"."""
    return tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children)


def could_be_cue(lower: str, pos: str, lemma: str, cues: QuoteCues) -> bool:
    """Can a word with these attributes be a cue at all: "according", a reporting verb, a
    reporting adjective (what :func:`is_cue` asks first; ``lemma`` lower-cased)?"""
    return (
        lower == "according"
        or (pos == "VERB" and lemma in cues.reporting_verbs)
        or (pos == "ADJ" and lemma in cues.reporting_adjectives)
    )


def is_cue(tok: Token, cues: QuoteCues) -> bool:
    """Is ``tok`` a reporting cue: a reporting verb, "according (to)", "confident (that)"?"""
    lemma = tok.lemma_.lower()
    if not could_be_cue(tok.lower_, tok.pos_, lemma, cues):
        return False
    if is_according(tok):
        return True
    if tok.pos_ == "VERB" and lemma in cues.reporting_verbs:
        needed = cues.verb_particles.get(lemma)
        return needed is None or any(c.dep_ == "prt" and c.lower_ in needed for c in tok.children)
    if tok.pos_ == "ADJ" and lemma in cues.reporting_adjectives:
        return any(c.dep_ == "ccomp" for c in tok.children)
    return False


def cue_text(tok: Token, cues: QuoteCues) -> str:
    """The cue as the article words it: "said", "pointed out", "according to"."""
    if is_according(tok):
        return "according to"
    head = tok.head
    if (
        tok.dep_ == "xcomp"
        and cues.continuation_verbs.get(head.lemma_.lower())
        and any(c.dep_ == "prt" for c in head.children)
    ):
        return tok.doc[head.i : tok.i + 1].text
    if head.lower_ == cues.quote_prep and head.head.lemma_.lower() == cues.quote_verb:
        return f"{head.head.text} {head.text} {tok.text}"
    parts = [tok.text] + [c.text for c in tok.children if c.dep_ == "prt"]
    if tok.pos_ == "ADJ":
        parts.append("that")
    for child in tok.children:
        if child.dep_ != "prep":
            continue
        noun = next(
            (
                g
                for g in child.children
                if g.dep_ == "pobj" and g.lemma_.lower() in cues.statement_nouns
            ),
            None,
        )
        if noun is not None:
            parts.append(tok.doc[child.i : noun.i + 1].text)
            break
    return " ".join(parts)


def is_hedge(tok: Token, cues: QuoteCues) -> bool:
    """Is the cue itself a hedge ("believe", "estimate", "confident")?"""
    return tok.lemma_.lower() in cues.hedge_cues


def content_of(tok: Token, cues: QuoteCues) -> tuple[int, int, Token] | None:
    """Token range ``[start, end)`` of the reported content of cue ``tok`` and its root token.

    The content is the cue's ``ccomp`` clause without its "that"; for "according to X" it is the
    clause the phrase modifies, without the phrase; for a "she said" set into the clause it
    reports ("The plan, she said, was dead") it is that whole clause. A participle cue hanging
    off the end of the clause ("..., stressing that ...") is its own quote and is cut off.
    """
    doc = tok.doc
    if is_according(tok):
        root = tok.head
        if root.i == tok.i:
            return None
        lo, hi = root.left_edge.i, root.right_edge.i + 1
        if tok.left_edge.i <= lo:
            lo = tok.right_edge.i + 1
        else:
            hi = tok.left_edge.i
        span = trim_span(doc, lo, hi)
        return (*span, root) if span else None
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is None:
        clause = _statement_clause(tok, cues)
    if clause is None and _is_parenthetical(tok):
        # "The plan, she said, was dead": the sentence around the cue is the content
        root = tok.head
        span = trim_span(doc, root.left_edge.i, root.right_edge.i + 1)
        return (*span, root) if span else None
    if clause is None:
        return None
    root = clause
    lo, hi = root.left_edge.i, root.right_edge.i + 1
    for child in root.rights:
        if child.dep_ == "advcl" and child.tag_ == "VBG" and is_cue(child, cues):
            hi = min(hi, child.left_edge.i)
    span = trim_span(doc, lo, hi)
    return (*span, root) if span else None


def _is_parenthetical(tok: Token) -> bool:
    """Is cue ``tok`` a "she said" set into the clause it reports ("The plan, she said, was
    dead", "The plan was dead, she said"): a parataxis of that clause's verb, with a subject
    and no clause of its own?"""
    return (
        tok.dep_ == "parataxis"
        and tok.head.pos_ in ("VERB", "AUX")
        and any(c.dep_ in _SUBJECTS for c in tok.children)
    )


def _statement_clause(tok: Token, cues: QuoteCues) -> Token | None:
    """The "that" clause the parser hung on a statement noun: "said in a statement that ..."."""
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            if noun.dep_ != "pobj" or noun.lemma_.lower() not in cues.statement_nouns:
                continue
            for clause in noun.rights:
                if clause.dep_ in ("acl", "ccomp", "relcl") and any(
                    c.dep_ == "mark" and c.lower_ == "that" for c in clause.children
                ):
                    return clause
    return None


def trim_span(doc: Doc, lo: int, hi: int) -> tuple[int, int] | None:
    """``[lo, hi)`` without leading "that"/punctuation and trailing punctuation/conjunctions.

    A closing mark stays when its opening mark is inside the span (content ending on a term in
    quotation marks).
    """
    while lo < hi and (
        doc[lo].dep_ in _CONTENT_STRIP
        or doc[lo].is_space
        or doc[lo].is_quote
        or (doc[lo].lower_ == "that" and doc[lo].tag_ == "IN")
    ):
        if doc[lo].is_quote and sum(t.is_quote for t in doc[lo + 1 : hi]) % 2 == 1:
            break
        lo += 1
    while hi > lo and (
        doc[hi - 1].is_punct or doc[hi - 1].is_space or doc[hi - 1].dep_ in ("cc", "mark")
    ):
        last = doc[hi - 1]
        if last.is_quote and sum(t.is_quote for t in doc[lo : hi - 1]) % 2 == 1:
            break
        hi -= 1
    return (lo, hi) if hi > lo else None


def speaker_token(
    tok: Token, cues: QuoteCues, depth: int = 0, *, relative: bool = True
) -> Token | None:
    """The token naming who utters cue ``tok`` (None for impersonal or unknown speakers).

    Handles "X said", "said X", "according to X", "X is confident that", "X added",
    "Y quoted X as saying", participles ("..., saying that") and coordinated cues. A relative
    pronoun subject ("officials, who said") gives the noun it stands for, or with
    ``relative=False`` the pronoun itself (where the speaker's words stand).
    """
    if depth > 4:
        return None
    if is_according(tok):
        for to in tok.children:
            if to.lower_ == "to":
                return next((c for c in to.children if c.dep_ == "pobj"), None)
        return None
    # of two subjects (a quote the parser took for one, then "X said"), the nearer one
    subjects = [c for c in tok.children if c.dep_ in _SUBJECTS]
    if subjects:
        child = min(subjects, key=lambda c: abs(c.i - tok.i))
        return _relative_antecedent(child) if relative else child
    if any(c.dep_ == "nsubjpass" for c in tok.children):
        return None
    head = tok.head
    if head.i == tok.i:
        return None
    if head.lower_ == cues.quote_prep and head.head.lemma_.lower() == cues.quote_verb:
        return next((c for c in head.head.children if c.dep_ == "dobj"), None)
    if tok.pos_ == "ADJ" or tok.dep_ in ("conj", "xcomp"):
        return speaker_token(head, cues, depth + 1, relative=relative)
    if tok.dep_ == "relcl":
        return head
    if tok.dep_ == "advcl" or tok.tag_ == "VBG":
        outer = head
        for _ in range(4):
            if is_cue(outer, cues):
                return speaker_token(outer, cues, depth + 1, relative=relative)
            if outer.head.i == outer.i:
                break
            outer = outer.head
        return _controller(head, relative)
    return None


def _controller(node: Token, relative: bool) -> Token | None:
    """The subject of the clause a participle cue hangs from: "He began by saying",
    "After saying ..., she was taken", "defended the remark, saying"."""
    for _ in range(4):
        subj = next((c for c in node.children if c.dep_ in _CONTROLLERS), None)
        if subj is not None:
            return _relative_antecedent(subj) if relative else subj
        shared = node.dep_ in ("conj", "xcomp", "prep", "pcomp", "advcl")
        if node.head.i == node.i or (node.pos_ in ("VERB", "AUX") and not shared):
            return None
        node = node.head
    return None


def is_relative(tok: Token) -> bool:
    """Is ``tok`` a relative pronoun subject ("who", "which" of "officials, who said")?"""
    return tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl"


def _relative_antecedent(tok: Token) -> Token:
    """The noun a relative pronoun subject stands for ("officials, who said")."""
    if is_relative(tok):
        return tok.head.head
    return tok


def outer_cues(tok: Token, cues: QuoteCues) -> list[Token]:
    """Cues whose content holds cue (or token) ``tok``, outermost first.

    "The paper said that officials said that ..." gives the first "said" for the second one;
    an "according to X" on any enclosing clause counts as well.
    """
    found: list[Token] = []
    child, node = tok, tok.head
    for _ in range(12):
        if node.i == child.i:
            break
        if child.dep_ == "ccomp" and is_cue(node, cues):
            found.append(node)
        found.extend(c for c in node.children if c.i != child.i and is_according(c))
        child, node = node, node.head
    found.reverse()
    return found


def speaker_np(tok: Token) -> tuple[int, int]:
    """Token range of the noun phrase headed by ``tok``, without appositions or clauses."""
    lo = tok.i
    for child in tok.lefts:
        if child.dep_ not in ("punct", "cc", "conj", "appos", "relcl"):
            lo = min(lo, child.left_edge.i)
    hi = tok.i + 1
    for child in tok.rights:
        if child.dep_ not in _NP_RIGHT or child.left_edge.i != hi:
            break
        hi = child.right_edge.i + 1
    return lo, min(hi, lo + _MAX_SPEAKER_TOKENS)


def is_outlet_nominal(tok: Token, cues: QuoteCues) -> bool:
    """ "the newspaper", "the paper", "the agency", "the writer of the article", and the
    outlet's own staff: "its correspondent", "the reporter"."""
    lemma = tok.lemma_.lower()
    if tok.ent_type_ or tok.pos_ == "PROPN":
        return False
    if lemma in cues.outlet_nouns:
        return any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in tok.children)
    if lemma in cues.outlet_staff and any(
        c.dep_ in ("det", "poss") and c.lower_ in ("the", "its", "our") for c in tok.children
    ):
        return True
    if lemma in cues.outlet_authors:
        return any(
            c.dep_ == "prep" and any(g.lemma_.lower() in cues.outlet_nouns for g in c.children)
            for c in tok.children
        )
    return False


def hedge_in(doc: Doc, lo: int, hi: int, cues: QuoteCues, root: Token) -> str | None:
    """The first hedge word or phrase in tokens ``[lo, hi)`` that governs clause ``root``.

    A hedge inside a relative or subordinate clause of the content ("a village where it is
    believed that ...") qualifies that clause, not the reported content.
    """
    words = [t.lower_ for t in doc[lo:hi]]
    for i, word in enumerate(words):
        length = 0
        if word in cues.hedge_words:
            length = 1
        else:
            for phrase in cues.hedge_phrases_by_word.get(word, ()):
                if tuple(words[i : i + len(phrase)]) == phrase:
                    length = len(phrase)
                    break
        if length and _governs(doc[lo + i], root):
            return doc[lo + i : lo + i + length].text
    return None


def _governs(tok: Token, root: Token) -> bool:
    """Does ``tok`` reach ``root`` without crossing into a subordinate clause?"""
    node = tok
    for _ in range(8):
        if node.i == root.i:
            return True
        if node.dep_ in _CLAUSE_BARRIERS or node.head.i == node.i:
            return False
        node = node.head
    return False


__all__ = [
    "QuoteCues",
    "content_of",
    "could_be_cue",
    "cue_text",
    "hedge_in",
    "is_according",
    "is_cue",
    "is_hedge",
    "is_outlet_nominal",
    "load_cues",
    "outer_cues",
    "speaker_np",
    "speaker_token",
    "trim_span",
]
