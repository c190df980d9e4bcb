"""The alias table of well-known organisations (``data/org_aliases.tsv``).

Maps the many names of one organisation ("Hizbullah", "Party of God", "Hezbollah") onto one
canonical name and label. Acronyms match case-sensitively (so "AP" is not "ap"); other
aliases match case- and accent-folded, apostrophes ignored ("Kata'ib" = "Kataib").
"""

from __future__ import annotations

import csv
from functools import lru_cache

from ..datafiles import read_json, table_lines
from ..errors import ResolveError
from .translit import fold

ACRONYM_MAX = 7


def _acronym_form(name: str) -> str | None:
    """``U.N.`` and ``UN`` both give ``UN``; None when the name is not written as an acronym."""
    bare = name.replace(".", "").replace(" ", "")
    if 2 <= len(bare) <= ACRONYM_MAX and bare.isupper() and bare.isalpha():
        return bare
    return None


class AliasTable:
    """Lookup of well-known names: ``known("Hizballah") -> ("Hezbollah", "ORG")``."""

    def __init__(self, rows: list[tuple[str, str, list[str]]], generics: frozenset[str]) -> None:
        self.acronyms: dict[str, tuple[str, str]] = {}
        self.names: dict[str, tuple[str, str]] = {}
        self.generics = generics
        #: first folded word of every alias -> most words an alias starting with it has
        self.first_words: dict[str, int] = {}
        for canonical, label, aliases in rows:
            for alias in [canonical, *aliases]:
                acro = _acronym_form(alias)
                if acro is not None:
                    self.acronyms.setdefault(acro, (canonical, label))
                else:
                    key = _key(alias)
                    self.names.setdefault(key, (canonical, label))
                    words = key.split()
                    if words:
                        self.first_words[words[0]] = max(
                            self.first_words.get(words[0], 0), len(words)
                        )

    def known(self, name: str) -> tuple[str, str] | None:
        """``(canonical, label)`` for a well-known name, else None."""
        acro = _acronym_form(name)
        if acro is not None:
            return self.acronyms.get(acro)
        if name.islower():
            return None
        key = _key(name)
        hit = self.names.get(key)
        if hit is None:
            words = key.split()
            if len(words) > 1 and words[-1] in self.generics:
                hit = self.names.get(" ".join(words[:-1]))
        return hit

    def max_words_from(self, word: str) -> int:
        """How many words a known name starting with ``word`` can have (0: none starts so)."""
        if _acronym_form(word) is not None and word.replace(".", "") in self.acronyms:
            return 1
        return self.first_words.get(_key(word).split()[0] if _key(word) else "", 0)

    def __len__(self) -> int:
        return len(self.names) + len(self.acronyms)


def _key(name: str) -> str:
    key = fold(name)
    return key[4:] if key.startswith("the ") else key


@lru_cache(maxsize=1)
def load_alias_table() -> AliasTable:
    """The packaged alias table (read once).

    Raises:
        ResolveError: E204 when the data file is missing or malformed.
    """
    lines = table_lines("org_aliases.tsv", ResolveError)
    cues = read_json("entity_cues.json", ResolveError)
    rows = []
    for rec in csv.DictReader(lines, delimiter="\t"):
        aliases = [a.strip() for a in (rec.get("aliases") or "").split("|") if a.strip()]
        rows.append((rec["canonical"].strip(), rec["label"].strip(), aliases))
    return AliasTable(rows, frozenset(cues["org_generics"]))


__all__ = ["AliasTable", "load_alias_table"]
