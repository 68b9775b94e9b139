"""CRM tables: accounts, success plans, opportunities and touchpoints."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import vocab as V
from .common import (
    DAY_US,
    HOUR_US,
    Columns,
    add_months,
    choice_index,
    fmt_bool,
    fmt_date,
    fmt_num,
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
from .world import (
    CHANGE_CSM,
    CHANGE_NONE,
    CHANGE_SEGMENT,
    KIND_EXPANSION,
    KIND_NEW,
    KIND_REACTIVATION,
    OPEN,
    World,
)

SPONSOR_FIRST = (
    "Alex",
    "Jordan",
    "Morgan",
    "Taylor",
    "Casey",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Parker",
    "Reese",
    "Skyler",
)
SPONSOR_LAST = ("Kim", "Patel", "Garcia", "Smith", "Novak", "Okafor", "Rossi", "Larsen")

OUTCOME_NAMES: dict[int, tuple[str, ...]] = {
    0: (
        "Reduce cost per transaction",
        "Cut processing cost per order",
        "Lower unit cost of back-office transactions",
    ),
    1: (
        "Save analyst hours on reporting",
        "Automate manual reconciliation work",
        "Free up operations team time",
    ),
    2: (
        "Grow revenue influenced by insights",
        "Increase upsell pipeline from usage insights",
        "Lift revenue from faster decisions",
    ),
    3: (
        "Scale transaction throughput",
        "Process more orders without new headcount",
        "Handle peak-season volume",
    ),
}


def accounts_table(world: World) -> Columns:
    """crm.accounts: one row per account, plus a second version for changed accounts.

    About 10% of accounts changed CSM or segment (customer_type and deployment_scale) during
    the window; they appear twice, the later row with the change date as updated_at.
    """
    rng = rng_for(world.seed, "accounts_table")
    acc, cal = world.accounts, world.cal
    n = acc.n
    created_day = acc.created_us // DAY_US
    changed = acc.change_kind != CHANGE_NONE
    # First version: written at creation or at a later edit, always before any change.
    latest_first = np.where(changed, acc.change_day - 1, cal.as_of_day)
    first_day = np.minimum(created_day + rng.integers(0, 60, n), latest_first)
    first_day = np.maximum(first_day, created_day)
    first_us = np.where(
        first_day == created_day,
        acc.created_us + rng.integers(0, 2 * HOUR_US, n),
        first_day * DAY_US + rng.integers(8 * HOUR_US, 18 * HOUR_US, n),
    )
    first_us = np.minimum(first_us, cal.cutoff_us - 1)
    second = np.nonzero(changed)[0]
    second_us = acc.change_day[second] * DAY_US + rng.integers(
        8 * HOUR_US, 18 * HOUR_US, len(second)
    )
    rows = np.concatenate([np.arange(n), second])
    version = np.concatenate([np.zeros(n, "int64"), np.ones(len(second), "int64")])
    updated = np.concatenate([first_us, second_us])
    order = np.lexsort((version, rows))
    rows, version, updated = rows[order], version[order], updated[order]
    later = version == 1
    kind = acc.change_kind[rows]
    ctype = np.where(later & (kind == CHANGE_SEGMENT), acc.new_ctype[rows], acc.ctype[rows])
    scale = np.where(later & (kind == CHANGE_SEGMENT), acc.new_scale[rows], acc.scale[rows])
    csm = np.where(later & (kind == CHANGE_CSM), acc.new_csm[rows], acc.csm[rows])
    return {
        "account_id": take(world.account_ids, rows),
        "account_name": text(acc.name[rows]),
        "industry": pick(V.INDUSTRIES, acc.industry[rows]),
        "customer_type": pick(V.CUSTOMER_TYPES, ctype),
        "deployment_scale": pick(V.DEPLOYMENT_SCALES, scale),
        "region": pick(V.REGIONS, acc.region[rows]),
        "csm_owner": pick(V.CSM_NAMES, csm),
        "ae_owner": pick(V.AE_NAMES, acc.ae[rows]),
        "created_at": fmt_ts(acc.created_us[rows]),
        "updated_at": fmt_ts(updated),
    }


def success_plans_table(world: World) -> Columns:
    """crm.success_plans: one row per plan, at its latest status."""
    rng = rng_for(world.seed, "success_plans_table")
    plans, acc, cal = world.plans, world.accounts, world.cal
    k = len(plans.account)
    order = np.lexsort((plans.metric, plans.baseline_day))
    names = np.asarray(
        [OUTCOME_NAMES[mk][v] for mk in range(4) for v in range(3)], dtype=object
    ).reshape(4, 3)
    is_cost = plans.metric == 0
    updated = plans.status_day * DAY_US + rng.integers(8 * HOUR_US, 19 * HOUR_US, k)
    updated = np.minimum(updated, cal.cutoff_us - 1)
    sponsor = np.where(plans.sponsor >= 0, plans.sponsor, 0)
    sponsor_name = np.char.add(
        np.char.add(np.asarray(SPONSOR_FIRST)[sponsor % 12], " "),
        np.asarray(SPONSOR_LAST)[(sponsor * 7 + plans.account) % 8],
    ).astype(object)
    owner = acc.csm_at(plans.account, plans.baseline_day)
    cost_mask = pa.array(is_cost)
    baseline = pc.if_else(cost_mask, fmt_num(plans.baseline, 2), fmt_num(plans.baseline, 0))
    target = pc.if_else(cost_mask, fmt_num(plans.target, 2), fmt_num(plans.target, 0))
    cols: Columns = {
        "account_id": take(world.account_ids, plans.account),
        "outcome_name": text(names[plans.metric, plans.outcome_variant]),
        "impact_metric_key": pick(V.IMPACT_METRIC_KEYS, plans.metric),
        "baseline_value": baseline,
        "target_value": target,
        "baseline_date": fmt_date(plans.baseline_day),
        "target_date": fmt_date(plans.target_day),
        "owner": pick(V.CSM_NAMES, owner),
        "customer_sponsor": with_null(text(sponsor_name), plans.sponsor < 0),
        "status": pick(V.SUCCESS_PLAN_STATUSES, plans.status),
        "updated_at": fmt_ts(updated),
    }
    return {
        "success_plan_id": ids("sp_", np.arange(1, k + 1), id_width(k + 100, 6)),
        **reorder(cols, order),
    }


def opportunities_table(world: World) -> Columns:
    """crm.opportunities: new business, renewals (won or lost), expansions and open pipeline.

    Every subscription start that is not a renewal has a won opportunity (new, reactivation
    as new, expansion); every renewal date reached has a renewal opportunity, won if renewed
    and lost where the account churned. Open opportunities (is_closed false) cover renewals
    due in the six months after as_of and some expansion pipeline of healthy accounts.
    """
    rng = rng_for(world.seed, "opportunities")
    per, ren, acc, cal = world.periods, world.renewals, world.accounts, world.cal
    parts: list[dict[str, np.ndarray]] = []

    started = np.isin(per.kind, [KIND_NEW, KIND_REACTIVATION, KIND_EXPANSION])
    idx = np.nonzero(started)[0]
    lead = np.where(
        per.kind[idx] == KIND_EXPANSION,
        rng.integers(0, 15, len(idx)),
        rng.integers(0, 25, len(idx)),
    )
    amount = (
        np.where(per.kind[idx] == KIND_EXPANSION, per.mrr[idx] - per.prev_mrr[idx], per.mrr[idx])
        * 12.0
    )
    parts.append(
        {
            "account": per.account[idx],
            "type": np.where(per.kind[idx] == KIND_EXPANSION, 2, 0),
            "amount": amount,
            "close": per.start[idx] - lead,
            "closed": np.ones(len(idx), bool),
            "won": np.ones(len(idx), bool),
        }
    )
    lead = np.where(ren.won, rng.integers(0, 30, len(ren.day)), rng.integers(0, 20, len(ren.day)))
    parts.append(
        {
            "account": ren.account,
            "type": np.ones(len(ren.day), "int64"),
            "amount": ren.amount,
            "close": np.minimum(ren.day - lead, cal.as_of_day),
            "closed": np.ones(len(ren.day), bool),
            "won": ren.won,
        }
    )
    # Lost expansion attempts, mostly at healthy accounts.
    h = acc.health0
    tries = np.nonzero(rng.random(acc.n) < 0.15 * sigmoid(1.5 * h) * 2)[0]
    tries = tries[acc.last_active[tries] > cal.window_start_day]
    lo = np.maximum(acc.first_start[tries], cal.window_start_day)
    span = np.maximum(acc.last_active[tries] - lo, 1)
    when = lo + (rng.random(len(tries)) * span).astype("int64")
    mrr_now = _mrr_at(world, tries, when)
    parts.append(
        {
            "account": tries,
            "type": np.full(len(tries), 2),
            "amount": mrr_now * rng.uniform(0.1, 0.4, len(tries)) * 12.0,
            "close": when,
            "closed": np.ones(len(tries), bool),
            "won": np.zeros(len(tries), bool),
        }
    )
    # Open pipeline: renewals due within six months after as_of, and some expansions.
    live = np.nonzero(acc.last_active >= cal.as_of_day)[0]
    last_period = np.searchsorted(per.account, live, side="right") - 1
    restarted = acc.reactivation_day[live] != OPEN
    term = np.where(restarted, 12, acc.term_months[live])
    anchor = np.where(restarted, acc.reactivation_day[live], acc.first_start[live])
    max_terms = (cal.as_of_day - int(anchor.min(initial=cal.as_of_day))) // 300 + 3
    steps = np.arange(1, max_terms + 1)
    candidates = add_months(
        np.repeat(anchor, max_terms), np.tile(steps, len(live)) * np.repeat(term, max_terms)
    ).reshape(len(live), max_terms)
    future = candidates > cal.as_of_day
    next_renewal = candidates[np.arange(len(live)), future.argmax(axis=1)]
    due = next_renewal <= add_months(np.full(len(live), cal.as_of_day), 6)
    parts.append(
        {
            "account": live[due],
            "type": np.ones(int(due.sum()), "int64"),
            "amount": per.mrr[last_period[due]] * 12.0,
            "close": np.maximum(
                next_renewal[due] - rng.integers(0, 10, int(due.sum())), cal.as_of_day + 1
            ),
            "closed": np.zeros(int(due.sum()), bool),
            "won": np.zeros(int(due.sum()), bool),
        }
    )
    keen = live[rng.random(len(live)) < 0.25 * sigmoid(2.0 * h[live])]
    keen_last = np.searchsorted(per.account, keen, side="right") - 1
    parts.append(
        {
            "account": keen,
            "type": np.full(len(keen), 2),
            "amount": per.mrr[keen_last] * rng.uniform(0.1, 0.5, len(keen)) * 12.0,
            "close": cal.as_of_day + rng.integers(30, 181, len(keen)),
            "closed": np.zeros(len(keen), bool),
            "won": np.zeros(len(keen), bool),
        }
    )
    cols = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((cols["type"], cols["account"], cols["close"]))
    cols = {key: v[order] for key, v in cols.items()}
    total = len(cols["account"])
    closed = cols["closed"]
    stamp = np.where(
        closed,
        np.minimum(cols["close"] + rng.integers(0, 3, total), cal.as_of_day) * DAY_US,
        (cal.as_of_day - rng.integers(0, 45, total)) * DAY_US,
    ) + rng.integers(8 * HOUR_US, 19 * HOUR_US, total)
    stamp = np.minimum(stamp, cal.cutoff_us - 1)
    return {
        "opportunity_id": ids("opp_", np.arange(1, total + 1), id_width(total + 100, 6)),
        "account_id": take(world.account_ids, cols["account"]),
        "opportunity_type": pick(V.OPPORTUNITY_TYPES, cols["type"]),
        "amount": fmt_num(np.round(cols["amount"], 2), 2),
        "close_date": fmt_date(cols["close"]),
        "is_closed": fmt_bool(closed),
        "is_won": fmt_bool(cols["won"]),
        "updated_at": fmt_ts(stamp),
    }


def _mrr_at(world: World, account: np.ndarray, day: np.ndarray) -> np.ndarray:
    """MRR of each account's period covering (or last before) a day."""
    per = world.periods
    big = 1 << 32
    key = per.account * big + per.start
    j = np.searchsorted(key, account * big + day, side="right") - 1
    j = np.clip(j, 0, len(per) - 1)
    return np.where(per.account[j] == account, per.mrr[j], 0.0)


