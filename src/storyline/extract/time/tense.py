"""The tense of the clause that governs a time expression: past, present, future or none.

A bare "Monday" or "March 30" lies before the anchor in a past-tense clause and after it
in a future one ("will meet on March 30", "plans to vote in October", "payable Jan. 2");
with a present-tense verb or none at all ("the Dec. 15 deadline") it is the nearest one.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ...records import Tense, TimeNormalizer

_PAST_AUX = frozenset({"has", "have", "had", "'ve", "'d", "having"})


class TenseReader:
    """Read the tense of the verb that governs a span from the parse."""

    def __init__(self, normalizer: TimeNormalizer) -> None:
        self.future_aux = frozenset(normalizer.words("future_auxiliaries"))
        self.future_modals = frozenset(normalizer.words("future_modals"))
        self.future_verbs = frozenset(normalizer.words("future_verbs"))
        self.bound_planning = frozenset(normalizer.words("bound_planning_verbs"))
        self.future_cues = tuple(normalizer.words("future_cues"))
        self.past_cues = tuple(normalizer.words("past_cues"))
        self.deadline_cues = tuple(normalizer.words("deadline_cues"))
        self.report_verbs = frozenset(normalizer.words("report_verbs"))

    def tense(self, span: Span) -> Tense:
        """The tense of the verb that governs ``span``.

        Future with will/shall/going to, an infinitive under a present verb, a
        verb or adjective of planning ("expected in December", "payable Jan. 2") or a cue
        before the span ("as soon as Tuesday"); past with a past-tense verb or perfect;
        present for a present-tense verb other than a reporting one; none (the nearest
        such time) with a modal ("could be found Tuesday"), a deadline ("by Jan. 14"), no
        governing verb, a possessive ("Friday's vote") or a noun it modifies.
        """
        before = span.doc[max(0, span.start - 3) : span.start].text.lower()
        if _ends_with(before, self.future_cues):
            cue = span.doc[max(0, span.start - 3) : span.start]
            if any(t.dep_ == "acl" and t.tag_ == "VBN" and _in_past_clause(t.head) for t in cue):
                return "none"  # "the vote planned for Saturday was canceled"
            return "future"
        if _ends_with(before, self.past_cues):
            return "past"  # "since Jan. 13"
        if _ends_with(before, self.deadline_cues):
            # "by Jan. 14", "until Nov. 9": a deadline, near either way, unless the verb
            # puts it ahead ("will double its flights by August")
            return "future" if self._will(span) else "none"
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if span[-1].tag_ == "POS" or (after is not None and after.tag_ == "POS"):
            return "none"
        return self._governing_tense(span)

    def _will(self, span: Span) -> bool:
        """Does the verb that governs ``span`` take will/shall ("will double by August")?"""
        token = span.root
        for _ in range(4):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            token = token.head
        return any(c.dep_ == "aux" and c.lower_ in self.future_aux for c in token.children)

    def _governing_tense(self, span: Span) -> Tense:
        """The tense of the verb (or planning word) the parse hangs ``span`` from."""
        token = span.root
        if token.dep_ in ("compound", "amod", "nmod") and token.head.i >= span.end:
            if token.head.pos_ in ("NOUN", "PROPN"):
                return "future" if self._plans(token.head) else "none"  # "the Jan. 14 deadline"
        for _ in range(4):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            if token is not span.root and self._plans(token):
                return "future"  # "payable Jan. 2", "due in March"
            token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            return "future" if self._plans(token) else "none"
        return self._verb_tense(token)

    def _verb_tense(self, verb: Token) -> Tense:
        """The tense of one verb from its auxiliaries, its tag and the verb it depends on."""
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in aux}
        modals = self.future_modals
        if words & self.future_aux:
            return "future"
        following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
        if self._plans(verb) and not (following is not None and following.lower_ == "to"):
            # what was planned or set lies ahead of the planning, not of the report:
            # "has scheduled a news conference Thursday", "planned a march on Saturday",
            # "planning for the summit in April"; the nearest such day
            if verb.tag_ in ("VB", "VBG") and not words:
                return "future"
            if verb.tag_ == "VBN" and all(c.tag_ in ("VBZ", "VBP", "VB") for c in aux):
                if not aux and verb.dep_ == "acl" and _in_past_clause(verb.head):
                    return "none"  # "a service planned for Saturday was canceled"
                return "future"  # "expected in December", "is set for March 30"
            return "none"
        if words & _PAST_AUX or any(c.tag_ == "VBD" and c.lower_ not in modals for c in aux):
            return "past"
        if words & modals:
            return "none"  # "could come Tuesday", "could be found Tuesday": either way
        if any(c.tag_ == "TO" for c in aux) or (
            verb.dep_ == "conj" and any(c.tag_ == "TO" for c in verb.head.children)
        ):
            return self._infinitive_tense(verb)
        if any(c.tag_ in ("VBZ", "VBP") for c in aux):
            return "present"  # "is heard in May"
        head = verb.head
        for _ in range(2):
            if head.i == verb.i or head.lemma_.lower() not in self.future_verbs:
                break
            if verb.dep_ in ("xcomp", "ccomp", "advcl", "acl", "dobj", "prep", "pobj"):
                return "future"  # "plans to vote in October", "scheduled a meeting Thursday"
            verb, head = head, head.head
        if verb.tag_ == "VBN" and self._plans(verb):
            return "future"  # "expected in December", "the vote set for March 30"
        if verb.tag_ in ("VBZ", "VBP") and verb.lemma_.lower() not in self.report_verbs:
            return "present"
        if verb.tag_ == "VBG" and not aux and verb.head.i != verb.i:
            if verb.head.pos_ in ("VERB", "AUX"):  # "can take part in planning for April"
                return self._verb_tense(verb.head)
        return "past"

    def _infinitive_tense(self, verb: Token) -> Tense:
        """An infinitive happens after the verb it depends on: ahead of a present or
        future one ("is to be held on October 12"), near a past one ("flew home to
        make the late-November trip")."""
        if verb.dep_ == "conj":  # "to obtain approval and complete the deal by year-end"
            verb = verb.head
        head = verb.head
        if _past_perfect(head):
            return "none"  # "had been due to expire Friday": planned before a past time
        if head.pos_ not in ("VERB", "AUX") or head.i == verb.i or self._plans(head):
            return "future"
        return "none" if self._verb_tense(head) == "past" else "future"

    def _plans(self, token: Token) -> bool:
        """A word of planning or scheduling ("expected", "payable"), not "due to"; "set"
        only as "set for" / "set to" (a record "set on Aug. 6" lies behind)."""
        lemma = token.lemma_.lower()
        if lemma not in self.future_verbs:
            return False
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if lemma in self.bound_planning:
            return any(c.lower_ in ("for", "to", "as") for c in token.children)
        return following is None or following.lower_ != "to" or token.pos_ == "VERB"


def _past_perfect(token: Token) -> bool:
    """Is ``token`` (a verb, or the adjective of "had been due") in the past perfect?"""
    verb = token.head if token.dep_ in ("acomp", "attr") else token
    return any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children)


def _in_past_clause(noun: Token) -> bool:
    """Is the verb that ``noun`` is the subject or object of in the past tense?"""
    if noun.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "attr"):
        return False
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    return verb.tag_ == "VBD" if not aux else any(c.tag_ == "VBD" for c in aux)


def _ends_with(text: str, cues: tuple[str, ...]) -> bool:
    """Does ``text`` end with one of ``cues`` as whole words?"""
    return any(text == cue or text.endswith(" " + cue) for cue in cues)


__all__ = ["TenseReader"]
