"""Train the learned attribution taggers on PolNeAR's training split (BRAT standoff).

Usage: python scripts/train_attribution.py [--data ../shared/data/polnear_train]
       [--out src/storyline/data] [--cache /tmp/storyline-attribution] [--limit N]

Each article (``text/NAME.txt``) is parsed with the project's spaCy pipeline up to the parser,
the way ``storyline analyze`` parses it, and each sentence becomes one sequence of token
features (:mod:`storyline.extract.quotes.features`). Two CRF taggers (python-crfsuite, L-BFGS,
fixed parameters, articles in sorted order, so that a rerun gives the same model) are trained:

* ``attribution_content.crfsuite``: B/I/O of attribution contents (nested contents merged);
* ``attribution_cue.crfsuite``: B/I of cues (CUE) and sources (SRC), a cue winning overlaps.

Where an article has several annotators' files (``NAME_ANNOTATOR.ann``) the first in sorted
order is used. Parsed articles are cached (a spaCy DocBin) so that a rerun skips parsing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pycrfsuite
from spacy.tokens import Doc, DocBin

from storyline.extract.attribution import load_cues
from storyline.extract.pipeline import build_nlp
from storyline.extract.quotes.features import DocColumns, marked_tokens, sentence_features

#: fixed training parameters (chosen on polnear-dev; see README "Attribution model")
PARAMS = {"c1": 1.0, "c2": 0.01, "max_iterations": 120, "feature.possible_transitions": True}
CONTENT_MODEL = "attribution_content.crfsuite"
CUE_MODEL = "attribution_cue.crfsuite"
Spans = dict[str, list[tuple[int, int]]]


def read_ann(path: Path) -> Spans:
    """Character spans by type (Source, Cue, Content) of one BRAT file; pieces kept apart."""
    spans: Spans = {"Source": [], "Cue": [], "Content": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        kind, _, where = parts[1].partition(" ")
        if kind not in spans:
            continue
        for piece in where.split(";"):
            a, _, b = piece.strip().partition(" ")
            if a.isdigit() and b.isdigit() and int(b) > int(a):
                spans[kind].append((int(a), int(b)))
    return spans


def articles(data: Path, limit: int | None) -> list[tuple[str, Path]]:
    """(text, annotation file) of each article, sorted, one annotator each."""
    chosen: dict[str, Path] = {}
    for ann in sorted((data / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        chosen.setdefault(name, ann)
    found = []
    for name in sorted(chosen):
        txt = data / "text" / f"{name}.txt"
        if txt.exists():
            found.append((txt.read_text(encoding="utf-8"), chosen[name]))
    return found[:limit] if limit else found


def parsed(texts: list[str], cache: Path | None) -> list[Doc]:
    """The texts parsed by the project's pipeline up to the parser, cached by content."""
    nlp = build_nlp(components=("storyline_paragraphs",))
    key = hashlib.sha256("\0".join(texts).encode() + nlp.meta["version"].encode()).hexdigest()
    path = cache / f"polnear-{key[:16]}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe(texts, batch_size=16))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        DocBin(docs=docs).to_disk(path)
    return docs


def token_labels(doc: Doc, spans: Spans) -> tuple[list[str], list[str]]:
    """Content B/I/O labels and cue/source labels of every token."""
    content = ["O"] * len(doc)
    inside = [False] * len(doc)
    for lo, hi in _token_ranges(doc, spans["Content"]):
        for i in range(lo, hi):
            inside[i] = True
    for i, flag in enumerate(inside):
        if flag:
            content[i] = "I" if i > 0 and inside[i - 1] else "B"
    roles = ["O"] * len(doc)
    for kind, tag in (("Source", "SRC"), ("Cue", "CUE")):  # a cue wins an overlap
        for lo, hi in _token_ranges(doc, spans[kind]):
            for i in range(lo, hi):
                roles[i] = ("B-" if i == lo else "I-") + tag
    return content, roles


def _token_ranges(doc: Doc, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    text = doc.text
    for a, b in sorted(spans):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        span = doc.char_span(a, b, alignment_mode="expand") if b > a else None
        if span is not None and len(span):
            yield span.start, span.end


def train(data: Path, out: Path, cache: Path | None, limit: int | None) -> dict[str, int]:
    """Train both taggers; returns counts of what they were trained on."""
    cues = load_cues()
    pairs = articles(data, limit)
    docs = parsed([text for text, _ in pairs], cache)
    trainers = {CONTENT_MODEL: pycrfsuite.Trainer(verbose=False)}
    trainers[CUE_MODEL] = pycrfsuite.Trainer(verbose=False)
    counts = {"articles": len(docs), "sentences": 0, "tokens": 0}
    for doc, (_, ann) in zip(docs, pairs, strict=True):
        content, roles = token_labels(doc, read_ann(ann))
        marks = marked_tokens(doc)
        cols = DocColumns.of(doc, cues)
        for sent in doc.sents:
            feats = sentence_features(sent, cues, marks, cols)
            trainers[CONTENT_MODEL].append(feats, content[sent.start : sent.end])
            trainers[CUE_MODEL].append(feats, roles[sent.start : sent.end])
            counts["sentences"] += 1
            counts["tokens"] += len(sent)
    out.mkdir(parents=True, exist_ok=True)
    for name, trainer in sorted(trainers.items()):
        trainer.set_params(PARAMS)
        trainer.train(str(out / name))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data/polnear_train"))
    parser.add_argument("--out", type=Path, default=Path("src/storyline/data"))
    parser.add_argument("--cache", type=Path, default=None, help="folder for parsed articles")
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    args = parser.parse_args(argv)
    if not (args.data / "attributions").is_dir():
        print(f"no PolNeAR training data under {args.data}", file=sys.stderr)
        return 2
    counts = train(args.data, args.out, args.cache, args.limit)
    print(" ".join(f"{k}={v}" for k, v in counts.items()), "->", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