#: Theme weights per touchpoint type (rows follow TOUCHPOINT_TYPES, columns THEME_CODES).
_THEME_WEIGHTS = np.asarray(
    [
        # onb  low  gap  roi  cost time supp adv  exec price exp  goal
        [1.0, 0.8, 1.2, 0.8, 0.6, 0.9, 0.4, 0.7, 0.3, 0.6, 0.5, 0.6],  # interview
        [0.3, 0.6, 0.6, 1.2, 1.0, 1.0, 0.3, 0.5, 1.0, 0.7, 0.8, 1.5],  # business_review
        [0.8, 1.2, 0.6, 0.5, 0.4, 0.5, 0.5, 0.3, 0.3, 0.4, 0.3, 0.9],  # health_check
        [0.5, 0.1, 0.9, 0.0, 0.0, 0.0, 1.8, 0.0, 0.0, 0.3, 0.0, 0.0],  # support_escalation
    ]
)
_NOTES: dict[str, tuple[str, ...]] = {
    "onboarding_friction": (
        "Admin team still stuck on SSO setup; integration slipped two weeks.",
        "Onboarding stalled: data import mapping unclear to their ops team.",
    ),
    "low_engagement": (
        "Logins dropped since the champion left; only a handful of weekly users.",
        "Usage is concentrated in one team, others never adopted.",
    ),
    "feature_gap": (
        "Asked for bulk editing in workflows; blocking a second department.",
        "Missing export to their ERP, which they rely on for month-end.",
    ),
    "roi_proven": (
        "CFO confirmed the savings case; payback reached in under a year.",
        "Shared internal ROI deck, numbers align with our telemetry.",
    ),
    "cost_reduction": (
        "Cost per order down since go-live, finance tracking it monthly.",
        "Consolidated two legacy tools, licence spend reduced.",
    ),
    "time_savings": (
        "Reporting cycle down from three days to half a day.",
        "Ops team says reconciliation now takes hours, not days.",
    ),
    "support_quality": (
        "Escalated ticket waited 4 days for a response, customer frustrated.",
        "Unhappy with support handoffs, wants a named contact.",
    ),
    "advocacy": (
        "Happy to be a reference and join the customer advisory board.",
        "Champion presented their results at our user conference.",
    ),
    "exec_alignment": (
        "Met the VP sponsor, agreed priorities for the next two quarters.",
        "Exec sponsor engaged, goals tied to their annual plan.",
    ),
    "pricing_concern": (
        "Procurement pushing back on price at renewal, asking for discount.",
        "Budget cuts; considering fewer seats, comparing alternatives.",
    ),
    "expansion_interest": (
        "Second business unit wants a pilot, asked for a quote.",
        "Interested in the enterprise plan for SSO and audit log.",
    ),
    "goal_progress": (
        "Reviewed success plan, on track against the agreed target.",
        "Halfway to the target metric, agreed next milestones.",
    ),
}


