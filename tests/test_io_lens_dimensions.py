"""Lens CSV (real export) and Dimensions CSV (synthetic, written here) readers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest

from bibliomap.errors import BibliomapError
from bibliomap.io import detect, dimensions_csv, lens_csv, read_head
from bibliomap.records import SCHEMA

LENS = "lens_csv/lens_csv_2024_assistive_vision_1000.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def lens(shared_data):
    return lens_csv.read(shared_data(LENS))


def test_lens_reads_every_row(shared_data, lens):
    records, problems = lens
    with shared_data("MANIFEST.tsv").open(encoding="utf-8") as handle:
        manifest = {r["local_path"]: r for r in csv.DictReader(handle, delimiter="\t")}
    assert records.height == int(manifest[LENS]["records"]) == 1000
    assert problems == ()
    assert records.schema == pl.Schema(SCHEMA)
    assert records["databases"].to_list() == [["lens"]] * 1000


def test_lens_fields_equal_the_raw_cells(shared_data, lens):
    records, _ = lens
    rows = _rows(shared_data(LENS))
    assert records["lens_id"].to_list() == [row["Lens ID"] for row in rows]
    assert records["lens_id"].str.ends_with("X").sum() > 0
    assert records["cited_by"].to_list() == [int(row["Citing Works Count"]) for row in rows]
    references = [[r for r in row["References"].split("; ") if r] for row in rows]
    raw = records["references"].list.eval(pl.element().struct.field("raw")).to_list()
    assert raw == references
    assert records["doi"].to_list() == [row["DOI"].lower() or None for row in rows]
    first = records.row(0, named=True)
    assert first["title"] == (
        "Construction And Verification Of Distributed Medical Database Using Resource "
        "Description Framework"
    )
    assert first["year"] == 2015
    assert first["authors"] == ["Hayakawa, Y.", "Shinoda, M.", "Hirose, M.", "Chiba, Y.", "早川"]
    assert first["author_full_names"][0] == "Y. Hayakawa"
    assert first["author_affiliations"] == [""] * 5
    assert first["issn"] == "1861-6429; 1861-6410"
    assert first["open_access"] == "green"
    assert first["pmid"] == "25985879"
    assert (records["references"].list.len() > 0).sum() == 849
    assert records["abstract"].is_not_null().sum() == 627
    assert (records["author_keywords"].list.len() > 0).sum() == 56


def test_lens_surnames():
    names = ["Jun Shen", "Ludwig van der Berg", "Y. Hayakawa", "Bhavya", "Jean-Louis Dillenseger"]
    got = pl.DataFrame({"n": names}).select(lens_csv.surname_first(pl.col("n")))["n"].to_list()
    assert got == [
        "Shen, Jun",
        "van der Berg, Ludwig",
        "Hayakawa, Y.",
        "Bhavya",
        "Dillenseger, Jean-Louis",
    ]


def test_lens_sniffing(shared_data):
    path = shared_data(LENS)
    assert lens_csv.sniff(read_head(path))
    assert detect(path) is lens_csv
    root = shared_data("MANIFEST.tsv").parent
    others = [
        p for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".bib", ".json", ".ris")
    ]
    others += list((root / "scopus_csv").glob("*.csv"))
    assert not any(
        lens_csv.sniff(read_head(p)) or dimensions_csv.sniff(read_head(p)) for p in others
    )


def test_lens_truncated_row_is_a_problem(shared_data, tmp_path):
    lines = shared_data(LENS).read_bytes().split(b"\r\n")
    cut = tmp_path / "lens.csv"
    cut.write_bytes(b"\r\n".join(lines[:4]) + b"\r\n" + lines[4][:19])
    with pytest.raises(BibliomapError, match="truncated") as raised:
        lens_csv.read(cut)
    assert (raised.value.line, raised.value.record) == (5, 4)


HEADER = [
    "Rank",
    "Publication ID",
    "DOI",
    "PMID",
    "PMCID",
    "ISBN",
    "Title",
    "Abstract",
    "Acknowledgements",
    "Funding",
    "Source title",
    "Anthology title",
    "Book editors",
    "Publisher",
    "ISSN",
    "MeSH terms",
    "Publication date",
    "PubYear",
    "Publication date (online)",
    "Publication date (print)",
    "Volume",
    "Issue",
    "Pagination",
    "Open Access",
    "Publication Type",
    "Authors",
    "Authors (Raw Affiliation)",
    "Corresponding Authors",
    "Authors Affiliations",
    "Research Organizations - standardized",
    "GRID IDs",
    "City of standardized research organization",
    "State of standardized research organization",
    "Country of standardized research organization",
    "Funder",
    "Funder Group",
    "Funder Country",
    "UIDs of supporting grants",
    "Supporting Grants",
    "Times cited",
    "Recent citations",
    "RCR",
    "FCR",
    "Altmetric",
    "Source Linkout",
    "Dimensions URL",
    "Fields of Research (ANZSRC 2020)",
    "RCDC Categories",
    "HRCS HC Categories",
    "HRCS RAC Categories",
    "Cancer Types",
    "CSO Categories",
    "Units of Assessment",
    "Sustainable Development Goals",
]

FIRST = {
    "Rank": "1",
    "Publication ID": "pub.1234567890",
    "DOI": "10.1000/XYZ.1",
    "Title": "Mapping science\nwith maps",
    "Abstract": "First line.\nSecond line, with a comma.",
    "Source title": "Journal of Maps",
    "Publisher": "Elsevier",
    "ISSN": "0001-0002, 1234-567X",
    "Publication date": "2021-03-04",
    "PubYear": "2021",
    "Volume": "12",
    "Issue": "3",
    "Pagination": "100-120",
    "Open Access": "All OA; Gold",
    "Publication Type": "article",
    "Authors": "van Eck, Nees Jan; Waltman, Ludo",
    "Authors (Raw Affiliation)": (
        "van Eck, Nees Jan (Centre for Science and Technology Studies (CWTS), Leiden University, "
        "Leiden, Netherlands); Waltman, Ludo (Leiden University, Leiden, Netherlands; Elsevier, "
        "Amsterdam, Netherlands)"
    ),
    "Research Organizations - standardized": "Leiden University; Elsevier (Netherlands)",
    "Country of standardized research organization": "Netherlands; Netherlands",
    "Times cited": "42",
    "MeSH terms": "Humans; Bibliometrics",
    "Funder": "NWO",
    "Dimensions URL": "https://app.dimensions.ai/details/publication/pub.1234567890",
}
SECOND = {
    "Rank": "2",
    "Publication ID": "pub.1111111111",
    "Title": "A proceeding",
    "PubYear": "2019",
    "Publication Type": "proceeding",
    "Authors": "Smith, J.",
    "Dimensions URL": "https://app.dimensions.ai/details/publication/pub.1111111111",
}


def _dimensions(tmp_path: Path, rows: list[dict[str, str]], *, preamble: bool = True) -> Path:
    out = io.StringIO()
    if preamble:
        criteria = '"About the data: Exported on Nov 29, 2026. Criteria: ""maps"" in title."'
        out.write(criteria + "," * (len(HEADER) - 1) + "\n")
    writer = csv.DictWriter(out, fieldnames=HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "Dimensions-Publication-2026.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_dimensions_synthetic_export(tmp_path):
    path = _dimensions(tmp_path, [FIRST, SECOND])
    assert dimensions_csv.sniff(read_head(path))
    assert detect(path) is dimensions_csv
    records, _ = dimensions_csv.read(path)
    assert records.schema == pl.Schema(SCHEMA)
    first, second = records.rows(named=True)
    assert first["dimensions_id"] == "pub.1234567890"
    assert first["doi"] == "10.1000/xyz.1"
    assert first["title"] == "Mapping science with maps"
    assert first["abstract"] == "First line. Second line, with a comma."
    assert (first["year"], first["document_type"], first["cited_by"]) == (2021, "article", 42)
    assert first["issn"] == "0001-0002; 1234-567X"
    assert (first["page_start"], first["page_end"]) == ("100", "120")
    assert first["authors"] == ["van Eck, N.J.", "Waltman, L."]
    assert first["affiliations"] == [
        "Centre for Science and Technology Studies (CWTS), Leiden University, Leiden, Netherlands",
        "Leiden University, Leiden, Netherlands",
        "Elsevier, Amsterdam, Netherlands",
    ]
    assert first["author_affiliations"] == [
        "Centre for Science and Technology Studies (CWTS), Leiden University, Leiden, Netherlands",
        "Leiden University, Leiden, Netherlands; Elsevier, Amsterdam, Netherlands",
    ]
    assert first["organizations"] == ["Leiden University", "Elsevier (Netherlands)"]
    assert first["countries"] == ["Netherlands"]
    assert first["index_keywords"] == ["Humans", "Bibliometrics"]
    assert first["funding"] == "NWO"
    assert first["origin"] == [f"{path.name}:1"]
    assert (second["document_type"], second["document_type_raw"]) == (
        "conference paper",
        "proceeding",
    )
    assert (second["cited_by"], second["author_affiliations"]) == (0, [""])


def test_dimensions_without_preamble_and_bad_rows(tmp_path):
    path = _dimensions(tmp_path, [FIRST, {**SECOND, "PubYear": "19"}], preamble=False)
    assert dimensions_csv.sniff(read_head(path))
    records, problems = dimensions_csv.read(path)
    assert records["dimensions_id"].to_list() == ["pub.1234567890"]
    assert [(p.record, p.line) for p in problems] == [("2", 5)]
    with pytest.raises(BibliomapError, match="four-digit year") as raised:
        dimensions_csv.read(path, strict=True)
    assert (raised.value.line, raised.value.record) == (5, 2)


def test_dimensions_missing_header(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(
        '"About the data: Exported on Nov 29, 2026."\nno,header,here\n', encoding="utf-8"
    )
    with pytest.raises(BibliomapError, match="Publication ID") as raised:
        dimensions_csv.read(path, strict=True)
    assert raised.value.line == 2
