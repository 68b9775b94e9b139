{{ accepted_rows('base_crm__opportunities', ['opportunity_id'], 'updated_at') }}
