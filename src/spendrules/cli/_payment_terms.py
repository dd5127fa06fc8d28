"""``spendrules terms``, ``terms-cost`` and ``terms-impact``: the payment-terms commands (private).

Examples::

    spendrules terms "2/10 net 30" --invoice-date 2026-03-15 --amount 1000.00 --currency USD
    spendrules terms-cost "3/10, 2/30, net 60" --cost-of-capital 0.08
    spendrules terms-impact --spend 10000000 --from "net 30" --to "net 90" \\
        --cost-of-capital 0.08 --supplier-cost-of-capital 0.12 --currency USD
    spendrules terms --input invoices.csv --output schedules.csv --keep-going

``terms`` prints the schedule of one invoice with the derivation of every date
and amount; ``--json`` prints it as JSON (the
[`PaymentSchedule`][spendrules.payment_terms.PaymentSchedule] fields).
``--roll following`` rolls dates off Saturdays and Sundays; ``--on DATE`` adds
what settles the invoice on that date (in JSON the output becomes
``{"schedule": ..., "on_date": ..., "amount_payable": ...}``).

``terms-cost`` prints, for every discount tier, the annualised cost of skipping
it (simple and effective); with a cost of capital it adds the take-or-skip
decision of each installment that offers a discount (JSON:
``{"terms", "day_basis", "tiers": [...], "decisions": [...]}``).
``terms-impact`` prints the
[`TermChangeImpact`][spendrules.payment_terms.TermChangeImpact] of a change of terms.

Each command computes one item from its flags, or many records with
``--input`` (JSON lines or CSV; see ``spendrules.cli._batch`` for the formats and
``spendrules.cli._payment_terms_rows`` for the record keys and the CSV output
columns). With the frames extra, a ``terms`` batch CSV to CSV runs through the
frames engine (``spendrules.cli._terms_table``): the same bytes as without it.
``--policy FILE`` reads the agreed policy's ``[payment_terms]``
section: its standard terms, cost of capital and discount convention become the
defaults of the flags they correspond to; an explicit flag overrides the file,
and a record's own value overrides both. Terms that cannot be read exit with
status 2 and the parse error (its position and what was expected).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

from spendrules._terms.conventions import Compounding
from spendrules._terms.discount_decision import DiscountConvention, should_take_discount
from spendrules._terms.term_change import SpendConvention, term_change_impact
from spendrules.calendars import Roll, WeekendCalendar
from spendrules.cli._batch import BatchRule, add_batch_arguments, run_batch
from spendrules.cli._common import date_arg, decimal_arg, emit, load_json, sample_text
from spendrules.cli._payment_terms_rows import (
    COST_COLUMNS,
    COST_FIELDS,
    IMPACT_COLUMNS,
    IMPACT_FIELDS,
    SCHEDULE_COLUMNS,
    SCHEDULE_FIELDS,
    Payable,
    TermsCache,
    TermsCost,
    cost_row,
    description,
    impact_row,
    payment_terms_policy,
    read_fields,
    required,
    schedule_row,
    terms_cost,
)
from spendrules.cli._table import FrameCall, Layout, run_table
from spendrules.cli._terms_table import schedule_call, schedule_layout
from spendrules.errors import InvalidInputError
from spendrules.payment_terms import (
    Dialect,
    PaymentSchedule,
    PaymentTerms,
    TermChangeImpact,
    parse_terms,
    schedule,
)
from spendrules.policy import PaymentTermsPolicy
from spendrules.serialization import structure, unstructure

__all__ = [
    "ECONOMICS_TITLE",
    "TITLE",
    "demo",
    "economics_demo",
    "register",
    "terms_demo",
]

TITLE = "Payment terms"
#: The second section of ``spendrules demo payment-terms``.
ECONOMICS_TITLE = "Payment terms: cash-flow impact and discounts"

_WEEKEND: Final = WeekendCalendar()

_POLICY_HELP: Final = (
    "agreed policy TOML file; its [payment_terms] section gives the defaults of {what} "
    "(an explicit flag overrides the file, a record's own value overrides both)"
)


def _int_arg(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None


def _columns(columns: tuple[str, ...]) -> str:
    return "CSV output columns: line, id, ok, " + ", ".join(columns) + ", then the error columns."


def _missing(args: argparse.Namespace, values: Mapping[str, Any], flags: Mapping[str, str]) -> None:
    """One item from flags: a usage error (status 2) naming every flag not given."""
    absent = [flag for name, flag in flags.items() if values[name] is None]
    if absent:
        args.parser.error("the following arguments are required: " + ", ".join(absent))


def register(commands: Any) -> None:
    """Add ``terms``, ``terms-cost`` and ``terms-impact`` to an argparse subparsers object."""
    _register_terms(commands)
    _register_cost(commands)
    _register_impact(commands)


# -- terms ------------------------------------------------------------------------------------


def _register_terms(commands: Any) -> None:
    parser = commands.add_parser(
        "terms",
        help="the payment schedule of one invoice (or of many) under a payment term",
        description=description(
            "Turn payment terms such as '2/10 net 30' into due dates and amounts, explained.",
            "Batch (--input): one invoice per record, keys terms, invoice_date, amount, "
            "currency, and optionally tax_amount, baseline_date, dialect, roll, grace_days, "
            "on_date (the flags' names). A key a record leaves out takes its flag's value; "
            "a record without terms takes the positional TERMS, else the --policy file's "
            "standard terms.",
            _columns(SCHEDULE_COLUMNS)
            + " best_discount: each installment's first tier; payable_with_discounts: the "
            "total less it.",
            "JSON lines output: the PaymentSchedule, or {schedule, on_date, amount_payable} "
            "for a record with on_date.",
            "With the frames extra installed, CSV to CSV runs through the frames engine "
            "(frames.schedule, in chunks): the same output bytes as without it.",
        ),
    )
    parser.add_argument(
        "terms",
        nargs="?",
        default=None,
        help="the terms, e.g. '2/10 net 30' or '30%% advance, 70%% net 30' "
        "(default: the --policy file's standard terms)",
    )
    parser.add_argument("--invoice-date", type=date_arg, default=None, help="YYYY-MM-DD")
    parser.add_argument("--amount", type=decimal_arg, default=None, help="invoice total incl. tax")
    parser.add_argument("--currency", default=None, help="ISO 4217 code, e.g. USD")
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
        "--dialect", choices=[d.value for d in Dialect], default=None, help="default: us"
    )
    parser.add_argument(
        "--roll",
        choices=[r.value for r in Roll],
        default=None,
        help="business-day convention (Saturday/Sunday weekend), default unadjusted",
    )
    parser.add_argument(
        "--grace-days", type=int, default=None, help="days added to net due dates (default 0)"
    )
    parser.add_argument(
        "--on",
        dest="on_date",
        type=date_arg,
        default=None,
        help="also show the amount payable on this date",
    )
    parser.add_argument("--policy", metavar="FILE", help=_POLICY_HELP.format(what="TERMS"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    add_batch_arguments(parser, what="invoice")
    parser.set_defaults(func=_run, parser=parser)


def _terms_defaults(args: argparse.Namespace, policy: PaymentTermsPolicy | None) -> dict[str, Any]:
    return {
        "terms": args.terms if args.terms is not None or policy is None else policy.standard_terms,
        "invoice_date": args.invoice_date,
        "amount": args.amount,
        "currency": args.currency,
        "tax_amount": args.tax_amount,
        "baseline_date": args.baseline_date,
        "dialect": args.dialect or Dialect.US.value,
        "roll": args.roll or Roll.UNADJUSTED.value,
        "grace_days": 0 if args.grace_days is None else args.grace_days,
        "on_date": args.on_date,
    }


def _standard_terms(defaults: Mapping[str, Any]) -> PaymentTerms | None:
    """The default terms when the ``--policy`` file gives them (a PaymentTerms, not text)."""
    terms = defaults["terms"]
    return terms if isinstance(terms, PaymentTerms) else None


def _schedule_of(values: Mapping[str, Any], cache: TermsCache, *, cells: bool) -> Any:
    """The schedule (a Payable with ``on_date``) of one invoice's values."""
    required(values, "terms", "invoice_date", "amount", "currency")
    terms = cache.terms(values["terms"], "terms", values["dialect"], cells=cells)
    convention = Roll(values["roll"])
    plan = schedule(
        terms,
        invoice_date=values["invoice_date"],
        amount=values["amount"],
        currency=values["currency"],
        tax_amount=0 if values["tax_amount"] is None else values["tax_amount"],
        baseline_date=values["baseline_date"],
        calendar=None if convention is Roll.UNADJUSTED else _WEEKEND,
        roll=convention,
        grace_days=values["grace_days"],
    )
    on_date: date | None = values["on_date"]
    return plan if on_date is None else Payable(plan, on_date, plan.amount_payable(on_date))


