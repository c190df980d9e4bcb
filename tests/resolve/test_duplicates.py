"""Near-duplicate detection by MinHash."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash

from storyline.resolve.duplicates import SCHEME, bands, estimate_jaccard, shingles, signature

WIRE = (
    "Heavy rain flooded low-lying districts of the capital overnight, forcing hundreds of "
    "families from their homes, the civil protection agency said on Tuesday. Rescue teams "
    "used boats to reach residents trapped on rooftops, and schools were closed."
)


def test_duplicates_wire_copy_is_near_duplicate():
    copy = "By our correspondent. " + WIRE + " More rain is forecast."
    a, b = signature(WIRE), signature(copy)
    assert estimate_jaccard(a, b) >= 0.6
    assert set(bands(a)) & set(bands(b))


def test_duplicates_different_story_is_not():
    other = "The central bank raised its main rate by half a point, citing persistent inflation."
    assert estimate_jaccard(signature(WIRE), signature(other)) < 0.2


def test_duplicates_signature_is_datasketchs_minhash():
    # the permutations are drawn once and reused: signatures must not change by it
    fresh = MinHash(num_perm=128, seed=1, scheme=SCHEME)
    fresh.update_batch(list(shingles(WIRE)))
    expected = np.asarray(fresh.hashvalues, dtype=np.uint64).tobytes()
    assert signature(WIRE) == expected
    assert signature("another text entirely, with other words in it") != expected
    assert signature(WIRE) == expected
