{#- Drivers add up. For every scorecard row:
    1. total_points_lost = Σ points_lost of its metrics in int_metric_points_lost_monthly;
    2. when no level or overall override applies, total_points_lost = 100 − the score the
       metric mix gives, recomputed here from the metric scores and rubric weights alone:
       each scored level's metric-weighted mean, then the level-weighted mean of those;
    3. and then, when the overall score is computed, = 100 − computed_overall_score.
    Tolerance 1e-5: every score and points-lost figure is rounded to 6 decimals, and the
    rounding of several terms can add up to a few millionths. Returns one row per scorecard
    that does not reconcile. -#}
with

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

points_lost as (

    select * from {{ ref('int_metric_points_lost_monthly') }}

),

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

level_scores as (

    select * from {{ ref('int_level_scores_monthly') }}

),

points_lost_sums as (

    select
        account_id,
        month_start,
        sum(points_lost) as sum_points_lost
    from points_lost
    group by 1, 2

),

metric_mix_by_level as (

    select
        account_id,
        month_start,
        outcome_level,
        sum(metric_weight * score) / nullif(sum(metric_weight), 0) as metric_mix_score
    from metric_scores
    where score is not null
    group by 1, 2, 3

),

metric_mix as (

    select
        level_scores.account_id,
        level_scores.month_start,
        sum(level_scores.level_weight * metric_mix_by_level.metric_mix_score)
        / nullif(sum(level_scores.level_weight), 0) as metric_mix_score
    from level_scores
    inner join metric_mix_by_level
        on
            level_scores.account_id = metric_mix_by_level.account_id
            and level_scores.month_start = metric_mix_by_level.month_start
            and level_scores.outcome_level = metric_mix_by_level.outcome_level
    where level_scores.score is not null
    group by 1, 2

),

compared as (

    select
        scorecards.scorecard_id,
        scorecards.total_points_lost,
        points_lost_sums.sum_points_lost,
        metric_mix.metric_mix_score,
        scorecards.computed_overall_score,
        case
            when
                (scorecards.total_points_lost is null)
                <> (points_lost_sums.sum_points_lost is null)
                or abs(scorecards.total_points_lost - points_lost_sums.sum_points_lost) > 1e-5
                then 'total_is_not_the_sum_of_points_lost'
            when not scorecards.has_level_override
                and scorecards.overall_override_id is null
                and (
                    (scorecards.total_points_lost is null) <> (metric_mix.metric_mix_score is null)
                    or abs(scorecards.total_points_lost - (100 - metric_mix.metric_mix_score))
                    > 1e-5
                )
                then 'total_is_not_100_minus_metric_mix'
            when not scorecards.has_level_override
                and scorecards.computed_overall_score is not null
                and abs(scorecards.total_points_lost - (100 - scorecards.computed_overall_score))
                > 1e-5
                then 'total_is_not_100_minus_computed_overall_score'
        end as problem
    from scorecards
    left join points_lost_sums
        on
            scorecards.account_id = points_lost_sums.account_id
            and scorecards.month_start = points_lost_sums.month_start
    left join metric_mix
        on
            scorecards.account_id = metric_mix.account_id
            and scorecards.month_start = metric_mix.month_start

),

final as (

    select *
    from compared
    where problem is not null

)

select * from final
