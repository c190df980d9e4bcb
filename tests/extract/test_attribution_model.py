"""The learned attribution model: the packaged taggers, their place beside the rules, and the
training script on a tiny invented BRAT sample."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from spacy.language import Language

from storyline.errors import ExtractError
from storyline.extract.attribution import load_cues
from storyline.extract.quotes.features import marked_tokens, sentence_features
from storyline.extract.quotes.learned import _read_taggers, load_taggers, tag_doc
from storyline.records import Quote

ROOT = Path(__file__).resolve().parents[2]


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    return list(nlp(text)._.sl_quotes)


def test_attribution_model_the_packaged_taggers_load() -> None:
    content, cue = load_taggers()
    assert set(content.labels()) >= {"B", "I", "O"}
    assert {"B-CUE", "B-SRC"} <= set(cue.labels())


def test_attribution_model_ships_in_the_package_and_is_read_once() -> None:
    from importlib import resources

    for name in ("attribution_content.crfsuite", "attribution_cue.crfsuite"):
        assert resources.files("storyline").joinpath(f"data/{name}").is_file()
    first = load_taggers()
    misses = _read_taggers.cache_info().misses
    assert load_taggers() is first and load_taggers(None) is first
    assert _read_taggers.cache_info().misses == misses


@pytest.mark.model
def test_attribution_model_is_read_once_for_many_documents(nlp: Language) -> None:
    nlp("A first text.")
    misses = _read_taggers.cache_info().misses
    for text in ("Ann Roe said the dam held.", "Officials warned the road would close."):
        nlp(text)
    assert _read_taggers.cache_info().misses == misses


def test_attribution_model_a_missing_model_is_a_numbered_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match=r"\[E204\]"):
        load_taggers(str(tmp_path))


@pytest.mark.model
def test_attribution_model_features_name_the_reporting_verb(nlp: Language) -> None:
    doc = nlp("The mayor argued that the bridge was unsafe.")
    sent = next(doc.sents)
    feats = sentence_features(sent, load_cues(), marked_tokens(doc))
    bridge = next(t.i for t in doc if t.text == "bridge")
    assert "g=argue" in feats[bridge] and "gl=ccomp" in feats[bridge]


@pytest.mark.model
def test_attribution_model_tags_an_indirect_content(nlp: Language) -> None:
    text = "The harbour master believes the new pier will never open before winter."
    doc = nlp(text)
    tagged = tag_doc(doc, load_cues(), marked_tokens(doc))
    contents = [doc[lo:hi].text for lo, hi in tagged.contents]
    assert any("pier will never open" in c for c in contents)


@pytest.mark.model
def test_attribution_model_finds_reported_speech_the_rules_miss(nlp: Language) -> None:
    from storyline.extract.quotes import extract_quotes

    text = "The mayor described the flood barrier as a waste of public money."
    doc = nlp(text)
    assert not extract_quotes(doc, learned=False)  # no ccomp clause: the rules find nothing
    found = [q for q in extract_quotes(doc, learned=True) if "flood barrier" in q.text]
    assert found and found[0].kind == "indirect"
    assert "waste of public money" in found[0].text
    assert found[0].speaker is not None and found[0].speaker.text == "The mayor"


@pytest.mark.model
def test_attribution_model_a_partial_quote_is_one_attribution_of_the_clause(
    nlp: Language,
) -> None:
    text = (
        "Senator Maria Vell said on Tuesday that the budget plan was “dead on arrival” "
        "in the upper chamber."
    )
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1
    (quote,) = quotes
    assert "the budget plan was" in quote.text and "dead on arrival" in quote.text
    assert quote.speaker is not None and quote.speaker.text.endswith("Vell")


@pytest.mark.model
def test_attribution_model_never_swallows_two_quotes(nlp: Language) -> None:
    text = (
        "The coach said the loss was “hard to take” and the referee was “simply wrong”, "
        "before he left the ground."
    )
    quotes = quotes_of(nlp, text)
    for q in quotes:
        assert not ("hard to take" in q.text and "simply wrong" in q.text)


def _load_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "train_attribution", ROOT / "scripts" / "train_attribution.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_attribution"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.model
def test_attribution_model_training_runs_on_a_tiny_brat_sample(tmp_path: Path) -> None:
    data = tmp_path / "polnear"
    (data / "text").mkdir(parents=True)
    (data / "attributions").mkdir()
    text = "Ana Lint said the river had risen overnight. The council denied it would flood."
    (data / "text" / "a1.txt").write_text(text, encoding="utf-8")
    rows = []
    for n, (kind, phrase) in enumerate(
        [
            ("Source", "Ana Lint"),
            ("Cue", "said"),
            ("Content", "the river had risen overnight"),
            ("Source", "The council"),
            ("Cue", "denied"),
            ("Content", "it would flood"),
        ],
        1,
    ):
        at = text.index(phrase)
        rows.append(f"T{n}\t{kind} {at} {at + len(phrase)}\t{phrase}")
    rows.append("E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1")
    (data / "attributions" / "a1_x1.ann").write_text("\n".join(rows) + "\n", encoding="utf-8")
    script = _load_script()
    out = tmp_path / "model"
    assert script.main(["--data", str(data), "--out", str(out)]) == 0
    content, _ = load_taggers(str(out))
    assert "I" in content.labels()
    spans = script.read_ann(data / "attributions" / "a1_x1.ann")
    assert text[slice(*spans["Content"][0])] == "the river had risen overnight"


def test_could_be_cue_holds_for_every_cue_is_cue_finds(nlp) -> None:
    from storyline.extract.attribution import could_be_cue, is_cue

    cues = load_cues()
    doc = nlp(
        "According to the mayor, the bridge opened; she said she was confident it would hold."
    )
    found = [t.text for t in doc if is_cue(t, cues)]
    assert found and {"According", "said"} <= set(found)
    for tok in doc:
        if is_cue(tok, cues):
            assert could_be_cue(tok.lower_, tok.pos_, tok.lemma_.lower(), cues)
    assert not could_be_cue("bridge", "NOUN", "bridge", cues)
    assert not could_be_cue("opened", "VERB", "open", cues)
