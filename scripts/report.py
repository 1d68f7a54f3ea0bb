"""Rule report: the variant's self-contained HTML report."""

from pathlib import Path

from bibliomap.adapter import job
from bibliomap.report import MapFiles, ReportInputs, write_report
from bibliomap.stats import METHODOLOGY, TRENDS

params = snakemake.params
with job(snakemake) as log:
    stats = Path(params.stats)
    comparison = params.comparison or {}
    inputs = ReportInputs(
        flow=Path(snakemake.input.flow),
        stats=stats,
        maps=tuple(MapFiles.from_paths(kind, files) for kind, files in params.maps.items()),
        methodology=stats / f"{METHODOLOGY}.png",
        trends=stats / f"{TRENDS}.png" if params.trends else None,
        comparison_maps=Path(comparison["maps"]) if comparison else None,
        comparison_pairs=Path(comparison["pairs"]) if comparison else None,
    )
    write_report(inputs, snakemake.output[0], config=params.config, title=params.title)
    log.info("report of %d maps written to %s", len(inputs.maps), snakemake.output[0])
