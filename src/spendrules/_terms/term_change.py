"""What a payment-term change is worth to the buyer, and what the supplier will ask for it.

[`term_change_impact`][spendrules.payment_terms.term_change_impact]: cash released by a term change, its annual value, the
discounts lost, the supplier's extra financing cost (the price increase to expect),
the break-even price increase, and a verdict with reasons.

The conventions are those of `spendrules._terms.conventions`.

References:
    Domain notes ``payment_terms.md`` sections 3 and 4.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import attrs

from spendrules._checks import (
    check_currency,
    check_fraction,
    check_int,
    check_positive,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._policy.model import PaymentTermsPolicy
from spendrules._policy.reference import PolicyReference
from spendrules._terms.agreed_terms import from_policy, with_citation
from spendrules._terms.conventions import (
    _ROUND_HALF_UP,
    _ZERO,
    RATE_PLACES,
    REFERENCE_YEAR_START,
    Compounding,
    _check_day_basis,
    _check_rate_above_minus_one,
    _check_terms,
    _day_text,
    _days,
    _dec,
    _enum,
    _fmt,
    _label,
    _pct,
    _round_places,
    _timing,
    _weights,
)
from spendrules._terms.discount_decision import (
    DiscountConvention,
    _decide,
    _Option,
)
from spendrules._terms.due_rules import (
    MAX_DAYS,
    NetDays,
)
from spendrules._terms.model import (
    PaymentTerms,
)
from spendrules.errors import InvalidInputError, _shown
from spendrules.money import minor_units, quantize
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "PriceSource",
    "SpendConvention",
    "TermChangeImpact",
    "TermChangeVerdict",
    "term_change_impact",
]


# --------------------------------------------------------------------------
# Term change impact
# --------------------------------------------------------------------------


class SpendConvention(SpendEnum):
    """How [`term_change_impact`][spendrules.payment_terms.term_change_impact] turns extra days into cash.

    Attributes:
        DAILY: Spend flows evenly through the year: ``annual_spend × Δdays / B``
            (calcsimpler "Payment Terms Extension ROI Calculator").
        MONTHLY: Invoices arrive monthly: each 30 days of extra term hold one
            month's spend, ``annual_spend / 12 × Δdays / 30`` (Timelio).
    """

    DAILY = "daily"
    MONTHLY = "monthly"


class PriceSource(SpendEnum):
    """Where the price increase in a [`TermChangeImpact`][spendrules.payment_terms.TermChangeImpact] comes from.

    Attributes:
        ASKED: The supplier's actual ask (``price_increase``).
        SUPPLIER_COST: The supplier's extra financing cost at its cost of capital.
        NOT_PRICED: Neither is known; no price increase is assumed.
    """

    ASKED = "asked"
    SUPPLIER_COST = "supplier_cost"
    NOT_PRICED = "not_priced"


class TermChangeVerdict(SpendEnum):
    """The verdict of a [`TermChangeImpact`][spendrules.payment_terms.TermChangeImpact].

    Attributes:
        PROPOSED_BETTER: The proposed terms create value net of discounts lost
            and the price increase.
        CURRENT_BETTER: They destroy value: keep the current terms.
        BREAK_EVEN: The price increase equals the break-even exactly.
    """

    PROPOSED_BETTER = "proposed_better"
    CURRENT_BETTER = "current_better"
    BREAK_EVEN = "break_even"


@attrs.frozen
class TermChangeImpact(Explained):
    """What a change of payment terms is worth to the buyer, and what the supplier will charge.

    Money amounts are per year except ``cash_released`` (once). Positive
    ``days_change`` means the buyer pays later.

    Attributes:
        currency: ISO 4217 code of every amount.
        annual_spend: The annual spend with the supplier (reference price), rounded.
        current: The current terms, in notation.
        proposed: The proposed terms, in notation.
        current_days: Amount-weighted days to payment under the current terms.
        proposed_days: The same under the proposed terms.
        days_change: ``proposed_days − current_days``.
        cash_released: Working capital released once (negative: absorbed).
        cost_of_capital: The buyer's annual cost of capital.
        annual_value: ``cash_released × cost_of_capital``: what the cash is worth a year.
        discounts_lost: Early-payment discounts given up a year (negative: gained).
        supplier_cost_of_capital: The supplier's cost of capital, if known.
        supplier_extra_cost: The supplier's extra financing cost a year,
            ``cash_released × supplier_cost_of_capital`` (``None`` if unknown).
        price_increase: The price increase the verdict assumes, as a fraction of spend.
        price_increase_amount: ``annual_spend × price_increase``, rounded.
        price_source: [`PriceSource`][spendrules.payment_terms.PriceSource].
        net_annual_value: ``annual_value − discounts_lost − price_increase_amount``.
        break_even_price_increase: The price increase (fraction of spend) at which
            ``net_annual_value`` is zero to the minor unit; given to as many places
            as that needs (at least `RATE_PLACES`).
        break_even_price_increase_amount: ``annual_value − discounts_lost``.
        verdict: [`TermChangeVerdict`][spendrules.payment_terms.TermChangeVerdict], from comparing ``price_increase`` with
            ``break_even_price_increase``.
        discount_share: Share of spend paid within the discount window, if given
            (``None``: each discount taken when worth it at ``cost_of_capital``).
        day_basis: Days in the year.
        convention: [`SpendConvention`][spendrules.payment_terms.SpendConvention].
        compounding: [`Compounding`][spendrules.payment_terms.Compounding] of the forgone-discount rates that decide
            whether a discount is worth taking (when ``discount_share`` is ``None``).
        policy_reference: Under a ``PaymentTermsPolicy`` read from a file, the file,
            citing ``payment_terms.cost_of_capital`` when the rate came from it; None
            otherwise.
    """

    currency: str
    annual_spend: Decimal
    current: str
    proposed: str
    current_days: Decimal
    proposed_days: Decimal
    days_change: Decimal
    cash_released: Decimal
    cost_of_capital: Decimal
    annual_value: Decimal
    discounts_lost: Decimal
    supplier_cost_of_capital: Decimal | None
    supplier_extra_cost: Decimal | None
    price_increase: Decimal
    price_increase_amount: Decimal
    price_source: PriceSource
    net_annual_value: Decimal
    break_even_price_increase: Decimal
    break_even_price_increase_amount: Decimal
    verdict: TermChangeVerdict
    discount_share: Decimal | None
    day_basis: int
    convention: SpendConvention
    compounding: Compounding
    rule: str = "payment_terms.term_change_impact@1"
    reasons: tuple[Reason, ...] = ()
    policy_reference: PolicyReference | None = None


@attrs.frozen
class _Usage:
    """How a term is used for a year's spend: weighted days and discount rate captured."""

    days: Fraction
    discount: Decimal
    averaged: bool


