"""Leiden clustering on CPM of the normalized network (METHODS.md sec. 5), as VOSviewer does it.

Maximize ``Q = 1/(2m') sum_{i,j} delta(c_i, c_j) (a'_ij - gamma n_i n_j)`` on the normalized
network (:mod:`bibliomap.normalize`; with ``linlog`` gamma becomes gamma / 2m) with the Leiden
algorithm: ``iterations`` iterations per start, ``random_starts`` starts seeded from ``seed``, the
best quality kept (ties: the earliest start). Two engines run it:

- ``igraph`` (default): igraph's C implementation, ``Graph.community_leiden(objective_function=
  "CPM", node_weights=n, weights=a', beta=0.01)``, which has VOSviewer's randomness 0.01 of the
  refinement step; igraph draws from Python's ``random``, so each start runs with its own
  ``random.Random(start_seed)`` (the default generator is restored afterwards). It is about 20
  times faster than leidenalg.
- ``leidenalg``: ``leidenalg.CPMVertexPartition`` (``node_sizes``, ``weights``) through
  ``find_partition(..., seed=)``; leidenalg does not expose the refinement randomness.

Both reproduce VOSviewer's reference partitions (tests).

Clusters are numbered 1.. by decreasing number of items; ties go to the cluster holding the
item that comes first in the network. Then clusters with fewer than ``min_cluster_size`` items
are handled as VOSviewer does: repeatedly the smallest such cluster (ties: the lowest number)
is merged into the cluster j maximizing (link weight between them) / (total node weight of j);
a cluster without links stays as it is. With merging off their items get no cluster (null).
The clusters are numbered by size again at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import scipy.sparse as sp

from bibliomap.errors import BibliomapError
from bibliomap.layout import largest_component
from bibliomap.leiden_starts import LeidenStarts, run_start
from bibliomap.network import Network
from bibliomap.normalize import normalize, resolution_scale
from bibliomap.processes import map_in_processes

CLUSTER_SCHEMA = {"id": pl.Int64, "cluster": pl.Int64}
UNASSIGNED = -1
ENGINES = ("igraph", "leidenalg")


@dataclass(frozen=True)
class ClusterOptions:
    """Parameters of the clustering; the defaults are VOSviewer's."""

    resolution: float = 1.0
    iterations: int = 10
    random_starts: int = 10
    min_cluster_size: int = 1
    merge_small_clusters: bool = True
    seed: int = 0
    engine: str = "igraph"

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise BibliomapError(f"unknown clustering engine {self.engine!r}; expected {ENGINES}")
        if self.resolution < 0:
            raise BibliomapError(f"resolution must be >= 0, got {self.resolution}")
        if self.iterations < 1 or self.random_starts < 1 or self.min_cluster_size < 1:
            raise BibliomapError("iterations, random_starts and min_cluster_size must be >= 1")


def cpm_quality(
    adjacency: sp.spmatrix, node_weights: np.ndarray, membership: np.ndarray, resolution: float
) -> float:
    """``1/(2m') sum_{i,j} delta(c_i,c_j) (a'_ij - gamma n_i n_j)``; unassigned items alone."""
    matrix = sp.csr_matrix(adjacency)
    labels = _singletons_for_unassigned(membership)
    coo = matrix.tocoo()
    inside = coo.data[labels[coo.row] == labels[coo.col]].sum()
    cluster_weight = np.bincount(labels, weights=node_weights)
    total = matrix.sum()
    value = inside - resolution * float(np.sum(cluster_weight**2))
    return float(value / total) if total > 0 else float(value)


def _singletons_for_unassigned(membership: np.ndarray) -> np.ndarray:
    labels = np.asarray(membership, dtype=np.int64).copy()
    missing = labels == UNASSIGNED
    labels[missing] = labels.max(initial=-1) + 1 + np.arange(int(missing.sum()))
    return labels


