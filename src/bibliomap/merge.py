"""De-duplicate records across files and databases: by DOI, source id, title, year and author.

Four rules (documented with the schema in docs/records.md, section "Merging"):

1. ``doi``: the same normalized DOI, unless the titles differ (a book DOI on its chapters);
2. ``source-id``: records without DOI sharing an EID, UT, PMID, OpenAlex, Lens or Dimensions id;
3. ``title-year-author``: records without DOI sharing normalized title, year and first-author
   surname, unless their volumes or first pages disagree;
4. ``title-year-page``: records sharing normalized title, year and first page (one document
   under two DOIs or two spellings of its first author), with the same safeguards.

DOI-less records linked by rules 2-4 form groups (connected components); a group joins a DOI's
document when its links reach exactly one, and stays on its own when they reach several.

The merged record keeps the union of ``databases`` and ``origin``, the first of each source id,
and the richest value of every other field: the longest text, the list with most elements, the
largest ``cited_by``, the earliest ``year``. Ties go to the record that comes first in origin
order (file path, then position in the file), so the result does not depend on the order in
which files are given. Records come out in that origin order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl

from bibliomap.io import flat
from bibliomap.records import LIST_COLUMNS, SCHEMA
from bibliomap.stack import Stack, take_rows

RULE_DOI = "doi"
RULE_ID = "source-id"
RULE_TITLE = "title-year-author"
RULE_PAGE = "title-year-page"
RULES = (RULE_DOI, RULE_ID, RULE_TITLE, RULE_PAGE)
DESCRIPTIONS = {
    RULE_DOI: "same DOI (and similar title)",
    RULE_ID: "no DOI; same EID, UT, PMID, OpenAlex, Lens or Dimensions id",
    RULE_TITLE: "no DOI; same normalized title, year and first-author surname",
    RULE_PAGE: "same normalized title, year and first page",
}
"""The rules in words, for the flow table."""

ID_COLUMNS = ("eid", "ut", "pmid", "openalex_id", "lens_id", "dimensions_id")
"""Source ids, in the order their prefix names a record that has neither DOI nor title key."""
_ID_PREFIX = {"ut": "ut", "eid": "eid", "pmid": "pmid", "openalex_id": "openalex"}
_ID_PREFIX |= {"lens_id": "lens", "dimensions_id": "dimensions"}
_FALLBACK_IDS = ("ut", "eid", "pmid", "openalex_id", "lens_id", "dimensions_id")
KEY_COLUMNS = ("doi", "title", "year", *ID_COLUMNS, "authors", "databases", "volume")
KEY_COLUMNS += ("page_start", "origin")
"""The columns the rules and the ids read: all that a merge needs of every record."""

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
        return removed(self.merges)


@dataclass(frozen=True)
class Plan:
    """A merge worked out from the records' key columns. The merged table's rows are the rows
    at positions ``order`` of the records followed by ``combined`` (one row per group of
    duplicates), with ids ``ids``; ``merges`` lists every merge."""

    order: np.ndarray
    combined: pl.DataFrame
    ids: pl.Series
    merges: pl.DataFrame


def removed(merges: pl.DataFrame) -> dict[str, int]:
    """Records merged away, per rule (every rule present, zero when unused)."""
    counts = dict(merges.group_by("rule").len().iter_rows())
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


def normalized_texts(values: pl.Series) -> pl.Series:
    """:func:`normalize_text` of each value; pure-ASCII values (most titles and names) skip the
    Unicode decomposition, which leaves them as they are."""
    text = pl.col("text")
    frame = values.cast(pl.String).to_frame("text").with_row_index("_row")
    ascii_only = (text.str.len_bytes() == text.str.len_chars()).fill_null(True)
    plain = (
        frame.lazy()
        .filter(ascii_only)
        .select(
            "_row",
            text.str.replace_all(r"<[^>]*>", " ")
            .str.to_lowercase()
            .str.replace_all(r"[^a-z0-9]+", " ")
            .str.strip_chars(),
        )
    )
    other = frame.lazy().filter(~ascii_only).select("_row", normalize_text(text))
    rows = pl.concat(pl.collect_all([plain, other])).sort("_row")
    return rows.get_column("text").alias(values.name)


def _surnames(authors: pl.Series) -> pl.Series:
    """The surname of each author name (text before the comma), normalized, without spaces."""
    first = authors.to_frame("a").select(pl.col("a").str.split(",").list.first()).to_series()
    return normalized_texts(first).str.replace_all(" ", "")


def title_key(title: pl.Expr, surname: pl.Expr) -> pl.Expr:
    """``title|year|surname`` of a record from its normalized title and first-author surname;
    null unless all three are known and non-empty."""
    known = (title != "") & (surname != "") & pl.col("year").is_not_null()
    key = pl.concat_str([title, pl.col("year").cast(pl.String), surname], separator="|")
    return pl.when(known).then(key).otherwise(None)


def merge(records: pl.DataFrame) -> Merged:
    """Merge duplicate records (canonical schema) and list every merge."""
    planned = plan(records.select(KEY_COLUMNS), lambda rows: take_rows(records, rows))
    stack = Stack([records.select(list(SCHEMA)), planned.combined])
    merged = stack.take(planned.order).with_columns(id=planned.ids)
    return Merged(records=merged, merges=planned.merges)


def plan(keys: pl.DataFrame, take: Callable[[np.ndarray], pl.DataFrame]) -> Plan:
    """The merge of records whose :data:`KEY_COLUMNS` are ``keys``; ``take(rows)`` gives the
    whole records at positions ``rows`` (only those of groups of duplicates are asked for)."""
    groups = _groups(keys)
    positions = groups.with_row_index("_pos").filter(pl.col("_size") > 1).sort("_rank")["_pos"]
    rows = positions.to_numpy().astype(np.int64)
    multi = take(rows).select(list(SCHEMA)).hstack(take_rows(groups, rows))
    combined = multi.group_by("_group").agg(_richest()).select(multi.columns)
    order = _origin_order(groups, combined, keys.height)
    columns = [*KEY_COLUMNS, *groups.columns]
    both = pl.concat([keys.select(KEY_COLUMNS).hstack(groups), combined.select(columns)])
    merged = take_rows(both, order)
    ids = _ids(merged)
    group_ids = merged.select("_group", id=ids).filter(pl.col("_group").is_not_null())
    return Plan(
        order=order,
        combined=combined.select(list(SCHEMA)),
        ids=ids,
        merges=_merges(multi, group_ids),
    )


def _origin_order(groups: pl.DataFrame, combined: pl.DataFrame, height: int) -> np.ndarray:
    """Positions of the unmerged records and of the merged ones (``height + j`` for row ``j``
    of ``combined``), in origin order."""
    single = groups.with_row_index("_pos").filter(pl.col("_size") == 1).select("_pos", "_rank")
    added = combined.select(
        (pl.int_range(pl.len()) + height).cast(single.schema["_pos"]).alias("_pos"), "_rank"
    )
    return pl.concat([single, added]).sort("_rank")["_pos"].to_numpy().astype(np.int64)


def _groups(records: pl.DataFrame) -> pl.DataFrame:
    """Per record (input order): origin rank, title key, group, rule, group size, representative.

    The work is done on a slim frame of the columns the rules read. Candidate groups are found
    by a 64-bit hash of the group value; only records whose hash repeats (a few) are grouped
    by the exact string, so a hash collision cannot merge anything.
    """
    ranked = _ranked(records)
    slim = (
        ranked.join(_title_keys(ranked), on="_rank", how="left")
        .join(_page_keys(ranked), on="_rank", how="left")
        .join(_doi_parts(ranked), on="_rank", how="left")
        .with_columns(_dgroup=pl.coalesce("_part", "doi"))
    )
    slim = _unite_dois(slim)
    links = _links(slim)
    joined = slim.join(_attachments(links), on="_rank", how="left")
    group_doi = pl.coalesce("_dgroup", "_doi")
    kind = pl.when(group_doi.is_not_null()).then(0).when(pl.col("_label").is_not_null()).then(1)
    value = pl.coalesce(group_doi, pl.col("_label").cast(pl.String))
    hashed = joined.with_columns(_kind=kind.otherwise(2), _hash=value.hash()).with_columns(
        _candidate=(pl.col("_kind") < 2) & (pl.len().over("_kind", "_hash") > 1)
    )
    group = (
        pl.when(pl.col("_kind") == 0).then(pl.lit("doi:") + value).otherwise(pl.lit("set:") + value)
    )
    # The record others are merged into: the first one holding the DOI, else the first one.
    order = pl.col("_rank").cast(pl.Int64) + pl.col("doi").is_null().cast(pl.Int64) * 2**40
    candidates = (
        hashed.filter(pl.col("_candidate"))
        .with_columns(_group=group, _order=order)
        .with_columns(
            _size=pl.len().over("_group").cast(pl.UInt32),
            _rep=pl.col("_order") == pl.col("_order").min().over("_group"),
        )
        .with_columns(_rep_doi=pl.col("doi").filter(pl.col("_rep")).first().over("_group"))
        .select("_rank", "_group", "_size", "_rep", _rule=_rule(links))
    )
    return (
        hashed.join(candidates, on="_rank", how="left")
        .sort("_row")
        .select(
            "_rank",
            "_key",
            "_group",
            _rule=pl.col("_rule").fill_null(RULE_DOI),
            _size=pl.col("_size").fill_null(1),
            _rep=pl.col("_rep").fill_null(True),
        )
    )


def _rule(links: pl.DataFrame) -> pl.Expr:
    """How a record joined its group: its DOI, a shared source id, its title key, or else its
    title, year and first page."""

    def holding(kinds: pl.Expr) -> pl.Expr:
        return pl.col("_rank").is_in(links.filter(kinds)["_rank"].implode())

    return (
        pl.when(pl.col("doi").is_not_null() & (pl.col("doi") == pl.col("_rep_doi")))
        .then(pl.lit(RULE_DOI))
        .when(pl.col("doi").is_null() & holding(~pl.col("_kind").is_in(["key", "page"])))
        .then(pl.lit(RULE_ID))
        .when(holding(pl.col("_kind") == "key"))
        .then(pl.lit(RULE_TITLE))
        .otherwise(pl.lit(RULE_PAGE))
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
        *ID_COLUMNS,
        _author=pl.col("authors").list.first(),
        _database=pl.col("databases").list.first(),
        _volume=_locator(pl.col("volume")),
        _page=_locator(pl.col("page_start")),
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
    """``_rank`` and title key of the records the title rule can concern.

    Only DOI-less records and the records sharing a year and first-author surname with one of
    them can meet on a title key, so titles (the costly part) are normalized for those only;
    surnames are normalized once per distinct name.
    """
    known = ranked.filter(pl.col("title").is_not_null() & pl.col("year").is_not_null())
    surnames = flat.map_distinct(known.get_column("_author"), _surnames)
    known = known.with_columns(surnames.alias("_surname")).filter(pl.col("_surname") != "")
    pairs = known.filter(pl.col("doi").is_null()).select("year", "_surname").unique()
    candidates = known.join(pairs, on=["year", "_surname"], how="semi")
    titles = normalized_texts(candidates.get_column("title")).alias("_title")
    return candidates.with_columns(titles).select(
        "_rank", _key=title_key(pl.col("_title"), pl.col("_surname"))
    )


def _page_keys(ranked: pl.DataFrame) -> pl.DataFrame:
    """``_rank`` and *page key* (normalized title, year, first page) of records that may share
    one. The key needs a first page and a normalized title of 20 characters or more; titles
    are normalized only where year, page and the title's first letters repeat."""
    known = ranked.filter(pl.col("_page").is_not_null() & pl.col("year").is_not_null())
    letters = pl.col("title").str.slice(0, 48).str.to_lowercase().str.replace_all(r"[^a-z0-9]", "")
    known = known.with_columns(_start=letters.str.slice(0, 16))
    repeated = known.filter(pl.len().over(pl.struct("year", "_page", "_start").hash()) > 1)
    title = pl.col("_title")
    key = pl.concat_str([title, pl.col("year").cast(pl.String), pl.col("_page")], separator="|")
    titles = normalized_texts(repeated.get_column("title")).alias("_title")
    return repeated.with_columns(titles).select(
        "_rank", _pkey=pl.when(title.str.len_chars() >= 20).then(key)
    )


