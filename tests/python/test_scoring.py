"""Scoring through the Python surface: the DOMAIN.md worked examples, exactly, and the forecast
against an independent numpy/scipy computation."""

import ctypes
import datetime as dt
import gc
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import okr

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "learning_platform.json"

AR = {"id": "ar", "objective": "o", "title": "AR", "type": "metric", "start": 24_000_000, "target": 12_000_000}
AR_ANCHORED = dict(AR, anchors=[{"score": 0.3, "value": 21_600_000}, {"score": 1.0, "value": 12_000_000}])


def ci(kr, date, value, **kw):
    return dict(key_result=kr, date=date, value=value, **kw)


def test_example_1_ar(doc):
    g = okr.loads(doc([AR], checkins=[ci("ar", "2026-08-01", 18_000_000)]))
    assert g.score("ar", "2026-09-30") == 0.5
    g = okr.loads(doc([AR_ANCHORED]))
    for value, expected in [(18_000_000, 0.5625), (22_800_000, 0.15), (11_000_000, 1.0)]:
        g.check_in("ar", "2026-08-01", value)
        assert g.score("ar", "2026-09-30") == pytest.approx(expected, rel=1e-12)
    row = g.scores("2026-09-30").loc["ar"]
    assert row["status"] == "done"
    assert row["overachievement"] == pytest.approx(0.7 / 9.6, rel=1e-12)


def test_example_2_certification(doc):
    kr = {"id": "cert", "objective": "o", "title": "C", "type": "metric", "unit": "%", "start": 0, "target": 60}
    g = okr.loads(doc([kr], checkins=[ci("cert", "2026-08-01", 45)]))
    assert g.score("cert", "2026-09-30") == 0.75


def test_example_3_baseline(doc):
    kr = {"id": "tpr", "objective": "o", "title": "T", "type": "baseline", "required": 10}
    outcomes = [1, 0, 1, 1, 1, 1, 0, 1, 1, 1]
    g = okr.loads(doc([kr], checkins=[ci("tpr", f"2026-07-{6 + i:02d}", v) for i, v in enumerate(outcomes)]))
    assert g.score("tpr", "2026-07-09") == pytest.approx(0.4)
    final = g.node_score("tpr", "2026-09-30")
    assert final["score"] == 1.0
    assert final["value"] == pytest.approx(0.8)


def test_example_4_rock(doc):
    stages = [{"id": s, "title": s.title()} for s in ("framework", "content", "assignment", "mgmt", "review", "iterate")]
    kr = {"id": "rock", "objective": "o", "title": "Deploy", "type": "milestone", "stages": stages}
    g = okr.loads(doc([kr]))
    g.check_in("rock", "2026-07-10", 1, stage="framework")
    g.check_in("rock", dt.date(2026, 7, 20), 1, stage="content", note="phase 2 signed off")
    g.check_in("rock", pd.Timestamp("2026-08-01"), 12 / 40, stage="Assignment", confidence=0.6)
    assert g.score("rock", "2026-09-30") == pytest.approx(2.3 / 6, rel=1e-12)
    assert g.score("o", "2026-09-30") == pytest.approx(2.3 / 6, rel=1e-12)


def test_bundled_example_carries_the_worked_examples():
    g = okr.load(okr.example_path())
    s = g.scores(as_of="2026-09-07")
    assert s.loc["kr-fin-ar", "score"] == pytest.approx(0.5625, rel=1e-12)
    assert s.loc["kr-sales-cert", "score"] == 0.75
    assert s.loc["kr-ps-passrate", "score"] == 1.0
    assert s.loc["kr-ps-passrate", "value"] == pytest.approx(0.8)
    assert s.loc["kr-rock-deploy", "score"] == pytest.approx(2.3 / 6, rel=1e-12)
    assert s.loc["kr-hr-onboard", "regressing"]
    assert s.loc["kr-hr-onboard", "score"] == 0.0
    assert s.loc["kr-ms-kb", "overachievement"] > 0
    assert g.score("kr-ps-passrate", "2026-07-27") == pytest.approx(0.4)


