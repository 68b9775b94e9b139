"""The internal per-account scorecard report (for the account team)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from .charts import BAND_COLOURS, SERIES_COLOURS, Series, bar_chart, line_chart
from .html import (
    as_date,
    band_badge,
    esc,
    fmt_change,
    fmt_date,
    fmt_money,
    fmt_score,
    fmt_value,
    is_missing,
    page,
    table,
)
from .narrative import LEVELS, account_narrative

Row = dict[str, Any]


def _num(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def score_cards(latest: Row) -> str:
    """The overall and level scores of a scorecard row, as cards with their bands."""
    cards = [("Overall", latest["overall_score"], latest["overall_band"], latest.get("confidence"))]
    cards += [
        (label, latest[f"{level}_score"], latest[f"{level}_band"], None)
        for level, label in LEVELS.items()
    ]
    html = []
    for label, score, band, confidence in cards:
        extra = (
            ""
            if is_missing(confidence)
            else f'<div class="note">confidence: {esc(confidence)}</div>'
        )
        html.append(
            f'<div class="card"><div>{esc(label)}</div><div class="score">{fmt_score(score)}</div>'
            f"{band_badge(band)}{extra}</div>"
        )
    return f'<div class="cards">{"".join(html)}</div>'


def trend_chart(history: Sequence[Row], name: str) -> str:
    """Overall and level scores over every month of the account's history."""
    months = [as_date(r["month_start"]) for r in history]
    series = [Series("Overall", [_num(r["overall_score"]) for r in history], "#111", 3.0)]
    for k, (level, label) in enumerate(LEVELS.items()):
        values = [_num(r[f"{level}_score"]) for r in history]
        series.append(Series(label, values, SERIES_COLOURS[k + 1], 1.5))
    return line_chart(f"Score trend of {name}", months, series)


def metrics_table(metrics: Sequence[Row], with_owner: bool) -> str:
    """Each metric against its baseline and target (and its owner for the internal report)."""
    headers = ["Metric", "Level", "Value", "Baseline", "Target", "Target met"]
    if with_owner:
        headers += ["Owner", "Note"]
    rows = []
    for m in metrics:
        unit = m.get("unit")
        met = m.get("is_target_met")
        row: list[Any] = [
            m["metric_name"],
            LEVELS.get(str(m["outcome_level"]), m["outcome_level"]),
            fmt_value(m["metric_value"], unit),
            fmt_value(m.get("baseline_value"), unit),
            fmt_value(m.get("target_value"), unit),
            "—" if is_missing(met) else ("yes" if met else "no"),
        ]
        if with_owner:
            note = m.get("missing_reason")
            if is_missing(note) and m.get("value_basis") not in (None, "measured"):
                note = m.get("value_basis")
            row += [f"{m.get('owner_name')} ({m.get('owner_team')})", note]
        rows.append(row)
    return table(headers, rows, numeric=(2, 3, 4))


def drivers_chart(latest: Row, metric_names: Mapping[str, str]) -> str:
    """The top drivers (points lost per metric) of the latest month, as bars."""
    labels, values = [], []
    for k in (1, 2, 3):
        metric = latest.get(f"driver_{k}_metric_id")
        points = latest.get(f"driver_{k}_points_lost")
        if not is_missing(metric) and not is_missing(points):
            labels.append(metric_names.get(str(metric), str(metric)))
            values.append(float(points))
    if not labels:
        return '<p class="note">No driver: no metric is scored this month.</p>'
    return bar_chart(
        "Top drivers: score points lost per metric",
        labels,
        values,
        colours=[BAND_COLOURS["red"]] * len(values),
        unit=" pts",
    )


def _insight_rows(insights: Sequence[Row]) -> list[list[Any]]:
    rows = []
    for r in insights[:6]:
        consistent = r["is_movement_consistent"]
        rows.append(
            [
                fmt_date(r["occurred_at"]),
                str(r["touchpoint_type"]).replace("_", " "),
                r["theme_name"],
                r["metric_name"],
                f"{r['sentiment_label']} ({int(r['sentiment']):+d})",
                "—" if is_missing(consistent) else ("yes" if consistent else "no"),
                r["notes"],
            ]
        )
    return rows


def _open_alerts(alerts: Sequence[Row], month: dt.date) -> list[Row]:
    """Open alerts when the alerts mart says which are open, else the latest month's."""
    if alerts and "is_open" in alerts[0]:
        return [a for a in alerts if a["is_open"]]
    return [a for a in alerts if as_date(a["month_start"]) == month]


def render_account(
    history: Sequence[Row],
    metrics: Sequence[Row],
    insights: Sequence[Row],
    decisions: Sequence[Row],
    alerts: Sequence[Row],
    metric_names: Mapping[str, str],
    generated: dt.date,
) -> str:
    """The internal HTML scorecard of one account (its own rows only, month order)."""
    latest = history[-1]
    name = str(latest["account_name"])
    month = as_date(latest["month_start"])
    narrative = "".join(
        f"<p>{esc(s)}</p>" for s in account_narrative(history, insights, decisions, metric_names)
    )
    decision_rows = [
        [
            fmt_date(r["review_date"]),
            r["forum"],
            r["decision_text"],
            r["owner"],
            fmt_date(r["due_date"]),
            "overdue" if r["is_overdue"] else "open",
        ]
        for r in decisions
    ]
    alert_rows = [
        [
            fmt_date(r["month_start"]),
            r["alert_type"],
            r["severity"],
            r["message"],
            r.get("recommended_action"),
        ]
        for r in _open_alerts(alerts, month)[:10]
    ]
    attrs = " · ".join(esc(latest.get(c)) for c in ("customer_type", "industry", "region"))
    body = (
        f'<p class="sub">{attrs} · plan {esc(latest.get("plan_key"))} · CSM '
        f"{esc(latest.get('csm_owner'))} · MRR {fmt_money(latest.get('mrr_amount'))} · "
        f"1-month change {fmt_change(latest.get('score_change_1m'))}, 3-month change "
        f"{fmt_change(latest.get('score_change_3m'))}</p>"
        + score_cards(latest)
        + f'<h2>Summary</h2><div class="narrative">{narrative}</div>'
        + "<h2>Score trend</h2>"
        + trend_chart(history, name)
        + f"<h2>Metrics against baseline and target ({month:%B %Y})</h2>"
        + metrics_table(metrics, with_owner=True)
        + "<h2>Top drivers</h2>"
        + drivers_chart(latest, metric_names)
        + "<h2>Recent insights</h2>"
        + table(
            ["Date", "Type", "Theme", "Metric", "Sentiment", "Metric moved as suggested", "Notes"],
            _insight_rows(insights),
        )
        + "<h2>Open decisions</h2>"
        + table(["Reviewed", "Forum", "Decision", "Owner", "Due", "Status"], decision_rows)
        + "<h2>Open alerts</h2>"
        + table(["Month", "Alert", "Severity", "Message", "Recommended action"], alert_rows)
    )
    return page(
        f"{name} — outcome scorecard",
        f"Account {latest['account_id']} · {month:%B %Y} · internal: not for the customer",
        body,
        f"Generated {generated.isoformat()} from the scorecard marts.",
    )
