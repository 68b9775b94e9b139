{#-
    The baseline cost per transaction of each account, shared by `cost_savings_pct` and
    `roi_multiple` so both use one definition: the `baseline_value` of the account's success
    plan on `cost_per_transaction_usd` (the earliest `baseline_date` if several; plans of any
    status, ties broken by success_plan_id), else the mean of the account's cost-per-transaction
    measurements in its first measured `period_month`. One row per account with either.
-#}
with

success_plans as (

    select * from {{ ref('stg_crm__success_plans') }}

),

impact_measurements as (

    select * from {{ ref('stg_finance__impact_measurements') }}

),

plan_baselines as (

    select
        account_id,
        baseline_value,
        row_number() over (
            partition by account_id
            order by baseline_date asc nulls last, success_plan_id asc
        ) as plan_rank
    from success_plans
    where
        impact_metric_key = 'cost_per_transaction_usd'
        and baseline_value is not null

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

first_measured_costs as (

    select
        account_id,
        period_month,
        cost_per_transaction_usd,
        row_number() over (
            partition by account_id
            order by period_month asc
        ) as month_rank
    from monthly_costs

),

accounts as (

    select account_id from plan_baselines
    union
    select account_id from first_measured_costs

),

final as (

    select
        accounts.account_id,
        first_measured_costs.period_month as first_measured_month,
        cast(
            coalesce(plan_baselines.baseline_value, first_measured_costs.cost_per_transaction_usd)
            as double
        ) as baseline_cost_per_transaction_usd,
        case
            when plan_baselines.account_id is not null then 'success_plan'
            else 'first_measurement'
        end as baseline_source
    from accounts
    left join plan_baselines
        on
            accounts.account_id = plan_baselines.account_id
            and plan_baselines.plan_rank = 1
    left join first_measured_costs
        on
            accounts.account_id = first_measured_costs.account_id
            and first_measured_costs.month_rank = 1

)

select * from final
