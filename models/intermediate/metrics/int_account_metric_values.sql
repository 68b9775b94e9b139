{#-
    Every registered active metric for every scored account-month: the union of the metric
    calculators (int_metric__<metric_id>) with the registry's missing-data rule applied once
    (value_basis: measured, zero_by_rule, carried_forward or missing). A metric a calculator
    did not emit is present as missing ('not_calculated'), never silently absent.
    To add a metric: a registry row, a calculator, its docs block and unit test, and its name in
    `metric_calculators` below (test_metric_registry fails, naming it, if one is left out).
-#}
{%- set metric_calculators = [
    'int_metric__active_users',
    'int_metric__license_utilization',
    'int_metric__stickiness',
    'int_metric__feature_breadth',
    'int_metric__feature_depth',
    'int_metric__time_to_first_value_days',
    'int_metric__onboarding_completion',
    'int_metric__outcome_attainment',
    'int_metric__cost_savings_pct',
    'int_metric__hours_saved',
    'int_metric__roi_multiple',
    'int_metric__verified_impact_share',
    'int_metric__nps',
    'int_metric__csat',
    'int_metric__net_revenue_retention',
    'int_metric__gross_revenue_retention',
    'int_metric__strategic_alignment',
] -%}

with

spine as (

    {#- scored months only: calculators also cover earlier months, for prior-year lookbacks -#}
    select * from {{ ref('int_account_months') }}
    where is_scored_month

),

registry as (

    select * from {{ ref('scorecard_metrics') }}
    where is_active

),

calculated as (

    {% for calculator in metric_calculators %}
        select
            account_id,
            month_start,
            metric_id,
            cast(metric_value as double) as metric_value,
            missing_reason,
            is_censored
        from {{ ref(calculator) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

expected as (

    {#- Every spine row × every active registry metric, so a metric that a calculator did
        not emit shows up as missing ('not_calculated') instead of being silently absent. -#}
    select
        spine.account_id,
        spine.month_start,
        registry.metric_id,
        calculated.metric_value as calculated_value,
        case
            when calculated.metric_id is null then 'not_calculated'
            else calculated.missing_reason
        end as calculated_missing_reason,
        coalesce(calculated.is_censored, false) as is_censored
    from spine
    cross join registry
    left join calculated
        on
            spine.account_id = calculated.account_id
            and spine.month_start = calculated.month_start
            and registry.metric_id = calculated.metric_id

),

carry_candidates as (

    {#- The latest earlier value of the same account and metric, for carry_forward rules. -#}
    select
        expected.*,
        max(case when expected.calculated_value is not null then expected.month_start end) over (
            partition by expected.account_id, expected.metric_id
            order by expected.month_start
            rows between unbounded preceding and 1 preceding
        ) as last_valued_month
    from expected

),

with_carry as (

    select
        carry_candidates.*,
        previous.calculated_value as last_value
    from carry_candidates
    left join expected as previous
        on
            carry_candidates.account_id = previous.account_id
            and carry_candidates.metric_id = previous.metric_id
            and carry_candidates.last_valued_month = previous.month_start

),

ruled as (

    select
        with_carry.account_id,
        with_carry.month_start,
        with_carry.metric_id,
        with_carry.calculated_value,
        with_carry.is_censored,
        case
            when with_carry.calculated_value is not null then 'measured'
            when registry.missing_data_rule = 'zero'
                and with_carry.calculated_missing_reason = 'no_activity' then 'zero_by_rule'
            when registry.missing_data_rule = 'carry_forward'
                and with_carry.last_valued_month is not null
                and {{ dbt.datediff(
                    'with_carry.last_valued_month', 'with_carry.month_start', 'day'
                ) }} <= registry.carry_forward_days then 'carried_forward'
            else 'missing'
        end as value_basis,
        with_carry.calculated_missing_reason,
        with_carry.last_valued_month,
        with_carry.last_value
    from with_carry
    inner join registry
        on with_carry.metric_id = registry.metric_id

),

valued as (

    select
        ruled.*,
        case ruled.value_basis
            when 'measured' then ruled.calculated_value
            when 'zero_by_rule' then 0
            when 'carried_forward' then ruled.last_value
        end as metric_value,
        ruled.value_basis = 'missing' as is_missing,
        case
            when ruled.value_basis in ('measured', 'zero_by_rule') then null
            when ruled.value_basis = 'carried_forward' then null
            else ruled.calculated_missing_reason
        end as missing_reason,
        {#- published as calculated_missing_reason: the calculator's reason, kept only for a
            value it did not measure -#}
        case
            when ruled.value_basis = 'measured' then null
            else ruled.calculated_missing_reason
        end as unmeasured_missing_reason,
        case
            when ruled.value_basis = 'carried_forward' then ruled.last_valued_month
        end as carried_from_month
    from ruled

),

final as (

    {#- The published columns, in their documented order. -#}
    select
        account_id,
        month_start,
        metric_id,
        calculated_value,
        metric_value,
        value_basis,
        is_missing,
        missing_reason,
        unmeasured_missing_reason as calculated_missing_reason,
        carried_from_month,
        is_censored
    from valued

)

select * from final
