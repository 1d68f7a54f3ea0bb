"""Descriptive statistics of a record table: the study's tables and figures.

Writes into DIR every table as CSV and Markdown (main information, document types, languages,
most cited documents, annual production, most relevant sources, authors, affiliations,
countries, author and index keywords, Bradford's zones, Lotka's law) and every figure as PNG and
SVG; with --rulegraph the methodology diagram, with --google-trends the search-interest figure.
Definitions: docs/stats.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.stats import StatsOptions, write_methodology, write_stats, write_trends

HELP = (
    "descriptive statistics: main information, rankings, Bradford, Lotka, trends (CSV/MD/PNG/SVG)"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("records", type=Path, help="records.parquet in the canonical schema")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="output folder"
    )
    parser.add_argument(
        "--top-n", type=int, default=10, metavar="N",
        help="rows of the most cited and most relevant tables",
    )  # fmt: skip
    parser.add_argument(
        "--reference-year", type=int, default=None, metavar="YEAR",
        help="year document ages and citable years are counted to "
        "(default: the latest publication year of the records)",
    )  # fmt: skip
    parser.add_argument("--dpi", type=float, default=300, help="resolution of the PNG figures")
    parser.add_argument(
        "--google-trends", type=Path, default=None, metavar="CSV",
        help="Google Trends 'Interest over time' export to plot",
    )  # fmt: skip
    parser.add_argument(
        "--rulegraph", type=Path, default=None, metavar="DOT",
        help="output of 'snakemake --rulegraph', drawn as the methodology diagram",
    )  # fmt: skip


def _read_records(path: Path) -> pl.DataFrame:
    try:
        return pl.read_parquet(path)
    except (OSError, pl.exceptions.PolarsError) as error:
        raise BibliomapError(f"cannot read the records: {error}", path=path) from None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BibliomapError(f"cannot read the rule graph: {error}", path=path) from None


def run(args: argparse.Namespace) -> int:
    options = StatsOptions(top_n=args.top_n, reference_year=args.reference_year, dpi=args.dpi)
    written = write_stats(_read_records(args.records), args.output, options)
    if args.rulegraph is not None:
        written += write_methodology(_read_text(args.rulegraph), args.output, dpi=args.dpi)
    if args.google_trends is not None:
        written += write_trends(args.google_trends, args.output, dpi=args.dpi)
    print(f"{len(written)} files written to {args.output}")
    return 0
