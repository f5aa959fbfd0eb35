"""Alignment analysis through the Python surface.

Ladder-up (tops, orphans, depth, coverage, paths), team dependencies (cycles, centrality,
reciprocation) and the NetworkX export are checked against NetworkX on seeded random documents
and on the bundled example; contributions against a direct sum over paths and against finite
differences of real scores; focus findings against exact expected rows on a hand-made document.
"""

import copy
import json
import math
import random
from collections import Counter, defaultdict

import networkx as nx
import pytest

import okr

SEEDS = list(range(20))
AS_OF = "2026-09-30"
EXAMPLE_AS_OF = "2026-09-07"
LEVELS = ["company", "department", "team", "individual"]  # highest first
TEAMS = ["Finance", "Sales", "Support", "HR", "Delivery", "Product"]
OWNERS = ["Ann", "Bo", "Cy", "Dee", "Eli"]


# ---------------------------------------------------------------------------------------------
# Documents


def random_doc(seed):
    """A valid document: objectives o0..oN whose contributes links only go from a later objective
    (or one of its KRs) to an earlier one, so containment + contributes is a DAG; metric KRs
    0 -> 100 with at most one check-in each; depends_on links between any two nodes. Even seeds
    have company objectives (tops = company level), odd seeds none (tops = roots)."""
    rng = random.Random(seed)
    with_company = seed % 2 == 0
    n_obj = rng.randint(6, 14)
    teams = TEAMS[: rng.randint(3, len(TEAMS))]
    objectives, key_results, links, checkins = [], [], [], []
    for i in range(n_obj):
        if with_company:
            level = "company" if i == 0 else rng.choices(LEVELS, weights=[1, 3, 4, 2])[0]
        else:
            level = rng.choice(LEVELS[1:])
        o = {
            "id": f"o{i}", "title": f"Objective {i}", "owner": rng.choice(OWNERS), "team": rng.choice(teams),
            "level": level, "cycle": rng.choices(["q3", "q4"], weights=[4, 1])[0],
            "origin": rng.choice(["bottom_up", "top_down", "cross_functional"]),
        }
        source = rng.choice([None, None, "key_results", "aligned", "both"])
        if source:
            o["progress_source"] = source
        objectives.append(o)
        for k in range(rng.choice([0, 1, 2, 2, 3, 4, 5])):
            kr = {"id": f"o{i}-k{k}", "objective": f"o{i}", "title": f"Key result {i}.{k}", "type": "metric",
                  "start": 0, "target": 100, "weight": rng.choice([1, 1, 2, 0.5])}
            key_results.append(kr)
            if rng.random() < 0.8:
                checkins.append({"key_result": kr["id"], "date": "2026-08-14", "value": round(rng.uniform(10, 90), 2)})
            if i > 0 and rng.random() < 0.2:
                links.append({"from": kr["id"], "to": f"o{rng.randrange(i)}", "type": "contributes",
                              "weight": rng.choice([1, 2, 0.5])})
        if i > 0:
            for j in rng.sample(range(i), min(i, rng.choice([0, 1, 1, 1, 2]))):
                links.append({"from": f"o{i}", "to": f"o{j}", "type": "contributes", "weight": rng.choice([1, 1, 2, 0.5, 3])})
    ids = [o["id"] for o in objectives] + [k["id"] for k in key_results]
    family = {o["id"]: o["id"] for o in objectives} | {k["id"]: k["objective"] for k in key_results}
    seen = set()
    for _ in range(rng.randint(0, 12)):
        a, b = rng.sample(ids, 2)
        if (a, b) in seen or family[a] == family[b]:  # no link between an objective and its own KRs
            continue
        seen.add((a, b))
        links.append({"from": a, "to": b, "type": "depends_on"})
    return {
        "format": "okr", "version": 1,
        "cycles": [{"id": "q3", "start": "2026-07-01", "end": "2026-09-30"},
                   {"id": "q4", "start": "2026-10-01", "end": "2026-12-31"}],
        "objectives": objectives, "key_results": key_results, "links": links, "checkins": checkins,
    }


