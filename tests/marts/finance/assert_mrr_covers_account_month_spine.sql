{#- fct_account_mrr_monthly has exactly the rows of the account-month spine, with the spine's
    MRR (to the cent): no account-month is dropped or invented. Returns one row per missing,
    extra or different account-month. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

account_mrr as (

    select * from {{ ref('fct_account_mrr_monthly') }}

),

compared as (

    select
        account_months.mrr_amount as spine_mrr_amount,
        account_mrr.mrr_amount as mart_mrr_amount,
        coalesce(account_months.account_id, account_mrr.account_id) as account_id,
        coalesce(account_months.month_start, account_mrr.month_start) as month_start,
        case
            when account_mrr.account_id is null then 'missing_from_mart'
            when account_months.account_id is null then 'not_in_spine'
            when cast(account_months.mrr_amount as decimal(18, 2)) <> account_mrr.mrr_amount
                then 'different_mrr'
        end as problem
    from account_months
    full outer join account_mrr
        on
            account_months.account_id = account_mrr.account_id
            and account_months.month_start = account_mrr.month_start

),

final as (

    select * from compared
    where problem is not null

)

select * from final
