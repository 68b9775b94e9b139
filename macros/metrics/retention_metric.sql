{% macro retention_metric(metric_id, retained_mrr) -%}
{#- The body of a revenue-retention calculator (net_revenue_retention,
    gross_revenue_retention): for every account-month of int_account_months, retained MRR /
    the account's MRR in the same month 12 months earlier. `retained_mrr` is the SQL of the
    retained amount from `account_months.mrr_amount` (MRR now) and `prior_year.mrr_amount`.
    Null ('no_prior_year_mrr') when the month 12 months earlier is absent from the spine or its
    MRR is 0: the account is not in that cohort. -#}
with

account_months as (

    select * from {{ ref('int_account_months') }}

),

with_prior_year as (

    select
        account_months.account_id,
        account_months.month_start,
        account_months.mrr_amount,
        prior_year.mrr_amount as prior_year_mrr_amount,
        {{ retained_mrr }} as retained_mrr_amount
    from account_months
    left join account_months as prior_year
        on
            account_months.account_id = prior_year.account_id
            and prior_year.month_start
            = cast({{ dbt.dateadd('month', -12, 'account_months.month_start') }} as date)

),

final as (

    select
        account_id,
        month_start,
        cast('{{ metric_id }}' as {{ dbt.type_string() }}) as metric_id,
        case
            when coalesce(prior_year_mrr_amount, 0) <> 0
                then cast(retained_mrr_amount as double) / prior_year_mrr_amount
        end as metric_value,
        cast(
            case when coalesce(prior_year_mrr_amount, 0) = 0 then 'no_prior_year_mrr' end
            as {{ dbt.type_string() }}
        ) as missing_reason,
        false as is_censored
    from with_prior_year

)

select * from final
{%- endmacro %}
