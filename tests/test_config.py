"""Config schema validation, variants and the sharing of stages between variants."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bibliomap import config as bmconfig
from bibliomap.errors import BibliomapError

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = bmconfig.load_yaml(ROOT / "workflow/schemas/config.schema.yaml")
BASE = bmconfig.load_yaml(ROOT / "config/config.yaml")


def _walk(schema: dict, prefix: str = ""):
    for key, spec in schema.get("properties", {}).items():
        yield prefix + key, spec
        yield from _walk(spec, f"{prefix}{key}.")


def test_every_schema_key_has_type_default_and_description():
    for key, spec in _walk(SCHEMA):
        assert "description" in spec, key
        assert "default" in spec, key
        assert "type" in spec or "oneOf" in spec, key


def test_default_config_sets_every_top_level_key_and_matches_schema_defaults():
    assert set(BASE) == set(SCHEMA["properties"])
    checked = bmconfig.validate(BASE, SCHEMA, source="config.yaml")
    for key, spec in _walk(SCHEMA):
        value = bmconfig.get(checked, key)
        if value is not None and "properties" not in spec:
            assert value == spec["default"], key


def test_default_config_is_the_micro_credentials_study():
    checked = bmconfig.validate(BASE, SCHEMA, source="config.yaml")
    assert checked["inputs"] == []
    assert checked["filters"]["years"] == [1992, 2025]
    assert checked["filters"]["languages"] == ["English"]
    assert checked["terms"]["fields"] == ["title", "abstract"]
    assert checked["terms"]["min_occurrences"] == 5
    assert checked["maps"]["normalization"] == "association_strength"
    assert checked["maps"]["resolution"] == 1.0
    assert checked["seed"] == 0


def test_default_config_file_comments_every_key():
    lines = (ROOT / "config/config.yaml").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "-")) and ":" in stripped:
            previous = lines[number - 1].strip()
            assert previous.startswith("#"), f"uncommented key on line {number + 1}: {line}"


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("terms", "min_occurrences"), 0, "config key terms.min_occurrences: 0 is less than"),
        (("maps", "resolution"), "high", "config key maps.resolution: 'high' is not of type"),
        (("terms", "min_ocurrences"), 3, "unknown config key terms.min_ocurrences"),
        (("networks", "kinds"), ["terms", "nonsense"], "config key networks.kinds.1"),
        (("color",), "red", "unknown config key color"),
    ],
)
def test_bad_config_names_the_key(path, value, message):
    bad = copy.deepcopy(BASE)
    target = bad
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    with pytest.raises(BibliomapError) as error:
        bmconfig.validate(bad, SCHEMA, source="config/config.yaml")
    assert str(error.value).startswith("config/config.yaml: ")
    assert message in str(error.value)


def test_missing_inputs_and_files_are_named(tmp_path):
    with pytest.raises(BibliomapError, match="no file matches 'nowhere/\\*.csv'"):
        bmconfig.expand_inputs(["nowhere/*.csv"], source="config.yaml")
    with pytest.raises(BibliomapError, match="terms.thesaurus: file not found: t.txt"):
        bmconfig.check_file("t.txt", "terms.thesaurus", source="config.yaml")
    (tmp_path / "b.csv").write_text("x")
    (tmp_path / "a.csv").write_text("x")
    found = bmconfig.expand_inputs([str(tmp_path / "*.csv")], source="config.yaml")
    assert [Path(f).name for f in found] == ["a.csv", "b.csv"]


def test_deep_merge_replaces_leaves_and_keeps_the_rest():
    merged = bmconfig.deep_merge(BASE, {"maps": {"resolution": 0.8}})
    assert merged["maps"]["resolution"] == 0.8
    assert merged["maps"]["attraction"] == BASE["maps"]["attraction"]
    assert BASE["maps"]["resolution"] == 1.0


def _variants(tmp_path: Path, **files: dict) -> dict:
    for name, override in files.items():
        (tmp_path / f"{name}.yaml").write_text(bmconfig.yaml.safe_dump(override))
    return bmconfig.variant_configs(BASE, SCHEMA, tmp_path, source="config.yaml")


def test_resolution_variant_shares_everything_before_clustering(tmp_path):
    configs = _variants(tmp_path, res08={"maps": {"resolution": 0.8}})
    for stage in ("ingest", "clean", "terms", "network", "layout"):
        assert bmconfig.canonical_variant(stage, "res08", configs, "terms") == "default"
    for stage in ("cluster", "map", "figures", "stability"):
        assert bmconfig.canonical_variant(stage, "res08", configs, "terms") == "res08"


def test_terms_variant_keeps_bibliographic_maps_shared(tmp_path):
    configs = _variants(tmp_path, terms10={"terms": {"min_occurrences": 10}})
    assert bmconfig.canonical_variant("terms", "terms10", configs) == "terms10"
    assert bmconfig.canonical_variant("cluster", "terms10", configs, "terms") == "terms10"
    assert bmconfig.canonical_variant("cluster", "terms10", configs, "keywords_all") == "default"
    assert bmconfig.canonical_variant("clean", "terms10", configs) == "default"


def test_bad_variant_is_named(tmp_path):
    with pytest.raises(BibliomapError, match=r"broken\.yaml: config key maps\.resolution"):
        _variants(tmp_path, broken={"maps": {"resolution": -1}})
    (tmp_path / "broken.yaml").write_text("maps: [unclosed\n")
    with pytest.raises(BibliomapError, match=r"broken\.yaml, line 2: invalid YAML"):
        bmconfig.variant_configs(BASE, SCHEMA, tmp_path, source="config.yaml")
