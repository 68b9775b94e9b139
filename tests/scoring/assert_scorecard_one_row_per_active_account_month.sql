{#- fct_account_scorecards_monthly has exactly one row per active account-month of
    int_account_months (is_active): none is dropped, none duplicated, none invented (no row
    for an inactive or unknown month). Returns one row per offending account-month. -#}
with

active_account_months as (

    select * from {{ ref('int_account_months') }}
    where is_active and is_scored_month

),

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

scorecard_counts as (

    select
        account_id,
        month_start,
        count(*) as n_rows
    from scorecards
    group by 1, 2

),

compared as (

    select
        scorecard_counts.n_rows,
        coalesce(active_account_months.account_id, scorecard_counts.account_id) as account_id,
        coalesce(active_account_months.month_start, scorecard_counts.month_start)
            as month_start,
        case
            when scorecard_counts.account_id is null then 'missing_scorecard'
            when active_account_months.account_id is null then 'not_an_active_account_month'
            when scorecard_counts.n_rows > 1 then 'duplicated_scorecard'
        end as problem
    from active_account_months
    full outer join scorecard_counts
        on
            active_account_months.account_id = scorecard_counts.account_id
            and active_account_months.month_start = scorecard_counts.month_start

),

final as (

    select *
    from compared
    where problem is not null

)

select * from final
