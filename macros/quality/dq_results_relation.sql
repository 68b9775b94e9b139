{% macro dq_results_relation() -%}
    {#- The relation to read data-quality results from: the source table
        dq.dq_validation_results once `scorecard validate` has created it, else an empty
        derived table with the same columns, so that a fresh build (before any validation run)
        does not fail on a table that cannot exist yet. -#}
    {%- set results_source = source('dq', 'dq_validation_results') -%}
    {%- set existing = none -%}
    {%- if execute -%}
        {%- set existing = adapter.get_relation(
            database=results_source.database,
            schema=results_source.schema,
            identifier=results_source.identifier,
        ) -%}
    {%- endif -%}
    {%- if existing is not none -%}
        {{ results_source }}
    {%- else -%}
        (
            select
                cast(null as {{ dbt.type_string() }}) as run_id,
                cast(null as {{ dbt.type_string() }}) as suite,
                cast(null as {{ dbt.type_string() }}) as expectation,
                cast(null as {{ dbt.type_string() }}) as table_name,
                cast(null as {{ dbt.type_string() }}) as column_name,
                cast(null as boolean) as success,
                cast(null as {{ dbt.type_string() }}) as observed_value,
                cast(null as {{ dbt.type_string() }}) as threshold,
                cast(null as {{ dbt.type_string() }}) as severity,
                cast(null as {{ dbt.type_timestamp() }}) as validated_at,
                cast(null as {{ dbt.type_string() }}) as scope
            where false
        ) as no_validation_run_yet
    {%- endif -%}
{%- endmacro %}
