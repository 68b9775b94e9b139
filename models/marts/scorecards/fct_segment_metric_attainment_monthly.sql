{#- Per segment dimension, segment value, month and metric: how many active accounts have a
    value, and the share of them at or beyond target (in the metric's direction). -#}
with

metrics as (

    select * from {{ ref('fct_account_metrics_monthly') }}
    where is_active

),

segment_dimensions as (

    {{ segment_dimension_rows() }}

),

exploded as (

    select
        segment_dimensions.segment_dimension,
        {{ segment_value('metrics') }} as segment_value,
        metrics.*
    from metrics
    cross join segment_dimensions

),

final as (

    select
        segment_dimension,
        segment_value,
        month_start,
        metric_id,
        max(outcome_level) as outcome_level,
        -- `accounts` is a keyword to sqlfluff, but the column name is read downstream
        count(*) as accounts,  -- noqa: RF04
        count(metric_value) as accounts_with_value,
        avg(case when is_missing then 1.0 else 0.0 end) as share_missing,
        percentile_cont(0.5) within group (order by metric_value) as median_value,
        avg(metric_value) as mean_value,
        avg(case when is_target_met then 1.0 when is_target_met is not null then 0.0 end)
            as share_at_or_above_target
    from exploded
    group by 1, 2, 3, 4

)

select * from final
