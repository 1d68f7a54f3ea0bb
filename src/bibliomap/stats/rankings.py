"""The most cited documents and the most relevant sources, authors, organizations, countries
and keywords.

Rankings sort by their first count (documents, or citations for documents), then by the
second, then alphabetically by label, and keep the first ``top_n`` rows (ties at the cut are
broken by that order). Names are compared by key (:mod:`bibliomap.stats.names`).
"""

from __future__ import annotations

import polars as pl

from bibliomap.stats.names import DOC, labels, occurrences, ranked

AUTHORS_SHOWN = 3


def _author_list(column: str = "authors") -> pl.Expr:
    """The first three authors ``; ``-joined, with ``; et al.`` when there are more."""
    shown = pl.col(column).list.head(AUTHORS_SHOWN).list.join("; ")
    more = pl.col(column).list.len() > AUTHORS_SHOWN
    return pl.when(more).then(shown + "; et al.").otherwise(shown)


def most_cited_documents(
    records: pl.DataFrame, *, top_n: int, reference_year: int | None
) -> pl.DataFrame:
    """The ``top_n`` documents with the most citations (known counts only).

    ``citations_per_year`` divides by the citable years ``reference_year - year + 1``;
    ``normalized_citations`` by the mean citations of the documents of the same year (1 when
    that mean is 0, as VOSviewer does). Ties: title, then record id.
    """
    year_mean = pl.col("cited_by").mean().over("year")
    cited = records.filter(pl.col("cited_by").is_not_null()).with_columns(
        pl.when(year_mean > 0)
        .then(pl.col("cited_by") / year_mean)
        .otherwise(1.0)
        .round(2)
        .alias("normalized_citations")
    )
    citable = (
        pl.lit(None, pl.Float64)
        if reference_year is None
        else (pl.col("cited_by") / (reference_year - pl.col("year") + 1)).round(2)
    )
    top = cited.sort(["cited_by", "title", "id"], descending=[True, False, False], nulls_last=True)
    return (
        top.head(top_n)
        .with_row_index("rank", offset=1)
        .select(
            pl.col("rank").cast(pl.Int64),
            "title",
            _author_list().alias("authors"),
            pl.col("year").cast(pl.Int64),
            pl.col("source_title").alias("source"),
            pl.col("cited_by").alias("citations"),
            citable.cast(pl.Float64).alias("citations_per_year"),
            "normalized_citations",
            "doi",
        )
    )


def _name_table(records: pl.DataFrame, column: str) -> pl.LazyFrame:
    """Per name key: ``label``, ``documents`` and ``citations`` (known counts summed)."""
    found = occurrences(records, column)
    counts = found.group_by("key").agg(
        pl.len().cast(pl.Int64).alias("documents"),
        pl.col("cited_by").sum().cast(pl.Int64).alias("citations"),
    )
    return counts.join(labels(found), on="key")


def top_sources(records: pl.DataFrame, *, top_n: int | None) -> pl.DataFrame:
    """Most relevant sources: ``source``, ``documents``, ``percent`` of documents, ``citations``."""
    table = _name_table(records, "source_title").collect()
    out = ranked(table, ["documents", "citations"], top_n=top_n)
    share = (pl.col("documents") / records.height * 100).round(2)
    return out.select(
        "rank", pl.col("label").alias("source"), "documents", share.alias("percent"), "citations"
    )


def h_index(found: pl.LazyFrame) -> pl.LazyFrame:
    """Per key, the h-index of its documents: the largest h with h documents cited >= h times."""
    rank = pl.col("cited_by").rank("ordinal", descending=True).over("key")
    return (
        found.with_columns(pl.col("cited_by").fill_null(0), rank.alias("_rank"))
        .group_by("key")
        .agg((pl.col("cited_by") >= pl.col("_rank")).sum().cast(pl.Int64).alias("h_index"))
    )


def top_authors(records: pl.DataFrame, *, top_n: int | None) -> pl.DataFrame:
    """Most relevant authors: ``documents``, ``documents_fractionalized`` (each document shared
    equally among its distinct authors), ``citations`` and the ``h_index`` within the corpus."""
    found = occurrences(records, "authors")
    shares = found.with_columns((1 / pl.len().over(DOC)).alias("_share"))
    counts = shares.group_by("key").agg(
        pl.len().cast(pl.Int64).alias("documents"),
        pl.col("_share").sum().round(2).alias("documents_fractionalized"),
        pl.col("cited_by").sum().cast(pl.Int64).alias("citations"),
    )
    table = counts.join(labels(found), on="key").join(h_index(found), on="key").collect()
    out = ranked(table, ["documents", "citations"], top_n=top_n)
    return out.select(
        "rank",
        pl.col("label").alias("author"),
        "documents",
        "documents_fractionalized",
        "citations",
        "h_index",
    )


def top_organizations(records: pl.DataFrame, *, top_n: int | None) -> pl.DataFrame:
    """Most relevant organizations (affiliations): ``documents``, ``citations``."""
    table = _name_table(records, "organizations").collect()
    out = ranked(table, ["documents", "citations"], top_n=top_n)
    return out.select("rank", pl.col("label").alias("organization"), "documents", "citations")


def top_countries(records: pl.DataFrame, *, top_n: int | None) -> pl.DataFrame:
    """Most productive countries by the countries of all authors' addresses.

    ``documents`` lists the country; ``single_country`` of those have no other country,
    ``multi_country`` have another too (international co-authorship); ``multi_country_percent``
    = multi_country / documents * 100; ``citations`` sums the documents' known citations.
    """
    found = occurrences(records, "countries").with_columns((pl.len().over(DOC) > 1).alias("_multi"))
    counts = found.group_by("key").agg(
        pl.len().cast(pl.Int64).alias("documents"),
        (~pl.col("_multi")).sum().cast(pl.Int64).alias("single_country"),
        pl.col("_multi").sum().cast(pl.Int64).alias("multi_country"),
        pl.col("cited_by").sum().cast(pl.Int64).alias("citations"),
    )
    table = counts.join(labels(found), on="key").collect()
    out = ranked(table, ["documents", "citations"], top_n=top_n)
    return out.select(
        "rank",
        pl.col("label").alias("country"),
        "documents",
        "single_country",
        "multi_country",
        (pl.col("multi_country") / pl.col("documents") * 100)
        .round(2)
        .alias("multi_country_percent"),
        "citations",
    )


def top_keywords(records: pl.DataFrame, column: str, *, top_n: int | None) -> pl.DataFrame:
    """Most frequent keywords of ``column``: ``keyword``, ``documents`` (documents holding it)."""
    table = _name_table(records, column).collect()
    out = ranked(table, ["documents"], top_n=top_n)
    return out.select("rank", pl.col("label").alias("keyword"), "documents")
