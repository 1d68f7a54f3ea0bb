"""Read database exports (formats detected from content), merge and de-duplicate them, apply
the filters, and write records.parquet with flow.csv (PRISMA-style flow) and merges.csv (every
merge of duplicates) beside it."""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from bibliomap.fileio import write_csv
from bibliomap.filters import make_filters
from bibliomap.flow import write_flow
from bibliomap.ingest import ingest_to
from bibliomap.records import DOCUMENT_TYPES

HELP = "read, merge, de-duplicate and filter database exports into records.parquet"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE", help="export files of any supported database"
    )
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="PATH",
        help="records Parquet file to write; flow.csv and merges.csv are written beside it",
    )
    parser.add_argument(
        "--years",
        nargs=2,
        type=int,
        metavar=("FIRST", "LAST"),
        help="keep publication years FIRST..LAST (inclusive); records without a year are removed",
    )
    parser.add_argument(
        "--languages",
        nargs="+",
        default=[],
        metavar="LANGUAGE",
        help="keep these languages (names or ISO codes) and records of unknown language",
    )
    parser.add_argument(
        "--document-types",
        nargs="+",
        default=[],
        choices=DOCUMENT_TYPES,
        metavar="TYPE",
        help=f"keep these document types ({', '.join(DOCUMENT_TYPES)}) and unknown types",
    )
    parser.add_argument(
        "--require-abstract", action="store_true", help="drop records without an abstract"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="processes reading files in parallel"
    )


def run(args: argparse.Namespace) -> int:
    filters = make_filters(
        years=args.years,
        languages=args.languages,
        document_types=args.document_types,
        require_abstract=args.require_abstract,
    )
    output = Path(args.output)
    written = ingest_to(args.files, output, filters=filters, workers=args.workers)
    write_flow(written.flow, output.with_name("flow.csv"))
    write_csv(written.merges, output.with_name("merges.csv"))
    counts = dict(
        written.flow.filter(pl.col("step").is_in(["unique", "kept"])).select("step", "count").rows()
    )
    print(
        f"{counts['kept']} records kept of {counts['unique']} unique records"
        f" from {len(args.files)} files -> {output}"
    )
    return 0
