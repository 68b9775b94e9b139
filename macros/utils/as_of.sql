{% macro scorecard_as_of_date() -%}
    {#- The date the scorecard is computed as of: var('as_of_date') or today (UTC). -#}
    {%- if var('as_of_date', none) -%}
        cast('{{ var("as_of_date") }}' as date)
    {%- else -%}
        current_date
    {%- endif -%}
{%- endmacro %}

{% macro future_cutoff_timestamp() -%}
    {#- Raw timestamps after this instant are rejected as future_timestamp. -#}
    cast({{ dbt.dateadd('day', var('future_tolerance_days', 1) + 1, scorecard_as_of_date()) }} as timestamp)
{%- endmacro %}
