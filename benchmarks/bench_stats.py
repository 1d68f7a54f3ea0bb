"""Time of the descriptive statistics: tables, and tables + figures written (PNG + SVG).

Records come from the demo generator (Scopus CSV export read back by ingest), so every column is
filled as in a real export. Writes a Markdown table to stdout. ``cpu_s`` (user + system time)
is less sensitive than wall time to other work on a shared machine.

    python benchmarks/bench_stats.py --records 10000 100000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from bibliomap.demo import DemoParams, generate, write_corpus
from bibliomap.ingest import ingest
from bibliomap.stats import StatsOptions, compute_tables, write_stats


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(records: int, folder: Path) -> dict:
    export = folder / f"demo-{records}.csv"
    write_corpus(generate(DemoParams(records=records, seed=0)), export, fmt="scopus-csv")
    frame = ingest([export]).records
    options = StatsOptions(top_n=10, dpi=300)
    wall, started = time.perf_counter(), cpu()
    compute_tables(frame, options)
    tables_s, tables_cpu = time.perf_counter() - wall, cpu() - started
    wall, started = time.perf_counter(), cpu()
    write_stats(frame, folder / f"stats-{records}", options)
    return {
        "records": frame.height,
        "tables_s": tables_s,
        "tables_cpu_s": tables_cpu,
        "write_s": time.perf_counter() - wall,
        "write_cpu_s": cpu() - started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, nargs="+", default=[10000, 100000])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for records in args.records:
            rows.append(measure(records, Path(tmp)))
    print("| records | tables s | tables cpu s | write s | write cpu s |")
    print("|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['records']} | {row['tables_s']:.2f} | {row['tables_cpu_s']:.2f} "
            f"| {row['write_s']:.2f} | {row['write_cpu_s']:.2f} |"
        )


if __name__ == "__main__":
    main()
