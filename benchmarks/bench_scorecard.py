#!/usr/bin/env python3
"""The weekly scorecard on KPIs with long histories: okr beside pandas on the same data, same run.

Two organisations, each with --kpis KPIs (weekly frequency, summed):
(a) "history": a daily value for --years years, the scorecard showing the trailing 13 weeks;
(b) "far date": two years of weekly values plus one value dated 9026-01-05 (a typo for 2026
    that a tenant's spreadsheet can hold), the same scorecard as of the last regular week. pandas
    cannot hold that date (datetime64[ns] ends in 2262): its frame has NaT there, outside every
    window, so it computes the same cells.

okr: ``Graph.scorecard`` (cells, goals, averages, totals, trend and streaks, as DataFrames) and
the native call under it (``Graph._scorecard``, no DataFrames). The anchor is pandas doing the
cells only: from the long frame (kpi, date, value), keep the window's rows, group by KPI and
week (``pd.Grouper(freq="W-MON", closed="left", label="left")``), sum, unstack. The cells are
compared between the two.

    .venv/bin/python benchmarks/bench_scorecard.py [--kpis 1000] [--years 10]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import time

import numpy as np
import pandas as pd

import okr


def organisation(kpis: int, dates: list[dt.date], seed: int = 1) -> tuple[str, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 10, size=(kpis, len(dates))).astype(float)
    iso = [d.isoformat() for d in dates]
    doc = {"format": "okr", "version": 1, "kpis": [
        {"id": f"k{i}", "title": f"KPI {i}", "frequency": "week", "aggregation": "sum", "comparison": ">=", "goal": 20,
         "values": [{"date": d, "value": v} for d, v in zip(iso, values[i].tolist())]}
        for i in range(kpis)]}
    frame = pd.DataFrame({"kpi": np.repeat([f"k{i}" for i in range(kpis)], len(dates)),
                          "date": pd.to_datetime(np.tile(iso, kpis), errors="coerce"), "value": values.ravel()})
    return json.dumps(doc), frame


def best(f, reps: int = 5):
    times, out = [], None
    for _ in range(reps):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return min(times), out


def pandas_cells(frame: pd.DataFrame, as_of: dt.date, periods: int) -> pd.DataFrame:
    last = pd.Timestamp(as_of - dt.timedelta(days=as_of.weekday()))
    start = last - pd.Timedelta(weeks=periods - 1)
    window = frame[(frame.date >= start) & (frame.date < last + pd.Timedelta(weeks=1))]
    weekly = window.groupby(["kpi", pd.Grouper(key="date", freq="W-MON", closed="left", label="left")]).value.sum()
    return weekly.unstack().reindex(columns=pd.date_range(start, last, freq="7D"))


def run(name: str, kpis: int, dates: list[dt.date], as_of: dt.date) -> None:
    text, frame = organisation(kpis, dates)
    g = okr.loads(text)
    t_native, _ = best(lambda: g._scorecard(as_of.isoformat(), 13, None, "", ""))
    t_full, sc = best(lambda: g.scorecard(as_of=as_of, periods=13))
    t_pandas, cells = best(lambda: pandas_cells(frame, as_of, 13))
    ours = sc.values.to_numpy()
    theirs = cells.reindex(sc.values.index).to_numpy()
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    assert np.array_equal(ours, theirs, equal_nan=True), "scorecard cells differ from pandas"
    print(f"{name}: {kpis} KPIs x {len(dates)} values, 13 weeks to {as_of}")
    print(f"  okr native scorecard  {t_native * 1e3:9.2f} ms")
    print(f"  okr Graph.scorecard   {t_full * 1e3:9.2f} ms")
    print(f"  pandas cells (anchor) {t_pandas * 1e3:9.2f} ms   ratio pandas / okr: "
          f"{t_pandas / t_full:.1f} (Graph.scorecard), {t_pandas / t_native:.1f} (native)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kpis", type=int, default=1000)
    ap.add_argument("--years", type=int, default=10)
    args = ap.parse_args()
    end = dt.date(2026, 8, 30)
    daily = [end - dt.timedelta(days=i) for i in range(365 * args.years)][::-1]
    run("(a) history", args.kpis, daily, end)
    weekly = [dt.date(2024, 9, 2) + dt.timedelta(weeks=i) for i in range(104)]
    run("(b) far date", args.kpis, weekly + [dt.date(9026, 1, 5)], weekly[-1] + dt.timedelta(days=3))


if __name__ == "__main__":
    main()
