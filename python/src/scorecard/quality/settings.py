"""Tunable constants of the data-quality gate: how learned thresholds are learned.

Every threshold the issue calls *learned* is computed at run time from the warehouse (trailing
history, the previous run, the metric registry); what lives here is only the recipe — the
window lengths and the width of the band, each with the reason for its value.
"""

from __future__ import annotations

from dataclasses import dataclass

CRITICAL = "critical"
WARNING = "warning"
SEVERITIES = (CRITICAL, WARNING)

#: Suite families, in the order they run and print.
MISSING_DATA = "missing_data"
VALIDITY = "validity"
VOLUME = "volume"
DISTRIBUTION = "distribution"
FAMILIES = (MISSING_DATA, VALIDITY, VOLUME, DISTRIBUTION)


@dataclass(frozen=True)
class QualitySettings:
    """How the learned thresholds are derived. The defaults are the documented policy."""

    #: Daily volume: the last complete day (as_of - 1) is compared with the trailing window of
    #: this many days before it, *same day type only* (weekdays with weekdays, weekend days
    #: with weekend days): product usage has a strong weekly cycle, so a weekday/weekend mix
    #: would give a band so wide that a silent day still passed.
    volume_window_days: int = 28
    #: Fewest same-type trailing days needed to learn a band; with fewer the check is skipped.
    volume_min_history_days: int = 4
    #: Total daily events must lie within trailing mean +/- k * sd (same day type) ...
    volume_k_sd: float = 3.0
    #: ... and the band is never narrower than +/- this share of the mean (day-to-day noise of
    #: a stable feed is tiny; a 25 % swing of a whole day's volume is what is worth a look).
    volume_min_relative_width: float = 0.25
    #: Per account: z = (events on the last complete day - trailing mean) / max(sd, sqrt(mean))
    #: must satisfy |z| <= k (sqrt(mean) is the Poisson floor of the spread of a count) ...
    account_volume_k: float = 3.0
    #: ... for at least this share of accounts: about 1-2 % of accounts exceed 3 sigma on an
    #: ordinary day, so the check fails only on a broad shift, not on single busy accounts.
    account_volume_mostly: float = 0.95
    #: An account is *regularly active* when it had events on at least this share of the
    #: trailing same-type days, averaged at least `regular_min_mean_events` events on them and
    #: holds an active subscription on the day. Such an account must have events on the last
    #: complete day. Calibrated on the demo data: with 90 % and 5 events no account trips on an
    #: ordinary day, while any lower pair trips on most days (small accounts do skip days).
    regular_active_share: float = 0.9
    regular_min_mean_events: float = 5.0
    #: Row counts of staging tables, relative to the count recorded by the previous run: a
    #: staging model keeps the latest version per key, so it should never shrink much; it may
    #: grow as new data lands, but doubling between two runs is a reload gone wrong.
    row_count_min_ratio: float = 0.9
    row_count_max_ratio: float = 2.0
    #: Distribution: the latest complete month is compared with this many months before it.
    distribution_months: int = 6
    #: Fewest trailing months with values needed to learn a band.
    distribution_min_months: int = 3
    #: Per-metric mean and quartiles within trailing mean +/- k * sd of the monthly statistic;
    #: k = 3 leaves room for a steady trend (a linear trend drifts 3.5 slopes from the 6-month
    #: mean while 3 sd of its monthly values span about 5.6 slopes).
    distribution_k_sd: float = 3.0
    #: The band is never narrower than this share of the metric's scale (the larger of the
    #: statistic's absolute trailing mean and the metric's typical spread across accounts), so a
    #: metric that barely moved for six months does not warn on its first ordinary wobble.
    distribution_min_relative_width: float = 0.10
    #: Quartiles checked, besides the mean.
    distribution_quantiles: tuple[float, ...] = (0.25, 0.5, 0.75)
    #: Validation results kept in the GX store (and so in Data Docs); older runs are pruned
    #: there. The warehouse table dq.dq_validation_results keeps every run forever.
    docs_keep_runs: int = 10


DEFAULT_SETTINGS = QualitySettings()
