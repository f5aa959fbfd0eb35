"""okr.plot draws what it says (rendered with the Agg backend)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import okr  # noqa: E402
import okr.plot  # noqa: E402


def test_plots_render(tmp_path):
    g = okr.load(okr.example_path())
    ax = okr.plot.scores(g, as_of="2026-09-07")
    assert len(ax.patches) == len(g.scores("2026-09-07").query("kind == 'objective'"))
    ax.figure.savefig(tmp_path / "scores.png")
    k = g.kpis()
    ax2 = okr.plot.lagged(okr.lagged(k["lessons_completed"], k["escalations_t1_t2"], lags=range(0, 7)))
    assert ax2.get_xlabel().startswith("lag")
    ax3 = okr.plot.kpis(k, columns=["lessons_completed", "escalations_t1_t2"])
    assert len(ax3.lines) == 2
    plt.close("all")


def test_scores_plot_refuses_an_unknown_kind():
    import pytest

    g = okr.load(okr.example_path())
    assert len(okr.plot.scores(g, as_of="2026-09-07", kind="key_result").patches) == 43
    with pytest.raises(okr.InvalidArgumentError, match="kind:.*'objectives'"):
        okr.plot.scores(g, as_of="2026-09-07", kind="objectives")  # an empty chart before
    plt.close("all")
