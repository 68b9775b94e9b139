{#- raw rows = accepted rows + rejected rows, per source table. Raw rows are counted from the
    source itself, independently of the staging logic. A view: it is only scanned when read
    (by the test assert_raw_rows_reconcile). -#}
{%- set tables = [
    ('crm', 'accounts'), ('crm', 'success_plans'), ('crm', 'opportunities'),
    ('crm', 'touchpoints'), ('product', 'users'), ('product', 'events'),
    ('product', 'milestones'), ('finance', 'subscriptions'),
    ('finance', 'impact_measurements'), ('voice', 'survey_responses'),
    ('programs', 'interventions'), ('programs', 'intervention_assignments'),
    ('programs', 'decisions'),
] -%}

with

counted as (

    {#- One row per raw table: its raw rows counted from the source itself, and the rows
        staging accepted. -#}
    {% for source_name, table_name in tables %}
        select
            '{{ source_name }}.{{ table_name }}' as source_table,
            (select count(*) from {{ source(source_name, table_name) }}) as raw_rows,
            (
                select count(*) from {{ ref('base_' ~ source_name ~ '__' ~ table_name) }}
                where rejection_reason is null
            ) as accepted_rows
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

rejected as (

    select
        source_table,
        count(*) as rejected_rows
    from {{ ref('quarantine_rows') }}
    group by 1

),

final as (

    select
        counted.source_table,
        counted.raw_rows,
        counted.accepted_rows,
        coalesce(rejected.rejected_rows, 0) as rejected_rows,
        counted.raw_rows = counted.accepted_rows + coalesce(rejected.rejected_rows, 0)
            as is_reconciled
    from counted
    left join rejected
        on counted.source_table = rejected.source_table

)

select * from final