def example_doc():
    with open(okr.example_path(), encoding="utf-8") as f:
        return json.load(f)


CASES = SEEDS + ["example"]


def case(name):
    """(document, graph, as_of) for a seed or for the bundled example."""
    if name == "example":
        doc, as_of = example_doc(), EXAMPLE_AS_OF
    else:
        doc, as_of = random_doc(name), AS_OF
    return doc, okr.loads(json.dumps(doc)), as_of


# ---------------------------------------------------------------------------------------------
# Independent reference computations (NetworkX on the document itself)


def objective_ids(doc):
    return [o["id"] for o in doc["objectives"]]


def objective_graph(doc):
    """Objective -> objective contributes links, child -> parent."""
    H = nx.DiGraph()
    H.add_nodes_from(objective_ids(doc))
    H.add_edges_from((l["from"], l["to"]) for l in doc["links"] if l["type"] == "contributes" and l["from"] in H and l["to"] in H)
    return H


def reference_tops(doc, H):
    company = [o["id"] for o in doc["objectives"] if o.get("level") == "company"]
    return set(company) if company else {o for o in H if H.out_degree(o) == 0}


def reference_depth(H, tops):
    depth = {}
    for o in H:
        hops = [d for t, d in nx.single_source_shortest_path_length(H, o).items() if t in tops]
        depth[o] = min(hops) if hops else -1
    return depth


def team_of(doc):
    team = {o["id"]: o.get("team", "") for o in doc["objectives"]}
    team.update({k["id"]: team[k["objective"]] for k in doc["key_results"]})
    return team


def team_graph(doc):
    """Team A -> team B for every depends_on link from a node of A to a node of B (A != B), with
    the number of links; and the set of team pairs joined by a link of any type."""
    team = team_of(doc)
    T = nx.DiGraph()
    any_link = set()
    for l in doc["links"]:
        if l["type"] == "measured_by":  # KR -> KPI: not part of the goal graph's team links
            continue
        a, b = team[l["from"]], team[l["to"]]
        if a == b:
            continue
        any_link.add((a, b))
        if l["type"] == "depends_on":
            if T.has_edge(a, b):
                T.edges[a, b]["links"] += 1
            else:
                T.add_edge(a, b, links=1)
    return T, any_link


def reference_contributions(doc, g, as_of, tops):
    """d score(top) / d score(node) as the sum over roll-up paths of products of normalised
    weights. An objective's children: contained KRs (KR weight), KRs and objectives linked to it
    with contributes (link weight); it uses those its progress_source names that have a score."""
    score = g.scores(as_of=as_of)["score"]
    krs = {k["id"] for k in doc["key_results"]}
    kids = defaultdict(list)
    for k in doc["key_results"]:
        kids[k["objective"]].append((k["id"], k.get("weight", 1.0), True))
    objectives = set(objective_ids(doc))
    for l in doc["links"]:
        if l["type"] == "contributes" and l["to"] in objectives:
            kids[l["to"]].append((l["from"], l.get("weight", 1.0), l["from"] in krs))
    R = nx.DiGraph()  # parent -> child with the normalised weight
    for o in doc["objectives"]:
        children = kids[o["id"]]
        source = o.get("progress_source") or ("key_results" if any(is_kr for _, _, is_kr in children) else "aligned")
        used = [(c, w) for c, w, is_kr in children
                if (source == "both" or (source == "key_results") == is_kr) and not math.isnan(score[c])]
        total = sum(w for _, w in used)
        for c, w in used:
            R.add_edge(o["id"], c, w=w / total)
    out = {}
    for t in tops:
        out[(t, t)] = 1.0
        if t in R:
            for n in nx.descendants(R, t):
                out[(t, n)] = sum(math.prod(R.edges[a, b]["w"] for a, b in zip(p, p[1:])) for p in nx.all_simple_paths(R, t, n))
    return out


