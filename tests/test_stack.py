"""Tables stacked and read by row position: frames in memory and Parquet files alike."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from bibliomap.fileio import write_parquet
from bibliomap.stack import Stack, take_rows


@pytest.fixture
def parts(tmp_path):
    """Four tables of 5, 3, 6 and 4 rows (``n``: row number overall), two of them files."""
    frames = [
        pl.DataFrame({"n": range(a, b), "s": [f"r{i}" for i in range(a, b)]})
        for a, b in [(0, 5), (5, 8), (8, 14), (14, 18)]
    ]
    write_parquet(frames[0], tmp_path / "0.parquet")
    write_parquet(frames[2], tmp_path / "2.parquet")
    return [tmp_path / "0.parquet", frames[1], tmp_path / "2.parquet", frames[3]]


def test_take_gives_the_rows_asked_in_their_order(parts):
    stack = Stack(parts)
    assert stack.height == 18
    rng = np.random.default_rng(0)
    for rows in [np.arange(18), rng.permutation(18), rng.integers(0, 18, 30), np.array([13])]:
        assert stack.take(rows)["n"].to_list() == rows.tolist()
    assert stack.take(np.array([], dtype=np.int64)).height == 0
    assert stack.columns(["s"])["s"].to_list() == [f"r{i}" for i in range(18)]
    with pytest.raises(IndexError):
        stack.take(np.array([18]))


def test_runs_cut_where_the_file_changes_and_at_the_size(parts):
    stack = Stack(parts)
    order = np.array([0, 1, 6, 2, 9, 10, 15, 11, 3])
    runs = [run.tolist() for run in stack.runs(order)]
    # Rows in memory (6, 15) stay with the file row before them.
    assert runs == [[0, 1, 6, 2], [9, 10, 15, 11], [3]]
    assert [run.tolist() for run in Stack(parts[1:2]).runs(np.array([0, 1, 2]), size=2)] == [
        [0, 1],
        [2],
    ]
    assert np.concatenate(list(stack.runs(order, size=3))).tolist() == order.tolist()


def test_take_rows_copies_only_for_many_runs(monkeypatch):
    frame = pl.DataFrame({"n": range(10)})
    rows = np.array([4, 5, 6, 0, 1])
    assert take_rows(frame, rows)["n"].to_list() == rows.tolist()
    monkeypatch.setattr("bibliomap.stack._MAX_SLICES", 0)
    assert take_rows(frame, rows)["n"].to_list() == rows.tolist()
