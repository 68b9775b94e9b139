"""A peer's MRR test case: the dbt-labs mrr-playbook seed through fct_account_mrr_monthly.

The playbook's `subscription_periods.csv` becomes a raw landing folder in the data contract
layout (every raw table present; only accounts and subscriptions have rows), dbt builds
`+fct_account_mrr_monthly` into a throwaway DuckDB file, and every comparable customer-month
is compared with the playbook's own output, `expected_mrr_movements.csv`: MRR, previous MRR
and the movement category. Rows that only one side has are counted and explained, never
silently skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
DBT = Path(sys.executable).parent / "dbt"
# The peer's public test case (shared/reference/mrr_playbook), vendored with its README.
PLAYBOOK = Path(
    os.environ.get("MRR_PLAYBOOK_DIR", Path(__file__).parent / "fixtures" / "mrr_playbook")
)

# The playbook's month spine starts 2018-01-01, so customers who started earlier have no
# `new` row there: the comparison starts one month later (its README).
COMPARE_FROM = dt.date(2018, 2, 1)
# updated_at / created_at of every raw row: fixed, before every period, never "future".
LOADED_AT = "2017-01-01 00:00:00"

# The playbook's change_category in this project's vocabulary; '' (no change) is `flat`
# when the customer pays, and a 0 -> 0 gap month when it does not.
CATEGORY_MAP = {
    "new": "new",
    "churn": "churn",
    "reactivation": "reactivation",
    "upgrade": "expansion",
    "downgrade": "contraction",
}

EVENT_SCHEMA = pa.schema(
    [
        ("event_id", pa.string()),
        ("account_id", pa.string()),
        ("user_id", pa.string()),
        ("feature_key", pa.string()),
        ("occurred_at", pa.timestamp("us")),
        ("quantity", pa.float64()),
        ("loaded_at", pa.timestamp("us")),
    ]
)


@dataclass(frozen=True)
class Row:
    """One customer-month: MRR, previous month's MRR and the movement category."""

    mrr: Decimal
    previous_mrr: Decimal
    movement: str


def account_id(customer_id: str) -> str:
    return f"playbook_{int(customer_id):03d}"


def customer_id(account: str) -> str:
    return str(int(account.removeprefix("playbook_")))


def read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise AssertionError(
            f"MRR playbook reference file {path} is missing; set MRR_PLAYBOOK_DIR to the folder "
            "holding subscription_periods.csv and expected_mrr_movements.csv."
        )
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def contract_columns() -> dict[str, list[str]]:
    """Columns of every raw table (`source.table`), from the repo's source declarations."""
    tables: dict[str, list[str]] = {}
    for path in sorted((REPO / "models" / "staging").glob("*/_*__sources.yml")):
        for source in yaml.safe_load(path.read_text(encoding="utf-8"))["sources"]:
            for table in source["tables"]:
                columns = [column["name"] for column in table.get("columns", [])]
                tables[f"{source['name']}.{table['name']}"] = columns
    return tables


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def write_landing_folder(raw: Path, periods: list[dict[str, str]]) -> None:
    """The playbook periods as a complete raw landing folder in the contract layout."""
    tables = contract_columns()
    expected_tables = {"crm.accounts", "finance.subscriptions", "product.events"}
    assert expected_tables <= tables.keys(), f"source declarations lack {expected_tables}"

    customers = sorted({period["customer_id"] for period in periods}, key=int)
    accounts = [
        {
            "account_id": account_id(customer),
            "account_name": f"Playbook customer {customer}",
            "industry": "software",
            "customer_type": "smb",
            "deployment_scale": "team",
            "region": "na",
            "csm_owner": "Playbook CSM",
            "ae_owner": "Playbook AE",
            "created_at": LOADED_AT,
            "updated_at": LOADED_AT,
        }
        for customer in customers
    ]
    subscriptions = [
        {
            "subscription_id": f"playbook_sub_{int(period['subscription_id']):03d}",
            "account_id": account_id(period["customer_id"]),
            "plan_key": "starter",
            "seats": "1",
            "mrr_amount": period["monthly_amount"],
            "currency": "usd",
            "start_date": period["start_date"],
            # The playbook's end_date is exclusive and month-aligned; the contract's is the
            # last day covered.
            "end_date": (
                dt.date.fromisoformat(period["end_date"]) - dt.timedelta(days=1)
            ).isoformat(),
            "updated_at": LOADED_AT,
        }
        for period in periods
    ]
    rows = {"crm.accounts": accounts, "finance.subscriptions": subscriptions}

    for table, columns in tables.items():
        source, name = table.split(".")
        if table == "product.events":
            folder = raw / "product" / "events"
            folder.mkdir(parents=True, exist_ok=True)
            empty = pa.table({field.name: [] for field in EVENT_SCHEMA}, schema=EVENT_SCHEMA)
            pq.write_table(empty, folder / "events_0001.parquet")
            continue
        table_rows = rows.get(table, [])
        if table_rows:
            missing = set(columns) - set(table_rows[0])
            assert not missing, f"{table}: the test writes no value for contract columns {missing}"
        write_csv(raw / source / f"{name}.csv", columns, table_rows)


