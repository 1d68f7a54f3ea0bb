"""The report stage in the workflow: two variants of a study of a real Scopus export, one run.

Checks the stats, trends, rulegraph, report and compare rules' outputs, that variants share the
statistics, that the statistics equal a separate `bibliomap stats` run byte for byte, and that
`snakemake --report` works. (The lead's tests/test_workflow.py runs the demo study.)
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from study import make_study, snakemake
from test_report import Page

from bibliomap.figures import FIGURES as MAP_FIGURES
from bibliomap.stats import FIGURES, TABLES

TRENDS = "Category: All categories\n\nWeek,badges: (Worldwide),mooc: (Worldwide)\n" + "".join(
    f"2020-{month:02d}-01,{month * 7},<1\n" for month in range(1, 13)
)
KIND = "keywords_all"
EXPORT = "scopus_csv/scopus_csv_2022_absorptive_capacity.csv"


@pytest.fixture(scope="module")
def export(shared_data) -> Path:
    return shared_data(EXPORT)


@pytest.fixture(scope="module")
def study(tmp_path_factory, export) -> Path:
    """A two-variant study of a real export (resolution 1.0 and 0.8), run once."""
    root = make_study(
        tmp_path_factory.mktemp("report_study"),
        {
            "inputs": [str(export)],
            "networks": {"kinds": [KIND]},
            "figures": {"formats": ["png"], "dpi": 50},
            "stats": {"dpi": 50, "top_n": 5, "google_trends": "trends.csv"},
            "stability": {"seeds": 2, "resolutions": [1.0]},
        },
    )
    (root / "trends.csv").write_text(TRENDS, encoding="utf-8")
    (root / "config" / "variants").mkdir(exist_ok=True)
    (root / "config" / "variants" / "res08.yaml").write_text("maps:\n  resolution: 0.8\n")
    result = snakemake(root, "--cores", "2")
    assert result.returncode == 0, result.stderr[-5000:]
    return root


def test_statistics_written_once_and_shared(study, export):
    stats = study / "results" / "default" / "stats"
    for name in TABLES:
        assert (stats / f"{name}.csv").is_file() and (stats / f"{name}.md").is_file(), name
    for name in (*FIGURES, "methodology", "google_trends"):
        assert (stats / f"{name}.png").is_file() and (stats / f"{name}.svg").is_file(), name
    assert not (study / "results" / "res08" / "stats").exists()
    records = pl.read_parquet(study / "results" / "default" / "records" / "records.parquet")
    info = dict(pl.read_csv(stats / "main_information.csv").select("description", "value").rows())
    kept = pl.read_csv(study / "results" / "default" / "records" / "flow.csv").filter(
        pl.col("step") == "kept"
    )
    assert int(info["Documents"]) == records.height == kept["count"][0]
    with open(export, encoding="utf-8-sig", newline="") as handle:
        english = [
            r for r in csv.DictReader(handle) if r["Language of Original Document"] == "English"
        ]
    assert records.height == len(english) == 123  # the default filter keeps English records
    assert pl.read_csv(stats / "most_cited.csv").height == 5
    dot = (stats / "rulegraph.dot").read_text()
    assert 'label = "stats"' in dot and 'label = "report"' in dot and 'label = "trends"' in dot


def test_statistics_equal_a_separate_run_byte_for_byte(study, tmp_path):
    stats = study / "results" / "default" / "stats"
    command = [sys.executable, "-m", "bibliomap", "stats",
               str(study / "results" / "default" / "records" / "records.parquet"),
               "-o", str(tmp_path), "--top-n", "5", "--dpi", "50",
               "--rulegraph", str(stats / "rulegraph.dot")]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == 2 * len(TABLES) + 2 * len(FIGURES) + 2
    for name in written:
        assert (tmp_path / name).read_bytes() == (stats / name).read_bytes(), name


def test_every_variant_has_a_report_with_the_comparison(study):
    pairs = pl.read_csv(study / "results" / "comparison" / "pairs.csv")
    assert pairs.select("kind", "variant_a", "variant_b").rows() == [(KIND, "default", "res08")]
    row = pairs.row(0, named=True)
    assert row["shared_items"] == row["items_a"] == row["items_b"] > 5
    assert -1 <= row["adjusted_rand_index"] <= 1
    assert 0 <= row["normalized_mutual_information"] <= 1
    for variant, resolution in (("default", "1.0"), ("res08", "0.8")):
        html = (study / "results" / variant / "report.html").read_text(encoding="utf-8")
        page = Page(html)
        assert len(page.images()) == len(FIGURES) + 2 + len(MAP_FIGURES) + 1  # with the sweep
        text = "".join(page.text)
        assert "Variants compared" in text and f"resolution {resolution}" in text
        assert all(attrs.get("src", "data:").startswith("data:") for _, attrs in page.tags), variant


def test_nothing_left_to_do(study):
    result = snakemake(study, "--cores", "2", "--dry-run")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Nothing to be done" in result.stdout + result.stderr


def test_snakemake_report(study):
    result = snakemake(study, "--report", "smk_report.html")
    assert result.returncode == 0, result.stderr[-3000:]
    html = (study / "smk_report.html").read_text(encoding="utf-8")
    assert "most_cited.csv" in html and "methodology.png" in html and "pairs.csv" in html
