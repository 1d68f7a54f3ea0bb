"""Reader for OpenAlex works: API pages ``{meta, results}``, JSON Lines, a bare list, one work.

JSON Lines with one work per line (what ``bibliomap fetch`` writes) are parsed by polars'
NDJSON reader through an explicit schema of the fields used; only each line's
``abstract_inverted_index`` (free-form keys) is parsed by the standard library. Any other file
(or a JSON Lines file polars rejects) takes the careful path: the standard library parses it,
the used fields are typed by polars' JSON reader, and malformed works are found and skipped one
by one. Abstracts are rebuilt with numpy and polars; every mapping is a polars expression.
Mapping:

- ``id`` -> ``openalex_id`` (``W...``); ``doi``; ``ids.pmid`` -> ``pmid`` (digits);
- ``title`` (else ``display_name``) and the abstract rebuilt from ``abstract_inverted_index``
  (words placed at their positions), HTML entities (``&amp;``) decoded;
- ``publication_year``; ``type`` -> ``document_type_raw`` and, mapped, ``document_type``
  (``type_crossref`` ``proceedings-article`` is a conference paper); ``language`` (ISO code);
- ``primary_location.source``: ``display_name`` -> ``source_title``, ``issn`` (else
  ``issn_l``) -> ``issn``, ``host_organization_name`` -> ``publisher``; ``biblio`` -> volume,
  issue, first and last page; ``open_access.oa_status``; ``grants`` -> ``funding``
  (``funder (award)``, ``; ``-joined); ``cited_by_count`` -> ``cited_by``;
- ``authorships``: ``author.display_name`` (``Paul D. Adams``, given names first) ->
  ``authors`` (``Adams, P.D.``: the last word, with lower-case particles such as ``van``, is the
  surname) and ``author_full_names``; ``author.id`` -> ``author_ids`` (``A...``); each author's
  ``raw_affiliation_strings`` (else ``raw_affiliation_string``), ``; ``-joined ->
  ``author_affiliations``, all of them, distinct -> ``affiliations``; institution names ->
  ``organizations``; ``countries`` (else the institutions' ``country_code``), ISO 3166-1 alpha-2
  codes, -> ``countries`` as names (:data:`bibliomap.countries.ISO2`, the project's one code
  table; an unknown code is kept as written);
- ``keywords`` (``display_name``, or ``keyword`` in the 2024 schema) -> ``author_keywords``;
  ``index_keywords`` are the work's ``concepts`` (its many tagged subjects, like Keywords Plus),
  or its ``topics`` when it has no concepts (OpenAlex is retiring concepts);
- ``referenced_works`` -> ``references``, one per work id, ``raw`` = the id as given
  (``https://openalex.org/W...``; :mod:`bibliomap.references` recognises it).

A JSON Lines line that is not valid JSON, or a work that is not an object or whose fields have
impossible types, is skipped and returned with the frame; invalid JSON in a single document is a
:class:`~bibliomap.errors.BibliomapError` naming the line.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from bibliomap import records as canonical
from bibliomap.countries import ISO2
from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.io import fields, tagged

FORMAT = "openalex-json"
DATABASE = "openalex"

_NAMED = pl.Struct({"display_name": pl.String})
_SOURCE = pl.Struct(
    {
        "display_name": pl.String,
        "issn_l": pl.String,
        "issn": pl.List(pl.String),
        "host_organization_name": pl.String,
    }
)
_AUTHORSHIP = pl.Struct(
    {
        "author": pl.Struct({"id": pl.String, "display_name": pl.String}),
        "institutions": pl.List(pl.Struct({"display_name": pl.String, "country_code": pl.String})),
        "countries": pl.List(pl.String),
        "raw_affiliation_strings": pl.List(pl.String),
        "raw_affiliation_string": pl.String,
    }
)
SCHEMA: dict[str, pl.DataType] = {
    "id": pl.String,
    "doi": pl.String,
    "title": pl.String,
    "display_name": pl.String,
    "publication_year": pl.Int64,
    "type": pl.String,
    "type_crossref": pl.String,
    "language": pl.String,
    "ids": pl.Struct({"pmid": pl.String}),
    "primary_location": pl.Struct({"source": _SOURCE}),
    "open_access": pl.Struct({"oa_status": pl.String}),
    "authorships": pl.List(_AUTHORSHIP),
    "biblio": pl.Struct(
        {"volume": pl.String, "issue": pl.String, "first_page": pl.String, "last_page": pl.String}
    ),
    "keywords": pl.List(pl.Struct({"display_name": pl.String, "keyword": pl.String})),
    "concepts": pl.List(_NAMED),
    "topics": pl.List(_NAMED),
    "referenced_works": pl.List(pl.String),
    "cited_by_count": pl.Int64,
    "grants": pl.List(pl.Struct({"funder_display_name": pl.String, "award_id": pl.String})),
}
"""The fields of an OpenAlex work this reader uses, with their types."""

_WORK_ID = re.compile(r'"id"\s*:\s*"https?://openalex\.org/W\d+"')
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"), ("&apos;", "'"))
_PARTICLES = r"(?:\p{Ll}+\s+)*"
_TYPING_ERRORS = (pl.exceptions.PolarsError, TypeError, ValueError, OverflowError)
_INDEX_KEY = '"abstract_inverted_index"'
_DECODER = json.JSONDecoder()
_EXPECTED = 'OpenAlex works: a {"meta", "results"} page, a list of works, or one work per line'


@dataclass(frozen=True)
class Invalid:
    """A JSON Lines line that is not valid JSON (it counts as one, skipped, record)."""

    reason: str


@dataclass(frozen=True)
class Documents:
    """The top-level JSON values of a file, in order: one document, or one per JSON Lines line."""

    values: tuple[Any, ...]
    """Parsed values; an :class:`Invalid` for a JSON Lines line that is not JSON."""
    lines: tuple[int | None, ...]
    """The line of each value (JSON Lines), or ``None`` for a single document."""


@dataclass(frozen=True)
class Works:
    """Work objects in file order: values, their record numbers (from 1), lines when known."""

    items: tuple[dict[str, Any], ...]
    records: tuple[int, ...]
    lines: tuple[int | None, ...]


def sniff(head: str) -> bool:
    """Whether ``head`` is JSON holding OpenAlex works (an ``"id": "https://openalex.org/W..."``)."""
    return head.lstrip()[:1] in ("{", "[") and _WORK_ID.search(head) is not None


def read(path: Path) -> tuple[pl.DataFrame, tuple[Skipped, ...]]:
    """The works of an OpenAlex JSON export, and the malformed works skipped."""
    path = Path(path)
    raw = tagged.text_bytes(path)
    fast = _json_lines_of_works(raw)
    if fast is not None:
        frame, abstracts = fast
        skipped: list[Skipped] = []
    else:
        documents = load_documents(path, raw)
        works, skipped = works_of(documents, path, unwrap=_results, expected=_EXPECTED)
        frame, bad_types = frame_of(works, SCHEMA, path)
        kept = set(frame["record"].to_list())
        abstracts = rebuild_abstracts(
            (record, work.get("abstract_inverted_index"))
            for record, work in zip(works.records, works.items, strict=True)
            if record in kept
        )
        skipped = sorted((*skipped, *bad_types), key=lambda item: int(item.record or 0))
    selected = frame.lazy().join(abstracts.lazy(), on="record", how="left").select(_columns(path))
    return canonical.conform(selected).collect(engine=tagged.ENGINE), tuple(skipped)


def load_documents(path: Path, raw: bytes) -> Documents:
    """Parse the file's text ``raw`` as one JSON document, or as JSON Lines when its first line
    is a JSON value by itself."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise BibliomapError(
            "not UTF-8 text; expected a JSON export", path=path, line=line
        ) from None
    if not text.strip():
        raise BibliomapError("empty file; expected a JSON export", path=path)
    try:
        return Documents((json.loads(text),), (None,))
    except json.JSONDecodeError as error:
        if error.msg != "Extra data" or not _first_line_is_json(text):
            raise BibliomapError(
                f"invalid JSON ({error.msg}, column {error.colno})", path=path, line=error.lineno
            ) from None
    return _json_lines(text)


