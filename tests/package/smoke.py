"""Smoke test of an installed okr package (wheel or sdist build), run from outside the source tree:
the version is the one CMakeLists.txt declares, the extension loads, the bundled example scores."""

import importlib.metadata
import os
import re
import subprocess
import sys

import okr

root = sys.argv[1]
with open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8") as f:
    cmake_version = re.search(r"^project\(okr\s+VERSION\s+(\S+)", f.read(), re.M).group(1)
versions = {"CMakeLists.txt": cmake_version, "okr.__version__": okr.__version__,
            "wheel metadata": importlib.metadata.version("okr")}
assert len(set(versions.values())) == 1, versions
assert not okr.__file__.startswith(os.path.join(root, "python")), okr.__file__

g = okr.load(okr.example_path())
score = g.scores(as_of="2026-09-07").loc["kr-fin-ar", "score"]
assert score == 0.5625, score
assert len(g.lint()) > 0
report = subprocess.run([sys.executable, "-m", "okr", "report", "--as-of", "2026-09-07"], check=True,
                        capture_output=True, text=True).stdout
assert "kr-fin-ar" in report or "Objectives" in report, report[:200]
print(f"okr {okr.__version__} from {os.path.dirname(okr.__file__)}: ok")
