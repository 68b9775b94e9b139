{#- Calculator of `license_utilization`: active users / seats held on the month's last active
    day (`int_account_months.seats`). NA (`no_seats`) when the account holds no seats, e.g. in
    the month after a churn; 0 active users against seats is a genuine 0. -#}
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
        account_months.seats,
        coalesce(usage_monthly.active_users, 0) as active_users
    from account_months
    left join usage_monthly
        on
            account_months.account_id = usage_monthly.account_id
            and account_months.month_start = usage_monthly.month_start

),

utilization as (

    select
        account_id,
        month_start,
        case
            when coalesce(seats, 0) = 0 then null
            else cast(active_users as double) / seats
        end as metric_value,
        case when coalesce(seats, 0) = 0 then 'no_seats' end as missing_reason
    from account_month_usage

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start as date) as month_start,
        cast('license_utilization' as {{ dbt.type_string() }}) as metric_id,
        cast(metric_value as double) as metric_value,
        cast(missing_reason as {{ dbt.type_string() }}) as missing_reason,
        false as is_censored
    from utilization

)

select * from final
