"""Download OpenAlex works matching a search and/or filter, cached as raw JSON Lines.

Pages of 200 works are followed with OpenAlex's cursor paging (``cursor=*``, then each
response's ``meta.next_cursor``) until no cursor is left or ``max_records`` works are in hand.
A 429 or 5xx answer, a dropped connection or a truncated body is retried after an exponential
backoff (``backoff * 2**attempt`` seconds, capped), or after the server's ``Retry-After``. The
works are written one JSON object per line, in the order OpenAlex returned them, to a file that
appears only when the download is complete; an existing file is reused, so reruns do not
refetch. The default file name is a hash of the query (:func:`query_key`), the same key the
workflow uses for ``resources/openalex/<key>.jsonl``.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bibliomap import __version__
from bibliomap.errors import BibliomapError
from bibliomap.fileio import atomic_path

API = "https://api.openalex.org"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Query:
    """What to fetch: an OpenAlex full-text ``search`` and/or ``filter`` expression."""

    search: str | None = None
    filter: str | None = None
    mailto: str | None = None
    max_records: int | None = None

    def __post_init__(self) -> None:
        if not (self.search or self.filter):
            raise BibliomapError("openalex: give a search or a filter (or both)")
        if self.max_records is not None and self.max_records < 1:
            raise BibliomapError(f"openalex: max_records must be >= 1, got {self.max_records}")


@dataclass(frozen=True)
class FetchParams:
    """How to talk to the API: endpoint, page size, retries and timeouts."""

    base_url: str = API
    per_page: int = 200
    max_retries: int = 8
    backoff: float = 1.0
    max_wait: float = 120.0
    timeout: float = 60.0


@dataclass(frozen=True)
class Fetched:
    """The cache file, the works it holds, and whether it was downloaded now."""

    path: Path
    works: int
    downloaded: bool


def query_key(query: Query) -> str:
    """Twelve hex digits identifying the query (SHA-1 of its sorted JSON)."""
    return hashlib.sha1(json.dumps(asdict(query), sort_keys=True).encode()).hexdigest()[:12]


def default_path(query: Query, folder: str | Path = "resources/openalex") -> Path:
    """The cache file of ``query``: ``<folder>/<query key>.jsonl``."""
    return Path(folder) / f"{query_key(query)}.jsonl"


def fetch_works(
    query: Query,
    path: str | Path,
    *,
    params: FetchParams | None = None,
    sleep: Callable[[float], None] = time.sleep,
    log: Callable[[str], None] = lambda message: None,
) -> Fetched:
    """Download every work matching ``query`` into ``path`` (JSON Lines), unless it exists."""
    target = Path(path)
    params = params or FetchParams()
    if target.is_file():
        with target.open("rb") as handle:
            works = sum(1 for _ in handle)
        log(f"{target}: {works} works already fetched, not refetched")
        return Fetched(path=target, works=works, downloaded=False)
    works = 0
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as out:
        for page in _pages(query, params, sleep, log):
            for work in page:
                out.write(json.dumps(work, ensure_ascii=False, separators=(",", ":")) + "\n")
            works += len(page)
            log(f"{works} works fetched")
    return Fetched(path=target, works=works, downloaded=True)


def _pages(
    query: Query, params: FetchParams, sleep: Callable[[float], None], log: Callable[[str], None]
) -> Iterator[list[dict[str, Any]]]:
    """Successive result pages, the last one cut at ``max_records``."""
    cursor: str | None = "*"
    remaining = query.max_records
    while cursor is not None and (remaining is None or remaining > 0):
        url = page_url(query, cursor, params)
        body = _get_json(url, params, sleep, log)
        results, cursor = _parse_page(body, url)
        if not results:
            return
        if remaining is not None:
            results = results[:remaining]
            remaining -= len(results)
        yield results


def page_url(query: Query, cursor: str, params: FetchParams) -> str:
    """The ``/works`` URL of one page."""
    fields = {
        "search": query.search,
        "filter": query.filter,
        "per-page": str(params.per_page),
        "cursor": cursor,
        "mailto": query.mailto,
    }
    encoded = urllib.parse.urlencode({key: value for key, value in fields.items() if value})
    return f"{params.base_url.rstrip('/')}/works?{encoded}"


def _parse_page(body: Any, url: str) -> tuple[list[dict[str, Any]], str | None]:
    """The works of a page and the next cursor; raise if the page is not an OpenAlex page."""
    if not isinstance(body, dict) or not isinstance(body.get("results"), list):
        raise BibliomapError(f"expected an OpenAlex page with 'results' from {url}")
    meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
    cursor = meta.get("next_cursor")
    return body["results"], cursor if isinstance(cursor, str) and cursor else None


def _get_json(
    url: str, params: FetchParams, sleep: Callable[[float], None], log: Callable[[str], None]
) -> Any:
    """GET ``url`` as JSON, retrying transient failures with exponential backoff."""
    attempt = 0
    while True:
        try:
            return _request(url, params.timeout)
        except _Transient as problem:
            if attempt >= params.max_retries:
                raise BibliomapError(
                    f"OpenAlex failed {attempt + 1} times ({problem.reason}) for {url}"
                ) from None
            wait = (
                params.backoff * 2**attempt if problem.retry_after is None else problem.retry_after
            )
            wait = min(wait, params.max_wait)
            log(f"{problem.reason}; retrying in {wait:g} s")
            sleep(wait)
            attempt += 1


class _Transient(Exception):
    """A failure worth retrying, with the server's requested wait if it gave one."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _request(url: str, timeout: float) -> Any:
    """One GET; transient failures raise :class:`_Transient`, others :class:`BibliomapError`."""
    request = urllib.request.Request(url, headers={"User-Agent": f"bibliomap/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        if error.code in RETRY_STATUS:
            raise _Transient(f"HTTP {error.code}", _retry_after(error.headers)) from None
        raise BibliomapError(
            f"OpenAlex answered HTTP {error.code}: {_message(error)} ({url})"
        ) from None
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        raise _Transient(f"connection failed: {getattr(error, 'reason', error)}") from None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _Transient("incomplete or invalid JSON") from None


def _retry_after(headers: Any) -> float | None:
    """The ``Retry-After`` header in seconds, if given as a number."""
    value = headers.get("Retry-After") if headers is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _message(error: urllib.error.HTTPError) -> str:
    """OpenAlex's error message from the body of an error response, if any."""
    try:
        body = json.loads(error.read())
    except (OSError, ValueError):
        return error.reason or "no message"
    if isinstance(body, dict):
        return str(body.get("message") or body.get("error") or body)
    return str(body)
