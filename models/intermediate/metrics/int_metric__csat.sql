{#-
    csat: mean score (1–5) of the `csat` survey responses of the 90 days ending at the measure
    date (the same window as nps: responded on a day d with measure_date − 90 days < d ≤
    measure_date). Null ('no_responses') when there is none.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

survey_responses as (

    select * from {{ ref('stg_voice__survey_responses') }}

),

csat_responses as (

    select
        account_id,
        cast(responded_at as date) as responded_date,
        score
    from survey_responses
    where
        survey_type = 'csat'
        and score is not null

),

windowed as (

    select
        account_months.account_id,
        account_months.month_start,
        count(csat_responses.score) as response_count,
        avg(csat_responses.score) as mean_score
    from account_months
    left join csat_responses
        on
            account_months.account_id = csat_responses.account_id
            and csat_responses.responded_date
            > cast({{ dbt.dateadd('day', -90, 'account_months.measure_date') }} as date)
            and account_months.measure_date >= csat_responses.responded_date
    group by 1, 2

),

final as (

    select
        account_id,
        month_start,
        cast('csat' as {{ dbt.type_string() }}) as metric_id,
        cast(mean_score as double) as metric_value,
        cast(
            case when response_count = 0 then 'no_responses' end
            as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from windowed

)

select * from final
