"""The incremental usage aggregate equals a full refresh after new and late events arrive."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from helpers import EVENT_SCHEMA, query, run_dbt, write_raw

AS_OF = dt.date(2025, 2, 28)
START = dt.datetime(2025, 1, 1)
FEATURES = ["dashboards", "reports", "workflows", "mobile_app"]


def _events(
    rng: np.random.Generator,
    n: int,
    day_lo: int,
    day_hi: int,
    prefix: str,
    lag_days: tuple[int, int] = (0, 0),
) -> pa.Table:
    days = rng.integers(day_lo, day_hi, n)
    seconds = rng.integers(0, 86_400, n)
    occurred = [
        START + dt.timedelta(days=int(d), seconds=int(s))
        for d, s in zip(days, seconds, strict=True)
    ]
    lags = rng.integers(lag_days[0], lag_days[1] + 1, n)
    loaded = [
        o + dt.timedelta(days=int(lag), hours=1) for o, lag in zip(occurred, lags, strict=True)
    ]
    users = rng.integers(1, 7, n)
    return pa.table(
        {
            "event_id": [f"{prefix}{i}" for i in range(n)],
            "account_id": [f"acc_{1 + (u - 1) // 3}" for u in users],
            "user_id": [f"usr_{u}" for u in users],
            "feature_key": [FEATURES[i] for i in rng.integers(0, len(FEATURES), n)],
            "occurred_at": occurred,
            "quantity": rng.integers(1, 4, n).astype(float),
            "loaded_at": loaded,
        },
        schema=EVENT_SCHEMA,
    )


def _python_aggregate(tables: list[pa.Table]) -> Counter:
    """Independent aggregation of the raw events: (day, account, user, feature) -> count."""
    counts: Counter = Counter()
    for table in tables:
        for row in table.to_pylist():
            key = (row["occurred_at"].date(), row["account_id"], row["user_id"], row["feature_key"])
            counts[key] += 1
    return counts


def _landing(root: Path) -> Path:
    accounts = [
        {
            "account_id": f"acc_{i}",
            "account_name": f"A{i}",
            "industry": "retail",
            "customer_type": "smb",
            "deployment_scale": "team",
            "region": "emea",
            "csm_owner": "Dana",
            "ae_owner": "Eli",
            "created_at": "2024-06-01 00:00:00",
            "updated_at": "2024-06-01 00:00:00",
        }
        for i in (1, 2)
    ]
    users = [
        {
            "user_id": f"usr_{u}",
            "account_id": f"acc_{1 + (u - 1) // 3}",
            "created_at": "2024-06-02 00:00:00",
            "role": "analyst",
        }
        for u in range(1, 7)
    ]
    return write_raw(root, {"crm.accounts": accounts, "product.users": users})


SQL = (
    "select activity_date, account_id, user_id, feature_key, event_count, quantity_total "
    "from intermediate.int_usage_aggregated_daily order by 1, 2, 3, 4"
)


def test_incremental_run_after_new_and_late_events_equals_full_refresh(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    raw = _landing(tmp_path / "raw")
    events_dir = raw / "product" / "events"
    first = _events(rng, 3000, 0, 20, "a")
    pq.write_table(first, events_dir / "events_0001.parquet")
    select = [
        "build",
        "--select",
        "path:models/staging",
        "+int_usage_aggregated_daily",
        "resource_type:seed",
        "--indirect-selection",
        "cautious",
    ]
    run_dbt(select, tmp_path / "incremental", raw, AS_OF)

    # a second batch: new days, plus late events for old days (day 2 is far outside the
    # 3-day lookback; only the late-event rule re-opens it), plus a re-delivered duplicate
    new_days = _events(rng, 2000, 20, 30, "b")
    late = _events(rng, 300, 1, 19, "c", lag_days=(5, 25))
    late = pa.concat_tables([late, first.slice(0, 5)])  # re-delivered copies of 5 events
    pq.write_table(new_days, events_dir / "events_0002.parquet")
    pq.write_table(late, events_dir / "events_0003.parquet")
    result = run_dbt(select, tmp_path / "incremental", raw, AS_OF)
    assert "int_usage_aggregated_daily: re-aggregating from" in result.stdout  # incremental path
    incremental = query(tmp_path / "incremental" / "warehouse.duckdb", SQL)

    shutil.copytree(raw, tmp_path / "raw_copy")
    run_dbt(select + ["--full-refresh"], tmp_path / "full", tmp_path / "raw_copy", AS_OF)
    full = query(tmp_path / "full" / "warehouse.duckdb", SQL)

    assert incremental == full
    expected = _python_aggregate([first, new_days, late.slice(0, 300)])
    assert {(r[0], r[1], r[2], r[3]): r[4] for r in incremental} == dict(expected)
    assert sum(r[4] for r in incremental) == 3000 + 2000 + 300


def test_rerun_without_new_events_changes_nothing(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    raw = _landing(tmp_path / "raw")
    pq.write_table(_events(rng, 500, 0, 10, "a"), raw / "product" / "events" / "e.parquet")
    select = [
        "build",
        "--select",
        "path:models/staging",
        "+int_usage_aggregated_daily",
        "resource_type:seed",
        "--indirect-selection",
        "cautious",
    ]
    run_dbt(select, tmp_path, raw, AS_OF)
    before = query(tmp_path / "warehouse.duckdb", SQL)
    run_dbt(select, tmp_path, raw, AS_OF)
    assert query(tmp_path / "warehouse.duckdb", SQL) == before
