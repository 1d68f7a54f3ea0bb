"""The network folder every network-building stage writes and the map stage reads.

A network folder holds:

- ``items.parquet``: ``id`` (Int64, 1..N), ``label`` (String), then weight columns named
  ``weight<Name>`` and score columns named ``score<Name>`` exactly as VOSviewer's map file
  header spells them (e.g. ``weight<Occurrences>``, ``score<Avg. pub. year>``);
- ``links.parquet``: ``source``, ``target`` (Int64 item ids, source < target, each pair once)
  and ``strength`` (Float64, > 0);
- ``meta.json``: ``kind`` and the parameters that built it, plus ``map_type`` used to pick
  VOSviewer's default attraction/repulsion.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import scipy.sparse as sp

from bibliomap.fileio import write_json, write_parquet

ITEMS = "items.parquet"
LINKS = "links.parquet"
META = "meta.json"
LINK_SCHEMA = {"source": pl.Int64, "target": pl.Int64, "strength": pl.Float64}


@dataclass(frozen=True)
class Network:
    """Items with weights and scores, undirected weighted links, and metadata."""

    items: pl.DataFrame
    links: pl.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.items.height

    def adjacency(self) -> sp.csr_matrix:
        """Symmetric N x N sparse matrix of link strengths, rows in item order."""
        return links_to_adjacency(self.items["id"], self.links)


def links_to_adjacency(ids: pl.Series, links: pl.DataFrame) -> sp.csr_matrix:
    """Build the symmetric sparse adjacency of ``links`` over items ``ids`` (in that order)."""
    n = ids.len()
    index = pl.DataFrame({"id": ids, "_pos": np.arange(n, dtype=np.int64)})
    pairs = (
        links.join(index.rename({"id": "source", "_pos": "i"}), on="source")
        .join(index.rename({"id": "target", "_pos": "j"}), on="target")
        .select("i", "j", "strength")
    )
    i = pairs["i"].to_numpy()
    j = pairs["j"].to_numpy()
    w = pairs["strength"].to_numpy().astype(np.float64)
    upper = sp.coo_matrix((w, (i, j)), shape=(n, n))
    return (upper + upper.T).tocsr()


def adjacency_to_links(ids: pl.Series, matrix: sp.spmatrix) -> pl.DataFrame:
    """Links (each pair once, strength > 0) of a symmetric sparse matrix over items ``ids``."""
    upper = sp.triu(sp.csr_matrix(matrix), k=1).tocsr()
    upper.sum_duplicates()
    upper.sort_indices()
    row = np.repeat(np.arange(upper.shape[0]), np.diff(upper.indptr))
    keep = upper.data > 0
    id_array = ids.to_numpy()
    frame = pl.DataFrame(
        {
            "source": id_array[row[keep]],
            "target": id_array[upper.indices[keep]],
            "strength": upper.data[keep].astype(np.float64),
        },
        schema=LINK_SCHEMA,
    )
    # Rows come in item order; ids of a network are increasing in that order, else re-sort.
    if not bool(np.all(np.diff(id_array) > 0)):
        frame = canonical_links(frame)
    return frame


def canonical_links(links: pl.DataFrame) -> pl.DataFrame:
    """Order each pair as source < target, sum duplicates, drop zero links, sort."""
    ordered = links.select(
        pl.min_horizontal("source", "target").cast(pl.Int64).alias("source"),
        pl.max_horizontal("source", "target").cast(pl.Int64).alias("target"),
        pl.col("strength").cast(pl.Float64),
    ).filter(pl.col("source") != pl.col("target"))
    summed = ordered.group_by("source", "target").agg(pl.col("strength").sum())
    return summed.filter(pl.col("strength") > 0).sort("source", "target")


def save(network: Network, folder: str | Path) -> None:
    """Write a network folder (each file atomically)."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    write_parquet(network.items, out / ITEMS)
    write_parquet(network.links.select(list(LINK_SCHEMA)).cast(LINK_SCHEMA), out / LINKS)
    write_json(out / META, network.meta)


def load(folder: str | Path) -> Network:
    """Read a network folder written by :func:`save`."""
    src = Path(folder)
    meta = json.loads((src / META).read_text(encoding="utf-8")) if (src / META).exists() else {}
    return Network(
        items=pl.read_parquet(src / ITEMS),
        links=pl.read_parquet(src / LINKS),
        meta=meta,
    )


def _binary(incidence: sp.spmatrix) -> sp.spmatrix:
    """A float copy of ``incidence`` with 1 wherever it is nonzero (the input is untouched)."""
    held = sp.csr_matrix(incidence, dtype=np.float64, copy=True)
    held.eliminate_zeros()
    held.data[:] = 1.0
    return held


def cooccurrence(incidence: sp.spmatrix, *, counting: str = "full") -> sp.csr_matrix:
    """Item x item co-occurrence of a binary documents x items incidence matrix, zero diagonal.

    ``full``: strength = number of documents holding both items. ``fractional``: a document
    holding n items adds 1 / (n - 1) to each of its pairs, so each item's links from one
    document sum to 1 (VOSviewer's fractional counting).
    """
    held = _binary(incidence).tocsr()
    if counting == "fractional":
        per_doc = np.asarray(held.sum(axis=1)).ravel()
        weight = np.divide(1.0, per_doc - 1, out=np.zeros_like(per_doc), where=per_doc > 1)
        product = held.T @ sp.diags(weight) @ held
    elif counting == "full":
        product = held.T @ held
    else:
        raise ValueError(f"unknown counting {counting!r}; expected 'full' or 'fractional'")
    product = sp.csr_matrix(product)
    product.setdiag(0)
    product.eliminate_zeros()
    return product


def assemble(
    labels: pl.Series,
    adjacency: sp.spmatrix,
    *,
    weights: dict[str, np.ndarray],
    scores: dict[str, np.ndarray],
    meta: dict[str, Any],
) -> Network:
    """A Network with ids 1..N in ``labels`` order, Links and Total link strength computed.

    ``weights`` and ``scores`` are keyed by VOSviewer column name (``weight<...>``/``score<...>``)
    and keep their order after Links and Total link strength.
    """
    matrix = sp.csr_matrix(adjacency)
    ids = pl.Series("id", np.arange(1, labels.len() + 1, dtype=np.int64))
    binary = matrix.copy()
    binary.data = (binary.data > 0).astype(np.float64)
    columns: dict[str, Any] = {
        "id": ids,
        "label": labels.cast(pl.String).alias("label"),
        "weight<Links>": np.asarray(binary.sum(axis=1)).ravel().astype(np.int64),
        "weight<Total link strength>": np.asarray(matrix.sum(axis=1)).ravel(),
    }
    columns.update(weights)
    columns.update(scores)
    items = pl.DataFrame(columns)
    return Network(items=items, links=adjacency_to_links(ids, matrix), meta=meta)
