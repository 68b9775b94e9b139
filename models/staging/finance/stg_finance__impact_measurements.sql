{{ accepted_rows('base_finance__impact_measurements', ['measurement_id']) }}
