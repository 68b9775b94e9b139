"""The latent customer base every raw table is rendered from.

One :class:`World` holds, as numpy arrays, what a real B2B SaaS company would know about its
customers: who they are, their hidden health, their subscription periods (renewals, expansions,
contractions, churn, reactivation), their users, onboarding milestones, success plans and the
programmes run on them. Table modules only *render* this state, so every table tells the same
story. Everything is vectorised over accounts, periods or users; loops run over months, terms
or the few interventions only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from . import vocab as V
from .common import (
    DAY_US,
    HOUR_US,
    Calendar,
    add_months,
    choice_index,
    id_width,
    ids_np,
    rng_for,
    sigmoid,
)

#: Period kinds: how a subscription period came about.
KIND_NEW, KIND_RENEWAL, KIND_EXPANSION, KIND_REACTIVATION = 0, 1, 2, 3
#: Account attribute changes planted as a second CRM version.
CHANGE_NONE, CHANGE_CSM, CHANGE_SEGMENT = 0, 1, 2
#: Sentinel for an open end date.
OPEN = -1


@dataclass
class Accounts:
    """Account attributes and latent traits; index i is account number i + 1."""

    n: int
    account_id: np.ndarray
    name: np.ndarray
    industry: np.ndarray
    region: np.ndarray
    ctype: np.ndarray
    scale: np.ndarray
    csm: np.ndarray
    ae: np.ndarray
    health0: np.ndarray
    trend: np.ndarray
    first_start: np.ndarray
    created_us: np.ndarray
    term_months: np.ndarray
    discount: np.ndarray
    util: np.ndarray
    fv_lag: np.ndarray
    change_kind: np.ndarray
    change_day: np.ndarray
    new_csm: np.ndarray
    new_ctype: np.ndarray
    new_scale: np.ndarray
    churn_day: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="int64"))
    reactivation_day: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="int64"))
    last_active: np.ndarray = field(default_factory=lambda: np.empty(0, dtype="int64"))

    def health_at(self, account: np.ndarray, day: np.ndarray, cal: Calendar) -> np.ndarray:
        """Latent health of accounts at given days: base level plus a per-account drift."""
        years = (np.asarray(day, dtype="float64") - cal.window_start_day) / 365.25
        return self.health0[account] + self.trend[account] * years

    def csm_at(self, account: np.ndarray, day: np.ndarray) -> np.ndarray:
        """Index into CSM_NAMES of the account's CSM on a given day."""
        changed = (self.change_kind[account] == CHANGE_CSM) & (day >= self.change_day[account])
        return np.where(changed, self.new_csm[account], self.csm[account])


@dataclass
class Periods:
    """Subscription periods, sorted by (account, start_date)."""

    account: np.ndarray
    start: np.ndarray
    end: np.ndarray
    seats: np.ndarray
    plan: np.ndarray
    mrr: np.ndarray
    kind: np.ndarray
    prev_mrr: np.ndarray
    number: np.ndarray

    def __len__(self) -> int:
        """Number of periods."""
        return len(self.account)

    def end_or(self, day: int) -> np.ndarray:
        """End dates with open ends replaced by ``day``."""
        return np.where(self.end == OPEN, day, self.end)


@dataclass
class Renewals:
    """Renewal decision points: one per reached term end (won = renewed, lost = churned)."""

    account: np.ndarray
    day: np.ndarray
    won: np.ndarray
    amount: np.ndarray


@dataclass
class Users:
    """Product users, sorted by (account, created)."""

    account: np.ndarray
    number: np.ndarray
    user_id: np.ndarray
    created_us: np.ndarray
    role: np.ndarray
    propensity: np.ndarray
    account_first: np.ndarray

    @property
    def created_day(self) -> np.ndarray:
        """Day number each user was created."""
        return self.created_us // DAY_US

    def __len__(self) -> int:
        """Number of users."""
        return len(self.account)


@dataclass
class Monthly:
    """Per account and window month: active interval and what the account had then."""

    lo: np.ndarray
    hi: np.ndarray
    seats: np.ndarray
    plan: np.ndarray
    mrr: np.ndarray
    health: np.ndarray
    ramp: np.ndarray

    @property
    def active(self) -> np.ndarray:
        """True where the account had a subscription on any day of the month."""
        return self.lo >= 0


@dataclass
class Milestones:
    """Onboarding milestone days per account (shape n x 4; -1 = not reached by as_of)."""

    day: np.ndarray
    time_us: np.ndarray


@dataclass
class SuccessPlans:
    """Success plans: one row per plan, keyed to an impact metric."""

    account: np.ndarray
    metric: np.ndarray
    baseline: np.ndarray
    target: np.ndarray
    baseline_day: np.ndarray
    target_day: np.ndarray
    pace: np.ndarray
    status: np.ndarray
    status_day: np.ndarray
    sponsor: np.ndarray
    outcome_variant: np.ndarray


