"""Rule network: build one bibliographic network from the cleaned records."""

import sys
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.network import save
from bibliomap.networks import NetworkParams, build
from bibliomap.thesaurus import read_thesaurus

params, entry = snakemake.params, getattr(snakemake.input, "thesaurus", None)
paths = [entry] if isinstance(entry, str) else list(entry or [])
folder = Path(snakemake.output[0])  # items.parquet of the folder, or the directory() itself
with open(snakemake.log[0], "w", encoding="utf-8") as log:
    try:
        settings = NetworkParams(
            counting=params.counting,
            min_occurrences=params.min_occurrences,
            min_documents=params.min_documents,
            min_citations=params.min_citations,
            min_cited=params.min_cited,
            max_authors=params.max_authors,
            thesaurus=read_thesaurus(paths[0] if paths else None),
        )
        network = build(params.kind, pl.read_parquet(snakemake.input.records), params=settings)
    except BibliomapError as error:
        print(f"error: {error}", file=log)
        sys.exit(f"bibliomap network: error: {error}")
    save(network, folder.parent if folder.suffix else folder)
    print(f"{params.kind}: {network.size} items, {network.links.height} links", file=log)
