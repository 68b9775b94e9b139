{{ stage_raw_table(
    source_name='programs',
    table_name='intervention_assignments',
    key_columns=['intervention_id', 'account_id'],
    columns=[
        {'name': 'intervention_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'arm', 'kind': 'enum', 'required': true, 'values': ['treatment', 'control']},
        {'name': 'assigned_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['intervention_id'], 'model': 'base_programs__interventions',
         'to': ['intervention_id']},
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
    ],
) }}
