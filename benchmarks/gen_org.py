#!/usr/bin/env python3
"""Generate a synthetic organisation as an okr v1 JSON document (deterministic for a seed).

    python3 gen_org.py --nodes N --checkins K --seed S -o FILE

Structure
- A tree of teams: the company (level 0) -> departments -> ... -> teams. Leaves sit at depth 5, 6
  or 7 (levels 0-4 always branch; a share of level-4 and level-5 teams are leaves). Level sizes
  grow geometrically so that teams x 12 nodes ~= N.
- Each team has 3 objectives x 3 key results. Each objective of a non-company team contributes
  (link type "contributes") to one objective of its parent team.
- ~10 % extra cross-links: a KR or an objective contributes to a random objective at a strictly
  shallower level (so the roll-up stays a DAG). ~1 % depends_on links between objectives.
- Objectives of teams that have child teams roll up their children: progress_source "both"
  (70 %), "aligned" (20 %) or the default (10 %); leaf-team objectives use the default.
- KR types: metric (~65 %, increasing and decreasing targets, some with 0.3/0.7 anchors),
  baseline (~10 %, "required"), milestone (~15 %, half of them staged), health (~10 %:
  threshold + direction or band, optional tolerance).
- K check-ins per KR on weekly dates inside cycle "c1" (2026-07-01 .. 2026-09-30). Unstaged
  milestone values are 0 or 1; staged milestone check-ins name a stage and carry progress in [0, 1].

The JSON is written as pre-formatted strings (one element per line), which keeps N = 1,000,000
well under a minute.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import random
import sys
import time

GEN_VERSION = 1  # bump when the output for a given (nodes, checkins, seed) changes

CYCLE_ID = "c1"
CYCLE_START = _dt.date(2026, 7, 1)
CYCLE_END = _dt.date(2026, 9, 30)
MAX_LEVELS = 7          # levels 0..6: leaves at depth 5..7
LEAF_SHARE = {4: 0.30, 5: 0.30}  # share of teams at these levels that have no child teams
CROSS_LINK_P = 0.10     # per node (objective or KR below the company)
DEPENDS_ON_P = 0.01     # per objective

_VERBS = ["Raise", "Grow", "Cut", "Reduce", "Improve", "Launch", "Deliver", "Build", "Win", "Delight",
          "Simplify", "Scale", "Strengthen", "Modernise", "Accelerate"]
_THINGS = ["customer retention", "onboarding", "the partner channel", "platform reliability",
           "self-service", "gross margin", "time to market", "employee engagement", "data quality",
           "the learning programme", "first-contact resolution", "security posture",
           "net revenue retention", "the Zürich office", "café-grade developer experience"]
_OWNERS = ["ana", "ben", "chen", "dana", "emeka", "farah", "goran", "hana", "ivan", "jo", "kai",
           "lena", "marvin", "diana", "noor", "oleg", "priya", "quinn", "rosa", "sven"]
_WHY = ["Churn rose two quarters in a row", "Board priority for this year",
        "Competitor launched a cheaper plan", "Audit finding from last cycle",
        "Customers ask for it in every QBR", "Blocked three other teams last quarter"]
_NOTES = ["on track", "blocked by vendor", "new data source", "holiday week", "recovered after incident",
          "scope cut agreed", "waiting for review"]

# (unit, start range, relative change range) for metric KRs
_METRIC_UNITS = [("%", (0, 60), (0.2, 1.0)), ("USD", (1e5, 3e7), (0.1, 0.6)), ("count", (0, 200), (0.3, 2.0)),
                 ("days", (5, 90), (0.2, 0.7)), ("ms", (100, 2000), (0.2, 0.6)), ("NPS", (-20, 40), (0.2, 1.0))]


def _num(x: float) -> str:
    """Short JSON number: integers without a fraction, else up to 2 decimals."""
    r = round(x, 2)
    if r == int(r) and abs(r) < 1e15:
        return str(int(r))
    return repr(r)


def level_sizes(teams: int, rng: random.Random) -> list[int]:
    """Team counts per level (level 0 = company), summing to `teams`, geometric growth."""
    if teams < MAX_LEVELS:
        # Tiny orgs: a chain of at least one team per level, as deep as possible.
        return [1] * teams
    levels = MAX_LEVELS

    def total(r: float) -> float:
        return sum(r ** i for i in range(levels))

    lo, hi = 1.0, float(teams)
    for _ in range(100):
        mid = (lo + hi) / 2
        if total(mid) < teams:
            lo = mid
        else:
            hi = mid
    r = lo
    sizes = [1]
    for i in range(1, levels):
        sizes.append(max(sizes[-1], int(round(r ** i))))
    # Make the counts add up exactly, adjusting from the deepest level upwards while keeping
    # every level at least as large as the one above.
    diff = teams - sum(sizes)
    i = levels - 1
    while diff != 0 and i > 0:
        if diff > 0:
            sizes[i] += diff
            diff = 0
        else:
            can = sizes[i] - sizes[i - 1]
            take = min(can, -diff)
            sizes[i] -= take
            diff += take
            i -= 1
    return sizes


def build_tree(teams: int, rng: random.Random):
    """Returns (parent_of_team, level_of_team, level_start) with teams numbered level by level."""
    sizes = level_sizes(teams, rng)
    level_start = [0]
    for s in sizes:
        level_start.append(level_start[-1] + s)
    parent = [-1] * teams
    level = [0] * teams
    for lv, s in enumerate(sizes):
        for t in range(level_start[lv], level_start[lv + 1]):
            level[t] = lv
    for lv in range(1, len(sizes)):
        above = list(range(level_start[lv - 1], level_start[lv]))
        share = LEAF_SHARE.get(lv - 1, 0.0)
        if share > 0 and len(above) > 1:
            keep = max(1, int(round(len(above) * (1 - share))))
            rng.shuffle(above)
            above = sorted(above[:keep])
        kids = list(range(level_start[lv], level_start[lv + 1]))
        rng.shuffle(kids)
        n_above = len(above)
        for i, c in enumerate(kids):
            parent[c] = above[i] if i < n_above else above[rng.randrange(n_above)]
    return parent, level, level_start


def generate(nodes: int, checkins: int, seed: int, out) -> dict:
    rng = random.Random(seed)
    rnd = rng.random
    randrange = rng.randrange
    choice = rng.choice

    teams = max(1, int(round(nodes / 12)))
    parent, level, level_start = build_tree(teams, rng)
    has_children = [False] * teams
    for t in range(teams):
        if parent[t] >= 0:
            has_children[parent[t]] = True

    days = [(CYCLE_START + _dt.timedelta(days=i)).isoformat() for i in range((CYCLE_END - CYCLE_START).days + 1)]
    last_day = len(days) - 1  # 91
    max_weeks = last_day // 7 + 1  # 14 weekly slots fit from the start

    w = out.write
    w('{"format":"okr","version":1,\n"generator":{"name":"okr/benchmarks/gen_org.py","version":%d,'
      '"nodes":%d,"checkins":%d,"seed":%d},\n' % (GEN_VERSION, nodes, checkins, seed))
    w('"cycles":[{"id":"%s","start":"%s","end":"%s"}],\n' % (CYCLE_ID, CYCLE_START.isoformat(), CYCLE_END.isoformat()))

    # ---------------- objectives ----------------
    level_name = ["company", "department", "department"] + ["team"] * 10
    origins = ["bottom_up"] * 6 + ["top_down"] * 3 + ["cross_functional"]
    weights = ["1"] * 8 + ["2", "0.5"]
    n_obj = teams * 3
    buf = []
    w('"objectives":[\n')
    for t in range(teams):
        lv = level[t]
        team_name = "team-%d" % t
        lname = level_name[lv]
        for j in range(3):
            o = 3 * t + j
            parts = ['{"id":"o%d","title":"%s %s (%s)","owner":"%s.%d","team":"%s","level":"%s","cycle":"c1",'
                     '"origin":"%s"' % (o, choice(_VERBS), choice(_THINGS), team_name, choice(_OWNERS), t,
                                        team_name, lname, choice(origins))]
            if rnd() < 0.3:
                parts.append(',"why_now":"%s"' % choice(_WHY))
            parts.append(',"flavor":"%s","weight":%s' % ("rock" if rnd() < 0.1 else "okr", choice(weights)))
            if has_children[t]:
                x = rnd()
                if x < 0.7:
                    parts.append(',"progress_source":"both"')
                elif x < 0.9:
                    parts.append(',"progress_source":"aligned"')
            parts.append('}')
            buf.append("".join(parts))
            if len(buf) >= 4096:
                w(",\n".join(buf))
                w(",\n")
                buf.clear()
    w(",\n".join(buf))
    buf.clear()
    w('\n],\n')

    # ---------------- key results (+ check-ins, kept for later) ----------------
    kr_level = []  # level of the KR's team, for cross-links
    n_checkins = 0
    w('"key_results":[\n')
    cbuf = []  # check-in lines
    first_kr_chunk = True
    first_ci_chunk = True
    tmp_path = out.name + ".checkins.tmp" if hasattr(out, "name") and isinstance(out.name, str) else None
    ci_file = open(tmp_path, "w", encoding="utf-8") if tmp_path else None
    try:
        for t in range(teams):
            lv = level[t]
            for j in range(3):
                o = 3 * t + j
                for m in range(3):
                    k = 9 * t + 3 * j + m
                    kid = "k%d" % k
                    x = rnd()
                    wt = choice(weights)
                    head = '{"id":"%s","objective":"o%d","title":"%s %s KR%d",' % (kid, o, choice(_VERBS), choice(_THINGS), m + 1)
                    # dates for this KR's check-ins
                    if checkins <= max_weeks:
                        w0 = randrange(0, max_weeks - checkins + 1)
                        dmax = min(6, last_day - 7 * (w0 + checkins - 1))
                        d0 = randrange(0, dmax + 1) if dmax > 0 else 0
                        dates = [days[7 * (w0 + i) + d0] for i in range(checkins)]
                    else:
                        dates = [days[int(round(i * last_day / (checkins - 1)))] for i in range(checkins)]
                    values = []
                    stages = None
                    if x < 0.65:  # metric
                        unit, (slo, shi), (clo, chi) = choice(_METRIC_UNITS)
                        start = slo + (shi - slo) * rnd()
                        mag = max(abs(start), 10.0) * (clo + (chi - clo) * rnd())
                        mag = max(mag, 10.0)
                        target = start + mag if rnd() < 0.5 else start - mag
                        start = round(start, 2)
                        target = round(target, 2)
                        spec = '"type":"metric","unit":"%s","weight":%s,"start":%s,"target":%s' % (unit, wt, _num(start), _num(target))
                        y = rnd()
                        if y < 0.2:
                            d = target - start
                            a3 = start + d * (0.15 + 0.2 * rnd())
                            a7 = start + d * (0.5 + 0.3 * rnd())
                            spec += ',"anchors":[{"score":0.3,"value":%s},{"score":0.7,"value":%s}' % (_num(a3), _num(a7))
                            if y < 0.03:
                                spec += ',{"score":1.0,"value":%s}' % _num(target)
                            spec += ']'
                        p = -0.1 + 0.3 * rnd()
                        step = 0.02 + 0.12 * rnd()
                        for _ in range(checkins):
                            values.append(start + (target - start) * p)
                            p += step + 0.1 * (rnd() - 0.5)
                    elif x < 0.75:  # baseline
                        req = 3 + randrange(10)
                        spec = '"type":"baseline","unit":"%%","weight":%s,"required":%d' % (wt, req)
                        centre = 40 + 50 * rnd()
                        for _ in range(checkins):
                            values.append(centre + 10 * (rnd() - 0.5))
                    elif x < 0.90:  # milestone
                        if rnd() < 0.5:
                            spec = '"type":"milestone","unit":"","weight":%s' % wt
                            done_at = randrange(checkins + 3)
                            for i in range(checkins):
                                values.append(1 if i >= done_at else 0)
                        else:
                            ns = 3 + randrange(4)
                            sw = [choice(("1", "1", "2", "0.5")) for _ in range(ns)]
                            spec = ('"type":"milestone","unit":"","weight":%s,"stages":[' % wt +
                                    ",".join('{"id":"s%d","title":"Phase %d","weight":%s}' % (i + 1, i + 1, sw[i]) for i in range(ns)) +
                                    ']')
                            stages = []
                            cur, prog = 0, 0.0
                            for i in range(checkins):
                                prog += 0.2 + 0.6 * rnd()
                                if prog >= 1.0:
                                    stages.append(cur + 1)
                                    values.append(1)
                                    if cur + 1 < ns:
                                        cur += 1
                                        prog = 0.0
                                    else:
                                        prog = 1.0
                                else:
                                    stages.append(cur + 1)
                                    values.append(prog)
                    else:  # health
                        y = rnd()
                        tol = ""
                        if y < 0.4:
                            thr = round(90 + 9 * rnd(), 1)
                            spec = '"type":"health","unit":"%%","weight":%s,"threshold":%s,"direction":"at_least"' % (wt, _num(thr))
                            scale = 2.0
                            base = thr + 1.0
                        elif y < 0.7:
                            thr = float(100 * (1 + randrange(10)))
                            spec = '"type":"health","unit":"ms","weight":%s,"threshold":%s,"direction":"at_most"' % (wt, _num(thr))
                            scale = thr * 0.1
                            base = thr * 0.95
                        else:
                            lo = float(20 + randrange(40))
                            hi = lo + 10 + randrange(20)
                            spec = '"type":"health","unit":"count","weight":%s,"band":[%s,%s]' % (wt, _num(lo), _num(hi))
                            scale = (hi - lo) / 2
                            base = (lo + hi) / 2
                        if rnd() < 0.5:
                            tol = ',"tolerance":%s' % _num(scale * (0.5 + rnd()))
                        spec += tol
                        for _ in range(checkins):
                            values.append(base + 2.5 * scale * (rnd() - 0.5))
                    buf.append(head + spec + "}")
                    kr_level.append(lv)
                    # check-ins
                    for i in range(checkins):
                        s = '{"key_result":"%s","date":"%s","value":%s' % (kid, dates[i], _num(values[i]))
                        if stages is not None:
                            s += ',"stage":"s%d"' % stages[i]
                        r = rnd()
                        if r < 0.5:
                            s += ',"confidence":%s' % _num(round(0.3 + 0.7 * rnd(), 1))
                        if r < 0.1:
                            s += ',"note":"%s"' % choice(_NOTES)
                        cbuf.append(s + "}")
                    n_checkins += checkins
                if len(buf) >= 4096:
                    if not first_kr_chunk:
                        w(",\n")
                    w(",\n".join(buf))
                    first_kr_chunk = False
                    buf.clear()
                if len(cbuf) >= 16384:
                    if not first_ci_chunk:
                        ci_file.write(",\n")
                    ci_file.write(",\n".join(cbuf))
                    first_ci_chunk = False
                    cbuf.clear()
        if buf:
            if not first_kr_chunk:
                w(",\n")
            w(",\n".join(buf))
            buf.clear()
        if cbuf:
            if not first_ci_chunk:
                ci_file.write(",\n")
            ci_file.write(",\n".join(cbuf))
            cbuf.clear()
        ci_file.close()
        w('\n],\n')

        # ---------------- links ----------------
        # Objectives are numbered level by level, so the objectives strictly above level L are
        # o0 .. o(3*level_start[L]-1).
        obj_above = [3 * level_start[lv] for lv in range(len(level_start))]
        n_links = 0
        n_cross = 0
        n_dep = 0
        lw = ["1"] * 6 + ["0.5", "2"]
        w('"links":[\n')
        first = True
        for t in range(teams):
            p = parent[t]
            lv = level[t]
            for j in range(3):
                o = 3 * t + j
                if p >= 0:
                    tgt = 3 * p + randrange(3)
                    buf.append('{"from":"o%d","to":"o%d","type":"contributes","weight":%s}' % (o, tgt, choice(lw)))
                    n_links += 1
                    if rnd() < CROSS_LINK_P:
                        lim = obj_above[lv]
                        x = randrange(lim)
                        if x != tgt:
                            buf.append('{"from":"o%d","to":"o%d","type":"contributes","weight":%s}' % (o, x, choice(lw)))
                            n_links += 1
                            n_cross += 1
                if rnd() < DEPENDS_ON_P and n_obj > 3:
                    x = randrange(n_obj)
                    if x // 3 != t:
                        buf.append('{"from":"o%d","to":"o%d","type":"depends_on","weight":1}' % (o, x))
                        n_links += 1
                        n_dep += 1
                if lv > 0:
                    lim = obj_above[lv]
                    for m in range(3):
                        if rnd() < CROSS_LINK_P:
                            k = 9 * t + 3 * j + m
                            buf.append('{"from":"k%d","to":"o%d","type":"contributes","weight":%s}' % (k, randrange(lim), choice(lw)))
                            n_links += 1
                            n_cross += 1
            if len(buf) >= 4096:
                if not first:
                    w(",\n")
                w(",\n".join(buf))
                first = False
                buf.clear()
        if buf:
            if not first:
                w(",\n")
            w(",\n".join(buf))
            buf.clear()
        w('\n],\n')

        # ---------------- check-ins (copied from the temporary file) ----------------
        w('"checkins":[\n')
        out.flush()
        with open(tmp_path, "r", encoding="utf-8") as f:
            while True:
                chunk = f.read(1 << 22)
                if not chunk:
                    break
                w(chunk)
        w('\n]}\n')
    finally:
        if ci_file and not ci_file.closed:
            ci_file.close()
        if tmp_path and os.path.exists(tmp_path):
            os.remove(tmp_path)
    return {
        "teams": teams,
        "levels": max(level) + 1,
        "objectives": n_obj,
        "key_results": 9 * teams,
        "nodes": 12 * teams,
        "links": n_links,
        "cross_links": n_cross,
        "depends_on": n_dep,
        "checkins": n_checkins,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nodes", type=int, default=1_000_000, help="approximate objectives + key results")
    ap.add_argument("--checkins", type=int, default=4, help="check-ins per key result")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args(argv)
    if a.nodes < 1 or a.checkins < 0:
        ap.error("--nodes must be >= 1 and --checkins >= 0")
    t0 = time.perf_counter()
    tmp = a.output + ".part"
    with open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 22) as f:
        info = generate(a.nodes, a.checkins, a.seed, f)
    os.replace(tmp, a.output)
    dt = time.perf_counter() - t0
    if not a.quiet:
        size = os.path.getsize(a.output)
        print("gen_org: %s: %d nodes (%d objectives, %d KRs), %d teams on %d levels, %d links (%d cross, %d depends_on), "
              "%d check-ins, %.1f MB in %.1f s" % (a.output, info["nodes"], info["objectives"], info["key_results"],
                                                  info["teams"], info["levels"], info["links"], info["cross_links"],
                                                  info["depends_on"], info["checkins"], size / 1e6, dt), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
