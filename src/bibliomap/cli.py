"""The ``bibliomap`` command: one subcommand per workflow stage, over the library functions.

Each subcommand lives in ``bibliomap.commands.<name>`` and defines ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bibliomap import __version__
from bibliomap.errors import BibliomapError

COMMANDS = ("demo", "read", "fetch", "stats", "terms", "network", "map", "report")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bibliomap",
        description="Bibliometric science maps from database exports, with VOSviewer's methods.",
    )
    parser.add_argument("--version", action="version", version=f"bibliomap {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        module = importlib.import_module(f"bibliomap.commands.{name}")
        command = sub.add_parser(
            name,
            help=module.HELP,
            description=module.__doc__,
            formatter_class=argparse.ArgumentDefaultsHelpFormatter,
        )
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except BibliomapError as error:
        print(f"bibliomap {args.command}: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
