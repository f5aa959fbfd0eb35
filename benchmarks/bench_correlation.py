#!/usr/bin/env python3
"""Correlation engine benchmark: okr beside pandas/scipy on the same seeded data, same run.

(a) all-pairs Pearson, pairwise-complete, 3,000 weekly series × 104 weeks, 10 % missing,
    okr.corr vs pandas.DataFrame.corr; plus a numpy BLAS product of the same shape on complete
    data as the floor.
(b) all-pairs Spearman with missing values, 1,000 series, okr.corr vs pandas.
(c) leading-indicator scan: 5,000 drivers × lags 0–12 against one outcome with p-values and
    Benjamini–Hochberg, okr.leading_indicators vs an equivalent scipy loop (on a subset, scaled).

    /usr/bin/python3 benchmarks/bench_correlation.py [--quick]
(run with the okr package importable, e.g. .venv/bin/python after scripts/dev.sh test)
"""

import argparse
import time

import numpy as np
import pandas as pd
from scipy import stats

import okr


def data(k, t=104, missing=0.1, seed=1):
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(t, 8))
    x = common @ rng.normal(size=(8, k)) * 0.3 + rng.normal(size=(t, k))
    x[rng.random((t, k)) < missing] = np.nan
    return pd.DataFrame(x, columns=[f"k{i}" for i in range(k)])


def best(f, reps=3):
    times = []
    out = None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def scipy_scan(df, outcome, drivers, lags):
    ps, rs = [], []
    y = df[outcome].to_numpy()
    for d in drivers:
        x = df[d].to_numpy()
        for k in lags:
            a = x[: len(x) - k] if k > 0 else x
            b = y[k:] if k > 0 else y
            ok = ~np.isnan(a) & ~np.isnan(b)
            r, p = stats.spearmanr(a[ok], b[ok])
            rs.append(r)
            ps.append(p)
    from statsmodels.stats.multitest import multipletests

    q = multipletests(ps, method="fdr_bh")[1]
    return q


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller sizes for a smoke run")
    a = ap.parse_args()
    ka, kb, kc = (600, 200, 500) if a.quick else (3000, 1000, 5000)
    rows = []

    df = data(ka)
    t_okr, r_okr = best(lambda: okr.corr(df, min_periods=3))
    t_pd, r_pd = best(lambda: df.corr(min_periods=3), reps=1)
    full = np.nan_to_num(df.to_numpy())
    t_blas, _ = best(lambda: full.T @ full)
    err = np.nanmax(np.abs(r_okr.to_numpy() - r_pd.to_numpy()))
    rows.append(("(a) Pearson matrix, %d series" % ka, t_okr, t_pd, "pandas", 0.150, f"max |Δr| {err:.1e}; BLAS floor {t_blas*1e3:.0f} ms"))

    df = data(kb, seed=2)
    t_okr, r_okr = best(lambda: okr.corr(df, method="spearman", min_periods=3))
    t_pd, r_pd = best(lambda: df.corr(method="spearman", min_periods=3), reps=1)
    err = np.nanmax(np.abs(r_okr.to_numpy() - r_pd.to_numpy()))
    rows.append(("(b) Spearman matrix, %d series" % kb, t_okr, t_pd, "pandas", 0.200, f"max |Δr| {err:.1e}"))

    df = data(kc + 1, seed=3)
    outcome = df.columns[-1]
    drivers = list(df.columns[:-1])
    lags = list(range(0, 13))
    t_okr, res = best(lambda: okr.leading_indicators(df, outcome=outcome, lags=lags, method="spearman", adjust=False))
    sub = drivers[: max(50, kc // 20)]
    t_sc, _ = best(lambda: scipy_scan(df, outcome, sub, lags), reps=1)
    t_sc_scaled = t_sc * len(drivers) / len(sub)
    rows.append(("(c) leading-indicator scan, %d drivers × 13 lags" % kc, t_okr, t_sc_scaled, "scipy loop (scaled from %d drivers)" % len(sub), 0.100, ""))

    print("| benchmark | okr | anchor | anchor / okr | target | notes |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, to, ta, anchor, target, note in rows:
        ok = "✓" if to <= target else "✗"
        print(f"| {name} | {to*1e3:.0f} ms | {ta:.2f} s ({anchor}) | {ta/to:.0f}× | ≤ {target*1e3:.0f} ms {ok} | {note} |")


if __name__ == "__main__":
    main()
