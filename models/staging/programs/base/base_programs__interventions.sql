{{ stage_raw_table(
    source_name='programs',
    table_name='interventions',
    key_columns=['intervention_id'],
    columns=[
        {'name': 'intervention_id', 'kind': 'key'},
        {'name': 'intervention_name', 'kind': 'string'},
        {'name': 'hypothesis', 'kind': 'string'},
        {'name': 'metric_id', 'kind': 'key'},
        {'name': 'start_date', 'kind': 'date', 'required': true},
        {'name': 'end_date', 'kind': 'date'},
        {'name': 'owner', 'kind': 'string'},
    ],
    foreign_keys=[
        {'columns': ['metric_id'], 'model': 'scorecard_metrics', 'to': ['metric_id']},
    ],
    checks=[
        {'when': 'end_date < start_date', 'reason': 'invalid_period', 'column': 'end_date'},
    ],
) }}
