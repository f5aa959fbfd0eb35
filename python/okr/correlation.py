"""Correlation engine: which leading indicator moves which outcome, at what lag, how surely.

Every function takes pandas objects (NaN = missing) and returns DataFrames with stable column
names. ±Inf is rejected as a data error (pandas would silently drop it). See
docs/correlation.md for the exact definitions and their scipy/pandas references.
"""

from __future__ import annotations

from typing import Iterable, Optional

import numpy as np

from . import _core
from ._dates import datetime_index
from .errors import InvalidArgumentError

__all__ = ["corr", "correlate", "lagged", "bh_qvalues", "leading_indicators", "effective_n", "bucket"]

_METHODS = ("pearson", "spearman", "kendall")


def _check(method: str, min_periods: int, level: Optional[float] = None) -> None:
    if method not in _METHODS:
        raise InvalidArgumentError(f'method: "{method}" is not one of pearson|spearman|kendall')
    if int(min_periods) < 2:
        raise InvalidArgumentError(f"min_periods must be >= 2 (got {min_periods})")
    if level is not None and not (0 < float(level) < 1):
        raise InvalidArgumentError(f"level must be in (0, 1) (got {level})")


def _numeric(df):
    import pandas as pd

    if isinstance(df, pd.Series):
        df = df.to_frame()
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    num = df.select_dtypes(include=["number", "bool"])
    return num, np.asfortranarray(num.to_numpy(dtype=float, na_value=np.nan))


def corr(df, method: str = "pearson", min_periods: int = 3):
    """Correlation matrix of the columns of ``df``: a drop-in for ``df.corr()``.

    Same labels and the same NaN rules as pandas (pairwise-complete observations; NaN when fewer
    than ``min_periods`` pairs or a constant series), computed in C++ without the GIL.

    Parameters
    ----------
    df : pandas.DataFrame
        Periods × series; non-numeric columns are left out, as pandas does. A Series is taken
        as a one-column frame.
    method : {"pearson", "spearman", "kendall"}
        Pearson's r, Spearman's rank correlation or Kendall's tau-b.
    min_periods : int, default 3
        At least 2.

    Returns
    -------
    pandas.DataFrame
        Square and exactly symmetric, indexed and labelled by the numeric columns.

    Raises
    ------
    okr.InvalidArgumentError
        An unknown ``method``, ``min_periods`` below 2, or an infinite value (named by column
        and row).
    TypeError
        ``df`` is not a DataFrame or Series.

    See Also
    --------
    correlate : Every pair with n, p-value, interval and q-value.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> r = okr.corr(weekly, method="spearman")
    >>> r.shape
    (6, 6)
    >>> round(r.loc["lessons_created", "lessons_completed"], 3)
    0.627
    """
    import pandas as pd

    _check(method, min_periods)
    num, data = _numeric(df)
    r = _core._corr_matrix(data, method, int(min_periods))
    return pd.DataFrame(r, index=num.columns.copy(), columns=num.columns.copy())


def correlate(df, method: str = "pearson", min_periods: int = 3, level: float = 0.95, correction: str = "fdr_bh"):
    """Every unordered pair of columns with r, n, p-value, interval and q-value.

    For each pair: r, n, two-sided p-value, Fisher-z interval and Benjamini–Hochberg q-value
    across all pairs (``correction="bonferroni"``: Bonferroni instead).

    Parameters
    ----------
    df : pandas.DataFrame
        Periods × series; non-numeric columns are left out. A Series is taken as a one-column
        frame.
    method : {"pearson", "spearman", "kendall"}
        The correlation coefficient.
    min_periods : int, default 3
        Fewest pairwise-complete observations for an r (at least 2); fewer give NaN with reason
        "too_few".
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).
    correction : {"fdr_bh", "bonferroni"}
        How the p-values are adjusted across all pairs (q).

    Returns
    -------
    pandas.DataFrame
        One row per pair (x before y in column order) with columns
        x, y, r, n, p, ci_low, ci_high, q, reason ("" or "too_few" / "constant" where r is NaN),
        low_confidence (fewer than 20 pairs).

    Raises
    ------
    okr.InvalidArgumentError
        An unknown ``method`` or ``correction``, ``min_periods`` below 2, ``level`` outside
        (0, 1), or an infinite value.
    TypeError
        ``df`` is not a DataFrame or Series.

    See Also
    --------
    corr : The r matrix alone.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> pairs = okr.correlate(weekly)
    >>> pairs.shape
    (15, 10)
    >>> first = pairs.iloc[0]
    >>> first["x"], first["y"], round(first["r"], 3), first["n"]
    ('lessons_created', 'lessons_completed', 0.632, 51)
    """
    import pandas as pd

    _check(method, min_periods, level)
    num, data = _numeric(df)
    t = _core._correlate_all(data, method, int(min_periods), float(level), str(correction))
    cols = list(num.columns)
    return pd.DataFrame(
        {
            "x": [cols[i] for i in t["x"]],
            "y": [cols[j] for j in t["y"]],
            "r": t["r"],
            "n": t["n"],
            "p": t["p"],
            "ci_low": t["ci_low"],
            "ci_high": t["ci_high"],
            "q": t["q"],
            "reason": t["reason"],
            "low_confidence": np.asarray(t["n"]) < 20,
        }
    )


