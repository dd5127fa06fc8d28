"""Is an early-payment discount worth taking?

* [`forgone_discount_rate`][spendrules.payment_terms.forgone_discount_rate]: the annualised cost of skipping an early-payment
  discount (``2/10 net 30`` costs 37.24 % a year);
* [`should_take_discount`][spendrules.payment_terms.should_take_discount]: take or skip, against a cost of capital or under
  the US Treasury Prompt Payment rule.

The conventions (rates as fractions, day basis, compounding, precision) are those
of `spendrules._terms.conventions`.

Examples:
    >>> from decimal import Decimal
    >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30)
    Decimal('0.3724489796')
    >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30, compounding="effective")
    Decimal('0.4458529273')

References:
    AccountingTools, "Cost of credit formula" (simple cost, d/(1−d) × B/(N−D)).
    CFA Institute, cost of trade credit (effective annual cost), as quoted on
    AnalystForum. FreeAcademy, "Payment Terms and Financing". Domain notes
    ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from spendrules._checks import (
    check_int,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._policy.model import PaymentTermsPolicy
from spendrules._policy.reference import PolicyReference
from spendrules._terms.agreed_terms import from_policy, with_citation
from spendrules._terms.conventions import (
    _ONE,
    _ZERO,
    REFERENCE_YEAR_START,
    Compounding,
    DiscountConvention,
    _check_day_basis,
    _check_discount,
    _check_rate_above_minus_one,
    _check_terms,
    _day_text,
    _days,
    _dec,
    _enum,
    _label,
    _no_explicit,
    _optional_date,
    _pct,
    _pick_installment,
    _plain_pct,
    _points,
    _power,
    _rate,
    _Timing,
    _timing,
)
from spendrules._terms.model import (
    DiscountBase,
    PaymentTerms,
)
from spendrules.errors import InvalidInputError
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "DiscountConvention",
    "DiscountDecision",
    "TierComparison",
    "forgone_discount_rate",
    "should_take_discount",
]


# --------------------------------------------------------------------------
# Forgone discount rate
# --------------------------------------------------------------------------


class TierComparison(SpendEnum):
    """What skipping a discount tier is compared with in [`forgone_discount_rate`][spendrules.payment_terms.forgone_discount_rate].

    Attributes:
        NET: Paying the full amount on the pay day (the net day by default):
            the textbook cost of skipping the discount altogether.
        NEXT_TIER: Paying on the next tier's deadline with its smaller discount
            (the marginal cost of waiting; the last tier compares with the net day).
            For ``3/10, 2/30, net 60``, tier 0 costs ``(0.03 − 0.02)/(1 − 0.03)``
            over 20 days.
    """

    NET = "net"
    NEXT_TIER = "next_tier"


def _forgone(
    discount: Decimal,
    days: Decimal,
    basis: int,
    compounding: Compounding,
    later_discount: Decimal = _ZERO,
) -> Decimal:
    """Unrounded annual cost of giving up ``discount`` for ``later_discount`` ``days`` later."""
    with exact():
        if compounding is Compounding.ROUGH:
            return (discount - later_discount) * basis / days
        premium = (discount - later_discount) / (_ONE - discount)
        if compounding is Compounding.SIMPLE:
            return premium * basis / days
        return _power(_ONE + premium, Decimal(basis) / days, _ONE)


def _explicit_days(
    discount_days: object, net_days: object, pay_day: object
) -> tuple[int, int, int]:
    early = check_int(discount_days, "discount_days", minimum=0)
    net = check_int(net_days, "net_days", minimum=0)
    if net <= early:
        raise InvalidInputError("net_days", net_days, f"> discount_days ({early})")
    late = net if pay_day is None else check_int(pay_day, "pay_day", minimum=0)
    if late <= early:
        raise InvalidInputError("pay_day", pay_day, f"> discount_days ({early})")
    return early, net, late


def forgone_discount_rate(
    terms: PaymentTerms | None = None,
    *,
    rate: Decimal | int | None = None,
    discount_days: int | None = None,
    net_days: int | None = None,
    pay_day: int | None = None,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.SIMPLE,
    tier: int = 0,
    installment: int | None = None,
    versus: TierComparison | str = TierComparison.NET,
    invoice_date: date | None = None,
) -> Decimal:
    """Return the annualised cost of skipping an early-payment discount, as a fraction.

    Skipping a discount ``d`` offered until day ``D`` and paying on day ``P``
    (the net day ``N`` unless ``pay_day`` says otherwise) borrows ``1 − d`` from
    the supplier for ``P − D`` days at the price ``d``. Give either ``terms``
    (and pick the ``tier``) or the explicit ``rate``, ``discount_days`` and
    ``net_days``.

    Args:
        terms: [`PaymentTerms`][spendrules.payment_terms.PaymentTerms] with at least one discount tier; or ``None``
            for the explicit form.
        rate: Explicit form: the discount ``d`` as a fraction, ``0 <= d < 1``.
        discount_days: Explicit form: ``D``, the last day of the discount.
        net_days: Explicit form: ``N``, the net due day, after ``D``.
        pay_day: ``P``, the day the buyer pays when skipping the discount; default
            ``None`` means the net day. Later than ``N`` lowers the cost (stretching).
            Must be after ``D``.
        day_basis: ``B``; default 365 (360 also common).
        compounding: ``"simple"`` (default): ``d/(1−d) × B/(P−D)``; ``"effective"``:
            ``(1 + d/(1−d))^(B/(P−D)) − 1``; ``"rough"``: ``d × B/(P−D)``.
        tier: Terms form: which discount tier (0, the highest rate, by default).
        installment: Terms form: which installment; default ``None`` means the
            only installment that offers a discount.
        versus: Terms form: ``"net"`` (default) compares with paying on ``P``;
            ``"next_tier"`` with paying on the next tier's deadline at its discount.
        invoice_date: Terms form: the baseline date, for due rules that depend on
            the calendar (end of month, prox). Default ``None``: the days of such
            rules are averaged over every baseline of 2025
            (`REFERENCE_YEAR_START`), i.e. invoices spread evenly.

    Returns:
        The annual rate as a fraction, rounded half-even to `RATE_PLACES`
        places. The discount is taken as a share of the installment's amount; for
        terms whose discounts apply to the amount before tax, the share of the
        amount paid is smaller (pass the explicit ``rate`` to account for it).

    Raises:
        InvalidInputError: both or neither of the forms; ``rate`` outside
            ``[0, 1)``; negative days; net or pay day not after the discount day;
            ``day_basis < 1``; unknown convention; a tier or installment that does
            not exist; an ambiguous installment.
        TypeError: a ``float`` rate, non-``int`` days, terms of the wrong type.

    Examples:
        >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30)
        Decimal('0.3724489796')
        >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30, day_basis=360)
        Decimal('0.3673469388')
        >>> forgone_discount_rate(rate=Decimal("0.02"), discount_days=10, net_days=30, pay_day=45)
        Decimal('0.2128279883')
        >>> from spendrules.payment_terms import parse_terms
        >>> forgone_discount_rate(parse_terms("3/10, 2/30, net 60"), tier=1)
        Decimal('0.2482993197')
        >>> forgone_discount_rate(parse_terms("3/10, 2/30, net 60"), versus="next_tier")
        Decimal('0.1881443299')

    References:
        AccountingTools, "Cost of credit formula"; FreeAcademy, "Payment Terms and
        Financing"; CFA Institute cost of trade credit (effective); NOAA NAO 203-31
        Exhibit 4 (rough rule); SAP "Cash Discount Percentage Rates and Cash
        Discount Terms" (two tiers plus net).
    """
    basis = _check_day_basis(day_basis)
    mode = _enum(Compounding, compounding, "compounding")
    if terms is None:
        if rate is None or discount_days is None or net_days is None:
            raise InvalidInputError(
                "terms", None, "PaymentTerms, or rate, discount_days and net_days all given"
            )
        discount = _check_discount(rate, "rate")
        early, _net, late = _explicit_days(discount_days, net_days, pay_day)
        return _rate(_forgone(discount, Decimal(late - early), basis, mode))
    subject = _check_terms(terms, "terms")
    _no_explicit("terms", rate=rate, discount_days=discount_days, net_days=net_days)
    against = _enum(TierComparison, versus, "versus")
    index = _pick_installment(subject, installment)
    if index is None:
        raise InvalidInputError("terms", _label(subject), "terms with an early-payment discount")
    item = subject.installments[index]
    position = check_int(tier, "tier", minimum=0)
    if position >= len(item.discounts):
        raise InvalidInputError(
            "tier", tier, f"an index below {len(item.discounts)} (installment {index}'s tiers)"
        )
    timing = _timing(item, _optional_date(invoice_date, "invoice_date"))
    paid = timing.net if pay_day is None else Fraction(check_int(pay_day, "pay_day", minimum=0))
    later_discount = _ZERO
    if against is TierComparison.NEXT_TIER and position + 1 < len(item.discounts):
        paid = timing.tiers[position + 1]
        later_discount = item.discounts[position + 1].rate
    days = paid - timing.tiers[position]
    if days <= 0:
        raise InvalidInputError(
            "tier",
            tier,
            f"a tier whose deadline (day {_day_text(timing.tiers[position])}) is before the "
            f"day it is compared with (day {_day_text(paid)})",
        )
    return _rate(_forgone(item.discounts[position].rate, _dec(days), basis, mode, later_discount))


# --------------------------------------------------------------------------
# Should the buyer take the discount?
# --------------------------------------------------------------------------


@attrs.frozen
class DiscountDecision(Explained):
    """Whether to take an early-payment discount, and by what margin.

    Attributes:
        take: Take the discount (pay by ``pay_day`` at the discounted amount).
        convention: [`DiscountConvention`][spendrules.payment_terms.DiscountConvention] used.
        compounding: [`Compounding`][spendrules.payment_terms.Compounding] of the rates.
        day_basis: Days in the year.
        cost_of_capital: The rate the forgone rate is compared with (the Current
            Value of Funds rate under the US Treasury rule).
        installment: Index of the installment decided on (``None`` for the explicit form).
        tier: Index of the tier taken, or of the best tier declined; ``None``
            when no discount is available.
        discount_rate: That tier's discount (0 when none).
        discount_days: That tier's deadline, days after the baseline (0 when none).
        pay_day: When to pay, days after the baseline: the tier's deadline if
            taken, else the net (or given) pay day.
        forgone_rate: Annualised cost of skipping that tier; ``None`` when no
            discount is available or it is open until the pay day (free).
        break_even_cost_of_capital: The cost of capital at which the decision flips
            (the highest forgone rate of any tier); ``None`` as for ``forgone_rate``.
        margin: ``break_even_cost_of_capital − cost_of_capital`` (positive: take);
            ``None`` when there is no finite break-even.
        policy_reference: Under a ``PaymentTermsPolicy`` read from a file, the file,
            citing the settings taken from it (``payment_terms.cost_of_capital``,
            ``payment_terms.discount_convention``); None otherwise.
    """

    take: bool
    convention: DiscountConvention
    compounding: Compounding
    day_basis: int
    cost_of_capital: Decimal
    installment: int | None
    tier: int | None
    discount_rate: Decimal
    discount_days: Decimal
    pay_day: Decimal
    forgone_rate: Decimal | None
    break_even_cost_of_capital: Decimal | None
    margin: Decimal | None
    rule: str = "payment_terms.discount_decision@1"
    reasons: tuple[Reason, ...] = ()
    policy_reference: PolicyReference | None = None

    def primary_reason(self) -> Reason | None:
        """Return the reason that states the decision (take, skip, indifferent or none).

        Examples:
            >>> decision = should_take_discount(rate=Decimal("0.02"), discount_days=10,
            ...                                 net_days=30, cost_of_capital=Decimal("0.08"))
            >>> decision.primary_reason().code
            'TERMS.DISCOUNT.TAKE'
        """
        return self.reasons[-1] if self.reasons else None


@attrs.frozen
class _Option:
    index: int
    rate: Decimal
    deadline: Fraction


def _growth(rate: Decimal, days: Decimal, basis: int, compounding: Compounding) -> Decimal:
    with exact():
        if compounding is Compounding.EFFECTIVE:
            return _power(_ONE + rate, days / basis)
        return _ONE + rate * days / basis


def _decide(
    options: Sequence[_Option],
    pay: Fraction,
    *,
    cost: Decimal,
    convention: DiscountConvention,
    compounding: Compounding,
    basis: int,
    age: int,
    installment: int | None,
    extra: Sequence[Reason],
) -> DiscountDecision:
    reasons: list[Reason] = list(extra)
    if convention is DiscountConvention.US_TREASURY:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.US_TREASURY",
                "US Treasury rule (TFM 6-8040.40): effective annual discount rate "
                "d/(1−d) × 360/(days in the payment period − days left in the discount "
                f"period), taken when larger than the Current Value of Funds rate {_pct(cost)}.",
                current_value_of_funds=cost,
                invoice_age_days=age,
            )
        )
    available: list[tuple[_Option, Decimal | None, Fraction]] = []
    for option in options:
        left = option.deadline - age
        label = f"{_plain_pct(option.rate)} discount (until day {_day_text(option.deadline)})"
        if left < 0:
            reasons.append(
                Reason.of(
                    "TERMS.DISCOUNT.EXPIRED",
                    f"The {label} expired: the invoice is {age} days old.",
                    tier=option.index,
                    invoice_age_days=age,
                )
            )
            continue
        days = pay - left
        if days <= 0:
            reasons.append(
                Reason.of(
                    "TERMS.DISCOUNT.FREE",
                    f"The {label} is open until the pay day (day {_day_text(pay)}) itself: "
                    "taking it costs no financing at all.",
                    tier=option.index,
                )
            )
            available.append((option, None, days))
            continue
        forgone = _rate(_forgone(option.rate, _dec(days), basis, compounding))
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.FORGONE_RATE",
                f"Skipping the {label} to pay {_day_text(days)} days later costs "
                f"{_pct(forgone)} a year ({compounding.value}, {basis}-day basis).",
                tier=option.index,
                days=_dec(days),
                forgone_rate=forgone,
            )
        )
        available.append((option, forgone, days))
    if not available:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.NONE",
                f"No early-payment discount is available: pay on day {_day_text(pay)}.",
                pay_day=_dec(pay),
            )
        )
        return DiscountDecision(
            take=False,
            convention=convention,
            compounding=compounding,
            day_basis=basis,
            cost_of_capital=cost,
            installment=installment,
            tier=None,
            discount_rate=_ZERO,
            discount_days=_days(_ZERO),
            pay_day=_days(_dec(pay)),
            forgone_rate=None,
            break_even_cost_of_capital=None,
            margin=None,
            reasons=tuple(reasons),
        )
    finite = [forgone for _o, forgone, _d in available if forgone is not None]
    free = any(forgone is None for _o, forgone, _d in available)
    break_even = None if free else max(finite)
    take = free or (break_even is not None and cost < break_even)

    def saving(entry: tuple[_Option, Decimal | None, Fraction]) -> tuple[Decimal, Fraction]:
        option, _forgone_rate, days = entry
        with exact():
            if compounding is Compounding.ROUGH:
                value = option.rate - cost * _dec(max(days, Fraction(0))) / basis
            else:
                growth = _growth(cost, _dec(max(days, Fraction(0))), basis, compounding)
                value = _ONE - (_ONE - option.rate) * growth
        return value, option.deadline

    if take:
        eligible = [e for e in available if e[1] is None or cost < e[1]]
        chosen = max(eligible, key=saving)
    else:
        chosen = max(available, key=lambda e: (e[1], -e[0].index))
    option, chosen_rate, _days_gained = chosen
    with exact():
        margin = None if break_even is None else break_even - cost
    pay_day = option.deadline if take else pay
    head = f"the {_plain_pct(option.rate)} discount"
    if free:
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.TAKE",
                f"Take {head} and pay on day {_day_text(pay_day)}: it costs nothing to take.",
                tier=option.index,
            )
        )
    elif take:
        assert break_even is not None and margin is not None  # noqa: S101 - not free
        reasons.append(
            Reason.of(
                "TERMS.DISCOUNT.TAKE",
                f"Take {head} and pay by day {_day_text(pay_day)}: skipping it costs "
                f"{_pct(chosen_rate or _ZERO)} a year, more than the {_pct(cost)} cost of capital "
                f"(break-even {_pct(break_even)}, margin {_points(margin)}).",
                tier=option.index,
                break_even=break_even,
                margin=margin,
            )
        )
    else:
        assert break_even is not None and margin is not None  # noqa: S101 - not free
        code = "TERMS.DISCOUNT.INDIFFERENT" if cost == break_even else "TERMS.DISCOUNT.SKIP"
        relation = "equals" if cost == break_even else "is above"
        reasons.append(
            Reason.of(
                code,
                f"Skip {head} and pay on day {_day_text(pay)}: the {_pct(cost)} cost of capital "
                f"{relation} what skipping costs ({_pct(break_even)} a year); the discount is "
                f"worth taking only while capital costs less than {_pct(break_even)}.",
                tier=option.index,
                break_even=break_even,
                margin=margin,
            )
        )
    return DiscountDecision(
        take=take,
        convention=convention,
        compounding=compounding,
        day_basis=basis,
        cost_of_capital=cost,
        installment=installment,
        tier=option.index,
        discount_rate=option.rate,
        discount_days=_days(_dec(option.deadline)),
        pay_day=_days(_dec(pay_day)),
        forgone_rate=chosen_rate,
        break_even_cost_of_capital=break_even,
        margin=margin,
        reasons=tuple(reasons),
    )


def _averaged_reason(terms: PaymentTerms, timing: _Timing) -> Reason:
    return Reason.of(
        "TERMS.DAYS.AVERAGED",
        f"'{_label(terms)}' depends on the invoice date; its days are averaged over the "
        f"invoice dates of {REFERENCE_YEAR_START.year} (net day {_day_text(timing.net)} on "
        "average).",
        net_days=_dec(timing.net),
    )


def _base_reason(terms: PaymentTerms) -> list[Reason]:
    if terms.discount_base is DiscountBase.GROSS:
        return []
    return [
        Reason.of(
            "TERMS.DISCOUNT.BASE_NOT_GROSS",
            f"The discounts of '{_label(terms)}' apply to the amount before tax, so they are a "
            "smaller share of what is paid than their rate; the rates here use the full rate "
            "(an upper bound of the discount's value).",
            severity=Severity.WARNING,
            discount_base=terms.discount_base,
        )
    ]


def should_take_discount(
    terms: PaymentTerms | None = None,
    *,
    cost_of_capital: Decimal | int | None = None,
    rate: Decimal | int | None = None,
    discount_days: int | None = None,
    net_days: int | None = None,
    pay_day: int | None = None,
    convention: DiscountConvention | str | None = None,
    day_basis: int | None = None,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_age_days: int = 0,
    installment: int | None = None,
    invoice_date: date | None = None,
    policy: PaymentTermsPolicy | None = None,
) -> DiscountDecision:
    """Decide whether to take an early-payment discount.

    Each tier's forgone rate (see [`forgone_discount_rate`][spendrules.payment_terms.forgone_discount_rate]) is compared with
    ``cost_of_capital``: the discount is taken when skipping it costs more. With
    several tiers, the decision flips at the highest forgone rate
    (``break_even_cost_of_capital``), and the tier taken is the one that saves the
    most once the cost of paying early is counted. Equality means skip (keep the
    cash; the reason says indifferent).

    Args:
        terms: [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]; or ``None`` for the explicit form.
        cost_of_capital: The buyer's annual cost of capital (or the Treasury's
            Current Value of Funds rate), a fraction ``> -1``; default ``None``:
            the ``policy``'s (required without a policy).
        rate: Explicit form: the discount, ``0 <= d < 1``.
        discount_days: Explicit form: the last day of the discount.
        net_days: Explicit form: the net due day.
        pay_day: The day the buyer pays when skipping; default the net day.
        convention: ``"cost_of_capital"`` or ``"us_treasury"``; default ``None``:
            the ``policy``'s discount convention, else ``"cost_of_capital"``.
        day_basis: Default ``None``: 365 under ``cost_of_capital``, 360 under
            ``us_treasury`` (which requires 360).
        compounding: ``"simple"`` (default), ``"effective"`` or ``"rough"``;
            ``us_treasury`` requires ``"simple"``.
        invoice_age_days: ``us_treasury`` only: days since the invoice was
            received; the days left in the discount period are the discount days
            minus this. Default 0.
        installment: Terms form: which installment; default the only one with a
            discount.
        invoice_date: Terms form: the baseline date for calendar-dependent rules;
            default ``None`` averages them over the invoice dates of 2025.
        policy: The agreed [`PaymentTermsPolicy`][spendrules.policy.PaymentTermsPolicy]:
            lends its cost of capital and discount convention where the arguments
            are ``None`` (an explicit argument wins, and ``POLICY.OVERRIDDEN`` says
            so when it differs); one read from a file is cited on the decision.

    Returns:
        A [`DiscountDecision`][spendrules.payment_terms.DiscountDecision]. No discount available is a decision to skip,
        not an error.

    Raises:
        InvalidInputError: as [`forgone_discount_rate`][spendrules.payment_terms.forgone_discount_rate]; a day basis or
            compounding that contradicts ``us_treasury``; ``invoice_age_days`` with
            ``cost_of_capital``; no cost of capital and no policy.
        TypeError: ``float`` rates, non-``int`` days, a policy that is not a
            PaymentTermsPolicy.

    Examples:
        >>> decision = should_take_discount(rate=Decimal("0.02"), discount_days=10, net_days=30,
        ...                                 cost_of_capital=Decimal("0.08"))
        >>> decision.take, decision.break_even_cost_of_capital, decision.margin
        (True, Decimal('0.3724489796'), Decimal('0.2924489796'))
        >>> treasury = should_take_discount(rate=Decimal("0.02"), discount_days=10, net_days=30,
        ...     cost_of_capital=Decimal("0.01"), convention="us_treasury", invoice_age_days=6)
        >>> treasury.take, treasury.forgone_rate
        (True, Decimal('0.2825745683'))

        Under the bundled policy (8 % cost of capital):

        >>> from spendrules.payment_terms import parse_terms
        >>> from spendrules.policy import example_text, loads
        >>> agreed = loads(example_text()).payment_terms
        >>> cited = should_take_discount(parse_terms("2/10 net 30"), policy=agreed)
        >>> cited.take, cited.cost_of_capital, cited.policy_reference.clauses
        (True, Decimal('0.08'), ('payment_terms.cost_of_capital', 'payment_terms.discount_convention'))

    References:
        fiscal.treasury.gov, "Formula and Calculator for Discounts"; Treasury
        Financial Manual Vol. I Part 6 Chapter 8000, section 8040.40 (quoted in
        Treasury OIG letter OIG-13-CA-008); AccountingTools, "Cost of credit formula".
    """
    lent = from_policy(policy, cost_of_capital=cost_of_capital, convention=convention)
    decision = _should_take(
        terms,
        cost_of_capital=lent.cost_of_capital,
        rate=rate,
        discount_days=discount_days,
        net_days=net_days,
        pay_day=pay_day,
        convention=lent.convention,
        day_basis=day_basis,
        compounding=compounding,
        invoice_age_days=invoice_age_days,
        installment=installment,
        invoice_date=invoice_date,
    )
    return with_citation(decision, lent, last_is_primary=True)


def _should_take(
    terms: PaymentTerms | None,
    *,
    cost_of_capital: Decimal | int,
    rate: Decimal | int | None,
    discount_days: int | None,
    net_days: int | None,
    pay_day: int | None,
    convention: DiscountConvention | str,
    day_basis: int | None,
    compounding: Compounding | str,
    invoice_age_days: int,
    installment: int | None,
    invoice_date: date | None,
) -> DiscountDecision:
    cost = _check_rate_above_minus_one(cost_of_capital, "cost_of_capital")
    rule = _enum(DiscountConvention, convention, "convention")
    mode = _enum(Compounding, compounding, "compounding")
    age = check_int(invoice_age_days, "invoice_age_days", minimum=0)
    if rule is DiscountConvention.US_TREASURY:
        if day_basis is not None and day_basis != 360:
            raise InvalidInputError("day_basis", day_basis, "360 (or None) under 'us_treasury'")
        if mode is not Compounding.SIMPLE:
            raise InvalidInputError("compounding", compounding, "'simple' under 'us_treasury'")
        basis = 360
    else:
        if age:
            raise InvalidInputError(
                "invoice_age_days", invoice_age_days, "0 unless convention is 'us_treasury'"
            )
        basis = 365 if day_basis is None else _check_day_basis(day_basis)
    if terms is None:
        if rate is None or discount_days is None or net_days is None:
            raise InvalidInputError(
                "terms", None, "PaymentTerms, or rate, discount_days and net_days all given"
            )
        discount = _check_discount(rate, "rate")
        early, _net, late = _explicit_days(discount_days, net_days, pay_day)
        options = [_Option(0, discount, Fraction(early))] if discount > 0 else []
        return _decide(
            options,
            Fraction(late),
            cost=cost,
            convention=rule,
            compounding=mode,
            basis=basis,
            age=age,
            installment=None,
            extra=(),
        )
    subject = _check_terms(terms, "terms")
    _no_explicit("terms", rate=rate, discount_days=discount_days, net_days=net_days)
    index = _pick_installment(subject, installment)
    given_date = _optional_date(invoice_date, "invoice_date")
    extra = _base_reason(subject)
    if index is None:
        timing = _timing(subject.installments[-1], given_date)
        options = []
    else:
        item = subject.installments[index]
        timing = _timing(item, given_date)
        options = [
            _Option(position, tier.rate, deadline)
            for position, (tier, deadline) in enumerate(
                zip(item.discounts, timing.tiers, strict=True)
            )
        ]
    if timing.averaged:
        extra.append(_averaged_reason(subject, timing))
    paid = timing.net if pay_day is None else Fraction(check_int(pay_day, "pay_day", minimum=0))
    return _decide(
        options,
        paid,
        cost=cost,
        convention=rule,
        compounding=mode,
        basis=basis,
        age=age,
        installment=index,
        extra=extra,
    )
