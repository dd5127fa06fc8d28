"""Schedule lines: one installment's dates, amount and early-payment discount offers.

[`ScheduleLine`][spendrules.payment_terms.ScheduleLine] and [`DiscountOffer`][spendrules.payment_terms.DiscountOffer] are the parts of a
[`PaymentSchedule`][spendrules.payment_terms.PaymentSchedule]; the functions here make
them for one installment once its amount is known: the due rule gives the
unadjusted date, a calendar rolls it (``roll``; each discount deadline by
``discount_roll``), grace days are added, a discount deadline later than its
line's due date is cut back to it, and each tier's discount is its rate times
*this line's* amount (or its share of the amount before tax), rounded once.

References:
    Odoo ``_get_amount_due_after_discount`` (discount modes); ERPNext
    ``apply_early_payment_discount`` (the discount on the grand total: not
    reproduced); SAP T043G grace days; ISDA 2006 section 4.12 roll conventions.
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import attrs

from spendrules._checks import check_date
from spendrules._decimal import CONTEXT, exact
from spendrules._terms.due_rules import (
    Advance,
)
from spendrules._terms.milestones import event_text
from spendrules._terms.model import (
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.rounding import (
    CashRounding,
    cash_round_payable,
)
from spendrules._terms.schedule_amounts import _exponent_ok, _round_fraction
from spendrules._terms.shares import (
    DiscountTier,
    FixedAmount,
    FixedDiscount,
    Percent,
    Ratio,
    Remainder,
    _normal,
)
from spendrules.calendars import BusinessCalendar, Roll, roll
from spendrules.errors import InvalidInputError
from spendrules.money import (
    minor_units,
)
from spendrules.results import Reason, Severity

__all__ = ["DiscountOffer", "ScheduleLine"]


@attrs.frozen
class DiscountOffer:
    """One early-payment discount on one schedule line.

    Attributes:
        rate: The discount rate (a fraction).
        deadline: The last day the discount may be taken (rolled, grace added,
            never after the line's due date).
        unadjusted_deadline: The deadline as the due rule gives it.
        discount: The amount taken off, same sign as the line amount.
        payable: The line amount minus the discount.
        fixed: True for a fixed-amount discount ([`FixedDiscount`][spendrules.payment_terms.FixedDiscount]),
            whose ``rate`` is then the discount as a fraction of the line amount,
            rounded half-even to 10 decimal places (for information only).
    """

    rate: Decimal
    deadline: date
    unadjusted_deadline: date
    discount: Decimal
    payable: Decimal
    fixed: bool = attrs.field(default=False, kw_only=True)


@attrs.frozen
class ScheduleLine:
    """One installment of a schedule.

    Attributes:
        installment: Index of the installment in ``terms.installments``.
        due_date: The net due date (rolled, grace days added).
        unadjusted_due_date: The date the due rule gives.
        amount: The installment's amount (currency minor units; negative for a credit note).
        discounts: The discount offers, in tier order.
    """

    installment: int
    due_date: date
    unadjusted_due_date: date
    amount: Decimal
    discounts: tuple[DiscountOffer, ...]

    def days_late(self, paid_on: date) -> int:
        """Return the days from the due date to ``paid_on`` (0 if paid on or before the due date).

        Interest on a late payment runs from the day after the due date, so a
        payment due 1 April and paid 11 April is 10 days late.

        Examples:
            >>> line = ScheduleLine(0, date(2026, 4, 1), date(2026, 4, 1), Decimal("1500.00"), ())
            >>> line.days_late(date(2026, 4, 11)), line.days_late(date(2026, 3, 30))
            (10, 0)

        References:
            fiscal.treasury.gov "Calculators and Formulas for Paying Interest".
        """
        return max(0, (check_date(paid_on, "paid_on") - self.due_date).days)

    def amount_payable(self, on_date: date) -> Decimal:
        """Return what settles this line on ``on_date``: the best discount still open, else the amount.

        A discount is open through its deadline (inclusive).

        Examples:
            >>> from spendrules.payment_terms import parse_terms, schedule
            >>> line = schedule(parse_terms("2/10 net 30"), invoice_date=date(2026, 3, 15),
            ...                 amount=Decimal("1000.00"), currency="USD").lines[0]
            >>> line.amount_payable(date(2026, 3, 25)), line.amount_payable(date(2026, 3, 26))
            (Decimal('980.00'), Decimal('1000.00'))
        """
        day = check_date(on_date, "on_date")
        best = self.amount
        with exact():
            for offer in self.discounts:
                if day <= offer.deadline and abs(offer.payable) < abs(best):
                    best = offer.payable
        return best


def _percent(rate: Decimal) -> str:
    return f"{_normal(rate.scaleb(2, context=CONTEXT)):f}"


# --------------------------------------------------------------------------- dates


def _adjust(
    day: date, calendar: BusinessCalendar | None, convention: Roll, grace_days: int
) -> date:
    rolled = day if calendar is None else roll(day, calendar, convention)
    return rolled + timedelta(days=grace_days)


def _roll_notes(raw: date, final: date, convention: Roll, grace_days: int) -> list[str]:
    notes = []
    rolled = final - timedelta(days=grace_days)
    if rolled != raw:
        notes.append(f"{raw} is not a business day, rolled {convention.value} to {rolled}")
    if grace_days:
        notes.append(f"plus {grace_days} grace day{'s' if grace_days != 1 else ''}")
    return notes


@attrs.frozen
class _LineDates:
    """The dates of one installment for one baseline (they never depend on the amount)."""

    unadjusted_due: date
    due: date
    #: Per tier: (unadjusted deadline, deadline rolled with grace days added, that cut to ``due``).
    tiers: tuple[tuple[date, date, date], ...]


def _line_dates(
    item: Installment,
    baseline: date,
    *,
    calendar: BusinessCalendar | None,
    net_roll: Roll,
    deadline_roll: Roll,
    grace: int,
    discount_grace: int,
) -> _LineDates:
    raw_due = item.due.due_date(baseline)
    due = _adjust(raw_due, calendar, net_roll, grace)
    tiers = []
    for tier in _offered(item):
        raw = tier.deadline.due_date(baseline)
        rolled = _adjust(raw, calendar, deadline_roll, discount_grace)
        tiers.append((raw, rolled, min(rolled, due)))
    return _LineDates(raw_due, due, tuple(tiers))


def _base_note(item: Installment, baseline: date) -> str:
    if item.event is None:
        return f"baseline {baseline}"
    return f"baseline {baseline}, the {event_text(item.event)} event"


def _offered(item: Installment) -> tuple[DiscountTier | FixedDiscount, ...]:
    """The installment's discounts: its rate tiers, or its fixed-amount discount."""
    return item.discounts if item.fixed_discount is None else (item.fixed_discount,)


def _discount_base_amount(
    amount: Decimal, total: Decimal, tax: Decimal, base: DiscountBase
) -> Fraction:
    if base is DiscountBase.GROSS:
        return Fraction(amount)
    return Fraction(amount) * Fraction(total - tax) / Fraction(total)


def _share_text(item: Installment, total: Decimal, currency: str, *, single: bool) -> str:
    share = item.share
    if single and isinstance(share, Remainder):
        return "the whole amount"
    if isinstance(share, Percent):
        return f"{share.value} % of {total} {currency}"
    if isinstance(share, Ratio):
        return f"{share.value} of {total} {currency}"
    if isinstance(share, FixedAmount):
        return f"a fixed {share.amount} {currency}"
    return f"the balance of {total} {currency}"


def _line(
    index: int,
    item: Installment,
    amount: Decimal,
    *,
    terms: PaymentTerms,
    total: Decimal,
    tax: Decimal,
    baseline: date,
    currency: str,
    calendar: BusinessCalendar | None,
    net_roll: Roll,
    deadline_roll: Roll,
    grace: int,
    discount_grace: int,
    rounding: str,
    reasons: list[Reason],
    cash_rounding: CashRounding | None = None,
) -> ScheduleLine:
    number = index + 1
    try:
        dates = _line_dates(
            item,
            baseline,
            calendar=calendar,
            net_roll=net_roll,
            deadline_roll=deadline_roll,
            grace=grace,
            discount_grace=discount_grace,
        )
    except (OverflowError, ValueError):
        if item.event is None:
            raise
        raise InvalidInputError(
            f"events[{item.event!r}]", baseline, "a date whose due dates fall before the year 10000"
        ) from None
    raw_due, due = dates.unadjusted_due, dates.due
    share = _share_text(item, total, currency, single=len(terms.installments) == 1)
    reasons.append(
        Reason.of(
            "TERMS.INSTALLMENT",
            f"Installment {number}: {share} = {amount} {currency}, due {due}: "
            f"{item.due.describe()} "
            f"({'; '.join([_base_note(item, baseline), *_roll_notes(raw_due, due, net_roll, grace)])}).",
            installment=number,
            amount=amount,
            due_date=due,
            unadjusted_due_date=raw_due,
        )
    )
    if isinstance(item.due, Advance):
        reasons.append(
            Reason.of(
                "TERMS.ADVANCE",
                f"Installment {number} ({amount} {currency}) is an advance payment, due on the "
                f"baseline date {baseline}, before delivery.",
                installment=number,
            )
        )
    offers = tuple(
        _offer(
            number,
            tier,
            amount,
            tier_dates,
            due=due,
            terms=terms,
            total=total,
            tax=tax,
            currency=currency,
            deadline_roll=deadline_roll,
            discount_grace=discount_grace,
            rounding=rounding,
            reasons=reasons,
            cash_rounding=cash_rounding,
        )
        for tier, tier_dates in zip(_offered(item), dates.tiers, strict=True)
    )
    for position in range(1, len(offers)):
        if offers[position].deadline <= offers[position - 1].deadline:
            reasons.append(
                Reason.of(
                    "TERMS.TIER_NEVER_BEST",
                    f"Installment {number}: the {_percent(offers[position].rate)} % tier ends "
                    f"{offers[position].deadline}, no later than the higher "
                    f"{_percent(offers[position - 1].rate)} % tier ({offers[position - 1].deadline}), "
                    "so it never applies.",
                    severity=Severity.WARNING,
                    installment=number,
                )
            )
    return ScheduleLine(index, due, raw_due, amount, offers)


def _offer(
    number: int,
    tier: DiscountTier | FixedDiscount,
    amount: Decimal,
    dates: tuple[date, date, date],
    *,
    due: date,
    terms: PaymentTerms,
    total: Decimal,
    tax: Decimal,
    currency: str,
    deadline_roll: Roll,
    discount_grace: int,
    rounding: str,
    reasons: list[Reason],
    cash_rounding: CashRounding | None = None,
) -> DiscountOffer:
    raw, deadline, _cut = dates
    notes = _roll_notes(raw, deadline, deadline_roll, discount_grace)
    if isinstance(tier, FixedDiscount):
        label = f"fixed {tier.amount} {currency}"
    else:
        label = f"{_percent(tier.rate)} %"
    if deadline > due:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT_CUT_TO_DUE",
                f"Installment {number}: the {label} discount deadline {deadline} "
                f"is after the due date {due}; it is cut back to {due}.",
                severity=Severity.WARNING,
                installment=number,
                deadline=deadline,
                due_date=due,
            )
        )
        deadline = due
    if isinstance(tier, FixedDiscount):
        return _fixed_offer(
            number,
            tier,
            amount,
            deadline=deadline,
            raw=raw,
            notes=notes,
            currency=currency,
            reasons=reasons,
            cash_rounding=cash_rounding,
        )
    base = _discount_base_amount(amount, total, tax, terms.discount_base)
    discount = _round_fraction(base * Fraction(tier.rate), currency, rounding)
    payable = amount - discount
    base_text = (
        f"{amount}"
        if terms.discount_base is DiscountBase.GROSS
        else f"{_round_fraction(base, currency, rounding)} (this line's share of the amount before tax)"
    )
    reasons.append(
        Reason.of(
            "TERMS.DISCOUNT",
            f"Installment {number}: {_percent(tier.rate)} % of {base_text} = "
            f"{discount} {currency} off if paid by {deadline} "
            f"({'; '.join([tier.deadline.describe(), *notes])}); "
            f"pay {payable}.",
            installment=number,
            rate=tier.rate,
            deadline=deadline,
            discount=discount,
            payable=payable,
        )
    )
    if cash_rounding is not None:
        discount, payable = _cash_rounded(
            number, amount, payable, rule=cash_rounding, currency=currency, reasons=reasons
        )
    if terms.discount_base is DiscountBase.MIXED:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT_MIXED",
                f"Installment {number}: mixed discount base: the invoice's tax was computed on the "
                "discounted amount, so the discount applies to the amount before tax only.",
                installment=number,
            )
        )
    return DiscountOffer(tier.rate, deadline, raw, discount, payable)


