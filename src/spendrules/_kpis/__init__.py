"""Implementation of `spendrules.kpis` (private; import from ``spendrules.kpis``)."""
