"""The organisation report (``python -m okr report``): plain text (:func:`organisation_report`),
one self-contained HTML page (:func:`html`) or the same content as a JSON-ready document
(:func:`data`; keys in docs/report.md)."""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any, Dict, List, Optional

from ._dates import optional_iso_date
from ._graph import Graph

__all__ = ["organisation_report", "html", "data"]


def _ended_cycles(graph: Graph, as_of: str) -> set:
    """Cycles over by `as_of`, to leave out of the roll-up while another cycle runs (after the last
    cycle ends, for a quarter-end review, nothing is left out)."""
    spans = graph._cycles()  # (id, start, end) as ISO strings
    if not any(s <= as_of <= e for _, s, e in spans):
        return set()
    return {c for c, _, e in spans if e < as_of}


def data(graph: Graph, as_of: Any = None, source: Optional[str] = None, progress: bool = False) -> Dict[str, Any]:
    """The report's content as one document of dicts, lists, strings and numbers (docs/report.md).

    Parameters
    ----------
    graph : okr.Graph
        The organisation.
    as_of : str, datetime.date or pandas.Timestamp, optional
        The day the report is made as of; default: today.
    source : str, optional
        Where the graph came from (a file name), shown in the title; default: "".
    progress : bool
        Show a progress bar (tqdm) on the slow parts of a large organisation.

    Returns
    -------
    dict
        JSON-ready (``json.dumps`` takes it; missing numbers are None): keys ``format``
        ("okr-report"), ``version``, ``as_of``, ``source``, ``summary``, ``rollup``,
        ``attention``, ``alignment``, ``scorecard``, ``rocks``, ``coach`` and ``kpi``.

    Raises
    ------
    okr.InvalidArgumentError
        ``as_of`` is not a date.
    okr.LimitError
        A KPI value, or a period of the scorecard's window, is outside what a pandas datetime
        holds (1677-09-22 to 2262-04-11); the message names it. Cycles, Rocks and milestones are
        read as text, and their dates may be anywhere in 0001 to 9999.
    ImportError
        ``progress=True`` without tqdm installed.

    Examples
    --------
    >>> import okr
    >>> import okr.report
    >>> doc = okr.report.data(okr.load(okr.example_path()), as_of="2026-09-07")
    >>> doc["format"], doc["version"], doc["as_of"]
    ('okr-report', 1, '2026-09-07')
    >>> [c["id"] for c in doc["summary"]["cycles"]]
    ['2026-Q2', '2026-Q3', '2026-Q4']
    """
    from .report_data import report_data

    return report_data(graph, as_of=as_of, source=source, progress=progress)


def html(graph: Graph, as_of: Any = None, source: Optional[str] = None, progress: bool = False) -> str:
    """The report as one self-contained HTML page.

    Inline CSS and SVG, nothing fetched, readable without JavaScript. Sections have the ids
    ``summary, rollup, attention, alignment, scorecard, rocks, coach, kpi``. ``progress=True``
    shows a progress bar on the slow parts.

    Parameters
    ----------
    graph : okr.Graph
        The organisation.
    as_of : str, datetime.date or pandas.Timestamp, optional
        The day the report is made as of; default: today.
    source : str, optional
        Where the graph came from (a file name), shown in the title.
    progress : bool
        Show a progress bar (tqdm) on the slow parts of a large organisation.

    Returns
    -------
    str
        The page, starting with ``<!DOCTYPE html>``.

    Raises
    ------
    okr.InvalidArgumentError
        ``as_of`` is not a date.
    okr.LimitError
        A KPI value, or a period of the scorecard's window, is outside what a pandas datetime
        holds (1677-09-22 to 2262-04-11); the message names it. Cycles, Rocks and milestones are
        read as text, and their dates may be anywhere in 0001 to 9999.
    ImportError
        jinja2 is not installed, or ``progress=True`` without tqdm.

    Examples
    --------
    >>> import okr
    >>> import okr.report
    >>> page = okr.report.html(okr.load(okr.example_path()), as_of="2026-09-07")
    >>> page.startswith("<!DOCTYPE html>"), 'id="scorecard"' in page
    (True, True)
    >>> with open("report.html", "w", encoding="utf-8") as f:
    ...     _ = f.write(page)
    """
    from .report_html import render

    return render(data(graph, as_of=as_of, source=source, progress=progress))

_MARK = {
    "done": "✔ done",
    "on_track": "● on track",
    "at_risk": "◐ at risk",
    "off_track": "○ off track",
    "not_started": "· not started",
    "no_data": "  no data",
    "planned": "◌ planned",
}


