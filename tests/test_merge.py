"""De-duplication: the DOI and title-year-author rules, richest values, stable ids, merge table."""

from __future__ import annotations

import re

import polars as pl
import pytest

from bibliomap import records
from bibliomap.ingest import ingest
from bibliomap.merge import merge, normalize_text


def table(**columns: list) -> pl.DataFrame:
    """Canonical records from a few columns; origins ``f#1..n`` unless given."""
    n = len(next(iter(columns.values())))
    columns.setdefault("origin", [[f"f#{i + 1}"] for i in range(n)])
    columns.setdefault("databases", [["scopus"]] * n)
    return records.conform(pl.DataFrame(columns, strict=False)).collect()


def test_normalize_text_strips_case_accents_punctuation_and_tags():
    titles = pl.Series(["  Émile <i>Zola</i>: ça—va?\tÜber-alles ", "L’école (2nd ed.)"])
    assert titles.to_frame("t").select(normalize_text(pl.col("t")))["t"].to_list() == [
        "emile zola ca va uber alles",
        "l ecole 2nd ed",
    ]


def test_same_doi_merges_and_keeps_the_richest_values():
    frame = table(
        origin=[["wos.txt#1"], ["scopus.csv#1"]],
        databases=[["wos"], ["scopus"]],
        doi=["10.1/a", "10.1/a"],
        ut=["WOS:1", None],
        eid=[None, "2-s2.0-1"],
        title=["ABSORPTIVE CAPACITY", "Absorptive capacity: a new perspective"],
        abstract=[None, "Text."],
        year=[2021, 2020],
        authors=[["Cohen, W.M.", "Levinthal, D.A."], ["Cohen, W.M."]],
        author_keywords=[[], ["learning"]],
        cited_by=[10, 7],
    )
    result = merge(frame)
    assert result.records.height == 1
    row = result.records.row(0, named=True)
    assert row["id"] == "doi:10.1/a"
    assert row["databases"] == ["scopus", "wos"]
    assert row["origin"] == ["scopus.csv#1", "wos.txt#1"]  # origin order: path, then number
    assert (row["ut"], row["eid"]) == ("WOS:1", "2-s2.0-1")
    assert row["title"] == "Absorptive capacity: a new perspective"  # longest text
    assert row["abstract"] == "Text."
    assert row["authors"] == ["Cohen, W.M.", "Levinthal, D.A."]  # list with most elements
    assert row["author_keywords"] == ["learning"]
    assert (row["year"], row["cited_by"]) == (2020, 10)  # earliest year, most citations
    assert result.merges.rows() == [
        ("doi:10.1/a", "doi", "scopus.csv#1", "wos.txt#1", "10.1/a", 2021, "ABSORPTIVE CAPACITY")
    ]
    assert result.removed() == {"doi": 1, "title-year-author": 0}


def test_title_rule_joins_a_record_without_doi_to_the_only_doi_of_its_key():
    frame = table(
        doi=["10.1/a", None, None],
        title=[
            "Absorptive capacity: a new perspective",
            "ABSORPTIVE CAPACITY - A NEW PERSPECTIVE",
            "Other",
        ],
        year=[1990, 1990, 1990],
        authors=[["Cohen, W.M."], ["COHEN, W"], ["Cohen, W."]],
    )
    result = merge(frame)
    assert result.records["id"].to_list()[0] == "doi:10.1/a"
    assert result.records["origin"].to_list() == [["f#1", "f#2"], ["f#3"]]
    assert result.merges["rule"].to_list() == ["title-year-author"]


def test_title_rule_needs_the_same_year_and_first_author():
    # The same paper republished in another year and venue stays apart (see data/README.md).
    frame = table(
        doi=["10.1/a", None, None, None],
        title=["Absorptive and disseminative capacity"] * 4,
        year=[2010, 2012, 2010, None],
        authors=[["Mu, J."], ["Mu, J."], ["Tang, F."], ["Mu, J."]],
    )
    assert merge(frame).records.height == 4


