"""``python -m spendrules``: the same as the ``spendrules`` command."""

from __future__ import annotations

from spendrules.cli import main

raise SystemExit(main())
