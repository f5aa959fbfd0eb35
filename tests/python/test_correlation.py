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


def planted(seed=0, t=52):
    """52 weeks: lessons completed lower escalations 3 weeks later; both trend; a decoy KPI only
    shares the trend."""
    rng = np.random.default_rng(seed)
    weeks = pd.date_range("2025-09-01", periods=t, freq="W-MON")
    trend = np.arange(t, dtype=float)
    lessons = 20 + 0.4 * trend + rng.normal(0, 4, t)
    effect = np.r_[np.full(3, lessons[:3].mean()), lessons[:-3]]
    escalations = 150 - 0.6 * trend - 1.5 * effect + rng.normal(0, 2, t)
    decoy = 5 + 0.4 * trend + rng.normal(0, 2, t)
    return pd.DataFrame({"lessons_completed": lessons, "kb_articles": decoy, "escalations": escalations}, index=weeks)


def test_effective_n_refuses_infinity():
    with pytest.raises(okr.InvalidArgumentError, match="x: value at position 2 is infinite"):
        okr.effective_n([1.0, 2.0, np.inf, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0])
    assert okr.effective_n([1.0, 2.0, np.nan, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0]) <= 4


def test_effective_n_matches_the_formula():
    rng = np.random.default_rng(4)
    x = np.cumsum(rng.normal(size=60)) * 0.3 + rng.normal(size=60)
    y = np.cumsum(rng.normal(size=60)) * 0.3 + rng.normal(size=60)
    x[[7, 30]] = np.nan
    m = ~np.isnan(x) & ~np.isnan(y)
    n = m.sum()

    def rho(v, j):
        mu = v[m].mean()
        var = ((v[m] - mu) ** 2).sum() / n
        ok = m[:-j] & m[j:]
        return ((v[:-j] - mu) * (v[j:] - mu))[ok].mean() / var

    inv = 1 / n + 2 / n * sum((n - j) / n * rho(x, j) * rho(y, j) for j in range(1, n // 5 + 1))
    assert okr.effective_n(x, y) == pytest.approx(min(max(1 / inv, 2), n), rel=REL)


def test_leading_indicators_finds_the_planted_lag_and_not_the_decoy():
    df = planted()
    # Naively, the decoy's shared trend looks like a strong relation.
    naive = okr.leading_indicators(df, outcome="escalations", lags=range(0, 9), method="spearman", adjust=False)
    assert naive.loc["kb_articles", "q"] < 0.05
    out = okr.leading_indicators(df, outcome="escalations", lags=range(0, 9), method="spearman", transform="diff")
    assert list(out.columns) == ["lag", "r", "ci_low", "ci_high", "p", "q", "n", "n_eff", "slope", "slope_low",
                                 "slope_high", "trending", "low_confidence", "verdict"]
    best = out.loc["lessons_completed"]
    assert best["lag"] == 3 and best["r"] < -0.5 and best["q"] < 0.05
    assert best["ci_low"] < best["r"] < best["ci_high"] < 0
    assert best["slope_low"] < best["slope"] < best["slope_high"] < 0
    assert best["verdict"].startswith("lessons_completed leads escalations by 3 weeks: r = ")
    assert out.loc["kb_articles", "q"] >= 0.05
    assert out.loc["kb_articles", "verdict"].startswith("no evidence that kb_articles leads escalations")
    assert out.index[0] == "lessons_completed"  # sorted by q
    assert bool(best["trending"])  # the raw series trend


def test_leading_indicators_unadjusted_matches_scipy_and_statsmodels():
    from statsmodels.stats.multitest import multipletests

    df = planted(seed=5)
    lags = list(range(0, 5))
    out = okr.leading_indicators(df, outcome="escalations", lags=lags, method="pearson", adjust=False)
    # Every driver × lag p-value, then BH across all of them.
    ps, rows = [], []
    for d in ["lessons_completed", "kb_articles"]:
        for k in lags:
            both = pd.concat([df[d].shift(k), df["escalations"]], axis=1).dropna()
            res = stats.pearsonr(both.iloc[:, 0], both.iloc[:, 1])
            ps.append(res[1])
            rows.append((d, k, res[0], res[1], stats.linregress(both.iloc[:, 0], both.iloc[:, 1]), len(both)))
    q = multipletests(ps, method="fdr_bh")[1]
    for d in ["lessons_completed", "kb_articles"]:
        got = out.loc[d]
        i = next(i for i, r in enumerate(rows) if r[0] == d and r[1] == got["lag"])
        _, k, r, p, lr, n = rows[i]
        assert got["r"] == pytest.approx(r, rel=REL)
        assert got["p"] == pytest.approx(p, rel=1e-8)
        assert got["q"] == pytest.approx(q[i], rel=REL)
        assert got["q"] == pytest.approx(min(q[j] for j, rr in enumerate(rows) if rr[0] == d), rel=REL)
        assert got["slope"] == pytest.approx(lr.slope, rel=REL)
        half = stats.t.ppf(0.975, n - 2) * lr.stderr
        assert got["slope_low"] == pytest.approx(lr.slope - half, rel=1e-8)
        assert got["slope_high"] == pytest.approx(lr.slope + half, rel=1e-8)
        assert got["n"] == n and got["n_eff"] == n


@pytest.mark.parametrize(
    "kwargs,needle",
    [
        (dict(outcome="nope"), "outcome"),
        (dict(outcome="escalations", alpha=0), "alpha"),
        (dict(outcome="escalations", alpha=1.5), "alpha"),
        (dict(outcome="escalations", transform="log"), "transform"),
        (dict(outcome="escalations", lags=[60]), "overlap"),
        (dict(outcome="escalations", method="kendal"), "method"),
    ],
)
def test_leading_indicators_bad_input(kwargs, needle):
    with pytest.raises(okr.InvalidArgumentError, match=needle):
        okr.leading_indicators(planted(), **kwargs)


def test_bonferroni_option():
    df = frame(9, k=5)
    out = okr.correlate(df, correction="bonferroni")
    ok = out["p"].notna()
    np.testing.assert_allclose(out.loc[ok, "q"], np.minimum(1, out.loc[ok, "p"] * ok.sum()), rtol=REL)
    lead = okr.leading_indicators(planted(), outcome="escalations", lags=range(0, 5), adjust=False, correction="bonferroni")
    assert (lead["q"] >= lead["p"]).all()
    with pytest.raises(okr.InvalidArgumentError, match="correction"):
        okr.correlate(df, correction="holm")


def test_lagged_ccf_normalization_matches_statsmodels():
    from statsmodels.tsa.stattools import ccf

    rng = np.random.default_rng(0)
    d = pd.Series(rng.normal(size=30))
    o = pd.Series(np.r_[np.zeros(2), d.to_numpy()[:-2]] + rng.normal(size=30) * 0.1)
    out = okr.lagged(d, o, lags=range(0, 6), normalization="ccf")
    np.testing.assert_allclose(out["r"].to_numpy(), ccf(o, d, adjusted=True)[:6], rtol=REL)
    assert out.loc[2, "r"] > 1  # the full-sample normalisation overshoots; pairwise does not
    assert okr.lagged(d, o, lags=[2]).loc[2, "r"] < 1
    with pytest.raises(okr.InvalidArgumentError, match="complete"):
        okr.lagged(d.where(d.index != 3), o, lags=[0], normalization="ccf")
    with pytest.raises(okr.InvalidArgumentError, match="pearson"):
        okr.lagged(d, o, lags=[0], method="spearman", normalization="ccf")
    with pytest.raises(okr.InvalidArgumentError, match="normalization"):
        okr.lagged(d, o, lags=[0], normalization="full")


def test_two_points_pearson_p_is_one_as_scipy():
    out = okr.correlate(pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 5.0]}), min_periods=2).iloc[0]
    assert out.r == pytest.approx(1.0) and out.p == stats.pearsonr([1, 2], [3, 5])[1] == 1.0


