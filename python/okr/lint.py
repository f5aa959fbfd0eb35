"""The OKR coach: lint key results and objectives with coded, documented rules (docs/coach.md).

The rules, their severities, coaching questions and word lists are a JSON rule table; the bundled
English one is :func:`default_rules`. Pass ``rules=`` to change it: a dict or JSON text in the same
format, or the path of such a file. A table extends the bundled one unless it says
``"extends": "none"``.

Examples
--------
>>> import okr
>>> findings = okr.lint(okr.load(okr.example_path()))
>>> findings["code"].value_counts().to_dict()
{'low_bottom_up_share': 4, 'objective_no_why_now': 1}
"""

from __future__ import annotations

import json
import os
from typing import Any, Optional, Union

from . import _core

__all__ = ["lint", "default_rules", "FINDING_COLUMNS", "SEVERITIES"]

#: Columns of the findings DataFrame.
FINDING_COLUMNS = ["code", "severity", "id", "field", "message", "question", "suggestion"]
#: Severities, most severe first.
SEVERITIES = ("error", "warning", "info")


def default_rules() -> dict:
    """The bundled English rule table, as a dict (a copy: change it and pass it as ``rules=``).

    Returns
    -------
    dict
        The table in format "okr-lint-rules": keys ``format``, ``version``, ``language`` and
        ``rules`` (one entry per rule code with its severity, coaching question and word lists;
        docs/coach.md).

    Raises
    ------
    MemoryError
        The dict cannot be allocated; there is no other error.

    See Also
    --------
    lint : Lint with this table or a changed one.

    Examples
    --------
    >>> import okr
    >>> rules = okr.default_lint_rules()
    >>> rules["format"], "kr_task_like" in rules["rules"]
    ('okr-lint-rules', True)
    >>> g = okr.load(okr.example_path())
    >>> len(okr.lint(g, rules=rules))
    5
    >>> rules["rules"]["low_bottom_up_share"]["enabled"] = False
    >>> okr.lint(g, rules=rules)["code"].tolist()
    ['objective_no_why_now']
    """
    return json.loads(_core._lint_default_rules())


def _rules_json(rules: Any) -> Optional[str]:
    if rules is None:
        return None
    if isinstance(rules, dict):
        return json.dumps(rules)
    if isinstance(rules, os.PathLike) or (isinstance(rules, str) and not rules.lstrip().startswith("{")):
        with open(os.fspath(rules), encoding="utf-8") as f:
            return f.read()
    if isinstance(rules, str):
        return rules
    raise TypeError(f"rules must be None, a dict, JSON text or a path, not {type(rules).__name__}")


def _frame(rows: list, severity: str):
    import pandas as pd

    if severity not in SEVERITIES:
        from .errors import InvalidArgumentError

        raise InvalidArgumentError(f"severity: {severity!r} is not one of {', '.join(SEVERITIES)}")
    df = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    keep = SEVERITIES[: SEVERITIES.index(severity) + 1]
    df = df[df["severity"].isin(keep)].reset_index(drop=True)
    df["severity"] = pd.Categorical(df["severity"], categories=list(SEVERITIES), ordered=True)
    return df


def lint(graph: Union["Graph", str, "os.PathLike[str]"], rules: Any = None, severity: str = "info"):  # noqa: F821
    """Lint a graph (or the okr JSON document at a path).

    Parameters
    ----------
    graph : okr.Graph or path
        A graph, or the path of a document to load first.
    rules : dict, str or path, optional
        A rule table (format "okr-lint-rules"); default: the bundled English table.
    severity : {"error", "warning", "info"}
        Keep findings at least this severe (default: all).

    Returns
    -------
    pandas.DataFrame
        One row per finding: ``code, severity, id, field, message, question, suggestion``
        (``severity`` an ordered categorical, error < warning < info).

    Raises
    ------
    okr.InvalidArgumentError
        An unknown rule code, severity or field in the table, or a malformed word list.
    okr.ParseError
        Rules that are not JSON.
    TypeError
        ``rules`` is not None, a dict, a str or a path.
    OSError
        A document or rules file that cannot be opened.
    okr.Error
        A document at a path that does not load (as :func:`okr.load`).

    See Also
    --------
    okr.Graph.lint : The same as a method.
    default_rules : The bundled table.

    Examples
    --------
    >>> import okr
    >>> g = okr.loads('{"format": "okr", "version": 1, "objectives": [{"id": "o", '
    ...               '"title": "Customers trust us", "owner": "Ann", "why_now": "Renewals are due."}], '
    ...               '"key_results": [{"id": "k", "objective": "o", '
    ...               '"title": "Develop training for sales team", "type": "milestone"}]}')
    >>> findings = okr.lint(g, severity="warning")
    >>> sorted(findings["code"])
    ['kr_not_measurable', 'kr_task_like']
    >>> findings.loc[0, "id"]
    'k'
    """
    from ._graph import Graph, load

    g = graph if isinstance(graph, Graph) else load(graph)
    return g.lint(rules=rules, severity=severity)
