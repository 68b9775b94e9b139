with

subscriptions as (

    select * from {{ ref('stg_finance__subscriptions') }}

),

usage_days as (

    select * from {{ ref('int_usage_aggregated_daily') }}

),

usage_start as (

    {#- The first full month of product telemetry: months before it cannot be measured. -#}
    select
        case
            when
                min(activity_date)
                = cast({{ dbt.date_trunc('month', 'min(activity_date)') }} as date)
                then cast({{ dbt.date_trunc('month', 'min(activity_date)') }} as date)
            else
                cast(
                    {{ dbt.dateadd('month', 1, dbt.date_trunc('month', 'min(activity_date)')) }}
                    as date
                )
        end as first_usage_month
    from usage_days

),

bounds as (

    {#- The spine runs from the first subscription month (so MRR history and prior-year
        comparisons are complete) through the as-of month. Months are *scored* from
        var('scorecard_start_month') or, by default, the first full month of usage data:
        before product telemetry exists a month cannot be measured. -#}
    select
        cast({{ dbt.date_trunc('month', 'min(subscriptions.start_date)') }} as date)
            as first_month_start,
        greatest(
            cast({{ dbt.date_trunc('month', 'min(subscriptions.start_date)') }} as date),
            {%- if var('scorecard_start_month', none) %}
                cast('{{ var("scorecard_start_month") }}' as date)
            {%- else %}
                coalesce(max(usage_start.first_usage_month), cast('1900-01-01' as date))
            {%- endif %}
        ) as first_scored_month_start,
        cast({{ dbt.date_trunc('month', scorecard_as_of_date()) }} as date) as last_month_start
    from subscriptions
    cross join usage_start

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

measured as (

    {#- The last day measured: the month end, or the as-of date in the as-of month. -#}
    select
        months.*,
        least(months.month_end, {{ scorecard_as_of_date() }}) as measure_date
    from months

),

scored_from as (

    select first_scored_month_start from bounds

),

final as (

    select
        month_start,
        month_end,
        measure_date,
        {{ dbt.datediff(
            'month_start', 'month_end', 'day'
        ) }} + 1 as days_in_month,
        {{ dbt.datediff(
            'month_start', 'measure_date', 'day'
        ) }} + 1 as days_measured,
        month_end > {{ scorecard_as_of_date() }} as is_partial_month,
        month_start >= (select scored_from.first_scored_month_start from scored_from)
            as is_scored_month
    from measured

)

select * from final
