"""Adding a metric is one registry row, one calculator, its docs and its unit test: these
tests fail, naming the metric, when any of those pieces is missing or left out of the union
in int_account_metric_values (dbt needs its calculator list written out)."""

from __future__ import annotations

import csv
import re

import yaml
from helpers import REPO

METRICS_DIR = REPO / "models" / "intermediate" / "metrics"


def registry() -> dict[str, dict[str, str]]:
    with (REPO / "seeds" / "scorecard_metrics.csv").open(newline="", encoding="utf-8") as f:
        return {row["metric_id"]: row for row in csv.DictReader(f)}


def active_metrics() -> set[str]:
    return {m for m, row in registry().items() if row["is_active"] == "true"}


def calculator_files() -> set[str]:
    return {p.stem.removeprefix("int_metric__") for p in METRICS_DIR.glob("int_metric__*.sql")}


def listed_calculators() -> list[str]:
    text = (METRICS_DIR / "int_account_metric_values.sql").read_text()
    block = re.search(r"set metric_calculators = \[(.*?)\]", text, re.S)
    assert block, "metric_calculators list not found in int_account_metric_values.sql"
    return re.findall(r"'int_metric__(\w+)'", block.group(1))


def unit_tested_models() -> set[str]:
    models: set[str] = set()
    for path in REPO.joinpath("models").rglob("*.yml"):
        for test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests", []) or []:
            models.add(test["model"])
    return models


def test_every_active_metric_has_a_calculator() -> None:
    assert sorted(active_metrics() - calculator_files()) == []


def test_every_calculator_has_a_registry_row() -> None:
    assert sorted(calculator_files() - set(registry())) == []


def test_every_calculator_is_listed_once_in_the_union() -> None:
    listed = listed_calculators()
    assert len(listed) == len(set(listed)), "a calculator is listed twice"
    assert sorted(calculator_files() - set(listed)) == [], "calculators missing from the list"
    assert sorted(set(listed) - calculator_files()) == [], "listed calculators with no model"


def test_every_calculator_has_a_unit_test() -> None:
    tested = unit_tested_models()
    assert sorted(m for m in calculator_files() if f"int_metric__{m}" not in tested) == []


def test_every_active_metric_has_a_default_target() -> None:
    with (REPO / "seeds" / "scorecard_targets.csv").open(newline="", encoding="utf-8") as f:
        defaults = {row["metric_id"] for row in csv.DictReader(f) if row["segment"] == "*"}
    assert sorted(active_metrics() - defaults) == []


def test_registry_rules_are_complete() -> None:
    """A carry-forward rule has its limit; only carry-forward rules have one."""
    for metric_id, row in registry().items():
        has_limit = row["carry_forward_days"] != ""
        assert has_limit == (row["missing_data_rule"] == "carry_forward"), metric_id
        if row["anomaly_detection"] == "true":
            assert row["anomaly_min_spread"] != "", metric_id
