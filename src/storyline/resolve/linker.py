"""In-document entity linking: merge a document's name mentions into entities, vote their
labels, choose canonical names, and place the places.

Registered in spaCy's registry as ``storyline.document_linker.v1`` (an entry point in
``pyproject.toml``), so the ``storyline_entities`` component gets it without ``extract``
importing ``resolve``.

Merge rules, each recorded as the alias's ``reason``:

- ``same name``: equal after case, accent, apostrophe and leading-"the" folding;
- ``alias table``: both names of one well-known organisation (``data/org_aliases.tsv``);
- ``transliteration``: equal transliteration keys (``translit.name_key``: ou/u/o, dh/z,
  doubled letters, al-/el- articles, apostrophes and ayn marks), or the same consonant
  skeleton and similarity >= 0.85 with compatible labels;
- ``generic term``: the same name with or without a generic word ("X River", "Lake X");
- ``acronym``: "NLF" for "National Liberation Front" (initials of the content words);
- ``partial name``: the last name(s) of a person's full name ("Garcia" for "Maria Lopez
  Garcia"), attached to the nearest preceding full name when several fit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.util import registry

from ..datafiles import read_json
from ..errors import ResolveError
from ..records import Alias, Entity, Evidence, Mention, NamedMention
from .aliases import AliasTable, load_alias_table
from .gazetteer import Candidate, Gazetteer
from .places import DocumentPlacer
from .translit import fold, name_key, similarity, skeleton

#: Model label priors: the small model over-uses ORG and NORP on unfamiliar names.
MODEL_WEIGHT = {"PERSON": 1.0, "GPE": 1.0, "LOC": 1.0, "FAC": 1.0, "ORG": 0.8, "NORP": 0.7}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
FUZZY_MIN = 0.85


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    cues: dict[str, Any] = read_json("entity_cues.json", ResolveError)
    return cues


@dataclass
class _Name:
    """One distinct name (folded) of the document and its mentions."""

    key: str
    mentions: list[NamedMention]
    words: list[str] = field(default_factory=list)  # name_key words
    first: int = 0

    @property
    def text(self) -> str:
        return self.mentions[0].text

    def labels(self) -> set[str]:
        return {m.label for m in self.mentions} | {
            e.label for m in self.mentions for e in m.evidence if e.weight >= 1.5
        }


def _own_reason(name: _Name) -> str:
    """Why a name merged with nothing else still differs from its entity's canonical name."""
    return "alias table" if any(m.known_as for m in name.mentions) else "same name"


