"""Shared field normalizers used by every reader."""

from __future__ import annotations

import polars as pl
import pytest

from bibliomap.io import fields


def _one(expr: pl.Expr, value):
    return pl.DataFrame({"v": [value]}, schema={"v": pl.String}).select(expr)["v"][0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Clausing, KA", "Clausing, K.A."),
        ("Clausing, Kimberly A.", "Clausing, K.A."),
        ("Flood E.L.", "Flood, E.L."),
        ("Chen-Lim M.-L.", "Chen-Lim, M.L."),
        ("van der Berg J.", "van der Berg, J."),
        ("Payton, K. Joy", "Payton, K.J."),
        ("Anonymous", "Anonymous"),
        ("", None),
    ],
)
def test_author_name(raw, expected):
    assert _one(fields.author_name(pl.col("v")), raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://doi.org/10.1016/J.X.2020", "10.1016/j.x.2020"),
        ("http://dx.doi.org/10.1/a", "10.1/a"),
        ("DOI: 10.2307/2393553", "10.2307/2393553"),
        (" 10.3/y ", "10.3/y"),
        ("not a doi", None),
        (None, None),
    ],
)
def test_doi(raw, expected):
    assert _one(fields.doi(pl.col("v")), raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Article; Proceedings Paper", "article"),
        ("Journal Article", "article"),
        ("Proceedings Paper", "conference paper"),
        ("Editorial Material", "editorial"),
        ("book-chapter", "book chapter"),
        ("Erratum", "other"),
        (None, None),
    ],
)
def test_document_type(raw, expected):
    assert _one(fields.document_type(pl.col("v")), raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("eng", "English"),
        ("en", "English"),
        ("English", "English"),
        ("ENGLISH", "English"),
        ("Spanish; English", "Spanish"),
        (None, None),
    ],
)
def test_language(raw, expected):
    assert _one(fields.language(pl.col("v")), raw) == expected


def test_text_year_and_split_list():
    assert _one(fields.text(pl.col("v")), "  a \n b ") == "a b"
    assert _one(fields.text(pl.col("v")), "[No abstract available]") is None
    assert _one(fields.text(pl.col("v")), "a  b\u00a0c\t d\n\ny ") == "a b c d y"
    assert _one(fields.text(pl.col("v")), "\u2003x") == "x"
    assert _one(fields.text(pl.col("v")), "  ") is None
    assert _one(fields.year(pl.col("v")), "2019 MAY") == 2019
    assert _one(fields.year(pl.col("v")), "n.d.") is None
    frame = pl.DataFrame({"v": ["a; b ;;c", None]}).select(fields.split_list(pl.col("v")))
    assert frame["v"].to_list() == [["a", "b", "c"], []]
