"""Effect sizes: least squares of an outcome on (lagged) drivers with classical or Newey–West
standard errors, partial correlation given covariates, and rolling correlation.

NaN is missing, ±Inf is rejected as a data error (naming the column and row). Rows are periods in
order: keep a missing period as a NaN row so that lags never shift. See docs/correlation.md
("Effect size, partial and rolling correlation") for the exact definitions and their
statsmodels/numpy/pandas references.
"""

from __future__ import annotations

import numbers
from typing import Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from . import _core
from .errors import InvalidArgumentError

__all__ = ["OLSResult", "ols", "partial_corr", "rolling_corr"]

_COV_TYPES = {"nonrobust": "nonrobust", "hac": "HAC"}


def _frame(df):
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(df).__name__}")
    return df


def _column(df, name, field: str) -> np.ndarray:
    """A numeric column as float64 (NaN for missing); ±Inf is an error naming column and row."""
    import pandas as pd

    try:
        present = name in df.columns
    except TypeError:  # unhashable
        present = False
    if not present:
        raise InvalidArgumentError(f'{field}: "{name}" is not a column of the data')
    col = df[name]
    if isinstance(col, pd.DataFrame):
        raise InvalidArgumentError(f'{field}: "{name}" names more than one column of the data')
    if not (pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col)):
        raise InvalidArgumentError(f'{field}: column "{name}" is not numeric')
    values = col.to_numpy(dtype=float, na_value=np.nan)
    _check_finite(values, f'{field} "{name}"', df.index)
    return values


def _check_finite(values: np.ndarray, what: str, index) -> None:
    bad = np.flatnonzero(np.isinf(values))
    if bad.size:
        raise InvalidArgumentError(f"{what}: value at row {index[bad[0]]!r} is infinite (use NaN for a missing value)")


