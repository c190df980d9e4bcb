"""Cross-document entity resolution: names, context, labels, threshold."""

from __future__ import annotations

import pytest

from storyline.resolve.linking import Candidate, EntityRecord, Rules, link_entity, score_pair
from storyline.resolve.translit import name_key

MALI = frozenset({name_key(n) for n in ("Kidal", "Gao", "Bamako", "Malian army")})
PARIS = frozenset({name_key(n) for n in ("Paris", "Louvre", "Sorbonne")})


def rec(name, label="PERSON", context=frozenset(), names=()):
    return EntityRecord("e1", name, label, names or (name,), context)


def cand(name, label="PERSON", context=frozenset(), names=(), id_=7):
    return Candidate(id_, name, label, names or (name,), context)


@pytest.mark.parametrize(
    ("new", "known"),
    [
        ("Muammar Gaddafi", "Moammar Qadhafi"),
        ("Mohammed al-Hassan", "Muhammad Hassan"),
        ("Abdelkader Ould Mahmoud", "Abdulqadir Ould Mahmud"),
        ("Ahmed Ag Bibi", "Ahmed Ag Bibi"),
    ],
)
def test_linking_same_person_across_spellings_merges(new, known):
    link = link_entity(rec(new, context=MALI), [cand(known, context=MALI)], threshold=0.88)
    assert link.entity_id == 7
    assert link.score >= 0.88
    assert link.reason


@pytest.mark.parametrize(
    ("new", "known"),
    [
        ("Amadou Diallo", "Amidou Diallo"),
        ("Jean Marie Traore", "Jean Mario Traore"),
        ("Fatima Kone", "Fatou Kone"),
    ],
)
def test_linking_similar_names_in_different_contexts_stay_apart(new, known):
    link = link_entity(rec(new, context=MALI), [cand(known, context=PARIS)], threshold=0.88)
    assert link.entity_id is None


@pytest.mark.parametrize(
    ("new", "known"),
    [("Amadou Diallo", "Amidou Diallo"), ("Jean Marie Traore", "Jean Mario Traore")],
)
def test_linking_similar_names_in_the_same_context_merge(new, known):
    link = link_entity(rec(new, context=MALI), [cand(known, context=MALI)], threshold=0.88)
    assert link.entity_id == 7


def test_linking_label_clash_keeps_apart():
    link = link_entity(rec("Jordan", "PERSON", MALI), [cand("Jordan", "GPE", MALI)], threshold=0.88)
    assert link.entity_id is None


def test_linking_partial_name_needs_context():
    known = [cand("Ibrahim Boubacar Keita", context=MALI)]
    assert link_entity(rec("Keita", context=MALI), known, 0.88).entity_id == 7
    assert link_entity(rec("Keita", context=PARIS), known, 0.88).entity_id is None


def test_linking_threshold_trades_precision_for_recall():
    pairs = [
        (rec("Amadou Diallo", context=MALI), cand("Amidou Diallo", context=frozenset())),
        (rec("Muammar Gaddafi"), cand("Moammar Qadhafi")),
        (rec("Keita", context=MALI), cand("Ibrahim Boubacar Keita", context=MALI)),
    ]
    merged = {
        t: sum(link_entity(r, [c], t).entity_id is not None for r, c in pairs)
        for t in (0.8, 0.88, 0.95)
    }
    assert merged[0.8] >= merged[0.88] >= merged[0.95]
    assert merged[0.8] > merged[0.95]


def test_linking_manual_rules_win():
    known = [cand("Halima Osei", id_=3)]
    rules = Rules(merges={name_key("H. Mensah"): name_key("Halima Osei")})
    assert link_entity(rec("H. Mensah"), known, 0.88, rules).reason == "manual merge"
    split = Rules(splits=frozenset({(name_key("Halima Osei"), name_key("Halima Osei"))}))
    assert link_entity(rec("Halima Osei"), known, 0.88, split).entity_id is None


def test_linking_score_records_reason():
    score, reason = score_pair(rec("Muammar Gaddafi"), cand("Moammar Qadhafi"))
    assert 0.0 < score <= 1.0
    assert "transliteration" in reason or "spelling" in reason


def test_linking_link_carries_the_reason_of_its_best_pair():
    record = rec("Halima Osei")
    known = [cand("Halima Obeng", id_=4), cand("Halima Osei", id_=9)]
    link = link_entity(record, known, 0.5)
    assert link.entity_id == 9
    assert (link.score, link.reason) == (
        round(score_pair(record, known[1])[0], 4),
        score_pair(record, known[1])[1],
    )
    assert score_pair(record, known[0], explain=False) == (score_pair(record, known[0])[0], "")


def test_linking_context_without_own_names_is_the_overlap_of_what_is_left():
    import random

    from storyline.resolve.linking import _context_without, context_overlap

    rng = random.Random(11)
    keys = [f"k{i}" for i in range(12)]
    for _ in range(500):
        a, b, own = (frozenset(rng.sample(keys, rng.randint(0, 8))) for _ in range(3))
        assert _context_without(a, b, own) == context_overlap(a - own, b - own)