def test_scores_frame_shape_and_columns(doc):
    g = okr.loads(doc([AR], checkins=[ci("ar", "2026-08-01", 18_000_000)]))
    s = g.scores(as_of=dt.date(2026, 9, 30))
    required = ["kind", "type", "title", "owner", "team", "score", "expected", "forecast", "forecast_low",
                "forecast_high", "p_target", "status", "overachievement", "regressing"]
    assert all(c in s.columns for c in required)
    assert s.index.name == "id"
    assert list(s.index) == ["o", "p", "ar"]
    assert s.loc["ar", "kind"] == "key_result" and s.loc["ar", "type"] == "metric"
    assert math.isnan(s.loc["p", "score"]) and s.loc["p", "status"] == "no_data"
    assert s["regressing"].dtype == bool
    # Dates in every accepted form give the same answer.
    for d in ("2026-09-30", dt.date(2026, 9, 30), dt.datetime(2026, 9, 30, 15), pd.Timestamp("2026-09-30"),
              np.datetime64("2026-09-30")):
        assert g.score("ar", d) == 0.5


def test_least_squares_forecast_matches_numpy_and_scipy(doc):
    kr = {"id": "c", "objective": "o", "title": "C", "type": "metric", "start": 0, "target": 100}
    days = np.array([0, 7, 14, 21, 28], dtype=float)
    values = np.array([10, 21, 29, 41, 44], dtype=float)
    base = dt.date(2026, 7, 1)
    g = okr.loads(doc([kr], checkins=[ci("c", (base + dt.timedelta(days=int(d))).isoformat(), v) for d, v in zip(days, values)]))
    r = g.node_score("c", "2026-07-29")
    # Independent reference: OLS prediction at the cycle end (day 91) with an 80 % prediction interval.
    slope, intercept = np.polyfit(days, values, 1)
    n = len(days)
    resid = values - (intercept + slope * days)
    s = math.sqrt(resid @ resid / (n - 2))
    x0 = 91.0
    se = s * math.sqrt(1 + 1 / n + (x0 - days.mean()) ** 2 / ((days - days.mean()) ** 2).sum())
    y0 = intercept + slope * x0
    q = stats.t.ppf(0.9, n - 2)
    assert r["forecast"] == pytest.approx(min(1.0, y0 / 100), rel=1e-9)
    assert r["forecast_low"] == pytest.approx(min(1.0, (y0 - q * se) / 100), rel=1e-9)
    assert r["forecast_high"] == pytest.approx(min(1.0, (y0 + q * se) / 100), rel=1e-9)
    assert r["p_target"] == pytest.approx(stats.t.sf((70 - y0) / se, n - 2), rel=1e-9)
    # Decreasing target: P(value <= value at 0.7).
    kr2 = {"id": "d", "objective": "o", "title": "D", "type": "metric", "start": 100, "target": 0}
    g2 = okr.loads(doc([kr2], checkins=[ci("d", (base + dt.timedelta(days=int(d))).isoformat(), 100 - v) for d, v in zip(days, values)]))
    r2 = g2.node_score("d", "2026-07-29")
    assert r2["p_target"] == pytest.approx(stats.t.cdf((30 - (100 - y0)) / se, n - 2), rel=1e-9)
    assert r2["forecast"] == pytest.approx(r["forecast"], rel=1e-9)


def test_pace_forecast_with_few_checkins(doc):
    kr = {"id": "c", "objective": "o", "title": "C", "type": "metric", "start": 0, "target": 100}
    g = okr.loads(doc([kr], checkins=[ci("c", "2026-07-15", 20)]))
    r = g.node_score("c", "2026-08-15")
    assert r["expected"] == pytest.approx(45 / 91, rel=1e-12)
    assert r["forecast"] == pytest.approx(0.2 / (45 / 91), rel=1e-12)
    assert r["status"] == "at_risk"
    assert math.isnan(r["p_target"])


def test_policy_travels_in_the_document(doc):
    kr = {"id": "c", "objective": "o", "title": "C", "type": "metric", "start": 0, "target": 100}
    text = doc([kr], checkins=[ci("c", "2026-07-15", 20)], scoring={"status_rule": "pace", "pace_at_risk": 0.4})
    g = okr.loads(text)
    assert g.node_score("c", "2026-08-15")["status"] == "at_risk"
    assert '"status_rule":"pace"' in g.dumps()
    g2 = okr.loads(g.dumps())
    assert g2.node_score("c", "2026-08-15")["status"] == "at_risk"


def test_score_vector_equals_the_score_column():
    g = okr.load(EXAMPLE)
    for as_of in ("2026-07-15", dt.date(2026, 9, 7), pd.Timestamp("2026-09-30")):
        v = g.score_vector(as_of)
        full = g.scores(as_of)["score"]
        assert v.name == "score" and v.index.name == "id"
        assert list(v.index) == list(full.index)
        assert v.dtype == np.float64
        pd.testing.assert_series_equal(v, full, check_exact=True)
    assert g.score_vector("2026-09-07")["kr-fin-ar"] == 0.5625
    with pytest.raises(okr.Error, match="as_of"):
        g.score_vector("2026-02-30")
    assert len(okr.Graph().score_vector("2026-09-07")) == 0


