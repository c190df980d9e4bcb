"""Readers for the gold corpora in ``../shared/data``: MEANTIME (CAT XML) and GeoVirus.

Each reader returns small frozen records with the article text, its publication date and
the gold spans as character offsets into that text, so that scoring compares offsets only.

MEANTIME ships tokens, not text: :func:`detokenize` rebuilds readable text (spaces between
tokens, none before closing punctuation or after opening brackets, one line per sentence)
and keeps every token's offsets, which is what the gold spans are mapped through.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

MEANTIME_GLOB = "data/meantime_dev/intra_cross-doc_annotation/corpus_*/*.xml"
GEOVIRUS_PATH = "data/geovirus_dev/GeoVirus-dev.xml"

#: MEANTIME annotates the opening of each article in full (title, date line and the first
#: sentences: indices 0-5, sometimes 6) and only cross-document instances after it. Scores
#: that need exhaustive gold stop at the last sentence with document-level annotation.
MIN_ANNOTATED_SENTENCE = 5

#: MEANTIME syntactic types of named mentions ("US" in "the US government" is PRE.NAM).
NAMED_TYPES = frozenset({"NAM", "PRE.NAM"})
#: MEANTIME entity types that news NER scores (PRO, FIN and MIX are not names of people,
#: organisations or places).
NER_TYPES = frozenset({"PER", "ORG", "LOC"})

_NO_SPACE_BEFORE = frozenset(", . ; : ! ? ) ] } % 's 'S n't 're 've 'll 'd 'm ... '".split())
_NO_SPACE_AFTER = frozenset("( [ { $ US$ #".split())
_QUOTES = frozenset({'"', "``", "''"})


@dataclass(frozen=True)
class GoldMention:
    """An entity mention of MEANTIME, with the type of the entity it refers to."""

    start: int
    end: int
    text: str
    type: str | None  # PER ORG LOC PRO FIN MIX, None when it refers to nothing typed
    syntactic_type: str | None  # NAM PRE.NAM NOM PRO APP CONJ ...; None: added cross-document
    entity: str | None  # the entity it refers to: instance id when cross-document, else m_id

    @property
    def named(self) -> bool:
        return self.syntactic_type in NAMED_TYPES


@dataclass(frozen=True)
class GoldTimex:
    """A TIMEX3 of MEANTIME (the creation time included, ``function == "CREATION_TIME"``)."""

    start: int
    end: int
    text: str
    type: str  # DATE TIME DURATION SET
    value: str
    function: str  # CREATION_TIME, NONE, ...


@dataclass(frozen=True)
class GoldDoc:
    """One MEANTIME article: rebuilt text, publication date, gold mentions and times."""

    id: str
    name: str
    corpus: str
    text: str
    published: date | None
    mentions: tuple[GoldMention, ...]
    timexes: tuple[GoldTimex, ...]
    annotated_end: int  # offset where the exhaustively annotated opening ends

    def ner_gold(self) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
        """The NER gold of the annotated opening: (spans, ignore regions).

        Spans are the named (NAM, PRE.NAM) PER/ORG/LOC mentions as (start, end, type) that
        hold no other such mention. The rest of the named mentions become regions where a
        prediction is neither right nor wrong: appositions and coordinations annotated as one
        name ("Airbus parent EADS" around "Airbus" and "EADS"), names of products, money or
        mixed entities, and names linked to no entity.
        """
        named = {
            (m.start, m.end, m.type)
            for m in self.mentions
            if m.named and m.start < self.annotated_end
        }
        typed = [(s, e, t) for s, e, t in named if t in NER_TYPES]
        spans: list[tuple[int, int, str]] = []
        ignore: list[tuple[int, int]] = []
        for s, e, t in typed:
            outer = any((s, e) != (s2, e2) and s <= s2 and e2 <= e for s2, e2, _ in typed)
            if outer:
                ignore.append((s, e))
            else:
                spans.append((s, e, str(t)))
        ignore.extend((s, e) for s, e, t in named if t not in NER_TYPES)
        return sorted(set(spans)), sorted(set(ignore))


@dataclass(frozen=True)
class GoldLocation:
    """A toponym of GeoVirus with its coordinates."""

    start: int
    end: int
    name: str
    lat: float
    lon: float
    page: str | None


@dataclass(frozen=True)
class GoldGeoDoc:
    """One GeoVirus article (a Wikinews passage) and its toponyms."""

    id: str
    source: str
    text: str
    published: date | None
    locations: tuple[GoldLocation, ...]


def detokenize(
    tokens: Sequence[tuple[int, str]],
) -> tuple[str, list[tuple[int, int]]]:
    """Rebuild text from (sentence number, token) pairs.

    Returns:
        The text and, for each token in order, its (start, end) offsets in it.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    prev_sentence: int | None = None
    prev_token = ""
    quote_open = False
    for sentence, token in tokens:
        if prev_sentence is None:
            sep = ""
        elif sentence != prev_sentence:
            sep = "\n"
            quote_open = False
        elif token in _QUOTES:
            sep = " " if not quote_open else ""
        elif token in _NO_SPACE_BEFORE or prev_token in _NO_SPACE_AFTER:
            sep = ""
        elif prev_token in _QUOTES and quote_open:
            sep = ""
        else:
            sep = " "
        if token in _QUOTES:
            quote_open = not quote_open
        parts.append(sep)
        pos += len(sep)
        parts.append(token)
        offsets.append((pos, pos + len(token)))
        pos += len(token)
        prev_sentence = sentence
        prev_token = token
    return "".join(parts), offsets


