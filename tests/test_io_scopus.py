"""Scopus CSV reader: every vintage, field values against the raw files, bad input, sniffing."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
import pytest

from bibliomap.errors import BibliomapError
from bibliomap.io import detect, read_head, reader_modules, scopus_csv, scopus_fields
from bibliomap.records import SCHEMA

FILES = {
    "scopus_csv/scopus_csv_2017_iot_gateway.csv": 921,
    "scopus_csv/scopus_csv_2022_absorptive_capacity.csv": 127,
    "scopus_csv/scopus_csv_2024_data_science_education.csv": 318,
    "vosviewer_reference/anonymity_keywords/scopus_details.csv": 15,
}
OLD, MIDDLE, NEW, VOSVIEWER = FILES


def _manifest(shared_data) -> dict[str, int]:
    with shared_data("MANIFEST.tsv").open(encoding="utf-8") as handle:
        return {r["local_path"]: int(r["records"]) for r in csv.DictReader(handle, delimiter="\t")}


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _clean(value: str | None) -> str | None:
    text = re.sub(r"\s+", " ", value or "").strip()
    return None if text in ("", "[No abstract available]") else text


def _title(row: dict[str, str]) -> str | None:
    """The raw title without the original-language title Scopus appends in brackets."""
    title = re.sub(r";\s*\[[^\[\]]*\]$", "", _clean(row["Title"]) or "")
    if row.get("Language of Original Document", "English") not in ("English", ""):
        title = re.sub(r"\s+\[[^\[\]]*\]$", "", title)
    return title or None


@pytest.fixture(scope="module")
def read_all(shared_data):
    """Each file's records, read once for the module."""
    return {relative: scopus_csv.read(shared_data(relative))[0] for relative in FILES}


@pytest.mark.parametrize("relative", list(FILES))
def test_every_row_is_read_with_the_canonical_schema(shared_data, read_all, relative):
    records = read_all[relative]
    expected = _manifest(shared_data).get(relative, FILES[relative])
    assert records.height == expected == FILES[relative]
    assert records.schema == pl.Schema(SCHEMA)
    assert records["databases"].to_list() == [["scopus"]] * records.height
    name = Path(relative).name
    assert records["origin"].list.first().to_list() == [
        f"{name}:{n}" for n in range(1, records.height + 1)
    ]
    assert records["id"].null_count() == records.height


@pytest.mark.parametrize("relative", list(FILES))
def test_simple_fields_equal_the_raw_cells(shared_data, read_all, relative):
    records = read_all[relative]
    rows = _rows(shared_data(relative))
    assert records["eid"].to_list() == [row["EID"] for row in rows]
    assert records["title"].to_list() == [_title(row) for row in rows]
    assert records["abstract"].to_list() == [_clean(row.get("Abstract")) for row in rows]
    assert records["year"].to_list() == [int(row["Year"]) for row in rows]
    assert records["cited_by"].to_list() == [int(row["Cited by"] or 0) for row in rows]
    assert records["doi"].to_list() == [row["DOI"].lower() or None for row in rows]
    keywords = [[_clean(k) for k in row["Author Keywords"].split(";") if _clean(k)] for row in rows]
    assert records["author_keywords"].to_list() == keywords
    lengths = records.select(pl.col("authors").list.len(), pl.col("author_affiliations").list.len())
    assert lengths["authors"].equals(lengths["author_affiliations"])


def test_2017_layout(shared_data, read_all):
    records = read_all[OLD]
    assert records["references"].list.len().sum() == 0
    rahmani = records.filter(pl.col("eid") == "2-s2.0-85012875280").row(0, named=True)
    assert rahmani["authors"][:2] == ["Rahmani, A.M.", "Gia, T.N."]
    assert rahmani["author_affiliations"][0] == (
        "Department of Computer Science, University of California Irvine, United States; "
        "Institute of Computer Technology, TU Wien, Vienna, Austria"
    )
    assert rahmani["language"] == "English"
    assert rahmani["source_abbrev"] == "Future Gener Comput Syst"
    assert rahmani["issn"] == "0167-739X"
    assert (rahmani["volume"], rahmani["page_start"], rahmani["page_end"]) == ("78", "641", "658")
    junior = records.filter(pl.col("authors").list.first() == "Amah, T.E.")
    assert junior["authors"].list.len().to_list() == [8, 8]
    assert junior["authors"].list.last().to_list() == ["Oliveira, A.", "Oliveira, A."]
    nameless = records.filter(pl.col("authors").list.len() == 0)
    placeholders = [r["Authors"] == "[No author name available]" for r in _rows(shared_data(OLD))]
    assert nameless.height == sum(placeholders) > 0


