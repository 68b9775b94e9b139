{#- The scorecard rows that are reported: closed months only. The month in progress (the
    as-of date falls before its last day) changes with every day of data and is provisional,
    so it is not snapshotted; it is reported, once, when the month has closed. This is the
    relation of the snap_account_scorecards snapshot. -#}
with

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

final as (

    select *
    from scorecards
    where not is_partial_month

)

select * from final
