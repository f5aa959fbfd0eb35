"""The organisation report's content as one JSON-ready document (``python -m okr report --format
json``; the HTML page renders the same document). Keys are documented in docs/report.md and stable.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Dict, List, Optional

__all__ = ["report_data", "FORMAT", "VERSION", "TREE_LIMIT"]

FORMAT = "okr-report"
VERSION = 1
#: Nodes shown in the roll-up tree before it is cut to the top levels (with counts of what is hidden).
TREE_LIMIT = 12000


def _num(x: Any) -> Optional[float]:
    """A JSON number, or None for NaN / missing."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def _text(x: Any) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else str(x)


def _progress(iterable, progress: bool, desc: str, total: Optional[int] = None):
    if not progress:
        return iterable
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, total=total, leave=False, disable=None)


def report_data(graph, as_of: Any = None, source: Optional[str] = None, progress: bool = False,
                tree_limit: int = TREE_LIMIT) -> Dict[str, Any]:
    """Everything the report shows, as plain dicts, lists, strings and numbers (None for missing).

    ``progress=True`` shows a progress bar (tqdm) on the slow parts of a large organisation.
    """
    from ._dates import optional_iso_date

    as_of_s = optional_iso_date(as_of) or _dt.date.today().isoformat()
    sc = graph.scores(as_of=as_of_s)
    cycles = graph._cycles()  # (id, start, end) as ISO strings
    from .report import _ended_cycles

    ended = _ended_cycles(graph, as_of_s)
    hidden = set(sc.index[(sc["status"] == "planned") | sc["cycle"].isin(ended)])
    running = sc[~sc.index.isin(hidden)]
    doc: Dict[str, Any] = {"format": FORMAT, "version": VERSION, "as_of": as_of_s, "source": source or ""}
    doc["summary"] = _summary(running, cycles, as_of_s)
    doc["rollup"] = _rollup(graph, sc, hidden, tree_limit)
    doc["attention"] = _attention(running)
    doc["alignment"] = _alignment(graph, as_of_s)
    doc["scorecard"] = _scorecard(graph, as_of_s)
    doc["rocks"] = _rocks(graph, as_of_s)
    doc["coach"] = _coach(graph)
    doc["kpi"] = _kpi(graph, progress)
    return doc


def _summary(running, cycles, as_of: str) -> Dict[str, Any]:
    out: Dict[str, Any] = {"cycles": []}
    t = _dt.date.fromisoformat(as_of)
    for cid, start, end in cycles:
        d0, d1 = _dt.date.fromisoformat(start), _dt.date.fromisoformat(end)
        span = max((d1 - d0).days, 1)
        out["cycles"].append({"id": cid, "start": start, "end": end,
                              "elapsed": min(max((t - d0).days / span, 0.0), 1.0)})
    for kind, key in (("objective", "objectives"), ("key_result", "key_results")):
        part = running[running["kind"] == kind]
        out[key] = {"count": int(len(part)),
                    "by_status": {str(s): int(n) for s, n in part["status"].value_counts().items() if n}}
    return out


_NODE_COLUMNS = ("kind", "title", "owner", "team", "score", "status", "forecast", "forecast_low", "forecast_high", "value",
                 "regressing")


def _nodes(sc) -> Dict[str, Dict[str, Any]]:
    """Each node's fields as the page shows them, by id: read column by column, not row by row
    (``sc.loc[id]`` per node was most of the page's Python time)."""
    out: Dict[str, Dict[str, Any]] = {}
    columns = [sc[c].tolist() for c in _NODE_COLUMNS]
    for node, kind, title, owner, team, score, status, forecast, low, high, value, regressing in zip(sc.index, *columns):
        out[node] = {"id": node, "kind": str(kind), "title": _text(title), "owner": _text(owner), "team": _text(team),
                     "score": _num(score), "status": str(status), "forecast": _num(forecast), "forecast_low": _num(low),
                     "forecast_high": _num(high), "value": _num(value), "regressing": bool(regressing), "repeat": False,
                     "hidden_children": 0}
    return out


