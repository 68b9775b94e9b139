with

subscriptions as (

    select * from {{ ref('stg_finance__subscriptions') }}

),

bounds as (

    select
        cast({{ dbt.date_trunc('month', 'min(start_date)') }} as date) as first_month_start,
        cast({{ dbt.date_trunc('month', scorecard_as_of_date()) }} as date) as last_month_start
    from subscriptions

),

spine as (

    {{ dbt.date_spine(
        datepart='month',
        start_date="cast('" ~ var('spine_start', '2000-01-01') ~ "' as date)",
        end_date=dbt.dateadd('month', 1, dbt.date_trunc('month', scorecard_as_of_date()))
    ) }}

),

months as (

    select
        cast(spine.date_month as date) as month_start,
        cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 1, 'spine.date_month')) }} as date)
            as month_end
    from spine
    inner join bounds
        on
            cast(spine.date_month as date) >= bounds.first_month_start
            and cast(spine.date_month as date) <= bounds.last_month_start

),

final as (

    select
        month_start,
        month_end,
        least(month_end, {{ scorecard_as_of_date() }}) as measure_date,
        {{ dbt.datediff('month_start', 'month_end', 'day') }} + 1 as days_in_month,
        {{ dbt.datediff('month_start', 'least(month_end, ' ~ scorecard_as_of_date() ~ ')', 'day') }}
        + 1 as days_measured,
        month_end > {{ scorecard_as_of_date() }} as is_partial_month
    from months

)

select * from final
