{#- MRR per account and month with its movement against the previous calendar month.
    One row per row of the account-month spine (int_account_months). The previous month is
    looked up by calendar month, not by the previous spine row: a month missing from the
    spine (between a churn's following month and a reactivation) had no MRR. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

monthly_mrr as (

    {#- MRR is kept in cents (the contract's decimal(18, 2)) before any difference is
        taken, so movements add up exactly to the change in the stored totals. -#}
    select
        account_id,
        month_start,
        cast({{ dbt.dateadd('month', -1, 'month_start') }} as date) as previous_month_start,
        cast({{ dbt.date_trunc('month', 'first_subscription_date') }} as date)
            as first_subscription_month,
        customer_type,
        industry,
        deployment_scale,
        region,
        plan_key,
        csm_owner,
        cast(mrr_amount as decimal(18, 2)) as mrr_amount
    from account_months

),

with_previous as (

    select
        monthly_mrr.account_id,
        monthly_mrr.month_start,
        monthly_mrr.first_subscription_month,
        monthly_mrr.customer_type,
        monthly_mrr.industry,
        monthly_mrr.deployment_scale,
        monthly_mrr.region,
        monthly_mrr.plan_key,
        monthly_mrr.csm_owner,
        monthly_mrr.mrr_amount,
        coalesce(previous_month.mrr_amount, 0) as previous_mrr_amount
    from monthly_mrr
    left join monthly_mrr as previous_month
        on
            monthly_mrr.account_id = previous_month.account_id
            and monthly_mrr.previous_month_start = previous_month.month_start

),

with_history as (

    {#- Whether the account had MRR in any earlier month: months absent from the spine had
        none, so the spine rows hold the whole history. -#}
    select
        *,
        coalesce(
            max(case when mrr_amount > 0 then 1 else 0 end) over (
                partition by account_id
                order by month_start
                rows between unbounded preceding and 1 preceding
            ),
            0
        ) = 1 as had_mrr_before
    from with_previous

),

classified as (

    select
        *,
        mrr_amount - previous_mrr_amount as mrr_change,
        case
            when previous_mrr_amount = 0 and mrr_amount = 0 then 'inactive'
            when previous_mrr_amount = 0 and had_mrr_before then 'reactivation'
            when previous_mrr_amount = 0 then 'new'
            when mrr_amount = 0 then 'churn'
            when mrr_amount > previous_mrr_amount then 'expansion'
            when mrr_amount < previous_mrr_amount then 'contraction'
            else 'flat'
        end as mrr_movement,
        month_start = first_subscription_month as is_first_month,
        {{ dbt.datediff('first_subscription_month', 'month_start', 'month') }}
            as months_since_first_subscription
    from with_history

),

final as (

    select
        account_id,
        month_start,
        customer_type,
        industry,
        deployment_scale,
        region,
        plan_key,
        csm_owner,
        mrr_amount,
        cast(previous_mrr_amount as decimal(18, 2)) as previous_mrr_amount,
        cast(mrr_change as decimal(18, 2)) as mrr_change,
        mrr_movement,
        cast(mrr_change as decimal(18, 2)) as movement_amount,
        is_first_month,
        cast(months_since_first_subscription as integer) as months_since_first_subscription
    from classified

)

select * from final
