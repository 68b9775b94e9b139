{#- The quarterly governance review pack: per segment dimension, segment value and calendar
    quarter, the segment's scores at the quarter's last scored month and their change from the
    previous quarter, the share of metric targets met, the top three gaps (where to act
    next), the interventions running on the segment with their measured effects, and the
    decisions taken in the quarter with their status on the as-of date. -#}
with

segment_scorecards as (

    select * from {{ ref('fct_segment_scorecards_monthly') }}

),

account_metrics as (

    select * from {{ ref('fct_account_metrics_monthly') }}

),

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

priorities as (

    select * from {{ ref('fct_action_priorities_monthly') }}

),

effects as (

    select * from {{ ref('fct_intervention_effects') }}

),

assignments as (

    select * from {{ ref('stg_programs__intervention_assignments') }}

),

decisions as (

    select * from {{ ref('fct_governance_decisions') }}

),

segment_dimensions as (

    {{ segment_dimension_rows() }}

),

quarter_ends as (

    select
        segment_dimension,
        segment_value,
        cast({{ dbt.date_trunc('quarter', 'month_start') }} as date) as quarter_start,
        max(month_start) as last_month_start
    from segment_scorecards
    group by 1, 2, 3

),

quarter_scores as (

    select
        quarter_ends.segment_dimension,
        quarter_ends.segment_value,
        quarter_ends.quarter_start,
        quarter_ends.last_month_start,
        segment_scorecards.accounts,
        segment_scorecards.accounts_scored,
        segment_scorecards.mrr_amount,
        segment_scorecards.mean_overall_score,
        segment_scorecards.mean_business_impact_score,
        segment_scorecards.mean_adoption_score,
        segment_scorecards.mean_value_delivered_score,
        segment_scorecards.share_green,
        segment_scorecards.share_red
    from quarter_ends
    inner join segment_scorecards
        on
            quarter_ends.segment_dimension = segment_scorecards.segment_dimension
            and quarter_ends.segment_value = segment_scorecards.segment_value
            and quarter_ends.last_month_start = segment_scorecards.month_start

),

with_previous as (

    select
        current_quarter.*,
        current_quarter.mean_overall_score - previous_quarter.mean_overall_score
            as overall_score_change,
        current_quarter.mean_business_impact_score
        - previous_quarter.mean_business_impact_score as business_impact_score_change,
        current_quarter.mean_adoption_score - previous_quarter.mean_adoption_score
            as adoption_score_change,
        current_quarter.mean_value_delivered_score
        - previous_quarter.mean_value_delivered_score as value_delivered_score_change
    from quarter_scores as current_quarter
    left join quarter_scores as previous_quarter
        on
            current_quarter.segment_dimension = previous_quarter.segment_dimension
            and current_quarter.segment_value = previous_quarter.segment_value
            and cast({{ dbt.dateadd('month', -3, 'current_quarter.quarter_start') }} as date)
            = previous_quarter.quarter_start

),

targets_met as (

    select
        segment_dimensions.segment_dimension,
        {{ segment_value('account_metrics') }} as segment_value,
        account_metrics.month_start,
        count(case when account_metrics.is_target_met then 1 end) as metric_targets_met,
        count(account_metrics.is_target_met) as metric_targets_measured
    from account_metrics
    cross join segment_dimensions
    where account_metrics.is_active
    group by 1, 2, 3

),

top_gaps as (

    select
        segment_dimension,
        segment_value,
        month_start,
        max(case when priority_rank = 1 then metric_id end) as top_gap_1_metric_id,
        max(case when priority_rank = 1 then mrr_weighted_points_lost end)
            as top_gap_1_points_lost,
        max(case when priority_rank = 1 then is_targeted end) as top_gap_1_is_targeted,
        max(case when priority_rank = 2 then metric_id end) as top_gap_2_metric_id,
        max(case when priority_rank = 2 then mrr_weighted_points_lost end)
            as top_gap_2_points_lost,
        max(case when priority_rank = 2 then is_targeted end) as top_gap_2_is_targeted,
        max(case when priority_rank = 3 then metric_id end) as top_gap_3_metric_id,
        max(case when priority_rank = 3 then mrr_weighted_points_lost end)
            as top_gap_3_points_lost,
        max(case when priority_rank = 3 then is_targeted end) as top_gap_3_is_targeted
    from priorities
    where priority_rank <= 3 and is_open_gap
    group by 1, 2, 3

),

segment_accounts as (

    select distinct
        segment_dimensions.segment_dimension,
        {{ segment_value('scorecards') }} as segment_value,
        cast({{ dbt.date_trunc('quarter', 'scorecards.month_start') }} as date)
            as quarter_start,
        scorecards.account_id
    from scorecards
    cross join segment_dimensions

),

segment_interventions as (

    select
        segment_accounts.segment_dimension,
        segment_accounts.segment_value,
        segment_accounts.quarter_start,
        effects.intervention_id,
        max(effects.metric_id) as metric_id,
        max(effects.estimate_type) as estimate_type,
        max(effects.did_estimate) as did_estimate,
        max(effects.ci_low) as ci_low,
        max(effects.ci_high) as ci_high,
        count(distinct segment_accounts.account_id) as treated_accounts
    from segment_accounts
    inner join assignments
        on
            segment_accounts.account_id = assignments.account_id
            and assignments.arm = 'treatment'
    inner join effects
        on
            assignments.intervention_id = effects.intervention_id
            and effects.start_date
            < cast({{ dbt.dateadd('month', 3, 'segment_accounts.quarter_start') }} as date)
    group by 1, 2, 3, 4

),

intervention_lines as (

    select
        *,
        intervention_id || ' (' || metric_id || ', '
        || cast(treated_accounts as {{ dbt.type_string() }}) || ' treated here): '
        || case
            when estimate_type = 'difference_in_differences'
                then 'DiD ' || cast(round(did_estimate, 4) as {{ dbt.type_string() }})
                    || ' [95% CI ' || cast(round(ci_low, 4) as {{ dbt.type_string() }})
                    || ', ' || cast(round(ci_high, 4) as {{ dbt.type_string() }}) || ']'
            else estimate_type || ', no causal estimate'
        end as intervention_line
    from segment_interventions

),

intervention_summaries as (

    select
        segment_dimension,
        segment_value,
        quarter_start,
        count(*) as interventions,
        count(
            case
                when estimate_type = 'difference_in_differences'
                    and (ci_low > 0 or ci_high < 0) then 1
            end
        ) as interventions_with_significant_effect,
        {{ dbt.listagg("intervention_line", "'; '", "order by intervention_id") }}
            as intervention_effects
    from intervention_lines
    group by 1, 2, 3

),

segment_decisions as (

    select
        segment_dimensions.segment_dimension,
        {{ segment_value('decisions') }} as segment_value,
        decisions.review_quarter as quarter_start,
        count(*) as decisions_taken,
        count(case when decisions.status = 'done' then 1 end) as decisions_done,
        count(case when decisions.is_done_on_time then 1 end) as decisions_done_on_time,
        count(case when decisions.status = 'open' then 1 end) as decisions_open,
        count(case when decisions.is_overdue then 1 end) as decisions_overdue,
        count(case when decisions.status = 'dropped' then 1 end) as decisions_dropped
    from decisions
    cross join segment_dimensions
    group by 1, 2, 3

),

final as (

    select
        with_previous.segment_dimension || '|' || with_previous.segment_value || '|'
        || cast(with_previous.quarter_start as {{ dbt.type_string() }}) as review_pack_id,
        with_previous.segment_dimension,
        with_previous.segment_value,
        with_previous.quarter_start,
        with_previous.last_month_start,
        with_previous.accounts,
        with_previous.accounts_scored,
        with_previous.mrr_amount,
        with_previous.mean_overall_score,
        with_previous.overall_score_change,
        with_previous.mean_business_impact_score,
        with_previous.business_impact_score_change,
        with_previous.mean_adoption_score,
        with_previous.adoption_score_change,
        with_previous.mean_value_delivered_score,
        with_previous.value_delivered_score_change,
        with_previous.share_green,
        with_previous.share_red,
        coalesce(targets_met.metric_targets_met, 0) as metric_targets_met,
        coalesce(targets_met.metric_targets_measured, 0) as metric_targets_measured,
        cast(targets_met.metric_targets_met as double)
        / nullif(targets_met.metric_targets_measured, 0) as share_targets_met,
        top_gaps.top_gap_1_metric_id,
        top_gaps.top_gap_1_points_lost,
        top_gaps.top_gap_1_is_targeted,
        top_gaps.top_gap_2_metric_id,
        top_gaps.top_gap_2_points_lost,
        top_gaps.top_gap_2_is_targeted,
        top_gaps.top_gap_3_metric_id,
        top_gaps.top_gap_3_points_lost,
        top_gaps.top_gap_3_is_targeted,
        coalesce(intervention_summaries.interventions, 0) as interventions,
        coalesce(intervention_summaries.interventions_with_significant_effect, 0)
            as interventions_with_significant_effect,
        intervention_summaries.intervention_effects,
        coalesce(segment_decisions.decisions_taken, 0) as decisions_taken,
        coalesce(segment_decisions.decisions_done, 0) as decisions_done,
        coalesce(segment_decisions.decisions_done_on_time, 0) as decisions_done_on_time,
        coalesce(segment_decisions.decisions_open, 0) as decisions_open,
        coalesce(segment_decisions.decisions_overdue, 0) as decisions_overdue,
        coalesce(segment_decisions.decisions_dropped, 0) as decisions_dropped
    from with_previous
    left join targets_met
        on
            with_previous.segment_dimension = targets_met.segment_dimension
            and with_previous.segment_value = targets_met.segment_value
            and with_previous.last_month_start = targets_met.month_start
    left join top_gaps
        on
            with_previous.segment_dimension = top_gaps.segment_dimension
            and with_previous.segment_value = top_gaps.segment_value
            and with_previous.last_month_start = top_gaps.month_start
    left join intervention_summaries
        on
            with_previous.segment_dimension = intervention_summaries.segment_dimension
            and with_previous.segment_value = intervention_summaries.segment_value
            and with_previous.quarter_start = intervention_summaries.quarter_start
    left join segment_decisions
        on
            with_previous.segment_dimension = segment_decisions.segment_dimension
            and with_previous.segment_value = segment_decisions.segment_value
            and with_previous.quarter_start = segment_decisions.quarter_start

)

select * from final