def _pct(x: float) -> str:
    return "  —  " if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x * 100:4.0f}%"


def _num(x: float) -> str:
    if x is None or math.isnan(x):
        return "—"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.4g}M"
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.4g}"


def organisation_report(graph: Graph, as_of: Any = None, source: Optional[str] = None, width: int = 100) -> str:
    r"""Render the organisation's scores as of ``as_of`` (default: today) as text.

    Top-level objectives (level company, or contributing to nothing) come first, each with its
    roll-up tree: key results and the objectives that contribute to it, with score, status,
    forecast, over-achievement and regressions. Objectives of cycles not started yet are left out
    of the tree (and of the roll-up) and listed under "Next cycles"; EOS Rocks and the weekly
    scorecard have sections of their own.

    Parameters
    ----------
    graph : okr.Graph
        The organisation.
    as_of : str, datetime.date or pandas.Timestamp, optional
        The day the report is made as of; default: today.
    source : str, optional
        Where the graph came from (a file name), added to the title.
    width : int
        Not used: lines are as long as their content.

    Returns
    -------
    str
        The report, lines ending in "\n": a header with the cycles, the roll-up trees, "Needs
        attention", "Alignment", then the coach, Rocks, next cycles, scorecard and KPI sections
        where there is something to show.

    Raises
    ------
    okr.InvalidArgumentError
        ``as_of`` is not a date.
    okr.LimitError
        A KPI value, or a period of the scorecard's window, is outside what a pandas datetime
        holds (1677-09-22 to 2262-04-11); the message names it. Cycles, Rocks and milestones are
        read as text, and their dates may be anywhere in 0001 to 9999.

    Examples
    --------
    >>> import okr
    >>> import okr.report
    >>> text = okr.report.organisation_report(okr.load(okr.example_path()), as_of="2026-09-07")
    >>> print("\n".join(text.splitlines()[:4]))
    okr organisation report
    =======================
    as of 2026-09-07
    cycle 2026-Q2: 2026-04-01 – 2026-06-30, 100% elapsed
    """
    as_of_s = optional_iso_date(as_of) or _dt.date.today().isoformat()
    sc = graph.scores(as_of=as_of_s)
    links = graph.links()
    contributes = links[links["type"] == "contributes"]
    children: Dict[str, List[str]] = {i: [] for i in sc.index}
    krs = sc[sc["kind"] == "key_result"]
    for kr, objective in zip(krs.index, krs["objective"]):
        children[objective].append(kr)
    has_parent = set()
    for f, t in zip(contributes["from"], contributes["to"]):
        children[t].append(f)
        has_parent.add(f)
    units = graph.nodes()["unit"].to_dict()
    # The tree shows the cycles under way (and nodes without a cycle): cycles not started are
    # "Next cycles", ended ones history (their Rocks are in "Rocks").
    ended = _ended_cycles(graph, as_of_s)
    hidden = set(sc.index[(sc["status"] == "planned") | sc["cycle"].isin(ended)])
    for k in children:
        children[k] = [c for c in children[k] if c not in hidden]
    running = sc[~sc.index.isin(hidden)]
    objectives = running[running["kind"] == "objective"]
    top = [o for o, level in zip(objectives.index, objectives["level"]) if level == "company" or o not in has_parent]

    out: List[str] = []
    title = "okr organisation report" + (f" — {source}" if source else "")
    out.append(title)
    out.append("=" * len(title))
    out.append(f"as of {as_of_s}")
    for cid, start, end in graph._cycles():
        d0, d1, t = (_dt.date.fromisoformat(x) for x in (start, end, as_of_s))
        span = max((d1 - d0).days, 1)
        share = min(max((t - d0).days / span, 0.0), 1.0)
        out.append(f"cycle {cid}: {start} – {end}, {share * 100:.0f}% elapsed")
    kr_counts = running[running["kind"] == "key_result"]["status"].value_counts()
    out.append(
        f"{len(objectives)} objectives, {int((running['kind'] == 'key_result').sum())} key results; key results: "
        + ", ".join(f"{kr_counts.get(s, 0)} {s.replace('_', ' ')}" for s in ("done", "on_track", "at_risk", "off_track", "not_started"))
    )
    out.append("")
    out.append("Top-level objectives and their roll-up")
    out.append("-" * 38)

    seen = set()
    # Rows as dicts, read once: sc.loc[node] per line was most of the report's time.
    records = dict(zip(sc.index, sc.to_dict("records")))

    def line(node: str, prefix: str, last: bool, depth: int) -> None:
        row = records[node]
        branch = "" if depth == 0 else ("└─ " if last else "├─ ")
        label = row["title"] or node
        kind = "KR " if row["kind"] == "key_result" else ""
        extras = []
        if row["kind"] == "key_result" and not math.isnan(row["value"]):
            unit = units.get(node, "")
            extras.append(f"now {_num(row['value'])}{unit if unit in ('%',) else (' ' + unit if unit else '')}")
        if not math.isnan(row["forecast"]) and row["status"] not in ("done", "not_started", "no_data"):
            f = f"forecast {_pct(row['forecast']).strip()}"
            if not math.isnan(row["forecast_low"]):
                f += f" [{_pct(row['forecast_low']).strip()}–{_pct(row['forecast_high']).strip()}]"
            extras.append(f)
        if row["overachievement"] > 0:
            extras.append(f"+{row['overachievement'] * 100:.0f}% beyond target")
        if row["regressing"]:
            extras.append("▼ regressing")
        owner = f" — {row['owner']}" if depth == 0 and row["owner"] else ""
        text = f"{prefix}{branch}{_pct(row['score'])} {_MARK[row['status']]:<13} {kind}{label}{owner} ({node})"
        if extras:
            text += "  · " + ", ".join(extras)
        if node in seen and children[node]:
            text += "  (shown above)"
        out.append(text)
        if node in seen:
            return
        seen.add(node)
        kids = children[node]
        child_prefix = prefix + ("" if depth == 0 else ("   " if last else "│  "))
        for i, k in enumerate(kids):
            line(k, child_prefix, i == len(kids) - 1, depth + 1)

    for o in top:
        line(o, "", True, 0)
        out.append("")

    attention = running[(running["kind"] == "key_result") & (running["status"].isin(["off_track", "at_risk"]) | running["regressing"])]
    out.append("Needs attention")
    out.append("-" * 15)
    if attention.empty:
        out.append("nothing is at risk, off track or regressing")
    for kr, row in attention.sort_values("score").iterrows():
        why = "regressing" if row["regressing"] else row["status"].replace("_", " ")
        out.append(f"{_pct(row['score'])}  {why:<11} {row['title']} ({kr}) — {row['team'] or row['owner']}")
    out.append("")
    out.extend(_alignment_section(graph, as_of_s))
    for section in (_coach_section(graph), _rocks_section(graph, as_of_s), _next_cycles_section(graph, sc, as_of_s)):
        if section:
            out.append("")
            out.extend(section)
    card = _scorecard_section(graph, as_of_s)
    if card:
        out.append("")
        out.extend(card)
    kpi = _kpi_section(graph)
    if kpi:
        out.append("")
        out.extend(kpi)
    return "\n".join(out).rstrip() + "\n"


