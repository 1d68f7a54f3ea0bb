"""Rule terms: terms of titles and abstracts, the term table, incidence and network folder."""

import sys
from pathlib import Path

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.terms.extract import TermParams, extract_terms, save_terms
from bibliomap.thesaurus import read_thesaurus

params, output = snakemake.params, snakemake.output
thesaurus = snakemake.input.get("thesaurus") or getattr(params, "thesaurus", None)
with open(snakemake.log[0], "w", encoding="utf-8") as log:
    try:
        settings = TermParams(
            fields=tuple(params.fields),
            counting=params.counting,
            min_occurrences=params.min_occurrences,
            relevance_share=params.relevance_share,
            remove_copyright=params.remove_copyright,
        )
        result = extract_terms(
            pl.read_parquet(snakemake.input.records),
            settings,
            thesaurus=read_thesaurus(thesaurus or None),
            workers=snakemake.threads,
        )
    except BibliomapError as error:
        print(f"error: {error}", file=log)
        sys.exit(f"bibliomap terms: error: {error}")
    network = Path(output.item_table).parent
    save_terms(result, terms=output.terms, incidence=output.incidence, network=network)
    print(f"{result.terms.height} candidate terms, {result.network.size} selected", file=log)
