"""The ``spendrules savings`` subcommand and the savings demo (private)."""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from typing import Any

from spendrules.cli._common import date_arg, decimal_arg, emit, read_input, sample_text
from spendrules.errors import InvalidInputError, JSONInputError
from spendrules.savings import (
    PRESETS,
    BaselineMethod,
    DemandChange,
    FinanceSignOff,
    MarketIndex,
    SavingsClassification,
    SavingsEvent,
    SavingsPolicy,
    SummaryBy,
    SupplierProposal,
    classify_savings,
    summarise_savings,
)
from spendrules.serialization import from_json, structure, to_json

__all__ = ["TITLE", "demo", "register"]

#: Section title in ``spendrules demo``.
TITLE = "Savings"

#: Flags that describe a single event; they cannot be combined with ``--events``.
_EVENT_FLAGS = (
    "baseline_price",
    "new_price",
    "quantity",
    "effective_date",
    "currency",
    "baseline_date",
    "baseline_quantity",
    "proposal_price",
    "index_base",
    "index_current",
    "signed_off_by",
    "signed_on",
)

#: A baseline date is required, never assumed: defaulting it would make every baseline fresh.
_REQUIRED = (
    "currency",
    "baseline_price",
    "new_price",
    "quantity",
    "effective_date",
    "baseline_date",
)