def reported_contributions(report):
    c = report.contributions
    assert list(c.columns) == ["top", "node", "contribution"]
    pairs = list(zip(c["top"], c["node"]))
    assert len(pairs) == len(set(pairs)), "a (top, node) pair is listed twice"
    return dict(zip(pairs, c["contribution"]))


def rows(findings, *codes):
    f = findings[findings["code"].isin(codes)]
    return sorted(zip(f["code"], f["subject"], f["node"]))


# ---------------------------------------------------------------------------------------------
# Ladder-up


@pytest.mark.parametrize("name", CASES)
def test_ladder_up_matches_networkx(name):
    doc, g, as_of = case(name)
    report = g.alignment(as_of=as_of)
    H = objective_graph(doc)
    tops = reference_tops(doc, H)
    depth = reference_depth(H, tops)
    aligned = {o for o in H if depth[o] >= 0}
    # Reachability, the plain way: an objective is aligned iff a top is itself or a descendant.
    assert aligned == {o for o in H if o in tops or nx.descendants(H, o) & tops}

    assert sorted(report.top) == sorted(tops) and len(report.top) == len(tops)
    assert report.depth.to_dict() == depth

    orphans = report.orphans
    assert orphans.index.name == "id"
    assert list(orphans.columns) == ["title", "team", "level", "cycle"]
    assert set(orphans.index) == set(H) - aligned and len(orphans) == len(set(H) - aligned)
    by_id = {o["id"]: o for o in doc["objectives"]}
    for oid, row in orphans.iterrows():
        assert (row["title"], row["team"], row["level"], row["cycle"]) == tuple(by_id[oid][k] for k in ("title", "team", "level", "cycle"))
    assert rows(report.findings, "orphan") == sorted(("orphan", o, o) for o in set(H) - aligned)

    cov = report.coverage
    assert list(cov.columns) == ["group_by", "group", "objectives", "aligned", "share"]
    expected = Counter()
    for o in doc["objectives"]:
        for key in (("all", "all"), ("level", o["level"]), ("team", o["team"])):
            expected[key + ("n",)] += 1
            expected[key + ("aligned",)] += o["id"] in aligned
    got = {(b, grp): (n, a, s) for b, grp, n, a, s in cov.itertuples(index=False) if n > 0}
    want = {k[:2]: (expected[k[:2] + ("n",)], expected[k[:2] + ("aligned",)]) for k in expected}
    assert set(got) == set(want)
    for key, (n, a) in want.items():
        assert got[key][:2] == (n, a), key
        assert got[key][2] == pytest.approx(a / n, rel=1e-15)


@pytest.mark.parametrize("name", CASES)
def test_paths_climb_the_contributes_links(name):
    doc, g, as_of = case(name)
    H = objective_graph(doc)
    tops = reference_tops(doc, H)
    depth = reference_depth(H, tops)
    for max_paths in (5, 1):
        report = g.alignment(as_of=as_of, max_paths=max_paths)
        for o in H:
            paths = report.paths(o)
            if o in tops:
                assert paths == [[o]]
                continue
            # Every path up from o that stops at the first top it reaches.
            up = [p for t in tops for p in nx.all_simple_paths(H, o, t) if not set(p[1:-1]) & tops]
            assert len(paths) == min(max_paths, len(up)), o
            assert len({tuple(p) for p in paths}) == len(paths)
            for p in paths:
                assert p[0] == o and p[-1] in tops
                assert all(H.has_edge(a, b) for a, b in zip(p, p[1:])), p
            if paths:
                assert len(paths[0]) - 1 == depth[o]  # shortest first


# ---------------------------------------------------------------------------------------------
# Contributions and exposure


