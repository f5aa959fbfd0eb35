"""Conversion of user-supplied dates to ISO strings, and of the library's dates to pandas datetimes."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Optional

from .errors import InvalidArgumentError, LimitError

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(value: Any, field: str = "date") -> str:
    """Return ``value`` as "YYYY-MM-DD".

    Accepts ISO strings (a date, or a date and time such as "2026-08-02T10:00+02:00", whose
    date is taken as written, as for a Timestamp), :class:`datetime.date`/:class:`datetime.datetime`,
    pandas Timestamps and numpy datetime64 values.
    """
    if isinstance(value, str):
        if len(value) > 10 and value[10] in ("T", " ") and _DATE.fullmatch(value[:10]):
            try:
                return _dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
            except ValueError:
                pass  # the library reports it, naming the field
        return value
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    # pandas.Timestamp is a datetime subclass (handled above); numpy.datetime64 is not.
    try:
        import numpy as np

        if isinstance(value, np.datetime64):
            if np.isnat(value):
                raise InvalidArgumentError(f"{field}: NaT is not a date")
            # Through seconds: numpy 1.24 casts nanoseconds near their first day (1677-09-22)
            # straight to days wrongly (as 2262-04-11).
            return str(value.astype("datetime64[s]").astype("datetime64[D]"))
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    raise InvalidArgumentError(f"{field}: expected an ISO date string, datetime.date or Timestamp, got {type(value).__name__}")


def optional_iso_date(value: Optional[Any], field: str = "as_of") -> Optional[str]:
    return None if value is None else iso_date(value, field)


#: The first and last days a pandas datetime holds: pandas 1.x counts nanoseconds since 1970 in 64
#: bits. The library's dates run from 0001-01-01 to 9999-12-31; the frames that hold one outside
#: this range raise :class:`okr.LimitError` naming it.
PANDAS_FIRST_DAY = "1677-09-22"
PANDAS_LAST_DAY = "2262-04-11"


def _out_of_range(where: str, date: str) -> LimitError:
    return LimitError(f"{where} {date}, outside the dates a pandas datetime holds ({PANDAS_FIRST_DAY} to {PANDAS_LAST_DAY})")


def datetime_column(values, labels, where: str):
    """ISO date strings (None: none) as a datetime64[ns] column.

    A date pandas cannot hold raises :class:`okr.LimitError`: ``where`` (formatted with the row's
    ``label``) followed by the date, e.g. "Graph.rock_milestones(): milestone {label!r} is due".
    """
    import pandas as pd

    try:
        return pd.to_datetime(values, format="%Y-%m-%d")
    except pd.errors.OutOfBoundsDatetime:
        for value, label in zip(values, labels):
            if isinstance(value, str) and not PANDAS_FIRST_DAY <= value <= PANDAS_LAST_DAY:
                raise _out_of_range(where.format(label=label), value) from None
        raise


def datetime_index(days, where, name: Optional[str] = None):
    """Days since 1970-01-01 as a DatetimeIndex.

    A day pandas cannot hold raises :class:`okr.LimitError`: ``where`` followed by the day.
    ``where`` is a text, or a function of the positions of the days pandas cannot hold that returns
    the position to name and its text.
    """
    import numpy as np
    import pandas as pd

    dates = np.asarray(days, dtype="int64").astype("datetime64[D]")
    try:
        return pd.DatetimeIndex(dates, name=name)
    except pd.errors.OutOfBoundsDatetime:
        first, last = np.datetime64(PANDAS_FIRST_DAY), np.datetime64(PANDAS_LAST_DAY)
        bad = np.flatnonzero((dates < first) | (dates > last))
        at, text = where(bad) if callable(where) else (bad[0], where)
        raise _out_of_range(text, str(dates[at])) from None
