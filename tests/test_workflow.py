"""The Snakemake workflow end to end on a small demo corpus, and what a change reruns.

The study runs once in a copy of the workflow (so library edits can be simulated on the copy);
each test then changes one thing and reads Snakemake's dry-run plan.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl
import pytest
import yaml
from study import make_study, snakemake

MAP_RULES = {"cluster", "map", "figures", "stability", "report", "all"}


def run(study: Path, *args: str) -> subprocess.CompletedProcess:
    return snakemake(study, "--cores", "2", *args)


def planned_rules(study: Path) -> dict[str, int]:
    """Rule -> number of jobs a dry run would execute."""
    result = run(study, "--dry-run", "--quiet", "rules")
    assert result.returncode == 0, result.stderr
    if "Nothing to be done" in result.stdout + result.stderr:
        return {}
    table = re.findall(r"^(\w+)\s+(\d+)$", result.stdout, flags=re.MULTILINE)
    return {rule: int(count) for rule, count in table if rule != "total"}


@contextmanager
def edited_config(study: Path, **changes: dict) -> Iterator[None]:
    """Temporarily deep-update the study's config/config.yaml."""
    path = study / "config" / "config.yaml"
    original = path.read_text()
    data = yaml.safe_load(original)
    for section, values in changes.items():
        if isinstance(values, dict):
            data[section].update(values)
        else:
            data[section] = values
    path.write_text(yaml.safe_dump(data))
    try:
        yield
    finally:
        path.write_text(original)


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> Path:
    """A copy of the workflow that has run the demo study once."""
    root = make_study(
        tmp_path_factory.mktemp("study"),
        {
            "demo": {"records": 400},
            "figures": {"formats": ["png"], "dpi": 60},
            "stability": {"seeds": 3, "resolutions": [0.5, 1.0]},
        },
    )
    result = run(root)
    assert result.returncode == 0, result.stderr[-5000:]
    return root


def test_demo_study_writes_every_stage(study):
    results = study / "results" / "default"
    records = pl.read_parquet(results / "records" / "records.parquet")
    assert records.height > 300
    assert (results / "records" / "flow.csv").is_file()
    terms = pl.read_parquet(results / "terms" / "terms.parquet")
    assert terms.height > 20
    for kind in yaml.safe_load((study / "config" / "config.yaml").read_text())["networks"]["kinds"]:
        folder = results / "maps" / kind
        header = (folder / "map.txt").read_text().splitlines()[0].split("\t")
        assert header[:5] == ["id", "label", "x", "y", "cluster"], kind
        assert (folder / "network.txt").is_file(), kind
        assert (folder / "network.png").stat().st_size > 1000, kind
    assert (results / "report.html").stat().st_size > 1000


def test_second_run_does_nothing(study):
    assert planned_rules(study) == {}


def test_resolution_change_reruns_only_clustering_and_what_follows(study):
    with edited_config(study, maps={"resolution": 0.7}):
        planned = planned_rules(study)
    assert set(planned) == MAP_RULES
    assert planned["cluster"] == len(
        yaml.safe_load((study / "config/config.yaml").read_text())["networks"]["kinds"]
    )


def test_terms_threshold_reruns_only_the_term_map(study):
    with edited_config(study, terms={"min_occurrences": 7}):
        planned = planned_rules(study)
    assert set(planned) == {"terms", "layout"} | MAP_RULES
    assert planned["layout"] == planned["cluster"] == 1


def test_filter_change_reruns_from_cleaning_not_parsing(study):
    with edited_config(study, filters={"years": [2000, 2025]}):
        planned = planned_rules(study)
    assert "clean" in planned and "terms" in planned and "network" in planned
    assert "ingest" not in planned and "demo_corpus" not in planned


def test_library_edit_reruns_the_rules_that_use_it(study):
    module = study / "src" / "bibliomap" / "cluster.py"
    original = module.read_text()
    module.write_text(original + "\n# edited\n")
    try:
        planned = planned_rules(study)
    finally:
        module.write_text(original)
        # Accept the restored file as unchanged for the following tests.
        run(study, "--touch")
    assert {"cluster", "stability", "map", "figures", "report"} <= set(planned)
    assert not {"ingest", "clean", "terms", "network", "layout"} & set(planned)


def test_every_configured_figure_format_is_made(study):
    with edited_config(study, figures={"formats": ["png", "svg"]}):
        planned = planned_rules(study)
    kinds = len(yaml.safe_load((study / "config/config.yaml").read_text())["networks"]["kinds"])
    # One SVG job per map, next to the PNGs already made; nothing upstream reruns.
    assert planned["figures"] == kinds
    assert not {"ingest", "clean", "terms", "network", "layout", "cluster"} & set(planned)


def test_variant_reuses_the_default_networks(study):
    variant = study / "config" / "variants" / "res08.yaml"
    variant.parent.mkdir(exist_ok=True)
    variant.write_text("maps:\n  resolution: 0.8\n")
    try:
        planned = planned_rules(study)
    finally:
        variant.unlink()
    kinds = len(yaml.safe_load((study / "config/config.yaml").read_text())["networks"]["kinds"])
    # The new variant's clusters and maps; both reports gain the comparison of the variants.
    assert planned["cluster"] == kinds and planned["report"] == 2 and planned["compare"] == 1
    assert not {"ingest", "clean", "terms", "network", "layout", "stats"} & set(planned)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"terms": {"min_occurrences": 0}}, "config key terms.min_occurrences: 0 is less than"),
        ({"maps": {"resolution": "high"}}, "config key maps.resolution: 'high' is not of type"),
        ({"maps": {"colour": "red"}}, "unknown config key maps.colour"),
        ({"inputs": ["exports/*.csv"]}, "config key inputs: no file matches 'exports/*.csv'"),
        ({"terms": {"thesaurus": "missing.txt"}}, "terms.thesaurus: file not found: missing.txt"),
    ],
)
def test_bad_config_stops_before_any_job_with_one_message(study, changes, message):
    with edited_config(study, **changes):
        result = run(study, "--dry-run")
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert "Building DAG" not in result.stdout + result.stderr


def test_sharded_read_and_term_mining_give_the_same_results(study):
    # Last in this file: it rewrites the study's records.
    results = study / "results" / "default"
    outputs = ("records/ingested.parquet", "records/ingest_flow.csv", "terms/terms.parquet")
    before = {name: (results / name).read_bytes() for name in outputs}
    with edited_config(study, scale={"shards": 3}):
        planned = planned_rules(study)
        assert planned["read_exports"] == 3 and planned["mine_terms"] == 3
        result = run(study, "--until", "terms")
    assert result.returncode == 0, result.stderr[-3000:]
    pieces = sorted((results / "records" / "shards").glob("*-of-3.parquet"))
    assert [pl.read_parquet(piece).height > 0 for piece in pieces] == [True] * 3
    assert {name: (results / name).read_bytes() for name in outputs} == before
