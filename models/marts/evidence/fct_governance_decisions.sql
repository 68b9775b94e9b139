{#- The governance log: one row per decision, with its forum, owner, due date, status and
    completion, how long it has been (or was) open, whether it is overdue on the as-of date,
    whether it was done on time, and the metric, account and segment it concerns (segment as
    of the review month; 'portfolio' for a decision about no single account). Overdue has the
    same meaning as in strategic_alignment: still open after its due date. -#}
with

decisions as (

    select * from {{ ref('stg_programs__decisions') }}

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

metrics as (

    select * from {{ ref('dim_metrics') }}

),

as_of as (

    select {{ scorecard_as_of_date() }} as as_of_date

),

dated as (

    select
        decisions.*,
        as_of.as_of_date,
        cast(decisions.completed_at as date) as completed_date,
        cast({{ dbt.date_trunc('month', 'decisions.review_date') }} as date) as review_month,
        cast({{ dbt.date_trunc('quarter', 'decisions.review_date') }} as date)
            as review_quarter
    from decisions
    cross join as_of

),

flagged as (

    select
        *,
        status = 'open' and due_date < as_of_date as is_overdue,
        status = 'done' and completed_date <= due_date as is_done_on_time,
        status = 'done' and completed_date > due_date as is_done_late,
        case
            when status = 'open' then {{ dbt.datediff('review_date', 'as_of_date', 'day') }}
            when status = 'done'
                then {{ dbt.datediff('review_date', 'completed_date', 'day') }}
        end as days_open,
        case
            when status = 'open' and due_date < as_of_date
                then {{ dbt.datediff('due_date', 'as_of_date', 'day') }}
            when status = 'done' and completed_date > due_date
                then {{ dbt.datediff('due_date', 'completed_date', 'day') }}
            else 0
        end as days_overdue
    from dated

),

final as (

    select
        flagged.decision_id,
        flagged.review_date,
        flagged.review_quarter,
        flagged.forum,
        flagged.decision_text,
        flagged.owner,
        flagged.due_date,
        flagged.status,
        flagged.completed_at,
        flagged.completed_date,
        flagged.days_open,
        flagged.is_overdue,
        flagged.days_overdue,
        flagged.is_done_on_time,
        flagged.is_done_late,
        flagged.metric_id,
        metrics.metric_name,
        metrics.outcome_level,
        flagged.account_id,
        account_months.account_name,
        account_months.industry,
        account_months.deployment_scale,
        account_months.region,
        account_months.plan_key,
        flagged.as_of_date,
        flagged.updated_at,
        case
            when flagged.account_id is null then 'portfolio'
            else coalesce(account_months.customer_type, 'unknown')
        end as customer_type
    from flagged
    left join metrics
        on flagged.metric_id = metrics.metric_id
    left join account_months
        on
            flagged.account_id = account_months.account_id
            and flagged.review_month = account_months.month_start

)

select * from final
