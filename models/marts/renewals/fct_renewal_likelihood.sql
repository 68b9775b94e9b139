{#- Renewal likelihood for each open renewal opportunity: the historical renewal rate of the
    account's current band and segment, smoothed (empirical Bayes) toward the band's rate, which
    is itself smoothed toward the overall rate, with strength k = var('renewal_smoothing_k'):
        band_rate    = (band_wins + k × overall_rate) / (band_closed + k)
        likelihood   = (segment_band_wins + k × band_rate) / (segment_band_closed + k)
    The sample sizes are shown so an auditor can judge the basis. Rates are rounded to 6
    decimals (a probability needs no more). -#}
{%- set k = var('renewal_smoothing_k', 5) -%}

with

opportunities as (

    select * from {{ ref('stg_crm__opportunities') }}
    where opportunity_type = 'renewal' and not is_closed

),

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

calibration as (

    select * from {{ ref('fct_renewal_calibration') }}

),

latest_scorecard as (

    select
        account_id,
        month_start,
        overall_score,
        overall_band,
        customer_type,
        row_number() over (partition by account_id order by month_start desc) as recency
    from scorecards

),

overall_rate as (

    select
        sum(renewals_won) as renewals_won,
        sum(renewals_closed) as renewals_closed,
        cast(sum(renewals_won) as double) / nullif(sum(renewals_closed), 0) as renewal_rate
    from calibration
    where customer_type = 'all'

),

final as (

    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.close_date,
        opportunities.amount,
        latest_scorecard.month_start as scored_month_start,
        latest_scorecard.overall_score as current_overall_score,
        coalesce(latest_scorecard.overall_band, 'not_scored') as current_band,
        latest_scorecard.customer_type,
        coalesce(segment_band.renewals_closed, 0) as segment_band_renewals_closed,
        coalesce(segment_band.renewals_won, 0) as segment_band_renewals_won,
        coalesce(band.renewals_closed, 0) as band_renewals_closed,
        coalesce(band.renewals_won, 0) as band_renewals_won,
        overall_rate.renewal_rate as overall_renewal_rate,
        round(
            (coalesce(band.renewals_won, 0) + {{ k }} * overall_rate.renewal_rate)
            / (coalesce(band.renewals_closed, 0) + {{ k }}),
            6
        ) as band_renewal_rate,
        round(
            (
                coalesce(segment_band.renewals_won, 0)
                + {{ k }} * (coalesce(band.renewals_won, 0) + {{ k }} * overall_rate.renewal_rate)
                / (coalesce(band.renewals_closed, 0) + {{ k }})
            ) / (coalesce(segment_band.renewals_closed, 0) + {{ k }}),
            6
        ) as renewal_likelihood,
        'Historical renewal rate of ' || coalesce(latest_scorecard.overall_band, 'not_scored')
        || ' accounts ('
        || cast(coalesce(band.renewals_won, 0) as {{ dbt.type_string() }}) || ' of '
        || cast(coalesce(band.renewals_closed, 0) as {{ dbt.type_string() }}) || ' renewed; '
        || coalesce(latest_scorecard.customer_type, 'unknown') || ': '
        || cast(coalesce(segment_band.renewals_won, 0) as {{ dbt.type_string() }}) || ' of '
        || cast(coalesce(segment_band.renewals_closed, 0) as {{ dbt.type_string() }})
        || '), smoothed with k = {{ k }}.' as likelihood_basis
    from opportunities
    left join latest_scorecard
        on
            opportunities.account_id = latest_scorecard.account_id
            and latest_scorecard.recency = 1
    left join calibration as band
        on
            coalesce(latest_scorecard.overall_band, 'not_scored') = band.prior_band
            and band.customer_type = 'all'
    left join calibration as segment_band
        on
            latest_scorecard.customer_type = segment_band.customer_type
            and coalesce(latest_scorecard.overall_band, 'not_scored') = segment_band.prior_band
    cross join overall_rate

)

select * from final
