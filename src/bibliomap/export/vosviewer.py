"""VOSviewer's map, network and JSON files (METHODS.md sec. 7): write them, and read them back.

- Map file: tab separated with a header ``id label [description url] x y cluster weight<...>
  score<...>``; labels holding a comma, semicolon, quote, tab or line break are quoted (CSV
  style); coordinates and scores are rounded to 4 decimals as VOSviewer saves them, weights keep
  full precision; integers are written without decimals; a missing value (an item without a
  cluster, a missing score) is an empty field.
- Network file: ``id1<TAB>id2<TAB>strength`` without header, each pair once. On reading a third
  column is optional (strength 1), pairs are summed over duplicates and both orders, and self
  links are dropped (VOSviewer ignores them in Links and Total link strength).
- JSON (VOSviewer Online): ``{"network": {"items": [...], "links": [...], "clusters": [...]},
  "config": {...}, "info": {"title", "description"}}``.

:func:`read_vosviewer` turns a map file and/or a network file into a
:class:`~bibliomap.network.Network`, so maps made elsewhere can be laid out and clustered again.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import polars as pl

from bibliomap.errors import BibliomapError
from bibliomap.fileio import write_text
from bibliomap.network import LINK_SCHEMA, Network, canonical_links

TEXT_COLUMNS = ("label", "description", "url")
MAP_ONLY = ("x", "y", "cluster")
_QUOTE_IF = r'[,;"\t\r\n]'


def _is_measure(name: str) -> bool:
    return (name.startswith("weight<") or name.startswith("score<")) and name.endswith(">")


def _number_text(expr: pl.Expr, *, decimals: int | None) -> pl.Expr:
    """Shortest decimal text of a float column (rounded first if ``decimals``); null -> ''."""
    value = expr.cast(pl.Float64)
    if decimals is not None:
        value = value.round(decimals)
    text = value.cast(pl.String).str.replace(r"\.0$", "").str.replace(r"^-0$", "0")
    return text.fill_null("")


def _label_text(expr: pl.Expr) -> pl.Expr:
    text = expr.cast(pl.String).fill_null("")
    quoted = pl.lit('"') + text.str.replace_all('"', '""', literal=True) + pl.lit('"')
    return pl.when(text.str.contains(_QUOTE_IF)).then(quoted).otherwise(text)


def map_columns(items: pl.DataFrame) -> list[str]:
    """Map file column order: id, label, description, url, x, y, cluster, weights, scores."""
    fixed = [c for c in ("id", *TEXT_COLUMNS, *MAP_ONLY) if c in items.columns]
    weights = [c for c in items.columns if c.startswith("weight<")]
    scores = [c for c in items.columns if c.startswith("score<")]
    return fixed + weights + scores


def map_text(items: pl.DataFrame) -> str:
    """The map file of ``items`` (id, label and any of x, y, cluster, weights, scores)."""
    columns = map_columns(items)
    fields = []
    for name in columns:
        if name in TEXT_COLUMNS:
            fields.append(_label_text(pl.col(name)))
        elif name in ("id", "cluster"):
            fields.append(pl.col(name).cast(pl.Int64).cast(pl.String).fill_null(""))
        else:
            rounded = name in ("x", "y") or name.startswith("score<")
            fields.append(_number_text(pl.col(name), decimals=4 if rounded else None))
    lines = items.select(pl.concat_str(fields, separator="\t").alias("line"))["line"]
    return "\n".join(["\t".join(columns), *lines.to_list()]) + "\n"


def network_text(links: pl.DataFrame) -> str:
    """The network file of ``links`` (source, target, strength), each pair once."""
    line = pl.concat_str(
        [
            pl.col("source").cast(pl.String),
            pl.col("target").cast(pl.String),
            _number_text(pl.col("strength"), decimals=None),
        ],
        separator="\t",
    )
    rows = canonical_links(links).select(line.alias("line"))["line"].to_list()
    return "".join(f"{row}\n" for row in rows)


def write_map_file(items: pl.DataFrame, path: str | Path) -> None:
    """Write a VOSviewer map file, atomically."""
    write_text(path, map_text(items))


def write_network_file(links: pl.DataFrame, path: str | Path) -> None:
    """Write a VOSviewer network file, atomically."""
    write_text(path, network_text(links))


def _read_table(path: str | Path, *, header: bool) -> pl.DataFrame:
    """A tab-separated file as strings (BOM and CRLF tolerated)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise BibliomapError(f"cannot read the file: {error}", path=path) from None
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise BibliomapError("the file is empty", path=path)
    try:
        return pl.read_csv(
            io.StringIO(text), separator="\t", has_header=header, infer_schema=False,
            quote_char='"', truncate_ragged_lines=False,
        )  # fmt: skip
    except pl.exceptions.PolarsError as error:
        raise BibliomapError(f"not a tab-separated VOSviewer file: {error}", path=path) from None


