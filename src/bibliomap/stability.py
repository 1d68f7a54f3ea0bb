"""Cluster stability over seeds and a resolution sweep (VOSviewer has neither).

Stability: the clustering (all its random starts) is rerun with seeds ``seed + 1 .. seed + K``
and compared with the chosen clustering (seed ``seed``):

- per cluster of the chosen clustering, the Jaccard index with its best-matching cluster in each
  rerun, averaged (``jaccard_mean``) and at worst (``jaccard_min``) over the reruns;
- the adjusted Rand index (Hubert & Arabie 1985) of every pair of runs, the chosen one included.

Items without a cluster count as clusters of their own in both measures.

Sweep: for each resolution, the number of clusters, the number of unassigned items, the CPM
quality of the Leiden partition (comparable within a row only: Q depends on the resolution) and
the adjusted Rand index with the clustering at the chosen resolution.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import polars as pl
import scipy.sparse as sp

from bibliomap.cluster import UNASSIGNED, ClusterOptions, cluster_partition
from bibliomap.layout import largest_component
from bibliomap.network import Network
from bibliomap.normalize import normalize, resolution_scale


def _dense_labels(membership: np.ndarray) -> np.ndarray:
    """Labels 0..k-1, each unassigned item a cluster of its own."""
    labels = np.asarray(membership, dtype=np.int64).copy()
    missing = labels == UNASSIGNED
    labels[missing] = labels.max(initial=-1) + 1 + np.arange(int(missing.sum()))
    return np.unique(labels, return_inverse=True)[1]


def _contingency(a: np.ndarray, b: np.ndarray) -> sp.coo_matrix:
    left = _dense_labels(a)
    right = _dense_labels(b)
    shape = (left.max(initial=-1) + 1, right.max(initial=-1) + 1)
    table = sp.coo_matrix((np.ones(len(left)), (left, right)), shape=shape).tocsr()
    table.sum_duplicates()
    return table.tocoo()


def _pairs(counts: np.ndarray) -> float:
    return float(np.sum(counts * (counts - 1) / 2))


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Adjusted Rand index of two partitions of the same items (1 = identical)."""
    table = _contingency(a, b)
    index = _pairs(table.data)
    rows = _pairs(np.asarray(table.sum(axis=1)).ravel())
    cols = _pairs(np.asarray(table.sum(axis=0)).ravel())
    total = _pairs(np.array([len(a)], dtype=np.float64))
    expected = rows * cols / total if total > 0 else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def best_match_jaccard(reference: np.ndarray, other: np.ndarray) -> np.ndarray:
    """For each cluster 1..k of ``reference``: its largest Jaccard index with a cluster of
    ``other``."""
    ref = np.asarray(reference, dtype=np.int64)
    assigned = ref != UNASSIGNED
    count = int(ref.max(initial=0))
    right = _dense_labels(other)
    table = sp.coo_matrix(
        (np.ones(int(assigned.sum())), (ref[assigned] - 1, right[assigned])),
        shape=(count, right.max(initial=-1) + 1),
    ).tocsr()
    table.sum_duplicates()
    coo = table.tocoo()
    ref_size = np.bincount(ref[assigned] - 1, minlength=count)
    other_size = np.bincount(right)
    jaccard = coo.data / (ref_size[coo.row] + other_size[coo.col] - coo.data)
    best = np.zeros(count)
    np.maximum.at(best, coo.row, jaccard)
    return best


@dataclass(frozen=True)
class Stability:
    """Per-cluster stability (cluster, items, jaccard_mean, jaccard_min) and pairwise ARI."""

    clusters: pl.DataFrame
    pairs: pl.DataFrame


