"""``python -m bibliomap``: the same as the ``bibliomap`` command."""

import sys

from bibliomap.cli import main

sys.exit(main())