def works_of(
    documents: Documents, path: Path, *, unwrap: Any, expected: str
) -> tuple[Works, list[Skipped]]:
    """The work objects of the documents, numbered from 1 in file order.

    ``unwrap`` lists a document's works, or returns ``None`` when it cannot read the document:
    then a single document is an error saying what was ``expected``, a JSON Lines line a
    skipped record (as is a line that is not JSON). A work that is not a JSON object is skipped.
    """
    items, records, lines, skipped = [], [], [], []
    number = 0
    for value, line in zip(documents.values, documents.lines, strict=True):
        found = None if isinstance(value, Invalid) else unwrap(value)
        if found is None and line is None:
            raise BibliomapError(f"expected {expected}", path=path)
        if found is None:
            number += 1
            reason = value.reason if isinstance(value, Invalid) else f"expected {expected}"
            skipped.append(Skipped(str(path), f"line {line}: {reason}", str(number), line))
            continue
        for work in found:
            number += 1
            if isinstance(work, dict):
                items.append(work)
                records.append(number)
                lines.append(line)
            else:
                reason = f"expected a JSON object for a work, found {type(work).__name__}"
                skipped.append(Skipped(str(path), reason, str(number), line))
    return Works(tuple(items), tuple(records), tuple(lines)), skipped


def frame_of(
    works: Works, schema: dict[str, pl.DataType], path: Path
) -> tuple[pl.DataFrame, list[Skipped]]:
    """The works as a frame of ``schema`` plus ``record``; works polars cannot type are skipped.

    The fields of ``schema`` are re-serialized (C speed) and typed by polars' JSON reader, which
    is several times faster than converting nested Python objects.
    """
    try:
        frame = _typed(works.items, schema)
        kept = list(works.records)
        skipped: list[Skipped] = []
    except _TYPING_ERRORS:
        frame, kept, skipped = _typed_one_by_one(works, schema, path)
    return frame.with_columns(pl.Series("record", kept, dtype=pl.UInt32)), skipped