def _usage(
    terms: PaymentTerms,
    *,
    share: Decimal | None,
    cost: Decimal,
    basis: int,
    compounding: Compounding,
    invoice_amount: object,
    field: str,
) -> _Usage:
    weights = _weights(terms, invoice_amount, field)
    days = Fraction(0)
    discount = _ZERO
    averaged = False
    for weight, item in zip(weights, terms.installments, strict=True):
        timing = _timing(item, None)
        averaged = averaged or timing.averaged
        taken = Fraction(0)
        rate = _ZERO
        deadline = timing.net
        if item.discounts:
            options = [
                _Option(position, tier.rate, timing.tiers[position])
                for position, tier in enumerate(item.discounts)
            ]
            decision = _decide(
                options,
                timing.net,
                cost=cost,
                convention=DiscountConvention.COST_OF_CAPITAL,
                compounding=compounding,
                basis=basis,
                age=0,
                installment=None,
                extra=(),
            )
            assert decision.tier is not None  # noqa: S101 - options are never empty here
            rate = item.discounts[decision.tier].rate
            deadline = timing.tiers[decision.tier]
            if share is None:
                taken = Fraction(1) if decision.take else Fraction(0)
            else:
                taken = Fraction(share)
        days += weight * (taken * deadline + (1 - taken) * timing.net)
        with exact():
            discount += _dec(weight * taken) * rate
    return _Usage(days, discount, averaged)


