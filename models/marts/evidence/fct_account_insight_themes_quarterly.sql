{#- One row per account, calendar quarter and theme with at least one insight: the count and
    mean sentiment of the insights, and the level and metric the theme speaks to. -#}
with

insights as (

    select * from {{ ref('fct_account_insights') }}

),

final as (

    select
        account_id || '|' || cast(quarter_start as {{ dbt.type_string() }}) || '|'
        || theme_code as account_quarter_theme_id,
        account_id,
        quarter_start,
        theme_code,
        theme_name,
        outcome_level,
        metric_id,
        count(*) as insights,
        avg(cast(sentiment as double)) as mean_sentiment,
        count(case when sentiment > 0 then 1 end) as positive_insights,
        count(case when sentiment < 0 then 1 end) as negative_insights
    from insights
    group by 1, 2, 3, 4, 5, 6, 7

)

select * from final
