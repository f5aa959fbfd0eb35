#!/usr/bin/env python3
"""Anchor for the scoring benchmark: the okr Scoring contract (DESIGN.md) in plain Python.

A straightforward implementation with dicts and lists (no numpy), as a Python team would write it,
used to put okr's timings in context on the same JSON document:

    state = load(path)                        # json.load + dicts + topological order
    scores = full_rescore(state, "2026-08-15")  # every node as of a date
    incremental(state, kr_id, date, value)    # one check-in, then that KR and its ancestors

Rules (scores only; pace, forecast and status are not computed here):
- KR score from the latest check-in on or before the date (ties on a date: the later one in the
  document supersedes); no check-in -> 0.0.
  metric: piecewise-linear through (start, 0), anchors, (target, 1), clamped to [0, 1] (movement
  in the wrong direction scores 0); baseline: min(1, observations / required); milestone: done
  (value >= 1) -> 1 else 0, staged: sum(w_i * p_i) / sum(w_i) with p_i the latest progress of
  stage i; health: 1 inside the threshold (inclusive) or band, else max(0, 1 - distance /
  tolerance) (tolerance 0: 0).
- Objective score: weighted mean of its children with data (NaN children left out; none -> NaN).
  progress_source key_results: contained KRs (KR weight) + KRs linked by contributes (link
  weight); aligned: objectives that contribute (link weight); both: both; default: key_results
  if it has any, else aligned. Computed children-first (topological order).
Aggregating KRs (`aggregate`) and non-default scoring policies are not supported (they raise).
"""
from __future__ import annotations

import bisect
import gc
import json
import sys
import time

NAN = float("nan")


class State:
    """Everything the scorer needs, built once by load()."""

    def __init__(self):
        self.kr = {}          # KR id -> dict (type, params, check-in lists)
        self.obj = {}         # objective id -> dict (weight, progress_source, children)
        self.parents = {}     # node id -> list of objective ids it feeds (contains / contributes)
        self.order = []       # objective ids, children before parents
        self.rank = {}        # objective id -> position in order
        self.ids = []         # every node id in document order (objectives, then KRs)
        self.as_of = None
        self.scores = None    # id -> score as of self.as_of


def _metric_points(k):
    start = float(k["start"])
    target = float(k["target"])
    pts = [(start, 0.0)]
    for a in k.get("anchors") or ():
        s = float(a["score"])
        if 0.0 < s < 1.0:
            pts.append((float(a["value"]), s))
    pts.append((target, 1.0))
    return pts


