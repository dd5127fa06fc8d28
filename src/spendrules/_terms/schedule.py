"""Payment schedules: the dates and amounts a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms] gives for one invoice.

[`schedule`][spendrules.payment_terms.schedule] turns terms, an invoice date, an amount and a currency into a
[`PaymentSchedule`][spendrules.payment_terms.PaymentSchedule]: one [`ScheduleLine`][spendrules.payment_terms.ScheduleLine] per installment with its
due date, its amount and its early-payment [`DiscountOffer`][spendrules.payment_terms.DiscountOffer] objects.

How each number is made:

1. **Baseline.** The due rules count from ``baseline_date`` when given (a
   receipt, delivery or order date), else from the invoice date. No clock
   is read.
2. **Amounts.** The total is rounded once to the currency's minor units.
   Fixed amounts are taken first (in whole minor units, with the total's
   sign); percent and ratio shares are exact fractions of the total; the
   remainder takes the rest; then [`spendrules.money.allocate`][spendrules.money.allocate] turns the
   exact shares into minor units so the lines add up to the rounded total
   exactly (credit notes and zero totals included). When the other lines
   take more than the total, the remainder would be negative: refused by
   default, or, with ``balance=BalanceConvention.ODOO``, each percent line is
   rounded on its own and the remainder takes what is left, zero or negative
   (Odoo 17/18 ``_compute_terms``).
3. **Dates.** Each installment's due rule gives its unadjusted date; with a
   calendar, the net due date is rolled by ``roll`` and each discount deadline
   by ``discount_roll``, independently; then grace days are added.
   A discount deadline later than its line's due date is cut back to it.
4. **Discounts.** Each tier's discount is its rate times *this line's* amount
   (including tax, or the line's share of the amount before tax, by the
   term's [`DiscountBase`][spendrules.payment_terms.DiscountBase]), rounded once.

References:
    Odoo ``account.payment.term._compute_terms`` (the last line absorbs rounding;
    discount modes); ERPNext ``set_payment_schedule`` and
    ``apply_early_payment_discount`` (issues #12057, #26951: rows rounded
    independently; the discount applied to the grand total: not reproduced);
    Tryton ``payment_term.compute`` (a zero total gives one zero line on the
    invoice date); SAP T043G grace days; ISDA 2006 section 4.12 roll conventions.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

import attrs

from spendrules._checks import check_currency, check_date, check_decimal, check_int
from spendrules._decimal import exact
from spendrules._terms.due_rules import (
    MAX_DAYS,
    DeltaChain,
    RelativeDelta,
)
from spendrules._terms.milestones import check_events, event_date, event_text
from spendrules._terms.model import (
    Basis,
    PaymentTerms,
)
from spendrules._terms.rounding import (
    CashRounding,
    cash_round_lines,
    check_cash_rounding,
)
from spendrules._terms.schedule_amounts import (
    BalanceConvention,
    _exponent_ok,  # noqa: F401 - tests/test_mutants_schedule.py imports it from here
    _note_negative_balance,
    _split,
)
from spendrules._terms.schedule_lines import ScheduleLine, _line, _percent
from spendrules.calendars import BusinessCalendar, Roll
from spendrules.errors import InvalidInputError, _shown
from spendrules.money import (
    ROUNDING_MODES,
    AllocationMethod,
    quantize,
)
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "RULE",
    "PaymentSchedule",
    "schedule",
]

#: Rule id of [`schedule`][spendrules.payment_terms.schedule] (bumped whenever the numbers it produces can change).
RULE = "payment_terms.schedule@1"


@attrs.frozen
class PaymentSchedule(Explained):
    """The dates and amounts of one invoice under a payment term, with how each was derived.

    Attributes:
        terms: The terms scheduled.
        invoice_date: The invoice date.
        baseline_date: The date the due rules counted from.
        currency: ISO 4217 code.
        total: The invoice total rounded to the currency; the line amounts sum to it exactly.
        tax_amount: The tax included in the total (for discounts on the amount before tax).
        lines: One line per installment, in the terms' order (one zero line for a zero total).
        rule: The rule id, ``"payment_terms.schedule@1"``.
        reasons: How every date and amount was derived.
    """

    terms: PaymentTerms
    invoice_date: date
    baseline_date: date
    currency: str
    total: Decimal
    tax_amount: Decimal
    lines: tuple[ScheduleLine, ...]
    rule: str
    reasons: tuple[Reason, ...]

    def amount_payable(self, on_date: date) -> Decimal:
        """Return what settles the whole invoice on ``on_date`` (each line's best open discount).

        Examples:
            >>> from spendrules.payment_terms import parse_terms
            >>> plan = schedule(parse_terms("3/10, 2/30, net 60"), invoice_date=date(2026, 3, 2),
            ...                 amount=Decimal("500.00"), currency="EUR")
            >>> [plan.amount_payable(date(2026, 3, d)) for d in (12, 13)]
            [Decimal('485.00'), Decimal('490.00')]
        """
        day = check_date(on_date, "on_date")
        with exact():
            return sum((line.amount_payable(day) for line in self.lines), Decimal(0)).quantize(
                self.total
            )

    def cash_flows(self, *, take_discounts: bool = False) -> tuple[tuple[date, Decimal], ...]:
        """Return ``(date, amount)`` payments: each line on its due date, or on its best discount's deadline.

        Args:
            take_discounts: Pay each line with a discount on the deadline of its
                first (highest-rate) tier, at the discounted amount.

        Examples:
            >>> from spendrules.payment_terms import parse_terms
            >>> plan = schedule(parse_terms("2/10 net 30"), invoice_date=date(2026, 3, 15),
            ...                 amount=Decimal("100.00"), currency="USD")
            >>> plan.cash_flows(), plan.cash_flows(take_discounts=True)
            (((datetime.date(2026, 4, 14), Decimal('100.00')),), ((datetime.date(2026, 3, 25), Decimal('98.00')),))
        """
        flows = []
        for line in self.lines:
            if take_discounts and line.discounts:
                flows.append((line.discounts[0].deadline, line.discounts[0].payable))
            else:
                flows.append((line.due_date, line.amount))
        return tuple(flows)

    def _detail_lines(self) -> list[str]:
        from spendrules._terms.parser import format_terms  # noqa: PLC0415 - parser imports the model only

        text = _compound_text(self.terms) or format_terms(self.terms)
        lines = [f"  terms: {text}", "  lines:"]
        for number, line in enumerate(self.lines, start=1):
            lines.append(f"    {number}. {line.due_date}  {line.amount} {self.currency}")
            lines.extend(
                f"       {'fixed' if offer.fixed else _percent(offer.rate) + ' %'} by {offer.deadline}: "
                f"discount {offer.discount}, pay {offer.payable}"
                for offer in line.discounts
            )
        return lines


def _compound_text(terms: PaymentTerms) -> str | None:
    """The terms' description when a rule is a relative delta (no trade notation has one), else None."""
    rules = []
    for item in terms.installments:
        rules += [item.due, *(tier.deadline for tier in item.discounts)]
        if item.fixed_discount is not None:
            rules.append(item.fixed_discount.deadline)
    if any(isinstance(rule, RelativeDelta | DeltaChain) for rule in rules):
        return terms.describe().replace("\n", "; ")
    return None


# --------------------------------------------------------------------------- the rule


def _check_calendar(calendar: object, convention: Roll, field: str) -> BusinessCalendar | None:
    if calendar is None:
        if convention is not Roll.UNADJUSTED:
            raise InvalidInputError(
                "calendar", None, f"a BusinessCalendar when {field} is not unadjusted"
            )
        return None
    if not isinstance(calendar, BusinessCalendar):
        raise TypeError(
            f"calendar must be a BusinessCalendar (with is_business_day), not {type(calendar).__name__}: {_shown(calendar)}"
        )
    return calendar


def _check_roll(value: object, field: str) -> Roll:
    try:
        return Roll(value)  # type: ignore[arg-type]
    except ValueError:
        raise InvalidInputError(field, value, "a Roll convention") from None


def _grace(value: object, field: str) -> int:
    days = check_int(value, field, minimum=0)
    if days > MAX_DAYS:
        raise InvalidInputError(field, value, f"an int from 0 to {MAX_DAYS}")
    return days


def schedule(
    terms: PaymentTerms,
    *,
    invoice_date: date,
    amount: Decimal | int,
    currency: str,
    tax_amount: Decimal | int = 0,
    baseline_date: date | None = None,
    calendar: BusinessCalendar | None = None,
    roll: Roll = Roll.UNADJUSTED,
    discount_roll: Roll | None = None,
    grace_days: int = 0,
    discount_grace_days: int = 0,
    rounding: str = decimal.ROUND_HALF_UP,
    allocation: AllocationMethod = AllocationMethod.LARGEST_REMAINDER,
    balance: BalanceConvention = BalanceConvention.STRICT,
    events: Mapping[str, date] | None = None,
    cash_rounding: CashRounding | None = None,
) -> PaymentSchedule:
    """Return the payment schedule of one invoice under ``terms``.

    Args:
        terms: The payment terms.
        invoice_date: The invoice date (also the baseline unless ``baseline_date`` is given).
        amount: The invoice total including tax; negative for a credit note.
        currency: ISO 4217 code; amounts are rounded to its minor units.
        tax_amount: The tax included in ``amount`` (same sign, at most its size);
            used for discounts on the amount before tax. Default 0.
        baseline_date: The date the due rules count from (goods receipt,
            delivery, order...). Default: the invoice date.
        calendar: A [`BusinessCalendar`][spendrules.calendars.BusinessCalendar]; needed when a
            roll convention other than unadjusted is used.
        roll: Business-day convention for net due dates; default
            ``Roll.UNADJUSTED`` (a contractual due date is a calendar date, as in
            every ERP).
        discount_roll: Convention for discount deadlines; default: the same as ``roll``.
            Each date is rolled on its own, never derived from another rolled date.
        grace_days: Calendar days added to each net due date after rolling (SAP tolerance days).
        discount_grace_days: Calendar days added to each discount deadline after rolling.
        rounding: Rounding of the total and of each discount (a ``decimal.ROUND_*``
            constant); default ``ROUND_HALF_UP``.
        allocation: Where the minor units left by rounding go; default largest
            remainder (no line is a full minor unit from its exact share); ``LAST``
            reproduces Odoo's "the last line absorbs the rounding".
        balance: What the [`Remainder`][spendrules.payment_terms.Remainder] line may
            take when the other lines take more than the total: default
            ``BalanceConvention.STRICT`` (refused); ``BalanceConvention.ODOO``
            lets it go negative, as Odoo's balance line does.
        events: The dates of the milestone events the installments count from
            (``{"delivery": date(...), "acceptance": date(...)}``, see
            `event`); events the terms
            do not use are ignored. Default: none.
        cash_rounding: A [`CashRounding`][spendrules.payment_terms.CashRounding]: every
            installment but the absorbing one, and every discounted amount, rounded
            to a multiple of its step (Odoo cash rounding). Default ``None``: no
            cash rounding.

    Returns:
        A [`PaymentSchedule`][spendrules.payment_terms.PaymentSchedule] whose line amounts sum exactly to the rounded total.

    Raises:
        TypeError: a wrong type (a ``float`` amount, a ``datetime``, terms that are not
            [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]).
        InvalidInputError: NaN or infinite amounts; a tax larger than the total or
            of the other sign; fixed amounts larger than the total; a roll
            convention without a calendar; dates beyond the year 9999; a
            milestone event the terms use missing from ``events``; a fixed
            discount larger than its line or not in whole minor units; a cash
            rounding step that is not whole minor units.
        UnknownCurrencyError: an unknown currency.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> plan = schedule(parse_terms("2/10 net 30"), invoice_date=date(2026, 3, 15),
        ...                 amount=Decimal("1000.00"), currency="USD")
        >>> line = plan.lines[0]
        >>> line.due_date, line.amount, line.discounts[0].deadline, line.discounts[0].payable
        (datetime.date(2026, 4, 14), Decimal('1000.00'), datetime.date(2026, 3, 25), Decimal('980.00'))
        >>> split = schedule(parse_terms("30% advance, 70% net 30"), invoice_date=date(2026, 1, 31),
        ...                  amount=Decimal("100.01"), currency="EUR")
        >>> [(str(x.due_date), x.amount) for x in split.lines]
        [('2026-01-31', Decimal('30.00')), ('2026-03-02', Decimal('70.01'))]

    References:
        Odoo ``_compute_terms`` and ``_get_amount_due_after_discount``; ERPNext
        ``apply_early_payment_discount`` (grand-total discount bug, not reproduced);
        Tryton ``compute``; SAP T043G tolerance days; QuantLib business-day conventions.
    """
    if not isinstance(terms, PaymentTerms):
        raise TypeError(f"terms must be PaymentTerms, not {type(terms).__name__}: {_shown(terms)}")
    invoice = check_date(invoice_date, "invoice_date")
    baseline = invoice if baseline_date is None else check_date(baseline_date, "baseline_date")
    raw_amount = check_decimal(amount, "amount")
    code = check_currency(currency, "currency")
    tax = check_decimal(tax_amount, "tax_amount")
    net_roll = _check_roll(roll, "roll")
    deadline_roll = (
        net_roll if discount_roll is None else _check_roll(discount_roll, "discount_roll")
    )
    cal = _check_calendar(calendar, net_roll, "roll")
    if cal is None:
        _check_calendar(calendar, deadline_roll, "discount_roll")
    grace = _grace(grace_days, "grace_days")
    discount_grace = _grace(discount_grace_days, "discount_grace_days")
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
    try:
        method = AllocationMethod(allocation)
    except ValueError:
        raise InvalidInputError("allocation", allocation, "an AllocationMethod") from None
    balance = _check_balance(balance)
    extras = _Extras(check_events(events), check_cash_rounding(cash_rounding, code))
    with exact():
        total = quantize(raw_amount, code, rounding=rounding)
        tax = quantize(tax, code, rounding=rounding)
        if tax != 0 and (tax.copy_sign(1) > total.copy_sign(1) or (tax < 0) != (total < 0)):
            raise InvalidInputError(
                "tax_amount",
                tax_amount,
                f"of the same sign as the amount and at most its size ({amount})",
            )
        try:
            return _build(
                terms,
                invoice=invoice,
                baseline=baseline,
                baseline_given=baseline_date is not None,
                total=total,
                tax=tax,
                currency=code,
                calendar=cal,
                net_roll=net_roll,
                deadline_roll=deadline_roll,
                grace=grace,
                discount_grace=discount_grace,
                rounding=rounding,
                method=method,
                balance=balance,
                extras=extras,
            )
        except (OverflowError, ValueError) as exc:
            if isinstance(exc, InvalidInputError):
                raise
            raise InvalidInputError(
                "baseline_date" if baseline_date is not None else "invoice_date",
                baseline,
                "a date whose due dates fall before the year 10000",
            ) from None


def _build(
    terms: PaymentTerms,
    *,
    invoice: date,
    baseline: date,
    baseline_given: bool,
    total: Decimal,
    tax: Decimal,
    currency: str,
    calendar: BusinessCalendar | None,
    net_roll: Roll,
    deadline_roll: Roll,
    grace: int,
    discount_grace: int,
    rounding: str,
    method: AllocationMethod,
    balance: BalanceConvention = BalanceConvention.STRICT,
    extras: _Extras | None = None,
) -> PaymentSchedule:
    extras = extras or _Extras({}, None)
    reasons: list[Reason] = []
    if baseline_given:
        reasons.append(
            Reason.of(
                "TERMS.BASELINE",
                f"Due dates count from the given baseline date {baseline} "
                f"(the {terms.basis.value.replace('_', ' ')} date); the invoice is dated {invoice}.",
                baseline_date=baseline,
                invoice_date=invoice,
            )
        )
    elif terms.basis is not Basis.INVOICE:
        reasons.append(
            Reason.of(
                "TERMS.BASELINE_ASSUMED",
                f"The terms count from the {terms.basis.value.replace('_', ' ')} date, which was not "
                f"given; the invoice date {invoice} was used instead.",
                severity=Severity.WARNING,
                basis=terms.basis,
                baseline_date=baseline,
            )
        )
    else:
        reasons.append(
            Reason.of(
                "TERMS.BASELINE",
                f"Due dates count from the invoice date {invoice}.",
                baseline_date=baseline,
                invoice_date=invoice,
            )
        )
    bases = _milestone_bases(terms, baseline, extras.events, reasons)
    if total == 0:
        reasons.append(
            Reason.of(
                "TERMS.ZERO_TOTAL",
                f"The total is 0 {currency}: one zero line due on the baseline date {baseline}.",
                due_date=baseline,
            )
        )
        lines: tuple[ScheduleLine, ...] = (ScheduleLine(0, baseline, baseline, total, ()),)
    else:
        amounts = _split(
            terms, total, currency, rounding=rounding, allocation=method, balance=balance
        )
        _note_negative_balance(terms, amounts, total, currency, reasons, balance=balance)
        if extras.cash_rounding is not None:
            amounts = cash_round_lines(amounts, total, extras.cash_rounding, currency, reasons)
        lines = tuple(
            _line(
                index,
                item,
                amount,
                terms=terms,
                total=total,
                tax=tax,
                baseline=bases[index],
                currency=currency,
                calendar=calendar,
                net_roll=net_roll,
                deadline_roll=deadline_roll,
                grace=grace,
                discount_grace=discount_grace,
                rounding=rounding,
                reasons=reasons,
                cash_rounding=extras.cash_rounding,
            )
            for index, item, amount in zip(
                range(len(terms.installments)), terms.installments, amounts, strict=True
            )
        )
        if len(lines) > 1:
            how = (
                "percent lines rounded one by one, the balance takes the rest"
                if any(reason.code == "TERMS.BALANCE_NEGATIVE" for reason in reasons)
                else f"exact shares rounded to minor units, left-over units placed by {method.value}"
            )
            reasons.append(
                Reason.of(
                    "TERMS.CONSERVED",
                    f"The {len(lines)} line amounts add up exactly to the total {total} {currency} "
                    f"({how}).",
                    total=total,
                    allocation=method,
                )
            )
    return PaymentSchedule(
        terms=terms,
        invoice_date=invoice,
        baseline_date=baseline,
        currency=currency,
        total=total,
        tax_amount=tax,
        lines=lines,
        rule=RULE,
        reasons=tuple(reasons),
    )


@attrs.frozen
class _Extras:
    """The milestone event dates and the cash rounding of one schedule call."""

    events: dict[str, date]
    cash_rounding: CashRounding | None


def _milestone_bases(
    terms: PaymentTerms, baseline: date, events: dict[str, date], reasons: list[Reason]
) -> tuple[date, ...]:
    """Each installment's baseline: its event's date, else the term's baseline."""
    bases = []
    for number, item in enumerate(terms.installments, start=1):
        if item.event is None:
            bases.append(baseline)
            continue
        day = event_date(item.event, events, number)
        bases.append(day)
        reasons.append(
            Reason.of(
                "TERMS.MILESTONE",
                f"Installment {number} counts from the {event_text(item.event)} event, "
                f"dated {day}.",
                installment=number,
                event=item.event,
                baseline_date=day,
            )
        )
    return tuple(bases)


def _check_balance(value: object) -> BalanceConvention:
    try:
        return BalanceConvention(value)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise InvalidInputError("balance", value, "a BalanceConvention") from None
