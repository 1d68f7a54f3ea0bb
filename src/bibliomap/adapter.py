"""What every Snakemake rule adapter (scripts/*.py) shares: its log and its error handling."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bibliomap.errors import BibliomapError


@contextmanager
def job(snakemake: Any) -> Iterator[logging.Logger]:
    """Log to the rule's log file; turn a BibliomapError into one clear message and a failure."""
    name = f"bibliomap.{snakemake.rule}"
    logging.basicConfig(
        filename=snakemake.log[0],
        level=logging.INFO,
        format="%(asctime)s %(levelname)s %(message)s",
        force=True,
    )
    logger = logging.getLogger(name)
    try:
        yield logger
    except BibliomapError as error:
        logger.error("%s", error)
        sys.exit(f"bibliomap {snakemake.rule}: error: {error}")
