"""The executive summary of one segment dimension (customer type, industry, region, ...):
how each segment scores now and over time, where to act next, the interventions' measured
effects and the latest quarterly review pack."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .charts import (
    BAND_COLOURS,
    SERIES_COLOURS,
    Series,
    interval_chart,
    line_chart,
    stacked_share_chart,
)
from .html import esc, fmt_change, fmt_date, fmt_money, fmt_score, is_missing, page, table

DIMENSION_TITLES = {
    "all": "Whole book",
    "customer_type": "Customer type",
    "industry": "Industry",
    "deployment_scale": "Deployment scale",
    "region": "Region",
    "plan_key": "Plan",
}


def effects_section(effects: pd.DataFrame) -> str:
    """Interventions with their difference-in-differences estimates and 95% intervals."""

    def value(v: object) -> float | None:
        return None if is_missing(v) else float(v)  # type: ignore[arg-type]

    # One chart per intervention: each effect is in its own metric's unit, so they do not
    # share an axis.
    charts = "".join(
        interval_chart(
            f"{r['intervention_id']} · effect on {r['metric_id']} ({r['metric_unit']}), 95% CI",
            [f"{r['intervention_id']} · {r['metric_id']}"],
            [value(r["did_estimate"])],
            [value(r["ci_low"])],
            [value(r["ci_high"])],
        )
        for r in effects.to_dict("records")
    )
    rows = [
        [
            r["intervention_id"],
            r["intervention_name"],
            r["metric_name"],
            r["estimate_type"].replace("_", " "),
            f"{int(r['treatment_accounts'])} / {int(r['control_accounts'])}",
            "—" if is_missing(r["did_estimate"]) else f"{r['did_estimate']:+.4f}",
            "—" if is_missing(r["ci_low"]) else f"[{r['ci_low']:+.4f}, {r['ci_high']:+.4f}]",
            "yes" if bool(r["is_significant"]) else "no",
            r["estimate_note"],
        ]
        for r in effects.to_dict("records")
    ]
    return (
        "<h2>Interventions: measured effects</h2>"
        + charts
        + table(
            [
                "Id",
                "Intervention",
                "Metric",
                "Estimate",
                "Treated / control",
                "Effect",
                "95% CI",
                "Significant",
                "Reading",
            ],
            rows,
            numeric=(5, 6),
        )
    )


def render_segment_dimension(
    dimension: str,
    segments: pd.DataFrame,
    priorities: pd.DataFrame,
    effects: pd.DataFrame,
    review_pack: pd.DataFrame,
    as_of_month: dt.date,
    generated: dt.date,
) -> str:
    """The HTML summary of one segment dimension. Frames are already cut to the dimension."""
    title = DIMENSION_TITLES.get(dimension, dimension)
    month = pd.Timestamp(as_of_month)
    months = sorted(pd.to_datetime(segments["month_start"]).unique())
    latest = segments[pd.to_datetime(segments["month_start"]) == month].sort_values(
        "mrr_amount", ascending=False
    )
    earlier = segments[pd.to_datetime(segments["month_start"]) == month - pd.DateOffset(months=3)]
    before = dict(zip(earlier["segment_value"], earlier["mean_overall_score"], strict=True))
    values = list(latest["segment_value"])

    rows = [
        [
            r["segment_value"],
            int(r["accounts"]),
            int(r["accounts_scored"]),
            fmt_money(r["mrr_amount"]),
            fmt_score(r["mean_overall_score"]),
            fmt_change(
                None
                if is_missing(before.get(r["segment_value"])) or is_missing(r["mean_overall_score"])
                else r["mean_overall_score"] - before[r["segment_value"]]
            ),
            f"{100 * r['share_green']:.0f}%",
            f"{100 * r['share_yellow']:.0f}%",
            f"{100 * r['share_red']:.0f}%",
        ]
        for r in latest.to_dict("records")
    ]
    series = []
    for k, value in enumerate(values[: len(SERIES_COLOURS)]):
        cut = segments[segments["segment_value"] == value].set_index(
            pd.to_datetime(segments.loc[segments["segment_value"] == value, "month_start"])
        )
        points = [
            None
            if m not in cut.index or is_missing(cut.loc[m, "mean_overall_score"])
            else float(cut.loc[m, "mean_overall_score"])
            for m in months
        ]
        series.append(Series(str(value), points, SERIES_COLOURS[k]))
    trend = line_chart(
        f"Mean overall score by {title.lower()}",
        [pd.Timestamp(m).date() for m in months],
        series,
    )
    bands = stacked_share_chart(
        f"Share of accounts per band, {month:%B %Y}",
        [str(v) for v in values],
        [
            [
                float(r["share_green"]),
                float(r["share_yellow"]),
                float(r["share_red"]),
                float(r["share_no_data"]),
            ]
            for r in latest.to_dict("records")
        ],
        ["green", "yellow", "red", "no data"],
        [
            BAND_COLOURS["green"],
            BAND_COLOURS["yellow"],
            BAND_COLOURS["red"],
            BAND_COLOURS["no_data"],
        ],
    )
    gaps = priorities[
        (pd.to_datetime(priorities["month_start"]) == month) & (priorities["priority_rank"] <= 3)
    ]
    gap_rows = [
        [
            r["segment_value"],
            int(r["priority_rank"]),
            r["metric_name"],
            f"{r['mrr_weighted_points_lost']:.2f}",
            int(r["accounts_losing_points"]),
            r["metric_owner"],
            "yes: " + str(r["targeting_intervention_ids"]) if bool(r["is_targeted"]) else "no",
        ]
        for r in gaps.to_dict("records")
    ]
    pack = review_pack[review_pack["quarter_start"] == review_pack["quarter_start"].max()]
    pack_rows = [
        [
            r["segment_value"],
            fmt_date(r["quarter_start"]),
            fmt_score(r["mean_overall_score"]),
            fmt_change(r["overall_score_change"]),
            "—" if is_missing(r["share_targets_met"]) else f"{100 * r['share_targets_met']:.0f}%",
            f"{int(r['decisions_taken'])} taken, {int(r['decisions_done'])} done, "
            f"{int(r['decisions_open'])} open ({int(r['decisions_overdue'])} overdue)",
            r["intervention_effects"],
        ]
        for r in pack.to_dict("records")
    ]
    body = (
        f"<h2>Segments in {month:%B %Y}</h2>"
        + table(
            [
                title,
                "Accounts",
                "Scored",
                "MRR",
                "Mean overall",
                "3-month change",
                "Green",
                "Yellow",
                "Red",
            ],
            rows,
            numeric=(1, 2, 3, 4, 5, 6, 7, 8),
        )
        + bands
        + "<h2>Score trend</h2>"
        + trend
        + "<h2>Where to act next (top 3 gaps per segment, MRR-weighted points lost)</h2>"
        + table(
            ["Segment", "Rank", "Metric", "Points lost", "Accounts", "Owner", "Targeted"],
            gap_rows,
            numeric=(1, 3, 4),
        )
        + effects_section(effects)
        + "<h2>Quarterly review pack (latest quarter)</h2>"
        + table(
            [
                "Segment",
                "Quarter",
                "Mean overall",
                "Change",
                "Targets met",
                "Decisions",
                "Interventions",
            ],
            pack_rows,
            numeric=(2, 3, 4),
        )
    )
    return page(
        f"Outcome scorecard by {title.lower()}",
        f"Executive summary · {month:%B %Y} · {esc(len(values))} segment(s)",
        body,
        f"Generated {generated.isoformat()} from the scorecard and evidence marts.",
    )
