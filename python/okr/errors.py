"""Exceptions raised by okr.

Every error is an :class:`okr.Error`, which is a :class:`ValueError`. Each subclass matches one
C ABI status code; :class:`NotFoundError` is also a :class:`KeyError`.

>>> import okr
>>> issubclass(okr.NotFoundError, KeyError), issubclass(okr.ParseError, ValueError)
(True, True)
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
    """Base class of every okr error. ``code`` is the C ABI status code.

    Catch it for any error okr reports about its input; the subclass says which kind. An error
    of no other kind (code -9) is an :class:`Error` itself. Out of memory is :class:`MemoryError`.

    Examples
    --------
    >>> import okr
    >>> try:
    ...     okr.loads("{")
    ... except okr.Error as e:
    ...     print(type(e).__name__, e.code)
    ...     print(e)
    ParseError -5
    JSON parse error at line 1, column 2: the text ends inside an object or array (truncated?)
    """

    code: int = -9

    def __str__(self) -> str:  # KeyError would quote the message; keep it readable
        return str(self.args[0]) if self.args else ""


class InvalidArgumentError(Error):
    """A value is out of range, malformed or inconsistent.

    The C ABI's ``OKR_ERR_INVALID_ARGUMENT`` (-1).

    Examples
    --------
    >>> import okr
    >>> g = okr.load(okr.example_path())
    >>> try:
    ...     g.check_in("kr-fin-ar", "2026-09-08", 17_500_000, confidence=1.5)
    ... except okr.InvalidArgumentError as e:
    ...     print(e.code, e)
    -1 check-in for "kr-fin-ar" on 2026-09-08: field "confidence" must be in [0, 1]
    """

    code = -1


class NotFoundError(Error, KeyError):
    """An id names nothing, or a node of the wrong kind.

    The C ABI's ``OKR_ERR_NOT_FOUND`` (-2). Also a :class:`KeyError`, so ``except KeyError``
    catches it; its message is not quoted as a KeyError's would be.

    Examples
    --------
    >>> import okr
    >>> g = okr.load(okr.example_path())
    >>> try:
    ...     g.score("kr-nope", as_of="2026-09-07")
    ... except okr.NotFoundError as e:
    ...     print(e.code, e)
    -2 no objective or key result with id "kr-nope"
    """

    code = -2


class DuplicateError(Error):
    """An id or link is given twice.

    The C ABI's ``OKR_ERR_DUPLICATE`` (-3).

    Examples
    --------
    >>> import okr
    >>> text = ('{"format": "okr", "version": 1, "objectives": '
    ...         '[{"id": "o", "title": "A"}, {"id": "o", "title": "B"}]}')
    >>> try:
    ...     okr.loads(text)
    ... except okr.DuplicateError as e:
    ...     print(e.code, e)
    -3 duplicate id "o" (objective)
    """

    code = -3


class CycleError(Error):
    """Contributes links form a cycle; the message lists its members.

    The C ABI's ``OKR_ERR_CYCLE`` (-4); also raised when a Rock's ``carried_from`` lineage loops.

    Examples
    --------
    >>> import okr
    >>> text = ('{"format": "okr", "version": 1, "objectives": [{"id": "a", "title": "A"}, '
    ...         '{"id": "b", "title": "B"}], "links": [{"from": "a", "to": "b", "type": "contributes"}, '
    ...         '{"from": "b", "to": "a", "type": "contributes"}]}')
    >>> try:
    ...     okr.loads(text)
    ... except okr.CycleError as e:
    ...     print(e.code, e)
    -4 contributes cycle: "a" -> "b" -> "a"
    """

    code = -4


class ParseError(Error):
    r"""The text is not JSON or not UTF-8, is truncated, or a field has the wrong JSON type.

    The C ABI's ``OKR_ERR_PARSE`` (-5); also raised for CSV that does not read and for text
    that UTF-8 cannot carry.

    Examples
    --------
    >>> import okr
    >>> try:
    ...     okr.loads(b'{"format": "okr", "version": 1, "objectives": [\xff]}')
    ... except okr.ParseError as e:
    ...     print(e.code, e)
    -5 JSON parse error: The input is not valid UTF-8
    """

    code = -5


class VersionError(Error):
    """The document's ``format`` is not "okr" or its ``version`` is not supported.

    The C ABI's ``OKR_ERR_VERSION`` (-6).

    Examples
    --------
    >>> import okr
    >>> try:
    ...     okr.loads('{"format": "okr", "version": 2}')
    ... except okr.VersionError as e:
    ...     print(e.code, e)
    -6 document: field "version": unsupported version 2 (this library reads version 1)
    """

    code = -6


class LimitError(Error):
    """The input is beyond a load limit (:class:`okr.Limits`), or beyond what a frame can hold.

    Too large, too deep, too long or too many; the message names the limit, the value and where.
    The C ABI's ``OKR_ERR_LIMIT`` (-10). In Python alone, a frame that would hold a date a pandas
    datetime cannot (pandas 1.x: before 1677-09-22 or after 2262-04-11; the library reads
    0001-01-01 to 9999-12-31) raises it too, naming the node or KPI and the date.

    Examples
    --------
    >>> import okr
    >>> try:
    ...     okr.load(okr.example_path(), limits=okr.Limits(max_nodes=10))
    ... except okr.LimitError as e:
    ...     print(e.code, e)
    -10 document: 22 objectives and key results, more than max_nodes (10)
    """

    code = -10


_BY_CODE = {cls.code: cls for cls in (InvalidArgumentError, NotFoundError, DuplicateError, CycleError, ParseError, VersionError,
                                      LimitError)}


def _class_for_code(code: int) -> type:
    if code == -8:
        return MemoryError
    return _BY_CODE.get(code, Error)
