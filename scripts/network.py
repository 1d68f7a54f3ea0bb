"""Rule network: build one bibliographic network from the cleaned records."""

from pathlib import Path

from bibliomap.adapter import job
from bibliomap.fileio import read_parquet
from bibliomap.network import save
from bibliomap.networks import NetworkParams, build, required_columns
from bibliomap.thesaurus import read_thesaurus

OPTIONS = (
    "counting",
    "min_occurrences",
    "min_documents",
    "min_citations",
    "min_cited",
    "max_items",
)
LARGE_MAP = 5000
params, thesaurus = snakemake.params, getattr(snakemake.input, "thesaurus", None)
thesaurus = thesaurus if isinstance(thesaurus, str) else next(iter(thesaurus or []), None)
out = Path(snakemake.output[0])  # items.parquet inside the folder, or a directory() output
with job(snakemake) as log:
    options = {name: getattr(params, name) for name in (*OPTIONS, "max_authors")}
    settings = NetworkParams(**options, thesaurus=read_thesaurus(thesaurus))
    columns = required_columns(params.kind)
    records = read_parquet(snakemake.input.records, columns=columns, workers=snakemake.threads)
    network = build(params.kind, records, params=settings)
    save(network, out.parent if out.suffix else out)
    log.info("%s: %d items, %d links", params.kind, network.size, network.links.height)
    if network.size > LARGE_MAP and params.max_items is None:
        log.warning(
            "%d items: mapping and the stability runs of so many items take long; "
            "networks.max_items selects the items of largest total link strength",
            network.size,
        )
