"""Private implementation of :mod:`spendrules.inventory` (import from the public module)."""

from __future__ import annotations

__all__: list[str] = []
