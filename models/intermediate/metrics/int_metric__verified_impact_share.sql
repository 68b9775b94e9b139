{#-
    verified_impact_share: over the trailing 12 months (period_month between month_start − 11
    months and month_start), the number of impact measurements whose source_type is telemetry
    or finance_verified / the number of all impact measurements (count-based: the values have
    different units). Null ('no_measurement') without measurements in the window.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

impact_measurements as (

    select * from {{ ref('stg_finance__impact_measurements') }}

),

trailing_counts as (

    select
        account_months.account_id,
        account_months.month_start,
        count(impact_measurements.measurement_id) as measurement_count,
        count(
            case
                when impact_measurements.source_type in ('telemetry', 'finance_verified')
                    then impact_measurements.measurement_id
            end
        ) as verified_measurement_count
    from account_months
    left join impact_measurements
        on
            account_months.account_id = impact_measurements.account_id
            and impact_measurements.period_month
            >= cast({{ dbt.dateadd('month', -11, 'account_months.month_start') }} as date)
            and account_months.month_start >= impact_measurements.period_month
    group by 1, 2

),

final as (

    select
        account_id,
        month_start,
        cast('verified_impact_share' as {{ dbt.type_string() }}) as metric_id,
        case
            when measurement_count > 0
                then cast(verified_measurement_count as double) / measurement_count
        end as metric_value,
        cast(
            case when measurement_count = 0 then 'no_measurement' end
            as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from trailing_counts

)

select * from final
