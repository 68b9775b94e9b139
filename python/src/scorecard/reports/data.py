"""Reading the marts for the reports: one read-only DuckDB session, a handful of queries.

Every frame is loaded once for all accounts and split by account in memory, so writing 300
reports costs a few queries, not 300 × a few.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

Row = dict[str, Any]


class ReportError(RuntimeError):
    """The warehouse cannot be read for the reports (absent, locked, or a mart missing)."""


#: Marts (and the registry seed) the reports read, with the columns they need.
REQUIRED: dict[str, tuple[str, ...]] = {
    "marts.fct_account_scorecards_monthly": (
        "account_id",
        "month_start",
        "account_name",
        "customer_type",
        "overall_score",
        "overall_band",
    ),
    "marts.fct_account_metrics_monthly": ("account_id", "month_start", "metric_id"),
    "config.scorecard_metrics": ("metric_id", "metric_name", "description"),
    "config.score_bands": ("band", "min_score"),
    "marts.fct_segment_scorecards_monthly": ("segment_dimension", "segment_value"),
    "marts.fct_account_insights": ("touchpoint_id", "account_id"),
    "marts.fct_governance_decisions": ("decision_id", "status"),
    "marts.fct_action_priorities_monthly": ("segment_dimension", "priority_rank"),
    "marts.fct_intervention_effects": ("intervention_id", "estimate_type"),
    "marts.fct_quarterly_review_pack": ("segment_dimension", "quarter_start"),
    "marts.fct_scorecard_alerts": ("account_id", "alert_type", "severity", "message"),
}


@dataclass(frozen=True)
class ReportData:
    """Everything the reports show, as pandas frames."""

    as_of_month: dt.date
    #: Account-level rows as plain dicts (native Python values, None for null): fast to
    #: group and render 300 times over.
    scorecards: list[Row]
    metrics_latest: list[Row]
    registry: list[Row]
    bands: list[Row]
    insights: list[Row]
    decisions: list[Row]
    alerts: list[Row]
    #: Segment-level frames (a few pages only).
    segments: pd.DataFrame
    priorities: pd.DataFrame
    effects: pd.DataFrame
    review_pack: pd.DataFrame


def _connect(database: Path) -> duckdb.DuckDBPyConnection:
    if not Path(database).is_file():
        raise ReportError(
            f"Warehouse {database} not found. Build it first (`make build`) or pass --database."
        )
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as error:
        raise ReportError(
            f"Cannot open {database} read-only: {error}. A running dbt build probably holds the "
            "write lock; run the reports when it has finished."
        ) from error
    con.execute("set TimeZone = 'UTC'")
    return con


def _check_marts(con: duckdb.DuckDBPyConnection, database: Path) -> None:
    rows = con.execute(
        "select table_schema || '.' || table_name, column_name from information_schema.columns"
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set()).add(column)
    for table, needed in REQUIRED.items():
        if table not in columns:
            raise ReportError(
                f"{database} has no table {table}: run `dbt build` (the evidence marts are in "
                "models/marts/evidence) before `scorecard report`."
            )
        missing = [c for c in needed if c not in columns[table]]
        if missing:
            raise ReportError(f"{table} in {database} lacks column(s) {', '.join(missing)}.")


def load(database: Path) -> ReportData:
    """Load every frame the reports need from the warehouse, read-only."""
    con = _connect(database)
    try:
        _check_marts(con, database)

        def df(sql: str) -> pd.DataFrame:
            return con.execute(sql).df()

        def rows(sql: str) -> list[Row]:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

        scorecards = rows(
            "select * from marts.fct_account_scorecards_monthly order by account_id, month_start"
        )
        as_of_month = max(r["month_start"] for r in scorecards)
        metrics_latest = rows(
            """
            with latest as (
                select account_id, max(month_start) as month_start
                from marts.fct_account_scorecards_monthly group by 1
            )
            select metrics.*
            from marts.fct_account_metrics_monthly as metrics
            inner join latest
                on metrics.account_id = latest.account_id
                and metrics.month_start = latest.month_start
            order by metrics.account_id, metrics.outcome_level, metrics.metric_id
            """
        )
        return ReportData(
            as_of_month=as_of_month,
            scorecards=scorecards,
            metrics_latest=metrics_latest,
            registry=rows(
                "select * from config.scorecard_metrics order by outcome_level, metric_id"
            ),
            bands=rows("select * from config.score_bands order by min_score"),
            insights=rows(
                "select * from marts.fct_account_insights order by account_id, occurred_at desc"
            ),
            decisions=rows(
                "select * from marts.fct_governance_decisions where status = 'open' "
                "order by account_id, due_date"
            ),
            alerts=rows(
                "select * from marts.fct_scorecard_alerts "
                "order by account_id, month_start desc, severity"
            ),
            segments=df(
                "select * from marts.fct_segment_scorecards_monthly "
                "order by segment_dimension, segment_value, month_start"
            ),
            priorities=df(
                "select * from marts.fct_action_priorities_monthly where priority_rank <= 5 "
                "order by segment_dimension, segment_value, month_start, priority_rank"
            ),
            effects=df("select * from marts.fct_intervention_effects order by intervention_id"),
            review_pack=df(
                "select * from marts.fct_quarterly_review_pack "
                "order by segment_dimension, segment_value, quarter_start"
            ),
        )
    finally:
        con.close()
