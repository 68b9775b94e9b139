"""Planted bad rows: a small, documented set of rows that staging must reject.

Each bad row is an *extra* row (good rows are never altered) with exactly one defect, so the
expected reason code is unambiguous. Every plant is recorded in the manifest as
``{"table", "reason", "match", "rows"}``: ``match`` maps columns to raw values that select
the planted row(s) alone (``None`` = an empty CSV field or a Parquet null), and
``rows`` is how many of the matched rows must be rejected. For an exact duplicate the copy
cannot be told apart from its original: ``match`` selects both, ``rows`` is 1 and
``duplicate_of_accepted`` is true.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from .common import DAY_US, EPOCH, HOUR_US, RawTable, iso_day
from .world import World

#: Reason codes, as staging's quarantine is expected to name them.
REASONS: tuple[str, ...] = (
    "null_key",
    "duplicate",
    "conflicting_duplicate",
    "unparseable_number",
    "unparseable_timestamp",
    "unknown_enum",
    "unknown_theme_code",
    "orphan_foreign_key",
    "negative_amount",
    "future_timestamp",
    "out_of_range",
    "invalid_period",
)

#: Time of day of planted timestamps: good rows never fall at 03:33:33.
_ODD_TIME = " 03:33:33"


@dataclass
class Planter:
    """Collects bad rows per table and their manifest entries."""

    world: World
    rng: np.random.Generator
    entries: list[dict[str, object]] = field(default_factory=list)

    @property
    def as_of(self) -> dt.date:
        """The dataset's as_of date."""
        return self.world.cal.as_of

    def day(self, offset: int) -> str:
        """ISO date ``offset`` days after as_of."""
        return (self.as_of + dt.timedelta(days=offset)).isoformat()

    def ts(self, offset: int) -> str:
        """Planted timestamp ``offset`` days after as_of, at the odd time of day."""
        return self.day(offset) + _ODD_TIME

    def fresh(self, table: RawTable, key: str, prefix: str, j: int) -> str:
        """A key value of the table's format that no good row uses (counting down from 9s)."""
        width = len(str(table.value(key, 0))) - len(prefix) if table.good_rows else 6
        return f"{prefix}{10**width - 1 - j:0{width}d}"

    def orphan_account(self, j: int) -> str:
        """An account id that appears nowhere in crm.accounts (not even among bad rows)."""
        width = self.world.widths["account"]
        return f"acc_{10**width - 50 - j:0{width}d}"

    def orphan_user(self) -> str:
        """A user id that appears nowhere in product.users."""
        width = self.world.widths["user"]
        return f"usr_{10**width - 50:0{width}d}"

    def template(self, table: RawTable, where: np.ndarray | None = None) -> dict[str, str | None]:
        """A copy of one good row (optionally among rows where ``where`` is true)."""
        options = np.arange(table.good_rows) if where is None else np.nonzero(where)[0]
        if len(options) == 0:  # tiny datasets: fall back to any row
            options = np.arange(table.good_rows)
        i = int(options[self.rng.integers(0, len(options))])
        return {c: table.value(c, i) for c in table.columns}

    def add(
        self,
        table: RawTable,
        reason: str,
        rows: list[dict[str, str | None]],
        match: list[str],
        rejected: int | None = None,
        duplicate_of_accepted: bool = False,
    ) -> None:
        """Append bad rows and their manifest entry (match columns taken from the first row)."""
        assert reason in REASONS, reason
        table.bad.extend(rows)
        entry: dict[str, object] = {
            "table": table.name,
            "reason": reason,
            "match": {c: rows[0][c] for c in match},
            "rows": len(rows) if rejected is None else rejected,
        }
        if duplicate_of_accepted:
            entry["duplicate_of_accepted"] = True
        self.entries.append(entry)


def plant_csv(p: Planter, tables: dict[str, RawTable]) -> None:
    """Plant the bad rows of every CSV table."""
    _accounts(p, tables["crm.accounts"])
    _success_plans(p, tables["crm.success_plans"])
    _opportunities(p, tables["crm.opportunities"])
    _touchpoints(p, tables["crm.touchpoints"])
    _users(p, tables["product.users"])
    _milestones(p, tables["product.milestones"])
    _subscriptions(p, tables["finance.subscriptions"])
    _impact(p, tables["finance.impact_measurements"])
    _surveys(p, tables["voice.survey_responses"])
    _assignments(p, tables["programs.intervention_assignments"])
    _decisions(p, tables["programs.decisions"])


