{#- One row per intervention: pre/post means of its metric per arm, the difference-in-
    differences estimate with its Welch standard error and 95% confidence interval, sample
    sizes and the pre-period balance of the arms. Without a control arm the row is labelled
    observational and carries no causal estimate. Method: glossary block
    evidence_difference_in_differences. -#}
{%- set post_months = var('intervention_post_months', none) -%}
{%- set t_critical_975 = [
    (1, 12.706), (2, 4.303), (3, 3.182), (4, 2.776), (5, 2.571), (6, 2.447), (7, 2.365),
    (8, 2.306), (9, 2.262), (10, 2.228), (11, 2.201), (12, 2.179), (13, 2.160),
    (14, 2.145), (15, 2.131), (16, 2.120), (17, 2.110), (18, 2.101), (19, 2.093),
    (20, 2.086), (21, 2.080), (22, 2.074), (23, 2.069), (24, 2.064), (25, 2.060),
    (26, 2.056), (27, 2.052), (28, 2.048), (29, 2.045), (30, 2.042), (40, 2.021),
    (50, 2.009), (60, 2.000), (80, 1.990), (100, 1.984), (120, 1.980), (1000, 1.962),
] -%}
with

interventions as (

    select * from {{ ref('stg_programs__interventions') }}

),

account_changes as (

    select * from {{ ref('int_intervention_account_changes') }}

),

metrics as (

    select * from {{ ref('dim_metrics') }}

),

arm_stats as (

    select
        intervention_id,
        arm,
        count(*) as assigned_accounts,
        count(case when is_measured then 1 end) as measured_accounts,
        avg(case when is_measured then pre_mean end) as pre_mean,
        avg(case when is_measured then post_mean end) as post_mean,
        avg(case when is_measured then value_change end) as mean_change,
        var_samp(case when is_measured then value_change end) as var_change,
        stddev_samp(case when is_measured then pre_mean end) as sd_pre_mean
    from account_changes
    group by 1, 2

),

arms as (

    select
        interventions.intervention_id,
        interventions.intervention_name,
        interventions.metric_id,
        interventions.owner,
        interventions.start_date,
        interventions.end_date,
        treatment.pre_mean as treatment_pre_mean,
        treatment.post_mean as treatment_post_mean,
        treatment.mean_change as treatment_mean_change,
        treatment.var_change as treatment_var_change,
        treatment.sd_pre_mean as treatment_sd_pre_mean,
        control.pre_mean as control_pre_mean,
        control.post_mean as control_post_mean,
        control.mean_change as control_mean_change,
        control.var_change as control_var_change,
        control.sd_pre_mean as control_sd_pre_mean,
        coalesce(treatment.assigned_accounts, 0) as treatment_assigned_accounts,
        coalesce(control.assigned_accounts, 0) as control_assigned_accounts,
        coalesce(treatment.measured_accounts, 0) as treatment_accounts,
        coalesce(control.measured_accounts, 0) as control_accounts
    from interventions
    left join arm_stats as treatment
        on
            interventions.intervention_id = treatment.intervention_id
            and treatment.arm = 'treatment'
    left join arm_stats as control
        on
            interventions.intervention_id = control.intervention_id
            and control.arm = 'control'

),

labelled as (

    select
        *,
        case
            when control_assigned_accounts = 0 then 'observational'
            when treatment_accounts < 2 or control_accounts < 2 then 'insufficient_data'
            else 'difference_in_differences'
        end as estimate_type
    from arms

),

variances as (

    select
        *,
        case
            when estimate_type = 'difference_in_differences'
                then treatment_var_change / treatment_accounts
        end as treatment_var_of_mean,
        case
            when estimate_type = 'difference_in_differences'
                then control_var_change / control_accounts
        end as control_var_of_mean,
        sqrt((power(treatment_sd_pre_mean, 2) + power(control_sd_pre_mean, 2)) / 2)
            as pooled_sd_pre_mean
    from labelled

),

estimates as (

    select
        *,
        case
            when estimate_type = 'difference_in_differences'
                then treatment_mean_change - control_mean_change
        end as did_estimate,
        sqrt(treatment_var_of_mean + control_var_of_mean) as standard_error,
        power(treatment_var_of_mean + control_var_of_mean, 2) / nullif(
            power(treatment_var_of_mean, 2) / (treatment_accounts - 1)
            + power(control_var_of_mean, 2) / (control_accounts - 1),
            0
        ) as welch_df,
        treatment_pre_mean - control_pre_mean as pre_mean_difference,
        case
            when estimate_type <> 'observational'
                then (treatment_pre_mean - control_pre_mean) / nullif(pooled_sd_pre_mean, 0)
        end as pre_period_smd
    from variances

),

critical_values as (

    {#- the 0.975 quantile of t at the largest tabulated df not above the Welch df -#}
    select
        *,
        cast(
            case
                {%- for df, t in t_critical_975 | reverse %}
                    when welch_df >= {{ df }} then {{ t }}
                {%- endfor %}
            end as double
        ) as t_critical
    from estimates

),

with_interval as (

    select
        *,
        did_estimate - t_critical * standard_error as ci_low,
        did_estimate + t_critical * standard_error as ci_high
    from critical_values

),

final as (

    select
        with_interval.intervention_id,
        with_interval.intervention_name,
        with_interval.metric_id,
        metrics.metric_name,
        metrics.unit as metric_unit,
        with_interval.owner,
        with_interval.start_date,
        with_interval.end_date,
        with_interval.estimate_type,
        with_interval.control_assigned_accounts > 0 as has_control_arm,
        {{ var('intervention_pre_months', 3) }} as pre_period_months,
        {{ post_months if post_months is not none else 'cast(null as integer)' }}
            as post_period_months,
        with_interval.treatment_assigned_accounts,
        with_interval.control_assigned_accounts,
        with_interval.treatment_accounts,
        with_interval.control_accounts,
        with_interval.treatment_pre_mean,
        with_interval.treatment_post_mean,
        with_interval.treatment_mean_change,
        with_interval.control_pre_mean,
        with_interval.control_post_mean,
        with_interval.control_mean_change,
        with_interval.did_estimate,
        with_interval.standard_error,
        with_interval.welch_df,
        with_interval.t_critical,
        with_interval.ci_low,
        with_interval.ci_high,
        with_interval.did_estimate / nullif(with_interval.standard_error, 0) as t_statistic,
        coalesce(with_interval.ci_low > 0 or with_interval.ci_high < 0, false)
            as is_significant,
        with_interval.pre_mean_difference,
        with_interval.pre_period_smd,
        case
            when with_interval.pre_period_smd is null then null
            else abs(with_interval.pre_period_smd)
                <= {{ var('intervention_balance_max_smd', 0.25) }}
        end as is_pre_period_balanced,
        case
            when with_interval.estimate_type = 'observational'
                then {{ "'Observational: no control arm, so the before/after change of the treated "
                ~ "accounts is shown but is not an estimate of the effect.'" }}
            when with_interval.estimate_type = 'insufficient_data'
                then 'Too few measured accounts in an arm (fewer than 2) for an estimate.'
            when coalesce(with_interval.ci_low > 0 or with_interval.ci_high < 0, false)
                then 'Difference-in-differences: the 95% interval excludes zero.'
            else 'Difference-in-differences: the 95% interval includes zero; no effect shown.'
        end as estimate_note
    from with_interval
    left join metrics
        on with_interval.metric_id = metrics.metric_id

)

select * from final
