"""Shared vocabulary of the synthetic customer base.

Every enum value, code list and name list used by the generator lives here, so that the dbt
seeds and the generator agree on one spelling. Nothing in this module is random.
"""

from __future__ import annotations

INDUSTRIES: tuple[str, ...] = (
    "software",
    "financial_services",
    "healthcare",
    "retail",
    "manufacturing",
    "logistics",
)
INDUSTRY_WEIGHTS: tuple[float, ...] = (0.24, 0.18, 0.15, 0.15, 0.14, 0.14)

REGIONS: tuple[str, ...] = ("na", "emea", "apac", "latam")
REGION_WEIGHTS: tuple[float, ...] = (0.45, 0.30, 0.15, 0.10)
#: Hour of the day (UTC) around which each region's working-day activity centres.
REGION_PEAK_HOUR_UTC: tuple[float, ...] = (17.5, 11.0, 3.5, 15.5)

CUSTOMER_TYPES: tuple[str, ...] = ("smb", "mid_market", "enterprise")
CUSTOMER_TYPE_WEIGHTS: tuple[float, ...] = (0.50, 0.32, 0.18)
#: Shift of the latent health by customer type (larger customers are better served).
CUSTOMER_TYPE_HEALTH_SHIFT: tuple[float, ...] = (-0.15, 0.05, 0.25)

DEPLOYMENT_SCALES: tuple[str, ...] = ("team", "department", "enterprise_wide")
#: P(deployment_scale | customer_type); rows follow CUSTOMER_TYPES.
DEPLOYMENT_SCALE_GIVEN_TYPE: tuple[tuple[float, ...], ...] = (
    (0.70, 0.25, 0.05),
    (0.25, 0.55, 0.20),
    (0.05, 0.35, 0.60),
)

PLANS: tuple[str, ...] = ("starter", "growth", "enterprise")
PLAN_SEAT_PRICE_USD: tuple[float, ...] = (25.0, 45.0, 70.0)
#: P(plan | customer_type) at the first subscription; rows follow CUSTOMER_TYPES.
PLAN_GIVEN_TYPE: tuple[tuple[float, ...], ...] = (
    (0.75, 0.22, 0.03),
    (0.25, 0.60, 0.15),
    (0.02, 0.18, 0.80),
)
#: Inclusive seat range at the first subscription, by customer type.
SEAT_RANGE_GIVEN_TYPE: tuple[tuple[int, int], ...] = ((5, 40), (30, 200), (150, 2000))
CURRENCY = "usd"

#: (feature_key, is_core, index of the lowest plan in PLANS that includes it, popularity)
FEATURES: tuple[tuple[str, bool, int, float], ...] = (
    ("dashboards", True, 0, 1.00),
    ("reports", True, 0, 0.80),
    ("data_import", True, 0, 0.35),
    ("workflows", True, 1, 0.55),
    ("integrations", True, 1, 0.30),
    ("alerts", True, 1, 0.40),
    ("api_access", True, 2, 0.25),
    ("sso_admin", True, 2, 0.08),
    ("mobile_app", False, 0, 0.30),
    ("ai_assistant", False, 1, 0.35),
    ("audit_log", False, 2, 0.06),
    ("sandbox", False, 2, 0.12),
)
FEATURE_KEYS: tuple[str, ...] = tuple(f[0] for f in FEATURES)

USER_ROLES: tuple[str, ...] = ("admin", "analyst", "operator", "viewer")
USER_ROLE_WEIGHTS: tuple[float, ...] = (0.08, 0.27, 0.35, 0.30)

MILESTONES: tuple[str, ...] = ("kickoff", "integration_live", "first_value", "full_rollout")

OPPORTUNITY_TYPES: tuple[str, ...] = ("new", "renewal", "expansion")

TOUCHPOINT_TYPES: tuple[str, ...] = (
    "interview",
    "business_review",
    "health_check",
    "support_escalation",
)

