"""spendrules: the rules finance and procurement agree on, as pure Python functions.

Four rule families share one set of conventions (Decimal money with explicit
rounding, dates as ``datetime.date``, results that explain themselves):

* :mod:`spendrules.payment_terms`: due dates, discounts, and the economics of terms;
* :mod:`spendrules.savings`: hard savings, cost avoidance and what finance recognises;
* :mod:`spendrules.inventory`: safety stock and the on-hand split;
* :mod:`spendrules.budget`: funds checks, approvals and split purchases.

Foundation: :mod:`spendrules.money`, :mod:`spendrules.calendars`,
:mod:`spendrules.errors`, :mod:`spendrules.results`, :mod:`spendrules.serialization`.
"""

from __future__ import annotations

__all__ = ["__version__"]

__version__ = "0.1.0"
