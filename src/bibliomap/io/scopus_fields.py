"""Scopus cell formats shared by the Scopus CSV and BibTeX readers.

- Authors: ``Rahmani A.M., Gia T.N.`` (before 2023) or ``Flood E.L.; Schweig L.`` (2023+);
  a generational suffix stays with its author (``Oliveira A., Jr.``); the canonical name drops it
  (``Oliveira, A.``).
- References: Scopus joins them with ``; `` but titles and notes also hold ``; ``
  (``Cohen, W.M., Levinthal, D.A., Absorptive capacity; a new perspective on learning and
  innovation (1990) ...``). A ``; `` is kept inside a reference (rules measured on the real
  exports) when what follows it starts with a lower-case word that is not a name (``van Eck,
  N.J.,``) or a web address, unless the text before ended a reference with ``, (2019)``; when it
  is a conference date (``14 June 2007, , London``), ``volume:pages`` or a bare year; when it
  follows ``Ed.``/``Eds.`` and is not a name or a ``(year)``; and, in the pre-2023 layout, when
  an author list without a year is followed by a capitalized title fragment holding the
  ``(year) source`` part (``Sticking to standards; Technical and other isomorphic pressures
  (2006) Information and Management``).
- Titles of documents in other languages end with the original title in brackets, which is
  cut off (:func:`english_title`) so the title matches other databases.
- Authors with affiliations: ``Surname, I., address[, address]; ...`` (before 2023) or
  ``Surname I., address; ...``: each author's part is cut into the document's affiliations
  (longest first), so several addresses of one author become ``address; address``.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.io import assemble, fields, flat

_SUFFIX = r"(?:Jr\.?|Sr\.?|II|III|IV)"
_YEAR = r"\((?:1[5-9]|20)\d\d[a-z]?\)"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_LOWER_NAME = r"[a-z][\p{L}'’\-]*(?: [\p{L}'’\-]+){0,3},? (?:\p{Lu}\.?\s?-?)+[,.]"
_OLD_NAME = r"[^;,()]{1,60}, (?:\p{Lu}\p{Ll}?\.\s?-?)+,"
_NEW_NAME = r"[^;,()]{1,60}\s(?:\p{Lu}\.?\s?-?)+,"
_KEEP = "\x1f"
_NO_AUTHOR = "[no author name available]"
_USUAL_NAME = r"^(\S.*?)\s+((?:\p{Lu}\.\s?-?)+)$"
# A cell holding only a placeholder (:data:`bibliomap.io.fields.PLACEHOLDER`), any whitespace.
_PLACEHOLDER = r"(?i)^\s*\[?no\s+(?:abstract|title|author\s+name)\s+available\]?\s*$"


def split_references(
    cells: pl.Series,
    *,
    old_layout: bool,
    normalize: bool = False,
    pool: flat.StringPool | None = None,
) -> pl.Series:
    """The raw reference strings of Scopus ``References`` cells (rules in the module doc).

    ``old_layout``: the pre-2023 layout (``Authors, Title (Year) Source``), where a title
    fragment holding ``(year) source`` continues an author list without a year.
    ``normalize``: split the cells as their whitespace-normalized text
    (:func:`bibliomap.io.fields.text`) would be, without normalizing the whole cells: only
    the separators (a ``;`` and whitespace) are found in them, and the pieces are normalized.
    The rules look at each distinct piece once (references repeat across records), and the
    references share the text of the distinct pieces, kept in ``pool`` if given (so only the
    distinct pieces of the cells are looked up in it).
    """
    cell = pl.col("cell")
    if normalize:
        separated = (
            pl.when(cell.str.contains(_PLACEHOLDER))
            .then(None)
            .otherwise(cell.str.strip_chars().str.replace_all(r";(?:[^\S ]|\s\s)\s*", "; "))
        )
    else:
        separated = cell
    pieces, lengths = flat.flatten(
        cells.to_frame("cell").select(separated.str.split("; ")).to_series()
    )
    unique, inverse = flat.distinct(pieces)
    text = fields.squeezed(pl.all()) if normalize else pl.all()
    stripped = unique.to_frame().select(text.str.strip_chars()).to_series()
    kept = (stripped != "").fill_null(False).to_numpy()[inverse]
    inverse = inverse[kept]
    owner = np.repeat(np.arange(len(lengths)), lengths)[kept]
    first = np.ones(len(owner), dtype=bool)
    first[1:] = owner[1:] != owner[:-1]
    continues = _continues(_features(stripped, old_layout=old_layout), inverse) & ~first
    starts = np.flatnonzero(~continues)
    if pool is not None:
        stripped = pool.shared(stripped)
    joined = stripped.gather(inverse[starts])
    group = np.cumsum(~continues) - 1
    merged = np.unique(group[continues])
    if len(merged):
        members = np.isin(group, merged)
        texts = (
            pl.DataFrame({"group": group[members], "piece": stripped.gather(inverse[members])})
            .group_by("group", maintain_order=True)
            .agg(pl.col("piece").str.join("; "))
        )
        pieces = texts.get_column("piece")
        pooled = pieces if pool is None else pool.shared(pieces)
        joined = joined.scatter(texts["group"].to_numpy(), pooled)
    counts = np.bincount(owner[starts], minlength=len(lengths))
    return flat.unflatten(joined, counts, cells.name)


def _features(pieces: pl.Series, *, old_layout: bool) -> pl.DataFrame:
    """What the continuation rules ask of a piece, and of the piece before one."""
    piece = pl.col("piece")
    head, tail = piece.str.head(80), piece.str.tail(12)
    features = {
        "named": head.str.contains(rf"^(?:{_OLD_NAME}|{_NEW_NAME})"),
        "never": head.str.contains(rf"^(?:{_LOWER_NAME}|https?://|www\.)"),
        "lower": head.str.contains(r"^[a-z][^A-Z]"),
        "dated": head.str.contains(
            rf"^(?:\d{{1,2}} (?:{_MONTHS}) \d{{4}}, , |\d+:\d+|(?:1[5-9]|20)\d\d$)"
        ),
        "bracket": head.str.starts_with("("),
        "ends_year": tail.str.contains(rf", {_YEAR}$"),
        "ends_editors": tail.str.contains(r"[^A-Za-z][Ee]ds?\.\)?$"),
    }
    if old_layout:
        features |= {
            "old_name": head.str.contains(rf"^{_OLD_NAME}"),
            "has_year": piece.str.contains(_YEAR),
            "title_start": head.str.contains(r"^[A-Z][a-z]+ [a-z]+ [a-z]"),
            "year_source": piece.str.contains(rf"{_YEAR} "),
        }
    return pieces.to_frame("piece").lazy().select(**features).collect()


def _continues(features: pl.DataFrame, pieces: np.ndarray) -> np.ndarray:
    """Whether each piece (index into ``features``) continues the one before it (a ``; ``
    inside a reference)."""
    own = {name: features.get_column(name).to_numpy()[pieces] for name in features.columns}
    before = {name: np.roll(values, 1) for name, values in own.items()}
    rules = own["lower"] & ~before["ends_year"]
    rules |= own["dated"]
    rules |= before["ends_editors"] & ~own["bracket"] & ~own["named"]
    if "old_name" in own:
        rules |= before["old_name"] & ~before["has_year"] & own["title_start"] & own["year_source"]
    return ~own["never"] & rules


def english_title(title: pl.Expr, language: pl.Expr) -> pl.Expr:
    """The title without the original-language title Scopus appends in brackets.

    ``English title; [Original title]`` always; ``English title [Original title]`` when the
    document's language is not English (an English title may end with its own brackets).
    """
    marked = title.str.replace(r";\s*\[[^\[\]]*\]$", "")
    foreign = language.is_not_null() & (language != "English")
    return pl.when(foreign).then(marked.str.replace(r"\s+\[[^\[\]]*\]$", "")).otherwise(marked)


def split_authors(cell: pl.Expr) -> pl.Expr:
    """Author entries as exported (``Cohen W.M.``), in order; ``;`` or ``,`` separated."""
    text = fields.text(cell)
    semicolons = text.str.contains(";", literal=True)
    by_comma = (
        text.str.replace_all(rf", ({_SUFFIX})(,|$)", _KEEP + "$1$2")
        .str.split(", ")
        .list.eval(pl.element().str.replace_all(_KEEP, ", ", literal=True))
    )
    entries = pl.when(semicolons).then(text.str.split(";")).otherwise(by_comma)
    cleaned = entries.list.eval(
        pl.element().str.strip_chars().filter(pl.element().str.strip_chars() != "")
    )
    placeholder = text.str.to_lowercase() == _NO_AUTHOR
    return (
        pl.when(placeholder | text.is_null())
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(cleaned)
    )


def canonical_authors(entries: pl.Series) -> pl.Series:
    """``Surname, I.`` of each author entry (lists of entries), without generational suffix.

    The usual ``Surname I.N.`` form is rewritten directly; every other form goes through
    :func:`bibliomap.io.fields.author_name`, which gives the same result, ten times slower.
    """
    return flat.map_values(entries, _canonical_values)


def _canonical_values(entries: pl.Series) -> pl.Series:
    """Canonical names of a flat series of author entries."""
    names = entries.to_frame("name").select(pl.col("name").str.replace(rf",?\s+{_SUFFIX}$", ""))[
        "name"
    ]
    usual = names.str.contains(_USUAL_NAME) & ~names.str.contains(",", literal=True)
    fast = names.to_frame("name").select(
        pl.col("name").str.extract(_USUAL_NAME, 1)
        + ", "
        + pl.col("name").str.extract(_USUAL_NAME, 2).str.replace_all(r"[\s\-]", "")
    )["name"]
    other = usual.not_().fill_null(False).arg_true()
    if len(other):
        slow = names.gather(other).to_frame("name").select(fields.author_name(pl.col("name")))
        fast = fast.scatter(other, slow["name"])
    return fast


def full_names(cell: pl.Expr) -> pl.Expr:
    """``Flood, Eloise L.`` from ``Flood, Eloise L. (57219859113); ...``."""
    names = assemble.text_list(cell)
    return names.list.eval(pl.element().str.replace(r"\s*\(\d+\)$", ""))


def ids_from_full_names(cell: pl.Expr) -> pl.Expr:
    """Scopus author ids from ``Flood, Eloise L. (57219859113); ...``."""
    return assemble.text_list(cell).list.eval(
        pl.element().str.extract(r"\((\d+)\)$", 1).drop_nulls()
    )


def correspondence_address(cell: pl.Expr) -> pl.Expr:
    """The address of ``Name; address; email: ...`` (null when there is none)."""
    parts = assemble.text_list(cell).list.slice(1)
    address = parts.list.eval(
        pl.element().filter(~pl.element().str.to_lowercase().str.starts_with("email:"))
    ).list.join("; ")
    return pl.when(address == "").then(None).otherwise(address)


def author_affiliations(
    entries: pl.Series, with_affiliations: pl.Series, affiliations: pl.Series
) -> pl.Series:
    """Each author's addresses (``; ``-joined, ``""`` when unknown), aligned with ``entries``.

    ``entries``: author entries per document (:func:`split_authors`); ``with_affiliations``:
    the ``Authors with affiliations`` cells; ``affiliations``: the document's address list.
    """
    docs = pl.DataFrame(
        {"entries": entries, "awa": _normalized(with_affiliations), "affs": affiliations}
    ).with_row_index("_doc")
    authors = _authors(docs)
    parts = _author_parts(docs, authors)
    addresses = _tile(parts, docs.select("_doc", "affs").explode("affs").drop_nulls())
    aligned = authors.join(addresses, on=["_doc", "_pos"], how="left", maintain_order="left")
    lengths = entries.list.len().fill_null(0).to_numpy()
    return flat.unflatten(aligned["address"].fill_null(""), lengths, "author_affiliations")


def _normalized(cells: pl.Series) -> pl.Series:
    """Whitespace-normalized cells (null when empty)."""
    return cells.to_frame("v").select(fields.text(pl.col("v")))["v"]


def _authors(docs: pl.DataFrame) -> pl.DataFrame:
    """One row per author: position and the two heads Scopus writes before their address."""
    exploded = (
        docs.select("_doc", pl.col("entries").alias("entry"))
        .explode("entry")
        .filter(pl.col("entry").is_not_null())
    )
    base = pl.col("entry").str.replace(rf",?\s+{_SUFFIX}$", "")
    suffix = pl.col("entry").str.extract(rf",?\s+({_SUFFIX})$", 1)
    comma_head = base.str.replace(r"^(.*\S)\s+(\S+)$", "$1, $2")
    return exploded.with_columns(
        pl.int_range(pl.len()).over("_doc").alias("_pos"),
        pl.concat_str([comma_head, suffix], separator=", ", ignore_nulls=True).alias("head_old"),
    )


def _author_parts(docs: pl.DataFrame, authors: pl.DataFrame) -> pl.DataFrame:
    """Each author's address text (their part of the cell with the name cut off)."""
    segments = (
        docs.select("_doc", pl.col("awa").str.split("; ").alias("text"))
        .explode("text")
        .filter(pl.col("text").is_not_null() & (pl.col("text") != ""))
        .with_columns(pl.int_range(pl.len()).over("_doc").alias("_seg"))
    )
    n_segments = segments.group_by("_doc").len("n_seg")
    n_authors = authors.group_by("_doc").len("n_auth")
    counts = n_segments.join(n_authors, on="_doc", how="inner")
    same = counts.filter(pl.col("n_seg") == pl.col("n_auth")).select("_doc")
    differ = counts.filter(pl.col("n_seg") != pl.col("n_auth")).select("_doc")
    direct = segments.join(same, on="_doc").select("_doc", pl.col("_seg").alias("_pos"), "text")
    regrouped = _regroup(segments.join(differ, on="_doc"), authors.join(differ, on="_doc"))
    parts = pl.concat([direct, regrouped], how="vertical_relaxed").join(
        authors, on=["_doc", "_pos"], how="inner"
    )
    return parts.select("_doc", "_pos", _strip_head().alias("text"))


