"""Mining worker process: ``python -m bibliomap.terms.worker`` mines batches sent on stdin.

The parent (:func:`bibliomap.terms.mine.mine_records`) starts the workers as plain
subprocesses of the same interpreter rather than through :mod:`multiprocessing`: a forked
child of a process running polars can deadlock, and spawned or forkserver children re-import
the caller's main script (a Snakemake script has no ``__main__`` guard, so it would run again).
Each message on stdin is a pickled ``(texts, remove_copyright)`` pair; each answer on stdout is
a pickled ``("ok", Occurrences)`` or ``("error", message)``. End of input ends the worker.
"""

from __future__ import annotations

import pickle
import sys

from bibliomap.terms.mine import mine_texts


def serve(source, sink) -> None:
    """Answer every request read from the binary stream ``source`` on ``sink``."""
    while True:
        try:
            texts, remove_copyright = pickle.load(source)
        except EOFError:
            return
        try:
            answer = ("ok", mine_texts(texts, remove_copyright=remove_copyright))
        except Exception as error:  # reported to the parent, which raises BibliomapError
            answer = ("error", f"{type(error).__name__}: {error}")
        pickle.dump(answer, sink, protocol=pickle.HIGHEST_PROTOCOL)
        sink.flush()


if __name__ == "__main__":
    channel = sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints must not corrupt the answers
    serve(sys.stdin.buffer, channel)