@dataclass
class Intervention:
    """A programme run on accounts, with its planted effect on the event feed."""

    intervention_id: str
    name: str
    hypothesis: str
    metric_id: str
    owner: str
    start_day: int
    end_day: int
    has_control: bool
    effect: str
    delta: float  # relative lift of the engagement parameter named by ``effect``
    effect_unit: str
    treatment: np.ndarray
    control: np.ndarray
    assigned_us: np.ndarray
    true_effect: float = 0.0


@dataclass
class World:
    """The whole latent customer base for one (seed, accounts, months, as_of)."""

    seed: int
    cal: Calendar
    accounts: Accounts
    periods: Periods
    renewals: Renewals
    users: Users
    monthly: Monthly
    milestones: Milestones
    plans: SuccessPlans
    interventions: list[Intervention]
    spikes: list[tuple[int, int]]
    outages: list[tuple[int, int]]
    survey_opt_out: np.ndarray
    widths: dict[str, int]
    account_ids: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))
    user_ids: pa.Array = field(default_factory=lambda: pa.array([], pa.string()))


def build_world(seed: int, n_accounts: int, cal: Calendar) -> World:
    """Simulate the customer base: accounts, subscriptions, users, milestones, plans, programmes."""
    if n_accounts < 1:
        raise ValueError("accounts must be at least 1")
    if cal.months < 1:
        raise ValueError("months must be at least 1")
    acc = _accounts(rng_for(seed, "accounts"), n_accounts, cal)
    churn_k = _churn_schedule(rng_for(seed, "churn"), acc, cal)
    periods, renewals = _subscriptions(rng_for(seed, "subscriptions"), acc, churn_k, cal)
    users = _users(rng_for(seed, "users"), acc, periods, cal)
    monthly = _monthly(acc, periods, cal)
    milestones = _milestones(rng_for(seed, "milestones"), acc, cal)
    plans = _success_plans(rng_for(seed, "success_plans"), acc, periods, cal)
    interventions = _interventions(rng_for(seed, "interventions"), acc, monthly, cal)
    spikes, outages = _event_anomalies(
        rng_for(seed, "anomalies"), acc, monthly, interventions, users, cal
    )
    opt_out_rng = rng_for(seed, "survey_opt_out")
    opt_out = opt_out_rng.random(acc.n) < 0.05
    if not opt_out.any() and acc.n >= 5:
        opt_out[opt_out_rng.integers(0, acc.n)] = True
    widths = {
        "account": id_width(n_accounts + 100, 5),
        "user": id_width(len(users) + 100, 7),
    }
    return World(
        seed=seed,
        cal=cal,
        accounts=acc,
        periods=periods,
        renewals=renewals,
        users=users,
        monthly=monthly,
        milestones=milestones,
        plans=plans,
        interventions=interventions,
        spikes=spikes,
        outages=outages,
        survey_opt_out=opt_out,
        widths=widths,
        account_ids=pa.array(acc.account_id, pa.string()),
        user_ids=pa.array(users.user_id, pa.string()),
    )


