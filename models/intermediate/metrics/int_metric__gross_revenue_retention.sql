{#-
    gross_revenue_retention: min(MRR now, MRR 12 months earlier) / MRR 12 months earlier,
    expansion capped out (both from int_account_months; a churned month has MRR 0, so its
    GRR is 0). Body: the retention_metric macro (shared with NRR).
    Null ('no_prior_year_mrr') when the month 12 months earlier is absent from the spine (no
    subscription then, e.g. an account younger than a year or one reactivated after a gap) or
    its MRR is 0: the account is not in that cohort.
-#}
{{ retention_metric(
    'gross_revenue_retention',
    'least(account_months.mrr_amount, prior_year.mrr_amount)'
) }}