def _accounts(p: Planter, t: RawTable) -> None:
    """crm.accounts: null key, duplicate, conflicting duplicate, bad enum and timestamps."""
    row = p.template(t)
    p.add(
        t,
        "null_key",
        [{**row, "account_id": None, "account_name": "Unmapped Import 001"}],
        ["account_id", "account_name"],
    )
    p.add(
        t,
        "unknown_enum",
        [{**row, "account_id": p.fresh(t, "account_id", "acc_", 0), "customer_type": "startup"}],
        ["account_id"],
    )
    p.add(
        t,
        "unparseable_timestamp",
        [
            {
                **p.template(t),
                "account_id": p.fresh(t, "account_id", "acc_", 1),
                "created_at": "2025-13-45 10:00:00",
            }
        ],
        ["account_id"],
    )
    p.add(
        t,
        "future_timestamp",
        [
            {
                **p.template(t),
                "account_id": p.fresh(t, "account_id", "acc_", 2),
                "updated_at": p.ts(400),
            }
        ],
        ["account_id"],
    )
    # Latest-version row delivered twice.
    ids = t.column("account_id")
    last = np.r_[ids[1:] != ids[:-1], True]
    dup = p.template(t, last)
    p.add(
        t, "duplicate", [dup], ["account_id", "updated_at"], rejected=1, duplicate_of_accepted=True
    )
    base = {**p.template(t), "account_id": p.fresh(t, "account_id", "acc_", 3)}
    other = "Dana Whitfield" if base["csm_owner"] != "Dana Whitfield" else "Priya Raman"
    p.add(t, "conflicting_duplicate", [base, {**base, "csm_owner": other}], ["account_id"])


def _success_plans(p: Planter, t: RawTable) -> None:
    """crm.success_plans: orphan account and unknown status."""
    if not t.good_rows:
        return
    p.add(
        t,
        "orphan_foreign_key",
        [
            {
                **p.template(t),
                "success_plan_id": p.fresh(t, "success_plan_id", "sp_", 0),
                "account_id": p.orphan_account(0),
            }
        ],
        ["success_plan_id"],
    )
    p.add(
        t,
        "unknown_enum",
        [
            {
                **p.template(t),
                "success_plan_id": p.fresh(t, "success_plan_id", "sp_", 1),
                "status": "paused",
            }
        ],
        ["success_plan_id"],
    )


def _opportunities(p: Planter, t: RawTable) -> None:
    """crm.opportunities: negative and unparseable amounts, unknown type, orphan account."""
    key = "opportunity_id"
    p.add(
        t,
        "negative_amount",
        [{**p.template(t), key: p.fresh(t, key, "opp_", 0), "amount": "-5000.00"}],
        [key],
    )
    p.add(
        t,
        "unparseable_number",
        [{**p.template(t), key: p.fresh(t, key, "opp_", 1), "amount": "12,5x"}],
        [key],
    )
    p.add(
        t,
        "unknown_enum",
        [{**p.template(t), key: p.fresh(t, key, "opp_", 2), "opportunity_type": "upsell"}],
        [key],
    )
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: p.fresh(t, key, "opp_", 3), "account_id": p.orphan_account(1)}],
        [key],
    )


