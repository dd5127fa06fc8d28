"""Implementation of :mod:`spendrules.savings` (private; import from ``spendrules.savings``)."""
