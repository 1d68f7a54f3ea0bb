"""Web of Science readers: plain text and tab-delimited, on the real exports and inline snippets."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
import pytest

from bibliomap import io, records
from bibliomap.errors import BibliomapError
from bibliomap.io import wos_plain, wos_tab

PLAIN = (
    "wos_plaintext/wos_txt_2017_profit_shifting.txt",
    "wos_plaintext/wos_txt_2024_data_science_education.txt",
)
TAB = "wos_tab/wos_tab_2022_tobler.txt"
LARGE = "large/large_wos_txt_archaeology_27500"

# MANIFEST / FILES.tsv ``fields_present`` keys and the canonical column each one counts.
PRESENT = {
    "abstract(AB)": pl.col("abstract").is_not_null(),
    "author_kw(DE)": pl.col("author_keywords").list.len() > 0,
    "keywords_plus(ID)": pl.col("index_keywords").list.len() > 0,
    "cited_refs(CR)": pl.col("references").list.len() > 0,
    "times_cited(TC)": pl.col("cited_by").is_not_null(),
    "DOI(DI)": pl.col("doi").is_not_null(),
    "UT": pl.col("ut").is_not_null(),
}


def rows(path: Path) -> list[dict[str, str]]:
    """The rows of a MANIFEST.tsv or FILES.tsv."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def manifest_row(shared_data, relative: str) -> dict[str, str]:
    """The MANIFEST.tsv row of one export."""
    return next(row for row in rows(shared_data("MANIFEST.tsv")) if row["local_path"] == relative)


def assert_fields_present(frame: pl.DataFrame, fields_present: str) -> None:
    """Every ``name=n/total`` of ``fields_present`` that :data:`PRESENT` knows holds exactly."""
    counts = re.findall(r"([\w()]+)=(\d+)/(\d+)", fields_present)
    checked = [(name, int(n), int(total)) for name, n, total in counts if name in PRESENT]
    assert checked, fields_present
    for name, n, total in checked:
        assert frame.height == total
        assert frame.select(PRESENT[name].sum()).item() == n, name


def record(frame: pl.DataFrame, number: int) -> dict:
    """Record ``number`` (1-based) of a frame, as a dict."""
    return frame.row(number - 1, named=True)


@pytest.mark.parametrize("relative", PLAIN)
def test_plain_text_samples_read_with_manifest_counts(shared_data, relative):
    path = shared_data(relative)
    assert io.detect(path) is wos_plain
    frame, skipped = wos_plain.read(path)
    row = manifest_row(shared_data, relative)
    assert frame.height == int(row["records"]) and skipped == ()
    assert frame.schema == records.SCHEMA
    assert_fields_present(frame, row["fields_present"])
    assert frame["databases"].to_list() == [["wos"]] * frame.height
    assert frame["origin"][-1].to_list() == [f"{path.name}:{frame.height}"]
    assert frame["id"].is_null().all()


def test_plain_text_2017_first_record(shared_data):
    frame, _ = wos_plain.read(shared_data(PLAIN[0]))
    first = record(frame, 1)
    assert first["ut"] == "WOS:000389621600010"
    assert first["doi"] == "10.17310/ntj.2016.4.09"
    # TI continues on a second line.
    assert first["title"] == (
        "THE EFFECT OF PROFIT SHIFTING ON THE CORPORATE TAX BASE IN THE UNITED STATES AND BEYOND"
    )
    assert (first["year"], first["volume"], first["issue"]) == (2016, "69", "4")
    assert (first["page_start"], first["page_end"]) == ("905", "934")
    assert first["document_type_raw"] == "Article; Proceedings Paper"
    assert first["document_type"] == "article"
    assert first["language"] == "English"
    assert first["source_title"] == "NATIONAL TAX JOURNAL"
    assert first["source_abbrev"] == "NATL TAX J"
    assert first["issn"] == "0028-0283; 1944-7477"
    assert first["publisher"] == "NATL TAX ASSOC"
    assert first["authors"] == ["Clausing, K.A."]
    assert first["author_full_names"] == ["Clausing, Kimberly A."]
    assert first["affiliations"] == ["Reed Coll, Dept Econ, Portland, OR 97202 USA"]
    assert first["author_affiliations"] == ["Reed Coll, Dept Econ, Portland, OR 97202 USA"]
    assert first["author_keywords"] == [
        "international taxation",
        "income shifting",
        "tax avoidance",
        "corporate tax revenue",  # DE continues on a second line
    ]
    assert first["index_keywords"][:2] == ["INTRAFIRM TRADE", "TAXATION"]
    assert first["references"][0]["raw"] == "Auerbach AJ, 1997, J ECON LIT, V35, P589"
    assert len(first["references"]) == 47  # NR 47
    assert first["cited_by"] == 0
    assert first["origin"] == ["wos_txt_2017_profit_shifting.txt:1"]


