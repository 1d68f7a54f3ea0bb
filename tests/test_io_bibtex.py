"""The BibTeX tokenizer and the Scopus / Web of Science BibTeX readers."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
import pytest

from bibliomap.errors import BibliomapError
from bibliomap.io import bibtex, read_head, scopus_bib, wos_bib

SCOPUS_2017 = "scopus_bib/scopus_bib_2017_bibliometrics.bib"
SCOPUS_2023 = "scopus_bib/scopus_bib_2023_biodiversity.bib"
WOS = "wos_bib/wos_bib_2022_mcda.bib"


def _manifest_records(shared_data, relative: str) -> int:
    with shared_data("MANIFEST.tsv").open(encoding="utf-8") as handle:
        rows = {row["local_path"]: row for row in csv.DictReader(handle, delimiter="\t")}
    return int(rows[relative]["records"])


def _write(tmp_path: Path, text: str, name: str = "x.bib") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = (
    "@ARTICLE{a1,\nauthor={Cohen, W.M. and Levinthal, D.A.},\ntitle={T {B} c},\nyear={1990}\n}\n"
)


def test_tokenizer_handles_preamble_glued_entries_quotes_and_nesting(tmp_path):
    text = (
        "\ufeffScopus\nEXPORT DATE: 27 November 2023\n\n"
        + ENTRY
        + '@ARTICLE{a2, title = "Q, {R}", year = 2001,}'
        + "@ARTICLE{Ribeiro, Jr2022,\n\tnote = {Cited by: 3; All Open Access},\n"
        + "\tabstract = {{x \\{ y} and {{deep}} z}\n}"
    )
    bib = bibtex.tokenize(_write(tmp_path, text))
    assert bib.entries.rows() == [
        (1, 4, "article", "a1"),
        (2, 9, "article", "a2"),
        (3, 9, "article", "Ribeiro, Jr2022"),
    ]
    assert bib.fields.rows() == [
        (1, "author", "Cohen, W.M. and Levinthal, D.A."),
        (1, "title", "T {B} c"),
        (1, "year", "1990"),
        (2, "title", "Q, {R}"),
        (2, "year", "2001"),
        (3, "note", "Cited by: 3; All Open Access"),
        (3, "abstract", "{x \\{ y} and {{deep}} z"),
    ]
    assert bib.skipped == ()


def test_tokenizer_unwraps_double_braces_and_reads_utf16(tmp_path):
    path = tmp_path / "wos.bib"
    path.write_bytes("@article{ WOS:1,\nTitle = {{A {[}x] title}},\n}\n".encode("utf-16"))
    bib = bibtex.tokenize(path)
    assert bib.entries["key"].to_list() == ["WOS:1"]
    value = bib.fields["value"].to_list()
    assert value == ["A {[}x] title"]
    plain = pl.DataFrame({"v": value}).select(bibtex.unescape(pl.col("v")))["v"].to_list()
    assert plain == ["A [x] title"]


def test_unescape_resolves_web_of_science_escapes():
    raw = ["Econ \\& Business", "DOI {[}10.1/x, 10.1/y]", "{*}OECD", "8:4\\{.", "{CiteSpace II}"]
    got = pl.DataFrame({"v": raw}).select(bibtex.unescape(pl.col("v")))["v"].to_list()
    assert got == ["Econ & Business", "DOI [10.1/x, 10.1/y]", "*OECD", "8:4{.", "CiteSpace II"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (ENTRY + "@ARTICLE{a2,\ntitle={abc", 6, "truncated"),
        ("@ARTICLE{a1,\ntitle={T,\nyear={2000}\n}\n" + ENTRY, 1, "not closed before the next"),
        ("@ARTICLE{a1,\ntitle={T}},\nyear={2000}\n}\n" + ENTRY, 1, "unbalanced braces"),
        ("@ARTICLE{a1,\ntitle={T}, junk,\nyear={2000}\n}\n" + ENTRY, 1, "name = value"),
        ('@ARTICLE{a1,\ntitle="T,\nyear={2000}\n}\n' + ENTRY, 1, "unterminated quoted"),
        ("@ARTICLE{a1,\ntitle={T} # {U},\n}\n" + ENTRY, 1, "one {...}"),
        ("year={2000}\n}\n" + ENTRY, 1, "before the first entry"),
    ],
)
def test_malformed_entries_raise_with_line(tmp_path, text, line, message):
    path = _write(tmp_path, text)
    with pytest.raises(BibliomapError, match=re.escape(message)) as raised:
        bibtex.tokenize(path)
    assert raised.value.line == line
    assert raised.value.path == str(path)


def test_lenient_skips_a_malformed_middle_entry_and_lists_it(tmp_path):
    path = _write(tmp_path, "@ARTICLE{a1,\ntitle={T,\nyear={2000}\n}\n" + ENTRY)
    bib = bibtex.tokenize(path, lenient=True)
    assert bib.entries["record"].to_list() == [2]
    assert [(p.record, p.line) for p in bib.skipped] == [("1", 1)]
    with pytest.raises(BibliomapError, match="truncated"):
        bibtex.tokenize(_write(tmp_path, ENTRY + "@ARTICLE{a2,\ntitle={abc"), lenient=True)


def test_bad_encoding_and_empty_files_raise(tmp_path):
    latin = tmp_path / "latin.bib"
    latin.write_bytes(ENTRY.replace("Cohen", "Müller").encode("latin-1"))
    with pytest.raises(BibliomapError, match="not UTF-8") as raised:
        bibtex.tokenize(latin)
    assert raised.value.line == 2
    with pytest.raises(BibliomapError, match="no BibTeX entries"):
        bibtex.tokenize(_write(tmp_path, "\n\n"))


def test_tokenizer_matches_a_plain_parse_of_the_2023_scopus_file(shared_data):
    path = shared_data(SCOPUS_2023)
    text = path.read_text(encoding="utf-8-sig")
    expected = re.findall(r"\n\t([a-z_]+) = \{(.*?)\}(?=,\n|\n\})", text, flags=re.S)
    bib = bibtex.tokenize(path)
    assert bib.fields.select("field", "value").rows() == expected
    assert bib.entries.height == _manifest_records(shared_data, SCOPUS_2023)


@pytest.mark.parametrize(
    ("relative", "module"), [(SCOPUS_2017, scopus_bib), (SCOPUS_2023, scopus_bib), (WOS, wos_bib)]
)
def test_every_entry_is_read(shared_data, relative, module):
    path = shared_data(relative)
    records, problems = module.read(path)
    assert records.height == _manifest_records(shared_data, relative)
    assert problems == ()
    assert records["origin"].list.first().to_list() == [
        f"{path.name}:{n}" for n in range(1, records.height + 1)
    ]
    assert module.sniff(read_head(path))


def test_scopus_2017_fields(shared_data):
    records, _ = scopus_bib.read(shared_data(SCOPUS_2017))
    first = records.row(0, named=True)
    assert first["eid"] == "2-s2.0-84958240848"
    assert first["doi"] == "10.1007/s11192-016-1885-6"
    assert first["title"] == "Scientific workflows for bibliometrics"
    assert (first["year"], first["volume"], first["issue"]) == (2016, "107", "2")
    assert (first["page_start"], first["page_end"]) == ("385", "398")
    assert first["authors"] == ["Guler, A.T.", "Waaijer, C.J.F.", "Palmblad, M."]
    leiden_medical = "Center for Proteomics and Metabolomics, Leiden University Medical Center"
    cwts = "Centre for Science and Technology Studies, Leiden University"
    assert [a.split(", Leiden, ")[0] for a in first["author_affiliations"]] == [
        leiden_medical,
        cwts,
        leiden_medical,
    ]
    assert first["author_keywords"][:2] == ["Bibliometrics", "Mass spectrometry"]
    assert first["cited_by"] == 0
    assert first["references"][0]["raw"].startswith("Berthold, M.R., Cebron, N.")
    garfield = records.filter(pl.col("references").list.len() > 0)["references"].explode()
    raw = garfield.struct.field("raw")
    assert raw.str.starts_with("Garfield, E., Citation indexes for science; a new dimension").any()
    assert records["document_type"].value_counts().sort("document_type").rows() == [
        ("article", 245),
        ("book", 1),
        ("book chapter", 10),
        ("conference paper", 53),
        ("editorial", 29),
        ("letter", 14),
        ("other", 20),
        ("review", 42),
    ]
    counts = records.select(
        (pl.col("references").list.len() > 0).sum(),
        (pl.col("index_keywords").list.len() > 0).sum(),
        pl.col("abstract").is_not_null().sum(),
    ).row(0)
    assert counts == (346, 210, 311)


def test_scopus_2023_fields(shared_data):
    records, _ = scopus_bib.read(shared_data(SCOPUS_2023))
    ribeiro = records.filter(pl.col("eid") == "2-s2.0-85138726604").row(0, named=True)
    assert ribeiro["authors"][:2] == ["Ribeiro, J.W.", "Harmon, K."]
    assert ribeiro["author_full_names"][0] == "Ribeiro, Jr, José W."
    assert ribeiro["cited_by"] == 3
    assert ribeiro["open_access"] == "All Open Access, Gold Open Access"
    assert ribeiro["issn"] == "2072-4292"
    assert ribeiro["author_affiliations"] == [""] * 6
    book = records.row(0, named=True)
    assert (book["page_start"], book["page_end"], book["cited_by"]) == ("1", "174", 4)
    assert book["authors"] == []
    glued = records.filter(pl.col("eid").is_in(["2-s2.0-85122883697", "2-s2.0-84988925706"]))
    assert glued["title"].str.starts_with("Semantic Conceptual Framework").sum() == 1
    assert glued.height == 2
    assert records["cited_by"].sum() == sum(
        int(n) for n in re.findall(r"Cited by: (\d+)", shared_data(SCOPUS_2023).read_text("utf-8"))
    )


def test_wos_bib_fields(shared_data):
    path = shared_data(WOS)
    records, _ = wos_bib.read(path)
    first = records.row(0, named=True)
    assert first["ut"] == "WOS:000719584000015"
    assert first["title"] == "ELECTRE-SCORE : A first outranking based method for scoring actions"
    assert first["authors"] == ["Figueira, J.R.", "Greco, S.", "Roy, B."]
    assert first["author_affiliations"][1] == (
        "Univ Catania, Dept Econ & Business, Catania, Italy; Univ Portsmouth, Ctr Operat Res & "
        "Logist CORL, Portsmouth Business Sch, Portsmouth, Hants, England"
    )
    assert first["issn"] == "0377-2217; 1872-6860"
    assert first["index_keywords"][0] == "COMPENSATORY COMPOSITE INDICATORS"
    assert first["references"][1]["raw"] == "[Anonymous], 2000, B WORLD HEALTH ORGAN, V78, P868"
    text = path.read_text(encoding="utf-8-sig")
    blocks = re.findall(r"\nCited-References = \{\{(.*?)\}\},\n", text, flags=re.S)
    assert records["references"].list.len().to_list() == [b.count("\n") + 1 for b in blocks]
    cited = [int(n) for n in re.findall(r"\nTimes-Cited = \{\{(\d+)\}\}", text)]
    assert records["cited_by"].to_list() == cited
    assert not records["affiliations"].explode().drop_nulls().str.contains("Corresponding").any()
