{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- Custom schemas are used as given (staging, intermediate, marts, config, ...), so BI
        users see stable schema names rather than <target>_<custom>. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
