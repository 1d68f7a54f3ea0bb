"""All statistics of a study: the tables computed from the records, written with their figures.

File names (in the output folder): every table of :data:`TABLES` as ``<name>.csv`` and
``<name>.md``, every figure of :data:`FIGURES` as ``<name>.png`` and ``<name>.svg``; the
methodology diagram (``methodology.*``) when a rule graph is given; the Google Trends table and
figure (``google_trends.csv``, ``google_trends.png``/``.svg``) when an export is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.figures.save import save_figure
from bibliomap.records import conform
from bibliomap.stats import laws, plots, rankings
from bibliomap.stats.main import document_types, languages, main_information, main_information_table
from bibliomap.stats.methodology import methodology_figure, parse_rulegraph
from bibliomap.stats.production import annual_growth_rate, annual_production, resolve_reference_year
from bibliomap.stats.tables import write_table
from bibliomap.stats.trends import read_google_trends

TABLES = (
    "main_information",
    "document_types",
    "languages",
    "most_cited",
    "annual_production",
    "sources",
    "authors",
    "affiliations",
    "countries",
    "author_keywords",
    "index_keywords",
    "bradford",
    "bradford_zones",
    "lotka",
    "lotka_fit",
)
FIGURES = (
    "production",
    "citations",
    "bradford",
    "lotka",
    "top_sources",
    "top_authors",
    "top_countries",
)
IMAGE_FORMATS = ("png", "svg")
METHODOLOGY = "methodology"
TRENDS = "google_trends"


@dataclass(frozen=True)
class StatsOptions:
    """Parameters of the statistics: rows of the ranked tables, the reference year, PNG dpi."""

    top_n: int = 10
    reference_year: int | None = None
    dpi: float = 300

    def __post_init__(self) -> None:
        if self.top_n < 1:
            raise BibliomapError(f"top_n must be at least 1, got {self.top_n}")


def compute_tables(records: pl.DataFrame, options: StatsOptions) -> dict[str, pl.DataFrame]:
    """Every table of :data:`TABLES`, by name (missing record columns count as empty)."""
    records = conform(records).collect()
    year = resolve_reference_year(records, options.reference_year)
    top = options.top_n
    production = annual_production(records, reference_year=year)
    lotka = laws.lotka(records)
    bradford = laws.bradford(records)
    return {
        "main_information": main_information_table(main_information(records, reference_year=year)),
        "document_types": document_types(records),
        "languages": languages(records),
        "most_cited": rankings.most_cited_documents(records, top_n=top, reference_year=year),
        "annual_production": production,
        "sources": rankings.top_sources(records, top_n=top),
        "authors": rankings.top_authors(records, top_n=top),
        "affiliations": rankings.top_organizations(records, top_n=top),
        "countries": rankings.top_countries(records, top_n=top),
        "author_keywords": rankings.top_keywords(records, "author_keywords", top_n=top),
        "index_keywords": rankings.top_keywords(records, "index_keywords", top_n=top),
        "bradford": bradford,
        "bradford_zones": laws.bradford_zones(bradford),
        "lotka": lotka,
        "lotka_fit": pl.DataFrame([laws.lotka_fit(lotka)], schema={
            "beta": pl.Float64, "constant": pl.Float64, "r_squared": pl.Float64
        }),
    }  # fmt: skip


def stats_figures(tables: dict[str, pl.DataFrame]) -> dict:
    """Every figure of :data:`FIGURES`, by name, drawn from the tables."""
    production = tables["annual_production"]
    fit = tables["lotka_fit"].row(0, named=True)
    return {
        "production": plots.production_figure(production, annual_growth_rate(production)),
        "citations": plots.citations_figure(production),
        "bradford": plots.bradford_figure(tables["bradford"]),
        "lotka": plots.lotka_figure(tables["lotka"], fit),
        "top_sources": plots.bar_figure(
            tables["sources"], "source", "documents",
            title="Most relevant sources", xlabel="Documents",
        ),
        "top_authors": plots.bar_figure(
            tables["authors"], "author", "documents",
            title="Most relevant authors", xlabel="Documents",
        ),
        "top_countries": plots.bar_figure(
            tables["countries"], "country", "documents", title="Most productive countries",
            xlabel="Documents", split=("single_country", "multi_country"),
        ),
    }  # fmt: skip


def write_stats(records: pl.DataFrame, folder: str | Path, options: StatsOptions) -> list[Path]:
    """Write every table and figure of the records into ``folder``; return the paths."""
    out = Path(folder)
    tables = compute_tables(records, options)
    written = []
    for name in TABLES:
        written += write_table(tables[name], out / name)
    for name, figure in stats_figures(tables).items():
        written += save_figure(figure, out / name, IMAGE_FORMATS, options.dpi)
    return written


def write_methodology(rulegraph: str, folder: str | Path, *, dpi: float = 300) -> list[Path]:
    """Draw the rule graph text (``snakemake --rulegraph``) as ``methodology.png``/``.svg``."""
    figure = methodology_figure(parse_rulegraph(rulegraph))
    return save_figure(figure, Path(folder) / METHODOLOGY, IMAGE_FORMATS, dpi)


def write_trends(export: str | Path, folder: str | Path, *, dpi: float = 300) -> list[Path]:
    """Read a Google Trends export; write ``google_trends.csv`` and its figure."""
    trends = read_google_trends(export)
    out = Path(folder)
    written = write_table(trends, out / TRENDS, markdown=False)
    return written + save_figure(plots.trends_figure(trends), out / TRENDS, IMAGE_FORMATS, dpi)
