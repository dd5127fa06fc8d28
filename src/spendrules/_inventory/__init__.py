"""Private implementation of [`spendrules.inventory`][spendrules.inventory] (import from the public module)."""

from __future__ import annotations

__all__: list[str] = []
