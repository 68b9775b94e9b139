"""The product event feed: tens of millions of rows, generated and written in bounded chunks.

Model, per account and month (vectorised over users, user-days and events):

1. each eligible user (created by then, account subscribed) is *engaged* this month with a
   probability set by the account's health, onboarding ramp and the user's own propensity;
2. each engaged user is active on each subscribed day with a per-day probability (weekdays
   heavier than weekends); every engaged user has at least one active day;
3. each active user-day holds ``1 + Poisson(lambda - 1)`` events in one session, spread over
   business hours of the account's region, on features the account's plan includes and has
   adopted.

Global scale factors are solved up front so the expected total matches ``events_target``.
Events are produced month by month, in account blocks of at most ``chunk_events`` expected
rows, and written to one Parquet file per *load* month: an event that loads after the month
boundary (late arrival) is carried into the next month's file.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import vocab as V
from .common import (
    DAY_US,
    HOUR_US,
    SECOND_US,
    choice_index,
    fixed_width_ids,
    rng_for,
    sigmoid,
)
from .world import World

EVENT_ID_WIDTH = 12
WEEKEND_WEIGHT = 0.3
LATE_SHARE = 0.02
#: When the target is below one event per natural user-day, engagement is scaled down by a
#: factor f: the share of active users by f**ACT_SHARE, active days by f**(1 - ACT_SHARE).
ACT_SHARE = 0.15
#: Parquet writer options, fixed so that output bytes depend only on the data.
PARQUET_OPTIONS: dict[str, object] = {
    "compression": "zstd",
    "compression_level": 1,
    "use_dictionary": ["account_id", "feature_key"],
    "column_encoding": {
        "event_id": "DELTA_BYTE_ARRAY",
        "occurred_at": "DELTA_BINARY_PACKED",
        "loaded_at": "DELTA_BINARY_PACKED",
    },
    "write_statistics": True,
    "version": "2.6",
    "data_page_size": 1 << 20,
}
EVENT_SCHEMA = pa.schema(
    [
        pa.field("event_id", pa.string()),
        pa.field("account_id", pa.string()),
        pa.field("user_id", pa.string()),
        pa.field("feature_key", pa.string()),
        pa.field("occurred_at", pa.timestamp("us", tz="UTC")),
        pa.field("quantity", pa.int64()),
        pa.field("loaded_at", pa.timestamp("us", tz="UTC")),
    ]
)
#: Quadrature points for the log-normal user propensity (used to predict volumes).
_G_POINTS = np.exp(-0.18 + 0.6 * np.sqrt(2.0) * np.polynomial.hermite.hermgauss(12)[0])
_G_WEIGHTS = np.polynomial.hermite.hermgauss(12)[1] / np.sqrt(np.pi)


@dataclass
class EventPlan:
    """Per account-month engagement parameters, scaled to hit the events target."""

    p_act: np.ndarray
    p_day: np.ndarray
    lift_act: np.ndarray
    lift_day: np.ndarray
    lam: np.ndarray
    scale: float
    expected: np.ndarray
    feature_cum: np.ndarray
    day_weight_cum: np.ndarray


@dataclass
class EventStats:
    """What the event writer produced."""

    rows_written: int = 0
    good_events: int = 0
    late_events: int = 0
    not_yet_loaded: int = 0
    files: list[str] = field(default_factory=list)
    rows_per_file: dict[str, int] = field(default_factory=dict)
    true_effects: dict[str, float] = field(default_factory=dict)
    effect_cells: dict[str, int] = field(default_factory=dict)
    spike_events: dict[tuple[int, int], int] = field(default_factory=dict)
    seconds: float = 0.0
    writer_seconds: float = 0.0


def _day_weights(world: World) -> np.ndarray:
    """Relative activity weight of every day of the window (weekday 1.25, weekend 0.375)."""
    cal = world.cal
    days = np.arange(cal.window_start_day, cal.as_of_day + 1)
    weekend = ((days + 3) % 7) >= 5
    norm = 7.0 / (5.0 + 2.0 * WEEKEND_WEIGHT)
    return np.where(weekend, WEEKEND_WEIGHT * norm, norm)


def _feature_weights(world: World) -> np.ndarray:
    """Cumulative feature weights per account and month, shape (n, months, features).

    Features become available as the account adopts them (core features sooner, healthy
    accounts sooner and more of them) and only if the month's plan includes them; a rare few
    accounts trial one feature above their plan.
    """
    rng = rng_for(world.seed, "features")
    acc, mon = world.accounts, world.monthly
    n, nf = acc.n, len(V.FEATURES)
    core = np.asarray([f[1] for f in V.FEATURES])
    min_plan = np.asarray([f[2] for f in V.FEATURES])
    popularity = np.asarray([f[3] for f in V.FEATURES])
    h = acc.health0[:, None]
    p_never = np.where(core, np.clip(0.15 - 0.12 * h, 0.02, 0.5), np.clip(0.5 - 0.15 * h, 0.1, 0.9))
    never = rng.random((n, nf)) < p_never
    lag_mean = (30.0 + 150.0 * sigmoid(-h)) / np.sqrt(popularity)[None, :]
    adopt_day = acc.first_start[:, None] + rng.exponential(lag_mean).astype("int64")
    adopt_day[never] = np.iinfo("int64").max
    adopt_day[:, 0] = acc.first_start  # everyone starts on dashboards
    affinity = popularity[None, :] * np.exp(rng.normal(0.0, 0.5, (n, nf)))
    trial = np.full(n, -1)
    trialists = rng.random(n) < 0.02
    above = np.asarray([i for i, f in enumerate(V.FEATURES) if not f[1]])
    trial[trialists] = rng.choice(above, int(trialists.sum()))
    allowed = min_plan[None, None, :] <= mon.plan[:, :, None]
    allowed |= np.arange(nf)[None, None, :] == trial[:, None, None]
    adopted = adopt_day[:, None, :] <= mon.hi[:, :, None]
    weight = affinity[:, None, :] * (allowed & adopted)
    weight[:, :, 0] = np.maximum(weight[:, :, 0], 1e-3)
    return np.cumsum(weight, axis=2)


def _expected_user_days(
    elig: np.ndarray,
    p_act: np.ndarray,
    p_day: np.ndarray,
    lift_act: np.ndarray,
    lift_day: np.ndarray,
    wsum: np.ndarray,
) -> np.ndarray:
    """Expected active user-days per account-month, integrating over user propensity."""
    out = np.zeros_like(p_act)
    for g, w in zip(_G_POINTS, _G_WEIGHTS, strict=True):
        x = np.minimum(p_day * np.sqrt(g) * (1.0 + lift_day) * wsum, 0.98 * wsum)
        engaged = np.minimum(0.97, np.minimum(0.97, p_act * g) * (1.0 + lift_act))
        out += w * engaged * (x + np.exp(-x))
    return out * elig


def plan_events(world: World, events_target: int) -> EventPlan:
    """Solve the global scale so that the expected number of events is ``events_target``.

    Engagement is kept at its natural level and the number of events per active user-day
    scaled up when the target allows; when the target is smaller than one event per
    natural user-day, engagement (users first lightly, days more) is scaled down instead.
    """
    acc, mon, users, cal = world.accounts, world.monthly, world.users, world.cal
    n, m = acc.n, cal.months
    h = mon.health
    ramp = mon.ramp
    ent = (acc.ctype == 2)[:, None]
    p_act = np.clip(0.40 + 0.55 * sigmoid(1.3 * h), 0.05, 0.95) * ramp**0.7
    p_day = np.clip(0.05 + 0.30 * sigmoid(1.1 * h + 0.3 * ent), 0.02, 0.6) * ramp**0.5
    lam0 = (1.5 + 3.5 * sigmoid(h)) * (1.0 + 0.25 * mon.plan)
    spike = np.ones((n, m))
    for a, i in world.spikes:
        spike[a, i] = 10.0
    for a, i in world.outages:
        p_act[a, i] = 0.0
    # Planted programme effects (relative lifts), from each programme's first month on.
    lift_act = np.zeros((n, m))
    lift_day = np.zeros((n, m))
    starts = np.asarray([cal.month_start(i) for i in range(m)])
    for iv in world.interventions:
        after = np.nonzero(starts >= iv.start_day)[0]
        if iv.effect == "p_act":
            lift_act[np.ix_(iv.treatment, after)] = iv.delta
        elif iv.effect == "p_day":
            lift_day[np.ix_(iv.treatment, after)] = iv.delta

    # Users created by the end of each account-month.
    big = 1 << 40
    key = users.account * big + users.created_day
    hi = np.where(mon.active, mon.hi, -1)
    acc_idx = np.repeat(np.arange(n), m).reshape(n, m)
    elig = np.searchsorted(key, acc_idx * big + hi, side="right") - users.account_first[acc_idx]
    elig = np.where(mon.active, elig, 0).astype("float64")

    dw = _day_weights(world)
    cum = np.concatenate([[0.0], np.cumsum(dw)])
    lo_i = np.clip(mon.lo - cal.window_start_day, 0, len(dw))
    hi_i = np.clip(mon.hi - cal.window_start_day + 1, 0, len(dw))
    wsum = np.where(mon.active, cum[hi_i] - cum[lo_i], 0.0)

    if events_target <= 0:
        p_act = np.zeros_like(p_act)
    natural = _expected_user_days(elig, p_act, p_day, lift_act, lift_day, wsum) * spike
    scale = 1.0
    target = float(max(events_target, 0))
    if target >= natural.sum():
        lo_k, hi_k = 0.0, 1.0
        while (natural * np.maximum(1.0, hi_k * lam0)).sum() < target:
            hi_k *= 2.0
        for _ in range(60):
            mid = 0.5 * (lo_k + hi_k)
            if (natural * np.maximum(1.0, mid * lam0)).sum() < target:
                lo_k = mid
            else:
                hi_k = mid
        lam = np.maximum(1.0, hi_k * lam0)
        expected = natural * lam
    else:
        lo_f, hi_f = 0.0, 1.0
        for _ in range(30):
            mid = 0.5 * (lo_f + hi_f)
            scaled = _expected_user_days(
                elig,
                p_act * mid**ACT_SHARE,
                p_day * mid ** (1 - ACT_SHARE),
                lift_act,
                lift_day,
                wsum,
            )
            total = scaled * spike
            if total.sum() < target:
                lo_f = mid
            else:
                hi_f = mid
        scale = hi_f
        p_act = p_act * hi_f**ACT_SHARE
        p_day = p_day * hi_f ** (1 - ACT_SHARE)
        lam = np.ones((n, m))
        expected = _expected_user_days(elig, p_act, p_day, lift_act, lift_day, wsum) * spike
    return EventPlan(
        p_act=p_act,
        p_day=p_day,
        lift_act=lift_act,
        lift_day=lift_day,
        lam=lam * spike,
        scale=scale,
        expected=expected,
        feature_cum=_feature_weights(world),
        day_weight_cum=cum,
    )


class _FileSink:
    """Writes one Parquet file per load month on a background thread.

    Generation (numpy) and Parquet encoding (Arrow, which releases the GIL) overlap, so both
    cores work. Commands are executed strictly in order, so the bytes written do not depend
    on thread timing.
    """

    def __init__(self, out_dir: Path, stats: EventStats) -> None:
        """Prepare the events folder (removing files of an earlier run) and start the writer."""
        self.dir = out_dir / "product" / "events"
        self.dir.mkdir(parents=True, exist_ok=True)
        for old in sorted(self.dir.glob("*.parquet")):
            old.unlink()
        self.stats = stats
        self.name = ""
        self.error: BaseException | None = None
        self.queue: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, name="events-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        """Writer loop: open / write / close files as commanded."""
        writer: pq.ParquetWriter | None = None
        while True:
            command, arg = self.queue.get()
            if command == "stop":
                if writer is not None and self.error is None:
                    writer.close()
                return
            if self.error is not None:
                continue
            began = time.perf_counter()
            try:
                if command == "open":
                    if writer is not None:
                        writer.close()
                    writer = pq.ParquetWriter(
                        self.dir / str(arg),
                        EVENT_SCHEMA,
                        **PARQUET_OPTIONS,  # type: ignore[arg-type]
                    )
                elif command == "write" and writer is not None:
                    table = arg
                    assert isinstance(table, pa.Table)
                    writer.write_table(table, row_group_size=max(table.num_rows, 1))
            except BaseException as exc:  # reported to the caller on the next command
                self.error = exc
            self.stats.writer_seconds += time.perf_counter() - began

    def _put(self, command: str, arg: object = None) -> None:
        """Queue a command, surfacing any failure of the writer thread."""
        if self.error is not None:
            raise RuntimeError(
                f"writing {self.dir / self.name} failed: {self.error}"
            ) from self.error
        self.queue.put((command, arg))

    def open(self, label: str) -> None:
        """Start the file for load month ``label`` (YYYY_MM)."""
        self.name = f"events_{label}.parquet"
        self._put("open", self.name)
        self.stats.files.append(self.name)
        self.stats.rows_per_file[self.name] = 0

    def write(self, table: pa.Table) -> None:
        """Append a row group to the current file."""
        if table.num_rows:
            self._put("write", table)
            self.stats.rows_per_file[self.name] += table.num_rows
            self.stats.rows_written += table.num_rows

    def finish(self) -> None:
        """Close the last file and stop the writer thread."""
        self.queue.put(("stop", None))
        self.thread.join()
        if self.error is not None:
            raise RuntimeError(
                f"writing {self.dir / self.name} failed: {self.error}"
            ) from self.error


def _chunks(
    expected: np.ndarray, users_per_account: np.ndarray, limit: int
) -> list[tuple[int, int]]:
    """Split accounts into contiguous blocks of bounded expected events and users."""
    n = len(expected)
    blocks: list[tuple[int, int]] = []
    cum_e = np.concatenate([[0.0], np.cumsum(expected)])
    cum_u = np.concatenate([[0], np.cumsum(users_per_account)])
    start = 0
    user_limit = max(limit // 4, 50_000)
    while start < n:
        stop_e = int(np.searchsorted(cum_e, cum_e[start] + limit, side="right")) - 1
        stop_u = int(np.searchsorted(cum_u, cum_u[start] + user_limit, side="right")) - 1
        stop = max(min(stop_e, stop_u, n), start + 1)
        blocks.append((start, stop))
        start = stop
    return blocks


@dataclass
class _Context:
    """Everything the chunk generator needs that does not change between months."""

    world: World
    plan: EventPlan
    account_ids: pa.Array
    user_ids: pa.Array
    feature_keys: pa.Array
    peak_us: np.ndarray
    outage: np.ndarray
    effects: dict[str, list[float]]


def _user_days(
    ctx: _Context, rng: np.random.Generator, i: int, u0: int, u1: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw the active user-days of users ``u0:u1`` in month ``i``.

    Returns (global user index, account index, day offset in month) per active user-day.
    """
    world, plan, cal = ctx.world, ctx.plan, ctx.world.cal
    users, mon = world.users, world.monthly
    ms, me = cal.month_start(i), cal.month_end(i)
    acc_u = users.account[u0:u1]
    created = users.created_day[u0:u1]
    g = users.propensity[u0:u1]
    elig = mon.active[acc_u, i] & (created <= mon.hi[acc_u, i]) & ~ctx.outage[acc_u, i]
    p0 = np.minimum(0.97, plan.p_act[acc_u, i] * g)
    p = np.minimum(0.97, p0 * (1.0 + plan.lift_act[acc_u, i]))
    engaged = elig & (rng.random(len(acc_u), dtype=np.float32) < p)
    _effect_on_activation(ctx.effects, world, i, acc_u, elig, p0, p)
    e = np.nonzero(engaged)[0]
    empty = np.empty(0, dtype="int64")
    if len(e) == 0:
        return empty, empty, empty
    acc_e = acc_u[e]
    lo_e = np.maximum(mon.lo[acc_e, i], created[e]) - ms
    hi_e = mon.hi[acc_e, i] - ms
    day_w = np.diff(plan.day_weight_cum)[ms - cal.window_start_day : me - cal.window_start_day + 1]
    base_q = plan.p_day[acc_e, i] * np.sqrt(g[e])
    q_user = base_q * (1.0 + plan.lift_day[acc_e, i])
    n_days = me - ms + 1
    day_idx = np.arange(n_days, dtype=np.int16)
    inside = (day_idx[None, :] >= lo_e[:, None]) & (day_idx[None, :] <= hi_e[:, None])
    # Day probabilities in units of 1/65536, compared with 16 random bits per user-day.
    weekday_w, weekend_w = float(day_w.max()), float(day_w.min())
    t_weekday = _threshold16(q_user * weekday_w)
    t_weekend = _threshold16(q_user * weekend_w)
    weekend = day_w < weekday_w
    thresholds = np.where(weekend[None, :], t_weekend[:, None], t_weekday[:, None])
    thresholds *= inside
    _effect_on_days(
        ctx.effects, world, i, acc_e, base_q, thresholds, inside, day_w, cal.month_days(i)
    )
    active = _random16(rng, thresholds.shape) < thresholds
    none = np.nonzero(~active.any(axis=1))[0]
    if len(none):
        # Users who drew no day still used the product once: pick a day by weekday weight.
        forced = choice_index(rng, inside[none] * day_w[None, :])
        active[none, forced] = True
    flat = np.flatnonzero(active).astype(np.uint32)
    ue = flat // np.uint32(n_days)
    day = (flat - ue * np.uint32(n_days)).astype("int64")
    ue = ue.astype("int64")
    return u0 + e[ue], acc_e[ue], day