def load(path):
    """Reads the document and builds the scoring structures.

    The cyclic garbage collector is paused while loading (the usual idiom for bulk loads in
    Python; with it running, building millions of small containers triggers repeated full
    collections and loading a 1M-node document takes ~3x longer)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(path)
    finally:
        if was_enabled:
            gc.enable()


def _load(path):
    with open(path, "r", encoding="utf-8") as f:
        doc = json.load(f)
    return from_doc(doc)


def from_doc(doc):
    """Builds the scoring structures from an already parsed document (see load())."""
    if doc.get("format") != "okr" or doc.get("version") != 1:
        raise ValueError("not an okr version-1 document")
    pol = doc.get("scoring") or {}
    if pol.get("clamp", True) is not True:
        raise NotImplementedError("scoring.clamp = false")
    st = State()
    st.partial_stages = bool(pol.get("partial_stages", True))

    for o in doc.get("objectives", ()):
        oid = o["id"]
        st.obj[oid] = {
            "weight": float(o.get("weight", 1.0)),
            "source": o.get("progress_source") or "automatic",
            "krs": [],    # (kr id, weight): contained KRs, then KRs linked by contributes
            "objs": [],   # (objective id, weight): objectives that contribute
        }
        st.parents[oid] = []
        st.ids.append(oid)

    for k in doc.get("key_results", ()):
        kid = k["id"]
        if k.get("aggregate") not in (None, "none"):
            raise NotImplementedError("aggregating key results")
        t = k.get("type", "metric")
        rec = {"type": t, "weight": float(k.get("weight", 1.0)), "dates": [], "values": [], "stages": []}
        if t == "metric":
            rec["points"] = _metric_points(k)
            rec["dir"] = 1.0 if float(k["target"]) > float(k["start"]) else -1.0
        elif t == "baseline":
            rec["required"] = float(k["required"])
        elif t == "milestone":
            stages = k.get("stages") or []
            rec["stage_weights"] = [float(s.get("weight", 1.0)) for s in stages]
            rec["stage_index"] = {}
            for i, s in enumerate(stages):  # a stage is named by its id, else by its title
                if not s.get("id") and s.get("title"):
                    rec["stage_index"].setdefault(s["title"], i)
            for i, s in enumerate(stages):  # ids win over titles
                if s.get("id"):
                    rec["stage_index"][s["id"]] = i
        elif t == "health":
            if "band" in k:
                rec["band"] = (float(k["band"][0]), float(k["band"][1]))
            else:
                rec["threshold"] = float(k["threshold"])
                rec["at_most"] = k.get("direction", "at_least") == "at_most"
            rec["tolerance"] = float(k.get("tolerance", 0.0))
        else:
            raise ValueError("key result %r: unknown type %r" % (kid, t))
        st.kr[kid] = rec
        st.parents[kid] = [k["objective"]]
        st.obj[k["objective"]]["krs"].append((kid, rec["weight"]))
        st.ids.append(kid)

    for l in doc.get("links", ()):
        if l.get("type", "contributes") != "contributes":
            continue
        src, dst, w = l["from"], l["to"], float(l.get("weight", 1.0))
        if src in st.kr:
            st.obj[dst]["krs"].append((src, w))
        else:
            st.obj[dst]["objs"].append((src, w))
        st.parents[src].append(dst)

    # Check-ins: per KR, sorted by date; a stable sort keeps document order on equal dates.
    per_kr = {}
    for c in doc.get("checkins", ()):
        per_kr.setdefault(c["key_result"], []).append(c)
    for kid, lst in per_kr.items():
        rec = st.kr[kid]
        lst.sort(key=lambda c: c["date"])
        rec["dates"] = [c["date"] for c in lst]
        rec["values"] = [float(c["value"]) for c in lst]
        if rec["type"] == "milestone" and rec["stage_weights"]:
            rec["stages"] = [rec["stage_index"][c["stage"]] for c in lst]
    del per_kr

    # Which children each objective averages over (fixed by structure and progress_source).
    for oid, o in st.obj.items():
        src = o["source"]
        if src == "automatic":
            src = "key_results" if o["krs"] else "aligned"
        if src == "key_results":
            o["children"] = o["krs"]
        elif src == "aligned":
            o["children"] = o["objs"]
        elif src == "both":
            o["children"] = o["krs"] + o["objs"]
        else:
            raise ValueError("objective %r: unknown progress_source %r" % (oid, src))

    # Topological order of objectives (Kahn), children before parents.
    pending = {oid: len(o["objs"]) for oid, o in st.obj.items()}
    order = [oid for oid, n in pending.items() if n == 0]
    head = 0
    while head < len(order):
        oid = order[head]
        head += 1
        for p in st.parents[oid]:
            pending[p] -= 1
            if pending[p] == 0:
                order.append(p)
    if len(order) != len(st.obj):
        raise ValueError("contributes cycle among objectives")
    st.order = order
    st.rank = {oid: i for i, oid in enumerate(order)}
    return st


def kr_score(rec, as_of, partial_stages=True):
    """Score of one KR as of `as_of` (ISO date string)."""
    n = bisect.bisect_right(rec["dates"], as_of)  # check-ins on or before as_of
    if n == 0:
        return 0.0
    t = rec["type"]
    if t == "metric":
        v = rec["values"][n - 1]
        pts = rec["points"]
        d = rec["dir"]
        if (v - pts[0][0]) * d <= 0:
            return 0.0          # at start or moved the wrong way
        if (v - pts[-1][0]) * d >= 0:
            return 1.0          # reached or beyond the target
        for i in range(1, len(pts)):
            x1, s1 = pts[i]
            if (v - x1) * d <= 0:
                x0, s0 = pts[i - 1]
                return s0 + (s1 - s0) * (v - x0) / (x1 - x0)
        return 1.0
    if t == "baseline":
        return min(1.0, n / rec["required"])
    if t == "milestone":
        sw = rec["stage_weights"]
        if not sw:
            return 1.0 if rec["values"][n - 1] >= 1.0 else 0.0
        prog = [0.0] * len(sw)
        stages = rec["stages"]
        values = rec["values"]
        for i in range(n):
            prog[stages[i]] = values[i]
        total = 0.0
        for w, p in zip(sw, prog):
            if not partial_stages:
                p = 1.0 if p >= 1.0 else 0.0
            total += w * p
        return total / sum(sw)
    # health
    v = rec["values"][n - 1]
    if "band" in rec:
        lo, hi = rec["band"]
        dist = lo - v if v < lo else (v - hi if v > hi else 0.0)
    elif rec["at_most"]:
        dist = v - rec["threshold"] if v > rec["threshold"] else 0.0
    else:
        dist = rec["threshold"] - v if v < rec["threshold"] else 0.0
    if dist <= 0.0:
        return 1.0
    tol = rec["tolerance"]
    if tol <= 0.0:
        return 0.0
    return max(0.0, 1.0 - dist / tol)


def objective_score(o, scores):
    num = 0.0
    den = 0.0
    for cid, w in o["children"]:
        s = scores[cid]
        if s == s:  # not NaN
            num += w * s
            den += w
    return num / den if den > 0 else NAN


def full_rescore(st, as_of):
    """Scores every node as of `as_of`; returns (and keeps in st) a dict id -> score."""
    as_of = str(as_of)
    ps = st.partial_stages
    scores = {}
    for kid, rec in st.kr.items():
        scores[kid] = kr_score(rec, as_of, ps)
    obj = st.obj
    for oid in st.order:
        scores[oid] = objective_score(obj[oid], scores)
    st.as_of = as_of
    st.scores = scores
    return scores


def incremental(st, kr_id, date, value, stage=None):
    """Records one check-in and rescores that KR and its ancestors (as of st.as_of).

    Returns the number of objectives rescored."""
    if st.scores is None:
        raise RuntimeError("call full_rescore first")
    rec = st.kr[kr_id]
    date = str(date)
    pos = bisect.bisect_right(rec["dates"], date)  # after equal dates: it supersedes them
    rec["dates"].insert(pos, date)
    rec["values"].insert(pos, float(value))
    if rec["type"] == "milestone" and rec["stage_weights"]:
        rec["stages"].insert(pos, rec["stage_index"][stage])
    scores = st.scores
    scores[kr_id] = kr_score(rec, st.as_of, st.partial_stages)
    # Collect the ancestors, then rescore them children-first.
    parents = st.parents
    seen = set()
    stack = list(parents[kr_id])
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.add(p)
            stack.extend(parents[p])
    rank = st.rank
    obj = st.obj
    for oid in sorted(seen, key=rank.__getitem__):
        scores[oid] = objective_score(obj[oid], scores)
    return len(seen)


def random_checkin(st, kid, rng):
    """A plausible value (and stage) for a check-in on `kid`, as the benchmarks use."""
    rec = st.kr[kid]
    t = rec["type"]
    stage = None
    if t == "metric":
        s, e = rec["points"][0][0], rec["points"][-1][0]
        value = s + (e - s) * rng.uniform(-0.1, 1.2)
    elif t == "baseline":
        value = rng.uniform(0, 100)
    elif t == "milestone":
        if rec["stage_weights"]:
            inv = {i: name for name, i in rec["stage_index"].items()}
            stage = inv[rng.randrange(len(rec["stage_weights"]))]
            value = rng.random()
        else:
            value = float(rng.random() < 0.5)
    else:
        if "band" in rec:
            lo, hi = rec["band"]
            value = rng.uniform(lo - (hi - lo) / 2, hi + (hi - lo) / 2)
        else:
            thr = rec["threshold"]
            scale = rec["tolerance"] if rec["tolerance"] > 0 else max(1.0, abs(thr) * 0.05)
            value = thr + scale * rng.uniform(-2, 2)
    return value, stage


def _same(a, b, tol=0.0):
    if a != a or b != b:
        return a != a and b != b
    return abs(a - b) <= tol


def main(argv=None):
    import argparse
    import random
    import statistics

    ap = argparse.ArgumentParser(description="time the pure-Python scoring anchor on an okr JSON file")
    ap.add_argument("path")
    ap.add_argument("--as-of", default="2026-08-15")
    ap.add_argument("--rescore-reps", type=int, default=3)
    ap.add_argument("--checkins", type=int, default=1000, help="incremental check-ins to time")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--selfcheck", action="store_true", help="verify incremental == full rescore afterwards")
    a = ap.parse_args(argv)

    t0 = time.perf_counter()
    st = load(a.path)
    t_load = time.perf_counter() - t0
    times = []
    for _ in range(max(1, a.rescore_reps)):
        t0 = time.perf_counter()
        full_rescore(st, a.as_of)
        times.append(time.perf_counter() - t0)
    rng = random.Random(a.seed)
    krs = list(st.kr)
    inc = []
    for _ in range(a.checkins):
        kid = krs[rng.randrange(len(krs))]
        value, stage = random_checkin(st, kid, rng)
        t0 = time.perf_counter()
        incremental(st, kid, a.as_of, value, stage)
        inc.append(time.perf_counter() - t0)
    print("anchor_load_s=%.6f" % t_load)
    print("anchor_full_rescore_s=%.6f" % statistics.median(times))
    if inc:
        print("anchor_incremental_us=%.3f" % (statistics.median(inc) * 1e6))
    if a.selfcheck:
        inc_scores = dict(st.scores)
        full = full_rescore(st, a.as_of)
        bad = [k for k in full if not _same(full[k], inc_scores[k], 1e-12)]
        print("anchor_selfcheck_mismatches=%d" % len(bad))
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
