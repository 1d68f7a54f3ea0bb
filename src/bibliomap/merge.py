"""De-duplicate records across files and databases: by DOI, then by title + year + first author.

Rules (documented with the schema in docs/records.md):

1. ``doi``: records with the same (normalized) DOI are one document.
2. ``title-year-author``: a record without DOI joins the records sharing its *title key*
   (normalized title, year, normalized first-author surname). When the records holding that key
   carry exactly one DOI, it joins that DOI's document; when they carry several DOIs the match
   is ambiguous and it joins only the other DOI-less records of the key. Two records with
   different DOIs are never merged, and the same paper republished in another year stays apart.

The merged record keeps the union of ``databases`` and ``origin``, the first of each source id,
and the richest value of every other field: the longest text, the list with most elements, the
largest ``cited_by``, the earliest ``year``. Ties go to the record that comes first in origin
order (file path, then position in the file), so the result does not depend on the order in
which files are given. Records come out in that origin order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import polars as pl

from bibliomap.records import LIST_COLUMNS, SCHEMA

RULE_DOI = "doi"
RULE_TITLE = "title-year-author"
RULES = (RULE_DOI, RULE_TITLE)

ID_COLUMNS = ("eid", "ut", "pmid", "openalex_id", "lens_id", "dimensions_id")
"""Source ids, in the order their prefix names a record that has neither DOI nor title key."""
_ID_PREFIX = {"ut": "ut", "eid": "eid", "pmid": "pmid", "openalex_id": "openalex"}
_ID_PREFIX |= {"lens_id": "lens", "dimensions_id": "dimensions"}
_FALLBACK_IDS = ("ut", "eid", "pmid", "openalex_id", "lens_id", "dimensions_id")

MERGES_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String,
    "rule": pl.String,
    "kept": pl.String,
    "merged": pl.String,
    "doi": pl.String,
    "year": pl.Int32,
    "title": pl.String,
}
"""One row per record merged away: the merged record's id, the rule, the origin of the record
it was merged into (``kept``), its own origin, DOI, year and title."""

_HELPERS = ("_rank", "_key", "_group", "_rule", "_size", "_rep")


@dataclass(frozen=True)
class Merged:
    """De-duplicated records and the table of every merge."""

    records: pl.DataFrame
    merges: pl.DataFrame

    def removed(self) -> dict[str, int]:
        """Records merged away, per rule (every rule present, zero when unused)."""
        counts = dict(self.merges.group_by("rule").len().iter_rows())
        return {rule: int(counts.get(rule, 0)) for rule in RULES}


def normalize_text(expr: pl.Expr) -> pl.Expr:
    """Lower case, HTML tags, accents and punctuation removed, words separated by one space."""
    return (
        expr.str.replace_all(r"<[^>]*>", " ")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )


def first_author_surname(authors: pl.Expr) -> pl.Expr:
    """The first author's surname (text before the comma), normalized, without spaces."""
    surname = authors.list.first().str.split(",").list.first()
    return normalize_text(surname).str.replace_all(" ", "")


def title_key() -> pl.Expr:
    """``title|year|surname`` of a record; null unless all three are known and non-empty."""
    title = normalize_text(pl.col("title"))
    surname = first_author_surname(pl.col("authors"))
    known = (title != "") & (surname != "") & pl.col("year").is_not_null()
    key = pl.concat_str([title, pl.col("year").cast(pl.String), surname], separator="|")
    return pl.when(known).then(key).otherwise(None)


def merge(records: pl.DataFrame) -> Merged:
    """Merge duplicate records (canonical schema) and list every merge."""
    grouped = _grouped(_ranked(records))
    multi = grouped.filter(pl.col("_size") > 1)
    single = grouped.filter(pl.col("_size") == 1)
    combined = multi.group_by("_group").agg(_richest()).select(single.columns)
    merged = pl.concat([single, combined]).sort("_rank")
    ids = _ids(merged)
    kept = merged.with_columns(id=ids).select(list(SCHEMA))
    return Merged(records=kept, merges=_merges(multi, merged.select("_group", id=ids)))


def _ranked(records: pl.DataFrame) -> pl.DataFrame:
    """Records sorted into origin order (path, then number in the file), with rank and title key."""
    first = pl.col("origin").list.first()
    parts = first.str.extract_groups(r"^(.*)#(\d+)$")
    return (
        records.with_row_index("_row")
        .with_columns(
            _file=pl.coalesce(parts.struct.field("1"), first),
            _number=parts.struct.field("2").cast(pl.Int64),
        )
        .sort(["_file", "_number", "_row"], nulls_last=True, maintain_order=True)
        .drop("_row", "_file", "_number")
        .with_row_index("_rank")
        .with_columns(_key=title_key())
    )


