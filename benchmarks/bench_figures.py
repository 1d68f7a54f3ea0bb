"""Time the map figures (plan, draw, save PNG/SVG/PDF) on synthetic maps of 1,000 and 10,000 items.

Usage: python benchmarks/bench_figures.py [--sizes 1000 10000] [--dpi 300] [--out DIR]
"""

from __future__ import annotations

import argparse
import string
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import polars as pl
from matplotlib import rc_context

from bibliomap.figures.draw import FIGURES, _figure
from bibliomap.figures.mapdata import item_scores, map_items
from bibliomap.figures.plan import plan_map
from bibliomap.figures.save import FORMATS, save_figure
from bibliomap.figures.style import DEFAULT_STYLE, rc_params


def synthetic_map(n: int, *, seed: int = 0) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A clustered map (Gaussian blobs, average distance about 1) and ~6 links per item.

    Items are ordered by cluster, so linking ids up to 40 apart mostly links within a cluster.
    """
    rng = np.random.default_rng(seed)
    clusters = max(3, int(np.sqrt(n) / 3))
    sizes = np.sort(rng.dirichlet(np.ones(clusters)) * n).astype(int)[::-1]
    sizes[0] += n - sizes.sum()
    cluster = np.repeat(np.arange(1, clusters + 1), sizes)
    centres = rng.normal(scale=1.0, size=(clusters, 2))
    xy = centres[cluster - 1] + rng.normal(scale=0.25, size=(n, 2))
    sample = xy[rng.choice(n, size=min(n, 2000), replace=False)]
    spread = (
        np.mean(np.linalg.norm(sample[:, None] - sample[None, :], axis=2))
        * len(sample)
        / (len(sample) - 1)
    )
    xy = (xy - xy.mean(axis=0)) / spread
    letters = np.array(list(string.ascii_lowercase + " "))
    lengths = rng.integers(4, 26, n)
    labels = ["".join(rng.choice(letters, k)).strip() or "x" for k in lengths]
    table = pl.DataFrame(
        {
            "id": np.arange(1, n + 1),
            "label": labels,
            "x": xy[:, 0],
            "y": xy[:, 1],
            "cluster": cluster,
            "weight<Occurrences>": np.ceil(rng.lognormal(1.5, 1.0, n)),
            "score<Avg. pub. year>": rng.uniform(2010, 2023, n),
        }
    )
    source = rng.integers(1, n + 1, 6 * n)
    target = np.clip(source + rng.integers(-40, 41, 6 * n), 1, n)
    links = pl.DataFrame(
        {"source": source, "target": target, "strength": np.ceil(rng.lognormal(0.5, 1.0, 6 * n))}
    ).filter(pl.col("source") != pl.col("target"))
    return table, links


class _Clock:
    """Wall and CPU seconds of each phase, by name."""

    def __init__(self) -> None:
        self.times: dict[str, tuple[float, float]] = {}

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.times[phase] = (time.perf_counter() - wall, time.process_time() - cpu)


def bench(n: int, out: Path, dpi: float) -> tuple[dict[str, tuple[float, float]], int]:
    """(wall, CPU) seconds per phase for one synthetic map of ``n`` items, and labels shown."""
    table, links = synthetic_map(n)
    clock = _Clock()
    with rc_context(rc_params(DEFAULT_STYLE)):
        with clock("plan (sizes, labels, frame)"):
            plan = plan_map(map_items(table), DEFAULT_STYLE)
        scores = item_scores(table, "Avg. pub. year")
        for name in FIGURES:
            with clock(f"draw {name}"):
                fig = _figure(
                    name,
                    plan,
                    links,
                    scores,
                    "Avg. pub. year",
                    max_links=1000,
                    kernel_width=1.0,
                    style=DEFAULT_STYLE,
                )
            for fmt in FORMATS:
                with clock(f"save {name}.{fmt}"):
                    save_figure(fig, out / f"{n}_{name}", [fmt], dpi)
    return clock.times, int(plan.show_label.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="map sizes")
    parser.add_argument("--dpi", type=float, default=300, help="PNG resolution")
    parser.add_argument("--out", type=Path, default=None, help="keep the figures in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        out.mkdir(parents=True, exist_ok=True)
        results = {n: bench(n, out, args.dpi) for n in args.sizes}
    print(f"{'phase (wall s / CPU s)':30s}" + "".join(f"{n:>16,d}" for n in results))
    for phase in next(iter(results.values()))[0]:
        cells = (results[n][0][phase] for n in results)
        print(f"{phase:30s}" + "".join(f"{wall:9.2f} /{cpu:5.2f}" for wall, cpu in cells))
    totals = [np.sum(list(results[n][0].values()), axis=0) for n in results]
    print(f"{'total':30s}" + "".join(f"{wall:9.2f} /{cpu:5.2f}" for wall, cpu in totals))
    print(f"{'labels shown':30s}" + "".join(f"{results[n][1]:16d}" for n in results))


if __name__ == "__main__":
    main()