def rebuild_abstracts(indexes: Iterable[tuple[int, Any]]) -> pl.DataFrame:
    """``record`` and ``abstract`` from ``(record, abstract_inverted_index)`` pairs: each word
    at its places (an index that is not an object of integer lists gives no words)."""
    records, words, places = [], [], []
    for record, index in indexes:
        if isinstance(index, dict) and index:
            records.extend([record] * len(index))
            words.extend(index.keys())
            places.extend(index.values())
    counts, flat = _flat_places(places)
    owner = np.repeat(np.arange(len(words)), counts)
    table = pl.DataFrame(
        {
            "record": pl.Series(records, dtype=pl.UInt32).gather(owner),
            "word": pl.Series(words, dtype=pl.String).gather(owner),
            "place": flat,
        }
    )
    return (
        table.sort("record", "place", maintain_order=True)
        .group_by("record", maintain_order=True)
        .agg(pl.col("word").str.join(" ").alias("abstract"))
    )


def unescape_html(text: pl.Expr) -> pl.Expr:
    """Decode the HTML entities APIs leave in titles and abstracts (``&amp;`` -> ``&``)."""
    for entity, char in _ENTITIES:
        text = text.str.replace_all(entity, char, literal=True)
    return text.str.replace_all("&amp;", "&", literal=True)


def _first_line_is_json(text: str) -> bool:
    """Whether the first non-blank line is a complete JSON value (so the file is JSON Lines)."""
    first = next(line for line in text.splitlines() if line.strip())
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return True


def _json_lines(text: str) -> Documents:
    """One value per non-blank line (an :class:`Invalid` for a line that is not JSON)."""
    values, lines = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            values.append(json.loads(line))
        except json.JSONDecodeError as error:
            values.append(Invalid(f"not valid JSON ({error.msg}); record skipped"))
        lines.append(number)
    return Documents(tuple(values), tuple(lines))


def _json_lines_of_works(raw: bytes) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """The works frame and abstracts of a JSON Lines file with one work per line, parsed by
    polars (Rust); ``None`` for any other file, which the careful path then reads.

    Only each line's ``abstract_inverted_index`` is parsed by Python (it has no fixed schema).
    """
    text = raw.decode("utf-8", errors="replace")
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return None
    try:
        frame = pl.read_ndjson(io.BytesIO(raw), schema=SCHEMA)
    except _TYPING_ERRORS:
        return None
    if frame.height != len(lines) or frame["id"].null_count():
        return None
    frame = frame.with_row_index("record", offset=1)
    indexes = ((number, _inverted_index(line)) for number, line in enumerate(lines, start=1))
    return frame, rebuild_abstracts(indexes)


def _inverted_index(line: str) -> Any:
    """The ``abstract_inverted_index`` value of one work's JSON line (``None`` if absent)."""
    key = line.find(_INDEX_KEY)
    if key < 0:
        return None
    start = line.find(":", key + len(_INDEX_KEY)) + 1
    start += len(line[start:]) - len(line[start:].lstrip())
    try:
        return _DECODER.raw_decode(line, start)[0]
    except json.JSONDecodeError:
        return json.loads(line).get("abstract_inverted_index")


