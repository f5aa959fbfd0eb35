"""The report's charts as small inline SVG (no script, font or image fetched): score bars with a
forecast interval, and the lag plot (correlation by lag with its interval).

Hand-written rather than matplotlib's SVG backend: a bar is three rectangles, and a lag plot
about 2 kB, where matplotlib writes 20-50 kB per chart (glyph paths for every label) and costs a
second to import; the page stays small and its text stays text (selectable, readable aloud).
"""

from __future__ import annotations

import html
from typing import List, Optional, Sequence

__all__ = ["score_bar", "lag_plot"]


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def score_bar(score: Optional[float], low: Optional[float] = None, high: Optional[float] = None, status: str = "",
              width: int = 120, height: int = 12, label: Optional[str] = None) -> str:
    """A horizontal bar: the score filled, the forecast interval as a line over it. With `label`
    it is an image with that title; without, decoration beside text that says the same (hidden
    from screen readers). Sized by the stylesheet (svg.bar): a tree repeats it for every node."""
    head = (f'<svg class="bar" role="img" viewBox="0 0 {width} {height}"><title>{html.escape(label)}</title>' if label
            else f'<svg class="bar" aria-hidden="true" viewBox="0 0 {width} {height}">')
    parts = [head]  # (the track is the svg's background, set by the stylesheet)
    if score is not None:
        w = max(0.0, min(1.0, score)) * width
        parts.append(f'<rect class="f {html.escape(status)}" width="{_f(w)}" height="{height}"/>')
    if low is not None and high is not None:
        x0, x1 = max(0.0, min(1.0, low)) * width, max(0.0, min(1.0, high)) * width
        y = height / 2
        parts.append(f'<line class="iv" x1="{_f(x0)}" y1="{_f(y)}" x2="{_f(x1)}" y2="{_f(y)}"/>')
    parts.append("</svg>")
    return "".join(parts)


def lag_plot(lags: Sequence[int], r: Sequence[Optional[float]], low: Sequence[Optional[float]],
             high: Sequence[Optional[float]], title: str, width: int = 360, height: int = 180) -> str:
    """Correlation by lag (−1..1) with its interval as a band; lag on x, r on y, zero line."""
    ml, mr, mt, mb = 34, 8, 8, 26
    pw, ph = width - ml - mr, height - mt - mb
    n = len(lags)

    def x(i: int) -> float:
        return ml + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return mt + ph * (1 - (v + 1) / 2)

    parts: List[str] = [
        f'<svg class="lagplot" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{html.escape(title)}</title>",
    ]
    for v in (-1, -0.5, 0, 0.5, 1):
        cls = "axis zero" if v == 0 else "grid"
        parts.append(f'<line class="{cls}" x1="{ml}" y1="{_f(y(v))}" x2="{ml + pw}" y2="{_f(y(v))}"/>')
        parts.append(f'<text class="tick" x="{ml - 4}" y="{_f(y(v) + 3)}" text-anchor="end">{v:g}</text>')
    band_top = [(x(i), y(h)) for i, h in enumerate(high) if h is not None]
    band_bot = [(x(i), y(lo)) for i, lo in reversed(list(enumerate(low))) if lo is not None]
    if band_top and band_bot:
        pts = " ".join(f"{_f(a)},{_f(b)}" for a, b in band_top + band_bot)
        parts.append(f'<polygon class="band" points="{pts}"/>')
    pts = " ".join(f"{_f(x(i))},{_f(y(v))}" for i, v in enumerate(r) if v is not None)
    if pts:
        parts.append(f'<polyline class="line" points="{pts}"/>')
    for i, v in enumerate(r):
        if v is not None:
            parts.append(f'<circle class="point" cx="{_f(x(i))}" cy="{_f(y(v))}" r="2.5"><title>lag {lags[i]}: r = {v:.2f}</title></circle>')
    step = max(1, n // 7)
    for i in range(0, n, step):
        parts.append(f'<text class="tick" x="{_f(x(i))}" y="{height - 12}" text-anchor="middle">{lags[i]}</text>')
    parts.append(f'<text class="label" x="{ml + pw / 2:.0f}" y="{height - 1}" text-anchor="middle">lag (weeks the driver leads)</text>')
    parts.append("</svg>")
    return "".join(parts)
