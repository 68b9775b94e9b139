{#-
    The long metric mart: one row per account-month of the spine and registered active metric.
    Calculators (int_metric__<metric_id>) compute raw values; this model applies the registry's
    missing-data rule, resolves baseline / target / floor for the account's segment and month,
    and attaches units, direction, level and owners.
    To add a metric: a registry row, a calculator, its docs block and unit test, and its name in
    `metric_calculators` below (a test fails, naming it, if a calculator is not listed here).
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

targets as (

    select * from {{ ref('scorecard_targets') }}

),

calculated as (

    {%- for calculator in metric_calculators %}
    select
        account_id,
        month_start,
        metric_id,
        cast(metric_value as double) as metric_value,
        missing_reason,
        is_censored
    from {{ ref(calculator) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

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
                and {{ dbt.datediff('with_carry.last_valued_month', 'with_carry.month_start', 'day') }}
                <= registry.carry_forward_days then 'carried_forward'
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
        account_id,
        month_start,
        metric_id,
        calculated_value,
        case value_basis
            when 'measured' then calculated_value
            when 'zero_by_rule' then 0
            when 'carried_forward' then last_value
        end as metric_value,
        value_basis,
        value_basis = 'missing' as is_missing,
        case
            when value_basis in ('measured', 'zero_by_rule') then null
            when value_basis = 'carried_forward' then null
            else calculated_missing_reason
        end as missing_reason,
        case when value_basis = 'measured' then null else calculated_missing_reason end
            as calculated_missing_reason,
        case when value_basis = 'carried_forward' then last_valued_month end as carried_from_month,
        is_censored
    from ruled

),

target_candidates as (

    {#- The segment-specific target effective that month first, else the '*' default. -#}
    select
        valued.account_id,
        valued.month_start,
        valued.metric_id,
        targets.segment as target_segment,
        targets.effective_from as target_effective_from,
        targets.baseline_value,
        targets.target_value,
        targets.floor_value,
        row_number() over (
            partition by valued.account_id, valued.month_start, valued.metric_id
            order by (targets.segment <> '*') desc, targets.effective_from desc
        ) as target_rank
    from valued
    inner join spine
        on
            valued.account_id = spine.account_id
            and valued.month_start = spine.month_start
    inner join targets
        on
            valued.metric_id = targets.metric_id
            and (targets.segment = spine.customer_type or targets.segment = '*')
            and targets.effective_from <= valued.month_start

),

resolved_targets as (

    select * from target_candidates
    where target_rank = 1

),

final as (

    select
        {{ dbt.hash("valued.account_id || '|' || cast(valued.month_start as " ~ dbt.type_string() ~ ") || '|' || valued.metric_id") }}
            as metric_row_id,
        valued.account_id,
        valued.month_start,
        valued.metric_id,
        registry.metric_name,
        registry.outcome_level,
        registry.unit,
        registry.direction,
        valued.metric_value,
        valued.calculated_value,
        valued.value_basis,
        valued.is_missing,
        valued.missing_reason,
        valued.calculated_missing_reason,
        valued.carried_from_month,
        valued.is_censored,
        resolved_targets.baseline_value,
        resolved_targets.target_value,
        resolved_targets.floor_value,
        resolved_targets.target_segment,
        resolved_targets.target_effective_from,
        case
            when valued.metric_value is null then null
            when resolved_targets.target_value = resolved_targets.baseline_value then null
            else (valued.metric_value - resolved_targets.baseline_value)
                / (resolved_targets.target_value - resolved_targets.baseline_value)
        end as attainment,
        case
            when valued.metric_value is null or resolved_targets.target_value is null then null
            when registry.direction = 'lower_is_better'
                then valued.metric_value <= resolved_targets.target_value
            else valued.metric_value >= resolved_targets.target_value
        end as is_target_met,
        registry.owner_team,
        registry.owner_name,
        spine.is_active,
        spine.customer_type,
        spine.industry,
        spine.deployment_scale,
        spine.region,
        spine.plan_key,
        spine.csm_owner
    from valued
    inner join registry
        on valued.metric_id = registry.metric_id
    inner join spine
        on
            valued.account_id = spine.account_id
            and valued.month_start = spine.month_start
    left join resolved_targets
        on
            valued.account_id = resolved_targets.account_id
            and valued.month_start = resolved_targets.month_start
            and valued.metric_id = resolved_targets.metric_id

)

select * from final
