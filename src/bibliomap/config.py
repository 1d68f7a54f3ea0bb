"""Study configuration: schema validation with clear messages, defaults, variants and sharing.

A variant is a YAML file deep-merged over the default configuration. Variants share every stage
whose parameters (and those of the stages before it) they do not change:
:func:`canonical_variant` names the variant whose results a stage reuses.
"""

from __future__ import annotations

import copy
import glob
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from bibliomap.errors import BibliomapError

DEFAULT_VARIANT = "default"

# Config keys (dotted paths) each stage's result depends on, besides those of its upstream stages.
_OWN_KEYS: dict[str, tuple[str, ...]] = {
    "ingest": ("inputs", "openalex", "demo"),
    "clean": ("filters",),
    "stats": ("stats",),
    "mine": ("terms.fields", "terms.remove_copyright"),
    "terms": ("terms",),
    "network": (
        "networks.counting",
        "networks.max_authors",
        "networks.min_occurrences",
        "networks.min_documents",
        "networks.min_citations",
        "networks.min_cited",
        "networks.max_items",
        "networks.thesaurus",
    ),
    "layout": (
        "maps.normalization",
        "maps.attraction",
        "maps.repulsion",
        "maps.layout_random_starts",
        "maps.layout_method",
        "maps.largest_component",
        "seed",
    ),
    "cluster": (
        "maps.normalization",
        "maps.resolution",
        "maps.iterations",
        "maps.random_starts",
        "maps.min_cluster_size",
        "maps.merge_small_clusters",
        "maps.largest_component",
        "maps.engine",
        "seed",
    ),
    "map": (),
    "stability": ("stability", "figures.dpi"),
    "figures": ("figures",),
}
# "items" stands for the stage that builds the map's network: terms for the term map, else network.
_UPSTREAM: dict[str, tuple[str, ...]] = {
    "ingest": (),
    "clean": ("ingest",),
    "stats": ("clean",),
    "mine": ("clean",),
    "terms": ("mine",),
    "network": ("clean",),
    "layout": ("items",),
    "cluster": ("items",),
    "map": ("layout", "cluster"),
    "stability": ("cluster",),
    "figures": ("map",),
}
STAGES = tuple(_OWN_KEYS)


def stage_keys(stage: str, kind: str | None = None) -> tuple[str, ...]:
    """Every config key a stage's result depends on, its upstream stages' keys included.

    ``kind`` names the network of a map stage (``terms`` maps depend on the terms stage).
    """
    keys = list(_OWN_KEYS[stage])
    for upstream in _UPSTREAM[stage]:
        if upstream == "items":
            upstream = "terms" if kind == "terms" else "network"
        keys.extend(stage_keys(upstream, kind))
    return tuple(dict.fromkeys(keys))


def get(config: Mapping[str, Any], dotted: str) -> Any:
    """The value at a dotted key path (``maps.resolution``), or None when absent."""
    value: Any = config
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``override`` merged in: mappings recursively, everything else replaced."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def load_yaml(path: str | Path) -> dict[str, Any]:
    """Read a YAML mapping, with a clear error for unreadable or non-mapping files."""
    file = Path(path)
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise BibliomapError(f"cannot read ({error.strerror})", path=file) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = None if mark is None else mark.line + 1
        raise BibliomapError(f"invalid YAML: {error}", path=file, line=line) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BibliomapError("expected a mapping of config keys", path=file)
    return data


def _fill_defaults(config: dict[str, Any], schema: Mapping[str, Any]) -> None:
    for key, spec in schema.get("properties", {}).items():
        if key not in config and "default" in spec:
            config[key] = copy.deepcopy(spec["default"])
        if isinstance(config.get(key), dict) and "properties" in spec:
            _fill_defaults(config[key], spec)


def _describe(error: jsonschema.ValidationError) -> str:
    path = [str(part) for part in error.absolute_path]
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(known))
        keys = ", ".join(".".join([*path, name]) for name in unknown)
        return f"unknown config key {keys}; known keys here: {', '.join(known)}"
    return f"config key {'.'.join(path) or '(top level)'}: {error.message}"


def validate(config: Mapping[str, Any], schema: Mapping[str, Any], *, source: str) -> dict:
    """A copy of ``config`` with defaults filled in; raise on the first schema violation."""
    checked = copy.deepcopy(dict(config))
    _fill_defaults(checked, schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(checked), key=lambda e: list(e.absolute_path))
    if errors:
        raise BibliomapError(_describe(errors[0]), path=source)
    return checked


def variant_files(folder: str | Path) -> dict[str, Path]:
    """Variant name -> YAML file, for every ``*.yaml`` in ``folder`` (sorted by name)."""
    found = sorted(Path(folder).glob("*.yaml"))
    variants = {path.stem: path for path in found}
    if DEFAULT_VARIANT in variants:
        raise BibliomapError(
            f"'{DEFAULT_VARIANT}' is the base configuration's name", path=variants["default"]
        )
    return variants


def variant_configs(
    base: Mapping[str, Any], schema: Mapping[str, Any], folder: str | Path, *, source: str
) -> dict[str, dict[str, Any]]:
    """The validated configuration of the default study and of every variant file."""
    configs = {DEFAULT_VARIANT: validate(base, schema, source=source)}
    for name, path in variant_files(folder).items():
        override = load_yaml(path)
        configs[name] = validate(deep_merge(base, override), schema, source=str(path))
    return configs


def canonical_variant(
    stage: str,
    variant: str,
    configs: Mapping[str, Mapping[str, Any]],
    kind: str | None = None,
) -> str:
    """The first variant (default first) whose result of ``stage`` equals ``variant``'s."""
    keys = stage_keys(stage, kind)
    mine = [get(configs[variant], key) for key in keys]
    for name in configs:
        if [get(configs[name], key) for key in keys] == mine:
            return name
    return variant


def expand_inputs(patterns: Iterable[str], *, source: str) -> list[str]:
    """Files matched by the ``inputs`` globs (sorted, unique); a glob matching none is an error."""
    files: list[str] = []
    for pattern in patterns:
        matched = sorted(
            path for path in glob.glob(pattern, recursive=True) if Path(path).is_file()
        )
        if not matched:
            raise BibliomapError(f"config key inputs: no file matches {pattern!r}", path=source)
        files.extend(matched)
    return list(dict.fromkeys(files))


def check_file(value: str | None, key: str, *, source: str) -> None:
    """Raise when an optional file setting names a file that does not exist."""
    if value is not None and not Path(value).is_file():
        raise BibliomapError(f"config key {key}: file not found: {value}", path=source)


def prepend_python_path(folder: str | Path) -> None:
    """Put ``folder`` first on PYTHONPATH, so the jobs a workflow starts import its library."""
    current = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(folder), current]))
