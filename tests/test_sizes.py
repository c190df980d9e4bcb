"""Room sizes: no module of the package over 500 lines, no class over 300."""

from __future__ import annotations

from pathlib import Path

from scripts.sizes import over, sizes


def test_the_package_keeps_its_rooms_small() -> None:
    assert over() == []


def test_a_long_module_and_a_long_class_are_named(tmp_path: Path) -> None:
    pkg = tmp_path / "storyline"
    pkg.mkdir()
    body = "\n".join(f"    x{i} = {i}" for i in range(320))
    (pkg / "big.py").write_text("class Big:\n" + body + "\n" + "y = 1\n" * 200, encoding="utf-8")
    (pkg / "small.py").write_text("class Small:\n    pass\n", encoding="utf-8")
    modules, classes = sizes(pkg)
    assert modules[0] == (521, "storyline/big.py")
    assert classes[0] == (321, "storyline/big.py:Big")
    assert over(pkg) == ["storyline/big.py (521)", "storyline/big.py:Big (321)"]
