{#-
    outcome_attainment: mean over the account's success plans in scope of
    clamp((latest value − baseline_value) / (target_value − baseline_value), 0, 1.5).
    In scope at a month: baseline_date ≤ measure_date, status ≠ 'abandoned' and
    target_value ≠ baseline_value (a plan without a distance to travel has no attainment).
    Latest value = the measurement of the plan's impact_metric_key with the greatest
    period_month ≤ month_start (ties: latest recorded_at, then measurement_id). Plans without
    any such measurement are left out of the mean. The ratio works for lower-is-better keys
    too (target below baseline). Null 'no_success_plan' when no plan is in scope,
    'no_measurement' when plans are in scope but none has been measured yet.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

success_plans as (

    select * from {{ ref('stg_crm__success_plans') }}

),

impact_measurements as (

    select * from {{ ref('stg_finance__impact_measurements') }}

),

plans_in_scope as (

    select
        account_months.account_id,
        account_months.month_start,
        success_plans.success_plan_id,
        success_plans.impact_metric_key,
        success_plans.baseline_value,
        success_plans.target_value
    from account_months
    inner join success_plans
        on
            account_months.account_id = success_plans.account_id
            and account_months.measure_date >= success_plans.baseline_date
            and success_plans.status <> 'abandoned'
            and success_plans.target_value <> success_plans.baseline_value

),

plan_measurements as (

    select
        plans_in_scope.account_id,
        plans_in_scope.month_start,
        plans_in_scope.success_plan_id,
        plans_in_scope.baseline_value,
        plans_in_scope.target_value,
        impact_measurements.value as latest_value,
        row_number() over (
            partition by
                plans_in_scope.account_id,
                plans_in_scope.month_start,
                plans_in_scope.success_plan_id
            order by
                impact_measurements.period_month desc,
                impact_measurements.recorded_at desc,
                impact_measurements.measurement_id desc
        ) as measurement_rank
    from plans_in_scope
    inner join impact_measurements
        on
            plans_in_scope.account_id = impact_measurements.account_id
            and plans_in_scope.impact_metric_key = impact_measurements.impact_metric_key
            and plans_in_scope.month_start >= impact_measurements.period_month

),

plan_attainment as (

    select
        account_id,
        month_start,
        success_plan_id,
        least(
            greatest(
                cast(latest_value - baseline_value as double) / (target_value - baseline_value),
                0
            ),
            1.5
        ) as attainment
    from plan_measurements
    where measurement_rank = 1

),

plan_counts as (

    select
        account_id,
        month_start,
        count(*) as plans_in_scope
    from plans_in_scope
    group by 1, 2

),

account_attainment as (

    select
        account_id,
        month_start,
        avg(attainment) as attainment
    from plan_attainment
    group by 1, 2

),

final as (

    select
        account_months.account_id,
        account_months.month_start,
        cast('outcome_attainment' as {{ dbt.type_string() }}) as metric_id,
        cast(account_attainment.attainment as double) as metric_value,
        cast(
            case
                when plan_counts.plans_in_scope is null then 'no_success_plan'
                when account_attainment.attainment is null then 'no_measurement'
            end as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from account_months
    left join plan_counts
        on
            account_months.account_id = plan_counts.account_id
            and account_months.month_start = plan_counts.month_start
    left join account_attainment
        on
            account_months.account_id = account_attainment.account_id
            and account_months.month_start = account_attainment.month_start

)

select * from final