def _unite_dois(slim: pl.DataFrame) -> pl.DataFrame:
    """``slim`` with DOI groups sharing a page key united (one document under two DOIs, as IEEE
    conference papers are in Scopus and Web of Science); ``_dgroup`` becomes the first group's.

    A page key unites nothing when its records disagree on the volume, or when one database
    holds two of its records with different DOIs (then they are two documents)."""
    held = slim.filter(pl.col("_pkey").is_not_null() & pl.col("_dgroup").is_not_null())
    group = pl.col("_pkey")
    agree = (pl.col("_volume").drop_nulls().n_unique().over(group) <= 1) & (
        pl.col("doi").n_unique().over(group, "_database") == 1
    ).all().over(group)
    # The cheap test first: the agreement's windows are costly on many keys.
    several = held.filter(pl.col("_dgroup").n_unique().over(group) > 1)
    shared = several.filter(agree)
    if shared.height == 0:
        return slim
    involved = slim.filter(pl.col("_dgroup").is_in(shared["_dgroup"].unique().implode()))
    nodes = involved.group_by("_dgroup").agg(_node=pl.col("_rank").min())
    links = pl.concat(
        [
            nodes.select(
                pl.col("_node").alias("_rank"),
                _kind=pl.lit("self"),
                _value=pl.col("_node").cast(pl.String),
            ),
            shared.join(nodes, on="_dgroup").select(
                pl.col("_node").alias("_rank"), _kind=pl.lit("page"), _value=pl.col("_pkey")
            ),
        ]
    )
    labels = _components(links).rename({"_rank": "_node"})
    first = nodes.rename({"_node": "_label", "_dgroup": "_united"})
    united = nodes.join(labels, on="_node").join(first, on="_label").select("_dgroup", "_united")
    return (
        slim.join(united, on="_dgroup", how="left")
        .with_columns(_dgroup=pl.coalesce("_united", "_dgroup"))
        .drop("_united")
    )


