"""Bulk rules over DataFrames: the scalar rules, row by row, at columnar speed.

Every function takes a pandas, polars or pyarrow DataFrame and returns the same
kind. The scalar rule is the specification: each output row equals what the
scalar function returns for its input row (same dates, the same amounts to the
minor unit, the same decision, rule id and primary reason code). See the guide
"Notebooks, dataframes and Spark" for the conventions: date and money columns,
float money, bad rows, Spark and Dask.

Needs the optional extra ``frames`` (numpy and narwhals):
``pip install "spendrules[frames]"``.
"""

from __future__ import annotations

try:
    import narwhals  # noqa: F401 - checked here so the error names the extra
    import numpy  # noqa: F401 - idem
except ImportError:  # pragma: no cover - exercised by a subprocess test without the extra
    from spendrules.errors import MissingExtraError

    raise MissingExtraError("frames", "spendrules.frames") from None

from spendrules.frames._budget import budget_request, check_budget, what_if
from spendrules.frames._inventory import reorder_point, review_stock, safety_stock
from spendrules.frames._keyed import (
    forgone_discount_rate,
    should_take_discount,
    term_change_impact,
)
from spendrules.frames._kpis import (
    discount_capture_rate,
    maverick_spend_share,
    on_time_payment_rate,
    po_compliance,
)
from spendrules.frames._kpis_outputs import (
    cost_avoidance_share,
    excess_obsolete_share,
    net_savings,
    reserve_coverage,
    savings_rate,
)
from spendrules.frames._kpis_rows import (
    blocked_request_share,
    late_payment_interest_paid,
    overridden_request_share,
    preferred_supplier_share,
    service_level,
    spend_under_management,
)
from spendrules.frames._savings import classify_savings
from spendrules.frames._savings_spark import explain, partition_function, spark_schema
from spendrules.frames._schedule import amount_payable, schedule

__all__ = [  # noqa: RUF022 - grouped by question, as the other public modules
    # payment schedules
    "amount_payable",
    "schedule",
    # discount decisions and term changes
    "forgone_discount_rate",
    "should_take_discount",
    "term_change_impact",
    # inventory reviews of a SKU table
    "reorder_point",
    "review_stock",
    "safety_stock",
    # savings events
    "classify_savings",
    # budget checks against a budget book
    "budget_request",
    "check_budget",
    "what_if",
    # shared KPIs over rows of invoices and spend (spendrules.kpis)
    "discount_capture_rate",
    "maverick_spend_share",
    "on_time_payment_rate",
    "po_compliance",
    "late_payment_interest_paid",
    "preferred_supplier_share",
    "spend_under_management",
    # shared KPIs over the outputs of classify_savings, review_stock and check_budget
    "cost_avoidance_share",
    "net_savings",
    "savings_rate",
    "excess_obsolete_share",
    "reserve_coverage",
    "service_level",
    "blocked_request_share",
    "overridden_request_share",
    # explanations on demand, Spark and Dask
    "explain",
    "partition_function",
    "spark_schema",
]
