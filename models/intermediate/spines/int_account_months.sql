{#- The account-month spine: one row per account and month from the account's first
    subscription month through the as-of month, for months in which the account had an active
    subscription on any day, plus the month after each active stretch (so churn is visible).
    Segment attributes and owners are read as of the month's measure date from the account's
    version history, so a later segment change never rewrites the past. -#}

with

months as (

    select * from {{ ref('int_months') }}

),

subscriptions as (

    select * from {{ ref('stg_finance__subscriptions') }}

),

account_versions as (

    select * from {{ ref('stg_crm__account_versions') }}

),

plans as (

    select * from {{ ref('plans') }}

),

first_subscription as (

    select
        account_id,
        min(start_date) as first_subscription_date
    from subscriptions
    group by 1

),

subscription_months as (

    {#- Each subscription in each month it overlaps; `as_of_day` is the latest day of the
        month (up to the measure date) that the subscription covers. -#}
    select
        subscriptions.account_id,
        months.month_start,
        subscriptions.plan_key,
        subscriptions.seats,
        subscriptions.mrr_amount,
        least(coalesce(subscriptions.end_date, months.measure_date), months.measure_date)
            as covered_until,
        coalesce(subscriptions.end_date, months.measure_date) >= months.measure_date
            as covers_measure_date
    from subscriptions
    inner join months
        on
            subscriptions.start_date <= months.measure_date
            and coalesce(subscriptions.end_date, months.month_end) >= months.month_start

),

last_covered_day as (

    select
        account_id,
        month_start,
        max(covered_until) as last_active_date
    from subscription_months
    group by 1, 2

),

active_months as (

    {#- MRR counts the subscriptions covering the measure date (month end, or the as-of
        date in the current month); seats and plan are read on the month's last active day,
        so a churn month still shows the seats the account had. -#}
    select
        subscription_months.account_id,
        subscription_months.month_start,
        last_covered_day.last_active_date,
        cast(
            sum(
                case
                    when subscription_months.covers_measure_date then subscription_months.mrr_amount
                    else 0
                end
            ) as decimal(18, 2)
        ) as mrr_amount,
        cast(sum(
            case
                when subscription_months.covered_until = last_covered_day.last_active_date
                    then subscription_months.seats
                else 0
            end
        ) as {{ dbt.type_bigint() }}) as seats,
        max(
            case
                when subscription_months.covered_until = last_covered_day.last_active_date
                    then plans.tier_rank
            end
        ) as plan_tier_rank
    from subscription_months
    inner join last_covered_day
        on
            subscription_months.account_id = last_covered_day.account_id
            and subscription_months.month_start = last_covered_day.month_start
    left join plans
        on subscription_months.plan_key = plans.plan_key
    group by 1, 2, 3

),

candidate_months as (

    select
        first_subscription.account_id,
        first_subscription.first_subscription_date,
        months.month_start,
        months.month_end,
        months.measure_date,
        months.days_in_month,
        months.days_measured,
        months.is_partial_month,
        months.is_scored_month
    from first_subscription
    inner join months
        on first_subscription.first_subscription_date <= months.month_end

),

flagged as (

    select
        candidate_months.*,
        active_months.account_id is not null as is_active,
        coalesce(active_months.mrr_amount, cast(0 as decimal(18, 2))) as mrr_amount,
        coalesce(active_months.seats, cast(0 as {{ dbt.type_bigint() }})) as seats,
        active_months.plan_tier_rank,
        active_months.last_active_date,
        coalesce(
            lag(active_months.account_id is not null) over (
                partition by candidate_months.account_id order by candidate_months.month_start
            ),
            false
        ) as was_active_previous_month
    from candidate_months
    left join active_months
        on
            candidate_months.account_id = active_months.account_id
            and candidate_months.month_start = active_months.month_start

),

spine as (

    select * from flagged
    where is_active or was_active_previous_month

),

with_attributes as (

    select
        spine.account_id,
        spine.month_start,
        spine.month_end,
        spine.measure_date,
        spine.days_in_month,
        spine.days_measured,
        spine.is_partial_month,
        spine.is_scored_month,
        spine.is_active,
        not spine.is_active as is_churned_month,
        spine.first_subscription_date,
        spine.last_active_date,
        {{ dbt.datediff('spine.first_subscription_date', 'spine.measure_date', 'month') }}
            as tenure_months,
        spine.mrr_amount,
        spine.seats,
        coalesce(
            plans.plan_key,
            last_value(plans.plan_key ignore nulls) over (
                partition by spine.account_id order by spine.month_start
                rows between unbounded preceding and current row
            )
        ) as plan_key,
        versions.account_name,
        versions.customer_type,
        versions.industry,
        versions.deployment_scale,
        versions.region,
        versions.csm_owner,
        versions.ae_owner,
        versions.valid_from as attributes_valid_from
    from spine
    left join plans
        on spine.plan_tier_rank = plans.tier_rank
    left join account_versions as versions
        on spine.account_id = versions.account_id

),

attributes_as_of_month as (

    {#- The version in force at the end of the measure date; a month before the first
        recorded version takes the first version. -#}
    select
        *,
        row_number() over (
            partition by account_id, month_start
            order by
                attributes_valid_from
                < cast({{ dbt.dateadd('day', 1, 'measure_date') }} as timestamp) desc,
                case
                    when
                        attributes_valid_from
                        < cast({{ dbt.dateadd('day', 1, 'measure_date') }} as timestamp)
                        then attributes_valid_from
                end desc,
                attributes_valid_from asc
        ) as version_rank
    from with_attributes

),

final as (

    select {{ star_exclude(['version_rank']) }}
    from attributes_as_of_month
    where version_rank = 1

)

select * from final
