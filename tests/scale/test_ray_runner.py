"""The Ray runner: input order, same results as in-process, nothing lost when a worker dies."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from storyline.cli import app
from storyline.errors import ExtractError, MissingExtra
from storyline.extract.pipeline import analyze_articles
from storyline.records import Article, FailedDocument
from storyline.scale.ray_runner import AnalyzerActor, run_batch

SENTENCES = [
    "Rebels seized the northern town of Kidal on Sunday, officials in Mali said.",
    "The army said it would retake the town within weeks.",
    '"We will not negotiate," said Colonel Ama Diallo, a spokesman for the army.',
    "Police in Lagos arrested twelve protesters on Tuesday, witnesses told reporters.",
    "The United Nations said 3,000 people had fled the fighting since March.",
    "A car bomb killed four soldiers near Gao last night, according to a local official.",
    "Minister Kofi Mensah denied that troops had fired on the crowd.",
    "Farmers in the valley reported that the river had flooded two villages.",
    "Residents said the militia burned the market in Timbuktu on Friday.",
    "The Red Cross said it had reached the besieged district on Monday.",
]

ONCE = "zq-crash-once"  # kills the worker the first time it is seen
ALWAYS = "zq-crash-always"  # kills the worker every time


def articles(n: int = 10) -> list[Article]:
    return [
        Article(
            id=f"art-{i}",
            text=f"{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i + 3) % len(SENTENCES)]}",
            origin=f"art-{i}.txt",
        )
        for i in range(n)
    ]


def reading_failure() -> FailedDocument:
    return FailedDocument(id="broken", code="E102", message="[E102] broken.txt: the file is empty.")


def crashing_actor(flags: Path) -> type[AnalyzerActor]:
    """An actor whose process exits on marker texts; defined here so it pickles by value."""

    class CrashingActor(AnalyzerActor):
        def analyze(self, articles):
            import os

            for article in articles:
                if ALWAYS in article.text:
                    os._exit(1)
                flag = flags / article.id
                if ONCE in article.text and not flag.exists():
                    flag.touch()
                    os._exit(1)
            return AnalyzerActor.analyze(self, articles)

    return CrashingActor


def dicts(items) -> list[dict]:
    return [item.to_dict() for item in items]


def test_ray_runner_missing_ray_names_the_extra(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(MissingExtra, match=r"E502.*storyline\[scale\]"):
        next(run_batch(articles(1)))


def test_ray_runner_storyline_imports_without_ray() -> None:
    code = (
        "import sys; sys.modules['ray'] = None\n"
        "import storyline, storyline.cli, storyline.scale.ray_runner\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.ray
@pytest.mark.model
@pytest.mark.parametrize(("batch_size", "workers"), [(3, 2), (16, 1)])
def test_ray_runner_keeps_input_order_and_matches_in_process(
    ray_local, nlp, batch_size: int, workers: int
) -> None:
    items = [*articles(5), reading_failure(), *articles(10)[5:]]
    expected = dicts(analyze_articles(items, nlp))
    got = list(run_batch(items, workers=workers, batch_size=batch_size))
    assert [g.to_dict() for g in got] == expected
    assert got[5] == items[5]  # the reading failure passes through untouched, in place


@pytest.mark.ray
@pytest.mark.model
def test_ray_runner_worker_crash_is_retried_and_loses_nothing(
    ray_local, nlp, tmp_path: Path
) -> None:
    items = articles(8)
    items[2] = Article(id="art-2", text=f"{SENTENCES[2]} {ONCE}", origin="art-2.txt")
    expected = dicts(analyze_articles(items, nlp))
    actor = crashing_actor(tmp_path)
    got = list(run_batch(items, workers=2, batch_size=4, actor_class=actor))
    assert (tmp_path / "art-2").exists()  # the worker really died once
    assert [g.to_dict() for g in got] == expected
    assert not any(isinstance(g, FailedDocument) for g in got)


@pytest.mark.ray
@pytest.mark.model
def test_ray_runner_poisonous_article_fails_alone(ray_local, nlp, tmp_path: Path) -> None:
    items: list[Article | FailedDocument] = list(articles(8))
    items.insert(2, reading_failure())
    items[5] = Article(id="poison", text=f"{SENTENCES[1]} {ALWAYS}", origin="poison.txt")
    expected = dicts(analyze_articles(items, nlp))
    got = list(run_batch(items, workers=2, batch_size=4, actor_class=crashing_actor(tmp_path)))
    assert [getattr(g, "id", None) or g.article.id for g in got] == [
        getattr(i, "id", None) for i in items
    ]
    poison = got[5]
    assert isinstance(poison, FailedDocument)
    assert poison.code == "E205"
    assert poison.message.startswith("[E205] poison.txt: the Ray worker")
    others = [g.to_dict() for i, g in enumerate(got) if i != 5]
    assert others == [e for i, e in enumerate(expected) if i != 5]


@pytest.mark.ray
def test_ray_runner_unloadable_model_is_a_clear_error(ray_local) -> None:
    with pytest.raises(ExtractError, match="E206") as err:
        next(run_batch(articles(2), workers=1, model="no_such_spacy_model_xyz"))
    assert "E201" in str(err.value) and "no_such_spacy_model_xyz" in str(err.value)


@pytest.mark.ray
@pytest.mark.model
def test_batch_cli_writes_jsonl_in_input_order(ray_local, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, article in enumerate(articles(5)):
        (corpus / f"{i:02d}.txt").write_text(article.text)
    (corpus / "02b.txt").write_bytes(b"")  # unreadable: an error line in its place
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(
        app,
        [
            "batch",
            str(corpus),
            "--output",
            str(out),
            "--workers",
            "2",
            "--batch-size",
            "2",
            "--published",
            "2024-03-18",
        ],
    )
    assert result.exit_code == 1, result.output
    assert "6 document(s), 1 failed" in result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [d["document"]["id"] for d in lines] == ["00", "01", "02", "02b", "03", "04"]
    assert lines[3]["error"]["code"] == "E102"
    same = runner.invoke(
        app, ["analyze", str(corpus), "--format", "jsonl", "--published", "2024-03-18"]
    )
    assert [json.loads(line) for line in same.stdout.splitlines()] == lines


@pytest.mark.ray
@pytest.mark.model
def test_batch_cli_exits_zero_when_nothing_failed(ray_local, tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(SENTENCES[0])
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(
        app, ["batch", str(tmp_path / "one.txt"), "-o", str(out), "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["document"]["id"] == "one"


@pytest.mark.ray
@pytest.mark.model
def test_batch_cli_streams_into_the_kb_and_resumes(ray_local, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, article in enumerate(articles(5)):
        (corpus / f"{i:02d}.txt").write_text(article.text)
    runner = CliRunner()
    via_ray, direct = f"sqlite:///{tmp_path / 'ray.db'}", f"sqlite:///{tmp_path / 'direct.db'}"
    args = ["batch", str(corpus), "--db", via_ray, "--workers", "2", "--published", "2024-03-18"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "5 added" in " ".join(first.output.split())
    ingest = ["ingest", str(corpus), "--db", direct, "--published", "2024-03-18"]
    assert runner.invoke(app, ingest).exit_code == 0

    def view(db: str) -> tuple:
        stats = runner.invoke(app, ["stats", "--db", db, "-f", "json"]).stdout
        timeline = runner.invoke(app, ["timeline", "--db", db, "-f", "json"]).stdout
        return json.loads(stats), json.loads(timeline)

    assert view(via_ray) == view(direct)
    again = runner.invoke(app, args)  # a rerun (after a crash) analyses only what is missing
    assert "0 added" in again.output and "5 unchanged (skipped before analysis)" in " ".join(
        again.output.split()
    )


def test_batch_cli_needs_an_output_or_a_db(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["batch", str(tmp_path)])
    assert result.exit_code == 2 and "--db" in result.output
