"""Private implementation of :mod:`spendrules.payment_terms` (import from the public module)."""

from __future__ import annotations

__all__: list[str] = []
