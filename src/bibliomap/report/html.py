"""HTML pieces of the report: every text escaped, every image embedded as a data: URI."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError

MIME = {".png": "image/png", ".svg": "image/svg+xml"}
_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")

STYLE = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1100px; margin: 2em auto;
       padding: 0 1em; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6em; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: .2em; margin-top: 2em; }
h3 { margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: .85em; }
th, td { border: 1px solid #ccc; padding: .25em .5em; vertical-align: top; text-align: left; }
th { background: #f2f2f2; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0 2em; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption, p.caption { font-size: .85em; color: #444; }
details { margin: .5em 0 1em; } summary { cursor: pointer; font-weight: bold; }
nav ul { columns: 2; } code { background: #f5f5f5; padding: 0 .2em; }
"""


def text(value: object) -> str:
    """``value`` as escaped HTML text (null as empty)."""
    return "" if value is None else html.escape(str(value), quote=True)


def element(tag: str, content: str, **attributes: str) -> str:
    """``<tag attr="...">content</tag>``; ``content`` must already be HTML, attributes are
    escaped (a trailing underscore in a name is dropped: ``class_``)."""
    attrs = "".join(f' {name.rstrip("_")}="{text(value)}"' for name, value in attributes.items())
    return f"<{tag}{attrs}>{content}</{tag}>"


def data_uri(path: str | Path) -> str:
    """A PNG or SVG file as a base64 ``data:`` URI (the report needs no other file)."""
    file = Path(path)
    mime = MIME.get(file.suffix.lower())
    if mime is None:
        raise BibliomapError(
            f"cannot embed {file.suffix or 'this file'}: expected PNG or SVG", path=file
        )
    try:
        payload = file.read_bytes()
    except OSError as error:
        raise BibliomapError(f"cannot read the figure ({error.strerror})", path=file) from None
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def figure(path: str | Path, caption: str, *, alt: str) -> str:
    """An embedded image with its caption (``caption`` plain text, escaped here)."""
    image = f'<img src="{data_uri(path)}" alt="{text(alt)}">'
    return element("figure", image + element("figcaption", text(caption)))


def _numeric(column: pl.Series) -> bool:
    """Whether a column holds numbers (or text that reads as numbers in every cell)."""
    if column.dtype.is_numeric():
        return True
    if column.dtype != pl.String:
        return False
    cells = column.drop_nulls()
    return not cells.is_empty() and bool(cells.str.contains(_NUMBER.pattern).all())


def table(frame: pl.DataFrame, *, caption: str = "") -> str:
    """``frame`` as an HTML table, every cell escaped, numbers right-aligned."""
    numeric = [_numeric(column) for column in frame.iter_columns()]
    head = "".join(element("th", text(name)) for name in frame.columns)
    rows = []
    for row in frame.iter_rows():
        cells = (
            element("td", text(value), class_="num") if is_number else element("td", text(value))
            for value, is_number in zip(row, numeric, strict=True)
        )
        rows.append(element("tr", "".join(cells)))
    body = element("thead", element("tr", head)) + element("tbody", "".join(rows))
    note = element("p", text(caption), class_="caption") if caption else ""
    return note + element("table", body)


def collapsible(summary: str, content: str, *, open_: bool = False) -> str:
    """A ``<details>`` block (no script needed) with a plain-text ``summary``."""
    flag = " open" if open_ else ""
    return f"<details{flag}><summary>{text(summary)}</summary>{content}</details>"


def document(title: str, body: str) -> str:
    """A complete, self-contained HTML5 page."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )
