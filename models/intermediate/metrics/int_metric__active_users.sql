{#- Calculator of `active_users`: distinct users with at least one accepted event in the month.
    A spine month without any usage row is a genuine 0 (the metric's missing-data rule is
    `zero`), so the value is never null here. -#}
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
        coalesce(usage_monthly.active_users, 0) as active_users
    from account_months
    left join usage_monthly
        on
            account_months.account_id = usage_monthly.account_id
            and account_months.month_start = usage_monthly.month_start

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start as date) as month_start,
        cast('active_users' as {{ dbt.type_string() }}) as metric_id,
        cast(active_users as double) as metric_value,
        cast(null as {{ dbt.type_string() }}) as missing_reason,
        false as is_censored
    from account_month_usage

)

select * from final
