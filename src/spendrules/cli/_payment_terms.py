"""``spendrules terms``: the payment schedule of one invoice, explained (private).

Example::

    spendrules terms "2/10 net 30" --invoice-date 2026-03-15 --amount 1000.00 --currency USD

prints the schedule with the derivation of every date and amount; ``--json``
prints it as JSON (the [`PaymentSchedule`][spendrules.payment_terms.PaymentSchedule]
fields). ``--roll following`` rolls dates off Saturdays and Sundays;
``--on DATE`` adds what settles the invoice on that date (in JSON the output
becomes ``{"schedule": ..., "on_date": ..., "amount_payable": ...}``). Terms
that cannot be read exit with status 2 and the parse error (its position and
what was expected).
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal
from typing import Any

from spendrules.calendars import Roll, WeekendCalendar
from spendrules.cli._common import date_arg, decimal_arg, emit, sample_text
from spendrules.payment_terms import Dialect, PaymentSchedule, parse_terms, schedule
from spendrules.serialization import structure, unstructure

__all__ = ["TITLE", "demo", "register"]

TITLE = "Payment terms"


def register(commands: Any) -> None:
    """Add the ``terms`` subcommand to an argparse subparsers object."""
    parser = commands.add_parser(
        "terms",
        help="the payment schedule of one invoice under a payment term",
        description="Turn payment terms such as '2/10 net 30' into due dates and amounts, explained.",
    )
    parser.add_argument(
        "terms", help="the terms, e.g. '2/10 net 30' or '30%% advance, 70%% net 30'"
    )
    parser.add_argument("--invoice-date", type=date_arg, required=True, help="YYYY-MM-DD")
    parser.add_argument("--amount", type=decimal_arg, required=True, help="invoice total incl. tax")
    parser.add_argument("--currency", required=True, help="ISO 4217 code, e.g. USD")
    parser.add_argument(
        "--tax-amount", type=decimal_arg, default=None, help="tax included in the amount"
    )
    parser.add_argument(
        "--baseline-date",
        type=date_arg,
        default=None,
        help="date the terms count from (default: invoice date)",
    )
    parser.add_argument(
        "--dialect",
        choices=[d.value for d in Dialect],
        default=Dialect.US.value,
        help="default: us",
    )
    parser.add_argument(
        "--roll",
        choices=[r.value for r in Roll],
        default=Roll.UNADJUSTED.value,
        help="business-day convention (Saturday/Sunday weekend), default unadjusted",
    )
    parser.add_argument("--grace-days", type=int, default=0, help="days added to net due dates")
    parser.add_argument(
        "--on",
        dest="on_date",
        type=date_arg,
        default=None,
        help="also show the amount payable on this date",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=_run)


def _schedule(args: argparse.Namespace) -> PaymentSchedule:
    convention = Roll(args.roll)
    return schedule(
        parse_terms(args.terms, dialect=args.dialect),
        invoice_date=args.invoice_date,
        amount=args.amount,
        currency=args.currency,
        tax_amount=0 if args.tax_amount is None else args.tax_amount,
        baseline_date=args.baseline_date,
        calendar=None if convention is Roll.UNADJUSTED else WeekendCalendar(),
        roll=convention,
        grace_days=args.grace_days,
    )


def _run(args: argparse.Namespace) -> int:
    plan = _schedule(args)
    if args.on_date is None:
        emit(plan, as_json=args.json)
        return 0
    payable = plan.amount_payable(args.on_date)
    if args.json:
        data = {
            "schedule": unstructure(plan),
            "on_date": args.on_date.isoformat(),
            "amount_payable": str(payable),
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(plan.explain())
        print(f"Amount payable on {args.on_date}: {payable} {plan.currency}")
    return 0


def _sample_schedules() -> list[tuple[PaymentSchedule, Any]]:
    data = json.loads(sample_text("terms_sample.json"))
    out = []
    for invoice in data["invoices"]:
        convention = Roll(invoice.get("roll", "unadjusted"))
        plan = schedule(
            parse_terms(invoice["terms"]),
            invoice_date=structure(invoice["invoice_date"], date),
            amount=structure(invoice["amount"], Decimal),
            currency=invoice["currency"],
            tax_amount=structure(invoice.get("tax_amount", "0"), Decimal),
            calendar=None if convention is Roll.UNADJUSTED else WeekendCalendar(),
            roll=convention,
        )
        pay_on = invoice.get("pay_on")
        out.append((plan, None if pay_on is None else structure(pay_on, date)))
    return out


def demo() -> str:
    """Return explained schedules of the bundled sample invoices."""
    blocks = []
    for plan, pay_on in _sample_schedules():
        text = plan.explain()
        if pay_on is not None:
            text += f"\nAmount payable on {pay_on}: {plan.amount_payable(pay_on)} {plan.currency}"
        blocks.append(text)
    return "\n\n".join(blocks)
