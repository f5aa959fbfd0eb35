"""KPI goals for EOS scorecards through Python: dated goals, not_in_range and frequency load,
write back losslessly, match the published schema, and bad ones raise okr errors naming the field."""

import json
import os

import pytest

import okr

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))


def document(**kpi):
    base = {"id": "lessons", "title": "Lessons created", "owner": "Marvin",
            "values": [{"date": "2026-07-06", "value": 1}, {"date": "2026-07-13", "value": 0}]}
    base.update(kpi)
    return {"format": "okr", "version": 1, "kpis": [base]}


GOALS = dict(comparison=">=", goal=1, frequency="month",
             goals=[{"from": "2026-08-03", "comparison": ">=", "goal": 2},
                    {"from": "2026-09-07", "comparison": "not_in_range", "goal": [0, 1.5]}])


def test_dated_goals_round_trip_and_match_the_schema():
    import jsonschema
    doc = document(**GOALS)
    g = okr.loads(json.dumps(doc))
    out = json.loads(g.dumps())
    kpi = out["kpis"][0]
    assert kpi["goals"] == GOALS["goals"]
    assert kpi["frequency"] == "month"
    assert (kpi["comparison"], kpi["goal"]) == (">=", 1)
    assert okr.loads(g.dumps()).dumps() == g.dumps()
    with open(os.path.join(ROOT, "docs", "okr.schema.json"), encoding="utf-8") as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    validator.validate(doc)
    validator.validate(out)
    for bad in (document(frequency="fortnight"),
                document(goals=[{"from": "2026-08-03", "comparison": ">="}]),
                document(goals=[{"from": "2026-08-03", "comparison": "outside", "goal": 1}])):
        assert not validator.is_valid(bad)
        with pytest.raises(okr.Error):
            okr.loads(json.dumps(bad))


@pytest.mark.parametrize("kpi,needle", [
    (dict(goals=[{"from": "2026-09-01", "comparison": ">=", "goal": 2}, {"from": "2026-08-03", "comparison": ">=", "goal": 3}]),
     'field "goals[1].from" 2026-08-03 is not after the previous goal\'s 2026-09-01'),
    (dict(comparison="not_in_range", goal=[5, 3]), 'field "goal" must be [low, high] with low <= high'),
    (dict(goals=[{"from": "2026-08-03", "comparison": "in_range", "goal": [2, 1]}]),
     'field "goals[0].goal" must be [low, high] with low <= high'),
    (dict(comparison=">="), 'field "goal" must be a finite number'),
    (dict(frequency="fortnight"), 'field "frequency" must be one of week|month|quarter'),
])
def test_bad_goals_raise_invalid_argument_naming_the_field(kpi, needle):
    with pytest.raises(okr.InvalidArgumentError, match="lessons") as e:
        okr.loads(json.dumps(document(**kpi)))
    assert needle in str(e.value)
