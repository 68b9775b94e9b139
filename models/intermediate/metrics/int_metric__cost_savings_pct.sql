{#-
    cost_savings_pct: (baseline − current cost per transaction) / baseline, with the baseline
    from int_impact_cost_baselines and current = the mean `cost_per_transaction_usd`
    measurement of the month. Cost is lower-is-better, so a falling cost gives a positive
    saving. A month without a measurement is null ('no_measurement'): the registry's
    carry-forward (90 days) is applied in fct_account_metrics_monthly, never here.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

impact_measurements as (

    select * from {{ ref('stg_finance__impact_measurements') }}

),

cost_baselines as (

    select * from {{ ref('int_impact_cost_baselines') }}

),

monthly_costs as (

    select
        account_id,
        period_month,
        avg(value) as cost_per_transaction_usd
    from impact_measurements
    where impact_metric_key = 'cost_per_transaction_usd'
    group by 1, 2

),

joined as (

    select
        account_months.account_id,
        account_months.month_start,
        cost_baselines.baseline_cost_per_transaction_usd,
        monthly_costs.cost_per_transaction_usd
    from account_months
    left join cost_baselines
        on account_months.account_id = cost_baselines.account_id
    left join monthly_costs
        on
            account_months.account_id = monthly_costs.account_id
            and account_months.month_start = monthly_costs.period_month

),

final as (

    select
        account_id,
        month_start,
        cast('cost_savings_pct' as {{ dbt.type_string() }}) as metric_id,
        cast(
            case
                when cost_per_transaction_usd is null then null
                when coalesce(baseline_cost_per_transaction_usd, 0) = 0 then null
                else
                    (baseline_cost_per_transaction_usd - cost_per_transaction_usd)
                    / baseline_cost_per_transaction_usd
            end as double
        ) as metric_value,
        cast(
            case
                when cost_per_transaction_usd is null then 'no_measurement'
                when coalesce(baseline_cost_per_transaction_usd, 0) = 0 then 'no_baseline'
            end as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from joined

)

select * from final
