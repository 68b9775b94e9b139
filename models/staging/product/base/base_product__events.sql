{#- Events arrive typed (Parquet), so there is no text to parse. An event is identified by
    (event_id, occurred_at); a re-delivered copy (whatever its loaded_at) is a duplicate.
    Partitioning the duplicate check by occurred_at lets a filter on occurred_at (the
    incremental window of int_usage_aggregated_daily) reach the Parquet scan. -#}
{{ config(materialized='view') }}

{{ stage_raw_table(
    source_name='product',
    table_name='events',
    typed_source=true,
    key_columns=['event_id', 'occurred_at'],
    dedup_ignore=['loaded_at'],
    columns=[
        {'name': 'event_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'user_id', 'kind': 'key'},
        {'name': 'feature_key', 'kind': 'key'},
        {'name': 'occurred_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
        {'name': 'quantity', 'kind': 'number', 'required': true, 'non_negative': true},
        {'name': 'loaded_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['user_id', 'account_id'], 'model': 'base_product__users',
         'to': ['user_id', 'account_id']},
        {'columns': ['feature_key'], 'model': 'features', 'to': ['feature_key']},
    ],
) }}
