"""Rule clean: apply the study's filters to the ingested records and complete the flow table."""

import sys

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_parquet
from bibliomap.filters import clean, make_filters
from bibliomap.flow import read_flow, write_flow

params = snakemake.params
with open(snakemake.log[0], "w", encoding="utf-8") as log:
    try:
        filters = make_filters(
            years=params.years,
            languages=params.languages,
            document_types=params.document_types,
            require_abstract=params.require_abstract,
        )
        result = clean(
            pl.read_parquet(snakemake.input.records), read_flow(snakemake.input.flow), filters
        )
    except BibliomapError as error:
        print(f"error: {error}", file=log)
        sys.exit(f"bibliomap clean: error: {error}")
    write_parquet(result.records, snakemake.output.records)
    write_flow(result.flow, snakemake.output.flow)
    print(f"{result.records.height} records kept\n{result.flow}", file=log)
