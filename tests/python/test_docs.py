"""The documentation's Python examples run, and the published JSON Schema accepts the bundled
example and rejects what the library rejects."""

import json
import os
import re

import pytest

import okr

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
DOCS = [os.path.join(ROOT, "README.md")] + sorted(
    os.path.join(ROOT, "docs", f) for f in os.listdir(os.path.join(ROOT, "docs")) if f.endswith(".md")
)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def python_blocks():
    for path in DOCS:
        text = read(path)
        for i, block in enumerate(re.findall(r"```python\n(.*?)```", text, flags=re.S)):
            yield pytest.param(block, id=f"{os.path.basename(path)}-{i}")


# The tenants page starts a dask LocalCluster: Debian's distributed 2022.12 on Python 3.11 calls
# tornado APIs that now warn (as in test_dask.py); not okr's concern.
@pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.parametrize("code", list(python_blocks()))
def test_python_examples_run(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    environ = dict(os.environ)  # an example may set variables for the processes it starts
    try:
        exec(compile(code, "<doc example>", "exec"), {"__name__": "__doc_example__"})
    finally:
        os.environ.clear()
        os.environ.update(environ)


def test_schema_accepts_the_example_and_matches_the_loader():
    import jsonschema
    schema = json.loads(read(os.path.join(ROOT, "docs", "okr.schema.json")))
    validator = jsonschema.Draft202012Validator(schema)
    doc = json.loads(read(okr.example_path()))
    validator.validate(doc)
    # What okr writes validates too.
    validator.validate(json.loads(okr.load(okr.example_path()).dumps()))
    # A misspelt policy field and a wrong version are rejected by both.
    def with_kr(**fields):
        kr = {"id": "extra-kr", "objective": doc["objectives"][0]["id"], "title": "X", "type": "metric", "start": 0,
              "target": 1}
        kr.update(fields)
        return dict(doc, key_results=doc["key_results"] + [{k: v for k, v in kr.items() if v is not None}])

    checkin = {"key_result": "extra-kr", "date": "2026-08-01", "value": 1}
    first_kpi = doc["kpis"][0]["id"]
    bad_docs = [
        dict(doc, scoring={"on_trak": 0.8}),
        dict(doc, version=2),
        # A type-specific field on another type, an explicit default included.
        with_kr(threshold=3),
        with_kr(tolerance=0.5),
        with_kr(direction="at_most"),
        with_kr(required=2),
        with_kr(type="health", start=None, target=None, band=[1, 2], direction="at_most"),
        with_kr(type="baseline", start=None, target=None, required=2, band=[1, 2]),
        with_kr(type="milestone", start=None, target=None, stages=[]),
        with_kr(title=None),
        dict(with_kr(), checkins=doc["checkins"] + [dict(checkin, stage="")]),
        dict(doc, objectives=[dict(doc["objectives"][0], cycle="")] + doc["objectives"][1:]),
        dict(with_kr(), links=doc["links"] + [{"from": "extra-kr", "to": first_kpi, "type": "measured_by", "weight": 2}]),
    ]
    for bad in bad_docs:
        assert not validator.is_valid(bad), bad.get("key_results", [None])[-1]
        with pytest.raises(okr.Error):
            okr.loads(json.dumps(bad))
    # Both accept a null confidence (no confidence) and defaults given explicitly on any type.
    goods = [
        dict(with_kr(), checkins=doc["checkins"] + [dict(checkin, confidence=None)]),
        with_kr(direction="at_least", tolerance=0),
        with_kr(type="health", start=None, target=None, band=[1, 2], direction="at_least"),
        dict(with_kr(), links=doc["links"] + [{"from": "extra-kr", "to": first_kpi, "type": "measured_by", "weight": 1}]),
    ]
    for good in goods:
        validator.validate(good)
        okr.loads(json.dumps(good))


def json_blocks():
    for path in DOCS:
        for i, block in enumerate(re.findall(r"^```json\n(.*?)^```", read(path), flags=re.S | re.M)):
            yield pytest.param(block, id=f"{os.path.basename(path)}-json-{i}")


@pytest.mark.parametrize("text", list(json_blocks()))
def test_json_examples_are_what_they_claim(text):
    doc = json.loads(text)
    if doc.get("format") == "okr":
        g = okr.loads(text)  # a document example loads as it is shown
        assert len(g) > 0
    elif doc.get("format") == "okr-lint-rules":
        assert not okr.lint(okr.load(okr.example_path()), rules=text).empty