class DocumentLinker:
    """Implements :class:`storyline.records.EntityLinker` with the gazetteer and alias table."""

    def __init__(self, gazetteer: Gazetteer | None, aliases: AliasTable) -> None:
        self.gazetteer = gazetteer
        self.aliases = aliases
        cues = _cues()
        self.feature_generics = frozenset(cues["feature_generics"])
        self.corporate = frozenset(cues["corporate_suffixes"])
        self.acronym_skip = frozenset(cues["acronym_skip"])

    # -- the EntityLinker protocol ----------------------------------------------------------

    def known_name(self, name: str) -> tuple[str, str] | None:
        return self.aliases.known(name)

    def known_name_length(self, word: str) -> int:
        return self.aliases.max_words_from(word)

    def place_evidence(self, name: str) -> Evidence | None:
        best = self._best_candidate(name)
        if best is None:
            return None
        feature = best.feature
        if feature == "A.PCLI":
            return Evidence("GPE", 2.5, "gazetteer: country")
        if feature == "A.ADM2":
            return Evidence("GPE", 1.0, "gazetteer: county or district")
        if feature.startswith("A."):
            return Evidence("GPE", 2.0, "gazetteer: province or state")
        if feature.startswith(("H.", "T.", "L.", "U.", "V.")):
            return Evidence("LOC", 2.0, "gazetteer: physical feature")
        if best.population >= 100_000 or feature == "P.PPLC":
            return Evidence("GPE", 1.0, "gazetteer: city")
        if best.population >= 10_000:
            return Evidence("GPE", 0.6, "gazetteer: town")
        return Evidence("GPE", 0.3, "gazetteer: small place")

    def link(self, mentions: Sequence[NamedMention], text: str) -> list[Entity]:
        names = self._distinct(mentions)
        parent = list(range(len(names)))
        reason: dict[int, str] = {}

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(keep: int, other: int, why: str) -> None:
            a, b = find(keep), find(other)
            if a != b:
                parent[b] = a
                # an edge explains both of its names (the one kept may not be canonical)
                reason.setdefault(other, why)
                reason.setdefault(keep, why)

        self._merge_exact_rules(names, union)
        self._merge_partial_names(names, union)
        clusters: dict[int, list[int]] = defaultdict(list)
        for i in range(len(names)):
            clusters[find(i)].append(i)
        groups = sorted(clusters.values(), key=lambda g: min(names[i].first for i in g))
        entities = [
            self._entity(f"e{n}", [names[i] for i in g], reason, g) for n, g in enumerate(groups, 1)
        ]
        return self._place(entities, text)

    # -- merging ----------------------------------------------------------------------------

    def _distinct(self, mentions: Sequence[NamedMention]) -> list[_Name]:
        by_key: dict[str, _Name] = {}
        for m in sorted(mentions, key=lambda m: m.start):
            key = fold(m.text)
            key = key[4:] if key.startswith("the ") else key
            if key not in by_key:
                by_key[key] = _Name(key, [], name_key(m.text).split(), m.start)
            by_key[key].mentions.append(m)
        return list(by_key.values())

    def _merge_exact_rules(self, names: list[_Name], union: Any) -> None:
        by_known: dict[str, int] = {}
        by_nkey: dict[str, int] = {}
        by_generic: dict[str, int] = {}
        by_skeleton: dict[str, list[int]] = defaultdict(list)
        for i, name in enumerate(names):
            known = next((m.known_as for m in name.mentions if m.known_as), None)
            if known:
                if known in by_known:
                    union(by_known[known], i, "alias table")
                else:
                    by_known[known] = i
            nkey = " ".join(name.words)
            if nkey:
                if nkey in by_nkey:
                    union(by_nkey[nkey], i, self._variant_reason(names[by_nkey[nkey]], name))
                else:
                    by_nkey[nkey] = i
            words = name.key.split()
            while len(words) > 1 and words[-1] in self.corporate:
                words = words[:-1]  # "Apple Inc." is "Apple"
            core = " ".join(w for w in words if w not in self.feature_generics)
            if core and core != name.key:
                gkey = name_key(core)
                if gkey in by_nkey:
                    union(by_nkey[gkey], i, "generic term")
                by_generic.setdefault(gkey, i)
            if len(nkey) >= 4:
                by_skeleton[skeleton(name.text)].append(i)
        for i, name in enumerate(names):
            nkey = " ".join(name.words)
            if nkey in by_generic and by_generic[nkey] != i:
                union(i, by_generic[nkey], "generic term")
        for group in by_skeleton.values():
            for a_pos, a in enumerate(group):
                for b in group[a_pos + 1 :]:
                    if self._compatible(names[a], names[b]) and (
                        similarity(names[a].text, names[b].text) >= FUZZY_MIN
                    ):
                        union(a, b, "transliteration")
        self._merge_acronyms(names, union)

    def _variant_reason(self, a: _Name, b: _Name) -> str:
        """Why two names with one key merged: "article" (only "al-", "the" differ) or not."""
        particles = set(_cues()["article_particles"])

        def bare(n: _Name) -> list[str]:
            return [w for w in n.key.replace("-", " ").split() if w not in particles]

        return "article" if bare(a) == bare(b) else "transliteration"

    def _merge_acronyms(self, names: list[_Name], union: Any) -> None:
        initials: dict[str, int] = {}
        for i, name in enumerate(names):
            words = [
                w for w in name.text.replace("-", " ").split() if w.lower() not in self.acronym_skip
            ]
            if len(words) >= 2 and all(w[:1].isupper() for w in words):
                initials.setdefault("".join(w[0] for w in words).upper(), i)
        for i, name in enumerate(names):
            bare = name.text.replace(".", "")
            if bare.isupper() and bare.isalpha() and 2 <= len(bare) <= 7 and bare in initials:
                union(initials[bare], i, "acronym")

    def _merge_partial_names(self, names: list[_Name], union: Any) -> None:
        full = [i for i, n in enumerate(names) if len(n.words) >= 2 and "PERSON" in n.labels()]
        for i, short in enumerate(names):
            if not short.words:
                continue
            if self._significant_place(short) and "PERSON" not in {m.label for m in short.mentions}:
                continue
            fits = [
                j
                for j in full
                if j != i
                and len(names[j].words) > len(short.words)
                and names[j].words[-len(short.words) :] == short.words
            ]
            if not fits:
                continue
            before = [j for j in fits if names[j].first < short.first]
            pick = (
                max(before, key=lambda j: names[j].first)
                if before
                else min(fits, key=lambda j: names[j].first)
            )
            union(pick, i, "partial name")

    def _compatible(self, a: _Name, b: _Name) -> bool:
        la, lb = a.labels(), b.labels()
        if la & lb:
            return True
        placey_a, placey_b = bool(la & PLACE_LABELS), bool(lb & PLACE_LABELS)
        return placey_a == placey_b or bool((la | lb) & {"ORG"})

    def _significant_place(self, name: _Name) -> bool:
        ev = self.place_evidence(name.text)
        return ev is not None and ev.weight >= 1.0

    # -- entities ---------------------------------------------------------------------------

    def _entity(
        self, eid: str, names: list[_Name], reason: dict[int, str], ids: list[int]
    ) -> Entity:
        label = self._vote(names, reason, ids)
        canonical = self._canonical(names, label)
        mentions = sorted(
            (Mention(m.start, m.end, m.text) for n in names for m in n.mentions),
            key=lambda m: m.start,
        )
        aliases = tuple(
            Alias(n.text, "canonical" if n.text == canonical else reason.get(i, _own_reason(n)))
            for n, i in zip(names, ids, strict=True)
        )
        return Entity(eid, canonical, label, tuple(mentions), None, aliases)

    def _vote(self, names: list[_Name], reason: dict[int, str], ids: list[int]) -> str:
        score: dict[str, float] = defaultdict(float)
        for n, i in zip(names, ids, strict=True):
            for m in n.mentions:
                score[m.label] += MODEL_WEIGHT.get(m.label, 0.5)
                for ev in m.evidence:
                    score[ev.label] += ev.weight
                if reason.get(i) == "partial name":
                    score["PERSON"] += 1.0
        return max(score.items(), key=lambda kv: (kv[1], kv[0] == "PERSON"))[0]

    def _canonical(self, names: list[_Name], label: str) -> str:
        known = next((m.known_as for n in names for m in n.mentions if m.known_as), None)
        if known:
            return known
        particles = set(_cues()["article_particles"])

        def well_written(n: _Name) -> bool:
            return all(w[:1].isupper() or w.lower() in particles for w in n.text.split())

        return max(
            names,
            key=lambda n: (
                well_written(n),
                any(m.label == label for m in n.mentions),
                len(n.words),
                len(n.mentions),
                -n.first,
            ),
        ).text

    # -- places -----------------------------------------------------------------------------

    def _best_candidate(self, name: str) -> Candidate | None:
        if self.gazetteer is None:
            return None
        found = self.gazetteer.lookup(name)
        return found[0] if found else None

    def _place(self, entities: list[Entity], text: str = "") -> list[Entity]:
        """Place the place entities (see :class:`storyline.resolve.places.DocumentPlacer`)."""
        if self.gazetteer is None:
            return entities
        return DocumentPlacer(self.gazetteer).place(entities, text)


@registry.misc("storyline.document_linker.v1")  # type: ignore[untyped-decorator]
def make_document_linker(gazetteer_path: str | None = None) -> DocumentLinker:
    """The default linker: the packaged alias table and the offline gazetteer."""
    from pathlib import Path

    gaz = Gazetteer.open(Path(gazetteer_path) if gazetteer_path else None)
    return DocumentLinker(gaz, load_alias_table())


__all__ = ["DocumentLinker", "make_document_linker"]