def test_2022_layout(read_all):
    records = read_all[MIDDLE]
    portuguese = records.filter(pl.col("eid") == "2-s2.0-84945975589").row(0, named=True)
    assert portuguese["title"] == (
        "Internal and external factors that influence the absorptive capacity of knowledge "
        "focused on innovation"
    )
    first = records.row(0, named=True)
    assert first["authors"] == ["Aguiar, L.", "Gagnepain, P."]
    assert first["author_ids"] == ["57094712500", "6506178597"]
    assert first["page_start"] == "102830"
    assert first["open_access"] == "All Open Access, Green"
    assert first["funding"].startswith("ITEA; Agence Nationale de la Recherche")
    assert " | The authors acknowledge financial support" in first["funding"]
    assert len(first["references"]) == 40
    cohen = records.filter(pl.col("eid") == "2-s2.0-77950679621")["references"].explode()
    raw = cohen.struct.field("raw").to_list()
    assert len(raw) == 13
    assert (
        "Cohen, W.M., Levinthal, D.A., Absorptive capacity; a new perspective on learning and "
        "innovation (1990) Administrative Science Quarterly, 35, pp. 128-152. , J"
    ) in raw
    li = records.filter(pl.col("authors").list.first() == "Li, Q.J.").row(0, named=True)
    assert li["author_affiliations"][0].startswith("School of Management; Key Laboratory")
    assert (records["references"].list.len() > 0).sum() == 118
    assert (records["cited_by"] > 0).sum() == 100


def test_2024_layout(read_all):
    records = read_all[NEW]
    first = records.row(0, named=True)
    assert first["authors"][:2] == ["Flood, E.L.", "Schweig, L."]
    assert first["authors"][5] == "Chen-Lim, M.L."
    assert first["author_full_names"][0] == "Flood, Eloise L."
    assert first["author_ids"][0] == "57219859113"
    assert first["pmid"] == "38773838"
    assert first["doi"] == "10.1097/nnr.0000000000000748"
    assert len(first["references"]) == 16
    assert first["author_affiliations"][5] == (
        "Jefferson University College of Nursing, Philadelphia, PA, United States"
    )
    keller = records.filter(pl.col("eid") == "2-s2.0-85202074011")["references"].explode()
    assert "Keller H., Alone we can do so little; together we can do so much" in (
        keller.struct.field("raw").to_list()
    )
    assert keller.len() == 20
    wright = records.filter(pl.col("authors").list.first() == "Wright, C.").row(0, named=True)
    assert wright["author_affiliations"][0] == (
        "Biostatistics Program, Public Health Sciences Division, Seattle, WA, United States; "
        "Department of Biostatistics, Johns Hopkins Bloomberg School of Public Health, "
        "Baltimore, MD, United States"
    )
    kuo = records.filter(pl.col("authors").list.first() == "Kuo, N.I.H.").row(0, named=True)
    assert kuo["author_affiliations"][0] == (
        "Centre for Big Data Research in Health, The University of New South Wales, Sydney, "
        "Australia"
    )
    assert records["abstract"].null_count() == 12
    assert (records["references"].list.len() > 0).sum() == 303


def test_vosviewer_export_without_affiliations(read_all):
    records = read_all[VOSVIEWER]
    assert records["affiliations"].list.len().sum() == 0
    assert records["author_affiliations"].explode().drop_nulls().unique().to_list() == [""]
    assert records["index_keywords"].list.len().sum() > 0


def test_reference_splitting_rules():
    cells = [
        "Ess, C., Cultures in collision; philosophical lessons (2002) Metaphilosophy, 33; "
        "van Eck, N.J., Waltman, L., Software survey (2010) Scientometrics, 84",
        "Freeman, C., (1997) The Economics of Industrial Innovation, , 3rd ed.; MIT Press: "
        "Cambridge, MA, USA; http://www.compustat.com; Hamel G. Strategic Management Journal. "
        "1991; 12:83-103 (Summer Special Issue). 1991",
        "Benders, J., Sticking to standards; Technical and other isomorphic pressures (2006) "
        "Information and Management, 43; (1985) Joint statement",
        "Data science in the iSchool context, (2019); iSchool Data Science Curriculum, (2020)",
    ]
    got = scopus_fields.split_references(pl.Series("r", cells), old_layout=True).to_list()
    assert got == [
        [
            "Ess, C., Cultures in collision; philosophical lessons (2002) Metaphilosophy, 33",
            "van Eck, N.J., Waltman, L., Software survey (2010) Scientometrics, 84",
        ],
        [
            "Freeman, C., (1997) The Economics of Industrial Innovation, , 3rd ed.; MIT Press: "
            "Cambridge, MA, USA",
            "http://www.compustat.com",
            "Hamel G. Strategic Management Journal. 1991; 12:83-103 (Summer Special Issue). 1991",
        ],
        [
            "Benders, J., Sticking to standards; Technical and other isomorphic pressures (2006) "
            "Information and Management, 43",
            "(1985) Joint statement",
        ],
        ["Data science in the iSchool context, (2019)", "iSchool Data Science Curriculum, (2020)"],
    ]


def test_sniffing_and_detection(shared_data):
    for relative in FILES:
        path = shared_data(relative)
        assert scopus_csv.sniff(read_head(path))
        assert detect(path) is scopus_csv
    root = shared_data("MANIFEST.tsv").parent
    others = [p for p in root.rglob("*") if p.is_file() and p.suffix in (".txt", ".bib", ".json")]
    others += [shared_data("lens_csv/lens_csv_2024_assistive_vision_1000.csv")]
    assert not any(scopus_csv.sniff(read_head(p)) for p in others)


