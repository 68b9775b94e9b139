"""Voice of the customer: ``voice.survey_responses`` (quarterly NPS waves and CSAT)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import vocab as V
from .common import (
    DAY_US,
    EPOCH,
    HOUR_US,
    Columns,
    fmt_num,
    fmt_ts,
    id_width,
    ids,
    pick,
    rng_for,
    sigmoid,
    take,
)
from .world import World


def survey_responses_table(world: World) -> tuple[Columns, list[dict[str, object]]]:
    """voice.survey_responses: NPS waves in Jan/Apr/Jul/Oct and CSAT after support contacts.

    A wave samples 10-25% of the account's users (at most 40) without repeats; scores follow
    the account's health at the time. ~5% of accounts opted out of surveys and have no
    responses at all (reported as missing data).
    """
    rng = rng_for(world.seed, "surveys")
    acc, cal, mon, users = world.accounts, world.cal, world.monthly, world.users
    n = acc.n
    created = users.created_day
    opted_out = world.survey_opt_out
    parts: list[dict[str, np.ndarray]] = []
    for i in range(cal.months):
        month = (EPOCH + dt.timedelta(days=cal.month_start(i))).month
        if month not in (1, 4, 7, 10):
            continue
        wave_day = cal.month_start(i) + int(rng.integers(3, 15))
        if wave_day > cal.as_of_day:
            continue
        on = (mon.lo[:, i] <= wave_day) & (mon.hi[:, i] >= wave_day) & ~opted_out
        elig = on[users.account] & (created <= wave_day)
        u = np.nonzero(elig)[0]
        if len(u) == 0:
            continue
        a = users.account[u]
        counts = np.bincount(a, minlength=n)
        h = mon.health[:, i]
        rate = 0.10 + 0.15 * sigmoid(h)
        want = np.minimum(rng.binomial(counts, rate), 40)
        order = np.lexsort((rng.random(len(u)), a))
        u, a = u[order], a[order]
        rank = np.arange(len(u)) - np.searchsorted(a, a)
        pick_u = u[rank < want[a]]
        pick_a = users.account[pick_u]
        k = len(pick_u)
        day_off = np.minimum(rng.exponential(3.0, k).astype("int64"), 14)
        day = np.minimum(wave_day + day_off, mon.hi[pick_a, i])
        score = np.clip(np.round(8.0 + 1.5 * h[pick_a] + rng.normal(0.0, 1.3, k)), 0, 10)
        parts.append(
            {
                "account": pick_a,
                "user": pick_u,
                "type": np.zeros(k, "int64"),
                "score": score,
                "day": day,
            }
        )

    # CSAT after support contacts: rate grows with users and with struggling health.
    big = 1 << 40
    key = users.account * big + created
    for i in range(cal.months):
        active = mon.active[:, i] & ~opted_out
        h = mon.health[:, i]
        size = np.diff(users.account_first)
        rate = 0.15 * np.sqrt(size) * (1.0 + sigmoid(-1.5 * h))
        count = np.where(active, rng.poisson(rate), 0)
        a = np.repeat(np.arange(n), count)
        if len(a) == 0:
            continue
        span = mon.hi[a, i] - mon.lo[a, i] + 1
        day = mon.lo[a, i] + (rng.random(len(a)) * span).astype("int64")
        first = users.account_first[a]
        avail = np.searchsorted(key, a * big + day, side="right") - first
        ok = avail > 0
        a, day, first, avail = a[ok], day[ok], first[ok], avail[ok]
        user = first + (rng.random(len(a)) * avail).astype("int64")
        score = np.clip(np.round(3.9 + 0.75 * h[a] + rng.normal(0.0, 0.8, len(a))), 1, 5)
        parts.append(
            {
                "account": a,
                "user": user,
                "type": np.ones(len(a), "int64"),
                "score": score,
                "day": day,
            }
        )

    cols = (
        {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
        if parts
        else {k: np.empty(0, "int64") for k in ("account", "user", "type", "score", "day")}
    )
    total = len(cols["account"])
    # Respond after the user exists: same-day responses come later that day.
    created_us = users.created_us[cols["user"]]
    stamp = cols["day"] * DAY_US + rng.integers(7 * HOUR_US, 21 * HOUR_US, total)
    stamp = np.maximum(stamp, created_us + rng.integers(HOUR_US // 2, 2 * HOUR_US, total))
    stamp = np.minimum(stamp, cal.cutoff_us - 1)
    order = np.lexsort((cols["user"], stamp))
    missing = [
        {
            "table": "voice.survey_responses",
            "account_id": str(acc.account_id[a]),
            "what": "no_responses",
            "period": "window",
            "reason": "account opted out of surveys",
        }
        for a in np.nonzero(opted_out)[0]
    ]
    return {
        "response_id": ids("rsp_", np.arange(1, total + 1), id_width(total + 100, 7)),
        "account_id": take(world.account_ids, cols["account"][order]),
        "user_id": take(world.user_ids, cols["user"][order]),
        "survey_type": pick(V.SURVEY_TYPES, cols["type"][order]),
        "score": fmt_num(cols["score"][order], 0),
        "responded_at": fmt_ts(stamp[order]),
    }, missing