def _accounts(rng: np.random.Generator, n: int, cal: Calendar) -> Accounts:
    """Draw account attributes, latent health and the first subscription start."""
    ctype = rng.choice(3, n, p=V.CUSTOMER_TYPE_WEIGHTS)
    scale = choice_index(rng, np.asarray(V.DEPLOYMENT_SCALE_GIVEN_TYPE)[ctype])
    industry = rng.choice(len(V.INDUSTRIES), n, p=V.INDUSTRY_WEIGHTS)
    region = rng.choice(len(V.REGIONS), n, p=V.REGION_WEIGHTS)
    health0 = rng.normal(0.0, 1.0, n) + np.asarray(V.CUSTOMER_TYPE_HEALTH_SHIFT)[ctype]
    trend = rng.normal(0.0, 0.3, n)
    # ~60% were customers before the window (up to four years), the rest join during it.
    window_days = max(cal.as_of_day - cal.window_start_day - 20, 1)
    before = rng.random(n) < 0.6
    first_start = np.where(
        before,
        cal.window_start_day - rng.integers(1, 4 * 365, n),
        cal.window_start_day + rng.integers(0, window_days, n),
    ).astype("int64")
    created_day = first_start - rng.integers(0, 45, n)
    created_us = created_day * DAY_US + rng.integers(8 * HOUR_US, 20 * HOUR_US, n)
    term = np.where(
        ctype == 2,
        rng.choice([12, 24, 36], n, p=[0.6, 0.3, 0.1]),
        np.where(ctype == 1, rng.choice([12, 24], n, p=[0.85, 0.15]), 12),
    )
    discount = rng.choice([0.0, 0.0, 0.03, 0.05], n)
    util = 0.40 + 0.55 * sigmoid(1.3 * health0 + rng.normal(0.0, 0.3, n))
    fv_lag = np.clip(14 + rng.gamma(2.0, 22.0 * np.exp(-0.45 * health0)), 14, 120).astype("int64")
    first = rng.integers(0, len(V.NAME_FIRST), n)
    second = rng.integers(0, len(V.NAME_SECOND), n)
    suffix = rng.integers(0, len(V.NAME_SUFFIX), n)
    name = np.char.add(
        np.char.add(
            np.char.add(np.asarray(V.NAME_FIRST)[first], " "), np.asarray(V.NAME_SECOND)[second]
        ),
        np.asarray(V.NAME_SUFFIX)[suffix],
    ).astype(object)

    # ~10% of accounts change CSM or segment during the window: a second CRM version.
    change_kind = np.zeros(n, dtype="int64")
    eligible = created_day < cal.as_of_day - 60
    draw = rng.random(n)
    change_kind[eligible & (draw < 0.05)] = CHANGE_CSM
    change_kind[eligible & (draw >= 0.05) & (draw < 0.10)] = CHANGE_SEGMENT
    lo = np.maximum(created_day + 30, cal.window_start_day)
    hi = np.maximum(lo + 1, cal.as_of_day - 1)
    change_day = lo + (rng.random(n) * (hi - lo)).astype("int64")
    change_day = np.minimum(change_day, cal.as_of_day - 1)
    csm = rng.integers(0, len(V.CSM_NAMES), n)
    new_csm = (csm + rng.integers(1, len(V.CSM_NAMES), n)) % len(V.CSM_NAMES)
    up = (ctype < 2) & ((ctype == 0) | (rng.random(n) < 0.7))
    new_ctype = np.clip(np.where(up, ctype + 1, ctype - 1), 0, 2)
    new_scale = np.clip(scale + np.where(new_ctype > ctype, 1, -1), 0, 2)
    return Accounts(
        n=n,
        account_id=ids_np("acc_", np.arange(1, n + 1), id_width(n + 100, 5)),
        name=name,
        industry=industry,
        region=region,
        ctype=ctype,
        scale=scale,
        csm=csm,
        ae=rng.integers(0, len(V.AE_NAMES), n),
        health0=health0,
        trend=trend,
        first_start=first_start,
        created_us=created_us,
        term_months=term.astype("int64"),
        discount=discount,
        util=util,
        fv_lag=fv_lag,
        change_kind=change_kind,
        change_day=change_day.astype("int64"),
        new_csm=new_csm,
        new_ctype=new_ctype,
        new_scale=new_scale,
    )


def _max_terms(acc: Accounts, cal: Calendar) -> int:
    """Upper bound on the number of terms any account can run through by as_of."""
    span_months = (cal.as_of_day - int(acc.first_start.min())) / 30.0
    return int(span_months / int(acc.term_months.min())) + 2


def _churn_probability(health: np.ndarray, ctype: np.ndarray) -> np.ndarray:
    """Probability that an account does not renew at a renewal date."""
    shift = np.asarray([0.45, 0.0, -0.35])[ctype]
    return sigmoid(-3.1 - 1.2 * health + shift)


def _churn_schedule(rng: np.random.Generator, acc: Accounts, cal: Calendar) -> np.ndarray:
    """Decide at which renewal (1-based term boundary) each account churns; 0 = never.

    Churn happens only at renewal dates inside the window (the base is the set of customers
    live at or after the window start). A floor of 8% churned accounts keeps small datasets
    realistic; the extra churners are drawn in proportion to their churn probability.
    """
    k_max = _max_terms(acc, cal)
    ks = np.arange(1, k_max + 1)
    renewal = add_months(
        np.repeat(acc.first_start, k_max), np.tile(ks, acc.n) * np.repeat(acc.term_months, k_max)
    ).reshape(acc.n, k_max)
    in_window = (renewal >= cal.window_start_day) & (renewal <= cal.as_of_day)
    account = np.repeat(np.arange(acc.n), k_max).reshape(acc.n, k_max)
    p = _churn_probability(acc.health_at(account, renewal, cal), acc.ctype[account])
    churn = in_window & (rng.random(p.shape) < p)
    churn_k = np.where(churn.any(axis=1), churn.argmax(axis=1) + 1, 0)
    floor = int(np.ceil(0.08 * acc.n))
    has_renewal = in_window.any(axis=1)
    candidates = np.nonzero(has_renewal & (churn_k == 0))[0]
    missing = floor - int((churn_k > 0).sum())
    if missing > 0 and len(candidates):
        first_k = in_window[candidates].argmax(axis=1)
        weight = p[candidates, first_k]
        gumbel = np.log(weight) - np.log(-np.log(rng.random(len(candidates))))
        chosen = np.argsort(-gumbel, kind="stable")[:missing]
        churn_k[candidates[chosen]] = first_k[chosen] + 1
    return churn_k


def _mrr(seats: np.ndarray, plan: np.ndarray, discount: np.ndarray) -> np.ndarray:
    """Monthly recurring revenue: seats x list price, less volume and negotiated discounts."""
    volume = np.select([seats >= 500, seats >= 100, seats >= 30], [0.15, 0.10, 0.05], 0.0)
    price = np.asarray(V.PLAN_SEAT_PRICE_USD)[plan]
    return np.round(seats * price * (1.0 - volume - discount), 2)


