"""Parse cited-reference strings into first author, year, source, volume, page, DOI and title.

Every database writes references its own way; the style is recognised from the string itself
(a merged record may carry references of several databases):

- Web of Science: ``Cohen WM, 1990, ADMIN SCI QUART, V35, P128, DOI 10.2307/2393553``;
- Scopus up to 2022 (CSV, RIS, BibTeX): ``Cohen, W.M., Levinthal, D.A., Absorptive capacity: A
  new perspective ... (1990) Administrative Science Quarterly, 35 (1), pp. 128-152.``;
- Scopus since 2023: ``Brennan P.F., Bakken S., Nursing needs big data ..., Journal of Nursing
  Scholarship, 47, pp. 477-484, (2015)``;
- identifiers only: OpenAlex work ids (``https://openalex.org/W2100837269``), Lens ids
  (``000-102-656-132-186``) and bare DOIs;
- anything else: the first plausible year and any DOI.

Fields a reader already filled (e.g. Crossref's structured references) are kept. Parsing is
done on the distinct strings of the exploded reference table: Web of Science strings of ASCII
characters by a compiled pass (:mod:`bibliomap.reference_scan`), the others with polars string
expressions. First authors are written ``Surname, I.N.`` whatever the style, so cited authors
from different databases meet.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import polars as pl

from bibliomap import reference_scan
from bibliomap.io import flat
from bibliomap.records import REFERENCE

FIELDS = ("doi", "first_author", "year", "source", "volume", "page", "title")

_YEAR = r"(?:1[5-9]\d{2}|20\d{2})"
_DOI = r"(?i)\b(10\.\d{4,9}/[^\s,;\]\[]+)"
_OPENALEX = r"(?i)^(?:https?://openalex\.org/)?(W\d+)$"
_LENS = r"^(\d{3}-\d{3}-\d{3}-\d{3}-\d{3})$"
# "Cohen, W.M." / "Hsu, C.-L." / "Ambos, T. C." (Scopus up to 2022).
_AUTHOR_OLD = r"[^,()]+?,\s*(?:\p{Lu}\p{Ll}?\.\s?-?\s?)+"
# "Brennan P.F." / "Miles M. B." / "O'Brien L.T." (Scopus since 2023).
_AUTHOR_NEW = r"[\p{L}'’`~\-. ]+?\s(?:(?:\p{Lu}\.\s?-?\s?)+|\p{Lu}{1,2})"
_WOS = rf"^[^,]*,\s*{_YEAR}[a-z]?\s*(?:,|$)"
_SCOPUS_NEW = rf",\s*\({_YEAR}[a-z]?\)\.?$"
_SCOPUS_OLD = rf"\({_YEAR}[a-z]?\)"
# A name without comma: surname, then initials or one given name (only its initial counts);
# the surname is the shortest that allows it.
_NAME_FORMS = r"^(?:(.+?)\s+((?:\p{Lu}\.?\s?-?){1,4})|(.+?)\s+(\p{Lu})[\p{Ll}'\-]+\.?)$"
# Names of those forms with one space (the surname is the first word): cut at the space.
_ONE_SPACE = r"^[^\s,]+ (?:(?:\p{Lu}\.?\s?-?){1,4}|\p{Lu}[\p{Ll}'\-]+\.?)$"


class Parser:
    """Parses references across several tables (runs of one table's records), each distinct
    string once: the fields parsed so far are kept, found by the string's hash."""

    def __init__(self) -> None:
        self._index = flat.HashIndex()
        self._parsed = pl.DataFrame(schema=REFERENCE.to_schema())
        """Row ``i``: the fields of the index's string ``i``."""

    def parse(self, raw: pl.Series) -> pl.DataFrame:
        """The fields of each of the strings ``raw`` (``raw`` included; repeats allowed)."""
        rows = self._index.place(raw, self._parsed_first)
        return self._parsed.select(pl.all().gather(rows))

    def _parsed_first(self, unique: pl.Series) -> pl.Series:
        """``unique`` (distinct strings not parsed yet), their fields parsed and kept."""
        found = _parse_in_threads(unique).with_columns(raw=unique)
        self._parsed = flat.appended(self._parsed, found.select(self._parsed.columns))
        return unique


def parse_references(records: pl.DataFrame, *, parser: Parser | None = None) -> pl.DataFrame:
    """``records`` with every reference's missing fields parsed from its ``raw`` string
    (``parser``: parsed strings kept from earlier calls)."""
    if records.height == 0:
        return records
    lists = records.get_column("references")
    values, lengths = flat.flatten(lists)
    if values.null_count():
        values, lengths = flat.flatten(lists.list.drop_nulls())
    table = parse_table(values.struct.unnest(), parser=parser or Parser())
    nested = flat.unflatten(table, lengths, "references")
    return records.with_columns(nested.cast(pl.List(REFERENCE)))


_PARSED = ("first_author", "year", "source", "volume", "page", "title")


def parse_table(frame: pl.DataFrame, *, parser: Parser | None = None) -> pl.Series:
    """The references of ``frame`` (reference fields as columns, ``raw`` included), one
    :data:`~bibliomap.records.REFERENCE` struct per row, with missing fields parsed.

    Only the distinct ``raw`` strings are parsed (references repeat across records), and the
    results are gathered back; the raw strings too come from the distinct ones, so repeats
    share their text. Fields given in ``frame`` win over parsed ones.
    """
    schema = REFERENCE.to_schema()
    parsed = (parser or Parser()).parse(frame.get_column("raw").cast(pl.String))
    given = [
        name
        for name in schema
        if name != "raw" and name in frame.columns and frame[name].null_count() < frame.height
    ]
    if not given:
        return parsed.select(pl.struct(pl.all()).alias("references")).to_series()
    given_doi = pl.col("doi").cast(pl.String).str.to_lowercase().str.strip_chars()
    values = {key: pl.col(key).cast(schema[key]) for key in _PARSED} | {"doi": given_doi}
    found = frame.select(values[key].alias(key) for key in given)
    table = parsed.with_columns(
        pl.coalesce(pl.lit(found[key]), pl.col(key)).alias(key) for key in given
    )
    return table.select(pl.struct(pl.all()).alias("references")).to_series()


PARALLEL_STRINGS = 100_000
"""Distinct strings from which parsing is shared out to two threads."""


def _parse_in_threads(raw: pl.Series, *, workers: int = 2) -> pl.DataFrame:
    """:func:`_parse` of halves of ``raw`` in two threads: most of its expressions run on one
    column each, in one thread, and parsing looks at one string at a time."""
    if len(raw) < PARALLEL_STRINGS:
        return _parse(raw)
    step = -(-len(raw) // workers)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        parts = list(pool.map(_parse, [raw.slice(at, step) for at in range(0, len(raw), step)]))
    return pl.concat(parts)


def _parse(raw: pl.Series) -> pl.DataFrame:
    """The fields parsed from each reference string (one row per string, same order).

    Web of Science strings of ASCII characters are split by a compiled pass
    (:func:`bibliomap.reference_scan.wos_fields`: the same fields, a fraction of the time);
    the other strings by the expressions of their style (:func:`_by_style`).
    """
    split = reference_scan.wos_fields(raw)
    table = split.fields.with_columns(title=pl.lit(None, pl.String)).select(FIELDS)
    if not split.read.all():
        table = _filled(table, split.read, _by_style(raw.filter(pl.Series(~split.read))))
    if not split.named.all():
        names = table.get_column("first_author").filter(pl.Series(~split.named))
        named = flat.map_distinct(names, canonical_authors).to_frame()
        table = _filled(table, split.named, named)
    return table


def _filled(table: pl.DataFrame, done: np.ndarray, rest: pl.DataFrame) -> pl.DataFrame:
    """``table`` with the columns of ``rest`` put, in order, in its rows that are not ``done``."""
    if not done.any():
        return table.with_columns(rest.get_columns())
    rows = pl.Series(np.flatnonzero(~done))
    return table.with_columns(
        table.get_column(name).scatter(rows, rest.get_column(name)) for name in rest.columns
    )


def _by_style(raw: pl.Series) -> pl.DataFrame:
    """The fields parsed from each reference string, first authors as written.

    Each style's expressions run only on the references of that style; the queries are lazy,
    so polars spreads them over its threads.
    """
    text = pl.col("text")
    style = (
        pl.when(text.str.contains(_WOS))
        .then(pl.lit("wos"))
        .when(text.str.contains(_SCOPUS_NEW))
        .then(pl.lit("new"))
        .when(text.str.contains(_SCOPUS_OLD))
        .then(pl.lit("old"))
        .otherwise(pl.lit("generic"))
    )
    doi = text.str.extract(_DOI, 1).str.strip_chars_end(".").str.to_lowercase()
    strings = (
        raw.to_frame("raw")
        .lazy()
        .select(_squeezed(pl.col("raw")).str.strip_chars(" ;").alias("text"))
        .with_row_index("_row")
        .with_columns(style.alias("_style"), doi.alias("doi"))
        .collect()
    )
    queries = []
    for name, fields in (
        ("wos", _wos_fields),
        ("new", _scopus_new_fields),
        ("old", _scopus_old_fields),
        ("generic", _generic_fields),
    ):
        part = fields(strings.lazy().filter(pl.col("_style") == name))
        found = part.collect_schema().names()
        cleaned = [
            (_blank_to_null(pl.col(key)) if key in found else pl.lit(None, pl.String)).alias(key)
            for key in _PARSED
        ]
        queries.append(part.select("_row", *cleaned))
    table = pl.concat(pl.collect_all(queries)).sort("_row")
    return table.select(
        strings.get_column("doi"),
        "first_author",
        pl.col("year").cast(pl.Int32, strict=False),
        *_PARSED[2:],
    )


def _squeezed(text: pl.Expr) -> pl.Expr:
    """Every whitespace run as one space (only runs and non-space characters are rewritten)."""
    return text.str.replace_all(r"\s\s+|[^\S ]", " ")


def _generic_fields(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Only the first plausible year of strings in no known style."""
    return frame.select("_row", pl.col("text").str.extract(rf"\b({_YEAR})\b", 1).alias("year"))


def _blank_to_null(value: pl.Expr) -> pl.Expr:
    """Strip separators; empty strings become null."""
    cleaned = value.str.strip_chars(' ,.;:"“”')
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


def _wos_fields(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Fields of ``Author, Year, SOURCE, Vnn, Pnn, DOI ...`` strings.

    Volume and page are looked for after the source, so a source such as ``VA LAW REV`` or
    ``PSYCHOMETRIKA`` is not read as a volume or page.
    """
    parts = frame.select(
        "_row",
        pl.col("text")
        .str.splitn(",", 4)
        .struct.rename_fields(["author", "year", "source", "rest"])
        .struct.unnest(),
    ).with_columns(pl.col("source").str.strip_chars())
    source, rest = pl.col("source"), pl.col("rest")
    located = parts.with_columns(
        source.str.contains(r"^(?:V[^\s,]*\d|P[A-Za-z]?\d|DOI\b)").alias("is_locator")
    ).with_columns(
        pl.when("is_locator")
        .then(pl.concat_str([source, rest], separator=",", ignore_nulls=True))
        .otherwise(rest)
        .alias("locators")
    )
    locators = pl.col("locators")
    return located.select(
        "_row",
        pl.col("author").alias("first_author"),
        pl.col("year").str.strip_chars().str.head(4),
        pl.when(~pl.col("is_locator")).then(source).alias("source"),
        locators.str.extract(r"(?:^|,)\s*V([^,]+?)\s*(?:,|$)", 1).alias("volume"),
        locators.str.extract(r"(?:^|,)\s*P([A-Za-z]?\d[\w-]*|[A-Za-z]\w*)\s*(?:,|$)", 1).alias(
            "page"
        ),
    )


def _scopus_old_fields(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Fields of ``Authors, Title (Year) Source, Vol (Issue), pp. x-y`` strings."""
    text = pl.col("text")
    halves = frame.select(
        "_row",
        text.str.extract(rf"^(.*?)\s*\({_YEAR}[a-z]?\)", 1).alias("before"),
        text.str.extract(rf"\({_YEAR}[a-z]?\)\s*(.*)$", 1).alias("after"),
        text.str.extract(rf"\(({_YEAR})[a-z]?\)", 1).alias("year"),
    )
    before, after = pl.col("before"), pl.col("after")
    authors = rf"^(?:(?:{_AUTHOR_OLD}|Et al\.),\s*)*(?:{_AUTHOR_OLD}|Et al\.)(?:,\s*|$)"
    return halves.select(
        "_row",
        before.str.extract(rf"^({_AUTHOR_OLD})(?:,|$)", 1).alias("first_author"),
        "year",
        after.str.extract(r"^([^,]*)", 1).alias("source"),
        after.str.extract(r"^[^,]*,\s*(\d+[A-Za-z]?)\b", 1).alias("volume"),
        after.str.extract(r"\bpp?\.\s*([A-Za-z]?\d+)", 1).alias("page"),
        before.str.replace(authors, "").alias("title"),
    )


def _scopus_new_fields(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Fields of ``Authors, Title, Source, Vol, Issue, pp. x-y, (Year)`` strings."""
    text = pl.col("text")
    body = frame.select(
        "_row",
        text.str.replace(rf",?\s*\({_YEAR}[a-z]?\)\.?$", "").alias("body"),
        text.str.extract(rf"\(({_YEAR})[a-z]?\)\.?$", 1).alias("year"),
    )
    rest = body.with_columns(
        pl.col("body").str.replace(rf"^(?:(?:{_AUTHOR_NEW}|Et al\.),\s*)+", "").alias("rest"),
        pl.col("body").str.extract(rf"^({_AUTHOR_NEW}),", 1).alias("first_author"),
    )
    pages = rest.with_columns(
        pl.col("rest").str.extract(r",\s*pp?\.\s*([A-Za-z]?\d+)[^,]*$", 1).alias("page"),
        pl.col("rest").str.replace(r",\s*pp?\.\s*[^,]*$", "").alias("no_pages"),
    )
    numbered = pages.with_columns(
        pl.col("no_pages").str.extract(r"((?:,\s*[A-Za-z]?\d+[A-Za-z]?)+)$", 1).alias("numbers"),
        pl.col("no_pages").str.replace(r"(?:,\s*[A-Za-z]?\d+[A-Za-z]?)+$", "").alias("words"),
    )
    words = pl.col("words")
    has_comma = words.str.contains(",")
    source = words.str.extract(r",([^,]*)$", 1)
    # The title is all before the source's comma (cut by length: a regex is 5 times slower).
    title = words.str.head(words.str.len_chars() - source.str.len_chars() - 1)
    return numbered.select(
        "_row",
        "first_author",
        "year",
        pl.when(has_comma).then(source).alias("source"),
        pl.col("numbers").str.extract(r"^,\s*([A-Za-z]?\d+[A-Za-z]?)", 1).alias("volume"),
        "page",
        pl.when(has_comma).then(title).otherwise(words).alias("title"),
    )


def canonical_authors(names: pl.Series) -> pl.Series:
    """``Surname, I.N.`` from ``Cohen WM``, ``Cohen, W.M.``, ``Brennan P.F.``, ``Cairo Alberto``.

    A name with a comma is surname, then given names; one without is surname, then initials
    (``WM``, ``P. F``) or one given name, the surname being as short as that allows; a name
    with neither keeps its text. Initials are the upper-case letters of the given names.
    Corporate authors (WoS ``*US DEP COMM``) keep their name; ``[Anonymous]`` becomes null.
    Names of the usual forms are cut by a split, only the others by a regex; the initials of
    distinct given parts only are computed.
    """
    frame = names.to_frame("text").select(
        _squeezed(pl.col("text")).str.strip_chars(" .,").alias("text")
    )
    parts = _name_parts(frame.with_row_index("_row")).drop("_row")
    initials = flat.map_distinct(parts.get_column("given").fill_null(""), _initials)
    text, surname = pl.col("text"), pl.col("surname")
    corporate = text.str.starts_with("*") | text.str.starts_with("[")
    anonymous = text.str.to_lowercase().str.contains(r"^\[?anonymous\]?$")
    canonical = pl.when(initials != "").then(surname + ", " + initials).otherwise(surname)
    result = (
        pl.when(text.is_null() | (text == "") | anonymous)
        .then(None)
        .when(corporate)
        .then(text.str.strip_chars("*[] "))
        .otherwise(canonical)
    )
    return frame.with_columns(parts).select(result.alias(names.name)).to_series()


def _name_parts(frame: pl.DataFrame) -> pl.DataFrame:
    """``surname`` and ``given`` of each ``text`` (rules in :func:`canonical_authors`)."""
    text = pl.col("text")
    form = (
        pl.when(text.str.contains(",", literal=True))
        .then(pl.lit("comma"))
        .when(text.str.contains(_ONE_SPACE))
        .then(pl.lit("space"))
        .when(text.str.contains(r"\s"))
        .then(pl.lit("other"))
        .otherwise(pl.lit("word"))
    )
    forms = frame.with_columns(form.alias("_form")).partition_by("_form", as_dict=True)
    none = pl.DataFrame(schema={"_row": pl.get_index_type(), "text": pl.String})
    groups = text.str.extract_groups(_NAME_FORMS).struct.field
    return pl.concat(
        [
            _split(forms.get(("comma",), none), ","),
            _split(forms.get(("space",), none), " "),
            forms.get(("other",), none).select(
                "_row",
                pl.coalesce(groups("1"), groups("3"), text).str.strip_chars().alias("surname"),
                pl.coalesce(groups("2"), groups("4")).alias("given"),
            ),
            forms.get(("word",), none).select(
                "_row", text.alias("surname"), pl.lit(None, pl.String).alias("given")
            ),
        ]
    ).sort("_row")


def _split(frame: pl.DataFrame, separator: str) -> pl.DataFrame:
    """``surname`` (stripped) and ``given``: ``text`` cut at its first ``separator``."""
    parts = pl.col("text").str.splitn(separator, 2).struct.field
    return frame.select(
        "_row",
        parts("field_0").str.strip_chars().alias("surname"),
        parts("field_1").alias("given"),
    )


def _initials(given: pl.Series) -> pl.Series:
    """``W.M.`` from ``WM``, ``W.M`` or `` W. M.``: each upper-case letter and a period."""
    letters = given.str.replace_all(r"[^\p{Lu}]", "")
    return letters.str.replace_all(r"(\p{Lu})", "$1.")


def work_id(raw: pl.Expr) -> pl.Expr:
    """``openalex:W..`` or ``lens:...`` for references that are a bare database id, else null."""
    text = raw.str.strip_chars()
    openalex = text.str.extract(_OPENALEX, 1).str.to_uppercase()
    lens = text.str.extract(_LENS, 1)
    return pl.coalesce("openalex:" + openalex, "lens:" + lens)