def _rollup(graph, sc, hidden: set, limit: int) -> Dict[str, Any]:
    """Top objectives with their roll-up trees (children: contained KRs, then contributing nodes).
    A node reached twice is shown once in full and then as a reference (``"repeat": true``)."""
    links = graph.links()
    contributes = links[links["type"] == "contributes"]
    children: Dict[str, List[str]] = {i: [] for i in sc.index}
    krs = sc[sc["kind"] == "key_result"]
    for kr, obj in zip(krs.index, krs["objective"]):
        if kr not in hidden:
            children[obj].append(kr)
    has_parent = set()
    for f, t in zip(contributes["from"], contributes["to"]):
        if f not in hidden:
            children[t].append(f)
        has_parent.add(f)
    objectives = sc[(sc["kind"] == "objective") & ~sc.index.isin(hidden)]
    top = [o for o, level in zip(objectives.index, objectives["level"]) if level == "company" or o not in has_parent]

    # Depth to show: everything if it fits, else the top levels (hidden descendants counted).
    def size(depth_limit: Optional[int]) -> int:
        seen, n, stack = set(), 0, [(o, 0) for o in top]
        while stack:
            v, d = stack.pop()
            n += 1
            if v in seen or (depth_limit is not None and d >= depth_limit):
                continue
            seen.add(v)
            stack.extend((c, d + 1) for c in children[v])
        return n

    depth_limit: Optional[int] = None
    if size(None) > limit:
        depth_limit = 1
        while size(depth_limit + 1) <= limit:
            depth_limit += 1
    seen: set = set()
    fields = _nodes(sc)

    def build(v: str, d: int) -> Dict[str, Any]:
        n = dict(fields[v], children=[])
        if v in seen and children[v]:
            n["repeat"] = True
            return n
        seen.add(v)
        if depth_limit is not None and d >= depth_limit:
            n["hidden_children"] = len(children[v])
            return n
        n["children"] = [build(c, d + 1) for c in children[v]]
        return n

    trees = [build(o, 0) for o in top]
    return {"top": trees, "cut_to_depth": depth_limit, "nodes": int(len(sc) - len(hidden))}


def _attention(running) -> List[Dict[str, Any]]:
    krs = running[(running["kind"] == "key_result") &
                  (running["status"].isin(["off_track", "at_risk"]) | running["regressing"])]
    out = []
    for kr, row in krs.sort_values("score", kind="stable").iterrows():
        out.append({"id": kr, "title": _text(row["title"]), "team": _text(row["team"]), "owner": _text(row["owner"]),
                    "score": _num(row["score"]), "status": str(row["status"]), "regressing": bool(row["regressing"]),
                    "forecast": _num(row["forecast"])})
    return out


def _alignment(graph, as_of: str) -> Dict[str, Any]:
    rep = graph.alignment(as_of=as_of)
    cov = rep.coverage
    out: Dict[str, Any] = {
        "coverage": [{"group_by": g, "group": _text(n), "objectives": int(o), "aligned": int(a), "share": _num(s)}
                     for g, n, o, a, s in zip(cov["group_by"], cov["group"], cov["objectives"], cov["aligned"],
                                              cov["share"])],
        "orphans": [{"id": i, "title": _text(t)} for i, t in zip(rep.orphans.index, rep.orphans["title"])],
        "exposure": [{"top": top, "at_risk_share": _num(row["at_risk_share"]), "inputs": int(row["inputs"]),
                      "offenders": list(row["offenders"])[:5]} for top, row in rep.exposure.iterrows()],
        "dependency_cycles": [list(c) for c in rep.dependency_cycles],
        "findings": [{"code": c, "subject": _text(s), "message": m}
                     for c, s, m in zip(rep.findings["code"], rep.findings["subject"], rep.findings["message"])],
    }
    return out


def _scorecard(graph, as_of: str) -> Optional[Dict[str, Any]]:
    from .errors import InvalidArgumentError

    if graph.kpi_info().empty:
        return None
    try:
        card = graph.scorecard(as_of=as_of)
    except InvalidArgumentError:  # KPIs of several frequencies: weekly
        card = graph.scorecard(as_of=as_of, freq="W")
    rows = []
    verdict, on = card._marks()
    values = card.values.to_numpy(dtype=float).tolist()
    for kpi, vs, has, met, s in zip(card.values.index, values, verdict.tolist(), on.tolist(), card.summary.to_dict("records")):
        cells = [{"value": _num(v), "on_goal": o if d else None} for v, d, o in zip(vs, has, met)]
        rows.append({"kpi": kpi, "title": _text(s["title"]), "owner": _text(s["owner"]), "team": _text(s["team"]),
                     "unit": _text(s["unit"]), "goal": _text(s["goal"]), "cells": cells, "avg_4": _num(s["avg_4"]),
                     "avg_13": _num(s["avg_13"]), "total": _num(s["total"]), "on_goal_share": _num(s["on_goal_share"]),
                     "trend": _num(s["trend"]), "off_goal_streak": int(s["off_goal_streak"])})
    return {"freq": card.freq, "periods": [p.date().isoformat() for p in card.values.columns], "rows": rows}


def rock_frames(graph, as_of: str):
    """The Rocks, milestones and findings as of ``as_of``, from one native call, with dates as ISO
    text: a report shows any date the library reads, inside pandas' range or not."""
    from .rocks import findings_frame, milestones_frame, rocks_frame

    rocks, milestones, findings, _ = graph._rock_tables(as_of)
    return rocks_frame(rocks, text_dates=True), milestones_frame(milestones, text_dates=True), findings_frame(findings)


