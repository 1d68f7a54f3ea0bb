"""Time the whole read stage (ingest + clean) on a set of export files, phase by phase.

    .venv/bin/python benchmarks/bench_read.py ../shared/data/large/large_wos_txt_archaeology_27500
    .venv/bin/python benchmarks/bench_read.py --demo 1000000   # generates the file once, in /tmp
    .venv/bin/python benchmarks/bench_read.py --ingest FOLDER  # as the workflow's ingest rule

Phases, as :func:`bibliomap.ingest.ingest_and_clean` runs them: read (format detection and
parsing, files in parallel threads), places (countries and organizations), merge
(de-duplication), filter (the default config's filters), references (parsing the kept records'
cited references) and write (records.parquet, flow.csv, merges.csv). With ``--ingest``, two
phases instead, as the workflow's ingest rule runs them: ingest (:func:`bibliomap.ingest.ingest`:
read, places, merge and references) and write. Prints seconds per phase, records per second,
CPU seconds per phase (all threads; steadier than wall time on a shared machine), the peak
resident memory during each phase (sampled every 50 ms) and of the whole process, and the
load averages before and after (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

from bibliomap import flow, ingest, merge
from bibliomap.enrich import enrich_places
from bibliomap.fileio import write_csv, write_parquet
from bibliomap.filters import Cleaned, clean, make_filters
from bibliomap.references import parse_references

T = TypeVar("T")
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
    """Peak resident memory in MB of this process (``RUSAGE_SELF``)."""
    return resource.getrusage(who).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", help="export files or folders of export files")
    parser.add_argument("--demo", type=int, help="also benchmark a demo export of N records")
    parser.add_argument("--demo-format", default="scopus-csv", help="format of the demo export")
    parser.add_argument("--workers", type=int, default=2, help="reader threads")
    parser.add_argument(
        "--ingest", action="store_true", help="time ingest() and its writes (the workflow rule)"
    )
    args = parser.parse_args()
    files = export_files(args.paths)
    if args.demo:
        files.append(demo_file(args.demo, args.demo_format))
    if not files:
        parser.error("give export files or --demo N")
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"{len(files)} files, {size:.1f} MB, {args.workers} workers", flush=True)

    print(f"load average before: {load()}", flush=True)
    clock = Clock()
    if args.ingest:
        ingested = clock.phase("ingest", ingest.ingest, files, workers=args.workers)
        clock.phase("write", write_ingested, ingested)
        read = ingested.flow.filter(pl.col("step") == "read")["count"].sum()
        report(clock, read, ingested.records.height)
        return
    reads = clock.phase("read", ingest.read_files, files, workers=args.workers)
    found = sum(read.records.height for read in reads)
    rows = [flow.read_row(read.path, read.format, read.records.height) for read in reads]
    combined = pl.concat([read.records for read in reads])
    del reads
    placed = clock.phase("places", enrich_places, combined)
    del combined
    merged = clock.phase("merge", merge.merge, placed)
    del placed
    rows += [flow.duplicate_rows(merged.removed(), {}), flow.unique_row(merged.records.height)]
    filters = make_filters(years=[1992, 2025], languages=["English"])
    cleaned = clock.phase("filter", clean, merged.records, flow.concat(rows), filters)
    merges, unique = merged.merges, merged.records.height
    del merged
    parsed = clock.phase("refs", parse_references, cleaned.records)
    cleaned = Cleaned(records=parsed, flow=cleaned.flow)
    del parsed
    clock.phase("write", write_all, cleaned, merges)
    report(clock, found, unique, cleaned.records.height)


def report(clock: Clock, found: int, unique: int, kept: int | None = None) -> None:
    """Print the totals of all phases, the peak memory and the load averages after."""
    wall, cpu = (sum(values) for values in list(zip(*clock.times.values(), strict=True))[:2])
    counts = f"{unique} unique" + ("" if kept is None else f", {kept} kept")
    print(
        f"total {wall:.2f} s wall, {cpu:.2f} s CPU for {found} records ({found / wall:,.0f}"
        f" records/s): {counts}"
    )
    print(f"peak memory: {peak_mb(resource.RUSAGE_SELF):,.0f} MB")
    print(f"load average after: {load()}")


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


class Clock:
    """Wall seconds, CPU seconds and peak resident memory (MB, sampled) of named phases."""

    def __init__(self) -> None:
        self.times: dict[str, tuple[float, float, float]] = {}
        self.peak = 0.0
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE") / 1e6
        while True:
            with open("/proc/self/statm") as handle:
                self.peak = max(self.peak, int(handle.read().split()[1]) * page)
            time.sleep(0.05)

    def phase(self, name: str, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        wall, cpu = time.perf_counter(), time.process_time()
        self.peak = 0.0
        result = work(*args, **kwargs)
        self.times[name] = (time.perf_counter() - wall, time.process_time() - cpu, self.peak)
        wall, cpu, peak = self.times[name]
        print(f"  {name:<7} {wall:8.2f} s wall {cpu:8.2f} s CPU {peak:8,.0f} MB peak", flush=True)
        return result


def write_ingested(ingested: ingest.Ingested) -> None:
    """Write what the workflow's ingest rule writes into a scratch folder."""
    with tempfile.TemporaryDirectory() as folder:
        write_parquet(ingested.records, Path(folder) / "records.parquet")
        flow.write_flow(ingested.flow, Path(folder) / "flow.csv")
        write_csv(ingested.merges, Path(folder) / "merges.csv")


def write_all(cleaned: Cleaned, merges: pl.DataFrame) -> None:
    """Write the three outputs of the read stage into a scratch folder."""
    with tempfile.TemporaryDirectory() as folder:
        write_parquet(cleaned.records, Path(folder) / "records.parquet")
        flow.write_flow(cleaned.flow, Path(folder) / "flow.csv")
        write_csv(merges, Path(folder) / "merges.csv")


if __name__ == "__main__":
    main()
