# Small helpers: validated variant configs, shared-stage paths, params, library code inputs.
import sys
from pathlib import Path

# Every job imports the library from this checkout (the files `code()` tracks), installed or not.
SRC = Path(workflow.basedir) / "src" / "bibliomap"
sys.path.insert(0, str(SRC.parent))

from bibliomap import config as bmconfig
from bibliomap.errors import BibliomapError
from bibliomap.sources import script_files

bmconfig.prepend_python_path(SRC.parent)

PYTHON = sys.executable
# The software of every rule (see the file); used with --use-conda.
ENV = "../envs/bibliomap.yaml"
SCHEMA_FILE = Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"
BIBLIOGRAPHIC_KINDS = [
    kind
    for kind in bmconfig.load_yaml(SCHEMA_FILE)["properties"]["networks"]["properties"][
        "kinds"
    ]["items"]["enum"]
    if kind != "terms"
]


def _load_configs():
    source = "config/config.yaml"
    configs = bmconfig.variant_configs(
        config, bmconfig.load_yaml(SCHEMA_FILE), "config/variants", source=source
    )
    for name, conf in configs.items():
        where = (
            source
            if name == bmconfig.DEFAULT_VARIANT
            else f"config/variants/{name}.yaml"
        )
        bmconfig.expand_inputs(conf["inputs"], source=where)
        for key in ("terms.thesaurus", "networks.thesaurus", "stats.google_trends"):
            bmconfig.check_file(bmconfig.get(conf, key), key, source=where)
    return configs


try:
    CONFIGS = _load_configs()
except BibliomapError as error:
    sys.exit(f"bibliomap: {error}")


wildcard_constraints:
    variant="|".join(CONFIGS),
    kind="[a-z_]+",


def conf(variant, dotted):
    """A config value of a variant."""
    return bmconfig.get(CONFIGS[variant], dotted)


def param(dotted):
    """A params: function giving a variant's config value (so a change reruns the rule)."""
    return lambda wildcards: conf(wildcards.variant, dotted)


def items_stage(kind):
    """The stage that builds a map's network."""
    return "terms" if kind == "terms" else "network"


def shared(stage, template):
    """An input function: ``template`` in the variant whose ``stage`` result is shared."""

    def resolve(wildcards):
        kind = wildcards.get("kind")
        name = items_stage(kind) if stage == "items" else stage
        variant = bmconfig.canonical_variant(name, wildcards.variant, CONFIGS, kind)
        return template.format(variant=variant, kind=kind)

    return resolve


def optional_file(dotted):
    """An input function: the file a config key names, or nothing."""
    return lambda wildcards: [path] if (path := conf(wildcards.variant, dotted)) else []


def code(script):
    """The library source files ``scripts/<script>.py`` imports, directly or through other
    modules: a rule reruns when any of them changes."""
    return script_files(SRC, Path(workflow.basedir) / "scripts" / f"{script}.py")


def by_size(base, per_input_mb):
    """A resources: function (MB of memory or minutes of run time) grown with the input size
    and the retry attempt."""
    return lambda wildcards, input, attempt: int(
        (base + per_input_mb * input.size_mb) * attempt
    )


def kinds(variant):
    return conf(variant, "networks.kinds")


def final_targets():
    """Each variant's report and map figures in every configured format."""
    reports = expand("results/{variant}/report.html", variant=list(CONFIGS))
    return reports + [path for variant in CONFIGS for path in figure_files(variant)]
