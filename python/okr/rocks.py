"""EOS Rocks as DataFrames: status, milestones, findings and completion rates (docs/rocks.md)."""

from __future__ import annotations

from typing import Any, Optional

from ._dates import datetime_column

__all__ = ["ROCK_COLUMNS", "MILESTONE_COLUMNS", "FINDING_COLUMNS", "COMPLETION_COLUMNS"]

#: Columns of :meth:`okr.Graph.rocks` (indexed by the Rock's id).
ROCK_COLUMNS = [
    "title", "owner", "team", "cycle", "state", "status", "reported_status", "score", "milestones_done",
    "milestones_total", "overdue_milestones", "carried_from", "times_carried", "reported_on", "forecast",
]
# The order the native rows come in.
_NATIVE = ["title", "owner", "team", "cycle", "state", "status", "reported_status", "reported_on", "score", "forecast",
           "milestones_done", "milestones_total", "overdue_milestones", "carried_from", "times_carried"]
#: Columns of :meth:`okr.Graph.rock_milestones`.
MILESTONE_COLUMNS = ["rock", "key_result", "stage", "title", "due", "progress", "done", "overdue"]
#: Columns of :meth:`okr.Graph.rock_findings`.
FINDING_COLUMNS = ["code", "subject", "milestone", "message"]
#: Counting columns of :meth:`okr.Graph.rock_completion` (after the index).
COMPLETION_COLUMNS = ["rocks", "done", "not_done", "open", "canceled", "completion_rate"]

_STATES = ("open", "done", "not_done", "canceled")
_REPORTS = ("on_track", "off_track")
_GROUPS = ("owner", "team", "company")


def rocks_frame(rows: list, text_dates: bool = False):
    """The Rocks table; ``text_dates``: ``reported_on`` as ISO text (None: none), as the reports
    show it, for any date the library reads."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=["id"] + _NATIVE).set_index("id")[ROCK_COLUMNS]
    if not text_dates:
        df["reported_on"] = datetime_column(df["reported_on"], df.index, "Graph.rocks(): Rock {label!r} was reported on")
    for c in ("milestones_done", "milestones_total", "overdue_milestones", "times_carried"):
        df[c] = df[c].astype("int64")
    for c in ("score", "forecast"):
        df[c] = df[c].astype("float64")
    return df


def milestones_frame(rows: list, text_dates: bool = False):
    """The milestones table; ``text_dates``: ``due`` as ISO text (see :func:`rocks_frame`)."""
    import pandas as pd

    df = pd.DataFrame(rows, columns=MILESTONE_COLUMNS)
    if not text_dates:
        # A milestone is a key result, or a stage of one (named "key result/stage").
        labels = [f"{kr}/{stage}" if isinstance(stage, str) and stage else kr for kr, stage in zip(df["key_result"], df["stage"])]
        df["due"] = datetime_column(df["due"], labels, "Graph.rock_milestones(): milestone {label!r} is due")
    df["progress"] = df["progress"].astype("float64")
    df["done"] = df["done"].astype(bool)
    df["overdue"] = df["overdue"].astype(bool)
    return df


def findings_frame(rows: list):
    import pandas as pd

    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def completion_frame(rows: list, by: str):
    import pandas as pd

    df = pd.DataFrame(rows, columns=["cycle", by] + COMPLETION_COLUMNS)
    for c in COMPLETION_COLUMNS[:-1]:
        df[c] = df[c].astype("int64")
    df["completion_rate"] = df["completion_rate"].astype("float64")
    if by == "company":
        return df.drop(columns=[by]).set_index("cycle")
    return df.set_index(["cycle", by])


def check_choice(value: Any, allowed: tuple, what: str) -> str:
    from .errors import InvalidArgumentError

    if not isinstance(value, str) or value not in allowed:
        raise InvalidArgumentError(f"{what}: {value!r} is not one of {', '.join(allowed)}")
    return value


def optional_text(value: Optional[str], what: str) -> Optional[str]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a str, got {type(value).__name__}")
    return value
