{{ stage_raw_table(
    source_name='product',
    table_name='users',
    key_columns=['user_id'],
    columns=[
        {'name': 'user_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'created_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
        {'name': 'role', 'kind': 'enum'},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
    ],
) }}
