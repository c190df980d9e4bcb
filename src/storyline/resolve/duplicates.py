"""Near-duplicate articles (syndicated wire copy) by MinHash over word shingles.

Uses datasketch's :class:`~datasketch.MinHash`. Signatures are split into LSH bands
(:func:`bands`) that the store indexes, so candidate duplicates are found with one lookup;
:func:`estimate_jaccard` then confirms them.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32
SHINGLE = 5
THRESHOLD = 0.6
SCHEME = "affine32"
"""datasketch's permutation scheme (its default since 2.0), pinned: stored signatures are
comparable only with signatures of the same scheme."""
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-shingles of the lower-cased text (the whole text when it is shorter)."""
    words = _WORD.findall(text.lower())
    if len(words) <= k:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    # datasketch draws the permutations from the seed on every MinHash; they are the same
    # each time, so draw them once (a third of the cost of a signature otherwise)
    perms: tuple[np.ndarray, np.ndarray] = MinHash(
        num_perm=num_perm, seed=1, scheme=SCHEME
    ).permutations
    return perms


def signature(text: str, num_perm: int = NUM_PERM) -> bytes:
    """The MinHash signature of ``text``, serialised for storage."""
    mh = MinHash(num_perm=num_perm, seed=1, scheme=SCHEME, permutations=_permutations(num_perm))
    mh.update_batch(list(shingles(text)))
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def bands(sig: bytes, n_bands: int = BANDS) -> list[str]:
    """LSH band keys of a signature: equal keys make candidate duplicates."""
    values = np.frombuffer(sig, dtype=np.uint64)
    rows = len(values) // n_bands
    out = []
    for i in range(n_bands):
        chunk = values[i * rows : (i + 1) * rows].tobytes()
        out.append(f"{i}:{hashlib.blake2b(chunk, digest_size=8).hexdigest()}")
    return out


def estimate_jaccard(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    va, vb = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    if len(va) != len(vb) or not len(va):
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)


__all__ = ["BANDS", "NUM_PERM", "THRESHOLD", "bands", "estimate_jaccard", "shingles", "signature"]
