"""okr.load / okr.loads import pandas on another thread while a large document is parsed
(okr/_prefetch.py); small documents and `import okr` leave pandas alone."""
import subprocess
import sys

PROBE = r"""
import sys, threading
import okr
import okr._prefetch as prefetch
print("after import", "pandas" in sys.modules)
{setup}
g = okr.{call}
print("after load", "pandas" in sys.modules, g.node_count)
print("threads", sorted(t.name for t in threading.enumerate()))
"""


def probe(call: str, setup: str = "") -> list:
    code = PROBE.format(call=call, setup=setup)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


def test_a_small_document_does_not_import_pandas():
    lines = probe("load(okr.example_path())")
    assert lines[0] == "after import False"
    assert lines[1] == "after load False 65"


def test_a_large_document_imports_pandas_during_the_parse_and_joins_the_thread():
    # The threshold lowered so that the example counts as large.
    lines = probe("load(okr.example_path())", setup="prefetch.PREFETCH_BYTES = 1000")
    assert lines[0] == "after import False"
    assert lines[1] == "after load True 65"
    assert lines[2] == "threads ['MainThread']"  # the import thread has finished
    lines = probe("loads(open(okr.example_path()).read())", setup="prefetch.PREFETCH_BYTES = 1000")
    assert lines[1] == "after load True 65"


def test_a_failed_large_load_raises_its_own_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "okr", "version": 1, "objectives": [' + " " * 2000)
    code = (
        "import sys, threading, okr, okr._prefetch as prefetch\n"
        "prefetch.PREFETCH_BYTES = 1000\n"
        "try:\n"
        f"    okr.load({str(bad)!r})\n"
        "except okr.Error as e:\n"
        "    print(type(e).__name__, 'pandas' in sys.modules, threading.active_count())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["ParseError", "True", "1"]