def lagged(driver, outcome, lags: Iterable[int] = range(-4, 5), method: str = "pearson", min_periods: int = 3,
           level: float = 0.95, normalization: str = "pairwise"):
    """Lagged correlation of two series.

    Lag k > 0 means the driver leads: the driver at t − k against the outcome at t (pandas:
    ``outcome.corr(driver.shift(k))``). The series are aligned on their index first; keep missing
    periods as NaN rows so that lags never shift. ``normalization="ccf"`` gives statsmodels'
    ``ccf(outcome, driver, adjusted=True)`` values instead (full-sample normalisation: can exceed 1
    and misplaces short lags; complete series, Pearson only) — for comparison.

    Parameters
    ----------
    driver : pandas.Series
        The candidate leading series.
    outcome : pandas.Series
        The series it may lead.
    lags : iterable of int, default range(-4, 5)
        The lags to compute, one row each.
    method : {"pearson", "spearman", "kendall"}
        The correlation coefficient.
    min_periods : int, default 3
        Fewest pairs for an r (at least 2).
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).
    normalization : {"pairwise", "ccf"}
        Correlate the overlapping pairs at each lag (as pandas), or statsmodels' ``ccf``.

    Returns
    -------
    pandas.DataFrame
        Indexed by lag, columns r, n, p, ci_low, ci_high, reason, low_confidence (n < 20).

    Raises
    ------
    TypeError
        ``driver`` or ``outcome`` is not a pandas Series.
    okr.InvalidArgumentError
        An unknown ``method`` or ``normalization``, ``min_periods`` below 2, ``level`` outside
        (0, 1), a lag that leaves no overlap, an infinite value, or "ccf" with a method other
        than Pearson.

    See Also
    --------
    okr.plot.lagged : Draws the result.
    leading_indicators : Many drivers and lags, corrected for the number of tests.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> res = okr.lagged(weekly["lessons_completed"], weekly["escalations_t1_t2"], lags=range(0, 5))
    >>> list(res.columns)
    ['r', 'n', 'p', 'ci_low', 'ci_high', 'reason', 'low_confidence']
    >>> res["r"].round(3).tolist()
    [-0.734, -0.766, -0.789, -0.971, -0.807]
    """
    import pandas as pd

    _check(method, min_periods, level)
    if not isinstance(driver, pd.Series) or not isinstance(outcome, pd.Series):
        raise TypeError("lagged() expects two pandas Series")
    d, o = driver.align(outcome, join="outer")
    lags = [int(k) for k in lags]
    t = _core._lagged(d.to_numpy(dtype=float, na_value=np.nan), o.to_numpy(dtype=float, na_value=np.nan), lags, method,
                      int(min_periods), float(level), str(normalization))
    out = pd.DataFrame({k: t[k] for k in ("r", "n", "p", "ci_low", "ci_high", "reason")}, index=pd.Index(lags, name="lag"))
    out["low_confidence"] = out["n"] < 20
    return out


def bh_qvalues(p) -> np.ndarray:
    """Benjamini–Hochberg q-values (as statsmodels ``multipletests(method="fdr_bh")``); NaN stays NaN.

    Parameters
    ----------
    p : array-like of float
        p-values in [0, 1]; NaN entries are left out of the count and stay NaN.

    Returns
    -------
    numpy.ndarray
        The q-values, float, in the order of ``p``.

    Raises
    ------
    okr.InvalidArgumentError
        A p-value outside [0, 1] (named by its position).
    ValueError
        An entry that is not a number.

    Examples
    --------
    >>> import okr
    >>> okr.bh_qvalues([0.01, 0.04, 0.03, float("nan")])
    array([0.03, 0.04, 0.04,  nan])
    """
    return np.asarray(_core._bh(np.asarray(p, dtype=float).tolist()), dtype=float)


def _period_name(index) -> str:
    import pandas as pd

    if isinstance(index, pd.DatetimeIndex):
        freq = index.freqstr or (pd.infer_freq(index) if len(index) >= 3 else None)
        if freq:
            base = pd.tseries.frequencies.to_offset(freq).name.split("-")[0].upper()
            names = {"D": "day", "B": "business day", "W": "week", "M": "month", "MS": "month", "SM": "half-month",
                     "Q": "quarter", "QS": "quarter", "A": "year", "AS": "year", "Y": "year", "YS": "year", "H": "hour"}
            return names.get(base, "period")
    return "period"


