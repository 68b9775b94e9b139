{#- Level scores: the weighted mean of the level's available metric scores, weights
    renormalised over the metrics that have a score. Weight coverage = weight of scored metrics
    / weight of all the level's metrics; below var('min_weight_coverage') the level is
    `insufficient_data`. Level overrides (score_overrides, scope level) are applied visibly. -#}
with

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

overrides as (

    select * from {{ ref('score_overrides') }}
    where scope = 'level'

),

aggregated as (

    select
        account_id,
        month_start,
        outcome_level,
        rubric_version,
        max(level_weight) as level_weight,
        sum(metric_weight) as total_metric_weight,
        sum(case when score is not null then metric_weight else 0 end) as scored_metric_weight,
        sum(case when score is not null then metric_weight * score else 0 end)
            as weighted_score_sum,
        count(*) as metrics_total,
        count(score) as metrics_scored
    from metric_scores
    group by 1, 2, 3, 4

),

computed as (

    select
        aggregated.*,
        case
            when aggregated.total_metric_weight > 0
                then aggregated.scored_metric_weight / aggregated.total_metric_weight
            else 0
        end as weight_coverage,
        case
            when aggregated.total_metric_weight > 0
                and aggregated.scored_metric_weight / aggregated.total_metric_weight
                >= {{ var('min_weight_coverage', 0.6) }}
                then aggregated.weighted_score_sum / aggregated.scored_metric_weight
        end as computed_score
    from aggregated

),

final as (

    select
        computed.account_id,
        computed.month_start,
        computed.outcome_level,
        computed.rubric_version,
        computed.level_weight,
        computed.total_metric_weight,
        computed.scored_metric_weight,
        computed.weight_coverage,
        computed.metrics_total,
        computed.metrics_scored,
        computed.computed_score,
        coalesce(overrides.override_score, computed.computed_score) as score,
        overrides.override_id is not null as is_overridden,
        overrides.override_id,
        overrides.reason as override_reason,
        overrides.approver as override_approver,
        {{ score_band(
            'coalesce(overrides.override_score, computed.computed_score)',
            "'insufficient_data'"
        ) }} as band
    from computed
    left join overrides
        on
            computed.account_id = overrides.account_id
            and computed.month_start = overrides.month_start
            and computed.outcome_level = overrides.scope_key

)

select * from final
