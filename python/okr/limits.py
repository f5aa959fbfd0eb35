"""Limits on untrusted input (docs/reliability.md)."""

from __future__ import annotations

from dataclasses import astuple, dataclass, fields

from . import _core

__all__ = ["Limits"]

_DEFAULTS = _core._default_limits()


@dataclass(frozen=True)
class Limits:
    """Limits for :func:`okr.load` / :func:`okr.loads` (``limits=``) on untrusted input.

    Generous for real organisations (a 1,000,000-node document loads with the defaults),
    protective against abuse. Exceeding one raises :class:`okr.LimitError` naming the limit, the
    value and where. Also taken by :meth:`okr.Graph.load_checkins_csv`,
    :meth:`okr.Graph.load_scorecard_csv` and :mod:`okr.dask` (docs/reliability.md). Frozen: make
    a new one with :func:`dataclasses.replace`.

    Parameters
    ----------
    max_document_bytes : int
        Size of the JSON text.
    max_depth : int
        Nesting of objects and arrays, unknown fields included.
    max_id_bytes : int
        Ids of cycles, objectives, key results and KPIs.
    max_text_bytes : int
        Any other string: titles, notes, why now.
    max_nodes : int
        Objectives + key results.
    max_links : int
        Links.
    max_checkins : int
        Check-ins.
    max_kpi_values : int
        Observations over all KPIs.

    Raises
    ------
    okr.InvalidArgumentError
        A limit that is not a positive int.

    Examples
    --------
    >>> import okr
    >>> okr.Limits().max_nodes
    50000000
    >>> okr.load(okr.example_path(), limits=okr.Limits(max_nodes=10))
    Traceback (most recent call last):
    ...
    okr.errors.LimitError: document: 22 objectives and key results, more than max_nodes (10)
    >>> okr.Limits(max_depth=0)
    Traceback (most recent call last):
    ...
    okr.errors.InvalidArgumentError: limits: max_depth must be a positive int, got 0
    """

    max_document_bytes: int = _DEFAULTS[0]  #: the JSON text
    max_depth: int = _DEFAULTS[1]           #: nesting of objects and arrays, unknown fields included
    max_id_bytes: int = _DEFAULTS[2]        #: ids of cycles, objectives, key results and KPIs
    max_text_bytes: int = _DEFAULTS[3]      #: any other string: titles, notes, why now
    max_nodes: int = _DEFAULTS[4]           #: objectives + key results
    max_links: int = _DEFAULTS[5]
    max_checkins: int = _DEFAULTS[6]
    max_kpi_values: int = _DEFAULTS[7]      #: observations over all KPIs

    def __post_init__(self) -> None:
        from .errors import InvalidArgumentError

        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
                raise InvalidArgumentError(f"limits: {f.name} must be a positive int, got {v!r}")

    def _native(self) -> list:
        return list(astuple(self))
