"""Command line.

``python -m okr report [FILE] [--as-of DATE] [--format text|html|json] [-o OUTPUT]`` writes the
organisation report: plain text, one self-contained HTML page, or its content as JSON (written
through a temporary file, so a failure leaves no partial output).

``python -m okr lint FILE [--rules RULES.json] [--format text|json] [--severity error|warning|info]``
prints the coach's findings like a compiler (``FILE: id: warning [kr_task_like]: ...``) and exits
0 when there is no error-severity finding, 1 when there is one, 2 when the file (or the rule
table) cannot be read or parsed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import List, Optional

from . import __version__, example_path, load
from .errors import Error
from .report import organisation_report


def _lint(args: argparse.Namespace) -> int:
    from .lint import lint

    try:
        graph = load(args.file)
        findings = lint(graph, rules=args.rules, severity=args.severity)
    except (Error, OSError) as exc:
        print(f"okr: error: {exc}", file=sys.stderr)
        return 2
    if args.format == "json":
        rows = [{k: (str(v) if k == "severity" else v) for k, v in row.items()} for row in findings.to_dict("records")]
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for row in findings.itertuples(index=False):
            where = f"{args.file}: {row.id}: " if row.id else f"{args.file}: "
            field = f" ({row.field})" if row.field else ""
            print(f"{where}{row.severity} [{row.code}]{field}: {row.message}")
            print(f"    ? {row.question}")
            if row.suggestion:
                print(f"    → {row.suggestion}")
        counts = findings["severity"].value_counts()
        print(f"{len(findings)} finding(s): " + ", ".join(f"{int(counts.get(s, 0))} {s}" for s in ("error", "warning", "info")))
    return 1 if (findings["severity"] == "error").any() else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m okr", description="okr: goals as a graph")
    parser.add_argument("--version", action="version", version=f"okr {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="print a readable organisation report")
    rep.add_argument("file", nargs="?", help="okr JSON document (default: the bundled example organisation)")
    rep.add_argument("--as-of", dest="as_of", default=None, help="date YYYY-MM-DD (default: today)")
    rep.add_argument("--format", choices=("text", "html", "json"), default="text",
                     help="text (default), one self-contained HTML page, or the same content as JSON")
    rep.add_argument("-o", "--output", default=None, help="write to this file (default: standard output)")
    lin = sub.add_parser("lint", help="coach the key results and objectives of a document (docs/coach.md)")
    lin.add_argument("file", help="okr JSON document")
    lin.add_argument("--rules", default=None, help="a rule table (JSON) extending or replacing the bundled one")
    lin.add_argument("--format", choices=("text", "json"), default="text")
    lin.add_argument("--severity", choices=("error", "warning", "info"), default="info",
                     help="show findings at least this severe (default: all)")
    args = parser.parse_args(argv)

    if args.command == "lint":
        return _lint(args)
    return _report(args)


def _write_atomically(path: str, text: str) -> None:
    """Writes `text` to `path` through a temporary file in the same directory: no partial file."""
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".okr-report-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as open() would create it (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _report(args: argparse.Namespace) -> int:
    from . import report

    path = args.file or example_path()
    try:
        graph = load(path)
        source = os.path.basename(path)
        if args.format == "text":
            text = organisation_report(graph, as_of=args.as_of, source=source)
        elif args.format == "html":
            text = report.html(graph, as_of=args.as_of, source=source, progress=True)
        else:
            text = json.dumps(report.data(graph, as_of=args.as_of, source=source, progress=True), indent=1,
                              ensure_ascii=False, allow_nan=False) + "\n"
        if args.output:
            _write_atomically(args.output, text)
        else:
            sys.stdout.write(text)
    except (Error, OSError) as exc:
        print(f"okr: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
