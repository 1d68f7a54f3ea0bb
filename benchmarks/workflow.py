"""Time every stage of the workflow on demo corpora of given sizes.

Runs the whole study (``snakemake --cores N``) in a fresh study folder per size and collects
Snakemake's per-job benchmark files (wall seconds, peak resident memory). Writes a CSV and a
Markdown table and, for several sizes, a log-log plot of cost against records.

    python benchmarks/workflow.py --records 10000 100000 --out benchmarks/results/workflow
    python benchmarks/workflow.py --records 10000 100000 1000000 --overrides benchmarks/scale.yaml
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


RULES = (
    "demo_corpus", "read_exports", "ingest", "clean", "stats", "mine_terms", "terms",
    "network", "layout", "cluster", "map", "stability", "figures", "report", "workflow",
)  # fmt: skip


def by_rule(table: pl.DataFrame) -> pl.DataFrame:
    """Seconds summed and peak memory maximized over the jobs of each rule, per size."""
    rule = pl.col("stage").map_elements(_rule_of, return_dtype=pl.String)
    return (
        table.with_columns(rule.alias("rule"))
        .group_by("records", "rule", maintain_order=True)
        .agg(pl.col("seconds").sum(), pl.col("cpu_seconds").sum(), pl.col("max_rss_mb").max())
    )


def _rule_of(stage: str) -> str:
    return max((rule for rule in RULES if stage.startswith(rule)), key=len, default=stage)


def plot(table: pl.DataFrame, path: Path) -> None:
    """Seconds and peak memory against records per rule, log-log."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rules = by_rule(table).sort("records")
    fig, (time_ax, memory_ax) = plt.subplots(1, 2, figsize=(11, 5))
    palette = plt.get_cmap("tab20")
    for index, ((rule,), group) in enumerate(rules.group_by("rule", maintain_order=True)):
        whole = rule == "workflow"
        style = {
            "marker": "o", "label": rule, "color": "black" if whole else palette(index % 20),
            "linewidth": 2.5 if whole else 1.2,
        }  # fmt: skip
        time_ax.plot(group["records"], group["seconds"], **style)
        if group["max_rss_mb"].is_not_null().any():
            memory_ax.plot(group["records"], group["max_rss_mb"], **style)
    for ax, label in ((time_ax, "seconds (all jobs of the rule)"), (memory_ax, "peak MB")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("records")
        ax.set_ylabel(label)
    time_ax.legend(fontsize=7, ncol=2)
    fig.tight_layout()
    fig.savefig(path, dpi=150)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[10_000])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument(
        "--overrides", type=Path, help="YAML file of config values to set (e.g. thresholds)"
    )
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/workflow"))
    parser.add_argument("--keep", type=Path, help="keep the study folders in this (new) folder")
    parser.add_argument(
        "--append", action="store_true",
        help="add to the rows already in OUT.csv (sizes run again are replaced)",
    )  # fmt: skip
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    overrides = yaml.safe_load(args.overrides.read_text()) if args.overrides else {}
    csv = args.out.with_suffix(".csv")
    table = pl.read_csv(csv, schema=ROW_SCHEMA) if args.append and csv.exists() else None
    with tempfile.TemporaryDirectory() as tmp:
        for records in args.records:
            folder = (args.keep or Path(tmp)) / f"study-{records}"
            folder.mkdir(parents=True)
            rows = run_size(records, cores=args.cores, overrides=overrides, folder=folder)
            kept = [] if table is None else [table.filter(pl.col("records") != records)]
            table = pl.concat([*kept, rows]).sort("records", maintain_order=True)
            write_outputs(table, args.out)


def write_outputs(table: pl.DataFrame, out: Path) -> None:
    """The table as CSV and Markdown, and the log-log plot once there are several sizes."""
    table.write_csv(out.with_suffix(".csv"))
    with pl.Config(tbl_formatting="MARKDOWN", tbl_rows=-1, tbl_hide_column_data_types=True):
        markdown = str(table)
    with pl.Config(tbl_formatting="MARKDOWN", tbl_rows=-1, tbl_hide_column_data_types=True):
        markdown += "\n\nPer rule:\n\n" + str(by_rule(table))
    out.with_suffix(".md").write_text(markdown + "\n")
    print(markdown, flush=True)
    if table["records"].n_unique() > 1:
        plot(table, out.with_suffix(".png"))


if __name__ == "__main__":
    main()
