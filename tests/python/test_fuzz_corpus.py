"""The fuzz corpora (tests/fuzz/corpus) through the Python surface: every document and CSV the
fuzzers kept, loaded and then asked for every table, report and plot input. Whatever the input,
the only errors are okr.Error subclasses (or MemoryError), never a raw pandas, numpy or Python
error, and what loads round-trips through dumps."""

import io
import os

import pytest

import okr
import okr.report

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "fuzz", "corpus")
DATES = [None, "2026-09-07", "0001-01-01", "9999-12-31"]


def corpus(target):
    folder = os.path.join(CORPUS, target)
    return sorted(os.path.join(folder, name) for name in os.listdir(folder))


def attempt(what, call):
    """Run call(); an error must be an okr.Error (or MemoryError). Returns the result or None."""
    try:
        return call()
    except (okr.Error, MemoryError):
        return None
    except Exception as exc:  # anything else is a bug of the Python surface
        pytest.fail(f"{what}: {type(exc).__module__}.{type(exc).__name__}: {exc}")


def ask_everything(g, label):
    for as_of in DATES:
        for name in ("scores", "rocks", "rock_milestones", "rock_findings", "alignment", "score_vector"):
            attempt(f"{label}: {name}(as_of={as_of})", lambda: getattr(g, name)(as_of=as_of))
        attempt(f"{label}: rock_completion(as_of={as_of})", lambda: g.rock_completion(by="team", as_of=as_of))
        for freq in (None, "W", "MS"):
            sc = attempt(f"{label}: scorecard({as_of}, {freq})", lambda: g.scorecard(as_of=as_of, freq=freq, periods=4))
            if sc is not None:
                attempt(f"{label}: scorecard repr", lambda: (repr(sc), sc._repr_html_(), sc.to_csv()))
    for name in ("nodes", "links", "cycles", "kpi_info", "measured_by", "lint"):
        attempt(f"{label}: {name}()", getattr(g, name))
    for freq in ("W", "MS", "QS"):
        attempt(f"{label}: kpis({freq})", lambda: g.kpis(freq=freq))
    attempt(f"{label}: repr", lambda: (repr(g), g._repr_html_()))
    for as_of in ("2026-09-07", "9999-12-31"):
        attempt(f"{label}: text report {as_of}", lambda: okr.report.organisation_report(g, as_of=as_of))
        attempt(f"{label}: report data {as_of}", lambda: okr.report.data(g, as_of=as_of))
    text = g.dumps()
    assert okr.loads(text) == g, label


@pytest.mark.parametrize("path", corpus("load_json"), ids=os.path.basename)
def test_load_json_corpus(path):
    with open(path, "rb") as f:
        data = f.read()
    g = attempt(os.path.basename(path), lambda: okr.loads(data))
    if g is not None:
        ask_everything(g, os.path.basename(path))


@pytest.mark.parametrize("target, method", [("scorecard_csv", "load_scorecard_csv"), ("checkins_csv", "load_checkins_csv")])
def test_csv_corpora(target, method):
    base = okr.load(okr.example_path())
    for path in corpus(target):
        with open(path, "rb") as f:
            data = f.read()
        g = base.__copy__()
        before = g.dumps()
        loaded = attempt(os.path.basename(path), lambda: getattr(g, method)(io.BytesIO(data)) or True)
        if loaded is None:
            assert g.dumps() == before, f"{path}: a failed load changed the graph"
            continue
        for as_of in ("2026-09-07", "9999-12-31"):
            for freq in (None, "W", "D"):
                attempt(f"{path}: scorecard", lambda: g.scorecard(as_of=as_of, freq=freq, periods=3))
        attempt(f"{path}: kpis", lambda: g.kpis(freq="MS"))
        attempt(f"{path}: scores", lambda: g.scores(as_of="2026-09-07"))


# Values the mutations below put in place of a field's value: the edges of the date range and of
# pandas' dates, far and tiny numbers, and strings people paste.
MUTANT_DATES = ["0001-01-01", "9999-12-31", "1677-09-21", "1677-09-22", "2262-04-11", "2262-04-12", "2024-02-29",
                "9026-08-10", "0026-08-10"]
MUTANT_NUMBERS = [0, -0.0, 1e308, -1e308, 5e-324, 1e-300, 2 ** 53 + 1, -1, 1, 0.5, 100, 1e15, -1e15]
MUTANT_TEXTS = ["", "é", "a" * 300, "\u2028", "😀", "0", "NaN", "<script>", 'a"b', "{{x}}", "%s"]


def mutated(doc, rng):
    """doc with one to four leaf values replaced: a date by another date, a number by another
    number, a string by another string, a boolean by its opposite."""
    leaves = []

    def walk(x, parent, key):
        if isinstance(x, dict):
            for k, v in x.items():
                walk(v, x, k)
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, x, i)
        elif parent is not None:
            leaves.append((parent, key))

    walk(doc, None, None)
    for _ in range(rng.randint(1, 4)):
        parent, key = rng.choice(leaves)
        v = parent[key]
        if isinstance(v, bool):
            parent[key] = not v
        elif isinstance(v, (int, float)):
            parent[key] = rng.choice(MUTANT_NUMBERS)
        elif isinstance(v, str) and len(v) == 10 and v[4] == "-":
            parent[key] = rng.choice(MUTANT_DATES)
        elif isinstance(v, str):
            parent[key] = rng.choice(MUTANT_TEXTS)
    return doc


@pytest.mark.parametrize("seed", range(0, 400, 4))
def test_mutated_documents(seed):
    import json
    import random

    rng = random.Random(seed)
    path = rng.choice([okr.example_path(), os.path.join(HERE, "..", "data", "rocks.json")])
    with open(path, encoding="utf-8") as f:
        doc = mutated(json.load(f), rng)
    g = attempt(f"seed {seed}", lambda: okr.loads(json.dumps(doc)))
    if g is not None:
        ask_everything(g, f"seed {seed}")
