{#- Maturity tier per active account-month, with transitions. Rules (vars, documented in the
    glossary): `onboarding` while tenure < maturity_onboarding_months or fewer than
    maturity_onboarding_completion of the onboarding milestones are reached; `mature` from
    maturity_mature_months of tenure with an adoption score ≥ maturity_mature_adoption_score;
    `adopting` otherwise (including an adoption score that is insufficient_data). -#}
with

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

onboarding as (

    select
        account_id,
        month_start,
        metric_value as onboarding_completion
    from {{ ref('fct_account_metrics_monthly') }}
    where metric_id = 'onboarding_completion'

),

tiered as (

    select
        scorecards.scorecard_id,
        scorecards.account_id,
        scorecards.month_start,
        scorecards.customer_type,
        scorecards.tenure_months,
        scorecards.adoption_score,
        onboarding.onboarding_completion,
        case
            when scorecards.tenure_months < {{ var('maturity_onboarding_months', 3) }}
                or coalesce(onboarding.onboarding_completion, 0)
                < {{ var('maturity_onboarding_completion', 0.75) }}
                then 'onboarding'
            when scorecards.tenure_months >= {{ var('maturity_mature_months', 12) }}
                and scorecards.adoption_score >= {{ var('maturity_mature_adoption_score', 75) }}
                then 'mature'
            else 'adopting'
        end as maturity_tier
    from scorecards
    left join onboarding
        on
            scorecards.account_id = onboarding.account_id
            and scorecards.month_start = onboarding.month_start

),

with_previous as (

    select
        tiered.*,
        lag(tiered.maturity_tier) over (
            partition by tiered.account_id order by tiered.month_start
        ) as previous_maturity_tier
    from tiered

),

final as (

    select
        with_previous.*,
        coalesce(with_previous.previous_maturity_tier <> with_previous.maturity_tier, false)
            as is_tier_change,
        case
            when with_previous.previous_maturity_tier <> with_previous.maturity_tier
                then with_previous.previous_maturity_tier || '_to_' || with_previous.maturity_tier
        end as tier_transition
    from with_previous

)

select * from final
