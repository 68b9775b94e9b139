{#- The data-quality status of the data behind each registered metric, from the latest
    `scorecard validate` run: the expectations on the metric's own rows of the metric mart,
    and on the staging tables of its data sources (registry `data_sources`; product.events is
    validated through its daily aggregate). One row per active metric. -#}
with

results as (

    select * from {{ ref('stg_dq__validation_results') }}

),

registry as (

    select * from {{ ref('scorecard_metrics') }}
    where is_active

),

latest_run as (

    select run_id
    from results
    where validated_at = (select max(latest.validated_at) from results as latest)

),

latest_results as (

    select
        results.*,
        case
            when results.table_name = 'intermediate.int_usage_aggregated_daily'
                then 'product.events'
            when results.table_name like 'staging.stg_%'
                then replace(replace(results.table_name, 'staging.stg_', ''), '__', '.')
        end as source_table
    from results
    inner join latest_run
        on results.run_id = latest_run.run_id

),

metric_results as (

    select
        registry.metric_id,
        latest_results.run_id,
        latest_results.validated_at,
        latest_results.success,
        latest_results.severity,
        latest_results.expectation,
        latest_results.table_name
    from registry
    inner join latest_results
        on
            registry.metric_id = latest_results.scoped_metric_id
            or (
                latest_results.source_table is not null
                and ';' || registry.data_sources || ';'
                like '%;' || latest_results.source_table || ';%'
            )

),

summarised as (

    select
        metric_id,
        max(run_id) as run_id,
        max(validated_at) as validated_at,
        count(*) as expectations,
        sum(case when not success and severity = 'critical' then 1 else 0 end)
            as critical_failures,
        sum(case when not success and severity = 'warning' then 1 else 0 end)
            as warning_failures
    from metric_results
    group by 1

),

final as (

    select
        registry.metric_id,
        summarised.run_id,
        summarised.validated_at,
        coalesce(summarised.expectations, 0) as expectations,
        coalesce(summarised.critical_failures, 0) as critical_failures,
        coalesce(summarised.warning_failures, 0) as warning_failures,
        case
            when summarised.metric_id is null then 'not_validated'
            when summarised.critical_failures > 0 then 'critical_failure'
            when summarised.warning_failures > 0 then 'warning'
            else 'passed'
        end as dq_status
    from registry
    left join summarised
        on registry.metric_id = summarised.metric_id

)

select * from final
