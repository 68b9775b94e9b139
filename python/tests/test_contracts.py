"""Contracts: every mart is a table with an enforced contract and a primary key, and breaking
a contract (a wrong type, a dropped column) fails `dbt build` for that mart.

The contract-violation cases run in a temporary copy of the project against a copy of the
test warehouse, so neither the project nor the shared test warehouse is changed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import Built
from helpers import REPO
from test_docs import copy_project, parse_project

DBT = str(Path(sys.executable).parent / "dbt")
MART = "dim_metrics"
MART_SQL = Path("models") / "marts" / "metrics" / "dim_metrics.sql"


@pytest.fixture(scope="module")
def marts(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    manifest = parse_project(REPO, tmp_path_factory.mktemp("contracts_parse"))
    nodes = [
        node
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model"
        and node["original_file_path"].startswith("models/marts/")
    ]
    assert len(nodes) >= 5, "the marts folder holds the scorecard, metric and finance marts"
    return nodes


def test_every_mart_enforces_its_contract(marts: list[dict[str, Any]]) -> None:
    unenforced = sorted(
        node["original_file_path"]
        for node in marts
        if not node["config"].get("contract", {}).get("enforced")
    )
    assert unenforced == [], f"marts without `contract: enforced: true`: {unenforced}"


def test_every_mart_is_a_table_with_typed_columns(marts: list[dict[str, Any]]) -> None:
    problems = []
    for node in marts:
        if node["config"]["materialized"] != "table":
            problems.append(f"{node['name']}: materialized {node['config']['materialized']}")
        untyped = [name for name, col in node["columns"].items() if not col.get("data_type")]
        if untyped:
            problems.append(f"{node['name']}: columns without data_type {untyped}")
    assert problems == [], "\n".join(problems)


def test_every_mart_has_a_primary_key_constraint(marts: list[dict[str, Any]]) -> None:
    """A primary key is declared as a constraint (on a column, or on the model for a
    composite key), so BI tools and other adapters see the grain."""
    missing = []
    for node in marts:
        model_level = any(c["type"] == "primary_key" for c in node.get("constraints", []))
        column_level = any(
            c["type"] == "primary_key"
            for column in node["columns"].values()
            for c in column.get("constraints", [])
        )
        if not (model_level or column_level):
            missing.append(node["original_file_path"])
    assert missing == [], f"marts without a primary_key constraint: {sorted(missing)}"


@pytest.fixture()
def project_copy(built: Built, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the project and of the built warehouse (the mart's parents are in it)."""
    project = copy_project(tmp_path / "project")
    database = tmp_path / "warehouse.duckdb"
    shutil.copy2(built.database, database)
    return project, database


def build_mart(project: Path, database: Path, built: Built) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SCORECARD_TEST_DUCKDB_PATH": str(database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    variables = {"raw_root": str(built.raw_root), "as_of_date": str(built.as_of)}
    command = [
        DBT,
        "build",
        "--select",
        MART,
        "--project-dir",
        str(project),
        "--profiles-dir",
        str(project),
        "--target",
        "test",
        "--target-path",
        str(project / "target"),
        "--log-path",
        str(project / "logs"),
        "--vars",
        yaml.safe_dump(variables, default_flow_style=True).strip(),
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, cwd=project)


def test_unchanged_mart_builds(project_copy: tuple[Path, Path], built: Built) -> None:
    """The control case: the copy builds, so a failure below is the mutation's doing."""
    project, database = project_copy
    result = build_mart(project, database, built)
    assert result.returncode == 0, result.stdout[-4000:]


@pytest.mark.parametrize(
    ("original", "replacement", "column"),
    [
        # a wrong type: carry_forward_days is an integer in the contract
        (
            "registry.carry_forward_days,",
            "cast(registry.carry_forward_days as varchar) as carry_forward_days,",
            "carry_forward_days",
        ),
        # a dropped column
        (
            "        'int_metric__' || registry.metric_id as calculation_model,\n",
            "",
            "calculation_model",
        ),
    ],
    ids=["wrong_type", "dropped_column"],
)
def test_breaking_the_contract_fails_the_build(
    project_copy: tuple[Path, Path], built: Built, original: str, replacement: str, column: str
) -> None:
    project, database = project_copy
    sql_path = project / MART_SQL
    sql = sql_path.read_text(encoding="utf-8")
    assert sql.count(original) == 1, f"{MART_SQL} changed: update this test's mutation"
    sql_path.write_text(sql.replace(original, replacement), encoding="utf-8")

    result = build_mart(project, database, built)
    output = result.stdout
    assert result.returncode != 0, output[-4000:]
    assert "enforced contract that failed" in output, output[-4000:]
    assert column in output
