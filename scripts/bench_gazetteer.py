"""Gazetteer lookup speed: exact and fuzzy lookups per second on the built index.

    python scripts/bench_gazetteer.py        # part of `make bench`

A speed target is a benchmark's job, not a test's: the suite checks what lookups return,
this script how fast they are (target: an exact lookup under 5 ms, as before).
"""

from __future__ import annotations

import sys
import time

from storyline.resolve.gazetteer import Gazetteer

NAMES = ("Aleppo", "Paris", "Tripoli", "Texas", "Springfield", "Lagos", "Kharkiv", "Nowhereville")


def _per_call_ms(call: object, repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        for name in NAMES:
            call(name)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000 / (repeat * len(NAMES))


def main() -> int:
    gazetteer = Gazetteer.open()
    exact = _per_call_ms(gazetteer.lookup, 200)
    fuzzy = _per_call_ms(gazetteer.fuzzy_lookup, 20)
    print(f"gazetteer: exact lookup {exact:.3f} ms, fuzzy lookup {fuzzy:.3f} ms (target exact < 5)")
    return 0 if exact < 5 else 1


if __name__ == "__main__":
    sys.exit(main())