OWNERS = ["", "a", "a\x00", "a\x00b", "Z", "z", "é", "ÿ", "\U0001F600", "abcdefghijklmno", "abcdefghijklmnop",
          "abcdefghijklmnopq", "abcdefghijklmnopp", "prefix-sixteen-bytes-001", "prefix-sixteen-bytes-000",
          "prefix-sixteen-bytes-00", "prefix-sixteen-bytes-0010", "a", "z", "prefix-sixteen-bytes-000"]


@pytest.mark.parametrize("distinct", [3, 16, len(set(OWNERS))])
def test_node_columns_are_categoricals_sorted_as_pandas_sorts(distinct):
    # Few distinct values and many take different paths; the strings share long prefixes, hold NUL
    # and non-ASCII, differ only in length, and repeat.
    values = [o for o in OWNERS if o in sorted(set(OWNERS), key=OWNERS.index)[:distinct]]
    objectives = [{"id": f"o{i}", "title": f"O{i}", "cycle": "q3", "owner": v, "team": v[::-1]} for i, v in enumerate(values)]
    krs = [{"id": f"k{i}", "objective": f"o{len(values) - 1 - i}", "title": "K", "type": "metric", "start": 0, "target": 1}
           for i in range(len(values))]
    doc = {"format": "okr", "version": 1, "cycles": [{"id": "q3", "start": "2026-07-01", "end": "2026-09-30"}],
           "objectives": objectives, "key_results": krs, "links": [], "checkins": []}
    g = okr.loads(json.dumps(doc))
    s = g.scores("2026-08-15")
    owner_of = {o["id"]: o["owner"] for o in objectives}
    want = [o["owner"] for o in objectives] + [owner_of[k["objective"]] for k in krs]
    for column, expected in (("owner", want), ("team", [w[::-1] for w in want])):
        col = s[column]
        assert col.dtype == "category"
        assert list(col.cat.categories) == sorted(set(expected))
        assert col.astype(object).tolist() == expected
        # (Not compared with pd.Categorical(expected): pandas 1.5 takes "a" and "a\x00" for one value.)
    # A frame is the caller's: changing it leaves the next ones as they were (the first frame's
    # text columns are built for it; later ones are copies of the graph's).
    for _ in range(3):
        s.iloc[0, s.columns.get_loc("title")] = "changed"
        s.iloc[0, s.columns.get_loc("objective")] = "changed"
        s.iloc[0, s.columns.get_loc("owner")] = s["owner"].iloc[-1]
        s = g.scores("2026-08-15")
        assert s["title"].iloc[0] == "O0" and s["objective"].iloc[0] == "" and s["owner"].iloc[0] == want[0]


class _ArenaAllocator(ctypes.Structure):
    _fields_ = [("ctx", ctypes.c_void_p), ("alloc", ctypes.c_void_p), ("free", ctypes.c_void_p)]


def _arena_allocator():
    a = _ArenaAllocator()
    ctypes.pythonapi.PyObject_GetArenaAllocator(ctypes.byref(a))
    return (a.ctx, a.alloc, a.free)


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs /proc")
def test_node_columns_leave_the_interpreters_allocator_and_memory_as_they_were():
    # The columns' str are made in arenas of okr's own while a column is built; the interpreter's
    # arena allocator is back afterwards, and those arenas are released when the str die.
    objectives = [{"id": f"o{i}", "title": f"objective number {i}", "cycle": "q3", "owner": f"owner.{i}",
                   "team": f"team-{i % 97}"} for i in range(60_000)]
    doc = {"format": "okr", "version": 1, "cycles": [{"id": "q3", "start": "2026-07-01", "end": "2026-09-30"}],
           "objectives": objectives, "key_results": [], "links": [], "checkins": []}
    before = _arena_allocator()
    rss = []
    for i in range(12):
        g = okr.loads(json.dumps(doc))
        s = g.scores("2026-08-15")
        assert _arena_allocator() == before
        assert s["title"].iloc[-1] == "objective number 59999" and s["owner"].iloc[7] == "owner.7"
        del g, s
        gc.collect()
        rss.append(_rss_bytes())
    # Each round's str take some 15 MB: kept, they would add that much every round. The resident
    # size moves by about 15 MB between rounds in any case, so the highs are compared.
    assert max(rss[6:]) - max(rss[:6]) < 24 << 20, rss
