{#- Issue 6's rule "overdue decisions raise alerts", reconciled: while the overdue_decision
    rule is enabled, every open governance decision more than threshold_value days past its
    due date on the as-of date has exactly one overdue_decision alert, owned by the decision's
    owner, and no other decision has one. Returns one row per decision that breaks it. -#}
with

decisions as (

    select * from {{ ref('stg_programs__decisions') }}

),

rules as (

    select * from {{ ref('alert_rules') }}
    where alert_type = 'overdue_decision' and is_enabled

),

alerts as (

    select * from {{ ref('fct_scorecard_alerts') }}
    where alert_type = 'overdue_decision'

),

cutoff as (

    {#- a decision is overdue when its due date is before as-of date − threshold days -#}
    select
        cast({{ dbt.dateadd(
            'day',
            '-1 * cast(coalesce(rules.threshold_value, 0) as integer)',
            scorecard_as_of_date()
        ) }} as date) as due_before
    from rules

),

expected as (

    select
        decisions.decision_id,
        decisions.owner
    from decisions
    cross join cutoff
    where decisions.status = 'open' and decisions.due_date < cutoff.due_before

),

raised as (

    select
        subject_id as decision_id,
        max(owner_name) as owner_name,
        count(*) as n_alerts
    from alerts
    group by 1

),

final as (

    select
        raised.n_alerts,
        coalesce(expected.decision_id, raised.decision_id) as decision_id,
        case
            when raised.decision_id is null then 'overdue_decision_without_alert'
            when expected.decision_id is null then 'alert_for_a_decision_not_overdue'
            when raised.n_alerts > 1 then 'more_than_one_alert'
            when coalesce(raised.owner_name, '') <> coalesce(expected.owner, '') then 'wrong_owner'
        end as problem
    from expected
    full outer join raised
        on expected.decision_id = raised.decision_id

)

select * from final
where problem is not null
