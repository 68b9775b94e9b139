"""Session fixtures: one small generated data set, built once into a throwaway warehouse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import run_dbt

AS_OF = dt.date(2026, 6, 30)
#: The default demo data set (what `make build` generates: 300 accounts, 24 months, about
#: 2 million events, seed 42), with a fixed as-of date so that the tests are deterministic.
DEFAULT_AS_OF = dt.date(2026, 11, 30)
DEFAULT_SIZE = {"accounts": 300, "months": 24, "seed": 42, "events_target": 2_000_000}


@dataclass(frozen=True)
class Built:
    """A generated raw data set and the warehouse dbt built from it."""

    raw_root: Path
    workdir: Path
    as_of: dt.date

    @property
    def database(self) -> Path:
        return self.workdir / "warehouse.duckdb"


@pytest.fixture(scope="session")
def generated_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small deterministic raw data set (the generator's own output, with its manifest)."""
    from scorecard.generate import generate

    out = tmp_path_factory.mktemp("generated") / "raw"
    generate(out_dir=out, accounts=60, months=18, seed=7, events_target=150_000, as_of=AS_OF)
    return out


@pytest.fixture(scope="session")
def built(generated_raw: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """`dbt build` of the whole project on the generated data set."""
    workdir = tmp_path_factory.mktemp("warehouse")
    run_dbt(["build"], workdir, generated_raw, AS_OF)
    return Built(raw_root=generated_raw, workdir=workdir, as_of=AS_OF)


@pytest.fixture(scope="session")
def default_built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The default demo data set, generated and built once: for tests "on the default data"
    (planted anomalies, intervention effects, renewal back-test)."""
    from scorecard.generate import generate

    raw = tmp_path_factory.mktemp("default_generated") / "raw"
    generate(out_dir=raw, as_of=DEFAULT_AS_OF, **DEFAULT_SIZE)
    workdir = tmp_path_factory.mktemp("default_warehouse")
    run_dbt(["build"], workdir, raw, DEFAULT_AS_OF)
    return Built(raw_root=raw, workdir=workdir, as_of=DEFAULT_AS_OF)
