"""A short plain-language narrative of an account's scorecard, generated from its numbers:
where it stands, what improved, what lags and costs the most points, the qualitative evidence
for why (if any), and the plan (open decisions)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from .html import as_date, fmt_date, is_missing

Row = dict[str, Any]

LEVELS: dict[str, str] = {
    "business_impact": "Business impact",
    "adoption": "Adoption",
    "value_delivered": "Value delivered",
}
#: A level must move at least this many points over three months to be called improved.
IMPROVEMENT_POINTS = 2.0
#: Insights this many months old or newer count as evidence for the latest month.
EVIDENCE_MONTHS = 6


def months_before(month: dt.date, months: int) -> dt.date:
    """The first day of the month `months` calendar months before `month`."""
    index = month.year * 12 + month.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def _level_changes(history: Sequence[Row]) -> dict[str, tuple[float, float]]:
    """Per level: (latest score, change over three calendar months) when both exist."""
    latest = history[-1]
    target = months_before(as_date(latest["month_start"]), 3)
    earlier = [r for r in history if as_date(r["month_start"]) == target]
    out: dict[str, tuple[float, float]] = {}
    for level in LEVELS:
        now = latest[f"{level}_score"]
        if is_missing(now) or not earlier:
            continue
        before = earlier[0][f"{level}_score"]
        if not is_missing(before):
            out[level] = (float(now), float(now) - float(before))
    return out


def _drivers(latest: Row) -> list[tuple[str, float]]:
    return [
        (str(latest[f"driver_{k}_metric_id"]), float(latest[f"driver_{k}_points_lost"]))
        for k in (1, 2, 3)
        if not is_missing(latest.get(f"driver_{k}_metric_id"))
        and not is_missing(latest.get(f"driver_{k}_points_lost"))
    ]


def _standing(latest: Row, name: str, month: dt.date) -> str:
    overall = latest["overall_score"]
    if is_missing(overall):
        coverage = latest.get("overall_weight_coverage")
        share = "" if is_missing(coverage) else f" only {100 * float(coverage):.0f}% of"
        return (
            f"In {month:%B %Y} {name}'s overall score cannot be computed:{share} the rubric "
            "weight has data, so it is reported as insufficient data rather than guessed."
        )
    change = latest.get("score_change_3m")
    if is_missing(change):
        trend = "with no comparable month three months earlier"
    elif float(change) == 0:
        trend = "unchanged over three months"
    else:
        trend = (
            f"{'up' if change > 0 else 'down'} {abs(float(change)):.1f} points over three months"
        )
    return (
        f"In {month:%B %Y} {name}'s overall score is {float(overall):.1f} "
        f"({latest['overall_band']}), {trend}."
    )


def account_narrative(
    history: Sequence[Row],
    insights: Sequence[Row],
    decisions: Sequence[Row],
    metric_names: Mapping[str, str],
) -> list[str]:
    """Sentences describing the account's latest month. `history` is its scorecard rows in
    month order; `insights` (newest first) and `decisions` are the account's own rows."""
    latest = history[-1]
    name = str(latest["account_name"])
    month = as_date(latest["month_start"])
    sentences = [_standing(latest, name, month)]

    changes = _level_changes(history)
    if changes:
        best = max(changes, key=lambda k: changes[k][1])
        if changes[best][1] >= IMPROVEMENT_POINTS:
            sentences.append(
                f"{LEVELS[best]} improved most: {changes[best][1]:+.1f} points to "
                f"{changes[best][0]:.1f}."
            )
        else:
            sentences.append(
                f"No outcome level improved by {IMPROVEMENT_POINTS:.0f} points or more over "
                "three months."
            )
    scored = {lv: latest[f"{lv}_score"] for lv in LEVELS if not is_missing(latest[f"{lv}_score"])}
    if len(scored) > 1:
        worst = min(scored, key=lambda k: float(scored[k]))
        sentences.append(
            f"{LEVELS[worst]} lags at {float(scored[worst]):.1f} ({latest[f'{worst}_band']})."
        )
    missing = [LEVELS[lv] for lv in LEVELS if lv not in scored]
    if missing:
        sentences.append(f"Not enough data to score: {', '.join(missing).lower()}.")

    drivers = _drivers(latest)
    if drivers:
        named = [f"{metric_names.get(m, m)} ({p:.1f} points)" for m, p in drivers]
        rest = f", then {' and '.join(named[1:])}." if len(named) > 1 else "."
        sentences.append(f"The biggest drag is {named[0]}{rest}")
    if latest.get("has_conflicting_signals") is True and not is_missing(
        latest.get("conflict_note")
    ):
        sentences.append(f"Mixed signals: {latest['conflict_note']}")

    driver_ids = {m for m, _ in drivers}
    since = months_before(month, EVIDENCE_MONTHS)
    evidence = [
        r for r in insights if r["metric_id"] in driver_ids and as_date(r["occurred_at"]) >= since
    ]
    if evidence:
        row = evidence[0]
        sentences.append(
            f"Why: a {str(row['touchpoint_type']).replace('_', ' ')} on "
            f"{fmt_date(row['occurred_at'])} recorded {str(row['theme_name']).lower()} "
            f"({row['sentiment_label']} sentiment) about "
            f"{metric_names.get(str(row['metric_id']), row['metric_id'])}."
        )
    elif driver_ids:
        sentences.append(
            f"No qualitative insight from the last {EVIDENCE_MONTHS} months explains the top "
            "drivers yet: ask about them at the next business review."
        )

    if decisions:
        ordered = sorted(
            decisions, key=lambda r: (r["metric_id"] not in driver_ids, as_date(r["due_date"]))
        )
        row = ordered[0]
        overdue = " — overdue" if row["is_overdue"] else ""
        sentences.append(
            f"Plan: “{row['decision_text']}” ({row['owner']}, due {fmt_date(row['due_date'])}"
            f"{overdue}); {len(decisions)} decision(s) open in all."
        )
    else:
        sentences.append("Plan: no open decision yet; agree one with an owner and a due date.")
    return sentences