def _regroup(segments: pl.DataFrame, authors: pl.DataFrame) -> pl.DataFrame:
    """Join segments that do not start with one of the document's author names to the previous."""
    pairs = segments.join(authors, on="_doc")
    text = pl.col("text")
    starts = pairs.group_by("_doc", "_seg").agg(
        (
            text.str.starts_with(pl.col("entry") + ",")
            | text.str.starts_with(pl.col("head_old") + ",")
        )
        .any()
        .alias("starts")
    )
    marked = segments.join(starts, on=["_doc", "_seg"]).sort("_doc", "_seg")
    grouped = marked.with_columns(
        ((pl.col("starts") | (pl.col("_seg") == 0)).cum_sum().over("_doc") - 1).alias("_pos")
    )
    return grouped.group_by("_doc", "_pos").agg(text.sort_by("_seg").str.join("; "))


def _strip_head() -> pl.Expr:
    """The address text after the author's name (``Surname I., `` or ``Surname, I., ``)."""
    text = pl.col("text")
    new_head = pl.col("entry") + ", "
    old_head = pl.col("head_old") + ", "
    return (
        pl.when(text.str.starts_with(new_head))
        .then(text.str.slice(new_head.str.len_chars()))
        .when(text.str.starts_with(old_head))
        .then(text.str.slice(old_head.str.len_chars()))
        .otherwise(text.str.replace(r"^[^,]*,(?:\s*(?:\p{Lu}\.|-)+,)?\s*", ""))
    )


