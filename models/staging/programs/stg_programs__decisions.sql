{{ accepted_rows('base_programs__decisions', ['decision_id'], 'updated_at') }}
