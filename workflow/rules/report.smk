# The study report: one self-contained HTML file per variant.


def map_inputs(wildcards):
    variant = wildcards.variant
    files = []
    for kind in kinds(variant):
        figure_variant = bmconfig.canonical_variant("figures", variant, CONFIGS, kind)
        map_variant = bmconfig.canonical_variant("map", variant, CONFIGS, kind)
        stability_variant = bmconfig.canonical_variant(
            "stability", variant, CONFIGS, kind
        )
        files += [
            f"results/{map_variant}/maps/{kind}/map.txt",
            f"results/{map_variant}/maps/{kind}/clusters.csv",
            f"results/{stability_variant}/maps/{kind}/stability.csv",
        ]
        files += [
            f"results/{figure_variant}/maps/{kind}/{figure}.{fmt}"
            for figure in FIGURES
            for fmt in conf(variant, "figures.formats")
        ]
    return files


rule report:
    input:
        flow=shared("clean", "results/{variant}/records/flow.csv"),
        stats=shared("stats", "results/{variant}/stats/main_information.csv"),
        maps=map_inputs,
        code=lib("report"),
    output:
        "results/{variant}/report.html",
    log:
        "results/{variant}/logs/report.log",
    script:
        "../../scripts/report.py"
