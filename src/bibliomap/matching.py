"""Match cited references to each other and to corpus documents: one node per cited work.

References (parsed by :mod:`bibliomap.references`) and corpus documents are reduced to
*forms*: distinct tuples of DOI, database work id (OpenAlex, Lens), first-author surname key,
year, volume, first page, source and title. Two forms are the same work when

1. they share a DOI, or a database work id, or are two spellings of one corpus document
   (its source title and its source abbreviation);
2. they share first-author surname, year, volume and first page, and their sources agree under
   :func:`bibliomap.journals.same_source` (or one has no source);
3. they share first-author surname and first initial, year and first page (of two characters
   or more), and their volumes do not differ;
4. they share first-author surname, year and first initial (unless one has no initial), at
   least one lacks volume or page, the volume and
   page they both have are equal, and their source or title texts agree under
   :func:`bibliomap.journals.same_title` (two aligned words) - books and reports.

Works are the connected components of this relation (scipy.sparse.csgraph). A work holding a
corpus document's form is that document, so citations between corpus documents follow. The
surname key is the surname lower-cased, accents and non-letters removed (``van Eck`` ->
``vaneck``). Candidate pairs come from polars joins on the blocking keys; only the distinct
pairs of differing source spellings are compared in Python.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from bibliomap.journals import same_source, same_title
from bibliomap.references import work_id

_KEYS = ("doi", "wid", "au", "ini", "yr", "vol", "pg", "src", "ttl")
_STOP = r"\b(?:a|an|the|of|and|for|in|on|at|to|by|with|from|its|de|du|l|d|la|le|les|et|en|y)\b"


@dataclass(frozen=True)
class Matched:
    """Matched citations and the cited works.

    ``citations``: one row per distinct (citing record row ``doc``, cited ``work``), with the
    number of references behind it (``count``) and the citing record's database family.
    ``works``: per ``work`` (0..W-1): ``label``, ``first_author``, ``year``, ``source``,
    ``volume``, ``page``, ``doi``, ``title``, ``cited_doc`` (row of the corpus document it is,
    or null). ``spellings``: the source spellings each work is cited under (``work``,
    ``source_raw``, ``_n`` references); ``source_pairs``: the corpus documents' distinct
    (``source_title``, ``source_abbrev``) pairs; both feed :func:`cited_sources`.
    """

    citations: pl.DataFrame
    works: pl.DataFrame
    spellings: pl.DataFrame
    source_pairs: pl.DataFrame


def surname_key(name: pl.Expr) -> pl.Expr:
    """Lower-case ASCII letters of the surname (the part before the comma)."""
    surname = name.str.extract(r"^([^,]*)", 1)
    folded = surname.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()
    key = folded.str.replace_all(r"[^a-z]", "")
    return pl.when(key.str.len_chars() > 0).then(key)


def initial_key(name: pl.Expr) -> pl.Expr:
    """Lower-case first initial of the given names (the first letter after the comma)."""
    return (
        name.str.extract(r",\s*(\p{L})", 1).str.normalize("NFKD").str.slice(0, 1).str.to_lowercase()
    )


def _locator(value: pl.Expr) -> pl.Expr:
    """Lower-case alphanumerics of a volume or page, null unless it holds a digit."""
    key = value.cast(pl.String).str.to_lowercase().str.replace_all(r"[^0-9a-z]", "")
    return pl.when(key.str.contains(r"\d")).then(key.str.replace(r"^0+(\d)", "$1"))


def _text(value: pl.Expr) -> pl.Expr:
    """A source or title as written, null when blank."""
    text = value.cast(pl.String).str.replace_all(r"\s+", " ").str.strip_chars(" .,;")
    return pl.when(text.str.len_chars() > 0).then(text)


def source_key(source: pl.Expr) -> pl.Expr:
    """Exact-match key of a source spelling: folded words without stop words."""
    folded = (
        source.str.replace_all("&", " and ")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.to_lowercase()
        .str.replace_all(r"[^0-9a-z]+", " ")
        .str.replace_all(_STOP, " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
    return pl.when(folded.str.len_chars() > 0).then(folded)


_FIELDS = ("raw", "doi", "first_author", "year", "source", "volume", "page", "title")


@dataclass(frozen=True)
class _References:
    """Citing rows (``doc``, ``group``) and the distinct references (``group``) with keys."""

    doc: np.ndarray
    group: np.ndarray
    distinct: pl.DataFrame


def _references(records: pl.DataFrame) -> _References:
    """Every reference, grouped into distinct references (same fields); keys per group.

    Only usable references (a DOI, database id, author, source or title) are kept. Keys are
    computed once per distinct reference, which repeats across citing documents.
    """
    exploded = (
        records.select("references")
        .with_row_index("doc")
        .explode("references")
        .filter(pl.col("references").is_not_null())
        .unnest("references")
        .select("doc", *_FIELDS)
    )
    grouped = (
        exploded.with_row_index("_r")
        .group_by(list(_FIELDS), maintain_order=True)
        .agg(pl.col("_r"))
        .with_columns(work_id(pl.col("raw")).alias("wid"))
    )
    usable = pl.any_horizontal(
        pl.col(name).is_not_null() for name in ("doi", "wid", "first_author", "source", "title")
    )
    distinct = grouped.filter(usable).with_row_index("group")
    group = np.full(exploded.height, -1, dtype=np.int64)
    sizes = distinct["_r"].list.len().to_numpy()
    group[distinct["_r"].explode().to_numpy()] = np.repeat(np.arange(distinct.height), sizes)
    keys = distinct.select(
        "group",
        pl.col("_r").list.len().alias("n"),
        pl.col("doi").str.to_lowercase(),
        "wid",
        surname_key(pl.col("first_author")).alias("au"),
        initial_key(pl.col("first_author")).alias("ini"),
        pl.col("year").alias("yr"),
        _locator(pl.col("volume")).alias("vol"),
        _locator(pl.col("page")).alias("pg"),
        _text(pl.col("source")).alias("src"),
        _text(pl.col("title")).alias("ttl"),
        "first_author",
        pl.col("source").alias("source_raw"),
        "volume",
        "page",
    )
    kept = group >= 0
    return _References(
        doc=exploded["doc"].to_numpy().astype(np.int64)[kept], group=group[kept], distinct=keys
    )


def _document_forms(records: pl.DataFrame) -> pl.DataFrame:
    """Forms of the corpus documents: one with the source title, one with its abbreviation."""
    ids = pl.coalesce(
        "openalex:" + pl.col("openalex_id").str.extract(r"(W\d+)$", 1).str.to_uppercase(),
        "lens:" + pl.col("lens_id"),
    )
    base = records.with_row_index("corpus").select(
        "corpus",
        pl.col("doi").str.to_lowercase(),
        ids.alias("wid"),
        surname_key(pl.col("authors").list.first()).alias("au"),
        initial_key(pl.col("authors").list.first()).alias("ini"),
        pl.col("year").alias("yr"),
        _locator(pl.col("volume")).alias("vol"),
        _locator(pl.col("page_start")).alias("pg"),
        _text(pl.col("source_title")).alias("src"),
        _text(pl.col("title")).alias("ttl"),
        _text(pl.col("source_abbrev")).alias("abbrev"),
    )
    abbreviated = base.filter(pl.col("abbrev").is_not_null()).with_columns(
        pl.col("abbrev").alias("src")
    )
    return pl.concat([base, abbreviated]).drop("abbrev")


def _forms(references: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """Distinct forms (sorted, numbered ``f``) of references and documents."""
    ref_forms = references.select(*_KEYS).with_columns(pl.lit(None, pl.UInt32).alias("corpus"))
    doc_forms = documents.select(*_KEYS, pl.col("corpus").cast(pl.UInt32))
    return (
        pl.concat([ref_forms, doc_forms.cast(ref_forms.schema)])
        .unique()
        .sort([*_KEYS, "corpus"], nulls_last=True)
        .with_row_index("f")
    )


def _star_edges(forms: pl.DataFrame, key: str | list[str]) -> pl.DataFrame:
    """Edges joining every form to the first form sharing ``key`` (all parts non-null)."""
    keys = [key] if isinstance(key, str) else key
    having = forms.drop_nulls(keys)
    first = having.group_by(keys).agg(pl.col("f").min().alias("g"))
    return having.join(first, on=keys).select("f", "g").filter(pl.col("f") != pl.col("g"))


def _compare(pairs: pl.DataFrame, left: str, right: str, rule) -> pl.Series:
    """Evaluate ``rule`` on the distinct string pairs of two columns (True where they agree)."""
    distinct = pairs.select(left, right).unique()
    verdict = [rule(a, b) for a, b in distinct.iter_rows()]
    table = distinct.with_columns(pl.Series("_ok", verdict, dtype=pl.Boolean))
    return pairs.join(table, on=[left, right], how="left", nulls_equal=True)["_ok"]


def _locator_edges(forms: pl.DataFrame) -> pl.DataFrame:
    """Same surname, year, volume and page, and agreeing sources (rule 2)."""
    block_keys = ["au", "yr", "vol", "pg"]
    located = forms.drop_nulls(block_keys).select("f", *block_keys, "src")
    blocks = located.select(block_keys).unique().with_row_index("block")
    located = located.join(blocks, on=block_keys)
    reps = located.group_by("block", "src").agg(pl.col("f").min().alias("g"))
    to_rep = located.join(reps, on=["block", "src"], nulls_equal=True).select("f", "g")
    block_first = located.group_by("block").agg(pl.col("f").min().alias("g"))
    no_source = (
        located.filter(pl.col("src").is_null()).join(block_first, on="block").select("f", "g")
    )
    spelled = reps.filter(pl.col("src").is_not_null())
    pairs = spelled.join(spelled, on="block", suffix="_r").filter(pl.col("src") < pl.col("src_r"))
    agree = pairs.filter(_compare(pairs, "src", "src_r", same_source)).select(
        pl.col("g").alias("f"), pl.col("g_r").alias("g")
    )
    return pl.concat([to_rep, no_source, agree]).filter(pl.col("f") != pl.col("g"))


def _page_edges(forms: pl.DataFrame) -> pl.DataFrame:
    """Same surname, first initial, year and first page (2+ characters), no volume conflict.

    Catches the works whose source spellings share no abbreviation (``ETR&D-EDUC TECH RES`` /
    ``Educational Technology Research and Development``) or whose volume one database lacks.
    """
    keys = ["au", "ini", "yr", "pg"]
    paged = forms.drop_nulls(keys).filter(pl.col("pg").str.len_chars() >= 2)
    paged = paged.select("f", *keys, "vol")
    pairs = paged.join(paged, on=keys, suffix="_r").filter(
        (pl.col("f") < pl.col("f_r"))
        & (pl.col("vol").is_null() | pl.col("vol_r").is_null() | (pl.col("vol") == pl.col("vol_r")))
    )
    return pairs.select("f", pl.col("f_r").alias("g"))


def _title_edges(forms: pl.DataFrame) -> pl.DataFrame:
    """Same surname, year and initial, missing volume or page, agreeing texts (rule 4).

    Source and title texts are compared crosswise (a book title sits in the source position
    in WoS and Scopus references, in the title position in newer Scopus ones). Candidates are
    blocked on the initials of the texts' first two significant words, which two texts must
    share to agree under :func:`bibliomap.journals.same_title`.
    """
    pool = forms.drop_nulls(["au", "yr"]).select("f", "au", "ini", "yr", "vol", "pg", "src", "ttl")
    pool = pool.with_columns(_leading_initials(pool, "src"), _leading_initials(pool, "ttl"))
    partial = pool.filter(pl.col("vol").is_null() | pl.col("pg").is_null())
    edges = [pl.DataFrame(schema={"f": pl.UInt32, "g": pl.UInt32})]
    for left, right in (("src", "src"), ("src", "ttl"), ("ttl", "src"), ("ttl", "ttl")):
        pairs = _text_candidates(_side(partial, left).rename({"text": "left"}), _side(pool, right))
        if pairs.height:
            agree = _compare(pairs, "left", "text", same_title)
            edges.append(pairs.filter(agree).select("f", pl.col("f_r").alias("g")))
    return pl.concat(edges).unique(maintain_order=True)


def _side(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Forms with a ``column`` text: blocking keys, locators and the text."""
    return frame.drop_nulls([column, f"{column}_k"]).select(
        "f",
        "au",
        "ini",
        "yr",
        "vol",
        "pg",
        pl.col(column).alias("text"),
        pl.col(f"{column}_k").alias("key"),
    )


