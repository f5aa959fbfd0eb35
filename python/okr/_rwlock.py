"""The read-write lock that guards a Graph's C++ state across Python threads."""

from __future__ import annotations

import threading
from contextlib import contextmanager


class _ReadWriteLock:
    """Many readers or one writer. Heavy reads run in C++ without the GIL, so a check-in from
    another Python thread must wait for them (and they for it). A waiting writer goes first:
    new readers wait behind it, so a stream of reads cannot hold a check-in off for ever; a
    thread that already reads may read again (nested reads never wait)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers: dict = {}  # thread id -> nesting depth
        self._writer = False
        self._writers_waiting = 0

    def reading(self) -> bool:
        """Whether some thread holds the lock for reading."""
        return bool(self._readers)

    def writing(self) -> bool:
        return self._writer

    @contextmanager
    def read(self):
        me = threading.get_ident()
        with self._cond:
            if me not in self._readers:
                while self._writer or self._writers_waiting:
                    self._cond.wait()
            self._readers[me] = self._readers.get(me, 0) + 1
        try:
            yield
        finally:
            with self._cond:
                depth = self._readers[me] - 1
                if depth:
                    self._readers[me] = depth
                else:
                    del self._readers[me]
                    if not self._readers:
                        self._cond.notify_all()

    @contextmanager
    def write(self):
        with self._cond:
            self._writers_waiting += 1
            try:
                while self._writer or self._readers:
                    self._cond.wait()
            finally:
                self._writers_waiting -= 1
                self._cond.notify_all()  # readers held back by this writer, should it give up
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()
