{{ stage_raw_table(
    source_name='product',
    table_name='milestones',
    key_columns=['account_id', 'milestone_key'],
    columns=[
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'milestone_key', 'kind': 'enum', 'required': true,
         'values': ['kickoff', 'integration_live', 'first_value', 'full_rollout']},
        {'name': 'achieved_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
    ],
) }}
