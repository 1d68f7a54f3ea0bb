"""Rule terms: gather the mined shards; the term table, incidence and term network."""

from pathlib import Path

import polars as pl

from bibliomap.adapter import job
from bibliomap.terms.extract import TermParams, extract_terms, save_terms
from bibliomap.terms.shards import read_occurrences
from bibliomap.thesaurus import read_thesaurus

params, output = snakemake.params, snakemake.output
with job(snakemake) as log:
    settings = TermParams(
        fields=tuple(params.fields),
        counting=params.counting,
        min_occurrences=params.min_occurrences,
        relevance_share=params.relevance_share,
        remove_copyright=params.remove_copyright,
    )
    result = extract_terms(
        pl.read_parquet(snakemake.input.records, columns=["id", "year", "cited_by"]),
        settings,
        thesaurus=read_thesaurus(next(iter(snakemake.input.thesaurus), None)),
        occurrences=read_occurrences(snakemake.input.occurrences),
    )
    network = Path(output.item_table).parent
    save_terms(result, terms=output.terms, incidence=output.incidence, network=network)
    log.info("%d candidate terms, %d selected", result.terms.height, result.network.size)
