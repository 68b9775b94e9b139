{#-
    stage_raw_table: the one implementation of "cast, check, deduplicate, reject" that every
    base_<source>__<table> model calls with its table's spec. A row that fails a check keeps
    its raw text in raw_row and gets a rejection_reason; the stg_ model keeps the accepted
    rows and quarantine_rows unions the rejected ones, so raw = accepted + rejected.
-#}

{% macro stage_raw_table(
    source_name,
    table_name,
    columns,
    key_columns,
    version_column=none,
    dedup_ignore=[],
    foreign_keys=[],
    checks=[],
    typed_source=false
) %}

{{ assert_source_columns(source_name, table_name) }}

{%- set names = columns | map(attribute='name') | list -%}
{%- set content_columns = names | reject('in', dedup_ignore) | list -%}
{%- set version_partition = key_columns + ([version_column] if version_column else []) -%}

with

source as (

    select * from {{ source(source_name, table_name) }}

),

{%- for fk in foreign_keys %}

reference_{{ loop.index }} as (

    select distinct
        {%- for remote in fk.to %}
        {{ remote }} as ref_{{ loop.index }}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ ref(fk.model) }}
    {%- if fk.model.startswith('base_') %}
    where rejection_reason is null
    {%- endif %}

),
{%- endfor %}

