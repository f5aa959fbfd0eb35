"""KPI series: the JSON model, calendar bucketing, and the example's planted effect."""

import json
import math

import numpy as np
import pandas as pd
import pytest

import okr


def test_graph_kpis_weekly_calendar():
    g = okr.load(okr.example_path())
    k = g.kpis(freq="W")
    assert k.shape == (52, 6)
    assert k.index.name == "period" and k.index[0] == pd.Timestamp("2025-09-08") and (k.index.dayofweek == 0).all()
    # DOMAIN worked example 5: the scorecard of weeks 1–4.
    assert k["lessons_created"].iloc[:4].tolist() == [1, 0, 2, 1]
    assert k["lessons_completed"].iloc[:4].tolist() == [5, 4, 3, 1]
    assert k["kb_articles_created"].iloc[:4].tolist() == [2, 1, 3, 2]
    assert math.isnan(k["lessons_completed"].iloc[30])  # a missing week stays NaN
    info = g.kpi_info()
    assert info.loc["escalations_t1_t2", "comparison"] == "<="
    assert info.loc["first_contact_resolution_pct", "goal_low"] == 70
    assert info.loc["lessons_completed", "frequency"] == "week"
    assert info.loc["lessons_completed", "dated_goals"] == 1  # 25 a week from 2026-07-06
    assert set(g.measured_by()["kpi"]) == {"escalations_t1_t2", "first_contact_resolution_pct", "pathway_completion_pct"}
    monthly = g.kpis(freq="MS")
    # sum per month for a sum KPI equals pandas' resample of the weekly observations by date
    raw = json.loads(g.dumps())["kpis"][1]
    s = pd.Series([v["value"] for v in raw["values"]], index=pd.to_datetime([v["date"] for v in raw["values"]]), dtype=float)
    ref = s.resample("MS").sum(min_count=1)
    np.testing.assert_allclose(monthly["lessons_completed"].to_numpy(), ref.to_numpy())


def test_planted_effect_found_and_decoy_not():
    k = okr.load(okr.example_path()).kpis()
    drivers = ["lessons_created", "lessons_completed", "kb_articles_created"]
    out = okr.leading_indicators(k[drivers + ["escalations_t1_t2"]], outcome="escalations_t1_t2", transform="diff")
    assert out.index[0] == "lessons_completed"
    assert out.loc["lessons_completed", "lag"] == 3 and out.loc["lessons_completed", "q"] < 0.01
    assert out.loc["lessons_completed", "verdict"].startswith("lessons_completed leads escalations_t1_t2 by 3 weeks")
    assert out.loc["kb_articles_created", "q"] > 0.05
    naive = okr.leading_indicators(k[drivers + ["escalations_t1_t2"]], outcome="escalations_t1_t2", adjust=False)
    assert naive.loc["kb_articles_created", "q"] < 0.05  # the trend alone fools the naive scan


def test_report_has_the_kpi_section():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "okr", "report", "--as-of", "2026-09-07"], capture_output=True, text=True,
                         check=True).stdout
    assert "KPI → outcome" in out
    assert "lessons_completed leads escalations_t1_t2 by 3 weeks" in out
    assert "no evidence that kb_articles_created leads escalations_t1_t2" in out


def test_bucket_wide_and_long():
    idx = pd.to_datetime(["2026-01-05", "2026-01-07", "2026-01-20", "2026-02-03"])
    wide = pd.DataFrame({"a": [1.0, 2, 5, np.nan], "b": [1.0, np.nan, 3, 4]}, index=idx)
    w = okr.bucket(wide, "W")
    assert list(w.index) == list(pd.date_range("2026-01-05", "2026-02-02", freq="W-MON"))
    assert w["a"].tolist()[:3] == [3.0, pytest.approx(math.nan, nan_ok=True), 5.0]
    assert math.isnan(w.loc["2026-01-12", "b"]) and w.loc["2026-02-02", "b"] == 4
    long = pd.DataFrame({"kpi": ["a", "a", "b"], "date": ["2026-01-05", "2026-01-20", "2026-01-06"], "value": [1, 2, 3]})
    m = okr.bucket(long, "W", aggregation="mean")
    assert m.loc["2026-01-05", "b"] == 3 and m.loc["2026-01-19", "a"] == 2
    with pytest.raises(okr.InvalidArgumentError, match="freq"):
        okr.bucket(wide, "fortnight")
    with pytest.raises(okr.InvalidArgumentError, match="aggregation"):
        okr.bucket(wide, "W", aggregation="median")
    with pytest.raises(okr.InvalidArgumentError, match="infinite"):
        okr.bucket(pd.DataFrame({"a": [1.0, np.inf]}, index=idx[:2]), "W")


@pytest.mark.parametrize(
    "mutate,cls,needle",
    [
        (lambda k: k["values"].__setitem__(1, {"date": k["values"][0]["date"], "value": 1}), okr.InvalidArgumentError, "repeats"),
        (lambda k: k["values"].reverse(), okr.InvalidArgumentError, "before the previous date"),
        (lambda k: k.update(id="kr-fin-ar"), okr.DuplicateError, "kr-fin-ar"),
        (lambda k: k.update(comparison="in_range"), okr.InvalidArgumentError, "in_range"),
        (lambda k: k.update(aggregation="median"), okr.InvalidArgumentError, "aggregation"),
    ],
)
def test_bad_kpis(mutate, cls, needle):
    doc = json.loads(okr.load(okr.example_path()).dumps())
    mutate(doc["kpis"][0])
    with pytest.raises(cls, match=needle):
        okr.loads(json.dumps(doc))


def test_measured_by_to_unknown_kpi():
    doc = json.loads(okr.load(okr.example_path()).dumps())
    doc["links"].append({"from": "kr-fin-ar", "to": "no_such_kpi", "type": "measured_by"})
    with pytest.raises(okr.NotFoundError, match="no_such_kpi"):
        okr.loads(json.dumps(doc))


def test_graph_leading_indicators():
    g = okr.load(okr.example_path())
    out = g.leading_indicators("escalations_t1_t2", drivers=["lessons_completed", "kb_articles_created"], transform="diff")
    assert out.index[0] == "lessons_completed" and out.iloc[0]["lag"] == 3
    assert "by 3 weeks" in out.iloc[0]["verdict"]
    with pytest.raises(okr.NotFoundError, match="nope"):
        g.leading_indicators("nope")
    with pytest.raises(okr.NotFoundError, match="ghost"):
        g.leading_indicators("escalations_t1_t2", drivers=["ghost"])
    with pytest.raises(okr.InvalidArgumentError, match="outcome"):
        g.leading_indicators("escalations_t1_t2", drivers=["escalations_t1_t2"])


def test_low_confidence_flag():
    rng = np.random.default_rng(2)
    df = pd.DataFrame(rng.normal(size=(15, 2)), columns=["a", "b"])
    assert okr.correlate(df)["low_confidence"].all()
    assert okr.lagged(df["a"], df["b"], lags=[0, 1])["low_confidence"].all()
    big = pd.DataFrame(rng.normal(size=(40, 2)), columns=["a", "b"])
    assert not okr.correlate(big)["low_confidence"].any()
