{#- Trailing-12-month revenue retention per segment and month. The cohort of month m is every
    account with MRR > 0 in month m - 12, placed in the segment it had then; its MRR in month
    m (0 when the account has no spine row in m) gives NRR and GRR. Beside the cohort, the
    segment's active accounts and total MRR in month m, with attributes as of m. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

months as (

    select * from {{ ref('int_months') }}

),

segment_dimensions as (

    select 'all' as segment_dimension
    union all
    select 'customer_type' as segment_dimension
    union all
    select 'industry' as segment_dimension
    union all
    select 'deployment_scale' as segment_dimension
    union all
    select 'region' as segment_dimension
    union all
    select 'plan_key' as segment_dimension

),

account_segments as (

    {#- One row per account-month and segment dimension; 'all' is the whole book. A missing
        attribute is the segment 'unknown', so that no account falls out of a dimension. -#}
    select
        account_months.account_id,
        account_months.month_start,
        account_months.is_active,
        cast(account_months.mrr_amount as decimal(18, 2)) as mrr_amount,
        segment_dimensions.segment_dimension,
        coalesce(
            case segment_dimensions.segment_dimension
                when 'all' then 'all'
                when 'customer_type' then account_months.customer_type
                when 'industry' then account_months.industry
                when 'deployment_scale' then account_months.deployment_scale
                when 'region' then account_months.region
                when 'plan_key' then account_months.plan_key
            end,
            'unknown'
        ) as segment_value
    from account_months
    cross join segment_dimensions

),

cohort_starts as (

    {#- Accounts paying in month m - 12, keyed by the month m whose cohort they form; only
        months of the spine (up to the as-of month) get a cohort. -#}
    select
        account_segments.account_id,
        account_segments.segment_dimension,
        account_segments.segment_value,
        months.month_start,
        account_segments.mrr_amount as starting_mrr_amount
    from account_segments
    inner join months
        on
            months.month_start
            = cast({{ dbt.dateadd('month', 12, 'account_segments.month_start') }} as date)
    where account_segments.mrr_amount > 0

),

cohort_outcomes as (

    select
        cohort_starts.account_id,
        cohort_starts.segment_dimension,
        cohort_starts.segment_value,
        cohort_starts.month_start,
        cohort_starts.starting_mrr_amount,
        coalesce(cast(account_months.mrr_amount as decimal(18, 2)), 0) as current_mrr_amount
    from cohort_starts
    left join account_months
        on
            cohort_starts.account_id = account_months.account_id
            and cohort_starts.month_start = account_months.month_start

),

cohort_summary as (

    select
        segment_dimension,
        segment_value,
        month_start,
        count(*) as cohort_accounts,
        sum(starting_mrr_amount) as cohort_starting_mrr,
        sum(current_mrr_amount) as cohort_current_mrr,
        sum(
            case
                when current_mrr_amount < starting_mrr_amount then current_mrr_amount
                else starting_mrr_amount
            end
        ) as cohort_retained_mrr,
        count(case when current_mrr_amount = 0 then 1 end) as churned_accounts
    from cohort_outcomes
    group by 1, 2, 3

),

segment_activity as (

    {#- Active = a subscription on any day of the month (DESIGN.md section 4), so an account
        that churned mid-month counts as active with 0 MRR in its churn month. -#}
    select
        segment_dimension,
        segment_value,
        month_start,
        count(case when is_active then 1 end) as active_accounts,
        sum(mrr_amount) as total_mrr
    from account_segments
    group by 1, 2, 3

),

segment_months as (

    {#- A segment-month appears when it has a cohort or at least one active account. -#}
    select
        segment_dimension,
        segment_value,
        month_start
    from cohort_summary

    union

    select
        segment_dimension,
        segment_value,
        month_start
    from segment_activity
    where active_accounts > 0

),

joined as (

    select
        segment_months.segment_dimension,
        segment_months.segment_value,
        segment_months.month_start,
        coalesce(cohort_summary.cohort_accounts, 0) as cohort_accounts,
        coalesce(cohort_summary.cohort_starting_mrr, 0) as cohort_starting_mrr,
        coalesce(cohort_summary.cohort_current_mrr, 0) as cohort_current_mrr,
        coalesce(cohort_summary.cohort_retained_mrr, 0) as cohort_retained_mrr,
        coalesce(cohort_summary.churned_accounts, 0) as churned_accounts,
        coalesce(segment_activity.active_accounts, 0) as active_accounts,
        coalesce(segment_activity.total_mrr, 0) as total_mrr
    from segment_months
    left join cohort_summary
        on
            segment_months.segment_dimension = cohort_summary.segment_dimension
            and segment_months.segment_value = cohort_summary.segment_value
            and segment_months.month_start = cohort_summary.month_start
    left join segment_activity
        on
            segment_months.segment_dimension = segment_activity.segment_dimension
            and segment_months.segment_value = segment_activity.segment_value
            and segment_months.month_start = segment_activity.month_start

),

with_ratios as (

    {#- NA (null), not 0, when the segment has no cohort. -#}
    select
        *,
        cast(cohort_current_mrr as double) / nullif(cast(cohort_starting_mrr as double), 0)
            as net_revenue_retention,
        cast(cohort_retained_mrr as double) / nullif(cast(cohort_starting_mrr as double), 0)
            as gross_revenue_retention
    from joined

),

final as (

    select
        segment_dimension,
        segment_value,
        month_start,
        cast(cohort_accounts as integer) as cohort_accounts,
        cast(cohort_starting_mrr as decimal(18, 2)) as cohort_starting_mrr,
        cast(cohort_current_mrr as decimal(18, 2)) as cohort_current_mrr,
        cast(cohort_retained_mrr as decimal(18, 2)) as cohort_retained_mrr,
        net_revenue_retention,
        gross_revenue_retention,
        cast(churned_accounts as integer) as churned_accounts,
        cast(active_accounts as integer) as active_accounts,
        cast(total_mrr as decimal(18, 2)) as total_mrr
    from with_ratios

)

select * from final
