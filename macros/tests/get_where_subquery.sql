{% macro get_where_subquery(relation) -%}
    {#- dbt's own get_where_subquery, plus one placeholder: `__recent_events__` in a test's
        `where` config becomes the start of the recent-events window (see
        recent_events_cutoff), so that tests on the product.events views read only recent
        events instead of rescanning the whole (large) table on every build. -#}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}
        {%- if '__recent_events__' in where -%}
            {%- set where = where | replace('__recent_events__', recent_events_cutoff()) -%}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{% macro recent_events_cutoff() -%}
    {#- The first instant of the recent-events window tested on every build: the as-of date
        minus var('events_test_window_days'). Older events were tested when they were recent
        and are frozen into int_usage_aggregated_daily. -#}
    cast({{ dbt.dateadd('day', -1 * var('events_test_window_days', 35), scorecard_as_of_date()) }} as timestamp)
{%- endmacro %}
