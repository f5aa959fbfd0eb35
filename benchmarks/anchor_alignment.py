#!/usr/bin/env python3
"""Anchor for the alignment benchmark: docs/alignment.md computed with NetworkX.

The same numbers okr::alignment computes, written the way an analyst would with NetworkX
(Debian's python3-networkx 2.8 under /usr/bin/python3; NetworkX 3.x works too) on the same JSON
document. Used by run_alignment.py to put okr's timing in context.

    org = load(path)                           # json.load + scoring state + nx.MultiDiGraph
    sc = scores(org, "2026-08-15")             # anchor_rollup.full_rescore + KR statuses
    lad = ladder(org)                          # tops, depth (multi-source BFS), orphans, coverage
    con = contributions(org, lad["tops"], sc)  # per top: DP over its descendants, reverse-topological
    exp = exposure(org, con, sc)               # contribution-weighted at-risk share per top
    foc = focus(org)                           # objectives per owner/team/cycle, KRs per objective, ...
    dep = dependencies(org)                    # team graph: SCCs, in-degree, betweenness, reciprocation
    rep = analyse(org, as_of)                  # all of the above, with per-part timings

The graph is the shape okr's Graph.to_networkx() exports: a MultiDiGraph with one node per
objective / KR (attributes kind, team, owner, level, cycle, origin, progress_source, objective)
and edges "contains" (objective -> its KR, KR weight), "contributes" (child -> parent, link
weight) and "depends_on" (from -> to).

Where this differs from okr (see also run_alignment.py's notes):
- Scoring: anchor_rollup.full_rescore gives the scores (value-aggregating KRs and clamp: false are
  not supported there, so not here). Status is computed for key results only (the only statuses
  exposure reads): least-squares forecast point estimate or the pace fallback, then the status
  rule, as in docs/scoring.md; prediction intervals and p_target are not computed, nor
  objective forecasts / statuses, which alignment does not use.
- Everything else follows docs/alignment.md and src/alignment.cpp, including the counts checked
  by run_alignment.py (tops, orphans, non-zero contributions including each top's own entry,
  dependency cycles, teams of the dependency graph) and the findings.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import gc
import heapq
import json
import sys
import time
from collections import Counter, defaultdict

import networkx as nx

import anchor_rollup

NAN = float("nan")
LEVEL_RANK = {"company": 1, "department": 2, "team": 3, "individual": 4}  # missing level: 0
_EPOCH = _dt.date(1970, 1, 1).toordinal()

DEFAULT_OPTIONS = {"max_objectives": 3, "min_key_results": 2, "max_key_results": 4,
                   "min_bottom_up_share": 0.5, "top_k": 10}
DEFAULT_POLICY = {"status_rule": "forecast", "on_track": 0.7, "at_risk": 0.4, "pace_on_track": 0.9,
                  "pace_at_risk": 0.6, "clamp": True, "partial_stages": True, "interval": 0.8,
                  "target_score": 0.7, "min_trend_checkins": 3}


class Org:
    """What load() builds: the NetworkX graph plus the scoring state of anchor_rollup."""

    def __init__(self):
        self.G = None           # nx.MultiDiGraph, to_networkx() shape
        self.objectives = []    # objective ids, document order
        self.key_results = []   # KR ids, document order
        self.index = {}         # node id -> document position (objectives, then KRs): tie-breaks
        self.cycles = {}        # cycle id -> (start day, end day), days since 1970-01-01
        self.policy = dict(DEFAULT_POLICY)
        self.st = None          # anchor_rollup.State
        self.load_times = {}    # json_s, scoring_state_s, graph_s


def _days(iso, _cache={}):
    d = _cache.get(iso)
    if d is None:
        d = _cache[iso] = _dt.date.fromisoformat(iso).toordinal() - _EPOCH
    return d


def load(path):
    """Reads the document and builds the graph (timed separately from the analysis).

    As in anchor_rollup.load, the cyclic garbage collector is paused while loading; afterwards
    the loaded objects are moved to the permanent generation (gc.freeze), so that collections
    during the analysis do not rescan the multi-million-object graph (the usual idiom for a big
    long-lived structure; without it the analysis parts run slower, not faster)."""
    was_enabled = gc.isenabled()
    gc.disable()
    org = Org()
    try:
        t0 = time.perf_counter()
        with open(path, "r", encoding="utf-8") as f:
            doc = json.load(f)
        t1 = time.perf_counter()
        org.st = anchor_rollup.from_doc(doc)
        t2 = time.perf_counter()
        _build_graph(org, doc)
        del doc
        t3 = time.perf_counter()
        org.load_times = {"json_s": t1 - t0, "scoring_state_s": t2 - t1, "graph_s": t3 - t2}
    finally:
        if was_enabled:
            gc.enable()
    gc.freeze()
    return org


def _build_graph(org, doc):
    for k, v in (doc.get("scoring") or {}).items():
        org.policy[k] = v
    for c in doc.get("cycles", ()):
        org.cycles[c["id"]] = (_days(c["start"]), _days(c["end"]))
    G = nx.MultiDiGraph()
    objs = doc.get("objectives", ())
    G.add_nodes_from((o["id"], {
        "kind": "objective",
        "team": o.get("team", ""),
        "owner": o.get("owner", ""),
        "level": o.get("level", ""),
        "cycle": o.get("cycle"),
        "origin": o.get("origin", ""),
        "progress_source": o.get("progress_source") or "automatic",
    }) for o in objs)
    krs = doc.get("key_results", ())
    G.add_nodes_from((k["id"], {"kind": "key_result", "objective": k["objective"], "type": k.get("type", "metric")})
                     for k in krs)
    G.add_edges_from((k["objective"], k["id"], {"type": "contains", "weight": float(k.get("weight", 1.0))}) for k in krs)
    G.add_edges_from((l["from"], l["to"], {"type": l.get("type", "contributes"), "weight": float(l.get("weight", 1.0))})
                     for l in doc.get("links", ()))
    org.G = G
    org.objectives = [o["id"] for o in objs]
    org.key_results = [k["id"] for k in krs]
    org.index = {n: i for i, n in enumerate(org.objectives + org.key_results)}


# ---------------------------------------------------------------- scores and KR statuses

def _ls_forecast(rec, n, x_end, min_points, partial_stages):
    """Point forecast at the cycle end from a least-squares line through the first n check-ins
    (one point per distinct date, the last check-in of a date); None if it does not apply."""
    dates = rec["dates"]
    t = rec["type"]
    by_value = t in ("metric", "health")
    xs, ys = [], []
    for i in range(n):
        if i + 1 < n and dates[i + 1] == dates[i]:
            continue
        xs.append(float(_days(dates[i])))
        ys.append(rec["values"][i] if by_value else anchor_rollup.kr_score(rec, dates[i], partial_stages))
    m = len(xs)
    if m < min_points:
        return None
    mx = sum(xs) / m
    my = sum(ys) / m
    sxx = sum((x - mx) * (x - mx) for x in xs)
    if not sxx > 0:
        return None
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    y0 = (my - b * mx) + b * x_end
    if t == "metric":
        return anchor_rollup.metric_value_score(rec, y0)
    if t == "health":
        return anchor_rollup.health_value_score(rec, y0)
    return min(1.0, max(0.0, y0))


def kr_statuses(org, scores_, as_of):
    """Status of every KR as of the date (docs/scoring.md: forecast, then the status rule)."""
    p = org.policy
    st = org.st
    G = org.G
    t_now = _days(as_of)
    expected = {}
    for cid, (s, e) in org.cycles.items():
        expected[cid] = (1.0 if t_now >= e else 0.0) if e == s else min(1.0, max(0.0, (t_now - s) / (e - s)))
    pace = p["status_rule"] == "pace"
    on, risk = p["on_track"], p["at_risk"]
    pon, prisk = p["pace_on_track"], p["pace_at_risk"]
    min_points = int(p["min_trend_checkins"])
    ps = bool(p["partial_stages"])
    status = {}
    for kid, rec in st.kr.items():
        n = bisect.bisect_right(rec["dates"], as_of)
        if n == 0:
            status[kid] = "not_started"
            continue
        score = scores_[kid]
        if score >= 1.0 and rec["type"] != "health":
            status[kid] = "done"
            continue
        cyc = G.nodes[G.nodes[kid]["objective"]]["cycle"]
        exp = expected[cyc] if cyc is not None else NAN
        forecast = None
        if cyc is not None and t_now < org.cycles[cyc][1]:
            forecast = _ls_forecast(rec, n, float(org.cycles[cyc][1]), min_points, ps)
        if forecast is None:
            forecast = score if (exp != exp or exp <= 0) else min(1.0, score / exp)
        if pace and exp == exp:
            if exp <= 0:
                status[kid] = "on_track"
                continue
            r = score / exp
            status[kid] = "on_track" if r >= pon else ("at_risk" if r >= prisk else "off_track")
        else:
            status[kid] = "on_track" if forecast >= on else ("at_risk" if forecast >= risk else "off_track")
    return status


def scores(org, as_of):
    """anchor_rollup.full_rescore (every node) plus KR statuses: what alignment needs from
    scoring (okr::alignment runs score_all inside its timing)."""
    as_of = str(as_of)
    s = anchor_rollup.full_rescore(org.st, as_of)
    return {"as_of": as_of, "score": s, "status": kr_statuses(org, s, as_of)}


# ---------------------------------------------------------------- tops, depth, orphans, coverage

def objective_graph(G):
    """The objective -> objective contributes DiGraph (child -> parent), every objective a node."""
    D = nx.DiGraph()
    D.add_nodes_from(n for n, k in G.nodes(data="kind") if k == "objective")
    D.add_edges_from((u, v) for u, v, t in G.edges(data="type")
                     if t == "contributes" and u in D and v in D)
    return D


def ladder(org):
    G = org.G
    D = objective_graph(G)
    level = G.nodes(data="level")
    tops = [o for o in org.objectives if level[o] == "company"]
    if not tops:
        tops = [o for o in org.objectives if D.out_degree(o) == 0]
    # Multi-source BFS from the tops down the contributes edges (parent -> child).
    depth = {}
    for d, layer in enumerate(nx.bfs_layers(D.reverse(copy=False), tops)):
        for v in layer:
            depth[v] = d
    orphans = [o for o in org.objectives if o not in depth]
    cov = defaultdict(lambda: [0, 0])
    for o, data in G.nodes(data=True):
        if data["kind"] != "objective":
            continue
        ok = o in depth
        for key in (("all", "all"), ("level", data["level"] or ""), ("team", data["team"])):
            c = cov[key]
            c[0] += 1
            c[1] += ok
    coverage = [{"group_by": by, "group": grp, "objectives": n, "aligned": a, "share": a / n}
                for by in ("all", "level", "team") for (b, grp), (n, a) in sorted(cov.items()) if b == by]
    return {"tops": tops, "depth": depth, "orphans": orphans, "coverage": coverage, "D": D}


# ---------------------------------------------------------------- contributions

def rollup_graph(org, score):
    """parent -> child DiGraph of the roll-up edges each objective's score actually averages
    (progress_source, children with a score), weight "w" normalised over those children."""
    G = org.G
    kind = G.nodes(data="kind")
    R = nx.DiGraph()
    R.add_nodes_from(G)
    for o, data in G.nodes(data=True):
        if data["kind"] != "objective":
            continue
        kids = [(c, w, True) for _, c, t, w in _out_typed(G, o) if t == "contains"]
        kids += [(c, w, kind[c] == "key_result") for c, _, t, w in _in_typed(G, o) if t == "contributes"]
        src = data["progress_source"]
        if src == "automatic":
            src = "key_results" if any(k for _, _, k in kids) else "aligned"
        used = [(c, w) for c, w, is_kr in kids
                if (src == "both" or (src == "key_results") == is_kr) and score[c] == score[c]]
        wsum = sum(w for _, w in used)
        if wsum > 0:
            R.add_edges_from((o, c, {"w": w / wsum}) for c, w in used)
    return R


def _out_typed(G, n):
    return ((u, v, d["type"], d["weight"]) for u, v, d in G.out_edges(n, data=True))


def _in_typed(G, n):
    return ((u, v, d["type"], d["weight"]) for u, v, d in G.in_edges(n, data=True))


def contributions(org, tops, sc):
    """Per top: {node: contribution}, the sum over roll-up paths of products of normalised
    weights (= d score(top) / d score(node)), by a reverse-topological DP over the top's
    descendants. Every node with a non-zero contribution is listed, the top itself (1.0) too."""
    R = rollup_graph(org, sc["score"])
    pos = {v: i for i, v in enumerate(nx.topological_sort(R))}  # parents before children
    out = {}
    for top in tops:
        sub = nx.descendants(R, top)
        sub.add(top)
        acc = dict.fromkeys(sub, 0.0)
        acc[top] = 1.0
        for v in sorted(sub, key=pos.__getitem__):
            a = acc[v]
            if a:
                for c, d in R[v].items():
                    acc[c] += a * d["w"]
        out[top] = {v: a for v, a in acc.items() if a != 0}
    return out


# ---------------------------------------------------------------- exposure

def exposure(org, contrib, sc, top_k=10):
    """Per top: contribution-weighted share of its KR inputs that are at_risk / off_track, the
    largest offenders and the largest KR contributors (top_k each)."""
    kind = org.G.nodes(data="kind")
    status = sc["status"]
    idx = org.index
    out = {}
    for top, acc in contrib.items():
        krs = [(v, c) for v, c in acc.items() if kind[v] == "key_result"]
        total = sum(c for _, c in krs)
        bad = [(v, c) for v, c in krs if status[v] in ("at_risk", "off_track")]
        risky = sum(c for _, c in bad)
        key = lambda vc: (-vc[1], idx[vc[0]])  # noqa: E731
        out[top] = {"inputs": len(krs), "at_risk_share": risky / total if total > 0 else NAN,
                    "offenders": heapq.nsmallest(top_k, bad, key=key),
                    "top_contributors": heapq.nsmallest(top_k, krs, key=key)}
    return out


def exposure_from_set(org, contrib, at_risk, top_k=10):
    """exposure() with the at-risk KRs given as a set (e.g. read from okr's output)."""
    sc = {"status": defaultdict(str, {k: "at_risk" for k in at_risk})}
    return exposure(org, contrib, sc, top_k)


# ---------------------------------------------------------------- focus and link findings

def focus(org, options=None):
    """Objectives per owner / team per cycle, KRs per objective, bottom-up share per team; the
    findings these give, plus the link findings (cross-cycle, aligned to a lower level)."""
    opt = dict(DEFAULT_OPTIONS, **(options or {}))
    G = org.G
    nodes = G.nodes
    findings = Counter()
    per_owner, per_team = Counter(), Counter()
    origin = defaultdict(lambda: [0, 0])  # team -> [with origin, bottom_up]
    org_origin = [0, 0]
    kr_count = {}
    for o, d in G.nodes(data=True):
        if d["kind"] != "objective":
            continue
        if d["owner"]:
            per_owner[d["owner"], d["cycle"]] += 1
        if d["team"]:
            per_team[d["team"], d["cycle"]] += 1
        if d["origin"]:
            c = origin[d["team"]]
            bu = d["origin"] == "bottom_up"
            c[0] += 1
            c[1] += bu
            org_origin[0] += 1
            org_origin[1] += bu
        krs = sum(1 for _, _, t in G.out_edges(o, data="type") if t == "contains")
        child_objs = 0
        for u, _, t in G.in_edges(o, data="type"):
            if t == "contributes":
                if nodes[u]["kind"] == "key_result":
                    krs += 1
                else:
                    child_objs += 1
        kr_count[o] = krs
        src = d["progress_source"]
        rolls_up_aligned = src == "aligned" or (src == "automatic" and krs == 0 and child_objs > 0)
        if not rolls_up_aligned and krs < opt["min_key_results"]:
            findings["too_few_key_results"] += 1
        if krs > opt["max_key_results"]:
            findings["too_many_key_results"] += 1
    findings["owner_overloaded"] = sum(1 for c in per_owner.values() if c > opt["max_objectives"])
    findings["team_overloaded"] = sum(1 for c in per_team.values() if c > opt["max_objectives"])
    shares = {t: b / n for t, (n, b) in origin.items() if t and n}
    if org_origin[0]:
        shares[""] = org_origin[1] / org_origin[0]
    findings["low_bottom_up_share"] = sum(1 for s in shares.values() if s < opt["min_bottom_up_share"])

    def cycle_of(n):
        d = nodes[n]
        return d["cycle"] if d["kind"] == "objective" else nodes[d["objective"]]["cycle"]

    for u, v, t in G.edges(data="type"):
        if t != "contributes" or nodes[v]["kind"] != "objective":
            continue
        from_kr = nodes[u]["kind"] == "key_result"
        cu, cv = cycle_of(u), cycle_of(v)
        if cu is not None and cv is not None and cu != cv:
            findings["cross_cycle_key_result" if from_kr else "cross_cycle_link"] += 1
        if not from_kr:
            a, b = LEVEL_RANK.get(nodes[u]["level"], 0), LEVEL_RANK.get(nodes[v]["level"], 0)
            if a and b and b > a:
                findings["aligned_to_lower_level"] += 1
    return {"per_owner": per_owner, "per_team": per_team, "kr_count": kr_count,
            "bottom_up_share": shares, "findings": findings}


# ---------------------------------------------------------------- team dependencies

def dependencies(org):
    """Team x team depends_on graph: links, reciprocation, strong components (cycles of two or
    more teams), dependents (in-degree), links_in and normalised betweenness centrality."""
    G = org.G
    nodes = G.nodes

    def team_of(n):
        d = nodes[n]
        return d["team"] if d["kind"] == "objective" else nodes[d["objective"]]["team"]

    any_link = set()
    T = nx.DiGraph()
    for u, v, t in G.edges(data="type"):
        if t == "contains":
            continue  # not a link (and always within one team)
        a, b = team_of(u), team_of(v)
        if not a or not b or a == b:
            continue
        any_link.add((a, b))
        if t == "depends_on":
            if T.has_edge(a, b):
                T[a][b]["links"] += 1
            else:
                T.add_edge(a, b, links=1)
    deps = [{"from_team": a, "to_team": b, "links": d["links"], "reciprocated": (b, a) in any_link}
            for a, b, d in T.edges(data=True)]
    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(T) if len(c) >= 2)
    bc = nx.betweenness_centrality(T, normalized=True)
    centrality = {t: {"dependents": T.in_degree(t), "links_in": T.in_degree(t, weight="links"),
                      "betweenness": bc[t]} for t in T}
    unreciprocated = sum(1 for d in deps if not d["reciprocated"])
    return {"dependencies": deps, "cycles": cycles, "centrality": centrality,
            "findings": Counter({"dependency_cycle": len(cycles), "unreciprocated_dependency": unreciprocated})}


