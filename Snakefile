# bibliomap: a bibliometric study (VOSviewer's methods) as one reproducible workflow.
# Stages: ingest -> clean -> stats | terms | networks -> layout + clusters -> maps -> figures -> report.
# Outputs live under results/{variant}/; see README.md and workflow/rules/*.smk.


from snakemake.utils import min_version

min_version("9.19")


configfile: "config/config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/inputs.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/stats.smk"
include: "workflow/rules/terms.smk"
include: "workflow/rules/networks.smk"
include: "workflow/rules/maps.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/report.smk"


rule all:
    default_target: True
    input:
        final_targets(),
