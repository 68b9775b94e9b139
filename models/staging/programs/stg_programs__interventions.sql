{{ accepted_rows('base_programs__interventions', ['intervention_id']) }}
