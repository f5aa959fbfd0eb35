"""Plots for notebooks (matplotlib is imported only when a function is called).

Each function draws on ``ax`` (a new figure when None) and returns the Axes.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["scores", "lagged", "kpis", "scorecard"]

_COLORS = {"done": "#2e7d32", "on_track": "#66bb6a", "at_risk": "#ffa726", "off_track": "#e53935",
           "not_started": "#bdbdbd", "no_data": "#eeeeee"}


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def scores(graph, as_of: Any = None, kind: str = "objective", ax=None):
    """Horizontal bars of scores (0–100 %) coloured by status, with the forecast as a tick.

    ``kind``: "objective", "key_result" or None for every node. Nodes run top to bottom in
    document order; a dashed line marks 70 %.

    Parameters
    ----------
    graph : okr.Graph
        The graph to score.
    as_of : str, datetime.date or pandas.Timestamp, optional
        The day to score as of; default: today.
    kind : {"objective", "key_result", None}
        Which nodes to draw; None: every node. Any other value draws no bars.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure sized to the number of bars.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    okr.InvalidArgumentError
        ``as_of`` is not a date, or ``kind`` is none of the three.
    ImportError
        matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import okr
    >>> import okr.plot
    >>> ax = okr.plot.scores(okr.load(okr.example_path()), as_of="2026-09-07")
    >>> type(ax).__name__, ax.get_xlabel(), len(ax.patches)
    ('AxesSubplot', 'score (%)', 22)
    >>> plt.close("all")
    """
    if kind not in ("objective", "key_result", None):
        from .errors import InvalidArgumentError

        raise InvalidArgumentError(f'kind: "objective", "key_result" or None, not {kind!r}')
    df = graph.scores(as_of=as_of)
    if kind is not None:
        df = df[df["kind"] == kind]
    df = df.iloc[::-1]
    ax = _axes(ax, (8, max(2.0, 0.3 * len(df) + 1)))
    y = range(len(df))
    ax.barh(list(y), (df["score"].fillna(0) * 100).tolist(), color=[_COLORS.get(s, "#999999") for s in df["status"]])
    ax.scatter((df["forecast"] * 100).tolist(), list(y), marker="|", color="black", s=120, label="forecast")
    ax.set_yticks(list(y))
    ax.set_yticklabels([t if len(t) < 50 else t[:47] + "…" for t in df["title"]])
    ax.set_xlim(0, 105)
    ax.set_xlabel("score (%)")
    ax.axvline(70, color="#999999", linewidth=0.8, linestyle="--")
    ax.legend(loc="lower right")
    return ax


def lagged(result, ax=None, title: Optional[str] = None):
    """Correlation by lag (the frame :func:`okr.lagged` returns) with its confidence interval.

    Parameters
    ----------
    result : pandas.DataFrame
        Indexed by lag, with columns ``r``, ``ci_low`` and ``ci_high``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.
    title : str, optional
        The axes' title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    KeyError
        ``result`` lacks one of the three columns.
    ImportError
        matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import okr
    >>> import okr.plot
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> res = okr.lagged(weekly["lessons_completed"], weekly["escalations_t1_t2"], lags=range(0, 7))
    >>> ax = okr.plot.lagged(res, title="Lessons completed → escalations")
    >>> type(ax).__name__, ax.get_title()
    ('AxesSubplot', 'Lessons completed → escalations')
    >>> plt.close("all")
    """
    ax = _axes(ax, (7, 3.5))
    lags = result.index.to_numpy()
    ax.errorbar(lags, result["r"], yerr=[result["r"] - result["ci_low"], result["ci_high"] - result["r"]], fmt="o",
                capsize=3)
    ax.axhline(0, color="#999999", linewidth=0.8)
    ax.set_xlabel("lag (driver leads by k periods)")
    ax.set_ylabel("r")
    ax.set_ylim(-1.05, 1.05)
    if title:
        ax.set_title(title)
    return ax


def kpis(frame, columns=None, ax=None):
    """KPI series over time (e.g. ``graph.kpis()``); gaps stay gaps.

    Parameters
    ----------
    frame : pandas.DataFrame
        Periods × KPIs, as :meth:`okr.Graph.kpis` returns.
    columns : list of str, optional
        The KPIs to draw; default: every column.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, one line per KPI, with a legend.

    Raises
    ------
    KeyError
        A name in ``columns`` is not a column of ``frame``.
    ImportError
        matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import okr
    >>> import okr.plot
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> ax = okr.plot.kpis(weekly, columns=["lessons_completed", "escalations_t1_t2"])
    >>> [line.get_label() for line in ax.get_lines()]
    ['lessons_completed', 'escalations_t1_t2']
    >>> plt.close("all")
    """
    ax = _axes(ax, (9, 4))
    cols = list(frame.columns) if columns is None else list(columns)
    for c in cols:
        ax.plot(frame.index, frame[c], marker=".", label=str(c))
    ax.legend(loc="best", fontsize="small")
    return ax


def scorecard(sc, ax=None, title: Optional[str] = None):
    """A scorecard (``graph.scorecard()``) as a heatmap.

    KPIs down, periods across, green on goal, red off goal, grey without a verdict; each cell
    also shows its value and ✓ / ✗. Rows are labelled with the KPI id and its goal.

    Parameters
    ----------
    sc : okr.Scorecard
        The scorecard, from :meth:`okr.Graph.scorecard`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; default: a new figure sized to the table.
    title : str, optional
        The axes' title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on, one text per cell.

    Raises
    ------
    ImportError
        matplotlib is not installed.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> import okr
    >>> import okr.plot
    >>> sc = okr.load(okr.example_path()).scorecard(as_of="2026-08-31", periods=4)
    >>> ax = okr.plot.scorecard(sc, title="Weekly scorecard")
    >>> type(ax).__name__, len(ax.texts)
    ('AxesSubplot', 24)
    >>> plt.close("all")
    """
    import numpy as np
    from matplotlib.colors import ListedColormap

    n_rows, n_cols = sc.values.shape
    ax = _axes(ax, (max(6, 0.7 * n_cols + 3), max(2, 0.5 * n_rows + 1)))
    codes = np.full((n_rows, n_cols), 0.0)
    import pandas as pd

    ok = sc.on_goal.to_numpy(dtype=object)
    for i in range(n_rows):
        for j in range(n_cols):
            v = ok[i, j]
            # No verdict: None, NaN or pd.NA (whose comparisons give NA, not a bool).
            codes[i, j] = 0.0 if pd.isna(v) else (2.0 if bool(v) else 1.0)
    ax.imshow(codes, cmap=ListedColormap(["#eeeeee", "#ef9a9a", "#a5d6a7"]), vmin=0, vmax=2, aspect="auto")
    values = sc.values.to_numpy(dtype=float)
    for i in range(n_rows):
        for j in range(n_cols):
            mark = {2.0: "✓", 1.0: "✗"}.get(codes[i, j], "")
            text = "" if np.isnan(values[i, j]) else f"{values[i, j]:g}"
            ax.text(j, i, f"{mark} {text}".strip(), ha="center", va="center", fontsize="small")
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([f"{k} ({g})" if g else str(k) for k, g in zip(sc.values.index, sc.summary["goal"])])
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels([c.strftime("%Y-%m-%d") for c in sc.values.columns], rotation=45, ha="right")
    if title:
        ax.set_title(title)
    return ax