def _start_seeds(seed: int, count: int) -> list[int]:
    """Independent leidenalg seeds for ``count`` starts, derived from ``seed``."""
    state = np.random.SeedSequence(seed).generate_state(count)
    return [int(value) % (2**31 - 1) for value in state]


PARALLEL_MIN_LINKS = 200_000
"""Networks with fewer links run their random starts in this process (starting worker processes
would cost more than it saves)."""


def _memberships(starts: LeidenStarts, seeds: list[int], workers: int) -> list[np.ndarray]:
    """One membership per start seed, in seed order; large networks in ``workers`` processes."""
    workers = min(workers, len(seeds))
    if workers <= 1 or len(starts.weights) < PARALLEL_MIN_LINKS:
        return [starts.run(seed) for seed in seeds]
    return map_in_processes(run_start, starts, seeds, workers=workers)


def leiden(
    adjacency: sp.spmatrix,
    node_weights: np.ndarray,
    *,
    resolution: float,
    iterations: int,
    random_starts: int,
    seed: int,
    engine: str = "igraph",
    workers: int = 1,
) -> tuple[np.ndarray, float]:
    """Best CPM partition (labels 0..) over the random starts, and its quality.

    The starts run in up to ``workers`` processes; the result does not depend on ``workers``.
    """
    upper = sp.triu(sp.csr_matrix(adjacency), k=1).tocoo()
    starts = LeidenStarts(
        n=adjacency.shape[0], edges=np.column_stack([upper.row, upper.col]), weights=upper.data,
        sizes=np.asarray(node_weights, dtype=np.float64), resolution=resolution,
        iterations=iterations, engine=engine,
    )  # fmt: skip
    best: tuple[float, np.ndarray] | None = None
    for membership in _memberships(starts, _start_seeds(seed, random_starts), workers):
        quality = cpm_quality(adjacency, node_weights, membership, resolution)
        if best is None or quality > best[0]:
            best = (quality, membership)
    assert best is not None
    return best[1], best[0]


def number_by_size(membership: np.ndarray) -> np.ndarray:
    """Renumber clusters 1.. by decreasing size (ties: first item); unassigned stay -1."""
    labels = np.asarray(membership, dtype=np.int64)
    assigned = labels != UNASSIGNED
    if not assigned.any():
        return labels.copy()
    values, first, counts = np.unique(labels[assigned], return_index=True, return_counts=True)
    first_item = np.flatnonzero(assigned)[first]
    order = np.lexsort((first_item, -counts))
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.arange(1, len(values) + 1)
    out = np.full_like(labels, UNASSIGNED)
    out[assigned] = rank[np.searchsorted(values, labels[assigned])]
    return out


def merge_small_clusters(
    adjacency: sp.spmatrix, node_weights: np.ndarray, membership: np.ndarray, min_size: int
) -> np.ndarray:
    """Merge clusters smaller than ``min_size`` items as VOSviewer does (see module doc)."""
    labels = np.asarray(membership, dtype=np.int64).copy()
    count = int(labels.max(initial=0)) + 1
    indicator = sp.csr_matrix(
        (np.ones(len(labels)), (np.arange(len(labels)), labels)), shape=(len(labels), count)
    )
    between = sp.lil_matrix(indicator.T @ sp.csr_matrix(adjacency) @ indicator)
    between.setdiag(0)
    cluster_weight = np.bincount(labels, weights=node_weights, minlength=count)
    size = np.bincount(labels, minlength=count)
    pending = (size > 0) & (size < min_size)
    while pending.any():
        small = int(np.flatnonzero(pending & (size == size[pending].min()))[0])
        pending[small] = False
        row = between.getrow(small).toarray().ravel()
        score = np.divide(row, cluster_weight, out=np.zeros(count), where=cluster_weight > 0)
        score[small] = 0
        if score.max() <= 0:
            continue
        target = int(np.argmax(score))
        labels[labels == small] = target
        _merge_rows(between, small, target)
        cluster_weight[target] += cluster_weight[small]
        size[target] += size[small]
        cluster_weight[small] = size[small] = 0
        pending[target] = size[target] < min_size
    return labels


