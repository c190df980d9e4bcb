"""Cross-document entity resolution on MEANTIME dev: pairwise precision and recall.

Gold: MEANTIME's cross-document instances (``REFERS_TO`` links from entity mentions to an
``ENTITY`` with an ``instance_id``). Each document's named mentions (``syntactic_type="NAM"``)
of one instance make one document entity: its longest mention is its name, its other mentions
its aliases, the other document entities its context. Documents are linked one after another
with :func:`storyline.resolve.linking.link_entity`, as ``storyline ingest`` does, against an
in-memory index blocked like the store's candidate query. Pairs are document-entity pairs from
different documents: gold-same when they share an instance, predicted-same when they were
linked to one entity. This measures resolution alone (gold mentions, not the NER model).

Usage: python scripts/eval_coref.py [--shared ../shared] [--threshold 0.88]
"""

from __future__ import annotations

import argparse
import itertools
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Any

from storyline.config import get_settings
from storyline.resolve.linking import Candidate, EntityRecord, blocking_keys, link_entity
from storyline.resolve.translit import name_key

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "PRO": "PRODUCT", "FIN": "MONEY"}


def read_document(path: Path) -> list[dict[str, Any]]:
    """The document entities of one MEANTIME file: ``instance name names label``."""
    root = ET.parse(path).getroot()
    tokens = {t.get("t_id"): t.text or "" for t in root.iter("token")}
    mentions: dict[str, tuple[str, bool]] = {}
    for m in root.iter("ENTITY_MENTION"):
        ids = [a.get("t_id") for a in m.iter("token_anchor")]
        words = " ".join(tokens.get(i, "") for i in ids)
        mentions[m.get("m_id", "")] = (words, m.get("syntactic_type") == "NAM")
    instances = {
        e.get("m_id"): (e.get("instance_id"), e.get("ent_type", ""))
        for e in root.iter("ENTITY")
        if e.get("instance_id")
    }
    grouped: dict[str, dict[str, Any]] = {}
    for link in root.iter("REFERS_TO"):
        target = link.find("target")
        if target is None or target.get("m_id") not in instances:
            continue
        instance, etype = instances[target.get("m_id")]
        for source in link.findall("source"):
            words, named = mentions.get(source.get("m_id", ""), ("", False))
            if not named or not words.strip():
                continue
            entry = grouped.setdefault(instance, {"instance": instance, "names": [], "type": etype})
            entry["names"].append(words)
    out = []
    for entry in grouped.values():
        names = sorted(set(entry["names"]), key=lambda n: (-len(n), n))
        out.append(
            {
                "instance": entry["instance"],
                "name": names[0],
                "names": names,
                "label": LABELS.get(entry["type"], "ORG"),
            }
        )
    return out


def run_linker(docs: list[list[dict[str, Any]]], threshold: float) -> list[list[int]]:
    """Link every document's entities in order; returns the entity id of each."""
    entities: list[dict[str, Any]] = []
    index: dict[str, set[int]] = defaultdict(set)
    assigned: list[list[int]] = []
    for doc in docs:
        keys = {e["instance"]: name_key(e["name"]) for e in doc}
        ids = []
        for ent in doc:
            context = frozenset(k for i, k in keys.items() if i != ent["instance"] and k)
            record = EntityRecord("x", ent["name"], ent["label"], tuple(ent["names"]), context)
            block = blocking_keys(ent["names"])
            cand_ids = set()
            for value in itertools.chain(block.keys, block.skeletons, block.words):
                cand_ids |= index.get(value, set())
            candidates = [
                Candidate(
                    i,
                    entities[i]["name"],
                    entities[i]["label"],
                    tuple(entities[i]["names"]),
                    frozenset(entities[i]["context"]),
                )
                for i in sorted(cand_ids)
            ]
            link = link_entity(record, candidates, threshold)
            if link.entity_id is None:
                eid = len(entities)
                entities.append(
                    {"name": ent["name"], "label": ent["label"], "names": [], "context": set()}
                )
            else:
                eid = link.entity_id
            target = entities[eid]
            target["names"] = list(dict.fromkeys([*target["names"], *ent["names"]]))
            target["context"] |= context
            for name in ent["names"]:
                b = blocking_keys([name])
                for value in itertools.chain(b.keys, b.skeletons, b.words):
                    index[value].add(eid)
            ids.append(eid)
        assigned.append(ids)
    return assigned


def pairwise(docs: list[list[dict[str, Any]]], assigned: list[list[int]]) -> dict[str, float]:
    """Pairwise precision, recall and F1 over cross-document pairs of document entities."""
    items = [
        (d, ent["instance"], eid)
        for d, (doc, ids) in enumerate(zip(docs, assigned, strict=True))
        for ent, eid in zip(doc, ids, strict=True)
    ]
    tp = fp = fn = 0
    for (d1, g1, p1), (d2, g2, p2) in itertools.combinations(items, 2):
        if d1 == d2:
            continue
        gold, pred = g1 == g2, p1 == p2
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "gold_pairs": tp + fn,
    }


def exact_name_baseline(docs: list[list[dict[str, Any]]]) -> list[list[int]]:
    """Link by identical (case-folded) canonical name only."""
    ids: dict[str, int] = {}
    return [[ids.setdefault(e["name"].casefold(), len(ids)) for e in doc] for doc in docs]


def evaluate_crossdoc(shared: Path, thresholds: tuple[float, ...] | None = None) -> dict[str, Any]:
    """Pairwise P/R of cross-document entity resolution on MEANTIME dev REFERS_TO instances."""
    folder = shared / "data" / "meantime_dev" / "intra_cross-doc_annotation"
    files = sorted(folder.glob("*/*.xml"))
    docs = [read_document(f) for f in files]
    default = get_settings().resolve_threshold
    result: dict[str, Any] = {
        "documents": len(docs),
        "document_entities": sum(len(d) for d in docs),
        "instances": len({e["instance"] for d in docs for e in d}),
        "threshold": default,
        "storyline": pairwise(docs, run_linker(docs, default)),
        "baseline_exact_name": pairwise(docs, exact_name_baseline(docs)),
        "sweep": {},
    }
    for t in thresholds or (0.8, 0.85, 0.88, 0.92, 0.95):
        result["sweep"][str(t)] = pairwise(docs, run_linker(docs, t))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    args = parser.parse_args()
    print(json.dumps(evaluate_crossdoc(args.shared), indent=2))


if __name__ == "__main__":
    main()
