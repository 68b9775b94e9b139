{{ stage_raw_table(
    source_name='voice',
    table_name='survey_responses',
    key_columns=['response_id'],
    columns=[
        {'name': 'response_id', 'kind': 'key'},
        {'name': 'account_id', 'kind': 'key'},
        {'name': 'user_id', 'kind': 'string'},
        {'name': 'survey_type', 'kind': 'enum', 'required': true, 'values': ['nps', 'csat']},
        {'name': 'score', 'kind': 'integer', 'required': true},
        {'name': 'responded_at', 'kind': 'timestamp', 'required': true, 'not_future': true},
    ],
    foreign_keys=[
        {'columns': ['account_id'], 'model': 'base_crm__accounts', 'to': ['account_id']},
        {'columns': ['user_id', 'account_id'], 'model': 'base_product__users',
         'to': ['user_id', 'account_id']},
    ],
    checks=[
        {'when': "survey_type = 'nps' and (score < 0 or score > 10)",
         'reason': 'out_of_range', 'column': 'score'},
        {'when': "survey_type = 'csat' and (score < 1 or score > 5)",
         'reason': 'out_of_range', 'column': 'score'},
    ],
) }}
