"""Private implementation of [`spendrules.budget`][spendrules.budget]."""