def _lifecycle(
    rng: np.random.Generator,
    acc: Accounts,
    account: np.ndarray,
    start: np.ndarray,
    term: np.ndarray,
    seats: np.ndarray,
    plan: np.ndarray,
    churn_k: np.ndarray,
    first_kind: int,
    cal: Calendar,
) -> tuple[list[dict[str, np.ndarray]], list[dict[str, np.ndarray]]]:
    """Run accounts through consecutive terms from ``start`` until as_of or churn.

    Each loop iteration is one term for every account still live: an optional mid-term
    expansion splits the term into two periods; at the term end the account either renews
    (seats and plan may change) or churns (its last period ends the day before).
    """
    periods: list[dict[str, np.ndarray]] = []
    renewals: list[dict[str, np.ndarray]] = []
    live = np.arange(len(account))
    seats = seats.astype("int64").copy()
    plan = plan.astype("int64").copy()
    prev_mrr = np.zeros(len(account))
    k = 0
    while len(live):
        a = account[live]
        term_start = add_months(start[live], k * term[live])
        term_next = add_months(start[live], (k + 1) * term[live])
        h = acc.health_at(a, term_start, cal)
        disc = acc.discount[a]
        # Mid-term expansion for healthy, growing accounts.
        split = term_start + ((term_next - term_start) * rng.uniform(0.2, 0.8, len(live))).astype(
            "int64"
        )
        p_expand = 0.05 + 0.25 * sigmoid(1.4 * h - 0.4)
        expand = (rng.random(len(live)) < p_expand) & (split <= cal.as_of_day)
        grown = np.maximum(
            seats[live] + 1, np.round(seats[live] * rng.uniform(1.1, 1.6, len(live)))
        )
        grown = grown.astype("int64")
        final = term_next > cal.as_of_day
        churns = (churn_k[live] == k + 1) & ~final
        term_end = np.where(final, OPEN, term_next - 1)
        mrr_now = _mrr(seats[live], plan[live], disc)
        kind = np.full(len(live), first_kind if k == 0 else KIND_RENEWAL)
        periods.append(
            {
                "account": a,
                "start": term_start,
                "end": np.where(expand, split - 1, term_end),
                "seats": seats[live].copy(),
                "plan": plan[live].copy(),
                "mrr": mrr_now,
                "kind": kind,
                "prev_mrr": prev_mrr[live].copy(),
            }
        )
        mrr_grown = _mrr(grown, plan[live], disc)
        periods.append(
            {
                "account": a[expand],
                "start": split[expand],
                "end": term_end[expand],
                "seats": grown[expand],
                "plan": plan[live][expand],
                "mrr": mrr_grown[expand],
                "kind": np.full(int(expand.sum()), KIND_EXPANSION),
                "prev_mrr": mrr_now[expand],
            }
        )
        seats[live] = np.where(expand, grown, seats[live])
        last_mrr = np.where(expand, mrr_grown, mrr_now)

        # Renewal: seats drift with health (flat for a third), plan up- or downgrades.
        renew = ~final & ~churns
        h_next = acc.health_at(a, term_next, cal)
        factor = np.exp(rng.normal(0.02 + 0.08 * h_next, 0.12))
        factor = np.where(rng.random(len(live)) < 0.35, 1.0, factor)
        new_seats = np.maximum(3, np.round(seats[live] * factor)).astype("int64")
        upgrade = (rng.random(len(live)) < 0.12 * sigmoid(2.0 * h_next)) & (plan[live] < 2)
        downgrade = (rng.random(len(live)) < 0.06) & (h_next < -0.7) & (plan[live] > 0)
        new_plan = plan[live] + upgrade.astype("int64") - downgrade.astype("int64")
        renewed_mrr = _mrr(new_seats, new_plan, disc)
        renewals.append(
            {
                "account": a[~final],
                "day": term_next[~final],
                "won": renew[~final],
                "amount": np.where(renew, renewed_mrr, last_mrr)[~final] * 12.0,
            }
        )
        seats[live] = np.where(renew, new_seats, seats[live])
        plan[live] = np.where(renew, new_plan, plan[live])
        prev_mrr[live] = last_mrr
        live = live[renew]
        k += 1
    return periods, renewals


