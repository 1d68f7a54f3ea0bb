"""Rule demo_corpus: a generated export with planted topics (the input when none is given)."""

from bibliomap.adapter import job
from bibliomap.demo import DemoParams, write_demo

wildcards = snakemake.wildcards
with job(snakemake) as log:
    params = DemoParams(records=int(wildcards.records), seed=int(wildcards.seed))
    write_demo(snakemake.output[0], params, fmt=wildcards.format)
    log.info("%s records written as %s", wildcards.records, wildcards.format)
