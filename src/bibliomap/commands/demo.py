"""Write a synthetic export with planted topics, for demos, tests and benchmarks.

The records' titles and abstracts are written from five planted topics (the themes of the
micro-credentials study); authors, affiliations, sources, years with growth, citation counts and
cited references (into and outside the corpus) make every network type meaningful. The same
--records, --seed and --format always give a byte-identical file.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bibliomap.demo import DemoParams, write_demo
from bibliomap.demo.writer import FORMATS

HELP = "write a synthetic demo export (Scopus CSV, WoS, ...) with planted topics"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--records", type=int, default=2000, metavar="N", help="number of records to generate"
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="S", help="random seed (same seed, same file)"
    )
    parser.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="scopus-csv",
        help="export format to write, laid out exactly as the database writes it",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="PATH", help="export file to write"
    )
    parser.add_argument(
        "--truth",
        type=Path,
        default=None,
        metavar="PATH",
        help="also write each record's planted topic (doc, doi, eid, ut, title, year, topic, "
        "secondary_topic) as Parquet, or CSV if PATH ends in .csv",
    )


def run(args: argparse.Namespace) -> int:
    params = DemoParams(records=args.records, seed=args.seed)
    write_demo(args.output, params, fmt=args.format, truth=args.truth)
    return 0
