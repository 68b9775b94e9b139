{#- When events landed: occurred_at and loaded_at of every raw event, unchecked. Read only
    with a filter on loaded_at (the incremental watermark of int_usage_aggregated_daily), which
    DuckDB pushes into the Parquet scan, so only recently loaded files are read. -#}
with

source as (

    select * from {{ source('product', 'events') }}

),

loads as (

    select
        cast(occurred_at as timestamp) as occurred_at,
        cast(loaded_at as timestamp) as loaded_at
    from source

)

select * from loads
