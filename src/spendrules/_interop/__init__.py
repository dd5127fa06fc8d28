"""Private implementation of [`spendrules.interop`][spendrules.interop], one module per source (import from the public module)."""

from __future__ import annotations

__all__: list[str] = []
