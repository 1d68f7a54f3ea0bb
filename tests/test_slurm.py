"""The workflow on a real (one-node, local) Slurm cluster gives the same results as locally.

tests/slurm/local-slurm.sh installs Debian's slurm and munge, configures and starts the daemons;
this needs root. Without root the test is skipped, unless BIBLIOMAP_REQUIRE_SLURM=1 (as in CI).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from study import ROOT, make_study, result_files, snakemake

SCRIPT = ROOT / "tests" / "slurm" / "local-slurm.sh"
STATE = Path(os.environ.get("SLURM_STATE", "/tmp/bibliomap-slurm"))
SETTINGS = {
    "demo": {"records": 250},
    "networks": {"kinds": ["terms", "coupling_documents"]},
    "figures": {"formats": ["png"], "dpi": 50},
    "stability": {"seeds": 2, "resolutions": [1.0]},
}


@pytest.fixture(scope="module")
def slurm():
    if os.geteuid() != 0 and os.environ.get("BIBLIOMAP_REQUIRE_SLURM") != "1":
        pytest.skip("the local Slurm cluster needs root (set BIBLIOMAP_REQUIRE_SLURM=1 to require)")
    started = subprocess.run([SCRIPT, "start"], capture_output=True, text=True, check=False)
    assert started.returncode == 0, started.stdout + started.stderr
    yield STATE / "jobcomp.log"
    subprocess.run([SCRIPT, "stop"], check=False)


def _without_shards(files: dict[str, bytes]) -> dict[str, bytes]:
    """Result files without the shards' own files and the report's line naming their number."""
    setting = re.compile(rb"<tr><td>scale\.shards</td><td>[^<]*</td></tr>")
    return {
        name: setting.sub(b"", data)
        for name, data in files.items()
        if "/occurrences/" not in name and "/records/shards/" not in name
    }


def test_workflow_runs_through_slurm_like_locally(slurm, tmp_path):
    """Scattered over 3 shards on Slurm, gathered: the same results as 1 shard locally."""
    local = make_study(tmp_path / "local", {**SETTINGS, "scale": {"shards": 1}})
    cluster = make_study(tmp_path / "cluster", {**SETTINGS, "scale": {"shards": 3}})
    ran = snakemake(local, "--cores", "2")
    assert ran.returncode == 0, ran.stderr[-3000:]
    ran = snakemake(cluster, "--profile", str(ROOT / "tests" / "slurm" / "profile"))
    assert ran.returncode == 0, ran.stderr[-3000:]
    submitted = len(re.findall(r"Job \d+ has been submitted with SLURM jobid", ran.stderr))
    completed = [
        line
        for line in slurm.read_text().splitlines()
        if f"WorkDir={cluster}" in line and "JobState=COMPLETED" in line
    ]
    assert submitted > 10
    assert len(completed) == submitted
    assert (cluster / "results/default/terms/occurrences/2-of-3.parquet").is_file()
    assert (cluster / "results/default/records/shards/2-of-3.parquet").is_file()
    assert _without_shards(result_files(cluster)) == _without_shards(result_files(local))
