"""De-duplication: the DOI and title-year-author rules, richest values, stable ids, merge table."""

from __future__ import annotations

import re

import polars as pl
import pytest

from bibliomap import records
from bibliomap.ingest import ingest
from bibliomap.merge import merge, normalize_text, normalized_texts


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


def test_normalized_texts_match_normalize_text_for_ascii_and_unicode_values():
    values = pl.Series(
        "t", ["Plain ASCII <b>Title</b>: 2nd-ed.", "Émile Zola", None, "", "A\tB  c", "ça—va"]
    )
    expected = values.to_frame().select(normalize_text(pl.col("t"))).to_series()
    result = normalized_texts(values)
    assert result.to_list() == expected.to_list()
    assert result.name == "t"


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
    assert result.removed() == {
        "doi": 1,
        "source-id": 0,
        "title-year-author": 0,
        "title-year-page": 0,
    }


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


def test_the_record_holding_the_doi_is_kept_even_far_behind():
    # Regression: the DOI holder must be the representative whatever lies between the two.
    n = 12
    frame = table(
        doi=[None] + [f"10.9/{i}" for i in range(n)] + ["10.1/a"],
        title=["A title long enough"] + [f"Filler {i}" for i in range(n)] + ["A title long enough"],
        year=[2020] * (n + 2),
        authors=[["Doe, J."]] * (n + 2),
    )
    merges = merge(frame).merges
    assert merges.select("kept", "merged").rows() == [(f"f#{n + 2}", "f#1")]


def test_title_rule_needs_the_same_year_and_first_author():
    # The same paper republished in another year and venue stays apart (see data/README.md).
    frame = table(
        doi=["10.1/a", None, None, None],
        title=["Absorptive and disseminative capacity"] * 4,
        year=[2010, 2012, 2010, None],
        authors=[["Mu, J."], ["Mu, J."], ["Tang, F."], ["Mu, J."]],
    )
    assert merge(frame).records.height == 4


def test_title_rule_keeps_apart_records_on_different_pages_or_volumes():
    # Parts I and II of an article, or a recurring column, in two issues of one year.
    frame = table(
        title=["Forgotten Jewish history of medieval Rouen"] * 2 + ["Among the new books"] * 3,
        year=[1977] * 2 + [2002] * 3,
        authors=[["Golb, N."]] * 2 + [["James, N."]] * 3,
        volume=["30", "30", "76", "77", None],
        page_start=["254", "314", None, None, None],
        ut=[f"WOS:{n}" for n in range(5)],
    )
    assert merge(frame).records.height == 5
    # Known values that agree (or are missing) do not stop a merge.
    same = frame.with_columns(page_start=pl.Series(["254", None, None, None, None]))
    assert merge(same.head(2)).records.height == 1


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


def test_a_doi_shared_by_documents_with_different_titles_is_split():
    # A book DOI on the book and its chapters (scopus_bib_2017_bibliometrics); a shortened
    # title (subtitle dropped) and a near-identical title stay with their document.
    frame = table(
        doi=["10.4324/978"] * 5,
        title=[
            "Bibliometrics in social work",
            "Tracing thought through time and space: a review of bibliometrics in social work",
            "Tracing thought through time and space",
            "Bibliometrics: the best available information?",
            "Bibliometrics - the best available information",
        ],
        authors=[["Holden, G."]] * 5,
    )
    result = merge(frame)
    assert result.records["origin"].to_list() == [["f#1"], ["f#2", "f#3"], ["f#4", "f#5"]]
    ids = result.records["id"].to_list()
    assert ids == ["doi:10.4324/978", "doi:10.4324/978~2", "doi:10.4324/978~3"]
    assert result.merges["rule"].to_list() == ["doi", "doi"]


def test_title_year_and_first_page_join_records_across_databases():
    # An IEEE paper under two DOIs (Scopus ...0108, WoS ...105), and a paper whose first
    # author Scopus and WoS name differently (White, T.M. / Monroe-White, T.): same title,
    # year and first page (data_science_education exports).
    frame = table(
        origin=[["s.csv#1"], ["s.csv#2"], ["w.txt#1"], ["w.txt#2"]],
        databases=[["scopus"], ["scopus"], ["wos"], ["wos"]],
        doi=["10.1109/cloudcom.2016.0108", None, "10.1109/cloudcom.2016.105", None],
        title=[
            "Tailored data science education using gamification",
            "Waking up to marginalization: public value failures in AI",
            "Tailored Data Science Education Using Gamification",
            "Waking up to marginalization: Public value failures in AI",
        ],
        year=[2016, 2021, 2016, 2021],
        authors=[["Hee, K."], ["White, T.M."], ["Hee, K."], ["Monroe-White, T."]],
        volume=["0", "142", None, "142"],
        page_start=["627", "7", "627", "7"],
    )
    result = merge(frame)
    assert result.records["origin"].to_list() == [["s.csv#1", "w.txt#1"], ["s.csv#2", "w.txt#2"]]
    assert result.records["id"][0] == "doi:10.1109/cloudcom.2016.0108"
    assert result.merges["rule"].to_list() == ["title-year-page", "title-year-page"]


