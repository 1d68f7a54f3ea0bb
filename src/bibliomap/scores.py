"""Document citation scores and the per-item weights and scores of VOSviewer's map files.

Definitions (METHODS.md sec. 2):

- normalized citations of a document = its citations / the mean citations of the corpus documents
  published in the same year; a year whose mean is 0 gives 1 (documents without a year form
  their own group);
- for an item (term, keyword, author, ...) held by a set of documents: ``Documents`` = their
  number, ``Citations`` / ``Norm. citations`` = their sums, ``Avg. pub. year`` / ``Avg.
  citations`` / ``Avg. norm. citations`` = their means (documents without a year are left out of
  the year mean).
"""

from __future__ import annotations

import numpy as np
import polars as pl
import scipy.sparse as sp


def norm_citations(year: pl.Expr, cited_by: pl.Expr) -> pl.Expr:
    """Citations / mean citations of the same publication year (1 where that mean is 0)."""
    citations = cited_by.fill_null(0).cast(pl.Float64)
    mean = citations.mean().over(year)
    return pl.when(mean > 0).then(citations / mean).otherwise(1.0)


def document_table(records: pl.DataFrame) -> pl.DataFrame:
    """Per-document ``year``, ``citations`` and ``norm_citations``, in record order."""
    return records.select(
        pl.col("year").cast(pl.Float64),
        pl.col("cited_by").fill_null(0).cast(pl.Float64).alias("citations"),
        norm_citations(pl.col("year"), pl.col("cited_by")).alias("norm_citations"),
    )


def item_scores(incidence: sp.spmatrix, documents: pl.DataFrame) -> dict[str, np.ndarray]:
    """Weights and scores of the items (columns) of a documents x items incidence matrix.

    ``incidence`` is nonzero where a document holds an item; ``documents`` comes from
    :func:`document_table` (same row order). Returns arrays keyed by VOSviewer column name.
    """
    held = sp.csc_matrix(incidence, dtype=np.float64, copy=True)
    held.eliminate_zeros()
    held.data[:] = 1.0
    count = np.asarray(held.sum(axis=0)).ravel()
    citations = held.T @ documents["citations"].to_numpy()
    norm = held.T @ documents["norm_citations"].to_numpy()
    years = documents["year"].to_numpy()
    has_year = ~np.isnan(years)
    year_sum = held.T @ np.where(has_year, years, 0.0)
    year_count = held.T @ has_year.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "weight<Documents>": count,
            "weight<Citations>": citations,
            "weight<Norm. citations>": norm,
            "score<Avg. pub. year>": np.where(year_count > 0, year_sum / year_count, np.nan),
            "score<Avg. citations>": np.where(count > 0, citations / count, np.nan),
            "score<Avg. norm. citations>": np.where(count > 0, norm / count, np.nan),
        }
