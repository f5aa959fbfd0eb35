"""The OKR coach through Python and the command line: the DataFrame contract, the labelled set's
precision and recall (and docs/coach.md's table of them), rule tables as dict / JSON / path,
errors, the bundled organisation, the CLI's formats and exit codes."""

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

import okr

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import coach_quality  # noqa: E402

DOC = {"format": "okr", "version": 1,
       "objectives": [{"id": "o", "title": "Customers trust us", "owner": "Ann", "why_now": "Because."},
                      {"id": "n", "title": "Increase revenue by 20%", "owner": "Ann"}],
       "key_results": [{"id": "k1", "objective": "o", "title": "Develop training for sales team", "type": "milestone"},
                       {"id": "k2", "objective": "o", "title": "Cut disputes from 85 to 30", "type": "metric",
                        "start": 80, "target": 30}]}


def graph():
    return okr.loads(json.dumps(DOC))


def test_findings_dataframe():
    df = graph().lint()
    assert list(df.columns) == ["code", "severity", "id", "field", "message", "question", "suggestion"]
    assert list(df["severity"].cat.categories) == ["error", "warning", "info"]
    got = set(zip(df["code"], df["id"], df["field"]))
    assert {("kr_task_like", "k1", "title"), ("kr_not_measurable", "k1", "title"), ("kr_title_mismatch", "k2", "start"),
            ("objective_numeric", "n", "title"), ("objective_no_why_now", "n", "why_now")} <= got
    task = df[df["code"] == "kr_task_like"].iloc[0]
    assert task["question"] == "What is the intended outcome of this task? How will you know it worked?"
    assert '"Develop"' in task["message"] and task["suggestion"]
    errors = graph().lint(severity="error")
    assert list(errors["code"]) == ["kr_title_mismatch"]
    assert okr.lint(graph()).equals(df)


def test_rules_as_dict_json_and_path(tmp_path):
    table = okr.default_lint_rules()
    assert table["format"] == "okr-lint-rules" and "kr_task_like" in table["rules"]
    table["rules"]["kr_task_like"]["severity"] = "error"
    df = graph().lint(rules=table)
    assert df.loc[df["code"] == "kr_task_like", "severity"].iloc[0] == "error"
    own = {"format": "okr-lint-rules", "version": 1, "extends": "none", "rules": {"objective_numeric": {}}}
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(own), encoding="utf-8")
    for r in (own, json.dumps(own), str(path), path):
        assert list(graph().lint(rules=r)["code"]) == ["objective_numeric"]


@pytest.mark.parametrize("rules, error, match", [
    ({"format": "okr-lint-rules", "version": 1, "rules": {"kr_typo": {}}}, okr.InvalidArgumentError, "rules.kr_typo"),
    ({"format": "okr-lint-rules", "version": 1, "rules": {"kr_negative": {"severity": "loud"}}}, okr.InvalidArgumentError,
     "not error, warning or info"),
    ({"format": "okr-lint-rules", "version": 1, "rules": {"kr_negative": {"words": [1]}}}, okr.InvalidArgumentError,
     r"words\[0\]"),
    ("{nope", okr.ParseError, "not valid JSON"),
    ({"format": "other", "version": 1, "rules": {}}, okr.VersionError, "okr-lint-rules"),
])
def test_bad_rule_tables(rules, error, match):
    with pytest.raises(error, match=match):
        graph().lint(rules=rules)


def test_labelled_set_precision_and_recall_and_the_documented_table():
    result, wrong, n = coach_quality.evaluate(okr)
    held, wrong_held, n_held = coach_quality.evaluate(okr, coach_quality.HELD_OUT)
    assert n >= 150 and n_held >= 40
    for code, (tp, fp, fn) in result.items():
        assert tp + fn >= 5, code  # each rule has examples to be judged on
        assert tp / (tp + fp) >= 0.9, (code, wrong)
        assert tp / (tp + fn) >= 0.8, (code, wrong)
        htp, hfp, hfn = held[code]
        assert htp + hfp == 0 or htp / (htp + hfp) >= 0.9, (code, wrong_held)
    with open(os.path.join(ROOT, "docs", "coach.md"), encoding="utf-8") as f:
        assert coach_quality.table(result, n, held, n_held) in f.read()  # docs/coach.md shows the current numbers


def test_bundled_example_findings_are_the_known_ones():
    df = okr.lint(okr.example_path())
    assert sorted(set(df["code"])) == ["low_bottom_up_share", "objective_no_why_now"]
    assert list(df.loc[df["code"] == "objective_no_why_now", "id"]) == ["o-q4-sales-offer"]
    assert not (df["severity"] == "error").any()


def run(*args):
    return subprocess.run([sys.executable, "-m", "okr", "lint", *args], capture_output=True, text=True)


def test_command_line(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"format": "okr", "version": 1, "objectives": [
        {"id": "o", "title": "Customers trust us", "owner": "Ann", "why_now": "Because."}]}), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(DOC), encoding="utf-8")
    ok = run(str(good), "--severity", "warning")
    assert ok.returncode == 0 and "0 finding(s)" in ok.stdout
    r = run(str(bad))
    assert r.returncode == 1
    assert f"{bad}: k1: warning [kr_task_like] (title): the title starts with \"Develop\"" in r.stdout
    assert f"{bad}: k2: error [kr_title_mismatch] (start):" in r.stdout
    j = run(str(bad), "--format", "json")
    rows = json.loads(j.stdout)
    assert j.returncode == 1 and {"code", "severity", "id", "field", "message", "question", "suggestion"} == set(rows[0])
    assert ["kr_title_mismatch"] == [x["code"] for x in json.loads(run(str(bad), "--format", "json", "--severity", "error").stdout)]
    quiet = tmp_path / "quiet.json"
    quiet.write_text(json.dumps({"format": "okr-lint-rules", "version": 1, "rules": {"kr_title_mismatch": {"severity": "warning"}}}))
    assert run(str(bad), "--rules", str(quiet)).returncode == 0
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    b = run(str(broken))
    assert b.returncode == 2 and "okr: error: JSON parse error" in b.stderr
    assert run(str(tmp_path / "missing.json")).returncode == 2
    assert run(str(bad), "--rules", str(broken)).returncode == 2


def test_report_has_the_coach_section(tmp_path):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(DOC), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "okr", "report", str(path), "--as-of", "2026-09-07"], check=True,
                         capture_output=True, text=True).stdout
    coach = out[out.index("Coach ("):]
    assert "1 kr_title_mismatch (error)" in coach and "1 kr_task_like (warning)" in coach
    first = coach.splitlines()[3]  # the worst first: the error
    assert first.startswith("  error   k2: the title says \"from 85 to 30\"")
    assert "? Which is right, the title or the key result's start and target?" in coach


def test_far_numbers_in_messages_are_written_in_the_shortest_form():
    # Fixed notation of 5e-324 takes 327 characters: the message once held bytes no one wrote
    # (a UnicodeDecodeError here).
    doc = json.loads(json.dumps(DOC))
    doc["key_results"][1].update(start=5e-324, target=-1e308)
    df = okr.loads(json.dumps(doc)).lint()
    message = df[df["code"] == "kr_title_mismatch"]["message"].tolist()
    assert len(message) == 1 and message[0].endswith("start is 5e-324 and its target -1e+308")
