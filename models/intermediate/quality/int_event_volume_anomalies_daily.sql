{#-
    The z-score anomaly rule on the product.events feed: daily event volume per account.

    Every day of every complete month in which the account is active gets its event count
    (0 on a day without events: a silent feed is a finding, not a gap). Each day is tested
    against the var('volume_anomaly_window_days') days before it (the day tested excluded),
    with at least var('volume_anomaly_min_history') days of history:
        z = (events - trailing mean) / spread,
        spread = greatest(trailing sample standard deviation,
                          |trailing mean| * var('volume_anomaly_min_relative_spread'),
                          var('volume_anomaly_min_spread')).
    |z| >= var('anomaly_z_threshold') flags the day. Reads the daily usage aggregate, never the
    events table.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}
    where is_active and not is_partial_month

),

usage_days as (

    select * from {{ ref('int_usage_aggregated_daily') }}

),

digits as (

    select 0 as digit
    union all
    select 1
    union all
    select 2
    union all
    select 3
    union all
    select 4
    union all
    select 5
    union all
    select 6
    union all
    select 7
    union all
    select 8
    union all
    select 9

),

day_offsets as (

    select tens.digit * 10 + units.digit as day_offset
    from digits as tens
    cross join digits as units
    where tens.digit * 10 + units.digit < 31

),

account_days as (

    select
        account_months.account_id,
        account_months.month_start,
        cast(
            {{ dbt.dateadd('day', 'day_offsets.day_offset', 'account_months.month_start') }}
            as date
        ) as activity_date
    from account_months
    inner join day_offsets
        on account_months.days_in_month > day_offsets.day_offset

),

daily_volume as (

    select
        account_id,
        activity_date,
        sum(event_count) as event_count
    from usage_days
    group by 1, 2

),

volumes as (

    select
        account_days.account_id,
        account_days.month_start,
        account_days.activity_date,
        coalesce(daily_volume.event_count, 0) as event_count
    from account_days
    left join daily_volume
        on
            account_days.account_id = daily_volume.account_id
            and account_days.activity_date = daily_volume.activity_date

),

windowed as (

    select
        account_id,
        month_start,
        activity_date,
        event_count,
        avg(event_count) over (
            partition by account_id
            order by activity_date
            rows between {{ var('volume_anomaly_window_days') }} preceding and 1 preceding
        ) as trailing_mean,
        stddev_samp(event_count) over (
            partition by account_id
            order by activity_date
            rows between {{ var('volume_anomaly_window_days') }} preceding and 1 preceding
        ) as trailing_stddev,
        count(event_count) over (
            partition by account_id
            order by activity_date
            rows between {{ var('volume_anomaly_window_days') }} preceding and 1 preceding
        ) as trailing_count
    from volumes

),

spread as (

    select
        windowed.*,
        greatest(
            coalesce(windowed.trailing_stddev, 0),
            abs(windowed.trailing_mean) * {{ var('volume_anomaly_min_relative_spread') }},
            {{ var('volume_anomaly_min_spread') }}
        ) as trailing_spread
    from windowed

),

scored as (

    select
        spread.*,
        case
            when spread.trailing_count >= {{ var('volume_anomaly_min_history') }}
                then (spread.event_count - spread.trailing_mean) / spread.trailing_spread
        end as z_score
    from spread

),

final as (

    select
        account_id,
        month_start,
        activity_date,
        event_count,
        trailing_mean,
        trailing_stddev,
        trailing_count,
        z_score,
        coalesce(abs(z_score) >= {{ var('anomaly_z_threshold') }}, false) as is_anomaly
    from scored

)

select * from final
