# The study report: one self-contained HTML file per variant, and the comparison of variants.


def report_format(variant):
    """The map figure format the report embeds: PNG, else SVG (one job per format makes it)."""
    formats = conf(variant, "figures.formats")
    return "png" if "png" in formats or "svg" not in formats else "svg"


def report_maps(variant):
    """Kind -> the files of its map in the report, each from the variant that made it."""
    maps = {}
    for kind in kinds(variant):
        figures = bmconfig.canonical_variant("figures", variant, CONFIGS, kind)
        table = bmconfig.canonical_variant("map", variant, CONFIGS, kind)
        stable = bmconfig.canonical_variant("stability", variant, CONFIGS, kind)
        maps[kind] = {
            "clusters": f"results/{table}/maps/{kind}/clusters.csv",
            "stability": f"results/{stable}/maps/{kind}/stability.csv",
            "sweep": f"results/{stable}/maps/{kind}/sweep.csv",
            "figures": {
                figure: f"results/{figures}/maps/{kind}/{figure}.{report_format(variant)}"
                for figure in FIGURES
            },
        }
    return maps


def stats_folder(variant):
    return STATS_DIR.format(
        variant=bmconfig.canonical_variant("stats", variant, CONFIGS)
    )


def compared():
    """``variant/kind`` -> map.parquet of every map of every variant (several variants only)."""
    if len(CONFIGS) < 2:
        return {}
    return {
        f"{variant}/{kind}": "results/{v}/maps/{k}/map.parquet".format(
            v=bmconfig.canonical_variant("map", variant, CONFIGS, kind), k=kind
        )
        for variant in CONFIGS
        for kind in kinds(variant)
    }


COMPARISON = {
    "maps": "results/comparison/maps.csv",
    "pairs": "results/comparison/pairs.csv",
}


def report_files(wildcards):
    """Every file the report embeds."""
    variant = wildcards.variant
    folder = stats_folder(variant)
    files = [f"{folder}/{name}.csv" for name in STATS_TABLES]
    files += [f"{folder}/{name}.png" for name in (*STATS_FIGURES, METHODOLOGY)]
    if conf(variant, "stats.google_trends"):
        files.append(f"{folder}/{TRENDS}.png")
    for entry in report_maps(variant).values():
        files += [entry["clusters"], entry["stability"], entry["sweep"]]
        files += list(entry["figures"].values())
    if compared():
        files += list(COMPARISON.values())
    return files


rule report:
    input:
        flow=shared("clean", "results/{variant}/records/flow.csv"),
        files=report_files,
        code=lib("report", "config", "layout"),
    output:
        "results/{variant}/report.html",
    log:
        "results/{variant}/logs/report.log",
    params:
        title=lambda wildcards: f"bibliomap study report: {wildcards.variant}",
        config=lambda wildcards: CONFIGS[wildcards.variant],
        stats=lambda wildcards: stats_folder(wildcards.variant),
        trends=lambda wildcards: bool(conf(wildcards.variant, "stats.google_trends")),
        maps=lambda wildcards: report_maps(wildcards.variant),
        comparison=lambda wildcards: COMPARISON if compared() else None,
    script:
        "../../scripts/report.py"


rule compare:
    input:
        maps=list(compared().values()),
        code=lib("report", "stability", "cluster"),
    output:
        maps=report(
            COMPARISON["maps"],
            caption="../report/comparison.rst",
            category="Variants compared",
        ),
        pairs=report(
            COMPARISON["pairs"],
            caption="../report/comparison.rst",
            category="Variants compared",
        ),
    log:
        "results/logs/compare.log",
    params:
        names=list(compared()),
    script:
        "../../scripts/compare.py"
