"""The EOS scorecard through Python: DOMAIN example 5 with exact cells, averages and trends against
pandas and numpy on random series with gaps, the CSV round trip, the notebook table and errors."""

import io
import json

import numpy as np
import pandas as pd
import pytest

import okr

EXAMPLE5 = {"format": "okr", "version": 1, "kpis": [
    {"id": "lessons_created", "title": "Lessons created", "owner": "Marvin", "team": "Managed Services", "unit": "lessons",
     "comparison": ">=", "goal": 1,
     "values": [{"date": d, "value": v} for d, v in zip(["2026-08-03", "2026-08-10", "2026-08-17", "2026-08-24"], [1, 0, 2, 1])]},
    {"id": "lessons_completed", "title": "Lessons completed", "owner": "Diana", "team": "HR", "comparison": ">=", "goal": 4,
     "values": [{"date": d, "value": v} for d, v in zip(["2026-08-04", "2026-08-11", "2026-08-18", "2026-08-25"], [5, 4, 3, 1])]},
    {"id": "kb_articles", "title": "KB articles created", "owner": "Marvin", "team": "Managed Services",
     "comparison": "in_range", "goal": [2, 3], "goals": [{"from": "2026-08-17", "comparison": ">=", "goal": 3}],
     "values": [{"date": d, "value": v} for d, v in zip(["2026-08-03", "2026-08-10", "2026-08-17", "2026-08-24"], [2, 1, 3, 2])]},
]}


def example():
    return okr.loads(json.dumps(EXAMPLE5))


def test_example_5_exact_cells_and_summary():
    sc = example().scorecard(as_of="2026-08-27", periods=4)
    assert isinstance(sc, okr.Scorecard)
    assert list(sc.values.columns) == list(pd.to_datetime(["2026-08-03", "2026-08-10", "2026-08-17", "2026-08-24"]))
    assert list(sc.values.index) == ["lessons_created", "lessons_completed", "kb_articles"]
    assert sc.values.loc["lessons_completed"].tolist() == [5, 4, 3, 1]
    assert sc.on_goal.loc["lessons_created"].tolist() == [True, False, True, True]
    assert sc.on_goal.loc["lessons_completed"].tolist() == [True, True, False, False]
    assert sc.on_goal.loc["kb_articles"].tolist() == [True, False, True, False]  # goal >= 3 from 2026-08-17
    assert all(str(t) == "boolean" for t in sc.on_goal.dtypes)
    s = sc.summary
    assert list(s.columns) == ["title", "owner", "team", "unit", "goal", "avg_4", "avg_13", "total", "on_goal_share",
                               "trend", "off_goal_streak"]
    assert s.loc["lessons_created", "goal"] == ">= 1"
    assert s.loc["kb_articles", "goal"] == ">= 3"
    assert s.loc["lessons_completed", ["avg_4", "total", "on_goal_share", "off_goal_streak"]].tolist() == [3.25, 13, 0.5, 2]
    assert s.loc["lessons_completed", "trend"] == pytest.approx(-1.3, rel=1e-14)
    assert s.loc["kb_articles", "off_goal_streak"] == 1
    # A wider window: the weeks before are missing (pd.NA), never 0 or False.
    wide = example().scorecard(as_of="2026-08-27")
    assert wide.values.shape == (3, 13)
    assert np.isnan(wide.values.iloc[0, 0]) and wide.on_goal.iloc[0, 0] is pd.NA
    assert "3 KPIs × 13 weeks to 2026-08-24" in repr(wide)
    # Filters.
    assert list(example().scorecard(as_of="2026-08-27", team="HR").values.index) == ["lessons_completed"]
    assert len(example().scorecard(as_of="2026-08-27", owner="Marvin")) == 2


