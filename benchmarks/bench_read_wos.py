"""Time reading a folder of Web of Science plain-text exports (records/s, wall time, peak memory).

    .venv/bin/python benchmarks/bench_read_wos.py [FOLDER] [--workers 2] [--repeat 3]

FOLDER defaults to ../shared/data/large/large_wos_txt_archaeology_27500 (55 files, 27,500
records, 156 MB). Modes, each run in a fresh Python process so that peak memory is its own:

- ``sequential``: :func:`bibliomap.io.wos_plain.read` on one file after the other;
- ``threads``: the same reads spread over ``--workers`` threads (polars releases the GIL);
- ``batch``: :func:`bibliomap.io.wos_plain.read_many` on all files at once (one thread);
- ``ingest``: :func:`bibliomap.ingest.read_files` with ``--workers`` threads (format
  detection, reading in one batch per thread, canonical schema), as the workflow's read stage
  does.

Wall time is the best of ``--repeat`` runs; it excludes interpreter start-up and imports. CPU
time (user + system, of the process and its worker processes) is reported too: on a shared
machine it is the steadier measure. Peak memory is the largest resident set of the process and
of its children.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bibliomap import ingest
from bibliomap.io import wos_plain

MODES = ("sequential", "threads", "batch", "ingest")
DEFAULT = Path(__file__).resolve().parents[2] / "shared/data/large/large_wos_txt_archaeology_27500"


def export_files(folder: Path) -> list[Path]:
    """The export files of ``folder`` (``.txt``, sorted), without FILES.tsv."""
    return sorted(path for path in folder.iterdir() if path.suffix == ".txt")


def run_mode(mode: str, files: list[Path], workers: int) -> int:
    """Read every file in ``mode``; the number of records read."""
    if mode == "sequential":
        return sum(wos_plain.read(path)[0].height for path in files)
    if mode == "threads":
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return sum(frame.height for frame, _ in pool.map(wos_plain.read, files))
    if mode == "batch":
        return sum(frame.height for frame, _ in wos_plain.read_many(files))
    return sum(read.records.height for read in ingest.read_files(files, workers=workers))


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child(mode: str, folder: Path, workers: int, repeat: int) -> None:
    """Measure one mode in this process and print the result as JSON."""
    files = export_files(folder)
    best, cpu, records = float("inf"), float("inf"), 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        records = run_mode(mode, files, workers)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, cpu_seconds() - start_cpu)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    peak = max(own, children) / 1024
    print(json.dumps({"records": records, "seconds": best, "cpu": cpu, "peak_mb": peak}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT, help="export folder")
    parser.add_argument("--workers", type=int, default=2, help="threads")
    parser.add_argument("--repeat", type=int, default=3, help="runs per mode (best is kept)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=MODES, help="modes to run")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.workers, args.repeat)
        return
    files = export_files(args.folder)
    size = sum(path.stat().st_size for path in files) / 1e6
    print(f"{args.folder}: {len(files)} files, {size:.1f} MB; {args.workers} workers")
    print(f"{'mode':<12}{'records':>9}{'wall s':>9}{'cpu s':>9}{'records/s':>11}{'peak MB':>9}")
    for mode in args.modes:
        command = [sys.executable, __file__, str(args.folder), "--child", mode]
        command += ["--workers", str(args.workers), "--repeat", str(args.repeat)]
        result = json.loads(subprocess.run(command, check=True, capture_output=True).stdout)
        rate = result["records"] / result["seconds"]
        print(
            f"{mode:<12}{result['records']:>9}{result['seconds']:>9.2f}{result['cpu']:>9.2f}"
            f"{rate:>11.0f}{result['peak_mb']:>9.0f}"
        )


if __name__ == "__main__":
    main()
