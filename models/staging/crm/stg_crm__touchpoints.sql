{{ accepted_rows('base_crm__touchpoints', ['touchpoint_id'], 'updated_at') }}
