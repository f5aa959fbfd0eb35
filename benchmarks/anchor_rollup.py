#!/usr/bin/env python3
"""Anchor for the scoring benchmark: the okr Scoring contract (DESIGN.md) in plain Python.

A straightforward implementation with dicts and lists (stdlib only, no numpy or scipy), as a
Python team would write it, used to put okr's timings in context on the same JSON document:

    state = load(path)                          # json.load + dicts + topological order
    scores = full_rescore(state, "2026-08-15")  # every node's score as of a date
    full = full_job(state, "2026-08-15")        # every node's full result, as okr's score_all
    incremental(state, kr_id, date, value)      # one check-in, then that KR and its ancestors
    incremental_full(state, kr_id, date, value) # the same, with full results (after full_job)

full_rescore (scores only, like okr's score_vector):
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

full_job (the outputs of okr's full rescore, docs/scoring.md): per node a tuple (score,
expected, forecast, forecast_low, forecast_high, p_target, status) (FULL_COLUMNS).
- expected = clamp((t - cycle start) / (cycle end - cycle start), 0, 1) in days (a KR's cycle
  is its objective's; zero-length cycle: 0 before the end, 1 from it; no cycle: NaN).
- KR forecast: while the cycle is open (as of < its end) and the check-ins on or before the
  date fall on >= min_trend_checkins distinct dates, least squares through one point per date
  (the date's last check-in; y = value for metric/health, the KR's score then for baseline/
  milestone), evaluated at the cycle end with the policy's prediction interval (Student t on
  n - 2 degrees of freedom, written out here: incomplete beta by continued fraction, quantile
  by Newton's method) and p_target = P(finishing at >= target_score); metric: scores of the
  fitted value and of the interval ends; health: score of the fitted value, interval ends
  (high = 1 if the interval meets the healthy region), limits widened by (1 - target_score) *
  tolerance for p_target; baseline/milestone: clamped to [0, 1]. Otherwise the pace forecast
  min(1, score / expected) (expected NaN or <= 0: the score), no interval, no p_target.
- Objective: weighted means of the used children's scores and forecasts; no used child with a
  score -> NaN, no_data.
- Planned: a node whose cycle starts after the date has no score (NaN, left out of its parents'
  means), no forecast, status planned.
- Status: no_data; not_started (KR without check-ins, objective whose used children all are);
  done (score >= 1, never for a health KR); then the policy's rule (forecast thresholds, or
  score / expected against the pace ratios).
Aggregating KRs (`aggregate`) and `clamp: false` are not supported (they raise); the other
policy fields are read from the document.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import gc
import json
import math
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
        self.full = None      # full_job's (as_of, cycles, day, tq, results), for incremental_full


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


def _value_at(pts, score):
    """The value at which a metric's curve reaches `score` (0 <= score <= 1)."""
    j = 0
    while j + 2 < len(pts) and pts[j + 1][1] < score:
        j += 1
    (v0, s0), (v1, s1) = pts[j], pts[j + 1]
    return v0 + (v1 - v0) * (score - s0) / (s1 - s0)


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
    # The rest of the policy is read by full_job() only.
    st.policy = {
        "status_rule": pol.get("status_rule", "forecast"),
        "on_track": float(pol.get("on_track", 0.7)),
        "at_risk": float(pol.get("at_risk", 0.4)),
        "pace_on_track": float(pol.get("pace_on_track", 0.9)),
        "pace_at_risk": float(pol.get("pace_at_risk", 0.6)),
        "interval": float(pol.get("interval", 0.8)),
        "target_score": float(pol.get("target_score", 0.7)),
        "min_trend_checkins": int(pol.get("min_trend_checkins", 3)),
    }
    st.cycles = {c["id"]: (c["start"], c["end"]) for c in doc.get("cycles", ())}

    for o in doc.get("objectives", ()):
        oid = o["id"]
        st.obj[oid] = {
            "weight": float(o.get("weight", 1.0)),
            "source": o.get("progress_source") or "automatic",
            "krs": [],    # (kr id, weight): contained KRs, then KRs linked by contributes
            "objs": [],   # (objective id, weight): objectives that contribute
            "cycle": o.get("cycle") or None,
        }
        st.parents[oid] = []
        st.ids.append(oid)

    for k in doc.get("key_results", ()):
        kid = k["id"]
        if k.get("aggregate") not in (None, "none"):
            raise NotImplementedError("aggregating key results")
        t = k.get("type", "metric")
        rec = {"type": t, "weight": float(k.get("weight", 1.0)), "dates": [], "values": [], "stages": [],
               "cycle": st.obj[k["objective"]]["cycle"]}  # a KR's cycle is its objective's
        if t == "metric":
            rec["points"] = _metric_points(k)
            rec["dir"] = 1.0 if float(k["target"]) > float(k["start"]) else -1.0
            rec["value_at_target"] = _value_at(rec["points"], st.policy["target_score"])
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


