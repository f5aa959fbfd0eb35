"""Exceptions raised by okr.

Every error is an :class:`okr.Error`, which is a :class:`ValueError`. Each subclass matches one
C ABI status code; :class:`NotFoundError` is also a :class:`KeyError`.
"""

from __future__ import annotations

__all__ = [
    "Error",
    "InvalidArgumentError",
    "NotFoundError",
    "DuplicateError",
    "CycleError",
    "ParseError",
    "VersionError",
    "LimitError",
]


class Error(ValueError):
    """Base class of every okr error. ``code`` is the C ABI status code."""

    code: int = -9

    def __str__(self) -> str:  # KeyError would quote the message; keep it readable
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(Error):
    """A value is out of range, malformed or inconsistent."""

    code = -1


class NotFoundError(Error, KeyError):
    """An id names nothing, or a node of the wrong kind."""

    code = -2


class DuplicateError(Error):
    """An id or link is given twice."""

    code = -3


class CycleError(Error):
    """Contributes links form a cycle; the message lists its members."""

    code = -4


class ParseError(Error):
    """The text is not JSON or not UTF-8, is truncated, or a field has the wrong JSON type."""

    code = -5


class VersionError(Error):
    """The document's ``format`` is not "okr" or its ``version`` is not supported."""

    code = -6


class LimitError(Error):
    """The input is beyond a load limit (:class:`okr.Limits`): too large, too deep, too long or too
    many; the message names the limit, the value and where."""

    code = -10


_BY_CODE = {cls.code: cls for cls in (InvalidArgumentError, NotFoundError, DuplicateError, CycleError, ParseError, VersionError,
                                      LimitError)}


def _class_for_code(code: int) -> type:
    if code == -8:
        return MemoryError
    return _BY_CODE.get(code, Error)
