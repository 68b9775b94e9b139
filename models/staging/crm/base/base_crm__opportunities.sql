{{ stage_raw_table(
    source_name='crm',
    table_name='opportunities',
    key_columns=['opportunity_id'],
    version_column='updated_at',
    columns=[
        {'name': 'opportunity_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'opportunity_type', 'kind': 'enum', 'required': true,
         'values': ['new', 'renewal', 'expansion']},
        {'name': 'amount', 'kind': 'number', 'non_negative': true},
        {'name': 'close_date', 'kind': 'date', 'required': true},
        {'name': 'is_closed', 'kind': 'boolean', 'required': true},
        {'name': 'is_won', 'kind': 'boolean'},
        {'name': 'updated_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
    ],
) }}
