"""``spendrules budget-check``: a funds check from JSON, explained (private).

Input: one JSON object, from a file path or ``-`` for standard input::

    {
      "as_of": "2026-06-15",
      "calendar": {"start_month": 4, "start_day": 1},      # optional, default 1 January
      "policy": {...},                                     # optional ControlPolicy, default ControlPolicy()
      "budgets": [{...}, ...],
      "ledger": [{...}, ...],                              # optional
      "hierarchies": [...], "rates": [...], "roles": [...],  # optional
      "rounding": "ROUND_HALF_UP",                         # optional, for amounts converted at a budget rate
      "request": {...}
    }

Every object has the fields of the spendrules class of the same name
(``Budget``, ``LedgerEntry``, ``SpendRequest``, ``ControlPolicy``...), amounts
as strings; unknown keys are rejected with their path. ``--headroom`` adds the
largest amount the first line could carry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
from typing import Any

from spendrules._budget.approvals_demo import approvals_demo
from spendrules.budget import (
    Budget,
    BudgetRate,
    ControlPolicy,
    FiscalCalendar,
    Hierarchy,
    LedgerEntry,
    SpendRequest,
    check_budget,
    headroom,
)
from spendrules.cli._common import emit, load_json, read_input, sample_text
from spendrules.errors import InvalidInputError
from spendrules.serialization import structure, to_json

__all__ = ["DEMO_KEYS", "TITLE", "demo", "load_check_input", "register"]

TITLE = "Budget checks and approvals"

#: The top-level keys ``budget-check`` reads.
DEMO_KEYS = frozenset(
    {
        "as_of",
        "calendar",
        "policy",
        "budgets",
        "ledger",
        "hierarchies",
        "rates",
        "roles",
        "rounding",
        "request",
    }
)


def load_check_input(data: Any, *, strict: bool = True) -> dict[str, Any]:
    """Structure the keyword arguments of `check_budget` from parsed JSON ``data``.

    Args:
        data: The parsed JSON object.
        strict: Reject top-level keys other than `DEMO_KEYS` (the bundled
            sample carries more keys for the approvals demo, so it reads with False).

    Returns:
        ``request`` plus the keyword arguments, ready for ``check_budget(**kwargs)``.

    Raises:
        InvalidInputError: not an object, a missing key, or an unknown key.
        JSONInputError: a value that does not fit its type (with its path).
    """
    if not isinstance(data, dict):
        raise InvalidInputError("input", type(data).__name__, "a JSON object")
    if strict:
        extra = sorted(set(data) - DEMO_KEYS)
        if extra:
            raise InvalidInputError(
                "input", extra, f"free of unknown keys (known: {sorted(DEMO_KEYS)})"
            )
    for key in ("as_of", "budgets", "request"):
        if key not in data:
            raise InvalidInputError(f"input.{key}", None, "present (a required key)")
    return {
        "request": structure(data["request"], SpendRequest),
        "budgets": structure(data["budgets"], tuple[Budget, ...]),
        "ledger": structure(data.get("ledger", []), tuple[LedgerEntry, ...]),
        "policy": structure(data.get("policy", {}), ControlPolicy),
        "as_of": structure(data["as_of"], dt.date),
        "calendar": structure(data.get("calendar", {}), FiscalCalendar),
        "hierarchies": structure(data.get("hierarchies", []), tuple[Hierarchy, ...]),
        "rates": structure(data.get("rates", []), tuple[BudgetRate, ...]),
        "roles": structure(data.get("roles", []), tuple[str, ...]),
        "rounding": structure(data.get("rounding", decimal.ROUND_HALF_UP), str),
    }


def _run_check(args: argparse.Namespace) -> int:
    kwargs = load_check_input(load_json(read_input(args.input), "input"))
    request = kwargs.pop("request")
    result = check_budget(request, **kwargs)
    if not args.headroom:
        emit(result, as_json=args.json)
        return 0
    room = headroom(request, **kwargs)
    if args.json:
        print(to_json({"check": result, "headroom": room}, indent=2))
    else:
        print(result.explain())
        print()
        print(room.explain())
    return 0


def register(commands: Any) -> None:
    """Add ``budget-check`` to the ``spendrules`` subcommands."""
    parser = commands.add_parser(
        "budget-check",
        help="check a spend request against budgets (JSON in, explained decision out)",
        description="Check a spend request against budgets: JSON with as_of, budgets, ledger, "
        "policy and request in; the decision with its arithmetic out.",
    )
    parser.add_argument("input", help="JSON file, or - for standard input")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--headroom",
        action="store_true",
        help="also print the largest amount the first line could carry",
    )
    parser.set_defaults(func=_run_check)


def demo() -> str:
    """Return the explained check of the bundled sample request, then its approval route."""
    kwargs = load_check_input(
        load_json(sample_text("budget_sample.json"), "budget_sample.json"), strict=False
    )
    request = kwargs.pop("request")
    checked = check_budget(request, **kwargs)
    room = headroom(request, **kwargs)
    return "\n".join(
        [
            "Funds check of the sample purchase order:",
            checked.explain(),
            "",
            room.explain(),
            "",
            approvals_demo(request, kwargs),
        ]
    )
