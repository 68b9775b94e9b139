"""`scorecard export`: every table of the warehouse's `marts` schema to Parquet, for BI tools.

The warehouse is opened **read-only**. DuckDB locks its file per process: one writer (a
`dbt build`) excludes every other process, readers included, while any number of read-only
processes may share the file when no writer holds it. So the export runs between builds, and a
BI tool reading the exported Parquet files never blocks (and is never blocked by) a build.

Layout: `out_dir/<mart>/<mart>.parquet`, one folder per mart, plus `out_dir/manifest.json`
listing each mart's rows, columns and file. Each file is written beside its final name and
renamed into place, so a reader sees the previous file or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

MARTS_SCHEMA = "marts"


class WarehouseBusyError(RuntimeError):
    """The warehouse file is locked by a writer (a dbt build is running)."""


def _connect_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    if not database.exists():
        raise FileNotFoundError(
            f"Warehouse {database} not found: build it first (`make build`) or pass --database."
        )
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise WarehouseBusyError(
                f"Warehouse {database} is locked by another process (a dbt build holds the "
                "writer's lock): run the export when the build has finished."
            ) from error
        raise


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def mart_tables(con: duckdb.DuckDBPyConnection, schema: str = MARTS_SCHEMA) -> list[str]:
    """Names of the base tables (not views) of `schema`, sorted."""
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and table_type = 'BASE TABLE' order by table_name",
        [schema],
    ).fetchall()
    return [str(row[0]) for row in rows]


def _export_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, out_dir: Path
) -> dict[str, Any]:
    folder = out_dir / table
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / f"{table}.parquet"
    partial = folder / f".{table}.parquet.partial"
    relation = f"{_quote(schema)}.{_quote(table)}"
    path_literal = str(partial).replace("'", "''")
    con.execute(
        f"copy (select * from {relation}) to '{path_literal}' (format parquet, compression zstd)"
    )
    partial.replace(final)
    count = con.execute(f"select count(*) from {relation}").fetchone()
    columns = con.execute(f"describe {relation}").fetchall()
    return {
        "name": table,
        "rows": int(count[0]) if count else 0,
        "file": str(final.relative_to(out_dir)),
        "bytes": final.stat().st_size,
        "columns": [{"name": str(col[0]), "type": str(col[1])} for col in columns],
    }


def export_marts(
    database: Path,
    out_dir: Path,
    progress: Callable[[str], None] | None = None,
    schema: str = MARTS_SCHEMA,
) -> dict[str, Any]:
    """Write every table of `schema` to `out_dir/<table>/<table>.parquet` plus a manifest.

    Returns a dict with `message` (one line for the user), `tables` (per table: rows, file,
    bytes, columns) and `manifest` (the manifest's path). Raises WarehouseBusyError when a
    writer holds the warehouse, and ValueError when the schema has no table.
    """
    report = progress or (lambda _message: None)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _connect_read_only(database) as con:
        tables = mart_tables(con, schema)
        if not tables:
            raise ValueError(
                f"Schema {schema!r} of {database} has no table: run `dbt build` first."
            )
        exported = []
        for number, table in enumerate(tables, start=1):
            report(f"[{number}/{len(tables)}] {schema}.{table}")
            exported.append(_export_table(con, schema, table, out_dir))
    manifest = {
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": str(database),
        "schema": schema,
        "format": "parquet",
        "layout": "<table>/<table>.parquet",
        "tables": exported,
    }
    manifest_path = out_dir / "manifest.json"
    partial_manifest = out_dir / ".manifest.json.partial"
    partial_manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    partial_manifest.replace(manifest_path)
    total_rows = sum(table["rows"] for table in exported)
    return {
        "message": (
            f"Exported {len(exported)} tables of {schema} ({total_rows:,} rows) to {out_dir} "
            f"(manifest: {manifest_path})."
        ),
        "tables": {table["name"]: table for table in exported},
        "manifest": manifest_path,
    }
