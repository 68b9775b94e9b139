"""The customer-shareable export of one account: an HTML scorecard and CSV files holding that
customer's data alone, plus the definitions of the metrics shown.

Isolation is by construction: every frame is filtered to the account before it reaches this
module, only whitelisted columns are written (no internal notes, no decision texts, no
override approvers, no segment benchmarks built from other customers), and
`check_isolation` refuses to write a file whose rows name another account.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .account import drivers_chart, metrics_table, score_cards, trend_chart
from .html import as_date, is_missing, page, table

Row = dict[str, Any]

#: Columns of the scorecard rows the customer receives.
SCORECARD_COLUMNS: tuple[str, ...] = (
    "account_id",
    "account_name",
    "month_start",
    "overall_score",
    "overall_band",
    "business_impact_score",
    "business_impact_band",
    "adoption_score",
    "adoption_band",
    "value_delivered_score",
    "value_delivered_band",
    "confidence",
    "score_change_1m",
    "score_change_3m",
    "driver_1_metric_id",
    "driver_1_points_lost",
    "driver_2_metric_id",
    "driver_2_points_lost",
    "driver_3_metric_id",
    "driver_3_points_lost",
)
#: Columns of the metric rows the customer receives.
METRIC_COLUMNS: tuple[str, ...] = (
    "account_id",
    "month_start",
    "metric_id",
    "metric_name",
    "outcome_level",
    "unit",
    "metric_value",
    "is_missing",
    "missing_reason",
    "baseline_value",
    "target_value",
    "is_target_met",
)
#: Registry columns that define a metric for the customer.
DEFINITION_COLUMNS: tuple[str, ...] = (
    "metric_id",
    "metric_name",
    "outcome_level",
    "unit",
    "direction",
    "update_frequency",
    "missing_data_rule",
    "description",
)


class IsolationError(RuntimeError):
    """A customer export would contain another account's rows."""


def check_isolation(rows: Sequence[Row], account_id: str) -> None:
    """Refuse rows whose account_id names any other account."""
    others = {str(r["account_id"]) for r in rows if "account_id" in r} - {account_id}
    if others:
        raise IsolationError(
            f"customer export of {account_id} would contain rows of {sorted(others)[:3]}"
        )


def _write_csv(path: Path, rows: Sequence[Row], columns: Sequence[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if is_missing(r.get(c)) else _csv_value(r.get(c)) for c in columns])


def _csv_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def band_sentence(bands: Sequence[Row]) -> str:
    """The score bands in words, from the score_bands seed (e.g. ": red from 0, ...")."""
    parts = [f"{b['band']} from {float(b['min_score']):g}" for b in bands]
    return f": {', '.join(parts)}" if parts else ""


def write_customer_export(
    folder: Path,
    history: Sequence[Row],
    metrics: Sequence[Row],
    registry: Sequence[Row],
    generated: dt.date,
    bands: Sequence[Row] = (),
) -> list[Path]:
    """Write scorecard.html, scorecard_rows.csv, metric_rows.csv and metric_definitions.csv
    for one account into `folder`; returns the files written."""
    latest = history[-1]
    account_id = str(latest["account_id"])
    name = str(latest["account_name"])
    check_isolation(history, account_id)
    check_isolation(metrics, account_id)
    shown = {str(m["metric_id"]) for m in metrics} | {
        str(latest[f"driver_{k}_metric_id"])
        for k in (1, 2, 3)
        if not is_missing(latest.get(f"driver_{k}_metric_id"))
    }
    definitions = [d for d in registry if d["metric_id"] in shown]
    names = {str(d["metric_id"]): str(d["metric_name"]) for d in registry}
    month = as_date(latest["month_start"])
    definition_rows = [
        [
            d["metric_name"],
            str(d["outcome_level"]).replace("_", " "),
            d["unit"],
            str(d["direction"]).replace("_", " "),
            d["description"],
        ]
        for d in definitions
    ]
    body = (
        score_cards(latest)
        + "<h2>Score trend</h2>"
        + trend_chart(history, name)
        + f"<h2>Your metrics against baseline and target ({month:%B %Y})</h2>"
        + metrics_table(metrics, with_owner=False)
        + "<h2>What holds the score back</h2>"
        + drivers_chart(latest, names)
        + "<h2>Metric definitions</h2>"
        + table(["Metric", "Level", "Unit", "Direction", "Definition"], definition_rows)
        + '<p class="note">Scores run from 0 to 100 against the targets agreed for your '
        f"segment{band_sentence(bands)}. A metric without data has no score and is never "
        "counted as red. The rows behind this page are in scorecard_rows.csv and "
        "metric_rows.csv beside it.</p>"
    )
    folder.mkdir(parents=True, exist_ok=True)
    html_path = folder / "scorecard.html"
    html_path.write_text(
        page(
            f"{name} — your outcome scorecard",
            f"{month:%B %Y} · prepared for {name}",
            body,
            f"Generated {generated.isoformat()}. This file holds your organisation's data only.",
        ),
        encoding="utf-8",
    )
    paths = [html_path]
    for filename, rows, columns in (
        ("scorecard_rows.csv", history, SCORECARD_COLUMNS),
        ("metric_rows.csv", metrics, METRIC_COLUMNS),
        ("metric_definitions.csv", definitions, DEFINITION_COLUMNS),
    ):
        path = folder / filename
        _write_csv(path, rows, columns)
        paths.append(path)
    return paths
