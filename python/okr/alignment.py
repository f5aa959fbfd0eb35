"""Alignment analysis results as pandas DataFrames (``Graph.alignment()``)."""

from __future__ import annotations

import html
from typing import Any, Dict, List

__all__ = ["AlignmentReport"]


class AlignmentReport:
    """What :meth:`okr.Graph.alignment` computes, as DataFrames.

    Made by :meth:`okr.Graph.alignment`, not by calling the class. The tables are computed once,
    as of the report's date; a later check-in does not change them. Reports pickle (the graph
    travels with them).

    Parameters
    ----------
    graph : okr.Graph
        The graph analysed.
    native : object
        The native analysis result (private).
    max_paths : int
        How many paths :meth:`paths` lists.
    args : tuple, optional
        The arguments the native analysis was made with (to make it again after unpickling).

    Attributes
    ----------
    as_of : str
        The date of the analysis, "YYYY-MM-DD".
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

    Examples
    --------
    >>> import okr
    >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
    >>> rep
    <okr.AlignmentReport as of 2026-09-07: 3 top objectives, 2 orphans, coverage 91%, 17 findings>
    >>> rep.as_of, rep.top
    ('2026-09-07', ['o-company-cx', 'o-company-people', 'o-company-growth'])
    >>> rep.dependency_cycles
    [['Finance', 'Professional Services', 'Sales']]
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
        """Up to ``max_paths`` paths from objective ``id`` to a top objective, shortest first.

        Parameters
        ----------
        id : str
            Id of an objective.

        Returns
        -------
        list of list of str
            Each path as ids, from ``id`` to a top objective along ``contributes`` links; ``[[id]]``
            for a top objective, ``[]`` for an orphan.

        Raises
        ------
        okr.NotFoundError
            No objective or key result has this id.
        okr.InvalidArgumentError
            ``id`` names a key result.
        TypeError
            ``id`` is not a str.

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> rep.paths("o-ms-t1")
        [['o-ms-t1', 'o-ms-resolve', 'o-company-cx']]
        >>> rep.paths("o-ms-tooling")
        []
        """
        if self._native is None:
            with self._graph._rw.read():
                self._native = self._graph._alignment(*self._args)
        return self._graph._paths(self._native, id, self._max_paths)

    @property
    def depth(self):
        """Per objective, the fewest ``contributes`` hops to a top objective (0 for tops, -1 if none).

        An int64 Series named ``depth``, indexed by objective id (name ``id``).

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> rep.depth[["o-company-cx", "o-ms-t1", "o-ms-tooling"]].tolist()
        [0, 2, -1]
        """
        import pandas as pd

        ids, values = self._t["depth"]
        return pd.Series(values, index=pd.Index(ids, name="id"), name="depth", dtype="int64")

    @property
    def orphans(self):
        """Non-top objectives that reach no top objective.

        A DataFrame indexed by id with columns title, team, level, cycle.

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> rep.orphans.index.tolist()
        ['o-ms-tooling', 'o-ms-pilot']
        """
        nodes = self._graph.nodes()
        return nodes.loc[list(self._t["orphans"]), ["title", "team", "level", "cycle"]]

    @property
    def coverage(self):
        """Share of objectives that ladder up to a top objective, overall, per level and per team.

        A DataFrame with columns group_by ("all", "level" or "team"), group, objectives, aligned
        and share (aligned / objectives; tops count as aligned).

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> overall = rep.coverage.iloc[0]
        >>> overall["group_by"], overall["objectives"], overall["aligned"], round(overall["share"], 3)
        ('all', 22, 20, 0.909)
        """
        import pandas as pd

        return pd.DataFrame(self._t["coverage"], columns=["group_by", "group", "objectives", "aligned", "share"])

    @property
    def contributions(self):
        """How much each node's score moves each top objective's score as of the date.

        A DataFrame with columns top, node, contribution: d score(top) / d score(node) under the
        roll-up rule, the sum over paths of products of normalised weights (a top contributes 1 to
        itself).

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> c = rep.contributions
        >>> round(c[(c["top"] == "o-company-cx") & (c["node"] == "o-ms-resolve")]["contribution"].item(), 3)
        0.364
        """
        import pandas as pd

        top, node, value = self._t["contributions"]
        return pd.DataFrame({"top": top, "node": node, "contribution": value})

    @property
    def top_contributors(self):
        """The ``top_k`` key results with the largest contribution to each top objective.

        A DataFrame with columns top, node, contribution, largest first within each top.

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> rep.top_contributors.iloc[0].tolist()[:2]
        ['o-company-cx', 'kr-ms-fcr']
        """
        import pandas as pd

        return pd.DataFrame(self._t["top_contributors"], columns=["top", "node", "contribution"])

    @property
    def findings(self):
        """Alignment and focus findings (docs/alignment.md).

        A DataFrame with columns code (orphan, cross_cycle_link, too_many_objectives, ...),
        subject, node and message.

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> rep.findings["code"].iloc[0], rep.findings["subject"].iloc[0]
        ('orphan', 'o-ms-tooling')
        """
        import pandas as pd

        return pd.DataFrame(self._t["findings"], columns=["code", "subject", "node", "message"])

    @property
    def dependencies(self):
        """Team × team ``depends_on`` links.

        A DataFrame with columns from_team, to_team, links (how many) and reciprocated (whether the
        other team also depends on this one).

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> list(rep.dependencies.columns), len(rep.dependencies)
        (['from_team', 'to_team', 'links', 'reciprocated'], 8)
        """
        import pandas as pd

        return pd.DataFrame(self._t["dependencies"], columns=["from_team", "to_team", "links", "reciprocated"])

    @property
    def centrality(self):
        """Per team: how much others depend on it.

        A DataFrame indexed by team with columns dependents (teams that depend on it), links_in
        (``depends_on`` links into it) and betweenness (normalised as NetworkX does).

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> rep.centrality.loc["Finance", ["dependents", "links_in"]].tolist()
        [1.0, 1.0]
        """
        import pandas as pd

        df = pd.DataFrame(self._t["centrality"], columns=["team", "dependents", "links_in", "betweenness"])
        return df.set_index("team")

    @property
    def exposure(self):
        """Per top objective, how exposed it is to key results at risk or off track.

        A DataFrame indexed by top objective with columns at_risk_share (contribution-weighted share
        of its key-result inputs that are at risk or off track), inputs and offenders (the key results
        at risk or off track, most exposing first, at most ``top_k``).

        Examples
        --------
        >>> import okr
        >>> rep = okr.load(okr.example_path()).alignment(as_of="2026-09-07")
        >>> round(rep.exposure.loc["o-company-people", "at_risk_share"], 3)
        0.574
        """
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
