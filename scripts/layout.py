"""Rule layout: VOS layout (standardized coordinates) of a network."""

from pathlib import Path

from bibliomap import network
from bibliomap.adapter import job
from bibliomap.fileio import write_parquet
from bibliomap.layout import layout_network

params = snakemake.params
with job(snakemake) as log:
    net = network.load(Path(snakemake.input.links).parent)
    layout = layout_network(
        net,
        normalization=params.normalization,
        attraction=params.attraction,
        repulsion=params.repulsion,
        random_starts=params.random_starts,
        largest_component_only=params.largest_component,
        seed=params.seed,
        method=params.method,
        threads=snakemake.threads,
    )
    write_parquet(layout, snakemake.output[0])
    log.info("laid out %d of %d items", layout.height, net.size)
