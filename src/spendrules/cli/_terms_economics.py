"""``spendrules terms-cost`` and ``spendrules terms-impact``: the economics of payment terms (private).

Examples::

    spendrules terms-cost "2/10 net 30"
    spendrules terms-cost "3/10, 2/30, net 60" --cost-of-capital 0.08
    spendrules terms-impact --spend 10000000 --from "net 30" --to "net 90" \\
        --cost-of-capital 0.08 --supplier-cost-of-capital 0.12 --currency USD

``terms-cost`` prints, for every discount tier, the annualised cost of skipping
it (simple and effective); with ``--cost-of-capital`` it adds the take-or-skip
decision of each installment that offers a discount. ``terms-impact`` prints the
[`TermChangeImpact`][spendrules.payment_terms.TermChangeImpact] of a change of terms.
``--json`` prints machine-readable output: for ``terms-cost`` an object
``{"terms", "day_basis", "tiers": [...], "decisions": [...]}``, for
``terms-impact`` the ``TermChangeImpact`` fields.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from typing import Any

from spendrules._terms.conventions import (
    Compounding,
    _pct,
)
from spendrules._terms.discount_decision import (
    DiscountConvention,
    DiscountDecision,
    forgone_discount_rate,
    should_take_discount,
)
from spendrules._terms.term_change import (
    SpendConvention,
    term_change_impact,
)
from spendrules.cli._common import decimal_arg, emit, load_json, sample_text
from spendrules.errors import InvalidInputError
from spendrules.payment_terms import Dialect, PaymentTerms, format_terms, parse_terms
from spendrules.serialization import structure, unstructure

__all__ = ["TITLE", "demo", "register"]

TITLE = "Payment terms: cash-flow impact and discounts"


def _int_arg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None


def register(commands: Any) -> None:
    """Add the ``terms-cost`` and ``terms-impact`` subcommands to an argparse subparsers object."""
    cost = commands.add_parser(
        "terms-cost",
        help="the annual cost of skipping each early-payment discount of a term",
        description="The annualised cost of skipping each discount tier, and whether to take it.",
    )
    cost.add_argument("terms", help="the terms, e.g. '2/10 net 30' or '3/10, 2/30, net 60'")
    cost.add_argument(
        "--cost-of-capital",
        type=decimal_arg,
        default=None,
        help="annual rate as a fraction (0.08); adds the take-or-skip decision",
    )
    cost.add_argument(
        "--convention",
        choices=[c.value for c in DiscountConvention],
        default=DiscountConvention.COST_OF_CAPITAL.value,
        help="decision rule, default cost_of_capital",
    )
    cost.add_argument(
        "--day-basis", type=_int_arg, default=None, help="days in the year (default 365)"
    )
    cost.add_argument(
        "--pay-day", type=_int_arg, default=None, help="day paid when skipping (default: net day)"
    )
    cost.add_argument(
        "--dialect",
        choices=[d.value for d in Dialect],
        default=Dialect.US.value,
        help="default: us",
    )
    cost.add_argument("--json", action="store_true", help="machine-readable output")
    cost.set_defaults(func=_run_cost)

    impact = commands.add_parser(
        "terms-impact",
        help="what a change of payment terms is worth, and what the supplier will charge",
        description="Cash released, its value, discounts lost, the supplier's price and a verdict.",
    )
    impact.add_argument("--spend", type=decimal_arg, required=True, help="annual spend")
    impact.add_argument("--currency", required=True, help="ISO 4217 code, e.g. USD")
    impact.add_argument(
        "--from", dest="current", required=True, help="current terms, e.g. 'net 30'"
    )
    impact.add_argument(
        "--to", dest="proposed", required=True, help="proposed terms, e.g. 'net 90'"
    )
    impact.add_argument(
        "--cost-of-capital", type=decimal_arg, required=True, help="buyer's annual rate (0.08)"
    )
    impact.add_argument(
        "--supplier-cost-of-capital",
        type=decimal_arg,
        default=None,
        help="supplier's annual rate; prices the term change",
    )
    impact.add_argument(
        "--price-increase",
        type=decimal_arg,
        default=None,
        help="the supplier's asked price increase as a fraction (0.01)",
    )
    impact.add_argument(
        "--discount-share",
        type=decimal_arg,
        default=None,
        help="share of spend paid in the discount window (default: when worth it)",
    )
    impact.add_argument("--day-basis", type=_int_arg, default=365, help="default 365")
    impact.add_argument(
        "--compounding",
        choices=[c.value for c in Compounding],
        default=Compounding.SIMPLE.value,
        help="rate compared with the cost of capital to decide on discounts (default simple)",
    )
    impact.add_argument(
        "--convention",
        choices=[c.value for c in SpendConvention],
        default=SpendConvention.DAILY.value,
        help="daily (default) or monthly invoices",
    )
    impact.add_argument(
        "--dialect",
        choices=[d.value for d in Dialect],
        default=Dialect.US.value,
        help="default: us",
    )
    impact.add_argument("--json", action="store_true", help="machine-readable output")
    impact.set_defaults(func=_run_impact)


def _tier_rows(terms: PaymentTerms, *, day_basis: int, pay_day: int | None) -> list[dict[str, Any]]:
    rows = []
    for index, item in enumerate(terms.installments):
        for position, tier in enumerate(item.discounts):
            rates: dict[str, Decimal | None] = {}
            for mode in (Compounding.SIMPLE, Compounding.EFFECTIVE):
                try:
                    rates[mode.value] = forgone_discount_rate(
                        terms,
                        installment=index,
                        tier=position,
                        pay_day=pay_day,
                        day_basis=day_basis,
                        compounding=mode,
                    )
                except InvalidInputError as exc:
                    if exc.field != "tier":
                        raise
                    rates[mode.value] = None  # open until the pay day: free to take
            rows.append(
                {
                    "installment": index,
                    "tier": position,
                    "discount": tier.rate,
                    "deadline": tier.deadline.describe(),
                    "simple": rates["simple"],
                    "effective": rates["effective"],
                }
            )
    return rows


def _percent(rate: Decimal) -> str:
    return _pct(rate)  # the library's private context: the caller's never changes the text


def _run_cost(args: argparse.Namespace) -> int:
    terms = parse_terms(args.terms, dialect=args.dialect)
    basis = 365 if args.day_basis is None else args.day_basis
    rows = _tier_rows(terms, day_basis=basis, pay_day=args.pay_day)
    decisions: list[DiscountDecision] = []
    if args.cost_of_capital is not None:
        decisions = [
            should_take_discount(
                terms,
                cost_of_capital=args.cost_of_capital,
                installment=index,
                pay_day=args.pay_day,
                convention=args.convention,
                day_basis=args.day_basis,
            )
            for index, item in enumerate(terms.installments)
            if item.discounts
        ]
    label = format_terms(terms)
    if args.json:
        data = {
            "terms": label,
            "day_basis": basis,
            "tiers": [
                {
                    **row,
                    **{
                        k: None if row[k] is None else str(row[k])
                        for k in ("discount", "simple", "effective")
                    },
                }
                for row in rows
            ],
            "decisions": [unstructure(decision) for decision in decisions],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print(f"{label}: no early-payment discount, nothing to forgo.")
    for row in rows:
        head = (
            f"{label}: installment {row['installment'] + 1}, {_percent(row['discount'])} discount "
            f"until {row['deadline']}"
        )
        if row["simple"] is None:
            print(f"{head}: open until the pay day itself, so taking it costs nothing.")
            continue
        print(
            f"{head}: skipping it costs {_percent(row['simple'])} a year simple, "
            f"{_percent(row['effective'])} effective ({basis}-day basis)."
        )
    for decision in decisions:
        print()
        print(decision.explain())
    return 0


def _run_impact(args: argparse.Namespace) -> int:
    impact = term_change_impact(
        annual_spend=args.spend,
        currency=args.currency,
        current=parse_terms(args.current, dialect=args.dialect),
        proposed=parse_terms(args.proposed, dialect=args.dialect),
        cost_of_capital=args.cost_of_capital,
        supplier_cost_of_capital=args.supplier_cost_of_capital,
        price_increase=args.price_increase,
        discount_share=args.discount_share,
        day_basis=args.day_basis,
        compounding=args.compounding,
        convention=args.convention,
    )
    emit(impact, as_json=args.json)
    return 0


def _optional_decimal(data: dict[str, Any], key: str) -> Decimal | None:
    value = data.get(key)
    return None if value is None else structure(value, Decimal)


def demo() -> str:
    """Return the bundled finance-vs-procurement case: a discount decision and a term-change verdict."""
    data = load_json(sample_text("terms_economics_sample.json"), "terms_economics_sample.json")
    if not isinstance(data, dict):  # pragma: no cover - the bundled file is an object
        raise InvalidInputError("terms_economics_sample.json", data, "a JSON object")
    blocks = []
    for case in data["discounts"]:
        decision = should_take_discount(
            parse_terms(case["terms"]),
            cost_of_capital=structure(case["cost_of_capital"], Decimal),
        )
        blocks.append(f"Discount on '{case['terms']}':\n{decision.explain()}")
    change = data["term_change"]
    impact = term_change_impact(
        annual_spend=structure(change["annual_spend"], Decimal),
        currency=change["currency"],
        current=parse_terms(change["current"]),
        proposed=parse_terms(change["proposed"]),
        cost_of_capital=structure(change["cost_of_capital"], Decimal),
        supplier_cost_of_capital=_optional_decimal(change, "supplier_cost_of_capital"),
        price_increase=_optional_decimal(change, "price_increase"),
    )
    blocks.append(
        f"Finance asks for '{change['proposed']}' instead of '{change['current']}':\n"
        + impact.explain()
    )
    return "\n\n".join(blocks)
