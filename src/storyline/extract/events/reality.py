"""Is a trigger an event the text reports as having happened? The reality filter.

ACLED codes what took place: not a figurative sense ("an uphill battle", "Trump attacked
Clinton, saying ...", "a trade battle"), not a crime named as a legal matter ("defended people
accused of rape or murder"), and not far-historical background ("a naval battle seventy-four
years ago"); negation and planned or hypothetical events are checked by the trigger matcher
here too (``negated``, ``irrealis``). The word lists are in ``data/event_triggers.json``
(``reality``), each a class of use, not a document's words:

- ``figurative_lemmas``: trigger words with a common figurative sense. Such a trigger is no
  event when it has a ``figurative_modifiers`` modifier ("legal battle", "uphill battle"),
  heads a figurative compound ("attack ad", "battle lines"), or, as a verb, takes a person as
  its object and reports speech ("attacked Clinton, saying ...", "blasted him as a
  disgrace"); those in ``needs_evidence`` ("attack", "battle", "blast" ...) count only with
  violence evidence in their sentence or the one before (``violence_evidence``: a weapon, a
  casualty, an armed actor). "Clashes broke out" needs none: the phrase is news's own.
- ``legal_governors``: a bare crime noun governed by "accused of", "charged with",
  "convicted of" ... names a charge, not an event.
- ``historical_years``: an event dated more than this many years before the report is
  background (ACLED codes events in the report's time frame).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from ...dates import parse_day
from ...records import TimeRef
from .lexicon import EventLexicon

#: how far up a noun phrase a charge may govern a crime noun
_LEGAL_HOPS = 4

if TYPE_CHECKING:
    from .context import DocContext


@dataclass(frozen=True)
class RealityRules:
    """The ``reality`` section of the trigger lexicon."""

    figurative_lemmas: frozenset[str]
    figurative_modifiers: frozenset[str]
    figurative_heads: frozenset[str]
    needs_evidence: frozenset[str]
    violence_evidence: frozenset[str]
    speech_lemmas: frozenset[str]
    legal_governors: frozenset[str]
    historical_years: int
    report_days: int = 183
    weapon_evidence: frozenset[str] = frozenset()
    abstract_patients: frozenset[str] = frozenset()
    generic_subjects: frozenset[str] = frozenset()
    conditional_marks: frozenset[str] = frozenset()
    political_context: frozenset[str] = frozenset()
    abstract_patient_lemmas: frozenset[str] = frozenset()
    political_violence: frozenset[str] = frozenset()
    span_nouns: frozenset[str] = frozenset()
    crime_lemmas: frozenset[str] = frozenset()
    trend_verbs: frozenset[str] = frozenset()
    topic_nouns: frozenset[str] = frozenset()
    allegation_verbs: frozenset[str] = frozenset()
    political_arrest: frozenset[str] = frozenset()
    organised_crime: frozenset[str] = frozenset()
    everyday_accidents: frozenset[str] = frozenset()
    accident_scale: frozenset[str] = frozenset()
    habitual_modifiers: frozenset[str] = frozenset()
    status_modifiers: frozenset[str] = frozenset()
    status_verbs: frozenset[str] = frozenset()
    legal_nouns: frozenset[str] = frozenset()
    conflict_words: frozenset[str] = frozenset()
    conflict_agreement: frozenset[str] = frozenset()
    future_days: int = 7


def rules_from(lex: EventLexicon) -> RealityRules:
    """The rules the lexicon's data file holds."""
    data = lex.reality

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, ()))

    return RealityRules(
        figurative_lemmas=words("figurative_lemmas"),
        figurative_modifiers=words("figurative_modifiers"),
        figurative_heads=words("figurative_heads"),
        needs_evidence=words("needs_evidence"),
        violence_evidence=words("violence_evidence"),
        speech_lemmas=words("speech_lemmas"),
        legal_governors=words("legal_governors"),
        historical_years=int(data.get("historical_years", 10)),
        report_days=int(data.get("report_days", 183)),
        weapon_evidence=words("weapon_evidence"),
        abstract_patients=words("abstract_patients"),
        generic_subjects=words("generic_subjects"),
        conditional_marks=words("conditional_marks"),
        political_context=words("political_context"),
        abstract_patient_lemmas=words("abstract_patient_lemmas"),
        political_violence=words("political_violence"),
        span_nouns=words("span_nouns"),
        crime_lemmas=words("crime_lemmas"),
        trend_verbs=words("trend_verbs"),
        topic_nouns=words("topic_nouns"),
        allegation_verbs=words("allegation_verbs"),
        political_arrest=words("political_arrest"),
        organised_crime=words("organised_crime"),
        everyday_accidents=words("everyday_accidents"),
        accident_scale=words("accident_scale"),
        habitual_modifiers=words("habitual_modifiers"),
        status_modifiers=words("status_modifiers"),
        status_verbs=words("status_verbs"),
        legal_nouns=words("legal_nouns"),
        conflict_words=words("conflict_words"),
        conflict_agreement=words("conflict_agreement"),
        future_days=int(data.get("future_days", 7)),
    )


