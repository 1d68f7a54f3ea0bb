"""The library files a rule's script runs: imports followed transitively."""

from __future__ import annotations

from pathlib import Path

from bibliomap.sources import script_files

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "bibliomap"


def _names(files: list[str]) -> set[str]:
    return {str(Path(file).relative_to(SRC)) for file in files}


def test_indirect_imports_are_followed():
    names = _names(script_files(SRC, ROOT / "scripts" / "cluster.py"))
    # cluster imports leiden_starts and processes; layout comes through cluster
    assert {"cluster.py", "leiden_starts.py", "processes.py", "layout.py", "network.py"} <= names
    assert not any(name.startswith(("terms/", "io/", "figures/")) for name in names)


def test_modules_imported_by_name_bring_their_package():
    names = _names(script_files(SRC, ROOT / "scripts" / "ingest.py"))
    assert {"io/scopus_csv.py", "io/wos_plain.py", "io/pubmed.py", "merge.py"} <= names


def test_imports_inside_functions_and_from_imports(tmp_path):
    package = tmp_path / "bibliomap"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from bibliomap.sub import b\n")
    (package / "sub" / "b.py").write_text("from bibliomap.c import NAME\nimport json\n")
    (package / "c.py").write_text("NAME = 1\n")
    (package / "d.py").write_text("")
    script = tmp_path / "job.py"
    script.write_text("import bibliomap.a\n")
    names = {str(Path(f).relative_to(package)) for f in script_files(package, script)}
    assert names == {"__init__.py", "a.py", "sub/__init__.py", "sub/b.py", "c.py"}
