"""Score storyline's times on MEANTIME (dev) TIMEX3: extraction P/R/F1 and value accuracy.

Each CAT XML document is rebuilt as text from its tokens (one line per sentence), analysed
with the document creation time (DCT) as publication date, and compared with the gold
TIMEX3 spans: a predicted time matches a gold one when their tokens overlap (one to one,
in text order). The DCT itself and gold times without tokens are left out, and so are
predictions that overlap the DCT line. MEANTIME annotates times only in the title, the
date line and the first sentences (sentence numbers 0 to 5), so predictions further on are
not counted. Value accuracy counts the matched pairs whose ``value`` equals the gold value.

Usage: ``python scripts/eval_timex.py [--shared ../shared]``; ``evaluate_timex(shared, nlp)``
is what ``make eval`` calls.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storyline.extract.pipeline import build_nlp, doc_to_record, make_doc
from storyline.extract.time import normalize
from storyline.records import Article

CORPUS_GLOB = "data/meantime_dev/intra_cross-doc_annotation/corpus_*/*.xml"
ANNOTATED_SENTENCES = 6  # sentences 0..5 carry TIMEX3 annotations
_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "'s", "n't", "%", "'", "''", "'re"}
_NO_SPACE_AFTER = {"(", "[", "$", "``"}


@dataclass
class GoldDoc:
    """One MEANTIME document: text, token offsets, gold times and the DCT."""

    name: str
    text: str
    token_spans: dict[str, tuple[int, int]]
    annotated_end: int  # character offset where the annotated sentences end
    times: list[tuple[set[str], str, str]]  # token ids, type, value
    dct: date | None
    dct_tokens: set[str]


def read_document(path: Path) -> GoldDoc:
    """Rebuild the text of a CAT XML file and read its TIMEX3 annotations."""
    root = ET.parse(path).getroot()
    parts: list[str] = []
    spans: dict[str, tuple[int, int]] = {}
    pos, sentence, prev = 0, None, ""
    for tok in root.iter("token"):
        word = tok.text or ""
        if sentence is not None and tok.get("sentence") != sentence:
            parts.append("\n")
            pos += 1
        elif parts and word not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
            parts.append(" ")
            pos += 1
        spans[tok.get("t_id", "")] = (pos, pos + len(word))
        parts.append(word)
        pos += len(word)
        sentence, prev = tok.get("sentence"), word
    text = "".join(parts)
    annotated = [
        spans[t.get("t_id", "")][1]
        for t in root.iter("token")
        if int(t.get("sentence") or 0) < ANNOTATED_SENTENCES
    ]
    times: list[tuple[set[str], str, str]] = []
    dct: date | None = None
    dct_tokens: set[str] = set()
    for tx in root.iter("TIMEX3"):
        ids = {a.get("t_id", "") for a in tx.findall("token_anchor")}
        if tx.get("functionInDocument") == "CREATION_TIME":
            try:
                dct = date.fromisoformat((tx.get("value") or "")[:10])
            except ValueError:
                dct = None
            dct_tokens |= ids
        elif ids:
            times.append((ids, tx.get("type") or "", tx.get("value") or ""))
    if dct is None:  # no CREATION_TIME: the date line (sentence 1) is the DCT
        line = {t.get("t_id", "") for t in root.iter("token") if t.get("sentence") == "1"}
        words = " ".join(text[slice(*spans[i])] for i in sorted(line, key=int))
        value = normalize(words, None)
        if value.earliest is not None and value.earliest == value.latest:
            dct, dct_tokens = value.earliest, line
            times = [t for t in times if not t[0] & line]
    return GoldDoc(path.stem, text, spans, max(annotated, default=0), times, dct, dct_tokens)


def _tokens_in(doc: GoldDoc, start: int, end: int) -> set[str]:
    return {tid for tid, (s, e) in doc.token_spans.items() if s < end and start < e}


def score_document(doc: GoldDoc, predicted: list[dict[str, Any]]) -> dict[str, int]:
    """Counts for one document: predictions, gold, matches, values right."""
    preds = []
    for t in predicted:
        toks = _tokens_in(doc, t["start"], t["end"])
        if toks and not toks & doc.dct_tokens and t["start"] < doc.annotated_end:
            preds.append((toks, t))
    used: set[int] = set()
    matched = right = 0
    for gold_toks, _type, value in doc.times:
        for i, (toks, t) in enumerate(preds):
            if i not in used and toks & gold_toks:
                used.add(i)
                matched += 1
                right += int((t.get("value") or "") == value)
                break
    return {"pred": len(preds), "gold": len(doc.times), "match": matched, "value": right}


def baseline_times(nlp: Any, article: Article) -> list[dict[str, Any]]:
    """The baseline: the model's DATE/TIME spans as they are, valued by dateparser alone."""
    import dateparser

    settings: dict[str, Any] = {"RETURN_AS_TIMEZONE_AWARE": False}
    if article.published:
        d = article.published
        settings["RELATIVE_BASE"] = datetime(d.year, d.month, d.day)
    with nlp.select_pipes(enable=[n for n in nlp.pipe_names if not n.startswith("storyline")]):
        doc = nlp(article.text)
    out = []
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME"):
            parsed = dateparser.parse(ent.text, languages=["en"], settings=settings)
            value = parsed.date().isoformat() if parsed else None
            out.append({"start": ent.start_char, "end": ent.end_char, "value": value})
    return out


