"""The semantic layer: `mf validate-configs` and `mf query` on a throwaway built warehouse, with
the query's result checked against the marts computed independently in SQL.

MetricFlow reads `<project>/target/semantic_manifest.json` and the dbt profile; so that the
user's target/ and warehouse are never touched, the test runs `mf` in a shadow project folder
(links to the project's sources, its own target/ holding the built semantic manifest) against a
copy of the test warehouse.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import Built
from helpers import REPO, query_df

MF = str(Path(sys.executable).parent / "mf")
LINKED = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "snapshots", "tests"]


@pytest.fixture(scope="module")
def mf_project(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shadow project: links to the sources, its own target/ with the semantic manifest that
    `dbt build` wrote, and a copy of the built warehouse."""
    root = tmp_path_factory.mktemp("mf_project")
    for entry in LINKED:
        (root / entry).symlink_to(REPO / entry)
    (root / "target").mkdir()
    shutil.copy2(built.workdir / "target" / "semantic_manifest.json", root / "target")
    shutil.copy2(built.database, root / "warehouse.duckdb")
    return root


def run_mf(project: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SCORECARD_TARGET": "test",
        "SCORECARD_TEST_DUCKDB_PATH": str(project / "warehouse.duckdb"),
        "DBT_PROFILES_DIR": str(project),
        "DBT_PROJECT_DIR": str(project),
        "DBT_LOG_PATH": str(project / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    result = subprocess.run([MF, *args], env=env, capture_output=True, text=True, cwd=project)
    assert result.returncode == 0, f"mf {' '.join(args)} failed:\n{result.stdout[-4000:]}"
    return result


def read_mf_csv(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path)
    frame["month_start"] = pd.to_datetime(frame.pop("metric_time__month"))
    return frame


def month_keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """The mart's month_start as the same datetime type as MetricFlow's metric_time."""
    frame["month_start"] = pd.to_datetime(frame["month_start"])
    return frame


def assert_same(sql: pd.Series, semantic: pd.Series, label: str) -> None:
    """Equal to 1e-9, or both null (a ratio with an empty denominator)."""
    sql, semantic = sql.astype(float), semantic.astype(float)
    same = (sql.isna() & semantic.isna()) | ((sql - semantic).abs() < 1e-9)
    assert same.all(), f"{label}: {int((~same).sum())} rows differ"


def test_mf_validate_configs_against_the_warehouse(mf_project: Path) -> None:
    """Semantic validation and the data-warehouse validations (every semantic model,
    dimension, entity, measure and metric queried) pass."""
    result = run_mf(mf_project, ["validate-configs"])
    assert "ERRORS: 0" in result.stdout
    assert "Successfully validated metrics against data warehouse" in result.stdout


def test_mf_query_scores_by_customer_type_equal_the_mart(mf_project: Path, built: Built) -> None:
    out = mf_project / "scores.csv"
    run_mf(
        mf_project,
        [
            "query",
            "--metrics",
            "overall_score,adoption_score,active_accounts,share_green",
            "--group-by",
            "metric_time__month,scorecard__customer_type",
            "--csv",
            str(out),
        ],
    )
    semantic = read_mf_csv(out).rename(columns={"scorecard__customer_type": "customer_type"})
    # Independent: the definitions written directly against the mart.
    expected = month_keyed(
        query_df(
            built.database,
            """
        select
            month_start,
            customer_type,
            avg(overall_score) as overall_score,
            avg(adoption_score) as adoption_score,
            count(distinct account_id) as active_accounts,
            count(*) filter (where overall_band = 'green')
                / nullif(count(overall_score), 0) as share_green
        from marts.fct_account_scorecards_monthly
        group by 1, 2
        """,
        )
    )
    assert len(expected) > 0
    keys = ["month_start", "customer_type"]
    merged = expected.merge(
        semantic, on=keys, how="outer", suffixes=("_sql", "_mf"), indicator=True
    )
    assert (merged["_merge"] == "both").all(), merged[merged["_merge"] != "both"][keys]
    for metric in ["overall_score", "adoption_score", "active_accounts", "share_green"]:
        assert_same(merged[f"{metric}_sql"], merged[f"{metric}_mf"], metric)


def test_mf_query_retention_by_customer_type_equals_the_mart(
    mf_project: Path, built: Built
) -> None:
    """NRR and GRR through the semantic layer (Σ numerator / Σ denominator, filtered to one
    segment dimension) equal the mart's own ratio columns."""
    out = mf_project / "retention.csv"
    run_mf(
        mf_project,
        [
            "query",
            "--metrics",
            "net_revenue_retention,gross_revenue_retention",
            "--group-by",
            "metric_time__month,segment_month__segment_value",
            "--where",
            "{{ Dimension('segment_month__segment_dimension') }} = 'customer_type'",
            "--csv",
            str(out),
        ],
    )
    semantic = read_mf_csv(out).rename(columns={"segment_month__segment_value": "segment_value"})
    expected = month_keyed(
        query_df(
            built.database,
            """
        select month_start, segment_value, net_revenue_retention, gross_revenue_retention
        from marts.fct_segment_retention_monthly
        where segment_dimension = 'customer_type' and cohort_accounts > 0
        """,
        )
    )
    assert len(expected) > 0
    merged = expected.merge(
        semantic, on=["month_start", "segment_value"], how="left", suffixes=("_sql", "_mf")
    )
    assert merged["net_revenue_retention_sql"].notna().all()
    for metric in ["net_revenue_retention", "gross_revenue_retention"]:
        assert_same(merged[f"{metric}_sql"], merged[f"{metric}_mf"], metric)
