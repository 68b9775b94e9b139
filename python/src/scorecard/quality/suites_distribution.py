"""Distribution suites: each metric's mean and quartiles in the latest complete month.

For every active metric, over the rows of active accounts with a value, the statistic (mean,
25th, 50th and 75th percentile) of the latest complete month must lie within

    center +/- max(k * sd, w * scale)

where center and sd are the mean and standard deviation of that statistic over the trailing
`distribution_months` (6) months, k = `distribution_k_sd` (3), w =
`distribution_min_relative_width` (10 %) and scale = the larger of |center| and the metric's
typical spread across accounts (mean monthly standard deviation). Fewer than 3 trailing
months with values: the metric is skipped and reported. Severity warning: a shift is worth a
look, not a reason to withhold the scorecard.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.expectations.row_conditions import Column

from .catalog import METRICS_TABLE
from .expectations import ExpectColumnQuantileValuesToBeBetweenJsonSafe
from .settings import DISTRIBUTION, WARNING, QualitySettings
from .spec import SuiteSpec, ValidationInputs, annotate

METRICS_FRAME = "fct_account_metrics_monthly"


def monthly_statistics(
    metrics: pd.DataFrame,
    first_month: pd.Timestamp,
    last_month: pd.Timestamp,
    quantiles: tuple[float, ...],
) -> pd.DataFrame:
    """Per metric and month in [first_month, last_month]: n, mean, sd and the quantiles."""
    month = pd.to_datetime(metrics["month_start"])
    rows = metrics.loc[
        (month >= first_month)
        & (month <= last_month)
        & metrics["is_active"].fillna(False).astype(bool)
        & metrics["metric_value"].notna(),
        ["metric_id", "month_start", "metric_value"],
    ]
    grouped = rows.groupby(["metric_id", "month_start"])["metric_value"]
    stats = grouped.agg(n="count", mean="mean", sd="std")
    for q in quantiles:
        stats[f"q{q:g}"] = grouped.quantile(q)  # linear interpolation, as GX is asked to use
    return stats.reset_index()


def learned_band(
    values: pd.Series, scale: float, settings: QualitySettings
) -> tuple[float, float, float, float]:
    """(low, high, center, sd) of a monthly statistic's band."""
    center = float(values.mean())
    sd = float(values.std(ddof=1)) if len(values) > 1 else 0.0
    half = max(
        settings.distribution_k_sd * sd,
        settings.distribution_min_relative_width * max(abs(center), scale),
        1e-9,
    )
    return center - half, center + half, center, sd


def build_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    if METRICS_FRAME not in inputs.frames or inputs.registry is None:
        return []
    settings = inputs.settings
    latest = pd.Timestamp(inputs.latest_complete_month)
    first = latest - pd.DateOffset(months=settings.distribution_months)
    quantiles = settings.distribution_quantiles
    stats = monthly_statistics(
        inputs.frames[METRICS_FRAME].data, first, latest - pd.DateOffset(months=1), quantiles
    )
    registry = inputs.registry
    active = registry.loc[registry["is_active"].fillna(False).astype(bool), "metric_id"]
    window = f"{first:%Y-%m}..{latest - pd.DateOffset(months=1):%Y-%m}"
    expectations: list[gxe.Expectation] = []
    for metric_id in active:
        trailing = stats[stats["metric_id"] == metric_id]
        if len(trailing) < settings.distribution_min_months:
            inputs.skipped.append(
                f"distribution of {metric_id}: {len(trailing)} of the "
                f"{settings.distribution_months} months before {latest:%Y-%m} have values "
                f"(needs {settings.distribution_min_months})"
            )
            continue
        scale = float(trailing["sd"].fillna(0).mean())
        condition = (
            (Column("metric_id") == str(metric_id))
            & (Column("is_active") == True)  # noqa: E712 (a GX condition)
            & (Column("is_latest_complete_month") == True)  # noqa: E712
        )
        scope = f"metric_id = {metric_id}, is_active, month {latest:%Y-%m}"
        low, high, center, sd = learned_band(trailing["mean"], scale, settings)
        expectations.append(
            annotate(
                gxe.ExpectColumnMeanToBeBetween,
                severity=WARNING,
                table_name=METRICS_TABLE,
                scope=scope,
                basis=(
                    f"monthly mean over {window} ({len(trailing)} months): {center:.4g} "
                    f"+/- max({settings.distribution_k_sd:g} sd = "
                    f"{settings.distribution_k_sd * sd:.3g}, "
                    f"{settings.distribution_min_relative_width:.0%} of scale {scale:.3g})"
                ),
                column="metric_value",
                min_value=low,
                max_value=high,
                row_condition=condition,
            )
        )
        ranges = []
        centers = []
        for q in quantiles:
            q_low, q_high, q_center, _ = learned_band(trailing[f"q{q:g}"], scale, settings)
            ranges.append([q_low, q_high])
            centers.append(f"q{q:g} {q_center:.4g}")
        expectations.append(
            annotate(
                ExpectColumnQuantileValuesToBeBetweenJsonSafe,
                severity=WARNING,
                table_name=METRICS_TABLE,
                scope=scope,
                basis=(
                    f"monthly quantiles over {window}: {', '.join(centers)}; each +/- "
                    f"max({settings.distribution_k_sd:g} sd, "
                    f"{settings.distribution_min_relative_width:.0%} of scale {scale:.3g})"
                ),
                column="metric_value",
                quantile_ranges={"quantiles": list(quantiles), "value_ranges": ranges},
                allow_relative_error="linear",
                row_condition=condition,
            )
        )
    if not expectations:
        return []
    return [
        SuiteSpec(
            DISTRIBUTION,
            METRICS_FRAME,
            expectations,
            f"Per-metric mean and quartiles of {latest:%Y-%m} against the trailing months.",
        )
    ]
