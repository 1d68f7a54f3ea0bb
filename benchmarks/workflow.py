"""Time every stage of the workflow on demo corpora of given sizes.

Runs the whole study (``snakemake --cores N``) in a fresh study folder per size and collects
Snakemake's per-job benchmark files (wall seconds, peak resident memory). Writes a CSV and a
Markdown table and, for several sizes, a log-log plot of cost against records.

    python benchmarks/workflow.py --records 10000 100000 --out benchmarks/results/workflow
    python benchmarks/workflow.py --records 1000000 --overrides benchmarks/million.yaml
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import polars as pl
import yaml

from bibliomap.config import deep_merge

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from study import make_study, snakemake


def run_size(records: int, *, cores: int, overrides: dict, folder: Path) -> pl.DataFrame:
    """Run the study on ``records`` demo records; one row per job plus the whole workflow."""
    study = make_study(folder, deep_merge(overrides, {"demo": {"records": records}}))
    started = time.perf_counter()
    result = snakemake(study, "--cores", str(cores))
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"workflow failed at {records} records:\n{result.stderr[-4000:]}")
    tables = sorted((study / "results").glob("*/benchmarks/*.tsv"))
    tables += sorted((study / "resources" / "demo").glob("*.benchmark.tsv"))
    rows = [_row(records, tsv) for tsv in tables]
    rows.append({"records": records, "stage": "workflow", "seconds": wall})
    return pl.DataFrame(rows, schema=ROW_SCHEMA)


ROW_SCHEMA = {
    "records": pl.Int64,
    "stage": pl.String,
    "seconds": pl.Float64,
    "cpu_seconds": pl.Float64,
    "max_rss_mb": pl.Float64,
}


def _row(records: int, tsv: Path) -> dict:
    """One job's Snakemake benchmark file as a table row."""
    table = pl.read_csv(tsv, separator="\t", null_values="-")
    stage = "demo_corpus" if tsv.name.endswith(".benchmark.tsv") else tsv.stem
    return {
        "records": records,
        "stage": stage,
        "seconds": table["s"][0],
        "cpu_seconds": table["cpu_time"][0] if "cpu_time" in table.columns else None,
        "max_rss_mb": table["max_rss"][0] if "max_rss" in table.columns else None,
    }


def plot(table: pl.DataFrame, path: Path) -> None:
    """Seconds against records per stage, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 5))
    for (stage,), group in table.sort("records").group_by("stage", maintain_order=True):
        ax.plot(group["records"], group["seconds"], marker="o", label=stage)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("records")
    ax.set_ylabel("seconds")
    ax.legend(fontsize=6, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=150)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument(
        "--overrides", type=Path, help="YAML file of config values to set (e.g. thresholds)"
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/workflow"))
    parser.add_argument("--keep", type=Path, help="keep the study folders in this (new) folder")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    overrides = yaml.safe_load(args.overrides.read_text()) if args.overrides else {}
    tables = []
    with tempfile.TemporaryDirectory() as tmp:
        for records in args.records:
            folder = (args.keep or Path(tmp)) / f"study-{records}"
            folder.mkdir(parents=True)
            tables.append(run_size(records, cores=args.cores, overrides=overrides, folder=folder))
    table = pl.concat(tables)
    table.write_csv(args.out.with_suffix(".csv"))
    with pl.Config(tbl_formatting="MARKDOWN", tbl_rows=-1, tbl_hide_column_data_types=True):
        markdown = str(table)
    args.out.with_suffix(".md").write_text(markdown + "\n")
    print(markdown)
    if len(args.records) > 1:
        plot(table, args.out.with_suffix(".png"))


if __name__ == "__main__":
    main()
