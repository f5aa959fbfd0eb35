#!/usr/bin/env python3
"""Regenerates the weekly KPI series of the bundled example organisation (deterministic).

52 weeks (Mondays 2025-09-08 .. 2026-08-31) of learning and support KPIs with a known planted
effect: lessons completed lower tier-1 → tier-2 escalations three weeks later; every series
trends; KB articles created only share the trend (a decoy). The first four weeks of lessons
created, lessons completed and KB articles created are the scorecard of DOMAIN worked example 5;
the lessons-completed goal rises from 20 to 25 a week from the start of 2026-Q3 (a dated goal).

    python3 examples/generate_kpis.py examples/learning_platform.json   # rewrites "kpis" in place
"""

import datetime as dt
import json
import random
import sys

WEEKS = 52
START = dt.date(2025, 9, 8)


def series(seed):
    rng = random.Random(seed)
    t = list(range(WEEKS))
    created = [1, 0, 2, 1] + [max(0, round(1 + 0.08 * i + rng.gauss(0, 1.2))) for i in t[4:]]
    completed = [5, 4, 3, 1] + [max(0, round(6 + 0.45 * i + rng.gauss(0, 4))) for i in t[4:]]
    kb = [2, 1, 3, 2] + [max(0, round(2 + 0.12 * i + rng.gauss(0, 1.5))) for i in t[4:]]
    lagged = [sum(completed[:3]) / 3] * 3 + completed[:-3]
    escalations = [round(128 - 0.25 * i - 1.1 * lagged[i] + rng.gauss(0, 2.0), 1) for i in t]
    fcr = [round(62 + 0.2 * i + rng.gauss(0, 1.5), 1) for i in t]
    pathways = [round(min(100.0, 5 + 1.1 * i + rng.gauss(0, 2)), 1) for i in t]
    # Two weeks the LMS export failed: missing, not zero.
    for s in (completed, created):
        s[30] = None
    return {
        "lessons_created": created,
        "lessons_completed": completed,
        "kb_articles_created": kb,
        "pathway_completion_pct": pathways,
        "escalations_t1_t2": escalations,
        "first_contact_resolution_pct": fcr,
    }


META = {
    "lessons_created": dict(title="Lessons created", owner="Marvin Cole", team="Managed Services", unit="lessons",
                            comparison=">=", goal=2, aggregation="sum"),
    "lessons_completed": dict(title="Lessons completed", owner="Diana Osei", team="HR", unit="lessons",
                              comparison=">=", goal=20, goals=[{"from": "2026-07-06", "comparison": ">=", "goal": 25}],
                              aggregation="sum"),
    "kb_articles_created": dict(title="KB articles created", owner="Marvin Cole", team="Managed Services",
                                unit="articles", comparison=">=", goal=3, aggregation="sum"),
    "pathway_completion_pct": dict(title="Assigned pathways completed", owner="Diana Osei",
                                   team="HR - Learning & Development", unit="%", comparison=">=", goal=50,
                                   aggregation="last"),
    "escalations_t1_t2": dict(title="Tier-1 to tier-2 escalations", owner="Marvin Cole", team="Managed Services",
                              unit="escalations/week", comparison="<=", goal=80, aggregation="sum"),
    "first_contact_resolution_pct": dict(title="First-contact resolution", owner="Marvin Cole",
                                         team="Managed Services", unit="%", comparison="in_range", goal=[70, 100],
                                         aggregation="mean"),
}


def kpis():
    data = series(20260907)
    out = []
    for kid, meta in META.items():
        values = [{"date": (START + dt.timedelta(weeks=i)).isoformat(), "value": v} for i, v in enumerate(data[kid])]
        out.append(dict(id=kid, **meta, values=values))
    return out


def main(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    doc["kpis"] = kpis()
    links = [l for l in doc.get("links", []) if l.get("type") != "measured_by"]
    links += [
        {"from": "kr-ms-escalations", "to": "escalations_t1_t2", "type": "measured_by"},
        {"from": "kr-ms-fcr", "to": "first_contact_resolution_pct", "type": "measured_by"},
        {"from": "kr-ld-completion", "to": "pathway_completion_pct", "type": "measured_by"},
    ]
    doc["links"] = links
    with open(path, "w", encoding="utf-8") as f:
        f.write(dump(doc))


def dump(doc):
    """Top-level fields one per line; arrays one element per line (compact), for readable diffs."""
    compact = lambda v: json.dumps(v, ensure_ascii=False, separators=(", ", ": "))
    parts = []
    for key, value in doc.items():
        if isinstance(value, list):
            body = ",\n".join("    " + compact(v) for v in value)
            parts.append(f'  "{key}": [\n{body}\n  ]' if value else f'  "{key}": []')
        elif isinstance(value, dict):
            parts.append(f'  "{key}": {json.dumps(value, ensure_ascii=False, indent=4)}'.replace("\n", "\n  "))
        else:
            parts.append(f'  "{key}": {compact(value)}')
    return "{\n" + ",\n".join(parts) + "\n}\n"


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/learning_platform.json")