def _anchor_span(
    element: ET.Element, index: dict[str, int], offsets: list[tuple[int, int]]
) -> tuple[int, int] | None:
    ids = [a.get("t_id", "") for a in element.findall("token_anchor")]
    positions = sorted(index[t] for t in ids if t in index)
    if not positions:
        return None
    return offsets[positions[0]][0], offsets[positions[-1]][1]


def read_meantime_file(path: Path) -> GoldDoc:
    """Read one MEANTIME CAT XML file."""
    root = ET.parse(path).getroot()
    tokens = root.findall("token")
    tokens.sort(key=lambda t: (int(t.get("sentence", 0)), int(t.get("number", 0))))
    sentences = [int(t.get("sentence", 0)) for t in tokens]
    text, offsets = detokenize([(n, t.text or "") for n, t in zip(sentences, tokens, strict=True)])
    index = {t.get("t_id", ""): i for i, t in enumerate(tokens)}

    markables = root.find("Markables")
    relations = root.find("Relations")
    entities: dict[str, tuple[str | None, str | None]] = {}  # m_id -> (type, instance key)
    for ent in markables.findall("ENTITY") if markables is not None else []:
        m_id = ent.get("m_id", "")
        entities[m_id] = (ent.get("ent_type", ""), ent.get("instance_id") or f"local:{m_id}")
    refers: dict[str, str] = {}  # mention m_id -> entity m_id
    for rel in relations.findall("REFERS_TO") if relations is not None else []:
        target = rel.find("target")
        if target is None:
            continue
        for source in rel.findall("source"):
            refers[source.get("m_id", "")] = target.get("m_id", "")

    mentions: list[GoldMention] = []
    timexes: list[GoldTimex] = []
    published: date | None = None
    last_annotated = MIN_ANNOTATED_SENTENCE
    for el in markables if markables is not None else []:
        if el.get("syntactic_type") is not None or el.get("pos") is not None or el.tag == "TIMEX3":
            anchored = [index.get(a.get("t_id", ""), -1) for a in el.findall("token_anchor")]
            last_annotated = max([last_annotated] + [sentences[i] for i in anchored if i >= 0])
        if el.tag == "ENTITY_MENTION":
            span = _anchor_span(el, index, offsets)
            if span is None:
                continue
            m_id = el.get("m_id", "")
            ent_type, instance = entities.get(refers.get(m_id, ""), (None, None))
            mentions.append(
                GoldMention(
                    start=span[0],
                    end=span[1],
                    text=text[span[0] : span[1]],
                    type=ent_type or el.get("ent_type") or None,
                    syntactic_type=el.get("syntactic_type"),
                    entity=instance,
                )
            )
        elif el.tag == "TIMEX3":
            function = el.get("functionInDocument", "NONE")
            value = el.get("value", "")
            if function == "CREATION_TIME" and published is None:
                published = _parse_day(value)
            span = _anchor_span(el, index, offsets)
            if span is None:
                continue
            timexes.append(
                GoldTimex(
                    start=span[0],
                    end=span[1],
                    text=text[span[0] : span[1]],
                    type=el.get("type", ""),
                    value=value,
                    function=function,
                )
            )
    mentions.sort(key=lambda m: (m.start, m.end))
    timexes.sort(key=lambda t: (t.start, t.end))
    in_opening = [
        end for (_, end), n in zip(offsets, sentences, strict=True) if n <= last_annotated
    ]
    return GoldDoc(
        id=root.get("doc_id", path.stem),
        name=root.get("doc_name", path.stem),
        corpus=path.parent.name.removeprefix("corpus_"),
        text=text,
        published=published,
        mentions=tuple(mentions),
        timexes=tuple(timexes),
        annotated_end=max(in_opening, default=len(text)),
    )


