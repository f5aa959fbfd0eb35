"""The Python reference is complete: every public function, method and class has a numpydoc
docstring (a summary, its parameters, what it returns, what it raises, an example), and every
example in a docstring runs and prints what it shows."""

import doctest
import importlib
import inspect

import pytest
from numpydoc.docscrape import FunctionDoc
from numpydoc.validate import validate

import okr

# The modules whose __all__ is the public Python API (okr.dask needs dask only when called).
MODULES = ["okr", "okr.plot", "okr.dask", "okr.report"]
# numpydoc checks that must pass: a docstring with a one-line summary, every parameter
# documented and none invented, a Returns section when something is returned, an example.
CHECKS = {"GL08", "SS01", "SS03", "PR01", "PR02", "RT01", "EX01"}


def public_objects():
    seen = set()
    for modname in MODULES:
        module = importlib.import_module(modname)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not (inspect.isclass(obj) or callable(obj)):
                continue
            qualname = f"{modname}.{name}"
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            yield qualname, obj
            if inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    if isinstance(member, (property, staticmethod, classmethod)) or inspect.isfunction(member):
                        yield f"{qualname}.{attr}", getattr(obj, attr) if not isinstance(member, property) else member


PUBLIC = list(public_objects())


def test_the_public_api_is_large_enough_to_mean_something():
    assert len(PUBLIC) > 80


@pytest.mark.parametrize("qualname,obj", PUBLIC, ids=[q for q, _ in PUBLIC])
def test_numpydoc_docstring(qualname, obj):
    result = validate(qualname)
    errors = [f"{code}: {msg}" for code, msg in result["errors"] if code in CHECKS]
    if isinstance(obj, property):
        errors = [e for e in errors if not e.startswith(("EX01", "RT01", "PR0"))]
    assert not errors, f"{qualname}:\n  " + "\n  ".join(errors)
    if inspect.isfunction(obj) or inspect.ismethod(obj):
        doc = FunctionDoc(obj)
        assert doc["Raises"], f"{qualname}: no Raises section"


def docstring_tests():
    finder = doctest.DocTestFinder(exclude_empty=True)
    seen = set()
    for modname in ["okr", "okr.plot", "okr.dask", "okr.report", "okr._graph", "okr.alignment", "okr.correlation",
                    "okr.regression", "okr.scorecard", "okr.lint", "okr.limits", "okr.errors"]:
        module = importlib.import_module(modname)
        for test in finder.find(module, modname):
            if test.examples and test.name not in seen:
                seen.add(test.name)
                yield pytest.param(test, id=test.name)


@pytest.mark.parametrize("test", list(docstring_tests()))
def test_docstring_examples_run(test, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out = []
    result = runner.run(test, out=out.append)
    assert result.failed == 0, "".join(out)


# ---- the C reference: every function of okr.h says who owns what, who may call it at once, and
# what it returns. Doxygen (docs/Doxyfile, run by the site build) checks that every parameter is
# documented; this checks the parts Doxygen cannot know are required.
import os
import re

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))


def c_functions():
    with open(os.path.join(ROOT, "capi", "okr.h"), encoding="utf-8") as f:
        text = f.read()
    pattern = re.compile(r"(/\*\*(?:(?!\*/).)*\*/)?\s*OKR_API\s+([^;(]*?)\b(okr_\w+)\s*\(", re.S)
    for m in pattern.finditer(text):
        yield m.group(3), m.group(2).strip(), m.group(1) or ""


C_FUNCTIONS = list(c_functions())


def test_the_c_api_is_all_there():
    assert len(C_FUNCTIONS) >= 100


@pytest.mark.parametrize("name,returns,doc", C_FUNCTIONS, ids=[n for n, _, _ in C_FUNCTIONS])
def test_c_function_reference(name, returns, doc):
    assert doc, f"{name}: no /** ... */ comment right above it"
    assert "@par Ownership" in doc, f"{name}: no '@par Ownership' paragraph"
    assert "@par Thread-safety" in doc, f"{name}: no '@par Thread-safety' paragraph"
    if returns == "okr_status":
        assert re.search(r"@retval\s+OKR_OK\b", doc), f"{name}: no '@retval OKR_OK'"
        assert re.search(r"@retval\s+OKR_ERR_\w+", doc), f"{name}: no '@retval OKR_ERR_...' for its errors"
    elif returns != "void":
        assert "@return" in doc, f"{name}: returns {returns} but has no @return"
