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

:func:`enrich` does both; the read stage fills places before the merge and parses references
after it (the merge does not look at them, and fewer records remain).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.countries import canonical_country, country_of_address
from bibliomap.io import flat
from bibliomap.io.fields import squeezed
from bibliomap.references import parse_references

# Words naming the top level of an organization, in any of the languages seen in exports.
_TOP_LEVEL = (
    r"(?i:\b(?:univ|universit\w*|universidad\w*|universidade\w*|università|college|coll"
    r"|academy|acad|academia|akademi\w*|polytechnic\w*|politecnico|polytech\w*|hochschule"
    r"|ecole|école|escuela|school of medicine)\b)"
)
_BODY = (
    r"(?i:\b(?:institut\w*|inst|instituto|istituto|hospital\w*|hosp|klinikum|clinic\w*"
    r"|cent(?:re|er|ro)|ctr|laborator\w*|lab|labs|foundation|fdn|council|agency|ministry"
    r"|corporation|corp|company|inc|ltd|gmbh|llc|museum|observatory|organi[sz]ation|consejo"
    r"|cnrs|inserm|csic|survey|service|office|bureau|society|association|school|sch)\b)"
)


def enrich(records: pl.DataFrame) -> pl.DataFrame:
    """Records (canonical schema) with countries, organizations and reference fields filled."""
    return parse_references(enrich_places(records))


def enrich_places(records: pl.DataFrame) -> pl.DataFrame:
    """Records (canonical schema) with countries and organizations filled.

    Addresses and country names repeat across records: each distinct one is looked at once.
    """
    given = flat.map_values(records.get_column("countries"), _given_countries)
    places = _places(records).with_columns(
        given.alias("given"), records.get_column("countries"), records.get_column("organizations")
    )
    countries = _fill(pl.col("countries"), pl.col("country"), given=pl.col("given"))
    filled = places.select(
        _unique(countries).alias("countries"),
        _fill(pl.col("organizations"), _unique(pl.col("organization"))).alias("organizations"),
    )
    # Only the two columns are replaced: the others (the references) are not copied.
    return records.with_columns(filled)


def _places(records: pl.DataFrame) -> pl.DataFrame:
    """``country`` and ``organization`` of each record's addresses (lists aligned with them).

    Web of Science records (``databases`` holding ``wos`` and not ``scopus``) take the first
    part of an address as organization, others its top-level part; each distinct address is
    looked at once (for its top-level part, only if another record holds it).
    """
    databases = pl.col("databases")
    is_wos = records.select(databases.list.contains("wos") & ~databases.list.contains("scopus"))
    addresses, lengths = flat.flatten(records.get_column("affiliations"))
    of_wos = np.repeat(is_wos.to_series().to_numpy(), lengths)
    unique, inverse = flat.distinct(addresses)
    address = pl.col("address")
    frame = unique.to_frame("address")
    found = (
        frame.lazy()
        .select(
            country_of_address(address).alias("country"),
            organization_of_address(address, wos=True).alias("first"),
        )
        .collect()
    )
    needed = np.zeros(len(unique), dtype=bool)
    needed[inverse[~of_wos]] = True
    rows = np.flatnonzero(needed)
    top = pl.Series("top", [None] * len(unique), dtype=pl.String)
    if len(rows):
        named = frame[rows].select(organization_of_address(address, wos=False))
        top = top.scatter(rows, named.to_series())
    per_address = found.with_columns(top).select(pl.all().gather(inverse))
    organization = per_address.select(
        pl.when(pl.Series(of_wos)).then("first").otherwise("top").alias("organization")
    )
    return pl.DataFrame(
        [
            flat.unflatten(per_address.get_column("country"), lengths, "country"),
            flat.unflatten(organization.to_series(), lengths, "organization"),
        ]
    )


def _given_countries(names: pl.Series) -> pl.Series:
    """Canonical names of the countries readers gave, computed once per distinct name."""
    return flat.map_distinct(
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
    cleaned = squeezed(
        address.str.replace(r"^\s*\[[^\]]*\]\s*", "")
        .str.replace(r"(?i)\s*electronic address:.*$", "")
        .str.replace_all(r"\S+@\S+", "")
    ).str.strip_chars(" .;,")
    first = cleaned.str.splitn(",", 2).struct.field("field_0").str.strip_chars()
    if wos:
        return _null_if_blank(first)
    # The first comma-separated part naming a university-level body, else another body.
    top = cleaned.str.extract(rf"(?:^|,)([^,]*?{_TOP_LEVEL}[^,]*)", 1).str.strip_chars()
    body = cleaned.str.extract(rf"(?:^|,)([^,]*?{_BODY}[^,]*)", 1).str.strip_chars()
    return _null_if_blank(pl.coalesce(top, body, first))


def _null_if_blank(value: pl.Expr) -> pl.Expr:
    """Null for empty strings."""
    return pl.when(value.str.len_chars() > 0).then(value).otherwise(None)
