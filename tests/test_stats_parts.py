"""The statistics' parts on small inline inputs: definitions, edge cases, errors, determinism,
the Google Trends reader, the rule graph drawing and the `bibliomap stats` command."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from bibliomap.cli import main
from bibliomap.errors import BibliomapError
from bibliomap.ingest import ingest
from bibliomap.records import conform
from bibliomap.stats import (
    FIGURES,
    TABLES,
    StatsOptions,
    annual_growth_rate,
    annual_production,
    bradford,
    compute_tables,
    markdown_table,
    methodology_figure,
    parse_rulegraph,
    read_google_trends,
    resolve_reference_year,
    stats_figures,
    top_authors,
    top_sources,
    write_methodology,
    write_stats,
    write_trends,
)

TRENDS_EXPORT = """Category: All categories

Week,micro-credentials: (Worldwide),digital badges: (Worldwide),nanodegree: (Worldwide)
2020-01-05,12,<1,3
2020-01-12,100,4,<1
2020-01-19,57,0,2
"""

RULEGRAPH = """digraph snakemake_dag {
    graph[bgcolor=white, margin=0];
    node[shape=box, style=rounded, fontname=sans,                 fontsize=10, penwidth=2];
    edge[penwidth=2, color=grey];
\t0[label = "all", color = "0.00 0.6 0.85", style="rounded"];
\t1[label = "report", color = "0.48 0.6 0.85", style="rounded"];
\t2[label = "clean", color = "0.05 0.6 0.85", style="rounded"];
\t3[label = "ingest", color = "0.29 0.6 0.85", style="rounded"];
\t4[label = "stats", color = "0.57 0.6 0.85", style="rounded"];
\t5[label = "rulegraph", color = "0.10 0.6 0.85", style="rounded"];
\t1 -> 0
\t2 -> 1
\t3 -> 2
\t2 -> 4
\t4 -> 1
\t5 -> 4
}
"""


def records(**columns) -> pl.DataFrame:
    """A canonical record table from a few columns (others empty)."""
    return conform(pl.DataFrame(columns)).collect()


def test_h_index_and_fractional_authorship():
    frame = records(
        authors=[["A, X."], ["A, X.", "B, Y."], ["a, x."], ["A, X."], ["A, X.", "B, Y."]],
        cited_by=[10, 8, 5, 4, None],
    )
    table = top_authors(frame, top_n=5).rows(named=True)
    # "A, X." and "a, x." are one author: cited 10, 8, 5, 4, (unknown = 0) -> h = 4.
    assert table[0] == {
        "rank": 1, "author": "A, X.", "documents": 5, "documents_fractionalized": 4.0,
        "citations": 27, "h_index": 4,
    }  # fmt: skip
    assert table[1]["h_index"] == 1 and table[1]["documents_fractionalized"] == 1.0


def test_a_name_counts_once_per_document_and_shows_its_most_frequent_spelling():
    frame = records(
        source_title=["J. Geo", "J. GEO", "J. Geo", "Other"],
        authors=[["A, X.", "A, X."], [], [], []],
        cited_by=[1, 2, 3, 4],
    )
    sources = top_sources(frame, top_n=5)
    assert sources.rows() == [(1, "J. Geo", 3, 75.0, 6), (2, "Other", 1, 25.0, 4)]
    assert top_authors(frame, top_n=5)["documents"].to_list() == [1]


def test_ranking_ties_break_by_citations_then_name():
    frame = records(source_title=["B", "A", "C", "C"], cited_by=[5, 5, 0, 0])
    assert top_sources(frame, top_n=2)["source"].to_list() == ["C", "A"]


def test_bradford_first_source_is_always_zone_one():
    frame = records(source_title=["Big"] * 8 + ["S2", "S2", "S3", "S4"])
    table = bradford(frame)
    assert table.select("source", "documents", "zone").rows() == [
        ("Big", 8, 1), ("S2", 2, 3), ("S3", 1, 3), ("S4", 1, 3),
    ]  # fmt: skip


def test_bradford_zone_boundaries():
    # 9 documents: boundaries 3 and 6; cumulative before each source: 0, 3, 4, 6, 7, 8.
    frame = records(source_title=["A"] * 3 + ["B", "C", "C", "D", "E", "F"])
    assert bradford(frame)["zone"].to_list() == [1, 2, 2, 3, 3, 3]


def test_production_zero_fills_and_growth_rate():
    frame = records(year=[2000, 2000, 2003, 2003, 2003, 2003, 2003, 2003, 2003, 2003],
                    cited_by=[4, 2, 0, 0, 0, 0, 0, 0, 0, 8])  # fmt: skip
    table = annual_production(frame, reference_year=2004)
    assert table.select("year", "documents", "citable_years").rows() == [
        (2000, 2, 5), (2001, 0, 4), (2002, 0, 3), (2003, 8, 2),
    ]  # fmt: skip
    assert table["mean_citations_per_year"].to_list() == [0.6, None, None, 0.5]
    assert annual_growth_rate(table) == pytest.approx((4 ** (1 / 3) - 1) * 100)
    single = annual_production(records(year=[2020]), reference_year=2020)
    assert annual_growth_rate(single) is None


def test_reference_year_is_deterministic_and_checked():
    frame = records(year=[1999, 2021, 2010])
    assert resolve_reference_year(frame, None) == 2021
    assert resolve_reference_year(frame, 2030) == 2030
    with pytest.raises(BibliomapError, match="before the latest publication year 2021"):
        resolve_reference_year(frame, 2020)


def test_empty_and_sparse_records_give_tables_not_errors():
    tables = compute_tables(records(title=["only a title"]), StatsOptions())
    info = dict(tables["main_information"].select("description", "value").iter_rows())
    assert (
        info["Documents"] == "1" and info["Time span"] == "" and info["Authors (distinct)"] == "0"
    )
    assert tables["annual_production"].is_empty() and tables["lotka"].is_empty()
    assert tables["lotka_fit"].row(0) == (None, None, None)
    assert set(tables) == set(TABLES)
    assert set(stats_figures(tables)) == set(FIGURES)


def test_top_n_must_be_positive():
    with pytest.raises(BibliomapError, match="top_n must be at least 1"):
        StatsOptions(top_n=0)


def test_markdown_table_escapes_pipes_and_aligns_numbers():
    frame = pl.DataFrame({"name": ["a|b", None], "n": [1, 22]})
    assert markdown_table(frame) == "| name | n |\n|---|---:|\n| a\\|b | 1 |\n|  | 22 |\n"


def test_google_trends_export(tmp_path):
    path = tmp_path / "multiTimeline.csv"
    path.write_text("\ufeff" + TRENDS_EXPORT, encoding="utf-8")
    trends = read_google_trends(path)
    assert trends["term"].unique(maintain_order=True).to_list() == [
        "micro-credentials", "digital badges", "nanodegree",
    ]  # fmt: skip
    assert trends.height == 9
    badges = trends.filter(pl.col("term") == "digital badges")
    assert badges["date"].to_list() == [dt.date(2020, 1, d) for d in (5, 12, 19)]
    assert badges["interest"].to_list() == [0.5, 4.0, 0.0]
    assert badges["below_one"].to_list() == [True, False, False]


def test_google_trends_monthly_export_without_category_line(tmp_path):
    path = tmp_path / "monthly.csv"
    path.write_text("Month,mooc: (United States)\n2004-01,55\n2004-02,<1\n", encoding="utf-8")
    trends = read_google_trends(path)
    assert trends.rows() == [
        (dt.date(2004, 1, 1), "mooc", 55.0, False), (dt.date(2004, 2, 1), "mooc", 0.5, True),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("Category: All\n\n", "no header line", None),
        ("Category: All\n\nWeek,a: (Worldwide)\n2020-01-05,high\n", "interest 0-100", 4),
        ("Week,a: (Worldwide)\n2020-01-05,101\n", "interest 0-100", 2),
        ("Week,a: (Worldwide)\n05/01/2020,3\n", "YYYY-MM-DD", 2),
        ("Week,a: (Worldwide),b: (Worldwide)\n2020-01-05,3\n", "expected 3 columns", 2),
        ("Week,a: (Worldwide)\n", "no rows", None),
    ],
)
def test_google_trends_errors_name_the_line(tmp_path, text, message, line):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BibliomapError, match=message) as error:
        read_google_trends(path)
    assert error.value.line == line and error.value.path == str(path)


def test_rulegraph_parsed_without_hidden_rules():
    graph = parse_rulegraph(RULEGRAPH)
    assert graph.rules == ("clean", "ingest", "report", "stats")
    assert graph.edges == (
        ("clean", "report"), ("clean", "stats"), ("ingest", "clean"), ("stats", "report"),
    )  # fmt: skip
    assert graph.colors["clean"] == "#d97e57"


def test_methodology_figure_draws_every_rule_top_down():
    figure = methodology_figure(parse_rulegraph(RULEGRAPH))
    texts = {t.get_text(): t.get_position() for t in figure.axes[0].texts}
    assert set(texts) == {"clean", "ingest", "report", "stats"}
    heights = {name: y for name, (_, y) in texts.items()}
    assert heights["ingest"] > heights["clean"] > heights["stats"] > heights["report"]
    assert len(figure.axes[0].patches) == 4 + 4  # boxes and arrows


@pytest.mark.parametrize(
    ("dot", "message"),
    [
        ("nothing here", "not a Snakemake rule graph"),
        ('digraph g {\n0[label = "a"];\n0 -> 7\n}', "undeclared nodes"),
        ('digraph g {\n0[label = "a"];\n1[label = "b"];\n0 -> 1\n1 -> 0\n}', "cycle"),
    ],
)
def test_rulegraph_errors(dot, message):
    with pytest.raises(BibliomapError, match=message):
        methodology_figure(parse_rulegraph(dot))


@pytest.fixture(scope="module")
def tobler(shared_data):
    return ingest([shared_data("wos_tab/wos_tab_2022_tobler.txt")]).records


def test_stats_command_and_byte_identical_reruns(tobler, tmp_path, capsys):
    # Text that could break matplotlib's math mode or the Markdown table.
    frame = tobler.with_columns(
        pl.when(pl.int_range(pl.len()) == 0)
        .then(pl.lit("Costs in $ and | pipes"))
        .otherwise(pl.col("source_title"))
        .alias("source_title")
    )
    records_path = tmp_path / "records.parquet"
    frame.write_parquet(records_path)
    export = tmp_path / "trends.csv"
    export.write_text(TRENDS_EXPORT, encoding="utf-8")
    dot = tmp_path / "rulegraph.dot"
    dot.write_text(RULEGRAPH, encoding="utf-8")
    out = tmp_path / "stats"
    code = main(["stats", str(records_path), "-o", str(out), "--top-n", "5", "--dpi", "50",
                 "--google-trends", str(export), "--rulegraph", str(dot)])  # fmt: skip
    assert code == 0
    assert "files written" in capsys.readouterr().out
    assert pl.read_csv(out / "most_cited.csv").height == 5
    assert (out / "google_trends.csv").is_file() and (out / "google_trends.svg").is_file()
    assert (out / "main_information.md").read_text().startswith("| section | description |")
    assert "<dc:date>" not in (out / "production.svg").read_text()
    # A second run, in this process, writes the same bytes.
    again = tmp_path / "again"
    written = write_stats(frame, again, StatsOptions(top_n=5, dpi=50))
    written += write_methodology(RULEGRAPH, again, dpi=50)
    assert len(written) == 2 * len(TABLES) + 2 * len(FIGURES) + 2
    for path in written:
        assert path.read_bytes() == (out / path.name).read_bytes(), path.name


def test_stats_command_reports_bad_input(tmp_path, capsys):
    bad = tmp_path / "records.parquet"
    bad.write_text("not parquet")
    assert main(["stats", str(bad), "-o", str(tmp_path / "out")]) == 2
    assert "cannot read the records" in capsys.readouterr().err


def test_write_trends(tmp_path):
    export = tmp_path / "trends.csv"
    export.write_text(TRENDS_EXPORT, encoding="utf-8")
    written = write_trends(export, tmp_path / "out", dpi=50)
    assert sorted(p.name for p in written) == [
        "google_trends.csv", "google_trends.png", "google_trends.svg",
    ]  # fmt: skip
    assert (
        Path(tmp_path / "out" / "google_trends.csv")
        .read_text()
        .startswith("date,term,interest,below_one")
    )
