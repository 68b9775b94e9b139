{#- Breached data-quality threshold checks as alerts, in the alert columns of
    fct_scorecard_alerts (its `alert_models` extension point), with the check's own severity.
    Portfolio-level: no account. Open while the check is breached. -#}
with

checks as (

    select * from {{ ref('int_dq_threshold_checks') }}
    where is_breached

),

final as (

    select
        'data_quality' as alert_type,
        cast(null as {{ dbt.type_string() }}) as account_id,
        coalesce(
            checks.measured_for_month,
            cast({{ dbt.date_trunc('month', scorecard_as_of_date()) }} as date)
        ) as month_start,
        checks.check_id as subject_id,
        case when checks.measure = 'metric_missing_share' then checks.subject end as metric_id,
        cast(null as {{ dbt.type_string() }}) as outcome_level,
        checks.measured_value as observed_value,
        checks.threshold as threshold_value,
        checks.message || '. ' || checks.description as message,
        checks.owner_team as owner_name,
        'dq_check_owner_team' as owner_source,
        true as is_open,
        checks.severity as severity_override
    from checks

)

select * from final
