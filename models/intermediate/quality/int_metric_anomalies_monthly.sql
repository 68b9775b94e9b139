{#-
    The z-score anomaly rule, per account and metric (registry column anomaly_detection).

    A measured value of a complete month is tested against the account's own trailing window:
    the var('anomaly_window_months') account-months before it (the month tested is excluded, so
    a spike cannot hide itself; the current, partial month is not tested). The rule fires when
      - the window holds at least var('anomaly_min_history') measured values, and
      - |z| >= var('anomaly_z_threshold'), where
        z = (value - trailing mean) / spread,
        spread = greatest(trailing sample standard deviation,
                          |trailing mean| * var('anomaly_min_relative_spread'),
                          the registry's anomaly_min_spread for the metric).
    The spread floor keeps a nearly constant series from turning a small real step into an
    enormous z. Only measured values are tested (not zero-by-rule, carried or missing ones).
-#}
with

metric_values as (

    select * from {{ ref('int_account_metric_values') }}

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

registry as (

    select * from {{ ref('scorecard_metrics') }}
    where is_active and anomaly_detection

),

measured as (

    select
        metric_values.account_id,
        metric_values.month_start,
        metric_values.metric_id,
        registry.anomaly_min_spread,
        case
            when metric_values.value_basis = 'measured' and not account_months.is_partial_month
                then metric_values.calculated_value
        end as tested_value
    from metric_values
    inner join registry
        on metric_values.metric_id = registry.metric_id
    inner join account_months
        on
            metric_values.account_id = account_months.account_id
            and metric_values.month_start = account_months.month_start

),

windowed as (

    select
        account_id,
        month_start,
        metric_id,
        anomaly_min_spread,
        tested_value,
        avg(tested_value) over (
            partition by account_id, metric_id
            order by month_start
            rows between {{ var('anomaly_window_months') }} preceding and 1 preceding
        ) as trailing_mean,
        stddev_samp(tested_value) over (
            partition by account_id, metric_id
            order by month_start
            rows between {{ var('anomaly_window_months') }} preceding and 1 preceding
        ) as trailing_stddev,
        count(tested_value) over (
            partition by account_id, metric_id
            order by month_start
            rows between {{ var('anomaly_window_months') }} preceding and 1 preceding
        ) as trailing_count
    from measured

),

scored as (

    select
        windowed.*,
        greatest(
            coalesce(windowed.trailing_stddev, 0),
            abs(windowed.trailing_mean) * {{ var('anomaly_min_relative_spread') }},
            coalesce(windowed.anomaly_min_spread, 0)
        ) as trailing_spread
    from windowed
    where windowed.tested_value is not null

),

final as (

    select
        account_id,
        month_start,
        metric_id,
        tested_value as metric_value,
        trailing_mean,
        trailing_stddev,
        trailing_spread,
        trailing_count,
        case
            when trailing_count >= {{ var('anomaly_min_history') }}
                then (tested_value - trailing_mean) / nullif(trailing_spread, 0)
        end as z_score,
        coalesce(
            trailing_count >= {{ var('anomaly_min_history') }}
            and abs(tested_value - trailing_mean) / nullif(trailing_spread, 0)
            >= {{ var('anomaly_z_threshold') }},
            false
        ) as is_anomaly
    from scored

)

select * from final
