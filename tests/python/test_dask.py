"""okr.dask: many tenants, serially and on a dask.distributed LocalCluster (two worker
processes): the same results, one tenant's bad document as its error row, and a worker killed
mid-run replaced by dask with the run completing."""

import os
import signal
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import okr
import okr.dask

distributed = pytest.importorskip("distributed")

# Debian's distributed 2022.12 on Python 3.11 calls tornado APIs that now warn; not okr's concern.
pytestmark = [
    pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore:There is no current event loop:DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::ResourceWarning"),
]

AS_OF = "2026-08-15"
BAD = '{"format":"okr","version":1,"objectives":[{"id":"a"}]}'


def sources():
    example = okr.example_path()
    return {
        "acme": example,  # a path: read by the worker
        "globex": Path(example).read_text(encoding="utf-8"),  # a JSON text: sent with the task
        "broken": BAD,
        "missing": "/no/such/tenant.json",
        "initech": Path(example).read_bytes(),
    }


def comparable(df):
    df = df.copy()
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            df[c] = df[c].astype(object)
    return df


def test_serially_every_tenant_with_its_scores_or_its_error():
    df = okr.dask.score_tenants(sources(), as_of=AS_OF)
    assert list(df["tenant"].unique()) == ["acme", "globex", "broken", "missing", "initech"]
    one = okr.load(okr.example_path()).scores(AS_OF).reset_index()
    for tenant in ("acme", "globex", "initech"):
        got = df[df["tenant"] == tenant].drop(columns=["tenant", "error_code", "error"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(comparable(got), comparable(one), check_dtype=False)
    errors = df[df["error"].notna()].set_index("tenant")
    assert errors.loc["broken", "error_code"] == okr.InvalidArgumentError.code
    assert errors.loc["broken", "error"] == 'objectives[0] "a": field "title" is required'
    assert errors.loc["missing", "error_code"] == okr.NotFoundError.code
    assert "No such file" in errors.loc["missing", "error"]
    assert df.loc[df["error"].notna(), "score"].isna().all()


def test_summary_rows():
    s = okr.dask.summarise_tenants(sources(), as_of=AS_OF)
    assert list(s.index) == ["acme", "globex", "broken", "missing", "initech"]
    g = okr.load(okr.example_path())
    scores = g.scores(AS_OF)
    report = g.alignment(AS_OF)
    row = s.loc["acme"]
    assert pd.isna(row["error"]) and pd.isna(row["error_code"])
    assert row["nodes"] == len(scores) == 65
    assert row["objectives"] + row["key_results"] == 65
    assert row["checkins"] == g.checkin_count
    counts = scores["status"].value_counts()
    for status in ("on_track", "at_risk", "off_track", "done", "not_started", "no_data", "planned"):
        assert row[f"n_{status}"] == counts.get(status, 0)
    top = scores.loc[report.top, "score"]
    assert row["top_objectives"] == len(report.top)
    assert row["top_score_mean"] == pytest.approx(top.mean())
    assert row["top_score_min"] == pytest.approx(top.min())
    assert row["orphans"] == len(report.orphans)
    lint = g.lint()
    assert row["lint_errors"] == (lint["severity"] == "error").sum()
    # The L&D question of the example: lessons completed lead tier-1 -> tier-2 escalations.
    assert (row["lead_driver"], row["lead_outcome"], row["lead_lag"]) == ("lessons_completed", "escalations_t1_t2", 3)
    assert row["lead_r"] < -0.9 and row["lead_q"] < 0.05
    assert s.loc["broken", "error_code"] == okr.InvalidArgumentError.code
    assert pd.isna(s.loc["broken", "nodes"])
    pd.testing.assert_series_equal(s.loc["globex"].drop("error"), s.loc["acme"].drop("error"), check_names=False)


def test_sources_forms():
    assert okr.dask.tenant_sources(["/x/a.json", "/y/b.json"]) == {"a": "/x/a.json", "b": "/y/b.json"}
    with pytest.raises(ValueError, match="tenant name 'a'"):
        okr.dask.tenant_sources(["/x/a.json", "/y/a.json"])
    with pytest.raises(TypeError):
        okr.dask.tenant_sources("/x/a.json")
    with pytest.raises(TypeError, match=r"sources\['t'\]"):
        okr.dask.tenant_sources({"t": 3})


def test_arguments_shared_by_every_tenant_are_checked_once():
    # A bad date or limits object is the caller's error, raised before any tenant runs, not an
    # error row for each tenant.
    for call in (okr.dask.score_tenants, okr.dask.summarise_tenants):
        with pytest.raises(okr.InvalidArgumentError, match='as_of: "2026-13-01" is not a date'):
            call(sources(), as_of="2026-13-01")
        with pytest.raises(TypeError, match="limits: an okr.Limits, not dict"):
            call(sources(), as_of=AS_OF, limits={"max_nodes": 5})
    tight = okr.dask.summarise_tenants(sources(), as_of=AS_OF, limits=okr.Limits(max_nodes=5))
    assert tight["error_code"].to_dict() == {"acme": okr.LimitError.code, "globex": okr.LimitError.code,
                                             "broken": okr.InvalidArgumentError.code,
                                             "missing": okr.NotFoundError.code, "initech": okr.LimitError.code}


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with Client(cluster) as c:
        yield c
    cluster.close()


def test_on_a_cluster_the_same_results_as_serially(client):
    serial = okr.dask.score_tenants(sources(), as_of=AS_OF)
    on_cluster = okr.dask.score_tenants(sources(), as_of=AS_OF, client=client)
    pd.testing.assert_frame_equal(comparable(on_cluster), comparable(serial))
    s_serial = okr.dask.summarise_tenants(sources(), as_of=AS_OF)
    s_cluster = okr.dask.summarise_tenants(sources(), as_of=AS_OF, client=client)
    pd.testing.assert_frame_equal(s_cluster, s_serial)


def test_tenants_in_batches_give_the_same_rows_in_the_same_order(client):
    # Five tenants, two of them bad, in batches of 1, 2, 3 and 8 tenants per task: each tenant is
    # still its own row (an error row inside a batch too), in the order given.
    serial = okr.dask.summarise_tenants(sources(), as_of=AS_OF)
    scores = okr.dask.score_tenants(sources(), as_of=AS_OF)
    for batch in (1, 2, 3, 8):
        got = okr.dask.summarise_tenants(sources(), as_of=AS_OF, client=client, batch=batch)
        pd.testing.assert_frame_equal(got, serial)
        got = okr.dask.score_tenants(sources(), as_of=AS_OF, client=client, batch=batch)
        pd.testing.assert_frame_equal(comparable(got), comparable(scores))
    assert list(serial.index) == ["acme", "globex", "broken", "missing", "initech"]


def test_a_bad_batch_size_is_the_callers_error(client):
    for bad in (0, -2, 1.5, True, "2"):
        for c in (None, client):
            with pytest.raises(ValueError, match="batch: a number of tenants per task"):
                okr.dask.summarise_tenants(sources(), as_of=AS_OF, client=c, batch=bad)
    with pytest.raises(ValueError, match="batch"):
        okr.dask.score_tenants(sources(), as_of=AS_OF, batch=0)


def test_the_default_batch_size():
    from okr.dask import _batch_size

    assert _batch_size(None, 5, 2) == 1  # few tenants: one per task
    assert _batch_size(None, 1000, 2) == 8  # many: at most 8 per task
    assert _batch_size(None, 100, 2) == 6  # about eight tasks per thread
    assert _batch_size(None, 1000, 64) == 1
    assert _batch_size(3, 1000, 2) == 3


def test_a_worker_killed_mid_run_is_replaced_and_the_run_completes(client, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    import gen_org

    path = tmp_path / "big.json"
    with open(path, "w", encoding="utf-8") as f:
        gen_org.generate(40_000, 4, 3, f)
    tenants = {f"t{i:02d}": str(path) for i in range(8)}
    out = {}
    run = threading.Thread(target=lambda: out.update(df=okr.dask.score_tenants(tenants, as_of=AS_OF, client=client)))
    run.start()
    victim = None
    deadline = time.monotonic() + 60
    while victim is None and time.monotonic() < deadline:
        for worker, keys in client.processing().items():
            if keys:
                victim = worker
                break
        time.sleep(0.01)
    assert victim is not None, "no task started"
    pid = client.run(os.getpid, workers=[victim])[victim]
    os.kill(pid, signal.SIGKILL)
    run.join(timeout=300)
    assert not run.is_alive()
    df = out["df"]
    assert df["error"].isna().all()
    one = okr.load(path).scores(AS_OF)
    assert df.groupby("tenant").size().to_dict() == {t: len(one) for t in tenants}
    first = df[df["tenant"] == "t00"]["score"].to_numpy()
    for t in tenants:
        assert (pd.isna(df[df["tenant"] == t]["score"].to_numpy()) == pd.isna(first)).all()
    client.wait_for_workers(2, timeout=60)