def _links(slim: pl.DataFrame) -> pl.DataFrame:
    """``_rank``, ``_dgroup``, ``_kind`` (id column, ``key`` or ``page``) and ``_value`` of
    every source id, title key and page key that another record holds too, one of them without
    DOI (a cheap hash count picks the candidates).

    A title or page key links nothing when its records disagree on the volume or the first page
    (parts I and II of an article, a recurring column): only known values are compared.
    """
    parts = []
    for kind, column in [
        *((name, name) for name in ID_COLUMNS),
        ("key", "_key"),
        ("page", "_pkey"),
    ]:
        held = slim.filter(pl.col(column).is_not_null())
        shared = held.filter(pl.len().over(pl.col(column).hash()) > 1)
        parts.append(
            shared.select(
                "_rank", "_dgroup", "_volume", "_page", _kind=pl.lit(kind), _value=pl.col(column)
            )
        )
    group = ["_kind", "_value"]
    # Only values held by several records, one of them without DOI, can link anything.
    links = pl.concat(parts).filter(
        (pl.len().over(group) > 1) & pl.col("_dgroup").is_null().any().over(group)
    )
    agree = (pl.col("_volume").drop_nulls().n_unique().over(group) <= 1) & (
        pl.col("_page").drop_nulls().n_unique().over(group) <= 1
    )
    return links.filter(~pl.col("_kind").is_in(["key", "page"]) | agree).select(
        "_rank", "_dgroup", *group
    )


