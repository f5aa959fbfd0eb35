"""The Graph class: an organisation's goals, loaded from JSON, scored as of a date."""

from __future__ import annotations

import html
import os
from typing import Any, Optional, Union

import numpy as np

from . import _core
from ._checkins import _number, _text, checkin_columns
from ._dates import iso_date, optional_iso_date
from ._rwlock import _ReadWriteLock
from .errors import ParseError

if False:  # typing only
    from .alignment import AlignmentReport  # noqa: F401

__all__ = ["Graph", "load", "loads"]

#: Column order of :meth:`Graph.scores`.
SCORE_COLUMNS = [
    "kind", "type", "title", "owner", "team", "level", "objective", "cycle",
    "score", "expected", "forecast", "forecast_low", "forecast_high", "p_target",
    "status", "overachievement", "regressing", "value", "checkins",
]


def _limits(limits: Any) -> Optional[list]:
    from .limits import Limits

    if limits is None:
        return None
    if not isinstance(limits, Limits):
        raise TypeError(f"limits must be an okr.Limits, not {type(limits).__name__}")
    return limits._native()


class Graph(_core._Graph):
    """An organisation's goal graph: objectives, key results, links, cycles and check-ins.

    Build one with :func:`okr.load` / :func:`okr.loads`; ``Graph()`` is empty. Graphs pickle
    (as their JSON document), so they travel to worker processes.

    Thread-safety: calls from several Python threads are safe: reads run concurrently (and
    without the GIL in C++); a change (:meth:`check_in`, :meth:`check_in_many`, the CSV loads)
    waits for them and they for it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._rw = _ReadWriteLock()

    # ---- construction and interchange ----
    @classmethod
    def loads(cls, text: Union[str, bytes], limits: Optional["Limits"] = None) -> "Graph":
        """Parse a JSON document (format "okr", version 1). Raises :class:`okr.Error` subclasses;
        :class:`okr.LimitError` beyond ``limits`` (an :class:`okr.Limits`; default: its defaults)."""
        # bytes go to the parser as they are: it validates UTF-8 (invalid → ParseError).
        if not isinstance(text, (str, bytes)):
            raise TypeError(f"loads() expects str or bytes, got {type(text).__name__}")
        g = cls()
        g._replace(_core._Graph._loads(text, _limits(limits)))
        return g

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"], limits: Optional["Limits"] = None) -> "Graph":
        """Read a JSON document from ``path``.

        A file that cannot be opened raises the :class:`OSError` ``open()`` raises
        (:class:`FileNotFoundError`, :class:`PermissionError`, ...); its content, an
        :class:`okr.Error`.
        """
        path = os.fspath(path)
        with open(path, "rb"):  # the OS's reason for a missing or unreadable file
            pass
        g = cls()
        g._replace(_core._Graph._load(path, _limits(limits)))
        return g

    def dumps(self) -> str:
        """The graph as a JSON document; ``okr.loads(g.dumps())`` equals ``g``."""
        with self._rw.read():
            return self._dumps()

    def dump(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Write :meth:`dumps` to ``path`` (UTF-8)."""
        text = self.dumps()
        with open(os.fspath(path), "w", encoding="utf-8") as f:
            f.write(text)

    # ---- check-ins ----
    def check_in(
        self,
        key_result: str,
        date: Any,
        value: float,
        confidence: Optional[float] = None,
        note: Optional[str] = None,
        stage: Optional[str] = None,
    ) -> None:
        """Record a check-in of ``key_result`` on ``date``.

        Parameters
        ----------
        key_result : str
            Id of a key result (not an aggregating one).
        date : str, datetime.date or pandas.Timestamp
        value : float
            The measured value (a staged milestone: that stage's progress in [0, 1]).
        confidence : float, optional
            In [0, 1].
        note : str, optional
        stage : str, optional
            Staged milestones: the stage's id (or title).

        Raises
        ------
        okr.NotFoundError
            Unknown key result, or the id names an objective.
        okr.InvalidArgumentError
            Non-finite value, confidence outside [0, 1], bad date, ...
            On error the graph is unchanged.
        """
        w = "check_in"
        args = (
            _text(key_result, w, "key_result"),
            iso_date(date),
            _number(value, w, "value"),
            None if confidence is None else _number(confidence, w, "confidence"),
            None if note is None else _text(note, w, "note"),
            None if stage is None else _text(stage, w, "stage"),
        )
        with self._rw.write():
            self._check_in(*args)

    def check_in_many(self, data: Any) -> None:
        """Record many check-ins at once, all or nothing.

        Parameters
        ----------
        data : pandas.DataFrame or iterable of dicts
            Columns (keys) ``key_result``, ``date``, ``value`` and optionally ``confidence``,
            ``note``, ``stage``, with the meanings of :meth:`check_in`. Missing optional values
            (None/NaN) mean "not given".

        Raises
        ------
        okr.Error
            The first invalid check-in, named by its position (``check-ins[3]: ...``); the graph
            is then unchanged.
        """
        args = checkin_columns(data)
        if args is None:
            return
        with self._rw.write():
            self._check_in_batch(*args)

    def load_checkins_csv(self, source: Any, limits: Optional["Limits"] = None) -> None:
        """Append the check-ins of a CSV file, all or nothing (layout: docs/format.md#csv).

        ``source`` is a path or a readable file object. Columns ``key_result``, ``date``,
        ``value`` and optionally ``confidence``, ``note``, ``stage`` (common export spellings
        such as "Key Result ID", "Check-in date" or "Current value" are recognised). Errors name
        the line and column; on error the graph is unchanged.
        """
        text = _read_text(source)
        native = _limits(limits)
        with self._rw.write():
            self._load_checkins_csv(text, native)

    def load_scorecard_csv(self, source: Any, limits: Optional["Limits"] = None) -> None:
        """Add the KPIs of a weekly scorecard CSV (EOS), all or nothing (docs/format.md#csv).

        One KPI per row (optional ``id``, ``team``/``department``, ``owner``, ``kpi``/
        ``measurable`` title, optional ``goal`` such as ">= 5", "<= 3" or "3-5", ``unit``), then
        one column per week headed by its date ("2026-01-05", a date range, or "2026-W02"); empty
        cells are missing weeks. The KPIs then appear in :meth:`kpis`.
        """
        text = _read_text(source)
        native = _limits(limits)
        with self._rw.write():
            self._load_scorecard_csv(text, native)

    # ---- scoring ----
    def score(self, id: str, as_of: Any = None) -> float:
        """Score (0–1) of node ``id`` as of ``as_of`` (default: today).

        NaN for an objective with nothing to score (status ``no_data``).
        """
        as_of = optional_iso_date(as_of)
        with self._rw.read():
            return float(self._score(id, as_of)["score"])

    def node_score(self, id: str, as_of: Any = None) -> dict:
        """Every scoring result of one node as a dict (the columns of :meth:`scores`)."""
        as_of = optional_iso_date(as_of)
        with self._rw.read():
            return dict(self._score(id, as_of))

    def scores(self, as_of: Any = None):
        """Score every node as of ``as_of`` (default: today).

        Returns
        -------
        pandas.DataFrame
            Indexed by node id (name ``id``), in the document's node order, with columns
            kind, type, title, owner, team, level, objective, cycle, score, expected, forecast,
            forecast_low, forecast_high, p_target, status, overachievement, regressing, value,
            checkins. Numbers that do not apply are NaN.
        """
        import pandas as pd

        with self._rw.read():
            cols = self._scores(optional_iso_date(as_of))
        # The float columns arrive as one 2-D block, which pandas keeps as it is; the others are
        # inserted at their places (no consolidating copy of a million-row frame).
        floats = list(cols["float_names"])
        df = pd.DataFrame(cols["float_block"].T, index=self._node_column("id"), columns=floats, copy=False)
        status = pd.Categorical.from_codes(cols["status_code"].astype("int8"), categories=list(_core.STATUS_NAMES))
        for at, name in enumerate(SCORE_COLUMNS):
            if name in floats:
                continue
            if name == "status":
                col = status
            elif name in ("regressing", "checkins"):
                col = cols[name]
            else:
                col = self._node_column(name)
            df.insert(at, name, col)
        return df

    def score_vector(self, as_of: Any = None):
        """Only the score of every node as of ``as_of`` (default: today), without pace,
        forecast or status: several times faster than :meth:`scores` on a large organisation.

        Returns
        -------
        pandas.Series
            Named ``score``, indexed by node id (name ``id``) in the document's node order;
            equal to ``scores(as_of)["score"]`` (NaN for an objective with nothing to score).
        """
        import pandas as pd

        with self._rw.read():
            values = self._score_vector(optional_iso_date(as_of))
        return pd.Series(values, index=self._node_column("id"), name="score")

    # Text columns with few distinct values become pandas Categoricals (memory, speed); ids,
    # titles, objective ids and units stay plain str columns.
    _CATEGORICAL = frozenset(("kind", "type", "owner", "team", "level", "cycle", "flavor", "origin"))

    def _node_column(self, name: str):
        """One node attribute column, built in C++ on first use and cached: node attributes
        change only with the structure, which the Python API never changes after loading."""
        cache = getattr(self, "_node_cache", None)
        if cache is None:
            cache = {}
            self._node_cache = cache
        col = cache.get(name)
        if col is None:
            import pandas as pd

            if name in self._CATEGORICAL:
                codes, categories = self._node_codes(name)
                col = pd.Categorical.from_codes(codes, categories=categories)
            elif name == "id":
                col = pd.Index(self._node_text("id"), name="id", dtype=object, copy=False)
            elif name == "weight":
                col = self._node_weights()
            else:
                col = self._node_text(name)
            cache[name] = col
        return col

    # ---- alignment ----
    def alignment(
        self,
        as_of: Any = None,
        max_objectives: int = 3,
        min_key_results: int = 2,
        max_key_results: int = 4,
        min_bottom_up_share: float = 0.5,
        top_k: int = 10,
        max_paths: int = 5,
    ) -> "AlignmentReport":
        """Alignment analysis as of ``as_of`` (default: today): ladder-up, coverage, contribution,
        focus findings, team dependencies and at-risk exposure.

        Parameters
        ----------
        max_objectives : int
            Objectives per owner and per team per cycle before it is a finding.
        min_key_results, max_key_results : int
            Key results an objective should have.
        min_bottom_up_share : float
            Share of bottom-up objectives per team and overall below which it is a finding.
        top_k : int
            Contributors and offenders listed per top objective.
        max_paths : int
            Paths listed by :meth:`AlignmentReport.paths`.

        Returns
        -------
        okr.AlignmentReport

        Raises
        ------
        okr.InvalidArgumentError
            An option out of range (the message names it).
        """
        from .alignment import AlignmentReport
        from .errors import InvalidArgumentError

        if int(max_paths) < 0:
            raise InvalidArgumentError('alignment option "max_paths" must be >= 0')
        args = (
            optional_iso_date(as_of), int(max_objectives), int(min_key_results), int(max_key_results),
            float(min_bottom_up_share), int(top_k),
        )
        with self._rw.read():
            native = self._alignment(*args)
        return AlignmentReport(self, native, int(max_paths), args)

    def to_networkx(self):
        """The graph as a ``networkx.MultiDiGraph``.

        Nodes carry every attribute of :meth:`nodes` (KPIs: kind "kpi" and :meth:`kpi_info`);
        edges are ``contains`` (objective → its key results), ``contributes`` (child → parent,
        with ``weight``), ``depends_on`` and ``measured_by`` (key result → KPI); each edge has
        attributes ``type`` and ``weight``.
        """
        import networkx as nx

        G = nx.MultiDiGraph()
        nodes = self.nodes()
        for id_, row in zip(nodes.index, nodes.to_dict("records")):
            G.add_node(id_, **row)
        for id_, row in zip(nodes.index, nodes.to_dict("records")):
            if row["kind"] == "key_result":
                G.add_edge(row["objective"], id_, type="contains", weight=row["weight"])
        for id_, row in self.kpi_info().iterrows():
            G.add_node(id_, kind="kpi", **{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()})
        for f, t, kind, w in self._links():
            G.add_edge(f, t, type=kind, weight=w)
        with self._rw.read():
            measured_by = self._measured_by()
        for kr, kpi in measured_by:
            G.add_edge(kr, kpi, type="measured_by", weight=1.0)
        return G

    # ---- KPIs ----
    def kpis(self, freq: str = "W"):
        """Every KPI series bucketed to one calendar.

        Parameters
        ----------
        freq : {"D", "W", "MS", "QS"}
            Days, ISO weeks (Monday first), months or quarters. Observations in a period combine
            by the KPI's ``aggregation`` (sum, mean, last); a period without any is NaN, never 0.

        Returns
        -------
        pandas.DataFrame
            Indexed by period start (DatetimeIndex named "period", with its frequency), one column
            per KPI id in document order.
        """
        import numpy as np
        import pandas as pd

        with self._rw.read():
            days, ids, values = self._kpi_matrix(freq)
        index = pd.DatetimeIndex(np.asarray(days, dtype="int64").astype("datetime64[D]"), name="period")
        if len(index) >= 3:
            index.freq = pd.infer_freq(index)
        return pd.DataFrame(np.asarray(values).reshape(len(days), len(ids)), index=index, columns=list(ids))

    def leading_indicators(self, outcome: str, drivers=None, freq: str = "W", **options):
        """Which of this graph's KPIs lead KPI ``outcome`` (see :func:`okr.leading_indicators`).

        The KPIs are bucketed to ``freq`` first; ``drivers`` lists KPI ids (default: every other
        KPI). Unknown ids raise :class:`okr.NotFoundError`. Options are those of
        :func:`okr.leading_indicators` (lags, method, transform, adjust, alpha, level,
        min_periods).
        """
        from .correlation import leading_indicators
        from .errors import InvalidArgumentError, NotFoundError

        wide = self.kpis(freq=freq)
        if outcome not in wide.columns:
            raise NotFoundError(f'outcome: no KPI with id "{outcome}"')
        if not drivers:  # None or empty: every other KPI (as the C ABI)
            drivers = [c for c in wide.columns if c != outcome]
        for d in drivers:
            if d not in wide.columns:
                raise NotFoundError(f'drivers: no KPI with id "{d}"')
            if d == outcome:
                raise InvalidArgumentError(f'drivers: "{d}" is the outcome')
        return leading_indicators(wide[list(drivers) + [outcome]], outcome=outcome, **options)

    def scorecard(self, as_of: Any = None, periods: int = 13, freq: Optional[str] = None, team: Optional[str] = None,
                  owner: Optional[str] = None):
        """The EOS scorecard as of a date: the KPIs with their goals over the trailing periods.

        Parameters
        ----------
        as_of : date-like, optional
            The last period shown is the one holding this date (default: today).
        periods : int
            How many periods (default 13, EOS's trailing quarter of weeks).
        freq : {"W", "MS", "QS"}, optional
            Weeks, months or quarters; by default the frequency the selected KPIs share (an
            ``InvalidArgumentError`` if they differ).
        team, owner : str, optional
            Only the KPIs of this team and/or owner.

        Returns
        -------
        okr.Scorecard
            ``values``, ``on_goal`` and ``summary`` DataFrames; ``to_csv``; a coloured table in
            notebooks; ``okr.plot.scorecard`` draws it.
        """
        from .scorecard import Scorecard

        with self._rw.read():
            native = self._scorecard(optional_iso_date(as_of, "as_of"), int(periods), freq, team or "", owner or "")
        return Scorecard._from_native(native)

    # ---- the OKR coach (docs/coach.md) ----
    def lint(self, rules: Any = None, severity: str = "info"):
        """Coaching findings on the key results and objectives: a DataFrame with columns
        ``code, severity, id, field, message, question, suggestion``. See :func:`okr.lint`."""
        from .lint import _frame, _rules_json

        text = _rules_json(rules)
        with self._rw.read():
            rows = self._lint(text)
        return _frame(rows, severity)

    # ---- EOS Rocks (docs/rocks.md) ----
    def report_rock(self, rock: str, date: Any, status: str, note: Optional[str] = None) -> None:
        """Record the owner's weekly report on Rock ``rock``: ``status`` "on_track" or "off_track".

        Raises ``okr.NotFoundError`` for an unknown id, ``okr.InvalidArgumentError`` when the node
        is not a Rock or the status is not one of the two; the graph is then unchanged.
        """
        from .rocks import _REPORTS, check_choice, optional_text

        args = (_text(rock, "report_rock", "rock"), iso_date(date), check_choice(status, _REPORTS, "status"),
                optional_text(note, "note"))
        with self._rw.write():
            self._report_rock(*args)

    def set_rock_state(self, rock: str, state: str) -> None:
        """Close (or reopen) Rock ``rock``: ``state`` "open", "done", "not_done" or "canceled"."""
        from .rocks import _STATES, check_choice

        args = (_text(rock, "set_rock_state", "rock"), check_choice(state, _STATES, "state"))
        with self._rw.write():
            self._set_rock_state(*args)

    def set_carried_from(self, rock: str, from_rock: Optional[str]) -> None:
        """Record that Rock ``rock`` continues ``from_rock``, a Rock of an earlier cycle (None: none).

        The lineage may span any number of cycles; one that loops is an ``okr.CycleError``.
        """
        args = (_text(rock, "set_carried_from", "rock"),
                "" if from_rock is None else _text(from_rock, "set_carried_from", "from_rock"))
        with self._rw.write():
            self._set_carried_from(*args)

    def _rock_tables(self, as_of: Any, by: str = "owner", cycle: Optional[str] = None):
        from .rocks import _GROUPS, check_choice, optional_text

        by = check_choice(by, _GROUPS, "by")
        cycle = optional_text(cycle, "cycle") or ""
        with self._rw.read():
            return self._rocks(optional_iso_date(as_of, "as_of"), by, cycle)

    def rocks(self, as_of: Any = None):
        """Every Rock's status as of a date (default: today), indexed by the Rock's id.

        Columns: ``title, owner, team, cycle, state, status, reported_status, score,
        milestones_done, milestones_total, overdue_milestones, carried_from, times_carried``, then
        ``reported_on`` (the date of that report) and ``forecast`` (the score's forecast at the
        cycle end). ``status`` is computed: the state once closed; ``planned`` before the
        cycle starts; ``off_track`` when a milestone is overdue or the forecast falls short;
        else ``on_track``. ``reported_status`` is the owner's latest report (None: none yet).
        """
        from .rocks import rocks_frame

        return rocks_frame(self._rock_tables(as_of)[0])

    def rock_milestones(self, as_of: Any = None):
        """Every Rock's milestones as of a date: ``rock, key_result, stage, title, due, progress,
        done, overdue`` (a stage of a staged milestone key result, or a milestone key result)."""
        from .rocks import milestones_frame

        return milestones_frame(self._rock_tables(as_of)[1])

    def rock_findings(self, as_of: Any = None):
        """Findings about Rocks as of a date: ``code`` (rock_status_disputed, due_outside_cycle,
        too_many_rocks), ``subject``, ``milestone``, ``message``."""
        from .rocks import findings_frame

        return findings_frame(self._rock_tables(as_of)[2])

    def rock_completion(self, cycle: Optional[str] = None, by: str = "owner", as_of: Any = None):
        """Rock completion per cycle and owner / team / company.

        Indexed by (cycle, owner) or (cycle, team), or by cycle for ``by="company"``; columns
        ``rocks, done, not_done, open, canceled, completion_rate``. An open Rock whose cycle has
        ended by ``as_of`` counts as not done; ``completion_rate`` = done / (rocks − canceled), the
        share completed so far (EOS aims at 80 %+).
        """
        from .rocks import completion_frame

        return completion_frame(self._rock_tables(as_of, by, cycle)[3], by)

    def kpi_info(self):
        """KPI attributes as a DataFrame indexed by id (title, owner, team, unit, comparison, goal,
        goal_low, goal_high, aggregation, observations, frequency, dated_goals). ``comparison`` and
        ``goal`` are the goal from the beginning; ``dated_goals`` counts the later ones
        (:meth:`scorecard` shows the goal in force)."""
        import pandas as pd

        cols = ["id", "title", "owner", "team", "unit", "comparison", "goal", "goal_low", "goal_high", "aggregation",
                "observations", "frequency", "dated_goals"]
        with self._rw.read():
            rows = self._kpi_info()
        return pd.DataFrame(rows, columns=cols).set_index("id")

    def measured_by(self):
        """``measured_by`` links as a DataFrame (key_result, kpi)."""
        import pandas as pd

        with self._rw.read():
            rows = self._measured_by()
        return pd.DataFrame(rows, columns=["key_result", "kpi"])

    @property
    def checkin_count(self) -> int:
        """How many check-ins the graph holds (all dates)."""
        with self._rw.read():
            return _core._Graph.checkin_count.__get__(self)

    # ---- structure ----
    def nodes(self):
        """Node attributes as a DataFrame indexed by id (kind, type, title, owner, team, level,
        objective, cycle, unit, flavor, origin, weight)."""
        import pandas as pd

        names = ("kind", "type", "title", "owner", "team", "level", "objective", "cycle", "unit", "flavor", "origin", "weight")
        return pd.DataFrame({k: self._node_column(k) for k in names}, index=self._node_column("id"))

    def links(self):
        """Links as a DataFrame with columns from, to, type, weight (document order)."""
        import pandas as pd

        return pd.DataFrame(self._links(), columns=["from", "to", "type", "weight"])

    def cycles(self):
        """Cycles as a DataFrame with columns id, start, end."""
        import pandas as pd

        df = pd.DataFrame(self._cycles(), columns=["id", "start", "end"])
        for c in ("start", "end"):
            df[c] = pd.to_datetime(df[c])
        return df

    # ---- Python niceties ----
    def __reduce__(self):
        return (loads, (self.dumps(),))

    def __copy__(self) -> "Graph":
        return loads(self.dumps())

    def __deepcopy__(self, memo: dict) -> "Graph":
        return loads(self.dumps())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Graph) and self.dumps() == other.dumps()

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        n_links = len(self._links())
        return (
            f"<okr.Graph: {self.objective_count} objectives, {self.key_result_count} key results, "
            f"{n_links} links, {self.checkin_count} check-ins>"
        )

    def _repr_html_(self) -> str:
        rows = [
            ("objectives", self.objective_count),
            ("key results", self.key_result_count),
            ("links", len(self._links())),
            ("check-ins", self.checkin_count),
        ]
        cycles = ", ".join(f"{html.escape(c)} ({s} – {e})" for c, s, e in self._cycles()) or "none"
        body = "".join(f"<tr><th style='text-align:left'>{k}</th><td>{v:,}</td></tr>" for k, v in rows)
        return (
            "<table><caption style='text-align:left'><b>okr.Graph</b></caption>"
            f"{body}<tr><th style='text-align:left'>cycles</th><td>{cycles}</td></tr></table>"
        )


def loads(text: Union[str, bytes], limits: Optional["Limits"] = None) -> Graph:
    """Parse a JSON document (format "okr", version 1) into a :class:`Graph` (``limits``: an
    :class:`okr.Limits`; beyond one, :class:`okr.LimitError`)."""
    return Graph.loads(text, limits=limits)


def load(path: Union[str, "os.PathLike[str]"], limits: Optional["Limits"] = None) -> Graph:
    """Read a JSON document from ``path`` into a :class:`Graph` (``limits`` as for :func:`loads`)."""
    return Graph.load(path, limits=limits)


def _read_text(source: Any) -> str:
    """The text of a path or of a readable file object (bytes are read as UTF-8)."""
    if hasattr(source, "read"):
        data = source.read()
    else:
        with open(os.fspath(source), "rb") as f:
            data = f.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise ParseError(f"CSV text is not valid UTF-8 ({e})") from None
    return data
