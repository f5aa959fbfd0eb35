"""Check-in arguments, one or a batch, read and checked as the native check-in calls take them."""

from __future__ import annotations

import math
from typing import Any, Optional

from ._dates import iso_date
from .errors import Error, InvalidArgumentError, ParseError


def _number(value: Any, where: str, field: str) -> float:
    """``value`` as a float (as ``float()`` reads it), else InvalidArgumentError naming the field."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(f'{where}: field "{field}": {value!r} is not a number') from None


def _text(value: Any, where: str, field: str) -> str:
    """``value`` as text (``str()`` of a non-string), if UTF-8 can carry it, else ParseError."""
    text = value if isinstance(value, str) else str(value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ParseError(f'{where}: field "{field}": not valid Unicode text ({exc.reason} at position {exc.start})') from None
    return text


def checkin_columns(data: Any) -> Optional[tuple]:
    """The check-ins in ``data`` (what :meth:`okr.Graph.check_in_many` takes: a DataFrame or an
    iterable of dicts) as the six columns of the native batch: key results, ISO dates, values,
    confidences (NaN: not given), notes, stages. None when there are no rows. Errors name the
    check-in by its position (``check-ins[3]: ...``)."""
    import pandas as pd

    df = data if isinstance(data, pd.DataFrame) else pd.DataFrame(list(data))
    if len(df) == 0:
        return None
    for need in ("key_result", "date", "value"):
        if need not in df.columns:
            raise InvalidArgumentError(f'check_in_many: no "{need}" column')
    n = len(df)

    def missing(v):
        return v is None or (not isinstance(v, str) and bool(pd.isna(v)))

    def optional_text(name):
        if name not in df.columns:
            return [None] * n
        return [None if missing(v) else _text(v, f"check-ins[{i}]", name) for i, v in enumerate(df[name])]

    def numbers(col, name, allow_missing):
        out = []
        for i, v in enumerate(col):
            if missing(v):
                if not allow_missing:
                    raise InvalidArgumentError(f'check-ins[{i}]: field "{name}" is missing')
                out.append(math.nan)
                continue
            out.append(_number(v, f"check-ins[{i}]", name))
        return out

    date_text = []
    dates = df["date"]
    if pd.api.types.is_datetime64_any_dtype(dates) and not dates.isna().any():
        date_text = list(dates.dt.strftime("%Y-%m-%d"))  # vectorised: the common case
    for i, d in enumerate(dates if not date_text else ()):
        if missing(d):
            raise InvalidArgumentError(f'check-ins[{i}]: field "date" is missing')
        try:
            date_text.append(iso_date(d))
        except Error as e:
            raise type(e)(f"check-ins[{i}]: {e}") from None
    keys = []
    for i, k in enumerate(df["key_result"]):
        if missing(k):
            raise InvalidArgumentError(f'check-ins[{i}]: field "key_result" is missing')
        keys.append(_text(k, f"check-ins[{i}]", "key_result"))
    return (
        keys,
        date_text,
        numbers(df["value"], "value", False),
        numbers(df["confidence"], "confidence", True) if "confidence" in df.columns else [math.nan] * n,
        optional_text("note"),
        optional_text("stage"),
    )
