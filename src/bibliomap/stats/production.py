"""Annual scientific production, its growth rate, and citations per year of publication.

The *reference year* is the year ages and citable years are counted to: the one given
(``stats.reference_year``), else the latest publication year of the records, so results do not
depend on the day the workflow runs. A document of year y has age ``reference - y`` and
``reference - y + 1`` citable years (the year of publication counts).
"""

from __future__ import annotations

import polars as pl

from bibliomap.errors import BibliomapError

PRODUCTION_SCHEMA = {
    "year": pl.Int64,
    "documents": pl.Int64,
    "cumulative_documents": pl.Int64,
    "citations": pl.Int64,
    "mean_citations_per_document": pl.Float64,
    "citable_years": pl.Int64,
    "mean_citations_per_year": pl.Float64,
}


def resolve_reference_year(records: pl.DataFrame, reference_year: int | None) -> int | None:
    """The reference year: ``reference_year`` if given, else the latest publication year.

    A given year before the latest publication year is an error (negative ages).
    """
    latest = records["year"].max()
    if reference_year is None:
        return None if latest is None else int(latest)
    if latest is not None and reference_year < latest:
        raise BibliomapError(
            f"reference year {reference_year} is before the latest publication year {latest}"
        )
    return int(reference_year)


def annual_production(records: pl.DataFrame, *, reference_year: int | None) -> pl.DataFrame:
    """Documents and citations per publication year, every year of the span (zero-filled).

    ``citations`` sums the known citation counts; ``mean_citations_per_document`` averages them
    over the year's documents with a known count (null when none); ``mean_citations_per_year``
    divides that by the year's citable years. Records without a year are left out.
    """
    dated = records.filter(pl.col("year").is_not_null())
    if dated.is_empty():
        return pl.DataFrame(schema=PRODUCTION_SCHEMA)
    first, last = int(dated["year"].min()), int(dated["year"].max())
    reference = last if reference_year is None else reference_year
    counts = dated.group_by(pl.col("year").cast(pl.Int64)).agg(
        pl.len().alias("documents"),
        pl.col("cited_by").sum().alias("citations"),
        pl.col("cited_by").mean().alias("mean_citations_per_document"),
    )
    years = pl.DataFrame({"year": pl.int_range(first, last + 1, eager=True).cast(pl.Int64)})
    table = years.join(counts, on="year", how="left").with_columns(
        pl.col("documents").fill_null(0).cast(pl.Int64),
        pl.col("citations").fill_null(0).cast(pl.Int64),
        (reference - pl.col("year") + 1).alias("citable_years"),
    )
    return table.select(
        "year",
        "documents",
        pl.col("documents").cum_sum().alias("cumulative_documents"),
        "citations",
        pl.col("mean_citations_per_document").round(2),
        "citable_years",
        (pl.col("mean_citations_per_document") / pl.col("citable_years"))
        .round(2)
        .alias("mean_citations_per_year"),
    ).cast(PRODUCTION_SCHEMA)


def annual_growth_rate(production: pl.DataFrame) -> float | None:
    """Compound annual growth rate (%) from the first to the last year of the span.

    ``((N_last / N_first) ** (1 / (last - first)) - 1) * 100`` with N the documents of the first
    and last year (both at least 1 by construction); null for a span of one year.
    """
    if production.height < 2:
        return None
    first, last = production["documents"][0], production["documents"][-1]
    span = production["year"][-1] - production["year"][0]
    return ((last / first) ** (1 / span) - 1) * 100
