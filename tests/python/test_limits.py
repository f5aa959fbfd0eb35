"""Untrusted input through Python: okr.Limits and okr.LimitError, ids without control
characters, duplicate keys."""

import json

import pytest

import okr

HEAD = {"format": "okr", "version": 1}


def doc(**parts):
    return json.dumps(dict(HEAD, **parts))


def test_limits_defaults_and_errors():
    lim = okr.Limits()
    assert (lim.max_depth, lim.max_id_bytes, lim.max_text_bytes, lim.max_nodes) == (64, 256, 1 << 20, 50_000_000)
    two = doc(objectives=[{"id": "a", "title": "A"}, {"id": "b", "title": "B"}])
    assert len(okr.loads(two, limits=lim)) == 2
    with pytest.raises(okr.LimitError, match=r"2 objectives and key results, more than max_nodes \(1\)"):
        okr.loads(two, limits=okr.Limits(max_nodes=1))
    with pytest.raises(okr.LimitError, match=r'objectives\[0\]: field "id" is 300 bytes, more than max_id_bytes \(256\)'):
        okr.loads(doc(objectives=[{"id": "x" * 300, "title": "t"}]))
    with pytest.raises(okr.LimitError, match="max_text_bytes"):
        okr.loads(doc(objectives=[{"id": "a", "title": "x" * 20}]), limits=okr.Limits(max_text_bytes=10))
    deep = 1
    for _ in range(70):
        deep = [deep]
    with pytest.raises(okr.LimitError, match=r"objectives\[0\] \"a\": field \"extra\" nests deeper than max_depth \(64\): its value holds 70 levels of arrays and objects$"):
        okr.loads(doc(objectives=[{"id": "a", "title": "t", "extra": deep}]))
    assert isinstance(okr.LimitError("x"), okr.Error) and isinstance(okr.LimitError("x"), ValueError)
    with pytest.raises(okr.InvalidArgumentError, match="max_nodes must be a positive int"):
        okr.Limits(max_nodes=0)
    with pytest.raises(TypeError):
        okr.loads(two, limits={"max_nodes": 1})


def test_load_from_a_file_honours_the_size_limit(tmp_path):
    p = tmp_path / "org.json"
    p.write_text(doc(objectives=[{"id": "a", "title": "A"}]), encoding="utf-8")
    assert len(okr.load(p)) == 1
    with pytest.raises(okr.LimitError, match=r"more than max_document_bytes \(10\)"):
        okr.load(p, limits=okr.Limits(max_document_bytes=10))


def test_ids_and_duplicate_keys():
    with pytest.raises(okr.InvalidArgumentError, match=r"control character \(U\+0000\) at byte 1"):
        okr.loads(doc(objectives=[{"id": "a\u0000b", "title": "A"}]))
    g = okr.loads(doc(objectives=[{"id": "été 🚀", "title": "tab\there, NUL \u0000 in free text is fine"}]))
    assert "été 🚀" in g
    with pytest.raises(okr.ParseError, match=r'objectives\[0\] "a": field "title" is given twice'):
        okr.loads('{"format":"okr","version":1,"objectives":[{"id":"a","title":"A","title":"B"}]}')
    # In fields the format does not define too (kept verbatim otherwise).
    with pytest.raises(okr.ParseError, match=r'objectives\[0\] "a": field "x_meta.owner" is given twice'):
        okr.loads('{"format":"okr","version":1,"objectives":[{"id":"a","title":"A","x_meta":{"owner":1,"owner":2}}]}')


def test_csv_readers_honour_the_limits():
    g = okr.loads(doc(cycles=[{"id": "q", "start": "2026-07-01", "end": "2026-09-30"}],
                      objectives=[{"id": "o", "title": "O", "cycle": "q"}],
                      key_results=[{"id": "k", "objective": "o", "title": "K", "type": "metric", "start": 0, "target": 9}]))
    import io
    with pytest.raises(okr.LimitError, match=r'line 2, column "note": 16 bytes, more than max_text_bytes \(12\)'):
        g.load_checkins_csv(io.StringIO("key_result,date,value,note\nk,2026-07-06,1,a long note here\n"),
                            limits=okr.Limits(max_text_bytes=12))
    with pytest.raises(okr.LimitError, match=r"more than max_kpi_values \(1\)"):
        g.load_scorecard_csv(io.StringIO("id,kpi,2026-07-06,2026-07-13\na,A,1,2\n"), limits=okr.Limits(max_kpi_values=1))
    assert g.checkin_count == 0