def _rocks(graph, as_of: str) -> Dict[str, Any]:
    rocks, ms, f = rock_frames(graph, as_of)
    rows = []
    overdue = overdue_by_rock(ms)
    for rid, r in rocks.iterrows():
        late = overdue.get(rid, ms.iloc[:0])
        rows.append({"id": rid, "title": _text(r["title"]), "owner": _text(r["owner"]), "team": _text(r["team"]),
                     "cycle": _text(r["cycle"]), "state": r["state"], "status": r["status"],
                     "reported_status": r["reported_status"],
                     "reported_on": None if pd_isna(r["reported_on"]) else r["reported_on"],
                     "score": _num(r["score"]), "milestones_done": int(r["milestones_done"]),
                     "milestones_total": int(r["milestones_total"]),
                     "overdue": [{"title": m["title"], "due": m["due"], "progress": _num(m["progress"])}
                                 for _, m in late.iterrows()],
                     "carried_from": r["carried_from"], "times_carried": int(r["times_carried"])})
    comp = graph.rock_completion(by="company", as_of=as_of)
    completion = [{"cycle": c, "rocks": int(row["rocks"]), "done": int(row["done"]), "not_done": int(row["not_done"]),
                   "open": int(row["open"]), "canceled": int(row["canceled"]), "rate": _num(row["completion_rate"])}
                  for c, row in comp.iterrows()]
    findings = [{"code": c, "subject": s, "milestone": m, "message": msg}
                for c, s, m, msg in zip(f["code"], f["subject"], f["milestone"], f["message"])]
    return {"rows": rows, "completion": completion, "findings": findings}


def overdue_by_rock(milestones) -> Dict[str, Any]:
    """The overdue milestones of each Rock that has any (a DataFrame per Rock id, rows in their
    order), grouped in one pass rather than filtered once per Rock."""
    late = milestones[milestones["overdue"]]
    return {rid: part for rid, part in late.groupby("rock", sort=False)}


def pd_isna(x) -> bool:
    import pandas as pd

    return x is None or bool(pd.isna(x))


def _coach(graph) -> Dict[str, Any]:
    """Every lint finding, most severe first, and the count per code."""
    df = graph.lint().sort_values("severity", kind="stable")
    counts = df.groupby(["severity", "code"], observed=True).size()
    return {"counts": [{"severity": str(s), "code": c, "count": int(n)} for (s, c), n in counts.items()],
            "findings": [{"code": r.code, "severity": str(r.severity), "id": r.id, "field": r.field, "message": r.message,
                          "question": r.question, "suggestion": r.suggestion} for r in df.itertuples(index=False)]}


def _kpi(graph, progress: bool, top_pairs: int = 3) -> Dict[str, Any]:
    """Leading indicators: outcomes are the KPIs a key result is measured by, drivers the others
    (weekly, first differences, Spearman, effective-n p-values, BH q); a lag curve for the top pairs."""
    from .correlation import lagged, leading_indicators

    info = graph.kpi_info()
    out: Dict[str, Any] = {"outcomes": [], "lag_plots": []}
    if info.empty:
        return out
    outcomes = list(dict.fromkeys(graph.measured_by()["kpi"]))
    drivers = [k for k in info.index if k not in outcomes]
    if not outcomes or not drivers:
        return out
    weekly = graph.kpis(freq="W")
    lags = list(range(0, 13))
    pairs = []
    for o in _progress(outcomes, progress, "leading indicators"):
        res = leading_indicators(weekly[drivers + [o]], outcome=o, lags=lags, method="spearman", transform="diff",
                                 adjust=True)
        rows = [{"driver": d, "lag": int(r["lag"]), "r": _num(r["r"]), "ci_low": _num(r["ci_low"]),
                 "ci_high": _num(r["ci_high"]), "q": _num(r["q"]), "n": int(r["n"]), "slope": _num(r["slope"]),
                 "verdict": r["verdict"]} for d, r in res.iterrows()]
        out["outcomes"].append({"outcome": o, "drivers": rows})
        pairs += [(row["q"] if row["q"] is not None else 1.0, d, o) for d, row in zip(res.index, rows)]
    for q, d, o in sorted(pairs)[:top_pairs]:
        curve = lagged(weekly[d].diff(), weekly[o].diff(), lags=lags, method="spearman")
        out["lag_plots"].append({"driver": d, "outcome": o, "q": q, "lags": lags,
                                 "r": [_num(x) for x in curve["r"]], "ci_low": [_num(x) for x in curve["ci_low"]],
                                 "ci_high": [_num(x) for x in curve["ci_high"]]})
    return out