# ---------------------------------------------------------------- everything

PARTS = ("scores", "ladder", "contributions", "exposure", "focus", "dependencies")


def analyse(org, as_of, options=None, at_risk=None, gc_paused=True):
    """Runs every part once; returns (report, {part: seconds}). With `at_risk` (a set of KR ids),
    exposure uses it instead of the statuses computed here.

    gc_paused: pause the cyclic garbage collector during the analysis (as load() and
    anchor_rollup.load do). With it running, the millions of short-lived containers NetworkX
    allocates (betweenness_centrality builds a dict of lists per source; the roll-up graph has a
    dict per node and edge) trigger repeated collections over everything the earlier parts keep
    alive: at 1M nodes the team-dependency part took 44.9 s instead of 5.0 s, contributions
    28.9 s instead of 19.1 s, the whole analysis 94 s instead of 41 s. Nothing here makes
    reference cycles that need the collector."""
    was_enabled = gc.isenabled()
    if gc_paused:
        gc.disable()
    try:
        return _analyse(org, as_of, options, at_risk)
    finally:
        if was_enabled:
            gc.enable()


def _analyse(org, as_of, options, at_risk):
    opt = dict(DEFAULT_OPTIONS, **(options or {}))
    t = {}
    t0 = time.perf_counter()
    sc = scores(org, as_of)
    t1 = time.perf_counter()
    t["scores"] = t1 - t0
    lad = ladder(org)
    t2 = time.perf_counter()
    t["ladder"] = t2 - t1
    con = contributions(org, lad["tops"], sc)
    t3 = time.perf_counter()
    t["contributions"] = t3 - t2
    if at_risk is None:
        exp = exposure(org, con, sc, opt["top_k"])
    else:
        exp = exposure_from_set(org, con, at_risk, opt["top_k"])
    t4 = time.perf_counter()
    t["exposure"] = t4 - t3
    foc = focus(org, opt)
    t5 = time.perf_counter()
    t["focus"] = t5 - t4
    dep = dependencies(org)
    t6 = time.perf_counter()
    t["dependencies"] = t6 - t5
    t["total"] = t6 - t0
    findings = Counter({"orphan": len(lad["orphans"])})
    findings.update(foc["findings"])
    findings.update(dep["findings"])
    rep = {"scores": sc, "ladder": lad, "contributions": con, "exposure": exp, "focus": foc,
           "dependencies": dep, "findings": findings}
    return rep, t


