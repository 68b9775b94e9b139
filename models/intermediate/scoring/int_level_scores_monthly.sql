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

exact_terms as (

    {#- weights and scores as exact decimals (scores are rounded to 6 decimals, weights have
        at most 6): their sums are then exact, the same whatever order a parallel engine adds
        them in — floating-point sums are not, and would move the last digit of a score from
        one build to the next (a false restatement in the as-reported snapshot) -#}
    select
        account_id,
        month_start,
        outcome_level,
        rubric_version,
        level_weight,
        score,
        cast(metric_weight as decimal(18, 6)) as metric_weight,
        cast(score as decimal(18, 6)) as exact_score
    from metric_scores

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
        sum(case when score is not null then metric_weight * exact_score else 0 end)
            as weighted_score_sum,
        count(*) as metrics_total,
        count(score) as metrics_scored
    from exact_terms
    group by 1, 2, 3, 4

),

ratios as (

    {#- the exact ratios as floating point (a decimal quotient on some engines) -#}
    select
        aggregated.*,
        cast(
            aggregated.scored_metric_weight / nullif(aggregated.total_metric_weight, 0) as double
        ) as coverage_ratio,
        cast(
            aggregated.weighted_score_sum / nullif(aggregated.scored_metric_weight, 0) as double
        ) as score_ratio
    from aggregated

),

coverage as (

    {#- coverage from the exact sums, rounded to 6 decimals (0 when the level has no weight) -#}
    select
        ratios.*,
        coalesce(round(ratios.coverage_ratio, 6), 0) as weight_coverage
    from ratios

),

computed as (

    select
        coverage.*,
        case
            when coverage.total_metric_weight > 0
                and coverage.weight_coverage >= {{ var('min_weight_coverage', 0.6) }}
                then round(coverage.score_ratio, 6)
        end as computed_score
    from coverage

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
