"""The HTML report: one self-contained page, checked in headless Chromium (no console error, no
network request, every section visible, the scorecard's red cells and the roll-up's scores equal to
the library's), its JSON twin, the command line's formats and errors."""

import json
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import okr
from okr import report

AS_OF = "2026-09-07"
SECTIONS = ["summary", "rollup", "attention", "alignment", "scorecard", "rocks", "coach", "kpi"]


@pytest.fixture(scope="module")
def graph():
    return okr.load(okr.example_path())


@pytest.fixture(scope="module")
def page(graph, tmp_path_factory):
    text = report.html(graph, as_of=AS_OF, source="learning_platform.json")
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(text, encoding="utf-8")
    return path, text


def test_page_is_self_contained(page):
    _, text = page
    assert text.startswith("<!DOCTYPE html>")
    for sid in SECTIONS:
        assert f'<section id="{sid}"' in text
    lowered = text.lower()
    for fetch in ("<script", "<link", "src=", "@import", "url(", "http://", "https://"):
        assert fetch not in lowered, fetch
    assert '<html lang="en">' in text and "<svg" in text and "<title>" in text
    assert len(text.encode()) < 1_000_000


def test_headings_in_order_and_tables_with_headers(page):
    _, text = page
    import re

    levels = [int(h) for h in re.findall(r"<h([1-6])", text)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert text.count("<table") == text.count("<thead>") or text.count("<th") >= text.count("<table")


def test_json_document_has_the_same_content(graph):
    doc = report.data(graph, as_of=AS_OF, source="learning_platform.json")
    text = json.dumps(doc, allow_nan=False)  # JSON proper: no NaN
    again = json.loads(text)
    assert again["format"] == "okr-report" and again["version"] == 1 and again["as_of"] == AS_OF
    assert list(again)[4:] == SECTIONS
    scores = graph.scores(as_of=AS_OF)
    top = again["rollup"]["top"][0]
    assert top["score"] == scores.loc[top["id"], "score"]
    rocks = {r["id"]: r for r in again["rocks"]["rows"]}
    assert rocks["o-ms-rock"]["status"] == "off_track" and rocks["o-ms-rock"]["overdue"][0]["due"] == "2026-08-28"
    assert {f["code"] for f in again["coach"]["findings"]} == {"objective_no_why_now", "low_bottom_up_share"}
    assert {"severity": "info", "code": "low_bottom_up_share", "count": 4} in again["coach"]["counts"]
    assert again["kpi"]["lag_plots"][0]["driver"] == "lessons_completed"


def test_large_tree_is_cut_to_its_top_levels(graph):
    doc = report.data(graph, as_of=AS_OF)
    from okr.report_data import report_data
    from okr.report_html import render

    cut = report_data(graph, as_of=AS_OF, tree_limit=20)
    assert doc["rollup"]["cut_to_depth"] is None
    assert cut["rollup"]["cut_to_depth"] >= 1
    html = render(cut)
    assert "the tree is cut to its top" in html and "below, not shown" in html


def test_library_calls_are_silent(graph, capsys):
    report.html(graph, as_of=AS_OF)
    out, err = capsys.readouterr()
    assert out == "" and err == ""


def _browser():
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("Chromium and chromedriver are not installed (scripts/dev.sh test installs them)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("python3-selenium is not installed (scripts/dev.sh test installs it)")
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


def test_page_in_headless_chromium(graph, page):
    from selenium.webdriver.common.by import By

    path, _ = page
    driver = _browser()
    try:
        url = path.resolve().as_uri()
        driver.get(url)
        errors = [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == []
        requests = []
        for entry in driver.get_log("performance"):
            msg = json.loads(entry["message"])["message"]
            if msg["method"] == "Network.requestWillBeSent":
                requests.append(msg["params"]["request"]["url"])
        assert requests == [url] or requests == []  # the page itself, nothing else

        for sid in SECTIONS:
            el = driver.find_element(By.ID, sid)
            assert el.is_displayed(), sid
            assert el.find_element(By.TAG_NAME, "h2").text

        # The scorecard's red cells are the library's off-goal cells.
        card = graph.scorecard(as_of=AS_OF)
        want = {(kpi, p.date().isoformat()) for kpi in card.on_goal.index for p in card.on_goal.columns
                if not pd.isna(card.on_goal.loc[kpi, p]) and not card.on_goal.loc[kpi, p]}
        got = set()
        for cell in driver.find_elements(By.CSS_SELECTOR, "#scorecard td.cell.off"):
            row = cell.find_element(By.XPATH, "./ancestor::tr")
            got.add((row.get_attribute("data-kpi"), cell.get_attribute("data-period")))
            assert cell.text.startswith("✗")  # a symbol, not colour alone
            assert cell.value_of_css_property("background-color") != cell.find_element(
                By.XPATH, "./ancestor::table").value_of_css_property("background-color")
        assert got == want and len(want) > 5

        # The roll-up tree's scores are Graph.scores().
        scores = graph.scores(as_of=AS_OF)["score"]
        nodes = driver.find_elements(By.CSS_SELECTOR, "#rollup [data-id]")
        assert len(nodes) > 40
        for n in nodes:
            node, shown = n.get_attribute("data-id"), n.get_attribute("data-score")
            want_score = scores[node]
            assert (shown == "" and pd.isna(want_score)) or float(shown) == want_score, node
            assert f"{want_score * 100:.0f}%" in n.text
        # Printed on A4 (186 mm between 12 mm margins: 703 CSS px), nothing is wider than the page.
        driver.set_window_size(703, 1000)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        wide = driver.execute_script(
            "const w = document.documentElement.clientWidth;"
            "return [...document.querySelectorAll('table, figure, .node, svg')]"
            ".filter(e => e.getBoundingClientRect().right > w + 1).map(e => (e.closest('section') || {}).id);")
        assert wide == []
        # Dark mode: a dark background and light text.
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                               {"media": "", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        body = driver.find_element(By.TAG_NAME, "body")
        bg, fg = body.value_of_css_property("background-color"), body.value_of_css_property("color")
        assert bg == "rgba(13, 17, 23, 1)" and fg == "rgba(230, 237, 243, 1)", (bg, fg)
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})
        driver.set_window_size(1280, 1000)
        # Collapsible without script: a click on a summary closes its subtree.
        first = driver.find_element(By.CSS_SELECTOR, "#rollup details")
        first.find_element(By.TAG_NAME, "summary").click()
        assert first.get_attribute("open") is None
    finally:
        driver.quit()


def run(*args):
    return subprocess.run([sys.executable, "-m", "okr", "report", *args], capture_output=True, text=True)


def test_command_line_formats(tmp_path):
    out = tmp_path / "r.html"
    r = run("--as-of", AS_OF, "--format", "html", "-o", str(out))
    assert r.returncode == 0 and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # created as open() would, not private
    j = run("--as-of", AS_OF, "--format", "json")
    assert j.returncode == 0 and json.loads(j.stdout)["format"] == "okr-report"
    assert run("--as-of", AS_OF).stdout.startswith("okr organisation report")


def test_command_line_errors_leave_no_partial_file(tmp_path):
    out = tmp_path / "r.html"
    out.write_text("previous", encoding="utf-8")
    bad_date = run("--as-of", "2026-02-30", "--format", "html", "-o", str(out))
    assert bad_date.returncode == 2 and "okr: error:" in bad_date.stderr and "as_of" in bad_date.stderr
    assert out.read_text(encoding="utf-8") == "previous"
    nowhere = run("--as-of", AS_OF, "--format", "html", "-o", str(tmp_path / "no" / "such" / "dir" / "r.html"))
    assert nowhere.returncode == 2 and "okr: error:" in nowhere.stderr
    assert run("--format", "pdf").returncode == 2
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]  # no temporary file left behind
