"""The bibliomap command: every stage from the shell, reading and writing the rules' files."""

from __future__ import annotations

import subprocess
import sys

import polars as pl
import pytest

from bibliomap.cli import COMMANDS, main


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert all(f"    {command} " in shown for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_its_options(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    assert "usage: bibliomap " + command in capsys.readouterr().out


def test_a_study_from_the_shell(tmp_path):
    def bibliomap(*args: str) -> None:
        assert main(list(args)) == 0, args

    export = tmp_path / "demo.csv"
    bibliomap("demo", "--records", "300", "--seed", "3", "--format", "wos", "-o", str(export))
    records = tmp_path / "records" / "records.parquet"
    bibliomap("read", str(export), "-o", str(records), "--years", "1992", "2025")
    assert pl.read_parquet(records).height > 250
    assert (tmp_path / "records" / "flow.csv").is_file()
    bibliomap(
        "terms",
        str(records),
        "-o",
        str(tmp_path / "terms"),
        "--network",
        str(tmp_path / "networks" / "terms"),
        "--min-occurrences",
        "5",
    )
    bibliomap(
        "network",
        str(records),
        "--kind",
        "keywords_all",
        "-o",
        str(tmp_path / "networks" / "keywords_all"),
        "--min-occurrences",
        "3",
    )
    for kind in ("terms", "keywords_all"):
        out = tmp_path / "maps" / kind
        bibliomap(
            "map", str(tmp_path / "networks" / kind), "-o", str(out), "--dpi", "50",
            "--formats", "png",
        )  # fmt: skip
        header = (out / "map.txt").read_text(encoding="utf-8").splitlines()[0]
        assert header.startswith("id\tlabel\tx\ty\tcluster")
    stats = tmp_path / "stats"
    bibliomap("stats", str(records), "-o", str(stats), "--dpi", "50")
    report = tmp_path / "report.html"
    bibliomap(
        "report",
        "-o",
        str(report),
        "--flow",
        str(tmp_path / "records" / "flow.csv"),
        "--stats",
        str(stats),
        "--map",
        f"terms={tmp_path / 'maps' / 'terms'}",
    )
    assert "<html" in report.read_text(encoding="utf-8")


def test_bad_input_is_one_message_without_traceback(tmp_path):
    bad = tmp_path / "not-an-export.txt"
    bad.write_text("hello\nworld\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bibliomap", "read", str(bad), "-o", str(tmp_path / "r.parquet")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(f"bibliomap read: error: {bad}, line 1: unknown export format")
    assert not (tmp_path / "r.parquet").exists()
