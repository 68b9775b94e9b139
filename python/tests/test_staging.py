"""Staging and quarantine: every bad-row class is rejected with its reason, nothing is lost."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from helpers import query, run_dbt, write_raw

AS_OF = dt.date(2025, 6, 30)
TS = "2025-01-15 10:00:00"

ACCOUNT = {
    "account_id": "acc_1",
    "account_name": "Acme",
    "industry": "Software",
    "customer_type": "smb",
    "deployment_scale": "team",
    "region": "na",
    "csm_owner": "Dana",
    "ae_owner": "Eli",
    "created_at": "2024-01-01 00:00:00",
    "updated_at": "2024-01-01 00:00:00",
}
SUBSCRIPTION = {
    "subscription_id": "sub_1",
    "account_id": "acc_1",
    "plan_key": "starter",
    "seats": "10",
    "mrr_amount": "250",
    "currency": "USD",
    "start_date": "2024-01-01",
    "end_date": "",
    "updated_at": "2024-01-01 00:00:00",
}
USER = {
    "user_id": "usr_1",
    "account_id": "acc_1",
    "created_at": "2024-01-02 00:00:00",
    "role": "admin",
}
RESPONSE = {
    "response_id": "r_ok",
    "account_id": "acc_1",
    "user_id": "usr_1",
    "survey_type": "nps",
    "score": "9",
    "responded_at": TS,
}
TOUCHPOINT = {
    "touchpoint_id": "t_ok",
    "account_id": "acc_1",
    "touchpoint_type": "interview",
    "occurred_at": TS,
    "author": "Dana",
    "theme_code": "roi_proven",
    "sentiment": "2",
    "notes": "ok",
    "updated_at": TS,
}
EVENT = {
    "event_id": "e_ok",
    "account_id": "acc_1",
    "user_id": "usr_1",
    "feature_key": "dashboards",
    "occurred_at": dt.datetime(2025, 1, 2, 9),
    "quantity": 1.0,
    "loaded_at": dt.datetime(2025, 1, 2, 10),
}

# (table, key written to record_key, expected reason, the raw row)
BAD_ROWS = [
    ("crm.accounts", "", "null_key", {**ACCOUNT, "account_id": "", "account_name": "NoKey"}),
    (
        "crm.accounts",
        "acc_x",
        "unknown_enum",
        {**ACCOUNT, "account_id": "acc_x", "customer_type": "startup"},
    ),
    (
        "crm.accounts",
        "acc_y",
        "unparseable_timestamp",
        {**ACCOUNT, "account_id": "acc_y", "created_at": "2025-13-45"},
    ),
    (
        "crm.accounts",
        "acc_z",
        "future_timestamp",
        {**ACCOUNT, "account_id": "acc_z", "updated_at": "2031-01-01 00:00:00"},
    ),
    (
        "finance.subscriptions",
        "sub_2",
        "unparseable_number",
        {**SUBSCRIPTION, "subscription_id": "sub_2", "seats": "ten"},
    ),
    (
        "finance.subscriptions",
        "sub_3",
        "negative_amount",
        {**SUBSCRIPTION, "subscription_id": "sub_3", "mrr_amount": "-100"},
    ),
    (
        "finance.subscriptions",
        "sub_4",
        "orphan_foreign_key",
        {**SUBSCRIPTION, "subscription_id": "sub_4", "account_id": "acc_99999"},
    ),
    (
        "finance.subscriptions",
        "sub_5",
        "invalid_period",
        {
            **SUBSCRIPTION,
            "subscription_id": "sub_5",
            "start_date": "2024-05-01",
            "end_date": "2024-03-31",
        },
    ),
    (
        "finance.subscriptions",
        "sub_6",
        "conflicting_duplicate",
        {**SUBSCRIPTION, "subscription_id": "sub_6"},
    ),
    (
        "finance.subscriptions",
        "sub_6",
        "conflicting_duplicate",
        {**SUBSCRIPTION, "subscription_id": "sub_6", "seats": "12"},
    ),
    (
        "finance.subscriptions",
        "sub_7",
        "missing_value",
        {**SUBSCRIPTION, "subscription_id": "sub_7", "start_date": ""},
    ),
    ("voice.survey_responses", "r_dup", "duplicate", {**RESPONSE, "response_id": "r_dup"}),
    (
        "voice.survey_responses",
        "r_11",
        "out_of_range",
        {**RESPONSE, "response_id": "r_11", "score": "11"},
    ),
    (
        "voice.survey_responses",
        "r_ces",
        "unknown_enum",
        {**RESPONSE, "response_id": "r_ces", "survey_type": "ces"},
    ),
    (
        "crm.touchpoints",
        "t_misc",
        "unknown_theme_code",
        {**TOUCHPOINT, "touchpoint_id": "t_misc", "theme_code": "misc_feedback"},
    ),
    (
        "crm.touchpoints",
        "t_sent",
        "out_of_range",
        {**TOUCHPOINT, "touchpoint_id": "t_sent", "sentiment": "5"},
    ),
    ("product.events", "|2025-01-02 09:00:00", "null_key", {**EVENT, "event_id": None}),
    (
        "product.events",
        "e_neg|2025-01-02 09:00:00",
        "negative_amount",
        {**EVENT, "event_id": "e_neg", "quantity": -1.0},
    ),
    (
        "product.events",
        "e_orphan|2025-01-02 09:00:00",
        "orphan_foreign_key",
        {**EVENT, "event_id": "e_orphan", "user_id": "usr_404"},
    ),
    (
        "product.events",
        "e_feat|2025-01-02 09:00:00",
        "orphan_foreign_key",
        {**EVENT, "event_id": "e_feat", "feature_key": "teleport"},
    ),
    (
        "product.events",
        "e_future|2031-01-02 09:00:00",
        "future_timestamp",
        {**EVENT, "event_id": "e_future", "occurred_at": dt.datetime(2031, 1, 2, 9)},
    ),
    (
        # occurred in the past but loaded in the future: a clock or pipeline error
        "product.events",
        "e_loaded_later|2025-01-02 09:00:00",
        "future_timestamp",
        {**EVENT, "event_id": "e_loaded_later", "loaded_at": dt.datetime(2031, 1, 2, 10)},
    ),
]


@pytest.fixture(scope="module")
def bad_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hand-made landing folder: good rows plus one or more bad rows of every class."""
    rows: dict[str, list[dict]] = {
        "crm.accounts": [
            ACCOUNT,
            {**ACCOUNT, "customer_type": "mid_market", "updated_at": "2025-01-01 00:00:00"},
        ],
        "finance.subscriptions": [SUBSCRIPTION],
        "product.users": [USER],
        "voice.survey_responses": [RESPONSE, {**RESPONSE, "response_id": "r_dup"}],
        "crm.touchpoints": [TOUCHPOINT],
        "product.events": [
            EVENT,
            {**EVENT, "event_id": "e_dup"},
            {**EVENT, "event_id": "e_dup", "loaded_at": dt.datetime(2025, 1, 5)},
        ],
    }
    for table, _key, _reason, row in BAD_ROWS:
        rows.setdefault(table, []).append(row)
    workdir = tmp_path_factory.mktemp("bad_input")
    raw = write_raw(workdir / "raw", rows)
    run_dbt(
        [
            "build",
            "--select",
            "path:models/staging",
            "resource_type:seed",
            "--indirect-selection",
            "cautious",
        ],
        workdir,
        raw,
        AS_OF,
    )
    return workdir


