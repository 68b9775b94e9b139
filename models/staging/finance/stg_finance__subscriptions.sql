{{ accepted_rows('base_finance__subscriptions', ['subscription_id'], 'updated_at') }}