def _grouped(ranked: pl.DataFrame) -> pl.DataFrame:
    """Each record's group (``doi:<doi>``, ``key:<title key>`` or ``row:<rank>``) and rule."""
    key_dois = (
        ranked.filter(pl.col("_key").is_not_null())
        .group_by("_key")
        .agg(pl.col("doi").drop_nulls().unique().alias("_dois"))
        .select(
            "_key",
            _key_doi=pl.when(pl.col("_dois").list.len() == 1).then(pl.col("_dois").list.first()),
        )
    )
    joined = ranked.join(key_dois, on="_key", how="left", maintain_order="left")
    group_doi = pl.coalesce("doi", "_key_doi")
    group = (
        pl.when(group_doi.is_not_null())
        .then(pl.lit("doi:") + group_doi)
        .when(pl.col("_key").is_not_null())
        .then(pl.lit("key:") + pl.col("_key"))
        .otherwise(pl.lit("row:") + pl.col("_rank").cast(pl.String))
    )
    rule = pl.when(pl.col("doi").is_not_null()).then(pl.lit(RULE_DOI)).otherwise(pl.lit(RULE_TITLE))
    # The record others are merged into: the first one holding the DOI, else the first one.
    order = pl.col("_rank") + pl.when(pl.col("doi").is_null()).then(pl.len()).otherwise(0)
    return (
        joined.with_columns(_group=group, _rule=rule, _order=order)
        .with_columns(
            _size=pl.len().over("_group"),
            _rep=pl.col("_order") == pl.col("_order").min().over("_group"),
        )
        .drop("_order", "_key_doi")
    )


def _richest() -> list[pl.Expr]:
    """Aggregations choosing each field's value for a group of duplicate records."""
    exprs = [
        pl.col("_rank").min(),
        pl.col("_key").drop_nulls().first(),
        pl.len().alias("_size"),
        pl.lit(RULE_DOI).alias("_rule"),
        pl.lit(True).alias("_rep"),
        pl.col("databases").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        pl.col("origin").list.explode(keep_nulls=False, empty_as_null=False).unique(maintain_order=True),
        pl.col("year").min(),
        pl.col("cited_by").max(),
        pl.col("id").drop_nulls().first(),
        pl.col("doi").drop_nulls().first(),
    ]
    exprs += [pl.col(name).drop_nulls().first() for name in ID_COLUMNS]
    done = {"databases", "origin", "year", "cited_by", "id", "doi", *ID_COLUMNS}
    for name in SCHEMA:
        if name in done:
            continue
        column = pl.col(name)
        size = column.list.len() if name in LIST_COLUMNS else column.str.len_chars()
        exprs.append(
            column.sort_by(size, descending=True, nulls_last=True, maintain_order=True).first()
        )
    return exprs


def _ids(merged: pl.DataFrame) -> pl.Series:
    """Stable record ids: ``doi:<doi>``, ``key:<hash of title key>``, a source id, or a hash."""
    keys = merged["_key"].to_list()
    hashes = pl.Series([None if key is None else _short_hash(key) for key in keys], dtype=pl.String)
    origins = merged["origin"].list.join("; ").to_list()
    origin_hashes = pl.Series([_short_hash(text) for text in origins], dtype=pl.String)
    fallback = [pl.lit(f"{_ID_PREFIX[name]}:") + pl.col(name) for name in _FALLBACK_IDS]
    ids = merged.select(
        pl.when(pl.col("_group").str.starts_with("doi:"))
        .then(pl.col("_group"))
        .when(pl.col("_key").is_not_null())
        .then(pl.lit("key:") + pl.lit(hashes))
        .otherwise(pl.coalesce(*fallback, pl.lit("hash:") + pl.lit(origin_hashes)))
        .alias("id")
    )["id"]
    return _unique(ids)


def _unique(ids: pl.Series) -> pl.Series:
    """``ids`` with repeats (records sharing a source id only) suffixed ``~2``, ``~3``..."""
    frame = pl.DataFrame({"id": ids}).with_columns(n=pl.int_range(pl.len()).over("id") + 1)
    suffixed = pl.when(pl.col("n") > 1).then(pl.col("id") + "~" + pl.col("n").cast(pl.String))
    return frame.select(suffixed.otherwise(pl.col("id")).alias("id"))["id"]


def _short_hash(text: str) -> str:
    """First 16 hex digits of the SHA-1 of ``text`` (stable across runs and platforms)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _merges(multi: pl.DataFrame, ids: pl.DataFrame) -> pl.DataFrame:
    """One row per record merged away (see :data:`MERGES_SCHEMA`), in origin order."""
    origin = pl.col("origin").list.join("; ")
    kept = multi.filter(pl.col("_rep")).select("_group", kept=origin)
    rows = (
        multi.filter(~pl.col("_rep"))
        .drop("id")
        .join(kept, on="_group", how="left")
        .join(ids, on="_group", how="left")
        .sort("_rank")
        .select(
            "id",
            pl.col("_rule").alias("rule"),
            "kept",
            origin.alias("merged"),
            "doi",
            "year",
            "title",
        )
    )
    return rows.cast(MERGES_SCHEMA)
