"""Time reading one Scopus CSV export: records per second and peak memory (RSS).

Usage: ``python benchmarks/bench_read_scopus_csv.py FILE`` (generates nothing; make a large file
with ``bibliomap demo`` first). Run one file per process: the peak RSS is the process's.
Limit the threads like the target machine with ``POLARS_MAX_THREADS=2``. On a shared machine
the CPU time is the steadier figure (wall time grows with other load).
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from bibliomap.io import scopus_csv


def main() -> None:
    """Read the file given on the command line and print the timing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="Scopus CSV export to read")
    args = parser.parse_args()
    start, cpu_start = time.perf_counter(), time.process_time()
    records, _ = scopus_csv.read(args.file)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    size_mb = args.file.stat().st_size / 1024**2
    print(
        f"{args.file.name}: {records.height:,} records, {size_mb:,.0f} MB in {elapsed:.1f} s "
        f"= {records.height / elapsed:,.0f} records/s (CPU time {cpu:.1f} s on all threads); "
        f"peak RSS {peak_gb:.2f} GB"
    )


if __name__ == "__main__":
    main()
