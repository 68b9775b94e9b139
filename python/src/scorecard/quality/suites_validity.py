"""Validity suites: uniqueness of keys, value sets (enums) and ranges.

All staging rules are critical: a duplicate key, an unknown enum or a negative amount means a
staging rule failed to reject a row and every model downstream counts it. Metric ranges are
critical for the bounds the scorecard relies on (license utilization 0-1.5, NPS -100..100,
CSAT 1-5, counts and days >= 0) and warnings for the other bounded shares and ratios.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from .catalog import (
    METRIC_RANGES,
    METRICS_KEYS,
    METRICS_TABLE,
    NON_NEGATIVE_UNITS,
    STAGING_TABLES,
    Range,
    TableRules,
)
from .settings import CRITICAL, VALIDITY
from .spec import SuiteSpec, ValidationInputs, annotate

METRICS_FRAME = "fct_account_metrics_monthly"


def _uniqueness(table_name: str, keys: tuple[str, ...]) -> gxe.Expectation:
    if len(keys) == 1:
        return annotate(
            gxe.ExpectColumnValuesToBeUnique,
            severity=CRITICAL,
            table_name=table_name,
            column=keys[0],
        )
    return annotate(
        gxe.ExpectCompoundColumnsToBeUnique,
        severity=CRITICAL,
        table_name=table_name,
        column_list=list(keys),
    )


def _range(table_name: str, rule: Range) -> gxe.Expectation:
    kwargs = {}
    scope = ""
    if rule.where:
        column, value = rule.where
        kwargs["row_condition"] = Column(column) == value
        scope = f"{column} = {value}"
    return annotate(
        gxe.ExpectColumnValuesToBeBetween,
        severity=rule.severity,
        table_name=table_name,
        scope=scope,
        column=rule.column,
        min_value=rule.min_value,
        max_value=rule.max_value,
        **kwargs,
    )


def staging_suite(inputs: ValidationInputs, rules: TableRules) -> SuiteSpec:
    table = rules.table_name
    expectations = [_uniqueness(table, rules.keys)]
    for column, values in rules.enums.items():
        expectations.append(
            annotate(
                gxe.ExpectColumnValuesToBeInSet,
                severity=CRITICAL,
                table_name=table,
                column=column,
                value_set=list(values),
            )
        )
    for column, (seed, seed_column) in rules.seed_sets.items():
        values = inputs.seed_values.get(f"{seed}.{seed_column}")
        if values is None:
            inputs.skipped.append(f"value set of {table}.{column}: seed {seed} not in warehouse")
            continue
        expectations.append(
            annotate(
                gxe.ExpectColumnValuesToBeInSet,
                severity=CRITICAL,
                table_name=table,
                basis=f"values of {seed}.{seed_column}",
                column=column,
                value_set=values,
            )
        )
    expectations.extend(_range(table, rule) for rule in rules.ranges)
    return SuiteSpec(
        VALIDITY, rules.name, expectations, f"Keys unique, enums and ranges valid in {table}."
    )


def metrics_suite(inputs: ValidationInputs) -> SuiteSpec:
    """Grain of the mart unique; metric_value within each metric's allowed interval."""
    expectations = [
        _uniqueness(METRICS_TABLE, ("metric_row_id",)),
        _uniqueness(METRICS_TABLE, METRICS_KEYS),
    ]
    ranges = dict(METRIC_RANGES)
    registry = inputs.registry
    if registry is not None:
        for metric_id, unit in zip(registry["metric_id"], registry["unit"], strict=True):
            if unit in NON_NEGATIVE_UNITS and metric_id not in ranges:
                ranges[metric_id] = (0.0, None, CRITICAL)
    for metric_id, (low, high, severity) in sorted(ranges.items()):
        expectations.append(
            annotate(
                gxe.ExpectColumnValuesToBeBetween,
                severity=severity,
                table_name=METRICS_TABLE,
                scope=f"metric_id = {metric_id}, is_active",
                column="metric_value",
                min_value=low,
                max_value=high,
                row_condition=(Column("metric_id") == metric_id) & (Column("is_active") == True),  # noqa: E712 (a GX condition)
            )
        )
    return SuiteSpec(
        VALIDITY, METRICS_FRAME, expectations, "Mart grain unique; metric values in range."
    )


def build_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    suites = [
        staging_suite(inputs, rules) for rules in STAGING_TABLES if rules.name in inputs.frames
    ]
    if METRICS_FRAME in inputs.frames:
        suites.append(metrics_suite(inputs))
    return suites
