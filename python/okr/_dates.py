"""Conversion of user-supplied dates to ISO strings."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Optional

from .errors import InvalidArgumentError

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
            return str(value.astype("datetime64[D]"))
    except ImportError:  # pragma: no cover - numpy is a dependency
        pass
    raise InvalidArgumentError(f"{field}: expected an ISO date string, datetime.date or Timestamp, got {type(value).__name__}")


def optional_iso_date(value: Optional[Any], field: str = "as_of") -> Optional[str]:
    return None if value is None else iso_date(value, field)