HEADER = '"Authors","Title","Year","Cited by","Source title","EID"\n'
ROW = '"A B.","T","2020","1","S","2-s2.0-0000001234"\n'


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "export.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_synthetic_rows_and_empty_cited_by(tmp_path):
    row = '"Cohen W.M.; Levinthal D.A.","Absorptive capacity","1990","","ASQ","2-s2.0-0000001234"'
    records, _ = scopus_csv.read(_write(tmp_path, HEADER + row + "\n"))
    assert records.row(0, named=True)["cited_by"] == 0
    assert records.row(0, named=True)["authors"] == ["Cohen, W.M.", "Levinthal, D.A."]


@pytest.mark.parametrize(
    ("text", "line", "record", "message"),
    [
        (HEADER + ROW + '"A B.","T2","2020","1","S","2-s2', 3, 2, "truncated"),
        (HEADER + ROW + ROW.replace('"\n', '","x"\n'), 3, 2, "fields where the header has 6"),
        (HEADER + ROW.replace('"T",', '"T,'), 2, 1, "truncated"),
        (HEADER + ROW.replace("2020", "20x0"), 2, 1, "four-digit year"),
        (HEADER + ROW.replace('"1"', '"many"'), 2, 1, "whole number"),
        (ROW, 1, None, "header"),
        (HEADER.replace('"Year"', '"Title"') + ROW, 1, None, "columns named twice"),
    ],
)
def test_bad_input_names_file_line_and_record(tmp_path, text, line, record, message):
    path = _write(tmp_path, text)
    with pytest.raises(BibliomapError, match=message) as raised:
        scopus_csv.read(path, strict=True)
    assert (raised.value.path, raised.value.line, raised.value.record) == (str(path), line, record)


def test_utf16_is_refused_clearly(tmp_path):
    path = _write(tmp_path, (HEADER + ROW).encode("utf-16"))
    with pytest.raises(BibliomapError, match="UTF-16") as raised:
        scopus_csv.read(path, strict=True)
    assert raised.value.line == 1


def test_wrong_encoding_names_the_line(tmp_path):
    text = HEADER + '"Müller A.","T","2020","1","S","2-s2.0-0000001234"\n'
    path = _write(tmp_path, text.encode("latin-1"))
    with pytest.raises(BibliomapError, match="not UTF-8") as raised:
        scopus_csv.read(path, strict=True)
    assert raised.value.line == 2


def test_lenient_read_skips_and_lists_a_broken_row(tmp_path):
    rows = [
        '"A B.","T1","2020","1","S","2-s2.0-0000001234"',
        '"A B.","T2","2020","1","S"',
        '"A B.","T3","2021","2","S","2-s2.0-0000001235"',
    ]
    path = _write(tmp_path, HEADER + "\n".join(rows) + "\n")
    records, problems = scopus_csv.read(path)
    assert records["title"].to_list() == ["T1", "T3"]
    assert records["origin"].list.first().to_list() == ["export.csv:1", "export.csv:3"]
    assert [(p.record, p.line) for p in problems] == [("2", 3)]
    with pytest.raises(BibliomapError, match="EID"):
        scopus_csv.read(path, strict=True)


def test_truncated_real_export_stops(shared_data, tmp_path):
    data = shared_data(NEW).read_bytes()
    cut = _write(tmp_path, data[: len(data) // 2])
    with pytest.raises(BibliomapError) as raised:
        scopus_csv.read(cut)
    assert raised.value.line is not None
    assert raised.value.path == str(cut)


def test_no_sample_file_is_claimed_by_two_readers(shared_data):
    root = shared_data("MANIFEST.tsv").parent
    samples = [p for p in root.rglob("*") if p.is_file() and p.suffix not in (".md", ".tsv")]
    for path in samples:
        head = read_head(path)
        claims = [module.FORMAT for module in reader_modules() if module.sniff(head)]
        assert len(claims) <= 1, (path, claims)


def test_addresses_without_the_affiliations_column(tmp_path):
    header = '"Authors","Title","Year","Authors with affiliations","Correspondence Address","EID"\n'
    rows = [
        '"Smith J.; Doe A.","T","2020","Smith J., Univ X, Paris, France; Doe A., Univ Y, Rome, '
        'Italy","Smith, J.; Univ X, France; email: a@b.org","2-s2.0-0000001234"',
        '"Smith J.","T2","2020","","Smith, J.; Univ X, France; email: a@b.org","2-s2.0-0000001235"',
    ]
    records, _ = scopus_csv.read(_write(tmp_path, header + "\n".join(rows) + "\n"))
    assert records.select("author_affiliations", "affiliations").rows() == [
        (
            ["Univ X, Paris, France", "Univ Y, Rome, Italy"],
            ["Univ X, Paris, France", "Univ Y, Rome, Italy"],
        ),
        ([""], ["Univ X, France"]),
    ]
