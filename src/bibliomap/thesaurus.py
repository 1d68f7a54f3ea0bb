"""VOSviewer thesaurus files: merge labels into one, or drop them (empty ``replace by``).

The file is tab separated with the header ``label<TAB>replace by``. Matching is case-insensitive
and ignores surrounding whitespace; later lines win over earlier ones for the same label.
Replacement is applied once (not transitively), as VOSviewer does.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError

HEADER = ("label", "replace by")

Thesaurus = dict[str, str | None]


def read_thesaurus(path: str | Path | None) -> Thesaurus:
    """Map of lower-cased label -> replacement (None: drop the label); {} for no file."""
    if path is None:
        return {}
    file = Path(path)
    try:
        lines = file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise BibliomapError(f"cannot read the thesaurus ({error})", path=file) from None
    if not lines or tuple(cell.strip().lower() for cell in lines[0].split("\t")[:2]) != HEADER:
        raise BibliomapError("expected the header 'label<TAB>replace by'", path=file, line=1)
    mapping: Thesaurus = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) > 2:
            raise BibliomapError(
                "expected two tab-separated cells: label, replace by", path=file, line=number
            )
        label = cells[0].strip()
        if not label:
            raise BibliomapError("empty label", path=file, line=number)
        replacement = cells[1].strip() if len(cells) == 2 else ""
        mapping[label.lower()] = replacement or None
    return mapping


def apply_to_list(column: pl.Expr, thesaurus: Thesaurus) -> pl.Expr:
    """Map every element of a list column through the thesaurus; drop ignored ones and repeats."""
    if not thesaurus:
        return column.list.unique(maintain_order=True)
    keys = list(thesaurus)
    values = [thesaurus[key] for key in keys]
    mapped = column.list.eval(
        pl.element()
        .str.strip_chars()
        .str.to_lowercase()
        .replace_strict(keys, values, default=pl.element(), return_dtype=pl.String)
    )
    return mapped.list.drop_nulls().list.unique(maintain_order=True)


def apply_to_labels(labels: pl.Expr, thesaurus: Thesaurus) -> pl.Expr:
    """Map a string column through the thesaurus (null where the label is dropped)."""
    if not thesaurus:
        return labels
    keys = list(thesaurus)
    values = [thesaurus[key] for key in keys]
    return (
        labels.str.strip_chars()
        .str.to_lowercase()
        .replace_strict(keys, values, default=labels, return_dtype=pl.String)
    )
