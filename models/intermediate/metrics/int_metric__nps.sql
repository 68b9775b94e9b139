{#-
    nps: 100 × (promoters (score ≥ 9) − detractors (score ≤ 6)) / responses, over the `nps`
    survey responses of the 90 days ending at the measure date: responded on a day d with
    measure_date − 90 days < d ≤ measure_date (so the window is exactly 90 calendar days and a
    response at any time of the measure date counts). Null ('too_few_responses') when there are
    fewer than var('nps_min_responses') responses, including none.
-#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

survey_responses as (

    select * from {{ ref('stg_voice__survey_responses') }}

),

nps_responses as (

    select
        account_id,
        cast(responded_at as date) as responded_date,
        score
    from survey_responses
    where
        survey_type = 'nps'
        and score is not null

),

windowed as (

    select
        account_months.account_id,
        account_months.month_start,
        count(nps_responses.score) as response_count,
        count(case when nps_responses.score >= 9 then 1 end) as promoter_count,
        count(case when nps_responses.score <= 6 then 1 end) as detractor_count
    from account_months
    left join nps_responses
        on
            account_months.account_id = nps_responses.account_id
            and nps_responses.responded_date
            > cast({{ dbt.dateadd('day', -90, 'account_months.measure_date') }} as date)
            and account_months.measure_date >= nps_responses.responded_date
    group by 1, 2

),

final as (

    select
        account_id,
        month_start,
        cast('nps' as {{ dbt.type_string() }}) as metric_id,
        case
            when response_count >= {{ var('nps_min_responses') }}
                then 100.0 * cast(promoter_count - detractor_count as double) / response_count
        end as metric_value,
        cast(
            case
                when response_count < {{ var('nps_min_responses') }} then 'too_few_responses'
            end as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from windowed

)

select * from final
