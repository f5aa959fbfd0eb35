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


@pytest.mark.parametrize("code", list(python_blocks()))
def test_python_examples_run(code, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "<doc example>", "exec"), {"__name__": "__doc_example__"})


def test_schema_accepts_the_example_and_matches_the_loader():
    import jsonschema
    schema = json.loads(read(os.path.join(ROOT, "docs", "okr.schema.json")))
    validator = jsonschema.Draft202012Validator(schema)
    doc = json.loads(read(okr.example_path()))
    validator.validate(doc)
    # What okr writes validates too.
    validator.validate(json.loads(okr.load(okr.example_path()).dumps()))
    # A misspelt policy field and a wrong version are rejected by both.
    for bad in (dict(doc, scoring={"on_trak": 0.8}), dict(doc, version=2)):
        assert not validator.is_valid(bad)
        with pytest.raises(okr.Error):
            okr.loads(json.dumps(bad))
