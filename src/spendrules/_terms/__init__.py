"""Private implementation of [`spendrules.payment_terms`][spendrules.payment_terms] (import from the public module)."""

from __future__ import annotations

__all__: list[str] = []