@pytest.mark.parametrize("name", CASES)
def test_contributions_are_sums_over_paths(name):
    doc, g, as_of = case(name)
    report = g.alignment(as_of=as_of)
    tops = report.top
    got = reported_contributions(report)
    want = reference_contributions(doc, g, as_of, tops)
    for t in tops:
        assert got[(t, t)] == 1.0
    assert set(got) == set(want)
    for key, value in want.items():
        assert got[key] == pytest.approx(value, rel=1e-12), key

    # Exposure: the contribution-weighted share of each top's KR inputs at risk or off track.
    status = g.scores(as_of=as_of)["status"].astype(str)
    krs = {k["id"] for k in doc["key_results"]}
    exposure = report.exposure
    assert set(exposure.index) == set(tops)
    for t in tops:
        inputs = {n: c for (top, n), c in want.items() if top == t and n in krs}
        risky = {n: c for n, c in inputs.items() if status[n] in ("at_risk", "off_track")}
        row = exposure.loc[t]
        assert row["inputs"] == len(inputs)
        share = sum(risky.values()) / sum(inputs.values()) if inputs else math.nan
        assert row["at_risk_share"] == pytest.approx(share, rel=1e-12, nan_ok=True)
        offenders = list(row["offenders"])
        assert set(offenders) <= set(risky) and len(offenders) == min(10, len(risky))


@pytest.mark.parametrize("seed", SEEDS)
def test_contributions_match_finite_differences(seed):
    """Nudge one metric KR's value (scores are linear there: 0 -> 100, value in [10, 90]) and
    compare the change of every top's score with the reported contribution."""
    doc = random_doc(seed)
    g = okr.loads(json.dumps(doc))
    report = g.alignment(as_of=AS_OF)
    got = reported_contributions(report)
    before = {t: g.score(t, AS_OF) for t in report.top}
    # (a KR of a cycle not started by AS_OF is planned: no score to nudge)
    checked = [c["key_result"] for c in doc["checkins"] if not math.isnan(g.score(c["key_result"], AS_OF))]
    contributing = sorted({n for (_, n) in got if n in checked})
    rng = random.Random(1000 + seed)
    sample = set(rng.sample(contributing, min(2, len(contributing)))) | set(rng.sample(checked, min(1, len(checked))))
    for kr in sorted(sample):
        nudged = copy.deepcopy(doc)
        for c in nudged["checkins"]:
            if c["key_result"] == kr:
                c["value"] += 0.01
        g2 = okr.loads(json.dumps(nudged))
        dk = g2.score(kr, AS_OF) - g.score(kr, AS_OF)
        assert dk == pytest.approx(1e-4, rel=1e-6)
        for t, s0 in before.items():
            if math.isnan(s0):
                continue
            fd = (g2.score(t, AS_OF) - s0) / dk
            assert got.get((t, kr), 0.0) == pytest.approx(fd, rel=1e-6, abs=1e-9), (t, kr)


# ---------------------------------------------------------------------------------------------
# Team dependencies


@pytest.mark.parametrize("name", CASES)
def test_team_dependencies_match_networkx(name):
    doc, g, as_of = case(name)
    report = g.alignment(as_of=as_of)
    T, any_link = team_graph(doc)

    deps = report.dependencies
    assert list(deps.columns) == ["from_team", "to_team", "links", "reciprocated"]
    got = sorted((a, b, int(n), bool(r)) for a, b, n, r in deps.itertuples(index=False))
    want = sorted((a, b, d["links"], (b, a) in any_link) for a, b, d in T.edges(data=True))
    assert got == want

    cycles = sorted(sorted(c) for c in nx.strongly_connected_components(T) if len(c) >= 2)
    assert report.dependency_cycles == cycles

    cen = report.centrality
    assert cen.index.name == "team"
    assert set(cen.index) == set(T.nodes) and len(cen) == T.number_of_nodes()
    betweenness = nx.betweenness_centrality(T, normalized=True)
    for team in T:
        assert cen.loc[team, "dependents"] == T.in_degree(team)
        assert cen.loc[team, "links_in"] == T.in_degree(team, weight="links")
        assert cen.loc[team, "betweenness"] == pytest.approx(betweenness[team], abs=1e-12)

    f = report.findings
    assert (f["code"] == "dependency_cycle").sum() == len(cycles)
    unreciprocated = [(a, b) for a, b, _, r in want if not r]
    u = f[f["code"] == "unreciprocated_dependency"]
    assert len(u) == len(unreciprocated)
    assert all(any(s in pair for pair in unreciprocated) for s in u["subject"])
    assert (u["node"] == "").all()


