{#- Every data-quality result recorded by `scorecard validate`, typed. Before the first
    validation run the source table does not exist; dq_results_relation() then yields an
    empty relation with the same columns, so a fresh build never fails on it. -#}
with

results as (

    select
        run_id,
        suite,
        expectation,
        table_name,
        column_name,
        success,
        observed_value,
        threshold,
        severity,
        validated_at,
        scope,
        {#- `metric_id = nps, is_active, ...` -> `metric_id = nps` -#}
        {{ dbt.split_part('scope', "','", 1) }} as scope_head
    from {{ dq_results_relation() }}

),

final as (

    select
        run_id,
        suite,
        expectation,
        table_name,
        column_name,
        success,
        observed_value,
        threshold,
        severity,
        validated_at,
        scope,
        {#- the metric a metric-mart expectation was scoped to -#}
        case
            when scope like 'metric_id = %' then trim(replace(scope_head, 'metric_id = ', ''))
        end as scoped_metric_id
    from results

)

select * from final
