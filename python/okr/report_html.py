"""The organisation report as one self-contained HTML page (``python -m okr report --format html``):
inline CSS and SVG, nothing fetched, readable without JavaScript, light and dark, printable on A4.

The page renders the document of :func:`okr.report_data.report_data` through the Jinja2 template
``templates/report.html.j2``; charts come from :mod:`okr._svg`.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from markupsafe import Markup

__all__ = ["render"]

SECTIONS = [("summary", "Summary"), ("rollup", "Roll-up"), ("attention", "Needs attention"), ("alignment", "Alignment"),
            ("scorecard", "Scorecard"), ("rocks", "Rocks"), ("coach", "Coach"), ("kpi", "KPI → outcome")]
#: Rows shown in the long lists of the page (needs attention, coach); the JSON has them all.
LIST_LIMIT = 100
STATUS_ORDER = ["done", "on_track", "at_risk", "off_track", "not_started", "no_data"]
_MARK = {"done": "✔ done", "on_track": "● on track", "at_risk": "◐ at risk", "off_track": "○ off track",
         "not_started": "· not started", "no_data": "no data", "planned": "◌ planned"}
_ROCK_MARK = {"on_track": "● on track", "off_track": "○ off track", "done": "✔ done", "not_done": "✘ not done",
              "canceled": "– canceled", "planned": "◌ planned"}


def _pct(x: Optional[float]) -> str:
    return "—" if x is None else f"{x * 100:.0f}%"


def _num(x: Optional[float]) -> str:
    if x is None:
        return ""
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.4g}M"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.4g}"


def _num2(x: Optional[float]) -> str:
    return "—" if x is None else f"{x:.2f}"


def _environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("okr", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "j2"]), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    return env


def render(doc: Dict[str, Any], title: Optional[str] = None) -> str:
    """The HTML page of a report document."""
    from . import __version__, _svg

    env = _environment()
    page = env.get_template("report.html.j2")
    return page.render(
        d=doc, version=__version__, sections=SECTIONS, status_order=STATUS_ORDER, list_limit=LIST_LIMIT,
        title=title or ("okr organisation report" + (f" — {doc['source']}" if doc.get("source") else "")),
        pct=_pct, num=_num, num2=_num2, mark=lambda s: _MARK.get(s, s), rock_mark=lambda s: _ROCK_MARK.get(s, s),
        bar=lambda score, low=None, high=None, status="", label=None: Markup(_svg.score_bar(score, low, high, status,
                                                                                           label=label)),
        lag=lambda p: Markup(_svg.lag_plot(p["lags"], p["r"], p["ci_low"], p["ci_high"],
                                           f"Correlation of {p['driver']} with {p['outcome']} by lag, with its 95% interval")),
    )
