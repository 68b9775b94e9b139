"""The account-month spine keeps history: a segment or owner change applies from the month it
happened, and never rewrites the months before it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import query, run_dbt, write_raw

AS_OF = dt.date(2025, 6, 30)
SELECT = [
    "build", "--select", "+int_account_months", "+dim_accounts", "--indirect-selection", "cautious",
]  # fmt: skip

ACCOUNT_V1 = {
    "account_id": "acc_1", "account_name": "Acme", "industry": "software",
    "customer_type": "smb", "deployment_scale": "team", "region": "na", "csm_owner": "Dana",
    "ae_owner": "Eli", "created_at": "2024-01-01 00:00:00", "updated_at": "2024-01-01 00:00:00",
}  # fmt: skip
# On 15 March 2025 the account moved to mid_market, department scale, with a new CSM.
ACCOUNT_V2 = {
    **ACCOUNT_V1, "customer_type": "mid_market", "deployment_scale": "department",
    "csm_owner": "Priya", "updated_at": "2025-03-15 09:30:00",
}  # fmt: skip
SUBSCRIPTION = {
    "subscription_id": "sub_1", "account_id": "acc_1", "plan_key": "growth", "seats": "20",
    "mrr_amount": "1000", "currency": "usd", "start_date": "2024-11-01", "end_date": "",
    "updated_at": "2024-11-01 00:00:00",
}  # fmt: skip

SPINE_SQL = (
    "select cast(month_start as varchar), customer_type, deployment_scale, csm_owner"
    " from intermediate.int_account_months where account_id = 'acc_1' order by month_start"
)


def build(tmp_path: Path, name: str, accounts: list[dict]) -> Path:
    raw = write_raw(
        tmp_path / f"raw_{name}",
        {"crm.accounts": accounts, "finance.subscriptions": [SUBSCRIPTION]},
    )
    workdir = tmp_path / name
    run_dbt(SELECT, workdir, raw, AS_OF)
    return workdir / "warehouse.duckdb"


def test_segment_change_applies_from_its_month_and_never_rewrites_the_past(
    tmp_path: Path,
) -> None:
    before = query(build(tmp_path, "before", [ACCOUNT_V1]), SPINE_SQL)
    after_db = build(tmp_path, "after", [ACCOUNT_V1, ACCOUNT_V2])
    after = query(after_db, SPINE_SQL)

    # Before the change is known, every month is smb (Nov 2024 .. Jun 2025: 8 months).
    assert [r[0] for r in before] == [
        "2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01",
        "2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01",
    ]  # fmt: skip
    assert {r[1:] for r in before} == {("smb", "team", "Dana")}

    # After it: months whose measure date (month end) precedes 15 March keep smb exactly as
    # first computed; March (measured on the 31st) and later are mid_market.
    assert after[:4] == before[:4]
    assert [r[1:] for r in after[4:]] == [("mid_market", "department", "Priya")] * 4

    # The current dimension shows the latest version.
    assert query(
        after_db,
        "select customer_type, csm_owner from marts.dim_accounts where account_id = 'acc_1'",
    ) == [("mid_market", "Priya")]
