{#- Alerts raised by the scorecard, one row per alert: the rules are the alert_rules seed
    (enabled flag, threshold), the severity, action and owner team come from playbooks (the
    metric-specific row first, then '*'). -#}
with

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

metrics as (

    select * from {{ ref('dim_metrics') }}

),

decisions as (

    select * from {{ ref('stg_programs__decisions') }}

),

rules as (

    select * from {{ ref('alert_rules') }}
    where is_enabled

),

playbooks as (

    select * from {{ ref('playbooks') }}

),

band_history as (

    {#- overall and level bands with the previous month's band -#}
    {%- for scope in ['overall', 'business_impact', 'adoption', 'value_delivered'] %}
    select
        account_id,
        month_start,
        csm_owner,
        '{{ scope }}' as outcome_level,
        {{ scope }}_score as score,
        {{ scope }}_band as band,
        lag({{ scope }}_band) over (partition by account_id order by month_start) as previous_band
    from scorecards
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

band_to_red as (

    select
        'band_to_red' as alert_type,
        account_id,
        month_start,
        cast(null as {{ dbt.type_string() }}) as metric_id,
        outcome_level,
        score as observed_value,
        cast(null as double) as threshold_value,
        replace(outcome_level, '_', ' ') || ' score fell into red ('
        || cast(round(score, 1) as {{ dbt.type_string() }}) || ') from '
        || coalesce(previous_band, 'no earlier month') || '.' as message,
        csm_owner
    from band_history
    where band = 'red' and coalesce(previous_band, 'none') <> 'red'

),

score_drop as (

    select
        'score_drop' as alert_type,
        scorecards.account_id,
        scorecards.month_start,
        cast(null as {{ dbt.type_string() }}) as metric_id,
        'overall' as outcome_level,
        scorecards.score_change_1m as observed_value,
        rules.threshold_value,
        'Overall score dropped ' || cast(round(-scorecards.score_change_1m, 1) as {{ dbt.type_string() }})
        || ' points in a month (to ' || cast(round(scorecards.overall_score, 1) as {{ dbt.type_string() }})
        || '); drivers: ' || coalesce(scorecards.driver_1_metric_id, '-') || ', '
        || coalesce(scorecards.driver_2_metric_id, '-') || '.' as message,
        scorecards.csm_owner
    from scorecards
    inner join rules
        on rules.alert_type = 'score_drop'
    where -scorecards.score_change_1m > rules.threshold_value

),

below_floor as (

    select
        'below_floor' as alert_type,
        metric_scores.account_id,
        metric_scores.month_start,
        metric_scores.metric_id,
        metric_scores.outcome_level,
        metric_scores.metric_value as observed_value,
        metric_scores.floor_value as threshold_value,
        metrics.metric_name || ' is at or beyond its floor ('
        || cast(round(metric_scores.metric_value, 3) as {{ dbt.type_string() }}) || ' vs floor '
        || cast(metric_scores.floor_value as {{ dbt.type_string() }}) || ') and scores 0.' as message,
        scorecards.csm_owner
    from metric_scores
    inner join metrics
        on metric_scores.metric_id = metrics.metric_id
    inner join scorecards
        on
            metric_scores.account_id = scorecards.account_id
            and metric_scores.month_start = scorecards.month_start
    where metric_scores.computed_score = 0 and metric_scores.metric_value is not null

),

conflicting as (

    select
        'conflicting_signals' as alert_type,
        account_id,
        month_start,
        cast(null as {{ dbt.type_string() }}) as metric_id,
        'overall' as outcome_level,
        overall_score as observed_value,
        cast(null as double) as threshold_value,
        conflict_note as message,
        csm_owner
    from scorecards
    where has_conflicting_signals

),

overdue as (

    {#- open decisions past due on the as-of date, in the account's latest scored month -#}
    select
        'overdue_decision' as alert_type,
        decisions.account_id,
        latest.month_start,
        decisions.metric_id,
        cast(null as {{ dbt.type_string() }}) as outcome_level,
        cast({{ dbt.datediff('decisions.due_date', scorecard_as_of_date(), 'day') }} as double)
            as observed_value,
        rules.threshold_value,
        'Decision ' || decisions.decision_id || ' (' || decisions.forum || ', owner '
        || decisions.owner || ') is '
        || cast({{ dbt.datediff('decisions.due_date', scorecard_as_of_date(), 'day') }} as {{ dbt.type_string() }})
        || ' days past its due date ' || cast(decisions.due_date as {{ dbt.type_string() }}) || '.'
            as message,
        latest.csm_owner
    from decisions
    inner join rules
        on rules.alert_type = 'overdue_decision'
    inner join (
        select
            account_id,
            max(month_start) as month_start,
            max(csm_owner) as csm_owner
        from scorecards
        group by 1
    ) as latest
        on decisions.account_id = latest.account_id
    where
        decisions.status = 'open'
        and {{ dbt.datediff('decisions.due_date', scorecard_as_of_date(), 'day') }} > rules.threshold_value

),

raised as (

    select * from band_to_red
    union all
    select * from score_drop
    union all
    select * from below_floor
    union all
    select * from conflicting
    union all
    select * from overdue

),

enabled as (

    select raised.*
    from raised
    inner join rules
        on raised.alert_type = rules.alert_type

),

with_playbook as (

    select
        enabled.*,
        playbooks.severity,
        playbooks.recommended_action,
        playbooks.owner_team as action_owner_team,
        row_number() over (
            partition by enabled.alert_type, enabled.account_id, enabled.month_start,
            enabled.metric_id, enabled.outcome_level
            order by (playbooks.metric_id <> '*') desc
        ) as playbook_rank
    from enabled
    inner join playbooks
        on
            enabled.alert_type = playbooks.alert_type
            and (playbooks.metric_id = enabled.metric_id or playbooks.metric_id = '*')

),

final as (

    select
        {{ dbt.hash(
            "with_playbook.alert_type || '|' || with_playbook.account_id || '|' || "
            ~ "cast(with_playbook.month_start as " ~ dbt.type_string() ~ ") || '|' || "
            ~ "coalesce(with_playbook.metric_id, '') || '|' || coalesce(with_playbook.outcome_level, '')"
        ) }} as alert_id,
        with_playbook.alert_type,
        with_playbook.account_id,
        with_playbook.month_start,
        with_playbook.metric_id,
        with_playbook.outcome_level,
        with_playbook.severity,
        with_playbook.message,
        with_playbook.observed_value,
        with_playbook.threshold_value,
        coalesce(metrics.owner_team, with_playbook.action_owner_team) as owner_team,
        coalesce(metrics.owner_name, with_playbook.csm_owner) as owner_name,
        with_playbook.csm_owner,
        with_playbook.recommended_action,
        with_playbook.action_owner_team,
        with_playbook.month_start = (
            select max(scorecards.month_start) from scorecards
            where scorecards.account_id = with_playbook.account_id
        ) as is_open
    from with_playbook
    left join metrics
        on with_playbook.metric_id = metrics.metric_id
    where with_playbook.playbook_rank = 1

)

select * from final
