{{ stage_raw_table(
    source_name='crm',
    table_name='touchpoints',
    key_columns=['touchpoint_id'],
    version_column='updated_at',
    columns=[
        {'name': 'touchpoint_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'touchpoint_type', 'kind': 'enum', 'required': true,
         'values': ['interview', 'business_review', 'health_check', 'support_escalation']},
        {'name': 'occurred_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
        {'name': 'author', 'kind': 'string'},
        {'name': 'theme_code', 'kind': 'enum', 'required': true},
        {'name': 'sentiment', 'kind': 'integer', 'required': true, 'min': -2, 'max': 2},
        {'name': 'notes', 'kind': 'string'},
        {'name': 'updated_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
        {'columns': ['theme_code'], 'model': 'theme_codebook', 'to': ['theme_code'],
         'reason': 'unknown_theme_code'},
    ],
) }}
