"""Atomic writes and the parallel Parquet reader."""

from __future__ import annotations

import polars as pl
import pytest

from bibliomap import fileio
from bibliomap.ingest import read_file


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_parallel_read_gives_the_file_in_order(shared_data, tmp_path, monkeypatch, workers):
    records = read_file(shared_data("lens_csv/lens_csv_2024_assistive_vision_1000.csv")).records
    path = tmp_path / "records.parquet"
    fileio.write_parquet(records, path)
    monkeypatch.setattr(fileio, "PARALLEL_ROWS", 10)
    assert fileio.read_parquet(path, workers=workers).equals(records)
    columns = ["id", "references", "authors"]
    assert fileio.read_parquet(path, columns=columns, workers=workers).equals(records[columns])


def test_a_failed_write_leaves_no_file(tmp_path):
    path = tmp_path / "out.parquet"

    def broken(tmp):
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        fileio.write_with(path, broken)
    assert list(tmp_path.iterdir()) == []
    fileio.write_parquet(pl.DataFrame({"a": [1]}), path)
    assert pl.read_parquet(path)["a"].to_list() == [1]
