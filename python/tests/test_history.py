"""Immutable history: the as-reported snapshot keeps what was first reported.

The session's `built` warehouse (a full `dbt build`, snapshots included) is copied with its
raw folder into a throwaway folder. One impact measurement of a past, closed month is then
corrected in the raw copy (the customer restates hours saved 30% higher) and the scorecard
is rebuilt: the snapshot must keep the first-reported version unchanged, add the restated
one, and fct_scorecard_history must report the restatement. A third build with no change
must add no snapshot row. Expectations come from the marts read before and after each
build, never from the history mart itself.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import Built
from helpers import query, run_dbt

#: The snapshot's check columns (snapshots/_snapshots.yml): a change in any is a restatement.
CHECK_COLUMNS = (
    "overall_score",
    "overall_band",
    "business_impact_score",
    "adoption_score",
    "value_delivered_score",
    "rubric_version",
    "confidence",
)
#: What the rebuilds need: everything upstream of the history mart, the snapshot included.
SELECT = ["build", "--select", "+fct_scorecard_history"]
#: The correction applied to the chosen hours-saved measurements.
CORRECTION_FACTOR = 1.3


@dataclass(frozen=True)
class Restatement:
    """The throwaway warehouse, and the state of the scorecard around the correction."""

    workdir: Path
    raw_root: Path
    as_of: dt.date
    target_id: str
    before: dict[str, tuple[Any, ...]]
    after: dict[str, tuple[Any, ...]]
    snapshot_before: list[tuple[Any, ...]]
    snapshot_after: list[tuple[Any, ...]]
    rebuilt_from: dt.datetime
    rebuilt_to: dt.datetime

    @property
    def database(self) -> Path:
        return self.workdir / "warehouse.duckdb"


def reported_scorecards(database: Path) -> dict[str, tuple[Any, ...]]:
    """The check columns of every closed-month scorecard row, by scorecard_id."""
    rows = query(
        database,
        f"select scorecard_id, {', '.join(CHECK_COLUMNS)} "
        "from marts.fct_account_scorecards_monthly where not is_partial_month",
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def snapshot_rows(database: Path) -> list[tuple[Any, ...]]:
    """Every snapshot row: key, validity and the check columns, in a stable order."""
    return query(
        database,
        f"select scorecard_id, dbt_valid_from, dbt_valid_to, {', '.join(CHECK_COLUMNS)} "
        "from snapshots.snap_account_scorecards order by scorecard_id, dbt_valid_from",
    )


def months_before(month_start: dt.date, months: int) -> dt.date:
    """The first day of the month `months` calendar months before `month_start`."""
    index = month_start.year * 12 + month_start.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def choose_target(database: Path, as_of: dt.date) -> tuple[str, str, dt.date]:
    """An account-month whose hours_saved is scored strictly between floor and target (so a
    higher value must raise it), not overridden nor held out, in a closed month at least two
    months before the as-of date, with a computed (not overridden) overall score."""
    rows = query(
        database,
        """
        select metric_scores.account_id, metric_scores.month_start
        from intermediate.int_metric_scores_monthly as metric_scores
        inner join marts.fct_account_scorecards_monthly as scorecards
            on metric_scores.account_id = scorecards.account_id
            and metric_scores.month_start = scorecards.month_start
        where metric_scores.metric_id = 'hours_saved'
            and metric_scores.computed_score between 5 and 75
            and not metric_scores.is_overridden
            and not metric_scores.is_held_out
            and metric_scores.metric_weight > 0
            and scorecards.business_impact_score is not null
            and scorecards.overall_score is not null
            and not scorecards.is_overridden
            and not scorecards.is_partial_month
            and scorecards.month_start <= ?
        order by metric_scores.month_start, metric_scores.account_id
        limit 1
        """,
        [months_before(as_of.replace(day=1), 2)],
    )
    assert rows, "no scored hours_saved account-month to restate in the generated data"
    account_id, month_start = rows[0]
    return f"{account_id}|{month_start.isoformat()}", account_id, month_start


def correct_hours_saved(raw_root: Path, account_id: str, month_start: dt.date) -> int:
    """Raise the account's hours_saved measurements of the month by CORRECTION_FACTOR in the
    raw CSV (every other field and row kept as written); returns how many rows changed."""
    path = raw_root / "finance" / "impact_measurements.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    mask = (
        (frame["account_id"] == account_id)
        & (frame["impact_metric_key"] == "hours_saved")
        & (frame["period_month"] == month_start.isoformat())
    )
    frame.loc[mask, "value"] = (
        (pd.to_numeric(frame.loc[mask, "value"]) * CORRECTION_FACTOR).round(4).astype(str)
    )
    frame.to_csv(path, index=False)
    return int(mask.sum())


@pytest.fixture(scope="module")
def restatement(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Restatement:
    """Copy the built warehouse and raw data, correct one past measurement, rebuild."""
    root = tmp_path_factory.mktemp("history")
    raw_root = root / "raw"
    shutil.copytree(built.raw_root, raw_root)
    workdir = root / "warehouse"
    workdir.mkdir()
    shutil.copy2(built.database, workdir / "warehouse.duckdb")
    database = workdir / "warehouse.duckdb"

    target_id, account_id, month_start = choose_target(database, built.as_of)
    before = reported_scorecards(database)
    snapshot_before = snapshot_rows(database)
    assert correct_hours_saved(raw_root, account_id, month_start) >= 1

    rebuilt_from = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    run_dbt(SELECT, workdir, raw_root, built.as_of)
    rebuilt_to = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return Restatement(
        workdir=workdir,
        raw_root=raw_root,
        as_of=built.as_of,
        target_id=target_id,
        before=before,
        after=reported_scorecards(database),
        snapshot_before=snapshot_before,
        snapshot_after=snapshot_rows(database),
        rebuilt_from=rebuilt_from,
        rebuilt_to=rebuilt_to,
    )


def test_first_build_snapshots_each_closed_month_once(restatement: Restatement) -> None:
    keys = [row[0] for row in restatement.snapshot_before]
    assert len(keys) == len(set(keys)), "a first build must give one version per scorecard"
    assert set(keys) == set(restatement.before), "snapshot = the closed-month scorecard rows"
    assert all(row[2] is None for row in restatement.snapshot_before)


def test_the_correction_restates_the_target_month_upward(restatement: Restatement) -> None:
    old, new = restatement.before[restatement.target_id], restatement.after[restatement.target_id]
    # hours_saved is higher is better, scored strictly between floor and target before the
    # correction: 30% more hours raise its score, its level's and the overall score.
    assert new[0] > old[0], (old, new)
    assert new[2] > old[2], (old, new)


def test_snapshot_keeps_first_reported_and_adds_restated(restatement: Restatement) -> None:
    changed = {
        key
        for key, values in restatement.after.items()
        if key in restatement.before and restatement.before[key] != values
    }
    assert restatement.target_id in changed
    # every restated scorecard gains exactly one version; nothing else is touched
    assert len(restatement.snapshot_after) == len(restatement.snapshot_before) + len(changed)
    first_versions = {row[0]: row for row in restatement.snapshot_before}
    by_key: dict[str, list[tuple[Any, ...]]] = {}
    for row in restatement.snapshot_after:
        by_key.setdefault(row[0], []).append(row)
    for key, versions in by_key.items():
        first = first_versions[key]
        # the first-reported version keeps its values and its valid-from
        assert versions[0][0:2] == first[0:2] and versions[0][3:] == first[3:]
        if key in changed:
            assert len(versions) == 2
            assert versions[0][2] == versions[1][1], "closed when the restatement starts"
            assert versions[1][2] is None
            assert versions[1][3:] == restatement.after[key]
            assert restatement.rebuilt_from <= versions[1][1] <= restatement.rebuilt_to
        else:
            assert versions == [first]


def test_history_mart_reports_the_restatement(restatement: Restatement) -> None:
    rows = query(
        restatement.database,
        "select scorecard_id, first_reported_score, latest_score, is_restated, restated_at, "
        "first_reported_at, versions, restatement_change from marts.fct_scorecard_history",
    )
    history = {row[0]: row[1:] for row in rows}
    first, latest, is_restated, restated_at, first_at, versions, change = history[
        restatement.target_id
    ]
    old, new = restatement.before[restatement.target_id], restatement.after[restatement.target_id]
    assert (first, latest) == (old[0], new[0])
    assert is_restated and versions == 2
    assert change == pytest.approx(new[0] - old[0])
    assert restated_at > first_at
    assert restatement.rebuilt_from <= restated_at <= restatement.rebuilt_to
    changed = {k for k, v in restatement.after.items() if restatement.before.get(k) != v}
    assert {k for k, row in history.items() if row[2]} == changed
    unchanged = set(history) - changed
    assert all(history[k][0] == history[k][1] and not history[k][2] for k in unchanged)


def test_rebuilding_without_change_adds_no_snapshot_row(restatement: Restatement) -> None:
    history_before = query(
        restatement.database, "select * from marts.fct_scorecard_history order by scorecard_id"
    )
    run_dbt(SELECT, restatement.workdir, restatement.raw_root, restatement.as_of)
    assert snapshot_rows(restatement.database) == restatement.snapshot_after
    history_after = query(
        restatement.database, "select * from marts.fct_scorecard_history order by scorecard_id"
    )
    assert history_after == history_before