def _coach_section(graph: Graph, worst: int = 5) -> List[str]:
    """The coach's findings (docs/coach.md): counts per code, then the worst few with the question
    to ask their owners."""
    findings = graph.lint()
    title = "Coach (key-result and objective lint; python -m okr lint FILE for every finding)"
    out = [title, "-" * len(title)]
    if findings.empty:
        out.append("no findings")
        return out
    counts = findings.groupby(["severity", "code"], observed=True).size()
    out.append("findings: " + ", ".join(f"{n} {code} ({sev})" for (sev, code), n in counts.items()))
    for row in findings.sort_values("severity", kind="stable").head(worst).itertuples(index=False):
        who = f"{row.id}: " if row.id else ""
        out.append(f"  {row.severity:<7} {who}{row.message}")
        out.append(f"          ? {row.question}")
    return out


_ROCK_MARK = {
    "on_track": "● on track",
    "off_track": "○ off track",
    "done": "✔ done",
    "not_done": "✘ not done",
    "canceled": "– canceled",
    "planned": "◌ planned",
}


def _rocks_section(graph: Graph, as_of: str) -> List[str]:
    """EOS Rocks of the cycles under way or past: computed status beside the owner's report,
    milestones, overdue ones, lineage, completion rates and findings."""
    from .report_data import overdue_by_rock, rock_frames

    rocks, milestones, findings = rock_frames(graph, as_of)
    rocks = rocks[rocks["status"] != "planned"]
    if rocks.empty:
        return []
    title = "Rocks (status from milestones and forecast; the owner's latest report beside it)"
    out = [title, "-" * len(title)]
    starts = {c: start for c, start, _ in graph._cycles()}
    order = sorted(rocks["cycle"].unique(), key=lambda c: starts.get(c, ""), reverse=True)  # latest first, no cycle last
    completion = graph.rock_completion(by="company", as_of=as_of)
    overdue = overdue_by_rock(milestones)
    for cycle in order:
        rows = rocks[rocks["cycle"] == cycle]
        head = f"{cycle or '(no cycle)'}"
        if cycle in completion.index:
            c = completion.loc[cycle]
            counted = int(c["rocks"] - c["canceled"])
            head += f": {int(c['done'])} of {counted} done"
            if int(c["open"]):
                head += f", {int(c['open'])} open"
            if counted:
                head += f" ({c['completion_rate'] * 100:.0f}%; EOS aims at 80%)"
        out.append(head)
        for rid, r in rows.iterrows():
            reported = ""
            if r["reported_status"] is not None and r["state"] == "open":
                reported = f"reported {r['reported_status'].replace('_', ' ')} {r['reported_on']}"
            line = f"  {_ROCK_MARK[r['status']]:<13} {_pct(r['score'])}  {r['title']} — {r['owner']} ({rid})"
            extras = [f"{r['milestones_done']} of {r['milestones_total']} milestones"] if r["milestones_total"] else []
            if reported:
                extras.append(reported)
            if r["carried_from"] is not None:
                extras.append(f"carried from {r['carried_from']}" + (f", {r['times_carried']}× in all" if r["times_carried"] > 1 else ""))
            if extras:
                line += "  · " + ", ".join(extras)
            out.append(line)
            if r["state"] == "open":
                late = overdue.get(rid, milestones.iloc[:0])
                for _, m in late.iterrows():
                    out.append(f"      overdue: {m['title']} (due {m['due']}, {m['progress'] * 100:.0f}% done)")
    owners = graph.rock_completion(by="owner", as_of=as_of)
    if not owners.empty:
        per = [f"{o} {row['completion_rate'] * 100:.0f}% ({int(row['done'])}/{int(row['rocks'] - row['canceled'])})"
               for (cyc, o), row in owners.iterrows() if cyc == order[0] and row["rocks"] > row["canceled"]]
        if per:
            out.append(f"completion by owner in {order[0]}: " + ", ".join(per))
    for code, msg in zip(findings["code"], findings["message"]):
        out.append(f"  - {code}: {msg}")
    return out