def _text_candidates(left: pl.DataFrame, right: pl.DataFrame) -> pl.DataFrame:
    """Pairs sharing surname, year, text key and initial (or lacking one), locators compatible."""
    no_initial = pl.col("ini").is_null()
    joined = pl.concat(
        [
            left.join(right, on=["au", "yr", "ini", "key"], suffix="_r"),
            left.filter(no_initial).join(right, on=["au", "yr", "key"], suffix="_r").drop("ini_r"),
            left.join(right.filter(no_initial), on=["au", "yr", "key"], suffix="_r").drop("ini_r"),
        ]
    )
    compatible = (
        (pl.col("f") != pl.col("f_r"))
        & (pl.col("vol").is_null() | pl.col("vol_r").is_null() | (pl.col("vol") == pl.col("vol_r")))
        & (pl.col("pg").is_null() | pl.col("pg_r").is_null() | (pl.col("pg") == pl.col("pg_r")))
    )
    return joined.filter(compatible).select("f", "f_r", "left", "text").unique(["f", "f_r"])


_SKIPPED = (
    r"(?:a|an|the|of|and|for|in|on|at|to|by|with|from|its|de|du|l|d|la|le|les|et|en|y|der|die"
    r"|das|und|fur|za|\d+(?:st|nd|rd|th)?)"
)


