"""Write docs/cli.md from the CLI's own ``--help`` (so the reference cannot drift).

    python scripts/cli_docs.py            # rewrite docs/cli.md
    python scripts/cli_docs.py --check    # exit 1 when docs/cli.md is out of date

``tests/test_docs.py`` runs the check, and checks that every command has help text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"


def walk(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    """Every command and sub-command, depth first, in name order.

    Typer builds on its own copy of click, so groups are recognised by their ``commands``.
    """
    yield path, command
    for name in sorted(getattr(command, "commands", {}) or {}):
        yield from walk(command.commands[name], [*path, name])


def help_text(path: list[str]) -> str:
    """What ``storyline ... --help`` prints, at a fixed width and without colour."""
    from typer.testing import CliRunner

    from storyline.cli import app

    env = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    result = CliRunner().invoke(app, [*path[1:], "--help"], env=env)
    lines = [line.rstrip() for line in result.output.splitlines()]
    return "\n".join(lines).strip("\n")


def render() -> str:
    from storyline.cli import app

    root = typer.main.get_command(app)
    parts = [
        "# CLI reference\n",
        "Generated from `--help` by `scripts/cli_docs.py`; `tests/test_docs.py` checks it is "
        "up to date.\n",
    ]
    for path, _command in walk(root, ["storyline"]):
        parts.append(f"\n## `{' '.join(path)}`\n\n```text\n{help_text(path)}\n```\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not DOC.exists() or DOC.read_text("utf-8") != text:
            print(f"{DOC} is out of date: run python scripts/cli_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, "utf-8")
    print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
