"""PubMed (MEDLINE) and Scopus RIS readers, on the real exports and inline snippets."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from bibliomap import io, records
from bibliomap.errors import BibliomapError
from bibliomap.io import pubmed, scopus_ris

PUBMED = "pubmed_medline/pubmed_2022_mcda_health.txt"
RIS = "scopus_ris/scopus_ris_2022_absorptive_capacity.ris"
SCOPUS_CSV = "scopus_csv/scopus_csv_2022_absorptive_capacity.csv"


def by(frame: pl.DataFrame, column: str, value: str) -> dict:
    """The one record whose ``column`` is ``value``."""
    (row,) = frame.filter(pl.col(column) == value).iter_rows(named=True)
    return row


def test_pubmed_sample_counts(shared_data):
    path = shared_data(PUBMED)
    assert io.detect(path) is pubmed
    frame, skipped = pubmed.read(path)
    assert frame.height == 335 and skipped == ()
    assert frame.schema == records.SCHEMA
    # MANIFEST: abstract(AB)=335/335; author_kw(OT)=220/335; MeSH(MH)=279/335; no cited_by.
    assert frame["abstract"].null_count() == 0
    assert frame.filter(pl.col("author_keywords").list.len() > 0).height == 220
    assert frame.filter(pl.col("index_keywords").list.len() > 0).height == 279
    assert frame["cited_by"].null_count() == 335
    assert frame["pmid"].n_unique() == 335
    assert frame["databases"].to_list() == [["pubmed"]] * 335
    assert frame["origin"][0].to_list() == ["pubmed_2022_mcda_health.txt:1"]
    # The author fields stay aligned.
    lengths = frame.select(
        pl.col("authors").list.len(), pl.col("author_full_names").list.len().alias("full")
    )
    assert (lengths["authors"] == lengths["full"]).all()


def test_pubmed_first_record(shared_data):
    frame, _ = pubmed.read(shared_data(PUBMED))
    first = by(frame, "pmid", "35757629")
    assert first["doi"] == "10.3389/fpubh.2022.895552"
    assert first["title"] == (
        "Knowledge Mapping of Multicriteria Decision Analysis in Healthcare: A Bibliometric "
        "Analysis."
    )
    assert first["abstract"].startswith("OBJECTIVE: Multicriteria decision analysis (MCDA)")
    assert first["abstract"].endswith("or application (e.g., telemedicine).")
    assert first["year"] == 2022
    assert first["document_type_raw"] == "Journal Article; Research Support, Non-U.S. Gov't; Review"
    assert first["document_type"] == "review"
    assert first["language"] == "English"
    assert first["source_title"] == "Frontiers in public health"
    assert first["source_abbrev"] == "Front Public Health"
    assert first["issn"] == "2296-2565"
    assert (first["volume"], first["page_start"], first["page_end"]) == ("10", "895552", None)
    assert first["authors"][:3] == ["Dai, Z.", "Xu, S.", "Wu, X."]
    assert first["author_full_names"][:2] == ["Dai, Zeqi", "Xu, Simin"]
    chinese_medicine = (
        "Center for Evidence-Based Chinese Medicine, Institute of Basic Research in Clinical "
        "Medicine, China Academy of Chinese Medical Sciences, Beijing, China"
    )
    assert first["author_affiliations"][0] == chinese_medicine
    assert first["author_affiliations"][5] == (
        "Department of Cardiology, Guang'anmen Hospital, China Academy of Chinese Medical "
        "Sciences, Beijing, China"
    )
    assert first["affiliations"][0] == chinese_medicine
    assert len(first["affiliations"]) == len(set(first["affiliations"])) == 3
    assert first["index_keywords"][:2] == ["Bibliometrics", "COVID-19"]  # "*COVID-19" in MH
    assert "VOSviewer" in first["author_keywords"]


def test_pubmed_abbreviated_pages_and_books(shared_data):
    frame, _ = pubmed.read(shared_data(PUBMED))
    drugs = by(frame, "pmid", "21036393")
    assert (drugs["page_start"], drugs["page_end"]) == ("1558", "1565")  # PG 1558-65
    assert drugs["issn"] == "1474-547X; 0140-6736"
    assert (drugs["volume"], drugs["issue"]) == ("376", "9752")
    assert drugs["doi"] == "10.1016/s0140-6736(10)61462-6"
    book = frame.filter(pl.col("title").str.starts_with("The impact of home energy")).row(
        0, named=True
    )
    assert book["source_title"] == "Public Health Research"  # CTI, no JT
    assert book["document_type_raw"] == "Review; Book"


def test_pubmed_author_groups_inline(tmp_path):
    text = (
        "PMID- 7\r\nTI  - T\r\nFAU - van der Berg, Jan Piet\r\nAU  - van der Berg JP\r\n"
        "AD  - Univ A, Leiden, \r\n      Netherlands.\r\nAD  - Univ B, Delft, Netherlands.\r\n"
        "AU  - Li W\r\nCN  - Some Consortium\r\nLA  - eng\r\nPG  - 123-45\r\nDP  - 1999 Jan\r\n"
    )
    path = tmp_path / "pubmed.nbib"
    path.write_bytes(text.encode())
    assert io.detect(path) is pubmed
    frame, _ = pubmed.read(path)
    row = frame.row(0, named=True)
    assert row["authors"] == ["van der Berg, J.P.", "Li, W."]
    assert row["author_full_names"] == ["van der Berg, Jan Piet", "Li W"]
    assert row["author_affiliations"] == [
        "Univ A, Leiden, Netherlands; Univ B, Delft, Netherlands",
        "",
    ]
    assert (row["page_start"], row["page_end"], row["year"]) == ("123", "145", 1999)


def test_pubmed_bad_input(tmp_path):
    path = tmp_path / "pm.txt"
    path.write_text("PMID- 1\nTI  - T\nnot a field\n\nPMID- 2\nTI  - U\n", encoding="utf-8")
    frame, skipped = pubmed.read(path)
    assert frame["pmid"].to_list() == ["2"]
    assert [(item.record, item.line) for item in skipped] == [("1", 3)]
    path.write_text("garbage\nPMID- 1\nTI  - T\n", encoding="utf-8")
    with pytest.raises(BibliomapError, match=r"pm.txt, line 1: unexpected text outside a record"):
        pubmed.read(path)


def test_scopus_ris_sample(shared_data):
    path = shared_data(RIS)
    assert io.detect(path) is scopus_ris
    frame, skipped = scopus_ris.read(path)
    assert frame.height == 127 and skipped == ()
    assert frame.schema == records.SCHEMA
    # MANIFEST: abstract(AB)=126/127; KW=112/127; references=118/127; Cited By=100/127.
    assert frame["abstract"].null_count() == 1
    assert frame.filter(pl.col("author_keywords").list.len() > 0).height == 112
    assert frame.filter(pl.col("references").list.len() > 0).height == 118
    assert frame.filter(pl.col("cited_by") > 0).height == 100
    assert frame["cited_by"].null_count() == 0
    assert frame["eid"].null_count() == 0 and frame["eid"].n_unique() == 127
    assert frame["databases"].to_list() == [["scopus"]] * 127
    assert frame["index_keywords"].list.len().sum() == 0


def test_scopus_ris_first_record(shared_data):
    frame, _ = scopus_ris.read(shared_data(RIS))
    first = frame.row(0, named=True)
    assert first["title"] == "Absorptive capacity, knowledge spillovers and incentive contracts"
    assert first["eid"] == "2-s2.0-85126271708"  # from the UR glued to the last reference line
    assert first["doi"] == "10.1016/j.ijindorg.2022.102830"
    assert first["source_title"] == "International Journal of Industrial Organization"
    assert first["source_abbrev"] == "Int J Ind Organiz"
    assert (first["volume"], first["year"], first["page_start"]) == ("82", 2022, "102830")
    assert first["issn"] == "0167-7187"
    assert first["authors"] == ["Aguiar, L.", "Gagnepain, P."]
    assert first["affiliations"] == [
        "Department of Business Administration, University of Zurich, Plattenstrasse 14, Zürich, "
        "Switzerland",
        "Paris School of Economics-Université Paris 1, 48 bd Jourdan, Paris, France",
    ]
    assert first["author_affiliations"] == []
    # KW mixes author and index keywords; each appears once.
    assert first["author_keywords"][:2] == ["Absorptive capacity", "Cost incentives"]
    assert first["author_keywords"].count("Absorptive capacity") == 1
    assert len(first["author_keywords"]) == 16  # 21 KW lines, 5 repeated
    assert first["references"][0]["raw"] == (
        "Ampélas, A., Télématique et transports en commun (2001) Les Cah. Numér., 2, pp. 213-238"
    )
    assert first["references"][-1]["raw"] == (
        "Wasserman, S., Faust, K., Social Network Analysis: Methods and Applications (1994), "
        "Cambridge University Press"
    )
    assert first["cited_by"] == 0
    assert first["funding"].startswith("ITEA; Agence Nationale de la Recherche, ANR, ")
    assert " | The authors acknowledge financial support" in first["funding"]
    assert first["document_type"] == "article" and first["language"] == "English"


def test_scopus_ris_agrees_with_the_csv_export_of_the_same_records(shared_data):
    frame, _ = scopus_ris.read(shared_data(RIS))
    with shared_data(SCOPUS_CSV).open(encoding="utf-8-sig", newline="") as handle:
        cells = {row["EID"]: row for row in csv.DictReader(handle)}
    assert set(frame["eid"]) == set(cells)
    for row in frame.iter_rows(named=True):
        cell = cells[row["eid"]]
        assert "; ".join(ref["raw"] for ref in row["references"]) == cell["References"]
        assert row["cited_by"] == int(cell["Cited by"] or 0)
        assert row["doi"] == (cell["DOI"].lower() or None)
        assert row["year"] == int(cell["Year"])
        assert row["volume"] == (cell["Volume"] or None)


def test_scopus_ris_notes_inline(tmp_path):
    text = (
        "TY  - CONF\nTI  - A paper\nT2  - Conf X\nAU  - Doe, J.\nPY  - 2020\n"
        "SN  - 20488963 (ISSN); 9781912764815 (ISBN)\nKW  - a\nKW  - b\nKW  - a\n"
        "N1  - Cited By :12\nN1  - Correspondence Address: Doe, J.; Univ A, Leiden, Netherlands; "
        "email: j@a.nl\nN1  - Funding details: Fund A, FA\nN1  - Funding details: Fund B\n"
        "N1  - Funding text 1: Thanks.\nM3  - Conference Paper\nDB  - Scopus\nER  - \n"
    )
    path = tmp_path / "scopus.ris"
    path.write_text(text, encoding="utf-8")
    assert io.detect(path) is scopus_ris
    row = scopus_ris.read(path)[0].row(0, named=True)
    assert row["cited_by"] == 12
    assert row["issn"] == "2048-8963"
    assert row["author_keywords"] == ["a", "b"]
    assert row["affiliations"] == ["Univ A, Leiden, Netherlands"]  # no AD: correspondence
    assert row["funding"] == "Fund A, FA; Fund B | Thanks."
    assert row["document_type"] == "conference paper" and row["source_title"] == "Conf X"
    assert row["references"] == []


def test_scopus_ris_truncated_and_sniffing(tmp_path, shared_data):
    data = shared_data(RIS).read_bytes()
    cut = data[: data.index(b"ER  -", len(data) // 2)]
    path = tmp_path / "cut.ris"
    path.write_bytes(cut)
    with pytest.raises(BibliomapError, match=r"cut.ris, line \d+: the file ends inside record"):
        scopus_ris.read(path)
    assert not scopus_ris.sniff("TY  - JOUR\nTI  - x\nDB  - Web of Science\nER  - \n")
    assert not pubmed.sniff("TY  - JOUR\nDB  - Scopus\n")
    assert pubmed.sniff("PMID- 35757629\r\nOWN - NLM\r\n")
    assert not pubmed.sniff("PT J\nAU x\n")
