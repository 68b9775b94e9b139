{#- The day time spine MetricFlow requires (dbt 1.9+ `time_spine:` config in the YAML). It
    spans every month the scorecard can hold, with room on both sides. -#}
with

days as (

    {{ dbt.date_spine(
        datepart="day",
        start_date="cast('2015-01-01' as date)",
        end_date="cast('2036-01-01' as date)"
    ) }}

),

final as (

    select cast(days.date_day as date) as date_day
    from days

)

select * from final
