{#- Every segment dimension partitions the book: for each dimension and month, the segment
    rows add up to the `all` row (cohort accounts and MRR, churned accounts, active accounts,
    total MRR). Returns one row per dimension-month that does not add up. -#}
with

segment_retention as (

    select * from {{ ref('fct_segment_retention_monthly') }}

),

book as (

    select * from segment_retention
    where segment_dimension = 'all'

),

dimension_sums as (

    select
        segment_dimension,
        month_start,
        sum(cohort_accounts) as cohort_accounts,
        sum(cohort_starting_mrr) as cohort_starting_mrr,
        sum(cohort_current_mrr) as cohort_current_mrr,
        sum(cohort_retained_mrr) as cohort_retained_mrr,
        sum(churned_accounts) as churned_accounts,
        sum(active_accounts) as active_accounts,
        sum(total_mrr) as total_mrr
    from segment_retention
    where segment_dimension <> 'all'
    group by 1, 2

),

dimensions as (

    select distinct segment_dimension
    from segment_retention
    where segment_dimension <> 'all'

),

expected as (

    {#- Every dimension is expected in every month of the book. -#}
    select
        dimensions.segment_dimension,
        book.month_start,
        book.cohort_accounts,
        book.cohort_starting_mrr,
        book.cohort_current_mrr,
        book.cohort_retained_mrr,
        book.churned_accounts,
        book.active_accounts,
        book.total_mrr
    from book
    cross join dimensions

),

final as (

    select
        expected.cohort_accounts as all_cohort_accounts,
        dimension_sums.cohort_accounts as dimension_cohort_accounts,
        expected.cohort_starting_mrr as all_cohort_starting_mrr,
        dimension_sums.cohort_starting_mrr as dimension_cohort_starting_mrr,
        expected.total_mrr as all_total_mrr,
        dimension_sums.total_mrr as dimension_total_mrr,
        coalesce(expected.segment_dimension, dimension_sums.segment_dimension) as segment_dimension,
        coalesce(expected.month_start, dimension_sums.month_start) as month_start
    from expected
    full outer join dimension_sums
        on
            expected.segment_dimension = dimension_sums.segment_dimension
            and expected.month_start = dimension_sums.month_start
    where
        expected.month_start is null
        or dimension_sums.month_start is null
        or expected.cohort_accounts <> dimension_sums.cohort_accounts
        or expected.cohort_starting_mrr <> dimension_sums.cohort_starting_mrr
        or expected.cohort_current_mrr <> dimension_sums.cohort_current_mrr
        or expected.cohort_retained_mrr <> dimension_sums.cohort_retained_mrr
        or expected.churned_accounts <> dimension_sums.churned_accounts
        or expected.active_accounts <> dimension_sums.active_accounts
        or expected.total_mrr <> dimension_sums.total_mrr

)

select * from final
