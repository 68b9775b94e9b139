{#- Calculator of `feature_breadth`: distinct core features of the account's plan used in the
    month / core features the plan includes. A plan includes every feature whose
    `min_plan_key` has a `tier_rank` at or below the plan's; a core feature outside the plan
    counts in neither side. No core-feature use is a genuine 0; NA (`no_plan`) when the
    account-month has no known plan, (`no_core_features_in_plan`) when its plan includes none. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

usage_monthly_features as (

    select * from {{ ref('int_usage_monthly_features') }}

),

features as (

    select * from {{ ref('features') }}

),

plans as (

    select * from {{ ref('plans') }}

),

core_features as (

    select
        features.feature_key,
        min_plans.tier_rank as min_tier_rank
    from features
    inner join plans as min_plans
        on features.min_plan_key = min_plans.plan_key
    where features.is_core

),

plan_core_features as (

    select
        plans.plan_key,
        core_features.feature_key
    from plans
    inner join core_features
        on plans.tier_rank >= core_features.min_tier_rank

),

plan_core_feature_counts as (

    select
        plan_key,
        count(distinct feature_key) as core_features_in_plan
    from plan_core_features
    group by 1

),

used_plan_core_features as (

    select
        account_months.account_id,
        account_months.month_start,
        count(distinct usage_monthly_features.feature_key) as core_features_used
    from account_months
    inner join plan_core_features
        on account_months.plan_key = plan_core_features.plan_key
    inner join usage_monthly_features
        on
            account_months.account_id = usage_monthly_features.account_id
            and account_months.month_start = usage_monthly_features.month_start
            and plan_core_features.feature_key = usage_monthly_features.feature_key
    where usage_monthly_features.event_count > 0
    group by 1, 2

),

breadth as (

    select
        account_months.account_id,
        account_months.month_start,
        case
            when plan_core_feature_counts.plan_key is null then null
            else
                cast(coalesce(used_plan_core_features.core_features_used, 0) as double)
                / plan_core_feature_counts.core_features_in_plan
        end as metric_value,
        case
            when account_months.plan_key is null then 'no_plan'
            when plan_core_feature_counts.plan_key is null then 'no_core_features_in_plan'
        end as missing_reason
    from account_months
    left join plan_core_feature_counts
        on account_months.plan_key = plan_core_feature_counts.plan_key
    left join used_plan_core_features
        on
            account_months.account_id = used_plan_core_features.account_id
            and account_months.month_start = used_plan_core_features.month_start

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start as date) as month_start,
        cast('feature_breadth' as {{ dbt.type_string() }}) as metric_id,
        cast(metric_value as double) as metric_value,
        cast(missing_reason as {{ dbt.type_string() }}) as missing_reason,
        false as is_censored
    from breadth

)

select * from final