def test_different_dois_are_never_merged_and_ambiguous_titles_stay_apart():
    frame = table(
        doi=["10.1/conference", "10.1/journal", None, None],
        title=["A study of maps"] * 4,
        year=[2020] * 4,
        authors=[["Eck, N.J."]] * 4,
    )
    result = merge(frame)
    # The two DOI-less records cannot tell which DOI they belong to: they merge with each other.
    assert result.records["origin"].to_list() == [["f#1"], ["f#2"], ["f#3", "f#4"]]
    assert re.fullmatch(r"key:[0-9a-f]{16}", result.records["id"][2])


def test_records_without_title_key_or_doi_get_a_source_id_or_a_hash():
    frame = table(
        ut=["WOS:9", None, None],
        title=[None, None, None],
        authors=[[], [], []],
    )
    ids = merge(frame).records["id"].to_list()
    assert ids[0] == "ut:WOS:9"
    assert all(re.fullmatch(r"hash:[0-9a-f]{16}", value) for value in ids[1:])
    assert len(set(ids)) == 3


def test_repeated_source_ids_get_unique_suffixes():
    frame = table(eid=["2-s2.0-5", "2-s2.0-5"], title=[None, None])
    assert merge(frame).records["id"].to_list() == ["eid:2-s2.0-5", "eid:2-s2.0-5~2"]


def test_result_does_not_depend_on_input_order():
    frame = table(
        origin=[["b#1"], ["a#2"], ["a#10"], ["b#2"], ["c#1"]],
        doi=["10.1/x", None, "10.1/x", None, None],
        title=["Same title here", "Same title here", "Another", "Lone", "Lone"],
        year=[2001] * 5,
        authors=[["Doe, J."]] * 5,
        cited_by=[1, 2, 3, 4, 5],
    )
    first = merge(frame)
    again = merge(frame.reverse())
    assert first.records.equals(again.records) and first.merges.equals(again.merges)
    assert first.records["origin"].to_list() == [["a#2", "a#10", "b#1"], ["b#2", "c#1"]]


def test_nothing_is_lost_or_counted_twice():
    frame = table(
        doi=["10.1/a", "10.1/a", None, "10.1/b", None, None],
        title=["T one", "T one", "T one", "T two", "T three", "T three"],
        year=[2000] * 6,
        authors=[["A, B."]] * 6,
    )
    result = merge(frame)
    origins = result.records["origin"].explode().to_list()
    assert sorted(origins) == sorted(frame["origin"].explode().to_list())
    assert result.records.height + result.merges.height == frame.height
    assert result.records["id"].is_unique().all()


def test_merge_of_empty_table():
    result = merge(records.empty())
    assert result.records.height == 0 and result.merges.height == 0
    assert result.records.schema == records.empty().schema


def test_scopus_csv_and_ris_of_the_same_127_records(shared_data):
    csv = shared_data("scopus_csv/scopus_csv_2022_absorptive_capacity.csv")
    ris = shared_data("scopus_ris/scopus_ris_2022_absorptive_capacity.ris")
    result = ingest([csv, ris], workers=1)
    assert result.records.height == 127
    assert result.records["origin"].list.len().to_list() == [2] * 127
    files = result.records["origin"].list.eval(pl.element().str.replace(r"#\d+$", ""))
    assert files.list.sort().to_list() == [sorted([str(csv), str(ris)])] * 127
    assert result.merges.height == 127
    # The three papers republished in another year and venue stay apart.
    titles = result.records["title"].str.to_lowercase()
    assert titles.is_duplicated().sum() == 6


@pytest.mark.parametrize(
    ("scopus", "wos"),
    [
        (
            "scopus_csv/scopus_csv_2024_data_science_education.csv",
            "wos_plaintext/wos_txt_2024_data_science_education.txt",
        )
    ],
)
def test_scopus_and_wos_merge_loses_and_double_counts_nothing(shared_data, scopus, wos):
    result = ingest([shared_data(scopus), shared_data(wos)], workers=1)
    merged = result.records
    origins = merged["origin"].explode()
    assert origins.len() == 318 + 146 and origins.is_unique().all()
    # No document twice: DOIs are unique, and so are the title keys of records without one.
    assert merged["doi"].drop_nulls().is_unique().all()
    both = merged.filter(pl.col("databases").list.len() == 2)
    assert both.height == result.merges.height
    assert merged.height == 318 + 146 - both.height
