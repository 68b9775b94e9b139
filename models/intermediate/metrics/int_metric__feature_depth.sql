{#- Calculator of `feature_depth`: accepted events on core features in the month / active
    users. NA (`no_active_users`) without active users; users active only on non-core
    features give a genuine 0. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

usage_monthly as (

    select * from {{ ref('int_usage_monthly') }}

),

account_month_usage as (

    select
        account_months.account_id,
        account_months.month_start,
        coalesce(usage_monthly.active_users, 0) as active_users,
        coalesce(usage_monthly.core_event_count, 0) as core_event_count
    from account_months
    left join usage_monthly
        on
            account_months.account_id = usage_monthly.account_id
            and account_months.month_start = usage_monthly.month_start

),

depth as (

    select
        account_id,
        month_start,
        case
            when active_users = 0 then null
            else cast(core_event_count as double) / active_users
        end as metric_value,
        case when active_users = 0 then 'no_active_users' end as missing_reason
    from account_month_usage

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start as date) as month_start,
        cast('feature_depth' as {{ dbt.type_string() }}) as metric_id,
        cast(metric_value as double) as metric_value,
        cast(missing_reason as {{ dbt.type_string() }}) as missing_reason,
        false as is_censored
    from depth

)

select * from final