def test_every_catalogue_row_through_python():
    """The rows of docs/reliability.md not covered above: links, check-ins, ids with other
    control characters or none at all, and a truncated text's line and column."""
    import io

    two = [{"id": "a", "title": "A"}, {"id": "b", "title": "B"}]
    links = doc(objectives=two, links=[{"from": "a", "to": "b", "type": "depends_on"},
                                       {"from": "b", "to": "a", "type": "depends_on"}])
    with pytest.raises(okr.LimitError, match=r"2 links, more than max_links \(1\)"):
        okr.loads(links, limits=okr.Limits(max_links=1))
    assert len(okr.loads(links, limits=okr.Limits(max_links=2))) == 2
    kr = {"id": "k", "objective": "a", "title": "K", "type": "metric", "start": 0, "target": 9}
    cis = [{"key_result": "k", "date": f"2026-07-0{d}", "value": d} for d in (1, 2)]
    with pytest.raises(okr.LimitError, match=r"2 check-ins, more than max_checkins \(1\)"):
        okr.loads(doc(objectives=two, key_results=[kr], checkins=cis), limits=okr.Limits(max_checkins=1))
    g = okr.loads(doc(objectives=two, key_results=[kr]))
    with pytest.raises(okr.LimitError, match=r"2 check-ins, more than max_checkins \(1\)"):
        g.load_checkins_csv(io.StringIO("key_result,date,value\nk,2026-07-06,1\nk,2026-07-13,2\n"),
                            limits=okr.Limits(max_checkins=1))
    assert g.checkin_count == 0
    for bad, code in (("a\tb", "0009"), ("a\u007fb", "007F"), ("a\u0085b", "0085")):
        with pytest.raises(okr.InvalidArgumentError,
                           match=rf'^objectives\[1\] ".*": field "id" contains a control character \(U\+{code}\) at byte 1$'):
            okr.loads(doc(objectives=[two[0], {"id": bad, "title": "T"}]))
    with pytest.raises(okr.InvalidArgumentError, match=r'^objectives\[1\]: field "id" must not be empty$'):
        okr.loads(doc(objectives=[two[0], {"id": "", "title": "T"}]))
    with pytest.raises(okr.ParseError, match=r"^JSON parse error at line 2, column 15: the text ends inside"):
        okr.loads('{"format":"okr",\n"objectives":[')
    with pytest.raises(okr.ParseError, match=r"line 1, column \d+: invalid UTF-8"):
        okr.loads(b'{"format":"okr","version":1,"objectives":[{"id":"a\xff","title":"A"}]}')

OUT_OF_MEMORY = r"""
import resource, sys
import okr

n = 150_000
krs = ",".join('{"id":"kr-%d","objective":"o","title":"Key result number %d","type":"metric","start":0,"target":100}'
               % (i, i) for i in range(n))
big = ('{"format":"okr","version":1,"objectives":[{"id":"o","title":"O"}],"key_results":[' + krs + "]}").encode()
small = b'{"format":"okr","version":1,"objectives":[{"id":"o","title":"O"}]}'
g = okr.loads(small)

def vm_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024

soft, hard = resource.getrlimit(resource.RLIMIT_AS)
resource.setrlimit(resource.RLIMIT_AS, (vm_bytes() + (24 << 20), hard))
try:
    okr.loads(big)
    print("loaded")
except MemoryError as e:
    print("MemoryError:", e)
resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
print(len(g), len(okr.loads(big)))
"""


def test_out_of_memory_is_a_memory_error_and_the_process_goes_on():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", OUT_OF_MEMORY], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("MemoryError:"), out.stdout
    # The earlier graph is intact, and with the memory back the same document loads.
    assert lines[1] == "1 150001"


def test_a_kpi_matrix_over_millennia_is_a_limit_error():
    kpis = [{"id": f"k{i}", "title": "K", "values": [{"date": "0001-01-01", "value": 1}, {"date": "9999-12-31", "value": 2}]}
            for i in range(80)]
    g = okr.loads(doc(kpis=kpis))
    with pytest.raises(okr.LimitError, match=r"KPI matrix: 3652059 periods \(0001-01-01 to 9999-12-31, freq D\) x 80 KPIs"):
        g.kpis(freq="D")


def test_messages_are_whole_characters():
    # An unknown id of 199 ASCII bytes and an "é": the message quotes 200 bytes at most, and once
    # cut the "é" in two (the Python message came out empty).
    kid = "a" * 199 + "é"
    with pytest.raises(okr.NotFoundError, match="a" * 199 + '"'):
        okr.loads(doc(objectives=[{"id": "o", "title": "t"}],
                      key_results=[{"id": "k", "objective": kid, "title": "K", "type": "metric", "start": 0, "target": 1}]))
    # A long title quoted by the coach is cut at a character, not inside one.
    g = okr.loads(doc(objectives=[{"id": "o", "title": "t"}],
                      key_results=[{"id": "k", "objective": "o", "title": "a" * 119 + "é and more", "type": "milestone"}]))
    messages = g.lint().set_index("code")["message"]
    assert messages["kr_not_measurable"] == 'the title "' + "a" * 119 + '" has no number and no end state that can be checked'
