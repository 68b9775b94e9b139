{%- set run_month = dbt.date_trunc('month', 'metric_data_quality.validated_at') -%}
{#- The scorecard: one row per active account and month. The overall score and coverage are
    summed as exact decimals and rounded to 6 decimals, like the level and metric scores: a
    parallel engine adds floats in no fixed order, and float sums would differ in their last
    bits from build to build (false restatements in the as-reported snapshot). -#}
{%- set threshold = var('trend_threshold_points', 2) -%}

with

account_months as (

    select * from {{ ref('int_account_months') }}
    where is_active and is_scored_month

),

account_rubrics as (

    select * from {{ ref('int_account_rubrics_monthly') }}

),

level_scores as (

    select * from {{ ref('int_level_scores_monthly') }}

),

points_lost as (

    select * from {{ ref('int_metric_points_lost_monthly') }}

),

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

metric_data_quality as (

    select * from {{ ref('int_metric_data_quality') }}

),

overrides as (

    select * from {{ ref('score_overrides') }}
    where scope = 'overall'

),

exact_levels as (

    {#- level weights, scores and coverages as exact decimals, so that their sums do not
        depend on the order a parallel engine adds them in (see int_level_scores_monthly) -#}
    select
        level_scores.*,
        cast(level_scores.level_weight as decimal(18, 6)) as exact_level_weight,
        cast(level_scores.score as decimal(18, 6)) as exact_score,
        cast(level_scores.weight_coverage as decimal(18, 6)) as exact_weight_coverage
    from level_scores

),

levels_wide as (

    select
        account_id,
        month_start,
        cast(
            sum(case when score is not null then exact_level_weight * exact_score end)
            / nullif(sum(case when score is not null then exact_level_weight end), 0) as double
        ) as overall_ratio,
        max(case when outcome_level = 'business_impact' then score end) as business_impact_score,
        max(case when outcome_level = 'business_impact' then band end) as business_impact_band,
        max(case when outcome_level = 'business_impact' then weight_coverage end)
            as business_impact_weight_coverage,
        max(case when outcome_level = 'adoption' then score end) as adoption_score,
        max(case when outcome_level = 'adoption' then band end) as adoption_band,
        max(case when outcome_level = 'adoption' then weight_coverage end)
            as adoption_weight_coverage,
        max(case when outcome_level = 'value_delivered' then score end) as value_delivered_score,
        max(case when outcome_level = 'value_delivered' then band end) as value_delivered_band,
        max(case when outcome_level = 'value_delivered' then weight_coverage end)
            as value_delivered_weight_coverage,
        sum(case when score is not null then exact_level_weight else 0 end)
            as present_level_weight,
        round(
            cast(
                sum(
                    case
                        when score is not null then exact_level_weight * exact_weight_coverage
                        else 0
                    end
                )
                / nullif(sum(exact_level_weight), 0) as double
            ),
            6
        ) as overall_weight_coverage,
        max(case when is_overridden then 1 else 0 end) = 1 as has_level_override
    from exact_levels
    group by 1, 2

),

drivers as (

    select
        account_id,
        month_start,
        sum(points_lost) as total_points_lost,
        max(case when driver_rank = 1 then metric_id end) as driver_1_metric_id,
        max(case when driver_rank = 1 then points_lost end) as driver_1_points_lost,
        max(case when driver_rank = 2 then metric_id end) as driver_2_metric_id,
        max(case when driver_rank = 2 then points_lost end) as driver_2_points_lost,
        max(case when driver_rank = 3 then metric_id end) as driver_3_metric_id,
        max(case when driver_rank = 3 then points_lost end) as driver_3_points_lost
    from points_lost
    group by 1, 2

),

metric_flags as (

    select
        account_id,
        month_start,
        count(case when is_overridden then 1 end) as metric_overrides,
        count(case when score is null then 1 end) as metrics_without_score,
        count(*) as metrics_total
    from metric_scores
    group by 1, 2

),

row_data_quality as (

    {#- The latest validation run's status of the data behind the metrics the row weights,
        for the months that run concerns: the month it ran in and the month before (older
        months keep the confidence they were reported with). -#}
    select
        metric_scores.account_id,
        metric_scores.month_start,
        max(case when metric_data_quality.dq_status = 'critical_failure' then 1 else 0 end)
            as has_critical_failure,
        max(case when metric_data_quality.dq_status = 'warning' then 1 else 0 end)
            as has_warning
    from metric_scores
    inner join metric_data_quality
        on metric_scores.metric_id = metric_data_quality.metric_id
    where
        metric_scores.metric_weight > 0
        and metric_data_quality.validated_at is not null
        and metric_scores.month_start >= cast(
            {{ dbt.dateadd('month', -1, run_month) }} as date
        )
    group by 1, 2

),

overall as (

    select
        levels_wide.*,
        case
            when levels_wide.overall_weight_coverage >= {{ var('min_weight_coverage', 0.6) }}
                and levels_wide.present_level_weight > 0
                then round(levels_wide.overall_ratio, 6)
        end as computed_overall_score
    from levels_wide

),

scored as (

    select
        overall.*,
        overrides.override_id as overall_override_id,
        overrides.reason as overall_override_reason,
        overrides.approver as overall_override_approver,
        coalesce(overrides.override_score, overall.computed_overall_score) as overall_score
    from overall
    left join overrides
        on
            overall.account_id = overrides.account_id
            and overall.month_start = overrides.month_start

),

trended as (

    {#- changes compare calendar months (1 and 3 months back), never bridging a gap: the
        month compared with must itself have a scorecard row -#}
    select
        scored.*,
        scored.overall_score - one_back.overall_score as score_change_1m,
        scored.overall_score - three_back.overall_score as score_change_3m
    from scored
    left join scored as one_back
        on
            scored.account_id = one_back.account_id
            and one_back.month_start
            = cast({{ dbt.dateadd('month', -1, 'scored.month_start') }} as date)
    left join scored as three_back
        on
            scored.account_id = three_back.account_id
            and three_back.month_start
            = cast({{ dbt.dateadd('month', -3, 'scored.month_start') }} as date)

),

final as (

    select
        account_months.account_id
        || '|'
        || cast(account_months.month_start as {{ dbt.type_string() }}) as scorecard_id,
        account_months.account_id,
        account_months.month_start,
        account_months.is_partial_month,
        account_months.account_name,
        account_months.customer_type,
        account_months.industry,
        account_months.deployment_scale,
        account_months.region,
        account_months.plan_key,
        account_months.csm_owner,
        account_months.mrr_amount,
        account_months.tenure_months,
        account_rubrics.rubric_version,
        trended.business_impact_score,
        trended.business_impact_band,
        trended.business_impact_weight_coverage,
        trended.adoption_score,
        trended.adoption_band,
        trended.adoption_weight_coverage,
        trended.value_delivered_score,
        trended.value_delivered_band,
        trended.value_delivered_weight_coverage,
        trended.computed_overall_score,
        trended.overall_score,
        {{ score_band('trended.overall_score', "'insufficient_data'") }} as overall_band,
        trended.overall_weight_coverage,
        {#- coverage sets the confidence; a critical data-quality failure behind a weighted
            metric lowers it one step -#}
        case
            when trended.overall_weight_coverage >= {{ var('high_confidence_coverage', 0.85) }}
                and coalesce(row_data_quality.has_critical_failure, 0) = 0
                then 'high'
            when trended.overall_weight_coverage >= {{ var('min_weight_coverage', 0.6) }}
                and (
                    trended.overall_weight_coverage >= {{ var('high_confidence_coverage', 0.85) }}
                    or coalesce(row_data_quality.has_critical_failure, 0) = 0
                )
                then 'medium'
            else 'low'
        end as confidence,
        case
            when row_data_quality.has_critical_failure = 1 then 'critical_failure'
            when row_data_quality.has_warning = 1 then 'warning'
            when row_data_quality.account_id is not null then 'passed'
        end as data_quality_status,
        trended.score_change_1m,
        trended.score_change_3m,
        drivers.total_points_lost,
        drivers.driver_1_metric_id,
        drivers.driver_1_points_lost,
        drivers.driver_2_metric_id,
        drivers.driver_2_points_lost,
        drivers.driver_3_metric_id,
        drivers.driver_3_points_lost,
        metric_flags.metrics_total,
        metric_flags.metrics_without_score,
        metric_flags.metric_overrides,
        trended.has_level_override,
        trended.overall_override_id,
        trended.overall_override_reason,
        trended.overall_override_approver,
        metric_flags.metric_overrides > 0
        or trended.has_level_override
        or trended.overall_override_id is not null as is_overridden
    from account_months
    inner join account_rubrics
        on
            account_months.account_id = account_rubrics.account_id
            and account_months.month_start = account_rubrics.month_start
    inner join trended
        on
            account_months.account_id = trended.account_id
            and account_months.month_start = trended.month_start
    left join drivers
        on
            account_months.account_id = drivers.account_id
            and account_months.month_start = drivers.month_start
    left join metric_flags
        on
            account_months.account_id = metric_flags.account_id
            and account_months.month_start = metric_flags.month_start
    left join row_data_quality
        on
            account_months.account_id = row_data_quality.account_id
            and account_months.month_start = row_data_quality.month_start

)

select
    final.*,
    {{ trend_direction('final.score_change_1m', threshold) }} as trend_direction_1m,
    {{ trend_direction('final.score_change_3m', threshold) }} as trend_direction_3m,
    {{ conflicting_signals('final') }}
from final