def _threshold16(q: np.ndarray) -> np.ndarray:
    """Probabilities (capped at 0.98) as integer thresholds out of 65536."""
    return np.round(np.minimum(q, 0.98) * 65536.0).astype(np.uint16)


def _random16(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Uniform 16-bit random integers, four per 64-bit draw of the generator."""
    size = int(np.prod(shape))
    raw = rng.bit_generator.random_raw((size + 3) // 4)
    return raw.view(np.uint16)[:size].reshape(shape)


def _uniforms3(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Three independent uniform [0, 1) float32 arrays from one 64-bit draw per element."""
    raw = rng.bit_generator.random_raw(n)
    mask = np.uint64((1 << 21) - 1)
    scale = np.float32(1.0 / (1 << 21))
    u1 = (raw & mask).astype(np.float32) * scale
    u2 = ((raw >> np.uint64(21)) & mask).astype(np.float32) * scale
    u3 = (raw >> np.uint64(43)).astype(np.float32) * scale
    return u1, u2, u3


def _chunk_events(
    ctx: _Context, rng: np.random.Generator, i: int, a0: int, a1: int, first_id: int
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Generate the events of accounts ``a0:a1`` in month ``i``.

    Returns the events as numpy columns (event number, account and user index, feature index,
    occurred_at, quantity, loaded_at in microseconds) and the late-arrival flags.
    """
    world, plan = ctx.world, ctx.plan
    users = world.users
    u0, u1 = int(users.account_first[a0]), int(users.account_first[a1])
    user_ud, acc_ud, day_ud = _user_days(ctx, rng, i, u0, u1)
    n_ev = 1 + rng.poisson(np.maximum(plan.lam[acc_ud, i] - 1.0, 0.0))
    total = int(n_ev.sum())
    # One session per user-day around the region's working hours, events ~100 s apart.
    session = (ctx.peak_us[acc_ud] + rng.normal(0.0, 2.6 * HOUR_US, len(acc_ud))) % (24 * HOUR_US)
    gaps = rng.standard_exponential(total, dtype=np.float32) * np.float32(100.0 * SECOND_US)
    first_of = np.cumsum(n_ev) - n_ev
    gaps[first_of] = 0.0
    csum = np.cumsum(gaps, dtype=np.float64)
    offset = csum - np.repeat(csum[first_of], n_ev)
    start_us = (world.cal.month_start(i) + day_ud).astype("int64") * DAY_US + session.astype(
        "int64"
    )
    # On the day a user is created, their first session starts after the account is set up.
    start_us = np.maximum(start_us, users.created_us[user_ud] + 60 * SECOND_US)
    day_end = (world.cal.month_start(i) + day_ud + 1).astype("int64") * DAY_US - 1
    occurred = np.minimum(
        np.repeat(start_us, n_ev) + offset.astype("int64"), np.repeat(day_end, n_ev)
    )
    acc_ev = np.repeat(acc_ud, n_ev)
    user_ev = np.repeat(user_ud, n_ev)
    # Feature: inverse-CDF draw from the account-month's cumulative feature weights.
    cumw = plan.feature_cum[a0:a1, i, :]
    totals = cumw[:, -1]
    stride = float(totals.max()) + 1.0
    flat = (cumw + (np.arange(a1 - a0) * stride)[:, None]).ravel()
    local = acc_ev - a0
    u_feature, u_quantity, u_late = _uniforms3(rng, total)
    query = local * stride + u_feature * totals[local]
    feature = np.searchsorted(flat, query, side="right") - local * len(V.FEATURES)
    feature = np.clip(feature, 0, len(V.FEATURES) - 1)
    quantity = np.ones(total, dtype="int64")
    more = np.nonzero(u_quantity >= 0.85)[0]
    quantity[more] = 1 + np.minimum(rng.geometric(0.45, len(more)), 25)
    # Load lag: minutes to hours; 2% arrive 1-5 days late.
    u = u_late
    late = u < LATE_SHARE
    minutes = np.exp(
        np.float32(np.log(480.0)) + np.float32(1.3) * rng.standard_normal(total, dtype=np.float32)
    )
    lag = np.where(
        late,
        (1.0 + 4.0 * u / LATE_SHARE) * DAY_US,
        np.clip(minutes, 2.0, 6 * 3600.0) * SECOND_US,
    ).astype("int64")
    loaded = occurred + lag
    columns = {
        "event_no": np.arange(first_id, first_id + total, dtype="int64"),
        "account": acc_ev,
        "user": user_ev,
        "feature": feature,
        "occurred_at": occurred,
        "quantity": quantity,
        "loaded_at": loaded,
    }
    return columns, late


def _to_table(ctx: _Context, cols: dict[str, np.ndarray], rows: np.ndarray | None) -> pa.Table:
    """Build the Arrow table of (a subset of) a chunk's events."""
    if rows is not None:
        cols = {k: v[rows] for k, v in cols.items()}
    return pa.table(
        {
            "event_id": fixed_width_ids("evt_", cols["event_no"], EVENT_ID_WIDTH),
            "account_id": pc.take(ctx.account_ids, pa.array(cols["account"])),
            "user_id": pc.take(ctx.user_ids, pa.array(cols["user"])),
            "feature_key": pc.take(ctx.feature_keys, pa.array(cols["feature"])),
            "occurred_at": pa.array(cols["occurred_at"], EVENT_SCHEMA.field("occurred_at").type),
            "quantity": pa.array(cols["quantity"]),
            "loaded_at": pa.array(cols["loaded_at"], EVENT_SCHEMA.field("loaded_at").type),
        },
        schema=EVENT_SCHEMA,
    )


def write_events(
    world: World,
    out_dir: Path,
    events_target: int,
    bad_rows: Callable[[World, dict[str, object] | None], pa.Table],
    progress: Callable[[str], None] | None = None,
    chunk_events: int = 1_000_000,
) -> EventStats:
    """Generate the event feed and write ``product/events/events_YYYY_MM.parquet``.

    ``bad_rows(world, sample)`` returns the planted bad rows (appended as the last row group
    of the final file); ``sample`` is one good event (as a dict) it may duplicate.
    """
    t0 = time.perf_counter()
    cal, acc, users = world.cal, world.accounts, world.users
    plan = plan_events(world, events_target)
    outage = np.zeros(world.monthly.lo.shape, dtype=bool)
    for a, mi in world.outages:
        outage[a, mi] = True
    ctx = _Context(
        world=world,
        plan=plan,
        account_ids=pa.array(acc.account_id, pa.string()),
        user_ids=pa.array(users.user_id, pa.string()),
        feature_keys=pa.array(V.FEATURE_KEYS, pa.string()),
        peak_us=np.asarray(V.REGION_PEAK_HOUR_UTC)[acc.region] * HOUR_US,
        outage=outage,
        effects={iv.intervention_id: [0.0, 0] for iv in world.interventions if iv.effect != "none"},
    )
    stats = EventStats()
    sink = _FileSink(out_dir, stats)
    users_per_account = np.diff(users.account_first)
    next_id = 1
    carry: list[pa.Table] = []
    sample: dict[str, object] | None = None
    try:
        for i in range(cal.months):
            rng = rng_for(world.seed, "events", i)
            next_month_us = (cal.month_start(i) + cal.month_days(i)) * DAY_US
            sink.open(cal.month_label(i))
            for table in carry:  # late arrivals of the previous month load in this one
                sink.write(table)
            carry = []
            month_events = 0
            first_of_month = True
            for a0, a1 in _chunks(plan.expected[:, i], users_per_account, chunk_events):
                cols, late = _chunk_events(ctx, rng, i, a0, a1, next_id)
                total = len(late)
                next_id += total
                if total == 0:
                    continue
                for a, mi in world.spikes:
                    if mi == i and a0 <= a < a1:
                        stats.spike_events[(a, mi)] = int((cols["account"] == a).sum())
                loaded = cols["loaded_at"]
                # Loaded this month, and never after as_of (the last month's late events that
                # would load after as_of have not arrived yet).
                now = loaded < min(next_month_us, cal.cutoff_us)
                later = ~now & (loaded < cal.cutoff_us)  # loading after as_of: not arrived yet
                kept = now | later
                stats.not_yet_loaded += int((~kept).sum())
                stats.late_events += int((late & kept).sum())
                rows_now = None if now.all() else np.flatnonzero(now)
                table = _to_table(ctx, cols, rows_now)
                if first_of_month and table.num_rows:
                    sample = table.slice(0, 1).to_pylist()[0]  # last month's wins
                    first_of_month = False
                sink.write(table)
                if later.any():
                    carry.append(_to_table(ctx, cols, np.flatnonzero(later)))
                month_events += int(kept.sum())
            stats.good_events += month_events
            if i == cal.months - 1:
                for table in carry:  # cannot happen (nothing loads after as_of); kept for safety
                    sink.write(table)
                sink.write(bad_rows(world, sample))
            if progress is not None:
                rate = stats.good_events / max(time.perf_counter() - t0, 1e-9)
                progress(
                    f"events {cal.month_label(i)}: {month_events:,} events "
                    f"({stats.good_events:,} so far, {rate:,.0f}/s)"
                )
    finally:
        sink.finish()
    for key, (total, cells) in ctx.effects.items():
        stats.true_effects[key] = total / cells if cells else 0.0
        stats.effect_cells[key] = int(cells)
    stats.seconds = time.perf_counter() - t0
    return stats


def _full_month(mon_lo: np.ndarray, mon_hi: np.ndarray, i: int, world: World) -> np.ndarray:
    """True where the account-month is a complete calendar month of subscription."""
    cal = world.cal
    ms = cal.month_start(i)
    return (mon_lo == ms) & (mon_hi == ms + cal.month_days(i) - 1)


def _effect_on_activation(
    effects: dict[str, list[float]],
    world: World,
    i: int,
    acc_u: np.ndarray,
    elig: np.ndarray,
    p0: np.ndarray,
    p1: np.ndarray,
) -> None:
    """Accumulate the expected license-utilization lift of activation programmes.

    For each treated, complete post-start account-month: sum over eligible users of the lift
    in engagement probability, divided by the month-end seats.
    """
    for iv in world.interventions:
        if iv.effect != "p_act" or world.cal.month_start(i) < iv.start_day:
            continue
        m = world.monthly
        in_arm = np.isin(acc_u, iv.treatment) & elig
        if not in_arm.any():
            continue
        accounts = np.unique(acc_u[in_arm])
        accounts = accounts[_full_month(m.lo[accounts, i], m.hi[accounts, i], i, world)]
        if len(accounts) == 0:
            continue
        lift = np.zeros(world.accounts.n)
        np.add.at(lift, acc_u[in_arm], (p1 - p0)[in_arm])
        per_account = lift[accounts] / np.maximum(m.seats[accounts, i], 1)
        effects[iv.intervention_id][0] += float(per_account.sum())
        effects[iv.intervention_id][1] += len(accounts)


def _effect_on_days(
    effects: dict[str, list[float]],
    world: World,
    i: int,
    acc_e: np.ndarray,
    base_q: np.ndarray,
    thresholds: np.ndarray,
    inside: np.ndarray,
    day_w: np.ndarray,
    full_days: int,
) -> None:
    """Accumulate the expected stickiness lift of day-activity programmes.

    Expected active days of an engaged user with day probabilities q (at least one day is
    forced) is ``sum(q) + prod(1 - q)``; the lift is that difference with and without the
    programme, averaged over the account-month's engaged users and divided by the month's
    days, then averaged over treated complete post-start account-months. Probabilities are
    the exact quantised ones the generator draws with.
    """
    for iv in world.interventions:
        if iv.effect != "p_day" or world.cal.month_start(i) < iv.start_day:
            continue
        m = world.monthly
        in_arm = np.isin(acc_e, iv.treatment)
        if not in_arm.any():
            continue
        q_t = thresholds[in_arm].astype("float64") / 65536.0
        base = base_q[in_arm]
        weekday_w, weekend_w = float(day_w.max()), float(day_w.min())
        q0 = (
            np.where(
                (day_w < weekday_w)[None, :],
                _threshold16(base * weekend_w)[:, None],
                _threshold16(base * weekday_w)[:, None],
            ).astype("float64")
            / 65536.0
        )
        q0 *= inside[in_arm]

        def expected_days(q: np.ndarray) -> np.ndarray:
            """Expected active days with one forced day when none is drawn."""
            return q.sum(axis=1) + np.exp(np.log1p(-q).sum(axis=1))

        lift = (expected_days(q_t) - expected_days(q0)) / full_days
        rows = acc_e[in_arm]
        sums = np.zeros(world.accounts.n)
        counts = np.zeros(world.accounts.n)
        np.add.at(sums, rows, lift)
        np.add.at(counts, rows, 1.0)
        accounts = np.unique(rows)
        accounts = accounts[_full_month(m.lo[accounts, i], m.hi[accounts, i], i, world)]
        if len(accounts) == 0:
            continue
        effects[iv.intervention_id][0] += float((sums[accounts] / counts[accounts]).sum())
        effects[iv.intervention_id][1] += len(accounts)
