{#- Metric scores of every active account-month: 0–100 from value, floor and target by
    direction, clamped; NA scores band `no_data` (never red); human overrides applied with the
    computed score kept; each metric's weight in the rubric version that scores the month. -#}
with

metrics as (

    select * from {{ ref('fct_account_metrics_monthly') }}
    where is_active

),

account_rubrics as (

    select * from {{ ref('int_account_rubrics_monthly') }}

),

rubrics as (

    select * from {{ ref('scorecard_rubrics') }}

),

overrides as (

    select * from {{ ref('score_overrides') }}
    where scope = 'metric'

),

scored as (

    select
        metrics.account_id,
        metrics.month_start,
        metrics.metric_id,
        metrics.outcome_level,
        metrics.direction,
        metrics.metric_value,
        metrics.floor_value,
        metrics.target_value,
        metrics.is_missing,
        metrics.missing_reason,
        coalesce(metrics.is_held_out, false) as is_held_out,
        {#- an anomalous value awaiting review is held out of scoring: NA score, never red -#}
        case
            when metrics.is_held_out then null
            else {{ metric_score(
                'metrics.metric_value',
                'metrics.floor_value',
                'metrics.target_value',
                'metrics.direction'
            ) }}
        end as computed_score
    from metrics

),

overridden as (

    select
        scored.*,
        overrides.override_id,
        overrides.reason as override_reason,
        overrides.approver as override_approver,
        overrides.approved_at as override_approved_at,
        coalesce(overrides.override_score, scored.computed_score) as score,
        overrides.override_id is not null as is_overridden
    from scored
    left join overrides
        on
            scored.account_id = overrides.account_id
            and scored.month_start = overrides.month_start
            and scored.metric_id = overrides.scope_key

),

weighted as (

    select
        overridden.*,
        account_rubrics.rubric_version,
        level_weights.weight as level_weight,
        coalesce(metric_weights.weight, 0) as metric_weight
    from overridden
    inner join account_rubrics
        on
            overridden.account_id = account_rubrics.account_id
            and overridden.month_start = account_rubrics.month_start
    left join rubrics as metric_weights
        on
            account_rubrics.rubric_version = metric_weights.rubric_version
            and metric_weights.weight_scope = 'metric'
            and overridden.metric_id = metric_weights.metric_id
    left join rubrics as level_weights
        on
            account_rubrics.rubric_version = level_weights.rubric_version
            and level_weights.weight_scope = 'level'
            and overridden.outcome_level = level_weights.outcome_level

),

final as (

    select
        weighted.*,
        {{ score_band('weighted.score') }} as band,
        {{ score_band('weighted.computed_score') }} as computed_band,
        weighted.score is not null and weighted.score = 0 as is_at_or_below_floor
    from weighted

)

select * from final
