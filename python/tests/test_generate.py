"""Tests of the raw-data generator: contract, determinism, planted truths and behaviour."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scorecard.bench import bench_generate
from scorecard.generate import CONTRACT, KEYS, generate, table_path
from scorecard.generator import vocab as V
from scorecard.generator.badrows import REASONS

AS_OF = dt.date(2026, 6, 30)
SMALL = {"accounts": 30, "months": 12, "events_target": 50_000, "as_of": AS_OF}
LARGE = {"accounts": 250, "months": 24, "events_target": 1_000_000, "as_of": AS_OF}

#: Contract enums per (table, column).
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("crm.accounts", "industry"): V.INDUSTRIES,
    ("crm.accounts", "customer_type"): V.CUSTOMER_TYPES,
    ("crm.accounts", "deployment_scale"): V.DEPLOYMENT_SCALES,
    ("crm.accounts", "region"): V.REGIONS,
    ("crm.success_plans", "impact_metric_key"): V.IMPACT_METRIC_KEYS,
    ("crm.success_plans", "status"): V.SUCCESS_PLAN_STATUSES,
    ("crm.opportunities", "opportunity_type"): V.OPPORTUNITY_TYPES,
    ("crm.opportunities", "is_closed"): ("true", "false"),
    ("crm.opportunities", "is_won"): ("true", "false"),
    ("crm.touchpoints", "touchpoint_type"): V.TOUCHPOINT_TYPES,
    ("crm.touchpoints", "theme_code"): V.THEME_CODES,
    ("product.users", "role"): V.USER_ROLES,
    ("product.milestones", "milestone_key"): V.MILESTONES,
    ("finance.subscriptions", "plan_key"): V.PLANS,
    ("finance.subscriptions", "currency"): ("usd",),
    ("finance.impact_measurements", "impact_metric_key"): V.IMPACT_METRIC_KEYS,
    ("finance.impact_measurements", "source_type"): V.SOURCE_TYPES,
    ("voice.survey_responses", "survey_type"): V.SURVEY_TYPES,
    ("programs.interventions", "metric_id"): V.METRIC_IDS,
    ("programs.intervention_assignments", "arm"): V.ARMS,
    ("programs.decisions", "forum"): V.DECISION_FORUMS,
    ("programs.decisions", "status"): V.DECISION_STATUSES,
    ("programs.decisions", "metric_id"): V.METRIC_IDS,
}
#: Timestamp / date columns that must not lie after as_of in good data.
PAST_COLUMNS: dict[str, tuple[str, ...]] = {
    "crm.accounts": ("created_at", "updated_at"),
    "crm.success_plans": ("baseline_date", "updated_at"),
    "crm.opportunities": ("updated_at",),
    "crm.touchpoints": ("occurred_at", "updated_at"),
    "product.users": ("created_at",),
    "product.milestones": ("achieved_at",),
    "finance.subscriptions": ("start_date", "end_date", "updated_at"),
    "finance.impact_measurements": ("period_month", "recorded_at"),
    "voice.survey_responses": ("responded_at",),
    "programs.interventions": ("start_date", "end_date"),
    "programs.intervention_assignments": ("assigned_at",),
    "programs.decisions": ("review_date", "completed_at", "updated_at"),
}
#: Numeric columns that must parse and be >= 0 in good data.
NUMBERS: dict[str, tuple[str, ...]] = {
    "crm.success_plans": ("baseline_value", "target_value"),
    "crm.opportunities": ("amount",),
    "crm.touchpoints": ("sentiment",),
    "finance.subscriptions": ("seats", "mrr_amount"),
    "finance.impact_measurements": ("value",),
    "voice.survey_responses": ("score",),
}


def _generate(root: Path, **kwargs: object) -> tuple[Path, dict[str, object]]:
    """Generate a dataset into root and return (root, manifest)."""
    messages: list[str] = []
    generate(root, progress=messages.append, **kwargs)  # type: ignore[arg-type]
    assert messages, "progress callback was never called"
    return root, json.loads((root / "manifest.json").read_text())


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A small dataset (30 accounts, 12 months, ~50k events)."""
    return _generate(tmp_path_factory.mktemp("small"), seed=42, **SMALL)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """A larger dataset for behaviour checks (250 accounts, 24 months, ~1M events)."""
    return _generate(tmp_path_factory.mktemp("large"), seed=7, **LARGE)


