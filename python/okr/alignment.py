"""Alignment analysis results as pandas DataFrames (``Graph.alignment()``)."""

from __future__ import annotations

import html
from typing import Any, Dict, List

__all__ = ["AlignmentReport"]


class AlignmentReport:
    """What :meth:`okr.Graph.alignment` computes, as DataFrames.

    Attributes
    ----------
    top : list of str
        Top-level objectives: the company-level ones if any objective has level "company", else
        the objectives that contribute to no other objective.
    orphans : DataFrame
        Non-top objectives that reach no top objective (index id; title, team, level, cycle).
    depth : Series
        Per objective: fewest contributes hops to a top objective (0 for tops, -1 if none).
    coverage : DataFrame
        Share of objectives that ladder up per level, per team and overall
        (group_by, group, objectives, aligned, share).
    contributions : DataFrame
        d score(top) / d score(node) under the roll-up rule as of the date (top, node,
        contribution); the sum over paths of products of normalised weights.
    top_contributors : DataFrame
        The ``top_k`` key results with the largest contribution per top (top, node, contribution).
    findings : DataFrame
        code, subject, node, message.
    dependencies : DataFrame
        Team × team ``depends_on`` links (from_team, to_team, links, reciprocated).
    dependency_cycles : list of list of str
        Teams that depend on each other in a cycle (strong components).
    centrality : DataFrame
        Per team: dependents (in-degree), links_in, betweenness (normalised as NetworkX does).
    exposure : DataFrame
        Per top objective: at_risk_share (contribution-weighted share of its KR inputs that are
        at risk or off track), inputs, offenders.
    """

    def __init__(self, graph: Any, native: Any, max_paths: int, args: tuple = ()) -> None:
        tables = graph._alignment_tables(native)
        tables["as_of"] = native.as_of
        self._init(graph, native, max_paths, args, tables)

    def _init(self, graph: Any, native: Any, max_paths: int, args: tuple, tables: Dict[str, Any]) -> None:
        self._graph = graph
        self._native = native  # None after unpickling: rebuilt by paths() from `args`
        self._max_paths = max_paths
        self._args = args  # what Graph._alignment was called with
        self._t: Dict[str, Any] = tables
        self.as_of: str = tables["as_of"]
        self.top: List[str] = list(tables["top"])
        self.dependency_cycles: List[List[str]] = [list(c) for c in tables["dependency_cycles"]]

    def __reduce__(self):
        # The tables travel as they are (a later check-in does not change them); the native
        # report, which only paths() reads, is rebuilt from the graph: paths follow the graph's
        # structure, which does not change after loading.
        return (_restore, (self._graph, self._args, self._max_paths, self._t))

    def paths(self, id: str) -> List[List[str]]:
        """Up to ``max_paths`` paths from objective ``id`` to a top objective, shortest first."""
        if self._native is None:
            with self._graph._rw.read():
                self._native = self._graph._alignment(*self._args)
        return self._graph._paths(self._native, id, self._max_paths)

    @property
    def depth(self):
        import pandas as pd

        ids, values = self._t["depth"]
        return pd.Series(values, index=pd.Index(ids, name="id"), name="depth", dtype="int64")

    @property
    def orphans(self):
        nodes = self._graph.nodes()
        return nodes.loc[list(self._t["orphans"]), ["title", "team", "level", "cycle"]]

    @property
    def coverage(self):
        import pandas as pd

        return pd.DataFrame(self._t["coverage"], columns=["group_by", "group", "objectives", "aligned", "share"])

    @property
    def contributions(self):
        import pandas as pd

        top, node, value = self._t["contributions"]
        return pd.DataFrame({"top": top, "node": node, "contribution": value})

    @property
    def top_contributors(self):
        import pandas as pd

        return pd.DataFrame(self._t["top_contributors"], columns=["top", "node", "contribution"])

    @property
    def findings(self):
        import pandas as pd

        return pd.DataFrame(self._t["findings"], columns=["code", "subject", "node", "message"])

    @property
    def dependencies(self):
        import pandas as pd

        return pd.DataFrame(self._t["dependencies"], columns=["from_team", "to_team", "links", "reciprocated"])

    @property
    def centrality(self):
        import pandas as pd

        df = pd.DataFrame(self._t["centrality"], columns=["team", "dependents", "links_in", "betweenness"])
        return df.set_index("team")

    @property
    def exposure(self):
        import pandas as pd

        df = pd.DataFrame(self._t["exposure"], columns=["top", "at_risk_share", "inputs", "offenders"])
        return df.set_index("top")

    def __repr__(self) -> str:
        cov = self._t["coverage"][0][4] if self._t["coverage"] else float("nan")
        return (
            f"<okr.AlignmentReport as of {self.as_of}: {len(self.top)} top objectives, "
            f"{len(self._t['orphans'])} orphans, coverage {cov:.0%}, {len(self._t['findings'])} findings>"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("as of", html.escape(self.as_of)),
            ("top objectives", html.escape(", ".join(self.top)) or "none"),
            ("orphans", html.escape(", ".join(self._t["orphans"])) or "none"),
            ("dependency cycles", html.escape("; ".join(" → ".join(c) for c in self.dependency_cycles)) or "none"),
        ]
        cov = "".join(
            f"<tr><td>{html.escape(b)}</td><td>{html.escape(g) or '(none)'}</td><td>{a}/{n}</td><td>{s:.0%}</td></tr>"
            for b, g, n, a, s in self._t["coverage"]
        )
        findings = "".join(
            f"<tr><td>{html.escape(c)}</td><td>{html.escape(m)}</td></tr>" for c, _s, _n, m in self._t["findings"]
        )
        head = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v}</td></tr>" for k, v in rows)
        return (
            f"<div><table><caption style='text-align:left'><b>okr.AlignmentReport</b></caption>{head}</table>"
            f"<table><tr><th>by</th><th>group</th><th>aligned</th><th>share</th></tr>{cov}</table>"
            f"<table><tr><th>finding</th><th>message</th></tr>{findings}</table></div>"
        )


def _restore(graph: Any, args: tuple, max_paths: int, tables: Dict[str, Any]) -> "AlignmentReport":
    report = AlignmentReport.__new__(AlignmentReport)
    report._init(graph, None, max_paths, args, tables)
    return report
