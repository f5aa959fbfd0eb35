"""Many organisations at once: score and summarise tenants, in this process or on a
dask.distributed cluster.

``import okr.dask`` is explicit (``import okr`` does not load it), and dask itself is imported
only when a :class:`distributed.Client` is given or already running: without one, the same calls
run the tenants one after the other here.

Each task loads its own tenant where it runs (a path is read by the worker; a JSON text travels
with the task) and sends back only its small result, never a graph. One tenant's bad document is
that tenant's error row, never the batch's failure; a worker that dies has its tasks run again
elsewhere by dask.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Any, Optional

from .errors import LimitError

__all__ = ["score_tenants", "summarise_tenants", "tenant_sources"]

# The columns of Graph.scores() that hold few distinct values: kept categorical across tenants.
_CATEGORICAL = ("kind", "type", "owner", "team", "level", "cycle", "status")
_STATUSES = ("on_track", "at_risk", "off_track", "done", "not_started", "no_data", "planned")


def tenant_sources(sources: Any) -> dict:
    """Normalise ``sources`` to ``{tenant: source}``.

    ``sources`` is a mapping of tenant name to source, or an iterable of file paths (each
    tenant named by its file's stem). A source is a path (``str`` or ``os.PathLike``), or a
    JSON document: ``bytes``, or a ``str`` whose first non-blank character is ``{``.

    Parameters
    ----------
    sources : mapping or iterable
        ``{tenant: path or JSON text}`` (names are made str), or file paths.

    Returns
    -------
    dict
        Tenant name → source, in the order given; the sources themselves are not read.

    Raises
    ------
    TypeError
        ``sources`` is a single str, bytes or path, or neither a mapping nor an iterable, or a
        source is neither a path nor a JSON text.
    ValueError
        Two paths have the same stem (pass a mapping instead).

    Examples
    --------
    >>> import okr.dask
    >>> okr.dask.tenant_sources(["data/acme.json", "data/globex.json"])
    {'acme': 'data/acme.json', 'globex': 'data/globex.json'}
    >>> okr.dask.tenant_sources({"initech": '{"format": "okr", "version": 1}'})
    {'initech': '{"format": "okr", "version": 1}'}
    """
    if isinstance(sources, Mapping):
        out = {str(k): v for k, v in sources.items()}
    elif isinstance(sources, (str, bytes, os.PathLike)):
        raise TypeError("sources: a mapping of tenant name to path or JSON text, or an iterable of paths")
    elif isinstance(sources, Iterable):
        out = {}
        for p in sources:
            name = os.path.splitext(os.path.basename(os.fspath(p)))[0]
            if name in out:
                raise ValueError(f"sources: two files give the tenant name {name!r}; pass a mapping instead")
            out[name] = p
    else:
        raise TypeError("sources: a mapping of tenant name to path or JSON text, or an iterable of paths")
    for name, src in out.items():
        if not isinstance(src, (str, bytes, os.PathLike)):
            raise TypeError(f"sources[{name!r}]: a path or a JSON text, not {type(src).__name__}")
    return out


def _load(source: Any, limits: Any):
    from . import load, loads

    if isinstance(source, bytes) or (isinstance(source, str) and source.lstrip()[:1] == "{"):
        return loads(source, limits=limits)
    return load(source, limits=limits)


def _error(exc: BaseException) -> tuple:
    from .errors import Error

    if isinstance(exc, Error):
        return exc.code, str(exc)
    if isinstance(exc, MemoryError):
        return -8, f"out of memory: {exc}" if str(exc) else "out of memory"
    if isinstance(exc, OSError):
        return -2, str(exc)
    return -9, f"internal error: {type(exc).__name__}: {exc}"


def _scores_task(name: str, source: Any, as_of: Optional[str], limits: Any):
    """One tenant's scores (a DataFrame with ``tenant`` and ``id`` columns), or its error row."""
    import pandas as pd

    try:
        df = _load(source, limits).scores(as_of).reset_index()
    except Exception as exc:  # one tenant's failure is its row, never the batch's
        code, message = _error(exc)
        return pd.DataFrame({"tenant": [name], "error_code": [code], "error": [message]})
    df.insert(0, "tenant", name)
    return df


def _best_lead(g) -> dict:
    """The KPI pair with the surest lead (smallest q at a lag > 0): outcomes are the KPIs that
    measure key results (every KPI if none does), drivers every other KPI."""
    none = {"lead_driver": None, "lead_outcome": None, "lead_lag": None, "lead_r": float("nan"), "lead_q": float("nan")}
    info = g.kpi_info()
    if len(info) < 2:
        return none
    measured = g.measured_by()
    outcomes = sorted(set(measured["kpi"])) if len(measured) else list(info.index)
    best = None
    for outcome in outcomes:
        try:
            lead = g.leading_indicators(outcome)
        except LimitError:  # the tenant's KPIs cannot be tabled (too many cells, far dates): its error row
            raise
        except (ValueError, KeyError):  # too short a series, no overlap: no verdict for this outcome
            continue
        lead = lead[lead["lag"] > 0].dropna(subset=["q"])
        if not len(lead):
            continue
        driver = lead["q"].idxmin()
        row = lead.loc[driver]
        if best is None or row["q"] < best["lead_q"]:
            best = {"lead_driver": driver, "lead_outcome": outcome, "lead_lag": int(row["lag"]), "lead_r": float(row["r"]),
                    "lead_q": float(row["q"])}
    return best or none


def _summary_task(name: str, source: Any, as_of: Optional[str], limits: Any) -> dict:
    """One tenant's summary row (a dict), or its error row."""
    import numpy as np

    try:
        g = _load(source, limits)
        scores = g.scores(as_of)
        report = g.alignment(as_of)
        lint = g.lint()
        top = scores.loc[scores.index.isin(report.top)] if len(report.top) else scores.iloc[:0]
        counts = scores["status"].value_counts()
        coverage = report.coverage
        overall = coverage[coverage["group_by"] == "all"]
        row = {
            "tenant": name,
            "error_code": None,
            "error": None,
            "nodes": len(scores),
            "objectives": int((scores["kind"] == "objective").sum()),
            "key_results": int((scores["kind"] == "key_result").sum()),
            "checkins": g.checkin_count,
            **{f"n_{s}": int(counts.get(s, 0)) for s in _STATUSES},
            "top_objectives": len(top),
            "top_score_mean": float(np.nanmean(top["score"])) if top["score"].notna().any() else float("nan"),
            "top_score_min": float(np.nanmin(top["score"])) if top["score"].notna().any() else float("nan"),
            "alignment_coverage": float(overall["share"].iloc[0]) if len(overall) else float("nan"),
            "orphans": len(report.orphans),
            "lint_errors": int((lint["severity"] == "error").sum()) if len(lint) else 0,
            "lint_warnings": int((lint["severity"] == "warning").sum()) if len(lint) else 0,
            "kpis": len(g.kpi_info()),
        }
        row.update(_best_lead(g))
        return row
    except Exception as exc:  # one tenant's failure is its row, never the batch's
        code, message = _error(exc)
        return {"tenant": name, "error_code": code, "error": message}


def _client(client: Any):
    """The client to use: the one given, else a running default client, else None (serial)."""
    if client is not None:
        return client
    try:
        from distributed import default_client
    except ImportError:
        return None
    try:
        return default_client()
    except ValueError:  # no client is running
        return None


def _run_batch(task, items: list, as_of: Optional[str], limits: Any) -> list:
    """One dask task: the tenants of ``items`` one after the other, each its own result."""
    return [task(name, source, as_of, limits) for name, source in items]


def _batch_size(batch: Any, tenants: int, threads: int) -> int:
    """Tenants per task: ``batch`` if given, else about eight tasks per worker thread, at most 8
    tenants each (dask's own cost per task is several milliseconds, a small tenant's work a few
    tens; fewer, larger tasks would leave threads idle at the end)."""
    if batch is None:
        return max(1, min(8, tenants // (8 * max(1, threads))))
    if isinstance(batch, bool) or not isinstance(batch, int) or batch < 1:
        raise ValueError(f"batch: a number of tenants per task (1 or more), not {batch!r}")
    return batch


def _run(task, sources: Any, as_of: Any, client: Any, limits: Any, retries: int, batch: Any = None) -> list:
    from ._dates import optional_iso_date

    from . import Graph
    from .limits import Limits

    tenants = tenant_sources(sources)
    as_of = optional_iso_date(as_of)
    # Arguments shared by every tenant are checked once, here: a bad one is the caller's error,
    # not an error row per tenant.
    if as_of is not None:
        Graph().score_vector(as_of)  # the library's own date check and message
    if limits is not None and not isinstance(limits, Limits):
        raise TypeError(f"limits: an okr.Limits, not {type(limits).__name__}")
    if batch is not None:
        _batch_size(batch, 0, 1)  # a bad one is the caller's error, with or without a cluster
    client = _client(client)
    names = list(tenants)
    if client is None:
        return [task(n, tenants[n], as_of, limits) for n in names]
    from distributed import as_completed

    # Paths are read by the workers; texts travel with their task. Results are gathered as
    # they complete, and each future is dropped once read, so memory stays bounded.
    # A task scores a batch of consecutive tenants, each still its own result or error row.
    size = _batch_size(batch, len(names), sum(client.nthreads().values()))
    batches = [[(n, tenants[n]) for n in names[i:i + size]] for i in range(0, len(names), size)]
    futures = client.map(_run_batch, [task] * len(batches), batches, as_of=as_of, limits=limits, retries=retries,
                         pure=False)
    index = {f.key: i for i, f in enumerate(futures)}
    results: list = [None] * len(names)
    for future in as_completed(futures):
        at = index[future.key] * size
        for k, result in enumerate(future.result()):
            results[at + k] = result
        future.release()
    return results


def score_tenants(sources: Any, as_of: Any = None, client: Any = None, limits: Any = None, retries: int = 2,
                  batch: Optional[int] = None):
    """Every tenant's scores in one DataFrame.

    Parameters
    ----------
    sources : mapping or iterable
        ``{tenant: path or JSON text}``, or file paths (tenant = file stem); see
        :func:`tenant_sources`.
    as_of : date-like, optional
        The date to score as of (default: today).
    client : distributed.Client, optional
        Where to run; default: the running default client if any, else this process, one
        tenant after the other.
    limits : okr.Limits, optional
        Load limits for every tenant.
    retries : int
        How often dask runs a tenant's task again after its worker died.
    batch : int, optional
        Tenants per dask task (consecutive ones; each is still its own result or error row).
        Default: about eight tasks per worker thread, at most 8 tenants each. Ignored without a
        cluster.

    Returns
    -------
    pandas.DataFrame
        The columns of :meth:`okr.Graph.scores` with ``tenant`` and ``id`` first, tenants in the
        order given, then ``error_code`` and ``error``: a tenant whose document failed to load
        has one row with its error's code (the C ABI status) and message, and no scores.

    Raises
    ------
    TypeError
        ``sources`` is not a mapping or an iterable of paths (see :func:`tenant_sources`), or
        ``limits`` is not an :class:`okr.Limits`.
    ValueError
        Two paths have the same stem, or ``batch`` is not a whole number of 1 or more.
    okr.InvalidArgumentError
        ``as_of`` is not a date. Any error of one tenant's document or scoring is that tenant's
        error row instead.

    Examples
    --------
    >>> import okr, okr.dask
    >>> df = okr.dask.score_tenants({"acme": okr.example_path()}, as_of="2026-08-15")
    >>> df.groupby("tenant").size()["acme"]
    65
    >>> bad = okr.dask.score_tenants({"initech": '{"format": "okr", "version": 2}'})
    >>> bad[["tenant", "error_code"]].values.tolist()
    [['initech', -6]]
    """
    import pandas as pd

    frames = _run(_scores_task, sources, as_of, client, limits, retries, batch)
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"tenant": []})
    if "error" not in df:
        df["error_code"] = None
        df["error"] = None
    df["error_code"] = df["error_code"].astype("Int16")
    for col in _CATEGORICAL:
        if col in df:
            df[col] = df[col].astype("category")
    df["tenant"] = df["tenant"].astype("category")
    return df


def summarise_tenants(sources: Any, as_of: Any = None, client: Any = None, limits: Any = None, retries: int = 2,
                      batch: Optional[int] = None):
    """One row per tenant: counts, scores, alignment, lint and the surest lead.

    Node, objective, key-result and check-in counts, status counts, top-objective scores,
    alignment coverage, orphans, lint errors and warnings, and the KPI pair with the surest lead.
    The parameters are those of :func:`score_tenants`.

    Parameters
    ----------
    sources : mapping or iterable
        ``{tenant: path or JSON text}``, or file paths (tenant = file stem); see
        :func:`tenant_sources`.
    as_of : date-like, optional
        The date to score as of (default: today).
    client : distributed.Client, optional
        Where to run; default: the running default client if any, else this process, one
        tenant after the other.
    limits : okr.Limits, optional
        Load limits for every tenant.
    retries : int
        How often dask runs a tenant's task again after its worker died.
    batch : int, optional
        Tenants per dask task (consecutive ones; each is still its own result or error row).
        Default: about eight tasks per worker thread, at most 8 tenants each. Ignored without a
        cluster.

    Returns
    -------
    pandas.DataFrame
        Indexed by tenant (in the order given), with columns error_code, error, nodes,
        objectives, key_results, checkins, n_<status> for each status, top_objectives,
        top_score_mean, top_score_min, alignment_coverage, orphans, lint_errors, lint_warnings,
        kpis, lead_driver, lead_outcome, lead_lag, lead_r, lead_q. A tenant whose document failed
        to load has only its error_code and error.

    Raises
    ------
    TypeError
        ``sources`` is not a mapping or an iterable of paths (see :func:`tenant_sources`), or
        ``limits`` is not an :class:`okr.Limits`.
    ValueError
        Two paths have the same stem, or ``batch`` is not a whole number of 1 or more.
    okr.InvalidArgumentError
        ``as_of`` is not a date. Any error of one tenant is its error row instead.

    Examples
    --------
    >>> import okr, okr.dask
    >>> sources = {"acme": okr.example_path(), "initech": '{"format": "okr", "version": 2}'}
    >>> summary = okr.dask.summarise_tenants(sources, as_of="2026-08-15")
    >>> summary.loc["acme", ["nodes", "objectives", "key_results"]].tolist()
    [65, 22, 43]
    >>> summary.loc["initech", "error_code"]
    -6
    """
    import pandas as pd

    rows = _run(_summary_task, sources, as_of, client, limits, retries, batch)
    df = pd.DataFrame(rows)
    if not len(df):
        df = pd.DataFrame({"tenant": [], "error_code": [], "error": []})
    df["error_code"] = df["error_code"].astype("Int16")
    for col in ("nodes", "objectives", "key_results", "checkins", "top_objectives", "orphans", "lint_errors",
                "lint_warnings", "kpis", "lead_lag", *(f"n_{s}" for s in _STATUSES)):
        if col in df:
            df[col] = df[col].astype("Int64")
    return df.set_index("tenant")
