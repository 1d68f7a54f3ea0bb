"""Country of an affiliation address, and the unification of country names."""

from __future__ import annotations

import polars as pl
import pytest

from bibliomap.countries import canonical_country, country_of_address


def _country(address: str) -> str | None:
    frame = pl.DataFrame({"a": [address]}, schema={"a": pl.String})
    return frame.select(country_of_address(pl.col("a")))["a"][0]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("[Kross, Sean] Univ Calif San Diego, La Jolla, CA 92093 USA.", "United States"),
        ("The Children's Hospital of Philadelphia, PA, United States", "United States"),
        ("Harvard Univ, Cambridge, MA 02138", "United States"),
        ("Reed Coll, Dept Econ, Portland, OR 97202-1234", "United States"),
        ("Univ Oxford, Oxford OX1 3BG, England", "United Kingdom"),
        ("Univ Edinburgh, Edinburgh, Scotland.", "United Kingdom"),
        ("Queens Univ Belfast, Belfast, North Ireland", "United Kingdom"),
        ("Cardiff Univ, Cardiff, Wales", "United Kingdom"),
        ("University of Leeds, Leeds, United Kingdom", "United Kingdom"),
        ("Peking Univ, Beijing 100871, Peoples R China", "China"),
        ("Korea Univ, Sch Business, Seoul 02841, South Korea.", "South Korea"),
        ("Univ Tirana, Tirana, Albania", "Albania"),
        ("Moscow State Univ, Moscow, Russian Federation", "Russia"),
        ("Hanoi Univ, Hanoi, Viet Nam", "Vietnam"),
        ("UAE Univ, Al Ain, U Arab Emirates", "United Arab Emirates"),
        ("Univ Bonn, Bonn, FED REP GER", "Germany"),
        ("Dept X, Grenoble France 38000 (e-mail: someone@example.org)", "France"),
        ("Dept Y, Kansas State University Manhattan USA", "United States"),
        ("Univ Papua New Guinea, Port Moresby, Papua N Guinea", "Papua New Guinea"),
        ("Some Institute, Somewhere", None),
    ],
)
def test_country_of_address(address: str, expected: str | None) -> None:
    assert _country(address) == expected


def test_canonical_country_unifies_names_and_codes() -> None:
    names = pl.Series("c", ["US", "GB", "usa", "England", "Peoples R China", "Atlantis"])
    result = pl.DataFrame({"c": names}).select(canonical_country(pl.col("c")))["c"].to_list()
    assert result == [
        "United States",
        "United Kingdom",
        "United States",
        "United Kingdom",
        "China",
        "Atlantis",
    ]


@pytest.mark.parametrize(
    ("relative", "unknown"),
    [
        ("wos_plaintext/wos_txt_2024_data_science_education.txt", 0.01),
        ("scopus_csv/scopus_csv_2024_data_science_education.csv", 0.01),
        # PubMed authors often stop at the city ("University of Florida, Gainesville")
        ("pubmed_medline/pubmed_2022_mcda_health.txt", 0.04),
    ],
)
def test_countries_of_real_addresses(shared_data, relative: str, unknown: float) -> None:
    """Nearly every address of a real export yields a country, always a canonical name."""
    from bibliomap.countries import ALIASES
    from bibliomap.ingest import read_file

    records = read_file(shared_data(relative)).records
    addresses = records.select(pl.col("affiliations").explode().drop_nulls().alias("a"))
    found = addresses.select(country_of_address(pl.col("a")))["a"]
    assert addresses.height > 300
    assert found.null_count() / found.len() < unknown
    assert set(found.drop_nulls()) <= set(ALIASES.values())
    assert "United States" in set(found)
