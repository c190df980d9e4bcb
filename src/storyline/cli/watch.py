"""``storyline ingest --watch``: keep ingesting the files that appear in folders.

Polls (every ``interval`` seconds) rather than subscribing to file-system events: the one
portable way that also works on network mounts and in containers, where inotify does not
reach; a newsroom drop folder changes by the minute, not the millisecond. A file is taken
once its size and modification time held still for one interval (a copy still being
written is left for the next round); a file that changes later is ingested again (its edit
replaces the stored version).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from ..ingest.read import KNOWN_EXT, read_inputs
from .ingest import IngestSummary, store_items

Stamp = tuple[int, float]


def snapshot(folders: list[Path]) -> dict[Path, Stamp]:
    """Size and modification time of every readable input file under ``folders``."""
    found: dict[Path, Stamp] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if path.suffix.lower() not in KNOWN_EXT:
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            if path.is_file():
                found[path] = (st.st_size, st.st_mtime)
    return found


def watch(
    folders: list[Path],
    kb: Any,
    nlp: Any,
    *,
    published: date | None,
    interval: float,
    report: Callable[[IngestSummary], None],
    rounds: int | None = None,
) -> None:
    """Ingest what changes under ``folders`` until interrupted (or for ``rounds`` polls).

    Files present when watching starts count as seen: the caller has just ingested them.
    """
    seen = snapshot(folders)
    last = dict(seen)
    done = 0
    while rounds is None or done < rounds:
        time.sleep(interval)
        done += 1
        now = snapshot(folders)
        steady = [p for p, stamp in now.items() if last.get(p) == stamp and seen.get(p) != stamp]
        last = now
        if not steady:
            continue
        summary = IngestSummary()
        items = list(read_inputs(sorted(steady), published=published))
        store_items(items, kb, nlp, summary)
        for path in steady:
            seen[path] = now[path]
        report(summary)