def _digests(root: Path) -> dict[str, str]:
    """sha256 of every file under root, by relative path."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _raw(root: Path, table: str) -> pd.DataFrame:
    """A raw table as strings ('' = empty field); events with values rendered as strings."""
    if table == "product.events":
        events = pq.read_table(table_path(root, table))
        return pd.DataFrame(
            {
                c: pd.Series(events[c].cast(pa.string()).to_pylist(), dtype=object)
                for c in events.column_names
            }
        )
    return pd.read_csv(table_path(root, table), dtype=str, keep_default_na=False)


def _matches(frame: pd.DataFrame, match: dict[str, object]) -> np.ndarray:
    """Rows of a raw table selected by a manifest match."""
    mask = np.ones(len(frame), dtype=bool)
    for col, value in match.items():
        column = frame[col]
        empty = column.isna() | (column == "")  # an empty CSV field or a Parquet null
        mask &= (empty if value is None else (column == value)).to_numpy()
    return mask


def _good(root: Path, manifest: dict[str, object], table: str) -> pd.DataFrame:
    """A raw table without its planted bad rows (one copy of an exact duplicate is kept)."""
    frame = _raw(root, table)
    drop = np.zeros(len(frame), dtype=bool)
    for entry in manifest["bad_rows"]:  # type: ignore[union-attr]
        if entry["table"] != table:
            continue
        hit = _matches(frame, entry["match"])
        if entry.get("duplicate_of_accepted"):
            hit[np.nonzero(hit)[0][:1]] = False  # keep the first copy
        drop |= hit
    return frame[~drop].reset_index(drop=True)


# --- determinism -------------------------------------------------------------------------


def test_same_seed_gives_identical_files(
    small: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    """Two runs with the same arguments write byte-identical files."""
    root, _ = small
    again, _ = _generate(tmp_path / "again", seed=42, **SMALL)
    assert _digests(root) == _digests(again)


def test_different_seed_differs(small: tuple[Path, dict[str, object]], tmp_path: Path) -> None:
    """Another seed changes every table."""
    root, _ = small
    other, _ = _generate(tmp_path / "other", seed=43, **SMALL)
    a, b = _digests(root), _digests(other)
    csvs = [k for k in a if k.endswith(".csv") and "interventions.csv" not in k]
    assert all(a[k] != b.get(k) for k in csvs)
    assert a["manifest.json"] != b["manifest.json"]


# --- contract ----------------------------------------------------------------------------


def test_every_contract_table_and_column_present(small: tuple[Path, dict[str, object]]) -> None:
    """Each table exists with exactly the contract's columns, in order; events typed."""
    root, _ = small
    for table, columns in CONTRACT.items():
        if table == "product.events":
            files = sorted(table_path(root, table).glob("*.parquet"))
            assert files
            for f in files:
                schema = pq.read_schema(f)
                assert schema.names == columns
                assert schema.field("occurred_at").type == pa.timestamp("us", tz="UTC")
                assert schema.field("loaded_at").type == pa.timestamp("us", tz="UTC")
                assert schema.field("quantity").type == pa.int64()
                for name in ("event_id", "account_id", "user_id", "feature_key"):
                    assert schema.field(name).type == pa.string()
        else:
            header = table_path(root, table).read_text(encoding="utf-8").splitlines()[0]
            assert header.split(",") == columns, table


