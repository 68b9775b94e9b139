"""Session fixtures: one small generated data set, built once into a throwaway warehouse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import run_dbt

AS_OF = dt.date(2026, 6, 30)


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
