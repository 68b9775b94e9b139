{#-
    Do the metrics behave plausibly on the data they are computed from? Run it with
    `dbt compile --select metric_plausibility` and query the compiled SQL, or read the figures
    quoted in the README. Four views, one per block of the union:
      - median license utilization and NPS by customer_type (latest complete month);
      - net revenue retention by customer_type (latest complete month, from the segment mart);
      - the share of missing values per metric, with the reasons.
-#}
with

metrics as (

    select * from {{ ref('fct_account_metrics_monthly') }}

),

retention as (

    select * from {{ ref('fct_segment_retention_monthly') }}

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

latest_month as (

    select max(month_start) as month_start
    from account_months
    where not is_partial_month

),

by_customer_type as (

    select
        'median_by_customer_type' as view_name,
        metrics.customer_type as segment_value,
        metrics.metric_id,
        null as missing_reason,
        count(*) as account_months,
        median(metrics.metric_value) as figure
    from metrics
    inner join latest_month
        on metrics.month_start = latest_month.month_start
    where metrics.metric_id in ('license_utilization', 'nps')
    group by 1, 2, 3, 4

),

nrr_by_segment as (

    select
        'nrr_by_customer_type' as view_name,
        retention.segment_value,
        'net_revenue_retention' as metric_id,
        null as missing_reason,
        retention.cohort_accounts as account_months,
        retention.net_revenue_retention as figure
    from retention
    inner join latest_month
        on retention.month_start = latest_month.month_start
    where retention.segment_dimension = 'customer_type'

),

missing_share as (

    select
        'missing_share' as view_name,
        '*' as segment_value,
        metric_id,
        coalesce(missing_reason, 'present') as missing_reason,
        count(*) as account_months,
        count(*) / sum(count(*)) over (partition by metric_id) as figure
    from metrics
    where is_active
    group by 1, 2, 3, 4

),

final as (

    select * from by_customer_type
    union all
    select * from nrr_by_segment
    union all
    select * from missing_share

)

select * from final
