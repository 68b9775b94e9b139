"""What the gate validates: the tables, their keys, required columns, value sets and ranges.

One entry per staging model (schema ``staging``; product events are never loaded, see
``EXCLUDED_STAGING``), plus the metric mart. The enum values mirror the dbt models'
``accepted_values`` tests (python/tests/test_quality.py checks that they agree); value sets
that live in a seed (plans, theme codes, metric ids) are read from the seed at run time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .settings import CRITICAL, WARNING

STAGING_SCHEMA = "staging"
USAGE_TABLE = "intermediate.int_usage_aggregated_daily"
METRICS_TABLE = "marts.fct_account_metrics_monthly"
REGISTRY_TABLE = "config.scorecard_metrics"
RESULTS_TABLE = "dq.dq_validation_results"

#: Staging models never loaded: they are views over the (large) product event feed.
EXCLUDED_STAGING = ("stg_product__events", "stg_product__event_loads")


@dataclass(frozen=True)
class Range:
    """Allowed interval of a column (None = unbounded side), optionally on a subset of rows."""

    column: str
    min_value: float | None
    max_value: float | None
    severity: str = CRITICAL
    #: Only rows where ``where[0] == where[1]`` (e.g. survey_type == 'nps').
    where: tuple[str, str] | None = None


@dataclass(frozen=True)
class TableRules:
    """Rules of one staging model."""

    name: str
    #: The grain: one column -> values unique; several -> combination unique.
    keys: tuple[str, ...]
    #: Columns that must never be null (keys and the columns staging requires).
    not_null: tuple[str, ...]
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: column -> (seed table, seed column) whose values are the allowed set.
    seed_sets: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    ranges: tuple[Range, ...] = ()

    @property
    def table_name(self) -> str:
        return f"{STAGING_SCHEMA}.{self.name}"

    @property
    def columns(self) -> list[str]:
        """Every column a rule reads (the only columns loaded)."""
        wanted = [*self.keys, *self.not_null, *self.enums, *self.seed_sets]
        for rule in self.ranges:
            wanted.append(rule.column)
            if rule.where:
                wanted.append(rule.where[0])
        return list(dict.fromkeys(wanted))


_IMPACT_KEYS = (
    "cost_per_transaction_usd",
    "hours_saved",
    "revenue_influenced_usd",
    "transactions_processed",
)
_CUSTOMER_TYPES = ("smb", "mid_market", "enterprise")
_DEPLOYMENT_SCALES = ("team", "department", "enterprise_wide")

STAGING_TABLES: tuple[TableRules, ...] = (
    TableRules(
        name="stg_crm__accounts",
        keys=("account_id",),
        not_null=("account_id", "customer_type", "deployment_scale", "updated_at"),
        enums={"customer_type": _CUSTOMER_TYPES, "deployment_scale": _DEPLOYMENT_SCALES},
    ),
    TableRules(
        name="stg_crm__account_versions",
        keys=("account_id", "valid_from"),
        not_null=("account_id", "valid_from", "customer_type", "deployment_scale"),
        enums={"customer_type": _CUSTOMER_TYPES, "deployment_scale": _DEPLOYMENT_SCALES},
    ),
    TableRules(
        name="stg_crm__success_plans",
        keys=("success_plan_id",),
        not_null=("success_plan_id", "account_id", "impact_metric_key", "status", "updated_at"),
        enums={
            "impact_metric_key": _IMPACT_KEYS,
            "status": ("active", "achieved", "abandoned"),
        },
        ranges=(
            Range("baseline_value", 0, None),
            Range("target_value", 0, None),
        ),
    ),
    TableRules(
        name="stg_crm__opportunities",
        keys=("opportunity_id",),
        not_null=(
            "opportunity_id",
            "account_id",
            "opportunity_type",
            "close_date",
            "is_closed",
            "updated_at",
        ),
        enums={"opportunity_type": ("new", "renewal", "expansion")},
        ranges=(Range("amount", 0, None),),
    ),
    TableRules(
        name="stg_crm__touchpoints",
        keys=("touchpoint_id",),
        not_null=(
            "touchpoint_id",
            "account_id",
            "touchpoint_type",
            "occurred_at",
            "theme_code",
            "sentiment",
        ),
        enums={
            "touchpoint_type": (
                "interview",
                "business_review",
                "health_check",
                "support_escalation",
            )
        },
        seed_sets={"theme_code": ("config.theme_codebook", "theme_code")},
        ranges=(Range("sentiment", -2, 2),),
    ),
    TableRules(
        name="stg_finance__subscriptions",
        keys=("subscription_id",),
        not_null=(
            "subscription_id",
            "account_id",
            "plan_key",
            "seats",
            "mrr_amount",
            "currency",
            "start_date",
            "updated_at",
        ),
        seed_sets={"plan_key": ("config.plans", "plan_key")},
        ranges=(Range("mrr_amount", 0, None), Range("seats", 0, None)),
    ),
    TableRules(
        name="stg_finance__impact_measurements",
        keys=("measurement_id",),
        not_null=(
            "measurement_id",
            "account_id",
            "impact_metric_key",
            "period_month",
            "value",
            "source_type",
        ),
        enums={
            "impact_metric_key": _IMPACT_KEYS,
            "source_type": ("telemetry", "customer_reported", "finance_verified"),
        },
        ranges=(Range("value", 0, None),),
    ),
    TableRules(
        name="stg_product__users",
        keys=("user_id",),
        not_null=("user_id", "account_id", "created_at"),
    ),
    TableRules(
        name="stg_product__milestones",
        keys=("account_id", "milestone_key"),
        not_null=("account_id", "milestone_key", "achieved_at"),
        enums={"milestone_key": ("kickoff", "integration_live", "first_value", "full_rollout")},
    ),
    TableRules(
        name="stg_programs__interventions",
        keys=("intervention_id",),
        not_null=("intervention_id", "metric_id", "start_date"),
        seed_sets={"metric_id": ("config.scorecard_metrics", "metric_id")},
    ),
    TableRules(
        name="stg_programs__intervention_assignments",
        keys=("intervention_id", "account_id"),
        not_null=("intervention_id", "account_id", "arm", "assigned_at"),
        enums={"arm": ("treatment", "control")},
    ),
    TableRules(
        name="stg_programs__decisions",
        keys=("decision_id",),
        not_null=("decision_id", "review_date", "forum", "owner", "due_date", "status"),
        enums={"status": ("open", "done", "dropped")},
    ),
    TableRules(
        name="stg_voice__survey_responses",
        keys=("response_id",),
        not_null=("response_id", "account_id", "survey_type", "score", "responded_at"),
        enums={"survey_type": ("nps", "csat")},
        ranges=(
            Range("score", 0, 10, where=("survey_type", "nps")),
            Range("score", 1, 5, where=("survey_type", "csat")),
        ),
    ),
)

#: Key columns of the metric mart (not null) and its grain (unique).
METRICS_KEYS = ("account_id", "month_start", "metric_id")
METRICS_NOT_NULL = ("metric_row_id", *METRICS_KEYS)

#: Allowed interval of metric_value per metric_id (rows of active accounts). The first three
#: are the issue's validity rules (critical); the shares and ratios bounded by construction
#: follow, as warnings until their calculators have a release of history behind them.
METRIC_RANGES: Mapping[str, tuple[float | None, float | None, str]] = {
    "license_utilization": (0.0, 1.5, CRITICAL),
    "nps": (-100.0, 100.0, CRITICAL),
    "csat": (1.0, 5.0, CRITICAL),
    "stickiness": (0.0, 1.0, WARNING),
    "feature_breadth": (0.0, 1.0, WARNING),
    "onboarding_completion": (0.0, 1.0, WARNING),
    "verified_impact_share": (0.0, 1.0, WARNING),
    "strategic_alignment": (0.0, 1.0, WARNING),
}
#: Registry units whose values cannot be negative (a negative count is a broken calculator).
NON_NEGATIVE_UNITS = ("count", "days")
