"""Time the read stage (:func:`bibliomap.ingest.ingest_to`) on export files, phase by phase.

    .venv/bin/python benchmarks/bench_read.py ../shared/data/large/large_wos_txt_archaeology_27500
    .venv/bin/python benchmarks/bench_read.py --demo 1000000   # generates the file once, in /tmp

Phases, as :func:`bibliomap.ingest.ingest_to` runs them (the ``bibliomap read`` command before
its filters): read (format detection and parsing, files in parallel threads; countries and
organizations), merge (the merge worked out from the key columns) and write (references
parsed and records written, a run of records at a time; flow.csv and merges.csv). Prints
seconds per phase, records per second, CPU seconds per phase (all threads; steadier than wall
time on a shared machine), the peak resident memory during each phase (sampled every 50 ms)
and of the whole process, and the load averages before and after (the machine may be shared).
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

from bibliomap import flow, ingest
from bibliomap.fileio import write_csv
from bibliomap.merge import Plan
from bibliomap.stack import Stack

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
    found, rows = clock.phase(
        "read", ingest.read_places, ingest.pieces(files), workers=args.workers
    )
    stack = Stack([found])
    planned = clock.phase("merge", ingest.plan_merge, stack, workers=args.workers)
    table = ingest.flow_rows(rows, planned.merges, len(planned.order))
    clock.phase("write", write_all, stack, planned, table)
    read = flow.per_file(rows)["count"].sum()
    report(clock, read, len(planned.order))


def report(clock: Clock, found: int, unique: int) -> None:
    """Print the totals of all phases, the peak memory and the load averages after."""
    wall, cpu = (sum(values) for values in list(zip(*clock.times.values(), strict=True))[:2])
    print(
        f"total {wall:.2f} s wall, {cpu:.2f} s CPU for {found} records ({found / wall:,.0f}"
        f" records/s): {unique} unique"
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


def write_all(stack: Stack, planned: Plan, table: pl.DataFrame) -> None:
    """Write the three outputs of the read stage into a scratch folder."""
    with tempfile.TemporaryDirectory() as folder:
        ingest.write_merged(stack, planned, Path(folder) / "records.parquet", parse=True)
        flow.write_flow(table, Path(folder) / "flow.csv")
        write_csv(planned.merges, Path(folder) / "merges.csv")


if __name__ == "__main__":
    main()
