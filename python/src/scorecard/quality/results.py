"""Validation results: one flat record per expectation, the warehouse table, the summary.

Every run appends its records to ``dq.dq_validation_results`` (created when absent); rows are
never updated or deleted. ``observed_value`` and ``threshold`` are text meant for people;
for row counts ``observed_value`` is the bare count, which the next run reads back as its
baseline.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from .catalog import RESULTS_TABLE
from .settings import CRITICAL, WARNING

ROW_COUNT = "expect_table_row_count_to_be_between"
MISSING_TABLE = "expect_table_to_exist"
SAMPLE_SIZE = 5

RESULTS_DDL = f"""
create schema if not exists {RESULTS_TABLE.split(".")[0]};
create table if not exists {RESULTS_TABLE} (
    run_id varchar not null,
    suite varchar not null,
    expectation varchar not null,
    table_name varchar,
    column_name varchar,
    success boolean not null,
    observed_value varchar,
    threshold varchar,
    severity varchar not null,
    validated_at timestamp not null,
    scope varchar
);
"""
RESULT_COLUMNS = [
    "run_id",
    "suite",
    "expectation",
    "table_name",
    "column_name",
    "success",
    "observed_value",
    "threshold",
    "severity",
    "validated_at",
    "scope",
]


@dataclass(frozen=True)
class ExpectationResult:
    """The outcome of one expectation, flattened for printing and for the warehouse."""

    suite: str
    expectation: str
    table_name: str
    column_name: str | None
    success: bool
    observed_value: str
    threshold: str
    severity: str
    #: Which rows were validated, when not the whole table (e.g. `metric_id = nps, is_active`).
    scope: str = ""

    @property
    def is_critical_failure(self) -> bool:
        return not self.success and self.severity == CRITICAL

    @property
    def target(self) -> str:
        """`schema.table.column` (or the table alone)."""
        return f"{self.table_name}.{self.column_name}" if self.column_name else self.table_name


# ------------------------------------------------------------------------------- formatting


def _number(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.4g}" if abs(value) >= 1e4 else f"{value:.4g}"
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        if stamp == stamp.normalize():  # a date
            return stamp.strftime("%Y-%m-%d")
        return stamp.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalar
        return _number(value.item())
    return str(value)


def _columns(kwargs: dict) -> str | None:
    if kwargs.get("column"):
        return str(kwargs["column"])
    if kwargs.get("column_list"):
        return ", ".join(kwargs["column_list"])
    if kwargs.get("column_A"):
        return f"{kwargs['column_A']}, {kwargs['column_B']}"
    return None


def format_threshold(expectation: str, kwargs: dict, meta: dict) -> str:
    """The rule in words, plus where a learned threshold came from."""
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if expectation == "expect_column_values_to_not_be_null":
        text = f"non-null share >= {kwargs.get('mostly', 1.0):.1%}"
    elif expectation == "expect_column_values_to_be_unique":
        text = "values unique"
    elif expectation == "expect_compound_columns_to_be_unique":
        text = f"({', '.join(kwargs['column_list'])}) unique"
    elif expectation == "expect_column_values_to_be_in_set":
        values = list(kwargs.get("value_set") or [])
        shown = ", ".join(map(str, values[:12])) + (", ..." if len(values) > 12 else "")
        text = f"in {{{shown}}} ({len(values)} values)"
    elif "quantile" in expectation:
        ranges = kwargs["quantile_ranges"]
        text = "; ".join(
            f"q{q:g} in [{_number(r[0])}, {_number(r[1])}]"
            for q, r in zip(ranges["quantiles"], ranges["value_ranges"], strict=True)
        )
    elif low is not None or high is not None:
        if low is not None and high is not None:
            text = f"between {_number(low)} and {_number(high)}"
        elif low is not None:
            text = f">= {_number(low)}"
        else:
            text = f"<= {_number(high)}"
        if expectation == "expect_column_max_to_be_between":
            text = f"max {text}"
        elif expectation == "expect_column_mean_to_be_between":
            text = f"mean {text}"
        elif expectation == ROW_COUNT:
            text = f"row count {text}"
    else:
        text = "as configured"
    mostly = kwargs.get("mostly")
    if mostly is not None and expectation != "expect_column_values_to_not_be_null":
        text += f" for >= {mostly:.0%} of rows"
    if meta.get("basis"):
        text += f" [{meta['basis']}]"
    return text


def _sample(result: dict) -> str:
    """A few offending rows: their identifying columns when GX returned them."""
    index_rows = result.get("partial_unexpected_index_list") or []
    if index_rows and isinstance(index_rows[0], dict):
        first = list(result.get("unexpected_index_column_names") or [])
        parts = []
        for row in index_rows:
            keys = [k for k in first if k in row] + [k for k in row if k not in first]
            parts.append(", ".join(f"{k}={_number(row[k])}" for k in keys))
    else:
        counts = result.get("partial_unexpected_counts") or []
        parts = [f"{_number(c['value'])} (x{c['count']})" for c in counts] or [
            _number(v) for v in result.get("partial_unexpected_list") or []
        ]
    if not parts:
        return ""
    more = "; ..." if len(parts) > SAMPLE_SIZE else ""
    return " e.g. " + "; ".join(parts[:SAMPLE_SIZE]) + more


def format_observed(expectation: str, result: dict, exception: dict | None) -> str:
    if exception and exception.get("raised_exception"):
        message = str(exception.get("exception_message") or "error").splitlines()[0]
        return f"error: {message[:300]}"
    observed = result.get("observed_value")
    if isinstance(observed, dict) and "quantiles" in observed:
        return ", ".join(
            f"q{q:g}={_number(v)}"
            for q, v in zip(observed["quantiles"], observed["values"], strict=True)
        )
    if observed is not None:
        return _number(observed)
    if "unexpected_count" in result:
        total = result.get("element_count", 0)
        unexpected = result.get("unexpected_count", 0)
        share = result.get("unexpected_percent")
        share_text = f" ({share:.2f}%)" if share is not None else ""
        noun = "null" if expectation == "expect_column_values_to_not_be_null" else "unexpected"
        text = f"{unexpected:,} of {total:,} rows {noun}{share_text}"
        return text + (_sample(result) if unexpected else "")
    return "n/a"


def from_gx(suite: str, validation_result: Any) -> list[ExpectationResult]:
    """Flatten a GX ExpectationSuiteValidationResult."""
    records = []
    for item in validation_result.results:
        config = item.expectation_config
        kwargs = dict(config.kwargs)
        meta = dict(config.meta or {})
        exception = dict(item.exception_info or {})
        if "raised_exception" not in exception:  # GX nests it by metric id when several raise
            raised = [v for v in exception.values() if isinstance(v, dict) and v]
            exception = raised[0] if raised else {}
        records.append(
            ExpectationResult(
                suite=suite,
                expectation=config.type,
                table_name=str(meta.get("table_name", "")),
                column_name=_columns(kwargs),
                success=bool(item.success),
                observed_value=format_observed(config.type, dict(item.result or {}), exception),
                threshold=format_threshold(config.type, kwargs, meta),
                severity=str(meta.get("severity", WARNING)),
                scope=str(meta.get("scope", "")),
            )
        )
    return records


def missing_table(suite: str, table_name: str) -> ExpectationResult:
    """A table the gate needs is absent: recorded as a failed critical expectation."""
    return ExpectationResult(
        suite=suite,
        expectation=MISSING_TABLE,
        table_name=table_name,
        column_name=None,
        success=False,
        observed_value="table not found in the warehouse",
        threshold="table exists (build it with dbt first)",
        severity=CRITICAL,
    )


# ---------------------------------------------------------------------------- the warehouse


def results_table_exists(con: duckdb.DuckDBPyConnection) -> bool:
    schema, name = RESULTS_TABLE.split(".")
    return bool(
        con.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


def run_id_exists(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    if not results_table_exists(con):
        return False
    query = f"select count(*) from {RESULTS_TABLE} where run_id = ?"
    return bool(con.execute(query, [run_id]).fetchone()[0])


def previous_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of each table at the most recent run that counted it."""
    if not results_table_exists(con):
        return {}
    rows = con.execute(
        f"""
        select table_name, arg_max(observed_value, validated_at)
        from {RESULTS_TABLE}
        where expectation = ? and success is not null
        group by 1
        """,
        [ROW_COUNT],
    ).fetchall()
    counts = {}
    for table_name, observed in rows:
        try:
            counts[table_name] = int(str(observed).replace(",", ""))
        except ValueError:  # an errored count ("error: ..."): no baseline
            continue
    return counts