def random_graph(seed, weeks=20, k=6):
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-03-02")  # a Monday
    kpis = []
    for j in range(k):
        values = []
        for w in range(weeks):
            if rng.random() < 0.25:
                continue  # a gap: no observation that week
            day = start + pd.Timedelta(days=7 * w + int(rng.integers(0, 7)))
            values.append({"date": day.date().isoformat(), "value": float(np.round(rng.normal(10, 3), 3))})
        kpis.append({"id": f"k{j}", "title": f"K {j}", "comparison": "<=" if j % 2 else ">=", "goal": 10, "values": values})
    return okr.loads(json.dumps({"format": "okr", "version": 1, "kpis": kpis})), start + pd.Timedelta(days=7 * weeks - 1)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_averages_totals_and_trend_match_pandas_and_polyfit(seed):
    g, last_day = random_graph(seed)
    sc = g.scorecard(as_of=last_day, periods=13)
    weekly = g.kpis(freq="W").T.reindex(columns=sc.values.columns)
    pd.testing.assert_frame_equal(sc.values, weekly, check_names=False, check_freq=False)
    rows = sc.values.T
    avg_4 = rows.rolling(4, min_periods=1).mean().iloc[-1]
    avg_13 = rows.rolling(13, min_periods=1).mean().iloc[-1]
    np.testing.assert_allclose(sc.summary["avg_4"], avg_4, rtol=1e-12)
    np.testing.assert_allclose(sc.summary["avg_13"], avg_13, rtol=1e-12)
    np.testing.assert_allclose(sc.summary["total"], sc.values.sum(axis=1, min_count=1), rtol=1e-12)
    for kpi, row in sc.values.iterrows():
        x = np.arange(len(row))[row.notna().to_numpy()]
        y = row.dropna().to_numpy()
        assert sc.summary.loc[kpi, "trend"] == pytest.approx(np.polyfit(x, y, 1)[0], rel=1e-9, abs=1e-12)
        verdicts = sc.on_goal.loc[kpi].dropna()
        want = (y >= 10) if int(kpi[1:]) % 2 == 0 else (y <= 10)
        assert verdicts.tolist() == want.tolist()
        assert sc.summary.loc[kpi, "on_goal_share"] == pytest.approx(want.mean())


def test_to_csv_reads_back_with_the_same_values_and_goals(tmp_path):
    sc = example().scorecard(as_of="2026-08-27", periods=4)
    path = tmp_path / "scorecard.csv"
    sc.to_csv(path)
    g = okr.loads('{"format":"okr","version":1}')
    g.load_scorecard_csv(str(path))
    again = g.scorecard(as_of="2026-08-27", periods=4)
    pd.testing.assert_frame_equal(again.values, sc.values)
    assert again.summary["goal"].tolist() == sc.summary["goal"].tolist()
    # not_in_range goals and fractional values survive too.
    doc = json.loads(json.dumps(EXAMPLE5))
    doc["kpis"][0].update(comparison="not_in_range", goal=[0.5, 1.5])
    doc["kpis"][0]["values"][1]["value"] = 0.1
    sc = okr.loads(json.dumps(doc)).scorecard(as_of="2026-08-27", periods=4)
    buf = io.StringIO()
    sc.to_csv(buf)
    assert buf.getvalue() == sc.to_csv()
    g = okr.loads('{"format":"okr","version":1}')
    g.load_scorecard_csv(io.StringIO(buf.getvalue()))
    again = g.scorecard(as_of="2026-08-27", periods=4)
    pd.testing.assert_frame_equal(again.values, sc.values)
    assert again.summary.loc["lessons_created", "goal"] == "< 0.5 or > 1.5"
    # The layout holds one goal per row (the one in force in the last period): KPIs without dated
    # goals keep every verdict.
    rows = ["lessons_created", "lessons_completed"]
    pd.testing.assert_frame_equal(again.on_goal.loc[rows], sc.on_goal.loc[rows])


def test_notebook_table_marks_cells_with_colour_and_symbol():
    import re
    sc = example().scorecard(as_of="2026-09-03", periods=4)  # the last week has no values yet
    html = sc._repr_html_()
    assert "Lessons completed" in html
    # Each period cell (columns 3-6, after title, owner and goal): its text, and its colour from
    # the style rules, against on_goal and values.
    colour = {}
    for selectors, rule in re.findall(r"((?:#T_\w+_row\d+_col\d+(?:, )?)+) \{\s*background-color: (#\w+);", html):
        for cell in re.findall(r"row(\d+)_col(\d+)", selectors):
            colour[tuple(map(int, cell))] = rule
    text = {(int(r), int(c)): t for r, c, t in re.findall(r'<td id="T_\w+_row(\d+)_col(\d+)" [^>]*>([^<]*)</td>', html)}
    seen = {"on": 0, "off": 0, "none": 0}
    for r, kpi in enumerate(sc.values.index):
        for j in range(4):
            ok, v = sc.on_goal.loc[kpi].iloc[j], sc.values.loc[kpi].iloc[j]
            mark = "·" if ok is pd.NA else ("✓" if ok else "✗")
            assert text[r, 3 + j] == (mark if pd.isna(v) else f"{mark} {v:g}")
            assert colour.get((r, 3 + j)) == (None if ok is pd.NA else "#c8e6c9" if ok else "#ffcdd2")
            seen["none" if ok is pd.NA else "on" if ok else "off"] += 1
    assert seen["on"] > 0 and seen["off"] > 0 and seen["none"] > 0
    assert not any(c < 3 or c > 6 for _, c in colour)


