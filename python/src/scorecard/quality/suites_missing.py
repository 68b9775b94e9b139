"""Missing-data suites: not-null rules on staging keys and metric coverage from the registry.

Metric coverage: for every active metric of the registry (config.scorecard_metrics), the
rows of active accounts in complete months of marts.fct_account_metrics_monthly must have a
metric_value for at least `expected_coverage` of them — the registry column is GX's `mostly`,
so the rule lives in one place. Coverage is critical: a metric reported for fewer accounts
than its owner promised misstates every score built on it.
"""

from __future__ import annotations

import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from .catalog import METRICS_NOT_NULL, METRICS_TABLE, REGISTRY_TABLE, STAGING_TABLES
from .settings import CRITICAL, MISSING_DATA
from .spec import SuiteSpec, ValidationInputs, annotate, as_float

METRICS_FRAME = "fct_account_metrics_monthly"


def staging_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    """Not null on the keys and required columns of every staging model (critical)."""
    suites = []
    for rules in STAGING_TABLES:
        if rules.name not in inputs.frames:
            continue
        expectations = [
            annotate(
                gxe.ExpectColumnValuesToNotBeNull,
                severity=CRITICAL,
                table_name=rules.table_name,
                column=column,
            )
            for column in rules.not_null
        ]
        suites.append(
            SuiteSpec(
                MISSING_DATA,
                rules.name,
                expectations,
                f"Keys and required columns of {rules.table_name} are never null.",
            )
        )
    return suites


def metric_coverage_suite(inputs: ValidationInputs) -> list[SuiteSpec]:
    """Mart keys not null, and per active metric non-null share >= registry expected_coverage."""
    if METRICS_FRAME not in inputs.frames:
        return []
    expectations = [
        annotate(
            gxe.ExpectColumnValuesToNotBeNull,
            severity=CRITICAL,
            table_name=METRICS_TABLE,
            column=column,
        )
        for column in METRICS_NOT_NULL
    ]
    registry = inputs.registry
    if registry is not None:
        active = registry[registry["is_active"].fillna(False).astype(bool)]
        for row in active.itertuples(index=False):
            coverage = as_float(row.expected_coverage)
            if coverage is None:
                inputs.skipped.append(
                    f"coverage of {row.metric_id}: no expected_coverage in {REGISTRY_TABLE}"
                )
                continue
            expectations.append(
                annotate(
                    gxe.ExpectColumnValuesToNotBeNull,
                    severity=CRITICAL,
                    table_name=METRICS_TABLE,
                    scope=f"metric_id = {row.metric_id}, is_active, complete months",
                    basis=f"mostly = expected_coverage of {row.metric_id} in {REGISTRY_TABLE}",
                    column="metric_value",
                    mostly=min(max(coverage, 0.0), 1.0),
                    row_condition=(Column("metric_id") == str(row.metric_id))
                    & (Column("is_active") == True)  # noqa: E712 (a GX condition, not a test)
                    & (Column("is_complete_month") == True),  # noqa: E712
                )
            )
    return [
        SuiteSpec(
            MISSING_DATA,
            METRICS_FRAME,
            expectations,
            "Mart keys are never null; each metric meets its registry coverage.",
        )
    ]


def build_suites(inputs: ValidationInputs) -> list[SuiteSpec]:
    return staging_suites(inputs) + metric_coverage_suite(inputs)
