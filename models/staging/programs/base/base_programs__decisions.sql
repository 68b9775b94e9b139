{{ stage_raw_table(
    source_name='programs',
    table_name='decisions',
    key_columns=['decision_id'],
    version_column='updated_at',
    columns=[
        {'name': 'decision_id', 'kind': 'key'},
        {'name': 'review_date', 'kind': 'date', 'required': true},
        {'name': 'forum', 'kind': 'enum', 'required': true},
        {'name': 'decision_text', 'kind': 'string'},
        {'name': 'owner', 'kind': 'string', 'required': true},
        {'name': 'due_date', 'kind': 'date', 'required': true},
        {'name': 'status', 'kind': 'enum', 'required': true, 'values': ['open', 'done', 'dropped']},
        {'name': 'completed_at', 'kind': 'timestamp', 'not_future': true},
        {'name': 'metric_id', 'kind': 'string'},
        {'name': 'account_id', 'kind': 'string'},
        {'name': 'updated_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['metric_id'], 'model': 'scorecard_metrics', 'to': ['metric_id']},
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
    ],
    checks=[
        {'when': 'review_date > ' ~ scorecard_as_of_date(),
         'reason': 'future_timestamp', 'column': 'review_date'},
    ],
) }}