def test_plot_scorecard():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ax = okr.plot.scorecard(example().scorecard(as_of="2026-08-27", periods=4), title="Weekly")
    assert len(ax.texts) == 12 and any(t.get_text() == "✗ 1" for t in ax.texts)
    # Cells without a verdict (pd.NA in on_goal) are grey, not an error.
    sc = okr.load(okr.example_path()).scorecard(as_of="2026-09-07")
    assert sc.on_goal.isna().to_numpy().any()
    ax = okr.plot.scorecard(sc)
    assert ax.images[0].get_array().min() == 0.0
    plt.close("all")


def test_errors():
    with pytest.raises(okr.InvalidArgumentError, match="periods must be >= 1"):
        example().scorecard(periods=0)
    with pytest.raises(okr.InvalidArgumentError, match="periods must be <= 1000"):
        example().scorecard(periods=10**6)
    doc = json.loads(json.dumps(EXAMPLE5))
    doc["kpis"][1]["frequency"] = "month"
    g = okr.loads(json.dumps(doc))
    with pytest.raises(okr.InvalidArgumentError, match='"lessons_completed" month'):
        g.scorecard(as_of="2026-08-27")
    assert g.scorecard(as_of="2026-08-27", freq="MS", periods=1).values["2026-08-01"].tolist() == [4, 13, 8]
    with pytest.raises(okr.InvalidArgumentError):
        g.scorecard(as_of="2026-13-01")


def test_report_has_the_scorecard_section():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "okr", "report", "--as-of", "2026-09-07"], capture_output=True, text=True,
                         check=True).stdout
    section = out[out.index("Scorecard (13 weeks, 2026-06-15 to 2026-09-07"):out.index("KPI → outcome")]
    rows = {line.split()[0]: line for line in section.splitlines()[3:] if line.strip()}
    sc = okr.load(okr.example_path()).scorecard(as_of="2026-09-07")
    assert list(rows) == list(sc.values.index)
    for kpi, line in rows.items():
        marks = ["·" if pd.isna(v) else ("✓" if v else "✗") for v in sc.on_goal.loc[kpi]]
        assert " ".join(marks) in line
    # The example's dated goal: lessons completed must reach 25 a week from 2026-07-06.
    assert ">= 25" in rows["lessons_completed"]
    assert "3 off" in rows["escalations_t1_t2"]


def test_hand_built_scorecard_reads_none_and_nan_as_no_verdict():
    sc = example().scorecard(as_of="2026-08-27", periods=4)
    for missing, dtype in ((None, object), (np.nan, float)):
        marks = sc.on_goal.astype(object).where(sc.on_goal.notna(), missing).astype(dtype)
        marks.iloc[0, 1] = missing
        built = okr.Scorecard(sc.freq, sc.values, marks, sc.summary, sc._aggregation)
        frame, cols = built._display_frame()
        assert frame.loc[sc.values.index[0], cols[1]].startswith("·")
        assert frame.loc[sc.values.index[0], cols[0]] == sc._display_frame()[0].loc[sc.values.index[0], cols[0]]
        assert "#c8e6c9" in built._repr_html_()


def test_scorecard_with_a_value_in_december_9999():
    kpi = {"id": "k", "title": "K", "frequency": "month", "comparison": ">=", "goal": 6,
           "values": [{"date": "2026-08-10", "value": 3}, {"date": "9999-12-15", "value": 5},
                      {"date": "9999-12-31", "value": 7}]}
    g = okr.loads(json.dumps({"format": "okr", "version": 1, "kpis": [kpi]}))
    # A value in December 9999 made monthly bucketing fail ("no such date: 10000-1-1").
    sc = g.scorecard(as_of="2026-09-07", periods=3)
    assert sc.values.loc["k"].tolist()[1] == 3
    assert sc.on_goal.loc["k"].tolist() == [pd.NA, False, pd.NA]