def evaluate_timex(shared: Path, nlp: Any, *, baseline: bool = False) -> dict[str, float]:
    """Extraction precision, recall, F1 and value accuracy on MEANTIME dev.

    Args:
        shared: the ``shared`` folder that holds ``data/meantime_dev``.
        nlp: a storyline pipeline (``build_nlp()``).
        baseline: score the baseline (model spans, dateparser values) instead.

    Returns:
        ``timex_precision``, ``timex_recall``, ``timex_f1``, ``timex_value_accuracy``
        (on matched times), ``timex_value_f1`` (strict: span and value), and counts.
    """
    totals = {"pred": 0, "gold": 0, "match": 0, "value": 0, "docs": 0}
    for path in sorted(shared.glob(CORPUS_GLOB)):
        gold = read_document(path)
        article = Article(id=gold.name, text=gold.text, published=gold.dct)
        if baseline:
            predicted = baseline_times(nlp, article)
        else:
            predicted = [t.to_dict() for t in doc_to_record(nlp(make_doc(nlp, article))).times]
        counts = score_document(gold, predicted)
        for key, n in counts.items():
            totals[key] += n
        totals["docs"] += 1
    p = totals["match"] / totals["pred"] if totals["pred"] else 0.0
    r = totals["match"] / totals["gold"] if totals["gold"] else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    vp = totals["value"] / totals["pred"] if totals["pred"] else 0.0
    vr = totals["value"] / totals["gold"] if totals["gold"] else 0.0
    return {
        "timex_precision": round(p, 3),
        "timex_recall": round(r, 3),
        "timex_f1": round(f1, 3),
        "timex_value_accuracy": round(totals["value"] / totals["match"], 3)
        if totals["match"]
        else 0.0,
        "timex_value_f1": round(2 * vp * vr / (vp + vr), 3) if vp + vr else 0.0,
        "timex_docs": float(totals["docs"]),
        "timex_gold": float(totals["gold"]),
        "timex_predicted": float(totals["pred"]),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: the setting)")
    args = parser.parse_args(argv)
    if not list(args.shared.glob(CORPUS_GLOB)):
        print(f"no MEANTIME files under {args.shared / CORPUS_GLOB}", file=sys.stderr)
        return 1
    nlp = build_nlp(args.model)
    scores = evaluate_timex(args.shared, nlp)
    base = evaluate_timex(args.shared, nlp, baseline=True)
    print(f"{'MEANTIME dev TIMEX3':24} {'storyline':>10} {'baseline':>10}")
    for key, value in scores.items():
        print(f"{key:24} {value:10g} {base[key]:10g}")
    print("baseline: the model's DATE/TIME entities, values from dateparser")
    return 0


if __name__ == "__main__":
    sys.exit(main())
