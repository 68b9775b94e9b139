{#- Usage per account and month, from the daily aggregate (never from events). -#}
with

daily as (

    {#- Days after the as-of date (possible within future_tolerance_days) are not measured. -#}
    select * from {{ ref('int_usage_aggregated_daily') }}
    where activity_date <= {{ scorecard_as_of_date() }}

),

features as (

    select * from {{ ref('features') }}

),

user_days as (

    select distinct
        daily.account_id,
        daily.activity_date,
        daily.user_id
    from daily

),

daily_active_users as (

    select
        account_id,
        cast({{ dbt.date_trunc('month', 'activity_date') }} as date) as month_start,
        count(*) as active_user_days,
        count(distinct user_id) as active_users,
        count(distinct activity_date) as active_days
    from user_days
    group by 1, 2

),

events as (

    select
        daily.account_id,
        cast({{ dbt.date_trunc('month', 'daily.activity_date') }} as date) as month_start,
        sum(daily.event_count) as event_count,
        sum(case when features.is_core then daily.event_count else 0 end) as core_event_count,
        sum(daily.quantity_total) as quantity_total
    from daily
    left join features
        on daily.feature_key = features.feature_key
    group by 1, 2

),

final as (

    select
        daily_active_users.account_id,
        daily_active_users.month_start,
        daily_active_users.active_users,
        daily_active_users.active_user_days,
        daily_active_users.active_days,
        events.event_count,
        events.core_event_count,
        events.quantity_total
    from daily_active_users
    inner join events
        on
            daily_active_users.account_id = events.account_id
            and daily_active_users.month_start = events.month_start

)

select * from final
