{#- Every alert type of alert_rules has a default ('*') playbook row, so that every alert it
    raises gets a severity, a recommended action and an owner team (fct_scorecard_alerts
    inner-joins playbooks: an alert type without one would vanish silently). Returns one row
    per alert rule without a '*' playbook. -#}
with

rules as (

    select * from {{ ref('alert_rules') }}

),

playbooks as (

    select * from {{ ref('playbooks') }}
    where metric_id = '*'

),

final as (

    select rules.alert_type
    from rules
    left join playbooks
        on rules.alert_type = playbooks.alert_type
    where playbooks.alert_type is null

)

select * from final
