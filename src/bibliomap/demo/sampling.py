"""Vectorized weighted sampling helpers used by the demo corpus generator."""

from __future__ import annotations

import numpy as np


def zipf_weights(size: int, exponent: float) -> np.ndarray:
    """Weights ``1 / (rank + 2) ** exponent`` for ranks ``0..size-1`` (a heavy head)."""
    return 1.0 / (np.arange(size, dtype=np.float64) + 2.0) ** exponent


def segmented_sample(
    rng: np.random.Generator,
    cum: np.ndarray,
    start: np.ndarray,
    limit: np.ndarray,
) -> np.ndarray:
    """Draw one index per row, weighted, from ``[start, start + limit)`` of a weight array.

    ``cum`` is the running sum of all weights (items grouped by segment, so each allowed range
    is contiguous); ``limit`` must be >= 1. The draw is proportional to each item's weight.
    """
    base = np.concatenate(([0.0], cum))
    low = base[start]
    high = base[start + limit]
    target = low + rng.random(start.size) * (high - low)
    index = np.searchsorted(cum, target, side="right")
    return np.clip(index, start, start + limit - 1)


def repeat_index(counts: np.ndarray) -> np.ndarray:
    """Row owner of each element when row ``i`` owns ``counts[i]`` consecutive elements."""
    return np.repeat(np.arange(counts.size, dtype=np.int64), counts)


def position_in_group(counts: np.ndarray) -> np.ndarray:
    """Position ``0..counts[i]-1`` of each element inside its row (see :func:`repeat_index`)."""
    total = int(counts.sum())
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - starts


def first_occurrences(owner: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Sorted indices of the first occurrence of each ``(owner, value)`` pair (values >= 0)."""
    key = owner.astype(np.int64) * (int(value.max(initial=0)) + 1) + value.astype(np.int64)
    _, first = np.unique(key, return_index=True)
    return np.sort(first)


def positions(owner: np.ndarray) -> np.ndarray:
    """Position of each element within its run of equal, sorted ``owner`` values."""
    counts = np.bincount(owner) if owner.size else np.zeros(0, dtype=np.int64)
    return position_in_group(counts)
