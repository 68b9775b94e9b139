"""The Great Expectations gate (`scorecard validate`): faults injected into a copy of a built
warehouse are caught by the right expectation, results are appended and never rewritten,
Data Docs are built, and a critical failure makes the command exit non-zero, naming the table
and the expectation."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from helpers import query, run_dbt

from scorecard.quality.runner import ValidationOutcome, run_validation

METRICS = "marts.fct_account_metrics_monthly"
USAGE = "intermediate.int_usage_aggregated_daily"
RESULTS = "dq.dq_validation_results"
NOT_NULL = "expect_column_values_to_not_be_null"


def copy_warehouse(built, tmp_path: Path, name: str = "copy") -> Path:
    """A private copy of the session's warehouse (same file name: views name its catalog)."""
    folder = tmp_path / name
    folder.mkdir()
    target = folder / "warehouse.duckdb"
    shutil.copy(built.database, target)
    return target


def validate(database: Path, tmp_path: Path, as_of: dt.date, run_id: str) -> ValidationOutcome:
    """One validation run with its own GX context folder; the summary is not printed."""
    return run_validation(
        database, tmp_path / f"gx_{run_id}", run_id=run_id, as_of=as_of, printer=lambda *_: None
    )


def failed(outcome: ValidationOutcome) -> list:
    return [r for r in outcome.results if not r.success]


def csat_scope_rows(database: Path, as_of: dt.date) -> list[tuple[str, dt.date]]:
    """The rows the CSAT not-null expectation validates, computed here independently:
    active account-months of complete months (before the as-of month) whose CSAT has a value."""
    first_incomplete = as_of.replace(day=1)
    return query(
        database,
        f"select account_id, month_start from {METRICS} where metric_id = 'csat' and is_active"
        " and month_start < ? order by account_id, month_start",
        [first_incomplete],
    )


def null_csat(database: Path, as_of: dt.date, non_null_share: float) -> float:
    """Set CSAT to NA on the first rows of its scope until `non_null_share` of it has a value;
    returns the share actually left."""
    rows = csat_scope_rows(database, as_of)
    with duckdb.connect(str(database)) as con:
        valued = con.execute(
            f"select account_id, month_start from {METRICS} where metric_id = 'csat'"
            " and is_active and month_start < ? and metric_value is not null"
            " order by account_id, month_start",
            [as_of.replace(day=1)],
        ).fetchall()
        to_null = len(valued) - int(non_null_share * len(rows))
        assert 0 < to_null <= len(valued), "the fixture has too few CSAT values for this test"
        for account_id, month_start in valued[:to_null]:
            con.execute(
                f"update {METRICS} set metric_value = null, is_missing = true,"
                " missing_reason = 'injected' where metric_id = 'csat' and account_id = ?"
                " and month_start = ?",
                [account_id, month_start],
            )
        left = con.execute(
            f"select avg(case when metric_value is null then 0.0 else 1.0 end) from {METRICS}"
            " where metric_id = 'csat' and is_active and month_start < ?",
            [as_of.replace(day=1)],
        ).fetchone()[0]
    return float(left)


def registry_mostly(database: Path, metric_id: str) -> float:
    return float(
        query(
            database,
            "select expected_coverage from config.scorecard_metrics where metric_id = ?",
            [metric_id],
        )[0][0]
    )


@pytest.fixture(scope="module")
def baseline(built, tmp_path_factory: pytest.TempPathFactory):
    """Two validation runs of an untouched copy: (database, first outcome, second outcome,
    the first run's rows as they were before the second run)."""
    tmp = tmp_path_factory.mktemp("dq_baseline")
    database = copy_warehouse(built, tmp)
    first = validate(database, tmp, built.as_of, "run_one")
    rows_after_first = query(database, f"select * from {RESULTS} order by all")
    second = validate(database, tmp, built.as_of, "run_two")
    return database, first, second, rows_after_first, tmp


def test_clean_warehouse_passes_the_gate(baseline) -> None:
    _, first, _, _, _ = baseline
    assert first.exit_code == 0, [r for r in failed(first) if r.severity == "critical"]
    assert first.counts["critical_failed"] == 0
    assert first.counts["expectations"] > 100


