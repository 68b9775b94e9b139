"""`scorecard export`: the marts to Parquet (row counts and columns equal the warehouse's), and
DuckDB's real locking behaviour, which decides how BI tools may connect:

- read-only connections of several processes share the file: the export runs beside them;
- a writer (a `dbt build`) excludes every other process: the export fails with a clear error;
- and a read-only reader excludes a writer: a BI tool holding the file open blocks `dbt build`,
  which is why the Parquet export exists.

Lock holders are separate processes (DuckDB locks per process) that say when they hold the
lock; no test depends on timing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from conftest import Built
from helpers import query

from scorecard.export import WarehouseBusyError, export_marts

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
con.execute("select 1").fetchall()
print("holding", flush=True)
sys.stdin.readline()
"""


@contextmanager
def lock_held(database: Path, mode: str) -> Iterator[None]:
    """Another process holds `database` open (`read_only` or `read_write`) inside the block."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdin is not None
        line = process.stdout.readline()
        assert line.strip() == "holding", process.stderr.read() if process.stderr else line
        yield
    finally:
        if process.stdin is not None:
            process.stdin.close()
        process.wait(timeout=60)


@pytest.fixture()
def warehouse_copy(built: Built, tmp_path: Path) -> Path:
    """A private copy of the test warehouse, so that holding locks disturbs no other test."""
    database = tmp_path / "warehouse.duckdb"
    shutil.copy2(built.database, database)
    return database


def test_export_writes_every_mart_with_its_rows(built: Built, tmp_path: Path) -> None:
    out = tmp_path / "export"
    messages: list[str] = []
    summary = export_marts(database=built.database, out_dir=out, progress=messages.append)

    tables = query(
        built.database,
        "select table_name from information_schema.tables "
        "where table_schema = 'marts' and table_type = 'BASE TABLE' order by 1",
    )
    names = [row[0] for row in tables]
    assert "fct_account_scorecards_monthly" in names and "dim_metrics" in names
    assert sorted(summary["tables"]) == names
    assert len(messages) == len(names)

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [table["name"] for table in manifest["tables"]] == names
    for table in manifest["tables"]:
        name = table["name"]
        path = out / name / f"{name}.parquet"
        assert table["file"] == f"{name}/{name}.parquet" and path.exists()
        (rows,) = query(built.database, f"select count(*) from marts.{name}")[0]
        assert pq.read_metadata(path).num_rows == rows == table["rows"], name
        columns = [row[0] for row in query(built.database, f"describe marts.{name}")]
        assert pq.read_schema(path).names == columns == [c["name"] for c in table["columns"]]
    assert not list(out.rglob("*.partial")), "no partial file is left behind"
    assert str(out) in summary["message"]


def test_exported_values_equal_the_mart(built: Built, tmp_path: Path) -> None:
    """Not only the counts: the scorecard's scores read back from Parquet equal the table's."""
    out = tmp_path / "export"
    export_marts(database=built.database, out_dir=out)
    parquet = out / "fct_account_scorecards_monthly" / "fct_account_scorecards_monthly.parquet"
    with duckdb.connect() as con:
        differences = con.execute(
            f"""
            attach '{built.database}' as warehouse (read_only);
            select count(*) from (
                (select scorecard_id, overall_score, overall_band
                 from warehouse.marts.fct_account_scorecards_monthly
                 except all
                 select scorecard_id, overall_score, overall_band from read_parquet('{parquet}'))
                union all
                (select scorecard_id, overall_score, overall_band from read_parquet('{parquet}')
                 except all
                 select scorecard_id, overall_score, overall_band
                 from warehouse.marts.fct_account_scorecards_monthly)
            )
            """
        ).fetchone()
    assert differences == (0,)


def test_export_runs_beside_a_read_only_reader(warehouse_copy: Path, tmp_path: Path) -> None:
    with lock_held(warehouse_copy, "read_only"):
        summary = export_marts(database=warehouse_copy, out_dir=tmp_path / "export")
    assert summary["tables"]


def test_export_is_refused_while_a_writer_holds_the_file(
    warehouse_copy: Path, tmp_path: Path
) -> None:
    with lock_held(warehouse_copy, "read_write"):
        with pytest.raises(WarehouseBusyError, match="locked by another process"):
            export_marts(database=warehouse_copy, out_dir=tmp_path / "export")


def test_a_read_only_reader_blocks_a_writer(warehouse_copy: Path) -> None:
    """The behaviour the README documents: while a BI tool holds a read-only connection, a
    writer (dbt build) cannot open the file; once it closes, the writer can."""
    with lock_held(warehouse_copy, "read_only"):
        with pytest.raises(duckdb.IOException, match="lock"):
            duckdb.connect(str(warehouse_copy))
    duckdb.connect(str(warehouse_copy)).close()


def test_export_of_a_missing_warehouse_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build it first"):
        export_marts(database=tmp_path / "absent.duckdb", out_dir=tmp_path / "export")
