import json

import pytest

HEAD = {
    "format": "okr",
    "version": 1,
    "cycles": [{"id": "q3", "start": "2026-07-01", "end": "2026-09-30"}],
    "objectives": [{"id": "o", "title": "O", "cycle": "q3"}, {"id": "p", "title": "P", "cycle": "q3"}],
}


def make_doc(key_results=(), links=(), checkins=(), **extra):
    d = dict(HEAD)
    d["key_results"] = list(key_results)
    d["links"] = list(links)
    d["checkins"] = list(checkins)
    d.update(extra)
    return json.dumps(d)


@pytest.fixture
def doc():
    return make_doc
