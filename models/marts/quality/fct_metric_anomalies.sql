{#- Every value the anomaly rule flagged, with its review: metric values (per account, month
    and metric) and daily event volumes (per account and day). Grain: one row per flagged
    value (anomaly_id). -#}
with

metric_anomalies as (

    select * from {{ ref('int_metric_anomalies_monthly') }}
    where is_anomaly

),

volume_anomalies as (

    select * from {{ ref('int_event_volume_anomalies_daily') }}
    where is_anomaly

),

account_months as (

    select * from {{ ref('int_account_months') }}

),

reviews as (

    select * from {{ ref('anomaly_reviews') }}

),

flagged as (

    select
        'metric_value' as anomaly_kind,
        account_id,
        month_start,
        month_start as period_start,
        metric_id,
        'fct_account_metrics_monthly' as detected_in,
        metric_value as observed_value,
        trailing_mean,
        trailing_stddev,
        trailing_count,
        z_score
    from metric_anomalies

    union all

    select
        'daily_event_volume' as anomaly_kind,
        account_id,
        month_start,
        activity_date as period_start,
        null as metric_id,
        'product.events' as detected_in,
        cast(event_count as double) as observed_value,
        trailing_mean,
        trailing_stddev,
        trailing_count,
        z_score
    from volume_anomalies

),

final as (

    select
        flagged.anomaly_kind
        || '|' || flagged.account_id
        || '|' || cast(flagged.period_start as {{ dbt.type_string() }})
        || '|' || coalesce(flagged.metric_id, 'events') as anomaly_id,
        flagged.anomaly_kind,
        flagged.account_id,
        flagged.month_start,
        flagged.period_start,
        flagged.metric_id,
        flagged.detected_in,
        flagged.observed_value,
        flagged.trailing_mean,
        flagged.trailing_stddev,
        flagged.trailing_count,
        flagged.z_score,
        case when flagged.z_score > 0 then 'spike' else 'drop' end as anomaly_direction,
        case
            when flagged.anomaly_kind <> 'metric_value' then 'not_scored'
            when reviews.decision = 'accepted' then 'accepted'
            when reviews.decision = 'rejected' then 'rejected'
            else 'pending_review'
        end as review_status,
        reviews.review_id,
        reviews.reviewer,
        reviews.reason as review_reason,
        reviews.reviewed_at,
        account_months.customer_type,
        account_months.industry,
        account_months.deployment_scale,
        account_months.region,
        account_months.plan_key,
        account_months.csm_owner
    from flagged
    left join reviews
        on
            flagged.anomaly_kind = 'metric_value'
            and flagged.account_id = reviews.account_id
            and flagged.month_start = reviews.month_start
            and flagged.metric_id = reviews.metric_id
    left join account_months
        on
            flagged.account_id = account_months.account_id
            and flagged.month_start = account_months.month_start

)

select * from final
