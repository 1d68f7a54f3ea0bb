"""Descriptive statistics of a study: main information, rankings, Bradford and Lotka, trends.

Pure polars functions over the canonical records (definitions in docs/stats.md), matplotlib
figures, and :func:`write_stats` which writes every table (CSV + Markdown) and figure
(PNG + SVG) of the report.
"""

from bibliomap.stats.build import (
    FIGURES,
    IMAGE_FORMATS,
    METHODOLOGY,
    TABLES,
    TRENDS,
    StatsOptions,
    compute_tables,
    stats_figures,
    write_methodology,
    write_stats,
    write_trends,
)
from bibliomap.stats.laws import bradford, bradford_zones, lotka, lotka_fit
from bibliomap.stats.main import (
    MainInformation,
    document_types,
    languages,
    main_information,
    main_information_table,
)
from bibliomap.stats.methodology import RuleGraph, methodology_figure, parse_rulegraph
from bibliomap.stats.production import annual_growth_rate, annual_production, resolve_reference_year
from bibliomap.stats.rankings import (
    most_cited_documents,
    top_authors,
    top_countries,
    top_keywords,
    top_organizations,
    top_sources,
)
from bibliomap.stats.tables import markdown_table, write_table
from bibliomap.stats.trends import read_google_trends

__all__ = [
    "FIGURES",
    "IMAGE_FORMATS",
    "METHODOLOGY",
    "TABLES",
    "TRENDS",
    "MainInformation",
    "RuleGraph",
    "StatsOptions",
    "annual_growth_rate",
    "annual_production",
    "bradford",
    "bradford_zones",
    "compute_tables",
    "document_types",
    "languages",
    "lotka",
    "lotka_fit",
    "main_information",
    "main_information_table",
    "markdown_table",
    "methodology_figure",
    "most_cited_documents",
    "parse_rulegraph",
    "read_google_trends",
    "resolve_reference_year",
    "stats_figures",
    "top_authors",
    "top_countries",
    "top_keywords",
    "top_organizations",
    "top_sources",
    "write_methodology",
    "write_stats",
    "write_table",
    "write_trends",
]
