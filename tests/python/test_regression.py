"""Effect sizes against their references on the same data: okr.ols vs statsmodels OLS (classical
and HAC), okr.partial_corr vs the residual method with numpy least squares and scipy's t,
okr.rolling_corr vs pandas rolling().corr()."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import okr

REL = 1e-9

sm = pytest.importorskip("statsmodels.api")


def kpis(seed=0, t=60, missing=True):
    """Weekly KPIs: lessons completed lower escalations 3 weeks later; autocorrelated noise; a few
    missing weeks kept as NaN rows."""
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2025-09-01", periods=t, freq="W-MON")
    lessons = 20 + 0.3 * np.arange(t) + rng.normal(0, 4, t)
    courses = 50 + rng.normal(0, 10, t)
    noise = np.convolve(rng.normal(0, 2, t + 5), [1, 0.8, 0.6, 0.4, 0.2, 0.1], "valid")[:t]
    escalations = 150 - 1.2 * np.r_[np.full(3, 20.0), lessons[:-3]] + 0.2 * courses + noise + rng.normal(0, 3, t)
    df = pd.DataFrame({"escalations": escalations, "lessons_completed": lessons, "courses": courses}, index=weeks)
    if missing:
        df.iloc[[4, 20], 0] = np.nan
        df.iloc[33, 2] = np.nan
    return df


def design(df, terms):
    """statsmodels' exog for (driver, lag) terms, named as okr names them."""
    cols = {}
    for d, k in terms:
        name = d if k == 0 else (f"{d}.L{k}" if k > 0 else f"{d}.F{-k}")
        cols[name] = df[d].shift(k)
    return sm.add_constant(pd.DataFrame(cols, index=df.index))


def assert_matches(res, ref):
    for attr in ("params", "bse", "tvalues"):
        pd.testing.assert_series_equal(getattr(res, attr), getattr(ref, attr), rtol=REL, atol=0, check_names=False)
    pd.testing.assert_series_equal(res.pvalues, ref.pvalues, rtol=REL, atol=1e-300, check_names=False)
    assert res.rsquared == pytest.approx(ref.rsquared, rel=REL)
    assert res.rsquared_adj == pytest.approx(ref.rsquared_adj, rel=REL)
    assert res.nobs == ref.nobs
    assert res.df_resid == ref.df_resid
    assert res.cov_type == ref.cov_type


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("cov,maxlags", [("nonrobust", None), ("HAC", 1), ("HAC", 4)])
def test_ols_matches_statsmodels(seed, cov, maxlags):
    df = kpis(seed)
    res = okr.ols(df, outcome="escalations", drivers=["lessons_completed", "courses"], lags={"lessons_completed": 3},
                  cov=cov, maxlags=maxlags)
    X = design(df, [("lessons_completed", 3), ("courses", 0)])
    kw = {} if cov == "nonrobust" else {"cov_type": "HAC", "cov_kwds": {"maxlags": maxlags}}
    ref = sm.OLS(df["escalations"], X, missing="drop").fit(**kw)
    assert list(res.params.index) == ["const", "lessons_completed.L3", "courses"]
    assert_matches(res, ref)
    assert res.nobs == 54  # 60 − 3 lagged − 2 missing outcomes − 1 missing course
    # The planted effect is found: about −1.2 escalations per lesson, three weeks later.
    assert res.params["lessons_completed.L3"] == pytest.approx(-1.2, abs=0.3)
    assert res.pvalues["lessons_completed.L3"] < 1e-6


def test_ols_hac_p_values_are_normal_and_default_maxlags():
    df = kpis(3)
    res = okr.ols(df, "escalations", ["lessons_completed"], lags={"lessons_completed": 3}, cov="HAC")
    n = res.nobs
    L = int(math.floor(4 * (n / 100) ** (2 / 9)))
    assert res.maxlags == L
    ref = sm.OLS(df["escalations"], design(df, [("lessons_completed", 3)]), missing="drop").fit(
        cov_type="HAC", cov_kwds={"maxlags": L})
    assert_matches(res, ref)
    # statsmodels' default for robust covariances: normal, not t, p-values; no small-sample factor.
    np.testing.assert_allclose(res.pvalues, 2 * stats.norm.sf(np.abs(res.tvalues)), rtol=REL)
    assert not res.use_correction
    # use_correction=True: cov × n/(n − k), as statsmodels' cov_kwds use_correction=True.
    corr = okr.ols(df, "escalations", ["lessons_completed"], lags={"lessons_completed": 3}, cov="hac", maxlags=L,
                   use_correction=True)
    ref2 = sm.OLS(df["escalations"], design(df, [("lessons_completed", 3)]), missing="drop").fit(
        cov_type="HAC", cov_kwds={"maxlags": L, "use_correction": True})
    assert_matches(corr, ref2)
    np.testing.assert_allclose(corr.bse, res.bse * math.sqrt(n / (n - 2)), rtol=REL)