def _as_terms(value: object, field: str) -> PaymentTerms:
    if isinstance(value, int) and not isinstance(value, bool):
        days = check_int(value, field, minimum=0)
        if days > MAX_DAYS:
            raise InvalidInputError(field, value, f"at most {MAX_DAYS} days")
        return PaymentTerms.of(NetDays(days))
    if not isinstance(value, PaymentTerms):
        raise TypeError(
            f"{field} must be PaymentTerms or an int of net days, "
            f"not {type(value).__name__}: {_shown(value)}"
        )
    return _check_terms(value, field)


def _spend_rate(ratio: Decimal, spend: Decimal, currency: str) -> Decimal:
    """Round a fraction of ``spend`` so that ``spend × rate`` is within 0.05 minor units of exact.

    ``|spend × (rounded − ratio)| <= spend × 0.5e-places < 0.05 minor units`` when
    ``places = adjusted(spend) + 2 + minor_units``; at least `RATE_PLACES`.
    """
    places = max(RATE_PLACES, spend.adjusted() + 2 + minor_units(currency))
    return _round_places(ratio, places)


def term_change_impact(
    *,
    annual_spend: Decimal | int,
    currency: str,
    current: PaymentTerms | int,
    proposed: PaymentTerms | int,
    cost_of_capital: Decimal | int | None = None,
    supplier_cost_of_capital: Decimal | int | None = None,
    price_increase: Decimal | int | None = None,
    discount_share: Decimal | int | None = None,
    day_basis: int = 365,
    convention: SpendConvention | str = SpendConvention.DAILY,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_amount: Decimal | int | None = None,
    rounding: str = _ROUND_HALF_UP,
    policy: PaymentTermsPolicy | None = None,
) -> TermChangeImpact:
    """Settle a change of payment terms with numbers finance and procurement both accept.

    Finance's side: paying later releases working capital once,
    ``annual_spend × Δdays / B``, worth ``cost_of_capital`` of itself every year.
    Procurement's side: the supplier must finance the same amount for longer,
    ``cash_released × supplier_cost_of_capital`` a year, which it prices into the
    goods; discounts the current terms offered may be lost. The verdict compares
    the price increase (asked, or expected from the supplier's cost of capital)
    with the break-even increase at which the change is worth nothing.

    Args:
        annual_spend: Annual spend with the supplier at today's prices, ``> 0``.
        currency: ISO 4217 code.
        current: The current terms, or an ``int`` of net days.
        proposed: The proposed terms, or an ``int`` of net days.
        cost_of_capital: The buyer's annual cost of capital (fraction, ``> -1``);
            default ``None``: the ``policy``'s (required without a policy).
        supplier_cost_of_capital: The supplier's (fraction, ``> -1``); default
            ``None``: not known, no expected price increase is computed.
        price_increase: The price increase the supplier asks for the proposed
            terms, as a fraction of spend (``> -1``); default ``None``: use the
            supplier's financing cost if known, else assume none.
        discount_share: Share of spend paid within a discount window, ``0..1``,
            applied to each installment's best tier under both terms; default
            ``None``: each discount is taken when worth it at ``cost_of_capital``
            (see [`should_take_discount`][spendrules.payment_terms.should_take_discount]), on all spend.
        day_basis: ``B`` of the daily convention and of the discount decisions;
            default 365. The monthly convention counts 12 months of 30 days.
        convention: ``"daily"`` (default) or ``"monthly"`` (see [`SpendConvention`][spendrules.payment_terms.SpendConvention]).
        compounding: How the forgone-discount rate that decides whether a discount
            is worth taking is annualised (see [`should_take_discount`][spendrules.payment_terms.should_take_discount]):
            ``"simple"`` (default), ``"effective"`` or ``"rough"``. Unused when
            ``discount_share`` is given.
        invoice_amount: A typical invoice amount; needed only for terms with
            fixed-amount installments.
        rounding: Rounding of every amount (default ``ROUND_HALF_UP``).
        policy: The agreed [`PaymentTermsPolicy`][spendrules.policy.PaymentTermsPolicy]:
            lends its cost of capital when ``cost_of_capital`` is ``None`` (an
            explicit rate wins, ``POLICY.OVERRIDDEN`` when it differs); one read
            from a file is cited on the result.

    Returns:
        A [`TermChangeImpact`][spendrules.payment_terms.TermChangeImpact]. At ``price_increase ==
        break_even_price_increase`` the net annual value is exactly zero.

    Raises:
        InvalidInputError: ``annual_spend <= 0``; rates ``<= -1``; a discount share
            outside ``[0, 1]``; unknown currency or convention; terms with fixed
            amounts and no ``invoice_amount``; no cost of capital and no policy.
        TypeError: ``float`` amounts or rates, terms of the wrong type, a policy
            that is not a PaymentTermsPolicy.

    Examples:
        >>> impact = term_change_impact(annual_spend=Decimal("8000000"), currency="USD",
        ...     current=45, proposed=60, cost_of_capital=Decimal("0.10"))
        >>> impact.cash_released, impact.annual_value
        (Decimal('328767.12'), Decimal('32876.71'))
        >>> from spendrules.payment_terms import parse_terms
        >>> impact = term_change_impact(annual_spend=Decimal("10000000"), currency="USD",
        ...     current=parse_terms("net 30"), proposed=parse_terms("net 90"),
        ...     cost_of_capital=Decimal("0.08"), supplier_cost_of_capital=Decimal("0.12"))
        >>> impact.cash_released, impact.annual_value, impact.supplier_extra_cost
        (Decimal('1643835.62'), Decimal('131506.85'), Decimal('197260.27'))
        >>> impact.verdict
        <TermChangeVerdict.CURRENT_BETTER: 'current_better'>

    References:
        calcsimpler, "Payment Terms Extension ROI Calculator"; Timelio, "How to
        Pull the Trigger Without Getting Shot" (monthly convention); FreeAcademy,
        "Payment Terms and Financing" (supplier cost ``invoice × r_s × Δ/365``);
        chenhaozhou.me SCF course ch. 2 (credit arbitrage).
    """
    lent = from_policy(policy, cost_of_capital=cost_of_capital, convention=None, lends=("cost",))
    spend_raw = check_positive(annual_spend, "annual_spend")
    code = check_currency(currency, "currency")
    before = _as_terms(current, "current")
    after = _as_terms(proposed, "proposed")
    r_b = _check_rate_above_minus_one(lent.cost_of_capital, "cost_of_capital")
    r_s = (
        None
        if supplier_cost_of_capital is None
        else _check_rate_above_minus_one(supplier_cost_of_capital, "supplier_cost_of_capital")
    )
    asked = (
        None
        if price_increase is None
        else _check_rate_above_minus_one(price_increase, "price_increase")
    )
    share = None if discount_share is None else check_fraction(discount_share, "discount_share")
    basis = _check_day_basis(day_basis)
    how = _enum(SpendConvention, convention, "convention")
    mode = _enum(Compounding, compounding, "compounding")
    spend = quantize(spend_raw, code, rounding=rounding)
    if spend <= 0:
        raise InvalidInputError("annual_spend", annual_spend, f"at least one {code} minor unit")
    old, new = (
        _usage(
            terms,
            share=share,
            cost=r_b,
            basis=basis,
            compounding=mode,
            invoice_amount=invoice_amount,
            field=field,
        )
        for terms, field in ((before, "current"), (after, "proposed"))
    )
    change = new.days - old.days
    days_in_year = basis if how is SpendConvention.DAILY else 360
    with exact():
        exact_cash = spend * _dec(change) / days_in_year
        exact_value = exact_cash * r_b
        exact_lost = spend * (old.discount - new.discount)
    cash = quantize(exact_cash, code, rounding=rounding)
    value = quantize(exact_value, code, rounding=rounding)
    lost = quantize(exact_lost, code, rounding=rounding)
    with exact():
        break_even_amount = value - lost
        break_even = _spend_rate(break_even_amount / spend, spend, code)
    supplier_cost = None
    if r_s is not None:
        with exact():
            supplier_exact = exact_cash * r_s
        supplier_cost = quantize(supplier_exact, code, rounding=rounding)
    if asked is not None:
        source, increase = PriceSource.ASKED, asked
        with exact():
            increase_amount = quantize(spend * asked, code, rounding=rounding)
    elif r_s is not None and supplier_cost is not None:
        source = PriceSource.SUPPLIER_COST
        with exact():
            increase = _spend_rate(supplier_exact / spend, spend, code)
        increase_amount = supplier_cost
    else:
        source, increase = PriceSource.NOT_PRICED, _ZERO
        increase_amount = quantize(_ZERO, code, rounding=rounding)
    with exact():
        net = value - lost - increase_amount
    if increase < break_even:
        verdict = TermChangeVerdict.PROPOSED_BETTER
    elif increase > break_even:
        verdict = TermChangeVerdict.CURRENT_BETTER
    else:
        verdict = TermChangeVerdict.BREAK_EVEN
    before_text, after_text = _label(before), _label(after)
    reasons = _impact_reasons(
        code=code,
        spend=spend,
        before=before_text,
        after=after_text,
        old=old,
        new=new,
        change=change,
        how=how,
        mode=mode,
        basis=basis,
        cash=cash,
        r_b=r_b,
        value=value,
        lost=lost,
        share=share,
        r_s=r_s,
        supplier_cost=supplier_cost,
        source=source,
        increase=increase,
        increase_amount=increase_amount,
        break_even=break_even,
        break_even_amount=break_even_amount,
        net=net,
        verdict=verdict,
    )
    impact = TermChangeImpact(
        currency=code,
        annual_spend=spend,
        current=before_text,
        proposed=after_text,
        current_days=_days(_dec(old.days)),
        proposed_days=_days(_dec(new.days)),
        days_change=_days(_dec(change)),
        cash_released=cash,
        cost_of_capital=r_b,
        annual_value=value,
        discounts_lost=lost,
        supplier_cost_of_capital=r_s,
        supplier_extra_cost=supplier_cost,
        price_increase=increase,
        price_increase_amount=increase_amount,
        price_source=source,
        net_annual_value=net,
        break_even_price_increase=break_even,
        break_even_price_increase_amount=break_even_amount,
        verdict=verdict,
        discount_share=share,
        day_basis=basis,
        convention=how,
        compounding=mode,
        reasons=tuple(reasons),
    )
    return with_citation(impact, lent, last_is_primary=False)


