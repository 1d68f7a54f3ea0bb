"""Time and peak memory of generating demo exports, per format and size.

Each (format, size) runs in a fresh process so that its peak resident memory is its own.
Writes a Markdown table to stdout and, with --out, a CSV. ``cpu_s`` (user + system time of the
process) is less sensitive than wall time to other work on a shared machine.

    python benchmarks/bench_demo.py --records 100000 1000000 --formats scopus-csv
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import polars as pl

_CHILD = """
import json, resource, sys, time
from pathlib import Path
from bibliomap.demo import DemoParams, generate, write_corpus
records, fmt, path = int(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
started = time.perf_counter()
corpus = generate(DemoParams(records=records, seed=0))
drawn = time.perf_counter()
write_corpus(corpus, path, fmt=fmt)
done = time.perf_counter()
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"generate_s": drawn - started, "write_s": done - drawn,
                  "total_s": done - started, "cpu_s": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024,
                  "file_mb": path.stat().st_size / 2**20}))
"""


def measure(records: int, fmt: str, folder: Path) -> dict:
    """Generate ``records`` records as ``fmt`` in a child process; its timings and peak memory."""
    path = folder / f"demo-{fmt}-{records}"
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(records), fmt, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    path.unlink(missing_ok=True)
    if result.returncode != 0:
        raise SystemExit(f"{fmt} at {records} records failed:\n{result.stderr[-3000:]}")
    return {"format": fmt, "records": records, **json.loads(result.stdout)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[100_000], help="sizes to run")
    parser.add_argument(
        "--formats", nargs="+", default=["scopus-csv", "wos"], help="demo formats to time"
    )
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the (deleted) outputs")
    parser.add_argument("--out", type=Path, default=None, help="also write the table as CSV")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.tmp) as folder:
        rows = [measure(n, fmt, Path(folder)) for fmt in args.formats for n in args.records]
    table = pl.DataFrame(rows).with_columns(pl.selectors.float().round(1))
    with pl.Config(tbl_formatting="MARKDOWN", tbl_hide_column_data_types=True, tbl_rows=-1):
        print(table)
    if args.out is not None:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        table.write_csv(args.out)


if __name__ == "__main__":
    main()
