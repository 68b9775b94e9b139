"""Generate a deterministic, realistic raw dataset for the Outcome Scorecard.

:func:`generate` writes every raw table of the data contract (DESIGN.md section 2) under
``out_dir`` — CSV files per source folder and a folder of Parquet event files — plus
``manifest.json``, the ground truth of what was planted: programme effects, anomalies,
missing data and bad rows. The same arguments always give byte-identical files.

The simulation lives in :mod:`scorecard.generator`; this module holds the public contract
(:data:`CONTRACT`) and the orchestration.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from pathlib import Path

from .generator import crm, finance, product, programs, voice
from .generator.badrows import Planter, event_bad_rows, plant_csv
from .generator.common import Calendar, RawTable, iso_day, rng_for, write_csv
from .generator.events import EVENT_SCHEMA, EventStats, write_events
from .generator.world import World, build_world

#: The raw data contract: ``source.table`` -> required columns, in file order.
#: ``product.events`` is a folder of Parquet files; every other table is one CSV file.
CONTRACT: dict[str, list[str]] = {
    "crm.accounts": [
        "account_id",
        "account_name",
        "industry",
        "customer_type",
        "deployment_scale",
        "region",
        "csm_owner",
        "ae_owner",
        "created_at",
        "updated_at",
    ],
    "crm.success_plans": [
        "success_plan_id",
        "account_id",
        "outcome_name",
        "impact_metric_key",
        "baseline_value",
        "target_value",
        "baseline_date",
        "target_date",
        "owner",
        "customer_sponsor",
        "status",
        "updated_at",
    ],
    "crm.opportunities": [
        "opportunity_id",
        "account_id",
        "opportunity_type",
        "amount",
        "close_date",
        "is_closed",
        "is_won",
        "updated_at",
    ],
    "crm.touchpoints": [
        "touchpoint_id",
        "account_id",
        "touchpoint_type",
        "occurred_at",
        "author",
        "theme_code",
        "sentiment",
        "notes",
        "updated_at",
    ],
    "product.users": ["user_id", "account_id", "created_at", "role"],
    "product.events": [
        "event_id",
        "account_id",
        "user_id",
        "feature_key",
        "occurred_at",
        "quantity",
        "loaded_at",
    ],
    "product.milestones": ["account_id", "milestone_key", "achieved_at"],
    "finance.subscriptions": [
        "subscription_id",
        "account_id",
        "plan_key",
        "seats",
        "mrr_amount",
        "currency",
        "start_date",
        "end_date",
        "updated_at",
    ],
    "finance.impact_measurements": [
        "measurement_id",
        "account_id",
        "impact_metric_key",
        "period_month",
        "value",
        "source_type",
        "recorded_at",
    ],
    "voice.survey_responses": [
        "response_id",
        "account_id",
        "user_id",
        "survey_type",
        "score",
        "responded_at",
    ],
    "programs.interventions": [
        "intervention_id",
        "intervention_name",
        "hypothesis",
        "metric_id",
        "start_date",
        "end_date",
        "owner",
    ],
    "programs.intervention_assignments": ["intervention_id", "account_id", "arm", "assigned_at"],
    "programs.decisions": [
        "decision_id",
        "review_date",
        "forum",
        "decision_text",
        "owner",
        "due_date",
        "status",
        "completed_at",
        "metric_id",
        "account_id",
        "updated_at",
    ],
}

#: Key columns per table (a row is identified by these; used by the manifest and tests).
KEYS: dict[str, list[str]] = {
    "crm.accounts": ["account_id", "updated_at"],
    "crm.success_plans": ["success_plan_id"],
    "crm.opportunities": ["opportunity_id"],
    "crm.touchpoints": ["touchpoint_id"],
    "product.users": ["user_id"],
    "product.events": ["event_id"],
    "product.milestones": ["account_id", "milestone_key"],
    "finance.subscriptions": ["subscription_id", "updated_at"],
    "finance.impact_measurements": ["measurement_id"],
    "voice.survey_responses": ["response_id"],
    "programs.interventions": ["intervention_id"],
    "programs.intervention_assignments": ["intervention_id", "account_id"],
    "programs.decisions": ["decision_id"],
}

EVENTS_DIR = "product/events"
MANIFEST = "manifest.json"


def table_path(out_dir: Path, table: str) -> Path:
    """Where a contract table lands: ``{out_dir}/{source}/{table}.csv`` (events: a folder)."""
    source, name = table.split(".")
    if table == "product.events":
        return out_dir / EVENTS_DIR
    return out_dir / source / f"{name}.csv"


def generate(
    out_dir: Path,
    accounts: int = 300,
    months: int = 24,
    seed: int = 42,
    events_target: int = 2_000_000,
    as_of: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, object]:
    """Write a raw dataset per the data contract, and its manifest, under ``out_dir``.

    Args:
        out_dir: root of the landing layout (the project's ``raw_root``); created if needed.
        accounts: number of customer accounts.
        months: calendar months covered, ending with the month of ``as_of`` (partial).
        seed: random seed; with the other arguments it fixes every byte written.
        events_target: approximate number of product events to generate.
        as_of: last day with data; defaults to today (UTC).
        progress: called with one human-readable line per step.

    Returns:
        A summary: ``out_dir``, ``row_counts`` (raw rows per table, bad rows included),
        ``events_written`` (good events), ``bad_rows`` (planted), ``seconds`` and
        ``events_per_second``.
    """
    started = time.perf_counter()
    out_dir = Path(out_dir)
    if as_of is None:
        as_of = dt.datetime.now(dt.UTC).date()
    if accounts < 1 or months < 1 or events_target < 0:
        raise ValueError(
            "generate needs accounts >= 1, months >= 1 and events_target >= 0 "
            f"(got accounts={accounts}, months={months}, events_target={events_target})"
        )
    say = progress or (lambda _message: None)
    cal = Calendar(as_of=as_of, months=months)
    world = build_world(seed, accounts, cal)
    say(
        f"world: {accounts:,} accounts, {len(world.users):,} users, "
        f"{len(world.periods):,} subscription periods, {iso_day(cal.window_start_day)}..{as_of}"
    )

    tables, impact_facts, survey_missing = _csv_tables(world)
    planter = Planter(world=world, rng=rng_for(seed, "bad_rows"))
    plant_csv(planter, tables)
    row_counts: dict[str, int] = {}
    for name, table in tables.items():
        rows = write_csv(table, table_path(out_dir, name), rng_for(seed, "positions", name))
        row_counts[name] = rows
        say(f"{name}: {rows:,} rows")

    stats = write_events(
        world,
        out_dir,
        events_target,
        bad_rows=lambda w, sample: event_bad_rows(planter, EVENT_SCHEMA, sample),
        progress=say,
    )
    row_counts["product.events"] = stats.rows_written
    row_counts = {name: row_counts[name] for name in CONTRACT}

    manifest = _manifest(
        world, events_target, stats, row_counts, impact_facts, survey_missing, planter.entries
    )
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    say(
        f"done: {stats.good_events:,} events in {len(stats.files)} files, "
        f"{sum(row_counts.values()):,} rows in all, {seconds:.1f}s"
    )
    return {
        "out_dir": str(out_dir),
        "row_counts": row_counts,
        "events_written": stats.good_events,
        "bad_rows": sum(int(e["rows"]) for e in planter.entries),  # type: ignore[call-overload]
        "seconds": round(seconds, 3),
        "events_seconds": round(stats.seconds, 3),
        "events_per_second": round(stats.good_events / max(stats.seconds, 1e-9)),
    }


def _csv_tables(
    world: World,
) -> tuple[dict[str, RawTable], finance.ImpactFacts, list[dict[str, object]]]:
    """Render every CSV table of the contract from the world."""
    impact, impact_facts = finance.impact_measurements_table(world)
    surveys, survey_missing = voice.survey_responses_table(world)
    good = {
        "crm.accounts": crm.accounts_table(world),
        "crm.success_plans": crm.success_plans_table(world),
        "crm.opportunities": crm.opportunities_table(world),
        "crm.touchpoints": crm.touchpoints_table(world),
        "product.users": product.users_table(world),
        "product.milestones": product.milestones_table(world),
        "finance.subscriptions": finance.subscriptions_table(world),
        "finance.impact_measurements": impact,
        "voice.survey_responses": surveys,
        "programs.interventions": programs.interventions_table(world),
        "programs.intervention_assignments": programs.intervention_assignments_table(world),
        "programs.decisions": programs.decisions_table(world),
    }
    tables = {
        name: RawTable(name=name, columns=CONTRACT[name], good=good[name], bad=[])
        for name in CONTRACT
        if name != "product.events"
    }
    return tables, impact_facts, survey_missing


def _manifest(
    world: World,
    events_target: int,
    stats: EventStats,
    row_counts: dict[str, int],
    impact_facts: finance.ImpactFacts,
    survey_missing: list[dict[str, object]],
    bad_rows: list[dict[str, object]],
) -> dict[str, object]:
    """Assemble the ground-truth manifest (no generation timestamps: it is deterministic)."""
    cal, acc = world.cal, world.accounts
    interventions = []
    for iv in world.interventions:
        effect = stats.true_effects.get(iv.intervention_id, 0.0)
        interventions.append(
            {
                "intervention_id": iv.intervention_id,
                "metric_id": iv.metric_id,
                "true_effect": round(float(effect), 6),
                "effect_unit": iv.effect_unit,
                "has_control": iv.has_control,
                "start_date": iso_day(iv.start_day),
                "end_date": iso_day(iv.end_day),
                "treatment_accounts": len(iv.treatment),
                "control_accounts": len(iv.control),
                "effect_definition": _EFFECT_DEFINITIONS[iv.effect],
            }
        )
    anomalies: list[dict[str, object]] = [
        {
            "account_id": str(acc.account_id[a]),
            "metric_id": "feature_depth",
            "feed": "product.events",
            "month_start": cal.iso_month(i),
            "magnitude": 10.0,
            "events": int(stats.spike_events.get((a, i), 0)),
        }
        for a, i in sorted(world.spikes)
    ]
    anomalies += impact_facts.anomalies
    missing: list[dict[str, object]] = [
        {
            "table": "product.events",
            "account_id": str(acc.account_id[a]),
            "what": "no_events",
            "months": [cal.iso_month(i)],
            "reason": "telemetry outage while subscribed",
        }
        for a, i in sorted(world.outages)
    ]
    missing += survey_missing + impact_facts.gaps
    return {
        "seed": world.seed,
        "accounts": acc.n,
        "months": cal.months,
        "as_of": cal.as_of.isoformat(),
        "window_start": iso_day(cal.window_start_day),
        "events_target": events_target,
        "events_written": stats.good_events,
        "late_events": stats.late_events,
        "event_files": stats.files,
        "row_counts": row_counts,
        "interventions": interventions,
        "anomalies": anomalies,
        "missing_data": missing,
        "bad_rows": bad_rows,
        "account_health": {
            str(a): round(float(h), 4) for a, h in zip(acc.account_id, acc.health0, strict=True)
        },
        "notes": {
            "account_health": "latent health at the window start (standard normal, shifted by "
            "customer type); drives adoption, impact, satisfaction, renewals and churn",
            "match": "raw values selecting the planted rows; null is an empty CSV field or a "
            "Parquet null; with duplicate_of_accepted, one matched row is the accepted original",
            "future_dates": "opportunities.close_date (open pipeline), success_plans.target_date "
            "and decisions.due_date may legitimately lie after as_of",
        },
    }


_EFFECT_DEFINITIONS: dict[str, str] = {
    "p_day": "expected change in stickiness (mean daily active users / monthly active users) "
    "of treated accounts in complete months from start_date on, vs their untreated "
    "counterfactual",
    "p_act": "expected change in license_utilization (active users / month-end seats) of "
    "treated accounts in complete months from start_date on, vs their untreated counterfactual",
    "none": "no effect was applied: the true effect is zero",
}
