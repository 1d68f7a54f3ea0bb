"""Time the whole read stage (ingest + clean) on a set of export files, phase by phase.

    .venv/bin/python benchmarks/bench_read.py ../shared/data/large/large_wos_txt_archaeology_27500
    .venv/bin/python benchmarks/bench_read.py --demo 1000000   # generates the file once, in /tmp

Phases: read (format detection and parsing, files in parallel processes), enrich (countries,
organizations, parsed references), merge (de-duplication), filter (the default config's
filters) and write (records.parquet, flow.csv, merges.csv). Prints seconds per phase, records
per second, and peak resident memory of this process and of the largest reader process.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from bibliomap import flow, ingest, merge
from bibliomap.enrich import enrich
from bibliomap.fileio import write_csv, write_parquet
from bibliomap.filters import clean, make_filters

DEMO_DIR = Path(tempfile.gettempdir()) / "bibliomap-bench"


def export_files(paths: list[str]) -> list[Path]:
    """The files named, with folders expanded to their export files (sorted)."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix != ".tsv")
        else:
            files.append(path)
    return files


def demo_file(records: int, fmt: str) -> Path:
    """A demo export of ``records`` records, generated with `bibliomap demo` if not there yet."""
    path = DEMO_DIR / f"demo-{fmt}-{records}.export"
    if not path.exists():
        DEMO_DIR.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "bibliomap", "demo", "--records", str(records)]
        subprocess.run([*command, "--format", fmt, "-o", str(path)], check=True)
    return path


def peak_mb(who: int) -> float:
    """Peak resident memory in MB (``RUSAGE_SELF`` or ``RUSAGE_CHILDREN``)."""
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="export files or folders of export files")
    parser.add_argument("--demo", type=int, help="also benchmark a demo export of N records")
    parser.add_argument("--demo-format", default="scopus-csv", help="format of the demo export")
    parser.add_argument("--workers", type=int, default=2, help="reader processes")
    args = parser.parse_args()
    files = export_files(args.paths)
    if args.demo:
        files.append(demo_file(args.demo, args.demo_format))
    if not files:
        parser.error("give export files or --demo N")
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"{len(files)} files, {size:.1f} MB, {args.workers} workers", flush=True)

    times: dict[str, float] = {}
    start = time.perf_counter()
    reads = ingest.read_files(files, workers=args.workers)
    times["read"] = time.perf_counter() - start
    found = sum(read.records.height for read in reads)

    mark = time.perf_counter()
    enriched = enrich(pl.concat([read.records for read in reads]))
    times["enrich"] = time.perf_counter() - mark

    mark = time.perf_counter()
    merged = merge.merge(enriched)
    times["merge"] = time.perf_counter() - mark

    mark = time.perf_counter()
    filters = make_filters(years=[1992, 2025], languages=["English"])
    rows = [flow.read_row(read.path, read.format, read.records.height) for read in reads]
    rows += [flow.duplicate_rows(merged.removed(), {}), flow.unique_row(merged.records.height)]
    cleaned = clean(merged.records, flow.concat(rows), filters)
    times["filter"] = time.perf_counter() - mark

    mark = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        write_parquet(cleaned.records, Path(folder) / "records.parquet")
        flow.write_flow(cleaned.flow, Path(folder) / "flow.csv")
        write_csv(merged.merges, Path(folder) / "merges.csv")
    times["write"] = time.perf_counter() - mark
    total = time.perf_counter() - start

    for phase, seconds in times.items():
        print(f"  {phase:<7} {seconds:8.2f} s")
    print(
        f"total {total:.2f} s for {found} records ({found / total:,.0f} records/s): "
        f"{merged.records.height} unique, {cleaned.records.height} kept"
    )
    print(
        f"peak memory: main process {peak_mb(resource.RUSAGE_SELF):,.0f} MB, "
        f"largest reader process {peak_mb(resource.RUSAGE_CHILDREN):,.0f} MB"
    )


if __name__ == "__main__":
    main()
