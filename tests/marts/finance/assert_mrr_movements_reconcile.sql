{#- For every month, the movement amounts of fct_account_mrr_monthly add up to the month's
    total MRR minus the previous month's total MRR, both totals computed independently from
    the spine (int_account_months), at the mart's precision (cents). An account absent from
    the spine in a month (two or more months after a churn) contributes 0 to both the total
    and the movements; the previous month's total covers every account of that month, so a
    month is right only if churned accounts were netted out when they churned. Returns one row
    per month that does not reconcile. -#}
with

months as (

    select * from {{ ref('int_months') }}

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

account_mrr as (

    select * from {{ ref('fct_account_mrr_monthly') }}

),

spine_totals as (

    select
        month_start,
        sum(cast(mrr_amount as decimal(18, 2))) as total_mrr
    from account_months
    group by 1

),

movement_totals as (

    select
        month_start,
        sum(movement_amount) as movement_amount,
        count(*) as account_rows
    from account_mrr
    group by 1

),

compared as (

    select
        months.month_start,
        coalesce(current_totals.total_mrr, 0) as total_mrr,
        coalesce(previous_totals.total_mrr, 0) as previous_total_mrr,
        coalesce(current_totals.total_mrr, 0) - coalesce(previous_totals.total_mrr, 0)
            as expected_change,
        coalesce(movement_totals.movement_amount, 0) as movement_amount,
        coalesce(movement_totals.account_rows, 0) as account_rows
    from months
    left join spine_totals as current_totals
        on months.month_start = current_totals.month_start
    left join spine_totals as previous_totals
        on
            previous_totals.month_start
            = cast({{ dbt.dateadd('month', -1, 'months.month_start') }} as date)
    left join movement_totals
        on months.month_start = movement_totals.month_start

),

final as (

    select * from compared
    where movement_amount <> expected_change

)

select * from final
