"""The Great Expectations data-quality gate of the warehouse (DESIGN.md section 7).

Suites are defined in Python, one module per family — :mod:`.suites_missing` (not-null with
`mostly` from the metric registry), :mod:`.suites_validity` (keys, value sets, ranges),
:mod:`.suites_volume` (daily and per-account event volume, freshness, row counts) and
:mod:`.suites_distribution` (per-metric mean and quartiles) — and run by
:func:`run_validation` through GX checkpoints on pandas frames loaded read-only from DuckDB
(GX's SQL datasource cannot read DuckDB). Every run appends to ``dq.dq_validation_results``
and rebuilds the GX Data Docs.
"""

from .results import ExpectationResult
from .runner import ValidationOutcome, WarehouseError, bench_validation, run_validation
from .settings import CRITICAL, WARNING, QualitySettings

__all__ = [
    "CRITICAL",
    "WARNING",
    "ExpectationResult",
    "QualitySettings",
    "ValidationOutcome",
    "WarehouseError",
    "bench_validation",
    "run_validation",
]
