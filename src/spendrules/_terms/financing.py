"""Financing offers on payables: dynamic discounting and supply chain finance.

* [`dynamic_discount`][spendrules.payment_terms.dynamic_discount]: the discount for paying a given number of days early
  at an annual rate (sliding scale, day basis 360 by default);
* [`supply_chain_finance`][spendrules.payment_terms.supply_chain_finance]: a reverse-factoring programme, what the supplier
  pays the funder and what each side gains.

The conventions are those of `spendrules._terms.conventions`.

References:
    Domain notes ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from spendrules._checks import (
    check_currency,
    check_int,
    check_non_negative,
)
from spendrules._decimal import exact
from spendrules._terms.conventions import (
    _ROUND_HALF_UP,
    _check_day_basis,
    _fmt,
    _pct,
    _rate,
)
from spendrules.errors import InvalidInputError
from spendrules.money import quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "DynamicDiscount",
    "SupplyChainFinance",
    "dynamic_discount",
    "supply_chain_finance",
]


# --------------------------------------------------------------------------
# Dynamic discounting
# --------------------------------------------------------------------------


@attrs.frozen
class DynamicDiscount(Explained):
    """An early-payment offer priced at an APR (dynamic discounting).

    Attributes:
        currency: ISO 4217 code of every amount.
        amount: The invoice amount, rounded to the currency.
        apr: The annual rate the discount is priced at (a fraction).
        days_early: Days between the early payment and the due date.
        day_basis: Days in the year used for the pro-rating.
        discount: ``amount × apr × days_early / day_basis``, rounded.
        payable: ``amount − discount``.
        discount_rate: ``discount`` as a fraction of ``amount`` (unrounded
            formula ``apr × days_early / day_basis``, rounded to
            `RATE_PLACES`).
    """

    currency: str
    amount: Decimal
    apr: Decimal
    days_early: int
    day_basis: int
    discount: Decimal
    payable: Decimal
    discount_rate: Decimal
    rule: str = "payment_terms.dynamic_discount@1"
    reasons: tuple[Reason, ...] = ()


def dynamic_discount(
    amount: Decimal | int,
    *,
    currency: str,
    apr: Decimal | int,
    days_early: int,
    day_basis: int = 360,
    rounding: str = _ROUND_HALF_UP,
) -> DynamicDiscount:
    """Price paying an invoice ``days_early`` days early at an annual rate (dynamic discounting).

    Args:
        amount: Invoice amount, ``>= 0``; rounded to the currency first, and the
            discount is computed on that rounded amount.
        currency: ISO 4217 code.
        apr: Annual rate of the offer as a fraction, ``>= 0``.
        days_early: Days between the early payment and the due date, ``>= 0``.
        day_basis: Days in the year; default 360, as Oracle Fusion and Kanexa price
            early-payment offers.
        rounding: Rounding of the discount (default ``ROUND_HALF_UP``).

    Returns:
        A [`DynamicDiscount`][spendrules.payment_terms.DynamicDiscount]; ``discount + payable == amount`` exactly.

    Raises:
        InvalidInputError: negative amount, APR or days; unknown currency.
        TypeError: ``float`` amount or APR.

    Examples:
        >>> offer = dynamic_discount(Decimal("10000"), currency="USD", apr=Decimal("0.12"), days_early=30)
        >>> offer.discount, offer.payable
        (Decimal('100.00'), Decimal('9900.00'))

    References:
        Oracle Fusion, "Reviewing Early Payment Discount Offers" (APR × days / 360);
        Kanexa help; C2FO, "APR vs discount".
    """
    value = check_non_negative(amount, "amount")
    code = check_currency(currency, "currency")
    annual = check_non_negative(apr, "apr")
    days = check_int(days_early, "days_early", minimum=0)
    basis = _check_day_basis(day_basis)
    total = quantize(value, code, rounding=rounding)
    with exact():
        exact_discount = total * annual * days / basis  # on the amount shown, rounded once
        fraction = annual * days / basis
    discount = quantize(exact_discount, code, rounding=rounding)
    with exact():
        payable = total - discount
    reason = Reason.of(
        "TERMS.DYNAMIC_DISCOUNT.OFFER",
        f"Paying {_fmt(total, code)} {days} days early at {_pct(annual)} a year "
        f"({day_basis}-day basis) earns a discount of {_fmt(discount, code)}: "
        f"pay {_fmt(payable, code)}.",
        amount=total,
        apr=annual,
        days_early=days,
        day_basis=basis,
        discount=discount,
    )
    return DynamicDiscount(
        currency=code,
        amount=total,
        apr=annual,
        days_early=days,
        day_basis=basis,
        discount=discount,
        payable=payable,
        discount_rate=_rate(fraction),
        reasons=(reason,),
    )


# --------------------------------------------------------------------------
# Supply chain finance
# --------------------------------------------------------------------------


@attrs.frozen
class SupplyChainFinance(Explained):
    """Who gains what when a funder pays the supplier early against the buyer's credit.

    Notation (chenhaozhou SCF course, ch. 2): invoice ``F``, term ``T`` days,
    extended term ``T'`` (the day the buyer pays the funder), funding day ``t``
    (the day the funder pays the supplier), funder rate ``r_k``, supplier's cost
    of capital ``r_s``, buyer's cost of capital ``r_b``, day basis ``B``.

    Attributes:
        currency: ISO 4217 code of every amount.
        amount: ``F``, rounded.
        term_days: ``T``.
        extended_term_days: ``T'``.
        funding_day: ``t``.
        funder_rate: ``r_k``.
        supplier_cost_of_capital: ``r_s``.
        buyer_cost_of_capital: ``r_b``.
        day_basis: ``B``.
        funder_discount: What the supplier pays the funder, ``F × r_k × (T' − t)/B``.
        supplier_receives: ``F − funder_discount``, paid on day ``t``.
        supplier_cost_without: What carrying the receivable from day ``t`` to ``T``
            would cost the supplier itself, ``F × r_s × (T − t)/B``.
        supplier_gain: ``supplier_cost_without − funder_discount`` (negative: a loss).
        buyer_gain: Value of paying ``T' − T`` days later, ``F × r_b × (T' − T)/B``.
        total_gain: ``supplier_gain + buyer_gain`` (the funder's income is not counted).
        arbitrage: ``r_k < r_s``: the funder prices the buyer's credit below the
            supplier's own cost of funds ("credit arbitrage").
    """

    currency: str
    amount: Decimal
    term_days: int
    extended_term_days: int
    funding_day: int
    funder_rate: Decimal
    supplier_cost_of_capital: Decimal
    buyer_cost_of_capital: Decimal
    day_basis: int
    funder_discount: Decimal
    supplier_receives: Decimal
    supplier_cost_without: Decimal
    supplier_gain: Decimal
    buyer_gain: Decimal
    total_gain: Decimal
    arbitrage: bool
    rule: str = "payment_terms.supply_chain_finance@1"
    reasons: tuple[Reason, ...] = ()


def supply_chain_finance(
    amount: Decimal | int,
    *,
    currency: str,
    term_days: int,
    funding_day: int,
    funder_rate: Decimal | int,
    supplier_cost_of_capital: Decimal | int,
    buyer_cost_of_capital: Decimal | int,
    extended_term_days: int | None = None,
    day_basis: int = 360,
    rounding: str = _ROUND_HALF_UP,
) -> SupplyChainFinance:
    """Split the gains of a supply chain finance (reverse factoring) programme.

    A funder pays the supplier on ``funding_day`` at a discount priced on the
    buyer's credit; the buyer pays the funder in full on ``extended_term_days``
    (the original ``term_days`` when terms are not extended). The supplier
    compares the funder's discount with carrying the receivable itself; the
    buyer gains the value of the extension.

    Args:
        amount: Invoice amount ``F``, ``>= 0``; rounded to the currency first, and
            every amount is computed on that rounded ``F``.
        currency: ISO 4217 code.
        term_days: ``T``, the current term in days, ``>= 0``.
        funding_day: ``t``, when the funder pays the supplier, ``0 <= t <= T``.
        funder_rate: ``r_k``, the funder's annual discount rate (fraction, ``>= 0``).
        supplier_cost_of_capital: ``r_s`` (fraction, ``>= 0``).
        buyer_cost_of_capital: ``r_b`` (fraction, ``>= 0``).
        extended_term_days: ``T' >= T``; default ``None`` means ``T`` (no extension).
        day_basis: ``B``; default 360, as funders quote discounts ACT/360.
        rounding: Rounding of each amount (default ``ROUND_HALF_UP``).

    Returns:
        A [`SupplyChainFinance`][spendrules.payment_terms.SupplyChainFinance]; ``supplier_receives + funder_discount == amount``
        and ``total_gain == supplier_gain + buyer_gain`` exactly.

    Raises:
        InvalidInputError: negative inputs, ``funding_day > term_days`` or
            ``extended_term_days < term_days``.
        TypeError: ``float`` amounts or rates, non-``int`` days.

    Examples:
        >>> scf = supply_chain_finance(
        ...     Decimal("100000"), currency="EUR", term_days=60, extended_term_days=90,
        ...     funding_day=10, funder_rate=Decimal("0.04"),
        ...     supplier_cost_of_capital=Decimal("0.10"), buyer_cost_of_capital=Decimal("0.08"))
        >>> scf.funder_discount, scf.supplier_gain, scf.buyer_gain, scf.arbitrage
        (Decimal('888.89'), Decimal('500.00'), Decimal('666.67'), True)

    References:
        chenhaozhou.me SCF course, ch. 2 (notation F, T, t, Δt, r_b, r_s, r_k;
        "credit arbitrage"). FreeAcademy, "Payment Terms and Financing".
    """
    value = check_non_negative(amount, "amount")
    code = check_currency(currency, "currency")
    term = check_int(term_days, "term_days", minimum=0)
    funded = check_int(funding_day, "funding_day", minimum=0)
    if funded > term:
        raise InvalidInputError("funding_day", funding_day, f"<= term_days ({term})")
    extended = (
        term
        if extended_term_days is None
        else check_int(extended_term_days, "extended_term_days", minimum=term)
    )
    r_k = check_non_negative(funder_rate, "funder_rate")
    r_s = check_non_negative(supplier_cost_of_capital, "supplier_cost_of_capital")
    r_b = check_non_negative(buyer_cost_of_capital, "buyer_cost_of_capital")
    basis = _check_day_basis(day_basis)
    total = quantize(value, code, rounding=rounding)
    with exact():
        # on the amount shown (rounded to the currency), so every reason reproduces
        funder = total * r_k * (extended - funded) / basis
        without = total * r_s * (term - funded) / basis
        buyer = total * r_b * (extended - term) / basis
    funder_discount = quantize(funder, code, rounding=rounding)
    supplier_cost_without = quantize(without, code, rounding=rounding)
    buyer_gain = quantize(buyer, code, rounding=rounding)
    with exact():
        supplier_gain = supplier_cost_without - funder_discount
        supplier_receives = total - funder_discount
        total_gain = supplier_gain + buyer_gain
    arbitrage = r_k < r_s
    reasons = [
        Reason.of(
            "TERMS.SCF.FUNDER_DISCOUNT",
            f"The funder pays the supplier on day {funded} and collects "
            f"{_fmt(total, code)} from the buyer on day {extended}: "
            f"{extended - funded} days at {_pct(r_k)} ({basis}-day basis) is a discount of "
            f"{_fmt(funder_discount, code)}.",
            funder_rate=r_k,
            days=extended - funded,
            funder_discount=funder_discount,
        ),
        Reason.of(
            "TERMS.SCF.SUPPLIER_GAINS" if supplier_gain >= 0 else "TERMS.SCF.SUPPLIER_LOSES",
            f"Carrying the receivable from day {funded} to day {term} at its own "
            f"{_pct(r_s)} would cost the supplier {_fmt(supplier_cost_without, code)}; "
            f"the funder's discount is {_fmt(funder_discount, code)}, so the supplier "
            f"{'gains' if supplier_gain >= 0 else 'loses'} {_fmt(supplier_gain.copy_abs(), code)}.",
            severity=Severity.INFO if supplier_gain >= 0 else Severity.WARNING,
            supplier_gain=supplier_gain,
        ),
        Reason.of(
            "TERMS.SCF.BUYER_GAINS",
            f"The buyer pays {extended - term} days later than the {term}-day term; at its "
            f"{_pct(r_b)} cost of capital that is worth {_fmt(buyer_gain, code)}.",
            buyer_gain=buyer_gain,
            extension_days=extended - term,
        ),
    ]
    if not arbitrage:
        reasons.append(
            Reason.of(
                "TERMS.SCF.NO_ARBITRAGE",
                f"The funder's rate {_pct(r_k)} is not below the supplier's cost of capital "
                f"{_pct(r_s)}: financing on the buyer's credit brings the supplier no rate "
                "advantage.",
                severity=Severity.WARNING,
                funder_rate=r_k,
                supplier_cost_of_capital=r_s,
            )
        )
    return SupplyChainFinance(
        currency=code,
        amount=total,
        term_days=term,
        extended_term_days=extended,
        funding_day=funded,
        funder_rate=r_k,
        supplier_cost_of_capital=r_s,
        buyer_cost_of_capital=r_b,
        day_basis=basis,
        funder_discount=funder_discount,
        supplier_receives=supplier_receives,
        supplier_cost_without=supplier_cost_without,
        supplier_gain=supplier_gain,
        buyer_gain=buyer_gain,
        total_gain=total_gain,
        arbitrage=arbitrage,
        reasons=tuple(reasons),
    )
