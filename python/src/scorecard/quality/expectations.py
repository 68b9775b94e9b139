"""A custom expectation working around a GX 1.24 defect.

``ExpectColumnQuantileValuesToBeBetween`` returns its per-quantile ``success_details`` (and
its overall success) as numpy booleans; the validation results store then fails to serialise
the result (``TypeError: Object of type bool is not JSON serializable``) and the whole
checkpoint raises. The defect is in GX, not pandas: it reproduces with pandas 2.3.3 as with
3.1.1 (numpy 2.4). This subclass runs the same check and returns plain Python values.

Its expectation type is ``expect_column_quantile_values_to_be_between_json_safe``; importing
this module registers it (the runner does), which any code reading the stored suites needs.
"""

from __future__ import annotations

from typing import Any

import great_expectations.expectations as gxe


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


class ExpectColumnQuantileValuesToBeBetweenJsonSafe(gxe.ExpectColumnQuantileValuesToBeBetween):
    """Expect the column's quantiles to lie within given ranges (JSON-safe result)."""

    def _validate(
        self,
        metrics: dict,
        runtime_configuration: dict | None = None,
        execution_engine: Any = None,
    ) -> dict:
        outcome = super()._validate(metrics, runtime_configuration, execution_engine)
        outcome["success"] = bool(outcome["success"])
        result = outcome["result"]
        details = result.get("details", {})
        details["success_details"] = [bool(x) for x in details.get("success_details", [])]
        observed = result.get("observed_value", {})
        observed["values"] = [_plain(v) for v in observed.get("values", [])]
        return outcome
