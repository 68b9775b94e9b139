"""Evidence and action (issue 6): intervention effects against the generator's planted truth,
the difference-in-differences math recomputed independently, insights, governance and the
"where to act next" priorities."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from conftest import Built
from helpers import REPO, query, query_df, run_dbt
from scipy import stats


def _manifest(built: Built) -> dict:
    return json.loads((built.raw_root / "manifest.json").read_text())


def _effects(built: Built) -> pd.DataFrame:
    return query_df(built.database, "select * from marts.fct_intervention_effects").set_index(
        "intervention_id"
    )


def test_did_unit_tests_run_and_pass(built: Built) -> None:
    """The hand-computed DiD cases (dbt unit tests next to the models) run and pass."""
    result = run_dbt(
        ["test", "--select", "test_type:unit,fct_intervention_effects"],
        built.workdir,
        built.raw_root,
        built.as_of,
    )
    assert "intervention_did_welch_hand_computed" in result.stdout
    assert "PASS=1" in result.stdout and "ERROR=0" in result.stdout


def test_planted_effects_lie_in_their_95_percent_intervals(default_built: Built) -> None:
    """Every planted effect with a control arm lies in its interval; the planted null effect is
    not significant; the programme without a control arm gets no causal estimate."""
    planted = _manifest(default_built)["interventions"]
    effects = _effects(default_built)
    assert set(effects.index) == {p["intervention_id"] for p in planted}
    nulls = 0
    for p in planted:
        row = effects.loc[p["intervention_id"]]
        assert row["metric_id"] == p["metric_id"]
        if not p["has_control"]:
            assert row["estimate_type"] == "observational"
            assert pd.isna(row["did_estimate"]) and pd.isna(row["ci_low"])
            assert not row["is_significant"]
            continue
        assert row["estimate_type"] == "difference_in_differences"
        assert row["treatment_accounts"] >= 0.9 * p["treatment_accounts"]
        assert row["control_accounts"] >= 0.9 * p["control_accounts"]
        assert row["ci_low"] <= p["true_effect"] <= row["ci_high"], (
            p["intervention_id"],
            p["true_effect"],
            row["ci_low"],
            row["ci_high"],
        )
        if p["true_effect"] == 0:
            nulls += 1
            assert not row["is_significant"]
        else:
            # a real planted effect is detected, not just covered by a huge interval
            assert row["is_significant"]
    assert nulls >= 1, "the generator should plant one null effect"


def test_did_matches_an_independent_welch_computation(default_built: Built) -> None:
    """Recompute every DiD from the metric mart and the month spine in pandas, with scipy's
    Welch test, and compare estimate, standard error, df, sample sizes and interval."""
    db = default_built.database
    pre_months = 3  # dbt_project.yml default var intervention_pre_months
    interventions = query_df(db, "select * from staging.stg_programs__interventions")
    assignments = query_df(db, "select * from staging.stg_programs__intervention_assignments")
    complete = query_df(
        db,
        "select account_id, month_start from intermediate.int_account_months where is_active "
        "and not is_partial_month and first_subscription_date <= month_start "
        "and last_active_date = month_end",
    )
    values = query_df(
        db,
        "select account_id, month_start, metric_id, metric_value "
        "from marts.fct_account_metrics_monthly where metric_value is not null",
    )
    values = values.merge(complete, on=["account_id", "month_start"])
    effects = _effects(default_built)
    for iv in interventions.to_dict("records"):
        if iv["intervention_id"] not in set(assignments["intervention_id"]):
            continue
        start = pd.Timestamp(iv["start_date"]).to_period("M").to_timestamp()
        pre_start = start - pd.DateOffset(months=pre_months)
        v = values[(values["metric_id"] == iv["metric_id"])]
        v = v[pd.to_datetime(v["month_start"]) >= pre_start]
        v = v.assign(post=pd.to_datetime(v["month_start"]) >= start)
        means = v.groupby(["account_id", "post"])["metric_value"].mean().unstack()
        arms = assignments[assignments["intervention_id"] == iv["intervention_id"]]
        change = (means[True] - means[False]).dropna()
        t = change[change.index.isin(arms.loc[arms["arm"] == "treatment", "account_id"])]
        c = change[change.index.isin(arms.loc[arms["arm"] == "control", "account_id"])]
        row = effects.loc[iv["intervention_id"]]
        assert row["treatment_accounts"] == len(t)
        assert row["control_accounts"] == len(c)
        if len(c) == 0:
            continue
        did = t.mean() - c.mean()
        se = math.sqrt(t.var(ddof=1) / len(t) + c.var(ddof=1) / len(c))
        welch = stats.ttest_ind(t, c, equal_var=False)
        df = welch.df
        assert row["did_estimate"] == pytest.approx(did, rel=1e-9, abs=1e-12)
        assert row["standard_error"] == pytest.approx(se, rel=1e-9)
        assert row["welch_df"] == pytest.approx(df, rel=1e-9)
        assert row["t_statistic"] == pytest.approx(welch.statistic, rel=1e-9)
        # the interval uses the t quantile at the largest tabulated df not above the Welch df
        tabulated = [*range(1, 31), 40, 50, 60, 80, 100, 120, 1000]
        table_df = max(d for d in tabulated if d <= df)
        half = stats.t.ppf(0.975, table_df) * se
        assert row["ci_low"] == pytest.approx(did - half, abs=1e-3 * se)
        assert row["ci_high"] == pytest.approx(did + half, abs=1e-3 * se)
        assert bool(row["is_significant"]) == (did - half > 0 or did + half < 0)


def test_pre_period_balance_is_checked_for_randomised_arms(default_built: Built) -> None:
    """Randomised arms carry a standardised mean difference; the observational row none."""
    effects = _effects(default_built)
    for row in effects.to_dict("records"):
        if row["has_control_arm"]:
            assert not pd.isna(row["pre_period_smd"])
            assert bool(row["is_pre_period_balanced"]) == (abs(row["pre_period_smd"]) <= 0.25)
        else:
            assert pd.isna(row["is_pre_period_balanced"])


def test_insights_cover_accepted_touchpoints_and_unknown_themes_are_quarantined(
    default_built: Built,
) -> None:
    db = default_built.database
    staged = {r[0] for r in query(db, "select touchpoint_id from staging.stg_crm__touchpoints")}
    insights = query_df(db, "select * from marts.fct_account_insights")
    assert set(insights["touchpoint_id"]) == staged and len(insights) == len(staged)
    codebook = pd.read_csv(REPO / "seeds" / "theme_codebook.csv")
    assert set(insights["theme_code"]) <= set(codebook["theme_code"])
    # the planted unknown theme code is quarantined, not dropped
    planted = [
        b["match"]["touchpoint_id"]
        for b in _manifest(default_built)["bad_rows"]
        if b["table"] == "crm.touchpoints" and b["reason"] == "unknown_theme_code"
    ]
    assert planted
    quarantined = query(
        db,
        "select record_key from staging.quarantine_rows where source_table = 'crm.touchpoints' "
        "and rejection_reason = 'unknown_theme_code'",
    )
    assert set(planted) <= {r[0] for r in quarantined}
    # each insight points at the metric its theme speaks to
    linked = insights.merge(codebook, on="theme_code", suffixes=("", "_codebook"))
    assert (linked["metric_id"] == linked["metric_id_codebook"]).all()


def test_suggested_direction_follows_sentiment_and_codebook(default_built: Built) -> None:
    insights = query_df(default_built.database, "select * from marts.fct_account_insights")
    flip = {"up": "down", "down": "up"}
    expected = [
        e if s > 0 else (flip[e] if s < 0 else None)
        for s, e in zip(insights["sentiment"], insights["expected_direction"], strict=True)
    ]
    actual = [None if pd.isna(v) else v for v in insights["suggested_direction"]]
    assert actual == expected
    checked = insights.dropna(subset=["suggested_direction", "metric_movement_direction"])
    assert len(checked) > 100
    assert (
        checked["is_movement_consistent"]
        == (checked["suggested_direction"] == checked["metric_movement_direction"])
    ).all()


def test_overdue_decisions_recomputed_from_staging(default_built: Built) -> None:
    db = default_built.database
    as_of = pd.Timestamp(default_built.as_of)
    staged = query_df(db, "select * from staging.stg_programs__decisions")
    overdue = staged[(staged["status"] == "open") & (pd.to_datetime(staged["due_date"]) < as_of)]
    mart = query_df(db, "select * from marts.fct_governance_decisions")
    assert set(mart.loc[mart["is_overdue"], "decision_id"]) == set(overdue["decision_id"])
    assert len(overdue) > 0
    summary = query_df(db, "select * from marts.fct_governance_owner_summary")
    assert summary["overdue_decisions"].sum() == len(overdue)
    assert summary["decisions"].sum() == len(staged)
    done = staged[staged["status"] == "done"]
    on_time = (
        pd.to_datetime(done["completed_at"]).dt.normalize() <= pd.to_datetime(done["due_date"])
    ).sum()
    assert summary["done_on_time_decisions"].sum() == on_time


def test_action_priorities_are_mrr_weighted_points_lost(default_built: Built) -> None:
    """For the whole book in one month, recompute Σ(points lost × MRR) / Σ MRR per metric."""
    db = default_built.database
    month = query(
        db,
        "select max(month_start) from marts.fct_account_scorecards_monthly "
        "where overall_score is not null and month_start < date '2026-11-01'",
    )[0][0]
    cards = query_df(
        db,
        f"select account_id, mrr_amount from marts.fct_account_scorecards_monthly "
        f"where month_start = date '{month}' and overall_score is not null",
    )
    lost = query_df(
        db,
        "select account_id, metric_id, points_lost "
        f"from intermediate.int_metric_points_lost_monthly where month_start = date '{month}'",
    ).merge(cards, on="account_id")
    mrr = cards["mrr_amount"].astype(float)
    lost["weighted"] = lost["points_lost"] * lost["mrr_amount"].astype(float)
    expected = (lost.groupby("metric_id")["weighted"].sum() / mrr.sum()).sort_values(
        ascending=False
    )
    mart = query_df(
        db,
        f"select * from marts.fct_action_priorities_monthly where segment_dimension = 'all' "
        f"and month_start = date '{month}' order by priority_rank",
    ).set_index("metric_id")
    for metric, value in expected.items():
        assert mart.loc[metric, "mrr_weighted_points_lost"] == pytest.approx(value, rel=1e-9)
    assert list(mart.index[:3]) == list(expected.index[:3])
    # an intervention on the metric with treated accounts scored that month targets the gap
    assert bool(mart.loc["stickiness", "is_targeted"])
    assert "int_001" in mart.loc["stickiness", "targeting_intervention_ids"]
