"""Command line: ``python -m okr report [FILE] [--as-of DATE]``."""

from __future__ import annotations

import argparse
import os
import sys
from typing import List, Optional

from . import __version__, example_path, load
from .errors import Error
from .report import organisation_report


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m okr", description="okr: goals as a graph")
    parser.add_argument("--version", action="version", version=f"okr {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="print a readable organisation report")
    rep.add_argument("file", nargs="?", help="okr JSON document (default: the bundled example organisation)")
    rep.add_argument("--as-of", dest="as_of", default=None, help="date YYYY-MM-DD (default: today)")
    args = parser.parse_args(argv)

    path = args.file or example_path()
    try:
        graph = load(path)
        text = organisation_report(graph, as_of=args.as_of, source=os.path.basename(path))
    except (Error, OSError) as exc:
        print(f"okr: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