def metric_value_score(rec, v):
    """Clamped score of a metric value: piecewise-linear through (start, 0), the anchors and
    (target, 1); at start or moved the wrong way 0, at or beyond the target 1."""
    pts = rec["points"]
    d = rec["dir"]
    if (v - pts[0][0]) * d <= 0:
        return 0.0
    if (v - pts[-1][0]) * d >= 0:
        return 1.0
    for i in range(1, len(pts)):
        x1, s1 = pts[i]
        if (v - x1) * d <= 0:
            x0, s0 = pts[i - 1]
            return s0 + (s1 - s0) * (v - x0) / (x1 - x0)
    return 1.0


def health_value_score(rec, v):
    """1 inside the threshold (inclusive) or band, else max(0, 1 - distance / tolerance)."""
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


def kr_score(rec, as_of, partial_stages=True):
    """Score of one KR as of `as_of` (ISO date string)."""
    n = bisect.bisect_right(rec["dates"], as_of)  # check-ins on or before as_of
    if n == 0:
        return 0.0
    t = rec["type"]
    if t == "metric":
        return metric_value_score(rec, rec["values"][n - 1])
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
    return health_value_score(rec, rec["values"][n - 1])


def _planned(st, cycle, as_of):
    """Whether cycle id `cycle` (None: no cycle) starts after ISO date `as_of`."""
    return cycle is not None and st.cycles[cycle][0] > as_of


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
        scores[kid] = NAN if _planned(st, rec["cycle"], as_of) else kr_score(rec, as_of, ps)
    obj = st.obj
    for oid in st.order:
        scores[oid] = NAN if _planned(st, obj[oid]["cycle"], as_of) else objective_score(obj[oid], scores)
    st.as_of = as_of
    st.scores = scores
    return scores


def _record(st, kr_id, date, value, stage):
    """Inserts one check-in into its KR's lists (after those of equal dates, which it supersedes)."""
    rec = st.kr[kr_id]
    date = str(date)
    pos = bisect.bisect_right(rec["dates"], date)
    rec["dates"].insert(pos, date)
    rec["values"].insert(pos, float(value))
    if rec["type"] == "milestone" and rec["stage_weights"]:
        rec["stages"].insert(pos, rec["stage_index"][stage])
    return rec


def _ancestors(st, kr_id):
    """Every node the KR contributes to, directly or through others."""
    parents = st.parents
    seen = set()
    stack = list(parents[kr_id])
    while stack:
        p = stack.pop()
        if p not in seen:
            seen.add(p)
            stack.extend(parents[p])
    return seen


def incremental(st, kr_id, date, value, stage=None):
    """Records one check-in and rescores that KR and its ancestors (as of st.as_of).

    Returns the number of objectives rescored."""
    if st.scores is None:
        raise RuntimeError("call full_rescore first")
    rec = _record(st, kr_id, date, value, stage)
    scores = st.scores
    scores[kr_id] = NAN if _planned(st, rec["cycle"], st.as_of) else kr_score(rec, st.as_of, st.partial_stages)
    # The ancestors, rescored children-first.
    seen = _ancestors(st, kr_id)
    obj = st.obj
    for oid in sorted(seen, key=st.rank.__getitem__):
        scores[oid] = NAN if _planned(st, obj[oid]["cycle"], st.as_of) else objective_score(obj[oid], scores)
    return len(seen)


# ---------------------------------------------------------------------------------------------
# Full job: every output of okr's full rescore (score, expected, forecast, interval, p_target,
# status), the same rules written out in plain Python.

_EPOCH = _dt.date(1970, 1, 1).toordinal()


def _day(iso):
    """Days since 1970-01-01 of an ISO date string."""
    return _dt.date.fromisoformat(iso).toordinal() - _EPOCH


# Student's t distribution, without scipy: the CDF through the regularized incomplete beta
# function (continued fraction, modified Lentz), the quantile by Newton's method on the CDF.

