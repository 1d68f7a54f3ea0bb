"""enrich(): countries, organizations and parsed references filled on canonical records."""

from __future__ import annotations

import numpy as np
import polars as pl

from bibliomap.enrich import enrich
from bibliomap.io import flat
from bibliomap.records import REFERENCE, SCHEMA, conform
from bibliomap.references import canonical_authors

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


def test_wos_volume_and_page_are_read_after_the_source() -> None:
    raws = (
        "SCHOTLAND RA, 1967, VA LAW REV, V53, P1425, DOI 10.2307/1071845",
        "CRONBACH LJ, 1951, PSYCHOMETRIKA, V16, P297",
        "Chandler A. D., 1977, VISIBLE HAND",
        "Smith J, 1990, V5, P10",
        "Cohen WM, 1990, ADMIN SCI QUART, V35, PP128",
    )
    out = enrich(_records([{"id": "w", "databases": ["wos"], "references": _refs(*raws)}]))
    refs = out["references"][0].struct.unnest()
    assert refs["source"].to_list() == [
        "VA LAW REV",
        "PSYCHOMETRIKA",
        "VISIBLE HAND",
        None,
        "ADMIN SCI QUART",
    ]
    assert refs["volume"].to_list() == ["53", "16", None, "5", "35"]
    assert refs["page"].to_list() == ["1425", "297", None, "10", "P128"]


def test_first_authors_of_every_name_form() -> None:
    names = {
        "Cohen WM": "Cohen, W.M.",
        "Brennan P.F.": "Brennan, P.F.",
        "Singer G. G": "Singer, G.G.",
        "Hsu C.-L.": "Hsu, C.L.",
        "Cohen, W. M.": "Cohen, W.M.",
        "van der Berg, Anna B": "van der Berg, A.B.",
        "van der Berg AB": "van der Berg, A.B.",
        "Garcia Garcia M. L": "Garcia Garcia, M.L.",
        "LINDSEY JACK L": "LINDSEY JACK, L.",
        "DE LA J": "DE, L.A.J.",
        "Webster David": "Webster, D.",
        "Smith McDonald": "Smith McDonald",
        "Aleck": "Aleck",
        "*US DEP COMM": "US DEP COMM",
        "[Anonymous]": None,
        "Anonymous": None,
        "  Cohen   WM ": "Cohen, W.M.",
        "": None,
    }
    found = canonical_authors(pl.Series([*names, None]))
    assert found.to_list() == [*names.values(), None]


def test_repeated_references_are_parsed_alike_and_given_fields_still_win() -> None:
    raw = "Cohen WM, 1990, ADMIN SCI QUART, V35, P128"
    given = _refs(raw)[0] | {"source": "Administrative Science Quarterly"}
    records = _records(
        [
            {"id": "a", "databases": ["wos"], "references": _refs(raw, raw)},
            {"id": "b", "databases": ["crossref"], "references": [given]},
            {"id": "c", "databases": ["wos"], "references": _refs(raw)},
        ]
    )
    sources = enrich(records)["references"].list.eval(pl.element().struct.field("source"))
    assert sources.to_list() == [
        ["ADMIN SCI QUART", "ADMIN SCI QUART"],
        ["Administrative Science Quarterly"],
        ["ADMIN SCI QUART"],
    ]


def test_distinct_values_survive_a_hash_collision() -> None:
    values = pl.Series(["a", "b", "a", None, "c", None, "b"])
    unique, inverse = flat.distinct(values)
    assert unique.gather(inverse).to_list() == values.to_list()
    assert sorted(unique.to_list(), key=str) == sorted(["a", "b", "c", None], key=str)
    colliding = np.array([7, 7, 7, 9, 7, 9, 7], dtype=np.uint64)
    unique, inverse = flat.group_by_keys(values, colliding)
    assert unique.to_list() == ["a", "b", None, "c"]
    assert unique.gather(inverse).to_list() == values.to_list()
