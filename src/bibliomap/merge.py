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
    return _surname(authors.list.first())


def _surname(author: pl.Expr) -> pl.Expr:
    """The surname of an author name (text before the comma), normalized, without spaces."""
    return normalize_text(author.str.split(",").list.first()).str.replace_all(" ", "")


def title_key(surname: pl.Expr | None = None) -> pl.Expr:
    """``title|year|surname`` of a record; null unless all three are known and non-empty."""
    title = normalize_text(pl.col("title"))
    if surname is None:
        surname = first_author_surname(pl.col("authors"))
    known = (title != "") & (surname != "") & pl.col("year").is_not_null()
    key = pl.concat_str([title, pl.col("year").cast(pl.String), surname], separator="|")
    return pl.when(known).then(key).otherwise(None)


def merge(records: pl.DataFrame) -> Merged:
    """Merge duplicate records (canonical schema) and list every merge."""
    wide = records.hstack(_groups(records))
    multi = wide.filter(pl.col("_size") > 1).sort("_rank")
    single = wide.filter(pl.col("_size") == 1)
    combined = multi.group_by("_group").agg(_richest()).select(single.columns)
    merged = pl.concat([single, combined]).sort("_rank")
    ids = _ids(merged)
    kept = merged.with_columns(id=ids).select(list(SCHEMA))
    groups = merged.select("_group", id=ids).filter(pl.col("_group").is_not_null())
    return Merged(records=kept, merges=_merges(multi, groups))


def _groups(records: pl.DataFrame) -> pl.DataFrame:
    """Per record (input order): origin rank, title key, group, rule, group size, representative.

    The work is done on a slim frame of the columns the rules read. Candidate groups are found
    by a 64-bit hash of the group value; only records whose hash repeats (a few) are grouped
    by the exact string, so a hash collision cannot merge anything.
    """
    ranked = _ranked(records)
    keys = _title_keys(ranked)
    joined = ranked.join(keys, on="_rank", how="left")
    group_doi = pl.coalesce("doi", "_key_doi")
    kind = pl.when(group_doi.is_not_null()).then(0).when(pl.col("_key").is_not_null()).then(1)
    value = pl.coalesce(group_doi, "_key")
    hashed = joined.with_columns(
        _kind=kind.otherwise(2), _hash=value.hash().fill_null(pl.col("_rank").cast(pl.UInt64))
    ).with_columns(_candidate=(pl.col("_kind") < 2) & (pl.len().over("_kind", "_hash") > 1))
    group = (
        pl.when(pl.col("_kind") == 0).then(pl.lit("doi:") + value).otherwise(pl.lit("key:") + value)
    )
    # The record others are merged into: the first one holding the DOI, else the first one.
    order = pl.col("_rank") + pl.when(pl.col("doi").is_null()).then(pl.len()).otherwise(0)
    candidates = (
        hashed.filter(pl.col("_candidate"))
        .with_columns(_group=group, _order=order)
        .with_columns(
            _size=pl.len().over("_group").cast(pl.UInt32),
            _rep=pl.col("_order") == pl.col("_order").min().over("_group"),
        )
        .select("_rank", "_group", "_size", "_rep")
    )
    rule = pl.when(pl.col("doi").is_not_null()).then(pl.lit(RULE_DOI)).otherwise(pl.lit(RULE_TITLE))
    return (
        hashed.join(candidates, on="_rank", how="left")
        .sort("_row")
        .select(
            "_rank",
            "_key",
            "_group",
            _rule=rule,
            _size=pl.col("_size").fill_null(1),
            _rep=pl.col("_rep").fill_null(True),
        )
    )


