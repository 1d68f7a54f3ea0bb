"""The data summary: main information about the collection, document types and languages."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polars as pl

from bibliomap.stats.names import DOC, distinct, name_key, occurrences
from bibliomap.stats.production import annual_growth_rate, annual_production


@dataclass(frozen=True)
class MainInformation:
    """Main information about the collection (definitions in docs/stats.md)."""

    databases: str
    documents: int
    sources: int
    first_year: int | None
    last_year: int | None
    annual_growth_rate: float | None
    reference_year: int | None
    mean_document_age: float | None
    mean_citations_per_document: float | None
    references: int
    distinct_references: int
    author_keywords: int
    index_keywords: int
    authors: int
    author_appearances: int
    single_authored_documents: int
    authors_of_single_authored_documents: int
    coauthors_per_document: float | None
    international_coauthorship: float | None


# Field -> (section, description) of the main information table, in table order.
ROWS: dict[str, tuple[str, str]] = {
    "databases": ("Data", "Databases"),
    "documents": ("Data", "Documents"),
    "sources": ("Data", "Sources (journals, books, proceedings)"),
    "time_span": ("Data", "Time span"),
    "annual_growth_rate": ("Data", "Annual growth rate (%)"),
    "reference_year": ("Data", "Reference year"),
    "mean_document_age": ("Data", "Document average age (years)"),
    "mean_citations_per_document": ("Data", "Average citations per document"),
    "references": ("Data", "References (cited, total)"),
    "distinct_references": ("Data", "References (distinct)"),
    "author_keywords": ("Contents", "Author keywords (distinct)"),
    "index_keywords": ("Contents", "Index keywords (distinct)"),
    "authors": ("Authors", "Authors (distinct)"),
    "author_appearances": ("Authors", "Author appearances"),
    "single_authored_documents": ("Authors", "Single-authored documents"),
    "authors_of_single_authored_documents": ("Authors", "Authors of single-authored documents"),
    "coauthors_per_document": ("Collaboration", "Co-authors per document"),
    "international_coauthorship": ("Collaboration", "International co-authorship (%)"),
}


def _mean(series: pl.Series) -> float | None:
    value = series.mean()
    return None if value is None else float(value)


def _references(records: pl.DataFrame) -> tuple[int, int]:
    """Cited references in total, and distinct ones (raw strings compared by key)."""
    raw = records.lazy().select(pl.col("references").explode().struct.field("raw")).drop_nulls()
    total = raw.select(pl.len()).collect().item()
    # Keys of the distinct strings only: far fewer than the references on large corpora.
    distinct = raw.unique().select(name_key(pl.col("raw")).n_unique()).collect().item()
    return int(total), int(distinct)


def _authorship(records: pl.DataFrame) -> dict[str, int | float | None]:
    """Author counts, single authorship and co-authors per document."""
    sizes = records["authors"].list.len()
    authored = sizes.filter(sizes > 0)
    single = occurrences(records.filter(sizes == 1), "authors")
    return {
        "authors": distinct(records, "authors"),
        "author_appearances": int(sizes.sum()),
        "single_authored_documents": int((sizes == 1).sum()),
        "authors_of_single_authored_documents": int(
            single.select(pl.col("key").n_unique()).collect().item()
        ),
        "coauthors_per_document": _mean(authored),
    }


def _international_share(records: pl.DataFrame) -> float | None:
    """Share (%) of documents with countries whose authors come from two or more countries."""
    countries = occurrences(records, "countries").group_by(DOC).agg(pl.len().alias("n"))
    sizes = countries.collect()["n"]
    return None if sizes.is_empty() else float((sizes >= 2).mean() * 100)


def main_information(records: pl.DataFrame, *, reference_year: int | None) -> MainInformation:
    """Main information of the records, ages counted to ``reference_year`` (already resolved)."""
    years = records["year"].drop_nulls()
    production = annual_production(records, reference_year=reference_year)
    references, distinct_references = _references(records)
    databases = sorted(set(records["databases"].explode().drop_nulls().to_list()))
    return MainInformation(
        databases="; ".join(databases),
        documents=records.height,
        sources=distinct(records, "source_title"),
        first_year=None if years.is_empty() else int(years.min()),
        last_year=None if years.is_empty() else int(years.max()),
        annual_growth_rate=annual_growth_rate(production),
        reference_year=reference_year,
        mean_document_age=None if reference_year is None else _mean(reference_year - years),
        mean_citations_per_document=_mean(records["cited_by"]),
        references=references,
        distinct_references=distinct_references,
        author_keywords=distinct(records, "author_keywords"),
        index_keywords=distinct(records, "index_keywords"),
        **_authorship(records),
        international_coauthorship=_international_share(records),
    )


def _text(value: object) -> str:
    """A table cell: floats with 2 decimals, missing values as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def main_information_table(info: MainInformation) -> pl.DataFrame:
    """The main information as a table: ``section``, ``description``, ``value`` (text)."""
    values = asdict(info)
    span = "" if info.first_year is None else f"{info.first_year}-{info.last_year}"
    values["time_span"] = span
    rows = [
        {"section": section, "description": description, "value": _text(values[field])}
        for field, (section, description) in ROWS.items()
    ]
    return pl.DataFrame(
        rows, schema={"section": pl.String, "description": pl.String, "value": pl.String}
    )


def _shares(counts: pl.DataFrame, total: int) -> pl.DataFrame:
    share = (pl.col("documents") / total * 100).round(2) if total else pl.lit(None, pl.Float64)
    return counts.with_columns(share.alias("percent"))


def document_types(records: pl.DataFrame) -> pl.DataFrame:
    """Documents per type (common vocabulary; missing as ``unknown``) and the types as exported.

    Columns: ``document_type``, ``documents``, ``percent``, ``as_exported`` (the database's
    type names of those documents, sorted, ``; ``-joined). Sorted by documents, then type.
    """
    frame = records.select(
        pl.col("document_type").fill_null("unknown"), pl.col("document_type_raw")
    )
    counts = frame.group_by("document_type").agg(
        pl.len().cast(pl.Int64).alias("documents"),
        pl.col("document_type_raw")
        .drop_nulls()
        .unique()
        .sort()
        .str.join("; ")
        .alias("as_exported"),
    )
    ordered = counts.sort(["documents", "document_type"], descending=[True, False])
    return _shares(ordered, records.height).select(
        "document_type", "documents", "percent", "as_exported"
    )


def languages(records: pl.DataFrame) -> pl.DataFrame:
    """Documents per language (missing as ``unknown``): ``language``, ``documents``, ``percent``."""
    counts = (
        records.select(pl.col("language").fill_null("unknown"))
        .group_by("language")
        .agg(pl.len().cast(pl.Int64).alias("documents"))
        .sort(["documents", "language"], descending=[True, False])
    )
    return _shares(counts, records.height)