def test_manifest_row_counts_equal_files(small: tuple[Path, dict[str, object]]) -> None:
    """row_counts in the manifest are the raw rows in the files (bad rows included)."""
    root, manifest = small
    counts = manifest["row_counts"]
    assert set(counts) == set(CONTRACT)  # type: ignore[arg-type]
    for table in CONTRACT:
        assert len(_raw(root, table)) == counts[table], table  # type: ignore[index]
    events = duckdb.sql(
        f"select count(*) from '{table_path(root, 'product.events')}/*.parquet'"
    ).fetchone()
    assert events is not None and events[0] == counts["product.events"]  # type: ignore[index]
    n_bad_events = sum(
        e["rows"]
        for e in manifest["bad_rows"]
        if e["table"] == "product.events"  # type: ignore[union-attr]
    )
    assert manifest["events_written"] + n_bad_events == counts["product.events"]  # type: ignore[index, operator]


def test_timestamps_and_dates_are_iso(small: tuple[Path, dict[str, object]]) -> None:
    """Dates are YYYY-MM-DD and timestamps YYYY-MM-DD HH:MM:SS in the good rows."""
    root, manifest = small
    date_re = r"^\d{4}-\d{2}-\d{2}$"
    ts_re = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"
    for table in CONTRACT:
        if table == "product.events":
            continue
        frame = _good(root, manifest, table)
        for col in CONTRACT[table]:
            values = frame[col][frame[col] != ""]
            if col.endswith("_date") or col == "period_month":
                assert values.str.match(date_re).all(), (table, col)
            elif col.endswith("_at"):
                assert values.str.match(ts_re).all(), (table, col)


# --- planted bad rows --------------------------------------------------------------------


def test_every_bad_row_matches_exactly(small: tuple[Path, dict[str, object]]) -> None:
    """Each manifest bad-row entry selects exactly its planted rows; all reasons present."""
    root, manifest = small
    entries = manifest["bad_rows"]
    assert isinstance(entries, list)
    frames = {t: _raw(root, t) for t in CONTRACT}
    for entry in entries:
        hits = int(_matches(frames[entry["table"]], entry["match"]).sum())
        expected = entry["rows"] + (1 if entry.get("duplicate_of_accepted") else 0)
        assert hits == expected, entry
    assert {e["reason"] for e in entries} == set(REASONS)
    total = sum(e["rows"] for e in entries)
    assert 30 <= total <= 70
    assert len({e["table"] for e in entries}) >= 8


def test_good_data_passes_rules(small: tuple[Path, dict[str, object]]) -> None:
    """Without the planted rows: keys, enums, references, numbers and times are all valid."""
    root, manifest = small
    good = {t: _good(root, manifest, t) for t in CONTRACT if t != "product.events"}
    accounts = set(good["crm.accounts"]["account_id"])
    users = good["product.users"].set_index("user_id")["account_id"]
    cutoff = AS_OF.isoformat() + " 23:59:59"
    for table, frame in good.items():
        key = frame[KEYS[table]]
        assert (key != "").all().all(), table
        assert not key.duplicated().any(), table
        if "account_id" in frame and table != "crm.accounts":
            refs = frame["account_id"][frame["account_id"] != ""]
            assert refs.isin(accounts).all(), table
        for col in PAST_COLUMNS.get(table, ()):
            values = frame[col][frame[col] != ""]
            assert (values <= cutoff).all(), (table, col)
        for col in NUMBERS.get(table, ()):
            values = pd.to_numeric(frame[col], errors="raise")
            if col != "sentiment":
                assert (values >= 0).all(), (table, col)
    for (table, col), allowed in ENUMS.items():
        assert good[table][col].isin(allowed).all(), (table, col)
    tp = good["crm.touchpoints"]
    assert pd.to_numeric(tp["sentiment"]).between(-2, 2).all()
    sv = good["voice.survey_responses"]
    score = pd.to_numeric(sv["score"])
    assert score[sv["survey_type"] == "nps"].between(0, 10).all()
    assert score[sv["survey_type"] == "csat"].between(1, 5).all()
    assert (users.reindex(sv["user_id"]).to_numpy() == sv["account_id"].to_numpy()).all()
    subs = good["finance.subscriptions"]
    ended = subs[subs["end_date"] != ""]
    assert (ended["end_date"] >= ended["start_date"]).all()
    ms = good["product.milestones"]
    assert not ms.duplicated(["account_id", "milestone_key"]).any()


