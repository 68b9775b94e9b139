"""Outcome Scorecard: the Python side of the dbt project (data generator, checks, reports)."""

__version__ = "0.1.0"
