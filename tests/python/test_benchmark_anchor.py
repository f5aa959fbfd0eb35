"""okr's scores and full output against the scoring benchmark's anchor (benchmarks/
anchor_rollup.py), an independent plain-Python implementation of the same rules, on generated
organisations: the benchmark's ratios compare equal work only if both compute the same."""

import json
import math
import sys
from pathlib import Path

import pytest

import okr

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCH))
import anchor_rollup  # noqa: E402
import gen_org  # noqa: E402

NUMBERS = anchor_rollup.FULL_COLUMNS[:-1]


def same(a, b, tol):
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol


@pytest.fixture(scope="module", params=[(3000, 4, 7), (2000, 9, 8)], ids=["k4", "k9"])
def org(request, tmp_path_factory):
    nodes, checkins, seed = request.param
    path = tmp_path_factory.mktemp("org") / "org.json"
    with open(path, "w", encoding="utf-8") as out:
        gen_org.generate(nodes, checkins, seed, out)
    text = path.read_text(encoding="utf-8")
    return okr.loads(text), anchor_rollup.from_doc(json.loads(text))


@pytest.mark.parametrize("as_of", ["2026-06-20", "2026-07-15", "2026-08-15", "2026-09-29", "2026-09-30", "2026-12-01"])
def test_full_output_equals_the_anchor(org, as_of):
    g, st = org
    df = g.scores(as_of)
    full = anchor_rollup.full_job(st, as_of)
    assert len(full) == len(df)
    statuses = df["status"].astype(str)
    cols = {c: df[c].to_numpy() for c in NUMBERS}
    checked_forecasts = 0
    for i, nid in enumerate(df.index):
        mine = full[nid]
        for j, c in enumerate(NUMBERS):
            assert same(float(cols[c][i]), mine[j], 1e-9), (nid, c, float(cols[c][i]), mine[j])
        assert statuses.iloc[i] == mine[6], nid
        checked_forecasts += not math.isnan(mine[5])
    if as_of in ("2026-08-15", "2026-09-29"):
        assert checked_forecasts > 100  # least-squares forecasts, intervals and p_target compared


def test_scores_equal_the_anchor_scores(org):
    g, st = org
    vec = g.score_vector("2026-08-15")
    anchor = anchor_rollup.full_rescore(st, "2026-08-15")
    assert len(anchor) == len(vec)
    for nid, v in vec.items():
        assert same(v, anchor[nid], 1e-12), nid


def test_student_t_of_the_anchor_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    for df in (1, 2, 3, 7, 30):
        for t in (-4.0, -1.3, 0.0, 0.4, 2.5):
            assert anchor_rollup.t_cdf(t, df) == pytest.approx(stats.t.cdf(t, df), abs=1e-12)
        assert anchor_rollup.t_quantile(0.9, df) == pytest.approx(stats.t.ppf(0.9, df), rel=1e-7)


def test_check_ins_keep_full_output_equal(tmp_path):
    import random

    path = tmp_path / "org.json"
    with open(path, "w", encoding="utf-8") as out:
        gen_org.generate(1500, 4, 3, out)
    g = okr.load(str(path))
    st = anchor_rollup.load(str(path))
    as_of = "2026-08-15"
    anchor_rollup.full_job(st, as_of)
    rng = random.Random(5)
    krs = list(st.kr)
    for _ in range(60):
        kid = krs[rng.randrange(len(krs))]
        value, stage = anchor_rollup.random_checkin(st, kid, rng)
        anchor_rollup.incremental_full(st, kid, as_of, value, stage)
        g.check_in(kid, as_of, value, stage=stage)
    kept = st.full[4]
    df = g.scores(as_of)
    for nid, row in zip(df.index, df.itertuples()):
        mine = kept[nid]
        for j, c in enumerate(NUMBERS):
            assert same(float(getattr(row, c)), mine[j], 1e-9), (nid, c)
        assert str(row.status) == mine[6], nid
    fresh = anchor_rollup.full_job(st, as_of)
    assert all(fresh[k][6] == kept[k][6] for k in fresh)
