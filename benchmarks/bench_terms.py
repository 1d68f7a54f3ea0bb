"""Wall time, CPU time and peak memory of the terms stage, phase by phase.

Usage:
    python benchmarks/bench_terms.py INPUT [--workers N] [--batch-size B] [--min-occurrences K]

INPUT is a records Parquet file (``bibliomap read``) or any export ``bibliomap.io`` reads, e.g.
one written by ``bibliomap demo --records 100000 --format scopus-csv -o demo.csv``. Reading is
not timed. The phases are the steps of :func:`bibliomap.terms.extract.extract_terms`, timed by
wrapping the functions it calls; "relevance" is part of "candidates" and "count" runs twice
(before and after the fall-back).

CPU time and memory cover the whole process tree (mining workers included): a sampler thread
reads every process's CPU time and resident set size (RSS) every 50 ms. The RSS of forked
workers is summed, so pages they share with the parent count twice: the peak is an upper bound.
The machine may be shared: the load average (1 min) is printed at the start and after each
phase, and CPU time is the figure that load disturbs least.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import psutil

from bibliomap import io
from bibliomap.terms import extract
from bibliomap.terms.extract import TermParams, extract_terms

PHASES = (
    ("mine", "mine_records"),
    ("unify", "canonical_codes"),
    ("count", "term_counts"),
    ("candidates", "candidate_terms"),
    ("relevance", "relevance_scores"),
    ("fallback", "kept_terms"),
    ("outputs", "build_outputs"),
)
"""(name, function of bibliomap.terms.extract that the phase times), in pipeline order."""


@dataclass
class Sampler:
    """Samples the CPU time and RSS of this process and its descendants in a thread."""

    interval: float = 0.05
    peak: int = 0
    cpu_seen: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> None:
        """One reading: tree RSS (peak kept) and each process's CPU time (last seen kept)."""
        me = psutil.Process()
        rss = 0
        for proc in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error), proc.oneshot():
                times = proc.cpu_times()
                rss += proc.memory_info().rss
                self.cpu_seen[proc.pid] = times.user + times.system
        self.peak = max(self.peak, rss)

    def cpu(self) -> float:
        """CPU seconds of the tree so far (finished workers at their last reading)."""
        self.sample()
        return sum(self.cpu_seen.values())

    def reset_peak(self) -> None:
        """Start a new peak from the current RSS."""
        self.peak = 0
        self.sample()

    def run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def stop(self) -> None:
        self._stop.set()


@dataclass
class Phase:
    name: str
    wall: float = 0.0
    cpu: float = 0.0
    peak: int = 0
    load: float = 0.0


def timed(sampler: Sampler, phase: Phase, function: Callable) -> Callable:
    """``function`` that adds its wall time, CPU time and peak RSS to ``phase``."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        outer_peak = sampler.peak
        sampler.reset_peak()
        wall, cpu = time.perf_counter(), sampler.cpu()
        try:
            return function(*args, **kwargs)
        finally:
            phase.wall += time.perf_counter() - wall
            phase.cpu += sampler.cpu() - cpu
            phase.peak = max(phase.peak, sampler.peak)
            phase.load = os.getloadavg()[0]
            sampler.peak = max(outer_peak, sampler.peak)

    return wrapper


@contextlib.contextmanager
def instrumented(sampler: Sampler) -> Iterator[list[Phase]]:
    """Wrap the phase functions of :mod:`bibliomap.terms.extract` while the block runs."""
    phases = [Phase(name) for name, _ in PHASES]
    originals = {attr: getattr(extract, attr) for _, attr in PHASES}
    for phase, (_, attr) in zip(phases, PHASES, strict=True):
        setattr(extract, attr, timed(sampler, phase, originals[attr]))
    try:
        yield phases
    finally:
        for attr, function in originals.items():
            setattr(extract, attr, function)


def read_records(path: Path) -> pl.DataFrame:
    """Records from a Parquet file or from an export in any supported format."""
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    records, _ = io.detect(path).read(path)
    return records


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="records.parquet or an export file")
    parser.add_argument("--workers", type=int, default=2, help="mining workers")
    parser.add_argument("--batch-size", type=int, default=None, help="texts per mining batch")
    parser.add_argument("--min-occurrences", type=int, default=10, help="term threshold")
    args = parser.parse_args(argv)
    records = read_records(args.input)
    options = {"workers": args.workers}
    if args.batch_size:
        options["batch_size"] = args.batch_size
    sampler = Sampler()
    thread = threading.Thread(target=sampler.run, daemon=True)
    thread.start()
    sampler.reset_peak()
    base_rss, load = sampler.peak, os.getloadavg()
    total = Phase("total")
    with instrumented(sampler) as phases:
        run = timed(sampler, total, extract_terms)
        result = run(records, TermParams(min_occurrences=args.min_occurrences), **options)
    sampler.stop()
    print(
        f"records={records.height} workers={args.workers} cpus={os.cpu_count()} "
        f"load_at_start={load[0]:.2f}/{load[1]:.2f}/{load[2]:.2f} "
        f"rss_before={base_rss / 2**20:.0f}MB candidates={result.terms.height} "
        f"selected={result.network.size} links={result.network.links.height}"
    )
    print(f"{'phase':<12}{'wall_s':>9}{'cpu_s':>9}{'peak_rss_mb':>13}{'load_1m':>9}")
    for phase in [*phases, total]:
        print(
            f"{phase.name:<12}{phase.wall:>9.1f}{phase.cpu:>9.1f}"
            f"{phase.peak / 2**20:>13.0f}{phase.load:>9.2f}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
