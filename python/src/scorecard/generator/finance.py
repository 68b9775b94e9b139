"""Finance tables: ``finance.subscriptions`` and ``finance.impact_measurements``."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from . import vocab as V
from .common import (
    DAY_US,
    HOUR_US,
    Columns,
    choose,
    fmt_date,
    fmt_num,
    fmt_ts,
    id_width,
    ids,
    iso_day,
    pick,
    rng_for,
    sigmoid,
    take,
)
from .world import OPEN, World, _mrr

#: Share of subscription rows that also appear as an earlier, since-corrected version.
CORRECTED_SHARE = 0.03


def subscriptions_table(world: World) -> Columns:
    """finance.subscriptions: one row per period, plus earlier versions of ~3% of rows.

    The earlier version carries the seat count first booked (later corrected) and an earlier
    updated_at; the latest version is the truth every other table follows.
    """
    rng = rng_for(world.seed, "subscriptions_table")
    per, cal, acc = world.periods, world.cal, world.accounts
    n = len(per)
    closed = per.end != OPEN
    stamp_day = np.where(closed, np.minimum(per.end + 1, cal.as_of_day), per.start)
    updated = stamp_day * DAY_US + rng.integers(7 * HOUR_US, 20 * HOUR_US, n)
    # Pick rows that were corrected at least a day after first being written.
    corrected = (rng.random(n) < CORRECTED_SHARE) & (updated + DAY_US < cal.cutoff_us)
    if not corrected.any() and n:
        options = np.nonzero(updated + DAY_US < cal.cutoff_us)[0]
        if len(options):
            corrected[options[rng.integers(0, len(options))]] = True
    gap = rng.integers(1, 20, n) * DAY_US
    first_written = updated.copy()
    final_updated = np.where(corrected, np.minimum(updated + gap, cal.cutoff_us - 1), updated)
    old_seats = np.maximum(
        1,
        per.seats
        + np.where(rng.random(n) < 0.5, -1, 1)
        * np.maximum(1, np.round(per.seats * rng.uniform(0.02, 0.15, n))).astype("int64"),
    )
    old_mrr = _mrr(old_seats, per.plan, acc.discount[per.account])

    width = id_width(n + 100, 6)
    rows = np.concatenate([np.arange(n), np.nonzero(corrected)[0]])
    is_old = np.concatenate([np.zeros(n, bool), np.ones(int(corrected.sum()), bool)])
    order = np.lexsort((~is_old, per.number[rows]))  # earlier version first
    rows, is_old = rows[order], is_old[order]
    seats = np.where(is_old, old_seats[rows], per.seats[rows])
    mrr = np.where(is_old, old_mrr[rows], per.mrr[rows])
    upd = np.where(is_old, first_written[rows], final_updated[rows])
    return {
        "subscription_id": ids("sub_", per.number[rows], width),
        "account_id": take(world.account_ids, per.account[rows]),
        "plan_key": pick(V.PLANS, per.plan[rows]),
        "seats": fmt_num(seats, 0),
        "mrr_amount": fmt_num(mrr, 2),
        "currency": pick([V.CURRENCY], np.zeros(len(rows), "int64")),
        "start_date": fmt_date(per.start[rows]),
        "end_date": fmt_date(np.maximum(per.end[rows], 0), null=per.end[rows] == OPEN),
        "updated_at": fmt_ts(upd),
    }


@dataclass
class ImpactFacts:
    """What the impact table planted, for the manifest."""

    anomalies: list[dict[str, object]] = field(default_factory=list)
    gaps: list[dict[str, object]] = field(default_factory=list)


#: P(source_type | impact metric); rows follow IMPACT_METRIC_KEYS, columns SOURCE_TYPES.
_SOURCE_MIX = np.asarray(
    [
        [0.20, 0.35, 0.45],
        [0.60, 0.35, 0.05],
        [0.05, 0.45, 0.50],
        [0.85, 0.10, 0.05],
    ]
)


def impact_measurements_table(world: World) -> tuple[Columns, ImpactFacts]:
    """finance.impact_measurements: monthly values per account and tracked impact metric.

    Accounts track the metrics of their success plans (plus transactions_processed next to
    cost per transaction); ~40% of accounts without a plan still get telemetry hours_saved.
    Values move from the plan's baseline towards its target at the plan's pace, scaled by
    adoption; cost per transaction falls, the others grow. Months are complete months with
    an active subscription, recorded 2-12 days after month end (not yet recorded months are
    absent). ~12% of tracked series have a planted gap of 1-3 months, and a few hours_saved
    values are 10x anomalies.
    """
    rng = rng_for(world.seed, "impact")
    acc, cal, mon, plans = world.accounts, world.cal, world.monthly, world.plans
    facts = ImpactFacts()
    n, m = acc.n, cal.months

    # Series: one per (account, tracked metric), with baseline, target, start day and pace.
    first_row = np.searchsorted(world.periods.account, np.arange(n))
    seats0 = world.periods.seats[first_row]
    cost = plans.metric == 0
    tracks_tx = np.zeros(n, bool)
    tracks_tx[plans.account[plans.metric == 3]] = True
    companion_plan = np.nonzero(cost & ~tracks_tx[plans.account])[0]
    companion = plans.account[companion_plan]
    tx_base = np.round(seats0[companion] * rng.uniform(50, 400, len(companion)))
    has_plan = np.zeros(n, bool)
    has_plan[plans.account] = True
    telemetry_only = np.nonzero(~has_plan & (rng.random(n) < 0.4))[0]
    t_count = len(telemetry_only)
    s_acc_a = np.concatenate([plans.account, companion, telemetry_only]).astype("int64")
    s_metric_a = np.concatenate(
        [plans.metric, np.full(len(companion), 3), np.full(t_count, 1)]
    ).astype("int64")
    s_base_a = np.concatenate([plans.baseline, tx_base, np.zeros(t_count)])
    s_target_a = np.concatenate(
        [
            plans.target,
            np.round(tx_base * rng.uniform(1.1, 1.6, len(companion))),
            seats0[telemetry_only] * rng.uniform(1.5, 4.0, t_count),
        ]
    )
    s_day_a = np.concatenate(
        [
            plans.baseline_day,
            plans.baseline_day[companion_plan],
            np.maximum(acc.first_start[telemetry_only], cal.window_start_day - 30),
        ]
    ).astype("int64")
    s_pace_a = np.concatenate(
        [
            plans.pace,
            np.clip(0.6 + 0.3 * acc.health0[companion], 0.0, 1.3),
            np.clip(0.7 + 0.3 * acc.health0[telemetry_only], 0.0, 1.3),
        ]
    )
    plan_horizon = np.maximum(plans.target_day - plans.baseline_day, 30)
    s_horizon_a = np.concatenate(
        [plan_horizon, plan_horizon[companion_plan], np.full(t_count, 365)]
    ).astype("float64")
    k = len(s_acc_a)
    # Each series has a dominant source type; 15% of its values come from another source.
    dominant = _draw_sources(rng, s_metric_a)
    # Planted gaps: 1-3 consecutive missing months in ~12% of series.
    gap_start = np.where(rng.random(k) < 0.12, rng.integers(1, max(m - 1, 2), k), -1)
    gap_len = rng.integers(1, 4, k)

    rows: list[dict[str, np.ndarray]] = []
    for i in range(m):
        ms = cal.month_start(i)
        me = ms + cal.month_days(i) - 1
        recorded_day = me + 1 + rng.integers(2, 13, k)
        # Complete months with a subscription at month end, from the baseline month on, that
        # have been recorded by as_of.
        live = mon.active[s_acc_a, i] & (mon.hi[s_acc_a, i] == me) & (s_day_a <= me)
        live &= recorded_day <= cal.as_of_day
        in_gap = (gap_start >= 0) & (i >= gap_start) & (i < gap_start + gap_len)
        for j in np.nonzero(live & in_gap)[0]:
            _note_gap(facts, world, int(j), s_acc_a, s_metric_a, i)
        keep = live & ~in_gap
        if not keep.any():
            continue
        idx = np.nonzero(keep)[0]
        elapsed = (me - s_day_a[idx]) / s_horizon_a[idx]
        progress = s_pace_a[idx] * np.minimum(elapsed, 1.3) ** 0.8
        adoption = mon.ramp[s_acc_a[idx], i] * (0.6 + 0.4 * sigmoid(mon.health[s_acc_a[idx], i]))
        value = s_base_a[idx] + (s_target_a[idx] - s_base_a[idx]) * progress * adoption
        noise = np.exp(rng.normal(0.0, np.where(s_metric_a[idx] == 0, 0.03, 0.10)))
        value = value * noise
        source = np.where(
            rng.random(len(idx)) < 0.85, dominant[idx], _draw_sources(rng, s_metric_a[idx])
        )
        rows.append(
            {
                "series": idx,
                "month": np.full(len(idx), i),
                "value": value,
                "source": source,
                "recorded_us": recorded_day[idx] * DAY_US
                + rng.integers(8 * HOUR_US, 18 * HOUR_US, len(idx)),
            }
        )
    if not rows:
        return {c: pa.array([], pa.string()) for c in _IMPACT_COLUMNS}, facts
    cols = {key: np.concatenate([r[key] for r in rows]) for key in rows[0]}
    series, month = cols["series"], cols["month"]
    order = np.lexsort((s_metric_a[series], s_acc_a[series], month))
    cols = {key: v[order] for key, v in cols.items()}
    series, month = cols["series"], cols["month"]
    metric = s_metric_a[series]
    value = cols["value"]

    # A few 10x hours_saved values (a customer typed minutes, or a double-counted feed).
    # Only where the series has a settled history (at least four earlier months).
    by_series = np.lexsort((month, series))
    rank = np.empty(len(series), dtype="int64")
    first = np.searchsorted(series[by_series], series[by_series])
    rank[by_series] = np.arange(len(series)) - first
    candidates = np.nonzero((metric == 1) & (month >= 3) & (rank >= 4))[0]
    n_anom = min(len(candidates), 4 if acc.n >= 100 else 3)
    if n_anom:
        chosen = np.sort(rng.choice(candidates, n_anom, replace=False))
        value = value.copy()
        value[chosen] *= 10.0
    else:
        chosen = np.empty(0, "int64")
    number = np.arange(1, len(value) + 1)
    mid = ids("im_", number, id_width(len(value) + 100, 7))
    month_start = np.asarray([cal.month_start(int(i)) for i in range(m)])[month]
    for j in chosen:
        facts.anomalies.append(
            {
                "account_id": str(acc.account_id[s_acc_a[series[j]]]),
                "metric_id": "hours_saved",
                "feed": "finance.impact_measurements",
                "month_start": iso_day(int(month_start[j])),
                "magnitude": 10.0,
                "measurement_id": str(mid[int(j)].as_py()),
            }
        )
    table = {
        "measurement_id": mid,
        "account_id": take(world.account_ids, s_acc_a[series]),
        "impact_metric_key": pick(V.IMPACT_METRIC_KEYS, metric),
        "period_month": fmt_date(month_start),
        "value": _fmt_values(value, metric),
        "source_type": pick(V.SOURCE_TYPES, cols["source"]),
        "recorded_at": fmt_ts(cols["recorded_us"]),
    }
    facts.gaps = _merge_gaps(facts.gaps)
    return table, facts


_IMPACT_COLUMNS = (
    "measurement_id",
    "account_id",
    "impact_metric_key",
    "period_month",
    "value",
    "source_type",
    "recorded_at",
)


def _fmt_values(value: np.ndarray, metric: np.ndarray) -> pa.Array:
    """Format values by metric: USD per transaction 4 decimals, hours 1, USD 2, counts 0."""
    return choose(metric, *(fmt_num(value, decimals) for decimals in (4, 1, 2, 0)))


def _draw_sources(rng: np.random.Generator, metric: np.ndarray) -> np.ndarray:
    """Draw a source_type per row from the metric's source mix."""
    cum = np.cumsum(_SOURCE_MIX, axis=1)[metric]
    u = rng.random(len(metric))
    return np.minimum((u[:, None] >= cum).sum(axis=1), 2)


def _note_gap(
    facts: ImpactFacts,
    world: World,
    j: int,
    s_acc: np.ndarray,
    s_metric: np.ndarray,
    i: int,
) -> None:
    """Record one missing (series, month) of a planted gap."""
    facts.gaps.append(
        {
            "table": "finance.impact_measurements",
            "account_id": str(world.accounts.account_id[s_acc[j]]),
            "what": str(V.IMPACT_METRIC_KEYS[s_metric[j]]),
            "months": [world.cal.iso_month(i)],
        }
    )


def _merge_gaps(gaps: list[dict[str, object]]) -> list[dict[str, object]]:
    """Merge per-month gap notes into one entry per (account, metric)."""
    merged: dict[tuple[str, str], dict[str, object]] = {}
    for g in gaps:
        key = (str(g["account_id"]), str(g["what"]))
        if key in merged:
            months = merged[key]["months"]
            assert isinstance(months, list)
            months.extend(g["months"])  # type: ignore[arg-type]
        else:
            merged[key] = {**g, "months": list(g["months"])}  # type: ignore[call-overload]
    return [merged[k] for k in sorted(merged)]
