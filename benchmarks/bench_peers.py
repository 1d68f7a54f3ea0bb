"""Time bibliomap's read stage against the peers' readers in alternating runs, in one hour.

    .venv/bin/python benchmarks/bench_peers.py [FOLDER] [--rounds 5]

The machine's speed varies by up to a third from one hour to the next, so absolute times
measured on different days do not compare; runs that alternate do. Each round runs, each in a
fresh Python process (imports excluded from the times):

- ``metaknowledge``: ``metaknowledge.RecordCollection(FOLDER)`` (raw tags per record);
- ``biblium``: ``biblium.readbib.read_wos_txt`` on every file, concatenated (raw tags);
- ``bibliomap read``: :func:`bibliomap.ingest.read_places`: the canonical record table with
  authors, addresses, countries and organizations, references unparsed;
- ``bibliomap stage``: :func:`bibliomap.ingest.ingest_to`, the whole read stage: reading,
  merge of duplicates, every cited reference parsed into fields, Parquet written.

The peers run in their own virtual environment (``--peers``, default
``/tmp/bibliomap-peers``), created with pip on the first run, so that they never enter the
project's environment. FOLDER defaults to the 27,500-record Web of Science set (55 files).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_read_wos import DEFAULT, export_files

PEERS = ("metaknowledge", "biblium")
PEERS_VENV = Path(tempfile.gettempdir()) / "bibliomap-peers"

_TIMED = """
import sys, time
from pathlib import Path
folder, files = Path(sys.argv[1]), sys.argv[2:]
{imports}
wall, cpu = time.perf_counter(), time.process_time()
result = {work}
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
print(wall, cpu, {count})
"""

TOOLS = {
    "metaknowledge": (
        "import metaknowledge",
        "metaknowledge.RecordCollection(str(folder))",
        "len(result)",
    ),
    "biblium": (
        "import pandas as pd\nfrom biblium import readbib",
        "pd.concat([readbib.read_wos_txt(f, mapping_column=None) for f in files])",
        "len(result)",
    ),
    "bibliomap read": (
        "from bibliomap import ingest",
        "ingest.read_places(ingest.pieces(files))[0]",
        "result.height",
    ),
    "bibliomap stage": (
        "import polars as pl\nfrom bibliomap import ingest",
        "ingest.ingest_to(files, 'records.parquet')",
        "pl.scan_parquet('records.parquet').select(pl.len()).collect().item()",
    ),
}
"""Per tool: the imports (not timed), the work timed, and the records it gave (to check)."""


def peers_python(folder: Path) -> Path:
    """The Python of a virtual environment holding the peers, created there if absent."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
        install = [str(python), "-m", "pip", "install", "--quiet", *PEERS]
        subprocess.run(install, check=True)
    return python


def run(tool: str, python: Path, folder: Path, files: list[Path]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one run of ``tool`` on ``folder`` and its export ``files`` (all
    absolute; in a fresh process, in a scratch folder), and the number of records it gave."""
    imports, work, count = TOOLS[tool]
    code = _TIMED.format(imports=imports, work=work, count=count)
    with tempfile.TemporaryDirectory() as scratch:
        done = subprocess.run(
            [str(python), "-c", code, str(folder), *map(str, files)],
            capture_output=True,
            text=True,
            cwd=scratch,
        )
    if done.returncode != 0:
        sys.exit(f"{tool} failed on {folder}:\n{done.stderr.strip()}")
    wall, cpu, records = done.stdout.split()[-3:]
    return float(wall), float(cpu), int(records)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds")
    parser.add_argument("--peers", type=Path, default=PEERS_VENV, help="the peers' venv")
    args = parser.parse_args()
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder of Web of Science plain-text exports")
    pythons = dict.fromkeys(TOOLS, Path(sys.executable))
    pythons |= dict.fromkeys(PEERS, peers_python(args.peers))
    folder = args.folder.resolve()
    files = export_files(folder)
    times: dict[str, list[tuple[float, float]]] = {tool: [] for tool in TOOLS}
    for round_ in range(1, args.rounds + 1):
        for tool in TOOLS:
            wall, cpu, records = run(tool, pythons[tool], folder, files)
            times[tool].append((wall, cpu))
            print(
                f"round {round_}  {tool:<16} {wall:6.2f} s wall {cpu:6.2f} s CPU"
                f" {records:>9,} records",
                flush=True,
            )
    print(f"\n{'tool':<16} {'min s':>7} {'median s':>9} {'max s':>7} {'median CPU s':>13}")
    for tool, found in times.items():
        walls = [wall for wall, _ in found]
        cpu = statistics.median(cpu for _, cpu in found)
        print(
            f"{tool:<16} {min(walls):7.2f} {statistics.median(walls):9.2f} {max(walls):7.2f}"
            f" {cpu:13.2f}"
        )


if __name__ == "__main__":
    main()
