{#- The rubric version that scores each active account-month: the newest version for the
    account's segment (customer_type as of the month) effective that month, else the newest
    default ('*') version effective that month. A new version never changes earlier months. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}
    where is_active and is_scored_month

),

rubrics as (

    select * from {{ ref('scorecard_rubrics') }}

),

versions as (

    select distinct
        rubric_version,
        effective_from,
        segment
    from rubrics

),

candidates as (

    select
        account_months.account_id,
        account_months.month_start,
        account_months.customer_type,
        versions.rubric_version,
        versions.segment as rubric_segment,
        versions.effective_from as rubric_effective_from,
        row_number() over (
            partition by account_months.account_id, account_months.month_start
            order by (versions.segment <> '*') desc, versions.effective_from desc
        ) as version_rank
    from account_months
    inner join versions
        on
            account_months.month_start >= versions.effective_from
            and (account_months.customer_type = versions.segment or versions.segment = '*')

),

final as (

    select
        account_id,
        month_start,
        customer_type,
        rubric_version,
        rubric_segment,
        rubric_effective_from
    from candidates
    where version_rank = 1

)

select * from final
