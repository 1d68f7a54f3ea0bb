"""Rule map: the map folder (VOSviewer map/network/JSON, GEXF, GraphML, cluster table)."""

from pathlib import Path

import polars as pl

from bibliomap import network
from bibliomap.adapter import job
from bibliomap.export.folder import export_map_folder
from bibliomap.layout import resolve_repulsion

inputs, kind = snakemake.input, snakemake.wildcards.kind
parameters = dict(snakemake.params.parameters)
parameters["repulsion"] = resolve_repulsion(parameters["repulsion"], kind)
with job(snakemake) as log:
    net = network.load(Path(inputs.links).parent)
    table = export_map_folder(
        net,
        pl.read_parquet(inputs.layout),
        pl.read_parquet(inputs.partition),
        Path(snakemake.output.map).parent,
        title=kind,
        parameters=parameters,
    )
    log.info("map of %d items, %d clusters", net.size, table.height)
