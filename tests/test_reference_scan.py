"""The compiled split of Web of Science references gives what the polars expressions give."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from bibliomap import references
from bibliomap.ingest import read_file
from bibliomap.reference_scan import wos_fields

WOS_EXPORTS = (
    "wos_plaintext/wos_txt_2017_profit_shifting.txt",
    "wos_plaintext/wos_txt_2024_data_science_education.txt",
    "wos_tab/wos_tab_2022_tobler.txt",
    "wos_bib/wos_bib_2022_mcda.bib",
)
# Pieces inserted into real references: separators, whitespace, locators, DOIs, name forms.
PIECES = (
    ",", " ", "  ", "\t", "\n", "\r\n", "\x0b", "\x1c", ";", ".", "/", "[", "]", "-", "_", '"',
    "'", ":", "*", "é", "V", "P", "DOI", "10.", "10.1234/", "10.1234567890/x", ", V", ", P",
    ", DOI ", ", 2001", ", 1499,", "2000a", ",,", " ; ", "V ", "P ", "PA1", "P1-", "P_", "V,",
    "[Anonymous]", " WM", " W.-M.", " Jr", "Van der ", " Alberto", "O'", "ANONYMOUS",
)  # fmt: skip


def _by_polars(raw: pl.Series) -> pl.DataFrame:
    """The fields as the polars expressions alone parse them."""
    table = references._by_style(raw)
    return table.with_columns(references.canonical_authors(table.get_column("first_author")))


def _real_references(shared_data) -> pl.Series:
    frames = [read_file(shared_data(path)).records for path in WOS_EXPORTS]
    lists = pl.concat([frame.select("references") for frame in frames]).get_column("references")
    return lists.explode().struct.field("raw").drop_nulls().unique(maintain_order=True)


def _mutated(strings: list[str], count: int, seed: int) -> list[str]:
    """``count`` strings: each a random real one with 1-4 pieces inserted, bytes deleted or the
    string cut."""
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(count):
        text = strings[rng.integers(len(strings))]
        for _ in range(rng.integers(1, 5)):
            at = int(rng.integers(len(text) + 1))
            action = rng.integers(4)
            if action < 2:
                text = text[:at] + PIECES[rng.integers(len(PIECES))] + text[at:]
            elif action == 2:
                text = text[:at] + text[at + int(rng.integers(1, 4)) :]
            else:
                text = text[:at] if rng.integers(2) else text[at:]
        found.append(text)
    return found


def test_real_wos_references_are_read_as_polars_reads_them(shared_data) -> None:
    raw = _real_references(shared_data)
    split = wos_fields(raw)
    assert len(raw) > 5_000
    assert split.read.mean() > 0.9  # the compiled path does read most of them
    assert split.named[split.read].mean() > 0.8
    assert references._parse(raw).equals(_by_polars(raw))


def test_mutated_references_are_read_as_polars_reads_them(shared_data) -> None:
    real = _real_references(shared_data).to_list()
    raw = pl.Series([*_mutated(real, 6_000, seed=15), None, "", " ", "A, 1990"], dtype=pl.String)
    split = wos_fields(raw)
    assert 0.2 < split.read.mean() < 0.9  # both paths are exercised
    assert references._parse(raw).equals(_by_polars(raw))


@pytest.mark.parametrize(
    ("raw", "fields", "named"),
    [
        (
            "Cohen  WM,\t1990, ADMIN SCI QUART, V35, P128, DOI 10.2307/ABC.",
            ("10.2307/abc", "Cohen, W.M.", 1990, "ADMIN SCI QUART", "35", "128"),
            True,
        ),
        ("Smith J, 1990a, V5, PA10-2", (None, "Smith, J.", 1990, None, "5", "A10-2"), True),
        ("[Anonymous], 2001, NATURE", (None, None, 2001, "NATURE", None, None), True),
        ("*US DEP COMM, 1999, X ;", (None, "US DEP COMM", 1999, "X", None, None), True),
        ("Cairo Alberto, 2016, ART", (None, "Cairo, A.", 2016, "ART", None, None), True),
        # A name of another form is left as written, for canonical_authors.
        (
            "Van der Berg A, 2003, X, V , P 1",
            (None, "Van der Berg A", 2003, "X", None, None),
            False,
        ),
    ],
)
def test_fields_of_wos_references(raw: str, fields: tuple, named: bool) -> None:
    split = wos_fields(pl.Series([raw]))
    row = split.fields.row(0, named=True)
    names = ("doi", "first_author", "year", "source", "volume", "page")
    assert tuple(row[name] for name in names) == fields
    assert split.read[0]
    assert split.named[0] == named


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "Müller K, 1990, ZEITSCHRIFT",  # not ASCII
        "Cohen, W.M., Absorptive capacity (1990) Administrative Science Quarterly, 35, pp. 128",
        "Cohen WM, 1499, EARLY",  # no year of the style
        "Cohen WM 1990 NO COMMA",
    ],
)
def test_other_strings_are_left_to_polars(raw: str | None) -> None:
    split = wos_fields(pl.Series([raw], dtype=pl.String))
    assert not split.read[0] and not split.named[0]
    assert split.fields.row(0) == (None,) * 6
