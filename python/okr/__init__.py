"""okr — goals as a graph: objectives, key results, Rocks and KPIs, scored and explained.

>>> import okr
>>> g = okr.load(okr.example_path())
>>> g.scores(as_of="2026-09-07").loc["kr-fin-ar", "score"]
0.5625
"""

from __future__ import annotations

from . import _core, plot
from ._graph import Graph, load, loads
from .alignment import AlignmentReport
from .correlation import bh_qvalues, bucket, corr, correlate, effective_n, lagged, leading_indicators
from .regression import OLSResult, ols, partial_corr, rolling_corr
from .limits import Limits
from .lint import default_rules as default_lint_rules
from .lint import lint
from .scorecard import Scorecard
from .errors import (
    CycleError,
    DuplicateError,
    Error,
    InvalidArgumentError,
    LimitError,
    NotFoundError,
    ParseError,
    VersionError,
)

__version__: str = _core.__version__

__all__ = [
    "Graph",
    "AlignmentReport",
    "Scorecard",
    "lint",
    "Limits",
    "LimitError",
    "default_lint_rules",
    "plot",
    "corr",
    "correlate",
    "lagged",
    "bh_qvalues",
    "leading_indicators",
    "effective_n",
    "ols",
    "OLSResult",
    "partial_corr",
    "rolling_corr",
    "bucket",
    "load",
    "loads",
    "example_path",
    "Error",
    "InvalidArgumentError",
    "NotFoundError",
    "DuplicateError",
    "CycleError",
    "ParseError",
    "VersionError",
    "__version__",
]


def example_path() -> str:
    """Path of the bundled sample organisation (a learning-platform rollout).

    Managed Services, Professional Services, Sales, HR and Finance over three quarters of 2026,
    with check-ins, KPIs, EOS Rocks and a scorecard: the data of every example in this
    reference.

    Returns
    -------
    str
        The absolute path of ``learning_platform.json`` (in the installed package, or in
        ``examples/`` of a source checkout).

    Raises
    ------
    FileNotFoundError
        The file is missing from this installation.

    Examples
    --------
    >>> import os
    >>> import okr
    >>> path = okr.example_path()
    >>> os.path.basename(path)
    'learning_platform.json'
    >>> okr.load(path)
    <okr.Graph: 22 objectives, 43 key results, 30 links, 306 check-ins>
    """
    import os

    here = os.path.dirname(os.path.abspath(__file__))
    for candidate in (
        os.path.join(here, "data", "learning_platform.json"),
        # A source checkout: python/okr → examples/
        os.path.join(here, os.pardir, os.pardir, "examples", "learning_platform.json"),
    ):
        if os.path.exists(candidate):
            return os.path.normpath(candidate)
    raise FileNotFoundError("the bundled example organisation is missing from this installation")
