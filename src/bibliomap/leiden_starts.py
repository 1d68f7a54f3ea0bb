"""Random starts of the Leiden algorithm (CPM), as :mod:`bibliomap.cluster` runs them.

Kept apart from :mod:`bibliomap.cluster` so that worker processes running starts
(:func:`bibliomap.processes.map_in_processes`) import igraph and leidenalg only.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import igraph as ig
import leidenalg
import numpy as np

RANDOMNESS = 0.01
"""VOSviewer's randomness of the refinement step (igraph's ``beta``)."""


def _igraph_start(
    graph: ig.Graph, weights: np.ndarray, sizes: np.ndarray, resolution: float,
    iterations: int, seed: int,
) -> list[int]:  # fmt: skip
    ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = graph.community_leiden(
            objective_function="CPM", weights=weights, node_weights=sizes,
            resolution=resolution, beta=RANDOMNESS, n_iterations=iterations,
        )  # fmt: skip
    finally:
        ig.set_random_number_generator(random)
    return clustering.membership


def _leidenalg_start(
    graph: ig.Graph, weights: np.ndarray, sizes: np.ndarray, resolution: float,
    iterations: int, seed: int,
) -> list[int]:  # fmt: skip
    partition = leidenalg.find_partition(
        graph, leidenalg.CPMVertexPartition, weights=weights.tolist(),
        node_sizes=sizes.tolist(), resolution_parameter=resolution,
        n_iterations=iterations, seed=seed,
    )  # fmt: skip
    return partition.membership


@dataclass(frozen=True)
class LeidenStarts:
    """What every random start of one Leiden run shares; builds its graph once per process."""

    n: int
    edges: np.ndarray
    weights: np.ndarray
    sizes: np.ndarray
    resolution: float
    iterations: int
    engine: str

    def run(self, seed: int) -> np.ndarray:
        if not hasattr(self, "_graph"):
            object.__setattr__(self, "_graph", ig.Graph(n=self.n, edges=self.edges))
        start = _igraph_start if self.engine == "igraph" else _leidenalg_start
        found = start(self._graph, self.weights, self.sizes, self.resolution, self.iterations, seed)
        return np.asarray(found, dtype=np.int64)


def run_start(starts: LeidenStarts, seed: int) -> np.ndarray:
    """One random start, in a worker process (:func:`bibliomap.processes.map_in_processes`)."""
    return starts.run(seed)
