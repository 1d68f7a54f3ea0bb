"""OpenAlex and Crossref JSON readers: API pages, JSON Lines, lists, single works, bad input."""

from __future__ import annotations

import html
import json

import pytest

from bibliomap import io, records
from bibliomap.errors import BibliomapError
from bibliomap.io import crossref_json, openalex_json

OPENALEX = "openalex_json/openalex_api_2024_works_page.json"
CROSSREF = "crossref_json/crossref_api_works.json"


@pytest.fixture(scope="module")
def openalex_page(shared_data):
    """The sample page, parsed by the standard library (the expectations' source)."""
    return json.loads(shared_data(OPENALEX).read_text(encoding="utf-8"))


def test_openalex_page_counts_and_raw_values(shared_data, openalex_page):
    path = shared_data(OPENALEX)
    assert io.detect(path) is openalex_json
    frame, skipped = openalex_json.read(path)
    works = openalex_page["results"]
    assert frame.height == len(works) == 25 and skipped == ()
    assert frame.schema == records.SCHEMA
    # MANIFEST: abstract_inverted_index=22/25; keywords=22/25; concepts=25/25.
    assert frame["abstract"].is_not_null().sum() == 22
    assert (frame["author_keywords"].list.len() > 0).sum() == 22
    assert (frame["index_keywords"].list.len() > 0).sum() == 25
    assert frame["openalex_id"].to_list() == [work["id"].rsplit("/", 1)[1] for work in works]
    assert frame["cited_by"].to_list() == [work["cited_by_count"] for work in works]
    assert frame["references"].list.len().to_list() == [
        len(work["referenced_works"]) for work in works
    ]
    titles = [work["title"] or work["display_name"] for work in works]
    assert frame["title"].to_list() == [title and html.unescape(title) for title in titles]
    for row, work in zip(frame.iter_rows(named=True), works, strict=True):
        index = work["abstract_inverted_index"]
        if index:
            words = sorted((place, word) for word, places in index.items() for place in places)
            assert row["abstract"] == html.unescape(" ".join(word for _, word in words))
        assert len(row["authors"]) == len(work["authorships"])
        assert [ref["raw"] for ref in row["references"]] == work["referenced_works"]
    assert frame["databases"].to_list() == [["openalex"]] * 25


def test_openalex_first_work(shared_data):
    frame, _ = openalex_json.read(shared_data(OPENALEX))
    first = frame.row(0, named=True)
    assert first["openalex_id"] == "W1995017064"
    assert first["doi"] == "10.1107/s0907444998003254"
    assert first["pmid"] == "9757107"
    assert first["title"] == (
        "Crystallography & NMR System: A New Software Suite for Macromolecular Structure "
        "Determination"
    )
    assert first["abstract"].startswith("A new software suite, called Crystallography & NMR")
    assert (first["year"], first["document_type"], first["language"]) == (
        1998,
        "article",
        "English",
    )
    assert first["source_title"] == "Acta Crystallographica Section D: Structural Biology"
    assert first["issn"] == "0907-4449; 1399-0047"
    assert first["publisher"] == "Wiley-Blackwell"
    assert (first["volume"], first["issue"], first["page_start"], first["page_end"]) == (
        "54",
        "5",
        "905",
        "921",
    )
    assert first["authors"][:2] == ["Brünger, A.T.", "Adams, P.D."]
    assert first["author_full_names"][:2] == ["A.T. Brünger", "Paul D. Adams"]
    assert first["author_ids"][:2] == ["A5056911622", "A5027915011"]
    assert first["author_affiliations"][0] == (
        "Department of Molecular Biophysics and Biochemistry, Yale University, New Haven, CT "
        "06511, USA; The Howard Hughes Medical Institute, Yale University, New Haven, CT 06511, USA"
    )
    assert first["organizations"][:2] == ["Yale University", "Howard Hughes Medical Institute"]
    assert first["countries"] == ["United States", "Netherlands", "Germany", "Canada", "France"]
    assert first["author_keywords"] == ["macromolecular structure determination", "nmr system"]
    assert first["index_keywords"][:2] == ["Computer science", "Software"]
    assert first["references"][0]["raw"] == "https://openalex.org/W1481344232"
    assert (first["cited_by"], first["open_access"]) == (14534, "closed")


