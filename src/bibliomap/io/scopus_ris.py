"""Reader for Scopus RIS exports (``TY  - JOUR`` ... ``ER  -``, ``DB  - Scopus``).

Lines are split into fields by :mod:`bibliomap.io.tagged`; untagged lines continue the field
above, and a tag Scopus glues to the end of the last reference line (``...PressUR  - https://``)
is split off. Scopus overloads ``N1`` notes; each note is read by its prefix:

- ``References: ...``: the cited references, one line each, ``; ``-joined and split by
  :func:`bibliomap.io.scopus_fields.split_references` exactly as the ``References`` cell of a
  Scopus CSV export (which holds the same text), so both exports give the same references (the
  pre-2023 style is recognised when most references do not end with their ``(year)``);
- ``Cited By :N`` -> ``cited_by`` (no note means 0, as an empty ``Cited by`` cell does);
- ``Correspondence Address: ...``: its address is the affiliation when there is no ``AD``;
- ``Funding details: ...`` (``; ``-joined) and ``Funding text N: ...`` -> ``funding``, joined by
  `` | `` as in the CSV reader.

Other tags: ``TI`` title, ``T2`` source (for a conference paper: the conference's name),
``J2`` abbreviation, ``VL``, ``IS``, ``SP`` (else ``C7``, the article number), ``EP``, ``PY``,
``DO``, ``SN`` (ISSNs written ``NNNN-NNNX``; ISBNs left out), ``PB``, ``LA``, ``AB``, ``M3``
(else ``TY``) document type, ``UR`` (its ``eid=``) -> ``eid``; ``AU``
(``Aguiar, L.``) -> ``authors``; ``AD`` -> ``affiliations`` (RIS does not say which author has
which address, so ``author_affiliations`` stays empty). ``KW`` mixes author and index keywords
without marking which is which: all of them, distinct, go to ``author_keywords`` and
``index_keywords`` stays empty.
"""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from bibliomap import records as canonical
from bibliomap.flow import Skipped
from bibliomap.io import fields, scopus_fields, tagged

FORMAT = "scopus-ris"
DATABASE = "scopus"

_TEXT = ("TY", "M3", "TI", "T1", "T2", "J2", "VL", "IS", "SP", "EP", "C7", "PY", "DO", "PB", "AB")
_LISTS = ("SN", "AU", "AD", "KW", "UR", "LA")
_NOTE = "N1"
_SNIFF_START = re.compile(r"\s*TY  - [A-Z]+")
_SNIFF_SCOPUS = re.compile(r"^(?:DB  - Scopus|UR  - https?://www\.scopus\.com/)", re.MULTILINE)


def sniff(head: str) -> bool:
    """Whether ``head`` is RIS (first line ``TY  - ...``) exported by Scopus."""
    return _SNIFF_START.match(head) is not None and _SNIFF_SCOPUS.search(head) is not None


