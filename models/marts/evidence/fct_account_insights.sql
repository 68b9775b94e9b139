{#- One row per qualitative touchpoint: its theme from the theme_codebook seed, the outcome
    level and metric the theme speaks to, its sentiment, the direction that sentiment suggests
    for the metric, and the metric's actual movement for the account over the same quarter
    (int_metric_movements_quarterly): did it move the way the insight suggests? Touchpoints
    with an unknown theme code never reach this model: staging quarantines them. -#}
with

touchpoints as (

    select * from {{ ref('stg_crm__touchpoints') }}

),

codebook as (

    select * from {{ ref('theme_codebook') }}

),

movements as (

    select * from {{ ref('int_metric_movements_quarterly') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

metrics as (

    select * from {{ ref('dim_metrics') }}

),

coded as (

    select
        touchpoints.touchpoint_id,
        touchpoints.account_id,
        touchpoints.touchpoint_type,
        touchpoints.occurred_at,
        cast(touchpoints.occurred_at as date) as occurred_date,
        cast({{ dbt.date_trunc('quarter', 'touchpoints.occurred_at') }} as date)
            as quarter_start,
        touchpoints.author,
        touchpoints.theme_code,
        codebook.theme_name,
        codebook.outcome_level,
        codebook.metric_id,
        codebook.expected_direction,
        touchpoints.sentiment,
        touchpoints.notes
    from touchpoints
    inner join codebook
        on touchpoints.theme_code = codebook.theme_code

),

suggested as (

    select
        *,
        case
            when sentiment > 0 then expected_direction
            when sentiment < 0 and expected_direction = 'up' then 'down'
            when sentiment < 0 and expected_direction = 'down' then 'up'
        end as suggested_direction,
        case
            when sentiment > 0 then 'positive'
            when sentiment < 0 then 'negative'
            else 'neutral'
        end as sentiment_label
    from coded

),

final as (

    select
        suggested.touchpoint_id,
        suggested.account_id,
        accounts.account_name,
        suggested.touchpoint_type,
        suggested.occurred_at,
        suggested.occurred_date,
        suggested.quarter_start,
        suggested.author,
        suggested.theme_code,
        suggested.theme_name,
        suggested.outcome_level,
        suggested.metric_id,
        metrics.metric_name,
        suggested.expected_direction,
        suggested.sentiment,
        suggested.sentiment_label,
        suggested.suggested_direction,
        movements.start_value as metric_start_value,
        movements.end_value as metric_end_value,
        movements.value_change as metric_change,
        movements.movement_direction as metric_movement_direction,
        movements.last_band as metric_quarter_band,
        suggested.notes,
        case
            when suggested.suggested_direction is null
                or movements.movement_direction is null then null
            else suggested.suggested_direction = movements.movement_direction
        end as is_movement_consistent
    from suggested
    left join accounts
        on suggested.account_id = accounts.account_id
    left join metrics
        on suggested.metric_id = metrics.metric_id
    left join movements
        on
            suggested.account_id = movements.account_id
            and suggested.metric_id = movements.metric_id
            and suggested.quarter_start = movements.quarter_start

)

select * from final