def _fixed_offer(
    number: int,
    tier: FixedDiscount,
    amount: Decimal,
    *,
    deadline: date,
    raw: date,
    notes: list[str],
    currency: str,
    reasons: list[Reason],
    cash_rounding: CashRounding | None,
) -> DiscountOffer:
    """The offer of a fixed-amount discount (ERPNext "Amount"): at most the line, whole minor units."""
    field = f"terms.installments[{number - 1}].fixed_discount.amount"
    digits = minor_units(currency)
    if not _exponent_ok(tier.amount, digits):
        raise InvalidInputError(
            field,
            tier.amount,
            f"a whole number of {currency} minor units ({digits} decimal places)",
        )
    if tier.amount > abs(amount):
        raise InvalidInputError(
            field, tier.amount, f"at most the installment's amount {abs(amount)} {currency}"
        )
    discount = tier.amount.copy_sign(amount).quantize(amount)
    payable = amount - discount
    reasons.append(
        Reason.of(
            "TERMS.DISCOUNT",
            f"Installment {number}: a fixed {discount} {currency} off {amount} if paid by "
            f"{deadline} ({'; '.join([tier.deadline.describe(), *notes])}); pay {payable}.",
            installment=number,
            amount=tier.amount,
            deadline=deadline,
            discount=discount,
            payable=payable,
        )
    )
    if cash_rounding is not None:
        discount, payable = _cash_rounded(
            number, amount, payable, rule=cash_rounding, currency=currency, reasons=reasons
        )
    rate = (discount / amount).quantize(Decimal("1e-10"), rounding=decimal.ROUND_HALF_EVEN)
    return DiscountOffer(rate, deadline, raw, discount, payable, fixed=True)


def _cash_rounded(
    number: int,
    amount: Decimal,
    payable: Decimal,
    *,
    rule: CashRounding,
    currency: str,
    reasons: list[Reason],
) -> tuple[Decimal, Decimal]:
    """The discount and the discounted amount once the latter is cash-rounded (with a reason if it moved)."""
    rounded = cash_round_payable(amount, payable, rule)
    if rounded != payable:
        reasons.append(
            Reason.of(
                "TERMS.CASH_ROUNDED_PAYABLE",
                f"Installment {number}: the discounted amount {payable} {currency} is cash-rounded "
                f"to {rounded} {currency} (step {_normal(rule.step):f}); the discount becomes "
                f"{amount - rounded} {currency}.",
                installment=number,
                payable=rounded,
                discount=amount - rounded,
            )
        )
    return amount - rounded, rounded
