{#- The renewal back-test: each closed renewal opportunity with the account's overall band
    var('renewal_lookback_months') (default 3) months before the close month, and the outcome.
    Does the scorecard predict renewals? See fct_renewal_calibration. -#}
with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}
    where opportunity_type = 'renewal' and is_closed

),

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

renewals as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.close_date,
        opportunities.amount,
        coalesce(opportunities.is_won, false) as is_won,
        cast({{ dbt.dateadd(
            'month',
            -1 * var('renewal_lookback_months', 3),
            dbt.date_trunc('month', 'opportunities.close_date')
        ) }} as date) as prior_month_start
    from opportunities

),

final as (

    select
        renewals.opportunity_id,
        renewals.account_id,
        renewals.close_date,
        renewals.amount,
        renewals.is_won,
        renewals.prior_month_start,
        scorecards.overall_score as prior_overall_score,
        scorecards.customer_type as prior_customer_type,
        coalesce(scorecards.overall_band, 'not_scored') as prior_band
    from renewals
    left join scorecards
        on
            renewals.account_id = scorecards.account_id
            and renewals.prior_month_start = scorecards.month_start

)

select * from final
