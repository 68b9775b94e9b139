"""Renewal back-test on the default demo data: does the scorecard predict renewals?

The generator renews healthy accounts more often (its latent account health drives usage,
outcomes, satisfaction and churn alike), so on the default data the renewal rate must rise
with the overall band three months before the renewal closed: red < yellow < green.

The back-test is recomputed here independently of fct_renewal_backtest: closed renewal
opportunities are read from the raw CSV (rows the generator planted as bad, listed in its
manifest, are left out), the band is looked up in fct_account_scorecards_monthly three
calendar months before the close month, and the rates are counted in Python. The result
must equal fct_renewal_backtest row by row and fct_renewal_calibration cell by cell.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from conftest import Built
from helpers import query

LOOKBACK_MONTHS = 3  # var renewal_lookback_months (default)
BANDS = ("red", "yellow", "green")
#: Minimum closed renewals per band for the ordering to mean something.
MIN_SAMPLE = 20


def months_before(day: dt.date, months: int) -> dt.date:
    """First day of the month `months` calendar months before the month of `day`."""
    index = day.year * 12 + day.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def planted_bad_opportunity_ids(raw_root: Path) -> set[str]:
    """Opportunity ids of the rows the generator planted as bad (its manifest)."""
    manifest = json.loads((raw_root / "manifest.json").read_text())
    return {
        bad["match"]["opportunity_id"]
        for bad in manifest["bad_rows"]
        if bad["table"] == "crm.opportunities" and "opportunity_id" in bad["match"]
    }


def closed_renewals(raw_root: Path) -> pd.DataFrame:
    """Closed renewal opportunities from the raw CSV (text as landed), latest update wins."""
    raw = pd.read_csv(raw_root / "crm" / "opportunities.csv", dtype=str, keep_default_na=False)
    raw = raw[~raw["opportunity_id"].isin(planted_bad_opportunity_ids(raw_root))]
    raw = raw.sort_values("updated_at").drop_duplicates("opportunity_id", keep="last")
    renewals = raw[
        (raw["opportunity_type"] == "renewal") & (raw["is_closed"].str.lower() == "true")
    ].copy()
    renewals["close_date"] = pd.to_datetime(renewals["close_date"]).dt.date
    renewals["is_won"] = renewals["is_won"].str.lower() == "true"
    renewals["prior_month_start"] = [
        months_before(day, LOOKBACK_MONTHS) for day in renewals["close_date"]
    ]
    return renewals[["opportunity_id", "account_id", "close_date", "is_won", "prior_month_start"]]


@pytest.fixture(scope="module")
def independent_backtest(default_built: Built) -> pd.DataFrame:
    """Each closed renewal with the overall band of its prior month (or not_scored)."""
    renewals = closed_renewals(default_built.raw_root)
    with duckdb.connect(str(default_built.database), read_only=True) as con:
        bands = con.execute(
            "select account_id, month_start as prior_month_start, overall_band "
            "from marts.fct_account_scorecards_monthly"
        ).df()
    bands["prior_month_start"] = pd.to_datetime(bands["prior_month_start"]).dt.date
    merged = renewals.merge(bands, on=["account_id", "prior_month_start"], how="left")
    merged["prior_band"] = merged["overall_band"].fillna("not_scored")
    return merged.drop(columns="overall_band")


def rate_table(backtest: pd.DataFrame) -> dict[str, tuple[int, int, float]]:
    """prior band -> (renewals closed, renewals won, renewal rate)."""
    closed = Counter(backtest["prior_band"])
    won = Counter(backtest.loc[backtest["is_won"], "prior_band"])
    return {band: (closed[band], won[band], won[band] / closed[band]) for band in closed}


def test_backtest_matches_an_independent_recomputation(
    default_built: Built, independent_backtest: pd.DataFrame
) -> None:
    mart = {
        row[0]: row[1:]
        for row in query(
            default_built.database,
            "select opportunity_id, prior_month_start, prior_band, is_won "
            "from marts.fct_renewal_backtest",
        )
    }
    expected = {
        row.opportunity_id: (row.prior_month_start, row.prior_band, row.is_won)
        for row in independent_backtest.itertuples()
    }
    assert mart == expected


def test_calibration_matches_the_independent_rates(
    default_built: Built, independent_backtest: pd.DataFrame
) -> None:
    calibration = {
        band: (closed, won, rate)
        for band, closed, won, rate in query(
            default_built.database,
            "select prior_band, renewals_closed, renewals_won, renewal_rate "
            "from marts.fct_renewal_calibration where customer_type = 'all'",
        )
    }
    expected = rate_table(independent_backtest)
    assert calibration.keys() == expected.keys()
    for band, (closed, won, rate) in expected.items():
        assert calibration[band][:2] == (closed, won)
        assert calibration[band][2] == pytest.approx(rate)


def test_renewal_rate_rises_with_the_prior_band(independent_backtest: pd.DataFrame) -> None:
    table = rate_table(independent_backtest)
    print("\nprior band          closed   won   renewal rate")
    for band in (*BANDS, "insufficient_data", "not_scored"):
        if band in table:
            closed, won, rate = table[band]
            print(f"{band:<18}{closed:>8}{won:>6}{rate:>15.3f}")
    for band in BANDS:
        assert table[band][0] >= MIN_SAMPLE, f"too few {band} renewals to test: {table[band]}"
    red, yellow, green = (table[band][2] for band in BANDS)
    assert red < yellow < green, table
