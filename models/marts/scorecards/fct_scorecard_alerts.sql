{#- Alerts raised by the scorecard: one row per alert. The rules are configuration: the
    alert_rules seed (enabled flag, threshold) decides what fires; severity, recommended action
    and action owner team come from playbooks (the metric-specific row first, then '*').

    Extension point (docs block `alerts_extension_point`): every alert source emits the same
    columns, `alert_columns` below. A source computed here is a CTE added to `raised_here`
    (columns in that order, is_open excepted); a source computed elsewhere (e.g. the
    data-quality threshold checks of issue 5) is a model named in `alert_models` that selects
    exactly `alert_columns` plus `severity_override` (null: the playbook's severity), unioned
    in `raised`. A new alert_type also needs a row in alert_rules and a '*' row in
    playbooks. -#}
{%- set alert_columns = [
    'alert_type', 'account_id', 'month_start', 'subject_id', 'metric_id', 'outcome_level',
    'observed_value', 'threshold_value', 'message', 'owner_name', 'owner_source',
    'is_open',
] -%}
{%- set alert_models = ['int_dq_threshold_alerts'] -%}

with

scorecards as (

    select * from {{ ref('fct_account_scorecards_monthly') }}

),

metric_scores as (

    select * from {{ ref('int_metric_scores_monthly') }}

),

points_lost as (

    select * from {{ ref('int_metric_points_lost_monthly') }}

),

metrics as (

    select * from {{ ref('dim_metrics') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

decisions as (

    select * from {{ ref('stg_programs__decisions') }}

),

rules as (

    select * from {{ ref('alert_rules') }}

),

playbooks as (

    select * from {{ ref('playbooks') }}

),

latest_months as (

    {#- an alert is open while its month is the account's latest scored month -#}
    select
        account_id,
        max(month_start) as latest_month_start
    from scorecards
    group by 1

),

top_drivers as (

    {#- the metric losing the most points overall and inside each scored level (ties by
        metric_id): what to look at first when a score turns red -#}
    select
        account_id,
        month_start,
        scope,
        metric_id
    from (
        select
            account_id,
            month_start,
            outcome_level as scope,
            metric_id,
            row_number() over (
                partition by account_id, month_start, outcome_level
                order by points_lost desc, metric_id asc
            ) as scope_rank
        from points_lost

        union all

        select
            account_id,
            month_start,
            'overall' as scope,
            metric_id,
            driver_rank as scope_rank
        from points_lost
    ) as ranked
    where scope_rank = 1

),

band_history as (

    {#- overall and level bands with the previous scored month's band and the top driver -#}
    {%- for scope in ['overall', 'business_impact', 'adoption', 'value_delivered'] %}
        select
            scorecards.account_id,
            scorecards.month_start,
            scorecards.csm_owner,
            '{{ scope }}' as outcome_level,
            scorecards.{{ scope }}_score as score,
            scorecards.{{ scope }}_band as band,
            top_drivers.metric_id as top_driver_metric_id,
            lag(scorecards.{{ scope }}_band) over (
                partition by scorecards.account_id order by scorecards.month_start
            ) as previous_band
        from scorecards
        left join top_drivers
            on
                scorecards.account_id = top_drivers.account_id
                and scorecards.month_start = top_drivers.month_start
                and top_drivers.scope = '{{ scope }}'
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}

),

band_to_red as (

    {#- a score enters red: from another band, or red in the account's first scored month -#}
    select
        'band_to_red' as alert_type,
        band_history.account_id,
        band_history.month_start,
        band_history.outcome_level as subject_id,
        band_history.top_driver_metric_id as metric_id,
        band_history.outcome_level,
        band_history.score as observed_value,
        cast(null as double) as threshold_value,
        replace(band_history.outcome_level, '_', ' ') || ' score fell into red ('
        || cast(round(band_history.score, 1) as {{ dbt.type_string() }}) || ') from '
        || coalesce(band_history.previous_band, 'no earlier month') || '; top driver: '
        || coalesce(band_history.top_driver_metric_id, '-') || '.' as message,
        band_history.csm_owner as owner_name,
        'account_csm' as owner_source
    from band_history
    where band_history.band = 'red' and coalesce(band_history.previous_band, 'none') <> 'red'

),

points_lost_change as (

    {#- per metric, the change in points lost since the previous calendar month: the metric
        that lost the most points is what a score drop is about -#}
    select
        current_month.account_id,
        current_month.month_start,
        current_month.metric_id,
        row_number() over (
            partition by current_month.account_id, current_month.month_start
            order by
                current_month.points_lost - coalesce(previous_month.points_lost, 0) desc,
                current_month.metric_id
        ) as change_rank
    from points_lost as current_month
    left join points_lost as previous_month
        on
            current_month.account_id = previous_month.account_id
            and current_month.metric_id = previous_month.metric_id
            and previous_month.month_start
            = cast({{ dbt.dateadd('month', -1, 'current_month.month_start') }} as date)

),

score_drop as (

    {#- the overall score drops by more than the rule's threshold in one calendar month -#}
    select
        'score_drop' as alert_type,
        scorecards.account_id,
        scorecards.month_start,
        'overall' as subject_id,
        points_lost_change.metric_id,
        'overall' as outcome_level,
        scorecards.score_change_1m as observed_value,
        rules.threshold_value,
        'Overall score dropped '
        || cast(round(-scorecards.score_change_1m, 1) as {{ dbt.type_string() }})
        || ' points in a month (to '
        || cast(round(scorecards.overall_score, 1) as {{ dbt.type_string() }})
        || '); most points lost since last month: '
        || coalesce(points_lost_change.metric_id, '-') || '.' as message,
        scorecards.csm_owner as owner_name,
        'account_csm' as owner_source
    from scorecards
    inner join rules
        on rules.alert_type = 'score_drop'
    left join points_lost_change
        on
            scorecards.account_id = points_lost_change.account_id
            and scorecards.month_start = points_lost_change.month_start
            and points_lost_change.change_rank = 1
    where -scorecards.score_change_1m > rules.threshold_value

),

below_floor as (

    {#- a known metric value at or beyond its floor (computed score 0); owned by the metric's
        registry owner -#}
    select
        'below_floor' as alert_type,
        metric_scores.account_id,
        metric_scores.month_start,
        metric_scores.metric_id as subject_id,
        metric_scores.metric_id,
        metric_scores.outcome_level,
        metric_scores.metric_value as observed_value,
        metric_scores.floor_value as threshold_value,
        metrics.metric_name || ' is at or beyond its floor ('
        || cast(round(metric_scores.metric_value, 3) as {{ dbt.type_string() }})
        || ' vs floor ' || cast(metric_scores.floor_value as {{ dbt.type_string() }})
        || ') and scores 0.' as message,
        metrics.owner_name,
        'metric_registry' as owner_source
    from metric_scores
    inner join metrics
        on metric_scores.metric_id = metrics.metric_id
    where metric_scores.computed_score = 0 and metric_scores.metric_value is not null

),

conflicting_signals as (

    select
        'conflicting_signals' as alert_type,
        account_id,
        month_start,
        conflict_kind as subject_id,
        cast(null as {{ dbt.type_string() }}) as metric_id,
        'overall' as outcome_level,
        overall_score as observed_value,
        cast(null as double) as threshold_value,
        conflict_note as message,
        csm_owner as owner_name,
        'account_csm' as owner_source
    from scorecards
    where has_conflicting_signals

),

as_of as (

    select
        {{ scorecard_as_of_date() }} as as_of_date,
        cast({{ dbt.date_trunc('month', scorecard_as_of_date()) }} as date) as as_of_month_start

),

open_decisions as (

    {#- open governance decisions with the as-of date; a decision without an account is a
        portfolio decision (account_id null) -#}
    select
        decisions.*,
        as_of.as_of_date,
        as_of.as_of_month_start
    from decisions
    cross join as_of
    where decisions.status = 'open'

),

overdue_days as (

    {#- how many days past due each open decision is on the as-of date -#}
    select
        *,
        {{ dbt.datediff('due_date', 'as_of_date', 'day') }}
            as days_overdue
    from open_decisions

),

overdue_decision as (

    {#- open decisions more than the rule's threshold days past due, raised in the as-of month
        and owned by the decision's owner -#}
    select
        'overdue_decision' as alert_type,
        overdue_days.account_id,
        overdue_days.as_of_month_start as month_start,
        overdue_days.decision_id as subject_id,
        overdue_days.metric_id,
        cast(null as {{ dbt.type_string() }}) as outcome_level,
        cast(overdue_days.days_overdue as double) as observed_value,
        rules.threshold_value,
        'Decision ' || overdue_days.decision_id || ' (' || overdue_days.forum
        || ', due ' || cast(overdue_days.due_date as {{ dbt.type_string() }}) || ') is '
        || cast(overdue_days.days_overdue as {{ dbt.type_string() }})
        || ' days past due and still open: ' || overdue_days.decision_text as message,
        overdue_days.owner as owner_name,
        'decision_owner' as owner_source
    from overdue_days
    inner join rules
        on rules.alert_type = 'overdue_decision'
    where overdue_days.days_overdue > coalesce(rules.threshold_value, 0)

),

raised_here as (

    {#- the alert sources of this model; each CTE selects the alert columns in the same order
        (alert_columns, less is_open) -#}
    select * from band_to_red
    union all
    select * from score_drop
    union all
    select * from below_floor
    union all
    select * from conflicting_signals
    union all
    select * from overdue_decision

),

raised_here_open as (

    {#- open = about the account's latest scored month (an overdue decision is evaluated on
        the as-of date, so it is always open) -#}
    select
        raised_here.*,
        coalesce(raised_here.month_start >= latest_months.latest_month_start, true) as is_open
    from raised_here
    left join latest_months
        on raised_here.account_id = latest_months.account_id

),

raised as (

    {#- plus the alert sources built as their own models (alert_models), column by column -#}
    select
        raised_here_open.*,
        cast(null as {{ dbt.type_string() }}) as severity_override
    from raised_here_open
    {%- for model in alert_models %}
        union all
        select {{ alert_columns | join(', ') }}, severity_override from {{ ref(model) }}
    {%- endfor %}

),

enabled as (

    {#- only alert types whose rule is enabled -#}
    select raised.*
    from raised
    inner join rules
        on raised.alert_type = rules.alert_type
    where rules.is_enabled

),

with_playbook as (

    select
        enabled.*,
        playbooks.severity,
        playbooks.recommended_action,
        playbooks.owner_team as action_owner_team,
        enabled.alert_type
        || '|' || coalesce(enabled.account_id, '*')
        || '|' || cast(enabled.month_start as {{ dbt.type_string() }})
        || '|' || enabled.subject_id as alert_key,
        row_number() over (
            partition by
                enabled.alert_type, enabled.account_id, enabled.month_start, enabled.subject_id
            order by case when playbooks.metric_id = '*' then 1 else 0 end
        ) as playbook_rank
    from enabled
    inner join playbooks
        on
            enabled.alert_type = playbooks.alert_type
            and (enabled.metric_id = playbooks.metric_id or playbooks.metric_id = '*')

),

final as (

    select
        {{ dbt.hash('with_playbook.alert_key') }} as alert_id,
        with_playbook.alert_type,
        with_playbook.account_id,
        with_playbook.month_start,
        with_playbook.subject_id,
        with_playbook.metric_id,
        with_playbook.outcome_level,
        coalesce(with_playbook.severity_override, with_playbook.severity) as severity,
        with_playbook.message,
        with_playbook.observed_value,
        with_playbook.threshold_value,
        with_playbook.owner_name,
        with_playbook.owner_source,
        coalesce(metrics.owner_team, with_playbook.action_owner_team) as owner_team,
        accounts.csm_owner,
        with_playbook.recommended_action,
        with_playbook.action_owner_team,
        with_playbook.is_open
    from with_playbook
    left join metrics
        on
            with_playbook.metric_id = metrics.metric_id
            and with_playbook.owner_source = 'metric_registry'
    left join accounts
        on with_playbook.account_id = accounts.account_id
    where with_playbook.playbook_rank = 1

)

select * from final
