"""Fuzz every reader with mutated and truncated real exports (hypothesis).

The only allowed outcomes are a record frame that fits the canonical schema (and whose cited
references parse), or a :class:`BibliomapError`; any other exception, or a reader running past
its deadline, fails.
Inputs are the real exports of ../shared/data, read in place (a prefix of the larger ones), plus
a small synthetic Dimensions CSV (no real sample exists); each example applies one to four random
mutations: bytes replaced, inserted or deleted, truncation, lines dropped, duplicated or swapped,
line endings changed, BOM added or removed, re-encoding (Latin-1, cp1252, UTF-16).
``benchmarks/fuzz_campaign.py`` runs the same mutations for a long campaign.
"""

from __future__ import annotations

import json
import random
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bibliomap import io, records
from bibliomap.errors import BibliomapError
from bibliomap.flow import Skipped
from bibliomap.references import parse_references

SEED_BYTES = 48_000
"""Text seeds longer than this are cut to their first records, to keep examples fast."""

HANG_SECONDS = 20
"""A reader still running after this long on a <= 100 kB input is taken to hang."""

DIMENSIONS = (
    '"About the data: Exported on Mar 01, 2024. Criteria: \'""bibliometrics""\' in title and'
    ' abstract.",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n'
    "Rank,Publication ID,DOI,PMID,PMCID,ISBN,Title,Abstract,Acknowledgements,Funding,Source title,"
    "Anthology title,Book editors,Publisher,ISSN,MeSH terms,Publication date,PubYear,"
    "Publication date (online),Publication date (print),Volume,Issue,Pagination,Open Access,"
    "Publication Type,Authors,Authors (Raw Affiliation),Corresponding Authors,Authors Affiliations,"
    "Research Organizations - standardized,GRID IDs,City of standardized research organization,"
    "State of standardized research organization,Country of standardized research organization,"
    "Funder,Funder Group,Funder Country,UIDs of supporting grants,Supporting Grants,Times cited,"
    "Recent citations,RCR,FCR,Altmetric,Source Linkout,Dimensions URL,"
    "Fields of Research (ANZSRC 2020),RCDC Categories,HRCS HC Categories,HRCS RAC Categories,"
    "Cancer Types,CSO Categories,Units of Assessment,Sustainable Development Goals\n"
    '1,pub.1000000001,10.1000/xyz1,,,,"Mapping science, again","An abstract\nover two lines.",,,'
    'Scientometrics,,,Springer,"0138-9130, 1588-2861",,2021-05-01,2021,,,126,5,4001-4020,'
    'Closed,Article,"Doe, Jane; Roe, Richard","Univ A, Leiden, Netherlands",,"Univ A",Univ A,'
    "grid.1.1,Leiden,,Netherlands,,,,,,12,3,1.2,0.8,5,,https://app.dimensions.ai/x,,,,,,,,\n"
    '2,pub.1000000002,,,,,Second paper,,,,Journal B,,,,,,2019,2019,,,,,,"All OA; Gold",Chapter,'
    '"Li, Wei",,,,,,,,,,,,,,0,,,,,,,,,,,,,,\n'
)