def _merge_rows(between: sp.lil_matrix, source: int, target: int) -> None:
    """Fold cluster ``source``'s links into ``target`` in the symmetric cluster matrix."""
    row = between.getrow(source).toarray().ravel()
    row[target] = 0
    between[target, :] = between.getrow(target).toarray().ravel() + row
    between[:, target] = between[target, :].T
    between[source, :] = 0
    between[:, source] = 0
    between[target, target] = 0


def cluster_partition(
    adjacency: sp.spmatrix,
    node_weights: np.ndarray,
    options: ClusterOptions,
    *,
    scale: float = 1.0,
    workers: int = 1,
) -> tuple[np.ndarray, float]:
    """Final clusters (1.., -1 unassigned) of a normalized network and the Leiden quality.

    ``scale`` multiplies the resolution (``1 / 2m`` with linlog normalization); the random
    starts run in up to ``workers`` processes.
    """
    membership, quality = leiden(
        adjacency, node_weights,
        resolution=options.resolution * scale, iterations=options.iterations,
        random_starts=options.random_starts, seed=options.seed, engine=options.engine,
        workers=workers,
    )  # fmt: skip
    numbered = number_by_size(membership)
    if options.min_cluster_size > 1:
        if options.merge_small_clusters:
            merged = merge_small_clusters(
                adjacency, node_weights, numbered - 1, options.min_cluster_size
            )
            numbered = number_by_size(merged)
        else:
            sizes = np.bincount(numbered)
            numbered = np.where(sizes[numbered] < options.min_cluster_size, UNASSIGNED, numbered)
            numbered = number_by_size(numbered)
    return numbered, quality


def network_partition(
    network: Network,
    options: ClusterOptions,
    *,
    normalization: str = "association_strength",
    largest_component_only: bool = False,
    workers: int = 1,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Item positions clustered, their clusters (1.., -1 unassigned) and the Leiden quality."""
    adjacency = network.adjacency()
    keep = largest_component(adjacency) if largest_component_only else np.arange(adjacency.shape[0])
    sub = adjacency[keep][:, keep]
    normalized, node_weights = normalize(sub, normalization)
    scale = resolution_scale(sub, normalization)
    clusters, quality = cluster_partition(
        normalized, node_weights, options, scale=scale, workers=workers
    )
    return keep, clusters, quality


def cluster_network(
    network: Network,
    *,
    normalization: str = "association_strength",
    resolution: float = 1.0,
    iterations: int = 10,
    random_starts: int = 10,
    min_cluster_size: int = 1,
    merge_small_clusters: bool = True,
    largest_component_only: bool = False,
    seed: int = 0,
    engine: str = "igraph",
    workers: int = 1,
) -> pl.DataFrame:
    """Cluster table (``id``, ``cluster``; null = no cluster) of a network's items (random
    starts in up to ``workers`` processes, same result for any number)."""
    options = ClusterOptions(
        resolution=resolution, iterations=iterations, random_starts=random_starts,
        min_cluster_size=min_cluster_size, merge_small_clusters=merge_small_clusters, seed=seed,
        engine=engine,
    )  # fmt: skip
    keep, clusters, _ = network_partition(
        network, options, normalization=normalization,
        largest_component_only=largest_component_only, workers=workers,
    )  # fmt: skip
    return clusters_frame(network.items["id"].to_numpy()[keep], clusters)


def clusters_frame(ids: np.ndarray, clusters: np.ndarray) -> pl.DataFrame:
    """``id``, ``cluster`` table with null for unassigned items."""
    return pl.DataFrame(
        {"id": ids, "cluster": pl.Series(clusters).replace(UNASSIGNED, None)},
        schema=CLUSTER_SCHEMA,
    )
