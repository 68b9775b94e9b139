{{ accepted_rows('base_programs__intervention_assignments', ['intervention_id', 'account_id']) }}