#: theme_code -> base sentiment (-2..2) before the account's health is added.
THEMES: tuple[tuple[str, float], ...] = (
    ("onboarding_friction", -1.0),
    ("low_engagement", -1.2),
    ("feature_gap", -0.8),
    ("roi_proven", 1.6),
    ("cost_reduction", 1.2),
    ("time_savings", 1.2),
    ("support_quality", -0.9),
    ("advocacy", 1.7),
    ("exec_alignment", 0.8),
    ("pricing_concern", -1.4),
    ("expansion_interest", 1.0),
    ("goal_progress", 0.6),
)
THEME_CODES: tuple[str, ...] = tuple(t[0] for t in THEMES)

IMPACT_METRIC_KEYS: tuple[str, ...] = (
    "cost_per_transaction_usd",
    "hours_saved",
    "revenue_influenced_usd",
    "transactions_processed",
)
SOURCE_TYPES: tuple[str, ...] = ("telemetry", "customer_reported", "finance_verified")

SURVEY_TYPES: tuple[str, ...] = ("nps", "csat")

SUCCESS_PLAN_STATUSES: tuple[str, ...] = ("active", "achieved", "abandoned")

ARMS: tuple[str, ...] = ("treatment", "control")

DECISION_FORUMS: tuple[str, ...] = ("qbr", "steering_committee", "cs_leadership", "exec_review")
DECISION_STATUSES: tuple[str, ...] = ("open", "done", "dropped")

METRIC_IDS: tuple[str, ...] = (
    "active_users",
    "license_utilization",
    "stickiness",
    "feature_breadth",
    "feature_depth",
    "time_to_first_value_days",
    "onboarding_completion",
    "outcome_attainment",
    "cost_savings_pct",
    "hours_saved",
    "roi_multiple",
    "verified_impact_share",
    "nps",
    "csat",
    "net_revenue_retention",
    "gross_revenue_retention",
    "strategic_alignment",
)

CSM_NAMES: tuple[str, ...] = (
    "Dana Whitfield",
    "Marcus Oyelaran",
    "Priya Raman",
    "Tomas Lindqvist",
    "Keiko Tanabe",
    "Rafael Quintero",
    "Amara Nwosu",
    "Jonas Becker",
    "Sofia Marchetti",
    "Liam O'Connell",
    "Hannah Schultz",
    "Diego Alvarez",
)
AE_NAMES: tuple[str, ...] = (
    "Grace Holloway",
    "Victor Almeida",
    "Nadia Petrova",
    "Owen Fitzgerald",
    "Mei Chen",
    "Samuel Adeyemi",
    "Clara Dubois",
    "Ethan Brooks",
)
#: Customer-success leadership: owners of programmes and portfolio-level decisions.
LEADER_NAMES: tuple[str, ...] = ("Rebecca Stone", "Arjun Mehta", "Helena Novak")

#: Pieces of generated company names: "<first> <second>" e.g. "Northwind Analytics".
NAME_FIRST: tuple[str, ...] = (
    "Northwind",
    "Bluefin",
    "Cedar",
    "Summit",
    "Ironbridge",
    "Lumen",
    "Harbor",
    "Quartz",
    "Redwood",
    "Silverline",
    "Atlas",
    "Brightpath",
    "Copperleaf",
    "Evergreen",
    "Falcon",
    "Granite",
    "Horizon",
    "Juniper",
    "Keystone",
    "Lakeshore",
    "Meridian",
    "Nimbus",
    "Orchid",
    "Pinnacle",
    "Riverstone",
    "Sable",
    "Tidewater",
    "Upland",
    "Vantage",
    "Willow",
    "Zenith",
    "Aurora",
    "Beacon",
    "Crescent",
    "Driftwood",
    "Emberly",
    "Foxglove",
    "Glacier",
    "Halcyon",
)
NAME_SECOND: tuple[str, ...] = (
    "Analytics",
    "Logistics",
    "Health",
    "Retail",
    "Manufacturing",
    "Systems",
    "Labs",
    "Partners",
    "Holdings",
    "Foods",
    "Dynamics",
    "Networks",
    "Capital",
    "Works",
    "Supply",
    "Care",
    "Industries",
    "Solutions",
    "Group",
    "Freight",
    "Clinics",
    "Outfitters",
    "Robotics",
)
NAME_SUFFIX: tuple[str, ...] = ("", "", "", " Inc", " Ltd", " GmbH", " LLC", " Co")