def test_ols_several_lags_leads_and_complete_data():
    df = kpis(4, missing=False)
    res = okr.ols(df, "escalations", ["lessons_completed", "courses"],
                  lags={"lessons_completed": [0, 3], "courses": -1})
    assert list(res.params.index) == ["const", "lessons_completed", "lessons_completed.L3", "courses.F1"]
    X = design(df, [("lessons_completed", 0), ("lessons_completed", 3), ("courses", -1)])
    assert_matches(res, sm.OLS(df["escalations"], X, missing="drop").fit())
    assert res.nobs == 60 - 3 - 1
    # cov_params, summary_frame and repr
    ref = sm.OLS(df["escalations"], X, missing="drop").fit()
    pd.testing.assert_frame_equal(res.cov_params(), ref.cov_params(), rtol=REL, atol=0)
    sf = res.summary_frame()
    assert list(sf.columns) == ["coef", "std err", "t", "P>|t|"]
    assert list(sf.index) == list(res.params.index)
    np.testing.assert_allclose(sf["coef"], ref.params, rtol=REL)
    text = repr(res)
    assert "OLS of escalations" in text and "lessons_completed.L3" in text and "nobs = 56" in text


def test_ols_single_driver_as_string_and_exact_fit():
    df = pd.DataFrame({"y": [3.0, 5, 7, 9, 11, 13], "x": [1.0, 2, 3, 4, 5, 6]})
    res = okr.ols(df, "y", "x")
    assert res.params["const"] == pytest.approx(1.0, abs=1e-12)
    assert res.params["x"] == pytest.approx(2.0, rel=1e-12)
    assert res.rsquared == pytest.approx(1.0, abs=1e-12)


def residual_partial(df, x, y, covs, method):
    """The reference: numpy least squares residuals, np.corrcoef, scipy's t."""
    d = df[[x, y] + covs].dropna()
    a, b, z = d[x].to_numpy(), d[y].to_numpy(), d[covs].to_numpy()
    if method == "spearman":
        a, b = stats.rankdata(a), stats.rankdata(b)
        z = np.column_stack([stats.rankdata(c) for c in z.T]) if covs else z
    D = np.column_stack([np.ones(len(a)), z])
    ra = a - D @ np.linalg.lstsq(D, a, rcond=None)[0]
    rb = b - D @ np.linalg.lstsq(D, b, rcond=None)[0]
    r = np.corrcoef(ra, rb)[0, 1]
    n, k = len(a), len(covs)
    df_ = n - 2 - k
    t = r * math.sqrt(df_ / (1 - r * r))
    return r, n, 2 * stats.t.sf(abs(t), df_)


@pytest.mark.parametrize("method", ["pearson", "spearman"])
@pytest.mark.parametrize("covs", [["courses"], ["courses", "trend"], []])
def test_partial_corr_matches_the_residual_method(method, covs):
    df = kpis(5)
    df["lessons_L3"] = df["lessons_completed"].shift(3)
    df["trend"] = np.arange(len(df), dtype=float)
    df.iloc[10, df.columns.get_loc("trend")] = np.nan
    out = okr.partial_corr(df, "lessons_L3", "escalations", covs, method=method, level=0.9)
    r, n, p = residual_partial(df, "lessons_L3", "escalations", covs, method)
    assert list(out.index) == ["r", "n", "p", "ci_low", "ci_high", "reason"]
    assert out["n"] == n
    assert out["r"] == pytest.approx(r, rel=REL)
    assert out["p"] == pytest.approx(p, rel=1e-8, abs=1e-300)
    se = math.sqrt((1.06 if method == "spearman" else 1.0) / (n - 3 - len(covs)))
    zc = stats.norm.ppf(0.95)
    assert out["ci_low"] == pytest.approx(math.tanh(math.atanh(out["r"]) - zc * se), rel=REL)
    assert out["ci_high"] == pytest.approx(math.tanh(math.atanh(out["r"]) + zc * se), rel=REL)
    assert out["reason"] == ""
    if not covs:  # no covariates: the ordinary correlation
        ref = (stats.pearsonr if method == "pearson" else stats.spearmanr)(
            *df[["lessons_L3", "escalations"]].dropna().to_numpy().T)
        assert out["r"] == pytest.approx(ref[0], rel=REL)
        assert out["p"] == pytest.approx(ref[1], rel=1e-8)


