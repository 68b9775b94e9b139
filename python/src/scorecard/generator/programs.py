"""Programmes and governance: interventions, their assignments, and decisions."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from . import vocab as V
from .common import (
    DAY_US,
    HOUR_US,
    Columns,
    fmt_date,
    fmt_ts,
    id_width,
    ids,
    pick,
    reorder,
    rng_for,
    sigmoid,
    take,
    text,
    with_null,
)
from .world import World


def interventions_table(world: World) -> Columns:
    """programs.interventions: the three programmes, with their hypothesis and metric."""
    ivs = world.interventions
    return {
        "intervention_id": text([iv.intervention_id for iv in ivs]),
        "intervention_name": text([iv.name for iv in ivs]),
        "hypothesis": text([iv.hypothesis for iv in ivs]),
        "metric_id": text([iv.metric_id for iv in ivs]),
        "start_date": fmt_date(np.asarray([iv.start_day for iv in ivs])),
        "end_date": fmt_date(np.asarray([iv.end_day for iv in ivs])),
        "owner": text([iv.owner for iv in ivs]),
    }


def intervention_assignments_table(world: World) -> Columns:
    """programs.intervention_assignments: one row per account and programme, with its arm."""
    parts = []
    for iv in world.interventions:
        members = np.concatenate([iv.treatment, iv.control])
        arm = np.concatenate(
            [np.zeros(len(iv.treatment), "int64"), np.ones(len(iv.control), "int64")]
        )
        order = np.argsort(members, kind="stable")
        parts.append(
            {
                "intervention_id": pick([iv.intervention_id], np.zeros(len(members), "int64")),
                "account_id": take(world.account_ids, members[order]),
                "arm": pick(V.ARMS, arm[order]),
                "assigned_at": fmt_ts(iv.assigned_us[order]),
            }
        )
    return {k: pa.concat_arrays([p[k] for p in parts]) for k in parts[0]}


#: Decision templates per metric; the metric a decision is about.
_DECISIONS: tuple[tuple[str, str], ...] = (
    ("active_users", "Run an enablement session for inactive teams"),
    ("license_utilization", "Reassign unused seats and invite the waiting list"),
    ("stickiness", "Set up weekly digest emails for the core team"),
    ("feature_breadth", "Pilot workflows with the finance team"),
    ("feature_depth", "Build two reference dashboards with the champion"),
    ("time_to_first_value_days", "Agree a first-value milestone and date with the sponsor"),
    ("onboarding_completion", "Finish the integration checklist with IT"),
    ("outcome_attainment", "Review success plan targets with the sponsor"),
    ("cost_savings_pct", "Validate cost-per-transaction baseline with finance"),
    ("hours_saved", "Instrument hours saved in the reporting workflow"),
    ("roi_multiple", "Prepare an ROI summary for the renewal"),
    ("verified_impact_share", "Get finance sign-off on reported savings"),
    ("nps", "Follow up with every detractor from the last wave"),
    ("csat", "Assign a named support engineer for escalations"),
    ("net_revenue_retention", "Scope expansion into a second business unit"),
    ("gross_revenue_retention", "Build a save plan ahead of renewal"),
    ("strategic_alignment", "Schedule an executive business review"),
)


def decisions_table(world: World) -> Columns:
    """programs.decisions: governance decisions with owners, due dates and status.

    About 1.5 decisions per account per active year in the window, mostly in QBRs, plus
    portfolio-level decisions (no account) in leadership forums. Past-due decisions are mostly
    done (some late), some dropped and some still open (overdue); struggling accounts let more
    slip.
    """
    rng = rng_for(world.seed, "decisions")
    acc, cal, mon = world.accounts, world.cal, world.monthly
    n = acc.n
    active_days = np.where(mon.active, mon.hi - mon.lo + 1, 0).sum(axis=1)
    count = rng.poisson(1.5 * active_days / 365.25)
    a = np.repeat(np.arange(n), count)
    k = len(a)
    # Review day: a random active day in the window (mapped through the active months).
    month_days = np.where(mon.active, mon.hi - mon.lo + 1, 0)
    cum = np.cumsum(month_days, axis=1)
    target = (rng.random(k) * np.maximum(active_days[a], 1)).astype("int64")
    month = np.minimum((cum[a] <= target[:, None]).sum(axis=1), cal.months - 1)
    before = np.where(month > 0, cum[a, np.maximum(month - 1, 0)], 0)
    review = mon.lo[a, month] + (target - before)
    review = np.clip(review, mon.lo[a, month], mon.hi[a, month])
    forum = rng.choice(4, k, p=[0.55, 0.2, 0.15, 0.10])
    forum = np.where((acc.ctype[a] == 0) & (forum == 1), 0, forum)
    h = acc.health_at(a, review, cal)

    # Portfolio-level decisions (no account) in leadership forums.
    p = max(int(round(0.1 * k)), 2)
    window = cal.as_of_day - cal.window_start_day
    p_review = cal.window_start_day + rng.integers(0, max(window, 1), p)
    p_forum = rng.choice([2, 3], p)
    account = np.concatenate([a, np.full(p, -1)])
    review = np.concatenate([review, p_review])
    forum = np.concatenate([forum, p_forum])
    h = np.concatenate([h, np.zeros(p)])
    total = k + p

    weakness = np.where(
        rng.random(total) < sigmoid(-h),
        rng.integers(0, 7, total),
        rng.integers(0, len(_DECISIONS), total),
    )
    metric = pick([m for m, _ in _DECISIONS], weakness)
    decision_text = pick([t for _, t in _DECISIONS], weakness)
    due = review + rng.integers(14, 76, total)
    owner_kind = rng.choice(3, total, p=[0.6, 0.2, 0.2])
    owner_kind = np.where(account < 0, 2, owner_kind)
    safe = np.maximum(account, 0)
    names = list(V.CSM_NAMES) + list(V.AE_NAMES) + list(V.LEADER_NAMES)
    owner_index = np.select(
        [owner_kind == 0, owner_kind == 1],
        [acc.csm_at(safe, review), len(V.CSM_NAMES) + acc.ae[safe]],
        len(V.CSM_NAMES) + len(V.AE_NAMES) + rng.integers(0, len(V.LEADER_NAMES), total),
    )
    owner = pick(names, owner_index)

    past_due = due < cal.as_of_day
    u = rng.random(total)
    p_done = 0.60 + 0.25 * sigmoid(h)
    status = np.where(
        past_due,
        np.where(u < p_done, 1, np.where(u < p_done + 0.10, 2, 0)),
        np.where(u < 0.25, 1, 0),
    )
    late = rng.random(total) < 0.25
    done_day = np.where(
        past_due & late,
        due + rng.integers(1, 31, total),
        review + (rng.random(total) * (due - review)).astype("int64"),
    )
    done_day = np.minimum(np.maximum(done_day, review), cal.as_of_day)
    drop_day = np.minimum(review + rng.integers(7, 60, total), cal.as_of_day)
    done = status == 1
    completed = done_day * DAY_US + rng.integers(8 * HOUR_US, 19 * HOUR_US, total)
    review_us = review * DAY_US + rng.integers(8 * HOUR_US, 18 * HOUR_US, total)
    completed = np.minimum(np.maximum(completed, review_us + HOUR_US), cal.cutoff_us - 1)
    updated = np.select(
        [done, status == 2],
        [completed, drop_day * DAY_US + rng.integers(8 * HOUR_US, 19 * HOUR_US, total)],
        review_us + rng.integers(HOUR_US, 48 * HOUR_US, total),
    )
    updated = np.minimum(np.maximum(updated, review_us), cal.cutoff_us - 1)
    order = np.lexsort((account, review))
    cols: Columns = {
        "review_date": fmt_date(review),
        "forum": pick(V.DECISION_FORUMS, forum),
        "decision_text": decision_text,
        "owner": owner,
        "due_date": fmt_date(due),
        "status": pick(V.DECISION_STATUSES, status),
        "completed_at": fmt_ts(completed, null=~done),
        "metric_id": metric,
        "account_id": with_null(take(world.account_ids, safe), account < 0),
        "updated_at": fmt_ts(updated),
    }
    return {
        "decision_id": ids("dec_", np.arange(1, total + 1), id_width(total + 100, 6)),
        **reorder(cols, order),
    }