typed as (

    select
        {%- for column in columns %}
        {%- if typed_source %}
        source.{{ column.name }} as {{ column.name }},
        {%- else %}
        {{ cast_raw('source.' ~ column.name, column.kind) }} as {{ column.name }},
        {{ clean_text('source.' ~ column.name) }} as raw__{{ column.name }},
        {%- endif %}
        {%- endfor %}
        {%- if typed_source %}
        {#- a typed source's raw row is its typed columns: built in `final`, for rejected
            rows only, so a large feed never carries a JSON text per row -#}
        true as has_typed_source
        {%- else %}
        {{ adapter.dispatch('row_as_json', 'outcome_scorecard')(names, 'source.') }} as raw_row
        {%- endif %}
    from source

),

joined as (

    select
        typed.*
        {%- for fk in foreign_keys %}
        {%- set outer = loop.index %},
        (
            {%- for local in fk.columns %}
            typed.{{ local }} is not null{{ " and" if not loop.last }}
            {%- endfor %}
            and reference_{{ outer }}.ref_1 is null
        ) as is_orphan_{{ outer }}
        {%- endfor %}
    from typed
    {%- for fk in foreign_keys %}
    {%- set outer = loop.index %}
    left join reference_{{ outer }}
        on
        {%- for local in fk.columns %}
        typed.{{ local }} = reference_{{ outer }}.ref_{{ loop.index }}{{ " and" if not loop.last }}
        {%- endfor %}
    {%- endfor %}

),

{#- Ordered rules: the first that matches names the row's reason. -#}
{%- set rules = [] -%}
{%- for column in columns -%}
    {%- if column.kind == 'key' or column.get('required') -%}
        {%- do rules.append({
            'when': column.name ~ ' is null' if typed_source else 'raw__' ~ column.name ~ ' is null',
            'reason': 'null_key' if column.kind == 'key' else 'missing_value',
            'column': column.name}) -%}
    {%- endif -%}
{%- endfor -%}
{%- if not typed_source -%}
    {%- for column in columns if column.kind in ('integer', 'number', 'boolean', 'date', 'timestamp') -%}
        {%- do rules.append({
            'when': 'raw__' ~ column.name ~ ' is not null and ' ~ column.name ~ ' is null',
            'reason': {'integer': 'unparseable_number', 'number': 'unparseable_number',
                       'boolean': 'unknown_enum', 'date': 'unparseable_timestamp',
                       'timestamp': 'unparseable_timestamp'}[column.kind],
            'column': column.name}) -%}
    {%- endfor -%}
{%- endif -%}
{%- for column in columns if column.get('values') -%}
    {%- do rules.append({
        'when': column.name ~ " not in ('" ~ column['values'] | join("', '") ~ "')",
        'reason': 'unknown_enum', 'column': column.name}) -%}
{%- endfor -%}
{%- for column in columns if column.get('min') is not none or column.get('max') is not none -%}
    {%- set bounds = [] -%}
    {%- if column.get('min') is not none -%}{%- do bounds.append(column.name ~ ' < ' ~ column['min']) -%}{%- endif -%}
    {%- if column.get('max') is not none -%}{%- do bounds.append(column.name ~ ' > ' ~ column['max']) -%}{%- endif -%}
    {%- do rules.append({'when': bounds | join(' or '), 'reason': 'out_of_range', 'column': column.name}) -%}
{%- endfor -%}
{%- for column in columns if column.get('non_negative') -%}
    {%- do rules.append({'when': column.name ~ ' < 0', 'reason': 'negative_amount', 'column': column.name}) -%}
{%- endfor -%}
{%- for check in checks -%}
    {%- do rules.append(check) -%}
{%- endfor -%}
{%- for column in columns if column.get('not_future') -%}
    {%- do rules.append({
        'when': 'cast(' ~ column.name ~ ' as timestamp) > ' ~ future_cutoff_timestamp(),
        'reason': 'future_timestamp', 'column': column.name}) -%}
{%- endfor -%}
{%- for fk in foreign_keys -%}
    {%- do rules.append({
        'when': 'is_orphan_' ~ loop.index,
        'reason': fk.get('reason', 'orphan_foreign_key'),
        'column': fk.columns | join(', ')}) -%}
{%- endfor %}

checked as (

    select
        joined.*,
        case
            {%- for rule in rules %}
            when {{ rule.when }} then '{{ rule.reason }}'
            {%- endfor %}
        end as row_rejection_reason,
        case
            {%- for rule in rules %}
            when {{ rule.when }} then '{{ rule.column }}'
            {%- endfor %}
        end as row_rejected_column,
        {#- a fixed-size hash of the content, so the duplicate windows below never hold the
            row's text -#}
        {{ dbt.hash(adapter.dispatch('row_as_json', 'outcome_scorecard')(content_columns, 'joined.')) }}
            as row_content
    from joined

),

version_copies as (

    {#- Versions (key + version column) that arrived more than once among the rows that passed
        the row checks — usually a handful — with how many different contents they carry.
        An aggregate, not a window over every row, so a large feed stays within memory
        (aggregates and joins spill to disk; windows over the whole feed did not). -#}
    select
        {%- for column in version_partition %}
        {{ column }},
        {%- endfor %}
        count(distinct row_content) as contents
    from checked
    where row_rejection_reason is null
    group by {% for column in version_partition %}{{ loop.index }}{{ ", " if not loop.last }}{% endfor %}
    having count(*) > 1

),

flagged as (

    select
        checked.*,
        version_copies.contents as version_contents
    from checked
    left join version_copies
        on
            checked.row_rejection_reason is null
            {%- for column in version_partition %}
            and checked.{{ column }} = version_copies.{{ column }}
            {%- endfor %}

),

copies_ranked as (

    {#- Only the copies of repeated versions are ranked: which identical copy is kept is the
        first by the columns that may differ between copies (e.g. loaded_at), else by the raw
        text. -#}
    select
        flagged.*,
        row_number() over (
            partition by {{ version_partition | join(', ') }}, row_content
            order by {{ (dedup_ignore | join(', ')) if dedup_ignore else 'raw_row' }}
        ) as copy_rank
    from flagged
    where version_contents is not null

),

ranked as (

    select
        flagged.*,
        cast(null as {{ dbt.type_bigint() }}) as copy_rank
    from flagged
    where version_contents is null

    union all

    select * from copies_ranked

),

deduplicated as (

    {#- Among rows that passed the row checks: copies of one version with identical
        content keep one (the rest are `duplicate`); copies of one version whose content
        differs cannot be resolved, so all of them are `conflicting_duplicate`. -#}
    select
        ranked.*,
        case
            when row_rejection_reason is not null then row_rejection_reason
            when version_contents > 1 then 'conflicting_duplicate'
            when copy_rank > 1 then 'duplicate'
        end as rejection_reason,
        case
            when row_rejection_reason is not null then row_rejected_column
            when version_contents > 1 then '{{ version_partition | join(", ") }}'
            when copy_rank > 1 then '{{ version_partition | join(", ") }}'
        end as rejected_column
    from ranked

),

final as (

    select
        {%- for name in names %}
        {{ name }},
        {%- endfor %}
        '{{ source_name }}.{{ table_name }}' as source_table,
        {%- for key in key_columns %}
        {{ "" if loop.first else "|| '|' || " }}coalesce(cast({{ key }} as {{ dbt.type_string() }}), '')
        {%- endfor %} as record_key,
        {%- if typed_source %}
        case
            when rejection_reason is not null
                then {{ adapter.dispatch('row_as_json', 'outcome_scorecard')(names, '') }}
        end as raw_row,
        {%- else %}
        raw_row,
        {%- endif %}
        rejection_reason,
        rejected_column
    from deduplicated

)

select * from final

{% endmacro %}