def counts(org, rep):
    """The numbers run_alignment.py checks against okr's benchmark output."""
    kind = org.G.nodes(data="kind")
    con = rep["contributions"]
    return {
        "tops": len(rep["ladder"]["tops"]),
        "orphans": len(rep["ladder"]["orphans"]),
        "contributions": sum(len(a) for a in con.values()),
        "kr_contributions": sum(1 for a in con.values() for v in a if kind[v] == "key_result"),
        "dependency_cycles": len(rep["dependencies"]["cycles"]),
        "teams": len(rep["dependencies"]["centrality"]),
        "findings": sum(rep["findings"].values()),
    }


def main(argv=None):
    import argparse

    ap = argparse.ArgumentParser(description="time the NetworkX alignment anchor on an okr JSON file")
    ap.add_argument("path")
    ap.add_argument("--as-of", default="2026-08-15")
    a = ap.parse_args(argv)
    t0 = time.perf_counter()
    org = load(a.path)
    print("anchor_load_s=%.6f" % (time.perf_counter() - t0))
    for k, v in org.load_times.items():
        print("anchor_load_%s=%.6f" % (k, v))
    rep, t = analyse(org, a.as_of)
    for k, v in t.items():
        print("anchor_%s_s=%.6f" % (k, v))
    for k, v in counts(org, rep).items():
        print("anchor_%s=%d" % (k, v))
    for k, v in sorted(rep["findings"].items()):
        print("anchor_finding_%s=%d" % (k, v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