def _run_records(
    args: argparse.Namespace,
    fields: Mapping[str, Any],
    *,
    defaults: Mapping[str, Any],
    compute: Callable[..., Any],
    cache: TermsCache,
    row: Callable[[Any], Sequence[Any]],
    columns: tuple[str, ...],
    table: tuple[Layout, FrameCall] | None = None,
) -> int:
    """Run one of the family's commands over ``--input``: each record read with the defaults.

    With ``table`` (its CSV layout and frames call), a CSV-to-CSV batch runs
    through the frames path when the extra is installed (``spendrules.cli._table``).
    """
    rule = BatchRule(
        convert=lambda record, cells: (read_fields(record, fields, defaults), cells),
        compute=lambda item: compute(item[0], cache, cells=item[1]),
        row=row,
        columns=columns,
        fields=frozenset(fields),
    )
    status = None if table is None else run_table(args, rule, *table)
    return run_batch(args, rule) if status is None else status


def _run(args: argparse.Namespace) -> int:
    defaults = _terms_defaults(args, payment_terms_policy(args.policy))
    cache = TermsCache()
    if args.input is not None:
        return _run_records(
            args,
            SCHEDULE_FIELDS,
            defaults=defaults,
            compute=_schedule_of,
            cache=cache,
            row=schedule_row,
            columns=SCHEDULE_COLUMNS,
            table=(schedule_layout(defaults), schedule_call(cache, _standard_terms(defaults))),
        )
    flags = {
        "terms": "terms (or --policy FILE)",
        "invoice_date": "--invoice-date",
        "amount": "--amount",
        "currency": "--currency",
    }
    _missing(args, defaults, flags)
    result = _schedule_of(defaults, cache, cells=False)
    if not isinstance(result, Payable):
        emit(result, as_json=args.json)
    elif args.json:
        data = {
            "schedule": unstructure(result.schedule),
            "on_date": result.on_date.isoformat(),
            "amount_payable": str(result.amount_payable),
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(result.explain())
    return 0


# -- terms-cost -------------------------------------------------------------------------------


def _register_cost(commands: Any) -> None:
    cost = commands.add_parser(
        "terms-cost",
        help="the annual cost of skipping each early-payment discount of a term",
        description=description(
            "The annualised cost of skipping each discount tier, and whether to take it.",
            "Batch (--input): one term per record, keys terms, and optionally "
            "cost_of_capital, convention, day_basis, pay_day, dialect (the flags' names). A "
            "key a record leaves out takes its flag's value, else the --policy file's.",
            _columns(COST_COLUMNS) + " The tier and decision columns are the first ones.",
            "JSON lines output: {terms, day_basis, tiers, decisions}, as --json prints it.",
        ),
    )
    cost.add_argument(
        "terms",
        nargs="?",
        default=None,
        help="the terms, e.g. '2/10 net 30' or '3/10, 2/30, net 60' "
        "(default: the --policy file's standard terms)",
    )
    cost.add_argument(
        "--cost-of-capital",
        type=decimal_arg,
        default=None,
        help="annual rate as a fraction (0.08); adds the take-or-skip decision",
    )
    cost.add_argument(
        "--convention",
        choices=[c.value for c in DiscountConvention],
        default=None,
        help="decision rule, default cost_of_capital",
    )
    cost.add_argument(
        "--day-basis", type=_int_arg, default=None, help="days in the year (default 365)"
    )
    cost.add_argument(
        "--pay-day", type=_int_arg, default=None, help="day paid when skipping (default: net day)"
    )
    cost.add_argument(
        "--dialect", choices=[d.value for d in Dialect], default=None, help="default: us"
    )
    cost.add_argument(
        "--policy",
        metavar="FILE",
        help=_POLICY_HELP.format(what="TERMS, --cost-of-capital and --convention"),
    )
    cost.add_argument("--json", action="store_true", help="machine-readable output")
    add_batch_arguments(cost, what="term")
    cost.set_defaults(func=_run_cost, parser=cost)


def _cost_defaults(args: argparse.Namespace, policy: PaymentTermsPolicy | None) -> dict[str, Any]:
    terms: Any = args.terms
    rate = args.cost_of_capital
    convention = args.convention
    if policy is not None:
        terms = policy.standard_terms if terms is None else terms
        rate = policy.cost_of_capital if rate is None else rate
        convention = policy.discount_convention.value if convention is None else convention
    return {
        "terms": terms,
        "cost_of_capital": rate,
        "convention": convention or DiscountConvention.COST_OF_CAPITAL.value,
        "day_basis": args.day_basis,
        "pay_day": args.pay_day,
        "dialect": args.dialect or Dialect.US.value,
    }


def _cost_of(values: Mapping[str, Any], cache: TermsCache, *, cells: bool) -> TermsCost:
    required(values, "terms")
    return terms_cost(
        cache.terms(values["terms"], "terms", values["dialect"], cells=cells),
        cost_of_capital=values["cost_of_capital"],
        convention=values["convention"],
        day_basis=values["day_basis"],
        pay_day=values["pay_day"],
    )


def _run_cost(args: argparse.Namespace) -> int:
    defaults = _cost_defaults(args, payment_terms_policy(args.policy))
    cache = TermsCache()
    if args.input is not None:
        return _run_records(
            args,
            COST_FIELDS,
            defaults=defaults,
            compute=_cost_of,
            cache=cache,
            row=cost_row,
            columns=COST_COLUMNS,
        )
    _missing(args, defaults, {"terms": "terms (or --policy FILE)"})
    result = _cost_of(defaults, cache, cells=False)
    if args.json:
        print(json.dumps(unstructure(result), indent=2, ensure_ascii=False))
    else:
        print(result.explain())
    return 0


# -- terms-impact -----------------------------------------------------------------------------


def _register_impact(commands: Any) -> None:
    impact = commands.add_parser(
        "terms-impact",
        help="what a change of payment terms is worth, and what the supplier will charge",
        description=description(
            "Cash released, its value, discounts lost, the supplier's price and a verdict.",
            "Batch (--input): one term change per record, keys annual_spend, currency, "
            "current, proposed, cost_of_capital, and optionally supplier_cost_of_capital, "
            "price_increase, discount_share, day_basis, compounding, convention, dialect. A "
            "key a record leaves out takes its flag's value (--spend for annual_spend, --from "
            "for current, --to for proposed), else the --policy file's.",
            _columns(IMPACT_COLUMNS),
            "JSON lines output: the TermChangeImpact.",
        ),
    )
    impact.add_argument("--spend", type=decimal_arg, default=None, help="annual spend")
    impact.add_argument("--currency", default=None, help="ISO 4217 code, e.g. USD")
    impact.add_argument(
        "--from",
        dest="current",
        default=None,
        help="current terms, e.g. 'net 30' (default: the --policy file's standard terms)",
    )
    impact.add_argument("--to", dest="proposed", default=None, help="proposed terms, e.g. 'net 90'")
    impact.add_argument(
        "--cost-of-capital",
        type=decimal_arg,
        default=None,
        help="buyer's annual rate (0.08; default: the --policy file's)",
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
    impact.add_argument("--day-basis", type=_int_arg, default=None, help="default 365")
    impact.add_argument(
        "--compounding",
        choices=[c.value for c in Compounding],
        default=None,
        help="rate compared with the cost of capital to decide on discounts (default simple)",
    )
    impact.add_argument(
        "--convention",
        choices=[c.value for c in SpendConvention],
        default=None,
        help="daily (default) or monthly invoices",
    )
    impact.add_argument(
        "--dialect", choices=[d.value for d in Dialect], default=None, help="default: us"
    )
    impact.add_argument(
        "--policy", metavar="FILE", help=_POLICY_HELP.format(what="--from and --cost-of-capital")
    )
    impact.add_argument("--json", action="store_true", help="machine-readable output")
    add_batch_arguments(impact, what="term change")
    impact.set_defaults(func=_run_impact, parser=impact)


def _impact_defaults(args: argparse.Namespace, policy: PaymentTermsPolicy | None) -> dict[str, Any]:
    current: Any = args.current
    rate = args.cost_of_capital
    if policy is not None:
        current = policy.standard_terms if current is None else current
        rate = policy.cost_of_capital if rate is None else rate
    return {
        "annual_spend": args.spend,
        "currency": args.currency,
        "current": current,
        "proposed": args.proposed,
        "cost_of_capital": rate,
        "supplier_cost_of_capital": args.supplier_cost_of_capital,
        "price_increase": args.price_increase,
        "discount_share": args.discount_share,
        "day_basis": 365 if args.day_basis is None else args.day_basis,
        "compounding": args.compounding or Compounding.SIMPLE.value,
        "convention": args.convention or SpendConvention.DAILY.value,
        "dialect": args.dialect or Dialect.US.value,
    }


def _impact_of(values: Mapping[str, Any], cache: TermsCache, *, cells: bool) -> TermChangeImpact:
    required(values, "annual_spend", "currency", "current", "proposed", "cost_of_capital")
    dialect = values["dialect"]
    return term_change_impact(
        annual_spend=values["annual_spend"],
        currency=values["currency"],
        current=cache.terms(values["current"], "current", dialect, cells=cells),
        proposed=cache.terms(values["proposed"], "proposed", dialect, cells=cells),
        cost_of_capital=values["cost_of_capital"],
        supplier_cost_of_capital=values["supplier_cost_of_capital"],
        price_increase=values["price_increase"],
        discount_share=values["discount_share"],
        day_basis=values["day_basis"],
        compounding=values["compounding"],
        convention=values["convention"],
    )


def _run_impact(args: argparse.Namespace) -> int:
    defaults = _impact_defaults(args, payment_terms_policy(args.policy))
    cache = TermsCache()
    if args.input is not None:
        return _run_records(
            args,
            IMPACT_FIELDS,
            defaults=defaults,
            compute=_impact_of,
            cache=cache,
            row=impact_row,
            columns=IMPACT_COLUMNS,
        )
    flags = {
        "annual_spend": "--spend",
        "currency": "--currency",
        "current": "--from (or --policy FILE)",
        "proposed": "--to",
        "cost_of_capital": "--cost-of-capital (or --policy FILE)",
    }
    _missing(args, defaults, flags)
    emit(_impact_of(defaults, cache, cells=False), as_json=args.json)
    return 0


# -- demo -------------------------------------------------------------------------------------


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
            calendar=None if convention is Roll.UNADJUSTED else _WEEKEND,
            roll=convention,
        )
        pay_on = invoice.get("pay_on")
        out.append((plan, None if pay_on is None else structure(pay_on, date)))
    return out


def terms_demo() -> str:
    """Return explained schedules of the bundled sample invoices."""
    blocks = []
    for plan, pay_on in _sample_schedules():
        text = plan.explain()
        if pay_on is not None:
            text += f"\nAmount payable on {pay_on}: {plan.amount_payable(pay_on)} {plan.currency}"
        blocks.append(text)
    return "\n\n".join(blocks)


def _optional_decimal(data: dict[str, Any], key: str) -> Decimal | None:
    value = data.get(key)
    return None if value is None else structure(value, Decimal)


def economics_demo() -> str:
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


def demo() -> str:
    """Return both sections of ``spendrules demo payment-terms``: schedules, then economics.

    The second section carries its own heading, as ``spendrules demo`` writes the
    first (``== TITLE ==``), so the topic prints the two sections it always printed.
    """
    return f"{terms_demo()}\n\n== {ECONOMICS_TITLE} ==\n{economics_demo()}"
