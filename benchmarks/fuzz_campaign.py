"""A long fuzz campaign over every reader, with the mutations of tests/test_fuzz_readers.py.

    .venv/bin/python benchmarks/fuzz_campaign.py --inputs 100000 --processes 2

Each input is a real export (or a synthetic Dimensions / OpenAlex JSONL seed) mutated one to
four times, fed to one reader (its own format three times in four, else any seed). Allowed
outcomes: records fitting the canonical schema (their references parsed), or a
BibliomapError. Anything else (another exception, or no result within the hang limit) is a
failure: the input and its traceback are saved under --out, and failures are summarized by
reader and exception site at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import test_fuzz_readers as fuzz  # noqa: E402

from bibliomap import io  # noqa: E402
from bibliomap.errors import BibliomapError  # noqa: E402

CHUNK = 500

_STATE: dict = {}


def data_root() -> Path:
    """../shared/data (or $BIBLIOMAP_TEST_DATA)."""
    env = os.environ.get("BIBLIOMAP_TEST_DATA")
    candidates = [Path(env)] if env else []
    candidates += [parent / "shared" / "data" for parent in ROOT.parents]
    return next(path for path in candidates if (path / "MANIFEST.tsv").is_file())


def _setup(out: str) -> None:
    """Per worker: seeds, readers, each seed's own format, a scratch folder."""
    seeds = fuzz.seed_files(data_root())
    readers = {module.FORMAT: module for module in io.reader_modules()}
    scratch = Path(tempfile.mkdtemp(prefix="fuzz-"))
    owners = {}
    for name, data in seeds:
        path = scratch / name
        path.write_bytes(data)
        try:
            owners[name] = io.detect(path).FORMAT
        except BibliomapError:
            owners[name] = None
        path.unlink()
    _STATE.update(seeds=seeds, readers=readers, scratch=scratch, owners=owners, out=Path(out))


def _chunk(task: tuple[int, int, int]) -> dict:
    """Run ``size`` inputs with a generator seeded by (campaign seed, chunk index)."""
    index, size, seed = task
    rng = random.Random(f"{seed}-{index}")
    seeds, readers, owners = _STATE["seeds"], _STATE["readers"], _STATE["owners"]
    counts: Counter = Counter()
    failures: list[tuple[str, str]] = []
    for number in range(size):
        fmt = rng.choice(sorted(readers))
        own = [seed for seed in seeds if owners[seed[0]] == fmt]
        name, data = rng.choice(own if own and rng.random() < 0.75 else seeds)
        mutated = fuzz.mutate(data, rng)
        path = _STATE["scratch"] / f"input{Path(name).suffix}"
        path.write_bytes(mutated)
        try:
            counts[fuzz.outcome(readers[fmt], path)] += 1
        except Exception as error:  # every other outcome is a finding
            counts["failure"] += 1
            site = _site(error)
            failures.append((f"{fmt}: {type(error).__name__} at {site}", name))
            stem = _STATE["out"] / f"{fmt}-{index}-{number}"
            stem.with_suffix(Path(name).suffix or ".bin").write_bytes(mutated)
            stem.with_suffix(".txt").write_text(
                f"reader {fmt}, seed {name}\n{traceback.format_exc()}", encoding="utf-8"
            )
    return {"counts": counts, "failures": failures}


def _site(error: BaseException) -> str:
    """The innermost bibliomap frame of a traceback (file:line), else the innermost frame."""
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if "bibliomap" in frame.filename]
    frame = (ours or frames)[-1]
    return f"{Path(frame.filename).name}:{frame.lineno} ({str(error)[:80]!r})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs to try")
    parser.add_argument("--processes", type=int, default=2, help="worker processes")
    parser.add_argument("--seed", type=int, default=0, help="campaign seed")
    parser.add_argument(
        "--out", default=str(Path(tempfile.gettempdir()) / "bibliomap-fuzz"), help="failures folder"
    )
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    tasks = [
        (index, min(CHUNK, args.inputs - start), args.seed)
        for index, start in enumerate(range(0, args.inputs, CHUNK))
    ]
    totals: Counter = Counter()
    sites: Counter = Counter()
    examples: dict[str, str] = {}
    began = time.perf_counter()
    context = get_context("spawn")
    with context.Pool(args.processes, initializer=_setup, initargs=(args.out,)) as pool:
        for done, result in enumerate(pool.imap_unordered(_chunk, tasks), start=1):
            totals.update(result["counts"])
            for site, seed_name in result["failures"]:
                sites[site] += 1
                examples.setdefault(site, seed_name)
            if done % 10 == 0 or done == len(tasks):
                tried = sum(totals.values())
                rate = tried / (time.perf_counter() - began)
                print(f"{tried} inputs ({rate:.0f}/s): {dict(totals)}", flush=True)
    print(f"\ninputs tried: {sum(totals.values())}")
    print(f"records: {totals['records']}, BibliomapError: {totals['error']}")
    print(f"failures: {totals['failure']} ({len(sites)} distinct sites; inputs in {args.out})")
    for site, count in sites.most_common():
        print(f"  {count:6d}  {site}  (e.g. seed {examples[site]})")


if __name__ == "__main__":
    main()
