{% macro accepted_rows(base_model, key_columns, version_column=none, keep_history=false) %}
{#-
    The accepted rows of a base_<source>__<table> model, without its bookkeeping columns.
    With a version column and keep_history=false, only the latest version of each key;
    with keep_history=true, every accepted version with valid_from / valid_to / is_current.
-#}
with

base as (

    select * from {{ ref(base_model) }}

),

accepted as (

    select
        {{ star_exclude(['source_table', 'record_key', 'raw_row', 'rejection_reason', 'rejected_column']) }}
        {%- if version_column %},
        row_number() over (
            partition by {{ key_columns | join(', ') }}
            order by {{ version_column }} desc
        ) as version_rank,
        lead({{ version_column }}) over (
            partition by {{ key_columns | join(', ') }}
            order by {{ version_column }}
        ) as next_version_at
        {%- endif %}
    from base
    where rejection_reason is null

),

final as (

    {%- if not version_column %}
    select * from accepted
    {%- elif keep_history %}
    select
        {{ star_exclude(['version_rank', 'next_version_at']) }},
        {{ version_column }} as valid_from,
        next_version_at as valid_to,
        version_rank = 1 as is_current
    from accepted
    {%- else %}
    select {{ star_exclude(['version_rank', 'next_version_at']) }}
    from accepted
    where version_rank = 1
    {%- endif %}

)

select * from final
{% endmacro %}

{% macro star_exclude(columns) -%}
    {{ return(adapter.dispatch('star_exclude', 'outcome_scorecard')(columns)) }}
{%- endmacro %}

{% macro default__star_exclude(columns) -%}
    * exclude ({{ columns | join(', ') }})
{%- endmacro %}

{% macro bigquery__star_exclude(columns) -%}
    * except ({{ columns | join(', ') }})
{%- endmacro %}
