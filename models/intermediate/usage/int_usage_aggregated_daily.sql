{#-
    The only reader of product events: accepted events aggregated to one row per day, account,
    user and feature, built incrementally.

    Each incremental run re-aggregates whole days from `window_start` on and replaces them
    (delete+insert on activity_date), so re-running is idempotent. window_start is the earlier of
      - the newest aggregated day minus var('events_lookback_days'), and
      - the earliest occurred_at day among events loaded after the newest loaded_at already
        aggregated (late events), found by stg_product__event_loads with a pruned scan.
    So a late event of any age re-opens exactly its day, and an incremental run equals a full
    refresh.
-#}
-- depends_on: {{ ref('stg_product__event_loads') }}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='activity_date',
    on_schema_change='fail',
) }}

{%- set window_start = none -%}
{%- if is_incremental() and execute -%}
    {%- set window_query -%}
        with

        watermark as (
            select
                max(activity_date) as newest_day,
                max(max_loaded_at) as newest_loaded_at
            from {{ this }}
        ),

        late as (
            select min(cast(event_loads.occurred_at as date)) as earliest_late_day
            from {{ ref('stg_product__event_loads') }} as event_loads
            where event_loads.loaded_at > (select newest_loaded_at from watermark)
        )

        select
            cast(
                least(
                    coalesce(
                        {{ dbt.dateadd('day', -1 * var('events_lookback_days', 3), 'watermark.newest_day') }},
                        cast('1900-01-01' as date)
                    ),
                    coalesce(late.earliest_late_day, cast('9999-12-31' as date))
                ) as date
            ) as window_start
        from watermark
        cross join late
    {%- endset -%}
    {%- set window_start = run_query(window_query).columns[0].values()[0] -%}
    {%- do log('int_usage_aggregated_daily: re-aggregating from ' ~ window_start, info=true) -%}
{%- endif %}

with

events as (

    select * from {{ ref('stg_product__events') }}
    {%- if window_start is not none %}
    where occurred_at >= cast('{{ window_start }}' as timestamp)
    {%- endif %}

),

aggregated as (

    select
        cast(occurred_at as date) as activity_date,
        account_id,
        user_id,
        feature_key,
        count(*) as event_count,
        sum(quantity) as quantity_total,
        max(loaded_at) as max_loaded_at
    from events
    group by 1, 2, 3, 4

)

select * from aggregated