def _locator(value: pl.Expr) -> pl.Expr:
    """A volume or page compared between records: lower case, without spaces; null if empty."""
    text = value.str.to_lowercase().str.replace_all(r"\s+", "")
    return pl.when(text != "").then(text)


def _attachments(links: pl.DataFrame) -> pl.DataFrame:
    """DOI-less records linked to others: ``_label`` of their group, and the DOI group it joins
    (``_doi``) when their links reach exactly one."""
    loose = links.filter(pl.col("_dgroup").is_null()).select("_rank", "_kind", "_value")
    labels = _components(loose)
    dois = (
        loose.join(labels, on="_rank")
        .join(links.filter(pl.col("_dgroup").is_not_null()), on=["_kind", "_value"])
        .group_by("_label")
        .agg(pl.col("_dgroup").unique().alias("_dois"))
        .select(
            "_label",
            _doi=pl.when(pl.col("_dois").list.len() == 1).then(pl.col("_dois").list.first()),
        )
    )
    return labels.join(dois, on="_label", how="left")


def _doi_parts(ranked: pl.DataFrame) -> pl.DataFrame:
    """``_rank`` and ``_part`` (``<doi>|<rank>``) of records whose DOI is shared by documents
    with different titles (a book DOI on its chapters): records with similar titles (word
    sets with Jaccard index >= 0.5, or one title the start of the other) stay together."""
    held = ranked.filter(pl.col("doi").is_not_null()).select("_rank", "doi", "title")
    shared = held.filter(pl.len().over(pl.col("doi").hash()) > 1)
    titled = shared.with_columns(_norm=normalize_text(pl.col("title")))
    conflicting = titled.filter(pl.col("_norm").drop_nulls().n_unique().over("doi") > 1)
    words = conflicting.select(
        "_rank", "doi", "_norm", _words=pl.col("_norm").str.split(" ").list.unique()
    )
    pairs = words.join(words, on="doi", suffix="_b").filter(pl.col("_rank") < pl.col("_rank_b"))
    common = pl.col("_words").list.set_intersection("_words_b").list.len()
    union = pl.col("_words").list.set_union("_words_b").list.len()
    prefix = pl.col("_norm").str.starts_with(pl.col("_norm_b")) | pl.col("_norm_b").str.starts_with(
        pl.col("_norm")
    )
    similar = pairs.filter((common >= 0.5 * union) | prefix).select(
        "_rank", "_rank_b", _value=pl.concat_str("_rank", "_rank_b", separator="-")
    )
    links = pl.concat(
        [
            conflicting.select(
                "_rank", _kind=pl.lit("self"), _value=pl.col("_rank").cast(pl.String)
            ),
            similar.select("_rank", _kind=pl.lit("pair"), _value="_value"),
            similar.select(pl.col("_rank_b").alias("_rank"), _kind=pl.lit("pair"), _value="_value"),
        ]
    )
    parts = _components(links).join(conflicting.select("_rank", "doi"), on="_rank")
    return parts.select(
        "_rank", _part=pl.concat_str("doi", pl.col("_label").cast(pl.String), separator="|")
    )


