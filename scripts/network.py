"""Rule network: build one bibliographic network from the cleaned records."""

import sys
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.network import save
from bibliomap.networks import NetworkParams, build, required_columns
from bibliomap.thesaurus import read_thesaurus

OPTIONS = ("counting", "min_occurrences", "min_documents", "min_citations", "min_cited")
params, thesaurus = snakemake.params, getattr(snakemake.input, "thesaurus", None)
thesaurus = thesaurus if isinstance(thesaurus, str) else next(iter(thesaurus or []), None)
out = Path(snakemake.output[0])  # items.parquet inside the folder, or a directory() output
with open(snakemake.log[0], "w", encoding="utf-8") as log:
    try:
        options = {name: getattr(params, name) for name in (*OPTIONS, "max_authors")}
        settings = NetworkParams(**options, thesaurus=read_thesaurus(thesaurus))
        records = pl.read_parquet(snakemake.input.records, columns=required_columns(params.kind))
        network = build(params.kind, records, params=settings)
    except BibliomapError as error:
        print(f"error: {error}", file=log)
        sys.exit(f"bibliomap network: error: {error}")
    save(network, out.parent if out.suffix else out)
    print(f"{params.kind}: {network.size} items, {network.links.height} links", file=log)
