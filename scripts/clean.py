"""Rule clean: apply the study's filters to the ingested records and complete the flow table."""

import polars as pl

from bibliomap.adapter import job
from bibliomap.fileio import read_parquet, write_parquet
from bibliomap.filters import clean, make_filters
from bibliomap.flow import read_flow, write_flow

params = snakemake.params
with job(snakemake) as log:
    filters = make_filters(
        years=params.years,
        languages=params.languages,
        document_types=params.document_types,
        require_abstract=params.require_abstract,
    )
    records = read_parquet(snakemake.input.records, workers=snakemake.threads)
    result = clean(records, read_flow(snakemake.input.flow), filters)
    write_parquet(result.records, snakemake.output.records)
    write_flow(result.flow, snakemake.output.flow)
    for item, detail, count in (
        result.flow.filter(pl.col("step") == "filter").select("item", "detail", "count").rows()
    ):
        log.info("filter %s (%s): %d removed", item, detail, count)
    log.info("%d records kept", result.records.height)