def _ranked(records: pl.DataFrame) -> pl.DataFrame:
    """The rule columns of the records, with ``_row`` (input order) and ``_rank`` (origin order).

    Origin order: the path of the first origin, then the record number within the file.
    """
    first = pl.col("origin").list.first()
    slim = records.select(
        "doi",
        "title",
        "year",
        _author=pl.col("authors").list.first(),
        _file=first.str.replace(r"#\d+$", ""),
        _number=first.str.extract(r"#(\d+)$", 1).cast(pl.Int64),
    ).with_row_index("_row")
    files = slim["_file"].drop_nulls().unique().sort()
    file_rank = pl.col("_file").replace_strict(files, pl.int_range(files.len()), default=None)
    return (
        slim.with_columns(_file=file_rank)
        .sort(["_file", "_number", "_row"], nulls_last=True)
        .drop("_file", "_number")
        .with_row_index("_rank")
    )


def _title_keys(ranked: pl.DataFrame) -> pl.DataFrame:
    """``_rank``, title key and the key's only DOI, for records the title rule can concern.

    Only DOI-less records and the records sharing a year and first-author surname with one of
    them can meet on a title key, so titles (the costly part) are normalized for those only.
    """
    known = ranked.filter(pl.col("title").is_not_null() & pl.col("year").is_not_null())
    known = known.with_columns(_surname=_surname(pl.col("_author"))).filter(
        pl.col("_surname") != ""
    )
    pairs = known.filter(pl.col("doi").is_null()).select("year", "_surname").unique()
    candidates = known.join(pairs, on=["year", "_surname"], how="semi").select(
        "_rank", "doi", _key=title_key(pl.col("_surname"))
    )
    key_dois = (
        candidates.filter(pl.col("_key").is_not_null())
        .group_by("_key")
        .agg(pl.col("doi").drop_nulls().unique().alias("_dois"))
        .select(
            "_key",
            _key_doi=pl.when(pl.col("_dois").list.len() == 1).then(pl.col("_dois").list.first()),
        )
    )
    return candidates.join(key_dois, on="_key", how="left").select("_rank", "_key", "_key_doi")


def _richest() -> list[pl.Expr]:
    """Aggregations choosing each field's value for a group of duplicate records."""
    exprs = [
        pl.col("_rank").min(),
        pl.col("_key").drop_nulls().first(),
        pl.len().alias("_size"),
        pl.lit(RULE_DOI).alias("_rule"),
        pl.lit(True).alias("_rep"),
        pl.col("databases").list.explode(keep_nulls=False, empty_as_null=False).unique().sort(),
        pl.col("origin")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .unique(maintain_order=True),
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
    source = pl.coalesce(*[pl.lit(f"{_ID_PREFIX[name]}:") + pl.col(name) for name in _FALLBACK_IDS])
    keyed = merged.filter(pl.col("doi").is_null() & pl.col("_key").is_not_null())
    unnamed = merged.filter(pl.col("doi").is_null() & pl.col("_key").is_null() & source.is_null())
    labels = [f"key:{_short_hash(key)}" for key in keyed["_key"]]
    origins = unnamed.select(pl.col("origin").list.join("; ")).to_series()
    labels += [f"hash:{_short_hash(text)}" for text in origins]
    hashes = pl.DataFrame(
        {"_rank": pl.concat([keyed["_rank"], unnamed["_rank"]]), "_hash": labels},
        schema={"_rank": merged.schema["_rank"], "_hash": pl.String},
    )
    ids = (
        merged.select("_rank", "doi", *_FALLBACK_IDS)
        .join(hashes, on="_rank", how="left", maintain_order="left")
        .select(
            _fallback=pl.col("doi").is_null() & pl.col("_hash").is_null(),
            id=pl.coalesce(pl.lit("doi:") + pl.col("doi"), "_hash", source),
        )
    )
    return _unique(ids)


def _unique(ids: pl.DataFrame) -> pl.Series:
    """Ids with repeats among source ids (records sharing nothing else) suffixed ``~2``..."""
    fallback = ids.with_row_index("_i").filter(pl.col("_fallback"))
    if fallback["id"].is_unique().all():
        return ids["id"]
    number = pl.int_range(pl.len()).over("id") + 1
    suffixed = fallback.select(
        "_i",
        id=pl.when(number > 1).then(pl.col("id") + "~" + number.cast(pl.String)).otherwise("id"),
    )
    return ids.with_row_index("_i").update(suffixed, on="_i")["id"]


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