def seed_files(data_root: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every real export (text ones cut to whole records), plus synthetic ones."""
    paths = sorted(
        path
        for path in data_root.glob("*/*")
        if path.parent.name not in ("large", "vosviewer_reference")
    )
    paths.append(data_root / "large" / "large_wos_txt_archaeology_27500" / "savedrecs (1).txt")
    seeds = [(path.name, _whole_records(path.read_bytes())) for path in paths if path.is_file()]
    page = next(data for name, data in seeds if name.startswith("openalex_api"))
    works = json.loads(page)["results"][:5]
    lines = "".join(json.dumps(work) + "\n" for work in works).encode()
    return [*seeds, ("openalex_works.jsonl", lines), ("dimensions.csv", DIMENSIONS.encode())]


def _whole_records(data: bytes) -> bytes:
    """A prefix of about :data:`SEED_BYTES` ending at a record boundary; JSON files whole."""
    if len(data) <= SEED_BYTES or data.lstrip(b"\xef\xbb\xbf \r\n").startswith((b"{", b"[")):
        return data
    head = data[:SEED_BYTES]
    for end_marker in (b"\nER  -", b"\nER\r\n", b"\nER\n"):
        end = head.rfind(end_marker)
        if end > 0:
            return head[: head.index(b"\n", end + 1) + 1]
    for start_marker in (b"\n@", b"\nPMID-"):
        start = head.rfind(start_marker)
        if start > 0:
            return head[: start + 1]
    quotes = np.cumsum(np.frombuffer(head, dtype=np.uint8) == ord('"'))
    newlines = np.flatnonzero(np.frombuffer(head, dtype=np.uint8) == ord("\n"))
    outside = newlines[quotes[newlines] % 2 == 0]
    return head[: int(outside[-1]) + 1] if len(outside) else head


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _replace_bytes(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    spots = [rng.randrange(len(data)) for _ in range(rng.randint(1, 8))]
    buffer = bytearray(data)
    for spot in spots:
        buffer[spot] = rng.choice([rng.randrange(256), *b'{}",;\t\n\r@=-[]\x00'])
    return bytes(buffer)


def _insert_bytes(data: bytes, rng: random.Random) -> bytes:
    spot = rng.randint(0, len(data))
    junk = rng.choice(
        [
            bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))),
            b"\xef\xbb\xbf",
            b"\xff\xfe",
            b'"',
            b"{",
            b"}",
            b"\nER\n",
            b"\nPT J\n",
            b"\n@article{",
            b"TY  - JOUR\n",
            b"PMID- 1\n",
            b"\t" * rng.randint(1, 80),
            b'{"results": [',
            b"\n\n\n",
            "Ω€漢".encode(),
        ]
    )
    return data[:spot] + junk + data[spot:]


def _delete_range(data: bytes, rng: random.Random) -> bytes:
    if not data:
        return data
    start = rng.randrange(len(data))
    return data[:start] + data[start + rng.randint(1, 400) :]


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randint(0, len(data))]


def _drop_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    for _ in range(min(len(lines), rng.randint(1, 5))):
        lines.pop(rng.randrange(len(lines)))
    return b"".join(lines)


def _duplicate_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if lines:
        spot = rng.randrange(len(lines))
        lines[spot:spot] = lines[spot : spot + rng.randint(1, 20)]
    return b"".join(lines)


def _swap_lines(data: bytes, rng: random.Random) -> bytes:
    lines = _lines(data)
    if len(lines) > 1:
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        lines[a], lines[b] = lines[b], lines[a]
    return b"".join(lines)


def _line_endings(data: bytes, rng: random.Random) -> bytes:
    unified = data.replace(b"\r\n", b"\n")
    return rng.choice([unified, unified.replace(b"\n", b"\r\n"), unified.replace(b"\n", b"\r")])


def _bom(data: bytes, rng: random.Random) -> bytes:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:]
    return rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]) + data


def _reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    encoding = rng.choice(["latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "ascii"])
    return text.encode(encoding, errors="replace")


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _replace_bytes,
    _insert_bytes,
    _delete_range,
    _truncate,
    _drop_lines,
    _duplicate_lines,
    _swap_lines,
    _line_endings,
    _bom,
    _reencode,
)


def mutate(data: bytes, rng: random.Random) -> bytes:
    """``data`` after one to four random mutations."""
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(MUTATIONS)(data, rng)
    return data


class Hang(Exception):
    """A reader ran past :data:`HANG_SECONDS`."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread if the block runs longer than ``seconds``."""

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"no result after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome(module: ModuleType, path: Path) -> str:
    """``records`` (their references parsed too) or ``error`` for an allowed outcome; anything
    else raises."""
    with time_limit(HANG_SECONDS):
        try:
            frame, skipped = module.read(path)
        except BibliomapError:
            return "error"
        assert isinstance(frame, pl.DataFrame), f"{module.__name__}.read gave {type(frame)}"
        assert all(isinstance(item, Skipped) for item in skipped)
        parse_references(records.conform(frame).collect())
    return "records"


READERS = {module.FORMAT: module for module in io.reader_modules()}


@pytest.fixture(scope="module")
def seeds(shared_data) -> list[tuple[str, bytes]]:
    return seed_files(shared_data("MANIFEST.tsv").parent)


def test_every_reader_accepts_its_own_unmutated_seeds(seeds, tmp_path):
    """The seeds are meaningful: each is detected and read into records by its reader."""
    for name, data in seeds:
        path = tmp_path / name
        path.write_bytes(data)
        try:
            module = io.detect(path)
        except BibliomapError as error:
            raise AssertionError(f"{name}: no reader recognises it ({error})") from None
        assert outcome(module, path) == "records", name


@pytest.mark.parametrize("fmt", sorted(READERS))
@settings(
    max_examples=30,
    deadline=10_000,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rng=st.randoms(use_true_random=False), same_format=st.integers(0, 3), pick=st.integers(0))
def test_reader_survives_mutated_exports(fmt, seeds, tmp_path, rng, same_format, pick):
    module = READERS[fmt]
    own = [seed for seed in seeds if _format_of(seed, tmp_path) == fmt]
    pool = own if own and same_format else seeds
    name, data = pool[pick % len(pool)]
    path = tmp_path / f"fuzz{Path(name).suffix}"
    path.write_bytes(mutate(data, rng))
    outcome(module, path)


_FORMATS: dict[str, str | None] = {}


def _format_of(seed: tuple[str, bytes], tmp_path: Path) -> str | None:
    """The format a seed is detected as (cached per seed name)."""
    name, data = seed
    if name not in _FORMATS:
        path = tmp_path / f"detect-{name}"
        path.write_bytes(data)
        try:
            _FORMATS[name] = io.detect(path).FORMAT
        except BibliomapError:
            _FORMATS[name] = None
    return _FORMATS[name]
