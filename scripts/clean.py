"""Rule clean: apply the study's filters to the ingested records and complete the flow table."""

import polars as pl

from bibliomap.adapter import job
from bibliomap.filters import clean_to, make_filters
from bibliomap.flow import read_flow, write_flow

params = snakemake.params
with job(snakemake) as log:
    filters = make_filters(
        years=params.years,
        languages=params.languages,
        document_types=params.document_types,
        require_abstract=params.require_abstract,
    )
    table = clean_to(
        snakemake.input.records,
        read_flow(snakemake.input.flow),
        filters,
        snakemake.output.records,
    )
    write_flow(table, snakemake.output.flow)
    for item, detail, count in (
        table.filter(pl.col("step") == "filter").select("item", "detail", "count").rows()
    ):
        log.info("filter %s (%s): %d removed", item, detail, count)
    log.info("%d records kept", table.filter(pl.col("step") == "kept")["count"].item())
