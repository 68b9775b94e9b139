{#-
    The long metric mart: one row per scored account-month and registered active metric.
    Values come from int_account_metric_values (calculators + missing-data rule); this model
    applies the anomaly rule (an anomalous value is flagged and held out of scoring until
    anomaly_reviews accepts it; a rejected one is missing with reason rejected_anomaly),
    resolves baseline / target / floor for the account's segment and month, and attaches units,
    direction, level and owners.
-#}
with

spine as (

    select * from {{ ref('int_account_months') }}
    where is_scored_month

),

registry as (

    select * from {{ ref('scorecard_metrics') }}
    where is_active

),

targets as (

    select * from {{ ref('scorecard_targets') }}

),

metric_values as (

    select * from {{ ref('int_account_metric_values') }}

),

anomalies as (

    select * from {{ ref('int_metric_anomalies_monthly') }}
    where is_anomaly

),

reviews as (

    select * from {{ ref('anomaly_reviews') }}

),

reviewed as (

    select
        metric_values.account_id,
        metric_values.month_start,
        metric_values.metric_id,
        metric_values.calculated_value,
        metric_values.is_censored,
        metric_values.carried_from_month,
        metric_values.calculated_missing_reason,
        anomalies.z_score as anomaly_z_score,
        reviews.review_id as anomaly_review_id,
        anomalies.account_id is not null as is_anomaly,
        case
            when anomalies.account_id is null then null
            when reviews.decision = 'accepted' then 'accepted'
            when reviews.decision = 'rejected' then 'rejected'
            else 'pending_review'
        end as anomaly_status,
        case
            when anomalies.account_id is not null and reviews.decision = 'rejected' then null
            else metric_values.metric_value
        end as metric_value,
        case
            when anomalies.account_id is not null and reviews.decision = 'rejected' then 'missing'
            else metric_values.value_basis
        end as value_basis,
        case
            when anomalies.account_id is not null and reviews.decision = 'rejected'
                then 'rejected_anomaly'
            else metric_values.missing_reason
        end as missing_reason,
        coalesce(anomalies.account_id is not null and reviews.decision is null, false)
            as is_held_out
    from metric_values
    left join anomalies
        on
            metric_values.account_id = anomalies.account_id
            and metric_values.month_start = anomalies.month_start
            and metric_values.metric_id = anomalies.metric_id
    left join reviews
        on
            metric_values.account_id = reviews.account_id
            and metric_values.month_start = reviews.month_start
            and metric_values.metric_id = reviews.metric_id

),

valued as (

    select
        reviewed.*,
        reviewed.metric_value is null as is_missing
    from reviewed

),

target_candidates as (

    {#- The segment-specific target effective that month first, else the '*' default. -#}
    select
        valued.account_id,
        valued.month_start,
        valued.metric_id,
        targets.segment as target_segment,
        targets.effective_from as target_effective_from,
        targets.baseline_value,
        targets.target_value,
        targets.floor_value,
        row_number() over (
            partition by valued.account_id, valued.month_start, valued.metric_id
            order by (targets.segment <> '*') desc, targets.effective_from desc
        ) as target_rank
    from valued
    inner join spine
        on
            valued.account_id = spine.account_id
            and valued.month_start = spine.month_start
    inner join targets
        on
            valued.metric_id = targets.metric_id
            and (spine.customer_type = targets.segment or targets.segment = '*')
            and valued.month_start >= targets.effective_from

),

resolved_targets as (

    select * from target_candidates
    where target_rank = 1

),

final as (

    select
        {{ dbt.hash(
            "valued.account_id || '|' || cast(valued.month_start as "
            ~ dbt.type_string()
            ~ ") || '|' || valued.metric_id"
        ) }} as metric_row_id,
        valued.account_id,
        valued.month_start,
        valued.metric_id,
        registry.metric_name,
        registry.outcome_level,
        registry.unit,
        registry.direction,
        valued.metric_value,
        valued.calculated_value,
        valued.value_basis,
        valued.is_missing,
        valued.missing_reason,
        valued.calculated_missing_reason,
        valued.carried_from_month,
        valued.is_censored,
        valued.is_anomaly,
        valued.anomaly_z_score,
        valued.anomaly_status,
        valued.anomaly_review_id,
        valued.is_held_out,
        resolved_targets.baseline_value,
        resolved_targets.target_value,
        resolved_targets.floor_value,
        resolved_targets.target_segment,
        resolved_targets.target_effective_from,
        case
            when valued.metric_value is null then null
            when resolved_targets.target_value = resolved_targets.baseline_value then null
            else (valued.metric_value - resolved_targets.baseline_value)
                / (resolved_targets.target_value - resolved_targets.baseline_value)
        end as attainment,
        case
            when valued.metric_value is null or resolved_targets.target_value is null then null
            when registry.direction = 'lower_is_better'
                then valued.metric_value <= resolved_targets.target_value
            else valued.metric_value >= resolved_targets.target_value
        end as is_target_met,
        registry.owner_team,
        registry.owner_name,
        spine.is_active,
        spine.customer_type,
        spine.industry,
        spine.deployment_scale,
        spine.region,
        spine.plan_key,
        spine.csm_owner
    from valued
    inner join registry
        on valued.metric_id = registry.metric_id
    inner join spine
        on
            valued.account_id = spine.account_id
            and valued.month_start = spine.month_start
    left join resolved_targets
        on
            valued.account_id = resolved_targets.account_id
            and valued.month_start = resolved_targets.month_start
            and valued.metric_id = resolved_targets.metric_id

)

select * from final
