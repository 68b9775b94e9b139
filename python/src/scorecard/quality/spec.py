"""The shapes passed between the loader, the suite builders and the runner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import great_expectations.expectations as gxe
import pandas as pd

from .settings import FAMILIES, SEVERITIES, QualitySettings


@dataclass
class Frame:
    """One pandas frame validated by GX: a staging table, the mart, or an aggregate."""

    #: GX data asset name (and checkpoint name); unique per run.
    key: str
    #: The warehouse table the frame comes from, as `schema.table`.
    table_name: str
    data: pd.DataFrame
    #: Columns that identify a row; GX reports them for unexpected rows.
    index_columns: list[str] = field(default_factory=list)
    #: How the frame was derived, when it is not the table itself.
    derivation: str = ""


@dataclass
class SuiteSpec:
    """One GX expectation suite: a family of rules applied to one frame."""

    family: str
    frame_key: str
    expectations: list[gxe.Expectation]
    description: str = ""

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(f"unknown suite family {self.family!r}; one of {FAMILIES}")

    @property
    def name(self) -> str:
        return f"{self.family}.{self.frame_key}"


@dataclass
class FreshnessPolicy:
    """Freshness limits of the product event feed (dbt source `product.events`)."""

    warn_after: dt.timedelta
    error_after: dt.timedelta
    origin: str


@dataclass
class ValidationInputs:
    """Everything the suite builders need, read from the warehouse in one read-only session."""

    as_of: dt.date
    #: Reference instant of freshness: the end of the as-of day, or now if that is earlier.
    reference_time: dt.datetime
    settings: QualitySettings
    frames: dict[str, Frame]
    #: The metric registry (config.scorecard_metrics): metric_id, metric_name, unit,
    #: expected_coverage, is_active.
    registry: pd.DataFrame | None
    #: Allowed values read from seeds: `schema.table.column` -> values.
    seed_values: dict[str, list[str]]
    #: Row count of each staging table at the previous run (dq.dq_validation_results).
    previous_row_counts: dict[str, int]
    freshness: FreshnessPolicy
    #: Tables the gate needs that the warehouse does not have.
    missing_tables: list[str] = field(default_factory=list)
    #: Checks that could not be built (e.g. too little history), with the reason.
    skipped: list[str] = field(default_factory=list)

    @property
    def latest_complete_day(self) -> dt.date:
        """The as-of day is still in progress; the day before is the last complete one."""
        return self.as_of - dt.timedelta(days=1)

    @property
    def latest_complete_month(self) -> dt.date:
        """The month before the as-of month (the as-of month is still in progress)."""
        first = self.as_of.replace(day=1)
        return (first - dt.timedelta(days=1)).replace(day=1)


def annotate(
    expectation_cls: type[gxe.Expectation],
    *,
    severity: str,
    table_name: str,
    scope: str = "",
    basis: str = "",
    **kwargs: Any,
) -> gxe.Expectation:
    """An expectation with the gate's meta: severity, source table, row scope, threshold basis.

    `scope` says which rows are validated (e.g. ``metric_id = nps, is_active``); `basis` says
    where a learned threshold came from. Both go to the printed summary, Data Docs and the
    results table.
    """
    if severity not in SEVERITIES:
        raise ValueError(f"severity must be one of {SEVERITIES}, not {severity!r}")
    meta = {"severity": severity, "table_name": table_name}
    if scope:
        meta["scope"] = scope
    if basis:
        meta["basis"] = basis
    return expectation_cls(meta=meta, **kwargs)


def as_float(value: Any) -> float | None:
    """A plain float (GX stores thresholds as JSON; numpy scalars are not welcome)."""
    if value is None or pd.isna(value):
        return None
    return float(value)
