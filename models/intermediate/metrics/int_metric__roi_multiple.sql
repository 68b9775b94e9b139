{#-
    roi_multiple: trailing-12-month realised value in USD / trailing-12-month fees in USD, over
    the month and the 11 before (period_month between month_start − 11 months and month_start).
      realised value = sum(revenue_influenced_usd)
                       + sum over months having both a cost-per-transaction and a
                         transactions-processed measurement (and an account baseline) of
                         (baseline cost − the month's mean cost) × the month's transactions
      fees           = sum of the spine's mrr_amount over the same 12 months; a month absent
                       from the spine (no subscription) contributes 0.
    Null ('no_fees') when the fees are 0, and null ('no_value_measurement') when no month of
    the window has a dollar-valued measurement (revenue influenced, or a cost saving that can
    be computed): an account that measures nothing has an unknown ROI, not an ROI of 0. With
    at least one valued month, months without measurements add no value: the multiple is an
    honest lower bound, and 0 is then a genuine value.
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

monthly_impact as (

    select
        account_id,
        period_month,
        sum(case when impact_metric_key = 'revenue_influenced_usd' then value end)
            as revenue_influenced_usd,
        avg(case when impact_metric_key = 'cost_per_transaction_usd' then value end)
            as cost_per_transaction_usd,
        sum(case when impact_metric_key = 'transactions_processed' then value end)
            as transactions_processed
    from impact_measurements
    group by 1, 2

),

monthly_value as (

    select
        monthly_impact.account_id,
        monthly_impact.period_month,
        monthly_impact.revenue_influenced_usd,
        (
            cost_baselines.baseline_cost_per_transaction_usd
            - monthly_impact.cost_per_transaction_usd
        ) * monthly_impact.transactions_processed as cost_savings_usd
    from monthly_impact
    left join cost_baselines
        on monthly_impact.account_id = cost_baselines.account_id

),

trailing_value as (

    select
        account_months.account_id,
        account_months.month_start,
        coalesce(sum(monthly_value.revenue_influenced_usd), 0)
        + coalesce(sum(monthly_value.cost_savings_usd), 0) as realised_value_usd,
        count(monthly_value.revenue_influenced_usd) + count(monthly_value.cost_savings_usd)
            as valued_measurements
    from account_months
    left join monthly_value
        on
            account_months.account_id = monthly_value.account_id
            and monthly_value.period_month
            >= cast({{ dbt.dateadd('month', -11, 'account_months.month_start') }} as date)
            and account_months.month_start >= monthly_value.period_month
    group by 1, 2

),

trailing_fees as (

    select
        account_months.account_id,
        account_months.month_start,
        coalesce(sum(fee_months.mrr_amount), 0) as fees_usd
    from account_months
    left join account_months as fee_months
        on
            account_months.account_id = fee_months.account_id
            and fee_months.month_start
            >= cast({{ dbt.dateadd('month', -11, 'account_months.month_start') }} as date)
            and account_months.month_start >= fee_months.month_start
    group by 1, 2

),

final as (

    select
        account_months.account_id,
        account_months.month_start,
        cast('roi_multiple' as {{ dbt.type_string() }}) as metric_id,
        cast(
            case
                when trailing_fees.fees_usd = 0 then null
                when trailing_value.valued_measurements = 0 then null
                else trailing_value.realised_value_usd / trailing_fees.fees_usd
            end as double
        ) as metric_value,
        cast(
            case
                when trailing_fees.fees_usd = 0 then 'no_fees'
                when trailing_value.valued_measurements = 0 then 'no_value_measurement'
            end
            as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from account_months
    inner join trailing_value
        on
            account_months.account_id = trailing_value.account_id
            and account_months.month_start = trailing_value.month_start
    inner join trailing_fees
        on
            account_months.account_id = trailing_fees.account_id
            and account_months.month_start = trailing_fees.month_start

)

select * from final
