"""Reading the warehouse: one read-only DuckDB session loads every frame the suites validate.

Only small relations are loaded into pandas: staging models (the columns the rules read), the
metric mart (the columns the rules read) and aggregates of the usage table computed in DuckDB.
Product events are never read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd

from .catalog import (
    EXCLUDED_STAGING,
    METRICS_KEYS,
    METRICS_NOT_NULL,
    METRICS_TABLE,
    REGISTRY_TABLE,
    STAGING_TABLES,
    TableRules,
)
from .spec import Frame


class WarehouseError(RuntimeError):
    """The warehouse cannot be read (absent, locked, or not a DuckDB file)."""


def connect_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    """A read-only session on the warehouse, in UTC (timestamps are read as UTC)."""
    database = Path(database)
    if not database.is_file():
        raise WarehouseError(
            f"Warehouse {database} not found. Build it first (`make build`), or pass the path "
            "of an existing DuckDB file."
        )
    try:
        con = duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as error:
        raise WarehouseError(
            f"Cannot open {database} read-only: {error}. Another process (a running dbt build?) "
            "probably holds the write lock; wait for it to finish and run the validation again."
        ) from error
    con.execute("set TimeZone = 'UTC'")
    return con


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Every table and view of the warehouse, as `schema.table`."""
    rows = con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    return {f"{schema}.{name}" for schema, name in rows}


def table_columns(con: duckdb.DuckDBPyConnection, table_name: str) -> list[str]:
    schema, name = table_name.split(".", 1)
    rows = con.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, name],
    ).fetchall()
    return [row[0] for row in rows]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def load_staging_frame(con: duckdb.DuckDBPyConnection, rules: TableRules) -> Frame:
    """The columns the rules read, of one staging model (absent columns are left out, so the
    expectations on them fail with GX's "column not found" rather than the load failing)."""
    if rules.name in EXCLUDED_STAGING:
        raise ValueError(f"{rules.name} reads product events and is never loaded")
    present = set(table_columns(con, rules.table_name))
    columns = [c for c in rules.columns if c in present] or ["1 as placeholder"]
    select = ", ".join(_quote(c) if c in present else c for c in columns)
    data = con.execute(f"select {select} from {rules.table_name}").df()
    return Frame(
        key=rules.name,
        table_name=rules.table_name,
        data=data,
        index_columns=[c for c in rules.keys if c in present],
    )


def load_metrics_frame(con: duckdb.DuckDBPyConnection, latest_complete_month: dt.date) -> Frame:
    """The metric mart's keys, value and activity, with month flags used by row conditions."""
    data = con.execute(
        f"""
        select
            {", ".join(METRICS_NOT_NULL)},
            metric_value,
            is_active,
            month_start <= ? as is_complete_month,
            month_start = ? as is_latest_complete_month
        from {METRICS_TABLE}
        """,
        [latest_complete_month, latest_complete_month],
    ).df()
    return Frame(
        key="fct_account_metrics_monthly",
        table_name=METRICS_TABLE,
        data=data,
        index_columns=list(METRICS_KEYS),
        derivation="key columns, metric_value, is_active and month flags",
    )


def load_registry(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The metric registry: the one place missing-data thresholds (`expected_coverage`) live."""
    return con.execute(
        f"""
        select metric_id, metric_name, unit, expected_coverage, is_active
        from {REGISTRY_TABLE}
        order by metric_id
        """
    ).df()


def load_seed_values(con: duckdb.DuckDBPyConnection, tables: set[str]) -> dict[str, list[str]]:
    """Allowed values that live in seeds (plans, theme codes, metric ids)."""
    wanted = {seed for rules in STAGING_TABLES for seed in rules.seed_sets.values()}
    values: dict[str, list[str]] = {}
    for table, column in sorted(wanted):
        if table not in tables:
            continue
        rows = con.execute(
            f"select distinct {_quote(column)} from {table} where {_quote(column)} is not null "
            "order by 1"
        ).fetchall()
        values[f"{table}.{column}"] = [str(row[0]) for row in rows]
    return values
