{{ accepted_rows('base_product__events', ['event_id', 'occurred_at']) }}
