{#- Per account-month: the score first reported, the latest score, and whether and when it
    was restated — read from the as-reported snapshot (snap_account_scorecards), which is never
    rewritten. A restatement is any later snapshot version: one of the snapshot's check
    columns (overall, level scores and bands, rubric version, confidence) changed. -#}
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
        row_number() over (
            partition by scorecard_id order by dbt_valid_from
        ) as version_number,
        count(*) over (partition by scorecard_id) as versions
    from snapshot_rows

),

first_versions as (

    select * from versions
    where version_number = 1

),

latest_versions as (

    select * from versions
    where version_number = versions

),

final as (

    select
        first_versions.scorecard_id,
        first_versions.account_id,
        first_versions.month_start,
        first_versions.overall_score as first_reported_score,
        first_versions.overall_band as first_reported_band,
        first_versions.rubric_version as first_reported_rubric_version,
        first_versions.dbt_valid_from as first_reported_at,
        latest_versions.overall_score as latest_score,
        latest_versions.overall_band as latest_band,
        latest_versions.rubric_version as latest_rubric_version,
        latest_versions.dbt_valid_from as latest_reported_at,
        first_versions.versions,
        first_versions.versions > 1 as is_restated,
        case
            when first_versions.versions > 1 then latest_versions.dbt_valid_from
        end as restated_at,
        latest_versions.overall_score - first_versions.overall_score as restatement_change,
        coalesce(first_versions.overall_band <> latest_versions.overall_band, false)
            as is_band_restated
    from first_versions
    inner join latest_versions
        on first_versions.scorecard_id = latest_versions.scorecard_id

)

select * from final