def _next_cycles_section(graph: Graph, sc, as_of: str) -> List[str]:
    """Objectives and Rocks of cycles not started yet: planned, not in this cycle's roll-up."""
    planned = sc[(sc["status"] == "planned") & (sc["kind"] == "objective")]
    if planned.empty:
        return []
    from .report_data import rock_frames

    nodes = graph.nodes()
    rocks = rock_frames(graph, as_of)[0]
    kr_count = sc[sc["kind"] == "key_result"].groupby("objective").size()
    cycles = {c: (start, end) for c, start, end in graph._cycles()}
    out = ["Next cycles (planned: left out of the running cycle's roll-up)", "-" * 62]
    t = _dt.date.fromisoformat(as_of)
    for cycle in sorted(planned["cycle"].unique(), key=lambda c: cycles[c][0]):
        start, end = cycles[cycle]
        days = (_dt.date.fromisoformat(start) - t).days
        rows = planned[planned["cycle"] == cycle]
        out.append(f"{cycle} ({start} – {end}, starts in {days} days): {len(rows)} objective"
                   + ("" if len(rows) == 1 else "s"))
        for oid, row in rows.iterrows():
            kind = "Rock " if nodes.loc[oid, "flavor"] == "rock" else ""
            team = f", {row['team']}" if row["team"] else ""
            n = int(kr_count.get(oid, 0))
            extras = [f"{n} key result{'' if n == 1 else 's'}"]
            if oid in rocks.index and rocks.loc[oid, "carried_from"] is not None:
                src = rocks.loc[oid, "carried_from"]
                src_row = rocks.loc[src] if src in rocks.index else None
                what = f"carries over {src}" + (f" ({src_row['cycle']}, {src_row['status'].replace('_', ' ')})" if src_row is not None else "")
                extras.append(what)
            out.append(f"  ◌ {kind}{row['title']} — {row['owner']}{team} ({oid})  · " + ", ".join(extras))
    return out


