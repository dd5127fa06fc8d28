"""The ``spendrules stock`` subcommand and the inventory demo (private)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from typing import Any

from spendrules.cli._common import date_arg, decimal_arg, emit, load_json, read_input, sample_text
from spendrules.errors import InvalidInputError, JSONInputError
from spendrules.inventory import (
    Demand,
    Distribution,
    LeadTime,
    StockItem,
    StockReview,
    TimeUnit,
    review_stock,
)
from spendrules.serialization import structure, to_json

__all__ = ["TITLE", "demo", "register"]

#: Section title in ``spendrules demo``.
TITLE = "Inventory"

#: Flags that describe a single SKU, with their defaults. Every one of them is
#: refused with ``--input`` (a flag silently ignored would change no answer the
#: user can see), so argparse leaves them ``None`` and the defaults apply here.
_ITEM_DEFAULTS: dict[str, Any] = {
    "sku": "SKU",
    "on_hand": None,
    "unit_cost": None,
    "currency": None,
    "demand_mean": None,
    "demand_sd": Decimal(0),
    "period": "day",
    "distribution": Distribution.NORMAL.value,
    "lead_time": Decimal(0),
    "lead_time_sd": Decimal(0),
    "lead_time_period": None,
    "service_level": None,
    "fill_rate": None,
    "safety_stock": None,
    "order_quantity": Decimal(0),
    "order_multiple": None,
    "minimum_order": Decimal(0),
    "review_period": Decimal(0),
    "holding_rate": Decimal(0),
    "committed": Decimal(0),
    "on_order": Decimal(0),
    "last_consumption": None,
    "end_of_life": None,
}
_REQUIRED = ("on_hand", "unit_cost", "currency", "demand_mean")
_UNITS = [unit.value for unit in TimeUnit]


def register(commands: Any) -> None:
    """Add ``spendrules stock`` to the ``commands`` subparsers."""
    parser = commands.add_parser(
        "stock",
        help="safety stock and the on-hand split (committed/obsolete/safety/cycle/excess)",
        description=(
            "Compute the safety stock of one SKU given by flags, or of JSON lines of StockItem "
            "objects (--input PATH or -), and split its on-hand stock into committed, obsolete, "
            "safety, cycle and excess, with value and carrying cost."
        ),
    )
    parser.add_argument(
        "--input", metavar="PATH", help="JSON lines, one StockItem per line ('-' reads stdin)"
    )
    parser.add_argument("--as-of", type=date_arg, required=True, help="review date YYYY-MM-DD")
    parser.add_argument(
        "--dead-after-days", type=int, default=365, help="days without consumption → obsolete"
    )
    parser.add_argument(
        "--slow-moving-months",
        type=decimal_arg,
        default=Decimal(12),
        help="months of supply above which stock is slow-moving (default 12)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    item = parser.add_argument_group("single SKU")
    item.add_argument("--sku", help="identifier (default 'SKU')")
    item.add_argument("--on-hand", type=decimal_arg, help="usable on-hand units")
    item.add_argument("--unit-cost", type=decimal_arg, help="cost per unit")
    item.add_argument("--currency", help="ISO 4217 code, e.g. USD")
    item.add_argument("--demand-mean", type=decimal_arg, help="mean demand per period")
    item.add_argument("--demand-sd", type=decimal_arg, help="sd per period (0)")
    item.add_argument("--period", choices=_UNITS, help="demand period (day)")
    item.add_argument(
        "--distribution",
        choices=[d.value for d in Distribution],
        help="demand distribution (normal)",
    )
    item.add_argument("--lead-time", type=decimal_arg, help="mean lead time (0)")
    item.add_argument("--lead-time-sd", type=decimal_arg, help="lead time sd (0)")
    item.add_argument(
        "--lead-time-period", choices=_UNITS, help="lead time unit (default: --period)"
    )
    item.add_argument("--service-level", type=decimal_arg, help="cycle service level, e.g. 0.95")
    item.add_argument("--fill-rate", type=decimal_arg, help="fill rate, e.g. 0.99")
    item.add_argument("--safety-stock", type=decimal_arg, help="agreed safety stock (overrides)")
    item.add_argument("--order-quantity", type=decimal_arg, help="lot size (0)")
    item.add_argument("--order-multiple", type=decimal_arg, help="supplier's order multiple")
    item.add_argument("--minimum-order", type=decimal_arg, help="supplier's minimum order (0)")
    item.add_argument("--review-period", type=decimal_arg, help="in lead time units (0)")
    item.add_argument("--holding-rate", type=decimal_arg, help="annual, e.g. 0.25 (0)")
    item.add_argument("--committed", type=decimal_arg, help="reserved units (0)")
    item.add_argument("--on-order", type=decimal_arg, help="open PO units (0)")
    item.add_argument("--last-consumption", type=date_arg, help="date of the last consumption")
    item.add_argument(
        "--end-of-life", action="store_true", default=None, help="the item is end of life"
    )
    parser.set_defaults(func=_run)


def _item_from_flags(args: argparse.Namespace) -> StockItem:
    for name in _REQUIRED:
        if getattr(args, name) is None:
            flag = "--" + name.replace("_", "-")
            raise InvalidInputError(flag, None, "given for a single SKU (or use --input)")
    flags = {
        name: default if getattr(args, name) is None else getattr(args, name)
        for name, default in _ITEM_DEFAULTS.items()
    }
    return StockItem(
        sku=flags["sku"],
        on_hand=flags["on_hand"],
        unit_cost=flags["unit_cost"],
        currency=flags["currency"],
        demand=Demand(
            flags["demand_mean"],
            flags["demand_sd"],
            TimeUnit(flags["period"]),
            distribution=Distribution(flags["distribution"]),
        ),
        lead_time=LeadTime(
            flags["lead_time"],
            flags["lead_time_sd"],
            TimeUnit(flags["lead_time_period"] or flags["period"]),
        ),
        service_level=flags["service_level"],
        fill_rate=flags["fill_rate"],
        safety_stock=flags["safety_stock"],
        order_quantity=flags["order_quantity"],
        order_multiple=flags["order_multiple"],
        minimum_order=flags["minimum_order"],
        review_period=flags["review_period"],
        holding_rate=flags["holding_rate"],
        committed=flags["committed"],
        on_order=flags["on_order"],
        last_consumption=flags["last_consumption"],
        end_of_life=bool(flags["end_of_life"]),
    )


def _items_from_lines(text: str) -> list[StockItem]:
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        data = load_json(line, f"line {number}")
        try:
            items.append(structure(data, StockItem))
        except JSONInputError as exc:
            raise JSONInputError(f"StockItem on line {number}", exc.problems, exc.errors) from None
    return items


def _review(item: StockItem, args: argparse.Namespace) -> StockReview:
    return review_stock(
        item,
        as_of=args.as_of,
        dead_after_days=args.dead_after_days,
        slow_moving_months=args.slow_moving_months,
    )


def _run(args: argparse.Namespace) -> int:
    if args.input is None:
        emit(_review(_item_from_flags(args), args), as_json=args.json)
        return 0
    given = [name for name in _ITEM_DEFAULTS if getattr(args, name) is not None]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise InvalidInputError(flag, getattr(args, given[0]), "omitted with --input")
    reviews = [_review(item, args) for item in _items_from_lines(read_input(args.input))]
    if args.json:
        for review in reviews:
            print(to_json(review))
    else:
        print("\n\n".join(review.explain() for review in reviews))
    return 0


def demo() -> str:
    """Return the explained on-hand split of the first bundled sample SKU, and a summary."""
    data = json.loads(sample_text("inventory_sample.json"), parse_float=Decimal)
    as_of = date.fromisoformat(data["as_of"])
    reviews = [review_stock(structure(raw, StockItem), as_of=as_of) for raw in data["items"]]
    lines = [reviews[0].explain(), "", f"All sample SKUs as of {as_of}:"]
    for review in reviews:
        split = review.split
        lines.append(
            f"  {review.sku}: safety {split.safety.quantity}, cycle {split.cycle.quantity}, "
            f"excess {split.excess.quantity} ({split.excess.value} {split.currency}), "
            f"obsolete {split.obsolete.quantity} ({split.obsolete.value} {split.currency})"
        )
    return "\n".join(lines)
