{#- Calculator of `onboarding_completion`: distinct onboarding milestones reached (UTC date of
    `achieved_at`) on or before the month's measure date / 4. A milestone reached later does
    not count yet; none reached is a genuine 0. -#}
{%- set onboarding_milestones = ['kickoff', 'integration_live', 'first_value', 'full_rollout'] -%}
{%- set onboarding_milestone_list = "'" ~ onboarding_milestones | join("', '") ~ "'" -%}

with

account_months as (

    select * from {{ ref('int_account_months') }}

),

milestones as (

    select * from {{ ref('stg_product__milestones') }}

),

onboarding_milestones as (

    select
        account_id,
        milestone_key,
        min(cast(achieved_at as date)) as achieved_date
    from milestones
    where
        milestone_key in ({{ onboarding_milestone_list }})
        and achieved_at is not null
    group by 1, 2

),

milestones_reached as (

    select
        account_months.account_id,
        account_months.month_start,
        count(distinct onboarding_milestones.milestone_key) as milestones_reached
    from account_months
    left join onboarding_milestones
        on
            account_months.account_id = onboarding_milestones.account_id
            and account_months.measure_date >= onboarding_milestones.achieved_date
    group by 1, 2

),

completion as (

    select
        account_id,
        month_start,
        cast(milestones_reached as double) / {{ onboarding_milestones | length }}
            as metric_value
    from milestones_reached

),

final as (

    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(month_start as date) as month_start,
        cast('onboarding_completion' as {{ dbt.type_string() }}) as metric_id,
        cast(metric_value as double) as metric_value,
        cast(null as {{ dbt.type_string() }}) as missing_reason,
        false as is_censored
    from completion

)

select * from final