def _parse_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def read_meantime(shared: Path) -> list[GoldDoc]:
    """Every MEANTIME article under ``shared/data/meantime_dev``, sorted by file name.

    Raises:
        FileNotFoundError: when the folder holds no MEANTIME file.
    """
    paths = sorted(Path(shared).glob(MEANTIME_GLOB))
    if not paths:
        raise FileNotFoundError(f"no MEANTIME files at {Path(shared) / MEANTIME_GLOB}")
    return [read_meantime_file(p) for p in paths]


def _align(text: str, name: str, start: int, end: int) -> tuple[int, int]:
    """Offsets where ``name`` really is: the GeoVirus file counts from 1 (every span in the
    dev file is one character late), so try the given offsets, then one and two earlier."""
    for shift in (0, -1, 1, -2):
        if text[start + shift : end + shift] == name:
            return start + shift, end + shift
    return start, end


def read_geovirus(shared: Path) -> list[GoldGeoDoc]:
    """Every GeoVirus article of ``shared/data/geovirus_dev/GeoVirus-dev.xml``, in file order.

    Raises:
        FileNotFoundError: when the file is missing.
    """
    path = Path(shared) / GEOVIRUS_PATH
    if not path.exists():
        raise FileNotFoundError(f"no GeoVirus file at {path}")
    docs: list[GoldGeoDoc] = []
    for i, art in enumerate(ET.parse(path).getroot().iter("article"), 1):
        text = art.findtext("text") or ""
        locations = []
        for loc in art.iter("location"):
            start, end = int(loc.findtext("start") or 0), int(loc.findtext("end") or 0)
            name = loc.findtext("name") or text[start:end]
            start, end = _align(text, name, start, end)
            locations.append(
                GoldLocation(
                    start=start,
                    end=end,
                    name=name,
                    lat=float(loc.findtext("lat") or "nan"),
                    lon=float(loc.findtext("lon") or "nan"),
                    page=loc.findtext("page"),
                )
            )
        locations.sort(key=lambda g: (g.start, g.end))
        docs.append(
            GoldGeoDoc(
                id=f"geovirus-{i:03d}",
                source=art.findtext("source") or "",
                text=text,
                published=None,
                locations=tuple(locations),
            )
        )
    return docs


__all__ = [
    "NAMED_TYPES",
    "NER_TYPES",
    "GoldDoc",
    "GoldGeoDoc",
    "GoldLocation",
    "GoldMention",
    "GoldTimex",
    "detokenize",
    "read_geovirus",
    "read_meantime",
    "read_meantime_file",
]
