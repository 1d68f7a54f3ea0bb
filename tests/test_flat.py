"""The string index and pool behind reference parsing and the CSV readers."""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.io import flat


def test_an_index_finds_repeated_values_and_makes_only_the_missing_distinct_ones():
    index = flat.HashIndex()
    made: list[list[str]] = []

    def make(unique: pl.Series) -> pl.Series:
        made.append(unique.to_list())
        return unique

    first = index.place(pl.Series(["b", "a", "b", None, "a"]), make)
    second = index.place(pl.Series(["c", "a", "c", None, "b"]), make)
    assert made == [["b", "a", None], ["c"]]
    assert first.tolist() == [0, 1, 0, 2, 1]
    assert second.tolist() == [3, 1, 3, 2, 0]
    assert index.strings.to_list() == ["b", "a", None, "c"]
    assert index.strings.n_chunks() == 1


def test_an_index_finds_nothing_it_was_not_given():
    index = flat.HashIndex()
    assert index.find(pl.Series(["x", "y"])).tolist() == [-1, -1]
    index.add(pl.Series(["x"]))
    assert index.find(pl.Series(["y", "x", "xx"])).tolist() == [-1, 0, -1]


def test_a_pool_gives_each_value_back_and_keeps_each_string_once():
    pool = flat.StringPool()
    batches = [pl.Series("raw", ["p", "q", "p"]), pl.Series("raw", ["q", "r", "", "r"])]
    for batch in batches:
        shared = pool.shared(batch)
        assert shared.name == "raw"
        assert shared.equals(batch)
    assert pool._index.strings.to_list() == ["p", "q", "r", ""]


def test_appended_rows_come_after_in_one_chunk():
    first, second = pl.DataFrame({"a": [1, 2]}), pl.DataFrame({"a": [3]})
    both = flat.appended(first, second)
    assert both["a"].to_list() == [1, 2, 3]
    assert both.n_chunks() == 1
    halves = pl.concat([first, second], rechunk=False)
    assert halves.n_chunks() == 2
    alone = flat.appended(first.clear(), halves)
    assert alone.equals(halves)
    assert alone.n_chunks() == 1
    assert np.array_equal(flat.appended(pl.Series([1]), pl.Series([2])).to_numpy(), [1, 2])


def test_arrow_strings_cut_a_buffer_with_and_without_nulls() -> None:
    offsets = np.array([0, 1, 1, 3], dtype=np.int64)
    data = np.frombuffer(b"abc", dtype=np.uint8)
    present = np.array([True, False, True])
    assert pl.Series(flat.arrow_strings(offsets, data)).to_list() == ["a", "", "bc"]
    assert pl.Series(flat.arrow_strings(offsets, data, present)).to_list() == ["a", None, "bc"]