def test_each_run_appends_one_run_and_never_rewrites(baseline) -> None:
    database, first, second, rows_after_first, _ = baseline
    runs = query(database, f"select run_id, count(*) from {RESULTS} group by 1 order by 1")
    assert runs == [
        ("run_one", first.counts["expectations"]),
        ("run_two", second.counts["expectations"]),
    ]
    still = query(database, f"select * from {RESULTS} where run_id = 'run_one' order by all")
    assert still == rows_after_first


def test_a_run_id_cannot_be_reused(baseline) -> None:
    database, _, _, _, tmp = baseline
    with pytest.raises(ValueError, match="already in dq.dq_validation_results"):
        run_validation(database, tmp / "gx_again", run_id="run_one", printer=lambda *_: None)


def test_data_docs_are_built(baseline) -> None:
    _, first, _, _, _ = baseline
    assert first.data_docs_path is not None
    assert first.data_docs_path.name == "index.html" and first.data_docs_path.is_file()
    assert "fct_account_metrics_monthly" in first.data_docs_path.read_text() or any(
        "fct_account_metrics_monthly" in p.name for p in first.data_docs_path.parent.rglob("*.html")
    )


def test_second_run_checks_row_counts_against_the_first(baseline) -> None:
    _, first, second, _, _ = baseline
    first_basis = [
        r.threshold for r in first.results if r.expectation.endswith("row_count_to_be_between")
    ]
    second_basis = [
        r.threshold for r in second.results if r.expectation.endswith("row_count_to_be_between")
    ]
    assert first_basis and all("no previous run" in t for t in first_basis)
    assert second_basis and not any("no previous run" in t for t in second_basis)


def test_nulls_above_mostly_fail_the_not_null_expectation(built, tmp_path: Path) -> None:
    database = copy_warehouse(built, tmp_path)
    mostly = registry_mostly(database, "csat")
    left = null_csat(database, built.as_of, mostly - 0.1)
    assert left < mostly
    outcome = validate(database, tmp_path, built.as_of, "nulls_over")
    critical = [r for r in failed(outcome) if r.severity == "critical"]
    assert [(r.expectation, r.table_name, r.column_name) for r in critical] == [
        (NOT_NULL, METRICS, "metric_value")
    ]
    assert critical[0].scope.startswith("metric_id = csat")
    assert outcome.exit_code == 1


def test_nulls_within_mostly_pass(built, tmp_path: Path) -> None:
    database = copy_warehouse(built, tmp_path)
    mostly = registry_mostly(database, "csat")
    left = null_csat(database, built.as_of, mostly + 0.05)
    assert left >= mostly
    outcome = validate(database, tmp_path, built.as_of, "nulls_within")
    csat = [
        r
        for r in outcome.results
        if r.expectation == NOT_NULL and r.scope.startswith("metric_id = csat")
    ]
    assert len(csat) == 1 and csat[0].success
    assert outcome.exit_code == 0


def test_a_silent_day_of_a_regularly_active_account_trips_the_volume_check(
    built, tmp_path: Path
) -> None:
    database = copy_warehouse(built, tmp_path)
    latest = built.as_of - dt.timedelta(days=1)  # the last complete day (a weekday here)
    assert latest.weekday() < 5
    # An account active on every one of the 20 weekdays before, with plenty of events.
    candidates = query(
        database,
        f"""
        with weekdays as (
            select account_id, activity_date, sum(event_count) as events
            from {USAGE}
            where activity_date < ? and activity_date >= ? and isodow(activity_date) <= 5
            group by 1, 2
        )
        select account_id from weekdays group by 1
        having count(*) = (select count(distinct activity_date) from weekdays) and avg(events) >= 20
        order by avg(events) desc
        """,
        [latest, latest - dt.timedelta(days=28)],
    )
    assert candidates, "the fixture needs a regularly active account"
    account = candidates[0][0]
    with duckdb.connect(str(database)) as con:
        removed = con.execute(
            f"delete from {USAGE} where account_id = ? and activity_date = ? returning 1",
            [account, latest],
        ).fetchall()
    assert removed
    outcome = validate(database, tmp_path, built.as_of, "silent_day")
    silent = [
        r
        for r in failed(outcome)
        if r.column_name == "events_latest" and r.scope.startswith("regularly active")
    ]
    assert len(silent) == 1
    assert account in silent[0].observed_value