def leading_indicators(df, outcome: str, lags: Optional[Iterable[int]] = None, method: str = "spearman",
                       transform: Optional[str] = None, adjust: bool = True, alpha: float = 0.05,
                       level: float = 0.95, min_periods: int = 3, correction: str = "fdr_bh"):
    """Which columns of ``df`` lead ``outcome``, at what lag, how strongly and how surely.

    Every other numeric column is a driver; each is correlated with the outcome at every lag
    (lag k > 0: the driver at t − k against the outcome at t), p-values are corrected with
    Benjamini–Hochberg across every driver × lag tested, and each driver's best lag is the one
    with the smallest q, so picking it is not a fishing trip.

    Parameters
    ----------
    df : pandas.DataFrame
        Periods × KPIs (NaN = missing; keep missing periods as NaN rows).
    outcome : str
        The outcome column.
    lags : iterable of int, optional
        The lags to scan. Default: 0 to 12, fewer on a short series, so that every lag leaves
        at least ``min_periods`` pairs (after ``transform``). A lag given explicitly that leaves
        no overlap is an error.
    method : {"spearman", "pearson", "kendall"}
        The correlation coefficient (default Spearman's, robust to outliers).
    transform : {None, "diff", "detrend"}
        Applied to every series before correlating, against spurious trend correlation.
    adjust : bool
        Use the effective sample size of Pyper & Peterman (1998) for p-values and intervals.
    alpha : float
        q below which the verdict says "leads".
    level : float, default 0.95
        Confidence level of the intervals, in (0, 1).
    min_periods : int, default 3
        Fewest pairs for an r (at least 2).
    correction : {"fdr_bh", "bonferroni"}
        How p-values are adjusted across every driver × lag (q).

    Returns
    -------
    pandas.DataFrame
        Indexed by driver, sorted by q then ``|r|``, with columns lag, r, ci_low, ci_high, p, q, n,
        n_eff, slope, slope_low, slope_high, trending, low_confidence, verdict.

    Raises
    ------
    okr.InvalidArgumentError
        ``outcome`` is not a numeric column (or names several), there is no driver column, an
        unknown ``method``, ``transform`` or ``correction``, ``min_periods`` below 2, ``level``
        or ``alpha`` outside (0, 1), a lag that leaves no overlap, or an infinite value.
    TypeError
        ``df`` is not a DataFrame or Series.

    See Also
    --------
    okr.Graph.leading_indicators : The same on a graph's KPIs.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> lead = okr.leading_indicators(weekly, "escalations_t1_t2", transform="diff")
    >>> lead.index[0], int(lead.loc["lessons_completed", "lag"])
    ('lessons_completed', 3)
    >>> lead.loc["lessons_completed", "verdict"]
    'lessons_completed leads escalations_t1_t2 by 3 weeks: r = -0.87 [-0.94, -0.73], q = 7.6e-08'
    """
    import pandas as pd

    _check(method, min_periods, level)
    if not (0 < float(alpha) < 1):
        raise InvalidArgumentError(f"alpha must be in (0, 1) (got {alpha})")
    num, arr = _numeric(df)
    if outcome not in num.columns:
        raise InvalidArgumentError(f'outcome: "{outcome}" is not a numeric column of the data')
    loc = num.columns.get_loc(outcome)
    if not isinstance(loc, int):
        raise InvalidArgumentError(f'outcome: "{outcome}" names more than one column')
    if num.shape[1] < 2:
        raise InvalidArgumentError("leading_indicators needs at least one driver column besides the outcome")
    keep = np.r_[0:loc, loc + 1:num.shape[1]]
    driver_columns = num.columns.take(keep)
    names = [str(c) for c in driver_columns]
    if lags is None:
        usable = arr.shape[0] - max(int(min_periods), 3) - (1 if transform == "diff" else 0)
        lags = range(0, max(0, min(12, usable)) + 1)
    t = _core._leading_indicators(
        np.asfortranarray(arr[:, keep]), arr[:, loc].copy(), names, str(outcome), [int(k) for k in lags], method,
        transform or "none", bool(adjust), float(alpha), float(level), int(min_periods), _period_name(df.index),
        str(correction),
    )
    cols = ["lag", "r", "ci_low", "ci_high", "p", "q", "n", "n_eff", "slope", "slope_low", "slope_high", "trending",
            "low_confidence", "verdict"]
    index = driver_columns.take(np.asarray(t["driver"], dtype=np.intp)).rename("driver")
    out = pd.DataFrame({c: t[c] for c in cols}, index=index)
    return out


