{{ stage_raw_table(
    source_name='finance',
    table_name='subscriptions',
    key_columns=['subscription_id'],
    version_column='updated_at',
    columns=[
        {'name': 'subscription_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'plan_key', 'kind': 'enum', 'required': true},
        {'name': 'seats', 'kind': 'integer', 'required': true, 'non_negative': true},
        {'name': 'mrr_amount', 'kind': 'number', 'required': true, 'non_negative': true},
        {'name': 'currency', 'kind': 'enum', 'required': true},
        {'name': 'start_date', 'kind': 'date', 'required': true},
        {'name': 'end_date', 'kind': 'date'},
        {'name': 'updated_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
        {'columns': ['plan_key'], 'model': 'plans', 'to': ['plan_key']},
    ],
    checks=[
        {'when': 'end_date < start_date', 'reason': 'invalid_period', 'column': 'end_date'},
        {'when': "currency <> '" ~ var('reporting_currency', 'usd') ~ "'",
         'reason': 'unsupported_currency', 'column': 'currency'},
    ],
) }}