def register(commands: Any) -> None:
    """Add ``spendrules savings`` to the ``commands`` subparsers."""
    parser = commands.add_parser(
        "savings",
        help="classify savings events: finance view, procurement view, recognition",
        description=(
            "Classify one event given by flags, or JSON lines of SavingsEvent objects "
            "(--events PATH or -), into hard savings, cost avoidance and the other "
            "components, under a policy preset."
        ),
    )
    parser.add_argument(
        "--events",
        metavar="PATH",
        help="JSON lines, one SavingsEvent per line ('-' reads standard input)",
    )
    parser.add_argument("--policy", choices=PRESETS, default="default", help="policy preset")
    parser.add_argument(
        "--as-of",
        type=date_arg,
        help="classification date YYYY-MM-DD (default: each event's effective date)",
    )
    parser.add_argument(
        "--summary-by",
        choices=[b.value for b in SummaryBy if b is not SummaryBy.PERIOD],
        help="with --events: print a portfolio summary grouped this way after the events",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    event = parser.add_argument_group("single event")
    event.add_argument("--item", default="item", help="item identifier (default 'item')")
    event.add_argument("--currency", help="ISO 4217 code, e.g. USD")
    event.add_argument("--baseline-price", type=decimal_arg, help="baseline unit price")
    event.add_argument(
        "--baseline-method",
        choices=[m.value for m in BaselineMethod],
        default=BaselineMethod.LAST_PRICE_PAID.value,
        help="how the baseline was set (default last_price_paid)",
    )
    event.add_argument(
        "--baseline-date",
        type=date_arg,
        help="date the baseline price was paid or set (required: it decides staleness)",
    )
    event.add_argument("--baseline-evidence", default="", help="reference for the baseline")
    event.add_argument("--new-price", type=decimal_arg, help="new unit price P1")
    event.add_argument("--effective-date", type=date_arg, help="first day of the new price")
    event.add_argument("--quantity", type=decimal_arg, help="forecast units, first 12 months")
    event.add_argument("--baseline-quantity", type=decimal_arg, help="units in the prior 12 months")
    event.add_argument(
        "--demand-change",
        choices=[d.value for d in DemandChange],
        default=DemandChange.NONE.value,
        help="why the quantity changed (default none)",
    )
    event.add_argument("--proposal-price", type=decimal_arg, help="supplier's written proposal")
    event.add_argument("--proposal-evidence", default="", help="reference for the proposal")
    event.add_argument("--index-base", type=decimal_arg, help="market index at the baseline")
    event.add_argument("--index-current", type=decimal_arg, help="market index now")
    event.add_argument(
        "--index-share", type=decimal_arg, default=Decimal(1), help="indexed share (default 1)"
    )
    event.add_argument("--index-evidence", default="", help="reference for the index values")
    event.add_argument(
        "--implementation-cost", type=decimal_arg, default=Decimal(0), help="one-off cost"
    )
    event.add_argument(
        "--different-spec", action="store_true", help="the item is not the baseline's spec"
    )
    event.add_argument("--signed-off-by", help="finance approver")
    event.add_argument("--signed-on", type=date_arg, help="sign-off date")
    parser.set_defaults(func=_run)


def _event_from_flags(args: argparse.Namespace) -> SavingsEvent:
    for name in _REQUIRED:
        if getattr(args, name) is None:
            flag = "--" + name.replace("_", "-")
            raise InvalidInputError(flag, None, "given for a single event (or use --events)")
    proposal = None
    if args.proposal_price is not None:
        proposal = SupplierProposal(price=args.proposal_price, evidence=args.proposal_evidence)
    index = None
    if args.index_base is not None or args.index_current is not None:
        if args.index_base is None or args.index_current is None:
            raise InvalidInputError(
                "--index-base/--index-current",
                (args.index_base, args.index_current),
                "given together",
            )
        index = MarketIndex(
            base=args.index_base,
            current=args.index_current,
            indexed_share=args.index_share,
            evidence=args.index_evidence,
        )
    signoff = None
    if (args.signed_off_by is None) != (args.signed_on is None):
        if args.signed_on is None:
            raise InvalidInputError("--signed-on", None, "given with --signed-off-by")
        raise InvalidInputError("--signed-off-by", None, "given with --signed-on")
    if args.signed_off_by is not None:
        signoff = FinanceSignOff(approver=args.signed_off_by, signed_on=args.signed_on)
    return SavingsEvent(
        item=args.item,
        currency=args.currency,
        baseline_price=args.baseline_price,
        baseline_method=BaselineMethod(args.baseline_method),
        baseline_date=args.baseline_date,
        baseline_evidence=args.baseline_evidence,
        new_price=args.new_price,
        effective_date=args.effective_date,
        forecast_quantity=args.quantity,
        baseline_quantity=args.baseline_quantity,
        demand_change=DemandChange(args.demand_change),
        proposal=proposal,
        market_index=index,
        implementation_cost=args.implementation_cost,
        same_spec=not args.different_spec,
        finance_signoff=signoff,
    )


def _events_from_lines(text: str) -> list[SavingsEvent]:
    events = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            events.append(from_json(line, SavingsEvent))
        except JSONInputError as exc:
            raise JSONInputError(
                f"SavingsEvent on line {number}", exc.problems, exc.errors
            ) from None
    return events


def _classify(event: SavingsEvent, policy: SavingsPolicy, as_of: date | None) -> Any:
    return classify_savings(event, policy=policy, as_of=as_of or event.effective_date)


def _run(args: argparse.Namespace) -> int:
    policy = SavingsPolicy.preset(args.policy)
    if args.events is None:
        if args.summary_by is not None:
            raise InvalidInputError("--summary-by", args.summary_by, "used with --events")
        emit(_classify(_event_from_flags(args), policy, args.as_of), as_json=args.json)
        return 0
    clashing = [name for name in _EVENT_FLAGS if getattr(args, name) is not None]
    if clashing:
        flag = "--" + clashing[0].replace("_", "-")
        raise InvalidInputError(flag, getattr(args, clashing[0]), "left out when --events is used")
    results = [
        _classify(e, policy, args.as_of) for e in _events_from_lines(read_input(args.events))
    ]
    for index, result in enumerate(results):
        if args.json:
            print(to_json(result))
        else:
            if index:
                print()
            print(result.explain())
    if args.summary_by is not None:
        summary = summarise_savings(results, by=SummaryBy(args.summary_by))
        if args.json:
            print(to_json(summary))
        else:
            print()
            print(summary.explain())
    return 0


def _side_by_side(event: SavingsEvent, as_of: date) -> list[str]:
    rows = [
        f"  {'policy':<18} {'primary':<15} {'finance':>9} {'procurement':>12} "
        f"{'recognised':>11}  status"
    ]
    for name in PRESETS:
        r: SavingsClassification = classify_savings(
            event, policy=SavingsPolicy.preset(name), as_of=as_of
        )
        rows.append(
            f"  {name:<18} {r.primary.value:<15} {r.finance_view!s:>9} {r.procurement_view:>12} "
            f"{r.finance_recognised:>11}  {r.status.value}"
        )
    return rows


def demo() -> str:
    """Classify the bundled motivating cases and show them under every preset."""
    data = json.loads(sample_text("savings_sample.json"), parse_float=Decimal)
    as_of = structure(data["as_of"], date)
    lines: list[str] = []
    titles = (
        "1,000 units last paid at 10.00, renegotiated to 9.50",
        "a supplier asks for +8 % in writing and settles at +3 %",
    )
    for title, raw in zip(titles, data["events"], strict=True):
        event = structure(raw, SavingsEvent)
        if lines:
            lines.append("")
        lines.append(f"-- {title} --")
        lines.append(classify_savings(event, as_of=as_of).explain())
        lines.append("Under each preset:")
        lines.extend(_side_by_side(event, as_of))
    return "\n".join(lines)
