"""Vectorized weighted sampling helpers used by the demo corpus generator."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def zipf_weights(size: int, exponent: float) -> np.ndarray:
    """Weights ``1 / (rank + 2) ** exponent`` for ranks ``0..size-1`` (a heavy head)."""
    return 1.0 / (np.arange(size, dtype=np.float64) + 2.0) ** exponent


@dataclass(frozen=True)
class Urn:
    """Weighted draws in O(1): each item holds tickets in proportion to its weight.

    Items are grouped by segment, so that every allowed range ``[start, start + limit)`` of
    items is a contiguous range of tickets; a draw picks a ticket uniformly from that range.
    Every item holds at least one ticket; ``resolution`` tickets stand for the mean weight.
    """

    offsets: np.ndarray  # first ticket of each item, plus the total at the end
    owner: np.ndarray  # item of each ticket

    @classmethod
    def build(cls, weights: np.ndarray, resolution: float) -> Urn:
        """An urn for ``weights`` (non-negative)."""
        counts = 1 + np.floor(weights / weights.mean() * resolution).astype(np.int64)
        offsets = np.concatenate(([0], np.cumsum(counts)))
        owner = np.repeat(np.arange(weights.size, dtype=np.int64), counts)
        return cls(offsets=offsets, owner=owner)

    def draw(self, rng: np.random.Generator, start: np.ndarray, limit: np.ndarray) -> np.ndarray:
        """One item per row from items ``[start, start + limit)`` (``limit`` >= 1)."""
        low = self.offsets[start]
        high = self.offsets[start + limit]
        ticket = low + np.floor(rng.random(start.size) * (high - low)).astype(np.int64)
        return self.owner[np.minimum(ticket, high - 1)]


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
