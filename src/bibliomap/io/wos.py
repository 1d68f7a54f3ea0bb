"""Web of Science field tags mapped to canonical record columns (plain text and tab-delimited).

Both WoS readers bring their records to one frame (of one file or of several): ``origin``
(``["<file name>:<record>"]``), one string column per tag of :data:`TEXT_TAGS` and one list
column per tag of
:data:`LIST_TAGS` (authors, full names, cited references and ``C1`` addresses, one stripped,
non-empty element each), and :func:`records` maps it to the canonical columns:

- ids: ``UT`` -> ``ut``, ``DI`` -> ``doi``, ``PM`` -> ``pmid``;
- ``PY`` -> ``year`` (else the year of ``EA``, early access); ``DT`` -> document type;
- ``SO`` source, ``J9`` (else ``JI``) abbreviation, ``SN`` and ``EI`` -> ``issn`` (``; ``);
  ``PU`` publisher, ``VL``, ``IS``, ``BP`` (else ``AR``, the article number), ``EP``;
- ``AU`` -> ``authors`` (``Surname, I.N.``), ``AF`` -> ``author_full_names``;
- addresses: each ``C1`` element is ``[Author A; Author B] Org, Dept, City, Country`` (or a bare
  address in older records). ``affiliations`` are the distinct addresses, in order, without
  the bracket and final period; a record without ``C1`` falls back to the addresses of ``RP``
  (``Name (corresponding author), address.; ...``). ``author_affiliations`` gives each author
  the addresses whose bracket (or ``RP`` entry) names them (by ``AF`` or ``AU`` form), ``; ``-
  joined, ``""`` for authors not named; it is empty when no address names any author;
- ``C3`` (organizations, 2024 exports) -> ``organizations``; ``countries`` stay empty (derived
  from the addresses later, by :mod:`bibliomap.enrich`);
- ``DE`` -> ``author_keywords``, ``ID`` (Keywords Plus) -> ``index_keywords``;
- ``CR`` -> ``references`` (``raw`` = the reference as exported); ``TC`` -> ``cited_by``;
- ``OA`` -> ``open_access``; ``FU`` (funders and grants) and ``FX`` (funding text), joined by
  `` | `` -> ``funding``.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from bibliomap import records as canonical
from bibliomap.io import fields, flat, tagged

DATABASE = "wos"

TEXT_TAGS = (
    "TI", "AB", "SO", "J9", "JI", "SN", "EI", "PU", "VL", "IS", "BP", "EP", "AR", "PY",
    "EA", "DT", "LA", "DI", "UT", "PM", "TC", "OA", "FU", "FX", "RP", "C3", "DE", "ID",
)  # fmt: skip
LIST_TAGS = ("AU", "AF", "CR", "C1")

_MARKER = r"\((?:corresponding|reprint) author\),?"


def records(frame: pl.DataFrame) -> pl.DataFrame:
    """Canonical records of a frame holding ``origin``, :data:`TEXT_TAGS` and :data:`LIST_TAGS`.

    The frame may hold the records of many files: one pass over all costs much less than one
    per file (every query has a set-up cost).
    """
    lazy = frame.lazy().with_row_index("_key")
    base = lazy.select("_key", *_columns(), "origin")
    joined = base.join(_addresses(lazy), on="_key", how="left", maintain_order="left")
    collected = canonical.conform(joined).collect(engine=tagged.ENGINE)
    authors = flat.map_values(collected.get_column("authors"), fields.author_names)
    return tagged.compact(collected.with_columns(authors))


@cache
def _columns() -> tuple[pl.Expr, ...]:
    """The expressions mapping tags to canonical columns (built once: building costs more than
    running them on one file)."""
    return (
        pl.concat_list(pl.lit(DATABASE)).alias("databases"),
        fields.text(pl.col("UT")).alias("ut"),
        fields.doi(pl.col("DI")).alias("doi"),
        fields.text(pl.col("PM")).alias("pmid"),
        fields.text(pl.col("TI")).alias("title"),
        fields.text(pl.col("AB")).alias("abstract"),
        pl.coalesce(fields.year(pl.col("PY")), fields.year(pl.col("EA"))).alias("year"),
        fields.document_type(pl.col("DT")).alias("document_type"),
        fields.text(pl.col("DT")).alias("document_type_raw"),
        fields.language(pl.col("LA")).alias("language"),
        fields.text(pl.col("SO")).alias("source_title"),
        pl.coalesce(fields.text(pl.col("J9")), fields.text(pl.col("JI"))).alias("source_abbrev"),
        _joined(pl.col("SN"), pl.col("EI"), separator="; ").alias("issn"),
        fields.text(pl.col("PU")).alias("publisher"),
        fields.text(pl.col("VL")).alias("volume"),
        fields.text(pl.col("IS")).alias("issue"),
        pl.coalesce(fields.text(pl.col("BP")), fields.text(pl.col("AR"))).alias("page_start"),
        fields.text(pl.col("EP")).alias("page_end"),
        _items(pl.col("AU")).alias("authors"),
        _items(pl.col("AF")).alias("author_full_names"),
        fields.split_list(pl.col("C3"), ";")
        .list.unique(maintain_order=True)
        .alias("organizations"),
        fields.split_list(pl.col("DE"), ";").alias("author_keywords"),
        fields.split_list(pl.col("ID"), ";").alias("index_keywords"),
        _items(pl.col("CR")).list.eval(pl.struct(raw=pl.element())).alias("references"),
        fields.text(pl.col("TC")).str.extract(r"^(\d+)$", 1).cast(pl.Int64).alias("cited_by"),
        fields.text(pl.col("OA")).alias("open_access"),
        _joined(pl.col("FU"), pl.col("FX"), separator=" | ").alias("funding"),
    )


def _items(values: pl.Expr) -> pl.Expr:
    """A list column with null (tag absent) as ``[]``."""
    return values.fill_null(pl.lit([], dtype=pl.List(pl.String)))


def _joined(*parts: pl.Expr, separator: str) -> pl.Expr:
    """The non-null cleaned values joined by ``separator`` (null when all are null)."""
    joined = pl.concat_str([fields.text(part) for part in parts], separator=separator,
                           ignore_nulls=True)  # fmt: skip
    return pl.when(joined == "").then(None).otherwise(joined)


def _addresses(lazy: pl.LazyFrame) -> pl.LazyFrame:
    """Per record: ``affiliations`` and ``author_affiliations`` (see the module docstring)."""
    entries = (
        lazy.select(
            "_key",
            pl.when(pl.col("C1").list.len() > 0)
            .then(pl.col("C1"))
            .otherwise(pl.col("RP").str.split(".; "))
            .alias("entry"),
        )
        .explode("entry")
        .with_row_index("order")
        .select("order", "_key", *_entry_columns())
        .filter(pl.col("address").is_not_null())
    )
    affiliations = entries.group_by("_key").agg(
        pl.col("address").sort_by("order").unique(maintain_order=True).alias("affiliations")
    )
    return affiliations.join(_author_addresses(lazy, entries), on="_key", how="left")


@cache
def _entry_columns() -> tuple[pl.Expr, ...]:
    """Names (list) and address of ``[names] address`` or ``names (reprint author), address``."""
    entry = pl.col("entry")
    bracket = entry.str.extract(r"^\s*\[([^\]]*)\]", 1)
    marked = entry.str.extract(rf"^(.*?)\s*{_MARKER}", 1)
    address = entry.str.replace(r"^\s*\[[^\]]*\]", "").str.replace(rf"^.*?{_MARKER}", "")
    return (
        fields.split_list(pl.coalesce(bracket, marked), ";").alias("names"),
        fields.text(address.str.strip_chars().str.strip_chars_end(".")).alias("address"),
    )


def _author_addresses(lazy: pl.LazyFrame, entries: pl.LazyFrame) -> pl.LazyFrame:
    """Per record naming authors in its addresses: each author's addresses, aligned with AU."""
    named = (
        entries.explode("names")
        .filter(pl.col("names").is_not_null())
        .select("order", "_key", _cleaned("names").alias("name"), "address")
    )
    authors = _positions(lazy, "AU")
    by_form = [authors, _positions(lazy, "AF")]
    matched = (
        pl.concat(by_form)
        .join(named, on=["_key", "name"], how="inner")
        .group_by("_key", "position")
        .agg(pl.col("address").sort_by("order").unique(maintain_order=True).str.join("; "))
    )
    naming = named.select("_key").unique()
    return (
        authors.join(naming, on="_key", how="semi")
        .join(matched, on=["_key", "position"], how="left")
        .group_by("_key")
        .agg(pl.col("address").fill_null("").sort_by("position").alias("author_affiliations"))
    )


def _positions(lazy: pl.LazyFrame, tag: str) -> pl.LazyFrame:
    """One row per name of list column ``tag``: ``_key``, ``position`` (from 0), ``name``."""
    return (
        lazy.select("_key", pl.col(tag).alias("name"))
        .explode("name")
        .with_columns(_cleaned("name"))
        .filter(pl.col("name").is_not_null())
        .with_columns(pl.int_range(pl.len()).over("_key").alias("position"))
    )


@cache
def _cleaned(name: str) -> pl.Expr:
    """:func:`bibliomap.io.fields.text` of column ``name`` (built once)."""
    return fields.text(pl.col(name))
