{#- Calculator of `stickiness` (DAU/MAU): mean daily active users over the month's measured
    days / the month's active users. The measured days are `days_measured` (the whole month,
    or up to the as-of date in the current month), so a partial month is not diluted by days
    that have not happened yet. NA (`no_active_users`) without active users. -#}
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
        account_months.days_measured,
        coalesce(usage_monthly.active_users, 0) as active_users,
        coalesce(usage_monthly.active_user_days, 0) as active_user_days
    from account_months
    left join usage_monthly
        on
            account_months.account_id = usage_monthly.account_id
            and account_months.month_start = usage_monthly.month_start

),

ratios as (

    select
        account_id,
        month_start,
        case
            when active_users = 0 then null
            else
                (cast(active_user_days as double) / days_measured)
                / active_users
        end as metric_value,
        case when active_users = 0 then 'no_active_users' end as missing_reason
    from account_month_usage

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start as date) as month_start,
        cast('stickiness' as {{ dbt.type_string() }}) as metric_id,
        cast(metric_value as double) as metric_value,
        cast(missing_reason as {{ dbt.type_string() }}) as missing_reason,
        false as is_censored
    from ratios

)

select * from final