def _touchpoints(p: Planter, t: RawTable) -> None:
    """crm.touchpoints: bad timestamp, type, theme, sentiment; future; null key."""
    key = "touchpoint_id"
    if not t.good_rows:
        return
    p.add(
        t,
        "unparseable_timestamp",
        [{**p.template(t), key: p.fresh(t, key, "tp_", 0), "occurred_at": "not-a-date"}],
        [key],
    )
    p.add(
        t,
        "unknown_enum",
        [{**p.template(t), key: p.fresh(t, key, "tp_", 1), "touchpoint_type": "call"}],
        [key],
    )
    p.add(
        t,
        "unknown_theme_code",
        [{**p.template(t), key: p.fresh(t, key, "tp_", 2), "theme_code": "misc_feedback"}],
        [key],
    )
    p.add(
        t,
        "out_of_range",
        [{**p.template(t), key: p.fresh(t, key, "tp_", 3), "sentiment": "5"}],
        [key],
    )
    p.add(
        t,
        "future_timestamp",
        [
            {
                **p.template(t),
                key: p.fresh(t, key, "tp_", 4),
                "occurred_at": p.ts(200),
                "updated_at": p.ts(200),
            }
        ],
        [key],
    )
    p.add(
        t,
        "null_key",
        [{**p.template(t), key: None, "notes": "Imported from legacy CRM without an id"}],
        [key, "notes"],
    )


def _users(p: Planter, t: RawTable) -> None:
    """product.users: null key, orphan account, duplicate delivery (role is free text)."""
    key = "user_id"
    width = len(str(t.value(key, 0))) - 4

    def fresh(j: int) -> str:
        """A user id beyond the good range (and not the orphan user)."""
        return f"usr_{10**width - 1 - j:0{width}d}"

    day = iso_day(p.world.cal.window_start_day + 10)
    p.add(
        t,
        "null_key",
        [{**p.template(t), key: None, "created_at": day + _ODD_TIME}],
        [key, "created_at"],
    )
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: fresh(0), "account_id": p.orphan_account(2)}],
        [key],
    )
    dup = p.template(t)
    p.add(t, "duplicate", [dup], [key], rejected=1, duplicate_of_accepted=True)


def _milestones(p: Planter, t: RawTable) -> None:
    """product.milestones: unknown key, orphan, duplicate, future achievement."""
    if not t.good_rows:
        return
    p.add(
        t,
        "unknown_enum",
        [{**p.template(t), "milestone_key": "go_live"}],
        ["account_id", "milestone_key"],
    )
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), "account_id": p.orphan_account(3)}],
        ["account_id"],
    )
    dup = p.template(t)
    p.add(
        t,
        "duplicate",
        [dup],
        ["account_id", "milestone_key"],
        rejected=1,
        duplicate_of_accepted=True,
    )
    reached = set(zip(t.column("account_id"), t.column("milestone_key"), strict=True))
    for account in p.world.accounts.account_id:
        if (account, "full_rollout") not in reached:
            p.add(
                t,
                "future_timestamp",
                [
                    {
                        "account_id": str(account),
                        "milestone_key": "full_rollout",
                        "achieved_at": p.ts(90),
                    }
                ],
                ["account_id", "milestone_key"],
            )
            break


def _subscriptions(p: Planter, t: RawTable) -> None:
    """finance.subscriptions: conflicting versions, invalid period, bad numbers, orphans."""
    key = "subscription_id"
    closed = t.column("end_date") != None  # noqa: E711 (element-wise on an object array)
    base = {**p.template(t, closed if closed.any() else None), key: p.fresh(t, key, "sub_", 0)}
    seats = int(base["seats"] or 10)
    p.add(t, "conflicting_duplicate", [base, {**base, "seats": str(seats + 5)}], [key])
    row = p.template(t, closed if closed.any() else None)
    p.add(
        t,
        "invalid_period",
        [
            {
                **row,
                key: p.fresh(t, key, "sub_", 1),
                "end_date": iso_day(_day(row["start_date"]) - 30),
            }
        ],
        [key],
    )
    p.add(
        t,
        "negative_amount",
        [{**p.template(t), key: p.fresh(t, key, "sub_", 2), "mrr_amount": "-450.00"}],
        [key],
    )
    p.add(
        t,
        "unparseable_number",
        [{**p.template(t), key: p.fresh(t, key, "sub_", 3), "seats": "ten"}],
        [key],
    )
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: p.fresh(t, key, "sub_", 4), "account_id": p.orphan_account(4)}],
        [key],
    )
    # plan_key references the plans catalog: an unknown plan is an orphan reference.
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: p.fresh(t, key, "sub_", 5), "plan_key": "platinum"}],
        [key],
    )


