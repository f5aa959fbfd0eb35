#!/usr/bin/env python3
"""Regenerates docs/report.png: the example organisation's HTML report in headless Chromium.

    .venv/bin/python scripts/report_screenshot.py
"""
import os
import shutil
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

import okr
from okr import report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

with tempfile.TemporaryDirectory() as d:
    page = os.path.join(d, "report.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(report.html(okr.load(okr.example_path()), as_of="2026-09-07", source="learning_platform.json"))
    opts = webdriver.ChromeOptions()
    opts.binary_location = shutil.which("chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1100,1400", "--hide-scrollbars"):
        opts.add_argument(a)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    try:
        driver.get("file://" + page)
        driver.save_screenshot(os.path.join(ROOT, "docs", "report.png"))
    finally:
        driver.quit()
