"""Lay out and cluster a network as VOSviewer does, and write the map folder.

The input is a network folder (items.parquet, links.parquet, meta.json) or VOSviewer files
(--vosviewer-map and/or --vosviewer-network). The map folder gets map.parquet (items with x, y,
cluster), links.parquet, map.txt + network.txt (VOSviewer), map.json (VOSviewer Online),
map.gexf, map.graphml and the cluster table clusters.csv/.parquet; with --stability-seeds also
stability.csv (per cluster) and stability_pairs.csv (adjusted Rand index of every pair of runs),
with --sweep also sweep.csv.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from bibliomap import network as network_folder
from bibliomap.cluster import ENGINES, ClusterOptions, cluster_network
from bibliomap.errors import BibliomapError
from bibliomap.export.folder import export_map_folder
from bibliomap.export.vosviewer import read_vosviewer
from bibliomap.figures import draw_map_figures
from bibliomap.figures.save import save_figure
from bibliomap.figures.sweep import sweep_figure
from bibliomap.fileio import write_csv
from bibliomap.layout import METHODS, layout_network, resolve_repulsion
from bibliomap.network import Network
from bibliomap.normalize import NORMALIZATIONS
from bibliomap.stability import network_robustness

HELP = "VOS layout + Leiden clusters of a network, written as a map folder with every export"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "network", nargs="?", type=Path, default=None, metavar="NETWORK",
        help="network folder (items.parquet, links.parquet, meta.json)",
    )  # fmt: skip
    parser.add_argument("--vosviewer-map", type=Path, metavar="FILE", help="VOSviewer map file")
    parser.add_argument(
        "--vosviewer-network", type=Path, metavar="FILE", help="VOSviewer network file"
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="map folder to write"
    )
    parser.add_argument(
        "--normalization", choices=NORMALIZATIONS, default="association_strength",
        help="normalization of link strengths for layout and clustering",
    )  # fmt: skip
    parser.add_argument("--attraction", type=int, default=2, help="attraction parameter A")
    parser.add_argument(
        "--repulsion", default="auto",
        help="repulsion parameter R (integer < A), or 'auto' for VOSviewer's default of the "
        "network kind (0 keywords and document citation, -1 author co-authorship, else 1)",
    )  # fmt: skip
    parser.add_argument(
        "--layout-random-starts", type=int, default=1, help="random starts of the layout"
    )
    parser.add_argument(
        "--layout-method", choices=METHODS, default="auto",
        help="all-pairs sums exactly, with a Barnes-Hut quadtree, or exact up to 5000 items",
    )  # fmt: skip
    parser.add_argument("--resolution", type=float, default=1.0, help="clustering resolution")
    parser.add_argument("--iterations", type=int, default=10, help="Leiden iterations per start")
    parser.add_argument(
        "--random-starts", type=int, default=10, help="random starts of the clustering"
    )
    parser.add_argument(
        "--min-cluster-size", type=int, default=1, help="minimum number of items in a cluster"
    )
    parser.add_argument(
        "--no-merge-small-clusters", action="store_true",
        help="leave items of too-small clusters without a cluster instead of merging them",
    )  # fmt: skip
    parser.add_argument(
        "--largest-component", action="store_true",
        help="map only the largest connected component",
    )  # fmt: skip
    parser.add_argument("--engine", choices=ENGINES, default="igraph", help="Leiden implementation")
    parser.add_argument("--seed", type=int, default=0, help="seed of layout and clustering")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads (layout) and processes (clustering) for the random starts",
    )
    parser.add_argument(
        "--stability-seeds", type=int, default=0, metavar="K",
        help="rerun the clustering with K more seeds and write stability.csv (0: no)",
    )  # fmt: skip
    parser.add_argument(
        "--sweep", default="", metavar="R1,R2,...",
        help="resolutions of a sweep written to sweep.csv (empty: no sweep)",
    )  # fmt: skip
    parser.add_argument("--title", default="", help="title of the VOSviewer Online JSON map")
    figures = parser.add_argument_group("figures (network, overlay, density, cluster density)")
    figures.add_argument(
        "--formats", nargs="*", choices=("png", "svg", "pdf"), default=["png", "svg", "pdf"],
        help="figure file formats; none (an empty list) draws no figures",
    )  # fmt: skip
    figures.add_argument("--dpi", type=int, default=300, help="resolution of PNG figures")
    figures.add_argument("--max-links", type=int, default=1000, help="strongest links drawn")
    figures.add_argument(
        "--kernel-width", type=float, default=1.0, help="kernel width h of the density views"
    )
    figures.add_argument(
        "--weight", default=None,
        help="weight sizing circles and labels (default: Occurrences, Documents, Citations or "
        "Total link strength, the first the map has)",
    )  # fmt: skip
    figures.add_argument(
        "--score", default=None, help="score colouring the overlay (default: Avg. pub. year)"
    )


def _load(args: argparse.Namespace) -> Network:
    if args.network is not None:
        if args.vosviewer_map or args.vosviewer_network:
            raise BibliomapError("give either a network folder or VOSviewer files, not both")
        if not (args.network / network_folder.ITEMS).is_file():
            raise BibliomapError("not a network folder (no items.parquet)", path=args.network)
        return network_folder.load(args.network)
    return read_vosviewer(args.vosviewer_map, args.vosviewer_network)


def _resolutions(text: str) -> list[float]:
    try:
        return [float(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise BibliomapError(f"--sweep expects numbers separated by commas, got {text!r}") from None


def run(args: argparse.Namespace) -> int:
    resolutions = _resolutions(args.sweep)
    network = _load(args)
    repulsion = resolve_repulsion(args.repulsion, network.meta.get("kind", ""))
    options = ClusterOptions(
        resolution=args.resolution, iterations=args.iterations, random_starts=args.random_starts,
        min_cluster_size=args.min_cluster_size,
        merge_small_clusters=not args.no_merge_small_clusters, seed=args.seed, engine=args.engine,
    )  # fmt: skip
    layout = layout_network(
        network, normalization=args.normalization, attraction=args.attraction,
        repulsion=repulsion, random_starts=args.layout_random_starts,
        largest_component_only=args.largest_component, seed=args.seed,
        method=args.layout_method, threads=args.threads,
    )  # fmt: skip
    clusters = cluster_network(
        network, normalization=args.normalization, resolution=options.resolution,
        iterations=options.iterations, random_starts=options.random_starts,
        min_cluster_size=options.min_cluster_size,
        merge_small_clusters=options.merge_small_clusters,
        largest_component_only=args.largest_component, seed=options.seed, engine=options.engine,
        workers=args.threads,
    )  # fmt: skip
    parameters = {
        "normalization": args.normalization, "attraction": args.attraction,
        "repulsion": repulsion, "resolution": args.resolution,
        "min_cluster_size": args.min_cluster_size,
        "merge_small_clusters": not args.no_merge_small_clusters,
        "largest_component": args.largest_component,
    }  # fmt: skip
    export_map_folder(
        network, layout, clusters, args.output, title=args.title, parameters=parameters
    )
    if args.formats:
        draw_map_figures(
            pl.read_parquet(args.output / "map.parquet"),
            pl.read_parquet(args.output / "links.parquet"),
            args.output, weight=args.weight, score=args.score, max_links=args.max_links,
            kernel_width=args.kernel_width, formats=args.formats, dpi=args.dpi,
        )  # fmt: skip
    common = {
        "normalization": args.normalization, "largest_component_only": args.largest_component,
        "workers": args.threads,
    }  # fmt: skip
    if args.stability_seeds > 0 or resolutions:
        result, sweep = network_robustness(
            network, options, seeds=args.stability_seeds, resolutions=resolutions, **common
        )
        if args.stability_seeds > 0:
            write_csv(result.clusters, args.output / "stability.csv")
            write_csv(result.pairs, args.output / "stability_pairs.csv")
        if resolutions:
            write_csv(sweep, args.output / "sweep.csv")
            if args.formats:
                figure = sweep_figure(sweep, args.resolution)
                save_figure(figure, args.output / "sweep", args.formats, args.dpi)
    return 0
