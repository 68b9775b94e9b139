{#- Usage per account, month and feature, from the daily aggregate (never from events). -#}
with

daily as (

    {#- Days after the as-of date (possible within future_tolerance_days) are not measured. -#}
    select * from {{ ref('int_usage_aggregated_daily') }}
    where activity_date <= {{ scorecard_as_of_date() }}

),

features as (

    select * from {{ ref('features') }}

),

monthly as (

    select
        daily.account_id,
        cast({{ dbt.date_trunc('month', 'daily.activity_date') }} as date) as month_start,
        daily.feature_key,
        features.is_core,
        features.min_plan_key,
        count(distinct daily.user_id) as active_users,
        sum(daily.event_count) as event_count,
        sum(daily.quantity_total) as quantity_total
    from daily
    left join features
        on daily.feature_key = features.feature_key
    group by 1, 2, 3, 4, 5

)

select * from monthly
