"""Shared fixtures: the real exports in ../shared/data, found in place (never copied)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _data_root() -> Path | None:
    env = os.environ.get("BIBLIOMAP_TEST_DATA")
    candidates = [Path(env)] if env else []
    candidates += [parent / "shared" / "data" for parent in ROOT.parents]
    return next((path for path in candidates if (path / "MANIFEST.tsv").is_file()), None)


@pytest.fixture(scope="session")
def shared_data():
    """Return a function mapping a path relative to ../shared/data to an existing file.

    A missing file skips the test, or fails it when BIBLIOMAP_REQUIRE_DATA=1 (as in CI).
    """
    root = _data_root()
    required = os.environ.get("BIBLIOMAP_REQUIRE_DATA") == "1"

    def find(relative: str = "") -> Path:
        path = None if root is None else root / relative
        if path is None or not path.exists():
            message = f"test data not found: {relative or 'shared/data'} (set BIBLIOMAP_TEST_DATA)"
            if required:
                pytest.fail(message)
            pytest.skip(message)
        return path

    return find
