"""Time the VOS layout and the Leiden clustering on synthetic planted-partition networks.

    .venv/bin/python benchmarks/bench_map.py                     # 1,000 and 10,000 items
    .venv/bin/python benchmarks/bench_map.py --items 10000 --links 500000 --layout-starts 1

A network of N items in N/50 planted groups gets exactly L distinct links, 80% inside a group,
with strengths 1..4; it is normalized by association strength. Wall-clock seconds are printed
for the layout (its random starts in --threads threads) and the clustering (its random starts in
--threads processes for networks of 200,000 links or more).
The first call compiles the numba kernels (cached on disk afterwards); a warm-up on a small
network keeps that out of the timings.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import scipy.sparse as sp

from bibliomap.cluster import ClusterOptions, cluster_partition
from bibliomap.layout import LayoutOptions, vos_layout
from bibliomap.normalize import normalize


def planted_network(items: int, links: int, *, seed: int = 0) -> sp.csr_matrix:
    """Symmetric adjacency with exactly ``links`` distinct links, 80% inside N/50 groups."""
    rng = np.random.default_rng(seed)
    groups = max(items // 50, 2)
    group = rng.integers(0, groups, items)
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(groups))
    sizes = np.bincount(group, minlength=groups)
    keys = np.empty(0, dtype=np.int64)
    while keys.size < links:
        draw = 2 * (links - keys.size) + 1000
        i = rng.integers(0, items, draw)
        inside = order[starts[group[i]] + (rng.random(draw) * sizes[group[i]]).astype(np.int64)]
        j = np.where(rng.random(draw) < 0.8, inside, rng.integers(0, items, draw))
        keep = i != j
        pairs = np.minimum(i, j)[keep] * items + np.maximum(i, j)[keep]
        _, first = np.unique(np.concatenate([keys, pairs]), return_index=True)
        keys = np.concatenate([keys, pairs])[np.sort(first)]
    keys = keys[:links]
    strength = rng.integers(1, 5, links).astype(np.float64)
    upper = sp.coo_matrix((strength, (keys // items, keys % items)), shape=(items, items))
    return sp.csr_matrix(upper + upper.T)


def bench(items: int, links: int, args: argparse.Namespace) -> None:
    matrix, weights = normalize(planted_network(items, links))
    layout_options = LayoutOptions(
        repulsion=args.repulsion, random_starts=args.layout_starts, threads=args.threads,
        method=args.method,
    )  # fmt: skip
    start = time.perf_counter()
    result = vos_layout(matrix, weights, layout_options)
    layout_seconds = time.perf_counter() - start
    start = time.perf_counter()
    clusters, _ = cluster_partition(
        matrix, weights, ClusterOptions(random_starts=args.cluster_starts), workers=args.threads
    )
    cluster_seconds = time.perf_counter() - start
    print(
        f"{items:>7} items {matrix.nnz // 2:>8} links | layout ({args.layout_starts} starts, "
        f"R={args.repulsion}, {args.threads} threads) {layout_seconds:7.1f} s | clustering "
        f"({args.cluster_starts} starts) {cluster_seconds:6.1f} s, {clusters.max()} clusters | "
        f"total {layout_seconds + cluster_seconds:7.1f} s | Q={result.quality:.6g}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--links", type=int, nargs="*", default=[25000, 500000])
    parser.add_argument("--layout-starts", type=int, default=10)
    parser.add_argument("--cluster-starts", type=int, default=10)
    parser.add_argument("--repulsion", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--method", default="auto", choices=("auto", "exact", "barnes_hut"))
    args = parser.parse_args()
    warm = normalize(planted_network(100, 500))
    vos_layout(*warm, LayoutOptions(method="exact"))
    vos_layout(*warm, LayoutOptions(method="barnes_hut"))
    for items, links in zip(args.items, args.links, strict=True):
        bench(items, links, args)


if __name__ == "__main__":
    main()
