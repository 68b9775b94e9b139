{#- Segment scorecards: per segment dimension, segment value and month, the accounts scored,
    mean and median overall and level scores, and the share of accounts in each band. -#}
with

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

segment_dimensions as (

    {{ segment_dimension_rows() }}

),

exploded as (

    select
        segment_dimensions.segment_dimension,
        {{ segment_value('scorecards') }} as segment_value,
        scorecards.*
    from scorecards
    cross join segment_dimensions

),

final as (

    select
        segment_dimension,
        segment_value,
        month_start,
        -- `accounts` is a keyword to sqlfluff, but the column name is read downstream
        count(*) as accounts,  -- noqa: RF04
        count(overall_score) as accounts_scored,
        sum(mrr_amount) as mrr_amount,
        avg(overall_score) as mean_overall_score,
        percentile_cont(0.5) within group (order by overall_score) as median_overall_score,
        avg(business_impact_score) as mean_business_impact_score,
        avg(adoption_score) as mean_adoption_score,
        avg(value_delivered_score) as mean_value_delivered_score,
        avg(case when overall_band = 'green' then 1.0 else 0.0 end) as share_green,
        avg(case when overall_band = 'yellow' then 1.0 else 0.0 end) as share_yellow,
        avg(case when overall_band = 'red' then 1.0 else 0.0 end) as share_red,
        avg(case when overall_band not in ('green', 'yellow', 'red') then 1.0 else 0.0 end)
            as share_no_data,
        avg(case when has_conflicting_signals then 1.0 else 0.0 end) as share_conflicting_signals
    from exploded
    group by 1, 2, 3

)

select * from final