def _leading_initials(frame: pl.DataFrame, column: str) -> pl.Series:
    """Initials of a text's first two significant words (one for a one-word text): what two
    texts agreeing under :func:`bibliomap.journals.same_title` must share."""
    text = pl.col("_text")
    staged = (
        frame.lazy()
        .select(
            pl.col(column)
            .str.to_lowercase()
            .str.replace_all(r"['’`()]", "")
            .str.replace(rf"^(?:[\W_]+|{_SKIPPED}\b)+", "")
            .alias("_text")
        )
        .with_columns(text.str.replace(rf"^\w+(?:[\W_]+|{_SKIPPED}\b)*", "").alias("_rest"))
        .select((text.str.slice(0, 1) + pl.col("_rest").str.slice(0, 1)).alias("_key"))
        .select(pl.col("_key").str.normalize("NFKD").str.replace_all(r"\p{M}", "").alias("_key"))
        .select(pl.when(pl.col("_key") != "").then(pl.col("_key")).alias(f"{column}_k"))
    )
    return staged.collect().to_series()


def _components(n: int, edges: pl.DataFrame) -> np.ndarray:
    """Component label (numbered by first form) of each of ``n`` forms."""
    f = edges["f"].to_numpy().astype(np.int64)
    g = edges["g"].to_numpy().astype(np.int64)
    graph = sp.coo_matrix((np.ones(f.size, dtype=np.int8), (f, g)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    first = np.full(labels.max() + 1 if n else 0, n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(n))
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return rank[labels]


def match(records: pl.DataFrame) -> Matched:
    """Match every reference of ``records`` to a cited work (see the module docstring)."""
    references = _references(records)
    forms = _forms(references.distinct, _document_forms(records))
    edges = pl.concat(
        [
            _star_edges(forms, "doi"),
            _star_edges(forms, "wid"),
            _star_edges(forms, "corpus"),
            _locator_edges(forms),
            _page_edges(forms),
            _title_edges(forms),
        ]
    )
    forms = forms.with_columns(pl.Series("work", _components(forms.height, edges)))
    cited = references.distinct.join(
        forms.select(*_KEYS, "f", "work"), on=list(_KEYS), nulls_equal=True
    ).sort("group")
    work_of_group = cited["work"].to_numpy().astype(np.int64)
    citations = _citations(references.doc, work_of_group[references.group], records)
    spellings = (
        cited.drop_nulls("source_raw")
        .group_by("work", "source_raw")
        .agg(pl.col("n").sum().alias("_n"))
        .with_columns(pl.col("work").cast(pl.Int64))
        .sort("work", "source_raw")
    )
    pairs = records.select("source_title", "source_abbrev").drop_nulls().unique().sort(pl.all())
    return Matched(
        citations=citations,
        works=_works(cited, forms),
        spellings=spellings,
        source_pairs=pairs,
    )


def _citations(doc: np.ndarray, work: np.ndarray, records: pl.DataFrame) -> pl.DataFrame:
    """Distinct (doc, work) pairs with their number of references and the doc's database."""
    n_works = int(work.max()) + 1 if work.size else 1
    pair, count = np.unique(doc * n_works + work, return_counts=True)
    family = records.select(pl.col("databases").list.first().fill_null("unknown"))
    docs = pair // n_works
    return pl.DataFrame(
        {
            "doc": docs.astype(np.uint32),
            "work": (pair % n_works).astype(np.int64),
            "count": count.astype(np.uint32),
            "family": family.to_series().gather(docs),
        }
    )


def _works(cited: pl.DataFrame, forms: pl.DataFrame) -> pl.DataFrame:
    """Label and corpus document of each work.

    The fields come from one reference of the work's most frequent form (ties: the first form),
    the DOI from any of its references.
    """
    n_works = int(forms["work"].max()) + 1 if forms.height else 0
    cited = cited.with_columns(
        pl.col("work").cast(pl.Int64), pl.col("yr").cast(pl.String).alias("year")
    )
    best = (
        cited.group_by("f")
        .agg(pl.col("n").sum().alias("_n"), pl.col("work").first())
        .sort(["work", "_n", "f"], descending=[False, True, False])
        .unique(subset="work", keep="first", maintain_order=True)
    )
    display = ["first_author", "year", "source_raw", "volume", "page", "ttl"]
    representative = (
        best.join(cited.unique(subset="f", keep="first").select("f", *display), on="f")
        .select("work", *display)
        .rename({"source_raw": "source", "ttl": "title"})
    )
    dois = cited.drop_nulls("doi").group_by("work").agg(pl.col("doi").min())
    works = (
        pl.DataFrame({"work": np.arange(n_works, dtype=np.int64)})
        .join(representative, on="work", how="left")
        .join(dois, on="work", how="left")
    )
    corpus = forms.group_by("work").agg(pl.col("corpus").min().alias("cited_doc"))
    works = works.join(corpus.with_columns(pl.col("work").cast(pl.Int64)), on="work", how="left")
    label = pl.concat_str(
        [
            pl.col("first_author"),
            pl.col("year"),
            pl.coalesce("source", "title"),
            "V" + pl.col("volume"),
            "P" + pl.col("page"),
        ],
        separator=", ",
        ignore_nulls=True,
    )
    works = works.with_columns(
        pl.when(label != "").then(label).otherwise(pl.col("doi")).alias("label"),
        pl.col("year").cast(pl.Int32),
    )
    return works.sort("work")


def cited_sources(matched: Matched) -> pl.DataFrame:
    """Cited-source group and label of each work: spellings joined by shared works/documents.

    Two source spellings are one source when their folded keys are equal, when one cited work
    is cited under both, or when one corpus document carries both (title and abbreviation).
    The group is named by its most frequent spelling (ties: the longest, then the smallest).
    """
    counted = matched.spellings
    records = matched.source_pairs
    spellings = counted.select("source_raw").unique()
    spellings = spellings.with_columns(source_key(pl.col("source_raw")).alias("key"))
    spelled = counted.join(spellings.drop_nulls("key"), on="source_raw")
    documents = records.select(
        source_key(pl.col("source_title")).alias("key"),
        source_key(pl.col("source_abbrev")).alias("other"),
    ).drop_nulls()
    keys = pl.concat([spelled["key"], documents["key"], documents["other"]]).unique().sort()
    index = pl.DataFrame({"key": keys, "k": np.arange(keys.len(), dtype=np.int64)})
    by_work = spelled.join(index, on="key").group_by("work").agg(pl.col("k").min().alias("k0"))
    work_edges = spelled.join(index, on="key").join(by_work, on="work").select("k", "k0")
    doc_edges = (
        documents.join(index, on="key")
        .join(index.rename({"key": "other", "k": "k0"}), on="other")
        .select("k", "k0")
    )
    edges = pl.concat([work_edges, doc_edges]).rename({"k": "f", "k0": "g"})
    group = _components(keys.len(), edges)
    index = index.with_columns(pl.Series("source_group", group))
    labelled = spelled.join(index, on="key")
    labels = (
        labelled.group_by("source_group", "source_raw")
        .agg(pl.col("_n").sum())
        .with_columns(pl.col("source_raw").str.len_chars().alias("_len"))
        .sort(["source_group", "_n", "_len", "source_raw"], descending=[False, True, True, False])
        .unique(subset="source_group", keep="first", maintain_order=True)
        .select("source_group", pl.col("source_raw").alias("source_label"))
    )
    return (
        labelled.group_by("work")
        .agg(pl.col("source_group").first())
        .join(labels, on="source_group")
        .select("work", "source_group", "source_label")
    )


def match_report(records: pl.DataFrame, matched: Matched | None = None) -> dict[str, object]:
    """Shares of references matched to corpus documents and, across databases, to each other.

    ``matched_across_databases``: share of all references whose work is also cited from
    records of another database; ``by_database``: the same per citing database.
    """
    result = matched or match(records)
    citations = result.citations.join(
        result.works.select(pl.col("work"), "cited_doc"), on="work", how="left"
    )
    families = citations.group_by("work").agg(pl.col("family").n_unique().alias("families"))
    flagged = citations.join(families, on="work").with_columns(
        (pl.col("families") > 1).alias("shared"), pl.col("cited_doc").is_not_null().alias("corpus")
    )
    total = int(flagged["count"].sum() or 0)

    def share(frame: pl.DataFrame, flag: str) -> float:
        count = int(frame["count"].sum() or 0)
        return int(frame.filter(pl.col(flag))["count"].sum() or 0) / count if count else 0.0

    return {
        "references": total,
        "works": result.works.height,
        "matched_to_corpus": share(flagged, "corpus"),
        "matched_across_databases": share(flagged, "shared"),
        "by_database": {
            family: share(flagged.filter(pl.col("family") == family), "shared")
            for family in sorted(flagged["family"].unique().to_list())
        },
    }
