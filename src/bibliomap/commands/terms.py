"""Mine terms from titles and abstracts as VOSviewer does and build the term co-occurrence network.

Noun phrases are found with textblob's Brill tagger (vectorized), unified (lower case, no
accents or punctuation, last word singular), counted per document, thresholded, ranked by
relevance, and the most relevant share is kept; dropped phrases fall back to the longest
embedded kept term. Writes DIR/terms.parquet (every term meeting the threshold, ``selected``
marks the kept ones), DIR/incidence.parquet (record id, term, count) and the network folder
DIR/network/ (or --network). Methods: docs/terms.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from bibliomap.terms.extract import COUNTINGS, FIELDS, TermParams, extract_terms, save_terms
from bibliomap.thesaurus import read_thesaurus

HELP = "extract terms from titles and abstracts and build the term co-occurrence network"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("records", type=Path, help="records.parquet in the canonical schema")
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="DIR", help="output folder"
    )
    parser.add_argument(
        "--network",
        type=Path,
        default=None,
        metavar="DIR",
        help="network folder to write (default: DIR/network)",
    )
    parser.add_argument(
        "--fields",
        nargs="+",
        choices=FIELDS,
        default=list(FIELDS),
        help="record fields mined for noun phrases",
    )
    parser.add_argument(
        "--counting",
        choices=COUNTINGS,
        default="binary",
        help="binary: a term counts once per document; full: every occurrence counts",
    )
    parser.add_argument(
        "--min-occurrences",
        type=int,
        default=10,
        metavar="N",
        help="minimum occurrences of a term (VOSviewer's default 10)",
    )
    parser.add_argument(
        "--relevance-share",
        type=float,
        default=0.6,
        metavar="F",
        help="share of the candidate terms kept, most relevant first (1.0 keeps all)",
    )
    parser.add_argument(
        "--keep-copyright",
        action="store_true",
        help="keep copyright statements and structured-abstract labels in the text",
    )
    parser.add_argument(
        "--thesaurus",
        type=Path,
        default=None,
        metavar="PATH",
        help="VOSviewer thesaurus file (label<TAB>replace by) applied to the terms",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        metavar="N",
        help="worker processes mining batches of records (1: mine in this process)",
    )


def run(args: argparse.Namespace) -> int:
    params = TermParams(
        fields=tuple(args.fields),
        counting=args.counting,
        min_occurrences=args.min_occurrences,
        relevance_share=args.relevance_share,
        remove_copyright=not args.keep_copyright,
    )
    records = pl.read_parquet(args.records)
    result = extract_terms(
        records, params, thesaurus=read_thesaurus(args.thesaurus), workers=args.workers
    )
    save_terms(
        result,
        terms=args.output / "terms.parquet",
        incidence=args.output / "incidence.parquet",
        network=args.network or args.output / "network",
    )
    kept = result.network.size
    print(f"{result.terms.height} terms meet the threshold, {kept} selected")
    return 0
