"""The library's source files a piece of code runs: modules and what they import, transitively.

The workflow lists them as inputs of each rule, so that editing any library module reruns
exactly the rules whose code imports it (directly or through other modules). Imports are read
from the source (:mod:`ast`), including imports inside functions; only ``bibliomap`` modules
count. A module that imports modules by name at run time (``importlib.import_module``, as the
reader and command registries do) is taken to import every module of its own package.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = "bibliomap"


def script_files(root: str | Path, script: str | Path) -> list[str]:
    """Sorted source files of every library module the file ``script`` imports, transitively
    (the library code a rule's script runs)."""
    root = Path(root)
    return _closure(root, _imported_files(root, Path(script)))


def _closure(root: Path, files: list[Path]) -> list[str]:
    pending = list(files)
    seen: set[Path] = set()
    while pending:
        file = pending.pop()
        if file in seen:
            continue
        seen.add(file)
        pending += _imported_files(root, file)
    return sorted(map(str, seen))


def _imported_files(root: Path, file: Path) -> list[Path]:
    """Library files that ``file`` imports (modules, and the packages on their way)."""
    tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
    dotted: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            dotted += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            dotted.append(node.module)
            dotted += [f"{node.module}.{alias.name}" for alias in node.names]
    files: list[Path] = []
    if _imports_by_name(tree):
        files += sorted(file.parent.rglob("*.py"))
    for name in dotted:
        parts = name.split(".")
        if parts[0] != PACKAGE:
            continue
        for depth in range(1, len(parts) + 1):
            files += _existing(root.joinpath(*parts[1:depth]))
    return files


def _existing(path: Path) -> list[Path]:
    """The module file or package ``__init__`` at ``path`` (nothing for a name in a module)."""
    candidates = [path.with_suffix(".py"), path / "__init__.py"]
    return [candidate for candidate in candidates if candidate.is_file()]


def _imports_by_name(tree: ast.AST) -> bool:
    """Whether the module calls ``import_module`` (of :mod:`importlib`)."""
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and getattr(node.func, "attr", getattr(node.func, "id", None)) == "import_module"
        for node in ast.walk(tree)
    )
