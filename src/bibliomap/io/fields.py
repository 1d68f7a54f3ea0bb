"""Polars expressions that normalize field values the same way for every reader."""

from __future__ import annotations

import polars as pl

from bibliomap.io import flat

_DOI_PREFIX = r"(?i)^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*|doi\s+)"

# Raw document types (lower case) of every database, mapped to the common vocabulary.
DOCUMENT_TYPE_MAP: dict[str, str] = {
    "article": "article",
    "journal article": "article",
    "journal-article": "article",
    "research article": "article",
    "article in press": "article",
    "data paper": "article",
    "j": "article",
    "jour": "article",
    "review": "review",
    "systematic review": "review",
    "meta-analysis": "review",
    "conference paper": "conference paper",
    "proceedings paper": "conference paper",
    "proceedings-article": "conference paper",
    "conference proceedings": "conference paper",
    "inproceedings": "conference paper",
    "conference": "conference paper",
    "conference review": "conference paper",
    "conf": "conference paper",
    "cpaper": "conference paper",
    "book chapter": "book chapter",
    "book-chapter": "book chapter",
    "chapter": "book chapter",
    "incollection": "book chapter",
    "chap": "book chapter",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "edited book": "book",
    "reference-book": "book",
    "editorial": "editorial",
    "editorial material": "editorial",
    "letter": "letter",
    "letter to the editor": "letter",
    "comment": "letter",
}

# ISO 639-1 / 639-2 codes used by PubMed, OpenAlex and Crossref, mapped to language names.
LANGUAGE_CODES: dict[str, str] = {
    "en": "English",
    "eng": "English",
    "es": "Spanish",
    "spa": "Spanish",
    "pt": "Portuguese",
    "por": "Portuguese",
    "fr": "French",
    "fre": "French",
    "fra": "French",
    "de": "German",
    "ger": "German",
    "deu": "German",
    "it": "Italian",
    "ita": "Italian",
    "ru": "Russian",
    "rus": "Russian",
    "zh": "Chinese",
    "chi": "Chinese",
    "zho": "Chinese",
    "ja": "Japanese",
    "jpn": "Japanese",
    "ko": "Korean",
    "kor": "Korean",
    "nl": "Dutch",
    "dut": "Dutch",
    "nld": "Dutch",
    "pl": "Polish",
    "pol": "Polish",
    "tr": "Turkish",
    "tur": "Turkish",
    "cs": "Czech",
    "cze": "Czech",
    "ces": "Czech",
    "id": "Indonesian",
    "ind": "Indonesian",
    "ar": "Arabic",
    "ara": "Arabic",
}

# Cells that exports write where they have no value.
PLACEHOLDER = r"(?i)^\[?no (?:abstract|title|author name) available\]?$"


def _named(result: pl.Expr, source: pl.Expr) -> pl.Expr:
    """Give ``result`` the output name of ``source`` (when/then would call it 'literal')."""
    name = source.meta.output_name(raise_if_undetermined=False)
    return result if name is None else result.alias(name)


def text(expr: pl.Expr) -> pl.Expr:
    """Collapse whitespace, strip; empty strings and export placeholders become null.

    Only whitespace runs and non-space whitespace characters are rewritten, and the cleaned
    text is computed once, so long abstracts stay cheap.
    """
    collapsed = expr.cast(pl.String).str.replace_all(r"\s\s+|[^\S ]", " ").str.strip_chars()
    return _named(collapsed.str.replace(PLACEHOLDER, "").replace("", None), expr)


def doi(expr: pl.Expr) -> pl.Expr:
    """DOI lower-cased, without resolver or ``doi:`` prefix; null when absent."""
    bare = expr.cast(pl.String).str.replace(_DOI_PREFIX, "").str.strip_chars().str.to_lowercase()
    return _named(pl.when(bare.str.starts_with("10.")).then(bare).otherwise(None), expr)


def split_list(expr: pl.Expr, separator: str = ";") -> pl.Expr:
    """Split a delimited cell into a list of stripped, non-empty values (null -> [])."""
    parts = expr.cast(pl.String).fill_null("").str.split(separator)
    return parts.list.eval(pl.element().str.replace_all(r"\s+", " ").str.strip_chars()).list.eval(
        pl.element().filter(pl.element() != "")
    )


