"""Charts as inline SVG strings: no plotting library, no network needed to view them.

Every chart is an ``<svg>`` element with a ``<title>`` (read by screen readers) and the
``class="chart"`` attribute the report tests look for.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

#: Band colours shared with the HTML badges.
BAND_COLOURS = {
    "green": "#2e7d32",
    "yellow": "#f9a825",
    "red": "#c62828",
    "insufficient_data": "#9e9e9e",
    "no_data": "#9e9e9e",
}
#: Light backgrounds for the score bands behind a 0–100 chart.
_BAND_FILLS = (("#fdecea", 0.0, 50.0), ("#fff8e1", 50.0, 75.0), ("#e8f5e9", 75.0, 100.0))
SERIES_COLOURS = ("#1f3a93", "#00897b", "#8e24aa", "#ef6c00", "#5d4037", "#546e7a", "#c2185b")


@dataclass(frozen=True)
class Series:
    """One line of a line chart: a name and a value per x position (None = gap)."""

    name: str
    values: Sequence[float | None]
    colour: str
    width: float = 2.0


def _num(value: float) -> str:
    return f"{value:.1f}"


def _tick(value: float) -> str:
    return f"{value:.3g}"


def line_chart(
    title: str,
    months: Sequence[dt.date],
    series: Sequence[Series],
    width: int = 720,
    height: int = 260,
    score_bands: bool = True,
) -> str:
    """A line chart of 0–100 scores over months, with the red / yellow / green bands behind.

    Gaps (None) break a line rather than being drawn as zero.
    """
    left, right, top, bottom = 40, 150, 24, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(months), 1)

    def x(i: int) -> float:
        return left + (plot_w * (i / (n - 1)) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - max(0.0, min(100.0, v)) / 100.0)

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    if score_bands:
        for fill, lo, hi in _BAND_FILLS:
            parts.append(
                f'<rect x="{left}" y="{_num(y(hi))}" width="{plot_w}" '
                f'height="{_num(y(lo) - y(hi))}" fill="{fill}"/>'
            )
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{_num(y(tick))}" y2="{_num(y(tick))}" '
            'stroke="#ddd" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{_num(y(tick) + 4)}" font-size="10" text-anchor="end" '
            f'fill="#555">{tick}</text>'
        )
    step = max(1, math.ceil(n / 8))
    for i, month in enumerate(months):
        if i % step == 0 or i == n - 1:
            parts.append(
                f'<text x="{_num(x(i))}" y="{height - bottom + 16}" font-size="10" '
                f'text-anchor="middle" fill="#555">{month:%b %y}</text>'
            )
    for k, s in enumerate(series):
        segments: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(s.values):
            if value is None or (isinstance(value, float) and math.isnan(value)):
                if segments[-1]:
                    segments.append([])
                continue
            segments[-1].append((x(i), y(float(value))))
        for seg in segments:
            if len(seg) == 1:
                px, py = seg[0]
                parts.append(f'<circle cx="{_num(px)}" cy="{_num(py)}" r="2.5" fill="{s.colour}"/>')
            elif seg:
                points = " ".join(f"{_num(px)},{_num(py)}" for px, py in seg)
                parts.append(
                    f'<polyline points="{points}" fill="none" stroke="{s.colour}" '
                    f'stroke-width="{s.width}" stroke-linejoin="round"/>'
                )
        ly = top + 12 + 16 * k
        parts.append(
            f'<line x1="{left + plot_w + 12}" x2="{left + plot_w + 30}" y1="{ly - 4}" '
            f'y2="{ly - 4}" stroke="{s.colour}" stroke-width="{s.width + 1}"/>'
            f'<text x="{left + plot_w + 36}" y="{ly}" font-size="11" fill="#333">'
            f"{escape(s.name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    colours: Sequence[str] | None = None,
    unit: str = "",
    width: int = 720,
    bar_height: int = 18,
) -> str:
    """Horizontal bars, largest first as given, each labelled with its value."""
    left, right, top = 220, 70, 8
    height = top * 2 + max(len(labels), 1) * (bar_height + 6)
    plot_w = width - left - right
    top_value = max([abs(v) for v in values] + [1e-9])
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        yy = top + i * (bar_height + 6)
        w = plot_w * abs(value) / top_value
        colour = colours[i] if colours else SERIES_COLOURS[0]
        parts.append(
            f'<text x="{left - 8}" y="{yy + bar_height - 5}" font-size="11" text-anchor="end" '
            f'fill="#333">{escape(label)}</text>'
            f'<rect x="{left}" y="{yy}" width="{_num(w)}" height="{bar_height}" '
            f'fill="{colour}" rx="2"/>'
            f'<text x="{_num(left + w + 6)}" y="{yy + bar_height - 5}" font-size="11" '
            f'fill="#333">{value:.1f}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_share_chart(
    title: str,
    labels: Sequence[str],
    shares: Sequence[Sequence[float]],
    names: Sequence[str],
    colours: Sequence[str],
    width: int = 720,
    bar_height: int = 18,
) -> str:
    """Horizontal 100% stacked bars (e.g. the share of accounts per band in each segment)."""
    left, right, top = 220, 20, 26
    height = top + 8 + max(len(labels), 1) * (bar_height + 6)
    plot_w = width - left - right
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
    ]
    for k, (name, colour) in enumerate(zip(names, colours, strict=True)):
        lx = left + k * 120
        parts.append(
            f'<rect x="{lx}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{lx + 16}" y="16" font-size="11" fill="#333">{escape(name)}</text>'
        )
    for i, (label, row) in enumerate(zip(labels, shares, strict=True)):
        yy = top + i * (bar_height + 6)
        parts.append(
            f'<text x="{left - 8}" y="{yy + bar_height - 5}" font-size="11" text-anchor="end" '
            f'fill="#333">{escape(label)}</text>'
        )
        xx = float(left)
        for share, colour in zip(row, colours, strict=True):
            w = plot_w * max(0.0, float(share))
            if w > 0:
                parts.append(
                    f'<rect x="{_num(xx)}" y="{yy}" width="{_num(w)}" height="{bar_height}" '
                    f'fill="{colour}"/>'
                )
            xx += w
    parts.append("</svg>")
    return "".join(parts)


def interval_chart(
    title: str,
    labels: Sequence[str],
    estimates: Sequence[float | None],
    lows: Sequence[float | None],
    highs: Sequence[float | None],
    width: int = 720,
    row_height: int = 30,
) -> str:
    """Point estimates with their confidence intervals, and a line at zero (no effect).

    Rows without an estimate are labelled "no causal estimate" instead of being drawn.
    """
    left, right, top = 220, 40, 22
    height = top + 10 + max(len(labels), 1) * row_height + 16
    plot_w = width - left - right
    bounds = [v for v in [*lows, *highs, *estimates, 0.0] if v is not None]
    lo, hi = min(bounds), max(bounds)
    pad = (hi - lo) * 0.1 or 1.0
    lo, hi = lo - pad, hi + pad

    def x(v: float) -> float:
        return left + plot_w * (v - lo) / (hi - lo)

    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{_num(x(0))}" x2="{_num(x(0))}" y1="{top - 4}" y2="{height - 16}" '
        'stroke="#999" stroke-dasharray="4 3"/>',
        f'<text x="{_num(x(0))}" y="{top - 8}" font-size="10" text-anchor="middle" '
        'fill="#555">0 = no effect</text>',
        f'<text x="{left}" y="{height - 4}" font-size="10" fill="#555">{_tick(lo)}</text>',
        f'<text x="{left + plot_w}" y="{height - 4}" font-size="10" text-anchor="end" '
        f'fill="#555">{_tick(hi)}</text>',
    ]
    for i, label in enumerate(labels):
        yy = top + i * row_height + row_height / 2
        parts.append(
            f'<text x="{left - 8}" y="{_num(yy + 4)}" font-size="11" text-anchor="end" '
            f'fill="#333">{escape(label)}</text>'
        )
        est, low, high = estimates[i], lows[i], highs[i]
        if est is None or low is None or high is None:
            parts.append(
                f'<text x="{left + 4}" y="{_num(yy + 4)}" font-size="11" fill="#777">'
                "no causal estimate (observational)</text>"
            )
            continue
        colour = "#2e7d32" if low > 0 or high < 0 else "#546e7a"
        parts.append(
            f'<line x1="{_num(x(low))}" x2="{_num(x(high))}" y1="{_num(yy)}" y2="{_num(yy)}" '
            f'stroke="{colour}" stroke-width="3"/>'
            f'<circle cx="{_num(x(est))}" cy="{_num(yy)}" r="5" fill="{colour}"/>'
        )
    parts.append("</svg>")
    return "".join(parts)
