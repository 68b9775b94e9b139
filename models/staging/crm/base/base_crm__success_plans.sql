{{ stage_raw_table(
    source_name='crm',
    table_name='success_plans',
    key_columns=['success_plan_id'],
    version_column='updated_at',
    columns=[
        {'name': 'success_plan_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'outcome_name', 'kind': 'string'},
        {'name': 'impact_metric_key', 'kind': 'enum', 'required': true,
         'values': ['cost_per_transaction_usd', 'hours_saved', 'revenue_influenced_usd',
                    'transactions_processed']},
        {'name': 'baseline_value', 'kind': 'number', 'non_negative': true},
        {'name': 'target_value', 'kind': 'number', 'non_negative': true},
        {'name': 'baseline_date', 'kind': 'date'},
        {'name': 'target_date', 'kind': 'date'},
        {'name': 'owner', 'kind': 'string'},
        {'name': 'customer_sponsor', 'kind': 'string'},
        {'name': 'status', 'kind': 'enum', 'required': true,
         'values': ['active', 'achieved', 'abandoned']},
        {'name': 'updated_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
    ],
    checks=[
        {'when': 'target_date < baseline_date', 'reason': 'invalid_period', 'column': 'target_date'},
    ],
) }}
