"""``api`` (HTTP and JSON) and ``web`` (pages) import nothing from each other: the API runs
without the pages, and the pages register themselves on an app."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "storyline"


def _imports(package: str) -> set[str]:
    found = set()
    for path in (SRC / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                base = "." * node.level + node.module
                found.add(base)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_web_imports_nothing_from_the_api():
    assert not {m for m in _imports("web") if "api" in m.split(".")}


def test_api_imports_nothing_from_the_web():
    assert not {m for m in _imports("api") if "web" in m.split(".")}


def test_api_serves_without_the_web_package(tmp_path):
    # storyline.web made unimportable: the API still answers, pages are simply absent
    code = f"""
import sys
sys.modules["storyline.web"] = None
from fastapi.testclient import TestClient
from storyline.api.app import create_app
from storyline.config import Settings
app = create_app(Settings(db="sqlite:///{tmp_path / "kb.db"}"))
with TestClient(app, base_url="http://localhost") as c:
    assert c.get("/api/health").status_code == 200
    page = c.get("/", headers={{"accept": "text/html"}})
    assert page.status_code == 404 and page.json()["code"] == "E504", page.text
print("ok")
"""
    env = {"PYTHONPATH": str(SRC.parent), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_site_registers_the_pages(tmp_path):
    from fastapi.testclient import TestClient

    from storyline.config import Settings
    from storyline.site import create_site

    app = create_site(Settings(db=f"sqlite:///{tmp_path / 'kb.db'}"))
    with TestClient(app, base_url="http://localhost") as c:
        assert c.get("/").status_code == 200
        assert c.get("/static/style.css").status_code == 200
        missing = c.get("/entities/Nobody", headers={"accept": "text/html"})
        assert missing.status_code == 404 and "text/html" in missing.headers["content-type"]
