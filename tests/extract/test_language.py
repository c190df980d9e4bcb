"""The language of an article, detected before the model reads it; another language is E208."""

from __future__ import annotations

import json

import pytest

from storyline.extract.language import detect_language, primary
from storyline.extract.pipeline import analyze_articles, in_model_language
from storyline.ingest.read import read_file
from storyline.records import AnalyzedDocument, Article, FailedDocument

GERMAN = (
    "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss im nächsten "
    "Frühjahr abzureißen. Die Bürgermeisterin sagte, der Neubau werde etwa zwei Jahre dauern "
    "und koste mehr als zehn Millionen Euro."
)
FRENCH = (
    "Le conseil municipal a décidé mardi de démolir le vieux pont sur la rivière au printemps "
    "prochain. La maire a déclaré que les travaux dureraient environ deux ans et coûteraient "
    "plus de dix millions d'euros."
)
SPANISH = (
    "El ayuntamiento decidió el martes derribar el viejo puente sobre el río la próxima "
    "primavera. La alcaldesa dijo que las obras durarán unos dos años y costarán más de diez "
    "millones de euros."
)
ENGLISH = (
    "The city council decided on Tuesday to pull down the old bridge over the river next "
    "spring. The mayor said the work would take about two years and cost more than ten "
    "million euros, paid for by the regional government."
)
#: a results table: names and numbers, few words of any language
TABLE = (
    "ATHLETICS - MEET RESULTS .\nHALVERN 1996-08-30\nLeading results :\n"
    "1. Okonjo Varela 10.02\n2. Trinh Maluk 10.11\n3. Desmond Ivaro 10.15\n"
    "4. Piet Vandersteel 10.21\n5. Arno Kessick 10.30\n6. Joao Mirandel 10.33\n"
)


@pytest.mark.parametrize(
    ("text", "code"), [(GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es"), (ENGLISH, "en")]
)
def test_language_detects_paragraph(text, code):
    found = detect_language(text)
    assert found is not None and found.code == code and found.confidence >= 0.95


@pytest.mark.parametrize("text", ["Der Rat tagt.", "Hasso Brinkmann 52", ""])
def test_language_short_text_is_not_judged(text):
    assert detect_language(text) is None


@pytest.mark.parametrize(("code", "want"), [("en-GB", "en"), ("EN_us", "en"), ("de", "de")])
def test_language_primary_subtag(code, want):
    assert primary(code) == want


def test_language_results_table_is_not_refused(blank_nlp):
    assert isinstance(in_model_language(Article(id="t", text=TABLE), blank_nlp), Article)


@pytest.mark.parametrize(("text", "code"), [(GERMAN, "de"), (FRENCH, "fr")])
def test_language_other_language_is_refused_with_e208(blank_nlp, text, code):
    (result,) = analyze_articles([Article(id="a1", text=text)], blank_nlp)
    assert isinstance(result, FailedDocument)
    assert result.code == "E208" and "[E208]" in result.message and f"'{code}'" in result.message
    assert result.to_dict()["document"] == {"id": "a1", "language": code}


def test_language_english_article_is_analysed_as_english(blank_nlp):
    (result,) = analyze_articles([Article(id="a1", text=ENGLISH, language="en-GB")], blank_nlp)
    assert isinstance(result, AnalyzedDocument) and result.article.language == "en-GB"


def test_language_detection_overrides_an_assumed_english(blank_nlp):
    (result,) = analyze_articles([Article(id="a1", text=GERMAN, language="en")], blank_nlp)
    assert isinstance(result, FailedDocument) and result.language == "de"


def test_language_stated_in_the_input_is_kept_when_the_text_is_short(blank_nlp, tmp_path):
    path = tmp_path / "in.jsonl"
    records = [{"id": "d1", "text": "Der Rat tagt.", "language": "de"}, {"id": "e1", "text": "Hi."}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    articles = list(read_file(path, max_bytes=10_000))
    assert [a.language for a in articles if isinstance(a, Article)] == ["de", "en"]
    refused, analysed = analyze_articles(articles, blank_nlp)
    assert isinstance(refused, FailedDocument) and "stated in the input" in refused.message
    assert isinstance(analysed, AnalyzedDocument)
