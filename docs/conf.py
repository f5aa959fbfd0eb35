"""Sphinx configuration of the okr documentation site.

Build it with `scripts/dev.sh docs` (into build/docs/html, warnings are errors). The Markdown
pages of this directory are its chapters (MyST); the Python reference comes from the docstrings
(numpydoc), the C and C++ reference from the headers' comments (Doxygen XML read by breathe);
the tutorial notebook (examples/does_training_work.ipynb) is executed and rendered by nbsphinx.
"""

import json
import os
import re
import shutil
import subprocess
import sys

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)
BUILD = os.environ.get("OKR_DOCS_BUILD", os.path.join(ROOT, "build", "docs"))

with open(os.path.join(ROOT, "CMakeLists.txt"), encoding="utf-8") as f:
    release = re.search(r"^project\(okr\s+VERSION\s+(\S+)", f.read(), re.M).group(1)
version = release
project = "okr"
author = "the okr authors"
copyright = "2026, the okr authors"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "numpydoc",
    "breathe",
    "nbsphinx",
]

# ---- Doxygen: the C and C++ headers into XML (docs/Doxyfile; a warning fails the build) ----
doxygen_out = os.path.join(BUILD, "doxygen")
os.makedirs(doxygen_out, exist_ok=True)
subprocess.run(["doxygen", os.path.join("docs", "Doxyfile")], cwd=ROOT, check=True,
               env=dict(os.environ, OKR_DOXYGEN_OUT=doxygen_out))
breathe_projects = {"okr": os.path.join(doxygen_out, "xml")}
breathe_default_project = "okr"
breathe_domain_by_extension = {"h": "c", "hpp": "cpp"}
breathe_show_include = True

# ---- the tutorial notebook lives with the examples; the site renders a copy, executed ----
shutil.copy2(os.path.join(ROOT, "examples", "does_training_work.ipynb"),
             os.path.join(DOCS, "tutorial.ipynb"))
# The kernel is this interpreter (the one okr is installed in), whatever "python3" means elsewhere.
kernels = os.path.join(BUILD, "jupyter")
os.makedirs(os.path.join(kernels, "kernels", "python3"), exist_ok=True)
with open(os.path.join(kernels, "kernels", "python3", "kernel.json"), "w", encoding="utf-8") as f:
    json.dump({"argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
               "display_name": "Python 3", "language": "python",
               "env": {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}}, f)
os.environ["JUPYTER_PATH"] = kernels
nbsphinx_execute = "always"
nbsphinx_timeout = 300
nbsphinx_allow_errors = False
nbsphinx_kernel_name = "python3"

# ---- Markdown chapters ----
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]
exclude_patterns = ["_build", "Doxyfile", "**.ipynb_checkpoints"]

# ---- Python reference ----
autodoc_typehints = "none"
autodoc_member_order = "bysource"
numpydoc_show_class_members = False
numpydoc_xref_param_type = False

# ---- HTML ----
html_theme = "furo"
html_title = f"okr {release}"
html_static_path = []
html_copy_source = False
suppress_warnings = []
