"""Write a demo corpus to a file in one of the supported export formats, atomically."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from bibliomap.demo.corpus import DemoCorpus, DemoParams, generate
from bibliomap.demo.render import Renderer
from bibliomap.errors import BibliomapError
from bibliomap.fileio import atomic_path, write_csv, write_parquet

FORMATS: dict[str, str] = {
    "scopus-csv": "scopus_csv",
    "wos": "wos",
    "scopus-ris": "scopus_ris",
    "pubmed": "pubmed",
    "openalex-jsonl": "openalex_jsonl",
}
"""Format name -> writer module in ``bibliomap.demo``."""

CHUNK = 50_000
"""Documents rendered at a time (bounds memory; output does not depend on it)."""


def writer_module(fmt: str) -> ModuleType:
    """The writer module for a format name."""
    if fmt not in FORMATS:
        known = ", ".join(FORMATS)
        raise BibliomapError(f"unknown demo format {fmt!r}; expected one of: {known}")
    return importlib.import_module(f"bibliomap.demo.{FORMATS[fmt]}")


def write_corpus(corpus: DemoCorpus, path: str | Path, *, fmt: str) -> None:
    """Render ``corpus`` as an export file of format ``fmt``, newest records first."""
    module = writer_module(fmt)
    renderer = Renderer(corpus)
    n = corpus.docs.height
    with atomic_path(path) as tmp, tmp.open("wb") as handle:
        handle.write(module.HEADER)
        for stop in range(n, 0, -CHUNK):
            module.write_slice(handle, renderer, max(0, stop - CHUNK), stop)
        handle.write(module.FOOTER)


def write_truth(corpus: DemoCorpus, path: str | Path) -> None:
    """Write the planted topic of each record (CSV if the name ends in .csv, else Parquet)."""
    table = corpus.truth()
    if Path(path).suffix.lower() == ".csv":
        write_csv(table, path)
    else:
        write_parquet(table, path)


def write_demo(
    path: str | Path, params: DemoParams, *, fmt: str, truth: str | Path | None = None
) -> DemoCorpus:
    """Generate a corpus, write it as ``fmt`` to ``path`` (and its topics to ``truth``)."""
    writer_module(fmt)
    corpus = generate(params)
    write_corpus(corpus, path, fmt=fmt)
    if truth is not None:
        write_truth(corpus, truth)
    return corpus
