{#- Every data-quality result recorded by `scorecard validate`, typed. Before the first
    validation run the source table does not exist; dq_results_relation() then yields an
    empty relation with the same columns, so a fresh build never fails on it. -#}
with

results as (

    select * from {{ dq_results_relation() }}

),

parsed as (

    select
        results.*,
        {#- `metric_id = nps, is_active, ...` -> `metric_id = nps` -#}
        {{ dbt.split_part('results.scope', "','", 1) }} as scope_head
    from results

),

final as (

    select
        parsed.*,
        {#- the metric a metric-mart expectation was scoped to -#}
        case
            when parsed.scope like 'metric_id = %'
                then trim(replace(parsed.scope_head, 'metric_id = ', ''))
        end as scoped_metric_id
    from parsed

)

select * from final
