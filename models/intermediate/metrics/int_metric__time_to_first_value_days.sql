{#- Calculator of `time_to_first_value_days`: days from the account's first subscription start
    to the date (UTC) of its `first_value` milestone. Until the milestone is reached on or
    before the month's measure date (month end, or the as-of date in the current month) the
    value is the days elapsed to the measure date, flagged `is_censored` (a lower bound, not
    NA). NA (`no_subscription_start`) only without a first subscription date. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

milestones as (

    select * from {{ ref('stg_product__milestones') }}

),

first_value_milestones as (

    select
        account_id,
        min(cast(achieved_at as date)) as first_value_date
    from milestones
    where
        milestone_key = 'first_value'
        and achieved_at is not null
    group by 1

),

account_month_first_value as (

    select
        account_months.account_id,
        account_months.month_start,
        account_months.first_subscription_date,
        account_months.measure_date,
        first_value_milestones.first_value_date,
        coalesce(first_value_milestones.first_value_date <= account_months.measure_date, false)
            as has_first_value
    from account_months
    left join first_value_milestones
        on account_months.account_id = first_value_milestones.account_id

),

elapsed as (

    select
        account_id,
        month_start,
        case
            when first_subscription_date is null then null
            when has_first_value
                then {{ dbt.datediff('first_subscription_date', 'first_value_date', 'day') }}
            else {{ dbt.datediff('first_subscription_date', 'measure_date', 'day') }}
        end as metric_value,
        case when first_subscription_date is null then 'no_subscription_start' end
            as missing_reason,
        first_subscription_date is not null and not has_first_value as is_censored
    from account_month_first_value

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start as date) as month_start,
        cast('time_to_first_value_days' as {{ dbt.type_string() }}) as metric_id,
        cast(metric_value as double) as metric_value,
        cast(missing_reason as {{ dbt.type_string() }}) as missing_reason,
        cast(is_censored as {{ dbt.type_boolean() }}) as is_censored
    from elapsed

)

select * from final
