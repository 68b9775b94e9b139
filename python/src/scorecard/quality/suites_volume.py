"""Volume and freshness suites, on aggregates of intermediate.int_usage_aggregated_daily.

The usage table (day x account x user x feature) is aggregated further in DuckDB before
anything is loaded: one row per day over its whole history, and one row per account over the
trailing window. Thresholds are learned from that history (see QualitySettings):

* **daily volume** (warning): events on the last complete day (as_of - 1) within the trailing
  mean +/- max(k sd, 25 % of the mean) of the same day type (weekday or weekend day) over the
  28 days before it;
* **per-account volume** (warning): z = (events on the last complete day - the account's
  trailing mean) / max(sd, sqrt(mean)) within +/- k for at least 95 % of accounts;
* **regularly active accounts are not silent** (warning): an account with events on >= 90 %
  of the trailing same-type days, a mean of >= 5 events on them and an active subscription has
  events on the last complete day;
* **freshness**: the newest loaded_at (max of max_loaded_at) no older than the dbt source
  `product.events` allows — error_after (critical) and warn_after (warning), read from
  models/staging/product/_product__sources.yml, measured back from the end of the as-of day
  (or from now, when the as-of day is today);
* **row counts** (warning): each staging model within [0.9, 2] x its row count at the previous
  run, read from dq.dq_validation_results (the first run records the baseline).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import duckdb
import great_expectations.expectations as gxe
import numpy as np
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from .catalog import STAGING_TABLES, USAGE_TABLE
from .settings import CRITICAL, VOLUME, WARNING, QualitySettings
from .spec import Frame, FreshnessPolicy, SuiteSpec, ValidationInputs, annotate

PER_DAY = "int_usage_aggregated_daily__per_day"
PER_ACCOUNT = "int_usage_aggregated_daily__per_account"
SUBSCRIPTIONS = "staging.stg_finance__subscriptions"
SOURCES_FILE = Path("models/staging/product/_product__sources.yml")
#: dbt's own default for product.events when the sources file cannot be read.
DEFAULT_FRESHNESS = FreshnessPolicy(
    warn_after=dt.timedelta(days=1),
    error_after=dt.timedelta(days=3),
    origin="default (1 day warn, 3 days error): sources file not found",
)
_PERIODS = {"minute": "minutes", "hour": "hours", "day": "days"}


def _duration(delta: dt.timedelta) -> str:
    """`3 days`, `12 hours`, `90 minutes`."""
    minutes = int(delta.total_seconds() // 60)
    for unit, size in (("day", 1440), ("hour", 60), ("minute", 1)):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    return str(delta)


def _day_type(day: dt.date) -> str:
    return "weekend day" if day.isoweekday() > 5 else "weekday"


# ---------------------------------------------------------------------------------- loading


def load_per_day(con: duckdb.DuckDBPyConnection, latest_day: dt.date, window: int) -> Frame:
    """Events and newest loaded_at per day, every day from the first to the last complete day
    (days without events are rows with 0 events, so a silent day cannot slip through)."""
    data = con.execute(
        f"""
        with

        per_day as (
            select
                activity_date,
                sum(event_count) as event_count,
                max(max_loaded_at) as max_loaded_at
            from {USAGE_TABLE}
            group by 1
        ),

        bounds as (
            select
                coalesce(min(activity_date), $latest - $window) as first_day,
                greatest(coalesce(max(activity_date), $latest), $latest) as last_day
            from per_day
        ),

        spine as (
            select cast(days.range as date) as activity_date
            from bounds,
                range(
                    cast(bounds.first_day as timestamp),
                    cast(bounds.last_day as timestamp) + interval 1 day,
                    interval 1 day
                ) as days
        )

        select
            spine.activity_date,
            cast(coalesce(per_day.event_count, 0) as bigint) as event_count,
            cast(per_day.max_loaded_at as timestamp) as max_loaded_at,
            isodow(spine.activity_date) > 5 as is_weekend,
            spine.activity_date = $latest as is_latest_complete_day
        from spine
        left join per_day on spine.activity_date = per_day.activity_date
        order by 1
        """,
        {"latest": latest_day, "window": window},
    ).df()
    return Frame(
        key=PER_DAY,
        table_name=USAGE_TABLE,
        data=data,
        index_columns=["activity_date"],
        derivation="sum(event_count) and max(max_loaded_at) per activity_date",
    )


def load_per_account(
    con: duckdb.DuckDBPyConnection,
    latest_day: dt.date,
    settings: QualitySettings,
    has_subscriptions: bool,
) -> Frame:
    """Per account: events on the last complete day and the trailing same-type statistics."""
    start = latest_day - dt.timedelta(days=settings.volume_window_days)
    subscribed = (
        f"""
        select distinct account_id from {SUBSCRIPTIONS}
        where start_date <= $latest and (end_date is null or end_date >= $latest)
        """
        if has_subscriptions
        else "select distinct account_id from per_day"
    )
    data = con.execute(
        f"""
        with

        per_day as (
            select activity_date, account_id, sum(event_count) as events
            from {USAGE_TABLE}
            where activity_date between $start and $latest
            group by 1, 2
        ),

        accounts as (select distinct account_id from per_day),

        subscribed as ({subscribed}),

        days as (
            select cast(days.range as date) as activity_date
            from range(
                cast($start as timestamp),
                cast($latest as timestamp) + interval 1 day,
                interval 1 day
            ) as days
        ),

        grid as (
            select
                accounts.account_id,
                days.activity_date,
                coalesce(per_day.events, 0) as events,
                (isodow(days.activity_date) > 5) = (isodow($latest) > 5)
                    and days.activity_date < $latest as is_trailing
            from accounts
            cross join days
            left join per_day
                on accounts.account_id = per_day.account_id
                and days.activity_date = per_day.activity_date
        )

        select
            grid.account_id,
            cast(max(grid.events) filter (where grid.activity_date = $latest) as bigint)
                as events_latest,
            count(*) filter (where grid.is_trailing) as trailing_days,
            avg(grid.events) filter (where grid.is_trailing) as trailing_mean,
            coalesce(stddev_samp(grid.events) filter (where grid.is_trailing), 0)
                as trailing_sd,
            avg(case when grid.events > 0 then 1.0 else 0.0 end)
                filter (where grid.is_trailing) as active_share,
            bool_or(subscribed.account_id is not null) as has_active_subscription
        from grid
        left join subscribed on grid.account_id = subscribed.account_id
        group by 1
        order by 1
        """,
        {"start": start, "latest": latest_day},
    ).df()
    mean = data["trailing_mean"].astype(float)
    spread = np.maximum(data["trailing_sd"].astype(float), np.sqrt(mean))
    k = settings.account_volume_k
    data["expected_low"] = np.maximum(mean - k * spread, 0.0)
    data["expected_high"] = mean + k * spread
    # No trailing activity: nothing learned, so no z (GX skips null values).
    data["volume_z"] = ((data["events_latest"] - mean) / spread).where(mean > 0)
    data["is_regular"] = (
        (data["active_share"] >= settings.regular_active_share)
        & (mean >= settings.regular_min_mean_events)
        & data["has_active_subscription"].fillna(False).astype(bool)
    )
    return Frame(
        key=PER_ACCOUNT,
        table_name=USAGE_TABLE,
        data=data,
        index_columns=["account_id"],
        derivation=(
            f"events per account on {latest_day} and over the {settings.volume_window_days} "
            "days before it (same day type)"
        ),
    )


def read_freshness_policy(project_root: Path | None) -> FreshnessPolicy:
    """warn_after / error_after of the dbt source product.events (one place for the rule)."""
    path = project_root / SOURCES_FILE if project_root else None
    if path is None or not path.is_file():
        return DEFAULT_FRESHNESS
    import yaml

    for source in yaml.safe_load(path.read_text()).get("sources", []):
        if source.get("name") != "product":
            continue
        for table in source.get("tables", []):
            if table.get("name") != "events":
                continue
            freshness = (
                table.get("freshness")
                or (table.get("config") or {}).get("freshness")
                or source.get("freshness")
                or (source.get("config") or {}).get("freshness")
            )
            if not freshness:
                break

            def limit(name: str, freshness: dict = freshness) -> dt.timedelta:
                spec = freshness[name]
                return dt.timedelta(**{_PERIODS[spec["period"]]: spec["count"]})

            return FreshnessPolicy(
                warn_after=limit("warn_after"),
                error_after=limit("error_after"),
                origin=f"source product.events in {SOURCES_FILE}",
            )
    return DEFAULT_FRESHNESS


# --------------------------------------------------------------------------------- building


def daily_volume_bounds(
    per_day: pd.DataFrame, latest_day: dt.date, settings: QualitySettings
) -> tuple[float, float, str] | None:
    """Band for the last complete day's events, learned from the trailing same-type days."""
    days = pd.to_datetime(per_day["activity_date"])
    latest = pd.Timestamp(latest_day)
    start = latest - pd.Timedelta(days=settings.volume_window_days)
    weekend = latest_day.isoweekday() > 5
    trailing = per_day.loc[
        (days >= start) & (days < latest) & (per_day["is_weekend"] == weekend), "event_count"
    ].astype(float)
    if len(trailing) < settings.volume_min_history_days:
        return None
    mean = float(trailing.mean())
    sd = float(trailing.std(ddof=1)) if len(trailing) > 1 else 0.0
    half = max(settings.volume_k_sd * sd, settings.volume_min_relative_width * mean)
    basis = (
        f"trailing {len(trailing)} {_day_type(latest_day)}(s) before {latest_day}: mean "
        f"{mean:,.1f} +/- max({settings.volume_k_sd:g} sd = {settings.volume_k_sd * sd:,.1f}, "
        f"{settings.volume_min_relative_width:.0%} of mean)"
    )
    return max(mean - half, 0.0), mean + half, basis