def test_openalex_json_lines_and_lists_read_like_pages(tmp_path, shared_data, openalex_page):
    page, _ = openalex_json.read(shared_data(OPENALEX))
    works = openalex_page["results"]
    lines = tmp_path / "works.jsonl"
    lines.write_text("".join(json.dumps(work) + "\n" for work in works), encoding="utf-8")
    listed = tmp_path / "works.json"
    listed.write_text(json.dumps(works, indent=1), encoding="utf-8")
    for path in (lines, listed):
        assert io.detect(path) is openalex_json
        frame, skipped = openalex_json.read(path)
        assert skipped == ()
        assert frame.drop("origin").equals(page.drop("origin"))
        assert frame["origin"][24].to_list() == [f"{path.name}:25"]


def test_openalex_malformed_works_are_skipped(tmp_path, openalex_page):
    good = json.dumps(openalex_page["results"][0])
    odd_types = json.dumps({"id": "https://openalex.org/W9", "cited_by_count": "many"})
    path = tmp_path / "works.jsonl"
    path.write_text(f'{good}\n{{"id": "https://openalex.org/W8", broken\n\n"text"\n{odd_types}\n')
    frame, skipped = openalex_json.read(path)
    assert frame["openalex_id"].to_list() == ["W1995017064"]
    assert frame["origin"].to_list() == [["works.jsonl:1"]]
    assert [(item.record, item.line) for item in skipped] == [("2", 2), ("3", 4), ("4", 5)]
    assert "not valid JSON" in skipped[0].reason
    assert "line 4: expected OpenAlex works" in skipped[1].reason
    assert "unexpected type" in skipped[2].reason


def test_openalex_invalid_documents_are_errors(tmp_path):
    path = tmp_path / "page.json"
    path.write_text('{"meta": {},\n "results": [\n  {"id": "https://openalex.org/W1",}\n]}')
    with pytest.raises(BibliomapError, match=r"page.json, line 3: invalid JSON"):
        openalex_json.read(path)
    path.write_text('{"meta": {"count": 0}, "groups": []}')
    with pytest.raises(BibliomapError, match="expected OpenAlex works"):
        openalex_json.read(path)
    path.write_text("")
    with pytest.raises(BibliomapError, match="empty file"):
        openalex_json.read(path)
    path.write_bytes(b'[{"id": "https://openalex.org/W1", "title": "\xe9"}]')
    with pytest.raises(BibliomapError, match="line 1: not UTF-8"):
        openalex_json.read(path)


def test_openalex_minimal_work_in_given_name_order(tmp_path):
    work = {
        "id": "https://openalex.org/W5",
        "type": "article",
        "type_crossref": "proceedings-article",
        "authorships": [
            {
                "author": {"id": "https://openalex.org/A1", "display_name": "Nees Jan van Eck"},
                "institutions": [{"display_name": "Leiden University", "country_code": "NL"}],
                "countries": [],
                "raw_affiliation_strings": [],
            },
            {"author": {"display_name": "Ludo Waltman"}, "countries": ["XX"]},
        ],
        "grants": [{"funder_display_name": "NWO", "award_id": "123"}],
    }
    path = tmp_path / "one.json"
    path.write_text(json.dumps(work), encoding="utf-8")
    row = openalex_json.read(path)[0].row(0, named=True)
    assert row["authors"] == ["van Eck, N.J.", "Waltman, L."]
    assert row["author_ids"] == ["A1", ""]
    assert row["author_affiliations"] == [] and row["affiliations"] == []
    assert row["organizations"] == ["Leiden University"]
    assert row["countries"] == ["Netherlands", "XX"]
    assert row["document_type"] == "conference paper" and row["document_type_raw"] == "article"
    assert row["funding"] == "NWO (123)"
    assert row["abstract"] is None and row["references"] == []