def test_one_database_listing_two_dois_on_a_page_key_keeps_both():
    # Two documents for that database, so the page key proves nothing.
    frame = table(
        doi=["10.1/a", "10.1/b", "10.1/c"],
        databases=[["scopus"], ["scopus"], ["wos"]],
        title=["Introduction to the special issue on maps"] * 3,
        year=[2020] * 3,
        page_start=["1"] * 3,
    )
    assert merge(frame).records.height == 3


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


def test_repeated_ids_get_unique_suffixes():
    # Only possible when a caller passes the same origin twice for records without any id.
    frame = table(origin=[["f#1"], ["f#1"]], title=[None, None])
    ids = merge(frame).records["id"].to_list()
    assert ids[1] == ids[0] + "~2" and ids[0].startswith("hash:")


def test_same_source_id_merges_records_without_doi():
    # Scopus CSV and RIS of a proceedings volume: no DOI, no authors, the same EID.
    frame = table(
        origin=[["a.csv#1"], ["b.ris#1"], ["a.csv#2"], ["c.txt#1"]],
        eid=["2-s2.0-1", "2-s2.0-1", "2-s2.0-2", None],
        doi=[None, None, "10.1/x", None],
        pmid=[None, None, "77", "77"],
        title=["Proceedings of ECKM 2007", "8th ECKM 2007", "A paper", "A paper."],
        year=[2007, 2007, 2010, 2010],
    )
    result = merge(frame)
    assert result.records["origin"].to_list() == [["a.csv#1", "b.ris#1"], ["a.csv#2", "c.txt#1"]]
    assert result.records["id"].to_list() == ["eid:2-s2.0-1", "doi:10.1/x"]
    assert result.merges["rule"].to_list() == ["source-id", "source-id"]
    assert result.removed() == {
        "doi": 0,
        "source-id": 2,
        "title-year-author": 0,
        "title-year-page": 0,
    }


def test_linked_records_without_doi_form_one_group_and_join_a_single_doi():
    frame = table(
        eid=["e1", None, "e1", None, None],
        pmid=["p1", "p1", None, None, None],
        doi=[None, None, None, "10.1/x", None],
        title=["Chain of links", "Chain of links", "Other title", "Chain of links", "Lone"],
        year=[2000, 2000, 2000, 2000, 2000],
        authors=[["Ng, A."], ["Ng, A."], ["Ng, A."], ["Ng, A."], ["Ng, A."]],
    )
    result = merge(frame)
    # f#1-f#2 share a PMID, f#1-f#3 an EID, f#1/f#2 share the title key with the DOI record.
    assert result.records["origin"].to_list() == [["f#1", "f#2", "f#3", "f#4"], ["f#5"]]
    assert result.records["id"][0] == "doi:10.1/x"


def test_a_source_id_shared_by_two_dois_is_ambiguous():
    frame = table(pmid=["9", "9", "9"], doi=["10.1/a", "10.1/b", None], title=["T1", "T2", "T3"])
    assert merge(frame).records["origin"].to_list() == [["f#1"], ["f#2"], ["f#3"]]


def test_result_does_not_depend_on_input_order():
    frame = table(
        origin=[["b#1"], ["a#2"], ["a#10"], ["b#2"], ["c#1"]],
        doi=["10.1/x", None, "10.1/x", None, None],
        title=["Same title here", "Same title here", "SAME TITLE HERE!", "Lone", "Lone"],
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
    assert origins.len() == 318 + 146 and origins.is_unique().all()  # nothing lost
    assert merged.height + result.merges.height == 318 + 146
    # Nothing counted twice: no DOI, and no normalized title of the same year, left in both
    # a Scopus-only and a WoS-only record.
    assert merged["doi"].drop_nulls().is_unique().all()
    single = merged.filter(pl.col("databases").list.len() == 1).with_columns(
        t=normalize_text(pl.col("title")), db=pl.col("databases").list.first()
    )
    both = single.group_by("t", "year").agg(pl.col("db").n_unique()).filter(pl.col("db") > 1)
    assert both.height == 0
    assert merged.filter(pl.col("databases").list.len() == 2).height == result.merges.height
    assert result.merges.group_by("rule").len().sort("rule").rows() == [
        ("doi", 127),
        ("title-year-author", 11),
        ("title-year-page", 3),
    ]


def test_merged_table_is_the_same_from_slices_or_a_full_copy(monkeypatch):
    frame = table(
        origin=[[f"a#{n}"] for n in range(1, 9)],
        doi=["10.1/x", None, "10.1/y", "10.1/x", None, "10.1/y", None, None],
        title=["One", "Two", "Three", "ONE", "Four", "three", "Five", "Six"],
        year=[2001] * 8,
        authors=[["Doe, J."]] * 8,
    )
    sliced = merge(frame)
    assert sliced.records["origin"].list.len().to_list() == [2, 1, 2, 1, 1, 1]
    monkeypatch.setattr("bibliomap.stack._MAX_SLICES", 0)
    copied = merge(frame)
    assert copied.records.equals(sliced.records) and copied.merges.equals(sliced.merges)
