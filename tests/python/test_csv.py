"""CSV readers and batch check-ins through Python: all or nothing, errors naming the line."""

import io
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import okr

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def example():
    return okr.load(EXAMPLES / "learning_platform.json")


def test_checkins_csv_equals_check_in_one_by_one():
    a, b = example(), example()
    a.load_checkins_csv(EXAMPLES / "checkins.csv")
    rows = pd.read_csv(EXAMPLES / "checkins.csv")
    for r in rows.itertuples(index=False):
        conf = r.Confidence
        conf = None if isinstance(conf, float) and math.isnan(conf) else (float(conf[:-1]) / 100 if str(conf).endswith("%") else float(conf))
        b.check_in(r[0], r[1], r[2], confidence=conf,
                   note=None if pd.isna(r.Comment) else r.Comment, stage=None if pd.isna(r.Stage) else r.Stage)
    assert a.dumps() == b.dumps()
    assert a.score("kr-co-csat", as_of="2026-09-14") == pytest.approx(0.5625, abs=1e-15)
    assert a.score("kr-ms-escalations", as_of="2026-09-14") == pytest.approx(0.475, abs=1e-15)


def test_checkins_csv_from_a_file_object_and_errors_change_nothing():
    g = example()
    before = g.dumps()
    with pytest.raises(okr.NotFoundError, match=r'line 3: check-in: field "key_result" names unknown key result "kr-nope"'):
        g.load_checkins_csv(io.StringIO("key_result,date,value\nkr-co-csat,2026-09-14,85\nkr-nope,2026-09-14,1\n"))
    with pytest.raises(okr.InvalidArgumentError, match=r'line 2: column "value": "n/a" is not a finite number'):
        g.load_checkins_csv(io.BytesIO(b"kr,date,value\nkr-co-csat,2026-09-14,n/a\n"))
    with pytest.raises(okr.ParseError, match=r'no "date" column'):
        g.load_checkins_csv(io.StringIO("kr,value\nx,1\n"))
    with pytest.raises(okr.ParseError, match="UTF-8"):
        g.load_checkins_csv(io.BytesIO(b"kr,date,value\n\xff,2026-09-14,1\n"))
    with pytest.raises(okr.Error, match=r'line 2: .*"2026-09-14 garbage"'):  # a timestamp needs a time of day
        g.load_checkins_csv(io.StringIO("kr,date,value\nkr-co-csat,2026-09-14 garbage,85\n"))
    assert g.dumps() == before
    g.load_checkins_csv(io.StringIO("kr;date;value\nkr-co-csat;2026-09-14;86\n"))  # semicolons
    assert g.score("kr-co-csat", as_of="2026-09-14") == pytest.approx(0.5)


def test_check_in_many_from_a_dataframe_is_all_or_nothing():
    g = example()
    before = g.dumps()
    df = pd.DataFrame({
        "key_result": ["kr-co-csat", "kr-ms-escalations", "kr-rock-deploy"],
        "date": pd.to_datetime(["2026-09-14", "2026-09-14", "2026-09-14"]),
        "value": [86.5, 101, 0.5],
        "confidence": [0.8, np.nan, np.nan],
        "note": ["steady", None, None],
        "stage": [None, None, "nope"],
    })
    with pytest.raises(okr.NotFoundError, match=r'check-ins\[2\]: .*unknown stage "nope"'):
        g.check_in_many(df)
    assert g.dumps() == before
    df.loc[2, "stage"] = "content"
    g.check_in_many(df)
    assert g.score("kr-co-csat", as_of="2026-09-14") == pytest.approx(0.5625)
    assert g.node_score("kr-rock-deploy", as_of="2026-09-14")["checkins"] > 0
    g.check_in_many([{"key_result": "kr-co-csat", "date": "2026-09-15", "value": 90}])
    assert g.score("kr-co-csat", as_of="2026-09-15") == 1.0
    with pytest.raises(okr.InvalidArgumentError, match='no "value" column'):
        g.check_in_many([{"key_result": "kr-co-csat", "date": "2026-09-15"}])


def test_scorecard_csv_domain_example_5():
    g = okr.Graph()
    g.load_scorecard_csv(EXAMPLES / "scorecard.csv")
    m = g.kpis(freq="W")
    assert list(m.columns) == ["lessons_created", "lessons_completed", "kb_articles_created"]
    assert list(m.index.strftime("%Y-%m-%d")) == ["2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26"]
    np.testing.assert_array_equal(m.to_numpy().T, [[1, 0, 2, 1], [5, 4, 3, 1], [2, 1, 3, 2]])
    info = g.kpi_info()
    assert info.loc["lessons_completed", "team"] == "HR"
    assert info.loc["lessons_completed", "owner"] == "Diana"
    with pytest.raises(okr.DuplicateError, match=r'line 2: duplicate id "lessons_created"'):
        g.load_scorecard_csv(EXAMPLES / "scorecard.csv")
    with pytest.raises(okr.ParseError, match='column "Notes" is neither a scorecard column nor a week'):
        g.load_scorecard_csv(io.StringIO("kpi,2026-01-05,Notes\nA,1,x\n"))
    assert len(g.kpis(freq="W").columns) == 3


def test_check_in_many_treats_pandas_missing_values_as_not_given():
    g = example()
    before = g.dumps()
    df = pd.DataFrame({
        "key_result": pd.array(["kr-co-csat", "kr-ms-escalations"], dtype="string"),
        "date": ["2026-09-14", "2026-09-14"],
        "value": [86.5, 101],
        "confidence": pd.array([0.8, None], dtype="Float64"),
        "note": pd.array(["steady", None], dtype="string"),
        "stage": pd.array([None, None], dtype="string"),
    })
    g.check_in_many(df)
    doc = json.loads(g.dumps())
    added = [c for c in doc["checkins"] if c["date"] == "2026-09-14"]
    assert {c["key_result"]: c.get("note") for c in added} == {"kr-co-csat": "steady", "kr-ms-escalations": None}
    assert {c["key_result"]: c.get("confidence") for c in added} == {"kr-co-csat": 0.8, "kr-ms-escalations": None}
    g2 = example()
    with pytest.raises(okr.InvalidArgumentError, match=r'check-ins\[1\]: field "date" is missing'):
        g2.check_in_many(pd.DataFrame({"key_result": ["kr-co-csat"] * 2, "date": pd.to_datetime(["2026-09-14", None]),
                                       "value": [1.0, 2.0]}))
    with pytest.raises(okr.InvalidArgumentError, match=r'check-ins\[0\]: field "value" is missing'):
        g2.check_in_many([{"key_result": "kr-co-csat", "date": "2026-09-14", "value": None}])
    assert g2.dumps() == before
    g2.check_in_many([])  # nothing to do
    g2.check_in_many(pd.DataFrame(columns=["key_result", "date", "value"]))
    assert g2.dumps() == before