def test_good_events_pass_rules(small: tuple[Path, dict[str, object]]) -> None:
    """Good events: unique ids, known accounts/users/features, positive quantity, past."""
    root, manifest = small
    events = _good(root, manifest, "product.events")
    users = _raw(root, "product.users").set_index("user_id")["account_id"]
    users = users[~users.index.duplicated()]
    assert events["event_id"].notna().all() and not events["event_id"].duplicated().any()
    assert events["user_id"].isin(users.index).all()
    assert (users.reindex(events["user_id"]).to_numpy() == events["account_id"].to_numpy()).all()
    assert events["feature_key"].isin(V.FEATURE_KEYS).all()
    assert (events["quantity"].astype(int) >= 1).all()
    cutoff = pd.Timestamp(AS_OF, tz="UTC") + pd.Timedelta(days=1)
    assert (pd.to_datetime(events["loaded_at"]) < cutoff).all()
    assert (pd.to_datetime(events["occurred_at"]) <= pd.to_datetime(events["loaded_at"])).all()


# --- events ------------------------------------------------------------------------------


def _con(root: Path) -> duckdb.DuckDBPyConnection:
    """DuckDB connection with the raw tables as views (UTC)."""
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    events = table_path(root, "product.events")
    con.execute(
        f"create view events as select * exclude (occurred_at, loaded_at), "
        f"occurred_at::timestamp as occurred_at, loaded_at::timestamp as loaded_at "
        f"from read_parquet('{events}/*.parquet', filename = true) "
        f"where event_id like 'evt_0%' "  # planted bad rows use evt_9... or a null id
        f"qualify row_number() over (partition by event_id order by filename) = 1"
    )
    for table in CONTRACT:
        if table != "product.events":
            name = table.split(".")[1]
            con.execute(
                f"create view {name} as select * from read_csv('{table_path(root, table)}', "
                f"all_varchar = true, header = true)"
            )
    return con


def test_event_files_partitioned_by_load_month(small: tuple[Path, dict[str, object]]) -> None:
    """Each file holds the events loaded in its month; ~2% arrive 1-5 days late."""
    root, manifest = small
    con = _con(root)
    wrong = con.execute(
        "select count(*) from events where strftime(loaded_at, 'events_%Y_%m.parquet') "
        "<> regexp_extract(filename, '[^/]+$')"
    ).fetchone()
    assert wrong == (0,)
    total, late, max_lag = con.execute(
        "select count(*), count(*) filter (where loaded_at - occurred_at >= interval 1 day), "
        "max(loaded_at - occurred_at) from events"
    ).fetchone()  # type: ignore[misc]
    assert 0.01 < late / total < 0.03
    assert max_lag <= dt.timedelta(days=5, hours=1)
    assert abs(total - SMALL["events_target"]) / SMALL["events_target"] < 0.15  # type: ignore[operator]
    assert manifest["late_events"] == late


def test_events_only_in_active_subscription_periods(
    large: tuple[Path, dict[str, object]],
) -> None:
    """No event falls outside the account's subscription periods (latest versions)."""
    root, manifest = large
    con = _con(root)
    con.execute(
        "create table subs as select subscription_id, account_id, start_date::date as s, "
        "coalesce(nullif(end_date, '')::date, date '2999-12-31') as e from ("
        "select *, row_number() over (partition by subscription_id order by updated_at desc) rn "
        "from subscriptions where subscription_id < 'sub_9' and try_cast(seats as int) >= 0 "
        "and try_cast(mrr_amount as double) >= 0 and account_id < 'acc_9') where rn = 1"
    )
    outside = con.execute(
        "select count(*) from events ev where not exists (select 1 from subs "
        "where subs.account_id = ev.account_id and ev.occurred_at::date between subs.s and subs.e)"
    ).fetchone()
    assert outside == (0,)
    before_user = con.execute(
        "select count(*) from events ev join users u using (user_id) "
        "where u.user_id <> '' and ev.occurred_at < u.created_at::timestamp"
    ).fetchone()
    assert before_user == (0,)


