#!/usr/bin/env python3
"""The HTML report on a generated organisation: Python time and page size.

    .venv/bin/python benchmarks/bench_report.py [--nodes 10000] [--checkins 4]

Target (issue: reports): a 10,000-node organisation renders in under 2 s of Python time and the
page stays under 5 MB; larger ones are cut to the top levels of the tree (stated on the page).
The anchor is the text report of the same organisation (python -m okr report), timed in the same
run: the HTML page does the same analyses plus the rendering.
"""
from __future__ import annotations

import argparse
import tempfile
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_org  # noqa: E402

import okr  # noqa: E402
from okr import report  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--nodes", type=int, default=10000)
    ap.add_argument("--checkins", type=int, default=4)
    ap.add_argument("--as-of", default="2026-08-15")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "org.json")
        with open(path, "w", encoding="utf-8") as out:
            gen_org.generate(args.nodes, args.checkins, 7, out)
        g = okr.load(path)
    report.html(g, as_of=args.as_of)  # warm-up (imports, template compilation)
    t0 = time.perf_counter()
    page = report.html(g, as_of=args.as_of)
    t_html = time.perf_counter() - t0
    t0 = time.perf_counter()
    report.organisation_report(g, as_of=args.as_of)
    t_text = time.perf_counter() - t0
    size = len(page.encode("utf-8"))
    cut = "cut to its top" in page
    print(f"nodes {len(g)}: html {t_html:.2f} s, {size / 1e6:.2f} MB{' (tree cut)' if cut else ''}; "
          f"text report {t_text:.2f} s; ratio html/text {t_html / t_text:.2f}")
    print("target: < 2 s and < 5 MB:", "met" if t_html < 2 and size < 5e6 else "NOT met")


if __name__ == "__main__":
    main()
