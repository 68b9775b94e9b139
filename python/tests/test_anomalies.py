"""The anomaly rule against planted truth: a tenfold usage spike injected into raw data is
flagged, and on the default demo data the rule finds the anomalies the generator planted
(recall >= 90%) without flagging much else (precision >= 80%)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from helpers import query, run_dbt

ANOMALIES = "marts.fct_metric_anomalies"


def planted(raw_root: Path) -> list[dict]:
    return json.loads((raw_root / "manifest.json").read_text())["anomalies"]


def metric_flags(database: Path) -> set[tuple[str, str, str]]:
    rows = query(
        database,
        f"select account_id, cast(month_start as varchar), metric_id from {ANOMALIES}"
        " where anomaly_kind = 'metric_value'",
    )
    return {tuple(r) for r in rows}


def test_planted_anomalies_recall_and_precision_on_default_data(default_built) -> None:
    truth = planted(default_built.raw_root)
    assert len(truth) >= 10
    flags = metric_flags(default_built.database)
    # Recall: a planted anomaly is found when its account, month and metric are flagged.
    found = [a for a in truth if (a["account_id"], a["month_start"], a["metric_id"]) in flags]
    recall = len(found) / len(truth)
    # Precision, per flagged account-month: a flag is right when something was planted there
    # (a tenfold event spike moves feature_depth and may also move stickiness).
    planted_months = {(a["account_id"], a["month_start"]) for a in truth}
    flagged_months = {(account, month) for account, month, _ in flags}
    precision = len(flagged_months & planted_months) / len(flagged_months)
    print(
        f"anomaly rule on default data: {len(found)}/{len(truth)} planted found "
        f"(recall {recall:.1%}); {len(flagged_months & planted_months)}/{len(flagged_months)} "
        f"flagged account-months planted (precision {precision:.1%})"
    )
    assert recall >= 0.9, sorted(set(map(json.dumps, truth)) - set(map(json.dumps, found)))
    assert precision >= 0.8, sorted(flagged_months - planted_months)


def test_planted_anomalies_are_held_out_of_scoring(default_built) -> None:
    """Every flagged value that no one has reviewed is held out: its score is NA, no_data."""
    rows = query(
        default_built.database,
        """
        select scores.band, scores.score, metrics.is_held_out
        from marts.fct_account_metrics_monthly as metrics
        inner join intermediate.int_metric_scores_monthly as scores
            using (account_id, month_start, metric_id)
        where metrics.anomaly_status = 'pending_review' and metrics.is_active
        """,
    )
    assert rows
    assert {(band, score, held) for band, score, held in rows} == {("no_data", None, True)}


def _spike_candidate(built) -> tuple[str, dt.date]:
    """An account with a steady usage history, and a complete month in which to plant a
    spike, away from anything the generator planted."""
    truth = {(a["account_id"], a["month_start"]) for a in planted(built.raw_root)}
    rows = query(
        built.database,
        """
        select account_id, month_start
        from marts.fct_account_metrics_monthly
        where metric_id = 'feature_depth' and value_basis = 'measured' and is_active
            and month_start < ?
        order by account_id, month_start
        """,
        [dt.date(built.as_of.year, built.as_of.month, 1) - dt.timedelta(days=31)],
    )
    months: dict[str, list[dt.date]] = {}
    for account, month in rows:
        months.setdefault(account, []).append(month)
    for account, series in sorted(months.items(), key=lambda kv: -len(kv[1])):
        month = series[-1]
        if len(series) >= 7 and not any(a == account for a, _ in truth):
            return account, month
    raise AssertionError("no account with seven measured months of history")


def test_injected_tenfold_spike_is_flagged(built, tmp_path: Path) -> None:
    account, month = _spike_candidate(built)
    assert (account, str(month), "feature_depth") not in metric_flags(built.database)
    raw = tmp_path / "raw"
    shutil.copytree(built.raw_root, raw)
    events = pq.read_table(raw / "product" / "events")
    month_end = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    start = pa.scalar(dt.datetime(month.year, month.month, 1), type=pa.timestamp("us", tz="UTC"))
    end = pa.scalar(
        dt.datetime(month_end.year, month_end.month, 1), type=pa.timestamp("us", tz="UTC")
    )
    occurred = events["occurred_at"].cast(pa.timestamp("us", tz="UTC"))
    chosen = events.filter(
        pc.and_(
            pc.equal(events["account_id"], account),
            pc.and_(pc.greater_equal(occurred, start), pc.less(occurred, end)),
        )
    )
    assert chosen.num_rows > 0
    copies = []
    for copy in range(1, 10):  # nine more copies of every event: ten times the usage
        ids = pc.binary_join_element_wise(chosen["event_id"], f"_spike{copy}", "")
        copies.append(chosen.set_column(0, "event_id", ids))
    spike = pa.concat_tables(copies).cast(events.schema)
    pq.write_table(spike, raw / "product" / "events" / "zz_injected_spike.parquet")

    workdir = tmp_path / "wh"
    run_dbt(["build"], workdir, raw, built.as_of)
    database = workdir / "warehouse.duckdb"
    flagged = query(
        database,
        f"select metric_id, z_score from {ANOMALIES} where anomaly_kind = 'metric_value'"
        " and account_id = ? and month_start = ?",
        [account, month],
    )
    assert "feature_depth" in {m for m, _ in flagged}, flagged
    assert all(z >= 3 for _, z in flagged)
    volume_days = query(
        database,
        f"select count(*) from {ANOMALIES} where anomaly_kind = 'daily_event_volume'"
        " and account_id = ? and month_start = ? and anomaly_direction = 'spike'",
        [account, month],
    )[0][0]
    assert volume_days >= 1
    # held out of scoring until reviewed
    held = query(
        database,
        "select is_held_out, anomaly_status from marts.fct_account_metrics_monthly"
        " where account_id = ? and month_start = ? and metric_id = 'feature_depth'",
        [account, month],
    )
    assert held == [(True, "pending_review")]
