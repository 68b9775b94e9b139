{#- raw rows = accepted rows + rejected rows, for every raw table but product.events: nothing
    is lost in staging. The product.events branch of the reconciliation view is filtered out
    by a constant (so the events feed is not rescanned on every build); its reconciliation is
    tested by python/tests/test_staging.py. Returns the tables that do not reconcile. -#}
with

reconciliation as (

    select * from {{ ref('quarantine_reconciliation') }}
    where source_table <> 'product.events'

),

final as (

    select
        source_table,
        raw_rows,
        accepted_rows,
        rejected_rows
    from reconciliation
    where raw_rows <> accepted_rows + rejected_rows

)

select * from final