# ---------------------------------------------------------------------------------------------
# Findings


@pytest.mark.parametrize("seed", SEEDS)
def test_link_and_overload_findings(seed):
    doc = random_doc(seed)
    report = okr.loads(json.dumps(doc)).alignment(as_of=AS_OF)
    objective = {o["id"]: o for o in doc["objectives"]}
    cycle = {o["id"]: o["cycle"] for o in doc["objectives"]}
    cycle.update({k["id"]: cycle[k["objective"]] for k in doc["key_results"]})
    want = []
    for l in doc["links"]:
        if l["type"] != "contributes":
            continue
        a, b = l["from"], l["to"]
        if cycle[a] != cycle[b]:
            want.append(("cross_cycle_link" if a in objective else "cross_cycle_key_result", a, a))
        if a in objective and LEVELS.index(objective[b]["level"]) > LEVELS.index(objective[a]["level"]):
            want.append(("aligned_to_lower_level", a, a))
    assert rows(report.findings, "cross_cycle_link", "cross_cycle_key_result", "aligned_to_lower_level") == sorted(want)

    owners = Counter((o["owner"], o["cycle"]) for o in doc["objectives"])
    teams = Counter((o["team"], o["cycle"]) for o in doc["objectives"])
    want = [("owner_overloaded", who, "") for (who, _), n in owners.items() if n > 3]
    want += [("team_overloaded", team, "") for (team, _), n in teams.items() if n > 3]
    assert rows(report.findings, "owner_overloaded", "team_overloaded") == sorted(want)


def focus_doc():
    """Alpha: four objectives of Ann in q3 (one with a single KR), one with five KRs in q4;
    3 of 5 bottom-up. Beta: three in q3, one without KRs; 1 of 3 bottom-up. No links."""
    spec = [  # id, team, owner, cycle, origin, number of KRs
        ("a1", "Alpha", "Ann", "q3", "bottom_up", 2),
        ("a2", "Alpha", "Ann", "q3", "bottom_up", 2),
        ("a3", "Alpha", "Ann", "q3", "top_down", 3),
        ("a4", "Alpha", "Ann", "q3", "top_down", 1),
        ("a5", "Alpha", "Ann", "q4", "bottom_up", 5),
        ("b1", "Beta", "Cy", "q3", "top_down", 2),
        ("b2", "Beta", "Cy", "q3", "top_down", 0),
        ("b3", "Beta", "Dee", "q3", "bottom_up", 4),
    ]
    objectives, krs = [], []
    for oid, team, owner, cyc, origin, n in spec:
        objectives.append({"id": oid, "title": f"Objective {oid}", "owner": owner, "team": team, "level": "team",
                           "cycle": cyc, "origin": origin})
        krs += [{"id": f"{oid}-k{i}", "objective": oid, "title": f"KR {oid}.{i}", "type": "metric", "start": 0, "target": 10}
                for i in range(n)]
    return {
        "format": "okr", "version": 1,
        "cycles": [{"id": "q3", "start": "2026-07-01", "end": "2026-09-30"},
                   {"id": "q4", "start": "2026-10-01", "end": "2026-12-31"}],
        "objectives": objectives, "key_results": krs,
    }


