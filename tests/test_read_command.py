"""`bibliomap read` and the ingest / clean rule adapters, on real exports."""

from __future__ import annotations

import runpy
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest

from bibliomap import cli, flow
from bibliomap.ingest import ingest

ROOT = Path(__file__).resolve().parents[1]
CSV = "scopus_csv/scopus_csv_2022_absorptive_capacity.csv"
RIS = "scopus_ris/scopus_ris_2022_absorptive_capacity.ris"
WOS = "wos_plaintext/wos_txt_2017_profit_shifting.txt"


def read(files: list[Path], output: Path, *options: str) -> int:
    return cli.main(["read", *map(str, files), "-o", str(output), *options])


def test_read_writes_records_flow_and_merges(shared_data, tmp_path, capsys):
    files = [shared_data(CSV), shared_data(RIS)]
    assert read(files, tmp_path / "records.parquet") == 0
    assert "127 records kept of 127 unique records from 2 files" in capsys.readouterr().out
    records = pl.read_parquet(tmp_path / "records.parquet")
    assert records.height == 127 and records["id"].is_unique().all()
    table = flow.read_flow(tmp_path / "flow.csv")
    flow.check(table)
    assert flow.totals(table)["kept"] == 127
    merges = pl.read_csv(tmp_path / "merges.csv")
    assert merges.height == 127 and set(merges.columns) >= {"id", "rule", "kept", "merged"}


def test_output_is_byte_identical_across_runs_and_input_order(shared_data, tmp_path):
    files = [shared_data(CSV), shared_data(RIS), shared_data(WOS)]
    for name, order in (("a", files), ("b", files), ("c", files[::-1])):
        assert read(order, tmp_path / name / "records.parquet") == 0
    for output in ("records.parquet", "flow.csv", "merges.csv"):
        first = (tmp_path / "a" / output).read_bytes()
        assert first == (tmp_path / "b" / output).read_bytes(), output
    first = (tmp_path / "a" / "records.parquet").read_bytes()
    assert first == (tmp_path / "c" / "records.parquet").read_bytes()


def test_filters_from_the_command_line(shared_data, tmp_path):
    options = ["--years", "2010", "2020", "--languages", "English", "--require-abstract"]
    options += ["--document-types", "article", "review"]
    assert read([shared_data(WOS)], tmp_path / "r.parquet", *options) == 0
    records = pl.read_parquet(tmp_path / "r.parquet")
    assert records["year"].is_between(2010, 2020).all()
    assert records["abstract"].is_not_null().all()
    assert records["document_type"].is_in(["article", "review"]).all()
    table = flow.read_flow(tmp_path / "flow.csv")
    removed = table.filter(pl.col("step") == "filter")["count"].sum()
    assert records.height == 178 - flow.totals(table)["duplicates"] - removed


def test_bad_input_is_one_clear_message(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("nothing bibliographic\n", encoding="utf-8")
    assert read([notes], tmp_path / "r.parquet") == 2
    assert "bibliomap read: error: " in capsys.readouterr().err
    assert not (tmp_path / "r.parquet").exists()
    with pytest.raises(SystemExit):
        read([notes], tmp_path / "r.parquet", "--document-types", "poem")


def test_ingest_and_clean_adapters(shared_data, tmp_path):
    results = tmp_path / "results"
    exports = [str(shared_data(CSV)), str(shared_data(WOS))]
    shards = [
        SimpleNamespace(records=str(results / f"{k}-of-2.parquet"), flow=str(results / f"{k}.flow"))
        for k in range(2)
    ]
    for k, output in enumerate(shards):
        read_job = SimpleNamespace(
            input=SimpleNamespace(exports=exports),
            output=output,
            wildcards=SimpleNamespace(shard=str(k), shards="2"),
            log=[str(tmp_path / f"read_{k}.log")],
            threads=1,
            rule="read_exports",
        )
        runpy.run_path(
            str(ROOT / "scripts" / "read_exports.py"), init_globals={"snakemake": read_job}
        )
    ingest_job = SimpleNamespace(
        input=SimpleNamespace(
            records=[shard.records for shard in shards], flows=[shard.flow for shard in shards]
        ),
        output=SimpleNamespace(
            records=str(results / "ingested.parquet"),
            flow=str(results / "ingest_flow.csv"),
            merges=str(results / "merges.csv"),
        ),
        log=[str(tmp_path / "ingest.log")],
        threads=1,
        rule="ingest",
    )
    runpy.run_path(str(ROOT / "scripts" / "ingest.py"), init_globals={"snakemake": ingest_job})
    assert pl.read_parquet(results / "ingested.parquet").equals(ingest(exports).records)
    clean_job = SimpleNamespace(
        input=SimpleNamespace(records=ingest_job.output.records, flow=ingest_job.output.flow),
        output=SimpleNamespace(
            records=str(results / "records.parquet"), flow=str(results / "flow.csv")
        ),
        params=SimpleNamespace(
            years=[2000, 2020], languages=["English"], document_types=[], require_abstract=False
        ),
        log=[str(tmp_path / "clean.log")],
        threads=2,
        rule="clean",
    )
    runpy.run_path(str(ROOT / "scripts" / "clean.py"), init_globals={"snakemake": clean_job})
    table = flow.read_flow(results / "flow.csv")
    flow.check(table)
    assert table["step"].to_list()[:2] == ["read", "read"]
    kept = pl.read_parquet(results / "records.parquet")
    assert flow.totals(table)["kept"] == kept.height > 0
    assert f"{kept.height} records kept" in (tmp_path / "clean.log").read_text()
    bad = SimpleNamespace(
        **{
            **vars(clean_job),
            "params": SimpleNamespace(**{**vars(clean_job.params), "years": [2020, 2000]}),
        }
    )
    with pytest.raises(SystemExit, match="bibliomap clean: error: years"):
        runpy.run_path(str(ROOT / "scripts" / "clean.py"), init_globals={"snakemake": bad})
