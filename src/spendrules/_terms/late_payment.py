"""Late payment: interest on a late invoice and the EU Late Payment Directive caps.

* [`late_payment_interest`][spendrules.payment_terms.late_payment_interest]: simple interest (EU Directive 2011/7/EU) or the
  US Prompt Payment monthly compounding;
* [`eu_statutory_interest_rate`][spendrules.payment_terms.eu_statutory_interest_rate]: the ECB reference rate plus the statutory
  eight points;
* [`check_late_payment_directive`][spendrules.payment_terms.check_late_payment_directive]: terms against the caps of 60 days (business)
  and 30 days (public authorities).

The conventions are those of `spendrules._terms.conventions`.

References:
    Directive 2011/7/EU; 5 CFR 1315 (US Prompt Payment). Domain notes
    ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from spendrules._checks import (
    check_currency,
    check_date,
    check_decimal,
    check_int,
    check_non_negative,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._terms.conventions import (
    _ONE,
    _ROUND_HALF_UP,
    _ZERO,
    REFERENCE_CYCLE_DAYS,
    REFERENCE_CYCLE_START,
    _check_bool,
    _check_day_basis,
    _check_terms,
    _constant,
    _enum,
    _fmt,
    _label,
    _no_explicit,
    _optional_date,
    _pct,
    _points,
    _worst_days,
)
from spendrules._terms.model import (
    PaymentTerms,
)
from spendrules.errors import InvalidInputError
from spendrules.money import quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "EU_FIXED_COMPENSATION_EUR",
    "EU_STATUTORY_MARGIN",
    "Debtor",
    "DirectiveStatus",
    "InterestMethod",
    "LatePaymentDirectiveCheck",
    "LatePaymentInterest",
    "check_late_payment_directive",
    "eu_statutory_interest_rate",
    "late_payment_interest",
]
#: The EU statutory late-payment interest margin over the ECB reference rate
#: (Directive 2011/7/EU, Art. 2(6): "at least eight percentage points").
EU_STATUTORY_MARGIN: Final = Decimal("0.08")
#: The EU fixed compensation for recovery costs, in EUR (Directive 2011/7/EU, Art. 6).
EU_FIXED_COMPENSATION_EUR: Final = Decimal("40")


class InterestMethod(SpendEnum):
    """How [`late_payment_interest`][spendrules.payment_terms.late_payment_interest] accrues interest.

    Attributes:
        SIMPLE: ``P × r/B × d`` (EU Directive 2011/7/EU, 5 CFR 1315.17(b)(1)).
        US_PROMPT_PAYMENT: monthly compounding in 30-day periods,
            ``P(1 + r/12)^n × (1 + r/360 × d) − P`` with ``n`` whole 30-day periods
            and ``d`` remaining days, accruing for at most one year
            (5 CFR 1315.10(a)(3), (a)(5)(ii) and 1315.17(b)(2)).
    """

    SIMPLE = "simple"
    US_PROMPT_PAYMENT = "us_prompt_payment"


class Debtor(SpendEnum):
    """The kind of debtor under the EU Late Payment Directive 2011/7/EU.

    Attributes:
        BUSINESS: Business-to-business (Art. 3): 60 days unless expressly
            agreed otherwise and not grossly unfair to the creditor.
        PUBLIC_AUTHORITY: A public authority (Art. 4): 30 days, up to 60 if
            expressly agreed and objectively justified; never more than 60.
        PUBLIC_HEALTHCARE: A public entity providing healthcare, for which a
            Member State may set 60 days (Art. 4(4)(b)).
    """

    BUSINESS = "business"
    PUBLIC_AUTHORITY = "public_authority"
    PUBLIC_HEALTHCARE = "public_healthcare"


class DirectiveStatus(SpendEnum):
    """Outcome of [`check_late_payment_directive`][spendrules.payment_terms.check_late_payment_directive].

    Attributes:
        COMPLIANT: Within the cap.
        CONDITIONAL: Over the cap but allowed by the Directive only under a
            condition the library cannot judge (express agreement and "not grossly
            unfair", or "objectively justified").
        NON_COMPLIANT: Over what the Directive allows.
    """

    COMPLIANT = "compliant"
    CONDITIONAL = "conditional"
    NON_COMPLIANT = "non_compliant"


# --------------------------------------------------------------------------
# Late-payment interest
# --------------------------------------------------------------------------

#: US Prompt Payment interest accrues for at most one year (5 CFR 1315.10(a)(5)(ii)).
_US_MAX_DAYS: Final = 365


@attrs.frozen
class LatePaymentInterest(Explained):
    """Interest owed on a late payment.

    Attributes:
        currency: ISO 4217 code.
        amount: The late principal, rounded.
        annual_rate: The annual interest rate (fraction).
        due_date: The due date; interest runs from the day after.
        paid_date: The payment date (included).
        method: [`InterestMethod`][spendrules.payment_terms.InterestMethod].
        day_basis: Days in the year.
        days_late: ``paid_date − due_date`` in days (0 when paid on time).
        days_charged: Days interest accrues for (``days_late``, capped at 365 under
            the US method).
        periods: Whole 30-day periods compounded (US method; 0 for simple).
        interest: The interest, rounded.
    """

    currency: str
    amount: Decimal
    annual_rate: Decimal
    due_date: date
    paid_date: date
    method: InterestMethod
    day_basis: int
    days_late: int
    days_charged: int
    periods: int
    interest: Decimal
    rule: str = "payment_terms.late_payment_interest@1"
    reasons: tuple[Reason, ...] = ()


def late_payment_interest(
    amount: Decimal | int,
    *,
    currency: str,
    annual_rate: Decimal | int,
    due_date: date,
    paid_date: date,
    method: InterestMethod | str = InterestMethod.SIMPLE,
    day_basis: int = 360,
    rounding: str = _ROUND_HALF_UP,
) -> LatePaymentInterest:
    """Return the interest owed on ``amount`` paid after ``due_date``.

    Interest runs from the day after the due date through the payment date: due
    1 April and paid 11 April is 10 days. ``simple``: ``P × r/B × d``.
    ``us_prompt_payment``: ``P(1 + r/12)^n × (1 + r/360 × d) − P``, with ``n``
    whole 30-day periods and ``d`` remaining days, for at most 365 days.

    Args:
        amount: The late principal, ``>= 0``; rounded to the currency first, and
            the interest is computed on that rounded principal.
        currency: ISO 4217 code.
        annual_rate: Annual rate as a fraction, ``>= 0`` (the Prompt Payment rate; in
            the EU the ECB reference rate plus 8 points, see
            [`eu_statutory_interest_rate`][spendrules.payment_terms.eu_statutory_interest_rate]).
        due_date: Due date.
        paid_date: Payment date; on or before the due date there is no interest.
        method: ``"simple"`` (default) or ``"us_prompt_payment"``.
        day_basis: Default 360 (5 CFR 1315.17); the US method requires 360. Use 365
            where national law counts a 365-day year.
        rounding: Rounding of the interest (default ``ROUND_HALF_UP``).

    Returns:
        A [`LatePaymentInterest`][spendrules.payment_terms.LatePaymentInterest].

    Raises:
        InvalidInputError: negative amount or rate, unknown method or currency,
            ``day_basis`` other than 360 with the US method.
        TypeError: ``float`` amount or rate, dates that are not ``date``.

    Examples:
        >>> from datetime import date
        >>> late_payment_interest(Decimal("1500"), currency="USD", annual_rate=Decimal("0.065"),
        ...                       due_date=date(2026, 4, 1), paid_date=date(2026, 4, 11)).interest
        Decimal('2.71')

    References:
        5 CFR 1315.10(a) (interest from the day after the due date; 30-day
        compounding; one-year limit) and 1315.17(b) (formulas and examples);
        fiscal.treasury.gov "Calculators and Formulas for Paying Interest";
        Directive 2011/7/EU, Art. 2(6), 3 and 4.
    """
    principal = check_non_negative(amount, "amount")
    code = check_currency(currency, "currency")
    rate = check_non_negative(annual_rate, "annual_rate")
    due = check_date(due_date, "due_date")
    paid = check_date(paid_date, "paid_date")
    how = _enum(InterestMethod, method, "method")
    basis = _check_day_basis(day_basis)
    if how is InterestMethod.US_PROMPT_PAYMENT and basis != 360:
        raise InvalidInputError(
            "day_basis", day_basis, "360 with method 'us_prompt_payment' (5 CFR 1315.17)"
        )
    total = quantize(principal, code, rounding=rounding)
    days_late = max((paid - due).days, 0)
    reasons: list[Reason] = []
    periods = 0
    days_charged = days_late
    if days_late == 0:
        interest = quantize(_ZERO, code, rounding=rounding)
        reasons.append(
            Reason.of(
                "TERMS.LATE.NOT_LATE",
                f"Paid on {paid.isoformat()}, not after the due date {due.isoformat()}: "
                "no interest.",
                days_late=days_late,
                annual_rate=rate,
            )
        )
    elif how is InterestMethod.SIMPLE:
        with exact():
            exact_interest = total * rate / basis * days_late
        interest = quantize(exact_interest, code, rounding=rounding)
        reasons.append(
            Reason.of(
                "TERMS.LATE.SIMPLE",
                f"{days_late} days late (from the day after {due.isoformat()} through "
                f"{paid.isoformat()}): {_fmt(total, code)} × {_pct(rate, 3)} / {basis} × "
                f"{days_late} = {_fmt(interest, code)}.",
                days_late=days_late,
                annual_rate=rate,
                interest=interest,
            )
        )
    else:
        days_charged = min(days_late, _US_MAX_DAYS)
        periods, rest = divmod(days_charged, 30)
        with exact():
            grown = total * (_ONE + rate / 12) ** periods * (_ONE + rate / 360 * rest)
            exact_interest = grown - total
        interest = quantize(exact_interest, code, rounding=rounding)
        reasons.append(
            Reason.of(
                "TERMS.LATE.COMPOUNDED",
                f"{days_charged} days late: {periods} whole 30-day periods compounded "
                f"monthly and {rest} more days, {_fmt(total, code)} × (1 + {_pct(rate, 3)}/12)"
                f"^{periods} × (1 + {_pct(rate, 3)}/360 × {rest}) − principal = "
                f"{_fmt(interest, code)}.",
                days_late=days_late,
                annual_rate=rate,
                periods=periods,
                interest=interest,
            )
        )
        if days_late > _US_MAX_DAYS:
            reasons.append(
                Reason.of(
                    "TERMS.LATE.ONE_YEAR_LIMIT",
                    f"Interest stops after one year: {days_late} days late, {_US_MAX_DAYS} "
                    "charged (5 CFR 1315.10(a)(5)(ii)).",
                    days_late=days_late,
                    days_charged=days_charged,
                )
            )
        if interest < 1:
            reasons.append(
                Reason.of(
                    "TERMS.LATE.UNDER_ONE_DOLLAR",
                    f"An interest penalty of {_fmt(interest, code)} is under one dollar and need "
                    "not be paid (5 CFR 1315.10(a)(7)).",
                    interest=interest,
                )
            )
    return LatePaymentInterest(
        currency=code,
        amount=total,
        annual_rate=rate,
        due_date=due,
        paid_date=paid,
        method=how,
        day_basis=basis,
        days_late=days_late,
        days_charged=days_charged,
        periods=periods,
        interest=interest,
        reasons=tuple(reasons),
    )


# --------------------------------------------------------------------------
# EU Late Payment Directive
# --------------------------------------------------------------------------


def eu_statutory_interest_rate(reference_rate: Decimal | int) -> Decimal:
    """Return the EU statutory late-payment rate: the ECB reference rate plus 8 points.

    Args:
        reference_rate: The ECB main refinancing rate for the half-year (fraction,
            may be negative).

    Returns:
        ``reference_rate + 0.08`` (the Directive's minimum; Member States may add more).

    Examples:
        >>> eu_statutory_interest_rate(Decimal("0.0215"))
        Decimal('0.1015')

    References:
        Directive 2011/7/EU, Art. 2(6) and 2(7) (EUR-Lex summary).
    """
    reference = check_decimal(reference_rate, "reference_rate")
    with exact():
        return reference + EU_STATUTORY_MARGIN


_EU_CAPS: Final = {
    Debtor.BUSINESS: (60, None),
    Debtor.PUBLIC_AUTHORITY: (30, 60),
    Debtor.PUBLIC_HEALTHCARE: (60, 60),
}


@attrs.frozen
class LatePaymentDirectiveCheck(Explained):
    """Whether a payment period fits the EU Late Payment Directive 2011/7/EU.

    Attributes:
        debtor: [`Debtor`][spendrules.payment_terms.Debtor].
        payment_days: The longest period, in days after the invoice, the terms allow.
        max_days: The Directive's cap for this debtor without conditions.
        absolute_max_days: The cap no agreement can lift (``None`` for businesses,
            whose cap an express, not grossly unfair agreement can lift).
        expressly_agreed: Whether the caller states the period was expressly agreed.
        status: [`DirectiveStatus`][spendrules.payment_terms.DirectiveStatus].
    """

    debtor: Debtor
    payment_days: int
    max_days: int
    absolute_max_days: int | None
    expressly_agreed: bool
    status: DirectiveStatus
    rule: str = "payment_terms.eu_late_payment_check@1"
    reasons: tuple[Reason, ...] = ()


def _directive_check(
    payment_days: int, debtor: Debtor, *, expressly_agreed: bool, extra: tuple[Reason, ...]
) -> LatePaymentDirectiveCheck:
    cap, absolute = _EU_CAPS[debtor]
    who = {
        Debtor.BUSINESS: "between businesses (Art. 3(5))",
        Debtor.PUBLIC_AUTHORITY: "for a public authority (Art. 4(3) and 4(6))",
        Debtor.PUBLIC_HEALTHCARE: "for a public healthcare entity (Art. 4(4)(b))",
    }[debtor]
    if payment_days <= cap:
        status = DirectiveStatus.COMPLIANT
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.COMPLIANT",
            f"{payment_days} days is within the {cap}-day cap {who}.",
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    elif absolute is not None and payment_days > absolute:
        status = DirectiveStatus.NON_COMPLIANT
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.NON_COMPLIANT",
            f"{payment_days} days exceeds the {absolute}-day limit {who}, which no agreement "
            "can lift.",
            severity=Severity.ERROR,
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    elif expressly_agreed:
        status = DirectiveStatus.CONDITIONAL
        condition = (
            "only if it is not grossly unfair to the creditor"
            if debtor is Debtor.BUSINESS
            else "only if it is objectively justified by the nature of the contract"
        )
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.CONDITIONAL",
            f"{payment_days} days exceeds the {cap}-day cap {who}; the express agreement "
            f"makes it lawful {condition}.",
            severity=Severity.WARNING,
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    else:
        status = DirectiveStatus.NON_COMPLIANT
        reason = Reason.of(
            "TERMS.EU_LATE_PAYMENT.NON_COMPLIANT",
            f"{payment_days} days exceeds the {cap}-day cap {who} and was not expressly agreed.",
            severity=Severity.ERROR,
            payment_days=payment_days,
            max_days=cap,
            debtor=debtor,
        )
    remedies = Reason.of(
        "TERMS.EU_LATE_PAYMENT.REMEDIES",
        "Paid late, the creditor is owed interest at the ECB reference rate plus at least "
        f"{_points(EU_STATUTORY_MARGIN, 0)} and at least EUR {EU_FIXED_COMPENSATION_EUR} "
        "for recovery costs (Art. 2(6), 6).",
        margin=EU_STATUTORY_MARGIN,
        fixed_compensation_eur=EU_FIXED_COMPENSATION_EUR,
    )
    return LatePaymentDirectiveCheck(
        debtor=debtor,
        payment_days=payment_days,
        max_days=cap,
        absolute_max_days=absolute,
        expressly_agreed=expressly_agreed,
        status=status,
        reasons=(*extra, reason, remedies),
    )


def check_late_payment_directive(
    terms: PaymentTerms | None = None,
    *,
    payment_days: int | None = None,
    debtor: Debtor | str = Debtor.BUSINESS,
    expressly_agreed: bool = False,
    invoice_date: date | None = None,
) -> LatePaymentDirectiveCheck:
    """Check a payment period against the caps of the EU Late Payment Directive.

    The period is counted from the baseline of the terms (the Directive counts
    from receipt of the invoice) to the last net due date; discounts do not
    matter.

    Args:
        terms: [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]; or ``None`` with ``payment_days``.
        payment_days: Explicit form: days from receipt of the invoice to payment.
        debtor: ``"business"`` (default, 60 days), ``"public_authority"`` (30 days,
            60 at most) or ``"public_healthcare"`` (60 days).
        expressly_agreed: The longer period was expressly agreed in the contract
            (default ``False``).
        invoice_date: Terms form: the baseline; default ``None`` checks the worst
            case over every baseline from 2024-01-01 to 2027-12-31 (for "net 30 EOM"
            that is 60 days, for an invoice dated the 1st of a 31-day month).

    Returns:
        A [`LatePaymentDirectiveCheck`][spendrules.payment_terms.LatePaymentDirectiveCheck]; being over the cap is a result, not an
        exception.

    Raises:
        InvalidInputError: both or neither of ``terms`` and ``payment_days``;
            negative days; unknown debtor.
        TypeError: non-``int`` days, non-``bool`` ``expressly_agreed``, terms of the
            wrong type.

    Examples:
        >>> check_late_payment_directive(payment_days=90).status
        <DirectiveStatus.NON_COMPLIANT: 'non_compliant'>
        >>> check_late_payment_directive(payment_days=90, expressly_agreed=True).status
        <DirectiveStatus.CONDITIONAL: 'conditional'>
        >>> check_late_payment_directive(payment_days=45, debtor="public_authority").status
        <DirectiveStatus.NON_COMPLIANT: 'non_compliant'>
        >>> from spendrules.payment_terms import parse_terms
        >>> check_late_payment_directive(parse_terms("net 30 EOM")).payment_days
        60

    References:
        Directive 2011/7/EU on combating late payment in commercial transactions,
        Art. 3 and 4 (EUR-Lex summary).
    """
    who = _enum(Debtor, debtor, "debtor")
    agreed = _check_bool(expressly_agreed, "expressly_agreed")
    if terms is None:
        if payment_days is None:
            raise InvalidInputError("terms", None, "PaymentTerms, or payment_days given")
        days = check_int(payment_days, "payment_days", minimum=0)
        return _directive_check(days, who, expressly_agreed=agreed, extra=())
    subject = _check_terms(terms, "terms", fixed_discounts=True)  # discounts: no payment days
    _no_explicit("terms", payment_days=payment_days)
    given_date = _optional_date(invoice_date, "invoice_date")
    days = max(_worst_days(item, given_date) for item in subject.installments)
    extra: tuple[Reason, ...] = ()
    if given_date is None and not all(_constant(item) for item in subject.installments):
        extra = (
            Reason.of(
                "TERMS.EU_LATE_PAYMENT.WORST_CASE",
                f"'{_label(subject)}' depends on the invoice date; over invoice dates from "
                f"{REFERENCE_CYCLE_START.isoformat()} over {REFERENCE_CYCLE_DAYS} days it allows "
                f"up to {days} days.",
                payment_days=days,
            ),
        )
    return _directive_check(days, who, expressly_agreed=agreed, extra=extra)
