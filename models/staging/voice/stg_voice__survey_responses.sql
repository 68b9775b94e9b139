{{ accepted_rows('base_voice__survey_responses', ['response_id']) }}
