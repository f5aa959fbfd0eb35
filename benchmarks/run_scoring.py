#!/usr/bin/env python3
"""Scoring benchmark driver: okr (C++) vs the pure-Python anchor, same data, same run.

    python3 benchmarks/run_scoring.py                       # 1,000,000-node org
    python3 benchmarks/run_scoring.py --nodes 10000         # smoke run
    python3 benchmarks/run_scoring.py --bench-bin PATH --out docs/bench-table.md

1. Generates (or reuses) the synthetic organisation in benchmarks/data/ (git-ignored) with
   gen_org.py; the file name encodes nodes, check-ins per KR, seed and generator version.
2. Runs the C++ benchmark (bench_scoring: load_json, score_all, score_vector,
   IncrementalScorer::check_in) and has it dump its scores.
3. Runs the Python anchor (anchor_rollup.py) on the same file in this process: full_rescore
   (scores only, the like-for-like comparison with score_vector), full_job (every output of
   okr's full rescore: score, expected, forecast, forecast_low, forecast_high, p_target, status;
   --anchor-full-reps, 0 skips it), incremental check-ins, and with full_job the same
   check-ins keeping full results (incremental_full), as okr's IncrementalScorer does.
4. Cross-checks okr's full-rescore scores (the benchmark's dump) against the anchor's scores,
   and okr's full output against full_job column by column; the dump holds scores only, so the
   full output comes from the Python `okr` module (`okr.load(path).scores(as_of)`), and that
   check is skipped with a message if `okr` is not importable. Prints a markdown table.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import anchor_rollup  # noqa: E402
import gen_org  # noqa: E402

# Targets for the 1,000,000-node organisation (docs/benchmarks.md); each can be overridden on the
# command line.
TARGET_LOAD_MB_S = 200.0        # load_json throughput, MB/s (MB = 10^6 bytes), at least
TARGET_FULL_RESCORE_S = 0.1     # score_all at 1M nodes, seconds, at most (single-threaded)
TARGET_INCREMENTAL_US = 10.0    # one check-in + ancestors, median µs, at most


def parse_kv(text: str) -> dict:
    out = {}
    for line in text.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


def fnum(kv: dict, key: str):
    try:
        return float(kv[key])
    except (KeyError, ValueError):
        return None


def fmt_s(s):
    if s is None:
        return "—"
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.1f ms" % (s * 1e3)
    return "%.1f µs" % (s * 1e6)


def fmt_ratio(anchor, okr):
    if anchor is None or okr is None or okr <= 0:
        return "—"
    r = anchor / okr
    return ("%.0f×" % r) if r >= 10 else ("%.1f×" % r)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def ensure_data(a) -> Path:
    data_dir = Path(a.data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / ("org_n%d_k%d_s%d_v%d.json" % (a.nodes, a.checkins, a.seed, gen_org.GEN_VERSION))
    if path.exists() and not a.regen:
        print("data: reusing %s (%.1f MB)" % (path, path.stat().st_size / 1e6), file=sys.stderr)
        return path
    print("data: generating %s ..." % path, file=sys.stderr)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "gen_org.py"), "--nodes", str(a.nodes), "--checkins", str(a.checkins),
                    "--seed", str(a.seed), "-o", str(path)], check=True)
    print("data: generated in %.1f s" % (time.perf_counter() - t0), file=sys.stderr)
    return path


def run_okr(a, path: Path, dump: str | None) -> dict | None:
    bin_path = Path(a.bench_bin)
    if not bin_path.is_absolute():
        bin_path = ROOT / bin_path
    if not bin_path.exists():
        print("okr: benchmark binary %s not found (build with -DOKR_BUILD_BENCHMARKS=ON); okr columns left empty"
              % bin_path, file=sys.stderr)
        return None
    cmd = [str(bin_path), str(path), "--as-of", a.as_of, "--load-reps", str(a.load_reps),
           "--rescore-reps", str(a.rescore_reps), "--checkins", str(a.incremental), "--seed", str(a.seed)]
    if dump:
        cmd += ["--dump-scores", dump]
    if a.no_verify:
        cmd.append("--no-verify")
    print("okr: " + " ".join(cmd), file=sys.stderr)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    if a.verbose:
        sys.stderr.write(p.stdout)
    if p.returncode != 0:
        sys.stderr.write(p.stdout)
        raise SystemExit("okr: bench_scoring failed with exit code %d" % p.returncode)
    return parse_kv(p.stdout)


def run_anchor(a, path: Path) -> dict:
    res = {}
    t0 = time.perf_counter()
    st = anchor_rollup.load(str(path))
    res["load_s"] = time.perf_counter() - t0
    print("anchor: loaded in %.2f s" % res["load_s"], file=sys.stderr)
    times = []
    scores = None
    for _ in range(max(1, a.anchor_rescore_reps)):
        t0 = time.perf_counter()
        scores = anchor_rollup.full_rescore(st, a.as_of)
        times.append(time.perf_counter() - t0)
    res["full_rescore_s"] = statistics.median(times)
    res["scores"] = dict(scores)  # before any incremental check-in, for the cross-check
    full_times = []
    full = None
    for _ in range(max(0, a.anchor_full_reps)):
        full = None  # the previous result is freed outside the timed region
        t0 = time.perf_counter()
        full = anchor_rollup.full_job(st, a.as_of)
        full_times.append(time.perf_counter() - t0)
    res["full_job_s"] = statistics.median(full_times) if full_times else None
    res["full"] = dict(full) if full is not None else None  # before any incremental check-in
    if full_times:
        print("anchor: full_job in %s" % fmt_s(res["full_job_s"]), file=sys.stderr)
    rng = random.Random(a.seed)
    krs = list(st.kr)

    def timed_checkins(update):
        """Times `update` on a.anchor_incremental random check-ins (seconds each)."""
        times = []
        for _ in range(a.anchor_incremental):
            kid = krs[rng.randrange(len(krs))]
            value, stage = anchor_rollup.random_checkin(st, kid, rng)
            t0 = time.perf_counter()
            update(st, kid, a.as_of, value, stage)
            times.append(time.perf_counter() - t0)
        return times

    inc = timed_checkins(anchor_rollup.incremental)
    res["incremental_us"] = statistics.median(inc) * 1e6 if inc else None
    res["incremental_n"] = len(inc)
    if not a.no_verify and inc:
        inc_scores = dict(st.scores)
        full = anchor_rollup.full_rescore(st, a.as_of)
        res["self_mismatches"] = sum(1 for k, v in full.items() if not anchor_rollup._same(v, inc_scores[k], 1e-12))
    # The same check-ins with full results (okr's IncrementalScorer keeps full results too).
    res["incremental_full_us"] = None
    if full_times and a.anchor_incremental:
        anchor_rollup.full_job(st, a.as_of)  # (untimed) results that include the check-ins above
        inc = timed_checkins(anchor_rollup.incremental_full)
        res["incremental_full_us"] = statistics.median(inc) * 1e6
        if not a.no_verify:
            kept = dict(st.full[4])
            fresh = anchor_rollup.full_job(st, a.as_of)
            res["self_full_mismatches"] = sum(
                1 for k, v in fresh.items()
                if v[6] != kept[k][6] or not all(anchor_rollup._same(x, y, 1e-12) for x, y in zip(v[:6], kept[k][:6])))
    return res


def compare(dump: str, anchor_scores: dict, tol: float):
    mismatches = 0
    max_diff = 0.0
    seen = 0
    first = None
    with open(dump, encoding="utf-8") as f:
        for line in f:
            nid, s = line.rstrip("\n").split("\t")
            v = float(s)
            seen += 1
            w = anchor_scores.get(nid)
            if w is None:
                mismatches += 1
                first = first or (nid, v, None)
                continue
            if v == v and w == w:
                d = abs(v - w)
                max_diff = max(max_diff, d)
                if d > tol:
                    mismatches += 1
                    first = first or (nid, v, w)
            elif (v == v) != (w == w):
                mismatches += 1
                first = first or (nid, v, w)
    mismatches += abs(len(anchor_scores) - seen)
    return mismatches, max_diff, first


FULL_NUMBERS = ("score", "expected", "forecast", "forecast_low", "forecast_high", "p_target")


def compare_full(path: Path, as_of: str, anchor_full: dict, tol: float):
    """okr's full rescore (Python module: okr.load(path).scores(as_of)) against the anchor's
    full_job, column by column: numbers within `tol` (NaN equals NaN), statuses identical.

    Returns None (with a message) if the okr module cannot be imported."""
    try:
        import okr as okr_py
    except ImportError as e:
        print("cross-check: the okr Python module is not importable (%s); okr's full output is not "
              "compared with the anchor's full_job" % e, file=sys.stderr)
        return None
    t0 = time.perf_counter()
    df = okr_py.load(str(path)).scores(as_of)
    print("cross-check: okr.load + Graph.scores in %.1f s (%s)" % (time.perf_counter() - t0, okr_py.__file__),
          file=sys.stderr)
    ids = df.index.tolist()
    cols = [df[c].tolist() for c in FULL_NUMBERS]
    status = df["status"].astype(str).tolist()
    del df
    max_diff = dict.fromkeys(FULL_NUMBERS, 0.0)
    nan_mismatch = dict.fromkeys(FULL_NUMBERS, 0)
    mismatches = 0
    status_equal = 0
    first = None
    for i, nid in enumerate(ids):
        mine = anchor_full.get(nid)
        if mine is None:
            mismatches += 1
            first = first or (nid, "missing in the anchor")
            continue
        ok = True
        for j, c in enumerate(FULL_NUMBERS):
            v = cols[j][i]
            w = mine[j]
            if v == v and w == w:
                d = abs(v - w)
                if d > max_diff[c]:
                    max_diff[c] = d
                if d > tol:
                    ok = False
            elif (v == v) != (w == w):
                nan_mismatch[c] += 1
                ok = False
        if status[i] == mine[6]:
            status_equal += 1
        else:
            ok = False
        if not ok:
            mismatches += 1
            if first is None:
                first = (nid, "okr=%r anchor=%r" % (tuple(cols[j][i] for j in range(len(FULL_NUMBERS))) + (status[i],), mine))
    mismatches += abs(len(anchor_full) - len(ids))
    return {"nodes": len(ids), "mismatches": mismatches, "max_diff": max_diff, "nan_mismatch": nan_mismatch,
            "status_equal": status_equal, "first": first, "module": okr_py.__file__}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="okr scoring benchmark vs the Python anchor")
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--checkins", type=int, default=4, help="check-ins per KR in the generated org")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--data-dir", default=str(HERE / "data"))
    ap.add_argument("--regen", action="store_true", help="regenerate the data even if cached")
    ap.add_argument("--bench-bin", default="build/release/benchmarks/bench_scoring",
                    help="C++ benchmark binary (relative paths are from the repository root)")
    ap.add_argument("--as-of", default="2026-08-15")
    ap.add_argument("--load-reps", type=int, default=3)
    ap.add_argument("--rescore-reps", type=int, default=10)
    ap.add_argument("--incremental", type=int, default=10000, help="okr incremental check-ins to time")
    ap.add_argument("--anchor-rescore-reps", type=int, default=3)
    ap.add_argument("--anchor-full-reps", type=int, default=1,
                    help="anchor full_job repetitions (okr's full outputs in Python; 0: skip it and its cross-check)")
    ap.add_argument("--anchor-incremental", type=int, default=2000, help="anchor incremental check-ins to time")
    ap.add_argument("--skip-okr", action="store_true")
    ap.add_argument("--skip-anchor", action="store_true")
    ap.add_argument("--no-verify", action="store_true", help="skip the score cross-checks")
    ap.add_argument("--tolerance", type=float, default=1e-9, help="okr vs anchor score tolerance")
    ap.add_argument("--target-load-mb-s", type=float, default=TARGET_LOAD_MB_S)
    ap.add_argument("--target-full-rescore-s", type=float, default=TARGET_FULL_RESCORE_S)
    ap.add_argument("--target-incremental-us", type=float, default=TARGET_INCREMENTAL_US)
    ap.add_argument("--out", help="also write the markdown report to this file")
    ap.add_argument("-v", "--verbose", action="store_true", help="echo the okr benchmark's raw output")
    a = ap.parse_args(argv)

    path = ensure_data(a)
    size_mb = path.stat().st_size / 1e6

    okr = None
    dump = None
    tmpdir = tempfile.TemporaryDirectory(prefix="okr-bench-")
    try:
        if not a.skip_okr:
            if not a.no_verify and not a.skip_anchor:
                dump = os.path.join(tmpdir.name, "okr_scores.tsv")
            okr = run_okr(a, path, dump)
        anchor = None if a.skip_anchor else run_anchor(a, path)

        cross = None
        if okr is not None and anchor is not None and dump and os.path.exists(dump):
            cross = compare(dump, anchor["scores"], a.tolerance)
    finally:
        tmpdir.cleanup()
    cross_full = None
    if anchor is not None and anchor.get("full") is not None:
        if not a.no_verify and not a.skip_okr:
            cross_full = compare_full(path, a.as_of, anchor["full"], a.tolerance)
        anchor["full"] = None

    # ---------------- report ----------------
    o_load = fnum(okr, "okr_load_s") if okr else None
    o_mbs = fnum(okr, "okr_load_mb_s") if okr else None
    o_best_mbs = fnum(okr, "okr_load_best_mb_s") if okr else None
    o_full = fnum(okr, "okr_full_rescore_s") if okr else None
    o_inc = fnum(okr, "okr_incremental_us") if okr else None
    x_load = anchor["load_s"] if anchor else None
    x_full = anchor["full_rescore_s"] if anchor else None
    x_inc = anchor["incremental_us"] if anchor else None
    at_scale = a.nodes >= 1_000_000

    def verdict(ok):
        if ok is None:
            return ""
        if not at_scale:
            return " (1M-node target)"
        return " ✓" if ok else " ✗"

    t_load = "≥ %g MB/s%s" % (a.target_load_mb_s, verdict(None if o_mbs is None else o_mbs >= a.target_load_mb_s))
    t_full = "≤ %s%s" % (fmt_s(a.target_full_rescore_s), verdict(None if o_full is None else o_full <= a.target_full_rescore_s))
    t_inc = "≤ %g µs%s" % (a.target_incremental_us, verdict(None if o_inc is None else o_inc <= a.target_incremental_us))

    nodes = okr.get("okr_nodes") if okr else None
    if nodes is None and anchor:
        nodes = str(len(anchor["scores"]))
    lines = []
    lines.append("### Scoring benchmark — %s nodes, %d check-ins per KR, %.1f MB JSON" %
                 ("{:,}".format(int(nodes)) if nodes else "?", a.checkins, size_mb))
    lines.append("")
    lines.append("%s, %d cores; Python %s; %s; as of %s" % (cpu_model(), os.cpu_count() or 0, platform.python_version(),
                                                          _dt.date.today().isoformat(), a.as_of))
    lines.append("")
    lines.append("| operation | okr | anchor (Python) | anchor / okr | target |")
    lines.append("| --- | --- | --- | --- | --- |")
    lines.append("| load JSON (median of %d; anchor 1) | %s | %s | %s | %s |" % (
        a.load_reps, fmt_s(o_load), fmt_s(x_load), fmt_ratio(x_load, o_load), t_load))
    lines.append("| full rescore (median of %d / %d) | %s | %s | %s | %s |" % (
        a.rescore_reps, a.anchor_rescore_reps, fmt_s(o_full), fmt_s(x_full), fmt_ratio(x_full, o_full), t_full))
    o_reuse = fnum(okr, "okr_full_rescore_reuse_s") if okr else None
    if o_reuse is not None:
        lines.append("| full rescore into a reused result (median of %d / %d) | %s | %s | %s | ≤ %s%s |" % (
            a.rescore_reps, a.anchor_rescore_reps, fmt_s(o_reuse), fmt_s(x_full), fmt_ratio(x_full, o_reuse),
            fmt_s(a.target_full_rescore_s), verdict(o_reuse <= a.target_full_rescore_s)))
    x_job = anchor.get("full_job_s") if anchor else None
    if x_job is not None:
        job = "full rescore, same outputs as okr (score, pace, forecast, interval, p_target, status)"
        lines.append("| %s (okr fresh result; median of %d / %d) | %s | %s | %s | ≥ 100× over the anchor%s |" % (
            job, a.rescore_reps, a.anchor_full_reps, fmt_s(o_full), fmt_s(x_job), fmt_ratio(x_job, o_full),
            verdict(None if o_full is None else x_job / o_full >= 100)))
        if o_reuse is not None:
            lines.append("| the same, okr into a reused result (median of %d / %d) | %s | %s | %s | ≥ 100× over the anchor%s |" % (
                a.rescore_reps, a.anchor_full_reps, fmt_s(o_reuse), fmt_s(x_job), fmt_ratio(x_job, o_reuse),
                verdict(x_job / o_reuse >= 100)))
    o_vec = fnum(okr, "okr_score_vector_s") if okr else None
    if o_vec is not None:
        lines.append("| scores only, as the anchor computes (`score_vector`, median of %d / %d) | %s | %s | %s | ≥ 100× over the anchor%s |" % (
            a.rescore_reps, a.anchor_rescore_reps, fmt_s(o_vec), fmt_s(x_full), fmt_ratio(x_full, o_vec),
            verdict(None if x_full is None else x_full / o_vec >= 100)))
    lines.append("| incremental check-in (median µs, %d / %d check-ins) | %s | %s | %s | %s |" % (
        a.incremental, a.anchor_incremental,
        "—" if o_inc is None else "%.2f µs" % o_inc,
        "—" if x_inc is None else "%.1f µs" % x_inc,
        fmt_ratio(x_inc, o_inc), t_inc))
    x_inc_full = anchor.get("incremental_full_us") if anchor else None
    if x_inc_full is not None:
        lines.append("| the same, anchor keeping full results as okr does (median µs, %d / %d check-ins) | %s | %s | %s | ≥ 100× over the anchor%s |" % (
            a.incremental, a.anchor_incremental,
            "—" if o_inc is None else "%.2f µs" % o_inc, "%.1f µs" % x_inc_full,
            fmt_ratio(x_inc_full, o_inc), verdict(None if o_inc is None else x_inc_full / o_inc >= 100)))
    lines.append("")
    x_mbs = size_mb / x_load if x_load else None
    lines.append("Load throughput: okr %s MB/s (best %s MB/s), anchor %s MB/s (json.load + dicts)." % (
        "—" if o_mbs is None else "%.0f" % o_mbs, "—" if o_best_mbs is None else "%.0f" % o_best_mbs,
        "—" if x_mbs is None else "%.1f" % x_mbs))
    notes = []
    if okr:
        fs = fnum(okr, "okr_full_rescore_first_s")
        if fs is not None:
            notes.append("okr first score_all (builds the topology) %s" % fmt_s(fs))
        p99 = fnum(okr, "okr_incremental_p99_us")
        if p99 is not None:
            notes.append("okr incremental p99 %.2f µs" % p99)
        mm = okr.get("okr_incremental_mismatches")
        if mm is not None:
            notes.append("okr incremental vs score_all mismatches: %s" % mm)
        vm = okr.get("okr_score_vector_mismatches")
        if vm is not None:
            notes.append("okr score_vector vs score_all mismatches: %s" % vm)
    if anchor and "self_mismatches" in anchor:
        notes.append("anchor incremental vs full mismatches: %d" % anchor["self_mismatches"])
    if anchor and "self_full_mismatches" in anchor:
        notes.append("anchor incremental_full vs full_job mismatches: %d" % anchor["self_full_mismatches"])
    if cross is not None:
        mism, maxd, first = cross
        s = "okr vs anchor scores: %d mismatches (tolerance %g), max |diff| %.3g" % (mism, a.tolerance, maxd)
        if first:
            s += "; first: %s okr=%r anchor=%r" % first
        notes.append(s)
    if cross_full is not None:
        c = cross_full
        s = ("okr full output (Python module) vs anchor full_job: %d of %d nodes differ (tolerance %g); statuses "
             "equal %d; max |diff| %s" % (
                 c["mismatches"], c["nodes"], a.tolerance, c["status_equal"],
                 ", ".join("%s %.3g" % (k, v) for k, v in c["max_diff"].items())))
        nan_bad = {k: v for k, v in c["nan_mismatch"].items() if v}
        if nan_bad:
            s += "; NaN in one only: " + ", ".join("%s %d" % kv for kv in nan_bad.items())
        if c["first"]:
            s += "; first: %s %s" % c["first"]
        notes.append(s)
    if notes:
        lines.append("")
        lines.extend("- " + n for n in notes)
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    if a.out:
        Path(a.out).write_text(report, encoding="utf-8")

    failed = False
    if cross is not None and cross[0] > 0:
        failed = True
    if cross_full is not None and cross_full["mismatches"] > 0:
        failed = True
    if okr and okr.get("okr_incremental_mismatches") not in (None, "0"):
        failed = True
    if okr and okr.get("okr_score_vector_mismatches") not in (None, "0"):
        failed = True
    if anchor and (anchor.get("self_mismatches") or anchor.get("self_full_mismatches")):
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
