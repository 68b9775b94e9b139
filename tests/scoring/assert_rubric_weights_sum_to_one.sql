{#- The weights of every rubric version sum to 1: the metric weights of each version and
    level, and the level weights of each version (tolerance 1e-6). Renormalisation hides
    a rubric that does not add up, so it is checked here. Returns one row per version (and
    level) whose weights do not sum to 1. -#}
with

rubrics as (

    select * from {{ ref('scorecard_rubrics') }}

),

metric_weight_sums as (

    select
        rubric_version,
        outcome_level,
        'metric' as weight_scope,
        sum(weight) as weight_sum,
        count(*) as n_weights
    from rubrics
    where weight_scope = 'metric'
    group by 1, 2

),

level_weight_sums as (

    select
        rubric_version,
        cast(null as {{ dbt.type_string() }}) as outcome_level,
        'level' as weight_scope,
        sum(weight) as weight_sum,
        count(*) as n_weights
    from rubrics
    where weight_scope = 'level'
    group by 1

),

weight_sums as (

    select * from metric_weight_sums
    union all
    select * from level_weight_sums

),

final as (

    select *
    from weight_sums
    where abs(weight_sum - 1) > 1e-6

)

select * from final