def test_partial_corr_edge_cases_give_nan_with_a_reason():
    df = pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 6], "y": [2.0, 1, 4, 3, 6, 5], "z": [1.0, 1, 2, 2, 3, 4],
                       "c": [7.0] * 6, "few": [1.0, np.nan, np.nan, np.nan, 2.0, 3.0]})
    df["x_of_z"] = 2 * df["z"] + 1
    const = okr.partial_corr(df, "c", "y", ["z"])
    assert math.isnan(const["r"]) and const["reason"] == "constant"
    explained = okr.partial_corr(df, "x_of_z", "y", ["z"])  # nothing left once z is removed
    assert math.isnan(explained["r"]) and explained["reason"] == "constant"
    few = okr.partial_corr(df, "x", "y", ["few"])
    assert math.isnan(few["r"]) and few["reason"] == "too_few" and few["n"] == 3
    assert okr.partial_corr(df, "x", "y", ["z"], min_periods=7)["reason"] == "too_few"


def rolling_frame():
    rng = np.random.default_rng(12)
    x = pd.Series(rng.normal(size=40), index=pd.date_range("2026-01-05", periods=40, freq="W-MON"), name="lessons")
    y = pd.Series(0.5 * x.to_numpy() + rng.normal(size=40), index=x.index, name="escalations")
    x.iloc[[3, 10, 11]] = np.nan
    y.iloc[[5, 25]] = np.nan
    x.iloc[14:22] = 2.0  # a constant stretch
    y.iloc[30:36] = -1.0
    return x, y


@pytest.mark.parametrize("window,min_periods", [(6, None), (6, 3), (10, 2), (4, 0), (40, 5), (60, None)])
def test_rolling_corr_matches_pandas(window, min_periods):
    x, y = rolling_frame()
    ours = okr.rolling_corr(x, y, window, min_periods=min_periods)
    ref = x.rolling(window, min_periods=min_periods).corr(y)
    # pandas 1.5's online moments give ±inf (0 variance, rounding-noise covariance) for some
    # constant windows; okr gives NaN there, as for every constant window.
    ref = ref.replace([np.inf, -np.inf], np.nan)
    pd.testing.assert_series_equal(ours, ref, rtol=REL, atol=0)
    # Independent check: each value is the two-pass Series.corr of its window's complete pairs.
    mp = window if min_periods is None else min_periods
    for t in range(len(x)):
        wx, wy = x.iloc[max(0, t - window + 1): t + 1], y.iloc[max(0, t - window + 1): t + 1]
        both = pd.concat([wx, wy], axis=1).dropna()
        constant = (both.nunique() < 2).any()  # (Series.corr would warn and give NaN)
        expected = wx.corr(wy) if len(both) >= max(mp, 2) and not constant else np.nan
        if np.isnan(expected):
            assert np.isnan(ours.iloc[t])
        else:
            assert ours.iloc[t] == pytest.approx(expected, rel=REL)
    assert ((ours.dropna() >= -1) & (ours.dropna() <= 1)).all()


def test_rolling_corr_aligns_like_pandas():
    a = pd.Series([1.0, 2, 3, 4, 5, 6], name="a")
    b = pd.Series([1.0, 3, 2, 5, 7, 6, 9], index=[5, 4, 3, 2, 1, 0, 9], name="b")
    ours = okr.rolling_corr(a, b, 3)
    ref = a.rolling(3).corr(b)
    pd.testing.assert_series_equal(ours, ref, rtol=REL, atol=0)
    assert okr.rolling_corr(a, a.rename("a"), 3).name == "a"
    arr = okr.rolling_corr([1.0, 2, 3, 4], [2.0, 1, 4, 3], 3)
    pd.testing.assert_series_equal(arr, pd.Series([1.0, 2, 3, 4]).rolling(3).corr(pd.Series([2.0, 1, 4, 3])),
                                   rtol=REL, atol=0)


def _collinear():
    df = kpis(6)
    df["twice"] = 2 * df["lessons_completed"]
    return okr.ols(df, "escalations", ["lessons_completed", "twice"])


def _with(col, row, value, seed=7):
    df = kpis(seed)
    df.iloc[row, df.columns.get_loc(col)] = value
    return df


