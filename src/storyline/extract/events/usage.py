"""How a trigger word is used: a word can name an event without the text telling one.

The reality filter (``reality``) asks whether what a trigger tells happened; this room asks
whether the word tells a happening at all, from its place in the parse:

- a modifier of another noun ("detention centers", "prisoner exchange negotiations", "the
  sinking economic ship") names a kind of thing, not an event;
- a habit ("frequent visits", "the annual event": ``habitual_modifiers``);
- a state a person is in ("released from house arrest": ``status_modifiers``, an event only
  under ``status_verbs``, "placed under house arrest");
- a person's own misfortune ("her sudden collapse", "his two-year drought"): a disaster
  belongs to places and crowds, not to one person;
- an example of a kind ("problems like drought and extreme floods");
- a present-tense passive ("soldiers are deployed to ...") or an activity named after "of" or
  "for" ("the difficulty of mobilizing", "a timetable for withdrawing"): a state or a topic.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

from .reality import RealityRules

#: political violence and crowds: a modifier there is more often a misparse than a kind
VIOLENT_OR_CROWD = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots"}
)
_DISASTERS = frozenset({"Natural disaster", "Man-made disaster"})
_PERSONAL = frozenset({"his", "her", "my", "your"})


def modifier(head: Token, event_words: Collection[str]) -> bool:
    """A trigger noun (or participle) modifying a noun that is not itself an event word."""
    if head.dep_ == "compound" and head.pos_ in ("NOUN", "PROPN"):
        gov = head.head
        return gov.pos_ == "NOUN" and gov.lemma_.lower() not in event_words
    return head.dep_ == "amod" and head.tag_ == "VBN" and head.head.pos_ == "NOUN"


def habitual(head: Token, rules: RealityRules) -> bool:
    """An event noun told as a habit: "frequent visits", "the annual event"."""
    return head.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lemma_.lower() in rules.habitual_modifiers for c in head.children
    )


def status(head: Token, rules: RealityRules) -> bool:
    """A state a person is in ("house arrest"), unless a verb puts them in it."""
    if not any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in rules.status_modifiers
        for c in head.children
    ):
        return False
    return not any(t.lemma_.lower() in rules.status_verbs for t in list(head.ancestors)[:3])


def personal(head: Token, etype: str) -> bool:
    """A disaster noun possessed by a person: "her sudden collapse", "Smith's drought"."""
    if etype not in _DISASTERS:
        return False
    return any(
        c.dep_ == "poss" and (c.lower_ in _PERSONAL or c.ent_type_ == "PERSON")
        for c in head.children
    )


def example(head: Token) -> bool:
    """An instance named to illustrate a kind: "problems like drought", "events such as"."""
    tok = head
    while tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ != "pobj":
        return False
    prep = tok.head
    return prep.lower_ == "like" or (
        prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)
    )


def state_or_topic(head: Token) -> bool:
    """A present-tense passive ("are deployed") or a gerund after "of"/"for"."""
    if head.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.tag_ in ("VBZ", "VBP") for c in head.children
    ):
        return True
    return head.tag_ == "VBG" and head.dep_ == "pcomp" and head.head.lower_ in ("of", "for")


__all__ = ["example", "habitual", "modifier", "personal", "state_or_topic", "status"]