def read(path: Path) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a Scopus RIS export, and the malformed records skipped."""
    path = Path(path)
    parsed = tagged.parse(path, tagged.RIS)
    texts = tagged.per_field(parsed, _TEXT).with_columns(
        pl.col(tag).list.join(" ") for tag in _TEXT
    )
    lists = tagged.per_field(parsed, _LISTS).drop("record")
    notes = _notes(parsed)
    references = scopus_fields.split_references(
        notes["references"], old_layout=_old_layout(notes["references"])
    )
    frame = pl.concat(
        [texts, lists, notes.drop("record").with_columns(references.alias("references"))],
        how="horizontal",
    ).lazy()
    affiliations = _distinct(pl.col("AD"))
    correspondence = pl.concat_list(
        scopus_fields.correspondence_address(pl.col("correspondence"))
    ).list.drop_nulls()
    selected = frame.select(
        pl.concat_list(pl.lit(DATABASE)).alias("databases"),
        tagged.origin(path, pl.col("record")).alias("origin"),
        pl.col("UR").list.join(" ").str.extract(r"eid=(2-s2\.0-\d+)", 1).alias("eid"),
        fields.doi(pl.col("DO")).alias("doi"),
        pl.coalesce(fields.text(pl.col("TI")), fields.text(pl.col("T1"))).alias("title"),
        fields.text(pl.col("AB")).alias("abstract"),
        fields.year(pl.col("PY")).alias("year"),
        fields.document_type(pl.coalesce(pl.col("M3"), pl.col("TY"))).alias("document_type"),
        fields.text(pl.coalesce(pl.col("M3"), pl.col("TY"))).alias("document_type_raw"),
        fields.language(pl.col("LA").list.join("; ")).alias("language"),
        fields.text(pl.col("T2")).alias("source_title"),
        fields.text(pl.col("J2")).alias("source_abbrev"),
        _issn().alias("issn"),
        fields.text(pl.col("PB")).alias("publisher"),
        fields.text(pl.col("VL")).alias("volume"),
        fields.text(pl.col("IS")).alias("issue"),
        pl.coalesce(fields.text(pl.col("SP")), fields.text(pl.col("C7"))).alias("page_start"),
        fields.text(pl.col("EP")).alias("page_end"),
        pl.col("AU").list.eval(fields.author_name(pl.element())).list.drop_nulls().alias("authors"),
        pl.when(affiliations.list.len() > 0)
        .then(affiliations)
        .otherwise(correspondence)
        .alias("affiliations"),
        _distinct(pl.col("KW")).alias("author_keywords"),
        pl.col("references").list.eval(pl.struct(raw=pl.element())),
        pl.col("cited_by").fill_null(0),
        _funding().alias("funding"),
    )
    frame = canonical.conform(selected).collect(engine=tagged.ENGINE)
    return tagged.compact(frame), parsed.skipped


def _notes(parsed: tagged.Tagged) -> pl.DataFrame:
    """Per record, the ``N1`` notes read by prefix (see the module docstring)."""
    lines = parsed.lines.filter(pl.col("tag") == _NOTE)
    first = pl.col("value").first()
    notes = (
        lines.group_by("record", "field", maintain_order=True)
        .agg(
            first.str.extract(r"^(\p{L}[\p{L}\d\s]*?)\s*:", 1)
            .str.replace_all(r"\s+", " ")
            .str.to_lowercase()
            .alias("kind"),
            first.str.replace(r"^[^:]*:\s*", "").alias("head"),
            pl.col("value").slice(1).alias("more"),
        )
        .with_columns(pl.concat_list(pl.col("head"), pl.col("more")).alias("lines"))
    )
    kind = pl.col("kind")
    joined = pl.col("lines").list.join(" ")
    per_record = notes.group_by("record", maintain_order=True).agg(
        pl.col("lines")
        .filter(kind == "references")
        .first()
        .list.eval(pl.element().str.replace(r";\s*$", ""))
        .list.join("; ")
        .alias("references"),
        joined.filter(kind == "cited by")
        .first()
        .str.extract(r"(\d+)", 1)
        .cast(pl.Int64)
        .alias("cited_by"),
        joined.filter(kind == "correspondence address").first().alias("correspondence"),
        joined.filter(kind == "funding details").str.join("; ").alias("details"),
        joined.filter(kind.str.starts_with("funding text")).alias("texts"),
    )
    return tagged.record_numbers(parsed).join(
        per_record, on="record", how="left", maintain_order="left"
    )


def _old_layout(references: pl.Series) -> bool:
    """Whether references are in Scopus' pre-2023 style (the year is not their last part)."""
    pieces = references.drop_nulls().str.split("; ").explode().str.strip_chars(" ;.")
    new_style = pieces.str.contains(r"\((?:1[5-9]|20)\d\d[a-z]?\)$").sum()
    return new_style * 2 <= pieces.len()


def _distinct(values: pl.Expr) -> pl.Expr:
    """List values whitespace-collapsed, empty ones dropped, distinct, in order."""
    cleaned = values.list.eval(fields.text(pl.element())).list.drop_nulls()
    return cleaned.list.unique(maintain_order=True)


def _issn() -> pl.Expr:
    """The ISSNs of the ``SN`` values (``01677187 (ISSN); 9781... (ISBN)``) as ``NNNN-NNNX``."""
    codes = (
        pl.col("SN")
        .list.join("; ")
        .str.split(";")
        .list.eval(
            pl.element()
            .filter(~pl.element().str.contains(r"(?i)\(isbn\)"))
            .str.extract(r"^\s*(\d{4})-?(\d{3}[\dXx])\b", 0)
            .str.replace("-", "")
            .str.to_uppercase()
            .drop_nulls()
        )
    )
    formatted = codes.list.eval(pl.element().str.slice(0, 4) + "-" + pl.element().str.slice(4))
    joined = formatted.list.unique(maintain_order=True).list.join("; ")
    return pl.when(joined == "").then(None).otherwise(joined)


def _funding() -> pl.Expr:
    """Funding details (``; ``-joined) and funding texts, joined by `` | ``."""
    parts = pl.concat_list(
        pl.col("details"), pl.col("texts").fill_null(pl.lit([], dtype=pl.List(pl.String)))
    ).list.eval(fields.text(pl.element()).drop_nulls())
    joined = parts.list.join(" | ")
    return pl.when(joined == "").then(None).otherwise(joined)
