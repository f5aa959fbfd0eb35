"""The tutorial notebook (examples/does_training_work.ipynb) runs top to bottom without an error, in
a kernel of this interpreter, and draws its plots."""

import json
import os
import sys

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
NOTEBOOK = os.path.join(ROOT, "examples", "does_training_work.ipynb")


@pytest.fixture
def kernel_of_this_python(tmp_path, monkeypatch):
    """A "python3" kernelspec running this interpreter (the one okr is installed in), found first."""
    spec = tmp_path / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python", "env": {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    return "python3"


def test_the_tutorial_notebook_runs(kernel_of_this_python, tmp_path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    # Stored without outputs: what readers see is what this run produces.
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name=kernel_of_this_python,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on any failing cell
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.data]
    assert len(images) >= 3, "the score, KPI and lag plots"
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "lessons_completed leads escalations_t1_t2 by 3 weeks" in text