def test_focus_findings_exact():
    report = okr.loads(json.dumps(focus_doc())).alignment(as_of=AS_OF)
    f = report.findings
    assert list(f.columns) == ["code", "subject", "node", "message"]
    assert sorted(zip(f["code"], f["subject"], f["node"])) == [
        ("low_bottom_up_share", "Beta", ""),
        ("owner_overloaded", "Ann", ""),
        ("team_overloaded", "Alpha", ""),
        ("too_few_key_results", "a4", "a4"),
        ("too_few_key_results", "b2", "b2"),
        ("too_many_key_results", "a5", "a5"),
    ]
    for subject, message in zip(f["subject"], f["message"]):
        assert subject in message


@pytest.mark.parametrize(
    "options,expected",
    [
        (dict(max_objectives=4), {"low_bottom_up_share", "too_few_key_results", "too_many_key_results"}),
        (dict(min_key_results=0, max_key_results=5), {"low_bottom_up_share", "owner_overloaded", "team_overloaded"}),
        (dict(min_bottom_up_share=0.0), {"owner_overloaded", "team_overloaded", "too_few_key_results", "too_many_key_results"}),
    ],
)
def test_focus_options(options, expected):
    f = okr.loads(json.dumps(focus_doc())).alignment(as_of=AS_OF, **options).findings
    assert set(f["code"]) == expected


def test_focus_thresholds_are_strict():
    g = okr.loads(json.dumps(focus_doc()))
    f = g.alignment(as_of=AS_OF, min_key_results=1).findings
    assert rows(f, "too_few_key_results") == [("too_few_key_results", "b2", "b2")]
    # Alpha is 3 of 5 bottom-up: a finding only when the bar is above 0.6.
    f = g.alignment(as_of=AS_OF, min_bottom_up_share=0.6).findings
    assert ("low_bottom_up_share", "Alpha", "") not in rows(f, "low_bottom_up_share")
    f = g.alignment(as_of=AS_OF, min_bottom_up_share=0.61).findings
    assert ("low_bottom_up_share", "Alpha", "") in rows(f, "low_bottom_up_share")


@pytest.mark.parametrize(
    "options,name",
    [
        (dict(max_objectives=0), "max_objectives"),
        (dict(min_key_results=5, max_key_results=4), "m(in|ax)_key_results"),
        (dict(min_bottom_up_share=1.5), "min_bottom_up_share"),
        (dict(top_k=-1), "top_k"),
    ],
)
def test_options_out_of_range(options, name):
    g = okr.load(okr.example_path())
    before = g.dumps()
    with pytest.raises(okr.InvalidArgumentError, match=name) as info:
        g.alignment(as_of=EXAMPLE_AS_OF, **options)
    assert isinstance(info.value, ValueError)
    assert g.dumps() == before


# ---------------------------------------------------------------------------------------------
# NetworkX export


@pytest.mark.parametrize("name", CASES)
def test_to_networkx(name):
    doc, g, _ = case(name)
    G = g.to_networkx()
    assert isinstance(G, nx.MultiDiGraph)
    kpis = doc.get("kpis", [])
    assert G.number_of_nodes() == len(doc["objectives"]) + len(doc["key_results"]) + len(kpis)
    for k in kpis:
        assert G.nodes[k["id"]]["kind"] == "kpi" and G.nodes[k["id"]]["title"] == k.get("title", "")
    assert G.number_of_edges() == len(doc["key_results"]) + len(doc["links"])
    for o in doc["objectives"]:
        a = G.nodes[o["id"]]
        assert a["kind"] == "objective"
        for k in ("title", "owner", "team", "level", "cycle"):
            assert a[k] == o.get(k, ""), (o["id"], k)
    for kr in doc["key_results"]:
        a = G.nodes[kr["id"]]
        assert (a["kind"], a["title"], a["type"]) == ("key_result", kr["title"], kr["type"])
    edges = Counter()
    for u, v, d in G.edges(data=True):
        assert "weight" in d
        edges[(u, v, d["type"], d["weight"] if d["type"] == "contributes" else None)] += 1
    want = Counter((kr["objective"], kr["id"], "contains", None) for kr in doc["key_results"])
    want.update((l["from"], l["to"], l["type"], l.get("weight", 1.0) if l["type"] == "contributes" else None) for l in doc["links"])
    assert edges == want


