"""Throughput and peak memory of the terms stage on N demo records.

Usage: python benchmarks/bench_terms.py RECORDS [WORKERS]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from bibliomap import io
from bibliomap.demo import DemoParams, write_demo
from bibliomap.terms.extract import TermParams, extract_terms


def main() -> None:
    records = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.csv"
        write_demo(path, DemoParams(records=records, seed=0), fmt="scopus-csv")
        frame = io.detect(path).read(path)
    wall, cpu = time.perf_counter(), time.process_time()
    result = extract_terms(frame, TermParams(min_occurrences=10), workers=workers)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"records={records} workers={workers} wall_s={wall:.1f} cpu_s={cpu:.1f} "
        f"records_per_s={records / wall:.0f} peak_mb={peak:.0f} terms={result.network.size}"
    )


if __name__ == "__main__":
    main()
