"""Readers for database exports, one module per format, detected from file content.

Every reader module in :data:`READERS` defines:

- ``FORMAT``: the format's name (e.g. ``"scopus-csv"``);
- ``DATABASE``: the database it comes from (e.g. ``"scopus"``);
- ``sniff(head: str) -> bool``: whether a file whose first 64 KiB decode to ``head`` is in
  this format (BOM already removed);
- ``read(path: Path) -> polars.DataFrame``: the records, with columns from
  :data:`bibliomap.records.SCHEMA` (others are dropped), raising
  :class:`bibliomap.errors.BibliomapError` naming file, line or record on bad input.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from bibliomap.errors import BibliomapError

READERS = (
    "scopus_csv",
    "scopus_bib",
    "scopus_ris",
    "wos_plain",
    "wos_tab",
    "wos_bib",
    "pubmed",
    "lens_csv",
    "dimensions_csv",
    "openalex_json",
    "crossref_json",
)

HEAD_BYTES = 65536


def reader_modules() -> list[ModuleType]:
    """The reader modules that are installed, in detection order."""
    modules = []
    for name in READERS:
        try:
            modules.append(importlib.import_module(f"bibliomap.io.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"bibliomap.io.{name}":
                raise
    return modules


def read_head(path: Path) -> str:
    """The first bytes of ``path`` decoded as text (UTF-8 or UTF-16 by BOM), BOM removed."""
    try:
        raw = path.open("rb").read(HEAD_BYTES)
    except OSError as error:
        raise BibliomapError(f"cannot read the file ({error.strerror})", path=path) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", errors="ignore").lstrip("\ufeff")
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def detect(path: str | Path) -> ModuleType:
    """The reader module whose format ``path`` holds, judged from its content."""
    file = Path(path)
    head = read_head(file)
    for module in reader_modules():
        if module.sniff(head):
            return module
    known = ", ".join(module.FORMAT for module in reader_modules())
    raise BibliomapError(f"unknown export format; expected one of: {known}", path=file, line=1)
