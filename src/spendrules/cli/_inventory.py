"""The ``spendrules stock`` subcommand and the inventory demo (private).

One SKU from flags, or many: JSON lines of [`StockItem`][spendrules.inventory.StockItem]
objects, or a CSV in the layout of ``frames.review_stock`` (see `INPUT_HELP`),
through the batch layer (``spendrules.cli._batch``) or, for CSV to CSV with the
frames extra, through ``frames.review_stock`` in chunks (``spendrules.cli._table``).

With ``--policy FILE`` every path passes the file's ``[inventory]`` section to the
rule (``review_stock(item, policy=section)``, ``frames.review_stock(...,
policy=section)``): each item's result is the library's under that policy, reasons
and citation included.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from spendrules._inventory.rows import (
    COLUMNS,
    DATES,
    DEMAND_FIELDS,
    FLAGS,
    ITEM_FIELDS,
    LEAD_FIELDS,
    NUMBERS,
    demand_of,
    item_of,
    lead_time_of,
    refused_input,
    safety_method,
)
from spendrules.cli._batch import BatchRule, add_batch_arguments, input_format, run_batch
from spendrules.cli._common import date_arg, decimal_arg, emit, sample_text
from spendrules.cli._table import (
    Layout,
    bool_text,
    column_list,
    money_text,
    number_text,
    places_of,
    policy_section,
    run_table,
    text_of,
    typed_values,
)
from spendrules.errors import InvalidInputError
from spendrules.inventory import (
    Demand,
    Distribution,
    LeadTime,
    Reserve,
    ReserveBasis,
    ReserveTable,
    StockItem,
    StockReview,
    TimeUnit,
    excess_and_obsolete_reserve,
    review_stock,
)
from spendrules.serialization import structure

if TYPE_CHECKING:
    from spendrules.policy import InventoryPolicy

__all__ = [
    "INPUT_COLUMNS",
    "INPUT_HELP",
    "OUTPUT_COLUMNS",
    "RESERVE_COLUMNS",
    "TITLE",
    "demo",
    "register",
]

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
    "item_class": None,
}
_REQUIRED = ("on_hand", "unit_cost", "currency", "demand_mean")
_UNITS = [unit.value for unit in TimeUnit]


_BUCKETS = ("committed", "obsolete", "safety", "cycle", "excess")
#: The CSV result columns (after ``line``, ``id``, ``ok``): ``frames.review_stock``'s output.
OUTPUT_COLUMNS: tuple[str, ...] = (
    "currency",
    "safety_stock",
    "safety_method",
    "z",
    "level",
    *_BUCKETS,
    *(f"{name}_value" for name in _BUCKETS),
    *(f"{name}_carrying_cost" for name in _BUCKETS),
    "shortage",
    "value",
    "carrying_cost",
    "excess_on_order",
    "excess_on_order_value",
    "months_of_supply",
    "slow_moving",
    "obsolete_cause",
)
#: With a ``--policy`` file whose ``[inventory]`` has a reserve table: these follow.
RESERVE_COLUMNS = ("reserve_rate", "obsolete_reserve", "table_reserve", "reserve")
_TAIL = ("rule", "reason")
_KINDS: dict[str, str] = {
    "currency": "text",
    "safety_method": "text",
    "obsolete_cause": "text",
    "rule": "text",
    "reason": "text",
    "slow_moving": "bool",
    "value": "money",
    "carrying_cost": "money",
    "obsolete_reserve": "money",
    "table_reserve": "money",
    "reserve": "money",
    "excess_on_order_value": "money",
    **{f"{name}_value": "money" for name in _BUCKETS},
    **{f"{name}_carrying_cost": "money" for name in _BUCKETS},
}
#: The CSV input columns: the ``frames.review_stock`` layout, with the item's class.
INPUT_COLUMNS: tuple[str, ...] = (*COLUMNS, "item_class")
_LAYOUT = Layout(INPUT_COLUMNS, NUMBERS, DATES, FLAGS)

#: What ``--help`` says about the formats.
INPUT_HELP = f"""\
formats:
  JSON lines: one StockItem per line (see `spendrules schema StockItem`).
  CSV: one SKU per row in the layout of frames.review_stock, the columns
{column_list(INPUT_COLUMNS)}
    Only on_hand, unit_cost, currency and demand_mean are required; an empty cell
    or a missing column takes the StockItem default. Numbers are plain decimals,
    dates YYYY-MM-DD, end_of_life true/false, item_class text (read under
    --policy). Other columns are refused (except the --id-column). Lots are not
    CSV columns: use JSON lines.
  CSV output columns:
{column_list(("line", "id", "ok", *OUTPUT_COLUMNS))},
{column_list(RESERVE_COLUMNS)} (with a policy reserve table),
{column_list((*_TAIL, "error_field", "error_constraint", "error_value", "error_message"))}
    Money is exact decimal text at the currency's minor units; quantities, z and
    rates are exact decimals. With the frames extra, CSV to CSV runs through
    frames.review_stock (the same output).
  --policy FILE: every item is reviewed as review_stock(item, policy=<the
    file's [inventory]>) does: the item's own values win; an item with no
    service target of its own (no safety_stock, service_level or fill_rate)
    takes the service level agreed for its item_class; an item whose holding
    rate is 0 (none given, an empty cell, a JSON null, or an explicit 0) takes
    the agreed carrying_rate, while an explicit non-zero --holding-rate or
    holding_rate wins. The reason column and the JSON reasons say what
    applied, and the JSON review cites the file (policy_reference). The reserve
    table (months of supply) adds the reserve columns (JSON: each result is then
    {{"review": ..., "reserve": ...}}).

"""


def register(commands: Any) -> None:
    """Add ``spendrules stock`` to the ``commands`` subparsers."""
    parser = commands.add_parser(
        "stock",
        help="safety stock and the on-hand split (committed/obsolete/safety/cycle/excess)",
        description=(
            "Compute the safety stock of one SKU given by flags, or of many SKUs (--input: JSON "
            "lines of StockItem objects or CSV rows), and split its on-hand stock into "
            "committed, obsolete, safety, cycle and excess, with value and carrying cost."
        ),
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
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help=(
            "agreed policy file: its [inventory] section (service levels by item class, "
            "carrying rate, reserve table) applies as review_stock(policy=) applies it (see below)"
        ),
    )
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    add_batch_arguments(parser, what="StockItem (JSON lines) or SKU row (CSV)")
    parser.epilog = INPUT_HELP + (parser.epilog or "")
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
    item.add_argument(
        "--holding-rate",
        type=decimal_arg,
        help=(
            "annual, e.g. 0.25 (default 0); under --policy a rate of 0 (given or not) takes "
            "the policy's carrying rate, a non-zero rate wins over it"
        ),
    )
    item.add_argument("--committed", type=decimal_arg, help="reserved units (0)")
    item.add_argument("--on-order", type=decimal_arg, help="open PO units (0)")
    item.add_argument("--last-consumption", type=date_arg, help="date of the last consumption")
    item.add_argument(
        "--end-of-life", action="store_true", default=None, help="the item is end of life"
    )
    item.add_argument(
        "--item-class",
        help="the item's class, e.g. A (under --policy: its agreed service level applies "
        "when the item gives no service target)",
    )
    parser.set_defaults(func=_run)


@attrs.frozen
class _Settings:
    """What the command applies to every item: the review's conventions and the policy's clauses."""

    as_of: date
    dead_after_days: int
    slow_moving_months: Decimal
    policy: InventoryPolicy | None = None
    reserve_table: ReserveTable | None = None


@attrs.frozen
class ReviewWithReserve:
    """A review and the reserve of its split (a ``--policy`` file with a reserve table)."""

    review: StockReview
    reserve: Reserve

    def explain(self) -> str:
        """The review's explanation, then the reserve's."""
        return self.review.explain() + "\n" + self.reserve.explain()


def _settings(args: argparse.Namespace) -> _Settings:
    settings = _Settings(args.as_of, args.dead_after_days, args.slow_moving_months)
    if args.policy is None:
        return settings
    section = policy_section(args.policy, "inventory")
    table = section.reserve
    if table is not None and table.basis is not ReserveBasis.MONTHS_OF_SUPPLY:
        raise InvalidInputError(
            f"--policy {args.policy}",
            table.basis.value,
            "an [inventory.reserve] table by months of supply (an age table needs each "
            "SKU's age profile)",
        )
    return attrs.evolve(settings, policy=section, reserve_table=table)


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
        item_class=flags["item_class"],
    )


def _convert(settings: _Settings) -> Any:
    under_policy = settings.policy is not None

    def convert(record: dict[str, Any], cells: bool) -> StockItem:  # noqa: FBT001 - BatchRule's
        if not cells:
            if under_policy and "holding_rate" in record and record["holding_rate"] is None:
                # a null rate is "none of its own" under a policy, as it always was here
                record = {k: v for k, v in record.items() if k != "holding_rate"}
            return structure(record, StockItem)
        return _item_of_row(typed_values(record, _LAYOUT))

    return convert


def _item_of_row(values: dict[str, Any]) -> StockItem:
    """The item of a CSV row, a refusal naming the row's column."""
    stage = DEMAND_FIELDS
    try:
        demand = demand_of(values)
        stage = LEAD_FIELDS
        lead = lead_time_of(values)
        stage = ITEM_FIELDS
        item = item_of(values, demand, lead, sku=values.get("sku") or "SKU")
        item_class = values.get("item_class")
        return item if item_class is None else attrs.evolve(item, item_class=item_class)
    except (InvalidInputError, TypeError) as exc:
        column, value, constraint, _code = refused_input(exc, stage, values.get)
        raise InvalidInputError(column, value, constraint) from None


def _compute(settings: _Settings, *, columns: bool = False) -> Any:
    """The review (and reserve) of an item; with ``columns``, a refusal names the CSV column."""
    table = settings.reserve_table

    def compute(item: StockItem) -> StockReview | ReviewWithReserve:
        try:
            review = review_stock(
                item,
                as_of=settings.as_of,
                dead_after_days=settings.dead_after_days,
                slow_moving_months=settings.slow_moving_months,
                policy=settings.policy,
            )
        except (InvalidInputError, TypeError) as exc:
            if not columns:
                raise
            column, value, constraint, _code = refused_input(
                exc, ITEM_FIELDS, lambda name: getattr(item, name, None)
            )
            raise InvalidInputError(column, value, constraint) from None
        if table is None:
            return review
        return ReviewWithReserve(review, excess_and_obsolete_reserve(review.split, table=table))

    return compute


def _columns(settings: _Settings) -> tuple[str, ...]:
    reserve = RESERVE_COLUMNS if settings.reserve_table is not None else ()
    return (*OUTPUT_COLUMNS, *reserve, *_TAIL)


def _cells(values: Sequence[Any], kinds: Sequence[str]) -> tuple[str, ...]:
    """One output row's text: ``values`` in the order of the columns, ``kinds`` theirs."""
    places = places_of(values[0])
    out = []
    for value, kind in zip(values, kinds, strict=True):
        if kind == "text":
            out.append(text_of(value))
        elif kind == "money":
            out.append(money_text(value, places))
        elif kind == "bool":
            out.append(bool_text(value))
        else:
            out.append(number_text(value))
    return tuple(out)


def _review_values(review: StockReview) -> list[Any]:
    split = review.split
    computed = review.safety_stock
    buckets = split.buckets
    cause = split.obsolete_cause
    return [
        split.currency,
        split.safety_target,
        safety_method(review),
        None if computed is None else computed.z,
        None if computed is None else computed.level,
        *(bucket.quantity for bucket in buckets),
        *(bucket.value for bucket in buckets),
        *(bucket.annual_carrying_cost for bucket in buckets),
        split.shortage,
        split.value,
        split.annual_carrying_cost,
        split.excess_on_order,
        split.excess_on_order_value,
        split.months_of_supply,
        split.slow_moving,
        None if cause is None else cause.value,
    ]


def _row(columns: tuple[str, ...]) -> Any:
    kinds = tuple(_KINDS.get(name, "number") for name in columns)

    def row(result: StockReview | ReviewWithReserve) -> tuple[str, ...]:
        if isinstance(result, ReviewWithReserve):
            review, reserve = result.review, result.reserve
            extra = [reserve.table_rate, reserve.obsolete_reserve, reserve.table_reserve]
            extra.append(reserve.total)
        else:
            review, extra = result, []
        primary = review.primary_reason()
        code = None if primary is None else primary.code
        return _cells([*_review_values(review), *extra, review.rule, code], kinds)

    return row


def _frames_call(settings: _Settings, columns: tuple[str, ...]) -> Any:
    kinds = tuple(_KINDS.get(name, "number") for name in columns)

    def call(frame: Any, nw: Any) -> list[tuple[str, ...]] | None:
        from spendrules import frames  # noqa: PLC0415 - the optional extra

        if settings.policy is None and "item_class" in frame.columns:
            # read only under a policy, yet the item refuses a blank class: the scalar path says so
            classes = frame.get_column("item_class").unique().to_list()
            if any(isinstance(name, str) and not name.strip() for name in classes):
                return None
        out = frames.review_stock(
            nw.to_native(frame),
            as_of=settings.as_of,
            dead_after_days=settings.dead_after_days,
            slow_moving_months=settings.slow_moving_months,
            reserve_table=settings.reserve_table,
            policy=settings.policy,
            errors="collect",
        )
        result = nw.from_native(out, eager_only=True)
        if result.get_column("error_code").null_count() != len(result):
            return None
        lists = [result.get_column(name).to_list() for name in columns]
        return [_cells(values, kinds) for values in zip(*lists, strict=True)]

    return call


def _run(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.input is None:
        emit(_compute(settings)(_item_from_flags(args)), as_json=args.json)
        return 0
    given = [name for name in _ITEM_DEFAULTS if getattr(args, name) is not None]
    if given:
        flag = "--" + given[0].replace("_", "-")
        raise InvalidInputError(flag, getattr(args, given[0]), "omitted with --input")
    columns = _columns(settings)
    rule = BatchRule(
        convert=_convert(settings),
        compute=_compute(settings, columns=input_format(args) == "csv"),
        row=_row(columns),
        columns=columns,
        fields=frozenset(INPUT_COLUMNS) | frozenset(attrs.fields_dict(StockItem)),
    )
    status = run_table(args, rule, _LAYOUT, _frames_call(settings, columns))
    return run_batch(args, rule) if status is None else status


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
