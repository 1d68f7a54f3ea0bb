"""Build a bibliographic network (keyword co-occurrence, co-authorship, citation, bibliographic
coupling or co-citation) from records.parquet and write it as a network folder (items.parquet,
links.parquet, meta.json)."""

from __future__ import annotations

import argparse

import polars as pl

from bibliomap.network import save
from bibliomap.networks import KINDS, NetworkParams, build, required_columns
from bibliomap.thesaurus import read_thesaurus

HELP = "build a keyword, co-authorship, citation, coupling or co-citation network"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("records", metavar="RECORDS", help="records.parquet written by 'read'")
    parser.add_argument("--kind", required=True, choices=KINDS, help="network to build")
    parser.add_argument(
        "-o", "--output", required=True, metavar="DIR", help="network folder to write"
    )
    parser.add_argument(
        "--counting",
        choices=("full", "fractional"),
        default="full",
        help="full counting, or fractional counting (a document's links sum to 1)",
    )
    parser.add_argument(
        "--min-occurrences", type=int, default=5, help="minimum occurrences of a keyword"
    )
    parser.add_argument(
        "--min-documents",
        type=int,
        default=5,
        help="minimum documents of an author, organization, country or source",
    )
    parser.add_argument(
        "--min-citations",
        type=int,
        default=0,
        help="minimum citations of a document (and of an author, organization, country or "
        "source in citation and coupling networks)",
    )
    parser.add_argument(
        "--min-cited",
        type=int,
        default=5,
        help="minimum citations of a cited reference, cited source or cited author",
    )
    parser.add_argument(
        "--max-authors",
        type=int,
        default=25,
        help="skip documents with more authors (organizations, countries) than this; 0: no limit",
    )
    parser.add_argument(
        "--max-items",
        type=int,
        default=0,
        help="keep only this many items, those of largest total link strength; 0: all",
    )
    parser.add_argument(
        "--thesaurus", metavar="FILE", help="VOSviewer thesaurus file (label<TAB>replace by)"
    )


def run(args: argparse.Namespace) -> int:
    params = NetworkParams(
        counting=args.counting,
        min_occurrences=args.min_occurrences,
        min_documents=args.min_documents,
        min_citations=args.min_citations,
        min_cited=args.min_cited,
        max_authors=args.max_authors or None,
        max_items=args.max_items or None,
        thesaurus=read_thesaurus(args.thesaurus),
    )
    records = pl.read_parquet(args.records, columns=required_columns(args.kind))
    network = build(args.kind, records, params=params)
    save(network, args.output)
    print(f"{args.kind}: {network.size} items, {network.links.height} links -> {args.output}")
    return 0
