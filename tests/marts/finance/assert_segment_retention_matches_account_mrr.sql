{#- The `all` rows of fct_segment_retention_monthly agree with fct_account_mrr_monthly: the
    cohort of month m is the accounts with MRR > 0 in m - 12 (count and MRR = that month's
    paying accounts and total MRR), its current MRR is what those accounts pay in m, and the
    month's total MRR is the sum over accounts. Returns one row per disagreeing month. -#}
with

months as (

    select * from {{ ref('int_months') }}

),

account_mrr as (

    select * from {{ ref('fct_account_mrr_monthly') }}

),

segment_retention as (

    select * from {{ ref('fct_segment_retention_monthly') }}

),

book as (

    select * from segment_retention
    where segment_dimension = 'all'

),

cohort_accounts as (

    select
        months.month_start,
        year_earlier.account_id,
        year_earlier.mrr_amount as starting_mrr_amount,
        coalesce(month_now.mrr_amount, 0) as current_mrr_amount
    from months
    inner join account_mrr as year_earlier
        on
            year_earlier.month_start
            = cast({{ dbt.dateadd('month', -12, 'months.month_start') }} as date)
    left join account_mrr as month_now
        on
            year_earlier.account_id = month_now.account_id
            and months.month_start = month_now.month_start
    where year_earlier.mrr_amount > 0

),

expected_cohorts as (

    select
        month_start,
        count(*) as cohort_accounts,
        sum(starting_mrr_amount) as cohort_starting_mrr,
        sum(current_mrr_amount) as cohort_current_mrr
    from cohort_accounts
    group by 1

),

expected_totals as (

    select
        month_start,
        sum(mrr_amount) as total_mrr
    from account_mrr
    group by 1

),

final as (

    select
        months.month_start,
        book.cohort_accounts,
        expected_cohorts.cohort_accounts as expected_cohort_accounts,
        book.cohort_starting_mrr,
        expected_cohorts.cohort_starting_mrr as expected_cohort_starting_mrr,
        book.cohort_current_mrr,
        expected_cohorts.cohort_current_mrr as expected_cohort_current_mrr,
        book.total_mrr,
        expected_totals.total_mrr as expected_total_mrr
    from months
    left join book
        on months.month_start = book.month_start
    left join expected_cohorts
        on months.month_start = expected_cohorts.month_start
    left join expected_totals
        on months.month_start = expected_totals.month_start
    where
        coalesce(book.cohort_accounts, 0) <> coalesce(expected_cohorts.cohort_accounts, 0)
        or coalesce(book.cohort_starting_mrr, 0)
        <> coalesce(expected_cohorts.cohort_starting_mrr, 0)
        or coalesce(book.cohort_current_mrr, 0)
        <> coalesce(expected_cohorts.cohort_current_mrr, 0)
        or coalesce(book.total_mrr, 0) <> coalesce(expected_totals.total_mrr, 0)

)

select * from final
