{#- Casting helpers for raw landing files, where every CSV column arrives as text. -#}

{% macro clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

{% macro is_blank(column) -%}
    ({{ clean_text(column) }} is null)
{%- endmacro %}

{% macro cast_raw(column, kind) -%}
    {#- Cast a raw text value to the contract type; an unparseable value becomes null. -#}
    {%- if kind in ('string', 'key') -%}
        {{ clean_text(column) }}
    {%- elif kind == 'enum' -%}
        lower({{ clean_text(column) }})
    {%- elif kind == 'integer' -%}
        {{ safe_cast_value(clean_text(column), dbt.type_bigint()) }}
    {%- elif kind == 'number' -%}
        {{ safe_cast_value(clean_text(column), 'decimal(18, 4)') }}
    {%- elif kind == 'boolean' -%}
        {{ adapter.dispatch('cast_raw_boolean', 'outcome_scorecard')(clean_text(column)) }}
    {%- elif kind == 'date' -%}
        {{ safe_cast_value(clean_text(column), 'date') }}
    {%- elif kind == 'timestamp' -%}
        {{ adapter.dispatch('to_utc_timestamp', 'outcome_scorecard')(clean_text(column)) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("cast_raw: unknown column kind '" ~ kind ~ "' for column " ~ column) }}
    {%- endif -%}
{%- endmacro %}

{% macro default__cast_raw_boolean(text) -%}
    case lower({{ text }})
        when 'true' then true
        when 't' then true
        when '1' then true
        when 'false' then false
        when 'f' then false
        when '0' then false
    end
{%- endmacro %}

{% macro default__to_utc_timestamp(text) -%}
    {#- ISO-8601 text, with or without an offset, as a UTC timestamp (the profile's session
        time zone is UTC, so a value without an offset is read as UTC). -#}
    cast({{ safe_cast_value(text, 'timestamp with time zone') }} as timestamp)
{%- endmacro %}

{% macro default__row_as_json(columns, prefix='') -%}
    {#- The row as a JSON object of the named columns (prefix: the relation alias). -#}
    json_object(
        {%- for column in columns %}
        '{{ column }}', {{ prefix }}{{ column }}{{ "," if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro safe_cast_value(expression, data_type) -%}
    {#- A cast that yields null instead of failing. dbt-duckdb does not implement
        dbt.safe_cast (it falls back to a plain cast), hence the DuckDB version. -#}
    {{ return(adapter.dispatch('safe_cast_value', 'outcome_scorecard')(expression, data_type)) }}
{%- endmacro %}

{% macro default__safe_cast_value(expression, data_type) -%}
    {{ dbt.safe_cast(expression, data_type) }}
{%- endmacro %}

{% macro duckdb__safe_cast_value(expression, data_type) -%}
    try_cast({{ expression }} as {{ data_type }})
{%- endmacro %}