def test_plain_text_2024_addresses_organizations_and_continuations(shared_data):
    frame, _ = wos_plain.read(shared_data(PLAIN[1]))
    first, second = record(frame, 1), record(frame, 2)
    # SO continues on a second line; AB has three paragraph lines.
    assert first["source_title"] == (
        "PROCEEDINGS OF THE 2020 ACM CONFERENCE ON INTERNATIONAL COMPUTING EDUCATION RESEARCH, "
        "ICER 2020"
    )
    assert first["abstract"].startswith("Data science is a new field of research")
    assert "Over the past few years, several papers" in first["abstract"]
    assert first["document_type"] == "conference paper"
    assert first["organizations"] == ["Technion Israel Institute of Technology"]
    assert first["ut"] == "WOS:001304831400041"
    assert second["authors"] == [
        "Kross, S.",
        "Peng, R.D.",
        "Caffo, B.S.",
        "Gooding, I.",
        "Leek, J.T.",
    ]
    ucsd = (
        "Univ Calif San Diego, Dept Cognit Sci, 9500 Gilman Dr,Mailcode 0515, La Jolla, "
        "CA 92093 USA"
    )
    biostat = "Johns Hopkins Bloomberg Sch Publ Hlth, Dept Biostat, Baltimore, MD USA"
    teaching = "Johns Hopkins Bloomberg Sch Publ Hlth, Ctr Teaching & Learning, Baltimore, MD USA"
    assert second["affiliations"] == [ucsd, biostat, teaching]
    assert second["author_affiliations"] == [ucsd, biostat, biostat, teaching, biostat]
    assert second["open_access"] == "Bronze"
    assert second["cited_by"] == 19


def test_reprint_address_is_the_fallback_affiliation(tmp_path):
    # RP entries, no C1: the address is kept and given to the author it names.
    snippet = (
        "FN Clarivate Analytics Web of Science\nVR 1.0\n"
        "PT J\nAU Kim, W\n   Lee, J\nTI A title\n"
        "RP Kim, W (corresponding author), Korea Univ, Sch Business, Seoul 02841, South Korea.; "
        "Kim, W (corresponding author), Korea Univ, Dept Econ, Seoul, South Korea.\n"
        "PY 2020\nUT WOS:1\nER\n\n"
        "PT J\nAU Roe, R\nTI Old\nRP UNIV HAWAII, HONOLULU, HI 96822 USA.\nUT WOS:2\nER\n\nEF\n"
    )
    path = tmp_path / "rp.txt"
    path.write_text(snippet, encoding="utf-8")
    frame, _ = wos_plain.read(path)
    one, two = record(frame, 1), record(frame, 2)
    business = "Korea Univ, Sch Business, Seoul 02841, South Korea"
    economics = "Korea Univ, Dept Econ, Seoul, South Korea"
    assert one["affiliations"] == [business, economics]
    assert one["author_affiliations"] == [f"{business}; {economics}", ""]
    assert two["affiliations"] == ["UNIV HAWAII, HONOLULU, HI 96822 USA"]
    assert two["author_affiliations"] == []


