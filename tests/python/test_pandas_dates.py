"""Dates the library reads (0001-01-01 to 9999-12-31) that a pandas datetime cannot hold
(pandas 1.x: 1677-09-22 to 2262-04-11): the frames that would hold one raise okr.LimitError
naming it; scores, dumps and the reports' cycle lists keep working."""

import copy
import json
import os

import pandas as pd
import pytest

import okr
import okr.report

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "..", "data", "rocks.json"), encoding="utf-8") as f:
    ROCKS = json.load(f)
RANGE = r"outside the dates a pandas datetime holds \(1677-09-22 to 2262-04-11\)"
# pandas 2 builds a DatetimeIndex of days at second resolution, which holds them all.
pandas_1 = pytest.mark.skipif(int(pd.__version__.split(".")[0]) >= 2, reason="pandas 2 holds these periods")


def with_changes(change):
    doc = copy.deepcopy(ROCKS)
    change(doc)
    return okr.loads(json.dumps(doc))


def kpi_graph(*dates):
    kpi = {"id": "k", "title": "K", "frequency": "week", "comparison": ">=", "goal": 6,
           "values": [{"date": d, "value": i + 1} for i, d in enumerate(dates)]}
    near = {"id": "near", "title": "Near", "frequency": "week", "values": [{"date": "2026-08-10", "value": 3}]}
    return okr.loads(json.dumps({"format": "okr", "version": 1, "kpis": [near, kpi]}))


def test_the_first_and_last_days_pandas_holds_are_read():
    g = with_changes(lambda d: d["cycles"].append({"id": "wide", "start": "1677-09-22", "end": "2262-04-11"}))
    row = g.cycles().set_index("id").loc["wide"]
    assert (str(row["start"].date()), str(row["end"].date())) == ("1677-09-22", "2262-04-11")
    g = kpi_graph("1677-09-27", "2262-04-11")  # a Monday; the last week starts on 2262-04-07
    weekly = g.kpis(freq="W")
    assert (str(weekly.index[0].date()), str(weekly.index[-1].date())) == ("1677-09-27", "2262-04-07")
    assert weekly["k"].iloc[[0, -1]].tolist() == [1.0, 2.0]


def test_cycles_name_the_cycle_and_its_date():
    g = with_changes(lambda d: d["cycles"].append({"id": "far", "start": "9999-10-01", "end": "9999-12-31"}))
    with pytest.raises(okr.LimitError, match=r"^Graph\.cycles\(\): cycle 'far' starts 9999-10-01, " + RANGE + "$") as e:
        g.cycles()
    assert e.value.code == -10 and isinstance(e.value, ValueError)
    g = with_changes(lambda d: d["cycles"].insert(0, {"id": "typo", "start": "0026-01-01", "end": "2026-03-31"}))
    with pytest.raises(okr.LimitError, match=r"cycle 'typo' starts 0026-01-01, " + RANGE):
        g.cycles()


def test_milestones_name_the_key_result_and_stage():
    def far_stage(d):
        d["key_results"][1]["stages"][4]["due"] = "9999-09-29"

    g = with_changes(far_stage)
    with pytest.raises(okr.LimitError, match=r"rock_milestones\(\): milestone 'kr-deploy/review' is due 9999-09-29, " + RANGE):
        g.rock_milestones(as_of="2026-09-07")
    g = with_changes(lambda d: d["key_results"][0].update(due="9999-06-15"))
    with pytest.raises(okr.LimitError, match=r"milestone 'kr-pilot' is due 9999-06-15"):
        g.rock_milestones()


def test_rocks_name_the_rock_whose_report_is_out_of_range():
    g = with_changes(lambda d: d["objectives"][2]["reports"].append({"date": "9999-08-31", "status": "on_track"}))
    assert g.rocks(as_of="2026-09-07").loc["r-deploy", "reported_on"].date().isoformat() == "2026-08-31"
    with pytest.raises(okr.LimitError, match=r"^Graph\.rocks\(\): Rock 'r-deploy' was reported on 9999-08-31, " + RANGE):
        g.rocks(as_of="9999-12-30")


@pandas_1
@pytest.mark.parametrize("freq, period", [("W", "9999-12-13"), ("MS", "9999-12-01"), ("D", "9999-12-15")])
def test_kpis_name_the_kpi_with_a_value_out_of_range(freq, period):
    g = kpi_graph("2026-08-10", "9999-12-15")
    # The calendar's first period past 2262 holds no value: the error names the one that does.
    with pytest.raises(okr.LimitError, match=rf"^Graph\.kpis\(\): KPI 'k' has a value in the period starting {period}, " + RANGE):
        g.kpis(freq=freq)
    with pytest.raises(okr.LimitError, match="KPI 'k'"):
        g.leading_indicators("near")
    g = kpi_graph("1200-01-03", "2026-08-10")
    with pytest.raises(okr.LimitError, match=r"KPI 'k' has a value in the period starting 1200-01-01, " + RANGE):
        g.kpis(freq="MS")
    # A value on pandas' first day, in a week that starts before it.
    g = kpi_graph("1677-09-22", "2026-08-10")
    with pytest.raises(okr.LimitError, match=r"KPI 'k' has a value in the period starting 1677-09-20, " + RANGE):
        g.kpis(freq="W")
    assert str(g.kpis(freq="D").index[0].date()) == "1677-09-22"