@pytest.mark.parametrize(
    "call,needle",
    [
        (lambda: okr.ols(_with("lessons_completed", 8, np.inf), "escalations", ["lessons_completed"]),
         'drivers "lessons_completed": value at row .*infinite'),
        (lambda: okr.ols(_with("escalations", 9, -np.inf), "escalations", ["lessons_completed"]),
         'outcome "escalations": value at row .*infinite'),
        (lambda: okr.ols(kpis(), "nope", ["lessons_completed"]), 'outcome: "nope"'),
        (lambda: okr.ols(kpis(), "escalations", ["lessons_completed", "nope"]), 'drivers: "nope"'),
        (lambda: okr.ols(kpis(), "escalations", []), "drivers"),
        (_collinear, "collinear.*(lessons_completed|twice)"),
        (lambda: okr.ols(kpis().assign(flat=1.0), "escalations", ["flat"]), "collinear.*(flat|const)"),
        (lambda: okr.ols(kpis(), "escalations", ["courses"], cov="HC3"), "cov"),
        (lambda: okr.ols(kpis(), "escalations", ["courses"], cov="HAC", maxlags=-2), "maxlags"),
        (lambda: okr.ols(kpis(), "escalations", ["courses"], maxlags=2), "maxlags"),
        (lambda: okr.ols(kpis(), "escalations", ["courses"], lags={"lessons_completed": 1}), "lags"),
        (lambda: okr.ols(kpis(), "escalations", ["courses"], lags={"courses": 1.5}), "lags"),
        (lambda: okr.ols(kpis(), "escalations", ["courses"], lags={"courses": 60}), "lags.*overlap"),
        (lambda: okr.ols(kpis().iloc[:3], "escalations", ["courses", "lessons_completed"]), "complete rows"),
        (lambda: okr.partial_corr(kpis(), "lessons_completed", "escalations", ["nope"]), 'covariates: "nope"'),
        (lambda: okr.partial_corr(kpis(), "nope", "escalations", ["courses"]), 'x: "nope"'),
        (lambda: okr.partial_corr(_with("courses", 2, np.inf), "lessons_completed", "escalations", ["courses"]),
         'covariates "courses": value at row .*infinite'),
        (lambda: okr.partial_corr(kpis(), "lessons_completed", "escalations", ["courses"], method="kendall"), "method"),
        (lambda: okr.partial_corr(kpis().assign(c2=lambda d: d["courses"] * 3), "lessons_completed", "escalations",
                                  ["courses", "c2"]), "covariates: collinear"),
        (lambda: okr.partial_corr(kpis(), "lessons_completed", "escalations", ["courses"], level=1.0), "level"),
        (lambda: okr.rolling_corr(*rolling_frame(), window=1), "window"),
        (lambda: okr.rolling_corr(*rolling_frame(), window=4, min_periods=5), "min_periods"),
        (lambda: okr.rolling_corr(rolling_frame()[0], rolling_frame()[1].replace(-1.0, np.inf), 4), "y: .*infinite"),
        (lambda: okr.rolling_corr([1.0, 2, 3], [1.0, 2], 2), "length"),
    ],
)
def test_bad_input_is_a_clear_error(call, needle):
    with pytest.raises(okr.InvalidArgumentError, match=needle):
        call()


@pytest.mark.parametrize(
    "call,needle",
    [
        # The C++ checks behind the Python layer (sizes the public functions cannot mismatch).
        (lambda: okr._core._ols(np.ones((3, 1), order="F"), [1.0, 2.0], ["a"], True, "nonrobust", -1, False), "rows"),
        (lambda: okr._core._ols(np.ones((3, 1), order="F"), [1.0, 2.0, 3.0], [], True, "nonrobust", -1, False), "names"),
        (lambda: okr._core._ols(np.array([[1.0], [np.inf], [3.0], [4.0]], order="F"), [1.0, 2.0, 3.0, 4.0], ["a"],
                                True, "nonrobust", -1, False), 'X column 0 \\("a"\\), row 1: value is infinite'),
        (lambda: okr._core._partial_corr([1.0, 2.0, 3.0], [1.0, 2.0], np.empty((3, 0), order="F"), "pearson", 3, 0.95),
         "length"),
        (lambda: okr._core._rolling_corr([1.0, 2.0, 3.0], [1.0, 2.0], 2, 2), "length"),
        (lambda: okr._core._rolling_corr([1.0, np.inf, 3.0], [1.0, 2.0, 3.0], 2, 2), "x: value at position 1"),
    ],
)
def test_native_checks(call, needle):
    with pytest.raises(okr.InvalidArgumentError, match=needle):
        call()
