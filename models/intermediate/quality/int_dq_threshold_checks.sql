{#- Threshold checks configured as data (seed dq_threshold_checks): each check's measured
    value now, whether it breaches its threshold, and a message for the alerts mart.
    Measures:
      - metric_missing_share: share of active account-months of the latest complete month
        whose metric `subject` is missing;
      - quarantined_rows: rows of raw table `subject` in quarantine (CSV tables only: the
        product.events branch of quarantine_rows is filtered out by a constant, so the events
        table is not rescanned here). -#}
with

checks as (

    select * from {{ ref('dq_threshold_checks') }}

),

metrics as (

    select * from {{ ref('fct_account_metrics_monthly') }}

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

quarantine as (

    select * from {{ ref('quarantine_rows') }}
    where source_table <> 'product.events'

),

latest_complete_month as (

    select max(month_start) as month_start
    from account_months
    where not is_partial_month

),

missing_shares as (

    select
        metrics.metric_id as subject,
        metrics.month_start,
        avg(case when metrics.is_missing then 1.0 else 0.0 end) as measured_value
    from metrics
    inner join latest_complete_month
        on metrics.month_start = latest_complete_month.month_start
    where metrics.is_active
    group by 1, 2

),

quarantined as (

    select
        source_table as subject,
        count(*) as measured_value
    from quarantine
    group by 1

),

measured as (

    select
        checks.check_id,
        checks.check_name,
        checks.measure,
        checks.subject,
        checks.comparison,
        checks.threshold,
        checks.severity,
        checks.owner_team,
        checks.description,
        case
            when checks.measure = 'metric_missing_share' then missing_shares.month_start
        end as measured_for_month,
        case
            when checks.measure = 'metric_missing_share' then missing_shares.measured_value
            when checks.measure = 'quarantined_rows'
                then cast(coalesce(quarantined.measured_value, 0) as double)
        end as measured_value
    from checks
    left join missing_shares
        on
            checks.measure = 'metric_missing_share'
            and checks.subject = missing_shares.subject
    left join quarantined
        on
            checks.measure = 'quarantined_rows'
            and checks.subject = quarantined.subject

),

evaluated as (

    select
        measured.*,
        coalesce(
            (measured.comparison = 'above' and measured.measured_value > measured.threshold)
            or (measured.comparison = 'below' and measured.measured_value < measured.threshold),
            false
        ) as is_breached
    from measured

),

final as (

    select
        evaluated.*,
        case
            when evaluated.is_breached
                then evaluated.check_name || ' (' || evaluated.subject || '): '
                    || cast(round(evaluated.measured_value, 3) as {{ dbt.type_string() }})
                    || ' is ' || evaluated.comparison || ' the threshold '
                    || cast(evaluated.threshold as {{ dbt.type_string() }})
        end as message
    from evaluated

)

select * from final
