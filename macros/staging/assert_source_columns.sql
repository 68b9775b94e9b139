{% macro assert_source_columns(source_name, table_name) %}
    {#-
        Fail the build, naming the table, its location and the column, when a raw table lacks
        a column that its source declaration lists (the declared columns are the contract's
        required columns; extra raw columns are ignored).
    -#}
    {%- if execute -%}
        {%- set node = graph.sources.values()
            | selectattr('source_name', 'equalto', source_name)
            | selectattr('name', 'equalto', table_name)
            | first -%}
        {%- set required = node.columns.keys() | map('lower') | list -%}
        {%- set relation = source(source_name, table_name) -%}
        {%- set probe = run_query('select * from ' ~ relation ~ ' limit 0') -%}
        {%- set present = probe.column_names | map('lower') | list -%}
        {%- set missing = required | reject('in', present) | list -%}
        {%- if missing -%}
            {{ exceptions.raise_compiler_error(
                "Raw table " ~ source_name ~ "." ~ table_name ~ " (" ~ relation ~ ") is missing "
                ~ "required column(s): " ~ missing | join(', ') ~ ". Columns found: "
                ~ present | join(', ') ~ ". Add the column(s) to the file (an empty value is "
                ~ "allowed where the data contract allows null), or fix the header row; the "
                ~ "contract is in models/staging/" ~ source_name ~ "/_" ~ source_name
                ~ "__sources.yml."
            ) }}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}