def month_end(month_start: dt.date) -> dt.date:
    following = (month_start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def run_dbt(tmp_path: Path, raw: Path, as_of: dt.date) -> None:
    env = {
        **os.environ,
        "SCORECARD_TEST_DUCKDB_PATH": str(tmp_path / "wh.duckdb"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    variables = yaml.safe_dump(
        {"raw_root": str(raw), "as_of_date": as_of.isoformat()}, default_flow_style=True
    ).strip()
    command = [
        str(DBT),
        "build",
        "--select",
        "+fct_account_mrr_monthly",
        # Only tests whose every parent is built: the upstream relationships tests point at
        # models outside this selection (stg_crm__accounts, the features seed).
        "--indirect-selection",
        "cautious",
        "--profiles-dir",
        str(REPO),
        "--project-dir",
        str(REPO),
        "--target",
        "test",
        "--target-path",
        str(tmp_path / "target"),
        "--log-path",
        str(tmp_path / "logs"),
        "--vars",
        variables,
    ]
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    failures = [
        line for line in result.stdout.splitlines() if " ERROR " in line or " FAIL " in line
    ]
    assert result.returncode == 0, (
        f"dbt build of +fct_account_mrr_monthly on the MRR playbook data failed "
        f"({result.returncode}); logs in {tmp_path / 'logs'}. Failed nodes:\n"
        + "\n".join(failures)
        + f"\n...\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}"
    )


def read_ours(database: Path) -> dict[tuple[str, dt.date], Row]:
    with duckdb.connect(str(database), read_only=True) as con:
        schemas = con.execute(
            "select table_schema from information_schema.tables "
            "where table_name = 'fct_account_mrr_monthly'"
        ).fetchall()
        assert len(schemas) == 1, f"expected one fct_account_mrr_monthly table, found {schemas}"
        records = con.execute(
            f"""
            select account_id, month_start, mrr_amount, previous_mrr_amount, mrr_movement
            from "{schemas[0][0]}".fct_account_mrr_monthly
            """
        ).fetchall()
    return {
        (customer_id(account), month): Row(Decimal(mrr), Decimal(previous), movement)
        for account, month, mrr, previous, movement in records
    }


def read_expected(rows: list[dict[str, str]]) -> dict[tuple[str, dt.date], Row]:
    expected = {}
    for row in rows:
        mrr, previous = Decimal(row["mrr"]), Decimal(row["prev_mrr"])
        category = row["change_category"]
        if category:
            movement = CATEGORY_MAP[category]
        else:
            movement = "flat" if mrr > 0 else "inactive"
        expected[(row["customer_id"], dt.date.fromisoformat(row["date_month"]))] = Row(
            mrr, previous, movement
        )
    return expected


def describe(items: list, limit: int = 15) -> str:
    shown = "\n".join(f"  {item}" for item in items[:limit])
    more = f"\n  ... and {len(items) - limit} more" if len(items) > limit else ""
    return shown + more


@pytest.fixture(scope="module")
def playbook_comparison(tmp_path_factory: pytest.TempPathFactory):
    """Our account-months and the playbook's, from COMPARE_FROM on."""
    tmp_path = tmp_path_factory.mktemp("mrr_playbook")
    periods = read_csv(PLAYBOOK / "subscription_periods.csv")
    expected_rows = read_csv(PLAYBOOK / "expected_mrr_movements.csv")
    last_month = max(dt.date.fromisoformat(row["date_month"]) for row in expected_rows)

    raw = tmp_path / "raw"
    write_landing_folder(raw, periods)
    run_dbt(tmp_path, raw, month_end(last_month))

    ours = {
        key: row for key, row in read_ours(tmp_path / "wh.duckdb").items() if key[1] >= COMPARE_FROM
    }
    expected = {
        key: row for key, row in read_expected(expected_rows).items() if key[1] >= COMPARE_FROM
    }
    return ours, expected, {period["customer_id"] for period in periods}


def test_every_playbook_customer_month_agrees(playbook_comparison) -> None:
    ours, expected, _ = playbook_comparison
    common = sorted(ours.keys() & expected.keys(), key=lambda key: (int(key[0]), key[1]))
    mismatches = [
        f"customer {key[0]} {key[1]}: ours {ours[key]} vs playbook {expected[key]}"
        for key in common
        if ours[key] != expected[key]
    ]
    assert not mismatches, (
        f"{len(mismatches)} of {len(common)} comparable customer-months disagree with the MRR "
        f"playbook (first ones):\n{describe(mismatches)}"
    )
    # Not vacuous: a substantial comparison covering every movement category.
    assert len(common) >= 300, f"only {len(common)} customer-months compared"
    categories = {expected[key].movement for key in common}
    assert categories >= {"new", "expansion", "contraction", "churn", "reactivation", "flat"}, (
        f"the compared rows cover only the categories {sorted(categories)}"
    )
    print(f"MRR playbook: {len(common)} customer-months compared, 0 mismatches")


def test_rows_only_the_playbook_has_are_gap_months(playbook_comparison) -> None:
    """The playbook emits a 0 -> 0 row for every month between a churn and a reactivation;
    this project's spine stops after the churn month (those months carry no MRR). Exactly
    those rows, and no others, may be missing from ours."""
    ours, expected, _ = playbook_comparison
    only_expected = sorted(expected.keys() - ours.keys(), key=lambda key: (int(key[0]), key[1]))
    gap_months = sorted(
        (key for key, row in expected.items() if row.mrr == 0 and row.previous_mrr == 0),
        key=lambda key: (int(key[0]), key[1]),
    )
    unexplained = [
        f"customer {key[0]} {key[1]}: playbook {expected[key]}"
        for key in only_expected
        if key not in set(gap_months)
    ]
    assert not unexplained, (
        f"{len(unexplained)} playbook customer-months with MRR or a movement are missing from "
        f"fct_account_mrr_monthly (first ones):\n{describe(unexplained)}"
    )
    kept_gaps = [
        f"customer {key[0]} {key[1]}: ours {ours[key]}" for key in gap_months if key in ours
    ]
    assert not kept_gaps, (
        f"{len(kept_gaps)} playbook 0 -> 0 gap months unexpectedly have a row in ours (the "
        f"playbook data has no mid-month churn, so none should):\n{describe(kept_gaps)}"
    )
    assert len(only_expected) == len(gap_months)
    print(f"MRR playbook: {len(only_expected)} gap months (0 -> 0) only in the playbook")


def test_no_rows_only_we_have(playbook_comparison) -> None:
    """From COMPARE_FROM on, every account-month of ours is in the playbook's output (the
    playbook's months after the final churn and before the first subscription are absent on
    both sides)."""
    ours, expected, customers = playbook_comparison
    only_ours = sorted(ours.keys() - expected.keys(), key=lambda key: (int(key[0]), key[1]))
    assert not only_ours, (
        f"{len(only_ours)} customer-months of fct_account_mrr_monthly are not in the playbook "
        f"(first ones):\n{describe([f'customer {k[0]} {k[1]}: ours {ours[k]}' for k in only_ours])}"
    )
    unknown = {key[0] for key in ours} - customers
    assert not unknown, f"accounts that are not playbook customers: {sorted(unknown)}"