def _components(links: pl.DataFrame) -> pl.DataFrame:
    """Connected components of records sharing a link: ``_rank`` -> ``_label`` (smallest rank).

    Label propagation: each record takes the smallest label among the records sharing one of
    its links, until nothing changes (as many rounds as the longest chain of links).
    """
    labels = links.select("_rank").unique().with_columns(_label=pl.col("_rank"))
    while True:
        labelled = links.join(labels, on="_rank")
        smallest = labelled.group_by("_kind", "_value").agg(pl.col("_label").min())
        updated = (
            links.join(smallest, on=["_kind", "_value"])
            .group_by("_rank")
            .agg(pl.col("_label").min())
            .sort("_rank")
        )
        if updated.equals(labels.sort("_rank")):
            return updated
        labels = updated


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
    # The columns needed, before filtering: filtering the whole table would copy every column.
    slim = merged.select("_rank", "_key", "doi", "origin", *_FALLBACK_IDS)
    keyed = slim.filter(pl.col("doi").is_null() & pl.col("_key").is_not_null())
    unnamed = slim.filter(pl.col("doi").is_null() & pl.col("_key").is_null() & source.is_null())
    labels = [f"key:{_short_hash(key)}" for key in keyed["_key"]]
    origins = unnamed.select(pl.col("origin").list.join("; ")).to_series()
    labels += [f"hash:{_short_hash(text)}" for text in origins]
    hashes = pl.DataFrame(
        {"_rank": pl.concat([keyed["_rank"], unnamed["_rank"]]), "_hash": labels},
        schema={"_rank": merged.schema["_rank"], "_hash": pl.String},
    )
    ids = slim.join(hashes, on="_rank", how="left", maintain_order="left").select(
        id=pl.coalesce(pl.lit("doi:") + pl.col("doi"), "_hash", source)
    )
    return _unique(ids["id"])


def _unique(ids: pl.Series) -> pl.Series:
    """``ids`` with repeats (one DOI on several documents) suffixed ``~2``, ``~3``... in order."""
    frame = ids.to_frame("id").with_row_index("_i")
    repeated = frame.filter(pl.col("id").is_duplicated())
    if repeated.height == 0:
        return ids
    number = pl.int_range(pl.len()).over("id") + 1
    suffixed = repeated.select(
        "_i",
        id=pl.when(number > 1).then(pl.col("id") + "~" + number.cast(pl.String)).otherwise("id"),
    )
    return frame.update(suffixed, on="_i")["id"]


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
