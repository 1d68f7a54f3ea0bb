"""The peers' benchmark task, timed phase by phase: a keyword co-occurrence map of the
27,500-record Web of Science set.

Peers measured on this machine (README of the project's brief): metaknowledge reads the set in
4.2 s and builds + clusters the keyword network in 15.4 s in all; biblium 2.5 s and 19.8 s.
This script runs bibliomap's library the way the workflow does, in one process:

- read: every export file parsed, places enriched, merged, references parsed (``ingest``);
- network: the keyword co-occurrence network (VOSviewer's defaults: author keywords, or
  author + index keywords with ``--kind keywords_all``, >= 5 occurrences, full counting);
- cluster: Leiden (CPM) on the association-strength normalized network, 10 random starts of
  10 iterations (VOSviewer's defaults);
- layout: the VOS layout (one random start), which the peers do not compute.

Prints wall and CPU seconds per phase and the total.

    .venv/bin/python benchmarks/bench_keyword_map.py
    .venv/bin/python benchmarks/bench_keyword_map.py --kind keywords_all --workers 1
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bibliomap.cluster import cluster_network
from bibliomap.ingest import ingest
from bibliomap.layout import layout_network
from bibliomap.networks import NetworkParams, build

LARGE = Path(__file__).resolve().parents[2] / "shared/data/large/large_wos_txt_archaeology_27500"


def timed(name: str, work: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, float]:
    """Run ``work``, print its wall and CPU seconds, return its result and wall seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = work(*args, **kwargs)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  {name:<8} {wall:7.2f} s wall {cpu:7.2f} s CPU", flush=True)
    return result, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=LARGE, help="folder of export files")
    parser.add_argument("--kind", default="keywords_author", help="keyword network kind")
    parser.add_argument("--workers", type=int, default=2, help="threads/processes to use")
    args = parser.parse_args()
    files = sorted(path for path in args.data.iterdir() if path.suffix == ".txt")
    read, t_read = timed("read", ingest, files, workers=args.workers)
    network, t_net = timed("network", build, args.kind, read.records, params=NetworkParams())
    _, t_cluster = timed("cluster", cluster_network, network, workers=args.workers)
    _, t_layout = timed("layout", layout_network, network, threads=args.workers)
    print(
        f"{read.records.height} records, {network.size} keywords, {network.links.height} links: "
        f"read {t_read:.2f} s, read + network + clusters {t_read + t_net + t_cluster:.2f} s, "
        f"with the layout {t_read + t_net + t_cluster + t_layout:.2f} s"
    )


if __name__ == "__main__":
    main()
