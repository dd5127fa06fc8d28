"""spendrules: the rules finance and procurement agree on, as pure Python functions.

Four rule families share one set of conventions (Decimal money with explicit
rounding, dates as ``datetime.date``, results that explain themselves):

* [`spendrules.payment_terms`][spendrules.payment_terms]: due dates, discounts, and the economics of terms;
* [`spendrules.savings`][spendrules.savings]: hard savings, cost avoidance and what finance recognises;
* [`spendrules.inventory`][spendrules.inventory]: safety stock and the on-hand split;
* [`spendrules.budget`][spendrules.budget]: funds checks, approvals and split purchases.

Foundation: [`spendrules.money`][spendrules.money], [`spendrules.calendars`][spendrules.calendars],
[`spendrules.errors`][spendrules.errors], [`spendrules.results`][spendrules.results], [`spendrules.serialization`][spendrules.serialization].
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
