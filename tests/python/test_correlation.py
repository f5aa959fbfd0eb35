"""The correlation engine against scipy, pandas and statsmodels on the same data."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import okr

REL = 1e-9


def frame(seed=0, t=52, k=6, missing=0.1, ties=False):
    rng = np.random.default_rng(seed)
    base = rng.normal(size=(t, 1))
    data = 0.5 * base + rng.normal(size=(t, k))
    if ties:
        data = np.round(data * 2) / 2
    df = pd.DataFrame(data, columns=[f"s{i}" for i in range(k)], index=pd.date_range("2026-01-05", periods=t, freq="W-MON"))
    mask = rng.random((t, k)) < missing
    return df.mask(mask)


@pytest.mark.parametrize("method", ["pearson", "spearman", "kendall"])
@pytest.mark.parametrize("seed,ties", [(0, False), (1, True), (2, False)])
def test_corr_is_a_drop_in_for_pandas(method, seed, ties):
    df = frame(seed, ties=ties)
    df["const"] = 3.0
    df.loc[df.index[:49], "sparse"] = np.nan  # only 3 values
    df["sparse"] = df["sparse"].astype(float)
    ours = okr.corr(df, method=method, min_periods=3)
    ref = df.corr(method=method, min_periods=3)
    assert list(ours.index) == list(ref.index) and list(ours.columns) == list(ref.columns)
    pd.testing.assert_frame_equal(ours, ref, rtol=REL, atol=1e-15)
    assert (ours.values == ours.values.T)[~np.isnan(ours.values)].all()  # exactly symmetric


@pytest.mark.parametrize("method,ref", [("pearson", stats.pearsonr), ("spearman", stats.spearmanr), ("kendall", stats.kendalltau)])
@pytest.mark.parametrize("seed,ties,t", [(3, False, 20), (4, True, 52), (5, False, 104), (6, False, 30)])
def test_pairs_match_scipy(method, ref, seed, ties, t):
    df = frame(seed, t=t, k=4, ties=ties)
    out = okr.correlate(df, method=method, level=0.9)
    for row in out.itertuples():
        both = df[[row.x, row.y]].dropna()
        res = ref(both[row.x], both[row.y])
        assert row.n == len(both)
        assert row.r == pytest.approx(res[0], rel=REL, abs=1e-15)
        assert row.p == pytest.approx(res[1], rel=1e-8, abs=1e-300)
        # Fisher z interval with the documented standard errors.
        se = {"pearson": 1 / math.sqrt(row.n - 3), "spearman": math.sqrt(1.06 / (row.n - 3)),
              "kendall": math.sqrt(0.437 / (row.n - 4))}[method]
        zc = stats.norm.ppf(0.95)
        assert row.ci_low == pytest.approx(math.tanh(math.atanh(row.r) - zc * se), rel=REL)
        assert row.ci_high == pytest.approx(math.tanh(math.atanh(row.r) + zc * se), rel=REL)


def test_kendall_exact_p_for_small_samples_without_ties():
    x = np.array([3.1, 1.2, 5.5, 4.4, 2.0, 7.7, 6.1, 8.9, 0.5, 9.3])
    y = np.array([2.0, 1.1, 4.0, 5.2, 2.5, 6.6, 7.1, 8.0, 0.9, 9.9])
    res = stats.kendalltau(x, y)  # scipy's default picks the exact distribution here
    out = okr.correlate(pd.DataFrame({"x": x, "y": y}), method="kendall").iloc[0]
    assert out.r == pytest.approx(res.correlation, rel=REL)
    assert out.p == pytest.approx(res.pvalue, rel=1e-12)


def test_q_values_match_statsmodels():
    from statsmodels.stats.multitest import multipletests
    out = okr.correlate(frame(7, k=8))
    ok = out["p"].notna()
    expected = multipletests(out.loc[ok, "p"], method="fdr_bh")[1]
    np.testing.assert_allclose(out.loc[ok, "q"], expected, rtol=REL)
    p = np.array([0.01, np.nan, 0.04, 0.03, 0.5])
    q = okr.bh_qvalues(p)
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3, 4]], multipletests(p[[0, 2, 3, 4]], method="fdr_bh")[1], rtol=REL)


def test_lagged_matches_pandas_shift():
    rng = np.random.default_rng(8)
    idx = pd.date_range("2025-01-06", periods=60, freq="W-MON")
    driver = pd.Series(rng.normal(size=60), index=idx)
    outcome = pd.Series(-0.7 * driver.shift(3).fillna(0).to_numpy() + rng.normal(scale=0.5, size=60), index=idx)
    driver.iloc[[5, 17]] = np.nan  # a missing week stays a NaN row: lags do not shift
    out = okr.lagged(driver, outcome, lags=range(-4, 7), method="pearson")
    for k, row in out.iterrows():
        both = pd.concat([driver.shift(k), outcome], axis=1).dropna()
        assert row["n"] == len(both)
        assert row["r"] == pytest.approx(outcome.corr(driver.shift(k)), rel=REL)
        assert row["p"] == pytest.approx(stats.pearsonr(both.iloc[:, 0], both.iloc[:, 1])[1], rel=1e-8)
    assert out["r"].idxmin() == 3  # the planted lag


def test_edge_cases_give_nan_with_a_reason():
    df = pd.DataFrame({"a": [1.0, 2, 3, 4, 5], "const": [2.0] * 5, "few": [1.0, np.nan, np.nan, np.nan, 2]})
    out = okr.correlate(df).set_index(["x", "y"])
    assert math.isnan(out.loc[("a", "const"), "r"]) and out.loc[("a", "const"), "reason"] == "constant"
    assert math.isnan(out.loc[("a", "few"), "r"]) and out.loc[("a", "few"), "reason"] == "too_few"
    assert out.loc[("a", "few"), "n"] == 2
    allnan = pd.DataFrame({"a": [1.0, 2, 3], "b": [np.nan] * 3})
    assert math.isnan(okr.corr(allnan).loc["a", "b"])


@pytest.mark.parametrize(
    "call,needle",
    [
        (lambda: okr.corr(pd.DataFrame({"a": [1.0, np.inf, 3], "b": [1.0, 2, 3]})), "infinite"),
        (lambda: okr.corr(pd.DataFrame({"a": [1.0, 2, 3]}), method="pearsonr"), "method"),
        (lambda: okr.correlate(pd.DataFrame({"a": [1.0, 2, 3]}), level=1.0), "level"),
        (lambda: okr.corr(pd.DataFrame({"a": [1.0, 2, 3]}), min_periods=1), "min_periods"),
        (lambda: okr.lagged(pd.Series([1.0, 2, 3]), pd.Series([1.0, 2, 3]), lags=[3]), "overlap"),
        (lambda: okr.lagged(pd.Series([1.0, -np.inf, 3]), pd.Series([1.0, 2, 3]), lags=[0]), "infinite"),
        (lambda: okr.bh_qvalues([0.5, 1.5]), "outside"),
    ],
)
def test_bad_input_is_a_clear_error(call, needle):
    with pytest.raises(okr.InvalidArgumentError, match=needle):
        call()
