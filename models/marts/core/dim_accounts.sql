{#- One row per account: current attributes plus subscription history facts. -#}
with

accounts as (

    select * from {{ ref('stg_crm__accounts') }}

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

lifecycle as (

    select
        account_id,
        min(first_subscription_date) as first_subscription_date,
        max(case when is_active then month_start end) as last_active_month,
        count(case when is_active then 1 end) as active_months
    from account_months
    group by 1

),

latest_month as (

    select
        account_id,
        month_start,
        is_active,
        mrr_amount,
        seats,
        plan_key,
        tenure_months,
        row_number() over (partition by account_id order by month_start desc) as month_rank
    from account_months

),

final as (

    select
        accounts.account_id,
        accounts.account_name,
        accounts.industry,
        accounts.customer_type,
        accounts.deployment_scale,
        accounts.region,
        accounts.csm_owner,
        accounts.ae_owner,
        accounts.created_at,
        accounts.updated_at,
        lifecycle.first_subscription_date,
        lifecycle.last_active_month,
        lifecycle.active_months,
        latest_month.tenure_months,
        latest_month.plan_key,
        latest_month.seats,
        coalesce(latest_month.mrr_amount, 0) as current_mrr_amount,
        coalesce(
            latest_month.is_active
            and latest_month.month_start
            = cast({{ dbt.date_trunc('month', scorecard_as_of_date()) }} as date),
            false
        ) as is_active_customer
    from accounts
    left join lifecycle
        on accounts.account_id = lifecycle.account_id
    left join latest_month
        on
            accounts.account_id = latest_month.account_id
            and latest_month.month_rank = 1

)

select * from final
