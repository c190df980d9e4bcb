"""Document linking: alias merging with reasons, label votes, canonical names."""

from __future__ import annotations

import pytest

from storyline.records import Evidence, NamedMention
from storyline.resolve.aliases import AliasTable
from storyline.resolve.linker import DocumentLinker

TABLE = AliasTable(
    [
        ("Hezbollah", "ORG", ["Hizbollah", "Hizballah", "Party of God"]),
        ("United Nations", "ORG", ["UN", "U.N."]),
    ],
    frozenset({"organization", "movement"}),
)


def linker() -> DocumentLinker:
    return DocumentLinker(None, TABLE)


def mentions(*items: tuple[str, str], evidence: dict[str, Evidence] | None = None):
    out, pos = [], 0
    for text, label in items:
        known = TABLE.known(text)
        ev = (evidence or {}).get(text)
        out.append(
            NamedMention(
                pos, pos + len(text), text, label, (ev,) if ev else (), known[0] if known else None
            )
        )
        pos += len(text) + 10
    return out


def groups(ents):
    return sorted(sorted(m.text for m in e.mentions) for e in ents)


@pytest.mark.parametrize(
    ("items", "together", "reason"),
    [
        ((("Muammar Gaddafi", "PERSON"), ("Gaddafi", "ORG")), True, "partial name"),
        ((("Juan Carlos Rivera", "PERSON"), ("Rivera", "PERSON")), True, "partial name"),
        ((("Benghazi", "GPE"), ("Banghazi", "PERSON")), True, "transliteration"),
        (
            (("Abu Mohammed al-Adnani", "PERSON"), ("Abu Muhammad Al Adnani", "NORP")),
            True,
            "transliteration",
        ),
        ((("al-Fallujah", "GPE"), ("Fallujah", "GPE")), True, "article"),
        ((("Rapid Support Forces", "ORG"), ("RSF", "ORG")), True, "acronym"),
        ((("Nile River", "LOC"), ("Nile", "ORG")), True, "generic term"),
        ((("Hizbollah", "ORG"), ("Hezbollah", "PERSON")), True, "alias table"),
        ((("U.N.", "ORG"), ("United Nations", "ORG")), True, "alias table"),
        ((("Globex Corp.", "ORG"), ("Globex", "ORG")), True, "generic term"),
        ((("Maria Lopez", "PERSON"), ("Carlos Mendes", "PERSON")), False, None),
        ((("Rafah", "GPE"), ("Rifai", "PERSON")), False, None),
    ],
)
def test_linker_merges_aliases_with_reason(items, together, reason):
    ents = linker().link(mentions(*items), "")
    assert (len(ents) == 1) is together
    if together:
        reasons = {a.reason for a in ents[0].aliases}
        assert reason in reasons and "canonical" in reasons


def test_linker_partial_name_goes_to_nearest_preceding_full_name():
    ms = mentions(
        ("Bashar Haddad", "PERSON"),
        ("Nadia Haddad", "PERSON"),
        ("Haddad", "PERSON"),
    )
    ents = linker().link(ms, "")
    holder = next(e for e in ents if any(m.text == "Haddad" for m in e.mentions))
    assert holder.name == "Nadia Haddad"


def test_linker_votes_one_label_by_evidence():
    ms = mentions(
        ("Tal Rifaat", "ORG"),
        ("Tal Rifaat", "PERSON"),
        ("Tal Rifaat", "ORG"),
        evidence={"Tal Rifaat": Evidence("GPE", 3.0, "after 'town of'")},
    )
    (ent,) = linker().link(ms, "")
    assert ent.label == "GPE" and len(ent.mentions) == 3


def test_linker_person_wins_over_org_for_a_named_person():
    ms = mentions(
        ("Omar Bashir Khalil", "PERSON"),
        ("Khalil", "ORG"),
        ("Khalil", "ORG"),
        ("Khalil", "ORG"),
    )
    (ent,) = linker().link(ms, "")
    assert ent.label == "PERSON" and ent.name == "Omar Bashir Khalil"


def test_linker_uses_alias_table_canonical_name():
    (ent,) = linker().link(mentions(("Hizballah", "ORG")), "")
    assert ent.name == "Hezbollah"


def test_linker_ids_follow_first_mention_and_cover_every_mention():
    ms = mentions(("Lagos", "GPE"), ("Ada Obi", "PERSON"), ("Obi", "PERSON"), ("Lagos", "GPE"))
    ents = linker().link(ms, "")
    assert [e.id for e in ents] == ["e1", "e2"]
    assert sum(len(e.mentions) for e in ents) == 4
    assert groups(ents) == [["Ada Obi", "Obi"], ["Lagos", "Lagos"]]
