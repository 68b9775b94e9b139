{{ accepted_rows('base_product__milestones', ['account_id', 'milestone_key']) }}