def _cast(
    frame: pl.DataFrame, name: str, dtype: Any, path: str | Path, first_line: int
) -> pl.Series:
    """Cast a string column, naming the first line whose value is not a ``dtype``."""
    raw = frame[name].str.strip_chars()
    raw = raw.replace("", None)
    cast = raw.cast(dtype, strict=False)
    bad = cast.is_null() & raw.is_not_null()
    if bad.any():
        row = int(bad.arg_true()[0])
        raise BibliomapError(
            f"column {name!r}: expected a number, got {raw[row]!r}",
            path=path,
            line=row + first_line,
        )
    return cast


def read_map_file(path: str | Path) -> pl.DataFrame:
    """A VOSviewer map file as a table: id (Int64), texts, x, y (Float64), cluster (Int64, null
    for none or 0), ``weight<Links>`` (Int64) and the other weights and scores (Float64)."""
    raw = _read_table(path, header=True)
    raw = raw.rename({c: c.strip() for c in raw.columns})
    renames = {c: c.lower() for c in raw.columns if c.lower() in ("id", *TEXT_COLUMNS, *MAP_ONLY)}
    renames.update(
        {c: f"{c.lower()}<{c.capitalize()}>" for c in raw.columns if c in ("weight", "score")}
    )
    raw = raw.rename(renames)
    if "id" not in raw.columns:
        raise BibliomapError("a VOSviewer map file needs an 'id' column", path=path, line=1)
    columns: dict[str, pl.Series] = {}
    for name in raw.columns:
        if name == "id" or name == "cluster":
            columns[name] = _cast(raw, name, pl.Int64, path, 2)
        elif name in TEXT_COLUMNS:
            columns[name] = raw[name].fill_null("")
        elif name in ("x", "y") or _is_measure(name):
            dtype = pl.Int64 if name == "weight<Links>" else pl.Float64
            columns[name] = _cast(raw, name, dtype, path, 2)
    table = pl.DataFrame(columns)
    if table["id"].null_count() or table["id"].is_duplicated().any():
        raise BibliomapError("item ids must be present and unique", path=path)
    if "label" not in table.columns:
        table = table.with_columns(pl.col("id").cast(pl.String).alias("label"))
    if "cluster" in table.columns:
        table = table.with_columns(pl.col("cluster").replace(0, None))
    return table.select(map_columns(table))


def read_network_file(path: str | Path) -> pl.DataFrame:
    """A VOSviewer network file as canonical links (source < target, duplicates summed); a
    missing strength is 1."""
    raw = _read_table(path, header=False)
    if raw.width not in (2, 3):
        raise BibliomapError(
            f"a network file has 2 or 3 tab-separated columns, found {raw.width}", path=path
        )
    names = ["source", "target", "strength"][: raw.width]
    raw = raw.rename(dict(zip(raw.columns, names, strict=True)))
    strength = (
        _cast(raw, "strength", pl.Float64, path, 1).fill_null(1.0)
        if raw.width == 3
        else pl.Series([1.0] * raw.height)
    )
    links = pl.DataFrame(
        {
            "source": _cast(raw, "source", pl.Int64, path, 1),
            "target": _cast(raw, "target", pl.Int64, path, 1),
            "strength": strength,
        }
    )
    missing = links["source"].is_null() | links["target"].is_null()
    if missing.any():
        raise BibliomapError(
            "every line needs two item ids", path=path, line=int(missing.arg_true()[0]) + 1
        )
    return canonical_links(links).cast(LINK_SCHEMA)


def read_vosviewer(
    map_path: str | Path | None = None,
    network_path: str | Path | None = None,
    *,
    kind: str = "vosviewer",
) -> Network:
    """A Network from a VOSviewer map file and/or network file (x, y and cluster are dropped).

    Without a map file the items are the ids of the network file, labelled by id. Links and
    Total link strength are computed from the links when the map file lacks them.
    """
    if map_path is None and network_path is None:
        raise BibliomapError("give a VOSviewer map file, a network file, or both")
    links = (
        read_network_file(network_path)
        if network_path is not None
        else pl.DataFrame(schema=LINK_SCHEMA)
    )
    if map_path is not None:
        items = read_map_file(map_path).drop(MAP_ONLY, strict=False)
    else:
        ids = pl.concat([links["source"], links["target"]]).unique().sort()
        items = pl.DataFrame({"id": ids, "label": ids.cast(pl.String)})
    unknown = set(links["source"]) | set(links["target"])
    unknown -= set(items["id"])
    if unknown:
        raise BibliomapError(
            f"the network file links ids missing from the map file: {sorted(unknown)[:5]}",
            path=network_path,
        )
    items = _with_link_weights(items, links)
    meta = {"kind": kind, "map_file": _name(map_path), "network_file": _name(network_path)}
    return Network(items=items, links=links, meta=meta)


def _name(path: str | Path | None) -> str | None:
    return None if path is None else str(path)


