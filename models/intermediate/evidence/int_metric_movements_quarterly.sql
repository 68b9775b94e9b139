{#- One row per account, metric and calendar quarter in which the account was scored: the
    metric's last value in the quarter, its last value in the previous quarter, the change,
    the band of the quarter's last scored month, and whether the metric is red or declining
    (moved against its favourable direction). Qualitative insights are matched to it. -#}
with

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

monthly as (

    select
        account_id,
        metric_id,
        direction,
        month_start,
        cast({{ dbt.date_trunc('quarter', 'month_start') }} as date) as quarter_start,
        metric_value,
        band
    from metric_scores

),

ranked as (

    select
        *,
        row_number() over (
            partition by account_id, metric_id, quarter_start order by month_start desc
        ) as month_rank,
        row_number() over (
            partition by account_id, metric_id, quarter_start
            order by case when metric_value is null then 1 else 0 end, month_start desc
        ) as valued_rank
    from monthly

),

quarter_ends as (

    select
        account_id,
        metric_id,
        direction,
        quarter_start,
        month_start as last_month_start,
        band as last_band
    from ranked
    where month_rank = 1

),

quarter_values as (

    select
        account_id,
        metric_id,
        quarter_start,
        month_start as value_month_start,
        metric_value
    from ranked
    where valued_rank = 1 and metric_value is not null

),

movements as (

    select
        quarter_ends.account_id,
        quarter_ends.metric_id,
        quarter_ends.direction,
        quarter_ends.quarter_start,
        quarter_ends.last_month_start,
        quarter_ends.last_band,
        current_values.metric_value as end_value,
        previous_values.metric_value as start_value,
        current_values.metric_value - previous_values.metric_value as value_change
    from quarter_ends
    left join quarter_values as current_values
        on
            quarter_ends.account_id = current_values.account_id
            and quarter_ends.metric_id = current_values.metric_id
            and quarter_ends.quarter_start = current_values.quarter_start
    left join quarter_values as previous_values
        on
            quarter_ends.account_id = previous_values.account_id
            and quarter_ends.metric_id = previous_values.metric_id
            and cast({{ dbt.dateadd('month', -3, 'quarter_ends.quarter_start') }} as date)
            = previous_values.quarter_start

),

final as (

    select
        *,
        case
            when value_change > 0 then 'up'
            when value_change < 0 then 'down'
            when value_change = 0 then 'flat'
        end as movement_direction,
        coalesce(
            (direction = 'higher_is_better' and value_change < 0)
            or (direction = 'lower_is_better' and value_change > 0),
            false
        ) as is_declining,
        coalesce(last_band = 'red', false) as is_red
    from movements

)

select * from final
