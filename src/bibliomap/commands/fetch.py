"""Download all OpenAlex works matching a search and/or filter (cursor paging, retries with
backoff) into a JSON Lines file that `bibliomap read` accepts; an existing file is reused."""

from __future__ import annotations

import argparse
import sys

from bibliomap.fetch import FetchParams, Query, default_path, fetch_works

HELP = "download OpenAlex works matching a search or filter into a cached JSON Lines file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--search", help="OpenAlex full-text search (the `search` parameter)")
    parser.add_argument(
        "--filter", help="OpenAlex filter, e.g. 'publication_year:2015-2025,type:article'"
    )
    parser.add_argument("--mailto", help="your e-mail address (OpenAlex's polite pool)")
    parser.add_argument("--max-records", type=int, help="stop after this many works (default: all)")
    parser.add_argument(
        "-o",
        "--output",
        help="JSON Lines file to write (default: FOLDER/<hash of the query>.jsonl)",
    )
    parser.add_argument(
        "--folder",
        default="resources/openalex",
        help="cache folder used when --output is not given",
    )
    parser.add_argument("--base-url", default=FetchParams.base_url, help="OpenAlex API address")


def run(args: argparse.Namespace) -> int:
    query = Query(
        search=args.search, filter=args.filter, mailto=args.mailto, max_records=args.max_records
    )
    path = args.output or default_path(query, args.folder)
    fetched = fetch_works(
        query,
        path,
        params=FetchParams(base_url=args.base_url),
        log=lambda message: print(message, file=sys.stderr),
    )
    state = "downloaded" if fetched.downloaded else "already cached"
    print(f"{fetched.works} works {state} in {fetched.path}")
    return 0
