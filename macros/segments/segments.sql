{% macro segment_dimensions() -%}
    {#- The dimensions every segment mart is cut by; 'all' is the whole book. -#}
    {{ return(['all', 'customer_type', 'industry', 'deployment_scale', 'region', 'plan_key']) }}
{%- endmacro %}

{% macro segment_dimension_rows() -%}
    {#- One row per segment dimension (column segment_dimension), to cross join with. -#}
    {%- for dimension in segment_dimensions() %}
    select '{{ dimension }}' as segment_dimension
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{% macro segment_value(relation, dimension_column='segment_dimensions.segment_dimension') -%}
    {#- The relation's value for the dimension in dimension_column; a missing attribute is
        'unknown', so that no account falls out of a dimension. -#}
    coalesce(
        case {{ dimension_column }}
            {%- for dimension in segment_dimensions() %}
            when '{{ dimension }}' then {{ "'all'" if dimension == 'all' else relation ~ '.' ~ dimension }}
            {%- endfor %}
        end,
        'unknown'
    )
{%- endmacro %}
