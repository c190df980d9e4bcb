"""The tense of the clause that governs a time expression: past, present or future.

A bare "Monday" or "March 30" lies before the anchor in a past-tense clause and after it
in a future one ("will meet on March 30", "plans to vote in October").
"""

from __future__ import annotations

from spacy.tokens import Span

from ...records import Tense, TimeNormalizer


class TenseReader:
    """Read the tense of the verb that governs a span from the parse."""

    def __init__(self, normalizer: TimeNormalizer) -> None:
        self.future_aux = frozenset(normalizer.words("future_auxiliaries"))
        self.future_verbs = frozenset(normalizer.words("future_verbs"))
        self.report_verbs = frozenset(normalizer.words("report_verbs"))

    def tense(self, span: Span) -> Tense:
        """The tense of the verb that governs ``span``.

        Future with will/shall/going to, an infinitive or a verb of planning; present for a
        present-tense verb other than a reporting one; else past.
        """
        token = span.root
        for _ in range(4):
            if token.pos_ in ("VERB", "AUX") or token.head.i == token.i:
                break
            token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            return "past"
        for child in token.children:
            if child.dep_ in ("aux", "auxpass"):
                low = child.lower_
                if low in self.future_aux:
                    return "future"
                if child.tag_ in ("VBD", "VBN") or low in ("has", "have", "had"):
                    return "past"
                if child.tag_ == "TO":
                    return "future"  # "to be held on October 12"
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in self.future_verbs:
            return "future"
        if token.tag_ in ("VBZ", "VBP") and token.lemma_.lower() not in self.report_verbs:
            return "present"
        return "past"


__all__ = ["TenseReader"]