def _tile(parts: pl.DataFrame, affiliations: pl.DataFrame) -> pl.DataFrame:
    """Cut each address text into the document's affiliations, longest match first."""
    affs = (
        affiliations.rename({"affs": "aff"})
        .unique()
        .with_columns(pl.col("aff").str.len_chars().alias("aff_len"))
    )
    whole = parts.join(affs.select("_doc", pl.col("aff").alias("text")), on=["_doc", "text"])
    state = parts.join(whole, on=["_doc", "_pos"], how="anti").with_columns(
        pl.lit(0).alias("_start"), pl.col("text").str.len_chars().alias("_len")
    )
    found, step = [], 0
    while state.height:
        tail = pl.col("text").str.slice(pl.col("_start"))
        fits = tail.str.starts_with(pl.col("aff")) & (
            (pl.col("_start") + pl.col("aff_len") == pl.col("_len"))
            | (tail.str.slice(pl.col("aff_len"), 2) == ", ")
        )
        best = (
            state.join(affs, on="_doc")
            .filter(fits)
            .group_by("_doc", "_pos")
            .agg(pl.col("aff").sort_by("aff_len", descending=True).first())
        )
        unmatched = state.join(best, on=["_doc", "_pos"], how="anti").select(
            "_doc", "_pos", pl.lit(step).alias("_step"), tail.alias("aff")
        )
        moved = state.join(best, on=["_doc", "_pos"]).with_columns(
            (pl.col("_start") + pl.col("aff").str.len_chars() + 2).alias("_start")
        )
        found += [unmatched, moved.select("_doc", "_pos", pl.lit(step).alias("_step"), "aff")]
        state = moved.filter(pl.col("_start") < pl.col("_len")).drop("aff")
        step += 1
    single = whole.select("_doc", "_pos", pl.col("text").alias("address"))
    if not found:
        return single
    pieces = pl.concat(found, how="vertical_relaxed").filter(pl.col("aff").str.strip_chars() != "")
    tiled = pieces.group_by("_doc", "_pos").agg(
        pl.col("aff").sort_by("_step").unique(maintain_order=True).str.join("; ").alias("address")
    )
    return pl.concat([single, tiled], how="vertical_relaxed")
