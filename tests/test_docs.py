"""The docs cannot drift from the code: every command documented, with help."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from scripts.cli_docs import DOC, render, walk
from storyline.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_docs_cli_reference_is_up_to_date():
    assert DOC.read_text("utf-8") == render(), "run: python scripts/cli_docs.py"


def test_docs_every_command_has_help():
    for path, command in walk(typer.main.get_command(app), ["storyline"]):
        assert (command.help or "").strip(), f"{' '.join(path)} has no help text"


def test_docs_make_help_lists_every_target():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    phony = re.search(r"^\.PHONY: (.+)$", makefile, re.M)
    assert phony is not None
    documented = set(re.findall(r"^([a-z-]+):.*## ", makefile, re.M))
    assert set(phony.group(1).split()) <= documented


def test_docs_readme_opens_with_the_two_setup_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    head = readme[:1500]
    assert "make demo" in head and "make test" in head