def test_event_volume_ramps_and_weekdays(large: tuple[Path, dict[str, object]]) -> None:
    """Weekdays are busier than weekends; new accounts ramp up over their first months."""
    root, _ = large
    con = _con(root)
    weekday, weekend = con.execute(
        "select count(*) filter (where isodow(occurred_at) <= 5) / 5.0, "
        "count(*) filter (where isodow(occurred_at) > 5) / 2.0 from events"
    ).fetchone()  # type: ignore[misc]
    assert weekday > 2 * weekend
    ramp = con.execute(
        """
        with first_start as (
            select account_id, min(start_date::date) as s from subscriptions
            where subscription_id < 'sub_9' group by 1 having min(start_date::date) >= date
            '2024-09-01'
        ),
        monthly as (
            select ev.account_id, datediff('month', f.s, date_trunc('month', occurred_at)) as age,
                count(*) as n
            from events ev join first_start f using (account_id) group by 1, 2
        )
        select avg(n) filter (where age = 0), avg(n) filter (where age between 6 and 9)
        from monthly
        """
    ).fetchone()
    assert ramp is not None and ramp[0] < ramp[1]


def test_event_spikes_are_tenfold(large: tuple[Path, dict[str, object]]) -> None:
    """Planted feed anomalies are ~10x the account's usual events per active user."""
    root, manifest = large
    con = _con(root)
    spikes = [a for a in manifest["anomalies"] if a["feed"] == "product.events"]  # type: ignore[union-attr]
    assert 6 <= len(spikes) <= 10
    per_user = con.execute(
        "select account_id, date_trunc('month', occurred_at)::date::varchar as m, "
        "count(*) / count(distinct user_id) as depth from events group by 1, 2"
    ).df()
    for spike in spikes:
        rows = per_user[per_user["account_id"] == spike["account_id"]]
        hit = rows[rows["m"] == spike["month_start"]]["depth"].iloc[0]
        usual = rows[rows["m"] != spike["month_start"]]["depth"].median()
        assert hit > 4 * usual, spike


# --- behaviour ---------------------------------------------------------------------------


def test_churn_and_reactivation(large: tuple[Path, dict[str, object]]) -> None:
    """8-15% of accounts churn in the window, some come back; corrected versions exist."""
    root, manifest = large
    subs = _good(root, manifest, "finance.subscriptions")
    subs = subs.sort_values("updated_at").drop_duplicates("subscription_id", keep="last")
    window_start = manifest["window_start"]
    ends = subs.groupby("account_id")["end_date"].apply(lambda s: (s == "").any())
    churned = ends[~ends].index
    share = len(churned) / manifest["accounts"]  # type: ignore[operator]
    assert 0.06 <= share <= 0.18
    # Reactivation: a gap of at least a month between consecutive periods.
    subs = subs.sort_values(["account_id", "start_date"])
    prev_end = subs.groupby("account_id")["end_date"].shift()
    gap = pd.to_datetime(subs["start_date"]) - pd.to_datetime(prev_end)
    reactivated = subs.loc[gap > pd.Timedelta(days=30), "account_id"].unique()
    assert len(reactivated) >= 1
    assert (subs.loc[gap.notna(), "start_date"] >= window_start).any()
    # ~3% of subscription rows have an earlier, corrected version.
    raw = _good(root, manifest, "finance.subscriptions")
    versions = raw["subscription_id"].duplicated().sum() / raw["subscription_id"].nunique()
    assert 0.005 < versions < 0.08
    # ~10% of accounts have a second CRM version.
    acc = _good(root, manifest, "crm.accounts")
    changed = acc["account_id"].duplicated().sum() / manifest["accounts"]  # type: ignore[operator]
    assert 0.04 < changed < 0.16


