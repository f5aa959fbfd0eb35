"""Load → first answer, once per organisation, measured cold in fresh processes.

    .venv/bin/python benchmarks/bench_first_answer.py [--runs 5] [--nodes 1000000] [--tenant-nodes 2000]

Prints, for the 1,000,000-node organisation (benchmarks/gen_org.py, cached in benchmarks/data/)
and a 2,000-node tenant, the median and best over fresh processes of:
- okr.load, then the first Graph.score_vector (needs the node ids only);
- the first Graph.scores() after load (builds the node columns it shows);
- a 2,000-node tenant's load + scores(), and load + score_vector (median of 50 in one process).
Beside each, the figure measured before the node columns were built per column in C++
(okr 0.1.0 of 2026-12-04, same machine kind) and the goal.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CHILD = r"""
import json, sys, time
import okr
t0 = time.perf_counter()
g = okr.load(sys.argv[1])
t1 = time.perf_counter()
# The answer is kept until the clock is read: freeing a million-row frame (0.1 s) is not part of
# getting it.
if sys.argv[2] == "score_vector":
    answer = g.score_vector("2026-08-15")
else:
    answer = g.scores("2026-08-15")
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "first": t2 - t1}))
"""

BEFORE = {  # seconds, from the measurements (one process, this machine kind)
    "load + first score_vector": 5.0,
    "first scores() after load": 3.5,
    "tenant load + scores()": 0.016,
    "tenant load + score_vector": 0.011,
}
GOAL = {
    "load + first score_vector": 2.5,
    "first scores() after load": 0.5,
    "tenant load + scores()": 0.007,
    "tenant load + score_vector": None,
}


def org(nodes: int) -> Path:
    import gen_org

    path = HERE / "data" / f"org_n{nodes}_k4_s1_v{gen_org.GEN_VERSION}.json"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            gen_org.generate(nodes, 4, 1, f)
    return path


def cold(path: Path, what: str, runs: int) -> list:
    out = []
    for _ in range(runs):
        r = subprocess.run([sys.executable, "-c", CHILD, str(path), what], capture_output=True, text=True, check=True)
        out.append(json.loads(r.stdout))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--nodes", type=int, default=1_000_000)
    ap.add_argument("--tenant-nodes", type=int, default=2_000)
    a = ap.parse_args()

    import okr

    results = {}
    big = org(a.nodes)
    sv = cold(big, "score_vector", a.runs)
    results["load + first score_vector"] = [r["load"] + r["first"] for r in sv]
    sc = cold(big, "scores", a.runs)
    results["first scores() after load"] = [r["first"] for r in sc]

    tenant = org(a.tenant_nodes)
    text = tenant.read_bytes()
    for label, call in (("tenant load + scores()", lambda g: g.scores("2026-08-15")),
                        ("tenant load + score_vector", lambda g: g.score_vector("2026-08-15"))):
        times = []
        for _ in range(50):
            t0 = time.perf_counter()
            answer = call(okr.loads(text))
            times.append(time.perf_counter() - t0)
            del answer
        results[label] = times

    print(f"okr {okr.__version__}; {a.nodes:,} nodes ({big.stat().st_size / 1e6:.0f} MB), "
          f"tenant {a.tenant_nodes:,} nodes ({tenant.stat().st_size / 1e6:.2f} MB); {os.cpu_count()} cores")
    print(f"{'operation':32} {'median':>9} {'best':>9} {'before':>9} {'goal':>9}")
    for label, times in results.items():
        unit, scale = ("ms", 1e3) if label.startswith("tenant") else ("s", 1.0)
        goal = GOAL[label]
        print(f"{label:32} {statistics.median(times) * scale:8.3g}{unit:1} {min(times) * scale:8.3g}{unit:1} "
              f"{BEFORE[label] * scale:8.3g}{unit:1} {'' if goal is None else f'{goal * scale:8.3g}{unit}':>9}")


if __name__ == "__main__":
    main()