def _scorecard_section(graph: Graph, as_of: str) -> List[str]:
    """The weekly scorecard: a ✓ / ✗ grid of the last 13 periods, averages and off-goal streaks."""
    from .errors import InvalidArgumentError

    if graph.kpi_info().empty:
        return []
    try:
        sc = graph.scorecard(as_of=as_of)
    except InvalidArgumentError:  # KPIs of several frequencies: show them weekly
        sc = graph.scorecard(as_of=as_of, freq="W")
    unit = {"W": "weeks", "MS": "months", "QS": "quarters"}.get(sc.freq, "periods")
    first, last = sc.values.columns[0].date(), sc.values.columns[-1].date()
    title = f"Scorecard ({len(sc.values.columns)} {unit}, {first} to {last}; ✓ on goal, ✗ off, · no value)"
    out = [title, "-" * len(title)]
    name_w = max(len(k) for k in sc.values.index)
    goal_w = max([4] + [len(g) for g in sc.summary["goal"]])
    grid_w = 2 * len(sc.values.columns) - 1
    out.append(f"  {'':<{name_w}}  {'goal':<{goal_w}}  {'':<{grid_w}}  {'avg 4':>7} {'avg 13':>7} {'on goal':>7}  streak")
    verdict, on = sc._marks()
    for kpi, has, met, s in zip(sc.values.index, verdict.tolist(), on.tolist(), sc.summary.to_dict("records")):
        cells = " ".join("✓" if o else "✗" if d else "·" for d, o in zip(has, met))
        streak = f"{s['off_goal_streak']} off" if s["off_goal_streak"] else ""
        out.append(f"  {kpi:<{name_w}}  {s['goal']:<{goal_w}}  {cells}  {_num(s['avg_4']):>7} {_num(s['avg_13']):>7} "
                   f"{_pct(s['on_goal_share']):>7}  {streak}".rstrip())
    return out


def _kpi_section(graph: Graph) -> List[str]:
    """Which KPI leads which outcome: outcomes are the KPIs a key result is measured by, drivers
    the other KPIs; weekly buckets, first differences, effective-sample-size p-values, BH q."""
    from .correlation import leading_indicators

    info = graph.kpi_info()
    if info.empty:
        return []
    outcomes = list(dict.fromkeys(graph.measured_by()["kpi"]))
    drivers = [k for k in info.index if k not in outcomes]
    if not outcomes or not drivers:
        return []
    weekly = graph.kpis(freq="W")
    out = ["KPI → outcome (weekly; differenced, autocorrelation-adjusted, BH-corrected)", "-" * 74]
    for o in outcomes:
        res = leading_indicators(weekly[drivers + [o]], outcome=o, lags=range(0, 13), method="spearman",
                                 transform="diff", adjust=True)
        for _, row in res.iterrows():
            out.append(f"  {row['verdict']}")
    return out


def _alignment_section(graph: Graph, as_of: str) -> List[str]:
    rep = graph.alignment(as_of=as_of)
    out = ["Alignment", "-" * 9]
    cov = rep.coverage
    overall_rows = cov[cov["group_by"] == "all"]
    if overall_rows.empty or int(overall_rows.iloc[0]["objectives"]) == 0:
        out.append("no objectives to align")
        return out
    overall = overall_rows.iloc[0]
    by_level = ", ".join(
        f"{row.group} {row.share * 100:.0f}%" for row in cov[cov["group_by"] == "level"].itertuples() if row.group
    )
    out.append(
        f"coverage: {int(overall['aligned'])} of {int(overall['objectives'])} objectives ladder up to a top objective "
        f"({overall['share'] * 100:.0f}%)" + (f"; by level: {by_level}" if by_level else "")
    )
    orphans = rep.orphans
    if len(orphans):
        out.append("orphans: " + ", ".join(f"{t} ({i})" for i, t in zip(orphans.index, orphans["title"])))
    else:
        out.append("orphans: none")
    out.append("at-risk exposure of top objectives (contribution-weighted share of key results at risk or off track):")
    for top, row in rep.exposure.iterrows():
        share = "—" if math.isnan(row["at_risk_share"]) else f"{row['at_risk_share'] * 100:.0f}%"
        offenders = ", ".join(row["offenders"][:3])
        out.append(f"  {share:>5}  {top}" + (f"  (most exposed through {offenders})" if offenders else ""))
    if rep.dependency_cycles:
        out.append("dependency cycles between teams: " + "; ".join(" ⇄ ".join(c) for c in rep.dependency_cycles))
    findings = rep.findings
    if len(findings):
        out.append(f"findings ({len(findings)}):")
        for code, msg in zip(findings["code"], findings["message"]):
            out.append(f"  - {code}: {msg}")
    return out