def test_every_bad_row_lands_in_quarantine_with_its_reason(bad_input: Path) -> None:
    rejected = query(
        bad_input / "warehouse.duckdb",
        "select source_table, record_key, rejection_reason from staging.quarantine_rows",
    )
    expected = sorted((t, k, r) for t, k, r, _ in BAD_ROWS) + [
        ("product.events", "e_dup|2025-01-02 09:00:00", "duplicate"),
    ]
    assert sorted(rejected) == sorted(expected)


def test_good_rows_are_accepted_and_duplicates_keep_one_copy(bad_input: Path) -> None:
    db = bad_input / "warehouse.duckdb"
    assert query(db, "select account_id, customer_type from staging.stg_crm__accounts") == [
        ("acc_1", "mid_market")
    ]
    assert query(db, "select count(*) from staging.stg_crm__account_versions") == [(2,)]
    assert query(db, "select response_id from staging.stg_voice__survey_responses order by 1") == [
        ("r_dup",),
        ("r_ok",),
    ]
    assert query(db, "select event_id, loaded_at from staging.stg_product__events order by 1") == [
        ("e_dup", dt.datetime(2025, 1, 2, 10)),
        ("e_ok", dt.datetime(2025, 1, 2, 10)),
    ]
    # normalisation: enums lower-case
    assert query(
        db,
        "select industry, currency from staging.stg_crm__accounts "
        "cross join staging.stg_finance__subscriptions",
    ) == [("software", "usd")]


