{#-
    strategic_alignment: mean of three 0/1 conditions at the measure date (month end, or the
    as-of date in the current month):
      (a) sponsored plan: a success plan with status 'active', baseline_date ≤ measure_date
          and a non-empty customer_sponsor;
      (b) recent review: a 'business_review' touchpoint on a day d with
          measure_date − 120 days < d ≤ measure_date (the 120 calendar days ending then);
      (c) no overdue decision: no decision of the account with review_date ≤ measure_date,
          due_date < measure_date and, at the measure date, still open — status 'open', or
          status 'done' but completed on a later day. Status is the current one, so a decision
          now 'dropped' never counts as overdue.
    Always a value (0, 1/3, 2/3 or 1): an unmet condition is a genuine 0.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

success_plans as (

    select * from {{ ref('stg_crm__success_plans') }}

),

touchpoints as (

    select * from {{ ref('stg_crm__touchpoints') }}

),

decisions as (

    select * from {{ ref('stg_programs__decisions') }}

),

sponsored_plans as (

    select
        account_months.account_id,
        account_months.month_start,
        count(*) as sponsored_plan_count
    from account_months
    inner join success_plans
        on
            account_months.account_id = success_plans.account_id
            and success_plans.status = 'active'
            and account_months.measure_date >= success_plans.baseline_date
            and coalesce(trim(success_plans.customer_sponsor), '') <> ''
    group by 1, 2

),

recent_reviews as (

    select
        account_months.account_id,
        account_months.month_start,
        count(*) as business_review_count
    from account_months
    inner join touchpoints
        on
            account_months.account_id = touchpoints.account_id
            and touchpoints.touchpoint_type = 'business_review'
            and cast(touchpoints.occurred_at as date)
            > cast({{ dbt.dateadd('day', -120, 'account_months.measure_date') }} as date)
            and account_months.measure_date >= cast(touchpoints.occurred_at as date)
    group by 1, 2

),

overdue_decisions as (

    select
        account_months.account_id,
        account_months.month_start,
        count(*) as overdue_decision_count
    from account_months
    inner join decisions
        on
            account_months.account_id = decisions.account_id
            and account_months.measure_date >= decisions.review_date
            and account_months.measure_date > decisions.due_date
            and (
                decisions.status = 'open'
                or (
                    decisions.status = 'done'
                    and cast(decisions.completed_at as date) > account_months.measure_date
                )
            )
    group by 1, 2

),

conditions as (

    select
        account_months.account_id,
        account_months.month_start,
        sponsored_plans.account_id is not null as has_sponsored_plan,
        recent_reviews.account_id is not null as has_recent_business_review,
        overdue_decisions.account_id is null as has_no_overdue_decision
    from account_months
    left join sponsored_plans
        on
            account_months.account_id = sponsored_plans.account_id
            and account_months.month_start = sponsored_plans.month_start
    left join recent_reviews
        on
            account_months.account_id = recent_reviews.account_id
            and account_months.month_start = recent_reviews.month_start
    left join overdue_decisions
        on
            account_months.account_id = overdue_decisions.account_id
            and account_months.month_start = overdue_decisions.month_start

),

final as (

    select
        account_id,
        month_start,
        cast('strategic_alignment' as {{ dbt.type_string() }}) as metric_id,
        (
            cast(has_sponsored_plan as double)
            + cast(has_recent_business_review as double)
            + cast(has_no_overdue_decision as double)
        ) / 3 as metric_value,
        cast(null as {{ dbt.type_string() }}) as missing_reason,
        false as is_censored
    from conditions

)

select * from final
