"""HTML building blocks: a self-contained page (inline CSS), escaped tables, value formats."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from .charts import BAND_COLOURS

_CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px auto;
max-width:1100px;color:#222;padding:0 16px}
h1{margin-bottom:2px}h2{margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#666;margin-top:0}
table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}
th,td{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f5f5f5}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.band{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}
.card{border:1px solid #ddd;border-radius:8px;padding:10px 16px;min-width:180px}
.card .score{font-size:30px;font-weight:600}
.narrative{background:#f7f9fc;border-left:4px solid #1f3a93;padding:10px 16px}
.note{color:#666;font-size:12px}
footer{margin-top:32px;color:#888;font-size:12px}
"""


def esc(value: Any) -> str:
    """Escaped text of a value; empty for None / NaN."""
    if is_missing(value):
        return ""
    return escape(str(value))


def is_missing(value: Any) -> bool:
    """Whether a value is None, NaN or pandas' NA / NaT."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except (TypeError, ValueError):
        return str(value) in {"<NA>", "NaT"}


def fmt_score(value: Any) -> str:
    """A 0–100 score with one decimal, or an em dash."""
    return "—" if is_missing(value) else f"{float(value):.1f}"


def fmt_change(value: Any) -> str:
    """A signed change in points, or an em dash."""
    return "—" if is_missing(value) else f"{float(value):+.1f}"


def fmt_value(value: Any, unit: str | None) -> str:
    """A metric value in its registry unit (ratio and share as percentages)."""
    if is_missing(value):
        return "—"
    v = float(value)
    if unit in {"ratio", "share"}:
        return f"{100 * v:.1f}%"
    if unit == "count":
        return f"{v:,.1f}" if abs(v - round(v)) > 1e-9 else f"{v:,.0f}"
    if unit == "days":
        return f"{v:,.0f} days"
    if unit == "hours":
        return f"{v:,.0f} h"
    if unit == "multiple":
        return f"{v:.2f}×"
    if unit == "score":
        return f"{v:.1f}"
    if math.isfinite(v) and abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.3g}"


def fmt_money(value: Any) -> str:
    """An amount in currency units with thousands separators, or an em dash."""
    return "—" if is_missing(value) else f"{float(value):,.0f}"


def as_date(value: Any) -> dt.date:
    """A date from a date, datetime or pandas Timestamp."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def fmt_date(value: Any) -> str:
    """ISO date of a date or timestamp, or empty."""
    if is_missing(value):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def band_badge(band: Any) -> str:
    """A coloured badge for a band (red, yellow, green, insufficient_data, no_data)."""
    name = "no data" if is_missing(band) else str(band).replace("_", " ")
    colour = BAND_COLOURS.get("no_data" if is_missing(band) else str(band), "#9e9e9e")
    return f'<span class="band" style="background:{colour}">{escape(name)}</span>'


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    numeric: Sequence[int] = (),
    raw: Sequence[int] = (),
) -> str:
    """An HTML table. Cells are escaped, except in the `raw` columns (already HTML)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            text = str(cell) if i in raw else esc(cell)
            cls = ' class="num"' if i in numeric else ""
            cells.append(f"<td{cls}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(headers)}" class="note">None.</td></tr>')
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def page(title: str, subtitle: str, body: str, footer: str) -> str:
    """A complete, self-contained HTML document (inline CSS, no external resources)."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"><title>{escape(title)}</title>'
        f"<style>{_CSS}</style></head><body><h1>{escape(title)}</h1>"
        f'<p class="sub">{escape(subtitle)}</p>{body}<footer>{escape(footer)}</footer>'
        "</body></html>\n"
    )
