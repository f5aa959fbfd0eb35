#!/usr/bin/env python3
"""Alignment benchmark driver: okr::alignment (C++) vs a NetworkX anchor, same data, same run.

    /usr/bin/python3 benchmarks/run_alignment.py                    # 1,000,000-node org
    /usr/bin/python3 benchmarks/run_alignment.py --nodes 10000      # smoke run
    /usr/bin/python3 benchmarks/run_alignment.py --bench-bin PATH --out docs/bench-alignment.md

(Debian's /usr/bin/python3 has python3-networkx 2.8, the NetworkX version the anchor is meant to
be timed with; any Python with NetworkX runs it.)

1. Generates (or reuses) the synthetic organisation in benchmarks/data/ with gen_org.py (the same
   file run_scoring.py uses).
2. Runs the C++ benchmark `bench_alignment FILE --as-of DATE --reps N` (okr::alignment on a
   loaded graph: median and first-run seconds, and counts). If the binary is missing the okr
   columns stay empty.
3. Runs the NetworkX anchor (anchor_alignment.py) on the same file in this process: load (JSON,
   scoring state, nx.MultiDiGraph) timed apart from the analysis, then each part once.
4. Checks that okr's counts (tops, orphans, non-zero contributions, dependency cycles, teams)
   equal the anchor's and prints a markdown table.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from run_scoring import cpu_model, ensure_data, fmt_ratio, fmt_s, fnum, parse_kv  # noqa: E402

# Targets for the 1,000,000-node organisation (the whole alignment analysis, single-threaded).
TARGET_ALIGNMENT_S = 1.0   # okr::alignment, seconds, at most
TARGET_RATIO = 50.0        # NetworkX anchor / okr, at least

# Counts that must agree (okr key suffix = anchor key) and ones reported for information.
CHECKED = ("tops", "orphans", "contributions", "dependency_cycles", "teams")
INFO = ("kr_contributions", "findings")

PART_LABELS = [
    ("scores", "scores as of the date (okr: score_all; anchor: full_rescore + KR statuses)"),
    ("ladder", "tops, depth (multi-source BFS), orphans, coverage"),
    ("contributions", "contributions (per top, reverse-topological DP)"),
    ("exposure", "exposure (at-risk share, top offenders)"),
    ("focus", "focus and link findings"),
    ("dependencies", "team dependencies (SCC, in-degree, betweenness)"),
]


def run_okr(a, path: Path) -> dict | None:
    bin_path = Path(a.bench_bin)
    if not bin_path.is_absolute():
        bin_path = ROOT / bin_path
    if not bin_path.exists():
        print("okr: benchmark binary %s not found (build with -DOKR_BUILD_BENCHMARKS=ON); okr columns left empty"
              % bin_path, file=sys.stderr)
        return None
    cmd = [str(bin_path), str(path), "--as-of", a.as_of, "--reps", str(a.reps)]
    print("okr: " + " ".join(cmd), file=sys.stderr)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if a.verbose:
        sys.stderr.write(p.stdout)
    if p.returncode != 0:
        sys.stderr.write(p.stdout)
        raise SystemExit("okr: bench_alignment failed with exit code %d" % p.returncode)
    print("okr: done in %.1f s (wall, including load)" % (time.perf_counter() - t0), file=sys.stderr)
    return parse_kv(p.stdout)


def run_anchor(a, path: Path) -> dict:
    try:
        import networkx as nx
        import anchor_alignment
    except ImportError as e:
        raise SystemExit("anchor: %s (run with /usr/bin/python3, which has python3-networkx)" % e)
    res = {"networkx": nx.__version__}
    t0 = time.perf_counter()
    org = anchor_alignment.load(str(path))
    res["load_s"] = time.perf_counter() - t0
    res["load_parts"] = dict(org.load_times)
    res["nodes"] = org.G.number_of_nodes()
    res["edges"] = org.G.number_of_edges()
    print("anchor: loaded %d nodes, %d edges in %.2f s (json %.2f s, scoring state %.2f s, graph %.2f s)" % (
        res["nodes"], res["edges"], res["load_s"], org.load_times["json_s"], org.load_times["scoring_state_s"],
        org.load_times["graph_s"]), file=sys.stderr)
    reps = []
    rep = None
    for i in range(max(1, a.anchor_reps)):
        rep, t = anchor_alignment.analyse(org, a.as_of, gc_paused=not a.anchor_gc)
        reps.append(t)
        print("anchor: analysis %d/%d in %.2f s (%s)" % (
            i + 1, max(1, a.anchor_reps), t["total"],
            ", ".join("%s %.2f s" % (k, t[k]) for k in anchor_alignment.PARTS)), file=sys.stderr)
    # Median per part over the repetitions (one repetition by default).
    res["times"] = {k: sorted(t[k] for t in reps)[len(reps) // 2] for k in reps[0]}
    res["counts"] = anchor_alignment.counts(org, rep)
    res["findings"] = dict(rep["findings"])
    res["reps"] = len(reps)
    return res


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="okr alignment benchmark vs the NetworkX anchor")
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--checkins", type=int, default=4, help="check-ins per KR in the generated org")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-dir", default=str(HERE / "data"))
    ap.add_argument("--regen", action="store_true", help="regenerate the data even if cached")
    ap.add_argument("--file", help="benchmark this okr JSON document instead of the generated organisation")
    ap.add_argument("--bench-bin", default="build/release/benchmarks/bench_alignment",
                    help="C++ benchmark binary (relative paths are from the repository root)")
    ap.add_argument("--as-of", default="2026-08-15")
    ap.add_argument("--reps", type=int, default=5, help="okr::alignment repetitions (median reported)")
    ap.add_argument("--anchor-reps", type=int, default=1, help="anchor analysis repetitions (median per part)")
    ap.add_argument("--anchor-gc", action="store_true",
                    help="leave Python's cyclic garbage collector running during the anchor's analysis "
                         "(by default it is paused, as for loading; running it slows NetworkX down)")
    ap.add_argument("--skip-okr", action="store_true")
    ap.add_argument("--skip-anchor", action="store_true")
    ap.add_argument("--target-s", type=float, default=TARGET_ALIGNMENT_S)
    ap.add_argument("--target-ratio", type=float, default=TARGET_RATIO)
    ap.add_argument("--out", help="also write the markdown report to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="echo the okr benchmark's raw output")
    a = ap.parse_args(argv)

    path = Path(a.file) if a.file else ensure_data(a)
    size_mb = path.stat().st_size / 1e6
    okr = None if a.skip_okr else run_okr(a, path)
    anchor = None if a.skip_anchor else run_anchor(a, path)

    # ---------------- report ----------------
    o_total = fnum(okr, "okr_alignment_s") if okr else None
    o_first = fnum(okr, "okr_alignment_first_s") if okr else None
    x_times = anchor["times"] if anchor else {}
    x_total = x_times.get("total")
    at_scale = a.nodes >= 1_000_000 and not a.file
    ratio = x_total / o_total if (x_total and o_total) else None

    nodes = okr.get("okr_nodes") if okr else None
    if nodes is None and anchor:
        nodes = str(anchor["nodes"])
    lines = []
    lines.append("### Alignment benchmark — %s nodes, %s, %.1f MB JSON" % (
        "{:,}".format(int(nodes)) if nodes else "?", path.name if a.file else "%d check-ins per KR" % a.checkins, size_mb))
    lines.append("")
    lines.append("%s, %d cores; Python %s, NetworkX %s; %s; as of %s" % (
        cpu_model(), os.cpu_count() or 0, platform.python_version(), anchor["networkx"] if anchor else "—",
        _dt.date.today().isoformat(), a.as_of))
    lines.append("")
    lines.append("| part | okr | NetworkX | NetworkX / okr | target |")
    lines.append("| --- | --- | --- | --- | --- |")
    lines.append("| load: JSON → graph (not in the analysis) | — | %s | — | |" % fmt_s(anchor["load_s"] if anchor else None))
    for key, label in PART_LABELS:
        lines.append("| %s | — | %s | — | |" % (label, fmt_s(x_times.get(key))))
    if o_total is None:
        verdict = ""
    elif not at_scale:
        verdict = " (1M-node target)"
    else:
        ok = o_total <= a.target_s and (ratio is None or ratio >= a.target_ratio)
        verdict = " ✓" if ok else " ✗"
    lines.append("| **whole analysis** (okr median of %d; NetworkX %s) | %s | %s | %s | ≤ %s and ≥ %g×%s |" % (
        a.reps, "1 run" if not anchor or anchor["reps"] == 1 else "median of %d" % anchor["reps"],
        fmt_s(o_total), fmt_s(x_total), fmt_ratio(x_total, o_total), fmt_s(a.target_s), a.target_ratio, verdict))
    lines.append("")

    # counts
    mismatches = []
    if okr or anchor:
        lines.append("| count | okr | NetworkX | |")
        lines.append("| --- | --- | --- | --- |")
        for key in CHECKED + INFO:
            ov = okr.get("okr_" + key) if okr else None
            xv = anchor["counts"].get(key) if anchor else None
            if ov is not None and xv is not None:
                same = int(ov) == int(xv)
                mark = "✓" if same else ("✗" if key in CHECKED else "differs (informational)")
                if not same and key in CHECKED:
                    mismatches.append(key)
            else:
                mark = ""
            lines.append("| %s%s | %s | %s | %s |" % (key, "" if key in CHECKED else " (info)",
                                                      "—" if ov is None else "{:,}".format(int(ov)),
                                                      "—" if xv is None else "{:,}".format(int(xv)), mark))
        lines.append("")

    notes = []
    if o_first is not None:
        notes.append("okr first alignment run %s (median %s, min %s)" % (
            fmt_s(o_first), fmt_s(o_total), fmt_s(fnum(okr, "okr_alignment_min_s"))))
    if anchor:
        lp = anchor["load_parts"]
        notes.append("NetworkX load %s = json.load %s + scoring state (anchor_rollup) %s + nx.MultiDiGraph "
                     "(%s nodes, %s edges) %s; okr's load is timed by run_scoring.py" % (
                         fmt_s(anchor["load_s"]), fmt_s(lp["json_s"]), fmt_s(lp["scoring_state_s"]),
                         "{:,}".format(anchor["nodes"]), "{:,}".format(anchor["edges"]), fmt_s(lp["graph_s"])))
        notes.append("NetworkX findings: " + ", ".join("%s %d" % kv for kv in sorted(anchor["findings"].items()) if kv[1]))
        notes.append("Python's cyclic garbage collector %s during the NetworkX analysis%s" % (
            "ran" if a.anchor_gc else "was paused", "" if a.anchor_gc else " (as during loading; --anchor-gc keeps it on)"))
        notes.append("The anchor computes KR statuses only (least-squares point forecast or pace fallback, status "
                     "rule); okr's score_all also computes intervals, p_target and objective statuses. "
                     "Exposure uses the anchor's own statuses.")
    if not okr and not a.skip_okr:
        notes.append("okr benchmark binary not found: okr columns empty")
    if mismatches:
        notes.append("COUNT MISMATCH: " + ", ".join(mismatches))
    if notes:
        lines.extend("- " + n for n in notes)
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if a.out:
        Path(a.out).write_text(report, encoding="utf-8")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
