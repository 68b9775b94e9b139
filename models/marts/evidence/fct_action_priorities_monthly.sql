{#- Where to act next: per segment dimension, segment value, month and metric, the score
    points the metric loses across the segment's scored accounts, weighted by MRR, ranked
    within the segment-month (rank 1 = the biggest gap), and whether an intervention already
    targets the gap (an intervention on the metric, started by the month's end, with treated
    accounts in the segment that month). Priority = Σ(points lost × MRR) / Σ MRR of the
    segment's scored accounts: the MRR-weighted mean points the metric costs an account. -#}
with

points_lost as (

    select * from {{ ref('int_metric_points_lost_monthly') }}

),

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

interventions as (

    select * from {{ ref('stg_programs__interventions') }}

),

assignments as (

    select * from {{ ref('stg_programs__intervention_assignments') }}

),

metrics as (

    select * from {{ ref('dim_metrics') }}

),

segment_dimensions as (

    {{ segment_dimension_rows() }}

),

scored_accounts as (

    select
        segment_dimensions.segment_dimension,
        {{ segment_value('scorecards') }} as segment_value,
        scorecards.account_id,
        scorecards.month_start,
        coalesce(scorecards.mrr_amount, 0) as mrr_amount
    from scorecards
    cross join segment_dimensions
    where scorecards.overall_score is not null

),

segment_totals as (

    select
        segment_dimension,
        segment_value,
        month_start,
        count(*) as scored_accounts,
        sum(mrr_amount) as segment_mrr
    from scored_accounts
    group by 1, 2, 3

),

account_gaps as (

    select
        scored_accounts.segment_dimension,
        scored_accounts.segment_value,
        scored_accounts.month_start,
        points_lost.metric_id,
        scored_accounts.account_id,
        scored_accounts.mrr_amount,
        points_lost.points_lost
    from scored_accounts
    inner join points_lost
        on
            scored_accounts.account_id = points_lost.account_id
            and scored_accounts.month_start = points_lost.month_start

),

gaps as (

    select
        segment_dimension,
        segment_value,
        month_start,
        metric_id,
        count(*) as accounts_measured,
        count(case when points_lost > 0 then 1 end) as accounts_losing_points,
        sum(points_lost) as total_points_lost,
        avg(points_lost) as mean_points_lost,
        sum(points_lost * mrr_amount) as mrr_points_lost,
        sum(case when points_lost > 0 then mrr_amount end) as mrr_losing_points
    from account_gaps
    group by 1, 2, 3, 4

),

treated_accounts as (

    select
        scored_accounts.segment_dimension,
        scored_accounts.segment_value,
        scored_accounts.month_start,
        interventions.metric_id,
        interventions.intervention_id,
        interventions.end_date,
        count(*) as treated_accounts
    from scored_accounts
    inner join assignments
        on
            scored_accounts.account_id = assignments.account_id
            and assignments.arm = 'treatment'
    inner join interventions
        on
            assignments.intervention_id = interventions.intervention_id
            and interventions.start_date
            < cast({{ dbt.dateadd('month', 1, 'scored_accounts.month_start') }} as date)
    group by 1, 2, 3, 4, 5, 6

),

targeting as (

    select
        segment_dimension,
        segment_value,
        month_start,
        metric_id,
        count(*) as targeting_interventions,
        count(
            case when end_date is null or end_date >= month_start then 1 end
        ) as running_interventions,
        cast(sum(treated_accounts) as bigint) as treated_accounts,
        {{ dbt.listagg("intervention_id", "', '", "order by intervention_id") }}
            as targeting_intervention_ids
    from treated_accounts
    group by 1, 2, 3, 4

),

ranked as (

    select
        gaps.*,
        segment_totals.scored_accounts,
        segment_totals.segment_mrr,
        gaps.mrr_points_lost / nullif(segment_totals.segment_mrr, 0) as mrr_weighted_points_lost,
        row_number() over (
            partition by gaps.segment_dimension, gaps.segment_value, gaps.month_start
            order by
                gaps.mrr_points_lost / nullif(segment_totals.segment_mrr, 0) desc nulls last,
                gaps.total_points_lost desc,
                gaps.metric_id asc
        ) as priority_rank
    from gaps
    inner join segment_totals
        on
            gaps.segment_dimension = segment_totals.segment_dimension
            and gaps.segment_value = segment_totals.segment_value
            and gaps.month_start = segment_totals.month_start

),

final as (

    select
        ranked.segment_dimension || '|' || ranked.segment_value || '|'
        || cast(ranked.month_start as {{ dbt.type_string() }}) || '|' || ranked.metric_id
            as priority_id,
        ranked.segment_dimension,
        ranked.segment_value,
        ranked.month_start,
        ranked.metric_id,
        metrics.metric_name,
        metrics.outcome_level,
        metrics.owner_name as metric_owner,
        ranked.priority_rank,
        ranked.scored_accounts,
        ranked.accounts_measured,
        ranked.accounts_losing_points,
        ranked.total_points_lost,
        ranked.mean_points_lost,
        ranked.segment_mrr,
        ranked.mrr_losing_points,
        ranked.mrr_weighted_points_lost,
        ranked.total_points_lost > 0 as is_open_gap,
        coalesce(targeting.targeting_interventions, 0) > 0 as is_targeted,
        coalesce(targeting.targeting_interventions, 0) as targeting_interventions,
        coalesce(targeting.running_interventions, 0) as running_interventions,
        coalesce(targeting.treated_accounts, 0) as treated_accounts,
        targeting.targeting_intervention_ids
    from ranked
    left join metrics
        on ranked.metric_id = metrics.metric_id
    left join targeting
        on
            ranked.segment_dimension = targeting.segment_dimension
            and ranked.segment_value = targeting.segment_value
            and ranked.month_start = targeting.month_start
            and ranked.metric_id = targeting.metric_id

)

select * from final
