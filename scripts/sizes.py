"""Room sizes: every module of ``src/storyline`` under 500 lines, every class under 300.

Prints the largest modules and classes and exits 1 when one is over its limit::

    python scripts/sizes.py [--top 5]
"""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "storyline"
MODULE_LINES = 500
CLASS_LINES = 300
OWED: dict[str, int] = {}
"""Rooms over their limit when the check came, with their size then: they may shrink, not
grow, until their owners split them."""


def sizes(root: Path = SRC) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(lines, module) and (lines, module:Class) for every module and class under ``root``,
    largest first."""
    modules: list[tuple[int, str]] = []
    classes: list[tuple[int, str]] = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(root.parent))
        modules.append((len(text.splitlines()), name))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                classes.append((node.end_lineno - node.lineno + 1, f"{name}:{node.name}"))
    return sorted(modules, reverse=True), sorted(classes, reverse=True)


def over(root: Path = SRC) -> list[str]:
    """The modules and classes over their limits, as ``name (lines)``."""
    modules, classes = sizes(root)
    return [f"{n} ({k})" for k, n in modules if k > OWED.get(n, MODULE_LINES)] + [
        f"{n} ({k})" for k, n in classes if k > OWED.get(n, CLASS_LINES)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    modules, classes = sizes()
    print(f"{len(modules)} modules, {len(classes)} classes")
    for title, rows, limit in (
        ("modules", modules, MODULE_LINES),
        ("classes", classes, CLASS_LINES),
    ):
        print(f"largest {title} (limit {limit} lines):")
        for lines, name in rows[: args.top]:
            print(f"  {lines:>4}  {name}")
    for name, lines in OWED.items():
        print(f"owed: {name} (over the limit at {lines} lines; may not grow)")
    bad = over()
    for item in bad:
        print(f"over the limit: {item}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