def _stack(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Concatenate a list of column dicts."""
    return {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}


def _subscriptions(
    rng: np.random.Generator, acc: Accounts, churn_k: np.ndarray, cal: Calendar
) -> tuple[Periods, Renewals]:
    """Simulate every account's subscription periods, renewals, churn and reactivation."""
    ctype = acc.ctype
    lo, hi = np.asarray(V.SEAT_RANGE_GIVEN_TYPE).T
    # Log-uniform seats inside the customer type's range.
    seats0 = np.round(np.exp(rng.uniform(np.log(lo[ctype]), np.log(hi[ctype])))).astype("int64")
    plan0 = choice_index(rng, np.asarray(V.PLAN_GIVEN_TYPE)[ctype])
    all_accounts = np.arange(acc.n)
    periods, renewals = _lifecycle(
        rng,
        acc,
        all_accounts,
        acc.first_start,
        acc.term_months,
        seats0,
        plan0,
        churn_k,
        KIND_NEW,
        cal,
    )
    first = _stack(periods)

    # Churn day = the renewal date that was not taken.
    ren = _stack(renewals)
    lost = ~ren["won"]
    churn_day = np.full(acc.n, OPEN, dtype="int64")
    churn_day[ren["account"][lost]] = ren["day"][lost]

    # A few churned accounts come back months later (reactivation).
    churned = np.nonzero(churn_day != OPEN)[0]
    room = cal.as_of_day - 14 - (churn_day[churned] + 60)
    eligible = churned[room > 0]
    react = eligible[rng.random(len(eligible)) < 0.25]
    if len(react) == 0 and len(eligible):
        react = eligible[rng.integers(0, len(eligible), 1)]
    react = np.unique(react)
    reactivation_day = np.full(acc.n, OPEN, dtype="int64")
    if len(react):
        gap_max = np.minimum(240, cal.as_of_day - 14 - churn_day[react])
        gap = 60 + (rng.random(len(react)) * (gap_max - 60)).astype("int64")
        reactivation_day[react] = churn_day[react] + gap
        last_idx = _last_index(first["account"], react)
        seats_back = np.maximum(
            3, np.round(first["seats"][last_idx] * rng.uniform(0.5, 1.0, len(react)))
        )
        step_down = (rng.random(len(react)) < 0.3).astype("int64")
        plan_back = np.maximum(first["plan"][last_idx] - step_down, 0)
        more_p, more_r = _lifecycle(
            rng,
            acc,
            react,
            reactivation_day[react],
            np.full(len(react), 12),
            seats_back.astype("int64"),
            plan_back.astype("int64"),
            np.zeros(len(react), "int64"),
            KIND_REACTIVATION,
            cal,
        )
        periods += more_p
        renewals += more_r
    cols = _stack(periods)
    order = np.lexsort((cols["start"], cols["account"]))
    cols = {k: v[order] for k, v in cols.items()}
    # Subscription ids follow booking order (start date), as a billing system assigns them.
    booking = np.lexsort((cols["account"], cols["start"]))
    number = np.empty(len(booking), dtype="int64")
    number[booking] = np.arange(1, len(booking) + 1)
    per = Periods(number=number, **cols)

    acc.churn_day = churn_day
    acc.reactivation_day = reactivation_day
    last_active = np.zeros(acc.n, dtype="int64")
    np.maximum.at(last_active, per.account, per.end_or(cal.as_of_day))
    acc.last_active = last_active
    ren = _stack(renewals)
    order = np.lexsort((ren["day"], ren["account"]))
    return per, Renewals(**{k: v[order] for k, v in ren.items()})


def _last_index(account: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Index of the latest-starting row of each wanted account in an account column."""
    last = np.full(int(account.max()) + 1, -1, dtype="int64")
    np.maximum.at(last, account, np.arange(len(account)))
    return last[wanted]


def _users(rng: np.random.Generator, acc: Accounts, per: Periods, cal: Calendar) -> Users:
    """Create users per account: 40-95% of peak seats, added along an onboarding ramp.

    A user can only be created once the account holds enough seats for them, so seat
    expansions bring new users; no user is created after the account's last active day.
    """
    cap = np.maximum(1, np.floor(acc.util[per.account] * per.seats)).astype("int64")
    big = int(cap.max()) + 10
    key = per.account * big + cap
    running = np.maximum.accumulate(key)  # per-account running max (accounts ascend)
    n_users = np.zeros(acc.n, dtype="int64")
    np.maximum.at(n_users, per.account, cap)
    total = int(n_users.sum())
    account = np.repeat(np.arange(acc.n), n_users)
    first_row = np.concatenate([[0], np.cumsum(n_users)[:-1]])
    rank = np.arange(total) - np.repeat(first_row, n_users)
    j = np.searchsorted(running, account * big + rank, side="right")
    j = np.minimum(j, len(per) - 1)
    earliest = per.start[j]

    life_start = acc.first_start[account]
    last = acc.last_active[account]
    span = np.maximum(last - life_start, 1)
    tau = 25.0 + 0.6 * acc.fv_lag[account]
    ramp = life_start + rng.gamma(1.3, tau)
    spread = life_start + rng.random(total) * span
    day = np.where(rng.random(total) < 0.8, ramp, spread).astype("int64")
    day = np.where(rank == 0, life_start + rng.integers(0, 3, total), day)
    day = np.minimum(np.maximum(day, earliest), last)
    created_us = day * DAY_US + rng.integers(7 * HOUR_US, 21 * HOUR_US, total)
    created_us = np.minimum(created_us, cal.cutoff_us - 1)
    order = np.lexsort((created_us, account))
    account, created_us = account[order], created_us[order]
    first_of_account = np.r_[True, account[1:] != account[:-1]]
    role = rng.choice(len(V.USER_ROLES), total, p=V.USER_ROLE_WEIGHTS)
    role[first_of_account] = 0  # the account's first user is its admin
    # User numbers follow creation time, like an auto-increment key.
    by_time = np.lexsort((account, created_us))
    number = np.empty(total, dtype="int64")
    number[by_time] = np.arange(1, total + 1)
    width = id_width(total + 100, 7)
    propensity = np.exp(rng.normal(-0.18, 0.6, total))
    return Users(
        account=account,
        number=number,
        user_id=ids_np("usr_", number, width),
        created_us=created_us,
        role=role,
        propensity=propensity,
        account_first=np.searchsorted(account, np.arange(acc.n + 1)),
    )


def _monthly(acc: Accounts, per: Periods, cal: Calendar) -> Monthly:
    """Per account and window month: active interval, seats, plan, MRR, health and ramp."""
    n, m = acc.n, cal.months
    lo = np.full((n, m), OPEN, dtype="int64")
    hi = np.full((n, m), OPEN, dtype="int64")
    seats = np.zeros((n, m), dtype="int64")
    plan = np.zeros((n, m), dtype="int64")
    mrr = np.zeros((n, m))
    health = np.zeros((n, m))
    ramp = np.zeros((n, m))
    big = np.iinfo("int64").max
    ends = per.end_or(cal.as_of_day)
    row = np.arange(len(per))
    for i in range(m):
        ms, me = cal.month_start(i), cal.month_end(i)
        o_lo = np.maximum(per.start, ms)
        o_hi = np.minimum(ends, me)
        ok = o_lo <= o_hi
        lo_i = np.full(n, big)
        np.minimum.at(lo_i, per.account[ok], o_lo[ok])
        hi_i = np.full(n, OPEN, dtype="int64")
        np.maximum.at(hi_i, per.account[ok], o_hi[ok])
        last = np.full(n, OPEN, dtype="int64")
        np.maximum.at(last, per.account[ok], row[ok])
        has = last >= 0
        lo[has, i] = lo_i[has]
        hi[has, i] = hi_i[has]
        seats[has, i] = per.seats[last[has]]
        plan[has, i] = per.plan[last[has]]
        mrr[has, i] = per.mrr[last[has]]
        mid = np.full(n, (ms + me) // 2)
        health[:, i] = acc.health_at(np.arange(n), mid, cal)
        restarted = (acc.reactivation_day != OPEN) & (mid >= acc.reactivation_day)
        life_start = np.where(restarted, acc.reactivation_day, acc.first_start)
        tau = np.maximum(20.0, 0.7 * acc.fv_lag) * np.where(restarted, 0.5, 1.0)
        ramp[:, i] = 1.0 - 0.85 * np.exp(-np.maximum(mid - life_start, 0) / tau)
    return Monthly(lo=lo, hi=hi, seats=seats, plan=plan, mrr=mrr, health=health, ramp=ramp)


def _milestones(rng: np.random.Generator, acc: Accounts, cal: Calendar) -> Milestones:
    """Onboarding milestones in order after the first subscription start, censored at as_of.

    first_value comes 14-120 days after the start (sooner for healthy accounts); a few
    struggling accounts never reach first_value, more never reach full_rollout.
    """
    n = acc.n
    start = acc.first_start
    kickoff = start + rng.integers(0, 10, n)
    first_value = np.maximum(start + acc.fv_lag, kickoff + 2)
    integration = kickoff + np.round((first_value - kickoff) * rng.uniform(0.3, 0.85, n))
    rollout_lag = np.clip(30 + rng.gamma(2.0, 35.0 * np.exp(-0.4 * acc.health0)), 30, 400)
    full_rollout = first_value + rollout_lag.astype("int64")
    never_fv = rng.random(n) < sigmoid(-3.5 - 1.5 * acc.health0)
    never_full = never_fv | (rng.random(n) < sigmoid(-1.8 - 1.5 * acc.health0))
    day = np.stack([kickoff, integration, first_value, full_rollout], axis=1).astype("int64")
    day[never_fv, 2] = OPEN
    day[never_full, 3] = OPEN
    # Censoring: not reached by as_of, or the account churned before reaching it.
    limit = np.where(acc.churn_day != OPEN, acc.churn_day - 1, cal.as_of_day)
    limit = np.where(acc.reactivation_day != OPEN, cal.as_of_day, limit)
    day[(day > limit[:, None]) | (day > cal.as_of_day)] = OPEN
    time_us = day * DAY_US + rng.integers(8 * HOUR_US, 19 * HOUR_US, day.shape)
    time_us = np.where(day == OPEN, OPEN, time_us)
    return Milestones(day=day, time_us=time_us)


def _success_plans(
    rng: np.random.Generator, acc: Accounts, per: Periods, cal: Calendar
) -> SuccessPlans:
    """1-3 success plans for ~70% of accounts, each on a distinct impact metric.

    Baselines are sized to the account (seats, MRR); each plan has a pace (how far the customer
    gets towards the target, driven by health) that the impact measurements follow.
    """
    n = acc.n
    p_has = np.clip(0.62 + 0.12 * (acc.ctype > 0) + 0.05 * acc.health0, 0.3, 0.95)
    has = rng.random(n) < p_has
    count = np.where(has, rng.choice([1, 2, 3], n, p=[0.5, 0.35, 0.15]), 0)
    weights = np.log(np.asarray([0.30, 0.35, 0.25, 0.10]))
    gumbel = weights - np.log(-np.log(rng.random((n, 4))))
    ranked = np.argsort(-gumbel, axis=1, kind="stable")
    account = np.repeat(np.arange(n), count)
    slot = np.arange(len(account)) - np.repeat(np.cumsum(count) - count, count)
    metric = ranked[account, slot]
    k = len(account)

    first_seats = per.seats[np.searchsorted(per.account, np.arange(n))][account]
    first_mrr = per.mrr[np.searchsorted(per.account, np.arange(n))][account]
    # Plans are set at onboarding; long-standing customers hold plans set in recent reviews.
    start = acc.first_start[account]
    onboarding = start + rng.integers(7, 60, k)
    recent_lo = np.maximum(start + 7, cal.window_start_day - 180)
    recent_hi = np.maximum(recent_lo + 1, cal.as_of_day - 60)
    recent = recent_lo + (rng.random(k) * (recent_hi - recent_lo)).astype("int64")
    new_customer = start >= cal.window_start_day - 90
    baseline_day = np.where(new_customer, onboarding, recent)
    baseline_day = np.minimum(baseline_day, cal.as_of_day - 20)
    target_day = add_months(baseline_day, rng.integers(6, 19, k))

    baseline = np.select(
        [metric == 0, metric == 1, metric == 2],
        [
            rng.uniform(2.5, 12.0, k),
            first_seats * rng.uniform(0.0, 0.5, k),
            first_mrr * rng.uniform(0.0, 1.0, k),
        ],
        first_seats * rng.uniform(50, 400, k),
    )
    target = np.select(
        [metric == 0, metric == 1, metric == 2],
        [
            baseline * (1.0 - rng.uniform(0.10, 0.35, k)),
            first_seats * rng.uniform(2.0, 6.0, k),
            first_mrr * rng.uniform(2.0, 8.0, k),
        ],
        baseline * rng.uniform(1.2, 2.0, k),
    )
    decimals = np.where(metric == 0, 2, 0)
    baseline = np.where(decimals == 2, np.round(baseline, 2), np.round(baseline))
    target = np.where(decimals == 2, np.round(target, 2), np.round(target))
    h = acc.health0[account]
    pace = np.clip(0.70 + 0.30 * h + rng.normal(0.0, 0.2, k), 0.0, 1.4)

    elapsed = (cal.as_of_day - baseline_day) / np.maximum(target_day - baseline_day, 1)
    progress = pace * np.minimum(elapsed, 1.3)
    abandoned = (rng.random(k) < 0.05 + 0.12 * sigmoid(-2.0 * h)) & (elapsed > 0.3)
    achieved = ~abandoned & (progress >= 1.0) & (elapsed >= 0.8)
    status = np.where(abandoned, 2, np.where(achieved, 1, 0))
    span = np.maximum(cal.as_of_day - baseline_day, 1)
    status_day = np.where(
        status == 0,
        baseline_day + rng.integers(0, 10, k),
        baseline_day + (span * rng.uniform(0.5, 1.0, k)).astype("int64"),
    )
    status_day = np.minimum(status_day, cal.as_of_day)
    sponsor = np.where(rng.random(k) < 0.70 + 0.2 * sigmoid(h), rng.integers(0, 24, k), -1)
    return SuccessPlans(
        account=account,
        metric=metric,
        baseline=baseline,
        target=target,
        baseline_day=baseline_day.astype("int64"),
        target_day=target_day.astype("int64"),
        pace=pace,
        status=status,
        status_day=status_day.astype("int64"),
        sponsor=sponsor,
        outcome_variant=rng.integers(0, 3, k),
    )


_INTERVENTION_SPECS: tuple[dict[str, object], ...] = (
    {
        "intervention_id": "int_001",
        "name": "Guided workflow onboarding",
        "hypothesis": "In-app guided workflows make users come back more days per month, "
        "raising stickiness (DAU/MAU).",
        "metric_id": "stickiness",
        "owner": V.LEADER_NAMES[0],
        "month_frac": 0.5,
        "has_control": True,
        "effect": "p_day",
        "delta": 0.30,
        "effect_unit": "ratio_points",
        "share": 0.40,
    },
    {
        "intervention_id": "int_002",
        "name": "Monthly best-practice webinar",
        "hypothesis": "A monthly best-practice webinar for admins increases active users.",
        "metric_id": "active_users",
        "owner": V.LEADER_NAMES[1],
        "month_frac": 0.4,
        "has_control": True,
        "effect": "none",
        "delta": 0.0,
        "effect_unit": "users",
        "share": 0.35,
    },
    {
        "intervention_id": "int_003",
        "name": "Executive sponsor outreach",
        "hypothesis": "Executive outreach to at-risk accounts raises license utilization.",
        "metric_id": "license_utilization",
        "owner": V.LEADER_NAMES[2],
        "month_frac": 0.6,
        "has_control": False,
        "effect": "p_act",
        "delta": 0.20,
        "effect_unit": "ratio_points",
        "share": 0.15,
    },
)


def _interventions(
    rng: np.random.Generator, acc: Accounts, monthly: Monthly, cal: Calendar
) -> list[Intervention]:
    """Assign accounts to the three programmes (disjoint populations).

    The two experiments randomise eligible accounts into balanced treatment and control arms
    within each customer type; the observational programme picks at-risk accounts (selection
    on low health) and has no control arm.
    """
    taken = np.zeros(acc.n, dtype=bool)
    out: list[Intervention] = []
    for spec in _INTERVENTION_SPECS:
        mi = int(np.clip(round(cal.months * float(spec["month_frac"])), 1, max(cal.months - 1, 1)))
        mi = min(mi, cal.months - 1)
        start = cal.month_start(mi)
        end = min(int(add_months(np.asarray([start]), 3)[0]) - 1, cal.as_of_day)
        pre = max(mi - 3, 0)
        eligible = monthly.active[:, pre] & monthly.active[:, mi] & ~taken
        eligible &= acc.first_start <= start - 60
        idx = np.nonzero(eligible)[0]
        if spec["has_control"]:
            treat, ctrl = [], []
            for c in range(3):
                group = idx[acc.ctype[idx] == c]
                group = group[rng.permutation(len(group))]
                size = int(round(len(group) * float(spec["share"]) / 2)) * 2
                group = group[:size]
                treat.append(group[0::2])
                ctrl.append(group[1::2])
            treatment = np.sort(np.concatenate(treat)).astype("int64")
            control = np.sort(np.concatenate(ctrl)).astype("int64")
        else:
            weight = sigmoid(-1.5 * acc.health0[idx])
            size = max(int(round(len(idx) * float(spec["share"]))), min(2, len(idx)))
            gumbel = np.log(weight) - np.log(-np.log(rng.random(len(idx))))
            treatment = np.sort(idx[np.argsort(-gumbel, kind="stable")[:size]]).astype("int64")
            control = np.empty(0, dtype="int64")
        taken[treatment] = True
        taken[control] = True
        members = np.concatenate([treatment, control])
        assigned_day = start - rng.integers(3, 11, len(members))
        assigned_us = assigned_day * DAY_US + rng.integers(9 * HOUR_US, 18 * HOUR_US, len(members))
        out.append(
            Intervention(
                intervention_id=str(spec["intervention_id"]),
                name=str(spec["name"]),
                hypothesis=str(spec["hypothesis"]),
                metric_id=str(spec["metric_id"]),
                owner=str(spec["owner"]),
                start_day=start,
                end_day=end,
                has_control=bool(spec["has_control"]),
                effect=str(spec["effect"]),
                delta=float(spec["delta"]),  # type: ignore[arg-type]
                effect_unit=str(spec["effect_unit"]),
                treatment=treatment,
                control=control,
                assigned_us=assigned_us,
            )
        )
    return out


def _event_anomalies(
    rng: np.random.Generator,
    acc: Accounts,
    monthly: Monthly,
    interventions: list[Intervention],
    users: Users,
    cal: Calendar,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pick account-months for 10x event spikes and for telemetry outages (no events).

    Both avoid programme accounts (so experiments stay clean), the first three months (so a
    trailing baseline exists), partial months and accounts with fewer than 15 users.
    """
    n, m = monthly.lo.shape
    in_program = np.zeros(n, dtype=bool)
    for iv in interventions:
        in_program[iv.treatment] = True
        in_program[iv.control] = True
    starts = np.asarray([cal.month_start(i) for i in range(m)])
    ends = np.asarray([cal.month_start(i) + cal.month_days(i) - 1 for i in range(m)])
    full = (monthly.lo == starts[None, :]) & (monthly.hi == ends[None, :]) & (monthly.ramp > 0.6)
    full[:, :3] = False
    users_per_account = np.diff(users.account_first)
    full[users_per_account < 15] = False
    full[in_program] = False
    cand_a, cand_m = np.nonzero(full)
    if len(cand_a) == 0:
        return [], []
    order = rng.permutation(len(cand_a))
    cand_a, cand_m = cand_a[order], cand_m[order]
    _, first = np.unique(cand_a, return_index=True)
    first = np.sort(first)
    cand_a, cand_m = cand_a[first], cand_m[first]  # one anomaly per account
    n_spikes = int(np.clip(round(n / 40), 6, 10))
    n_outages = 2 if n >= 20 else 1
    spikes = [(int(a), int(i)) for a, i in zip(cand_a[:n_spikes], cand_m[:n_spikes], strict=True)]
    rest_a, rest_m = cand_a[n_spikes:], cand_m[n_spikes:]
    outages = [
        (int(a), int(i)) for a, i in zip(rest_a[:n_outages], rest_m[:n_outages], strict=True)
    ]
    return spikes, outages
