"""enrich(): countries, organizations and parsed references filled on canonical records."""

from __future__ import annotations

import polars as pl

from bibliomap.enrich import enrich
from bibliomap.records import REFERENCE, SCHEMA, conform

_FIELDS = list(REFERENCE.to_schema())


def _refs(*raws: str) -> list[dict]:
    return [{name: (raw if name == "raw" else None) for name in _FIELDS} for raw in raws]


def _records(rows: list[dict]) -> pl.DataFrame:
    schema = {name: SCHEMA[name] for name in rows[0]}
    return conform(pl.DataFrame(rows, schema=schema)).collect()


def test_countries_and_organizations_from_wos_addresses() -> None:
    records = _records(
        [
            {
                "id": "w1",
                "databases": ["wos"],
                "affiliations": [
                    "[Kross, Sean] Univ Calif San Diego, Dept Cognit Sci, La Jolla, CA 92093 USA.",
                    "[Peng, Roger] Johns Hopkins Univ, Dept Biostat, Baltimore, MD USA.",
                    "[Kim, W] Korea Univ, Sch Business, Seoul 02841, South Korea.",
                    "[Leek, J] Johns Hopkins Univ, Dept Biostat, Baltimore, MD USA.",
                ],
            }
        ]
    )
    out = enrich(records)
    assert out["countries"].to_list() == [["United States", "South Korea"]]
    assert out["organizations"].to_list() == [
        ["Univ Calif San Diego", "Johns Hopkins Univ", "Korea Univ"]
    ]


def test_organizations_of_scopus_addresses_prefer_the_top_level() -> None:
    records = _records(
        [
            {
                "id": "s1",
                "databases": ["scopus"],
                "affiliations": [
                    "Key Lab of Universal Wireless Communications, Ministry of Education, "
                    "Beijing University of Posts and Telecommunications, Beijing, China",
                    "Department of Business Administration, University of Zurich, "
                    "Plattenstrasse 14, Zürich, Switzerland",
                    "The Children's Hospital of Philadelphia, PA, United States",
                ],
            }
        ]
    )
    out = enrich(records)
    assert out["organizations"].to_list() == [
        [
            "Beijing University of Posts and Telecommunications",
            "University of Zurich",
            "The Children's Hospital of Philadelphia",
        ]
    ]
    assert out["countries"].to_list() == [["China", "Switzerland", "United States"]]


def test_reader_values_are_kept_and_countries_unified() -> None:
    records = _records(
        [
            {
                "id": "o1",
                "databases": ["openalex"],
                "affiliations": ["Yale University, New Haven, CT 06511, USA"],
                "organizations": ["Yale University"],
                "countries": ["US", "GB"],
            }
        ]
    )
    out = enrich(records)
    assert out["organizations"].to_list() == [["Yale University"]]
    assert out["countries"].to_list() == [["United States", "United Kingdom"]]


def test_references_are_parsed_in_every_style_and_keep_order() -> None:
    records = _records(
        [
            {
                "id": "r1",
                "databases": ["wos"],
                "references": _refs(
                    "Cohen WM, 1990, ADMIN SCI QUART, V35, P128, DOI 10.2307/2393553",
                    "Cohen, W.M., Levinthal, D.A., Absorptive capacity: A new perspective on "
                    "learning and innovation (1990) Administrative Science Quarterly, 35 (1), "
                    "pp. 128-152.",
                    "Brennan P.F., Bakken S., Nursing needs big data and big data needs nursing, "
                    "Journal of Nursing Scholarship, 47, pp. 477-484, (2015)",
                    "Burt, R.S., (1992) Structural Holes: The Social Structure of Competition, , "
                    "Harvard Business Press",
                ),
            },
            {"id": "r2", "databases": ["scopus"]},
        ]
    )
    out = enrich(records)
    refs = out["references"][0].struct.unnest()
    assert refs["first_author"].to_list() == [
        "Cohen, W.M.",
        "Cohen, W.M.",
        "Brennan, P.F.",
        "Burt, R.S.",
    ]
    assert refs["year"].to_list() == [1990, 1990, 2015, 1992]
    assert refs["source"].to_list() == [
        "ADMIN SCI QUART",
        "Administrative Science Quarterly",
        "Journal of Nursing Scholarship",
        "Structural Holes: The Social Structure of Competition",
    ]
    assert refs["volume"].to_list() == ["35", "35", "47", None]
    assert refs["page"].to_list() == ["128", "128", "477", None]
    assert refs["doi"].to_list() == ["10.2307/2393553", None, None, None]
    assert refs["title"][1] == "Absorptive capacity: A new perspective on learning and innovation"
    assert refs["title"][2] == "Nursing needs big data and big data needs nursing"
    assert out["references"][1].to_list() == []
    assert out.columns == list(SCHEMA)


def test_reader_filled_reference_fields_win() -> None:
    structured = {name: None for name in _FIELDS} | {
        "raw": "Adams 1971 Topology",
        "doi": "10.1016/0040-9383(71)90003-6",
        "first_author": "Adams",
        "year": 1971,
        "source": "Topology",
        "page": "185",
    }
    out = enrich(_records([{"id": "c1", "databases": ["crossref"], "references": [structured]}]))
    ref = out["references"][0][0]
    assert ref["first_author"] == "Adams"
    assert ref["source"] == "Topology"
    assert ref["page"] == "185"
    assert ref["year"] == 1971


def test_empty_table_passes_through() -> None:
    empty = conform(pl.DataFrame(schema={"id": pl.String})).collect()
    assert enrich(empty).height == 0
