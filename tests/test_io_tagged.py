"""The line-tagged parser: fields, continuations, record numbers, and every kind of bad input."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from bibliomap.errors import BibliomapError
from bibliomap.io import flat, tagged

WOS = (
    "FN Clarivate Analytics Web of Science\n"
    "VR 1.0\n"
    "PT J\n"
    "AU Doe, J\n"
    "   Roe, R\n"
    "TI A title\n"
    "   on two lines\n"
    "ER\n"
    "\n"
    "PT B\n"
    "TI Second\n"
    "ER\n"
    "\n"
    "EF\n"
)


def write(tmp_path, text: str, name: str = "export.txt", encoding: str = "utf-8"):
    """``text`` written to a file in ``tmp_path``."""
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_wos_fields_continuations_and_line_numbers(tmp_path):
    parsed = tagged.parse(write(tmp_path, WOS), tagged.WOS)
    assert parsed.records == 2 and parsed.skipped == ()
    assert parsed.lines.rows() == [
        (1, 3, "PT", "J", 3),
        (1, 4, "AU", "Doe, J", 4),
        (1, 4, "AU", "Roe, R", 5),
        (1, 5, "TI", "A title", 6),
        (1, 5, "TI", "on two lines", 7),
        (2, 7, "PT", "B", 10),
        (2, 8, "TI", "Second", 11),
    ]
    assert tagged.per_field(parsed, ("TI", "SO")).rows() == [
        (1, ["A title on two lines"], None),
        (2, ["Second"], None),
    ]
    assert tagged.by_record([parsed], ("TI",), ("AU",)).rows() == [
        (0, 1, "A title on two lines", ["Doe, J", "Roe, R"]),
        (0, 2, "Second", None),
    ]
    assert tagged.per_field(parsed, ("TI",)).rows() == [
        (1, ["A title on two lines"]),
        (2, ["Second"]),
    ]


def test_medline_repeated_tags_crlf_and_padding(tmp_path):
    text = (
        "PMID- 1\r\nTI  - A title \r\n      continued.\r\nFAU - Doe, Jane\r\nAU  - Doe J\r\n"
        "AU  - Roe R\r\nLID - 10.1/x [doi]\r\n\r\nPMID- 2\r\nTI  - Second\r\n"
    )
    parsed = tagged.parse(write(tmp_path, text), tagged.MEDLINE)
    assert parsed.records == 2
    assert tagged.per_field(parsed, ("TI", "AU", "FAU", "LID")).rows() == [
        (1, ["A title continued."], ["Doe J", "Roe R"], ["Doe, Jane"], ["10.1/x [doi]"]),
        (2, ["Second"], None, None, None),
    ]


def test_ris_untagged_lines_continue_and_glued_tags_split(tmp_path):
    text = (
        "TY  - JOUR\nN1  - References: A, (1990) X;\nB, (1991) Y; \nC, (1992) ZUR  - http://u\n"
        "ER  - \n\nTY  - CONF\nTI  - T\nER  -\n"
    )
    parsed = tagged.parse(write(tmp_path, text), tagged.RIS)
    assert parsed.records == 2 and parsed.skipped == ()
    assert parsed.lines.filter(pl.col("record") == 1).rows() == [
        (1, 1, "TY", "JOUR", 1),
        (1, 2, "N1", "References: A, (1990) X;", 2),
        (1, 2, "N1", "B, (1991) Y;", 3),
        (1, 2, "N1", "C, (1992) Z", 4),
        (1, 3, "UR", "http://u", 4),
    ]


def test_stray_line_skips_its_record_only(tmp_path):
    text = WOS.replace("TI Second\n", "TI Second\nthis line has no tag\n")
    parsed = tagged.parse(write(tmp_path, text), tagged.WOS)
    assert parsed.records == 2
    assert parsed.lines["record"].unique().to_list() == [1]
    (skipped,) = parsed.skipped
    assert (skipped.record, skipped.line) == ("2", 12)
    assert "line 12 is neither a tagged field nor a continuation line" in skipped.reason


def test_record_without_end_before_next_start_is_skipped(tmp_path):
    text = WOS.replace("   on two lines\nER\n", "   on two lines\n")
    parsed = tagged.parse(write(tmp_path, text), tagged.WOS)
    assert parsed.lines["record"].unique().to_list() == [2]
    (skipped,) = parsed.skipped
    assert skipped.record == "1" and "has no ER line before the next PT" in skipped.reason


def test_truncated_file_is_an_error_naming_the_line(tmp_path):
    text = WOS[: WOS.index("ER\n\nEF")]
    with pytest.raises(BibliomapError, match=r"export.txt, line 11: the file ends inside record 2"):
        tagged.parse(write(tmp_path, text), tagged.WOS)


def test_text_outside_records_is_an_error(tmp_path):
    text = WOS.replace("ER\n\nPT B", "ER\nstray words\nPT B")
    with pytest.raises(BibliomapError, match=r"line 9: unexpected text outside a record"):
        tagged.parse(write(tmp_path, text), tagged.WOS)
    with pytest.raises(BibliomapError, match=r"line 1: unexpected text outside a record"):
        tagged.parse(write(tmp_path, "hello\n" + WOS), tagged.WOS)


def test_encodings(tmp_path):
    latin = write(tmp_path, WOS.replace("Second", "Séance"), encoding="latin-1")
    with pytest.raises(BibliomapError, match=r"line 11: byte 0xE9 is not UTF-8"):
        tagged.parse(latin, tagged.WOS)
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(WOS.replace("Second", "Séance").encode("utf-16"))
    assert tagged.per_field(tagged.parse(utf16, tagged.WOS), ("TI",))["TI"][1][0] == "Séance"
    bom = write(tmp_path, "\ufeff" + WOS, name="bom.txt")
    assert tagged.parse(bom, tagged.WOS).records == 2


def test_control_characters_do_not_break_line_splitting(tmp_path):
    # Every byte the CSV line reader could use as its separator occurs in the file.
    noise = "".join(chr(code) for code in (0x1F, 0x1E, 0x1D, 0x1C, 0x01, 0x02, 0x03, 0x04))
    text = WOS.replace("Second", f"Sec{noise}ond")
    parsed = tagged.parse(write(tmp_path, text), tagged.WOS)
    assert tagged.by_record([parsed], (), ("TI",))["TI"][1][0] == f"Sec{noise}ond"
    assert parsed.lines["line"].to_list() == [3, 4, 5, 6, 7, 10, 11]


def test_empty_and_header_only_files_have_no_records(tmp_path):
    assert tagged.parse(write(tmp_path, ""), tagged.WOS).records == 0
    header = "FN Clarivate Analytics Web of Science\nVR 1.0\nEF\n"
    parsed = tagged.parse(write(tmp_path, header), tagged.WOS)
    assert parsed.records == 0 and parsed.lines.height == 0
    found = tagged.by_record([parsed], ("TI",), ("AU",))
    assert found.height == 0 and found.columns == ["file", "record", "TI", "AU"]


def test_records_of_several_files_by_tag(tmp_path):
    # Blank lines are left out, empty values are joined like others; a skipped record leaves
    # no row.
    first = tagged.parse(write(tmp_path, WOS.replace("   on two lines", "   \n   x")), tagged.WOS)
    second = tagged.parse(
        write(tmp_path, "PT J\nTI\n   two\nER\nPT J\nbad\nER\nPT S\nER\n", name="b.txt"),
        tagged.WOS,
    )
    assert [item.record for item in second.skipped] == ["2"]
    found = tagged.by_record([first, second, first], ("TI", "PT"), ("AU", "CR"))
    assert found.rows() == [
        (0, 1, "A title x", "J", ["Doe, J", "Roe, R"], None),
        (0, 2, "Second", "B", None, None),
        (1, 1, " two", "J", None, None),
        (1, 3, None, "S", None, None),
        (2, 1, "A title x", "J", ["Doe, J", "Roe, R"], None),
        (2, 2, "Second", "B", None, None),
    ]
    assert found.schema["TI"] == pl.String and found.schema["AU"] == pl.List(pl.String)


def test_line_ends_and_blank_lines_as_a_line_reader_splits_them(tmp_path):
    # One carriage return before a line feed is dropped; others stay inside the line; a
    # last line without line feed counts; blank lines (spaces, tabs, \r) count as lines.
    text = "PT J\r\nTI a\rb\r\r\n \t\r\n   c \nER\nPT J\nER"
    parsed = tagged.parse(write(tmp_path, text), tagged.WOS)
    assert parsed.lines.rows() == [
        (1, 1, "PT", "J", 1),
        (1, 2, "TI", "a\rb", 2),
        (1, 2, "TI", "c", 4),
        (2, 4, "PT", "J", 6),
    ]


def test_heads_need_their_exact_shape(tmp_path):
    # WoS: a capital then a capital or digit, then a space or the line's end.
    text = "PT J\nA1 one\nAB\nER\nPT J\nAUX no\nER\nPT J\n1A no\nER\n"
    parsed = tagged.parse(write(tmp_path, text), tagged.WOS)
    assert parsed.lines.select("tag", "value").rows() == [("PT", "J"), ("A1", "one"), ("AB", "")]
    assert [item.line for item in parsed.skipped] == [6, 9]
    # MEDLINE tags of 2 to 4 characters padded to 4, then "-"; RIS tags of exactly 2.
    medline = "PMID- 1\nAB  - x\nAUX - y\nFAUX- z\nPMID- 2\nA   - no\n"
    parsed = tagged.parse(write(tmp_path, medline, name="m.txt"), tagged.MEDLINE)
    assert parsed.lines.select("tag").to_series().to_list() == ["PMID", "AB", "AUX", "FAUX"]
    assert [item.line for item in parsed.skipped] == [6]
    ris = "TY  - JOUR\nTYP - glued to the line above\nER  -\n"
    parsed = tagged.parse(write(tmp_path, ris, name="r.ris"), tagged.RIS)
    assert parsed.lines.rows() == [
        (1, 1, "TY", "JOUR", 1),
        (1, 1, "TY", "TYP - glued to the line above", 2),
    ]


def test_unreadable_file(tmp_path):
    with pytest.raises(BibliomapError, match="missing.txt: cannot read the file"):
        tagged.parse(tmp_path / "missing.txt", tagged.WOS)


def test_real_exports_end_tags_match_manifest(shared_data):
    # Every ER line of the real WoS and RIS exports closes exactly one record.
    with shared_data("MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        manifest = {row["local_path"]: row for row in csv.DictReader(handle, delimiter="\t")}
    cases = {
        "wos_plaintext/wos_txt_2017_profit_shifting.txt": tagged.WOS,
        "wos_plaintext/wos_txt_2024_data_science_education.txt": tagged.WOS,
        "scopus_ris/scopus_ris_2022_absorptive_capacity.ris": tagged.RIS,
        "pubmed_medline/pubmed_2022_mcda_health.txt": tagged.MEDLINE,
    }
    for relative, syntax in cases.items():
        parsed = tagged.parse(shared_data(relative), syntax)
        assert parsed.records == int(manifest[relative]["records"]) and parsed.skipped == ()
        starts = parsed.lines.filter(pl.col("tag") == syntax.start).height
        assert starts == parsed.records


def test_compact_copies_values_and_keeps_nulls_and_types():
    frame = pl.DataFrame(
        {
            "lists": [["a", None], None, []],
            "refs": [[{"raw": "x", "year": 1990}, None], [], [{"raw": None, "year": None}]],
            "plain": [[{"raw": "y", "year": 2000}], [], []],
            "struct": [{"raw": "q", "year": 1}, None, {"raw": None, "year": 2}],
            "text": ["t", None, ""],
            "empty": pl.Series([None, None, None], dtype=pl.String),
            "number": [1, 2, 3],
        },
        schema_overrides={"refs": pl.List(pl.Struct({"raw": pl.String, "year": pl.Int32}))},
    )
    copied = tagged.compact(frame)
    assert copied.schema == frame.schema
    assert copied.to_dicts() == frame.to_dicts()


def test_distinct_values_come_in_row_order_with_their_positions():
    values = pl.Series(["b", "a", None, "b", "c", "a", None])
    unique, inverse = flat.distinct(values)
    assert unique.to_list() == ["b", "a", None, "c"]
    assert unique.gather(inverse).to_list() == values.to_list()