def _as_int(value, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentError(f"{what} must be an integer (got {value!r})")
    return int(value)


def _lag_name(driver: str, lag: int) -> str:
    if lag == 0:
        return str(driver)
    return f"{driver}.L{lag}" if lag > 0 else f"{driver}.F{-lag}"


class OLSResult:
    """Result of :func:`okr.ols`, named as statsmodels' ``RegressionResults``.

    Made by :func:`okr.ols`, not by calling the class. Its ``repr`` is a short summary: the
    fit's statistics and :meth:`summary_frame`.

    Parameters
    ----------
    outcome : str
        The regressed column.
    names : list of str
        The terms, ``"const"`` first.
    raw : dict
        The native fit (private): params, bse, tvalues, pvalues, rsquared, rsquared_adj, nobs,
        df_resid, cov_type, maxlags, use_correction, cov_params.

    Attributes
    ----------
    params, bse, tvalues, pvalues : pandas.Series
        Coefficients, standard errors, params / bse and two-sided p-values, indexed by term:
        ``"const"`` first, then each driver (a lagged driver as ``"name.L3"``, a lead as
        ``"name.F2"``). p-values use Student t with ``df_resid`` degrees of freedom for
        ``cov_type == "nonrobust"`` and the standard normal for ``"HAC"`` (as statsmodels).
    rsquared, rsquared_adj : float
        R² and adjusted R².
    nobs : int
        Complete rows used (outcome and every term non-missing).
    df_resid : float
        nobs − number of parameters.
    cov_type : str
        ``"nonrobust"`` or ``"HAC"``.
    maxlags : int or None
        HAC: the Bartlett kernel's maximum lag used; None for nonrobust.
    use_correction : bool
        HAC: whether the covariance was multiplied by nobs/(nobs − k).
    outcome : str
        The regressed column.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> res = okr.ols(weekly, "escalations_t1_t2", "lessons_completed", lags={"lessons_completed": 3})
    >>> res.params.index.tolist()
    ['const', 'lessons_completed.L3']
    >>> round(res.params["lessons_completed.L3"], 3), res.nobs, res.cov_type, res.maxlags
    (-1.406, 48, 'nonrobust', None)
    """

    def __init__(self, outcome, names: List[str], raw: dict):
        import pandas as pd

        index = pd.Index(names, dtype=object)
        self.outcome = outcome
        self.params = pd.Series(np.asarray(raw["params"], dtype=float), index=index, name="params")
        self.bse = pd.Series(np.asarray(raw["bse"], dtype=float), index=index, name="bse")
        self.tvalues = pd.Series(np.asarray(raw["tvalues"], dtype=float), index=index, name="tvalues")
        self.pvalues = pd.Series(np.asarray(raw["pvalues"], dtype=float), index=index, name="pvalues")
        self.rsquared = float(raw["rsquared"])
        self.rsquared_adj = float(raw["rsquared_adj"])
        self.nobs = int(raw["nobs"])
        self.df_resid = float(raw["df_resid"])
        self.cov_type = str(raw["cov_type"])
        self.maxlags = int(raw["maxlags"]) if self.cov_type == "HAC" else None
        self.use_correction = bool(raw["use_correction"])
        self._cov = np.asarray(raw["cov_params"], dtype=float)

    def cov_params(self):
        """Covariance matrix of the coefficients as a DataFrame (labelled like ``params``).

        Returns
        -------
        pandas.DataFrame
            Square, terms × terms (a copy: changing it changes nothing here); classical or HAC, as
            ``cov_type`` says.

        Raises
        ------
        MemoryError
            The frame cannot be allocated; there is no other error.

        Examples
        --------
        >>> import okr
        >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
        >>> res = okr.ols(weekly, "escalations_t1_t2", "lessons_completed", lags={"lessons_completed": 3})
        >>> cov = res.cov_params()
        >>> cov.shape
        (2, 2)
        >>> bool(abs(cov.loc["lessons_completed.L3", "lessons_completed.L3"] ** 0.5 - res.bse["lessons_completed.L3"]) < 1e-12)
        True
        """
        import pandas as pd

        return pd.DataFrame(self._cov.copy(), index=self.params.index.copy(), columns=self.params.index.copy())

    def summary_frame(self):
        """One row per term with columns ``coef``, ``std err``, ``t``, ``P>|t|``.

        For HAC the statistic is referred to the standard normal, as statsmodels' z.

        Returns
        -------
        pandas.DataFrame
            Indexed by term (``"const"`` first): ``params``, ``bse``, ``tvalues`` and ``pvalues``
            side by side.

        Raises
        ------
        MemoryError
            The frame cannot be allocated; there is no other error.

        Examples
        --------
        >>> import okr
        >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
        >>> res = okr.ols(weekly, "escalations_t1_t2", "lessons_completed", lags={"lessons_completed": 3})
        >>> table = res.summary_frame()
        >>> list(table.columns)
        ['coef', 'std err', 't', 'P>|t|']
        >>> table.round(3).loc["lessons_completed.L3"].tolist()
        [-1.406, 0.051, -27.678, 0.0]
        """
        import pandas as pd

        return pd.DataFrame({"coef": self.params, "std err": self.bse, "t": self.tvalues, "P>|t|": self.pvalues})

    def __repr__(self) -> str:
        cov = "nonrobust" if self.cov_type == "nonrobust" else (
            f"HAC, maxlags={self.maxlags}" + (", corrected" if self.use_correction else ""))
        head = (f"OLS of {self.outcome} ({cov}): nobs = {self.nobs}, df_resid = {self.df_resid:g}, "
                f"R² = {self.rsquared:.4f}, adj. R² = {self.rsquared_adj:.4f}")
        body = self.summary_frame().to_string(float_format=lambda v: f"{v:.6g}")
        return head + "\n" + body


def _lags_of(drivers: Sequence, lags: Optional[Mapping]) -> List[Tuple[object, int]]:
    if lags is None:
        lags = {}
    if not isinstance(lags, Mapping):
        raise InvalidArgumentError(f"lags must be a dict driver -> lag (or list of lags), got {type(lags).__name__}")
    for key in lags:
        if key not in drivers:
            raise InvalidArgumentError(f'lags: "{key}" is not one of the drivers')
    terms = []
    for d in drivers:
        spec = lags.get(d, 0)
        ks = [spec] if isinstance(spec, numbers.Number) or isinstance(spec, bool) else list(spec)
        if not ks:
            raise InvalidArgumentError(f'lags: the lag list of "{d}" is empty')
        for k in ks:
            terms.append((d, _as_int(k, f'lags: the lag of "{d}"')))
    return terms


def ols(df, outcome, drivers: Union[str, Iterable], lags: Optional[Mapping] = None, cov: str = "nonrobust",
        maxlags: Optional[int] = None, use_correction: bool = False) -> OLSResult:
    """Least squares of ``outcome`` on an intercept and the (lagged) ``drivers``.

    The effect size, in outcome units per driver unit, with its standard error.
    Equivalent to ``statsmodels.api.OLS(y, sm.add_constant(X), missing="drop").fit()`` (or
    ``.fit(cov_type="HAC", cov_kwds={"maxlags": L})``) where X holds each driver shifted by its
    lag; rows with any missing value are dropped.

    Parameters
    ----------
    df : pandas.DataFrame
        Periods × KPIs, in period order (NaN = missing; keep missing periods as NaN rows).
    outcome : str
        The outcome column.
    drivers : str or list of str
        Driver columns.
    lags : dict, optional
        driver → lag k (or a list of lags, one term each). k > 0 means the driver leads: the driver
        at t − k explains the outcome at t (``df[driver].shift(k)``), named ``"driver.Lk"``; a
        negative k is a lead, named ``"driver.F|k|"``. Drivers not listed enter at lag 0.
    cov : {"nonrobust", "HAC"}
        Classical standard errors (t p-values) or Newey–West with Bartlett weights (normal
        p-values, as statsmodels).
    maxlags : int, optional
        HAC window; default ⌊4 (nobs/100)^(2/9)⌋. Only with ``cov="HAC"``.
    use_correction : bool, default False
        HAC: multiply the covariance by nobs/(nobs − k) (statsmodels' ``use_correction=True``;
        statsmodels' default for HAC results is False).

    Returns
    -------
    OLSResult
        ``params``, ``bse``, ``tvalues``, ``pvalues`` (Series indexed ``"const"``, then the terms),
        ``rsquared``, ``rsquared_adj``, ``nobs``, ``df_resid``, ``cov_type``, ``summary_frame()``,
        ``cov_params()``.

    Raises
    ------
    TypeError
        ``df`` is not a DataFrame.
    okr.InvalidArgumentError
        An unknown ``cov``; ``maxlags`` without HAC, negative or not an integer; no driver; a
        column that is missing, not numeric or holds an infinite value; ``lags`` that is not a
        dict, names a non-driver, has an empty or non-integer lag, or a lag that leaves no
        overlap; collinear terms; fewer complete rows than parameters + 1.

    See Also
    --------
    partial_corr : Correlation given covariates.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> res = okr.ols(weekly, outcome="escalations_t1_t2", drivers=["lessons_completed"],
    ...               lags={"lessons_completed": 3}, cov="HAC", maxlags=4)
    >>> round(res.params["lessons_completed.L3"], 2), round(res.bse["lessons_completed.L3"], 3)
    (-1.41, 0.04)
    >>> res.nobs, res.cov_type, round(res.rsquared, 3)
    (48, 'HAC', 0.943)
    """
    df = _frame(df)
    cov_type = _COV_TYPES.get(str(cov).lower()) if isinstance(cov, str) else None
    if cov_type is None:
        raise InvalidArgumentError(f'cov: "{cov}" is not one of nonrobust|HAC')
    if maxlags is None:
        ml = -1
    else:
        if cov_type != "HAC":
            raise InvalidArgumentError('maxlags applies only to cov="HAC"')
        ml = _as_int(maxlags, "maxlags")
        if ml < 0:
            raise InvalidArgumentError(f"maxlags must be >= 0 (got {ml})")
    if isinstance(drivers, (str, numbers.Number)):
        drivers = [drivers]
    drivers = list(drivers)
    if not drivers:
        raise InvalidArgumentError("drivers: at least one driver is needed")
    y = _column(df, outcome, "outcome")
    nrows = len(df)
    names, columns = [], []
    cache = {}
    for d, k in _lags_of(drivers, lags):
        if d not in cache:
            cache[d] = _column(df, d, "drivers")
        if abs(k) >= max(nrows, 1):
            raise InvalidArgumentError(f'lags: lag {k} of "{d}" leaves no overlap with {nrows} rows')
        v = cache[d]
        shifted = np.full(nrows, np.nan)
        if k >= 0:
            shifted[k:] = v[: nrows - k]
        else:
            shifted[:k] = v[-k:]
        names.append(_lag_name(d, k))
        columns.append(shifted)
    X = np.asfortranarray(np.column_stack(columns))
    raw = _core._ols(X, y, names, True, cov_type, ml, bool(use_correction))
    return OLSResult(outcome, list(raw["names"]), raw)


def partial_corr(df, x, y, covariates: Union[str, Iterable], method: str = "pearson", min_periods: int = 3,
                 level: float = 0.95):
    """Partial correlation of columns ``x`` and ``y`` given ``covariates`` (residual method).

    On the rows where x, y and every covariate are present: regress x and y each on an intercept
    and the covariates by least squares and correlate the residuals (``method="spearman"``: rank
    x, y and each covariate first). p-value: t with n − 2 − k degrees of freedom (k covariates);
    interval: Fisher z with SE 1/√(n − 3 − k) (Spearman: √(1.06/(n − 3 − k))).

    Parameters
    ----------
    df : pandas.DataFrame
        Periods × series (NaN = missing).
    x, y : str
        The two columns to correlate.
    covariates : str or list of str
        The columns to partial out; an empty list gives the plain correlation.
    method : {"pearson", "spearman"}
        The correlation of the residuals.
    min_periods : int, default 3
        Fewest complete rows for an r (at least 2).
    level : float, default 0.95
        Confidence level of the interval, in (0, 1).

    Returns
    -------
    pandas.Series
        ``r``, ``n``, ``p``, ``ci_low``, ``ci_high`` and ``reason`` ("" or "too_few" /
        "constant" where r is NaN); dtype object, named ``"x~y"``.

    Raises
    ------
    TypeError
        ``df`` is not a DataFrame.
    okr.InvalidArgumentError
        An unknown ``method`` (Kendall included), ``min_periods`` below 2, ``level`` outside
        (0, 1), or a column that is missing, not numeric or holds an infinite value.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> pc = okr.partial_corr(weekly, "lessons_completed", "escalations_t1_t2",
    ...                       covariates=["kb_articles_created"])
    >>> round(pc["r"], 3), pc["n"], pc.name
    (-0.529, 51, 'lessons_completed~escalations_t1_t2')
    """
    import pandas as pd

    from .correlation import _check

    df = _frame(df)
    _check(method, min_periods, level)
    if method == "kendall":
        raise InvalidArgumentError('method: partial correlation supports pearson|spearman, not "kendall"')
    if isinstance(covariates, (str, numbers.Number)):
        covariates = [covariates]
    covariates = list(covariates)
    xv = _column(df, x, "x")
    yv = _column(df, y, "y")
    cols = [_column(df, c, "covariates") for c in covariates]
    Z = np.asfortranarray(np.column_stack(cols)) if cols else np.empty((len(df), 0), dtype=float, order="F")
    t = _core._partial_corr(xv, yv, Z, method, int(min_periods), float(level))
    return pd.Series({"r": t["r"], "n": int(t["n"]), "p": t["p"], "ci_low": t["ci_low"], "ci_high": t["ci_high"],
                      "reason": t["reason"]}, dtype=object, name=f"{x}~{y}")


def rolling_corr(x, y, window: int, min_periods: Optional[int] = None):
    """Rolling Pearson correlation, as pandas ``x.rolling(window, min_periods).corr(y)``.

    The series are aligned on their index first (outer join, as pandas). Element t is the
    correlation of the pairs in the window ending at t where both are present; NaN with fewer than
    ``min_periods`` (default ``window``, at least 2) such pairs or when either series is constant
    over them. Exact per-window sums, r clipped to [−1, 1]; where pandas' online algorithm returns
    ±inf for a constant window, okr returns NaN.

    Parameters
    ----------
    x, y : pandas.Series or array-like of float
        The two series. Plain sequences are positional and must be equally long.
    window : int
        Periods per window, at least 2.
    min_periods : int, optional
        Fewest complete pairs in a window for an r, in [0, ``window``]; default ``window``.
        Fewer than 2 pairs never give an r.

    Returns
    -------
    pandas.Series
        On the aligned index, named like pandas' result.

    Raises
    ------
    okr.InvalidArgumentError
        ``window`` or ``min_periods`` is not an integer or out of range, sequences of different
        lengths, or an infinite value (named by its row).
    ValueError
        A plain sequence with an entry that is not a number.

    Examples
    --------
    >>> import okr
    >>> weekly = okr.load(okr.example_path()).kpis(freq="W")
    >>> r = okr.rolling_corr(weekly["lessons_completed"], weekly["escalations_t1_t2"], window=13)
    >>> r.round(3).tolist()[-3:]
    [0.401, 0.477, 0.5]
    >>> okr.rolling_corr([1, 2, 3, 4], [2, 4, 5, 9], window=3).round(3).tolist()
    [nan, nan, 0.982, 0.945]
    """
    import pandas as pd

    if not (isinstance(x, pd.Series) and isinstance(y, pd.Series)):
        # Plain sequences are positional: they must be equally long.
        if not isinstance(x, pd.Series):
            x = pd.Series(np.asarray(x, dtype=float))
        if not isinstance(y, pd.Series):
            y = pd.Series(np.asarray(y, dtype=float))
        if len(x) != len(y):
            raise InvalidArgumentError(f"x and y differ in length ({len(x)} and {len(y)})")
        y = y.set_axis(x.index) if not x.index.equals(y.index) else y
    w = _as_int(window, "window")
    if w < 2:
        raise InvalidArgumentError(f"window must be >= 2 (got {w})")
    mp = w if min_periods is None else _as_int(min_periods, "min_periods")
    if not 0 <= mp <= w:
        raise InvalidArgumentError(f"min_periods must be in [0, window] (got min_periods {mp}, window {w})")
    if not x.index.equals(y.index):
        x, y = x.align(y, join="outer")
    xv = x.to_numpy(dtype=float, na_value=np.nan)
    yv = y.to_numpy(dtype=float, na_value=np.nan)
    _check_finite(xv, "x", x.index)
    _check_finite(yv, "y", y.index)
    r = _core._rolling_corr(xv, yv, w, mp)
    return pd.Series(np.asarray(r, dtype=float), index=x.index.copy(), name=x.name if x.name == y.name else None)
