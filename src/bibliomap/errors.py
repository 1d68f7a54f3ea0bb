"""The one exception type users see: a clear message naming the file, record and expectation."""

from __future__ import annotations

from pathlib import Path


class BibliomapError(Exception):
    """A problem with the user's input or configuration, reported without a traceback."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        record: str | int | None = None,
    ) -> None:
        self.path = None if path is None else str(path)
        self.line = line
        self.record = record
        super().__init__(message)

    def __str__(self) -> str:
        where = []
        if self.path is not None:
            where.append(self.path)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.record is not None:
            where.append(f"record {self.record}")
        prefix = ", ".join(where)
        message = super().__str__()
        return f"{prefix}: {message}" if prefix else message