def _results(value: Any) -> list[Any] | None:
    """The works of an OpenAlex document: a page's ``results``, a list, or a work itself."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and isinstance(value.get("results"), list):
        return value["results"]
    if isinstance(value, dict) and "id" in value:
        return [value]
    return None


def _typed(items: tuple[dict[str, Any], ...], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """``items`` as a frame of ``schema`` (only its fields are converted)."""
    if not items:
        return pl.DataFrame(schema=schema)
    subset = [{key: item.get(key) for key in schema} for item in items]
    return pl.read_json(io.BytesIO(json.dumps(subset).encode()), schema=schema)


def _typed_one_by_one(
    works: Works, schema: dict[str, pl.DataType], path: Path
) -> tuple[pl.DataFrame, list[int], list[Skipped]]:
    """Type each work on its own, skipping those polars rejects (slow path, bad input only)."""
    frames, kept, skipped = [], [], []
    for work, record, line in zip(works.items, works.records, works.lines, strict=True):
        try:
            frames.append(_typed((work,), schema))
            kept.append(record)
        except _TYPING_ERRORS as error:
            reason = f"a field of the work has an unexpected type ({str(error)[:120]}); skipped"
            skipped.append(Skipped(str(path), reason, str(record), line))
    frame = pl.concat(frames) if frames else pl.DataFrame(schema=schema)
    return frame, kept, skipped


def _flat_places(places: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Per word, how many positions it has, and all positions in order (int64).

    A value that is not a list of integers counts as no position.
    """
    if all(type(value) is list for value in places):
        flat = np.array(list(chain.from_iterable(places)))
        if flat.size == 0 or flat.dtype.kind == "i":
            counts = np.fromiter(map(len, places), dtype=np.int64, count=len(places))
            return counts, flat.astype(np.int64)
    valid = [_int_list(value) for value in places]
    counts = np.fromiter(map(len, valid), dtype=np.int64, count=len(valid))
    return counts, np.array(list(chain.from_iterable(valid)), dtype=np.int64)


def _int_list(value: Any) -> list[int]:
    """``value`` when it is a list of integers that fit 64 bits, else ``[]``."""
    if isinstance(value, list) and all(type(item) is int and abs(item) < 2**62 for item in value):
        return value
    return []


def _columns(path: Path) -> list[pl.Expr]:
    """The canonical columns of the works frame."""
    source = pl.col("primary_location").struct.field("source")
    biblio = pl.col("biblio")
    return [
        pl.concat_list(pl.lit(DATABASE)).alias("databases"),
        tagged.origin(path, pl.col("record")).alias("origin"),
        pl.col("id").str.extract(r"(W\d+)$", 1).alias("openalex_id"),
        fields.doi(pl.col("doi")).alias("doi"),
        pl.col("ids").struct.field("pmid").str.extract(r"(\d+)\D*$", 1).alias("pmid"),
        fields.text(unescape_html(pl.coalesce("title", "display_name"))).alias("title"),
        fields.text(unescape_html(pl.col("abstract"))).alias("abstract"),
        pl.col("publication_year").cast(pl.Int32, strict=False).alias("year"),
        _document_type().alias("document_type"),
        fields.text(pl.col("type")).alias("document_type_raw"),
        fields.language(pl.col("language")).alias("language"),
        fields.text(source.struct.field("display_name")).alias("source_title"),
        _issn(source).alias("issn"),
        fields.text(source.struct.field("host_organization_name")).alias("publisher"),
        fields.text(biblio.struct.field("volume")).alias("volume"),
        fields.text(biblio.struct.field("issue")).alias("issue"),
        fields.text(biblio.struct.field("first_page")).alias("page_start"),
        fields.text(biblio.struct.field("last_page")).alias("page_end"),
        *_authorship_columns(),
        _names(pl.col("keywords"), "display_name", "keyword").alias("author_keywords"),
        pl.when(pl.col("concepts").list.len() > 0)
        .then(_names(pl.col("concepts"), "display_name"))
        .otherwise(_names(pl.col("topics"), "display_name"))
        .alias("index_keywords"),
        pl.col("referenced_works")
        .list.eval(pl.struct(raw=pl.element().filter(pl.element().is_not_null())))
        .alias("references"),
        pl.col("cited_by_count").alias("cited_by"),
        fields.text(pl.col("open_access").struct.field("oa_status")).alias("open_access"),
        _grants().alias("funding"),
    ]