# ---------------------------------------------------------------------------------------------
# The bundled example shows every kind of alignment problem


def test_bundled_example():
    g = okr.load(okr.example_path())
    report = g.alignment(as_of=EXAMPLE_AS_OF)
    assert isinstance(report, okr.AlignmentReport)
    assert sorted(report.top) == ["o-company-cx", "o-company-growth", "o-company-people"]
    # o-ms-pilot: last quarter's Rock (not done, carried into this quarter as o-ms-rock), aligned to
    # no objective in the document
    assert list(report.orphans.index) == ["o-ms-tooling", "o-ms-pilot"]
    assert report.depth["o-ms-tooling"] == -1 and report.depth["o-ms-t1"] == 2
    assert report.paths("o-ms-t1") == [["o-ms-t1", "o-ms-resolve", "o-company-cx"]]
    assert sorted(report.paths("o-ps-delivery")) == [
        ["o-ps-delivery", "o-ps-quality", "o-company-cx"],
        ["o-ps-delivery", "o-ps-quality", "o-company-growth"],
    ]
    assert report.paths("o-ms-tooling") == []
    assert report.dependency_cycles == [["Finance", "Professional Services", "Sales"]]

    f = report.findings
    codes = set(f["code"])
    assert {"orphan", "dependency_cycle", "unreciprocated_dependency", "cross_cycle_link", "low_bottom_up_share"} <= codes
    # Managed Services' Rock (one milestone key result) is not an OKR: the focus rules (at most 3
    # objectives per owner and team, 2-4 key results) leave it out, so Marvin Cole's 3 OKRs are fine.
    assert not {"team_overloaded", "owner_overloaded", "too_few_key_results"} & codes
    assert "o-ms-rock" not in set(f["subject"])
    deps = report.dependencies
    assert (~deps["reciprocated"]).sum() >= 1
    assert (f["code"] == "unreciprocated_dependency").sum() == (~deps["reciprocated"]).sum()

    cov = report.coverage
    overall = cov[cov["group_by"] == "all"]
    assert list(zip(overall["group"], overall["objectives"], overall["aligned"])) == [("all", 22, 20)]

    # The AR worked example moves the growth objective; the orphan's KRs move no top.
    c = reported_contributions(report)
    assert c[("o-company-growth", "kr-fin-ar")] > 0
    assert not any(n in ("o-ms-tooling", "kr-tool-migrated", "kr-tool-linked") for (_, n) in c)

    html = report._repr_html_()
    assert isinstance(html, str) and "<table" in html and "o-ms-tooling" in html


def test_alignment_report_pickles():
    import pickle

    import pandas as pd

    g = okr.load(okr.example_path())
    rep = g.alignment("2026-09-07")
    back = pickle.loads(pickle.dumps(rep))
    assert back.as_of == rep.as_of == "2026-09-07" and back.top == rep.top
    for name in ("depth", "coverage", "orphans", "contributions", "findings", "exposure", "centrality"):
        mine, theirs = getattr(back, name), getattr(rep, name)
        if isinstance(theirs, pd.DataFrame):
            pd.testing.assert_frame_equal(mine, theirs)
        else:
            pd.testing.assert_series_equal(mine, theirs)
    assert back.paths("o-ms-t1") == rep.paths("o-ms-t1")
    # The tables are those of the moment the report was made, not of a later check-in.
    g.check_in("kr-fin-ar", "2026-09-01", 30_000_000)
    again = pickle.loads(pickle.dumps(rep))
    pd.testing.assert_frame_equal(again.exposure, rep.exposure)
