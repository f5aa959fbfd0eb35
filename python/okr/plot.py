"""Plots for notebooks (matplotlib is imported only when a function is called).

Each function draws on ``ax`` (a new figure when None) and returns the Axes.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["scores", "lagged", "kpis"]

_COLORS = {"done": "#2e7d32", "on_track": "#66bb6a", "at_risk": "#ffa726", "off_track": "#e53935",
           "not_started": "#bdbdbd", "no_data": "#eeeeee"}


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def scores(graph, as_of: Any = None, kind: str = "objective", ax=None):
    """Horizontal bars of scores (0–100 %) coloured by status, with the forecast as a tick.

    ``kind``: "objective", "key_result" or None for every node.
    """
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
    """Correlation by lag (the frame :func:`okr.lagged` returns) with its confidence interval."""
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
    """KPI series over time (e.g. ``graph.kpis()``); gaps stay gaps."""
    ax = _axes(ax, (9, 4))
    cols = list(frame.columns) if columns is None else list(columns)
    for c in cols:
        ax.plot(frame.index, frame[c], marker=".", label=str(c))
    ax.legend(loc="best", fontsize="small")
    return ax