def year(expr: pl.Expr) -> pl.Expr:
    """The first four-digit year (1000-2999) in a date or year cell, as Int32."""
    return expr.cast(pl.String).str.extract(r"\b([12]\d{3})\b", 1).cast(pl.Int32)


def document_type(expr: pl.Expr) -> pl.Expr:
    """Map a raw document type to the common vocabulary (first of ``;``-joined types)."""
    first = expr.cast(pl.String).str.split(";").list.first().str.strip_chars().str.to_lowercase()
    mapped = first.replace_strict(DOCUMENT_TYPE_MAP, default="other", return_dtype=pl.String)
    return _named(pl.when(first.is_null() | (first == "")).then(None).otherwise(mapped), expr)


def language(expr: pl.Expr) -> pl.Expr:
    """A language name (``English``), from a name or an ISO 639 code; first of several."""
    first = expr.cast(pl.String).str.split(";").list.first().str.strip_chars()
    code = first.str.to_lowercase()
    named = code.replace_strict(LANGUAGE_CODES, default=None, return_dtype=pl.String)
    titled = first.str.to_titlecase()
    result = (
        pl.when(first.is_null() | (first == "")).then(None).otherwise(pl.coalesce(named, titled))
    )
    return _named(result, expr)


def author_name(expr: pl.Expr) -> pl.Expr:
    """Canonical author name ``Surname, I.N.`` from the forms databases use.

    Handles ``Clausing, KA`` (WoS), ``Clausing, Kimberly A.`` (full names),
    ``Flood E.L.`` (Scopus 2023, no comma) and ``Cohen, W.M.`` (older Scopus). Initials are
    the upper-case letters of the given names; a name with neither comma nor initials is kept.
    """
    name, surname, given = _name_parts(expr)
    return _named(_canonical_name(name, surname, _initials(given)), expr)


def author_names(names: pl.Series) -> pl.Series:
    """:func:`author_name` of each name; distinct names and given names are handled once."""

    def canonical(unique: pl.Series) -> pl.Series:
        name, surname, given = _name_parts(pl.col("name"))
        parts = unique.to_frame("name").select(
            name.alias("name"), surname.alias("surname"), given.alias("given")
        )
        initials = flat.map_distinct(
            parts.get_column("given"),
            lambda given: given.to_frame().select(_initials(pl.col(given.name))).to_series(),
        )
        result = _canonical_name(pl.col("name"), pl.col("surname"), pl.lit(initials))
        return parts.select(result.alias(unique.name)).to_series()

    return flat.map_distinct(names, canonical)


def _name_parts(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """Whitespace-normalized name, surname and given names of an author name."""
    name = squeezed(expr.cast(pl.String)).str.strip_chars()
    has_comma = name.str.contains(",", literal=True)
    comma = name.str.splitn(",", 2).struct.field
    spaced = name.str.extract_groups(r"^(.*?)\s+((?:\p{Lu}\.\s?-?)+)$").struct.field
    surname = pl.when(has_comma).then(comma("field_0")).otherwise(spaced("1")).str.strip_chars()
    given = pl.when(has_comma).then(comma("field_1")).otherwise(spaced("2"))
    return name, surname, given


def _initials(given: pl.Expr) -> pl.Expr:
    """``E.L.`` from ``EL``, ``Eloise L.`` or ``E. L.``: each upper-case letter and a period."""
    return given.str.replace_all(r"[^\p{Lu}]", "").str.replace_all(r"(\p{Lu})", "$1.")


def _canonical_name(name: pl.Expr, surname: pl.Expr, initials: pl.Expr) -> pl.Expr:
    """``Surname, I.N.``; the name itself when it has no surname (null when empty)."""
    canonical = pl.when(initials != "").then(surname + ", " + initials).otherwise(surname)
    return (
        pl.when(surname.is_null() | (surname == ""))
        .then(pl.when(name == "").then(None).otherwise(name))
        .otherwise(canonical)
    )


def squeezed(text: pl.Expr) -> pl.Expr:
    """Every whitespace run as one space (only runs and non-space characters are rewritten)."""
    return text.str.replace_all(r"\s\s+|[^\S ]", " ")