def figurative(head: Token, sents: Sequence[Span], rules: RealityRules, person: bool) -> bool:
    """Whether ``head`` is a trigger in a figurative sense (see the module docstring).

    Args:
        head: the trigger's head token.
        sents: its sentence and the one before it.
        rules: the reality rules.
        person: whether the trigger's object names a person (an entity or a pronoun).
    """
    lemma = head.lemma_.lower()
    if _abstract_patient(head, rules):
        return True  # "the deal was killed", "fought for the contract"
    if lemma not in rules.figurative_lemmas:
        return False
    if any(
        c.dep_ in ("amod", "compound", "nmod", "poss")
        and c.lemma_.lower() in rules.figurative_modifiers
        for c in head.children
    ):
        return True
    if head.dep_ in ("compound", "amod") and head.head.lemma_.lower() in rules.figurative_heads:
        return True
    armed = any(t.lemma_.lower() in rules.weapon_evidence for t in sents[-1])
    if not armed and any(
        t.lemma_.lower() in rules.political_context and not t.ent_type_ for t in sents[-1]
    ):
        return True  # "fought the battle" of a campaign, "attacks" in an election
    if head.pos_ == "VERB" and person and _reports_speech(head, rules):
        return True
    if head.pos_ == "VERB" and any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
        for c in head.children
    ):
        return True  # "fighting to protect their business", "battling to keep his seat"
    if lemma not in rules.needs_evidence:
        return False
    if (person or _person_agent(head)) and not armed:
        return True  # a person attacking a person with no weapon: words, not violence
    return not any(
        t.i != head.i and t.lemma_.lower() in rules.violence_evidence for s in sents for t in s
    )


def _abstract_patient(head: Token, rules: RealityRules) -> bool:
    """The trigger's patient is a thing of words or business: a deal, a bill, a contract."""
    if head.lemma_.lower() not in rules.figurative_lemmas | rules.abstract_patient_lemmas:
        return False
    for c in head.children:
        if c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in rules.abstract_patients:
            return True
        if c.dep_ == "prep" and c.lower_ in ("for", "over", "against", "on", "with"):
            if any(
                g.dep_ == "pobj" and g.lemma_.lower() in rules.abstract_patients for g in c.children
            ):
                return True
    return False


def _person_agent(head: Token) -> bool:
    """A named person (or he, she) is the trigger's subject ("Clinton attacked ...")."""
    return any(
        c.dep_ == "nsubj" and (c.ent_type_ == "PERSON" or c.lower_ in ("he", "she"))
        for c in head.children
    )


def generic(head: Token, rules: RealityRules) -> bool:
    """A habitual or generic statement: "you get shot", "people fight over resources"."""
    for tok in [head, *list(head.ancestors)[:2]]:
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.lower_ in rules.generic_subjects for c in subj) and tok.tag_ in (
            "VBP",
            "VBZ",
            "VB",
            "VBG",
        ):
            return True
        if tok.pos_ == "VERB" and tok.dep_ not in ("xcomp", "ccomp", "conj"):
            break
    return False


def conditional(head: Token, rules: RealityRules) -> bool:
    """Under "if", "unless", "whether": a condition, not a report."""
    for tok in [head, *list(head.ancestors)[:4]]:
        if any(c.dep_ == "mark" and c.lower_ in rules.conditional_marks for c in tok.children):
            return True
    return False


def dated_name(head: Token, published: date | None, rules: RealityRules) -> bool:
    """An event named by a year long before the report: "the 1999 shooting", "the 2011 raid"."""
    if published is None:
        return False
    named = [*head.children, *(head.head.children if head.dep_ == "compound" else [])]
    for c in named:
        if c.dep_ in ("compound", "nummod", "amod", "npadvmod") and c.text.isdigit():
            year = int(c.text)
            if 1000 <= year <= published.year and published.year - year > rules.historical_years:
                return True
    return False