def test_bucket_last_keeps_the_later_row_of_a_date():
    rng = np.random.default_rng(1)
    dates = pd.to_datetime("2026-01-01") + pd.to_timedelta(rng.integers(0, 30, 200), unit="D")
    df = pd.DataFrame({"kpi": "a", "date": dates, "value": np.arange(200, dtype=float)})
    got = okr.bucket(df, "D", aggregation="last")["a"].dropna()
    want = df.groupby("date")["value"].last()
    np.testing.assert_array_equal(got.to_numpy(), want.to_numpy())


@pytest.mark.parametrize("method", ["pearson", "spearman"])
@pytest.mark.parametrize("ties", [False, True])
def test_large_matrices_match_pandas(method, ties):
    # 150 series (several 64-wide tiles plus padding), 130 periods (multi-word masks).
    df = frame(9, t=130, k=150, missing=0.15, ties=ties)
    df["const"] = 3.0
    ours = okr.corr(df, method=method, min_periods=5)
    ref = df.corr(method=method, min_periods=5)
    pd.testing.assert_frame_equal(ours, ref, rtol=REL, atol=1e-14)


def test_thread_count_does_not_change_results(tmp_path):
    import os
    import subprocess
    import sys

    script = (
        "import sys, numpy as np, pandas as pd, okr\n"
        "rng = np.random.default_rng(3)\n"
        "x = rng.normal(size=(80, 300)); x[rng.random(x.shape) < 0.1] = np.nan\n"
        "df = pd.DataFrame(x, columns=[f'k{i}' for i in range(300)])\n"
        "lead = okr.leading_indicators(df, outcome='k0', lags=range(-2, 5), adjust=True).sort_index()\n"
        "np.savez(sys.argv[1], pearson=okr.corr(df).to_numpy(), spearman=okr.corr(df, method='spearman').to_numpy(),\n"
        "         lead=lead[['lag', 'r', 'p', 'q', 'n_eff', 'slope']].to_numpy(dtype=float))\n"
    )
    outs = []
    for threads in ("1", "2"):
        path = tmp_path / f"out{threads}.npz"
        env = dict(os.environ, OKR_NUM_THREADS=threads)
        subprocess.run([sys.executable, "-c", script, str(path)], check=True, env=env)
        outs.append(np.load(path))
    for key in ("pearson", "spearman", "lead"):
        np.testing.assert_array_equal(outs[0][key], outs[1][key])


