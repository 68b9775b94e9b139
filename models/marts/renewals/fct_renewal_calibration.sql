{#- Renewal rate by prior band, overall ('all') and per customer_type: the calibration that
    shows whether the scorecard predicts renewals, and the basis of renewal likelihoods. -#}
with

backtest as (

    select * from {{ ref('fct_renewal_backtest') }}

),

by_segment as (

    select
        'all' as customer_type,
        prior_band,
        count(*) as renewals_closed,
        cast(sum(case when is_won then 1 else 0 end) as bigint) as renewals_won
    from backtest
    group by 1, 2

    union all

    select
        coalesce(prior_customer_type, 'unknown') as customer_type,
        prior_band,
        count(*) as renewals_closed,
        cast(sum(case when is_won then 1 else 0 end) as bigint) as renewals_won
    from backtest
    group by 1, 2

),

final as (

    select
        customer_type,
        prior_band,
        renewals_closed,
        renewals_won,
        cast(renewals_won as double) / renewals_closed as renewal_rate
    from by_segment

)

select * from final