_NAME_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "LAW", "FAC", "GPE"})


def in_name(head: Token) -> bool:
    """A trigger word inside a name: "Rep. Mary Battle", "the Fighting Irish"."""
    return head.ent_type_ in _NAME_LABELS


def descriptive(head: Token) -> bool:
    """A participle describing an actor ("a soldier battling ISIS"), not telling an event; a
    state going on ("a coalition is battling insurgents"); a campaign ("its battle against
    the Islamic State"); harm done to oneself ("shot himself")."""
    if head.tag_ == "VBG" and (
        head.dep_ == "acl"
        or any(
            c.dep_ == "aux" and c.lemma_ == "be" and c.tag_ in ("VBZ", "VBP") for c in head.children
        )
    ):
        return True
    if head.pos_ == "NOUN" and any(
        c.dep_ == "prep" and c.lower_ == "against" for c in head.children
    ):
        return any(c.dep_ == "poss" for c in head.children)
    return (
        head.pos_ == "VERB"
        and any(
            c.dep_ == "dobj" and c.lower_ in ("himself", "herself", "themselves", "myself")
            for c in head.children
        )
        and head.lemma_.lower() not in ("blow", "detonate")
    )


def background(head: Token, rules: RealityRules) -> bool:
    """A reference to an event known from before rather than a report of one: an event named
    by its place or date ("the Bellmont Mall attack", "the 9/11 attacks"), a span of
    fighting ("five years of fighting", "a wave of attacks"), or an allegation ("alleging
    that he had raped her", "implicated in the bombing")."""
    if head.pos_ == "NOUN" and any(
        c.dep_ == "amod" and c.lower_ in rules.span_nouns for c in head.children
    ):
        return True  # "the first attack", "earlier clashes"
    if head.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        if any(
            c.dep_ in ("compound", "nmod", "nummod")
            and (c.pos_ == "PROPN" or c.tag_ == "CD" or c.ent_type_ == "DATE")
            for c in head.children
        ):
            return True
    if (
        head.tag_ in ("NNS", "NNPS")
        and head.dep_ == "nsubj"
        and head.head.lemma_.lower() in rules.trend_verbs
    ):
        return True  # "attacks stepped up", "clashes have increased": a trend
    tok = head
    while tok.dep_ in ("conj", "amod", "compound") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ in ("on", "about", "into", "over"):
        if tok.head.head.lemma_.lower() in rules.topic_nouns:
            return True  # "recommendations on the clashes": a topic, not a report
    tok = head
    while tok.dep_ in ("conj", "amod", "compound") and tok.head.i != tok.i:
        tok = tok.head
    if tok.dep_ in ("pobj", "pcomp") and tok.head.lower_ == "of":
        if tok.head.head.lemma_.lower() in rules.span_nouns:
            return True
    return any(t.lemma_.lower() in rules.allegation_verbs for t in list(head.ancestors)[:4])


def bare_plural(head: Token) -> bool:
    """A plural event noun with no determiner or number: a kind of event, not one event."""
    if head.tag_ not in ("NNS", "NNPS"):
        return False
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.tag_ in ("VBD", "VBN"):
        return False  # "clashes broke out", "attacks killed five": told as happening
    if any(c.dep_ in ("prep", "agent") and c.lower_ in ("by", "between") for c in head.children):
        return False  # "raids by the army's helicopters", "clashes between the two sides"
    return not any(c.dep_ in ("det", "nummod", "poss") for c in head.children)


def _reports_speech(head: Token, rules: RealityRules) -> bool:
    """ "attacked X, saying ...", "blasted X as a disgrace", "attacked X for ..."."""
    for c in head.children:
        if c.dep_ in ("advcl", "xcomp", "ccomp") and c.lemma_.lower() in rules.speech_lemmas:
            return True
        if c.dep_ == "prep" and c.lower_ in ("as", "for", "over"):
            return True
    return False