@pandas_1
def test_a_tenant_whose_kpis_cannot_be_tabled_gets_an_error_row():
    from okr.dask import _best_lead

    with pytest.raises(okr.LimitError, match="KPI 'k'"):
        _best_lead(kpi_graph("2026-08-10", "9999-12-15"))


@pandas_1
def test_scorecard_windows_out_of_range_and_in_range():
    g = kpi_graph("2026-08-10", "9999-12-15")
    sc = g.scorecard(as_of="2026-08-16", periods=2)  # the window alone needs pandas dates
    assert sc.values.loc["k"].tolist()[-1] == 1.0
    with pytest.raises(okr.LimitError,
                       match=r"^Graph\.scorecard\(as_of='3000-01-06', periods=2\): a period starts 2999-12-30, " + RANGE):
        g.scorecard(as_of="3000-01-06", periods=2)
    with pytest.raises(okr.LimitError, match=r"a period starts 1677-09-20, " + RANGE):
        g.scorecard(as_of="1677-10-04", periods=3)
    assert str(g.scorecard(as_of="1677-10-04", periods=2).values.columns[0].date()) == "1677-09-27"


def test_scores_and_dumps_keep_the_dates():
    def far(d):
        d["cycles"].append({"id": "far", "start": "9999-10-01", "end": "9999-12-31"})
        d["key_results"][0]["due"] = "9999-06-15"

    g = with_changes(far)
    assert okr.loads(g.dumps()) == g
    assert '"9999-06-15"' in g.dumps()
    scores = g.scores(as_of="9999-12-30")
    assert scores.loc["kr-pilot", "status"] == "not_started" and scores.loc["kr-pilot", "score"] == 0.0


def test_reports_read_cycles_as_text_and_name_other_dates():
    def far_cycle(d):
        d["cycles"].append({"id": "far", "start": "9999-10-01", "end": "9999-12-31"})
        d["objectives"][0].update(cycle="far")  # r-next, carried from r-deploy of 2026-Q3

    g = with_changes(far_cycle)
    text = okr.report.organisation_report(g, as_of="2026-09-07")
    assert "cycle far: 9999-10-01 – 9999-12-31, 0% elapsed" in text
    assert "far (9999-10-01 – 9999-12-31, starts in 2912102 days): 1 objective" in text
    summary = okr.report.data(g, as_of="2026-09-07")["summary"]["cycles"]
    assert summary[-1] == {"id": "far", "start": "9999-10-01", "end": "9999-12-31", "elapsed": 0.0}
    assert "9999-10-01" in okr.report.html(g, as_of="2026-09-07")
    # Rocks and milestones are read as text too: a due date in year 26 is shown as it is.
    g = with_changes(lambda d: d["key_results"][3].update(due="0026-09-30"))  # kr-onboard, of the open r-onboard
    assert "overdue: Pathway live (due 0026-09-30, 0% done)" in okr.report.organisation_report(g, as_of="2026-09-07")
    assert "due 0026-09-30" in okr.report.html(g, as_of="2026-09-07")
    g = with_changes(lambda d: d["objectives"][2]["reports"].append({"date": "9999-08-31", "status": "off_track"}))
    assert "reported off track 9999-08-31" in okr.report.organisation_report(g, as_of="9999-12-30")
    rocks = okr.report.data(g, as_of="9999-12-30")["rocks"]["rows"]
    assert [r["reported_on"] for r in rocks if r["id"] == "r-deploy"] == ["9999-08-31"]
    # A KPI value out of range stops the report, named: its weekly table is what the KPI section reads.
    doc = copy.deepcopy(ROCKS)
    doc["kpis"] = [{"id": "k", "title": "K", "values": [{"date": "2026-08-10", "value": 1}, {"date": "9026-08-10", "value": 2}]},
                   {"id": "out", "title": "Out", "values": [{"date": "2026-08-10", "value": 1}]}]
    doc["links"] = [{"from": "kr-okr", "to": "out", "type": "measured_by"}]
    g = okr.loads(json.dumps(doc))
    for render in (okr.report.organisation_report, okr.report.html):
        with pytest.raises(okr.LimitError, match=r"KPI 'k' has a value in the period starting 9026-08-07"):
            render(g, as_of="2026-09-07")


def test_nanosecond_datetimes_near_pandas_first_day_keep_their_date():
    # numpy casts nanoseconds at 1677-09-22 straight to days as 2262-04-11.
    import numpy as np

    g = with_changes(lambda d: None)
    g.check_in("kr-okr", np.datetime64("1677-09-22T00:00", "ns"), 10)
    assert '"date": "1677-09-22"' in g.dumps() or '"date":"1677-09-22"' in g.dumps()
    weekly = okr.bucket(pd.DataFrame({"kpi": ["k", "k"], "date": ["1677-09-22", "1677-09-29"], "value": [1.0, 2.0]}),
                        freq="D")
    assert [str(d.date()) for d in weekly.index] == [f"1677-09-{d}" for d in range(22, 30)]
    with pytest.raises(okr.LimitError, match=r"^bucket\(\): 'k' has a period starting 1677-09-20, " + RANGE):
        okr.bucket(pd.DataFrame({"k": [1.0]}, index=pd.DatetimeIndex(["1677-09-25"])), freq="W")


def test_a_scorecard_window_before_0001_01_01_is_refused():
    g = kpi_graph("2026-08-10")
    with pytest.raises(okr.InvalidArgumentError,
                       match=r"scorecard: 4 periods \(freq MS\) to 0001-02-10 would start before 0001-01-01, the first date"):
        g.scorecard(as_of="0001-02-10", periods=4, freq="MS")
