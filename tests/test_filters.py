"""Record filters: each removes what it should, counts it, and keeps unknown values."""

from __future__ import annotations

import polars as pl
import pytest

from bibliomap import flow, records
from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_parquet
from bibliomap.filters import Filters, apply_filters, clean, clean_to, make_filters

RECORDS = records.conform(
    pl.DataFrame(
        {
            "id": ["a", "b", "c", "d", "e", "f", "g"],
            "year": [1991, 1992, 2025, 2026, None, 2000, 2010],
            "language": ["English", "english", "Spanish", None, "English", "English", "English"],
            "document_type": ["article", "review", "article", "article", "book", None, "article"],
            "abstract": ["x", "y", "z", "w", "v", None, "  "],
        }
    )
).collect()


def kept_ids(frame: pl.DataFrame) -> list[str]:
    return frame["id"].to_list()


def test_default_filters_keep_everything():
    kept, removed = apply_filters(RECORDS, Filters())
    assert kept.equals(RECORDS)
    assert [(item.name, item.count) for item in removed] == [
        ("years", 0),
        ("languages", 0),
        ("document_types", 0),
        ("require_abstract", 0),
    ]


def test_year_range_is_inclusive_and_drops_unknown_years():
    kept, removed = apply_filters(RECORDS, Filters(years=(1992, 2025)))
    assert kept_ids(kept) == ["b", "c", "f", "g"]
    assert removed[0].count == 3 and removed[0].criterion.startswith("1992-2025")


def test_languages_match_names_and_codes_in_any_case_and_keep_unknown():
    kept, _ = apply_filters(RECORDS, Filters(languages=("en",)))
    assert kept_ids(kept) == ["a", "b", "d", "e", "f", "g"]
    kept, removed = apply_filters(RECORDS, Filters(languages=("SPANISH",)))
    assert kept_ids(kept) == ["c", "d"] and removed[1].count == 5


def test_document_types_keep_unknown_and_reject_unknown_names():
    kept, _ = apply_filters(RECORDS, Filters(document_types=("article", "review")))
    assert kept_ids(kept) == ["a", "b", "c", "d", "f", "g"]
    with pytest.raises(BibliomapError, match="unknown \\['articles'\\]"):
        Filters(document_types=("articles",))


def test_require_abstract_drops_missing_and_blank():
    kept, removed = apply_filters(RECORDS, Filters(require_abstract=True))
    assert kept_ids(kept) == ["a", "b", "c", "d", "e"] and removed[3].count == 2


def test_filters_apply_in_order_and_count_each_removal_once():
    filters = make_filters(
        years=[1992, 2025],
        languages=["English"],
        document_types=["article", "review"],
        require_abstract=True,
    )
    kept, removed = apply_filters(RECORDS, filters)
    assert kept_ids(kept) == ["b"]
    assert [item.count for item in removed] == [3, 1, 0, 2]
    assert sum(item.count for item in removed) + kept.height == RECORDS.height


def test_make_filters_validates_years():
    assert make_filters(years=[2000, 2001]).years == (2000, 2001)
    with pytest.raises(BibliomapError, match="first <= last"):
        make_filters(years=[2001, 2000])
    with pytest.raises(BibliomapError, match="expected \\[first, last\\]"):
        make_filters(years=[2001])


def test_clean_completes_the_flow_table():
    ingest_flow = flow.concat(
        [
            flow.read_row("x.csv", "scopus-csv", 9),
            flow.duplicate_rows({"doi": 2}, {}),
            flow.unique_row(7),
        ]
    )
    result = clean(RECORDS, ingest_flow, Filters(years=(1992, 2025)))
    assert result.records.height == 4
    assert result.flow["step"].to_list()[-5:] == ["filter"] * 4 + ["kept"]
    assert flow.totals(result.flow)["kept"] == 4
    with pytest.raises(BibliomapError, match="does not add up"):
        clean(RECORDS.head(6), ingest_flow, Filters())


@pytest.mark.parametrize("filters", [Filters(), Filters(years=(1992, 2025), require_abstract=True)])
def test_clean_to_writes_the_records_clean_keeps(tmp_path, filters):
    ingest_flow = flow.concat([flow.read_row("x.csv", "scopus-csv", 7), flow.unique_row(7)])
    source = tmp_path / "ingested.parquet"
    write_parquet(RECORDS, source)
    table = clean_to(source, ingest_flow, filters, tmp_path / "records.parquet")
    expected = clean(RECORDS, ingest_flow, filters)
    write_parquet(expected.records, tmp_path / "expected.parquet")
    assert table.equals(expected.flow)
    written = (tmp_path / "records.parquet").read_bytes()
    assert written == (tmp_path / "expected.parquet").read_bytes()
