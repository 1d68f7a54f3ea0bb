"""OpenAlex fetching against a local HTTP server serving synthetic pages (no network)."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from bibliomap import cli, io
from bibliomap.errors import BibliomapError
from bibliomap.fetch import FetchParams, Query, default_path, fetch_works, query_key


def work(n: int) -> dict:
    """A small OpenAlex work object."""
    return {
        "id": f"https://openalex.org/W{n}",
        "doi": f"https://doi.org/10.1234/w{n}",
        "title": f"Work number {n}",
        "display_name": f"Work number {n}",
        "publication_year": 2020 + n % 3,
        "type": "article",
        "language": "en",
        "authorships": [
            {
                "author_position": "first",
                "author": {"id": f"https://openalex.org/A{n}", "display_name": f"Ana Álvarez {n}"},
                "institutions": [],
                "countries": ["ES"],
                "raw_affiliation_strings": ["Universidad de Granada, Granada, Spain"],
            }
        ],
        "abstract_inverted_index": {"Cursor": [0], "paging": [1], "works": [2]},
        "cited_by_count": n,
        "referenced_works": [f"https://openalex.org/W{n + 100}"],
    }


# cursor -> (works, next cursor)
PAGES = {"*": ([work(1), work(2)], "c2"), "c2": ([work(3), work(4)], "c3"), "c3": ([work(5)], None)}


class Server:
    """A local OpenAlex stand-in: cursor pages, scripted failures, a log of requests."""

    def __init__(self) -> None:
        self.failures: list[tuple[int, dict[str, str]]] = []
        self.requests: list[dict[str, list[str]]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                owner.requests.append(query)
                if owner.failures:
                    status, headers = owner.failures.pop(0)
                    self._send(status, {"error": "scripted", "message": "try later"}, headers)
                    return
                if urlsplit(self.path).path != "/works" or "bad" in query.get("filter", [""])[0]:
                    self._send(400, {"error": "Invalid query", "message": "bad filter"}, {})
                    return
                results, cursor = PAGES[query["cursor"][0]]
                self._send(200, {"meta": {"next_cursor": cursor}, "results": results}, {})

            def _send(self, status: int, body: dict, headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                for key, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server()
    thread = threading.Thread(target=running.httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield running
    running.httpd.shutdown()
    running.httpd.server_close()


def fast(server: Server, **options: float) -> FetchParams:
    return FetchParams(base_url=server.url, backoff=0.5, timeout=5, **options)


def test_cursor_paging_with_a_429_then_success(server, tmp_path):
    server.failures = [(429, {"Retry-After": "3"})]
    waits: list[float] = []
    query = Query(search="cursor paging", filter="type:article", mailto="me@example.org")
    fetched = fetch_works(query, tmp_path / "w.jsonl", params=fast(server), sleep=waits.append)
    assert fetched.works == 5 and fetched.downloaded
    lines = (tmp_path / "w.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"][-2:] for line in lines] == ["W1", "W2", "W3", "W4", "W5"]
    assert json.loads(lines[0]) == work(1)  # raw works, unchanged
    assert waits == [3.0]  # the server's Retry-After, not the backoff
    assert [request["cursor"] for request in server.requests] == [["*"], ["*"], ["c2"], ["c3"]]
    first = server.requests[0]
    assert first["search"] == ["cursor paging"] and first["filter"] == ["type:article"]
    assert first["per-page"] == ["200"] and first["mailto"] == ["me@example.org"]


def test_rerun_reuses_the_cache(server, tmp_path):
    path = tmp_path / "w.jsonl"
    fetch_works(Query(search="x"), path, params=fast(server))
    before = path.read_bytes()
    again = fetch_works(Query(search="x"), path, params=fast(server))
    assert len(server.requests) == 3 and not again.downloaded and again.works == 5
    assert path.read_bytes() == before


def test_max_records_stops_early(server, tmp_path):
    fetched = fetch_works(
        Query(filter="x", max_records=3), tmp_path / "w.jsonl", params=fast(server)
    )
    assert fetched.works == 3 and len(server.requests) == 2


def test_5xx_backs_off_exponentially(server, tmp_path):
    server.failures = [(503, {}), (500, {}), (502, {})]
    waits: list[float] = []
    fetch_works(Query(search="x"), tmp_path / "w.jsonl", params=fast(server), sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0]


def test_gives_up_after_max_retries_and_writes_nothing(server, tmp_path):
    server.failures = [(503, {})] * 3
    with pytest.raises(BibliomapError, match=r"failed 3 times \(HTTP 503\)"):
        fetch_works(
            Query(search="x"), tmp_path / "w.jsonl", params=fast(server, max_retries=2), sleep=abs
        )
    assert list(tmp_path.iterdir()) == []


def test_client_errors_are_reported_without_retry(server, tmp_path):
    with pytest.raises(BibliomapError, match="HTTP 400: bad filter"):
        fetch_works(Query(filter="bad:1"), tmp_path / "w.jsonl", params=fast(server))
    assert len(server.requests) == 1 and list(tmp_path.iterdir()) == []


def test_unreachable_server_is_a_clear_error(tmp_path):
    params = FetchParams(base_url="http://127.0.0.1:9", max_retries=1, timeout=2)
    with pytest.raises(BibliomapError, match="failed 2 times .connection failed"):
        fetch_works(Query(search="x"), tmp_path / "w.jsonl", params=params, sleep=abs)


def test_query_needs_search_or_filter():
    with pytest.raises(BibliomapError, match="give a search or a filter"):
        Query(mailto="me@example.org")
    with pytest.raises(BibliomapError, match="max_records must be >= 1"):
        Query(search="x", max_records=0)


def test_cache_key_is_the_workflows():
    config = {"search": "micro-credentials", "filter": None, "mailto": None, "max_records": 50}
    expected = hashlib.sha1(json.dumps(config, sort_keys=True).encode()).hexdigest()[:12]
    query = Query(**config)
    assert query_key(query) == expected
    assert default_path(query).as_posix() == f"resources/openalex/{expected}.jsonl"


def test_fetched_file_is_read_by_the_openalex_reader(server, tmp_path):
    path = tmp_path / "w.jsonl"
    fetch_works(Query(search="x"), path, params=fast(server))
    module = io.detect(path)
    assert module.DATABASE == "openalex"
    frame, skipped = module.read(path)
    assert skipped == ()
    assert frame.height == 5
    assert sorted(frame["openalex_id"].to_list())[0].endswith("W1")


def test_fetch_command(server, tmp_path, capsys):
    out = tmp_path / "cli.jsonl"
    argv = ["fetch", "--search", "x", "--base-url", server.url, "-o", str(out)]
    assert cli.main(argv) == 0
    assert "5 works downloaded" in capsys.readouterr().out
    assert cli.main(argv) == 0
    assert "5 works already cached" in capsys.readouterr().out
    assert cli.main(["fetch", "--base-url", server.url, "-o", str(out)]) == 2
