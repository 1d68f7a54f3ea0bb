"""Variants compared: map sizes, and agreement of their clusterings on the items they share.

For each network kind and each pair of variants that both map it, the clusterings are compared on
the items present in both maps (matched by item id): adjusted Rand index
(:func:`bibliomap.stability.adjusted_rand_index`) and normalized mutual information

    NMI(U, V) = 2 I(U; V) / (H(U) + H(V))

(arithmetic-mean normalization, natural logarithms; 1 when both entropies are 0, i.e. each
clustering puts all shared items in one cluster). Items without a cluster count as clusters of
their own, as in the stability measures. Both are null when the maps share no item.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import polars as pl

from bibliomap.cluster import UNASSIGNED
from bibliomap.stability import adjusted_rand_index

SUMMARY_SCHEMA = {
    "variant": pl.String,
    "kind": pl.String,
    "items": pl.Int64,
    "clusters": pl.Int64,
    "unassigned": pl.Int64,
}
PAIRS_SCHEMA = {
    "kind": pl.String,
    "variant_a": pl.String,
    "variant_b": pl.String,
    "items_a": pl.Int64,
    "items_b": pl.Int64,
    "shared_items": pl.Int64,
    "clusters_a": pl.Int64,
    "clusters_b": pl.Int64,
    "adjusted_rand_index": pl.Float64,
    "normalized_mutual_information": pl.Float64,
}


def _labels(membership: np.ndarray) -> np.ndarray:
    """Labels 0..k-1 with every unassigned item a cluster of its own."""
    labels = np.asarray(membership, dtype=np.int64).copy()
    missing = labels == UNASSIGNED
    labels[missing] = labels.max(initial=0) + 1 + np.arange(int(missing.sum()))
    return np.unique(labels, return_inverse=True)[1].reshape(-1)


def _entropy(counts: np.ndarray, total: int) -> float:
    shares = counts[counts > 0] / total
    return float(-(shares * np.log(shares)).sum())


def normalized_mutual_information(a: np.ndarray, b: np.ndarray) -> float:
    """NMI of two clusterings of the same items (see module doc); 1 means identical."""
    left, right = _labels(a), _labels(b)
    total = left.size
    if total == 0:
        raise ValueError("no items to compare")
    pairs, joint = np.unique(np.stack([left, right]), axis=1, return_counts=True)
    rows = np.bincount(left)
    cols = np.bincount(right)
    expected = rows[pairs[0]] * cols[pairs[1]] / total
    mutual = float((joint / total * np.log(joint / expected)).sum())
    entropy = _entropy(rows, total) + _entropy(cols, total)
    if entropy == 0:
        return 1.0
    return max(0.0, min(1.0, 2 * mutual / entropy))


def _clusters(items: pl.DataFrame) -> pl.DataFrame:
    """``id`` and ``cluster`` (Int64, unassigned as :data:`UNASSIGNED`)."""
    return items.select(
        pl.col("id").cast(pl.String), pl.col("cluster").cast(pl.Int64).fill_null(UNASSIGNED)
    )


def map_summary(maps: Mapping[tuple[str, str], pl.DataFrame]) -> pl.DataFrame:
    """Per (variant, kind): items mapped, clusters and items without a cluster."""
    rows = []
    for (variant, kind), items in maps.items():
        clusters = _clusters(items)["cluster"]
        assigned = clusters.filter(clusters != UNASSIGNED)
        rows.append(
            {
                "variant": variant,
                "kind": kind,
                "items": clusters.len(),
                "clusters": assigned.n_unique(),
                "unassigned": clusters.len() - assigned.len(),
            }
        )
    return pl.DataFrame(rows, schema=SUMMARY_SCHEMA)


def _pair(kind: str, a: tuple[str, pl.DataFrame], b: tuple[str, pl.DataFrame]) -> dict:
    """One row of the pair table."""
    (name_a, items_a), (name_b, items_b) = a, b
    left, right = _clusters(items_a), _clusters(items_b)
    shared = left.join(right, on="id", how="inner", suffix="_b").sort("id")
    first, second = shared["cluster"].to_numpy(), shared["cluster_b"].to_numpy()
    agree = shared.height > 0
    return {
        "kind": kind,
        "variant_a": name_a,
        "variant_b": name_b,
        "items_a": left.height,
        "items_b": right.height,
        "shared_items": shared.height,
        "clusters_a": int(np.unique(first[first != UNASSIGNED]).size),
        "clusters_b": int(np.unique(second[second != UNASSIGNED]).size),
        "adjusted_rand_index": round(adjusted_rand_index(first, second), 4) if agree else None,
        "normalized_mutual_information": (
            round(normalized_mutual_information(first, second), 4) if agree else None
        ),
    }


def compare_clusterings(maps: Mapping[tuple[str, str], pl.DataFrame]) -> pl.DataFrame:
    """Every pair of variants mapping the same kind (in the given order), compared on the
    items they share; ``clusters_a``/``clusters_b`` count clusters among those items."""
    kinds = list(dict.fromkeys(kind for _, kind in maps))
    rows = []
    for kind in kinds:
        mapped = [(variant, items) for (variant, k), items in maps.items() if k == kind]
        rows += [_pair(kind, a, b) for a, b in itertools.combinations(mapped, 2)]
    return pl.DataFrame(rows, schema=PAIRS_SCHEMA)
