"""Ingest: every real export read with the record count of MANIFEST.tsv, origins, errors."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from bibliomap import ingest as ingest_module
from bibliomap import records, references
from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_parquet
from bibliomap.filters import clean, make_filters
from bibliomap.ingest import Ingested, ingest, ingest_to, read_file, read_files
from bibliomap.merge import merge

FILES = (
    "scopus_csv/scopus_csv_2017_iot_gateway.csv",
    "scopus_csv/scopus_csv_2022_absorptive_capacity.csv",
    "scopus_csv/scopus_csv_2024_data_science_education.csv",
    "scopus_bib/scopus_bib_2017_bibliometrics.bib",
    "scopus_bib/scopus_bib_2023_biodiversity.bib",
    "scopus_ris/scopus_ris_2022_absorptive_capacity.ris",
    "wos_plaintext/wos_txt_2017_profit_shifting.txt",
    "wos_plaintext/wos_txt_2024_data_science_education.txt",
    "wos_tab/wos_tab_2022_tobler.txt",
    "wos_bib/wos_bib_2022_mcda.bib",
    "pubmed_medline/pubmed_2022_mcda_health.txt",
    "lens_csv/lens_csv_2024_assistive_vision_1000.csv",
    "openalex_json/openalex_api_2024_works_page.json",
    "crossref_json/crossref_api_works.json",
)
LARGE = "large/large_wos_txt_archaeology_27500"


def manifest(shared_data, name: str = "MANIFEST.tsv", key: str = "local_path") -> dict[str, int]:
    """Records per file, as MANIFEST.tsv (or a FILES.tsv) states them."""
    with shared_data(name).open(encoding="utf-8", newline="") as handle:
        return {row[key]: int(row["records"]) for row in csv.DictReader(handle, delimiter="\t")}


def test_every_manifest_file_is_covered(shared_data):
    listed = set(manifest(shared_data))
    assert listed == {*FILES, f"{LARGE}/ (55 files; see FILES.tsv)"}


@pytest.mark.parametrize("relative", FILES)
def test_each_export_reads_its_manifest_record_count(shared_data, relative):
    read = read_file(shared_data(relative))
    assert read.records.height + len(read.skipped) == manifest(shared_data)[relative]
    assert read.records.schema == records.empty().schema
    n = read.records.height
    assert read.records["databases"].to_list() == [[read.database]] * n
    assert read.records["origin"].to_list() == [[f"{read.path}#{i}"] for i in range(1, n + 1)]


def test_the_large_wos_set_reads_every_file_in_parallel(shared_data):
    folder = shared_data(LARGE)
    expected = manifest(shared_data, f"{LARGE}/FILES.tsv", key="file")
    reads = read_files(sorted(folder / name for name in expected), workers=2)
    counts = {Path(read.path).name: read.records.height + len(read.skipped) for read in reads}
    assert counts == expected and sum(counts.values()) == 27_500
    assert {read.format for read in reads} == {"wos"}
    # De-duplication (enrichment left out to keep the test fast): 12 papers indexed twice
    # under one DOI, 2 without DOI (same title, year, author, volume; no conflicting page);
    # 3 DOIs that WoS gives to two different papers each keep both papers.
    merged = merge(pl.concat([read.records for read in reads]))
    assert merged.removed() == {
        "doi": 12,
        "source-id": 0,
        "title-year-author": 2,
        "title-year-page": 0,
    }
    assert merged.records.height == 27_500 - 14 and merged.records["id"].is_unique().all()
    dois = merged.records["doi"].drop_nulls()
    shared = dois.filter(dois.is_duplicated()).unique().sort()
    assert shared.to_list() == [
        "10.1017/s1380203820000100",
        "10.1017/s1380203820000112",
        "10.5281/zenodo.10444362",
    ]


def test_parallel_and_sequential_reads_agree(shared_data):
    paths = [shared_data(FILES[1]), shared_data(FILES[5]), shared_data(FILES[6])]
    one, two = read_files(paths, workers=1), read_files(paths, workers=2)
    assert [read.path for read in two] == [str(path) for path in paths]
    assert all(a.records.equals(b.records) for a, b in zip(one, two, strict=True))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_batched_reads_keep_order_and_give_each_file_as_read_alone(shared_data, workers):
    # WoS plain-text files are read in batches (one per worker), the others one by one.
    paths = [shared_data(FILES[i]) for i in (6, 1, 7, 8, 11)]
    reads = read_files(paths, workers=workers)
    assert [read.path for read in reads] == [str(path) for path in paths]
    for read, path in zip(reads, paths, strict=True):
        alone = read_file(path)
        assert read.records.equals(alone.records) and read.skipped == alone.skipped
        assert (read.format, read.database) == (alone.format, alone.database)


@pytest.mark.parametrize("filters", [None, make_filters(years=[2000, 2020], languages=["English"])])
def test_ingest_to_writes_the_records_of_ingest_run_by_run(
    shared_data, tmp_path, monkeypatch, filters
):
    # The Scopus CSV and RIS exports hold the same 127 records: the merges are many.
    paths = [shared_data(FILES[index]) for index in (1, 5, 6, 2)]
    monkeypatch.setattr(ingest_module, "CHUNK_ROWS", 50)
    monkeypatch.setattr(references, "PARALLEL_STRINGS", 100)
    expected = ingest(paths, workers=1)
    written = ingest_to(paths, tmp_path / "records.parquet", filters=filters, workers=2)
    if filters is not None:
        cleaned = clean(expected.records, expected.flow, filters)
        assert 0 < cleaned.records.height < expected.records.height
        expected = Ingested(records=cleaned.records, flow=cleaned.flow, merges=expected.merges)
    write_parquet(expected.records, tmp_path / "expected.parquet")
    written_bytes = (tmp_path / "records.parquet").read_bytes()
    assert written_bytes == (tmp_path / "expected.parquet").read_bytes()
    assert written.flow.equals(expected.flow)
    assert written.merges.equals(expected.merges)
    assert written.merges.height >= 127


def test_input_errors_name_the_problem(tmp_path):
    with pytest.raises(BibliomapError, match="no export files given"):
        ingest([])
    unknown = tmp_path / "notes.txt"
    unknown.write_text("just some notes\n", encoding="utf-8")
    with pytest.raises(BibliomapError, match=r"notes.txt, line 1: unknown export format"):
        ingest([unknown])
    with pytest.raises(BibliomapError, match="given more than once: .*notes.txt"):
        ingest([unknown, unknown])
    with pytest.raises(BibliomapError, match="missing.csv: cannot read the file"):
        ingest([tmp_path / "missing.csv"])


def test_skipped_records_are_counted_listed_and_keep_their_numbers(tmp_path):
    path = tmp_path / "works.jsonl"
    work = '{"id": "https://openalex.org/W%d", "title": "Work %d", "publication_year": 2020}\n'
    path.write_text(work % (1, 1) + '{"id": "https://openalex.org/W2", "tit\n' + work % (3, 3))
    result = ingest([path])
    assert result.records["origin"].to_list() == [[f"{path}#1"], [f"{path}#3"]]
    skipped = result.flow.filter(pl.col("step") == "skipped")
    assert skipped.select("file", "record", "line", "count").rows() == [(str(path), "2", 2, 1)]
    assert skipped["detail"][0]
    reads = result.flow.filter(pl.col("step") == "read")
    assert reads.select("item", "count").rows() == [("openalex-json", 3)]
