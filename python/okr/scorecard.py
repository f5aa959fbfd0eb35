"""The EOS scorecard: measurables over the trailing periods, each cell on or off its goal."""

from __future__ import annotations

import csv
import io
import os
from typing import Any, Union

from ._dates import datetime_index

__all__ = ["Scorecard"]

_PERIOD_NAMES = {"W": "weeks", "MS": "months", "QS": "quarters", "D": "days"}
SUMMARY_COLUMNS = ["title", "owner", "team", "unit", "goal", "avg_4", "avg_13", "total", "on_goal_share", "trend",
                   "off_goal_streak"]


class Scorecard:
    """A scorecard as of a date (made by :meth:`okr.Graph.scorecard`).

    ``len(sc)`` is the number of KPIs. In a notebook a scorecard shows as a table with red and
    green cells, each also marked ✓ / ✗; ``okr.plot.scorecard`` draws it as a heatmap.

    Parameters
    ----------
    freq : str
        The period: ``"W"``, ``"MS"`` or ``"QS"`` (or ``"D"``).
    values : pandas.DataFrame
        The ``values`` attribute.
    on_goal : pandas.DataFrame
        The ``on_goal`` attribute.
    summary : pandas.DataFrame
        The ``summary`` attribute.
    aggregation : dict
        Each KPI's ``aggregation`` (sum, mean, last) by id, written by :meth:`to_csv`.

    Attributes
    ----------
    values : pandas.DataFrame
        Indexed by KPI id (``kpi``), one column per period start (Timestamps, oldest first): each
        KPI's observations in that period combined by its ``aggregation``; NaN where there is none.
    on_goal : pandas.DataFrame
        The same shape, dtype ``boolean``: True where the value met the goal in force in that
        period (on the period's last day), False where it missed it, ``pd.NA`` where there is no
        value or no goal.
    summary : pandas.DataFrame
        Indexed by KPI id, columns ``title, owner, team, unit, goal, avg_4, avg_13, total,
        on_goal_share, trend, off_goal_streak``: the goal in force in the last period as people
        write it (``>= 5``, ``3–5``, ``< 3 or > 5``); means of the last 4 and 13 periods and the
        total over the window (missing periods left out, never 0); on-goal cells over cells with
        a verdict; the least-squares slope per period; consecutive off-goal periods ending with
        the newest verdict.
    freq : str
        ``"W"``, ``"MS"`` or ``"QS"``.

    Examples
    --------
    >>> import okr
    >>> sc = okr.load(okr.example_path()).scorecard(as_of="2026-09-07", periods=4)
    >>> sc
    <okr.Scorecard: 6 KPIs × 4 weeks to 2026-09-07, 2 off goal now>
    >>> len(sc), sc.freq, sc.values.shape
    (6, 'W', (6, 4))
    >>> sc.on_goal.loc["escalations_t1_t2"].tolist()
    [False, False, False, <NA>]
    """

    def __init__(self, freq: str, values, on_goal, summary, aggregation) -> None:
        self.freq = freq
        self.values = values
        self.on_goal = on_goal
        self.summary = summary
        self._aggregation = aggregation  # per KPI id, for to_csv

    @classmethod
    def _from_native(cls, native, where: str = "Graph.scorecard(): a period starts") -> "Scorecard":
        import numpy as np
        import pandas as pd

        freq, days, values, on_goal, rows = native
        periods = datetime_index(days, where, name="period")
        ids = pd.Index([r[0] for r in rows], name="kpi", dtype=object)
        vals = pd.DataFrame(np.asarray(values, dtype=float).reshape(len(ids), len(periods)), index=ids, columns=periods)
        codes = np.asarray(on_goal, dtype=np.int8).reshape(len(ids), len(periods))
        # A nullable boolean column per period (code -1: no verdict, NA), built without a Python
        # loop over cells.
        verdict = pd.DataFrame(
            {j: pd.arrays.BooleanArray(codes[:, j] > 0, codes[:, j] < 0) for j in range(len(periods))}, index=ids)
        verdict.columns = periods
        summary = pd.DataFrame([r[1:12] for r in rows], index=ids, columns=SUMMARY_COLUMNS)
        summary["off_goal_streak"] = summary["off_goal_streak"].astype("int64")
        aggregation = {r[0]: r[12] for r in rows}
        return cls(freq, vals, verdict, summary, aggregation)

    def __len__(self) -> int:
        return len(self.values)

    def __repr__(self) -> str:
        n = len(self.values.columns)
        unit = _PERIOD_NAMES.get(self.freq, "periods")
        last = self.values.columns[-1].date().isoformat() if n else "-"
        off = int((self.summary["off_goal_streak"] > 0).sum()) if len(self.summary) else 0
        return f"<okr.Scorecard: {len(self.values)} KPIs × {n} {unit} to {last}, {off} off goal now>"

    def _marks(self):
        """Per cell: whether it has a verdict, and whether that verdict is on goal (numpy arrays)."""
        import numpy as np

        # Through the nullable boolean dtype: a frame built by hand may hold None or NaN for "no
        # verdict", and fillna on object columns is deprecated in newer pandas.
        marks = self.on_goal.astype("boolean")
        verdict = ~marks.isna().to_numpy(dtype=bool)
        on = marks.fillna(False).to_numpy(dtype=bool) & verdict
        return np.asarray(verdict), np.asarray(on)

    def _display_frame(self):
        """Cells as text: a symbol (✓ on goal, ✗ off, · no verdict) and the value."""
        import pandas as pd

        verdict, on = self._marks()
        values = self.values.to_numpy(dtype=float)
        cols = [c.date().isoformat() for c in self.values.columns]
        rows = []
        for vs, vd, ok in zip(values.tolist(), verdict.tolist(), on.tolist()):
            marks = ["·" if not d else ("✓" if o else "✗") for d, o in zip(vd, ok)]
            rows.append([m if v != v else f"{m} {v:g}" for m, v in zip(marks, vs)])
        body = pd.DataFrame(rows, index=self.values.index, columns=cols)
        front = self.summary[["title", "owner", "goal"]]
        back = self.summary[["avg_4", "avg_13", "total", "on_goal_share", "off_goal_streak"]].rename(
            columns={"on_goal_share": "on goal", "off_goal_streak": "streak"})
        return pd.concat([front, body, back], axis=1), cols

    def _repr_html_(self) -> str:
        """A compact table for notebooks: red and green cells, each also marked ✓ / ✗ (readable
        without colour). Rendered by pandas' Styler (Jinja2 templates)."""
        import numpy as np
        import pandas as pd

        frame, cols = self._display_frame()
        verdict, on = self._marks()
        colours = pd.DataFrame("", index=frame.index, columns=frame.columns)
        if len(frame.index):
            colours[cols] = np.where(verdict, np.where(on, "background-color: #c8e6c9", "background-color: #ffcdd2"), "")
        styler = frame.style.apply(lambda _: colours, axis=None).format(
            {"avg_4": "{:.3g}", "avg_13": "{:.3g}", "total": "{:g}", "on goal": "{:.0%}"}, na_rep="")
        return styler.set_caption(repr(self).strip("<>")).to_html()

    def to_csv(self, path_or_buffer: Union[str, "os.PathLike[str]", Any, None] = None):
        r"""Write the spreadsheet layout that :meth:`okr.Graph.load_scorecard_csv` reads.

        Columns ``id, team, owner, title, goal, unit, aggregation`` and one per period start; the goal
        is the one in force in the last period. Returns the text when ``path_or_buffer`` is None.

        Parameters
        ----------
        path_or_buffer : str, os.PathLike, file object or None
            Where to write: a path (UTF-8, replaced if it exists), an object with ``write(str)``,
            or None to return the text.

        Returns
        -------
        str or None
            The CSV text when ``path_or_buffer`` is None, else None. Lines end in "\n"; an empty
            cell is a period without a value; numbers are written in their shortest exact form.

        Raises
        ------
        OSError
            The file cannot be opened for writing.
        TypeError
            ``path_or_buffer`` is neither a path, a writable object nor None.

        Examples
        --------
        >>> import okr
        >>> sc = okr.load(okr.example_path()).scorecard(as_of="2026-09-07", periods=2)
        >>> text = sc.to_csv()
        >>> print(text.splitlines()[0])
        id,team,owner,title,goal,unit,aggregation,2026-08-31,2026-09-07
        >>> print(text.splitlines()[1])
        lessons_created,Managed Services,Marvin Cole,Lessons created,>= 2,lessons,sum,6,
        >>> sc.to_csv("scorecard.csv")
        >>> g = okr.Graph()
        >>> g.load_scorecard_csv("scorecard.csv")
        >>> len(g.kpi_info())
        6
        """
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        periods = [c.date().isoformat() for c in self.values.columns]
        w.writerow(["id", "team", "owner", "title", "goal", "unit", "aggregation"] + periods)
        summary = self.summary[["team", "owner", "title", "goal", "unit"]].itertuples(index=False, name=None)
        for k, s, values in zip(self.values.index, summary, self.values.to_numpy(dtype=float).tolist()):
            cells = ["" if v != v else _number(v) for v in values]
            w.writerow([k, *s, self._aggregation[k]] + cells)
        text = buf.getvalue()
        if path_or_buffer is None:
            return text
        if hasattr(path_or_buffer, "write"):
            path_or_buffer.write(text)
        else:
            with open(path_or_buffer, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        return None


def _number(v: float) -> str:
    """The shortest text that reads back as the same float ("2" for 2.0, "0.1" for 0.1)."""
    text = repr(float(v))
    return text[:-2] if text.endswith(".0") else text
