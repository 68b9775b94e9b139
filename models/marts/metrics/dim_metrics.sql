{#- The metric registry as a dimension: the backbone of the glossary. One row per metric. -#}
with

registry as (

    select * from {{ ref('scorecard_metrics') }}

),

default_targets as (

    {#- The default ('*') target in force on the as-of date, for reference. -#}
    select
        metric_id,
        baseline_value,
        target_value,
        floor_value,
        effective_from,
        row_number() over (partition by metric_id order by effective_from desc) as target_rank
    from {{ ref('scorecard_targets') }}
    where segment = '*' and effective_from <= {{ scorecard_as_of_date() }}

),

final as (

    select
        registry.metric_id,
        registry.metric_name,
        registry.outcome_level,
        registry.unit,
        registry.direction,
        registry.owner_team,
        registry.owner_name,
        registry.data_sources,
        registry.update_frequency,
        registry.missing_data_rule,
        registry.carry_forward_days,
        registry.expected_coverage,
        registry.anomaly_detection,
        registry.is_active,
        registry.description,
        default_targets.baseline_value as default_baseline_value,
        default_targets.target_value as default_target_value,
        default_targets.floor_value as default_floor_value,
        default_targets.effective_from as default_target_effective_from,
        'int_metric__' || registry.metric_id as calculation_model,
        'metric_' || registry.metric_id as docs_block
    from registry
    left join default_targets
        on
            registry.metric_id = default_targets.metric_id
            and default_targets.target_rank = 1

)

select * from final
