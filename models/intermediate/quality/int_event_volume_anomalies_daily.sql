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

    {%- for digit in range(10) %}
    select {{ digit }} as digit
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

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
        cast({{ dbt.dateadd('day', 'day_offsets.day_offset', 'account_months.month_start') }} as date)
            as activity_date
    from account_months
    inner join day_offsets
        on day_offsets.day_offset < account_months.days_in_month

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

final as (

    select
        windowed.account_id,
        windowed.month_start,
        windowed.activity_date,
        windowed.event_count,
        windowed.trailing_mean,
        windowed.trailing_stddev,
        windowed.trailing_count,
        case
            when windowed.trailing_count >= {{ var('volume_anomaly_min_history') }}
                then (windowed.event_count - windowed.trailing_mean) / greatest(
                    coalesce(windowed.trailing_stddev, 0),
                    abs(windowed.trailing_mean) * {{ var('volume_anomaly_min_relative_spread') }},
                    {{ var('volume_anomaly_min_spread') }}
                )
        end as z_score
    from windowed

)

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
from final
