{{ stage_raw_table(
    source_name='finance',
    table_name='impact_measurements',
    key_columns=['measurement_id'],
    columns=[
        {'name': 'measurement_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'impact_metric_key', 'kind': 'enum', 'required': true,
         'values': ['cost_per_transaction_usd', 'hours_saved', 'revenue_influenced_usd',
                    'transactions_processed']},
        {'name': 'period_month', 'kind': 'date', 'required': true},
        {'name': 'value', 'kind': 'number', 'required': true, 'non_negative': true},
        {'name': 'source_type', 'kind': 'enum', 'required': true,
         'values': ['telemetry', 'customer_reported', 'finance_verified']},
        {'name': 'recorded_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
    ],
    checks=[
        {'when': "period_month <> " ~ dbt.date_trunc('month', 'period_month'),
         'reason': 'invalid_period', 'column': 'period_month'},
        {'when': 'period_month > ' ~ scorecard_as_of_date(),
         'reason': 'future_timestamp', 'column': 'period_month'},
    ],
) }}