def test_a_constant_that_is_inexact_in_binary_is_constant_as_in_pandas():
    import numpy as np
    import pandas as pd

    df = pd.DataFrame({"a": [0.1, 0.1, 0.1, 0.1], "b": [0.4, -0.5, -0.6, 0.2], "c": [1.0, 2.0, 4.0, 3.0]})
    for method in ("pearson", "spearman"):
        got = okr.corr(df, method=method)
        want = df.corr(method=method)
        assert np.array_equal(np.isnan(got.to_numpy()), np.isnan(want.to_numpy())), method
        np.testing.assert_allclose(got.to_numpy(), want.to_numpy(), rtol=1e-12, equal_nan=True)
    pair = okr.correlate(df[["a", "b"]])
    assert pair["reason"].iloc[0] == "constant"


def test_default_lags_fit_a_short_series():
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(3)
    df = pd.DataFrame({"lessons": rng.normal(size=9), "escalations": rng.normal(size=9)})
    out = okr.leading_indicators(df, "escalations")  # 9 periods: lags 0..6 leave >= 3 pairs
    assert 0 <= out["lag"].iloc[0] <= 6 and out["n"].iloc[0] >= 3
    out = okr.leading_indicators(df, "escalations", transform="diff")
    assert out["lag"].iloc[0] <= 5 and out["n"].iloc[0] >= 3
    with pytest.raises(okr.InvalidArgumentError, match="lag 9"):
        okr.leading_indicators(df, "escalations", lags=[9])
    # On a long series the default is 0..12: a lead planted at lag 12 is found.
    x = rng.normal(size=80)
    y = np.r_[rng.normal(size=12), -x[:-12]] + 0.1 * rng.normal(size=80)
    assert okr.leading_indicators(pd.DataFrame({"lessons": x, "escalations": y}), "escalations")["lag"].iloc[0] == 12
