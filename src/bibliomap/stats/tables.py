"""Tables written as CSV (for machines) and Markdown (for papers and READMEs)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bibliomap.fileio import write_csv, write_text


def _cell(value: object) -> str:
    """A Markdown cell: empty for null, pipes escaped, on one line."""
    if value is None:
        return ""
    return str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pl.DataFrame) -> str:
    """``frame`` as a GitHub-flavoured Markdown table (numbers right-aligned)."""
    header = "| " + " | ".join(_cell(name) for name in frame.columns) + " |"
    align = "|" + "|".join("---:" if dtype.is_numeric() else "---" for dtype in frame.dtypes) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([header, align, *rows]) + "\n"


def write_table(frame: pl.DataFrame, stem: str | Path, *, markdown: bool = True) -> list[Path]:
    """Write ``stem.csv`` (and ``stem.md``) atomically; return the paths written."""
    base = Path(stem)
    csv_path = base.with_name(f"{base.name}.csv")
    write_csv(frame, csv_path)
    if not markdown:
        return [csv_path]
    md_path = base.with_name(f"{base.name}.md")
    write_text(md_path, markdown_table(frame))
    return [csv_path, md_path]
