"""The one chunker: lists of a size, in order, lazily, the last one shorter."""

from __future__ import annotations

import itertools

import pytest

from storyline.batches import batched


def test_batches_keep_the_order_and_end_short():
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []
    assert list(batched("ab", 2)) == [["a", "b"]]


def test_batches_are_read_lazily():
    first = next(batched(itertools.count(), 2))
    assert first == [0, 1]


def test_a_batch_holds_at_least_one():
    with pytest.raises(ValueError):
        list(batched([1], 0))