def _with_link_weights(items: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Add ``weight<Links>`` and ``weight<Total link strength>`` if the items lack them."""
    ends = pl.concat(
        [
            links.select(pl.col("source").alias("id"), "strength"),
            links.select(pl.col("target").alias("id"), "strength"),
        ]
    )
    per_item = ends.group_by("id").agg(
        pl.len().cast(pl.Int64).alias("weight<Links>"),
        pl.col("strength").sum().alias("weight<Total link strength>"),
    )
    missing = [
        c for c in ("weight<Links>", "weight<Total link strength>") if c not in items.columns
    ]
    if not missing:
        return items
    joined = items.join(per_item.select("id", *missing), on="id", how="left", maintain_order="left")
    joined = joined.with_columns(pl.col(c).fill_null(0) for c in missing)
    texts = [c for c in ("id", *TEXT_COLUMNS) if c in joined.columns]
    rest = [c for c in joined.columns if c not in texts and c not in missing]
    order = (
        texts + [c for c in ("weight<Links>", "weight<Total link strength>") if c in missing] + rest
    )
    return joined.select(order)


# ---------------------------------------------------------------- JSON (VOSviewer Online)


def _clean(value: Any, decimals: int | None) -> Any:
    """A JSON number: rounded if asked, integral floats as ints, NaN/None as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if decimals is not None:
        value = round(float(value), decimals)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def vosviewer_json(
    items: pl.DataFrame,
    links: pl.DataFrame,
    *,
    cluster_labels: dict[int, str] | None = None,
    title: str = "",
    description: str = "",
    parameters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The VOSviewer Online JSON document of a map (items with x, y, cluster) and its links."""
    weights = [c for c in items.columns if c.startswith("weight<")]
    scores = [c for c in items.columns if c.startswith("score<")]
    records = []
    for row in items.iter_rows(named=True):
        record: dict[str, Any] = {"id": row["id"], "label": row["label"]}
        for name in ("description", "url"):
            if row.get(name):
                record[name] = row[name]
        for name in ("x", "y"):
            if row.get(name) is not None:
                record[name] = _clean(row[name], 4)
        if row.get("cluster") is not None:
            record["cluster"] = row["cluster"]
        record["weights"] = {c[7:-1]: _clean(row[c], None) for c in weights if row[c] is not None}
        record["scores"] = {
            c[6:-1]: _clean(row[c], 4) for c in scores if _clean(row[c], 4) is not None
        }
        records.append(record)
    link_records = [
        {"source_id": s, "target_id": t, "strength": _clean(w, None)}
        for s, t, w in canonical_links(links).iter_rows()
    ]
    clusters = [
        {"cluster": c, "label": label} for c, label in sorted((cluster_labels or {}).items())
    ]
    return {
        "network": {"items": records, "links": link_records, "clusters": clusters},
        "config": {"parameters": parameters or {}},
        "info": {"title": title, "description": description},
    }


def write_vosviewer_json(document: dict[str, Any], path: str | Path) -> None:
    """Write a VOSviewer JSON document compactly (one item or link per line), atomically."""
    network = document["network"]
    parts = [
        '{"network": {"items": [\n',
        ",\n".join(json.dumps(item, ensure_ascii=False) for item in network["items"]),
        '\n], "links": [\n',
        ",\n".join(json.dumps(link) for link in network["links"]),
        '\n], "clusters": ',
        json.dumps(network["clusters"], ensure_ascii=False),
        '},\n"config": ',
        json.dumps(document["config"], ensure_ascii=False, sort_keys=True),
        ',\n"info": ',
        json.dumps(document["info"], ensure_ascii=False, sort_keys=True),
        "}\n",
    ]
    write_text(path, "".join(parts))


def read_vosviewer_json(path: str | Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Items (id, label, x, y, cluster, weights, scores) and links of a VOSviewer JSON file."""
    try:
        network = json.loads(Path(path).read_text(encoding="utf-8-sig"))["network"]
        records = network["items"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BibliomapError(f"not a VOSviewer JSON file: {error}", path=path) from None
    weight_names = list(dict.fromkeys(k for r in records for k in r.get("weights", {})))
    score_names = list(dict.fromkeys(k for r in records for k in r.get("scores", {})))
    columns: dict[str, list[Any]] = {
        "id": [r["id"] for r in records],
        "label": [r.get("label", str(r["id"])) for r in records],
    }
    for name in ("description", "url", "x", "y", "cluster"):
        if any(name in r for r in records):
            columns[name] = [r.get(name) for r in records]
    for name in weight_names:
        columns[f"weight<{name}>"] = [r.get("weights", {}).get(name) for r in records]
    for name in score_names:
        columns[f"score<{name}>"] = [r.get("scores", {}).get(name) for r in records]
    schema = {name: _json_dtype(name) for name in columns}
    items = pl.DataFrame(columns, schema=schema)
    links = pl.DataFrame(
        {
            "source": [link["source_id"] for link in network.get("links", [])],
            "target": [link["target_id"] for link in network.get("links", [])],
            "strength": [float(link.get("strength", 1)) for link in network.get("links", [])],
        },
        schema=LINK_SCHEMA,
    )
    return items, canonical_links(links)


def _json_dtype(name: str) -> Any:
    if name in ("id", "cluster", "weight<Links>"):
        return pl.Int64
    if name in ("label", "description", "url"):
        return pl.String
    return pl.Float64