def effective_n(x, y) -> float:
    """Effective number of pairs of two aligned, autocorrelated series (Pyper & Peterman 1998).

    The modified Chelton estimator: 1/n_eff = 1/n + (2/n) Σ_{j=1}^{⌊n/5⌋} ((n − j)/n)
    ρ_xx(j) ρ_yy(j) over the pairwise-complete periods, ρ being the sample autocorrelations.

    Parameters
    ----------
    x, y : array-like of float
        The two series, of equal length, aligned period by period (NaN = missing).

    Returns
    -------
    float
        n_eff in [2, n], n being the number of pairwise-complete periods: the more both series
        are autocorrelated, the smaller. n itself when n < 3 or a series is constant over those
        periods.

    Raises
    ------
    okr.InvalidArgumentError
        The series differ in length.
    ValueError
        An entry that is not a number.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> round(okr.effective_n(weekly["lessons_completed"], weekly["escalations_t1_t2"]), 2)
    6.81
    """
    return float(_core._effective_n(np.asarray(x, dtype=float).tolist(), np.asarray(y, dtype=float).tolist()))


def bucket(data, freq: str = "W", aggregation: str = "sum"):
    """Bucket KPI observations to a calendar (the same rule as :meth:`okr.Graph.kpis`).

    Parameters
    ----------
    data : pandas.DataFrame
        Wide (DatetimeIndex × KPI columns; NaN = missing) or long format with columns
        ``kpi, date, value``.
    freq : {"D", "W", "MS", "QS"}
        Days, ISO weeks (Monday first), months or quarters.
    aggregation : {"sum", "mean", "last"} or dict
        How observations in one period combine, for all KPIs or per KPI.

    Returns
    -------
    pandas.DataFrame
        Indexed by period start (every period from the first observation to the last; a period
        without an observation is NaN, never 0), one column per KPI.

    Raises
    ------
    TypeError
        ``data`` is not a DataFrame.
    okr.InvalidArgumentError
        A wide frame without a DatetimeIndex, an unknown ``freq`` or ``aggregation``, or an
        infinite value.
    okr.LimitError
        A period would start before 1677-09-22, the first day a pandas datetime holds (a week
        or month holding observations from that day on).
    ValueError
        A value that is not a number, or a date pandas cannot read.

    Examples
    --------
    >>> import okr
    >>> import pandas as pd
    >>> long = pd.DataFrame({"kpi": ["calls", "calls", "calls"],
    ...                      "date": ["2026-01-05", "2026-01-07", "2026-01-20"],
    ...                      "value": [1, 2, 3]})
    >>> weekly = okr.bucket(long, freq="W")
    >>> weekly["calls"].tolist()
    [3.0, nan, 3.0]
    >>> [str(d.date()) for d in weekly.index]
    ['2026-01-05', '2026-01-12', '2026-01-19']
    """
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"bucket() expects a pandas DataFrame, got {type(data).__name__}")
    if {"kpi", "date", "value"}.issubset(data.columns):
        series = {k: g.set_index(pd.to_datetime(g["date"]))["value"] for k, g in data.groupby("kpi", sort=False)}
    else:
        if not isinstance(data.index, pd.DatetimeIndex):
            raise InvalidArgumentError("bucket(): a wide frame needs a DatetimeIndex (or give columns kpi, date, value)")
        series = {c: data[c] for c in data.columns}
    out = {}
    for name, s in series.items():
        how = aggregation.get(name, "sum") if isinstance(aggregation, dict) else aggregation
        s = s.sort_index(kind="stable")  # stable: with "last", the later of two same-date rows wins
        # Through seconds: numpy 1.24 casts nanoseconds near 1677-09-22 straight to days wrongly.
        days = s.index.values.astype("datetime64[s]").astype("datetime64[D]").astype("int64").tolist()
        vals = pd.to_numeric(s, errors="raise").to_numpy(dtype=float, na_value=np.nan).tolist()
        pdays, pvals = _core._bucket(days, vals, freq, how)
        out[name] = pd.Series(pvals, index=datetime_index(pdays, f"bucket(): {name!r} has a period starting"))
    if not out:
        return pd.DataFrame()
    df = pd.DataFrame(out)
    if len(df.index):
        # Every period between the first and the last, so lags never shift across a gap.
        offsets = {"D": pd.offsets.Day(), "W": pd.offsets.Week(), "MS": pd.offsets.MonthBegin(), "QS": pd.offsets.QuarterBegin(startingMonth=1)}
        off = offsets.get(_core._freq_alias(freq))
        df = df.reindex(pd.date_range(df.index.min(), df.index.max(), freq=off))
    df.index.name = "period"
    return df
