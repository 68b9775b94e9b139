{#- fct_account_metrics_monthly has exactly one row for every scored account-month of the
    spine and every active registry metric: present or explicitly missing (is_missing with a
    missing_reason), never silently absent, never duplicated. Returns the offending rows. -#}
with

spine as (

    select * from {{ ref('int_account_months') }}
    where is_scored_month

),

registry as (

    select * from {{ ref('scorecard_metrics') }}
    where is_active

),

metrics as (

    select * from {{ ref('fct_account_metrics_monthly') }}

),

expected as (

    select
        spine.account_id,
        spine.month_start,
        registry.metric_id
    from spine
    cross join registry

),

counted as (

    select
        account_id,
        month_start,
        metric_id,
        count(*) as metric_rows,
        sum(case when is_missing and missing_reason is null then 1 else 0 end)
            as missing_without_reason
    from metrics
    group by 1, 2, 3

),

compared as (

    select
        coalesce(expected.account_id, counted.account_id) as account_id,
        coalesce(expected.month_start, counted.month_start) as month_start,
        coalesce(expected.metric_id, counted.metric_id) as metric_id,
        case
            when counted.metric_id is null then 'absent'
            when expected.metric_id is null then 'not_in_spine_or_registry'
            when counted.metric_rows > 1 then 'duplicated'
            when counted.missing_without_reason > 0 then 'missing_without_reason'
        end as problem
    from expected
    full outer join counted
        on
            expected.account_id = counted.account_id
            and expected.month_start = counted.month_start
            and expected.metric_id = counted.metric_id

),

final as (

    select * from compared
    where problem is not null

)

select * from final
