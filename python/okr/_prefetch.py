"""Importing pandas while a large document is parsed.

Every table a graph returns is a pandas object, and importing pandas takes a quarter of a second
or more. The parse of a large document runs in C++ with the GIL released for seconds, so
:func:`okr.load` and :func:`okr.loads` import pandas on another thread meanwhile (and wait for
it before they return): the first answer after a large load does not pay for the import. Small
documents, and processes that have imported pandas already, start no thread.
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Iterator

#: Documents of this many bytes or more overlap their parse with the import of pandas.
PREFETCH_BYTES = 32 << 20


def _import_pandas() -> None:
    try:
        import pandas  # noqa: F401
    except Exception:  # the caller's own import of pandas reports it
        pass


@contextmanager
def pandas_during(size: int) -> Iterator[None]:
    """Import pandas on another thread while the body runs, if ``size`` bytes are worth it."""
    if size < PREFETCH_BYTES or "pandas" in sys.modules:
        yield
        return
    thread = threading.Thread(target=_import_pandas, name="okr-import-pandas", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
