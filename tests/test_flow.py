"""The flow table: rows, CSV round trip, and the check that every record is accounted for."""

from __future__ import annotations

import polars as pl
import pytest

from bibliomap import flow
from bibliomap.errors import BibliomapError
from bibliomap.filters import Filters, clean
from bibliomap.flow import Skipped
from bibliomap.ingest import ingest


def sample() -> pl.DataFrame:
    return flow.concat(
        [
            flow.read_row("a.csv", "scopus-csv", 10),
            flow.read_row("b.txt", "wos", 5),
            flow.skipped_rows([Skipped("b.txt", "missing ER line", record="4", line=88)]),
            flow.duplicate_rows({"doi": 3, "title-year-author": 1}, {"doi": "same DOI"}),
            flow.unique_row(10),
            flow.filter_row("years", "2000-2020", 2),
            flow.kept_row(8),
        ]
    )


def test_a_consistent_table_passes_and_totals_per_step():
    table = sample()
    flow.check(table)
    assert flow.totals(table) == {
        "read": 15,
        "skipped": 1,
        "duplicates": 4,
        "unique": 10,
        "filter": 2,
        "kept": 8,
    }
    skipped = table.filter(pl.col("step") == "skipped").row(0, named=True)
    assert (skipped["file"], skipped["record"], skipped["line"]) == ("b.txt", "4", 88)
    assert skipped["detail"] == "missing ER line"


@pytest.mark.parametrize(
    ("step", "count", "message"),
    [
        ("unique", 11, "unique records = 11, read - skipped - duplicates = 10"),
        ("kept", 7, "kept records = 7, unique - filtered = 8"),
        ("filter", -1, "count must be a number >= 0"),
    ],
)
def test_a_table_that_does_not_add_up_is_an_error(step, count, message):
    table = sample().with_columns(
        count=pl.when(pl.col("step") == step).then(count).otherwise(pl.col("count"))
    )
    with pytest.raises(BibliomapError, match=message.replace("(", r"\(")):
        flow.check(table)


def test_unknown_steps_are_rejected():
    table = flow.concat([sample(), sample().head(1).with_columns(step=pl.lit("removed"))])
    with pytest.raises(BibliomapError, match="unknown steps \\['removed'\\]"):
        flow.check(table)


def test_csv_round_trip(tmp_path):
    path = tmp_path / "flow.csv"
    flow.write_flow(sample(), path)
    assert flow.read_flow(path).equals(sample())
    assert path.read_text().splitlines()[0] == "step,file,item,record,line,detail,count"
    with pytest.raises(BibliomapError, match="cannot read the flow table"):
        flow.read_flow(tmp_path / "missing.csv")


def test_flow_adds_up_on_real_exports(shared_data):
    files = [
        shared_data("scopus_csv/scopus_csv_2022_absorptive_capacity.csv"),
        shared_data("scopus_ris/scopus_ris_2022_absorptive_capacity.ris"),
        shared_data("wos_plaintext/wos_txt_2017_profit_shifting.txt"),
    ]
    ingested = ingest(files, workers=2)
    filters = Filters(years=(2000, 2020), languages=("English",), require_abstract=True)
    cleaned = clean(ingested.records, ingested.flow, filters)
    flow.check(cleaned.flow)
    reads = cleaned.flow.filter(pl.col("step") == "read")
    assert reads["count"].to_list() == [127, 127, 178]
    totals = flow.totals(cleaned.flow)
    assert totals["duplicates"] == ingested.merges.height >= 127
    assert totals["unique"] == ingested.records.height
    assert totals["kept"] == cleaned.records.height
    assert cleaned.records["year"].is_between(2000, 2020).all()
    assert cleaned.records["abstract"].is_not_null().all()
