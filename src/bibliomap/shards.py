"""Split the export files of a run into shards of about equal size, read as parallel jobs.

A shard is a list of pieces: whole files, or parts of a large file whose reader can read a
part (the CSV exports: a part is a run of rows). Pieces keep the order of the files
and of the parts within a file, and shard ``k`` holds the pieces that follow those of shard
``k - 1``, so the shards' records, concatenated, come in the order of an unsharded read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """Part ``index`` (from 0) of a file cut into ``count`` runs of rows of about equal length."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise ValueError(f"part {self.index} of {self.count}: expected 0 <= part < count")

    def rows(self, total: int) -> tuple[int, int | None]:
        """The first row (from 0) and the number of rows of this part of ``total`` rows; the
        last part reads to the end (None)."""
        start = self.index * total // self.count
        if self.index == self.count - 1:
            return start, None
        return start, (self.index + 1) * total // self.count - start


WHOLE = Part(0, 1)


@dataclass(frozen=True)
class Piece:
    """A file, or one part of it, read by one shard."""

    path: str
    part: Part = WHOLE


@dataclass(frozen=True)
class Export:
    """A file to shard: its path, size in bytes, and whether its reader can read parts."""

    path: str
    size: int
    splittable: bool


def plan(exports: Sequence[Export], shards: int) -> list[list[Piece]]:
    """The pieces of each of ``shards`` shards (some may be empty when files are few).

    A splittable file larger than a shard's share is cut into as many parts as shares it
    covers; pieces are then given to shards in order, each to the shard its middle byte falls
    in, so every shard gets about its share.
    """
    if shards < 1:
        raise ValueError(f"{shards} shards: expected at least 1")
    total = sum(export.size for export in exports)
    share = max(total / shards, 1.0)
    result: list[list[Piece]] = [[] for _ in range(shards)]
    start = 0.0
    for export in exports:
        count = min(shards, math.ceil(export.size / share)) if export.splittable else 1
        count = max(count, 1)
        size = export.size / count
        for index in range(count):
            middle = start + size / 2
            result[min(shards - 1, int(middle // share))].append(
                Piece(export.path, Part(index, count))
            )
            start += size
    return result