def touchpoints_table(world: World) -> Columns:
    """crm.touchpoints: business reviews, health checks, interviews and support escalations.

    Business reviews follow the segment's cadence (enterprise quarterly, smb rarely); support
    escalations and health checks are more frequent at struggling accounts. Themes fit the
    touchpoint type and the account's health, and sentiment follows theme and health.
    """
    rng = rng_for(world.seed, "touchpoints")
    acc, cal, mon = world.accounts, world.cal, world.monthly
    n = acc.n
    review_rate = np.asarray([0.10, 0.20, 0.33])[acc.ctype]  # per month
    parts: list[dict[str, np.ndarray]] = []
    for i in range(cal.months):
        active = mon.active[:, i]
        h = mon.health[:, i]
        rates = np.stack(
            [
                np.full(n, 0.02),
                review_rate * (0.8 + 0.4 * sigmoid(h)),
                0.05 + 0.10 * sigmoid(-1.5 * h),
                (0.02 + 0.10 * sigmoid(-1.5 * h)) * (1.0 + 0.5 * acc.ctype),
            ],
            axis=1,
        )
        hits = (rng.random((n, 4)) < rates) & active[:, None]
        a, t = np.nonzero(hits)
        span = mon.hi[a, i] - mon.lo[a, i] + 1
        day = mon.lo[a, i] + (rng.random(len(a)) * span).astype("int64")
        parts.append({"account": a, "type": t, "day": day, "health": h[a]})
    cols = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    a, t, day, h = cols["account"], cols["type"], cols["day"], cols["health"]
    k = len(a)
    positive = np.asarray([s > 0 for _, s in V.THEMES])
    tilt = np.where(positive[None, :], np.exp(0.9 * h)[:, None], np.exp(-0.9 * h)[:, None])
    theme = choice_index(rng, _THEME_WEIGHTS[t] * tilt)
    base = np.asarray([s for _, s in V.THEMES])[theme]
    sentiment = np.clip(np.round(0.7 * base + 0.5 * h + rng.normal(0.0, 0.6, k)), -2, 2)
    occurred = day * DAY_US + rng.integers(8 * HOUR_US, 19 * HOUR_US, k)
    occurred = np.minimum(occurred, cal.cutoff_us - 1)
    updated = np.minimum(occurred + rng.integers(0, 72 * HOUR_US, k), cal.cutoff_us - 1)
    author_is_ae = np.isin(theme, [9, 10]) & (rng.random(k) < 0.4)
    author = pc.if_else(
        pa.array(author_is_ae),
        pick(V.AE_NAMES, acc.ae[a]),
        pick(V.CSM_NAMES, acc.csm_at(a, day)),
    )
    variants = [note for code in V.THEME_CODES for note in _NOTES[code]]
    notes = pick(variants, theme * 2 + rng.integers(0, 2, k))
    order = np.lexsort((a, occurred))
    cols: Columns = {
        "account_id": take(world.account_ids, a),
        "touchpoint_type": pick(V.TOUCHPOINT_TYPES, t),
        "occurred_at": fmt_ts(occurred),
        "author": author,
        "theme_code": pick(V.THEME_CODES, theme),
        "sentiment": fmt_num(sentiment, 0),
        "notes": notes,
        "updated_at": fmt_ts(updated),
    }
    return {
        "touchpoint_id": ids("tp_", np.arange(1, k + 1), id_width(k + 100, 6)),
        **reorder(cols, order),
    }
