"""Assemble the study report: one self-contained HTML file (images embedded, opens offline).

It holds the flow table (--flow), the statistics tables and figures of `bibliomap stats`
(--stats DIR; its methodology and Google Trends figures when present), every map given with
--map KIND=DIR (a `bibliomap map` folder: clusters.csv, stability.csv and sweep.csv when
present, and the network, overlay, density and cluster density figures as PNG or SVG), and the
variant comparison (--comparison DIR with maps.csv and pairs.csv). Captions state the parameters
of --config (a bibliomap configuration YAML file); without it they say "not recorded".
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bibliomap.config import load_yaml
from bibliomap.errors import BibliomapError
from bibliomap.figures import FIGURES
from bibliomap.report import MapFiles, ReportInputs, write_report
from bibliomap.report.build import image_file
from bibliomap.stats import METHODOLOGY, TRENDS

HELP = "assemble the self-contained HTML report (flow, statistics, maps, comparison)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="HTML", help="report file to write"
    )
    parser.add_argument(
        "--flow", type=Path, required=True, metavar="CSV", help="flow table (flow.csv)"
    )
    parser.add_argument(
        "--stats", type=Path, required=True, metavar="DIR",
        help="folder written by 'bibliomap stats'",
    )  # fmt: skip
    parser.add_argument(
        "--map", action="append", default=[], metavar="KIND=DIR",
        help="a map folder and its network kind (e.g. keywords_all=maps/keywords); repeatable",
    )  # fmt: skip
    parser.add_argument(
        "--comparison", type=Path, default=None, metavar="DIR",
        help="folder with the variant comparison (maps.csv, pairs.csv)",
    )  # fmt: skip
    parser.add_argument(
        "--config", type=Path, default=None, metavar="YAML",
        help="configuration whose parameters the captions state",
    )  # fmt: skip
    parser.add_argument("--title", default="bibliomap study report", help="title of the report")


def _optional(path: Path) -> Path | None:
    return path if path.is_file() else None


def _map(argument: str) -> MapFiles:
    kind, sep, folder = argument.partition("=")
    if not sep or not kind or not folder:
        raise BibliomapError(f"--map expects KIND=DIR, got {argument!r}")
    where = Path(folder)
    clusters = where / "clusters.csv"
    if not clusters.is_file():
        raise BibliomapError("not a map folder (no clusters.csv)", path=where)
    return MapFiles(
        kind=kind,
        clusters=clusters,
        stability=_optional(where / "stability.csv"),
        sweep=_optional(where / "sweep.csv"),
        sweep_figure=_image(where, "sweep"),
        figures=tuple((name, image_file(where, name)) for name in FIGURES),
    )


def _comparison(folder: Path | None) -> tuple[Path | None, Path | None]:
    if folder is None:
        return None, None
    found = (_optional(folder / "maps.csv"), _optional(folder / "pairs.csv"))
    if found == (None, None):
        raise BibliomapError("no maps.csv or pairs.csv in the comparison folder", path=folder)
    return found


def _image(folder: Path, name: str) -> Path | None:
    try:
        return image_file(folder, name)
    except BibliomapError:
        return None


def run(args: argparse.Namespace) -> int:
    maps, pairs = _comparison(args.comparison)
    inputs = ReportInputs(
        flow=args.flow,
        stats=args.stats,
        maps=tuple(_map(argument) for argument in args.map),
        methodology=_image(args.stats, METHODOLOGY),
        trends=_image(args.stats, TRENDS),
        comparison_maps=maps,
        comparison_pairs=pairs,
    )
    config = {} if args.config is None else load_yaml(args.config)
    write_report(inputs, args.output, config=config, title=args.title)
    print(f"report written to {args.output}")
    return 0