def test_read_many_gives_read_of_each_file(shared_data, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("FN x\nVR 1.0\nPT J\nAU A, B\nstray\nER\n\nPT J\nTI Kept\nUT WOS:9\nER\nEF\n")
    paths = [shared_data(PLAIN[1]), bad, shared_data(PLAIN[0])]
    many = wos_plain.read_many(paths)
    assert [frame.height for frame, _ in many] == [146, 1, 178]
    for (frame, skipped), path in zip(many, paths, strict=True):
        alone, skipped_alone = wos_plain.read(path)
        assert frame.equals(alone) and skipped == skipped_alone
    assert [item.record for item in many[1][1]] == ["1"]
    assert many[1][0]["origin"].to_list() == [["bad.txt:2"]]


def test_large_set_every_file_matches_files_tsv(shared_data):
    folder = shared_data(LARGE)
    total = 0
    for row in rows(folder / "FILES.tsv"):
        frame, skipped = wos_plain.read(folder / row["file"])
        assert skipped == ()
        assert frame.height == int(row["records"]), row["file"]
        assert_fields_present(frame, row["fields_present"])
        total += frame.height
    assert total == 27_500


def test_tab_delimited_sample(shared_data):
    path = shared_data(TAB)
    assert io.detect(path) is wos_tab
    frame, skipped = wos_tab.read(path)
    row = manifest_row(shared_data, TAB)
    assert frame.height == int(row["records"]) == 81 and skipped == ()
    assert frame.schema == records.SCHEMA
    assert_fields_present(frame, row["fields_present"])
    first, third = record(frame, 1), record(frame, 3)
    assert first["title"] == "A new companion for Mercator"
    assert first["ut"] == "WOS:000425064400008"
    assert first["doi"] == "10.1080/15230406.2017.1308837"
    assert first["author_keywords"] == ["Map projection", "equal area", "Mercator"]
    assert first["references"][0]["raw"] == "Lambert J. H., 1772, NOTES COMMENTS COMPO"
    assert (first["cited_by"], first["year"], first["page_start"]) == (1, 2018, "284")
    assert third["authors"] == ["Yoo, E.H.", "Kyriakidis, P.C.", "Tobler, W."]
    buffalo = "SUNY Buffalo, Dept Geog, Buffalo, NY 14260 USA"
    assert third["affiliations"][0] == buffalo
    santa_barbara = third["affiliations"][1]
    assert santa_barbara.startswith("Univ Calif Santa Barbara, Dept Geog")
    assert third["author_affiliations"] == [buffalo, santa_barbara, santa_barbara]
    assert third["references"][2]["raw"] == (
        "BRIGGS IC, 1974, GEOPHYSICS, V39, P39, DOI 10.1190/1.1440410"
    )


TAB_HEADER = "PT\tAU\tAF\tTI\tSO\tC1\tCR\tTC\tPY\tDI\tUT"


def test_tab_delimited_utf16_crlf_quotes_and_trailing_tab(tmp_path):
    lines = [
        TAB_HEADER,
        'J\tDoe, J; Roe, R\tDoe, Jane; Roe, Richard\tThe "quoted" map\tJ GEOGR\t'
        "[Doe, Jane] Univ A, Leiden, Netherlands; [Roe, Richard] Univ B, Paris, France\t"
        "Smith J, 2001, NATURE, V1, P2; Li W, 1999, SCIENCE\t7\t2021\t10.1/ABC\tWOS:9\t",
        'B\tLi, W\tLi, Wei\tA book "title\tBOOKS\t\t\t\t2019\t\tWOS:10\t',
    ]
    path = tmp_path / "savedrecs.txt"
    path.write_bytes(b"\xff\xfe" + "".join(f"{line}\r\n" for line in lines).encode("utf-16-le"))
    assert io.detect(path) is wos_tab
    frame, skipped = wos_tab.read(path)
    assert skipped == ()
    one, two = record(frame, 1), record(frame, 2)
    assert one["title"] == 'The "quoted" map'
    assert one["authors"] == ["Doe, J.", "Roe, R."]
    assert one["author_affiliations"] == ["Univ A, Leiden, Netherlands", "Univ B, Paris, France"]
    assert [ref["raw"] for ref in one["references"]] == [
        "Smith J, 2001, NATURE, V1, P2",
        "Li W, 1999, SCIENCE",
    ]
    assert (one["cited_by"], one["doi"], one["year"]) == (7, "10.1/abc", 2021)
    assert two["title"] == 'A book "title'
    assert two["references"] == [] and two["cited_by"] is None
    assert frame["origin"].to_list() == [["savedrecs.txt:1"], ["savedrecs.txt:2"]]


def test_tab_delimited_misfit_rows_are_skipped_and_listed(tmp_path):
    good = "J\tDoe, J\tDoe, Jane\tTitle\tJ\t\t\t1\t2020\t\tWOS:1"
    shifted = "J\tDoe, J\tDoe\tJane\tTitle\tJ\t\t\t1\t2020\t\tWOS:2"
    short = "J\tDoe, J"
    path = tmp_path / "t.txt"
    path.write_text("\n".join([TAB_HEADER, good, shifted, short, good]) + "\n", encoding="utf-8")
    frame, skipped = wos_tab.read(path)
    assert frame["origin"].to_list() == [["t.txt:1"], ["t.txt:4"]]
    assert [(item.record, item.line) for item in skipped] == [("2", 3), ("3", 4)]
    assert "12 tab-separated fields, expected 11" in skipped[0].reason


def test_tab_delimited_without_header_is_an_error(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("J\tDoe, J\tTitle\n", encoding="utf-8")
    with pytest.raises(BibliomapError, match=r"t.txt, line 1: expected a header line"):
        wos_tab.read(path)
    assert not wos_tab.sniff("J\tDoe, J\tTitle\n")


def test_truncated_real_export_names_file_and_line(shared_data, tmp_path):
    data = shared_data(PLAIN[1]).read_bytes()
    cut = data[: len(data) // 2]
    path = tmp_path / "cut.txt"
    path.write_bytes(cut)
    line = cut.count(b"\n") + 1
    with pytest.raises(BibliomapError, match=rf"cut.txt, line {line}: the file ends inside record"):
        wos_plain.read(path)


def test_sniffers_keep_to_their_formats():
    assert wos_plain.sniff("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\nAU X\n")
    assert wos_plain.sniff("\r\nPT J\r\nAU X\r\n")
    assert not wos_plain.sniff("PT\tAU\tTI\tUT\n")
    assert not wos_plain.sniff("TY  - JOUR\nDB  - Scopus\n")
    assert not wos_plain.sniff("PMID- 1\nTI  - x\n")
    assert wos_tab.sniff("PT\tAU\tBA\tTI\tUT\tDA\n")
    assert not wos_tab.sniff("FN Clarivate Analytics Web of Science\nVR 1.0\nPT J\n")
