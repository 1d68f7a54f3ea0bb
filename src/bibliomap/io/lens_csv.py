"""Lens.org scholarly CSV exports (header starting ``Lens ID,``).

Authors are written given name first (``Y. Hayakawa; Jun Shen``) and turned into ``Surname, I.``
(the last word, with lower-case particles such as ``van der`` before it, is the surname; a
single word is kept). ``Keywords`` are the author keywords; ``MeSH Terms`` and ``Fields of
Study`` the index keywords. ``References`` are Lens IDs, kept as raw reference strings.
``Citing Works Count`` gives ``cited_by``; ``open_access`` is the ``Open Access Colour`` (or
``open`` when only ``Is Open Access`` says so). The ``Source Country`` is the journal's
country, not the authors', so ``countries`` is left to the enrichment step (Lens gives no
addresses). A row whose Lens ID, year or citation count is malformed is a problem (see
:mod:`bibliomap.io.assemble`).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import assemble, csv_table, fields, flat
from bibliomap.shards import WHOLE, Part

FORMAT = "lens-csv"
DATABASE = "lens"
# Large files can be read in parts (one shard job each).
SPLITTABLE = True

_COLUMNS = (
    "Lens ID",
    "Title",
    "Date Published",
    "Publication Year",
    "Publication Type",
    "Source Title",
    "ISSNs",
    "Publisher",
    "Author/s",
    "Abstract",
    "Volume",
    "Issue Number",
    "Start Page",
    "End Page",
    "Fields of Study",
    "Keywords",
    "MeSH Terms",
    "Funding",
    "External URL",
    "PMID",
    "DOI",
    "References",
    "Citing Works Count",
    "Is Open Access",
    "Open Access Colour",
)
_PARTICLES = r"(?:van|von|de|der|den|del|della|di|da|dos|das|du|la|le|ten|ter|bin|ibn|al)"


def sniff(head: str) -> bool:
    """A header whose first column is ``Lens ID``."""
    return head.lstrip('"').startswith("Lens ID")


def read(
    path: str | Path, *, strict: bool = False, part: Part = WHOLE
) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The records of a Lens CSV export and the malformed records skipped.

    ``strict``: raise on the first malformed record instead of skipping it; ``part``: only
    that part of the rows (see :mod:`bibliomap.shards`).
    """
    return _read(Path(path), lenient=not strict, part=part)


def _read(path: Path, *, lenient: bool, part: Part) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    names = set(csv_table.header(path))
    if "Lens ID" not in names:
        raise BibliomapError(
            "expected a Lens CSV header with a 'Lens ID' column", path=path, line=1
        )
    return csv_table.read_records(path, _LAYOUT, lenient=lenient, part=part)


def _checks() -> dict[str, pl.Expr]:
    """Row checks: reason -> expression that is true for a good row."""
    lens_id = pl.col("Lens ID").str.contains(r"^\s*\d{3}-\d{3}-\d{3}-\d{3}-\d{2}[\dX]\s*$")
    return {
        "'Lens ID' is not a Lens id (NNN-NNN-NNN-NNN-NNN; a shifted or cut-off row?)": lens_id,
        "'Publication Year' is not a four-digit year": assemble.empty_or(
            pl.col("Publication Year"), r"^\d{4}$"
        ),
        "'Citing Works Count' is not a whole number": assemble.empty_or(
            pl.col("Citing Works Count"), r"^\d+$"
        ),
    }


def surname_first(name: pl.Expr) -> pl.Expr:
    """``Shen, Jun`` from ``Jun Shen`` (particles stay with the surname); one word unchanged."""
    cleaned = name.str.replace_all(r"\s+", " ").str.strip_chars()
    pattern = rf"^(.+?) ((?:{_PARTICLES} )*\S+)$"
    return (
        pl.when(cleaned.str.contains(pattern))
        .then(cleaned.str.replace(pattern, "$2, $1"))
        .otherwise(cleaned)
    )


def _records(batch: pl.DataFrame, path: Path, strings: flat.StringPool) -> pl.DataFrame:
    """Canonical records of one batch of rows."""
    text = fields.text
    names = assemble.text_list(pl.col("Author/s"))
    is_open = pl.col("Is Open Access").str.strip_chars().str.to_lowercase() == "true"
    index_terms = pl.concat_list(
        assemble.text_list(pl.col("MeSH Terms")), assemble.text_list(pl.col("Fields of Study"))
    )
    frame = (
        batch.lazy()
        .select(
            text(pl.col("Lens ID")).alias("lens_id"),
            pl.coalesce(fields.doi(pl.col("DOI")), fields.doi(pl.col("External URL"))).alias("doi"),
            text(pl.col("PMID")).alias("pmid"),
            text(pl.col("Title")).alias("title"),
            text(pl.col("Abstract")).alias("abstract"),
            pl.coalesce(
                fields.year(pl.col("Publication Year")), fields.year(pl.col("Date Published"))
            ).alias("year"),
            fields.document_type(pl.col("Publication Type")).alias("document_type"),
            text(pl.col("Publication Type")).alias("document_type_raw"),
            text(pl.col("Source Title")).alias("source_title"),
            assemble.issn(pl.col("ISSNs")).alias("issn"),
            text(pl.col("Publisher")).alias("publisher"),
            text(pl.col("Volume")).alias("volume"),
            text(pl.col("Issue Number")).alias("issue"),
            text(pl.col("Start Page")).alias("page_start"),
            text(pl.col("End Page")).alias("page_end"),
            names.list.eval(fields.author_name(surname_first(pl.element()))).alias("authors"),
            names.alias("author_full_names"),
            pl.lit("").repeat_by(names.list.len()).alias("author_affiliations"),
            assemble.text_list(pl.col("Keywords")).alias("author_keywords"),
            assemble.unique_list(index_terms).alias("index_keywords"),
            assemble.text_list(pl.col("References")).alias("_references"),
            assemble.integer(pl.col("Citing Works Count"), empty=0).alias("cited_by"),
            pl.when(is_open)
            .then(pl.coalesce(text(pl.col("Open Access Colour")), pl.lit("open")))
            .alias("open_access"),
            text(pl.col("Funding")).alias("funding"),
            assemble.database(DATABASE).alias("databases"),
            assemble.origin(path, pl.col("_record")).alias("origin"),
        )
        .collect()
    )
    references = strings.shared_lists(frame["_references"])
    return assemble.finish(frame.with_columns(assemble.raw_references(references)))


_LAYOUT = csv_table.Layout(columns=_COLUMNS, checks=_checks, build=_records)
