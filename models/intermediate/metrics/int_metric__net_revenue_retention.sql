{#-
    net_revenue_retention: the account's MRR on the measure date / its MRR in the same month
    12 months earlier, expansion included (both from int_account_months; a churned month
    has MRR 0, so its NRR is 0). Body: the retention_metric macro (shared with GRR).
    Null ('no_prior_year_mrr') when the month 12 months earlier is absent from the spine (no
    subscription then, e.g. an account younger than a year or one reactivated after a gap) or
    its MRR is 0: the account is not in that cohort.
-#}
{{ retention_metric('net_revenue_retention', 'account_months.mrr_amount') }}
