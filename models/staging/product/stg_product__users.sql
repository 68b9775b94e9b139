{{ accepted_rows('base_product__users', ['user_id']) }}
