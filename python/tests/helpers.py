"""Shared helpers for the test suite: the data contract, raw landing folders, dbt runs."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

REPO = Path(__file__).resolve().parents[2]
DBT = str(Path(sys.executable).parent / "dbt")

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("account_id", pa.string()),
        ("user_id", pa.string()),
        ("feature_key", pa.string()),
        ("occurred_at", pa.timestamp("us")),
        ("quantity", pa.float64()),
        ("loaded_at", pa.timestamp("us")),
    ]
)


def contract_columns() -> dict[str, list[str]]:
    """Required columns per raw table (`source.table`), read from the dbt source declarations."""
    tables: dict[str, list[str]] = {}
    for path in sorted((REPO / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text())["sources"]:
            for table in source["tables"]:
                tables[f"{source['name']}.{table['name']}"] = [c["name"] for c in table["columns"]]
    return tables


def write_raw(root: Path, rows: Mapping[str, Iterable[Mapping[str, Any]]]) -> Path:
    """Write a complete landing folder: every contract table, with the given rows (or none).

    `rows` maps `source.table` to dict rows of raw text values (None = empty field); events
    rows may hold datetimes and are written to one Parquet file.
    """
    for table, columns in contract_columns().items():
        source, name = table.split(".")
        if table == "product.events":
            folder = root / "product" / "events"
            folder.mkdir(parents=True, exist_ok=True)
            records = list(rows.get(table, []))
            arrays = {col: [r.get(col) for r in records] for col in EVENT_SCHEMA.names}
            pq.write_table(pa.table(arrays, schema=EVENT_SCHEMA), folder / "events_0001.parquet")
            continue
        path = root / source / f"{name}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            for record in rows.get(table, []):
                writer.writerow(["" if record.get(c) is None else record[c] for c in columns])
    return root


def run_dbt(
    args: list[str],
    workdir: Path,
    raw_root: Path,
    as_of: dt.date | str,
    check: bool = True,
    extra_vars: Mapping[str, Any] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run dbt against a throwaway warehouse `workdir/warehouse.duckdb` (never the user's)."""
    workdir.mkdir(parents=True, exist_ok=True)
    variables = {"raw_root": str(raw_root), "as_of_date": str(as_of), **(extra_vars or {})}
    env = {
        **os.environ,
        "SCORECARD_TEST_DUCKDB_PATH": str(workdir / "warehouse.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    command = [
        DBT,
        *args,
        "--profiles-dir",
        str(REPO),
        "--project-dir",
        str(REPO),
        "--target",
        "test",
        "--target-path",
        str(workdir / "target"),
        "--log-path",
        str(workdir / "logs"),
        "--vars",
        yaml.safe_dump(variables, default_flow_style=True).strip(),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
    if check and result.returncode != 0:
        raise AssertionError(
            f"dbt {' '.join(args)} failed ({result.returncode}):\n{result.stdout[-6000:]}"
            f"\n{result.stderr[-2000:]}"
        )
    return result


def query(database: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows of a query on a warehouse file, opened read-only (never takes the writer's lock)."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def query_df(database: Path, sql: str):  # noqa: ANN201 - pandas is optional in annotations
    """A query's result as a pandas DataFrame, read-only."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).df()