def _impact(p: Planter, t: RawTable) -> None:
    """finance.impact_measurements: negative and unparseable values, enum, future, orphan."""
    key = "measurement_id"
    if not t.good_rows:
        return
    p.add(
        t,
        "negative_amount",
        [{**p.template(t), key: p.fresh(t, key, "im_", 0), "value": "-120.0"}],
        [key],
    )
    p.add(
        t,
        "unparseable_number",
        [{**p.template(t), key: p.fresh(t, key, "im_", 1), "value": "12,5x"}],
        [key],
    )
    p.add(
        t,
        "unknown_enum",
        [{**p.template(t), key: p.fresh(t, key, "im_", 2), "source_type": "estimated"}],
        [key],
    )
    p.add(
        t,
        "future_timestamp",
        [{**p.template(t), key: p.fresh(t, key, "im_", 3), "recorded_at": p.ts(30)}],
        [key],
    )
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: p.fresh(t, key, "im_", 4), "account_id": p.orphan_account(5)}],
        [key],
    )


def _surveys(p: Planter, t: RawTable) -> None:
    """voice.survey_responses: null key, duplicate, out-of-range scores, enum, future, orphans."""
    key = "response_id"
    if not t.good_rows:
        return
    nps = t.column("survey_type") == "nps"
    csat = ~nps
    p.add(
        t,
        "null_key",
        [
            {
                **p.template(t),
                key: None,
                "responded_at": iso_day(p.world.cal.window_start_day + 20) + _ODD_TIME,
            }
        ],
        [key, "responded_at"],
    )
    p.add(t, "duplicate", [p.template(t)], [key], rejected=1, duplicate_of_accepted=True)
    if nps.any():
        p.add(
            t,
            "out_of_range",
            [{**p.template(t, nps), key: p.fresh(t, key, "rsp_", 0), "score": "11"}],
            [key],
        )
    if csat.any():
        p.add(
            t,
            "out_of_range",
            [{**p.template(t, csat), key: p.fresh(t, key, "rsp_", 1), "score": "0"}],
            [key],
        )
        p.add(
            t,
            "out_of_range",
            [{**p.template(t, csat), key: p.fresh(t, key, "rsp_", 2), "score": "6"}],
            [key],
        )
    p.add(
        t,
        "unknown_enum",
        [{**p.template(t), key: p.fresh(t, key, "rsp_", 3), "survey_type": "ces"}],
        [key],
    )
    p.add(
        t,
        "future_timestamp",
        [{**p.template(t), key: p.fresh(t, key, "rsp_", 4), "responded_at": p.ts(365)}],
        [key],
    )
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: p.fresh(t, key, "rsp_", 5), "account_id": p.orphan_account(6)}],
        [key],
    )
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: p.fresh(t, key, "rsp_", 6), "user_id": p.orphan_user()}],
        [key],
    )


def _assignments(p: Planter, t: RawTable) -> None:
    """programs.intervention_assignments: unknown arm, orphan account."""
    world = p.world
    iv = world.interventions[0]
    members = set(np.concatenate([iv.treatment, iv.control]).tolist())
    outsider = next((a for a in range(world.accounts.n) if a not in members), None)
    stamp = iso_day(iv.start_day - 5) + _ODD_TIME
    if outsider is not None:
        p.add(
            t,
            "unknown_enum",
            [
                {
                    "intervention_id": iv.intervention_id,
                    "account_id": str(world.accounts.account_id[outsider]),
                    "arm": "placebo",
                    "assigned_at": stamp,
                }
            ],
            ["intervention_id", "account_id"],
        )
    p.add(
        t,
        "orphan_foreign_key",
        [
            {
                "intervention_id": iv.intervention_id,
                "account_id": p.orphan_account(7),
                "arm": "treatment",
                "assigned_at": stamp,
            }
        ],
        ["intervention_id", "account_id"],
    )


