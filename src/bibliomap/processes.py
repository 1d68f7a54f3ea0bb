"""CPU-bound library work in worker processes: ``python -m bibliomap.processes`` serves calls.

Workers are plain subprocesses of the same interpreter rather than :mod:`multiprocessing`
children: a forked child of a process running polars can deadlock, and spawned or forkserver
children re-import the caller's main script (a Snakemake script has no ``__main__`` guard, so
it would run again). A worker first receives a pickled ``(function, shared)`` pair, then items;
it answers each item with a pickled ``("ok", function(shared, item))`` or ``("error",
message)``. ``function`` must be a module-level function (pickled by name). End of input ends
the worker.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bibliomap.errors import BibliomapError


class Worker:
    """One worker process running ``function(shared, item)`` for every item it is sent."""

    def __init__(self, function: Callable[[Any, Any], Any], shared: Any, *, threads: int) -> None:
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parents[1])
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
        env.setdefault("POLARS_MAX_THREADS", str(threads))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bibliomap.processes"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self._send((function, shared))

    def _send(self, message: Any) -> None:
        assert self.process.stdin is not None
        pickle.dump(message, self.process.stdin, protocol=5)
        self.process.stdin.flush()

    def call(self, item: Any) -> Any:
        """``function(shared, item)``, computed by the worker."""
        assert self.process.stdout is not None
        try:
            self._send(item)
            status, value = pickle.load(self.process.stdout)
        except (EOFError, BrokenPipeError, pickle.UnpicklingError):
            code = self.process.wait()
            raise BibliomapError(
                f"a worker process stopped unexpectedly (exit code {code}; out of memory? "
                "try fewer workers)"
            ) from None
        if status != "ok":
            raise BibliomapError(f"a worker process failed: {value}")
        return value

    def close(self) -> None:
        """End the worker (end of input) and wait for it."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def map_in_processes(
    function: Callable[[Any, Any], Any], shared: Any, items: Iterable[Any], *, workers: int
) -> list[Any]:
    """``[function(shared, item) for item in items]``, computed by ``workers`` processes.

    ``shared`` is sent once to each worker; items are drawn lazily (one per free worker), so
    an iterator of large items is never held whole.
    """
    numbered = enumerate(items)
    lock = threading.Lock()
    failed = threading.Event()
    results: dict[int, Any] = {}
    threads = max(1, (os.cpu_count() or 1) // workers)

    def feed(worker: Worker) -> None:
        while not failed.is_set():
            with lock:
                item = next(numbered, None)
            if item is None:
                return
            try:
                results[item[0]] = worker.call(item[1])
            except BaseException:
                failed.set()
                raise

    pool = [Worker(function, shared, threads=threads) for _ in range(workers)]
    try:
        with ThreadPoolExecutor(max_workers=workers) as executor:
            for future in [executor.submit(feed, worker) for worker in pool]:
                future.result()
    finally:
        for worker in pool:
            worker.close()
    return [results[index] for index in range(len(results))]


def serve(source, sink) -> None:
    """Answer every item read from the binary stream ``source`` on ``sink``."""
    try:
        function, shared = pickle.load(source)
    except EOFError:
        return
    while True:
        try:
            item = pickle.load(source)
        except EOFError:
            return
        try:
            answer = ("ok", function(shared, item))
        except Exception as error:  # reported to the parent, which raises BibliomapError
            answer = ("error", f"{type(error).__name__}: {error}")
        pickle.dump(answer, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


if __name__ == "__main__":
    channel = sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the answers
    serve(sys.stdin.buffer, channel)