def test_renewal_win_rate_rises_with_health(large: tuple[Path, dict[str, object]]) -> None:
    """Closed renewals are won more often at healthier accounts (back-test signal)."""
    root, manifest = large
    opp = _good(root, manifest, "crm.opportunities")
    renewals = opp[(opp["opportunity_type"] == "renewal") & (opp["is_closed"] == "true")]
    renewals = renewals[renewals["close_date"] >= manifest["window_start"]]
    health = pd.Series(manifest["account_health"])
    h = health.reindex(renewals["account_id"]).to_numpy()
    won = (renewals["is_won"] == "true").to_numpy()
    median = np.median(h)
    assert won[h >= median].mean() > won[h < median].mean() + 0.05
    assert (~won).sum() >= 8


def test_scores_follow_health(large: tuple[Path, dict[str, object]]) -> None:
    """NPS, CSAT and touchpoint sentiment correlate positively with latent health."""
    root, manifest = large
    health = pd.Series(manifest["account_health"])
    sv = _good(root, manifest, "voice.survey_responses")
    sv["score"] = pd.to_numeric(sv["score"])
    for kind in ("nps", "csat"):
        per = sv[sv["survey_type"] == kind].groupby("account_id")["score"].mean()
        assert np.corrcoef(per, health.reindex(per.index))[0, 1] > 0.3, kind
    tp = _good(root, manifest, "crm.touchpoints")
    per = pd.to_numeric(tp["sentiment"]).groupby(tp["account_id"]).mean()
    assert np.corrcoef(per, health.reindex(per.index))[0, 1] > 0.3
    no_responses = [m for m in manifest["missing_data"] if m["what"] == "no_responses"]  # type: ignore[union-attr]
    assert no_responses
    assert not sv["account_id"].isin([m["account_id"] for m in no_responses]).any()


def test_milestones_in_order_and_censored(large: tuple[Path, dict[str, object]]) -> None:
    """Milestones come in order; first value lands 14-120 days in; some are not reached."""
    root, manifest = large
    ms = _good(root, manifest, "product.milestones")
    wide = ms.pivot(index="account_id", columns="milestone_key", values="achieved_at")
    chain = [wide[k] for k in V.MILESTONES]
    for early, late in zip(chain, chain[1:], strict=False):
        both = early.notna() & late.notna()
        assert (early[both] <= late[both]).all()
    assert wide["first_value"].isna().any() and wide["full_rollout"].isna().sum() > 10
    subs = _good(root, manifest, "finance.subscriptions")
    first = pd.to_datetime(subs.groupby("account_id")["start_date"].min())
    lag = (pd.to_datetime(wide["first_value"]) - first.reindex(wide.index)).dt.days.dropna()
    assert lag.between(14, 121).all()


def test_interventions_planted(large: tuple[Path, dict[str, object]]) -> None:
    """Two balanced experiments (one real effect, one null) and one observational programme;
    a difference-in-differences on raw events recovers the planted stickiness effect."""
    root, manifest = large
    ivs = {iv["intervention_id"]: iv for iv in manifest["interventions"]}  # type: ignore[union-attr]
    assert ivs["int_001"]["has_control"] and ivs["int_002"]["has_control"]
    assert not ivs["int_003"]["has_control"]
    assert ivs["int_001"]["true_effect"] > 0.01 and ivs["int_002"]["true_effect"] == 0
    assert ivs["int_003"]["true_effect"] > 0
    arms = _good(root, manifest, "programs.intervention_assignments")
    counts = arms.groupby(["intervention_id", "arm"]).size()
    assert counts["int_001"]["treatment"] == counts["int_001"]["control"]
    assert counts["int_002"]["treatment"] == counts["int_002"]["control"]
    assert "control" not in counts["int_003"]
    assert not arms.duplicated("account_id").any()  # programmes are disjoint

    con = _con(root)
    start = ivs["int_001"]["start_date"]
    did = con.execute(
        f"""
        with daily as (
            select account_id, date_trunc('month', occurred_at) as m,
                count(distinct (user_id, occurred_at::date)) as user_days,
                count(distinct user_id) as mau,
                extract(day from last_day(date_trunc('month', occurred_at))) as days
            from events group by 1, 2
        ),
        stick as (
            select d.account_id, a.arm, d.m >= date '{start}' as post,
                d.user_days / (d.mau * d.days) as stickiness
            from daily d join intervention_assignments a
                on a.account_id = d.account_id and a.intervention_id = 'int_001'
            where a.arm in ('treatment', 'control')
                and d.m between date '{start}' - interval 6 month
                and date '{start}' + interval 5 month
        ),
        cells as (
            select arm, post, avg(stickiness) as s from stick group by 1, 2
        )
        select
            max(s) filter (where arm = 'treatment' and post)
            - max(s) filter (where arm = 'treatment' and not post)
            - max(s) filter (where arm = 'control' and post)
            + max(s) filter (where arm = 'control' and not post)
        from cells
        """
    ).fetchone()
    assert did is not None
    true_effect = ivs["int_001"]["true_effect"]
    assert 0.4 * true_effect < did[0] < 1.8 * true_effect


