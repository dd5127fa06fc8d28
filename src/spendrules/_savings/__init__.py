"""Implementation of [`spendrules.savings`][spendrules.savings] (private; import from ``spendrules.savings``)."""
