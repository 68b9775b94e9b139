{#-
    hours_saved: sum of the `hours_saved` impact measurements with period_month = the month.
    Null ('no_measurement') when none was recorded: not measured is not zero saved.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

impact_measurements as (

    select * from {{ ref('stg_finance__impact_measurements') }}

),

monthly_hours as (

    select
        account_id,
        period_month,
        sum(value) as hours_saved
    from impact_measurements
    where impact_metric_key = 'hours_saved'
    group by 1, 2

),

final as (

    select
        account_months.account_id,
        account_months.month_start,
        cast('hours_saved' as {{ dbt.type_string() }}) as metric_id,
        cast(monthly_hours.hours_saved as double) as metric_value,
        cast(
            case when monthly_hours.hours_saved is null then 'no_measurement' end
            as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from account_months
    left join monthly_hours
        on
            account_months.account_id = monthly_hours.account_id
            and account_months.month_start = monthly_hours.period_month

)

select * from final