def _beta_cf(a, b, x):
    """Continued fraction of the incomplete beta function (converges for x < (a+1)/(a+b+2))."""
    tiny = 1e-300
    qab = a + b
    qap = a + 1.0
    qam = a - 1.0

    def lentz_step(aa, c, d):
        """One term of the modified Lentz recurrence: the new (c, d)."""
        d = 1.0 + aa * d
        if abs(d) < tiny:
            d = tiny
        c = 1.0 + aa / c
        if abs(c) < tiny:
            c = tiny
        return c, 1.0 / d

    c = 1.0
    d = 1.0 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1.0 / d
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        c, d = lentz_step(m * (b - m) * x / ((qam + m2) * (a + m2)), c, d)  # even term
        h *= d * c
        c, d = lentz_step(-(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)), c, d)  # odd term
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return h


def _beta_inc(a, b, x, y):
    """Regularized incomplete beta I_x(a, b), with y = 1 - x passed in (computed without
    cancellation by the caller)."""
    if x <= 0.0:
        return 0.0
    if y <= 0.0:
        return 1.0
    ln_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(y)
    front = math.exp(ln_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_cf(a, b, x) / a
    return 1.0 - front * _beta_cf(b, a, y) / b


def t_cdf(t, df):
    """P(T <= t) for Student's t with `df` degrees of freedom."""
    if t != t:
        return NAN
    t2 = t * t
    r = df + t2
    tail = 0.5 * _beta_inc(df / 2.0, 0.5, df / r, t2 / r)  # P(T > |t|)
    return 1.0 - tail if t > 0 else tail


def _t_pdf(t, df):
    ln_c = math.lgamma((df + 1) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(ln_c - (df + 1) / 2.0 * math.log1p(t * t / df))


def t_quantile(p, df):
    """The t with P(T <= t) = p (0 < p < 1): bracketed Newton iteration on t_cdf."""
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:  # bracket: cdf(lo) < p <= cdf(hi)
        lo, hi = hi, 2.0 * hi
    x = 0.5 * (lo + hi)
    for _ in range(200):
        f = t_cdf(x, df) - p
        if f == 0.0:
            return x
        if f < 0.0:
            lo = x
        else:
            hi = x
        nx = x - f / _t_pdf(x, df)
        if not lo < nx < hi:
            nx = 0.5 * (lo + hi)  # Newton left the bracket: bisect
        if abs(nx - x) <= 1e-15 * abs(nx) or hi - lo <= 1e-15 * hi:
            return nx
        x = nx
    return x


def _clamp01(x):
    return 0.0 if x < 0.0 else (1.0 if x > 1.0 else x)


def _trend_points(rec, n, day, partial_stages):
    """One (day, y) point per distinct date among the first n check-ins, from the last check-in
    of that date; y = the value (metric, health) or the KR's score as of that check-in."""
    dates = rec["dates"]
    values = rec["values"]
    t = rec["type"]
    xs = []
    ys = []
    if t == "metric" or t == "health":
        for i in range(n):
            if i + 1 < n and dates[i + 1] == dates[i]:
                continue
            xs.append(day(dates[i]))
            ys.append(values[i])
    elif t == "baseline":
        req = rec["required"]
        for i in range(n):
            if i + 1 < n and dates[i + 1] == dates[i]:
                continue
            xs.append(day(dates[i]))
            ys.append(min(1.0, (i + 1) / req))
    else:  # milestone
        sw = rec["stage_weights"]
        if not sw:
            for i in range(n):
                if i + 1 < n and dates[i + 1] == dates[i]:
                    continue
                xs.append(day(dates[i]))
                ys.append(1.0 if values[i] >= 1.0 else 0.0)
        else:
            stages = rec["stages"]
            prog = [0.0] * len(sw)
            wsum = sum(sw)
            for i in range(n):
                prog[stages[i]] = values[i]
                if i + 1 < n and dates[i + 1] == dates[i]:
                    continue
                total = 0.0
                for w, p in zip(sw, prog):
                    if not partial_stages:
                        p = 1.0 if p >= 1.0 else 0.0
                    total += w * p
                xs.append(day(dates[i]))
                ys.append(total / wsum)
    return xs, ys


def _trend_forecast(rec, xs, ys, x_end, pol, tq):
    """Least-squares line through the points, evaluated at x_end with a prediction interval.

    Returns (forecast, forecast_low, forecast_high, p_target), or None without a usable fit."""
    n = len(xs)
    if n < pol["min_trend_checkins"]:
        return None
    mx = 0.0
    my = 0.0
    for i in range(n):
        mx += xs[i]
        my += ys[i]
    mx /= n
    my /= n
    sxx = 0.0
    sxy = 0.0
    for i in range(n):
        dx = xs[i] - mx
        sxx += dx * dx
        sxy += dx * (ys[i] - my)
    if not sxx > 0:
        return None
    b = sxy / sxx
    a = my - b * mx
    sse = 0.0
    for i in range(n):
        e = ys[i] - (a + b * xs[i])
        sse += e * e
    df = n - 2
    s = math.sqrt(sse / df)
    y0 = a + b * x_end
    se = s * math.sqrt(1.0 + 1.0 / n + (x_end - mx) * (x_end - mx) / sxx)
    q = tq.get(df)
    if q is None:
        q = tq[df] = t_quantile(0.5 + pol["interval"] / 2.0, df)
    lo = y0 - q * se
    hi = y0 + q * se

    # The fitted quantity at the cycle end is y0 + se * T, T ~ t(df) (a step when se == 0).
    def p_ge(c):
        if not se > 0:
            return 1.0 if y0 >= c else 0.0
        return t_cdf((y0 - c) / se, df)

    def p_le(c):
        if not se > 0:
            return 1.0 if y0 <= c else 0.0
        return t_cdf((c - y0) / se, df)

    ts = pol["target_score"]
    t = rec["type"]
    if t == "metric":
        f1 = metric_value_score(rec, lo)
        f2 = metric_value_score(rec, hi)
        v = rec["value_at_target"]
        p = p_ge(v) if rec["dir"] > 0 else p_le(v)
        return metric_value_score(rec, y0), min(f1, f2), max(f1, f2), p
    if t == "health":
        f1 = health_value_score(rec, lo)
        f2 = health_value_score(rec, hi)
        top = max(f1, f2)
        slack = 0.0 if ts >= 1.0 else (1.0 - ts) * rec["tolerance"]
        if "band" in rec:
            blo, bhi = rec["band"]
            if lo <= bhi and hi >= blo:  # the interval meets the healthy band
                top = 1.0
            p = max(0.0, p_le(bhi + slack) - (1.0 - p_ge(blo - slack)))
        elif rec["at_most"]:
            if lo <= rec["threshold"]:
                top = 1.0
            p = p_le(rec["threshold"] + slack)
        else:
            if hi >= rec["threshold"]:
                top = 1.0
            p = p_ge(rec["threshold"] - slack)
        return health_value_score(rec, y0), min(f1, f2), top, p
    # baseline, milestone: the fitted quantity is the score itself
    return _clamp01(y0), _clamp01(lo), _clamp01(hi), p_ge(ts)


def _rule_status(pol, score, expected, forecast):
    if pol["status_rule"] == "pace" and expected == expected:
        if expected <= 0:
            return "on_track"
        r = score / expected
        return "on_track" if r >= pol["pace_on_track"] else ("at_risk" if r >= pol["pace_at_risk"] else "off_track")
    return "on_track" if forecast >= pol["on_track"] else ("at_risk" if forecast >= pol["at_risk"] else "off_track")


def _planned_full(cycle):
    """The full result of a node whose cycle (expected, end day, open, planned) has not started."""
    return (NAN, cycle[0], NAN, NAN, NAN, NAN, "planned")


def kr_full(rec, as_of, cycle, pol, partial_stages, day, tq):
    """(score, expected, forecast, forecast_low, forecast_high, p_target, status) of one KR.

    cycle: (expected, end day, open, planned) of the KR's cycle as of `as_of`, or None."""
    if cycle is not None and cycle[3]:
        return _planned_full(cycle)
    n = bisect.bisect_right(rec["dates"], as_of)  # check-ins on or before as_of
    score = kr_score(rec, as_of, partial_stages)
    expected = cycle[0] if cycle is not None else NAN
    # Pace-extrapolated forecast (expected NaN or <= 0: the score itself).
    forecast = min(1.0, score / expected) if expected > 0 else score
    if n == 0:
        return (score, expected, forecast, NAN, NAN, NAN, "not_started")
    low = high = p_target = NAN
    if cycle is not None and cycle[2]:  # least squares while the cycle is open
        xs, ys = _trend_points(rec, n, day, partial_stages)
        fit = _trend_forecast(rec, xs, ys, cycle[1], pol, tq)
        if fit is not None:
            forecast, low, high, p_target = fit
    if score >= 1.0 and rec["type"] != "health":  # a health KR is kept, never finished
        status = "done"
    else:
        status = _rule_status(pol, score, expected, forecast)
    return (score, expected, forecast, low, high, p_target, status)


def objective_full(o, expected, res, pol):
    """Weighted means of the used children's scores and forecasts, and the objective's status."""
    ws = 0.0
    wf = 0.0
    wsum = 0.0
    any_started = False
    for cid, w in o["children"]:
        c = res[cid]
        if c[0] != c[0]:  # NaN score (no_data): left out
            continue
        ws += w * c[0]
        wf += w * c[2]
        wsum += w
        if c[6] != "not_started":
            any_started = True
    if not wsum > 0:
        return (NAN, expected, NAN, NAN, NAN, NAN, "no_data")
    score = ws / wsum
    forecast = wf / wsum
    if not any_started:
        status = "not_started"
    elif score >= 1.0:
        status = "done"
    else:
        status = _rule_status(pol, score, expected, forecast)
    return (score, expected, forecast, NAN, NAN, NAN, status)


def full_job(st, as_of):
    """okr's full rescore: for every node, a tuple (score, expected, forecast, forecast_low,
    forecast_high, p_target, status) as of `as_of`; returns a dict id -> tuple, also kept
    (with what it needs) for incremental_full. Does not touch the state full_rescore/incremental
    keep."""
    as_of = str(as_of)
    pol = st.policy
    days = {}  # ISO date -> day number (a few hundred distinct dates)

    def day(iso):
        d = days.get(iso)
        if d is None:
            d = days[iso] = _day(iso)
        return d

    t = day(as_of)
    cycles = {}  # cycle id -> (expected, end day, as_of before the end, as_of before the start)
    for cid, (cs, ce) in st.cycles.items():
        s, e = day(cs), day(ce)
        if e == s:
            expected = 1.0 if t >= e else 0.0
        else:
            expected = _clamp01((t - s) / (e - s))
        cycles[cid] = (expected, e, t < e, t < s)
    tq = {}  # degrees of freedom -> t quantile of the policy's interval
    ps = st.partial_stages
    res = {}
    for kid, rec in st.kr.items():
        c = rec["cycle"]
        res[kid] = kr_full(rec, as_of, cycles[c] if c is not None else None, pol, ps, day, tq)
    obj = st.obj
    for oid in st.order:
        o = obj[oid]
        c = o["cycle"]
        res[oid] = (_planned_full(cycles[c]) if c is not None and cycles[c][3]
                    else objective_full(o, cycles[c][0] if c is not None else NAN, res, pol))
    st.full = (as_of, cycles, day, tq, res)  # for incremental_full
    return res


def incremental_full(st, kr_id, date, value, stage=None):
    """Records one check-in and recomputes the full result (as full_job) of that KR and its
    ancestors, as of the date of the last full_job. Returns the number of objectives redone."""
    if st.full is None:
        raise RuntimeError("call full_job first")
    as_of, cycles, day, tq, res = st.full
    rec = _record(st, kr_id, date, value, stage)
    pol = st.policy
    c = rec["cycle"]
    res[kr_id] = kr_full(rec, as_of, cycles[c] if c is not None else None, pol, st.partial_stages, day, tq)
    seen = _ancestors(st, kr_id)
    obj = st.obj
    for oid in sorted(seen, key=st.rank.__getitem__):
        o = obj[oid]
        c = o["cycle"]
        res[oid] = (_planned_full(cycles[c]) if c is not None and cycles[c][3]
                    else objective_full(o, cycles[c][0] if c is not None else NAN, res, pol))
    return len(seen)


FULL_COLUMNS = ("score", "expected", "forecast", "forecast_low", "forecast_high", "p_target", "status")


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
    ap.add_argument("--full-reps", type=int, default=1, help="full_job repetitions (0: skip)")
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
    full_times = []
    for _ in range(max(0, a.full_reps)):
        t0 = time.perf_counter()
        full_job(st, a.as_of)
        full_times.append(time.perf_counter() - t0)
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
    if full_times:
        print("anchor_full_job_s=%.6f" % statistics.median(full_times))
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