def test_crossref_work_list(shared_data):
    path = shared_data(CROSSREF)
    assert io.detect(path) is crossref_json
    frame, skipped = crossref_json.read(path)
    items = json.loads(path.read_text(encoding="utf-8"))["message"]["items"]
    assert frame.height == len(items) == 4 and skipped == ()
    assert frame.schema == records.SCHEMA
    # MANIFEST: abstract(JATS)=2/4; reference=4/4; is-referenced-by-count=4/4.
    assert frame["abstract"].is_not_null().sum() == 2
    assert frame["references"].list.len().to_list() == [len(item["reference"]) for item in items]
    assert frame["cited_by"].to_list() == [item["is-referenced-by-count"] for item in items]
    assert frame["doi"].to_list() == [item["DOI"].lower() for item in items]
    assert not frame["abstract"].drop_nulls().str.contains("<").any()
    second = frame.row(1, named=True)
    assert second["title"] == "ENHANCED FINITE TRIANGULATED CATEGORIES"
    assert second["abstract"] == (
        "We give a necessary and sufficient condition for the existence of an enhancement of a "
        "finite triangulated category. Moreover, we show that enhancements are unique when they "
        "exist, up to Morita equivalence."
    )
    assert (second["year"], second["volume"], second["issue"]) == (2020, "21", "3")
    assert (second["page_start"], second["page_end"]) == ("741", "783")
    assert second["source_title"] == "Journal of the Institute of Mathematics of Jussieu"
    assert second["source_abbrev"] == "J. Inst. Math. Jussieu"
    assert second["issn"] == "1474-7480; 1475-3030"
    assert second["authors"] == ["Muro, F."] and second["author_full_names"] == ["Fernando Muro"]
    assert second["author_ids"] == ["0000-0001-8457-9889"]
    assert second["document_type"] == "article" and second["language"] == "English"
    first = frame.row(0, named=True)
    assert first["references"][0] == {
        "raw": "Adámek, 1994, Locally Presentable and Accessible Categories, vol. 189",
        "doi": None,
        "first_author": "Adámek",
        "year": 1994,
        "source": None,
        "volume": "vol. 189",
        "page": None,
        "title": "Locally Presentable and Accessible Categories",
    }
    assert first["funding"].startswith("Ministry of Economy and Competitiveness (MTM2010-15831)")


def test_crossref_single_work_and_unstructured_references(tmp_path):
    work = {
        "DOI": "10.5555/X1",
        "title": ["On <i>things</i> &amp; stuff"],
        "type": "proceedings-article",
        "issued": {"date-parts": [[None]]},
        "created": {"date-parts": [[2019, 5, 1]]},
        "author": [
            {"given": "Ana", "family": "Ruiz", "affiliation": [{"name": "Univ X, Spain"}]},
            {"name": "The Consortium"},
        ],
        "reference": [{"key": "r1", "unstructured": "Smith J. (2001) A book.", "year": "2001"}],
        "page": "7",
    }
    path = tmp_path / "work.json"
    path.write_text(json.dumps({"status": "ok", "message-type": "work", "message": work}))
    assert io.detect(path) is crossref_json
    row = crossref_json.read(path)[0].row(0, named=True)
    assert row["title"] == "On things & stuff"
    assert row["year"] == 2019
    assert row["document_type"] == "conference paper"
    assert row["authors"] == ["Ruiz, A.", "The Consortium"]
    assert row["author_affiliations"] == ["Univ X, Spain", ""]
    assert row["affiliations"] == ["Univ X, Spain"]
    assert row["author_ids"] == []
    assert row["references"][0]["raw"] == "Smith J. (2001) A book."
    assert row["references"][0]["year"] == 2001
    assert (row["page_start"], row["page_end"]) == ("7", None)


def test_crossref_errors_and_sniffing(tmp_path, shared_data):
    path = tmp_path / "x.json"
    path.write_text('{"status": "ok", "message-type": "work-list", "message": {"facets": {}}}')
    with pytest.raises(BibliomapError, match="expected Crossref works"):
        crossref_json.read(path)
    assert not crossref_json.sniff(io.read_head(shared_data(OPENALEX)))
    assert not openalex_json.sniff(io.read_head(shared_data(CROSSREF)))
    assert not openalex_json.sniff("TY  - JOUR\n")
