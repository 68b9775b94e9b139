{{ accepted_rows('base_crm__success_plans', ['success_plan_id'], 'updated_at') }}