def test_raw_rows_equal_accepted_plus_rejected(bad_input: Path) -> None:
    rows = query(
        bad_input / "warehouse.duckdb",
        "select source_table, raw_rows, accepted_rows, rejected_rows, is_reconciled "
        "from staging.quarantine_reconciliation",
    )
    assert len(rows) == 13
    for table, raw, accepted, rejected, ok in rows:
        assert raw == accepted + rejected and ok, table
    by_table = {r[0]: r for r in rows}
    # counted independently: rows written into the fixture
    assert by_table["finance.subscriptions"][1] == 1 + 7
    assert by_table["product.events"][1:4] == (3 + 6, 2, 6 + 1)


def test_quarantine_keeps_the_raw_text(bad_input: Path) -> None:
    (raw_row,) = query(
        bad_input / "warehouse.duckdb",
        "select raw_row from staging.quarantine_rows where record_key = 'sub_2'",
    )[0]
    assert json.loads(raw_row)["seats"] == "ten"


def test_missing_required_column_fails_naming_table_and_column(tmp_path: Path) -> None:
    raw = write_raw(tmp_path / "raw", {"crm.accounts": [ACCOUNT]})
    path = raw / "crm" / "accounts.csv"
    with path.open(newline="") as handle:
        records = list(csv.DictReader(handle))
    with path.open("w", newline="") as handle:
        columns = [c for c in records[0] if c != "customer_type"]
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(records)
    result = run_dbt(
        ["build", "--select", "+base_crm__accounts"], tmp_path, raw, AS_OF, check=False
    )
    assert result.returncode != 0
    assert "crm.accounts" in result.stdout
    assert "missing required column(s): customer_type" in result.stdout


def _raw_count(raw_root: Path, table: str) -> int:
    source, name = table.split(".")
    if table == "product.events":
        return sum(
            pq.read_metadata(p).num_rows
            for p in (raw_root / "product" / "events").glob("*.parquet")
        )
    with (raw_root / source / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.DictReader(handle))


def test_generated_data_reconciles_against_the_files(built) -> None:
    rows = query(
        built.database,
        "select source_table, raw_rows, accepted_rows, rejected_rows "
        "from staging.quarantine_reconciliation",
    )
    assert len(rows) == 13
    for table, raw, accepted, rejected in rows:
        assert raw == _raw_count(built.raw_root, table), table
        assert raw == accepted + rejected, table


def test_manifest_bad_rows_all_quarantined_and_nothing_else(built) -> None:
    manifest = json.loads((built.raw_root / "manifest.json").read_text())
    rejected = query(
        built.database,
        "select source_table, rejection_reason, raw_row from staging.quarantine_rows",
    )
    unexplained = []
    matched = {i: 0 for i in range(len(manifest["bad_rows"]))}
    for table, reason, raw_row in rejected:
        values = json.loads(raw_row)
        hits = [
            i
            for i, bad in enumerate(manifest["bad_rows"])
            if bad["table"] == table
            and all(
                str(values.get(c)) == str(v) if v is not None else values.get(c) is None
                for c, v in bad["match"].items()
            )
        ]
        if not hits:
            unexplained.append((table, reason, raw_row))
            continue
        for i in hits:
            assert manifest["bad_rows"][i]["reason"] == reason, (table, raw_row)
            matched[i] += 1
    assert unexplained == [], (
        f"rows quarantined that the generator did not plant: {unexplained[:5]}"
    )
    for i, bad in enumerate(manifest["bad_rows"]):
        assert matched[i] == bad["rows"], f"planted row not quarantined as expected: {bad}"
    reasons = {bad["reason"] for bad in manifest["bad_rows"]}
    assert reasons >= {
        "null_key",
        "duplicate",
        "conflicting_duplicate",
        "unparseable_number",
        "unparseable_timestamp",
        "unknown_enum",
        "orphan_foreign_key",
        "negative_amount",
        "future_timestamp",
    }
