"""The Graph class: an organisation's goals, loaded from JSON, scored as of a date."""

from __future__ import annotations

import html
import os
from typing import Any, Optional, Union

import numpy as np

from . import _core
from ._checkins import _number, _text, checkin_columns
from ._dates import datetime_column, datetime_index, iso_date, optional_iso_date
from ._prefetch import pandas_during
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


def _status_dtype():
    """The status column's dtype (the categories in okr's order), made once."""
    global _STATUS_DTYPE
    if _STATUS_DTYPE is None:
        import pandas as pd

        _STATUS_DTYPE = pd.CategoricalDtype(list(_core.STATUS_NAMES))
    return _STATUS_DTYPE


_STATUS_DTYPE = None


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
    (as their JSON document), so they travel to worker processes. Two graphs are equal when their
    JSON documents are; a graph can change (check-ins, Rock updates), so it is not hashable.
    ``len(g)`` is the number of nodes (objectives and key results) and ``id in g`` tells whether
    ``id`` names one.

    Thread-safety: calls from several Python threads are safe: reads run concurrently (and
    without the GIL in C++); a change (:meth:`check_in`, :meth:`check_in_many`, the CSV loads,
    :meth:`report_rock`, :meth:`set_rock_state`, :meth:`set_carried_from`) waits for them and
    they for it.

    See Also
    --------
    okr.load : Read a graph from a JSON file.
    okr.loads : Parse a graph from JSON text.

    Examples
    --------
    >>> import okr
    >>> g = okr.load(okr.example_path())
    >>> g
    <okr.Graph: 22 objectives, 43 key results, 30 links, 306 check-ins>
    >>> len(g), "kr-fin-ar" in g
    (65, True)
    >>> import pickle
    >>> pickle.loads(pickle.dumps(g)) == g
    True
    >>> len(okr.Graph())
    0
    """

    def __init__(self) -> None:
        super().__init__()
        self._rw = _ReadWriteLock()

    # ---- construction and interchange ----
    @classmethod
    def loads(cls, text: Union[str, bytes], limits: Optional["Limits"] = None) -> "Graph":
        """Parse a JSON document (format "okr", version 1).

        The document is loaded completely or not at all: the first problem found raises an error
        naming the element and the field (docs/format.md, "Errors").

        Parameters
        ----------
        text : str or bytes
            The JSON document. Bytes go to the parser as they are; it checks that they are UTF-8.
        limits : okr.Limits, optional
            Load limits for untrusted input; default: the defaults of :class:`okr.Limits`.

        Returns
        -------
        okr.Graph
            A new graph (an instance of the class this is called on).

        Raises
        ------
        TypeError
            ``text`` is neither str nor bytes, or ``limits`` is not an :class:`okr.Limits`.
        okr.ParseError
            The text is not JSON or not UTF-8, is truncated, or a field has the wrong JSON type.
        okr.VersionError
            ``format`` is not "okr" or ``version`` is not 1.
        okr.InvalidArgumentError
            A value is out of range, malformed or inconsistent (a date that is not one, a missing
            required field, a weight of 0, ...).
        okr.NotFoundError
            A reference names an id that does not exist (a key result's objective, a link's end, a
            check-in's key result, ...).
        okr.DuplicateError
            An id or a link is given twice.
        okr.CycleError
            ``contributes`` links form a cycle, or a Rock lineage (``carried_from``) loops.
        okr.LimitError
            The document is beyond one of ``limits``.

        See Also
        --------
        okr.loads : The same, as a function.
        Graph.dumps : The inverse.

        Examples
        --------
        >>> import okr
        >>> g = okr.Graph.loads('{"format": "okr", "version": 1, "objectives": '
        ...                     '[{"id": "o-1", "title": "Customers trust us"}]}')
        >>> g.objective_count, g.key_result_count
        (1, 0)
        >>> okr.Graph.loads('{"format": "okr", "version": 2}')
        Traceback (most recent call last):
        ...
        okr.errors.VersionError: document: field "version": unsupported version 2 (this library reads version 1)
        """
        # bytes go to the parser as they are: it validates UTF-8 (invalid → ParseError).
        if not isinstance(text, (str, bytes)):
            raise TypeError(f"loads() expects str or bytes, got {type(text).__name__}")
        native = _limits(limits)
        g = cls()
        with pandas_during(len(text)):
            g._replace(_core._Graph._loads(text, native))
        return g

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"], limits: Optional["Limits"] = None) -> "Graph":
        """Read a JSON document from ``path``.

        A file that cannot be opened raises the :class:`OSError` ``open()`` raises
        (:class:`FileNotFoundError`, :class:`PermissionError`, ...); its content, an
        :class:`okr.Error`.

        Parameters
        ----------
        path : str or os.PathLike
            The file, UTF-8 JSON (format "okr", version 1).
        limits : okr.Limits, optional
            Load limits for untrusted input; default: the defaults of :class:`okr.Limits`.

        Returns
        -------
        okr.Graph
            A new graph (an instance of the class this is called on).

        Raises
        ------
        OSError
            The file cannot be opened (:class:`FileNotFoundError`, :class:`PermissionError`,
            :class:`IsADirectoryError`, ...).
        TypeError
            ``path`` is not a path, or ``limits`` is not an :class:`okr.Limits`.
        okr.Error
            The content is not a valid document: :class:`okr.ParseError`, :class:`okr.VersionError`,
            :class:`okr.InvalidArgumentError`, :class:`okr.NotFoundError`, :class:`okr.DuplicateError`,
            :class:`okr.CycleError` or :class:`okr.LimitError`, as for :meth:`loads`.

        See Also
        --------
        okr.load : The same, as a function.
        Graph.dump : The inverse.

        Examples
        --------
        >>> import okr
        >>> g = okr.Graph.load(okr.example_path())
        >>> g.objective_count, g.key_result_count, g.checkin_count
        (22, 43, 306)
        """
        path = os.fspath(path)
        with open(path, "rb"):  # the OS's reason for a missing or unreadable file
            pass
        native = _limits(limits)
        g = cls()
        with pandas_during(os.path.getsize(path)):
            g._replace(_core._Graph._load(path, native))
        return g

    def dumps(self) -> str:
        """The graph as a JSON document; ``okr.loads(g.dumps())`` equals ``g``.

        Returns
        -------
        str
            Compact JSON (format "okr", version 1) holding everything the graph holds: cycles,
            objectives, key results, links, check-ins, KPIs, Rock reports, scoring settings and the
            unknown fields of the document it was loaded from.

        Raises
        ------
        MemoryError
            The text cannot be allocated. A graph okr holds can always be written, so there is no
            other error.

        See Also
        --------
        Graph.dump : Write it to a file.
        okr.loads : Read it back.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> text = g.dumps()
        >>> text[:28]
        '{"format":"okr","version":1,'
        >>> okr.loads(text) == g
        True
        """
        with self._rw.read():
            return self._dumps()

    def dump(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Write :meth:`dumps` to ``path`` (UTF-8).

        An existing file is replaced.

        Parameters
        ----------
        path : str or os.PathLike
            The file to write.

        Raises
        ------
        OSError
            The file cannot be opened for writing (:class:`FileNotFoundError` for a missing
            directory, :class:`PermissionError`, ...).
        TypeError
            ``path`` is not a path.

        See Also
        --------
        Graph.load : Read it back.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> g.dump("org.json")
        >>> okr.load("org.json") == g
        True
        """
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

        A later date supersedes an earlier one; check-ins on the same date keep their order, the last
        one counting.

        Parameters
        ----------
        key_result : str
            Id of a key result (not an aggregating one).
        date : str, datetime.date or pandas.Timestamp
            The day measured: an ISO date ("2026-09-08"), a timestamp (its date as written), a
            :class:`datetime.date`, a pandas Timestamp or a ``numpy.datetime64``.
        value : float
            The measured value (a staged milestone: that stage's progress in [0, 1]).
        confidence : float, optional
            The owner's confidence of reaching the target, in [0, 1].
        note : str, optional
            Free text kept with the check-in.
        stage : str, optional
            Staged milestones: the stage's id (or title).

        Raises
        ------
        okr.NotFoundError
            Unknown key result, or the id names an objective; an unknown ``stage``.
        okr.InvalidArgumentError
            Non-finite value, confidence outside [0, 1], bad date, a check-in on an aggregating key
            result, a missing or misplaced ``stage``, ...
            On error the graph is unchanged.
        okr.ParseError
            A text argument that UTF-8 cannot carry (a lone surrogate).

        See Also
        --------
        Graph.check_in_many : Many check-ins, all or nothing.
        Graph.load_checkins_csv : Check-ins from a CSV export.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> g.score("kr-fin-ar", as_of="2026-09-08")
        0.5625
        >>> g.check_in("kr-fin-ar", "2026-09-08", 17_500_000, confidence=0.8, note="two large invoices paid")
        >>> round(g.score("kr-fin-ar", as_of="2026-09-08"), 3)
        0.599
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
            (None/NaN) mean "not given". No rows: nothing happens.

        Raises
        ------
        okr.Error
            The first invalid check-in, named by its position (``check-ins[3]: ...``); the graph
            is then unchanged. :class:`okr.NotFoundError` for an unknown key result or stage,
            :class:`okr.InvalidArgumentError` for a missing column or field, a value that is not a
            number and the other errors of :meth:`check_in`, :class:`okr.ParseError` for text
            that UTF-8 cannot carry.
        TypeError
            ``data`` is neither a DataFrame nor an iterable.

        See Also
        --------
        Graph.check_in : One check-in.
        Graph.load_checkins_csv : The same from a CSV file.

        Examples
        --------
        >>> import okr
        >>> import pandas as pd
        >>> g = okr.load(okr.example_path())
        >>> g.checkin_count
        306
        >>> g.check_in_many(pd.DataFrame({
        ...     "key_result": ["kr-fin-ar", "kr-fin-ar"],
        ...     "date": ["2026-09-08", "2026-09-15"],
        ...     "value": [17_500_000, 16_800_000],
        ... }))
        >>> g.checkin_count
        308
        >>> g.check_in_many([{"key_result": "kr-nope", "date": "2026-09-08", "value": 1}])
        Traceback (most recent call last):
        ...
        okr.errors.NotFoundError: check-ins[0]: check-in: field "key_result" names unknown key result "kr-nope"
        >>> g.checkin_count
        308
        """
        args = checkin_columns(data)
        if args is None:
            return
        with self._rw.write():
            self._check_in_batch(*args)

    def load_checkins_csv(self, source: Any, limits: Optional["Limits"] = None) -> None:
        r"""Append the check-ins of a CSV file, all or nothing (layout: docs/format.md#csv).

        ``source`` is a path or a readable file object. Columns ``key_result``, ``date``,
        ``value`` and optionally ``confidence``, ``note``, ``stage`` (common export spellings
        such as "Key Result ID", "Check-in date" or "Current value" are recognised). Errors name
        the line and column; on error the graph is unchanged.

        Parameters
        ----------
        source : str, os.PathLike or file object
            A path, or an object with ``read()`` giving str or UTF-8 bytes.
        limits : okr.Limits, optional
            Load limits (``max_checkins``, ``max_text_bytes``, ...); default: the defaults of
            :class:`okr.Limits`.

        Raises
        ------
        OSError
            The file cannot be opened.
        TypeError
            ``source`` is neither a path nor readable, or ``limits`` is not an :class:`okr.Limits`.
        okr.ParseError
            Not UTF-8, malformed CSV (an unterminated quote, a row whose field count differs from
            the header's), or a required column missing.
        okr.NotFoundError
            A row names an unknown key result or stage, or an objective.
        okr.InvalidArgumentError
            A value or date that does not read, or a row that breaks a check-in rule (confidence
            outside [0, 1], a check-in on an aggregating key result, ...), as for :meth:`check_in`.
        okr.LimitError
            Beyond one of ``limits`` (``max_checkins`` counts the graph's own check-ins too).

        See Also
        --------
        Graph.check_in_many : The same from a DataFrame.

        Examples
        --------
        >>> import io
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> csv = io.StringIO("Key Result ID,Check-in date,Current value,Confidence\n"
        ...                   "kr-fin-ar,2026-09-08,17500000,80%\n")
        >>> g.load_checkins_csv(csv)
        >>> g.checkin_count
        307
        >>> g.node_score("kr-fin-ar", as_of="2026-09-08")["value"]
        17500000.0
        """
        text = _read_text(source)
        native = _limits(limits)
        with self._rw.write():
            self._load_checkins_csv(text, native)

    def load_scorecard_csv(self, source: Any, limits: Optional["Limits"] = None) -> None:
        r"""Add the KPIs of a weekly scorecard CSV (EOS), all or nothing (docs/format.md#csv).

        One KPI per row (optional ``id``, ``team``/``department``, ``owner``, ``kpi``/
        ``measurable`` title, optional ``goal`` such as ">= 5", "<= 3" or "3-5", ``unit``), then
        one column per week headed by its date ("2026-01-05", a date range, or "2026-W02"); empty
        cells are missing weeks. The KPIs then appear in :meth:`kpis`.

        Parameters
        ----------
        source : str, os.PathLike or file object
            A path, or an object with ``read()`` giving str or UTF-8 bytes.
        limits : okr.Limits, optional
            Load limits (``max_kpi_values``, ``max_text_bytes``, ...); default: the defaults of
            :class:`okr.Limits`.

        Raises
        ------
        OSError
            The file cannot be opened.
        TypeError
            ``source`` is neither a path nor readable, or ``limits`` is not an :class:`okr.Limits`.
        okr.ParseError
            Not UTF-8, malformed CSV, an unknown column, no title or id column, or two columns in
            the same ISO week.
        okr.DuplicateError
            A KPI id already in the graph, or given twice in the file.
        okr.InvalidArgumentError
            A value or goal that does not read, or a KPI that breaks a rule of the model.
        okr.LimitError
            Beyond one of ``limits``.

        See Also
        --------
        Graph.scorecard : The scorecard as of a date.
        okr.Scorecard.to_csv : Writes this layout.

        Examples
        --------
        >>> import io
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> g.load_scorecard_csv(io.StringIO(
        ...     "Department,Owner,Measurable,Goal,Unit,2026-08-31,2026-09-07\n"
        ...     "Sales,Rafael Ortiz,Net promoter score,>= 40,points,38,42\n"))
        >>> g.kpi_info().loc["net_promoter_score", ["comparison", "goal", "observations"]].tolist()
        ['>=', 40.0, 2]
        """
        text = _read_text(source)
        native = _limits(limits)
        with self._rw.write():
            self._load_scorecard_csv(text, native)

    # ---- scoring ----
    def score(self, id: str, as_of: Any = None) -> float:
        """Score (0–1) of node ``id`` as of ``as_of`` (default: today).

        NaN for an objective with nothing to score (status ``no_data``).

        Parameters
        ----------
        id : str
            Id of an objective or a key result.
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day to score as of; default: today. Check-ins after it are ignored.

        Returns
        -------
        float
            The score in [0, 1] (docs/scoring.md), or NaN.

        Raises
        ------
        okr.NotFoundError
            No objective or key result has this id.
        okr.InvalidArgumentError
            ``as_of`` is not a date.
        TypeError
            ``id`` is not a str.

        See Also
        --------
        Graph.node_score : Every result for one node.
        Graph.scores : Every node at once.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> g.score("kr-fin-ar", as_of="2026-09-07")
        0.5625
        >>> round(g.score("o-company-cx", as_of="2026-09-07"), 3)
        0.727
        """
        as_of = optional_iso_date(as_of)
        with self._rw.read():
            return float(self._score(id, as_of)["score"])

    def node_score(self, id: str, as_of: Any = None) -> dict:
        """Every scoring result of one node as a dict (the columns of :meth:`scores`).

        Parameters
        ----------
        id : str
            Id of an objective or a key result.
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day to score as of; default: today.

        Returns
        -------
        dict
            Keys ``score, expected, forecast, forecast_low, forecast_high, p_target, status,
            overachievement, regressing, value, checkins`` with the meanings of :meth:`scores`.

        Raises
        ------
        okr.NotFoundError
            No objective or key result has this id.
        okr.InvalidArgumentError
            ``as_of`` is not a date.
        TypeError
            ``id`` is not a str.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> r = g.node_score("kr-fin-ar", as_of="2026-09-07")
        >>> r["score"], r["status"], r["value"], r["checkins"]
        (0.5625, 'on_track', 18000000.0, 10)
        """
        as_of = optional_iso_date(as_of)
        with self._rw.read():
            return dict(self._score(id, as_of))

    def scores(self, as_of: Any = None):
        """Score every node as of ``as_of`` (default: today).

        Parameters
        ----------
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day to score as of; default: today.

        Returns
        -------
        pandas.DataFrame
            Indexed by node id (name ``id``), in the document's node order, with columns
            kind, type, title, owner, team, level, objective, cycle, score, expected, forecast,
            forecast_low, forecast_high, p_target, status, overachievement, regressing, value,
            checkins. Numbers that do not apply are NaN.

        Raises
        ------
        okr.InvalidArgumentError
            ``as_of`` is not a date.

        See Also
        --------
        Graph.score_vector : The score column alone, faster.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> df = g.scores(as_of="2026-09-07")
        >>> df.shape
        (65, 19)
        >>> df.loc["kr-fin-ar", ["score", "status"]].tolist()
        [0.5625, 'on_track']
        """
        import pandas as pd

        with self._rw.read():
            cols = self._scores(optional_iso_date(as_of))
        # One frame from all the columns at once: the float columns are the rows of the one 2-D
        # block the C++ side filled (not copied); the node columns are the frame's own
        # (_frame_column), so that changing the frame cannot change the graph's next frames.
        floats = {name: row for name, row in zip(cols["float_names"], cols["float_block"])}
        status = pd.Categorical.from_codes(cols["status_code"].astype("int8"), dtype=_status_dtype())
        data = {}
        for name in SCORE_COLUMNS:
            if name in floats:
                data[name] = floats[name]
            elif name == "status":
                data[name] = status
            elif name in ("regressing", "checkins"):
                data[name] = cols[name]
            else:
                data[name] = self._frame_column(name)
        return pd.DataFrame(data, index=self._node_column("id"), copy=False)

    def score_vector(self, as_of: Any = None):
        """Only the score of every node as of ``as_of`` (default: today).

        Without pace, forecast or status: several times faster than :meth:`scores` on a large
        organisation.

        Parameters
        ----------
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day to score as of; default: today.

        Returns
        -------
        pandas.Series
            Named ``score``, indexed by node id (name ``id``) in the document's node order;
            equal to ``scores(as_of)["score"]`` (NaN for an objective with nothing to score).

        Raises
        ------
        okr.InvalidArgumentError
            ``as_of`` is not a date.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> s = g.score_vector(as_of="2026-09-07")
        >>> s.name, len(s), s["kr-fin-ar"]
        ('score', 65, 0.5625)
        """
        import pandas as pd

        with self._rw.read():
            values = self._score_vector(optional_iso_date(as_of))
        return pd.Series(values, index=self._node_column("id"), name="score")

    # Text columns with few distinct values become pandas Categoricals (memory, speed); ids,
    # titles, objective ids and units stay plain str columns.
    _CATEGORICAL = frozenset(("kind", "type", "owner", "team", "level", "cycle", "flavor", "origin"))

    def _frame_column(self, name: str):
        """A node column for a new frame, which is the caller's to change: a copy of the cached
        column, except that the first frame to show a text column (title, objective) gets it as
        built, uncached. Copying a million str references costs half as much as making the str,
        and a caller who asks for one frame then pays for neither copy nor cache."""
        cache = getattr(self, "_node_cache", None)
        if name not in self._CATEGORICAL and name not in ("id", "weight") and (cache is None or name not in cache):
            handed = getattr(self, "_node_handed", None)
            if handed is None:
                handed = set()
                self._node_handed = handed
            if name not in handed:
                handed.add(name)
                with self._rw.read():
                    return self._node_text(name)
        return self._node_column(name).copy()

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
                with self._rw.read():  # sorted in C++ without the GIL
                    codes, categories = self._node_codes(name)
                # An Index of the object array as it is: no inference of its type.
                dtype = pd.CategoricalDtype(pd.Index(categories, dtype=object, copy=False))
                col = pd.Categorical.from_codes(codes, dtype=dtype)
            elif name == "id":
                with self._rw.read():
                    col = pd.Index(self._node_text("id"), name="id", dtype=object, copy=False)
            elif name == "weight":
                with self._rw.read():
                    col = self._node_weights()
            else:
                with self._rw.read():
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
        """Alignment analysis as of ``as_of`` (default: today).

        Ladder-up, coverage, contribution, focus findings, team dependencies and at-risk exposure
        (docs/alignment.md).

        Parameters
        ----------
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day the contributions and exposure are computed as of; default: today.
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
            The results as DataFrames.

        Raises
        ------
        okr.InvalidArgumentError
            An option out of range (the message names it), or ``as_of`` is not a date.
        ValueError
            An option that ``int()`` or ``float()`` cannot read.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> rep = g.alignment(as_of="2026-09-07")
        >>> rep
        <okr.AlignmentReport as of 2026-09-07: 3 top objectives, 2 orphans, coverage 91%, 17 findings>
        >>> rep.top
        ['o-company-cx', 'o-company-people', 'o-company-growth']
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

        Returns
        -------
        networkx.MultiDiGraph
            A new graph, independent of this one.

        Raises
        ------
        ImportError
            NetworkX is not installed.

        Examples
        --------
        >>> import okr
        >>> G = okr.load(okr.example_path()).to_networkx()
        >>> G.number_of_nodes(), G.number_of_edges()
        (71, 76)
        >>> G.nodes["kr-fin-ar"]["kind"], G.nodes["escalations_t1_t2"]["kind"]
        ('key_result', 'kpi')
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

        Raises
        ------
        okr.InvalidArgumentError
            ``freq`` is not one of the four.
        okr.LimitError
            A KPI has a value in a period a pandas datetime cannot hold (before 1677-09-22 or
            after 2262-04-11; the message names the KPI and the period), or the table would pass
            2^28 cells.

        See Also
        --------
        okr.bucket : The same rule for any observations.
        Graph.kpi_info : The KPIs' attributes.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> weekly = g.kpis(freq="W")
        >>> weekly.shape
        (52, 6)
        >>> list(weekly.columns[:2])
        ['lessons_created', 'lessons_completed']
        >>> g.kpis(freq="QS").shape
        (5, 6)
        """
        import numpy as np
        import pandas as pd

        with self._rw.read():
            days, ids, values = self._kpi_matrix(freq)
        matrix = np.asarray(values).reshape(len(days), len(ids))

        def where(bad):  # name the first value in a period pandas cannot hold
            rows = bad[(~np.isnan(matrix[bad])).any(axis=1)]
            if not len(rows):
                return bad[0], "Graph.kpis(): a period starts"
            kpi = ids[np.flatnonzero(~np.isnan(matrix[rows[0]]))[0]]
            return rows[0], f"Graph.kpis(): KPI {kpi!r} has a value in the period starting"

        index = datetime_index(days, where, name="period")
        if len(index) >= 3:
            index.freq = pd.infer_freq(index)
        return pd.DataFrame(matrix, index=index, columns=list(ids))

    def leading_indicators(self, outcome: str, drivers=None, freq: str = "W", **options):
        """Which of this graph's KPIs lead KPI ``outcome`` (see :func:`okr.leading_indicators`).

        The KPIs are bucketed to ``freq`` first; ``drivers`` lists KPI ids (default: every other
        KPI). Unknown ids raise :class:`okr.NotFoundError`. Options are those of
        :func:`okr.leading_indicators` (lags, method, transform, adjust, alpha, level,
        min_periods).

        Parameters
        ----------
        outcome : str
            Id of the outcome KPI.
        drivers : list of str, optional
            Ids of the candidate drivers; None or empty: every other KPI.
        freq : {"D", "W", "MS", "QS"}
            The calendar the KPIs are bucketed to first (see :meth:`kpis`).
        **options
            Passed on to :func:`okr.leading_indicators`: ``lags``, ``method``, ``transform``,
            ``adjust``, ``alpha``, ``level``, ``min_periods``, ``correction``.

        Returns
        -------
        pandas.DataFrame
            Indexed by driver, sorted by q then ``|r|``, with the columns of
            :func:`okr.leading_indicators` (lag, r, ci_low, ci_high, p, q, n, n_eff, slope,
            slope_low, slope_high, trending, low_confidence, verdict).

        Raises
        ------
        okr.NotFoundError
            ``outcome`` or a driver is not a KPI id.
        okr.InvalidArgumentError
            A driver is the outcome, ``freq`` is unknown, an option is out of range, or a lag
            leaves no overlap.
        TypeError
            An option that :func:`okr.leading_indicators` does not take.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> lead = g.leading_indicators("escalations_t1_t2", transform="diff")
        >>> lead.index[0], int(lead["lag"].iloc[0])
        ('lessons_completed', 3)
        >>> lead["verdict"].iloc[0]
        'lessons_completed leads escalations_t1_t2 by 3 weeks: r = -0.87 [-0.94, -0.73], q = 7.6e-08'
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
        as_of : str, datetime.date or pandas.Timestamp, optional
            The last period shown is the one holding this date (default: today).
        periods : int
            How many periods (default 13, EOS's trailing quarter of weeks; at most 1,000).
        freq : {"W", "MS", "QS"}, optional
            Weeks, months or quarters ("D", days, is accepted too); by default the frequency the
            selected KPIs share (an ``InvalidArgumentError`` if they differ).
        team, owner : str, optional
            Only the KPIs of this team and/or owner.

        Returns
        -------
        okr.Scorecard
            ``values``, ``on_goal`` and ``summary`` DataFrames; ``to_csv``; a coloured table in
            notebooks; ``okr.plot.scorecard`` draws it.

        Raises
        ------
        okr.InvalidArgumentError
            ``periods`` outside [1, 1000], an unknown ``freq``, selected KPIs of different
            frequencies without ``freq``, ``as_of`` is not a date, or the window would start
            before 0001-01-01.
        okr.LimitError
            A period of the window starts where a pandas datetime cannot (before 1677-09-22 or
            after 2262-04-11). Values outside the window do not matter.
        ValueError
            ``periods`` is a string that ``int()`` cannot read.
        TypeError
            ``periods`` is of a type ``int()`` does not take (None, ...).

        See Also
        --------
        Graph.load_scorecard_csv : Add KPIs from a scorecard spreadsheet.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> sc = g.scorecard(as_of="2026-09-07")
        >>> sc
        <okr.Scorecard: 6 KPIs × 13 weeks to 2026-09-07, 2 off goal now>
        >>> sc.summary.loc["escalations_t1_t2", ["goal", "off_goal_streak"]].tolist()
        ['<= 80', 3]
        """
        from .scorecard import Scorecard

        as_of_s = optional_iso_date(as_of, "as_of")
        with self._rw.read():
            native = self._scorecard(as_of_s, int(periods), freq, team or "", owner or "")
        where = f"Graph.scorecard(as_of={as_of_s!r}, periods={int(periods)})" if as_of_s else "Graph.scorecard()"
        return Scorecard._from_native(native, where=where + ": a period starts")

    # ---- the OKR coach (docs/coach.md) ----
    def lint(self, rules: Any = None, severity: str = "info"):
        """Coaching findings on the key results and objectives (docs/coach.md).

        A DataFrame with columns ``code, severity, id, field, message, question, suggestion``.
        See :func:`okr.lint`.

        Parameters
        ----------
        rules : dict, str or os.PathLike, optional
            A rule table (format "okr-lint-rules"): a dict, JSON text, or the path of a JSON file;
            default: the bundled English table (:func:`okr.default_lint_rules`).
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
            An unknown severity, or an unknown rule code, severity or field in the table, or a
            malformed word list.
        okr.ParseError
            Rules that are not JSON.
        TypeError
            ``rules`` is not None, a dict, a str or a path.
        OSError
            A rules file that cannot be opened.

        See Also
        --------
        okr.lint : The same for a graph or a file.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> findings = g.lint()
        >>> findings.shape
        (5, 7)
        >>> findings.loc[0, ["code", "severity", "id"]].tolist()
        ['objective_no_why_now', 'info', 'o-q4-sales-offer']
        >>> len(g.lint(severity="warning"))
        0
        """
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

        Parameters
        ----------
        rock : str
            Id of a Rock (an objective with flavor "rock").
        date : str, datetime.date or pandas.Timestamp
            The day of the report.
        status : {"on_track", "off_track"}
            What the owner reported.
        note : str, optional
            Free text kept with the report.

        Raises
        ------
        okr.NotFoundError
            No objective or key result has the id ``rock``.
        okr.InvalidArgumentError
            The node is not a Rock, ``status`` is not one of the two, or ``date`` is not a date.
        TypeError
            ``note`` is not a str.

        See Also
        --------
        Graph.rocks : The computed status beside the latest report.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> g.report_rock("o-ms-rock", "2026-09-07", "off_track", note="Content sourcing is late")
        >>> g.rocks(as_of="2026-09-07").loc["o-ms-rock", ["status", "reported_status"]].tolist()
        ['off_track', 'off_track']
        """
        from .rocks import _REPORTS, check_choice, optional_text

        args = (_text(rock, "report_rock", "rock"), iso_date(date), check_choice(status, _REPORTS, "status"),
                optional_text(note, "note"))
        with self._rw.write():
            self._report_rock(*args)

    def set_rock_state(self, rock: str, state: str) -> None:
        """Close (or reopen) Rock ``rock``: ``state`` "open", "done", "not_done" or "canceled".

        Parameters
        ----------
        rock : str
            Id of a Rock (an objective with flavor "rock").
        state : {"open", "done", "not_done", "canceled"}
            The owner's verdict at the cycle's end; "open" reopens it.

        Raises
        ------
        okr.NotFoundError
            No objective or key result has the id ``rock``.
        okr.InvalidArgumentError
            The node is not a Rock, or ``state`` is not one of the four.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> g.set_rock_state("o-ms-rock", "done")
        >>> g.rocks(as_of="2026-09-07").loc["o-ms-rock", "status"]
        'done'
        """
        from .rocks import _STATES, check_choice

        args = (_text(rock, "set_rock_state", "rock"), check_choice(state, _STATES, "state"))
        with self._rw.write():
            self._set_rock_state(*args)

    def set_carried_from(self, rock: str, from_rock: Optional[str]) -> None:
        """Record that Rock ``rock`` continues ``from_rock``, a Rock of an earlier cycle (None: none).

        The lineage may span any number of cycles; one that loops is an ``okr.CycleError``.

        Parameters
        ----------
        rock : str
            Id of a Rock (an objective with flavor "rock").
        from_rock : str or None
            Id of the Rock it continues, whose cycle starts before ``rock``'s; None removes the
            link.

        Raises
        ------
        okr.NotFoundError
            ``rock`` or ``from_rock`` names nothing.
        okr.InvalidArgumentError
            Either is not a Rock, either has no cycle, or ``from_rock``'s cycle does not start
            before ``rock``'s.
        okr.CycleError
            The lineage would loop.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> g.rocks(as_of="2026-09-07").loc["o-q4-ms-rock", ["carried_from", "times_carried"]].tolist()
        ['o-ms-rock', 2]
        >>> g.set_carried_from("o-q4-ms-rock", None)
        >>> g.rocks(as_of="2026-09-07").loc["o-q4-ms-rock", ["carried_from", "times_carried"]].tolist()
        [None, 0]
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

        Parameters
        ----------
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day the status is computed as of; default: today.

        Returns
        -------
        pandas.DataFrame
            One row per Rock, in document order, with the columns above.

        Raises
        ------
        okr.InvalidArgumentError
            ``as_of`` is not a date.
        okr.LimitError
            A Rock's latest report by ``as_of`` is dated where a pandas datetime cannot be (before
            1677-09-22 or after 2262-04-11); the message names the Rock.

        See Also
        --------
        Graph.rock_milestones, Graph.rock_findings, Graph.rock_completion

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> rocks = g.rocks(as_of="2026-09-07")
        >>> rocks.shape
        (4, 15)
        >>> rocks.loc["o-ms-rock", ["status", "reported_status", "overdue_milestones"]].tolist()
        ['off_track', 'on_track', 1]
        """
        from .rocks import rocks_frame

        return rocks_frame(self._rock_tables(as_of)[0])

    def rock_milestones(self, as_of: Any = None):
        """Every Rock's milestones as of a date.

        Columns ``rock, key_result, stage, title, due, progress, done, overdue`` (a stage of a
        staged milestone key result, or a milestone key result).

        Parameters
        ----------
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day progress and overdue are judged as of; default: today.

        Returns
        -------
        pandas.DataFrame
            One row per milestone, Rocks in document order; ``stage`` None for a milestone key
            result without stages, ``due`` datetime64 (NaT: none), ``progress`` float in [0, 1],
            ``done`` and ``overdue`` bool.

        Raises
        ------
        okr.InvalidArgumentError
            ``as_of`` is not a date.
        okr.LimitError
            A milestone is due where a pandas datetime cannot be (before 1677-09-22 or after
            2262-04-11); the message names it ("key result" or "key result/stage").

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> m = g.rock_milestones(as_of="2026-09-07")
        >>> list(m.columns)
        ['rock', 'key_result', 'stage', 'title', 'due', 'progress', 'done', 'overdue']
        >>> m.loc[m["overdue"], ["rock", "stage"]].values.tolist()
        [['o-ms-rock', 'content'], ['o-ms-pilot', None]]
        """
        from .rocks import milestones_frame

        return milestones_frame(self._rock_tables(as_of)[1])

    def rock_findings(self, as_of: Any = None):
        """Findings about Rocks as of a date.

        Columns ``code`` (rock_status_disputed, due_outside_cycle, too_many_rocks), ``subject``
        (the Rock, or the owner for too_many_rocks), ``milestone`` (the first milestone concerned,
        by title), ``message``.

        Parameters
        ----------
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day the findings are judged as of; default: today.

        Returns
        -------
        pandas.DataFrame
            One row per finding (docs/rocks.md, "Findings").

        Raises
        ------
        okr.InvalidArgumentError
            ``as_of`` is not a date.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> f = g.rock_findings(as_of="2026-09-07")
        >>> f[["code", "subject", "milestone"]].values.tolist()
        [['rock_status_disputed', 'o-ms-rock', '40 core courses sourced and published']]
        """
        from .rocks import findings_frame

        return findings_frame(self._rock_tables(as_of)[2])

    def rock_completion(self, cycle: Optional[str] = None, by: str = "owner", as_of: Any = None):
        """Rock completion per cycle and owner / team / company.

        Indexed by (cycle, owner) or (cycle, team), or by cycle for ``by="company"``; columns
        ``rocks, done, not_done, open, canceled, completion_rate``. An open Rock whose cycle has
        ended by ``as_of`` counts as not done; ``completion_rate`` = done / (rocks − canceled), the
        share completed so far (EOS aims at 80 %+).

        Parameters
        ----------
        cycle : str, optional
            Only this cycle; default: every cycle with a Rock.
        by : {"owner", "team", "company"}
            The grouping within each cycle.
        as_of : str, datetime.date or pandas.Timestamp, optional
            The day the Rocks' status is computed as of; default: today.

        Returns
        -------
        pandas.DataFrame
            The counts (int) and ``completion_rate`` (float; NaN when every Rock was canceled).

        Raises
        ------
        okr.InvalidArgumentError
            ``by`` is not one of the three, or ``as_of`` is not a date.
        okr.NotFoundError
            ``cycle`` names no cycle.
        TypeError
            ``cycle`` is not a str.

        Examples
        --------
        >>> import okr
        >>> g = okr.load(okr.example_path())
        >>> c = g.rock_completion(by="company", as_of="2026-10-02")
        >>> c.loc["2026-Q3", ["rocks", "done", "not_done", "completion_rate"]].tolist()
        [2.0, 1.0, 1.0, 0.5]
        >>> g.rock_completion(cycle="2026-Q3", by="team", as_of="2026-10-02").index.tolist()
        [('2026-Q3', 'HR'), ('2026-Q3', 'Managed Services')]
        """
        from .rocks import completion_frame

        return completion_frame(self._rock_tables(as_of, by, cycle)[3], by)

    def kpi_info(self):
        """KPI attributes as a DataFrame indexed by id.

        Columns title, owner, team, unit, comparison, goal, goal_low, goal_high, aggregation,
        observations, frequency, dated_goals. ``comparison`` and ``goal`` are the goal from the
        beginning; ``dated_goals`` counts the later ones (:meth:`scorecard` shows the goal in force).

        Returns
        -------
        pandas.DataFrame
            One row per KPI, in document order; ``goal_low`` and ``goal_high`` for a range goal,
            ``goal`` otherwise (NaN where they do not apply).

        Raises
        ------
        MemoryError
            The table cannot be allocated; there is no other error.

        Examples
        --------
        >>> import okr
        >>> info = okr.load(okr.example_path()).kpi_info()
        >>> info.shape
        (6, 12)
        >>> info.loc["escalations_t1_t2", ["comparison", "goal", "aggregation", "frequency"]].tolist()
        ['<=', 80.0, 'sum', 'week']
        """
        import pandas as pd

        cols = ["id", "title", "owner", "team", "unit", "comparison", "goal", "goal_low", "goal_high", "aggregation",
                "observations", "frequency", "dated_goals"]
        with self._rw.read():
            rows = self._kpi_info()
        return pd.DataFrame(rows, columns=cols).set_index("id")

    def measured_by(self):
        """``measured_by`` links as a DataFrame (key_result, kpi).

        Returns
        -------
        pandas.DataFrame
            Columns ``key_result`` and ``kpi``, one row per link, in document order.

        Raises
        ------
        MemoryError
            The table cannot be allocated; there is no other error.

        Examples
        --------
        >>> import okr
        >>> okr.load(okr.example_path()).measured_by().values.tolist()
        [['kr-ms-escalations', 'escalations_t1_t2'], ['kr-ms-fcr', 'first_contact_resolution_pct'], ['kr-ld-completion', 'pathway_completion_pct']]
        """
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
        """Node attributes as a DataFrame indexed by id.

        Columns kind, type, title, owner, team, level, objective, cycle, unit, flavor, origin,
        weight.

        Returns
        -------
        pandas.DataFrame
            One row per objective and key result, in document order. ``objective`` is a key
            result's objective ("" for objectives); text columns with few distinct values are
            categorical.

        Raises
        ------
        MemoryError
            The table cannot be allocated; there is no other error.

        Examples
        --------
        >>> import okr
        >>> nodes = okr.load(okr.example_path()).nodes()
        >>> nodes.shape
        (65, 12)
        >>> nodes.loc["kr-fin-ar", ["kind", "type", "objective"]].tolist()
        ['key_result', 'metric', 'o-fin-cash']
        """
        import pandas as pd

        names = ("kind", "type", "title", "owner", "team", "level", "objective", "cycle", "unit", "flavor", "origin", "weight")
        return pd.DataFrame({k: self._node_column(k) for k in names}, index=self._node_column("id"))

    def links(self):
        """Links as a DataFrame with columns from, to, type, weight (document order).

        Returns
        -------
        pandas.DataFrame
            One row per ``contributes`` or ``depends_on`` link (``measured_by`` links are in
            :meth:`measured_by`).

        Raises
        ------
        MemoryError
            The table cannot be allocated; there is no other error.

        Examples
        --------
        >>> import okr
        >>> links = okr.load(okr.example_path()).links()
        >>> links.shape
        (30, 4)
        >>> links.iloc[0].tolist()
        ['o-ms-resolve', 'o-company-cx', 'contributes', 2.0]
        """
        import pandas as pd

        return pd.DataFrame(self._links(), columns=["from", "to", "type", "weight"])

    def cycles(self):
        """Cycles as a DataFrame with columns id, start, end.

        Returns
        -------
        pandas.DataFrame
            One row per cycle, in document order; ``start`` and ``end`` (inclusive) datetime64.

        Raises
        ------
        okr.LimitError
            A cycle starts or ends where a pandas datetime cannot (before 1677-09-22 or after
            2262-04-11); the message names the cycle. The library itself reads dates from
            0001-01-01 to 9999-12-31, and :meth:`Graph.dumps` keeps them.
        MemoryError
            The table cannot be allocated.

        Examples
        --------
        >>> import okr
        >>> cycles = okr.load(okr.example_path()).cycles()
        >>> cycles["id"].tolist()
        ['2026-Q2', '2026-Q3', '2026-Q4']
        >>> str(cycles.loc[1, "end"].date())
        '2026-09-30'
        """
        import pandas as pd

        df = pd.DataFrame(self._cycles(), columns=["id", "start", "end"])
        for c, verb in (("start", "starts"), ("end", "ends")):
            df[c] = datetime_column(df[c], df["id"], f"Graph.cycles(): cycle {{label!r}} {verb}")
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
    """Parse a JSON document (format "okr", version 1) into a :class:`Graph`.

    ``limits``: an :class:`okr.Limits`; beyond one, :class:`okr.LimitError`. The document is
    loaded completely or not at all.

    Parameters
    ----------
    text : str or bytes
        The JSON document (bytes must be UTF-8).
    limits : okr.Limits, optional
        Load limits for untrusted input; default: the defaults of :class:`okr.Limits`.

    Returns
    -------
    okr.Graph
        The graph.

    Raises
    ------
    TypeError
        ``text`` is neither str nor bytes, or ``limits`` is not an :class:`okr.Limits`.
    okr.ParseError
        The text is not JSON or not UTF-8, is truncated, or a field has the wrong JSON type.
    okr.VersionError
        ``format`` is not "okr" or ``version`` is not 1.
    okr.InvalidArgumentError
        A value is out of range, malformed or inconsistent.
    okr.NotFoundError
        A reference names an id that does not exist.
    okr.DuplicateError
        An id or a link is given twice.
    okr.CycleError
        ``contributes`` links form a cycle, or a Rock lineage loops.
    okr.LimitError
        The document is beyond one of ``limits``.

    See Also
    --------
    okr.load : Read a file.
    Graph.dumps : The inverse.

    Examples
    --------
    >>> import okr
    >>> g = okr.loads('{"format": "okr", "version": 1}')
    >>> len(g)
    0
    >>> okr.loads('{"format": "okr", "version": 1, "objectives": ['
    ...           '{"id": "o", "title": "A"}, {"id": "o", "title": "B"}]}')
    Traceback (most recent call last):
    ...
    okr.errors.DuplicateError: duplicate id "o" (objective)
    """
    return Graph.loads(text, limits=limits)


def load(path: Union[str, "os.PathLike[str]"], limits: Optional["Limits"] = None) -> Graph:
    """Read a JSON document from ``path`` into a :class:`Graph` (``limits`` as for :func:`loads`).

    Parameters
    ----------
    path : str or os.PathLike
        The file, UTF-8 JSON (format "okr", version 1).
    limits : okr.Limits, optional
        Load limits for untrusted input; default: the defaults of :class:`okr.Limits`.

    Returns
    -------
    okr.Graph
        The graph.

    Raises
    ------
    OSError
        The file cannot be opened (:class:`FileNotFoundError`, :class:`PermissionError`, ...).
    TypeError
        ``path`` is not a path, or ``limits`` is not an :class:`okr.Limits`.
    okr.Error
        The content is not a valid document: the errors of :func:`loads`
        (:class:`okr.ParseError`, :class:`okr.VersionError`, :class:`okr.LimitError`, ...).

    See Also
    --------
    okr.loads : Parse text.
    Graph.dump : The inverse.

    Examples
    --------
    >>> import okr
    >>> g = okr.load(okr.example_path())
    >>> g.scores(as_of="2026-09-07").loc["kr-fin-ar", "score"]
    0.5625
    >>> okr.load("missing.json")
    Traceback (most recent call last):
    ...
    FileNotFoundError: [Errno 2] No such file or directory: 'missing.json'
    """
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
