"""Helpers for tests that run the workflow: a copy of it in a temporary study folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def make_study(folder: Path, overrides: dict) -> Path:
    """Copy the workflow (and the library sources it tracks) into ``folder``; set config values.

    ``overrides`` maps top-level config sections to the values (or dicts of values) to set.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("Snakefile", "workflow", "scripts", "src", "config"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, folder / name)
    (folder / "profiles").symlink_to("workflow/profiles")
    path = folder / "config" / "config.yaml"
    data = yaml.safe_load(path.read_text())
    for section, values in overrides.items():
        if isinstance(values, dict):
            data[section].update(values)
        else:
            data[section] = values
    path.write_text(yaml.safe_dump(data))
    return folder


def snakemake(study: Path, *args: str) -> subprocess.CompletedProcess:
    """Run Snakemake on a study folder with this interpreter; capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--directory", str(study), *args],
        cwd=study,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=False,
    )


def result_files(study: Path) -> dict[str, bytes]:
    """Every result file of a study (logs and benchmarks left out), by relative path."""
    results = study / "results"
    return {
        str(path.relative_to(results)): path.read_bytes()
        for path in sorted(results.rglob("*"))
        if path.is_file() and not {"logs", "benchmarks"} & set(path.relative_to(results).parts)
    }
