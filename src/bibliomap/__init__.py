"""bibliomap: reproducible bibliometric science maps with VOSviewer's methods."""

__version__ = "0.1.0"
