{#- Per account-month: the score first reported, the latest score, and whether and when it
    was restated — read from the as-reported snapshot, which is never rewritten. -#}
with

snapshot_rows as (

    select * from {{ ref('snap_account_scorecards') }}

),

versions as (

    select
        scorecard_id,
        account_id,
        month_start,
        overall_score,
        overall_band,
        rubric_version,
        dbt_valid_from,
        dbt_valid_to,
        row_number() over (partition by scorecard_id order by dbt_valid_from) as version_number,
        count(*) over (partition by scorecard_id) as versions
    from snapshot_rows

),

final as (

    select
        first_version.scorecard_id,
        first_version.account_id,
        first_version.month_start,
        first_version.overall_score as first_reported_score,
        first_version.overall_band as first_reported_band,
        first_version.rubric_version as first_reported_rubric_version,
        first_version.dbt_valid_from as first_reported_at,
        latest_version.overall_score as latest_score,
        latest_version.overall_band as latest_band,
        latest_version.dbt_valid_from as latest_reported_at,
        first_version.versions,
        first_version.versions > 1 as is_restated,
        case when first_version.versions > 1 then latest_version.dbt_valid_from end as restated_at,
        latest_version.overall_score - first_version.overall_score as restatement_change
    from versions as first_version
    inner join versions as latest_version
        on
            first_version.scorecard_id = latest_version.scorecard_id
            and latest_version.version_number = latest_version.versions
    where first_version.version_number = 1

)

select * from final
