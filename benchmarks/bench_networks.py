"""Time and peak memory of building bibliographic networks from a records.parquet.

Each network kind is built in a fresh process (so its peak resident memory is its own), the
way the workflow's ``network`` rule runs it: read the records, match the cited references,
build, write the network folder. ``cpu_s`` (user + system time) is less sensitive than wall
time to other work on a shared machine.

    # the 27,500-record WoS set (read once with the project's reader, cached as Parquet)
    python benchmarks/bench_networks.py --large --min-cited 20 --min-citations 20
    # any records.parquet, e.g. from `bibliomap demo` + `bibliomap read`
    python benchmarks/bench_networks.py --records demo1m.parquet --min-cited 400 \\
        --min-citations 400 --kinds coupling_documents cocitation_references
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

LARGE = Path(__file__).resolve().parents[2] / "shared/data/large/large_wos_txt_archaeology_27500"
KINDS = ("coupling_documents", "cocitation_references")

_CHILD = """
import json, resource, sys, time
import polars as pl
from bibliomap.network import save
from bibliomap.networks import NetworkParams, build, required_columns
records_path, kind, out, options = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
started = time.perf_counter()
records = pl.read_parquet(records_path, columns=required_columns(kind))
loaded = time.perf_counter()
network = build(kind, records, params=NetworkParams(**options))
built = time.perf_counter()
save(network, out)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"kind": kind, "records": records.height, "items": network.size,
                  "links": network.links.height, "read_s": loaded - started,
                  "build_s": built - loaded, "total_s": time.perf_counter() - started,
                  "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024}))
"""


def large_records(cache: Path) -> Path:
    """The 27,500-record WoS set read and enriched by the project (cached as Parquet)."""
    if not cache.exists():
        from bibliomap.fileio import write_parquet
        from bibliomap.ingest import ingest

        files = sorted(LARGE.glob("*.txt"))
        write_parquet(ingest(files, workers=2).records, cache)
    return cache


def measure(records: Path, kind: str, options: dict, folder: Path) -> dict:
    """Build ``kind`` from ``records`` in a child process; its timings and peak memory."""
    command = [sys.executable, "-c", _CHILD, str(records), kind, str(folder / kind)]
    result = subprocess.run(
        [*command, json.dumps(options)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{kind} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--records", type=Path, help="records.parquet to build from")
    source.add_argument("--large", action="store_true", help="the 27,500-record WoS set")
    parser.add_argument("--cache", type=Path, help="where to cache the large set's records")
    parser.add_argument("--kinds", nargs="+", default=list(KINDS), help="network kinds")
    parser.add_argument("--counting", default="full", choices=("full", "fractional"))
    parser.add_argument("--min-cited", type=int, default=20)
    parser.add_argument("--min-citations", type=int, default=20)
    parser.add_argument("--min-documents", type=int, default=5)
    parser.add_argument("--max-items", type=int, default=None)
    parser.add_argument("--out", type=Path, help="also write the table as CSV")
    args = parser.parse_args()
    options = {
        "counting": args.counting,
        "min_cited": args.min_cited,
        "min_citations": args.min_citations,
        "min_documents": args.min_documents,
        "max_items": args.max_items,
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        records = args.records or large_records(args.cache or folder / "large.parquet")
        rows = [measure(records, kind, options, folder) for kind in args.kinds]
    table = pl.DataFrame(rows).with_columns(pl.selectors.float().round(1))
    with pl.Config(
        tbl_formatting="MARKDOWN", tbl_hide_dataframe_shape=True, tbl_rows=50, tbl_cols=-1
    ):
        print(table)
    if args.out:
        table.write_csv(args.out)


if __name__ == "__main__":
    main()
