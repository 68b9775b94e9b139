{#- NA is never red: a metric with a null score (or null computed score) never has band red
    (it is no_data), and neither does a level or overall score that is null (it is
    insufficient_data). Returns one row per offending score. -#}
with

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

level_scores as (

    select * from {{ ref('int_level_scores_monthly') }}

),

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

offenders as (

    select
        'metric' as score_kind,
        account_id,
        month_start,
        metric_id as scored_item,
        band
    from metric_scores
    where
        (score is null and coalesce(band, 'red') = 'red')
        or (computed_score is null and coalesce(computed_band, 'red') = 'red')

    union all

    select
        'level' as score_kind,
        account_id,
        month_start,
        outcome_level as scored_item,
        band
    from level_scores
    where score is null and coalesce(band, 'red') = 'red'

    union all

    select
        'overall' as score_kind,
        account_id,
        month_start,
        'overall' as scored_item,
        overall_band as band
    from scorecards
    where overall_score is null and coalesce(overall_band, 'red') = 'red'

)

select * from offenders
