"""Private implementation of :mod:`spendrules.budget`."""