def _impact_reasons(
    *,
    code: str,
    spend: Decimal,
    before: str,
    after: str,
    old: _Usage,
    new: _Usage,
    change: Fraction,
    how: SpendConvention,
    mode: Compounding,
    basis: int,
    cash: Decimal,
    r_b: Decimal,
    value: Decimal,
    lost: Decimal,
    share: Decimal | None,
    r_s: Decimal | None,
    supplier_cost: Decimal | None,
    source: PriceSource,
    increase: Decimal,
    increase_amount: Decimal,
    break_even: Decimal,
    break_even_amount: Decimal,
    net: Decimal,
    verdict: TermChangeVerdict,
) -> list[Reason]:
    later = "later" if change >= 0 else "earlier"
    reasons = [
        Reason.of(
            "TERMS.IMPACT.DAYS",
            f"'{before}' pays {_day_text(old.days)} days after the invoice on average; "
            f"'{after}' pays after {_day_text(new.days)} days: {_day_text(abs(change))} days "
            f"{later}.",
            current_days=_dec(old.days),
            proposed_days=_dec(new.days),
        )
    ]
    if old.averaged or new.averaged:
        reasons.append(
            Reason.of(
                "TERMS.DAYS.AVERAGED",
                "Terms that depend on the invoice date are averaged over the invoice dates of "
                f"{REFERENCE_YEAR_START.year} (spend spread evenly).",
            )
        )
    formula = (
        f"{_fmt(spend, code)} × {_day_text(change)}/{basis}"
        if how is SpendConvention.DAILY
        else f"{_fmt(spend, code)} / 12 × {_day_text(change)}/30 (monthly invoices)"
    )
    released = "releases" if cash >= 0 else "absorbs"
    reasons.append(
        Reason.of(
            "TERMS.IMPACT.CASH_RELEASED",
            f"Finance: paying {_day_text(abs(change))} days {later} {released} "
            f"{_fmt(cash.copy_abs(), code)} of working capital once ({formula}).",
            cash_released=cash,
            convention=how,
        )
    )
    reasons.append(
        Reason.of(
            "TERMS.IMPACT.CASH_VALUE",
            f"Finance: at the {_pct(r_b)} cost of capital that cash is worth {_fmt(value, code)} "
            "a year.",
            annual_value=value,
            cost_of_capital=r_b,
        )
    )
    if lost != 0:
        basis_text = (
            f"where worth taking at the cost of capital ({mode.value} rate, {basis}-day basis)"
            if share is None
            else f"on {_pct(share)} of spend"
        )
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.DISCOUNTS_LOST" if lost > 0 else "TERMS.IMPACT.DISCOUNTS_GAINED",
                f"Early-payment discounts taken {basis_text}: "
                f"{_pct(old.discount, 3)} of spend under '{before}', {_pct(new.discount, 3)} under "
                f"'{after}': {_fmt(lost.copy_abs(), code)} a year {'lost' if lost > 0 else 'gained'}.",
                discounts_lost=lost,
            )
        )
    if r_s is not None and supplier_cost is not None:
        longer = "longer" if change >= 0 else "less"
        with exact():
            supplier_share = _spend_rate(supplier_cost / spend, spend, code)
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.SUPPLIER_COST",
                f"Procurement: the supplier finances the same {_fmt(cash.copy_abs(), code)} for "
                f"{_day_text(abs(change))} days {longer}; at its {_pct(r_s)} cost of capital that "
                f"is {_fmt(supplier_cost, code)} a year ({_pct(supplier_share, 3)} "
                "of spend), the price change to expect.",
                supplier_extra_cost=supplier_cost,
                supplier_cost_of_capital=r_s,
            )
        )
        if r_s > r_b and cash > 0:
            with exact():
                chain = supplier_cost - value
            reasons.append(
                Reason.of(
                    "TERMS.IMPACT.COST_SHIFTED",
                    f"The supplier's cost of capital ({_pct(r_s)}) is above the buyer's "
                    f"({_pct(r_b)}): the change moves financing to the dearer balance sheet, and "
                    f"buyer and supplier together lose {_fmt(chain, code)} a year. Supply chain "
                    "finance on the buyer's credit can release the cash without that cost.",
                    severity=Severity.WARNING,
                    chain_loss=chain,
                )
            )
    if source is PriceSource.ASKED:
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.PRICE_ASKED",
                f"Procurement: the supplier asks {_pct(increase, 3)} more for '{after}', "
                f"{_fmt(increase_amount, code)} a year.",
                price_increase=increase,
                price_increase_amount=increase_amount,
            )
        )
    elif source is PriceSource.NOT_PRICED:
        reasons.append(
            Reason.of(
                "TERMS.IMPACT.PRICE_NOT_PRICED",
                "The supplier's reaction is not priced, and suppliers price longer terms into the "
                "goods: give supplier_cost_of_capital or price_increase to include it.",
                severity=Severity.WARNING,
            )
        )
    if break_even >= 0:
        limit = (
            f"the price increase stays below {_pct(break_even, 3)} of spend "
            f"({_fmt(break_even_amount, code)} a year)"
        )
    else:
        limit = (
            f"the supplier cuts prices by more than {_pct(break_even.copy_negate(), 3)} of spend "
            f"({_fmt(break_even_amount.copy_negate(), code)} a year)"
        )
    reasons.append(
        Reason.of(
            "TERMS.IMPACT.BREAK_EVEN",
            f"Break-even: '{after}' is worth it only while {limit}.",
            break_even_price_increase=break_even,
            break_even_price_increase_amount=break_even_amount,
        )
    )
    netted = (
        "net of discounts lost, before any price change"
        if source is PriceSource.NOT_PRICED
        else "net of discounts lost and the price change"
    )
    worth = (
        f"is worth {_fmt(net, code)} a year"
        if net >= 0
        else f"costs {_fmt(net.copy_negate(), code)} a year"
    )
    message = {
        TermChangeVerdict.PROPOSED_BETTER: f"Move to '{after}': {netted}, it {worth}.",
        TermChangeVerdict.CURRENT_BETTER: f"Keep '{before}': {netted}, '{after}' {worth}.",
        TermChangeVerdict.BREAK_EVEN: f"'{after}' and '{before}' are worth the same: the price "
        "change equals the break-even.",
    }[verdict]
    reasons.append(
        Reason.of(
            f"TERMS.IMPACT.{verdict.name}",
            message,
            severity=Severity.WARNING
            if verdict is TermChangeVerdict.CURRENT_BETTER
            else Severity.INFO,
            net_annual_value=net,
        )
    )
    return reasons
