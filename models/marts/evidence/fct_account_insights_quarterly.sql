{#- One row per account and calendar quarter in which the account was scored: how many
    qualitative insights it has by outcome level, their mean sentiment, a summary by theme,
    and the share of its red or declining metrics (int_metric_movements_quarterly) that have
    at least one insight about that metric in the quarter ("explained") versus none
    ("unexplained"). Counts per theme are in fct_account_insight_themes_quarterly. -#}
with

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

insights as (

    select * from {{ ref('fct_account_insights') }}

),

movements as (

    select * from {{ ref('int_metric_movements_quarterly') }}

),

account_quarters as (

    select
        account_id,
        cast({{ dbt.date_trunc('quarter', 'month_start') }} as date) as quarter_start,
        max(month_start) as last_month_start
    from scorecards
    group by 1, 2

),

quarter_attributes as (

    select
        account_quarters.account_id,
        account_quarters.quarter_start,
        account_quarters.last_month_start,
        scorecards.account_name,
        scorecards.customer_type,
        scorecards.csm_owner
    from account_quarters
    inner join scorecards
        on
            account_quarters.account_id = scorecards.account_id
            and account_quarters.last_month_start = scorecards.month_start

),

insight_counts as (

    select
        account_id,
        quarter_start,
        count(*) as insights,
        count(case when outcome_level = 'business_impact' then 1 end)
            as business_impact_insights,
        count(case when outcome_level = 'adoption' then 1 end) as adoption_insights,
        count(case when outcome_level = 'value_delivered' then 1 end)
            as value_delivered_insights,
        count(case when sentiment > 0 then 1 end) as positive_insights,
        count(case when sentiment < 0 then 1 end) as negative_insights,
        avg(cast(sentiment as double)) as mean_sentiment,
        count(case when is_movement_consistent then 1 end) as consistent_insights,
        count(case when is_movement_consistent = false then 1 end)
            as inconsistent_insights
    from insights
    group by 1, 2

),

theme_counts as (

    select
        account_id,
        quarter_start,
        theme_code,
        count(*) as theme_insights
    from insights
    group by 1, 2, 3

),

theme_summaries as (

    select
        account_id,
        quarter_start,
        {{ dbt.listagg(
            "theme_code || ' x' || cast(theme_insights as " ~ dbt.type_string() ~ ")",
            "', '",
            "order by theme_insights desc, theme_code"
        ) }} as theme_summary
    from theme_counts
    group by 1, 2

),

insight_metrics as (

    select distinct
        account_id,
        quarter_start,
        metric_id
    from insights

),

gaps as (

    select
        movements.account_id,
        movements.quarter_start,
        movements.metric_id,
        insight_metrics.metric_id is not null as is_explained
    from movements
    left join insight_metrics
        on
            movements.account_id = insight_metrics.account_id
            and movements.quarter_start = insight_metrics.quarter_start
            and movements.metric_id = insight_metrics.metric_id
    where movements.is_red or movements.is_declining

),

gap_counts as (

    select
        account_id,
        quarter_start,
        count(*) as red_or_declining_metrics,
        count(case when is_explained then 1 end) as explained_metrics,
        count(case when not is_explained then 1 end) as unexplained_metrics
    from gaps
    group by 1, 2

),

unexplained_lists as (

    select
        account_id,
        quarter_start,
        {{ dbt.listagg("metric_id", "', '", "order by metric_id") }} as unexplained_metric_ids
    from gaps
    where not is_explained
    group by 1, 2

),

final as (

    select
        quarter_attributes.account_id || '|' || cast(quarter_attributes.quarter_start as {{
            dbt.type_string() }}) as account_quarter_id,
        quarter_attributes.account_id,
        quarter_attributes.quarter_start,
        quarter_attributes.last_month_start,
        quarter_attributes.account_name,
        quarter_attributes.customer_type,
        quarter_attributes.csm_owner,
        coalesce(insight_counts.insights, 0) as insights,
        coalesce(insight_counts.business_impact_insights, 0) as business_impact_insights,
        coalesce(insight_counts.adoption_insights, 0) as adoption_insights,
        coalesce(insight_counts.value_delivered_insights, 0) as value_delivered_insights,
        coalesce(insight_counts.positive_insights, 0) as positive_insights,
        coalesce(insight_counts.negative_insights, 0) as negative_insights,
        insight_counts.mean_sentiment,
        coalesce(insight_counts.consistent_insights, 0) as consistent_insights,
        coalesce(insight_counts.inconsistent_insights, 0) as inconsistent_insights,
        theme_summaries.theme_summary,
        coalesce(gap_counts.red_or_declining_metrics, 0) as red_or_declining_metrics,
        coalesce(gap_counts.explained_metrics, 0) as explained_metrics,
        coalesce(gap_counts.unexplained_metrics, 0) as unexplained_metrics,
        cast(gap_counts.explained_metrics as double)
        / nullif(gap_counts.red_or_declining_metrics, 0) as share_explained,
        cast(gap_counts.unexplained_metrics as double)
        / nullif(gap_counts.red_or_declining_metrics, 0) as share_unexplained,
        unexplained_lists.unexplained_metric_ids
    from quarter_attributes
    left join insight_counts
        on
            quarter_attributes.account_id = insight_counts.account_id
            and quarter_attributes.quarter_start = insight_counts.quarter_start
    left join theme_summaries
        on
            quarter_attributes.account_id = theme_summaries.account_id
            and quarter_attributes.quarter_start = theme_summaries.quarter_start
    left join gap_counts
        on
            quarter_attributes.account_id = gap_counts.account_id
            and quarter_attributes.quarter_start = gap_counts.quarter_start
    left join unexplained_lists
        on
            quarter_attributes.account_id = unexplained_lists.account_id
            and quarter_attributes.quarter_start = unexplained_lists.quarter_start

)

select * from final
