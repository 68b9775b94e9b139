{#- One row per intervention and assigned account: the account's mean of the intervention's
    metric over the pre-period (var intervention_pre_months complete months before the start
    month) and over the post-period (complete months from the start month on, var
    intervention_post_months of them, null = all through the as-of month), and the change
    post − pre. A month counts only when the account held a subscription on every day of it
    (not the first or churn month, not the running month) and the metric has a value there.
    Method: glossary block evidence_difference_in_differences. -#}
{%- set post_months = var('intervention_post_months', none) -%}
{%- if post_months is none -%}
    {%- set post_end_month = 'cast(null as date)' -%}
{%- else -%}
    {%- set post_end_month = 'cast(' ~ dbt.dateadd('month', post_months, 'start_month') ~ ' as date)' -%}
{%- endif %}
with

interventions as (

    select * from {{ ref('stg_programs__interventions') }}

),

assignments as (

    select * from {{ ref('stg_programs__intervention_assignments') }}

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

metric_values as (

    select * from {{ ref('int_account_metric_values') }}

),

intervention_months as (

    select
        intervention_id,
        metric_id,
        cast({{ dbt.date_trunc('month', 'start_date') }} as date) as start_month
    from interventions

),

windows as (

    select
        intervention_id,
        metric_id,
        start_month,
        cast(
            {{ dbt.dateadd('month', -1 * var('intervention_pre_months', 3), 'start_month') }}
            as date
        ) as pre_start_month,
        {{ post_end_month }} as post_end_month
    from intervention_months

),

complete_months as (

    select
        account_id,
        month_start
    from account_months
    where
        is_active
        and not is_partial_month
        and first_subscription_date <= month_start
        and last_active_date = month_end

),

windowed_values as (

    select
        assignments.intervention_id,
        assignments.account_id,
        metric_values.metric_value,
        metric_values.month_start < windows.start_month as is_pre_period
    from assignments
    inner join windows
        on assignments.intervention_id = windows.intervention_id
    inner join metric_values
        on
            assignments.account_id = metric_values.account_id
            and windows.metric_id = metric_values.metric_id
    inner join complete_months
        on
            metric_values.account_id = complete_months.account_id
            and metric_values.month_start = complete_months.month_start
    where
        metric_values.metric_value is not null
        and metric_values.month_start >= windows.pre_start_month
        and (
            windows.post_end_month is null
            or metric_values.month_start < windows.post_end_month
        )

),

period_means as (

    select
        intervention_id,
        account_id,
        avg(case when is_pre_period then metric_value end) as pre_mean,
        avg(case when not is_pre_period then metric_value end) as post_mean,
        count(case when is_pre_period then 1 end) as pre_months,
        count(case when not is_pre_period then 1 end) as post_months
    from windowed_values
    group by 1, 2

),

final as (

    select
        assignments.intervention_id,
        assignments.account_id,
        assignments.arm,
        windows.metric_id,
        windows.start_month,
        windows.pre_start_month,
        windows.post_end_month,
        period_means.pre_mean,
        period_means.post_mean,
        coalesce(period_means.pre_months, 0) as pre_months,
        coalesce(period_means.post_months, 0) as post_months,
        period_means.post_mean - period_means.pre_mean as value_change,
        coalesce(period_means.pre_months, 0) > 0
        and coalesce(period_means.post_months, 0) > 0 as is_measured
    from assignments
    inner join windows
        on assignments.intervention_id = windows.intervention_id
    left join period_means
        on
            assignments.intervention_id = period_means.intervention_id
            and assignments.account_id = period_means.account_id

)

select * from final