def _decisions(p: Planter, t: RawTable) -> None:
    """programs.decisions: unknown status, bad due date, unknown metric and account."""
    key = "decision_id"
    if not t.good_rows:
        return
    p.add(
        t,
        "unknown_enum",
        [{**p.template(t), key: p.fresh(t, key, "dec_", 0), "status": "pending"}],
        [key],
    )
    # metric_id references the metric registry: an unknown metric is an orphan reference.
    p.add(
        t,
        "orphan_foreign_key",
        [{**p.template(t), key: p.fresh(t, key, "dec_", 1), "metric_id": "churn_risk"}],
        [key],
    )
    p.add(
        t,
        "unparseable_timestamp",
        [{**p.template(t), key: p.fresh(t, key, "dec_", 2), "due_date": "2026-02-30"}],
        [key],
    )
    with_account = t.column("account_id") != None  # noqa: E711
    p.add(
        t,
        "orphan_foreign_key",
        [
            {
                **p.template(t, with_account),
                key: p.fresh(t, key, "dec_", 3),
                "account_id": p.orphan_account(8),
            }
        ],
        [key],
    )


def _day(iso: str | None) -> int:
    """Day number of an ISO date string."""
    assert iso is not None
    return (dt.date.fromisoformat(iso) - EPOCH).days


def event_bad_rows(p: Planter, schema: pa.Schema, sample: dict[str, object] | None) -> pa.Table:
    """Bad rows for product.events, written as the last row group of the final file.

    ``sample`` is a good event that is delivered a second time (exact duplicate).
    """
    world = p.world
    table = "product.events"
    cal = world.cal
    users = world.users
    width = 12
    fresh = [f"evt_{10**width - 1 - j:0{width}d}" for j in range(8)]
    # A valid (account, user) pair active at a known time, for the otherwise-valid rows.
    live = world.accounts.last_active[users.account] >= cal.as_of_day
    u = int(np.argmax(live & (users.created_us <= (cal.as_of_day - 3) * DAY_US)))
    account_id = str(world.accounts.account_id[users.account[u]])
    user_id = str(users.user_id[u])
    when = max(int(users.created_us[u]) + HOUR_US, (cal.as_of_day - 2) * DAY_US + 3 * HOUR_US)
    future = (cal.as_of_day + 45) * DAY_US + 3 * HOUR_US
    base: dict[str, object] = {
        "event_id": None,
        "account_id": account_id,
        "user_id": user_id,
        "feature_key": "dashboards",
        "occurred_at": when,
        "quantity": 1,
        "loaded_at": when + 10 * 60 * 1_000_000,
    }
    rows: list[dict[str, object]] = []
    entries: list[dict[str, object]] = []

    def plant(
        reason: str,
        row: dict[str, object],
        match: dict[str, object],
        rejected: int = 1,
        duplicate: bool = False,
    ) -> None:
        """Record one planted event."""
        rows.append(row)
        entry: dict[str, object] = {
            "table": table,
            "reason": reason,
            "match": match,
            "rows": rejected,
        }
        if duplicate:
            entry["duplicate_of_accepted"] = True
        entries.append(entry)

    plant("null_key", {**base, "quantity": 97}, {"event_id": None, "quantity": "97"})
    plant(
        "orphan_foreign_key",
        {**base, "event_id": fresh[0], "account_id": p.orphan_account(9)},
        {"event_id": fresh[0]},
    )
    plant(
        "orphan_foreign_key",
        {**base, "event_id": fresh[1], "user_id": p.orphan_user()},
        {"event_id": fresh[1]},
    )
    plant("negative_amount", {**base, "event_id": fresh[2], "quantity": -3}, {"event_id": fresh[2]})
    plant(
        "future_timestamp",
        {**base, "event_id": fresh[3], "occurred_at": future},
        {"event_id": fresh[3]},
    )
    plant(  # feature_key references the feature catalog
        "orphan_foreign_key",
        {**base, "event_id": fresh[4], "feature_key": "legacy_export"},
        {"event_id": fresh[4]},
    )
    if sample is not None:
        dup = dict(sample)
        for col in ("occurred_at", "loaded_at"):
            value = dup[col]
            if isinstance(value, dt.datetime):
                delta = value.replace(tzinfo=None) - dt.datetime(1970, 1, 1)
                dup[col] = delta // dt.timedelta(microseconds=1)
        plant("duplicate", dup, {"event_id": str(dup["event_id"])}, duplicate=True)
    p.entries.extend(entries)
    columns = {name: [r[name] for r in rows] for name in schema.names}
    return pa.table(
        {name: pa.array(columns[name], schema.field(name).type) for name in schema.names},
        schema=schema,
    )
