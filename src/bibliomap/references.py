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

Fields a reader already filled (e.g. Crossref's structured references) are kept. All parsing is
done with polars string expressions over the exploded reference table. First authors are
written ``Surname, I.N.`` whatever the style, so cited authors from different databases meet.
"""

from __future__ import annotations

import polars as pl

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


def parse_references(records: pl.DataFrame) -> pl.DataFrame:
    """``records`` with every reference's missing fields parsed from its ``raw`` string."""
    if records.height == 0:
        return records
    exploded = (
        records.select(pl.col("references"))
        .with_row_index("_doc")
        .explode("references")
        .with_row_index("_order")
        .filter(pl.col("references").is_not_null())
        .unnest("references")
    )
    nested = (
        parse_table(exploded)
        .group_by("_doc")
        .agg(pl.struct(list(REFERENCE.to_schema())).sort_by("_order").alias("references"))
    )
    rebuilt = (
        pl.DataFrame({"_doc": pl.Series(range(records.height), dtype=pl.get_index_type())})
        .join(nested, on="_doc", how="left")
        .select(pl.col("references").fill_null(pl.lit([], dtype=pl.List(REFERENCE))))
    )
    return records.with_columns(rebuilt["references"].cast(pl.List(REFERENCE)))


_PARSED = ("first_author", "year", "source", "volume", "page", "title")


def parse_table(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (reference fields as columns, ``raw`` included) with missing fields parsed.

    Each style's expressions run only on the references of that style; every intermediate
    value is materialized once (columns prefixed ``_``), which keeps the parsing linear.
    """
    schema = REFERENCE.to_schema()
    base = frame.with_columns(
        *[
            pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in schema.items()
            if name not in frame.columns
        ]
    ).with_columns(
        pl.col("raw")
        .cast(pl.String)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(" ;")
        .alias("_raw")
    )
    raw = pl.col("_raw")
    style = (
        pl.when(raw.str.contains(_WOS))
        .then(pl.lit("wos"))
        .when(raw.str.contains(_SCOPUS_NEW))
        .then(pl.lit("new"))
        .when(raw.str.contains(_SCOPUS_OLD))
        .then(pl.lit("old"))
        .otherwise(pl.lit("generic"))
    )
    styled = base.with_row_index("_row").with_columns(style.alias("_style"))
    parts = []
    for name, fields in (
        ("wos", _wos_fields),
        ("new", _scopus_new_fields),
        ("old", _scopus_old_fields),
        ("generic", _generic_fields),
    ):
        subset = styled.lazy().filter(pl.col("_style") == name)
        parsed = fields(raw)
        parts.append(
            subset.with_columns(
                *[_blank_to_null(parsed[key]).alias(f"_{key}") for key in _PARSED]
            ).collect()
        )
    table = pl.concat(parts).sort("_row").lazy()
    filled = table.with_columns(
        canonical_author(pl.col("_first_author")).alias("_first_author"),
        pl.col("_year").cast(pl.Int32, strict=False),
    ).with_columns(
        *[
            pl.coalesce(pl.col(key).cast(schema[key]), pl.col(f"_{key}")).alias(key)
            for key in _PARSED
        ],
        pl.coalesce(
            pl.col("doi").cast(pl.String).str.to_lowercase().str.strip_chars(),
            raw.str.extract(_DOI, 1).str.strip_chars_end(".").str.to_lowercase(),
        ).alias("doi"),
    )
    return filled.drop(
        [
            column
            for column in filled.collect_schema().names()
            if column.startswith("_") and column not in frame.columns
        ]
    ).collect()


def _generic_fields(raw: pl.Expr) -> dict[str, pl.Expr]:
    """Only the first plausible year of strings in no known style."""
    nothing = pl.lit(None, dtype=pl.String)
    return {key: nothing for key in _PARSED} | {"year": raw.str.extract(rf"\b({_YEAR})\b", 1)}


def _blank_to_null(value: pl.Expr) -> pl.Expr:
    """Strip separators; empty strings become null."""
    cleaned = value.str.strip_chars(' ,.;:"“”')
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


def _wos_fields(raw: pl.Expr) -> dict[str, pl.Expr]:
    """Fields of ``Author, Year, SOURCE, Vnn, Pnn, DOI ...`` strings."""
    rest = raw.str.extract(rf"^[^,]*,\s*{_YEAR}[a-z]?\s*,\s*(.*)$", 1)
    source = rest.str.extract(r"^([^,]*)", 1).str.strip_chars()
    is_locator = source.str.contains(r"^(?:V[^\s,]*\d|P[A-Za-z]?\d|DOI\b)")
    return {
        "first_author": raw.str.extract(r"^([^,]*),", 1),
        "year": raw.str.extract(rf"^[^,]*,\s*({_YEAR})", 1),
        "source": pl.when(is_locator).then(None).otherwise(source),
        "volume": raw.str.extract(r",\s*V([^,]+?)\s*(?:,|$)", 1),
        "page": raw.str.extract(r",\s*P([A-Za-z]?\d[\w-]*|[A-Za-z]\w*)\s*(?:,|$)", 1),
        "title": pl.lit(None, dtype=pl.String),
    }


def _scopus_old_fields(raw: pl.Expr) -> dict[str, pl.Expr]:
    """Fields of ``Authors, Title (Year) Source, Vol (Issue), pp. x-y`` strings."""
    before = raw.str.extract(rf"^(.*?)\s*\({_YEAR}[a-z]?\)", 1)
    after = raw.str.extract(rf"\({_YEAR}[a-z]?\)\s*(.*)$", 1)
    authors = rf"^(?:(?:{_AUTHOR_OLD}|Et al\.),\s*)*(?:{_AUTHOR_OLD}|Et al\.)(?:,\s*|$)"
    return {
        "first_author": before.str.extract(rf"^({_AUTHOR_OLD})(?:,|$)", 1),
        "year": raw.str.extract(rf"\(({_YEAR})[a-z]?\)", 1),
        "source": after.str.extract(r"^([^,]*)", 1),
        "volume": after.str.extract(r"^[^,]*,\s*(\d+[A-Za-z]?)\b", 1),
        "page": after.str.extract(r"\bpp?\.\s*([A-Za-z]?\d+)", 1),
        "title": before.str.replace(authors, ""),
    }


def _scopus_new_fields(raw: pl.Expr) -> dict[str, pl.Expr]:
    """Fields of ``Authors, Title, Source, Vol, Issue, pp. x-y, (Year)`` strings."""
    body = raw.str.replace(rf",?\s*\({_YEAR}[a-z]?\)\.?$", "")
    rest = body.str.replace(rf"^(?:(?:{_AUTHOR_NEW}|Et al\.),\s*)+", "")
    page = rest.str.extract(r",\s*pp?\.\s*([A-Za-z]?\d+)[^,]*$", 1)
    no_pages = rest.str.replace(r",\s*pp?\.\s*[^,]*$", "")
    numbers = no_pages.str.extract(r"((?:,\s*[A-Za-z]?\d+[A-Za-z]?)+)$", 1)
    volume = numbers.str.extract(r"^,\s*([A-Za-z]?\d+[A-Za-z]?)", 1)
    text = no_pages.str.replace(r"(?:,\s*[A-Za-z]?\d+[A-Za-z]?)+$", "")
    has_comma = text.str.contains(",")
    return {
        "first_author": body.str.extract(rf"^({_AUTHOR_NEW}),", 1),
        "year": raw.str.extract(rf"\(({_YEAR})[a-z]?\)\.?$", 1),
        "source": pl.when(has_comma).then(text.str.extract(r",([^,]*)$", 1)),
        "volume": volume,
        "page": page,
        "title": pl.when(has_comma).then(text.str.extract(r"^(.*),[^,]*$", 1)).otherwise(text),
    }


def canonical_author(name: pl.Expr) -> pl.Expr:
    """``Surname, I.N.`` from ``Cohen WM``, ``Cohen, W.M.``, ``Brennan P.F.``, ``Cairo Alberto``.

    Corporate authors (WoS ``*US DEP COMM``) keep their name; ``[Anonymous]`` becomes null.
    """
    text = name.str.replace_all(r"\s+", " ").str.strip_chars(" .,")
    corporate = text.str.starts_with("*") | text.str.starts_with("[")
    has_comma = text.str.contains(",")
    initials_token = r"^(.+?)\s+((?:\p{Lu}\.?\s?-?){1,4})$"
    given_word = r"^(.+?)\s+(\p{Lu}[\p{Ll}'\-]+\.?)$"
    surname = (
        pl.when(has_comma)
        .then(text.str.extract(r"^([^,]+),", 1))
        .when(text.str.contains(initials_token))
        .then(text.str.extract(initials_token, 1))
        .when(text.str.contains(given_word))
        .then(text.str.extract(given_word, 1))
        .otherwise(text)
        .str.strip_chars()
    )
    given = (
        pl.when(has_comma)
        .then(text.str.extract(r",(.*)$", 1))
        .when(text.str.contains(initials_token))
        .then(text.str.extract(initials_token, 2))
        .when(text.str.contains(given_word))
        .then(text.str.extract(given_word, 2).str.slice(0, 1))
        .otherwise(pl.lit(""))
    )
    initials = given.str.replace_all(r"[^\p{Lu}]", "").str.replace_all(r"(\p{Lu})", "$1.")
    canonical = pl.when(initials != "").then(surname + ", " + initials).otherwise(surname)
    anonymous = text.str.to_lowercase().str.contains(r"^\[?anonymous\]?$")
    corporate_name = text.str.strip_chars("*[] ")
    return (
        pl.when(text.is_null() | (text == "") | anonymous)
        .then(None)
        .when(corporate)
        .then(corporate_name)
        .otherwise(canonical)
    )


def work_id(raw: pl.Expr) -> pl.Expr:
    """``openalex:W..`` or ``lens:...`` for references that are a bare database id, else null."""
    text = raw.str.strip_chars()
    openalex = text.str.extract(_OPENALEX, 1).str.to_uppercase()
    lens = text.str.extract(_LENS, 1)
    return pl.coalesce("openalex:" + openalex, "lens:" + lens)
