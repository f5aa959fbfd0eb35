#!/usr/bin/env python3
"""Precision and recall of the coach's title rules on the labelled set tests/data/coach_labelled.json.

    .venv/bin/python scripts/coach_quality.py     # the Markdown table kept in docs/coach.md (-v: each miss)

Each labelled key result becomes a key result of its own objective (owner, team and "why now"
set, so only title rules speak); each labelled objective an objective of its own. A finding of a
title rule on an item counts as a true positive when the item's labels list that code.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LABELS = os.path.join(ROOT, "tests", "data", "coach_labelled.json")
HELD_OUT = os.path.join(ROOT, "tests", "data", "coach_heldout.json")
TITLE_RULES = ["kr_task_like", "kr_not_measurable", "kr_negative", "kr_vague_term", "kr_no_baseline",
               "kr_title_mismatch", "objective_numeric"]
WHY = "It matters this quarter because the next one depends on it. The team chose it. It is measurable."


def document(items):
    objectives, key_results = [], []
    for i, it in enumerate(items):
        oid = f"o{i}"
        title = it["title"] if it["kind"] == "obj" else "Customers trust us"
        objectives.append({"id": oid, "title": title, "owner": "Owner", "team": "Team", "why_now": WHY})
        if it["kind"] != "kr":
            continue
        kr = {"id": f"k{i}", "objective": oid, "title": it["title"], "type": it["type"]}
        if it["type"] == "metric":
            kr.update(start=it["start"], target=it["target"])
        elif it["type"] == "baseline":
            kr["required"] = 10
        elif it["type"] == "health":
            kr["threshold"] = 1
        key_results.append(kr)
    return {"format": "okr", "version": 1, "objectives": objectives, "key_results": key_results}


def evaluate(okr_module=None, path=LABELS):
    """{code: (tp, fp, fn)} over the labelled set at `path`, the disagreements, the item count."""
    if okr_module is None:
        import okr as okr_module
    with open(path, encoding="utf-8") as f:
        items = json.load(f)["items"]
    g = okr_module.loads(json.dumps(document(items)))
    found = g.lint()
    got = {}
    for code, node in zip(found["code"], found["id"]):
        if code in TITLE_RULES:  # (objective findings on the hosts of labelled key results are none of ours)
            i = int(node[1:])
            if (items[i]["kind"] == "kr") == code.startswith("kr_"):
                got.setdefault(i, set()).add(code)
    counts = {c: Counter() for c in TITLE_RULES}
    wrong = []
    for i, it in enumerate(items):
        want, have = set(it["expect"]), got.get(i, set())
        for c in TITLE_RULES:
            if c in have and c in want:
                counts[c]["tp"] += 1
            elif c in have:
                counts[c]["fp"] += 1
                wrong.append((it["title"], c, "false positive"))
            elif c in want:
                counts[c]["fn"] += 1
                wrong.append((it["title"], c, "missed"))
    return {c: (v["tp"], v["fp"], v["fn"]) for c, v in counts.items()}, wrong, len(items)


def table(result, n, held=None, n_held=0):
    """The Markdown table: per rule, the tuning set's counts and rates, and the held-out set's."""
    def rates(tp, fp, fn):
        p = f"{tp / (tp + fp):.2f}" if tp + fp else "—"
        r = f"{tp / (tp + fn):.2f}" if tp + fn else "—"
        return p, r

    lines = ["| rule | labelled | found | precision | recall | held-out: labelled | found | precision | recall |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for code, (tp, fp, fn) in result.items():
        p, r = rates(tp, fp, fn)
        row = f"| `{code}` | {tp + fn} | {tp + fp} | {p} | {r} |"
        htp, hfp, hfn = (held or {}).get(code, (0, 0, 0))
        hp, hr = rates(htp, hfp, hfn)
        row += f" {htp + hfn} | {htp + hfp} | {hp} | {hr} |"
        lines.append(row)
    return "\n".join(lines) + f"\n\n{n} labelled items used to tune the rules; {n_held} held-out items written afterwards."


if __name__ == "__main__":
    res, wrong, n = evaluate()
    held, wrong_held, n_held = evaluate(path=HELD_OUT)
    print(table(res, n, held, n_held))
    if "-v" in sys.argv:
        for w in wrong:
            print("tuning", *w, sep="  |  ")
        for w in wrong_held:
            print("held-out", *w, sep="  |  ")