def legal_reference(head: Token, rules: RealityRules) -> bool:
    """A bare crime noun named as a charge: "accused of murder", "charged with assault",
    "charged with conspiracy to commit money laundering", "faces charges including wire
    fraud", "five counts of rape" (a ``legal_nouns`` noun above it: a charge, a count)."""
    if head.pos_ != "NOUN" or any(c.dep_ == "det" for c in head.children):
        return False
    tok = head
    for _ in range(_LEGAL_HOPS):
        while tok.dep_ in ("conj", "compound") and tok.head.i != tok.i:
            tok = tok.head
        prep = tok.head if tok.dep_ == "pobj" else None
        if (
            prep is not None
            and prep.lower_ in ("of", "with", "for")
            and prep.head.lemma_.lower() in rules.legal_governors
        ):
            return True
        if prep is not None:
            # "counts of rape", "charges including fraud"; not "responsibility for the attack"
            return prep.head.lemma_.lower() in rules.legal_nouns
        if tok.dep_ not in ("dobj", "xcomp", "acl") or tok.head.i == tok.i:
            return False
        tok = tok.head  # "conspiracy to commit money laundering": up the phrase
    return False


def historical(
    time: TimeRef | None, published: date | None, rules: RealityRules, own: bool = False
) -> bool:
    """Whether an event dated ``time`` is background to a report of ``published``: more
    than ``historical_years`` before it, or, when the date is the event's own (told in its
    clause or sentence), more than ``report_days`` (ACLED codes an event from the reports of
    its time; an article recalling one from last year is context, not a report of it)."""
    if time is None or published is None or not time.latest:
        return False
    latest = parse_day(time.latest)
    if latest is None:
        return False
    days = (published - latest).days
    return days / 365.25 > rules.historical_years or (own and days > rules.report_days)


def negated(head: Token) -> bool:
    """A trigger under a negation ("no arrest was made", "did not attack")."""
    gov = head.head if head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") else head
    return any(c.dep_ == "neg" for c in head.children) or any(c.dep_ == "neg" for c in gov.children)


def irrealis(head: Token, lex: EventLexicon) -> bool:
    """Planned, threatened, hoped-for or modal: not (yet) something that happened.

    ACLED codes events that took place; "would retake", "could attack", "plans to
    seize", "is ready to support the operation" are not events.
    """
    chain = [head, *list(head.ancestors)[:4]]
    if any(tok.lemma_.lower() in lex.irrealis for tok in chain[1:]):
        return True
    if any(c.dep_ == "amod" and c.lemma_.lower() in lex.irrealis for c in head.children):
        return True  # "a potential record flood", "the expected attack"
    for n, tok in enumerate(chain):
        if (n == 0 or tok.pos_ in ("VERB", "AUX", "ADJ")) and any(
            c.dep_ in ("aux", "auxpass") and c.tag_ == "MD" and c.lower_ in lex.modals
            for c in tok.children
        ):
            return True
        if tok.dep_ == "xcomp" and tok.head.lemma_ == "be" and _to_infinitive(tok):
            return True  # "Peres is to make an official visit": what is arranged
        if tok.pos_ == "VERB" and tok.dep_ not in ("xcomp", "ccomp", "advcl", "conj", "acl"):
            break  # modals further up govern another clause
    return False


def _to_infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def is_party(head: Token) -> bool:
    """A trigger word naming a side ("clashes between the coup and the guards")."""
    tok = head
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ == "between"


def person_object(ctx: DocContext, head: Token) -> bool:
    """Whether the trigger's object is a person: a PERSON entity, a pronoun, "my wife"."""
    for c in head.children:
        if c.dep_ not in ("dobj", "pobj") and not (c.dep_ == "prep" and c.lower_ == "on"):
            continue
        obj = next((g for g in c.children if g.dep_ == "pobj"), c) if c.dep_ == "prep" else c
        eid = ctx.token_entity.get(obj.i)
        if eid is not None and ctx.entities[eid].label == "PERSON":
            return True
        if obj.tag_ == "PRP" or any(g.tag_ == "PRP$" for g in obj.children):
            return True
    return False


def in_context(ctx: DocContext, head: Token, words: frozenset[str]) -> bool:
    """Whether one of ``words`` is in the trigger's sentence or the two before it."""
    s = ctx.sent_of(head.i)
    for sent in ctx.sents[max(0, s - 2) : s + 1]:
        if any(t.i != head.i and t.lemma_.lower() in words for t in sent):
            return True
    return False


__all__ = [
    "RealityRules",
    "background",
    "bare_plural",
    "conditional",
    "dated_name",
    "descriptive",
    "in_name",
    "figurative",
    "generic",
    "historical",
    "in_context",
    "irrealis",
    "is_party",
    "legal_reference",
    "negated",
    "person_object",
    "rules_from",
]
