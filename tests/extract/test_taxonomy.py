"""The event taxonomy: ACLED's 6 types and 25 sub-types, and the flagged non-ACLED family."""

from __future__ import annotations

from collections import Counter

from storyline.extract.events.lexicon import load_lexicon
from storyline.extract.taxonomy import load_taxonomy


def test_taxonomy_has_acleds_types_and_sub_types():
    tax = load_taxonomy()
    acled = [k for k in tax.kinds if k.acled]
    assert len(acled) == 25
    assert set(tax.acled_types) == {
        "Battles", "Protests", "Riots", "Explosions/Remote violence",
        "Violence against civilians", "Strategic developments",
    }  # fmt: skip
    per_type = Counter(k.type for k in acled)
    assert per_type["Explosions/Remote violence"] == 6
    assert per_type["Strategic developments"] == 8
    assert all(k.definition and k.disorder_type for k in acled)


def test_taxonomy_disorder_types():
    tax = load_taxonomy()
    assert tax.disorder_type("Battles", "Armed clash") == "Political violence"
    assert tax.disorder_type("Protests", "Peaceful protest") == "Demonstrations"
    assert tax.disorder_type("Strategic developments", "Arrests") == "Strategic developments"
    assert (
        tax.disorder_type("Protests", "Excessive force against protesters")
        == "Political violence; Demonstrations"
    )


def test_taxonomy_non_acled_family_is_flagged():
    tax = load_taxonomy()
    others = [k for k in tax.kinds if not k.acled]
    assert {k.type for k in others} == {
        "Organized crime", "Natural disaster", "Man-made disaster", "Diplomatic event",
        "Attribution of responsibility",
    }  # fmt: skip
    assert not tax.is_acled("Natural disaster", "Natural disaster")
    assert tax.disorder_type("Natural disaster", None) is None
    assert tax.is_acled("Riots", "Mob violence")
    assert not tax.is_acled("Strategic developments", "Coup attempt")


def test_taxonomy_holds_every_kind_the_triggers_give():
    tax, lex = load_taxonomy(), load_lexicon()
    kinds = {(r.type, r.subtype) for r in lex.rules}
    kinds |= {r.otherwise for r in lex.rules if r.otherwise}
    kinds |= {(r.type, r.government_subtype) for r in lex.rules if r.government_subtype}
    assert [k for k in kinds if tax.get(*k) is None] == []
