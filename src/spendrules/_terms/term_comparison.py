"""Payment terms on one axis: effective payment days and ranking terms.

* [`effective_payment_days`][spendrules.payment_terms.effective_payment_days]: the days after the invoice at which the buyer
  pays, weighted by amount, with the discounts the buyer takes;
* [`compare_terms`][spendrules.payment_terms.compare_terms]: terms ranked by the present value of what the buyer pays.

The conventions are those of `spendrules._terms.conventions`.

References:
    Domain notes ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from spendrules._checks import (
    check_positive,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._terms.conventions import (
    _ONE,
    _ZERO,
    REFERENCE_YEAR_START,
    Compounding,
    _check_day_basis,
    _check_rate_above_minus_one,
    _check_terms,
    _days,
    _dec,
    _enum,
    _label,
    _optional_date,
    _pct,
    _rate,
    _timing,
    _weights,
)
from spendrules._terms.discount_decision import _growth
from spendrules._terms.model import (
    PaymentTerms,
)
from spendrules.errors import InvalidInputError, _shown
from spendrules.results import Explained, Reason

__all__ = [
    "RankedTerms",
    "TakeDiscounts",
    "TermsComparison",
    "TermsOffer",
    "compare_terms",
    "effective_payment_days",
]


# --------------------------------------------------------------------------
# Effective payment days and comparing terms
# --------------------------------------------------------------------------


class TakeDiscounts(SpendEnum):
    """Which discounts [`effective_payment_days`][spendrules.payment_terms.effective_payment_days] and [`compare_terms`][spendrules.payment_terms.compare_terms] assume are taken.

    Attributes:
        NEVER: Every installment is paid on its net day at the full amount.
        ALWAYS: Every installment with a discount is paid on its first (highest)
            tier's deadline at the discounted amount.
        WHEN_WORTH_IT: Each installment is paid on the option (a tier's deadline,
            or the net day) with the lowest present value at ``cost_of_capital``.
    """

    NEVER = "never"
    ALWAYS = "always"
    WHEN_WORTH_IT = "when_worth_it"


def _discount_factor_days(
    rate: Decimal, days: Decimal, basis: int, compounding: Compounding
) -> Decimal:
    with exact():
        return _ONE / _growth(rate, days, basis, compounding)


@attrs.frozen
class _Plan:
    """How one term is paid: weighted days, the share of the price paid, PV per unit."""

    days: Fraction
    discount: Decimal
    present_value: Decimal | None
    taken: tuple[int | None, ...]
    averaged: bool


def _plan(
    terms: PaymentTerms,
    *,
    policy: TakeDiscounts,
    invoice_date: date | None,
    invoice_amount: object,
    cost: Decimal | None,
    basis: int,
    compounding: Compounding,
    field: str,
) -> _Plan:
    weights = _weights(terms, invoice_amount, field)
    days = Fraction(0)
    discount = _ZERO
    present = _ZERO
    taken: list[int | None] = []
    averaged = False
    for weight, item in zip(weights, terms.installments, strict=True):
        timing = _timing(item, invoice_date)
        averaged = averaged or timing.averaged
        choice: int | None = None
        if item.discounts and policy is TakeDiscounts.ALWAYS:
            choice = 0
        elif item.discounts and policy is TakeDiscounts.WHEN_WORTH_IT:
            assert cost is not None  # noqa: S101 - checked by the callers
            best = _discount_factor_days(cost, _dec(timing.net), basis, compounding)
            for position, tier in enumerate(item.discounts):
                with exact():
                    value = (_ONE - tier.rate) * _discount_factor_days(
                        cost, _dec(timing.tiers[position]), basis, compounding
                    )
                if value < best:
                    best, choice = value, position
        day = timing.net if choice is None else timing.tiers[choice]
        paid = _ONE if choice is None else _ONE - item.discounts[choice].rate
        days += weight * day
        with exact():
            share = _dec(weight)
            discount += share * (_ONE - paid)
            if cost is not None:
                present += share * paid * _discount_factor_days(cost, _dec(day), basis, compounding)
        taken.append(choice)
    return _Plan(days, discount, present if cost is not None else None, tuple(taken), averaged)


def effective_payment_days(
    terms: PaymentTerms,
    *,
    take_discounts: TakeDiscounts | str = TakeDiscounts.NEVER,
    cost_of_capital: Decimal | int | None = None,
    invoice_date: date | None = None,
    invoice_amount: Decimal | int | None = None,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.EFFECTIVE,
) -> Decimal:
    """Return the amount-weighted days from the baseline to payment.

    Each installment counts with its share of the invoice; its day is its net
    day, or its discount deadline when the discount is taken under
    ``take_discounts``. "net 75", "net 60" and "2/30 net 60 when the discount is
    taken" become 75, 60 and 30 days. (To fold the discount itself into the
    days, see ``equivalent_net_days`` in [`compare_terms`][spendrules.payment_terms.compare_terms].)

    Args:
        terms: The [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        take_discounts: ``"never"`` (default), ``"always"`` (first tier) or
            ``"when_worth_it"`` (needs ``cost_of_capital``).
        cost_of_capital: Annual rate for ``"when_worth_it"``.
        invoice_date: Baseline for calendar-dependent rules; default ``None``
            averages them over the invoice dates of 2025 (invoices spread evenly).
        invoice_amount: The invoice amount; needed only for fixed-amount installments.
        day_basis: Day basis of the ``"when_worth_it"`` comparison; default 365.
        compounding: Discounting of that comparison; default ``"effective"``.

    Returns:
        Days, rounded half-even to `DAY_PLACES` places.

    Raises:
        InvalidInputError: ``"when_worth_it"`` without a cost of capital; a missing
            or too small ``invoice_amount`` for fixed amounts; unknown conventions.
        TypeError: terms of the wrong type.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> effective_payment_days(parse_terms("30% advance, 70% net 30"))
        Decimal('21.00')
        >>> effective_payment_days(parse_terms("2/30 net 60"), take_discounts="always")
        Decimal('30.00')

    References:
        Capgemini (2013), payment-term benefit: "net 75 vs net 60 vs 2 % 30 net 60";
        domain notes ``payment_terms.md`` section 7.2 (effective days).
    """
    policy = _enum(TakeDiscounts, take_discounts, "take_discounts")
    # A discount never taken changes no day: a fixed one is then accepted.
    subject = _check_terms(terms, "terms", fixed_discounts=policy is TakeDiscounts.NEVER)
    basis = _check_day_basis(day_basis)
    mode = _enum(Compounding, compounding, "compounding")
    if mode is Compounding.ROUGH:
        raise InvalidInputError("compounding", compounding, "'simple' or 'effective'")
    cost = None
    if policy is TakeDiscounts.WHEN_WORTH_IT:
        if cost_of_capital is None:
            raise InvalidInputError(
                "cost_of_capital", None, "a rate when take_discounts is 'when_worth_it'"
            )
        cost = _check_rate_above_minus_one(cost_of_capital, "cost_of_capital")
    elif cost_of_capital is not None:
        raise InvalidInputError(
            "cost_of_capital", cost_of_capital, "None unless take_discounts is 'when_worth_it'"
        )
    plan = _plan(
        subject,
        policy=policy,
        invoice_date=_optional_date(invoice_date, "invoice_date"),
        invoice_amount=invoice_amount,
        cost=cost,
        basis=basis,
        compounding=mode,
        field="terms",
    )
    return _days(_dec(plan.days))


def _check_price_change(_instance: object, _attribute: object, value: Any) -> None:
    _check_rate_above_minus_one(value, "price_change")


def _check_label(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"label must be a str, not {type(value).__name__}: {_shown(value)}")


def _check_offer_terms(_instance: object, _attribute: object, value: Any) -> None:
    _check_terms(value, "terms")


@attrs.frozen
class TermsOffer:
    """An alternative for [`compare_terms`][spendrules.payment_terms.compare_terms]: terms, with the price they come at.

    Attributes:
        terms: The [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        price_change: The price change these terms come with, as a fraction of the
            reference price (``Decimal("0.01")``: 1 % dearer); default 0.
        label: A name for the reports; default ``""`` means the terms' notation.
    """

    terms: PaymentTerms = attrs.field(validator=_check_offer_terms)
    price_change: Decimal = attrs.field(default=_ZERO, validator=_check_price_change)
    label: str = attrs.field(default="", validator=_check_label)


@attrs.frozen
class RankedTerms:
    """One alternative in a [`TermsComparison`][spendrules.payment_terms.TermsComparison], cheapest first.

    Attributes:
        rank: 1 for the cheapest in present value.
        index: Position in the list given to [`compare_terms`][spendrules.payment_terms.compare_terms].
        label: The offer's label, or the terms' notation.
        price_change: The offer's price change (fraction).
        discounts_taken: For each installment, the tier taken (``None``: paid net).
        payment_days: Amount-weighted days to payment.
        price_paid: Share of the reference price paid, after price change and
            discounts (``0.98`` for a 2 % discount taken).
        present_value: Present value of the payments per unit of reference price.
        equivalent_net_days: The net term, at the reference price, with the same
            present value: the one axis all alternatives compare on.
        extra_cost: ``present_value`` minus the cheapest alternative's (per unit).
    """

    rank: int
    index: int
    label: str
    price_change: Decimal
    discounts_taken: tuple[int | None, ...]
    payment_days: Decimal
    price_paid: Decimal
    present_value: Decimal
    equivalent_net_days: Decimal
    extra_cost: Decimal


@attrs.frozen
class TermsComparison(Explained):
    """Alternatives ranked by the present value of what the buyer pays.

    Attributes:
        cost_of_capital: The buyer's annual cost of capital.
        compounding: Discounting convention.
        day_basis: Days in the year.
        take_discounts: Which discounts were assumed taken.
        ranking: [`RankedTerms`][spendrules.payment_terms.RankedTerms], cheapest first (ties keep the given order).
    """

    cost_of_capital: Decimal
    compounding: Compounding
    day_basis: int
    take_discounts: TakeDiscounts
    ranking: tuple[RankedTerms, ...]
    rule: str = "payment_terms.compare_terms@1"
    reasons: tuple[Reason, ...] = ()

    def _detail_lines(self) -> list[str]:
        lines = ["  ranking:"]
        for entry in self.ranking:
            lines.append(
                f"    {entry.rank}. {entry.label}: {entry.payment_days} days, pays "
                f"{_pct(entry.price_paid)} of the price, present value "
                f"{_pct(entry.present_value)}, like net {entry.equivalent_net_days}"
            )
        return lines


def _equivalent_days(
    present: Decimal, cost: Decimal, basis: int, compounding: Compounding
) -> Decimal:
    with exact():
        if compounding is Compounding.EFFECTIVE:
            return -basis * present.ln() / (_ONE + cost).ln()
        return basis * (_ONE / present - _ONE) / cost


def compare_terms(
    alternatives: Sequence[PaymentTerms | TermsOffer],
    *,
    cost_of_capital: Decimal | int,
    take_discounts: TakeDiscounts | str = TakeDiscounts.WHEN_WORTH_IT,
    invoice_date: date | None = None,
    invoice_amount: Decimal | int | None = None,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.EFFECTIVE,
) -> TermsComparison:
    """Rank alternative terms by the present value of what the buyer pays.

    Each alternative pays, per unit of reference price, ``(1 + price_change)``
    times each installment's share, less any discount taken, on that
    installment's day; the present value at the baseline uses the buyer's
    ``cost_of_capital``. The cheapest ranks first, and every alternative gets
    the *equivalent net days*: the plain net term with the same present value.

    Args:
        alternatives: [`PaymentTerms`][spendrules.payment_terms.PaymentTerms] or [`TermsOffer`][spendrules.payment_terms.TermsOffer] (terms at a price), at least one.
        cost_of_capital: The buyer's annual cost of capital, ``> 0``.
        take_discounts: Default ``"when_worth_it"``: each installment is paid on the
            cheapest of its options; ``"always"`` or ``"never"`` fix the choice.
        invoice_date: Baseline for calendar-dependent rules; default ``None``
            averages them over the invoice dates of 2025.
        invoice_amount: The invoice amount; needed only for fixed-amount installments.
        day_basis: Default 365.
        compounding: Default ``"effective"``: ``(1 + r)^(−t/B)`` (Excel XNPV);
            ``"simple"``: ``1/(1 + r·t/B)``.

    Returns:
        A [`TermsComparison`][spendrules.payment_terms.TermsComparison].

    Raises:
        InvalidInputError: no alternatives, ``cost_of_capital <= 0``, unknown
            conventions, missing ``invoice_amount`` for fixed amounts.
        TypeError: an alternative of the wrong type.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> result = compare_terms([parse_terms(t) for t in ("net 75", "net 60", "2/30 net 60")],
        ...                        cost_of_capital=Decimal("0.08"))
        >>> [(r.label, r.equivalent_net_days) for r in result.ranking]
        [('2/30 net 60', Decimal('125.81')), ('net 75', Decimal('75.00')), ('net 60', Decimal('60.00'))]

    References:
        Capgemini (2013), "net 75 vs net 60 vs 2 % 30 net 60"; Microsoft Excel
        ``XNPV``; FreeAcademy, ``PV = Pay/(1 + r·t/B)``.
    """
    cost = check_positive(cost_of_capital, "cost_of_capital")
    policy = _enum(TakeDiscounts, take_discounts, "take_discounts")
    basis = _check_day_basis(day_basis)
    mode = _enum(Compounding, compounding, "compounding")
    if mode is Compounding.ROUGH:
        raise InvalidInputError("compounding", compounding, "'simple' or 'effective'")
    given_date = _optional_date(invoice_date, "invoice_date")
    offers: list[TermsOffer] = []
    for index, item in enumerate(alternatives):
        if isinstance(item, TermsOffer):
            offers.append(item)
        elif isinstance(item, PaymentTerms):
            offers.append(TermsOffer(item))
        else:
            raise TypeError(
                f"alternatives[{index}] must be PaymentTerms or TermsOffer, "
                f"not {type(item).__name__}: {_shown(item)}"
            )
    if not offers:
        raise InvalidInputError("alternatives", list(alternatives), "at least one alternative")
    rows = []
    averaged = False
    for index, offer in enumerate(offers):
        plan = _plan(
            offer.terms,
            policy=policy,
            invoice_date=given_date,
            invoice_amount=invoice_amount,
            cost=cost,
            basis=basis,
            compounding=mode,
            field=f"alternatives[{index}]",
        )
        averaged = averaged or plan.averaged
        assert plan.present_value is not None  # noqa: S101 - cost given
        with exact():
            factor = _ONE + offer.price_change
            present = plan.present_value * factor
            paid = (_ONE - plan.discount) * factor
        rows.append((present, index, offer, plan, paid))
    rows.sort(key=lambda row: (row[0], row[1]))
    best = rows[0][0]
    ranking = []
    reasons = []
    for rank, (present, index, offer, plan, paid) in enumerate(rows, start=1):
        label = offer.label or _label(offer.terms)
        equivalent = _days(_equivalent_days(present, cost, basis, mode))
        with exact():
            extra = present - best
        entry = RankedTerms(
            rank=rank,
            index=index,
            label=label,
            price_change=offer.price_change,
            discounts_taken=plan.taken,
            payment_days=_days(_dec(plan.days)),
            price_paid=_rate(paid),
            present_value=_rate(present),
            equivalent_net_days=equivalent,
            extra_cost=_rate(extra),
        )
        ranking.append(entry)
        taken = any(choice is not None for choice in plan.taken)
        how = "taking the discount" if taken else "paying net"
        price = (
            "" if offer.price_change == 0 else f" at a price change of {_pct(offer.price_change)}"
        )
        reasons.append(
            Reason.of(
                "TERMS.COMPARE.RANKED",
                f"{rank}. {label}{price}, {how}: pays {_pct(entry.price_paid)} of the price after "
                f"{entry.payment_days} days on average; present value {_pct(entry.present_value)} "
                f"of the price, as good as net {equivalent} days"
                + (
                    "."
                    if rank == 1
                    else f"; costs {_pct(entry.extra_cost, 3)} of the price more than the best."
                ),
                rank=rank,
                present_value=entry.present_value,
                equivalent_net_days=equivalent,
            )
        )
    if averaged:
        reasons.append(
            Reason.of(
                "TERMS.DAYS.AVERAGED",
                "Some terms depend on the invoice date; their days are averaged over the "
                f"invoice dates of {REFERENCE_YEAR_START.year}.",
            )
        )
    return TermsComparison(
        cost_of_capital=cost,
        compounding=mode,
        day_basis=basis,
        take_discounts=policy,
        ranking=tuple(ranking),
        reasons=tuple(reasons),
    )
