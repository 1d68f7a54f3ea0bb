"""Fill derived record fields right after reading: countries, organizations, parsed references.

- ``countries``: when a reader left them empty, the country of each address in
  ``affiliations`` (:func:`bibliomap.countries.country_of_address`), unique, in address order;
  countries a reader gave are unified to the same canonical names.
- ``organizations``: when empty, one organization per address, unique, in order. Web of Science
  addresses (``Univ Calif San Diego, Dept Cognit Sci, La Jolla, CA 92093 USA``) start with the
  organization, so the first part is taken, as VOSviewer does. Other addresses (Scopus, PubMed,
  OpenAlex raw strings) list departments first (``Department of X, University of Zurich,
  Zurich, Switzerland``): the first part naming a university-level body (university, college,
  academy, polytechnic...) is taken, else the first part naming an institute, hospital, centre,
  laboratory, company..., else the first part.
- ``references``: every reference's missing fields parsed from ``raw``
  (:func:`bibliomap.references.parse_references`).
"""

from __future__ import annotations

import polars as pl

from bibliomap.countries import canonical_country, country_of_address
from bibliomap.records import SCHEMA
from bibliomap.references import parse_references

# Words naming the top level of an organization, in any of the languages seen in exports.
_TOP_LEVEL = (
    r"(?i)\b(?:univ|universit\w*|universidad\w*|universidade\w*|università|college|coll"
    r"|academy|acad|academia|akademi\w*|polytechnic\w*|politecnico|polytech\w*|hochschule"
    r"|ecole|école|escuela|school of medicine)\b"
)
_BODY = (
    r"(?i)\b(?:institut\w*|inst|instituto|istituto|hospital\w*|hosp|klinikum|clinic\w*"
    r"|cent(?:re|er|ro)|ctr|laborator\w*|lab|labs|foundation|fdn|council|agency|ministry"
    r"|corporation|corp|company|inc|ltd|gmbh|llc|museum|observatory|organi[sz]ation|consejo"
    r"|cnrs|inserm|csic|survey|service|office|bureau|society|association|school|sch)\b"
)


def enrich(records: pl.DataFrame) -> pl.DataFrame:
    """Records (canonical schema) with countries, organizations and reference fields filled."""
    with_places = records.with_columns(
        _countries().alias("countries"),
        _fill(pl.col("organizations"), _organizations()).alias("organizations"),
    )
    return parse_references(with_places).select(
        [pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()]
    )


def _fill(current: pl.Expr, derived: pl.Expr) -> pl.Expr:
    """``current`` where it holds values, else ``derived``."""
    return pl.when(current.list.len() > 0).then(current).otherwise(derived)


def _countries() -> pl.Expr:
    """Unique canonical countries: reader-given ones unified, else parsed from affiliations."""
    given = pl.col("countries").list.eval(canonical_country(pl.element()))
    parsed = pl.col("affiliations").list.eval(country_of_address(pl.element()))
    chosen = pl.when(pl.col("countries").list.len() > 0).then(given).otherwise(parsed)
    return chosen.list.drop_nulls().list.unique(maintain_order=True)


def _organizations() -> pl.Expr:
    """Unique organizations of the affiliation addresses (see the module docstring)."""
    is_wos = pl.col("databases").list.contains("wos") & ~pl.col("databases").list.contains("scopus")
    first = pl.col("affiliations").list.eval(organization_of_address(pl.element(), wos=True))
    ranked = pl.col("affiliations").list.eval(organization_of_address(pl.element(), wos=False))
    chosen = pl.when(is_wos).then(first).otherwise(ranked)
    return chosen.list.drop_nulls().list.unique(maintain_order=True)


def organization_of_address(address: pl.Expr, *, wos: bool) -> pl.Expr:
    """The organization an address names: its first part (WoS) or its top-level part."""
    cleaned = (
        address.str.replace(r"^\s*\[[^\]]*\]\s*", "")
        .str.replace(r"(?i)\s*electronic address:.*$", "")
        .str.replace_all(r"\S+@\S+", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" .;,")
    )
    parts = cleaned.str.split(",").list.eval(pl.element().str.strip_chars())
    first = parts.list.first()
    if wos:
        return _null_if_blank(first)
    top = parts.list.eval(pl.element().filter(pl.element().str.contains(_TOP_LEVEL))).list.first()
    body = parts.list.eval(pl.element().filter(pl.element().str.contains(_BODY))).list.first()
    return _null_if_blank(pl.coalesce(top, body, first))


def _null_if_blank(value: pl.Expr) -> pl.Expr:
    """Null for empty strings."""
    return pl.when(value.str.len_chars() > 0).then(value).otherwise(None)
