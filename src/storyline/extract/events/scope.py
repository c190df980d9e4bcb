"""What ACLED codes of crimes, arrests and accidents: only what has a political or public frame.

ACLED codes political violence and demonstrations, not ordinary crime: a murder, a robbery or
an arrest on drugs charges is coded only when an armed group, a state force or a political
actor is told near it (``political_violence``, ``political_arrest``, ``organised_crime`` in
``data/event_triggers.json``'s ``reality``). The non-ACLED family follows the same idea for
accidents: a car crash, a house fire or a workplace accident is an everyday accident, and a
man-made disaster only with harm beyond it (``everyday_accidents`` need an ``accident_scale``
word near them: an aircraft, a train, a ferry, a factory, a mine, a pipeline, a wildfire).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span

from .reality import RealityRules

#: sub-types of violence against civilians that are ordinary crimes unless told as political
_CRIME_SUBTYPES = frozenset({"Attack", "Abduction/forced disappearance"})
#: sub-types of strategic developments the codebook codes between or of conflict actors only
_CONFLICT_SUBTYPES = frozenset({"Agreement", "Change to group/activity"})


def _words(window: Sequence[Span]) -> set[str]:
    """Lemmas and lower-cased words of the window, with "-s" plurals' stems."""
    lemmas = {t.lemma_.lower() for s in window for t in s} | {t.lower_ for s in window for t in s}
    return lemmas | {w[:-1] for w in lemmas if w.endswith("s")}  # "Rebels" tagged a proper noun


def ordinary_crime(
    etype: str,
    subtype: str | None,
    window: Sequence[Span],
    rules: RealityRules,
    trigger: str = "",
    organised: bool = False,
) -> bool:
    """A crime or an arrest ACLED does not code: no armed group, state force or political
    actor is told near it ("charged with the murder of", "arrested on drugs charges", a
    kidnapping for ransom by a neighbour). Sexual violence is coded whoever commits it.

    Args:
        etype: the mention's event type.
        subtype: its sub-type.
        window: its sentence and the sentences around it.
        rules: the reality rules.
        trigger: the trigger's lemma: a battle is checked only when its word also names an
            ordinary fight or crime (``crime_lemmas``: "fought with officers", "murder").
        organised: whether an actor or target is a named group, country or people.
    """
    lemmas = _words(window)
    if subtype == "Arrests":
        return not lemmas & rules.political_arrest
    if etype == "Organized crime":
        return not lemmas & rules.organised_crime
    if organised:
        return False
    if etype == "Battles" and trigger not in rules.crime_lemmas:
        return False
    if etype == "Battles" or subtype in _CRIME_SUBTYPES:
        return not lemmas & rules.political_violence
    return False


def outside_conflict(subtype: str | None, window: Sequence[Span], rules: RealityRules) -> bool:
    """An agreement or a change to a group's activity with no armed actor or conflict word
    near it: the codebook's Agreement is one between conflict actors (a ceasefire, an
    evacuation deal, a prisoner exchange), its Change to group/activity an armed group's (a
    relocation, a recruitment drive); a trade deal, a coalition agreement, a rescue team
    deployed are not coded (``conflict_words`` with ``political_violence``; an agreement
    needs a ``conflict_agreement`` word: a non-state armed actor or a ceasefire's kind).

    Args:
        subtype: the mention's sub-type.
        window: its sentence and the sentences around it.
        rules: the reality rules.
    """
    if subtype == "Agreement":
        return not _words(window) & rules.conflict_agreement
    if subtype not in _CONFLICT_SUBTYPES:
        return False
    return not _words(window) & (rules.political_violence | rules.conflict_words)


def everyday_accident(trigger: str, window: Sequence[Span], rules: RealityRules) -> bool:
    """A crash, a fire, an accident with no sign of harm beyond one vehicle or one house.

    Args:
        trigger: the trigger's lemma.
        window: its sentence and the sentences around it.
        rules: the reality rules.
    """
    if trigger not in rules.everyday_accidents:
        return False
    return not _words(window) & rules.accident_scale


__all__ = ["everyday_accident", "ordinary_crime", "outside_conflict"]
