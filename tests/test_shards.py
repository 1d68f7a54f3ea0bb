"""Scatter-gather of the read stage: shards of files and file parts give the unsharded result."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from bibliomap import ingest
from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_parquet
from bibliomap.io import csv_table, lens_csv, scopus_csv
from bibliomap.shards import Export, Part, Piece, plan

MIXED = (
    "scopus_csv/scopus_csv_2024_data_science_education.csv",
    "wos_plaintext/wos_txt_2024_data_science_education.txt",
    "scopus_ris/scopus_ris_2022_absorptive_capacity.ris",
    "scopus_csv/scopus_csv_2022_absorptive_capacity.csv",
    "lens_csv/lens_csv_2024_assistive_vision_1000.csv",
)


def test_parts_cover_every_row_once():
    for total in (0, 1, 2, 7, 40):
        for count in (1, 2, 3, 5):
            rows = []
            for index in range(count):
                start, length = Part(index, count).rows(total)
                rows += list(range(start, total if length is None else start + length))
            assert rows == list(range(total))


def test_a_part_outside_its_count_is_refused():
    with pytest.raises(ValueError, match="expected 0 <= part < count"):
        Part(3, 3)


def test_plan_keeps_file_order_and_splits_only_large_splittable_files():
    exports = [
        Export("a.csv", 600, True),
        Export("b.txt", 100, False),
        Export("c.txt", 100, False),
        Export("d.txt", 500, False),
    ]
    shards = plan(exports, 4)
    flat = [piece for shard in shards for piece in shard]
    assert flat == [
        Piece("a.csv", Part(0, 2)),
        Piece("a.csv", Part(1, 2)),
        Piece("b.txt"),
        Piece("c.txt"),
        Piece("d.txt"),
    ]
    assert [len(shard) for shard in shards] == [1, 1, 2, 1]
    assert plan(exports, 1) == [[Piece(e.path) for e in exports]]
    assert plan([], 3) == [[], [], []]


def test_file_parts_read_the_rows_of_the_whole_file(shared_data, monkeypatch):
    path = shared_data("scopus_csv/scopus_csv_2024_data_science_education.csv")
    whole, _ = scopus_csv.read(path)
    assert csv_table.estimate_rows(path) == pytest.approx(318, rel=0.1)
    monkeypatch.setattr(csv_table, "BATCH_ROWS", 40)
    frames = [scopus_csv.read(path, part=Part(index, 3))[0] for index in range(3)]
    assert all(frame.height > 0 for frame in frames)
    assert pl.concat(frames).equals(whole)


@pytest.mark.parametrize("estimate", [1, 100, 10_000])
def test_file_parts_read_every_row_once_whatever_the_estimate(shared_data, monkeypatch, estimate):
    path = shared_data("lens_csv/lens_csv_2024_assistive_vision_1000.csv")
    whole, _ = lens_csv.read(path)
    monkeypatch.setattr(csv_table, "estimate_rows", lambda *_: estimate)
    frames = [lens_csv.read(path, part=Part(index, 4))[0] for index in range(4)]
    assert pl.concat(frames).equals(whole)


@pytest.mark.parametrize("shards", [2, 4, 7])
def test_sharded_ingest_equals_unsharded(shared_data, monkeypatch, tmp_path, shards):
    paths = [shared_data(relative) for relative in MIXED]
    monkeypatch.setattr(csv_table, "BATCH_ROWS", 60)
    expected = ingest.ingest(paths, workers=2)
    plans = ingest.shard_plan(paths, shards)
    # From 4 shards on, the two largest CSV files are read in parts.
    assert any(piece.part.count > 1 for pieces in plans for piece in pieces) == (shards >= 4)
    files = [
        _written(ingest.read_shard(pieces, workers=2), tmp_path, k)
        for k, pieces in enumerate(plans)
    ]
    result = ingest.gather_to(files, tmp_path / "gathered.parquet", workers=2)
    write_parquet(expected.records, tmp_path / "expected.parquet")
    gathered = (tmp_path / "gathered.parquet").read_bytes()
    assert gathered == (tmp_path / "expected.parquet").read_bytes()
    assert result.flow.equals(expected.flow)
    assert result.merges.equals(expected.merges)


def _written(shard: ingest.Shard, folder: Path, number: int) -> tuple[Path, Path]:
    """The shard written to Parquet as the workflow writes it: (records, flow rows)."""
    files = (folder / f"{number}.parquet", folder / f"{number}.flow.parquet")
    write_parquet(shard.records, files[0])
    write_parquet(shard.flow, files[1])
    return files


def test_a_format_that_cannot_be_split_names_the_file(shared_data):
    path = str(shared_data("wos_plaintext/wos_txt_2024_data_science_education.txt"))
    with pytest.raises(BibliomapError, match="cannot be read in parts"):
        ingest.read_shard([Piece(path, Part(0, 2))])


@pytest.mark.parametrize("bad", ['"A B.","T,"2020","1","S","2-s2.0-0000001235"\n', '"A B.","T'])
def test_a_malformed_file_read_in_parts_stops_with_the_whole_files_error(tmp_path, bad):
    row = '"A B.","T","2020","1","S","2-s2.0-0000001234"\n'
    path = tmp_path / "scopus.csv"
    path.write_text('"Authors","Title","Year","Cited by","Source title","EID"\n' + row + bad + row)
    with pytest.raises(BibliomapError) as whole:
        scopus_csv.read(path)
    errors = []
    for index in range(2):
        try:
            scopus_csv.read(path, part=Part(index, 2))
        except BibliomapError as error:
            errors.append(str(error))
    assert str(whole.value) in errors