def append_results(
    database: Path,
    run_id: str,
    results: Iterable[ExpectationResult],
    validated_at: dt.datetime,
) -> int:
    """Append one run's records (read-write session, opened only now and closed at once)."""
    frame = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "suite": r.suite,
                "expectation": r.expectation,
                "table_name": r.table_name,
                "column_name": r.column_name,
                "success": r.success,
                "observed_value": r.observed_value,
                "threshold": r.threshold,
                "severity": r.severity,
                "validated_at": validated_at,
                "scope": r.scope or None,
            }
            for r in results
        ],
        columns=RESULT_COLUMNS,
    )
    try:
        con = duckdb.connect(str(database))
    except duckdb.IOException as error:
        raise RuntimeError(
            f"Cannot open {database} for writing the validation results: {error}. Another "
            "process holds the warehouse; run the validation again when it has finished."
        ) from error
    try:
        con.execute(RESULTS_DDL)
        con.register("new_results", frame)
        columns = ", ".join(RESULT_COLUMNS)
        con.execute(f"insert into {RESULTS_TABLE} ({columns}) select {columns} from new_results")
        con.unregister("new_results")
    finally:
        con.close()
    return len(frame)


# ---------------------------------------------------------------------------------- summary


def print_summary(
    results: list[ExpectationResult],
    printer: Callable[[str], Any],
    header: str,
    skipped: list[str],
) -> None:
    """One line per expectation, grouped by suite, then the failures and the verdict."""
    printer(header)
    suite = None
    for r in sorted(results, key=lambda r: (r.suite, r.success, r.severity)):
        if r.suite != suite:
            suite = r.suite
            printer(f"\nsuite {suite}")
        status = "PASS" if r.success else "FAIL"
        scope = f" [{r.scope}]" if r.scope else ""
        printer(
            f"  {status} {r.severity:<8} {r.expectation} on {r.target}{scope}"
            f" | observed: {r.observed_value} | threshold: {r.threshold}"
        )
    for note in skipped:
        printer(f"  skipped: {note}")
    failed = [r for r in results if not r.success]
    critical = [r for r in failed if r.severity == CRITICAL]
    printer(
        f"\n{len(results)} expectations: {len(results) - len(failed)} passed, {len(failed)} "
        f"failed ({len(critical)} critical, {len(failed) - len(critical)} warning)"
    )
    for r in failed:
        label = "CRITICAL" if r.severity == CRITICAL else "WARNING"
        scope = f" ({r.scope})" if r.scope else ""
        printer(
            f"{label}: {r.expectation} failed on {r.target}{scope}: observed {r.observed_value};"
            f" expected {r.threshold}"
        )
