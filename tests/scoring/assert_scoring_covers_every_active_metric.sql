{#- No registered active metric (scorecard_metrics where is_active) is silently missing from
    int_metric_scores_monthly for an active account-month: every one is present, either
    scored or with band no_data (and a scored metric is banded red, yellow or green).
    Returns one row per missing or mis-banded account-month-metric. -#}
with

active_account_months as (

    select * from {{ ref('int_account_months') }}
    where is_active and is_scored_month

),

registry as (

    select * from {{ ref('scorecard_metrics') }}
    where is_active

),

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

expected as (

    select
        active_account_months.account_id,
        active_account_months.month_start,
        registry.metric_id
    from active_account_months
    cross join registry

),

compared as (

    select
        expected.account_id,
        expected.month_start,
        expected.metric_id,
        metric_scores.score,
        metric_scores.band,
        case
            when metric_scores.metric_id is null then 'missing_from_metric_scores'
            when metric_scores.score is null and metric_scores.band <> 'no_data'
                then 'unscored_without_no_data_band'
            when metric_scores.score is not null
                and metric_scores.band not in ('red', 'yellow', 'green')
                then 'scored_without_band'
        end as problem
    from expected
    left join metric_scores
        on
            expected.account_id = metric_scores.account_id
            and expected.month_start = metric_scores.month_start
            and expected.metric_id = metric_scores.metric_id

),

final as (

    select *
    from compared
    where problem is not null

)

select * from final