def usage_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    suites = []
    settings = inputs.settings
    latest = inputs.latest_complete_day
    if PER_DAY in inputs.frames:
        frame = inputs.frames[PER_DAY]
        expectations = []
        bounds = daily_volume_bounds(frame.data, latest, settings)
        if bounds is None:
            inputs.skipped.append(
                f"daily volume of {USAGE_TABLE}: fewer than "
                f"{settings.volume_min_history_days} trailing {_day_type(latest)}s of history"
            )
        else:
            low, high, basis = bounds
            expectations.append(
                annotate(
                    gxe.ExpectColumnValuesToBeBetween,
                    severity=WARNING,
                    table_name=USAGE_TABLE,
                    scope=f"events on the last complete day {latest}",
                    basis=basis,
                    column="event_count",
                    min_value=low,
                    max_value=high,
                    row_condition=Column("is_latest_complete_day") == True,  # noqa: E712
                )
            )
        policy = inputs.freshness
        for severity, limit in ((CRITICAL, policy.error_after), (WARNING, policy.warn_after)):
            cutoff = inputs.reference_time - limit
            kind = "error_after" if severity == CRITICAL else "warn_after"
            expectations.append(
                annotate(
                    gxe.ExpectColumnMaxToBeBetween,
                    severity=severity,
                    table_name=USAGE_TABLE,
                    scope="newest loaded_at over all days",
                    basis=(
                        f"{kind} {_duration(limit)} of {policy.origin}, before "
                        f"{inputs.reference_time:%Y-%m-%d %H:%M} UTC"
                    ),
                    column="max_loaded_at",
                    min_value=cutoff,
                )
            )
        suites.append(SuiteSpec(VOLUME, PER_DAY, expectations, "Daily event volume and freshness."))
    if PER_ACCOUNT in inputs.frames:
        rule = (
            f">= {settings.regular_active_share:.0%} of trailing {_day_type(latest)}s active, "
            f"mean >= {settings.regular_min_mean_events:g} events, active subscription"
        )
        expectations = [
            annotate(
                gxe.ExpectColumnValuesToBeBetween,
                severity=WARNING,
                table_name=USAGE_TABLE,
                scope=f"accounts with trailing activity, events on {latest}",
                basis=(
                    f"z against each account's trailing {_day_type(latest)}s over "
                    f"{settings.volume_window_days} days: (events - mean) / max(sd, sqrt(mean))"
                ),
                column="volume_z",
                min_value=-settings.account_volume_k,
                max_value=settings.account_volume_k,
                mostly=settings.account_volume_mostly,
            ),
            annotate(
                gxe.ExpectColumnValuesToBeBetween,
                severity=WARNING,
                table_name=USAGE_TABLE,
                scope=f"regularly active accounts ({rule}), events on {latest}",
                column="events_latest",
                min_value=1,
                row_condition=Column("is_regular") == True,  # noqa: E712
            ),
        ]
        suites.append(
            SuiteSpec(VOLUME, PER_ACCOUNT, expectations, "Per-account daily event volume.")
        )
    return suites


def row_count_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    """Each staging model's row count against the previous run's."""
    settings = inputs.settings
    suites = []
    for rules in STAGING_TABLES:
        if rules.name not in inputs.frames:
            continue
        previous = inputs.previous_row_counts.get(rules.table_name)
        if previous is None:
            low, high, basis = 0, None, "no previous run: this count becomes the baseline"
        elif previous == 0:
            low, high, basis = 0, None, "previous run: 0 rows"
        else:
            low = math.floor(previous * settings.row_count_min_ratio)
            high = math.ceil(previous * settings.row_count_max_ratio)
            basis = (
                f"previous run: {previous:,} rows x [{settings.row_count_min_ratio:g}, "
                f"{settings.row_count_max_ratio:g}]"
            )
        suites.append(
            SuiteSpec(
                VOLUME,
                rules.name,
                [
                    annotate(
                        gxe.ExpectTableRowCountToBeBetween,
                        severity=WARNING,
                        table_name=rules.table_name,
                        basis=basis,
                        min_value=low,
                        max_value=high,
                    )
                ],
                f"Row count of {rules.table_name} against the previous run.",
            )
        )
    return suites


def build_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    return usage_suites(inputs) + row_count_suites(inputs)
