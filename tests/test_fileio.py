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


def test_parquet_bytes_do_not_depend_on_chunks(shared_data, tmp_path):
    records = read_file(shared_data("lens_csv/lens_csv_2024_assistive_vision_1000.csv")).records
    sliced = pl.concat([records.slice(at, 70) for at in range(0, records.height, 70)])
    fileio.write_parquet(records.rechunk(), tmp_path / "whole.parquet")
    fileio.write_parquet(sliced, tmp_path / "sliced.parquet")
    chunks = (records.slice(at, 333) for at in range(0, records.height, 333))
    fileio.write_parquet_chunks(chunks, records.schema, tmp_path / "chunks.parquet")
    whole = (tmp_path / "whole.parquet").read_bytes()
    assert (tmp_path / "sliced.parquet").read_bytes() == whole
    assert (tmp_path / "chunks.parquet").read_bytes() == whole
    assert pl.read_parquet(tmp_path / "chunks.parquet").equals(records)


def test_a_failing_chunk_stops_the_write_with_its_error_and_no_file(tmp_path):
    def chunks():
        yield pl.DataFrame({"a": [1, 2]})
        raise ValueError("record 3 is malformed")

    with pytest.raises(ValueError, match="record 3"):
        fileio.write_parquet_chunks(chunks(), {"a": pl.Int64}, tmp_path / "out.parquet")
    assert list(tmp_path.iterdir()) == []