def test_stale_events_trip_freshness(built, tmp_path: Path) -> None:
    database = copy_warehouse(built, tmp_path)
    newest = query(database, f"select max(max_loaded_at) from {USAGE}")[0][0]
    late_as_of = newest.date() + dt.timedelta(days=5)  # error_after is 3 days
    outcome = validate(database, tmp_path, late_as_of, "stale")
    freshness = [
        r
        for r in outcome.results
        if r.column_name == "max_loaded_at" and r.expectation == "expect_column_max_to_be_between"
    ]
    assert {(r.severity, r.success) for r in freshness} == {("critical", False), ("warning", False)}
    assert outcome.exit_code == 1
    # The same warehouse validated as of its own data is fresh.
    fresh = validate(database, tmp_path, newest.date(), "fresh")
    assert all(r.success for r in fresh.results if r.column_name == "max_loaded_at"), [
        r for r in fresh.results if r.column_name == "max_loaded_at"
    ]


def test_cli_exits_non_zero_naming_table_and_expectation(built, tmp_path: Path) -> None:
    database = copy_warehouse(built, tmp_path)
    null_csat(database, built.as_of, registry_mostly(database, "csat") - 0.2)
    command = [
        str(Path(sys.executable).parent / "scorecard"),
        "validate",
        "--database",
        str(database),
        "--gx-root",
        str(tmp_path / "gx_cli"),
        "--as-of",
        built.as_of.isoformat(),
    ]
    result = subprocess.run(command, capture_output=True, text=True, env={**os.environ})
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    critical_lines = [line for line in result.stdout.splitlines() if line.startswith("CRITICAL")]
    assert len(critical_lines) == 1
    assert NOT_NULL in critical_lines[0] and METRICS in critical_lines[0]
    assert "metric_id = csat" in critical_lines[0]
    assert "Data quality gate FAILED" in result.stdout


def test_latest_dq_status_reaches_dbt(built, tmp_path: Path) -> None:
    """After a failing run, the next dbt build sees it: int_metric_data_quality marks CSAT as
    a critical failure (a metric whose data passed is not), the scorecards of the run's month
    and the month before that weight CSAT drop one confidence step, older months keep theirs."""
    workdir = tmp_path / "wh"
    database = copy_warehouse(built, tmp_path, "wh")
    null_csat(database, built.as_of, registry_mostly(database, "csat") - 0.2)
    validate(database, tmp_path, built.as_of, "for_dbt")
    # As if the run had been made on the as-of date (the data's "today").
    with duckdb.connect(str(database)) as con:
        con.execute(
            f"update {RESULTS} set validated_at = ?",
            [dt.datetime.combine(built.as_of, dt.time(12))],
        )
    scorecard_sql = (
        "select scorecard_id, month_start, confidence, data_quality_status"
        " from marts.fct_account_scorecards_monthly order by scorecard_id"
    )
    before = {r[0]: r for r in query(built.database, scorecard_sql)}
    run_dbt(
        ["build", "--select", "stg_dq__validation_results+", "--exclude", "resource_type:snapshot"],
        workdir,
        built.raw_root,
        built.as_of,
    )
    status = dict(
        query(database, "select metric_id, dq_status from intermediate.int_metric_data_quality")
    )
    assert status["csat"] == "critical_failure"
    assert status["active_users"] in {"passed", "warning"}
    assert set(status) == {
        r[0]
        for r in query(database, "select metric_id from config.scorecard_metrics where is_active")
    }
    # The run concerns its own month and the previous one.
    recent = dt.date(built.as_of.year, built.as_of.month, 1) - dt.timedelta(days=1)
    recent = dt.date(recent.year, recent.month, 1)
    weights_csat = {
        r[0]
        for r in query(
            database,
            "select account_id || '|' || cast(month_start as varchar)"
            " from intermediate.int_metric_scores_monthly where metric_id = 'csat'"
            " and metric_weight > 0",
        )
    }
    step_down = {"high": "medium", "medium": "low", "low": "low"}
    after = {r[0]: r for r in query(database, scorecard_sql)}
    assert after.keys() == before.keys()
    checked = 0
    for key, (_, month, confidence, dq_status) in after.items():
        if month >= recent and key in weights_csat:
            assert dq_status == "critical_failure", key
            assert confidence == step_down[before[key][2]], key
            checked += 1
        else:
            assert confidence == before[key][2], key
    assert checked > 0
