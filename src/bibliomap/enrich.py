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
from bibliomap.io import assemble
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
    """Records (canonical schema) with countries, organizations and reference fields filled.

    Addresses and country names repeat across records: each distinct one is looked at once.
    """
    given = assemble.map_values(records.get_column("countries"), _given_countries)
    places = _places(records.get_column("affiliations")).with_columns(given.alias("given"))
    is_wos = pl.col("databases").list.contains("wos") & ~pl.col("databases").list.contains("scopus")
    derived = pl.when(is_wos).then(pl.col("organization_wos")).otherwise(pl.col("organization"))
    countries = _fill(pl.col("countries"), pl.col("country"), given=pl.col("given"))
    with_places = records.with_columns(places).with_columns(
        _unique(countries).alias("countries"),
        _fill(pl.col("organizations"), _unique(derived)).alias("organizations"),
    )
    return parse_references(with_places).select(
        [pl.col(name).cast(dtype) for name, dtype in SCHEMA.items()]
    )


def _places(affiliations: pl.Series) -> pl.DataFrame:
    """Per record, aligned with its addresses: ``country``, ``organization_wos`` (the first
    part) and ``organization`` (the top-level part), each computed once per distinct address."""
    addresses, lengths = assemble.flatten(affiliations)
    unique, inverse = assemble.distinct(addresses)
    address = pl.col("address")
    found = (
        unique.to_frame("address")
        .lazy()
        .select(
            country_of_address(address).alias("country"),
            organization_of_address(address, wos=True).alias("organization_wos"),
            organization_of_address(address, wos=False).alias("organization"),
        )
        .collect()
        .select(pl.all().gather(inverse))
    )
    return pl.DataFrame(
        [assemble.unflatten(found.get_column(name), lengths, name) for name in found.columns]
    )


def _given_countries(names: pl.Series) -> pl.Series:
    """Canonical names of the countries readers gave, computed once per distinct name."""
    return assemble.map_distinct(
        names,
        lambda unique: (
            unique.to_frame("name").select(canonical_country(pl.col("name"))).to_series()
        ),
    )


def _fill(current: pl.Expr, derived: pl.Expr, *, given: pl.Expr | None = None) -> pl.Expr:
    """``given`` (default: ``current``) where ``current`` holds values, else ``derived``."""
    kept = current if given is None else given
    return pl.when(current.list.len() > 0).then(kept).otherwise(derived)


def _unique(values: pl.Expr) -> pl.Expr:
    """Non-null values of each list, unique, in order."""
    return values.list.drop_nulls().list.unique(maintain_order=True)


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