def _document_type() -> pl.Expr:
    """The common type; Crossref's ``proceedings-article`` marks a conference paper."""
    proceedings = pl.col("type_crossref") == "proceedings-article"
    return (
        pl.when(proceedings.fill_null(False))
        .then(pl.lit("conference paper"))
        .otherwise(fields.document_type(pl.col("type")))
    )


def _issn(source: pl.Expr) -> pl.Expr:
    """The source's ISSNs (else its linking ISSN), ``; ``-joined."""
    listed = source.struct.field("issn").list.drop_nulls().list.join("; ")
    return fields.text(
        pl.coalesce(pl.when(listed != "").then(listed), source.struct.field("issn_l"))
    )


def _names(items: pl.Expr, *keys: str) -> pl.Expr:
    """The first present ``keys`` of each struct in a list, cleaned, distinct, in order."""
    value = pl.coalesce(*(pl.element().struct.field(key) for key in keys))
    cleaned = items.list.eval(fields.text(value)).list.drop_nulls()
    return cleaned.list.unique(maintain_order=True)


def _grants() -> pl.Expr:
    """``funder (award)`` of each grant, ``; ``-joined (null when there are none)."""
    funder = fields.text(pl.element().struct.field("funder_display_name"))
    award = fields.text(pl.element().struct.field("award_id"))
    grant = pl.when(award.is_null()).then(funder).otherwise(funder + " (" + award + ")")
    joined = pl.col("grants").list.eval(grant).list.drop_nulls().list.join("; ")
    return pl.when(joined == "").then(None).otherwise(joined)


def _authorship_columns() -> list[pl.Expr]:
    """Authors, full names, ids, affiliations, organizations and countries of ``authorships``."""
    author = pl.element().struct.field("author")
    name = fields.text(author.struct.field("display_name"))
    named = pl.col("authorships").list.eval(pl.element().filter(name.is_not_null()))
    institutions = pl.element().struct.field("institutions")
    raw = pl.element().struct.field("raw_affiliation_strings").list.drop_nulls()
    single = pl.concat_list(pl.element().struct.field("raw_affiliation_string")).list.drop_nulls()
    addresses = pl.when(raw.list.len() > 0).then(raw).otherwise(single)
    listed = pl.element().struct.field("countries")
    coded = institutions.list.eval(pl.element().struct.field("country_code"))
    codes = pl.when(listed.list.len() > 0).then(listed).otherwise(coded)
    organizations = institutions.list.eval(pl.element().struct.field("display_name"))
    return [
        named.list.eval(_given_first(name)).alias("authors"),
        named.list.eval(name).alias("author_full_names"),
        _known(
            named.list.eval(author.struct.field("id").str.extract(r"(A\d+)$", 1).fill_null(""))
        ).alias("author_ids"),
        _known(named.list.eval(fields.text(addresses.list.join("; ")).fill_null(""))).alias(
            "author_affiliations"
        ),
        _distinct(named.list.eval(addresses.explode())).alias("affiliations"),
        _distinct(named.list.eval(organizations.explode())).alias("organizations"),
        _distinct(named.list.eval(codes.explode()))
        .list.eval(_country_name(pl.element()))
        .list.unique(maintain_order=True)
        .alias("countries"),
    ]


def _distinct(values: pl.Expr) -> pl.Expr:
    """List values cleaned, nulls and blanks dropped, distinct, in order."""
    return (
        values.list.eval(fields.text(pl.element()))
        .list.drop_nulls()
        .list.unique(maintain_order=True)
    )


def _given_first(name: pl.Expr) -> pl.Expr:
    """``Surname, I.N.`` from ``Given Names Surname`` (lower-case particles join the surname)."""
    inverted = name.str.replace(rf"^(.*?)\s+({_PARTICLES}\S+)$", "$2, $1")
    return fields.author_name(inverted)


def _country_name(code: pl.Expr) -> pl.Expr:
    """A country name for an ISO 3166-1 alpha-2 code (unknown codes kept as written)."""
    upper = code.str.strip_chars().str.to_uppercase()
    return pl.coalesce(upper.replace_strict(ISO2, default=None, return_dtype=pl.String), code)


def _known(aligned: pl.Expr) -> pl.Expr:
    """An author-aligned list, or ``[]`` when it holds no value (a merge then prefers a list that
    does)."""
    has_value = aligned.list.eval(pl.element() != "").list.any()
    return pl.when(has_value).then(aligned).otherwise(pl.lit([], dtype=pl.List(pl.String)))
