{% macro metric_score(value, floor, target, direction) -%}
    {#- 0–100: higher_is_better 100 × clamp((v − floor) / (target − floor), 0, 1);
        lower_is_better 100 × clamp((floor − v) / (floor − target), 0, 1); null when the value,
        floor or target is null or target = floor. Rounded to 6 decimals, so that decimal inputs
        that binary floating point cannot hold exactly (0.3 / 0.6) land on the band boundary
        they mean (50, not 49.999999…). -#}
    case
        when {{ value }} is null or {{ floor }} is null or {{ target }} is null then null
        when {{ target }} = {{ floor }} then null
        when {{ direction }} = 'lower_is_better'
            then round(100 * greatest(0, least(1, ({{ floor }} - {{ value }}) / ({{ floor }} - {{ target }}))), 6)
        else round(100 * greatest(0, least(1, ({{ value }} - {{ floor }}) / ({{ target }} - {{ floor }}))), 6)
    end
{%- endmacro %}

{% macro score_band(score, missing_band="'no_data'") -%}
    {#- The band of a 0–100 score from the score_bands seed (min inclusive, max exclusive);
        a null score is `no_data` (or the given band, e.g. insufficient_data) — never red. -#}
    case
        when {{ score }} is null then {{ missing_band }}
        else (
            select score_bands.band
            from {{ ref('score_bands') }} as score_bands
            where {{ score }} >= score_bands.min_score and {{ score }} < score_bands.max_score
        )
    end
{%- endmacro %}

{% macro trend_direction(change, threshold) -%}
    {#- up / flat / down: a change of at least `threshold` points either way (var
        trend_threshold_points, default 2) is a move; null without a prior score. -#}
    case
        when {{ change }} is null then null
        when {{ change }} >= {{ threshold }} then 'up'
        when {{ change }} <= -{{ threshold }} then 'down'
        else 'flat'
    end
{%- endmacro %}

{% macro conflicting_signals(relation) -%}
    {#- Levels that disagree: one green while another is red. Emits has_conflicting_signals,
        conflict_kind (<green level>_green_<red level>_red, first pair in the order business
        impact, adoption, value delivered) and a plain-language conflict_note. -#}
    {%- set levels = ['business_impact', 'adoption', 'value_delivered'] -%}
    {%- set labels = {'business_impact': 'business impact', 'adoption': 'adoption',
                      'value_delivered': 'value delivered'} -%}
    {%- set pairs = [] -%}
    {%- for green in levels -%}{%- for red in levels if red != green -%}
        {%- do pairs.append((green, red)) -%}
    {%- endfor -%}{%- endfor -%}
    case
        {%- for green, red in pairs %}
        when {{ relation }}.{{ green }}_band = 'green' and {{ relation }}.{{ red }}_band = 'red'
            then true
        {%- endfor %}
        else false
    end as has_conflicting_signals,
    case
        {%- for green, red in pairs %}
        when {{ relation }}.{{ green }}_band = 'green' and {{ relation }}.{{ red }}_band = 'red'
            then '{{ green }}_green_{{ red }}_red'
        {%- endfor %}
    end as conflict_kind,
    case
        {%- for green, red in pairs %}
        when {{ relation }}.{{ green }}_band = 'green' and {{ relation }}.{{ red }}_band = 'red'
            then '{{ labels[green] | capitalize }} is green ('
                || cast(round({{ relation }}.{{ green }}_score, 0) as {{ dbt.type_string() }})
                || ') while {{ labels[red] }} is red ('
                || cast(round({{ relation }}.{{ red }}_score, 0) as {{ dbt.type_string() }})
                || '): the levels disagree, so the overall score hides a real risk. Weight coverage is '
                || cast(round(100 * {{ relation }}.overall_weight_coverage, 0) as {{ dbt.type_string() }})
                || '%; confirm with the customer before quoting the overall score.'
        {%- endfor %}
    end as conflict_note
{%- endmacro %}
