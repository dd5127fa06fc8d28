"""Savings formulas for prices set by a rule: cost-plus mark-up and list-less-discount (private).

Some prices are not quoted but derived: a cost-plus contract charges the
supplier's cost plus a mark-up, a catalogue contract charges the list price
less a discount. A negotiation then moves the mark-up or the discount, while
the cost or the list price may move on its own. Each function splits the
change of spend into the part procurement negotiated (the mark-up or the
discount) and the part it did not (the cost or the list price), exactly:

    cost-plus:  old − new = (m0 − m1) · c1 · Q  +  (c0 − c1) · (1 + m0) · Q
    list-less:  old − new = (d1 − d0) · L1 · Q  +  (L0 − L1) · (1 − d0) · Q

With the cost (list price) unchanged the second term is zero and the saving
is the published formula of sorcaro, "Savings Calculation Formulas", written
on current spend S = c · (1 + m1) · Q (S = L · (1 − d1) · Q):

    cost-plus:  (m0 − m1) · S / (1 + m1)
    list-less:  (d1 − d0) · S / (1 − d1)

Rates are fractions (``Decimal("0.15")`` is 15 %). Amounts are rounded once,
to the currency's minor unit; the negotiated part is rounded and the other
part is the remainder, so the two always sum to the saving to the cent.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import attrs

from spendrules._checks import check_currency, check_fraction, check_non_negative
from spendrules._decimal import ONE, exact
from spendrules.errors import InvalidInputError
from spendrules.money import ROUNDING_MODES, minor_units
from spendrules.results import Explained, Reason, Severity

__all__ = ["CostPlusSavings", "ListLessSavings", "cost_plus_savings", "list_less_savings"]

#: Largest mark-up accepted: 10 (1,000 %). A larger number is almost always a percent
#: typed where a fraction belongs (15 for 15 %).
MAX_MARKUP = Decimal(10)


def _quantum(currency: str, rounding: object) -> tuple[Decimal, str]:
    check_currency(currency, "currency")
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
    return Decimal(1).scaleb(-minor_units(currency)), str(rounding)


def _pct(rate: Decimal) -> str:
    with exact():
        return f"{(rate * 100).normalize():f} %"


@attrs.frozen(kw_only=True)
class CostPlusSavings(Explained):
    """The saving from a change of mark-up on the supplier's cost (cost-plus pricing).

    ``savings == markup_savings + cost_effect``, exactly.

    Attributes:
        rule: ``"savings.cost_plus@1"``.
        currency: ISO 4217 code.
        quantity: Units Q.
        old_cost: Unit cost c0 the old mark-up applied to.
        new_cost: Unit cost c1 the new mark-up applies to (``old_cost`` when unchanged).
        old_markup: Mark-up m0 on cost, a fraction.
        new_markup: Mark-up m1 on cost, a fraction.
        old_price: c0 × (1 + m0), exact.
        new_price: c1 × (1 + m1), exact.
        old_spend: round(old_price × Q).
        new_spend: round(new_price × Q).
        savings: ``old_spend − new_spend`` (negative: spend rose).
        markup_savings: round((m0 − m1) × c1 × Q): what the mark-up change saves on the
            cost actually charged; the part procurement negotiated.
        cost_effect: ``savings − markup_savings`` = (c0 − c1) × (1 + m0) × Q: the cost
            change at the old mark-up; not procurement's doing ("no control of the
            underlying cost", sorcaro).
        reasons: The computation in words.
    """

    rule: str
    currency: str
    quantity: Decimal
    old_cost: Decimal
    new_cost: Decimal
    old_markup: Decimal
    new_markup: Decimal
    old_price: Decimal
    new_price: Decimal
    old_spend: Decimal
    new_spend: Decimal
    savings: Decimal
    markup_savings: Decimal
    cost_effect: Decimal
    reasons: tuple[Reason, ...]


def cost_plus_savings(
    *,
    cost: Decimal | int,
    old_markup: Decimal | int,
    new_markup: Decimal | int,
    quantity: Decimal | int,
    currency: str,
    new_cost: Decimal | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
) -> CostPlusSavings:
    """Return the saving from moving a cost-plus mark-up from ``old_markup`` to ``new_markup``.

    Old price ``c0 · (1 + m0)``, new price ``c1 · (1 + m1)``; the saving on Q
    units splits into the mark-up part ``(m0 − m1) · c1 · Q`` and the cost part
    ``(c0 − c1) · (1 + m0) · Q``. With the cost unchanged (``new_cost`` omitted)
    the saving is sorcaro's ``(m0 − m1) × current spend / (1 + m1)``.

    Args:
        cost: c0, the supplier's unit cost under the old mark-up (>= 0).
        old_markup: m0, the old mark-up on cost, a fraction (0 to 10).
        new_markup: m1, the new mark-up on cost, a fraction (0 to 10).
        quantity: Q, units (>= 0).
        currency: ISO 4217 code.
        new_cost: c1, the unit cost the new mark-up applies to (>= 0); default ``cost``.
        rounding: Rounding to the minor unit; default ROUND_HALF_UP.

    Returns:
        A [`CostPlusSavings`][spendrules.savings.CostPlusSavings]; ``markup_savings + cost_effect == savings``.

    Raises:
        TypeError: a ``float`` input.
        InvalidInputError: a negative cost or quantity, a mark-up outside 0 to 10 (a
            percent typed as a number: 15 instead of 0.15), NaN, a bad ``rounding``.
        UnknownCurrencyError: an unknown currency.

    Examples:
        Mark-up cut from 15 % to 10 % on a cost of 80.00, 1,000 units:

        >>> r = cost_plus_savings(cost=Decimal("80.00"), old_markup=Decimal("0.15"),
        ...     new_markup=Decimal("0.10"), quantity=1000, currency="USD")
        >>> r.old_spend, r.new_spend, r.savings
        (Decimal('92000.00'), Decimal('88000.00'), Decimal('4000.00'))

        The same cut while the cost rose to 84.00: the cost rise eats the saving.

        >>> r = cost_plus_savings(cost=Decimal("80.00"), old_markup=Decimal("0.15"),
        ...     new_markup=Decimal("0.10"), quantity=1000, currency="USD",
        ...     new_cost=Decimal("84.00"))
        >>> r.savings, r.markup_savings, r.cost_effect
        (Decimal('-400.00'), Decimal('4200.00'), Decimal('-4600.00'))

    References:
        sorcaro.com "Savings Calculation Formulas" (mark-up / cost-plus: (OldMk% −
        NewMk%) × CurrentSpend / (1 + NewMk%)) and "Savings Baseline Methodology";
        domain notes §2.
    """
    c0 = check_non_negative(cost, "cost")
    c1 = c0 if new_cost is None else check_non_negative(new_cost, "new_cost")
    m0 = check_fraction(old_markup, "old_markup", high=MAX_MARKUP)
    m1 = check_fraction(new_markup, "new_markup", high=MAX_MARKUP)
    q = check_non_negative(quantity, "quantity")
    quantum, mode = _quantum(currency, rounding)
    with exact():
        old_price = c0 * (ONE + m0)
        new_price = c1 * (ONE + m1)
        old_spend = (old_price * q).quantize(quantum, rounding=mode)
        new_spend = (new_price * q).quantize(quantum, rounding=mode)
        saved = old_spend - new_spend
        markup = ((m0 - m1) * c1 * q).quantize(quantum, rounding=mode)
        cost_part = saved - markup
    reasons = [
        Reason.of(
            "SAVINGS.COST_PLUS",
            f"Mark-up on cost moves from {_pct(m0)} to {_pct(m1)}: {q} units at {c0} x (1 + "
            f"{m0}) = {old_spend} {currency} before, at {c1} x (1 + {m1}) = {new_spend} after; "
            f"saving {saved}, of which the mark-up change ({m0} - {m1}) x {c1} x {q} = {markup}.",
            savings=saved,
            markup_savings=markup,
        )
    ]
    if c1 != c0:
        reasons.append(
            Reason.of(
                "SAVINGS.COST_CHANGED",
                f"The supplier's unit cost moved from {c0} to {c1}: {cost_part} {currency} of "
                f"the change, (c0 - c1) x (1 + {m0}) x {q}, is the cost, not the negotiated "
                "mark-up.",
                severity=Severity.WARNING,
                cost_effect=cost_part,
            )
        )
    return CostPlusSavings(
        rule="savings.cost_plus@1",
        currency=currency,
        quantity=q,
        old_cost=c0,
        new_cost=c1,
        old_markup=m0,
        new_markup=m1,
        old_price=old_price,
        new_price=new_price,
        old_spend=old_spend,
        new_spend=new_spend,
        savings=saved,
        markup_savings=markup,
        cost_effect=cost_part,
        reasons=tuple(reasons),
    )


@attrs.frozen(kw_only=True)
class ListLessSavings(Explained):
    """The saving from a change of discount on a list price (list-less-discount pricing).

    ``savings == discount_savings + list_price_effect``, exactly.

    Attributes:
        rule: ``"savings.list_less@1"``.
        currency: ISO 4217 code.
        quantity: Units Q.
        old_list_price: List price L0 the old discount applied to.
        new_list_price: List price L1 the new discount applies to (``old_list_price``
            when unchanged).
        old_discount: Discount d0 off list, a fraction.
        new_discount: Discount d1 off list, a fraction.
        old_price: L0 × (1 − d0), exact.
        new_price: L1 × (1 − d1), exact.
        old_spend: round(old_price × Q).
        new_spend: round(new_price × Q).
        savings: ``old_spend − new_spend`` (negative: spend rose).
        discount_savings: round((d1 − d0) × L1 × Q): the extra discount on the list price
            actually charged; the part procurement negotiated.
        list_price_effect: ``savings − discount_savings`` = (L0 − L1) × (1 − d0) × Q: the
            list price change at the old discount. A list rise that swallows a bigger
            discount is Spend Matters' "spaving": a saving on paper, none in the budget.
        reasons: The computation in words.
    """

    rule: str
    currency: str
    quantity: Decimal
    old_list_price: Decimal
    new_list_price: Decimal
    old_discount: Decimal
    new_discount: Decimal
    old_price: Decimal
    new_price: Decimal
    old_spend: Decimal
    new_spend: Decimal
    savings: Decimal
    discount_savings: Decimal
    list_price_effect: Decimal
    reasons: tuple[Reason, ...]


def list_less_savings(
    *,
    list_price: Decimal | int,
    old_discount: Decimal | int,
    new_discount: Decimal | int,
    quantity: Decimal | int,
    currency: str,
    new_list_price: Decimal | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
) -> ListLessSavings:
    """Return the saving from moving a discount off list from ``old_discount`` to ``new_discount``.

    Old price ``L0 · (1 − d0)``, new price ``L1 · (1 − d1)``; the saving on Q
    units splits into the discount part ``(d1 − d0) · L1 · Q`` and the list part
    ``(L0 − L1) · (1 − d0) · Q``. With the list price unchanged
    (``new_list_price`` omitted) the saving is sorcaro's ``(d1 − d0) × current
    spend / (1 − d1)``.

    Args:
        list_price: L0, the list price under the old discount (>= 0).
        old_discount: d0, the old discount off list, a fraction in [0, 1].
        new_discount: d1, the new discount off list, a fraction in [0, 1].
        quantity: Q, units (>= 0).
        currency: ISO 4217 code.
        new_list_price: L1, the list price the new discount applies to (>= 0); default
            ``list_price``.
        rounding: Rounding to the minor unit; default ROUND_HALF_UP.

    Returns:
        A [`ListLessSavings`][spendrules.savings.ListLessSavings]; ``discount_savings + list_price_effect == savings``.

    Raises:
        TypeError: a ``float`` input.
        InvalidInputError: a negative price or quantity, a discount outside [0, 1], NaN, a
            bad ``rounding``.
        UnknownCurrencyError: an unknown currency.

    Examples:
        Discount off a 200.00 list price raised from 20 % to 25 %, 500 units:

        >>> r = list_less_savings(list_price=Decimal("200.00"), old_discount=Decimal("0.20"),
        ...     new_discount=Decimal("0.25"), quantity=500, currency="EUR")
        >>> r.old_spend, r.new_spend, r.savings
        (Decimal('80000.00'), Decimal('75000.00'), Decimal('5000.00'))

        The supplier raised the list price to 220.00 at the same time ("spaving"):

        >>> r = list_less_savings(list_price=Decimal("200.00"), old_discount=Decimal("0.20"),
        ...     new_discount=Decimal("0.25"), quantity=500, currency="EUR",
        ...     new_list_price=Decimal("220.00"))
        >>> r.savings, r.discount_savings, r.list_price_effect
        (Decimal('-2500.00'), Decimal('5500.00'), Decimal('-8000.00'))

    References:
        sorcaro.com "Savings Calculation Formulas" (list less discount: (NewDisc% −
        OldDisc%) × CurrentSpend / (1 − NewDisc%)); Spend Matters "What is Spaving?"
        (2015); ISM bulletin p=831 (MSRP as the baseline where a list price exists);
        domain notes §2.
    """
    l0 = check_non_negative(list_price, "list_price")
    l1 = l0 if new_list_price is None else check_non_negative(new_list_price, "new_list_price")
    d0 = check_fraction(old_discount, "old_discount")
    d1 = check_fraction(new_discount, "new_discount")
    q = check_non_negative(quantity, "quantity")
    quantum, mode = _quantum(currency, rounding)
    with exact():
        old_price = l0 * (ONE - d0)
        new_price = l1 * (ONE - d1)
        old_spend = (old_price * q).quantize(quantum, rounding=mode)
        new_spend = (new_price * q).quantize(quantum, rounding=mode)
        saved = old_spend - new_spend
        discount = ((d1 - d0) * l1 * q).quantize(quantum, rounding=mode)
        list_part = saved - discount
    reasons = [
        Reason.of(
            "SAVINGS.LIST_LESS",
            f"Discount off list moves from {_pct(d0)} to {_pct(d1)}: {q} units at {l0} x (1 - "
            f"{d0}) = {old_spend} {currency} before, at {l1} x (1 - {d1}) = {new_spend} after; "
            f"saving {saved}, of which the discount change ({d1} - {d0}) x {l1} x {q} = "
            f"{discount}.",
            savings=saved,
            discount_savings=discount,
        )
    ]
    if l1 != l0:
        reasons.append(
            Reason.of(
                "SAVINGS.LIST_PRICE_CHANGED",
                f"The list price moved from {l0} to {l1}: {list_part} {currency} of the change, "
                f"(L0 - L1) x (1 - {d0}) x {q}, is the supplier's list, not the negotiated "
                "discount.",
                severity=Severity.WARNING,
                list_price_effect=list_part,
            )
        )
    return ListLessSavings(
        rule="savings.list_less@1",
        currency=currency,
        quantity=q,
        old_list_price=l0,
        new_list_price=l1,
        old_discount=d0,
        new_discount=d1,
        old_price=old_price,
        new_price=new_price,
        old_spend=old_spend,
        new_spend=new_spend,
        savings=saved,
        discount_savings=discount,
        list_price_effect=list_part,
        reasons=tuple(reasons),
    )
