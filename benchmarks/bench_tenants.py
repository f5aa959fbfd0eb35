"""Many tenants: okr.dask.score_tenants as a serial loop in this process, and on a
dask.distributed LocalCluster of 1 and of 2 single-threaded worker processes.

    .venv/bin/python benchmarks/bench_tenants.py [--tenants 1000] [--min-nodes 500] [--max-nodes 20000]
        [--calls score_tenants summarise_tenants] [--okr-threads 1] [--worker-malloc okr|dask]

The tenants are synthetic organisations (benchmarks/gen_org.py, cached in
benchmarks/data/tenants/), their sizes drawn log-uniformly between --min-nodes and --max-nodes
(seeded). Each run scores every tenant from its file (the workers read the files themselves) and
returns one DataFrame (score_tenants), or one row per tenant (summarise_tenants); the cluster runs
must equal the serial one. Prints tenants per second and the speedup over the serial loop; the
cluster's start-up and the workers' first import of okr are not timed (a service keeps both).
"""
import argparse
import math
import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


# docs/tenants.md: glibc keeps a worker's freed memory for the next tenant instead of returning it
# to the system after each one (dask's default, MALLOC_TRIM_THRESHOLD_=65536, which also fixes
# the mmap threshold at 128 KB: every large array is then a fresh mapping, faulted in page by page).
WORKER_MALLOC = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": str(256 << 20),
    "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_": str(32 << 20),
}


def tenants(n: int, lo: int, hi: int, seed: int) -> dict:
    import gen_org

    rng = random.Random(seed)
    folder = HERE / "data" / "tenants"
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for i in range(n):
        size = int(round(math.exp(rng.uniform(math.log(lo), math.log(hi)))))
        path = folder / f"t{i:04d}_n{size}_s{seed + i}_v{gen_org.GEN_VERSION}.json"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            with open(tmp, "w", encoding="utf-8") as f:
                gen_org.generate(size, 4, seed + i, f)
            tmp.replace(path)
        out[f"t{i:04d}"] = str(path)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tenants", type=int, default=1000)
    ap.add_argument("--min-nodes", type=int, default=500)
    ap.add_argument("--max-nodes", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--as-of", default="2026-08-15")
    ap.add_argument("--calls", nargs="+", default=["score_tenants", "summarise_tenants"],
                    choices=["score_tenants", "summarise_tenants"])
    ap.add_argument("--okr-threads", type=int, default=1,
                    help="OKR_NUM_THREADS of each worker process (1: one core per worker, as docs/tenants.md advises)")
    ap.add_argument("--worker-malloc", choices=["okr", "dask"], default="okr",
                    help="okr: the workers keep freed memory for the next tenant (docs/tenants.md); "
                         "dask: dask's default, MALLOC_TRIM_THRESHOLD_=65536")
    a = ap.parse_args()

    import dask
    import pandas as pd
    from distributed import Client, LocalCluster

    import okr
    import okr.dask

    t0 = time.perf_counter()
    sources = tenants(a.tenants, a.min_nodes, a.max_nodes, a.seed)
    sizes = [int(Path(p).name.split("_n")[1].split("_")[0]) for p in sources.values()]
    print(f"okr {okr.__version__}; {len(sources)} tenants, {sum(sizes):,} nodes "
          f"({sum(os.path.getsize(p) for p in sources.values()) / 1e9:.2f} GB), "
          f"{min(sizes):,}-{max(sizes):,} nodes each; data ready in {time.perf_counter() - t0:.0f} s; "
          f"{os.cpu_count()} cores; workers: OKR_NUM_THREADS={a.okr_threads}, malloc settings: {a.worker_malloc}")

    results = {}
    for name in a.calls:
        call = getattr(okr.dask, name)
        t0 = time.perf_counter()
        serial = call(sources, as_of=a.as_of)
        base = time.perf_counter() - t0
        rows = [("serial loop", base, 1.0)]
        for workers in (1, 2):
            with dask.config.set(WORKER_MALLOC if a.worker_malloc == "okr" else {}), LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                              env={"OKR_NUM_THREADS": str(a.okr_threads)}) as cluster, \
                    Client(cluster) as client:
                client.wait_for_workers(workers)
                client.run(_warm)  # imports okr and pandas: a service's workers have done so long before
                t0 = time.perf_counter()
                got = call(sources, as_of=a.as_of, client=client)
                took = time.perf_counter() - t0
            pd.testing.assert_frame_equal(got, serial)
            rows.append((f"LocalCluster, {workers} worker{'s' if workers > 1 else ''}", took, base / took))
        results[name] = (rows, len(serial))
    for name, (rows, n) in results.items():
        print(f"\n{name} ({n:,} rows; equal to the serial loop's on every run)")
        print(f"{'run':26} {'seconds':>8} {'tenants/s':>10} {'speedup':>8}")
        for label, seconds, speedup in rows:
            print(f"{label:26} {seconds:8.2f} {len(sources) / seconds:10.1f} {speedup:7.2f}x")


def _warm() -> int:
    import okr.dask  # noqa: F401
    import pandas  # noqa: F401

    return os.getpid()

if __name__ == "__main__":
    main()
