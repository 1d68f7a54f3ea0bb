"""Term mining split into shards of records: scatter (mine a shard) and gather (read them all).

Mining is a function of each document, so the records are cut into ``shards`` contiguous row
ranges; each shard's phrase occurrences are written as Parquet (``doc`` = the record's row in
the whole table, ``label``, ``count``) and the gather re-codes them into one vocabulary. The
result equals mining all records at once, whatever the number of shards.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.fileio import parquet_rows, write_parquet
from bibliomap.terms.mine import Occurrences, merge_occurrences, mine_records

_COLUMNS = {"doc": pl.Int32, "label": pl.String, "count": pl.Int32}


def shard_rows(n_records: int, shard: int, shards: int) -> tuple[int, int]:
    """The row range [start, stop) of shard ``shard`` (0-based) of ``shards``."""
    if not 0 <= shard < shards:
        raise BibliomapError(f"shard {shard} is not one of 0..{shards - 1}")
    bounds = np.linspace(0, n_records, shards + 1).astype(np.int64)
    return int(bounds[shard]), int(bounds[shard + 1])


def mine_shard(
    records: str | Path,
    shard: int,
    shards: int,
    *,
    fields: Sequence[str],
    remove_copyright: bool,
    workers: int = 1,
) -> Occurrences:
    """Phrase occurrences of one shard of a records Parquet file (``doc`` = global row)."""
    n_records = parquet_rows(records)
    start, stop = shard_rows(n_records, shard, shards)
    texts = pl.scan_parquet(records).select(list(fields)).slice(start, stop - start).collect()
    found = mine_records(texts, fields=fields, remove_copyright=remove_copyright, workers=workers)
    return Occurrences(found.labels, found.doc + np.int32(start), found.code, found.count)


def write_occurrences(occurrences: Occurrences, path: str | Path) -> None:
    """Write occurrences as Parquet triples (doc, label, count), atomically."""
    table = pl.DataFrame(
        {
            "doc": occurrences.doc,
            "label": occurrences.labels.gather(occurrences.code),
            "count": occurrences.count,
        },
        schema=_COLUMNS,
    )
    write_parquet(table, path)


def read_occurrences(paths: Sequence[str | Path]) -> Occurrences:
    """The occurrences of every shard file, in one vocabulary."""
    parts = []
    for path in paths:
        table = pl.read_parquet(path)
        if dict(table.schema) != _COLUMNS:
            raise BibliomapError("not a term occurrence file (doc, label, count)", path=path)
        labels = table["label"].unique().sort()
        codes = labels.to_frame().with_row_index("code")
        code = table.join(codes, on="label", how="left", maintain_order="left")["code"]
        parts.append(
            Occurrences(
                labels=labels,
                doc=table["doc"].to_numpy(),
                code=code.to_numpy().astype(np.int32),
                count=table["count"].to_numpy(),
            )
        )
    return merge_occurrences(parts)
