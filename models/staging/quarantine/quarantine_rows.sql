{#- Every rejected raw row of every source table, with its reason. A view, so that building
    the project does not rescan product.events; query it like a table. -#}
{%- set base_models = [
    'base_crm__accounts',
    'base_crm__success_plans',
    'base_crm__opportunities',
    'base_crm__touchpoints',
    'base_product__users',
    'base_product__events',
    'base_product__milestones',
    'base_finance__subscriptions',
    'base_finance__impact_measurements',
    'base_voice__survey_responses',
    'base_programs__interventions',
    'base_programs__intervention_assignments',
    'base_programs__decisions',
] -%}

with

unioned as (

    {#- One select per base model, each keeping only its rejected rows. -#}
    {% for base_model in base_models %}
        select
            source_table,
            record_key,
            rejection_reason,
            rejected_column,
            raw_row
        from {{ ref(base_model) }}
        where rejection_reason is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select
        source_table,
        record_key,
        rejection_reason,
        rejected_column,
        raw_row,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as detected_at
    from unioned

)

select * from final