def seed_stability(
    adjacency: sp.spmatrix,
    node_weights: np.ndarray,
    options: ClusterOptions,
    *,
    seeds: int,
    scale: float = 1.0,
    workers: int = 1,
    chosen: np.ndarray | None = None,
) -> Stability:
    """Stability of the clustering of a normalized network over ``seeds`` reruns (``chosen``:
    the clustering with ``options``, if already computed)."""
    runs = [
        cluster_partition(
            adjacency, node_weights, replace(options, seed=options.seed + r), scale=scale,
            workers=workers,
        )[0]
        if r or chosen is None
        else chosen
        for r in range(seeds + 1)
    ]  # fmt: skip
    reference = runs[0]
    count = int(reference.max(initial=0))
    matches = np.array([best_match_jaccard(reference, run) for run in runs[1:]]).reshape(-1, count)
    clusters = pl.DataFrame(
        {
            "cluster": np.arange(1, count + 1),
            "items": np.bincount(reference[reference != UNASSIGNED], minlength=count + 1)[1:],
            "jaccard_mean": matches.mean(axis=0) if seeds else np.ones(count),
            "jaccard_min": matches.min(axis=0) if seeds else np.ones(count),
        },
        schema={
            "cluster": pl.Int64,
            "items": pl.Int64,
            "jaccard_mean": pl.Float64,
            "jaccard_min": pl.Float64,
        },
    )
    pairs = pl.DataFrame(
        [
            (options.seed + i, options.seed + j, adjusted_rand_index(runs[i], runs[j]))
            for i in range(len(runs))
            for j in range(i + 1, len(runs))
        ],
        schema={"seed_a": pl.Int64, "seed_b": pl.Int64, "ari": pl.Float64},
        orient="row",
    )
    return Stability(clusters=clusters, pairs=pairs)


def resolution_sweep(
    adjacency: sp.spmatrix,
    node_weights: np.ndarray,
    options: ClusterOptions,
    *,
    resolutions: list[float],
    scale: float = 1.0,
    workers: int = 1,
    chosen: tuple[np.ndarray, float] | None = None,
) -> pl.DataFrame:
    """Clusters, unassigned items, quality and ARI to ``options.resolution`` per resolution
    (the chosen resolution's clustering and quality, ``chosen``, computed once)."""
    runs: dict[float, tuple[np.ndarray, float]] = {}
    if chosen is not None:
        runs[float(options.resolution)] = chosen

    def partition(resolution: float) -> tuple[np.ndarray, float]:
        if resolution not in runs:
            changed = replace(options, resolution=resolution)
            runs[resolution] = cluster_partition(
                adjacency, node_weights, changed, scale=scale, workers=workers
            )
        return runs[resolution]

    chosen = partition(float(options.resolution))[0]
    rows = []
    for resolution in resolutions:
        clusters, quality = partition(float(resolution))
        rows.append(
            (
                float(resolution),
                int(clusters.max(initial=0)),
                int(np.sum(clusters == UNASSIGNED)),
                quality,
                adjusted_rand_index(clusters, chosen),
            )
        )
    return pl.DataFrame(
        rows,
        schema={
            "resolution": pl.Float64,
            "clusters": pl.Int64,
            "unassigned": pl.Int64,
            "quality": pl.Float64,
            "ari_to_chosen": pl.Float64,
        },
        orient="row",
    )


def _normalized(
    network: Network, normalization: str, largest_component_only: bool
) -> tuple[sp.csr_matrix, np.ndarray, float]:
    adjacency = network.adjacency()
    if largest_component_only:
        keep = largest_component(adjacency)
        adjacency = adjacency[keep][:, keep]
    normalized, node_weights = normalize(adjacency, normalization)
    return normalized, node_weights, resolution_scale(adjacency, normalization)


def network_robustness(
    network: Network,
    options: ClusterOptions,
    *,
    seeds: int,
    resolutions: list[float],
    normalization: str = "association_strength",
    largest_component_only: bool = False,
    workers: int = 1,
) -> tuple[Stability, pl.DataFrame]:
    """:func:`seed_stability` over ``seeds`` reruns (none: 0) and :func:`resolution_sweep` over
    ``resolutions`` (none: empty) of a network's clustering, sharing the normalized network and
    the chosen clustering."""
    matrix, weights, scale = _normalized(network, normalization, largest_component_only)
    chosen = cluster_partition(matrix, weights, options, scale=scale, workers=workers)
    shared = {"scale": scale, "workers": workers}
    stability = seed_stability(matrix, weights, options, seeds=seeds, chosen=chosen[0], **shared)
    sweep = resolution_sweep(
        matrix, weights, options, resolutions=resolutions, chosen=chosen, **shared
    )
    return stability, sweep
