{#- Drivers: each scored metric's effective weight in the overall score and the points it
    loses, (100 − score) × effective weight. Effective weight = level weight renormalised over
    the levels that have a score × metric weight renormalised over the level's scored metrics,
    so the effective weights of a row sum to 1 and its points lost sum to 100 minus the score
    the metric mix gives. -#}
with

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}
    where score is not null

),

level_scores as (

    select * from {{ ref('int_level_scores_monthly') }}

),

present_levels as (

    select
        account_id,
        month_start,
        sum(level_weight) as present_level_weight
    from level_scores
    where score is not null
    group by 1, 2

),

weighted as (

    select
        metric_scores.account_id,
        metric_scores.month_start,
        metric_scores.metric_id,
        metric_scores.outcome_level,
        metric_scores.score,
        (level_scores.level_weight / present_levels.present_level_weight)
        * (metric_scores.metric_weight / level_scores.scored_metric_weight) as effective_weight
    from metric_scores
    inner join level_scores
        on
            metric_scores.account_id = level_scores.account_id
            and metric_scores.month_start = level_scores.month_start
            and metric_scores.outcome_level = level_scores.outcome_level
    inner join present_levels
        on
            metric_scores.account_id = present_levels.account_id
            and metric_scores.month_start = present_levels.month_start
    where level_scores.score is not null and level_scores.scored_metric_weight > 0

),

final as (

    select
        weighted.*,
        (100 - weighted.score) * weighted.effective_weight as points_lost,
        row_number() over (
            partition by weighted.account_id, weighted.month_start
            order by (100 - weighted.score) * weighted.effective_weight desc, weighted.metric_id
        ) as driver_rank
    from weighted

)

select * from final
