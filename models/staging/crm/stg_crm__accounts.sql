{{ accepted_rows('base_crm__accounts', ['account_id'], 'updated_at') }}
