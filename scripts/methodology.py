"""Rule methodology: the workflow's rule graph drawn as the study's methodology diagram."""

from pathlib import Path

from bibliomap.adapter import job
from bibliomap.stats import write_methodology

with job(snakemake) as log:
    rulegraph = Path(snakemake.input.rulegraph).read_text(encoding="utf-8")
    written = write_methodology(
        rulegraph, Path(snakemake.output.png).parent, dpi=snakemake.params.dpi
    )
    log.info("methodology diagram: %s", ", ".join(map(str, written)))