def test_impact_and_missing_data(large: tuple[Path, dict[str, object]]) -> None:
    """Healthy accounts' cost per transaction falls; planted gaps and 10x values are real."""
    root, manifest = large
    im = _good(root, manifest, "finance.impact_measurements")
    im["value"] = pd.to_numeric(im["value"])
    health = pd.Series(manifest["account_health"])
    cost = im[im["impact_metric_key"] == "cost_per_transaction_usd"].sort_values("period_month")
    change = cost.groupby("account_id")["value"].agg(lambda s: s.iloc[-1] / s.iloc[0] - 1)
    healthy = change[health.reindex(change.index) > 0.5]
    assert (healthy < 0).mean() > 0.7
    gaps = [m for m in manifest["missing_data"] if m["table"] == "finance.impact_measurements"]  # type: ignore[union-attr]
    assert gaps
    for gap in gaps:
        rows = im[
            (im["account_id"] == gap["account_id"]) & (im["impact_metric_key"] == gap["what"])
        ]
        assert not rows["period_month"].isin(gap["months"]).any()
    for anomaly in manifest["anomalies"]:  # type: ignore[union-attr]
        if anomaly["metric_id"] != "hours_saved":
            continue
        row = im[im["measurement_id"] == anomaly["measurement_id"]]
        assert len(row) == 1 and row["period_month"].iloc[0] == anomaly["month_start"]
        others = im[
            (im["account_id"] == anomaly["account_id"])
            & (im["impact_metric_key"] == "hours_saved")
            & (im["measurement_id"] != anomaly["measurement_id"])
        ]["value"]
        assert row["value"].iloc[0] > 4 * others.median()
    outages = [m for m in manifest["missing_data"] if m["table"] == "product.events"]  # type: ignore[union-attr]
    con = _con(root)
    for outage in outages:
        n = con.execute(
            "select count(*) from events where account_id = ? and "
            "date_trunc('month', occurred_at)::date = ?::date",
            [outage["account_id"], outage["months"][0]],
        ).fetchone()
        assert n == (0,)


def test_users_track_seats(large: tuple[Path, dict[str, object]]) -> None:
    """Users number 40-95% of peak seats and every account has some."""
    root, manifest = large
    users = _good(root, manifest, "product.users")
    subs = _good(root, manifest, "finance.subscriptions")
    subs = subs.sort_values("updated_at").drop_duplicates("subscription_id", keep="last")
    peak = pd.to_numeric(subs["seats"]).groupby(subs["account_id"]).max()
    ratio = users.groupby("account_id").size().reindex(peak.index) / peak
    assert ratio.between(0.3, 1.0).all()
    assert ratio.std() > 0.05


def test_bench_generate_reports_figures(tmp_path: Path) -> None:
    """bench_generate returns the figures a benchmark report needs."""
    figures = bench_generate(20_000, tmp_path / "bench")
    for key in ("events_written", "seconds", "events_per_second", "peak_rss_mb", "accounts"):
        assert key in figures
    assert figures["events_written"] > 10_000  # type: ignore[operator]
