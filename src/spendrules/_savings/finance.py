"""Finance tie-outs: the price/volume bridge, PPV, savings percentage, realised savings (private)."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import attrs

from spendrules._checks import check_date, check_decimal, check_non_negative, to_enum
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._savings import _fields as f
from spendrules._savings.classify import window_of
from spendrules._savings.model import SavingsEvent, SavingsPolicy
from spendrules._savings.references import reference_prices
from spendrules._savings.timing import FiscalPeriod, overlap_days
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.money import ROUNDING_MODES, minor_units
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "BridgeSplit",
    "InvoiceLine",
    "PriceVolumeBridge",
    "PurchasePriceVariance",
    "RealisedSavings",
    "VarianceDirection",
    "price_volume_bridge",
    "purchase_price_variance",
    "realised_savings",
    "savings_percentage",
]

_ZERO = Decimal(0)
_TWELVE = Decimal(12)


def _check_rounding(rounding: object) -> str:
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
    return str(rounding)


def _quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


# Price / volume bridge -------------------------------------------------------------


class BridgeSplit(SpendEnum):
    """How [`price_volume_bridge`][spendrules.savings.price_volume_bridge] splits the spend change.

    Attributes:
        TWO_WAY: Price effect at the current volume, volume effect at the baseline price,
            no joint term (the Syensqo convention; the default).
        THREE_WAY: Price effect at the baseline volume, volume effect at the baseline
            price, and the joint (interaction) term ΔP × ΔQ that belongs to neither
            alone (beansmart "A puzzle: separating a cost increase into price and
            quantity"; Bain & Company "Variance Analysis", 1998: "covariance").
    """

    TWO_WAY = "two_way"
    THREE_WAY = "three_way"


@attrs.frozen(kw_only=True)
class PriceVolumeBridge(Explained):
    """The year-on-year spend change split into a price effect and a volume effect.

    Attributes:
        rule: ``"savings.bridge@1"``.
        currency: ISO 4217 code.
        baseline_spend: round(B × Q0).
        new_spend: round(P1 × Q1).
        spend_change: ``new_spend − baseline_spend`` (positive: more spend).
        price_effect: Two-way: round((P1 − B) × Q1), the price change at the current
            volume. Three-way: round((P1 − B) × Q0), at the baseline volume. Its negative
            is the price saving.
        volume_effect: The volume change at the baseline price, (Q1 − Q0) × B. Two-way:
            taken as ``spend_change − price_effect`` so the bridge ties to the rounded
            spends; it differs from round((Q1 − Q0) × B) by at most one minor unit.
            Three-way: round((Q1 − Q0) × B).
        split: [`BridgeSplit`][spendrules.savings.BridgeSplit] used (default ``TWO_WAY``).
        joint_effect: Three-way only (None for two-way): the joint term (P1 − B) × (Q1 − Q0),
            taken as ``spend_change − price_effect − volume_effect`` so the three parts sum
            exactly to the spend change; it differs from (P1 − B) × (Q1 − Q0) by at most
            two minor units under a round-half mode (four under a directed one).
        reasons: The bridge in words.
    """

    rule: str
    currency: str
    baseline_spend: Decimal
    new_spend: Decimal
    spend_change: Decimal
    price_effect: Decimal
    volume_effect: Decimal
    split: BridgeSplit = BridgeSplit.TWO_WAY
    joint_effect: Decimal | None = None
    reasons: tuple[Reason, ...]


def price_volume_bridge(
    *,
    baseline_price: Decimal | int,
    baseline_quantity: Decimal | int,
    new_price: Decimal | int,
    new_quantity: Decimal | int,
    currency: str,
    split: BridgeSplit = BridgeSplit.TWO_WAY,
    rounding: str = decimal.ROUND_HALF_UP,
) -> PriceVolumeBridge:
    """Split the spend change into price and volume effects (and a joint term) with no residual.

    Two-way (the default): ``P1·Q1 − B·Q0 = (P1 − B)·Q1 + (Q1 − Q0)·B``: the price
    effect is valued at the current volume and the volume effect at the baseline
    price.

    Three-way (``split=BridgeSplit.THREE_WAY``): ``P1·Q1 − B·Q0 = (P1 − B)·Q0 +
    (Q1 − Q0)·B + (P1 − B)·(Q1 − Q0)``: each pure effect holds the other factor at
    its baseline value, and the joint (interaction) term, which belongs to neither
    price nor volume alone, is shown on its own instead of being folded into the
    price effect. The two-way price effect equals the three-way price effect plus
    the joint term.

    Args:
        baseline_price: B, unit price in the baseline period (>= 0).
        baseline_quantity: Q0, units in the baseline period (>= 0).
        new_price: P1, unit price now (>= 0).
        new_quantity: Q1, units now (>= 0).
        currency: ISO 4217 code.
        split: [`BridgeSplit`][spendrules.savings.BridgeSplit]; default ``TWO_WAY`` (unchanged from earlier releases).
        rounding: Rounding to the minor unit.

    Returns:
        A [`PriceVolumeBridge`][spendrules.savings.PriceVolumeBridge]; ``price_effect + volume_effect (+ joint_effect) ==
        spend_change`` exactly.

    Raises:
        TypeError: a ``float`` input.
        InvalidInputError: a negative price or quantity, NaN, an unknown ``split``.

    Examples:
        Day rates fell 20 % while the days bought doubled (Alan Buxton's consultant case):

        >>> bridge = price_volume_bridge(baseline_price=1000, baseline_quantity=100,
        ...     new_price=800, new_quantity=200, currency="GBP")
        >>> bridge.spend_change, bridge.price_effect, bridge.volume_effect
        (Decimal('60000.00'), Decimal('-40000.00'), Decimal('100000.00'))

        The beansmart puzzle: 5.00 to 10.00 a widget, 50 to 70 widgets, 450 more spend:

        >>> bridge = price_volume_bridge(baseline_price=5, baseline_quantity=50,
        ...     new_price=10, new_quantity=70, currency="USD", split=BridgeSplit.THREE_WAY)
        >>> bridge.price_effect, bridge.volume_effect, bridge.joint_effect
        (Decimal('250.00'), Decimal('100.00'), Decimal('100.00'))

    References:
        Syensqo finance wiki "VPV (Volume/Price Variance)"; domain notes §4. Three-way:
        beansmart "A puzzle: separating a cost increase into price and quantity"
        (price at Year-1 quantity + quantity at Year-1 price + the joint ΔP × ΔQ);
        Bain & Company, Shader and Baker, "Variance Analysis" (March 1998): price
        variance (P2 − P1) × V1, volume variance (V2 − V1) × P1, covariance
        (V2 − V1) × (P2 − P1).
    """
    b = check_non_negative(baseline_price, "baseline_price")
    q0 = check_non_negative(baseline_quantity, "baseline_quantity")
    p1 = check_non_negative(new_price, "new_price")
    q1 = check_non_negative(new_quantity, "new_quantity")
    quantum = _quantum(currency)
    mode = _check_rounding(rounding)
    chosen = to_enum(BridgeSplit, split, "split")
    if chosen is BridgeSplit.THREE_WAY:
        return _three_way(b, q0, p1, q1, currency=currency, quantum=quantum, mode=mode)
    with exact():
        baseline_spend = (b * q0).quantize(quantum, rounding=mode)
        new_spend = (p1 * q1).quantize(quantum, rounding=mode)
        change = new_spend - baseline_spend
        price = ((p1 - b) * q1).quantize(quantum, rounding=mode)
        volume = change - price
    reason = Reason.of(
        "SAVINGS.BRIDGE",
        f"Spend moves from {baseline_spend} to {new_spend} {currency} ({change}): price effect "
        f"({p1} - {b}) x {q1} = {price}, volume effect ({q1} - {q0}) x {b} = {volume}.",
        spend_change=change,
        price_effect=price,
        volume_effect=volume,
    )
    return PriceVolumeBridge(
        rule="savings.bridge@1",
        currency=currency,
        baseline_spend=baseline_spend,
        new_spend=new_spend,
        spend_change=change,
        price_effect=price,
        volume_effect=volume,
        reasons=(reason,),
    )


def _three_way(
    b: Decimal, q0: Decimal, p1: Decimal, q1: Decimal, *, currency: str, quantum: Decimal, mode: str
) -> PriceVolumeBridge:
    with exact():
        baseline_spend = (b * q0).quantize(quantum, rounding=mode)
        new_spend = (p1 * q1).quantize(quantum, rounding=mode)
        change = new_spend - baseline_spend
        price = ((p1 - b) * q0).quantize(quantum, rounding=mode)
        volume = ((q1 - q0) * b).quantize(quantum, rounding=mode)
        joint = change - price - volume
    reason = Reason.of(
        "SAVINGS.BRIDGE_THREE_WAY",
        f"Spend moves from {baseline_spend} to {new_spend} {currency} ({change}): price effect "
        f"({p1} - {b}) x {q0} = {price} at the baseline volume, volume effect ({q1} - {q0}) x "
        f"{b} = {volume} at the baseline price, joint effect ({p1} - {b}) x ({q1} - {q0}) = "
        f"{joint}.",
        spend_change=change,
        price_effect=price,
        volume_effect=volume,
        joint_effect=joint,
    )
    return PriceVolumeBridge(
        rule="savings.bridge@1",
        currency=currency,
        baseline_spend=baseline_spend,
        new_spend=new_spend,
        spend_change=change,
        price_effect=price,
        volume_effect=volume,
        split=BridgeSplit.THREE_WAY,
        joint_effect=joint,
        reasons=(reason,),
    )


# Purchase price variance -------------------------------------------------------------


class VarianceDirection(SpendEnum):
    """Whether a variance helps or hurts the P&L.

    Attributes:
        FAVOURABLE: Actual below standard.
        UNFAVOURABLE: Actual above standard.
        NONE: No variance.
    """

    FAVOURABLE = "favourable"
    UNFAVOURABLE = "unfavourable"
    NONE = "none"


@attrs.frozen(kw_only=True)
class PurchasePriceVariance(Explained):
    """Purchase price variance on the quantity purchased.

    Attributes:
        rule: ``"savings.ppv@1"``.
        currency: ISO 4217 code.
        quantity: Units purchased.
        standard_price: Standard unit cost.
        actual_price: Actual unit cost including additional costs (None when the quantity
            is 0).
        standard_amount: round(standard_price × quantity).
        actual_amount: Actual cost of the purchase, rounded.
        variance: ``actual_amount − standard_amount``: positive is unfavourable.
        direction: FAVOURABLE, UNFAVOURABLE or NONE.
        reasons: The computation in words.
    """

    rule: str
    currency: str
    quantity: Decimal
    standard_price: Decimal
    actual_price: Decimal | None
    standard_amount: Decimal
    actual_amount: Decimal
    variance: Decimal
    direction: VarianceDirection
    reasons: tuple[Reason, ...]


def purchase_price_variance(
    *,
    standard_price: Decimal | int,
    quantity: Decimal | int,
    currency: str,
    actual_price: Decimal | int | None = None,
    actual_amount: Decimal | int | None = None,
    additional_costs: Decimal | int = 0,
    rounding: str = decimal.ROUND_HALF_UP,
) -> PurchasePriceVariance:
    """Return PPV = actual cost − standard cost of the quantity *purchased*.

    Give exactly one of ``actual_price`` (per unit) or ``actual_amount`` (the
    invoice total). ``additional_costs`` (item charges such as freight, posted
    later) re-open the variance, as Dynamics 365 Business Central does.

    Args:
        standard_price: Standard unit cost (>= 0).
        quantity: Units purchased, not units used (>= 0).
        currency: ISO 4217 code.
        actual_price: Actual unit price (>= 0).
        actual_amount: Actual total cost (>= 0); needs a positive quantity.
        additional_costs: Costs added to the purchase later (>= 0).
        rounding: Rounding to the minor unit.

    Returns:
        A [`PurchasePriceVariance`][spendrules.savings.PurchasePriceVariance]; ``variance > 0`` is unfavourable.

    Raises:
        InvalidInputError: both or neither of ``actual_price`` / ``actual_amount``, an
            ``actual_amount`` with zero quantity, a negative input.
        TypeError: a ``float`` input.

    Examples:
        Standard 0.72, actual 0.75, 4,500 units purchased (4,100 used):

        >>> ppv = purchase_price_variance(standard_price=Decimal("0.72"),
        ...     actual_price=Decimal("0.75"), quantity=4500, currency="USD")
        >>> ppv.variance, ppv.direction.value
        (Decimal('135.00'), 'unfavourable')

    References:
        PPV exam explanations (gaodun); SAP help "Example: Material with Standard Price";
        Microsoft Dynamics 365 Business Central "Design Details: Variance".
    """
    std = check_non_negative(standard_price, "standard_price")
    qty = check_non_negative(quantity, "quantity")
    extra = check_non_negative(additional_costs, "additional_costs")
    quantum = _quantum(currency)
    mode = _check_rounding(rounding)
    if (actual_price is None) == (actual_amount is None):
        raise InvalidInputError(
            "actual_price/actual_amount", (actual_price, actual_amount), "exactly one given"
        )
    with exact():
        if actual_price is not None:
            price = check_non_negative(actual_price, "actual_price")
            actual_exact = price * qty + extra
        else:
            total = check_non_negative(actual_amount, "actual_amount")
            if qty == 0:
                raise InvalidInputError("quantity", quantity, "> 0 when actual_amount is given")
            actual_exact = total + extra
        unit = None if qty == 0 else actual_exact / qty
        actual = actual_exact.quantize(quantum, rounding=mode)
        standard = (std * qty).quantize(quantum, rounding=mode)
        variance = actual - standard
    if variance > 0:
        direction = VarianceDirection.UNFAVOURABLE
    elif variance < 0:
        direction = VarianceDirection.FAVOURABLE
    else:
        direction = VarianceDirection.NONE
    reason = Reason.of(
        "SAVINGS.PPV",
        f"PPV = actual {actual} - standard ({std} x {qty} = {standard}) = {variance} {currency} "
        f"({direction.value}), on the quantity purchased.",
        variance=variance,
        direction=direction,
    )
    return PurchasePriceVariance(
        rule="savings.ppv@1",
        currency=currency,
        quantity=qty,
        standard_price=std,
        actual_price=unit,
        standard_amount=standard,
        actual_amount=actual,
        variance=variance,
        direction=direction,
        reasons=(reason,),
    )


def savings_percentage(savings: Decimal | int, *, current_spend: Decimal | int) -> Decimal:
    """Return savings as a fraction of what would have been spent: S / (current spend + S).

    Args:
        savings: The saving (any sign).
        current_spend: Spend at the new price (>= 0).

    Returns:
        A fraction (0.2 is 20 %).

    Raises:
        InvalidInputError: ``current_spend + savings`` is not positive.
        TypeError: a ``float`` input.

    Examples:
        >>> savings_percentage(Decimal("100000"), current_spend=Decimal("400000"))
        Decimal('0.2')

    References:
        PepsiCo Global Productivity Framework (productivity % of the prior-year base).
    """
    saved = check_decimal(savings, "savings")
    spend = check_non_negative(current_spend, "current_spend")
    with exact():
        base = spend + saved
        if base <= 0:
            raise InvalidInputError(
                "current_spend", current_spend, f"such that current_spend + savings > 0 ({base})"
            )
        return saved / base


# Realised savings ------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class InvoiceLine:
    """One invoice line for the event's item.

    Attributes:
        invoice_date: Invoice date.
        quantity: Units invoiced (>= 0).
        unit_price: Unit price invoiced (>= 0), in ``currency``.
        currency: Must be the event's price currency.
        on_contract: False for a purchase outside the negotiated contract.
        reference: Invoice number.
    """

    invoice_date: date = attrs.field(validator=f.day)
    quantity: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    unit_price: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    currency: str = attrs.field(validator=f.currency)
    on_contract: bool = attrs.field(default=True, validator=f.flag)
    reference: str = attrs.field(default="", validator=f.text)


@attrs.frozen(kw_only=True)
class RealisedSavings(Explained):
    """Savings realised on invoices, and the leakage from the negotiated figure.

    ``negotiated − realised = leakage = price_leakage + volume_shortfall +
    off_contract``, exactly.

    Attributes:
        rule: ``"savings.realised@1"``.
        currency: The event's price currency.
        start: First day of the period measured.
        end: Last day (inclusive).
        basis_price: The reference price: B, or C when the event has no finance baseline.
        basis_is_finance_baseline: True when ``basis_price`` is B.
        contract_price: The negotiated price P1.
        expected_quantity: Units the forecast expects in the period (by actual days).
        invoiced_quantity: Units invoiced in the period, on and off contract.
        negotiated: round((basis − P1) × expected quantity).
        realised: round(sum of (basis − invoice price) × invoiced quantity).
        leakage: ``negotiated − realised`` (positive: savings lost).
        price_leakage: round(sum of (invoice price − P1) × quantity) on contract lines.
        off_contract: round(sum of (invoice price − P1) × quantity) on off-contract lines.
        volume_shortfall: (expected − invoiced quantity) × (basis − P1), taken as the
            remainder so the split is exact.
        lines_counted: Invoice lines dated in the period.
        lines_outside: Invoice lines outside it (ignored).
        reasons: The computation in words.
    """

    rule: str
    currency: str
    start: date
    end: date
    basis_price: Decimal
    basis_is_finance_baseline: bool
    contract_price: Decimal
    expected_quantity: Decimal
    invoiced_quantity: Decimal
    negotiated: Decimal
    realised: Decimal
    leakage: Decimal
    price_leakage: Decimal
    off_contract: Decimal
    volume_shortfall: Decimal
    lines_counted: int
    lines_outside: int
    reasons: tuple[Reason, ...]


def realised_savings(
    event: SavingsEvent,
    invoice_lines: Sequence[InvoiceLine],
    *,
    policy: SavingsPolicy | None = None,
    start: date | None = None,
    end: date | None = None,
) -> RealisedSavings:
    """Measure realised savings from invoice lines and split the leakage.

    The reference price is the finance baseline B under ``policy`` (or the
    counterfactual C when the event has none). The expected quantity in
    ``[start, end]`` is the counted forecast prorated by actual days over the
    counting window. Then::

        negotiated       = (basis − P1) × expected quantity
        realised         = Σ (basis − invoice price) × quantity        (all lines)
        price leakage    = Σ (invoice price − P1) × quantity           (on contract)
        off-contract     = Σ (invoice price − P1) × quantity           (off contract)
        volume shortfall = (expected − invoiced quantity) × (basis − P1)

    and ``negotiated − realised = price leakage + off-contract + volume shortfall``.

    Args:
        event: The event (its prices are in ``event.price_currency``).
        invoice_lines: Invoice lines of the item, in the event's price currency.
        policy: The policy that decides B; default ``SavingsPolicy()``.
        start: First day measured; default the effective date.
        end: Last day measured (inclusive); default the end of the counting window.

    Returns:
        A [`RealisedSavings`][spendrules.savings.RealisedSavings].

    Raises:
        CurrencyMismatchError: an invoice line in another currency.
        InvalidInputError: ``end`` before ``start``.
        TypeError: a wrong type.

    Examples:
        >>> from datetime import date
        >>> from spendrules.savings import BaselineMethod, SavingsEvent
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
        ...     new_price=Decimal("9.50"), effective_date=date(2026, 1, 1), forecast_quantity=1000)
        >>> lines = [InvoiceLine(invoice_date=date(2026, 3, 1), quantity=800,
        ...                      unit_price=Decimal("9.60"), currency="USD"),
        ...          InvoiceLine(invoice_date=date(2026, 6, 1), quantity=100,
        ...                      unit_price=Decimal("10.40"), currency="USD", on_contract=False)]
        >>> r = realised_savings(event, lines)
        >>> r.negotiated, r.realised, r.price_leakage, r.off_contract, r.volume_shortfall
        (Decimal('500.00'), Decimal('280.00'), Decimal('80.00'), Decimal('90.00'), Decimal('50.00'))

    References:
        Domain notes §5.3 and §7.4; Accenture "Savings leakage"; K Consulting (timing,
        volume, leakage); GE iSave (realised = invoices); tailsourcing (monthly
        negotiated-vs-invoiced reconciliation).
    """
    if not isinstance(event, SavingsEvent):
        raise f.type_error("event", "a SavingsEvent", event)
    if policy is None:
        policy = SavingsPolicy()
    elif not isinstance(policy, SavingsPolicy):
        raise f.type_error("policy", "a SavingsPolicy", policy)
    if not isinstance(invoice_lines, Sequence) or isinstance(invoice_lines, str):
        raise f.type_error("invoice_lines", "a sequence of InvoiceLine", invoice_lines)
    currency = event.price_currency
    for index, line in enumerate(invoice_lines):
        if not isinstance(line, InvoiceLine):
            raise f.type_error(f"invoice_lines[{index}]", "an InvoiceLine", line)
        if line.currency != currency:
            raise CurrencyMismatchError(f"invoice_lines[{index}].currency", currency, line.currency)
    window_start, window_end = window_of(event, policy)
    first = window_start if start is None else check_date(start, "start")
    last = window_end if end is None else check_date(end, "end")
    if last < first:
        raise InvalidInputError("end", last, f"on or after start {first.isoformat()}")
    quantum = _quantum(currency)
    mode = policy.rounding
    with exact():
        refs = reference_prices(event, policy)
        on_b = refs.baseline is not None
        basis = refs.counterfactual if refs.baseline is None else refs.baseline
        p1 = event.new_price
        window = FiscalPeriod(name="window", start=window_start, end=window_end)
        counted = event.forecast_quantity * Decimal(policy.count_months) / _TWELVE
        expected = counted * overlap_days(first, last, window) / window.days
        used = [line for line in invoice_lines if first <= line.invoice_date <= last]
        invoiced = sum((line.quantity for line in used), _ZERO)
        negotiated = ((basis - p1) * expected).quantize(quantum, rounding=mode)
        realised = sum(((basis - line.unit_price) * line.quantity for line in used), _ZERO)
        realised = realised.quantize(quantum, rounding=mode)
        price_leak = sum(
            ((line.unit_price - p1) * line.quantity for line in used if line.on_contract), _ZERO
        ).quantize(quantum, rounding=mode)
        off = sum(
            ((line.unit_price - p1) * line.quantity for line in used if not line.on_contract),
            _ZERO,
        ).quantize(quantum, rounding=mode)
        leakage = negotiated - realised
        volume = leakage - price_leak - off
        shown_expected = f"{expected.normalize():f}"
    which = "finance baseline B" if on_b else "counterfactual C (no finance baseline)"
    reasons = [
        Reason.of(
            "SAVINGS.REALISED",
            f"From {first.isoformat()} to {last.isoformat()}: negotiated {negotiated} {currency} "
            f"= ({basis} - {p1}) x {shown_expected} expected units against the {which}; "
            f"realised {realised} {currency} on {invoiced} invoiced units.",
            negotiated=negotiated,
            realised=realised,
        ),
        Reason.of(
            "SAVINGS.LEAKAGE",
            f"Leakage {leakage} {currency} = price leakage {price_leak} + off-contract {off} + "
            f"volume shortfall {volume}.",
            severity=Severity.WARNING if leakage > 0 else Severity.INFO,
            leakage=leakage,
        ),
    ]
    outside = len(invoice_lines) - len(used)
    if outside:
        reasons.append(
            Reason.of(
                "SAVINGS.LINES_OUTSIDE_PERIOD",
                f"{outside} invoice line(s) dated outside {first.isoformat()} to "
                f"{last.isoformat()} were not counted.",
                lines=outside,
            )
        )
    return RealisedSavings(
        rule="savings.realised@1",
        currency=currency,
        start=first,
        end=last,
        basis_price=basis,
        basis_is_finance_baseline=on_b,
        contract_price=p1,
        expected_quantity=expected,
        invoiced_quantity=invoiced,
        negotiated=negotiated,
        realised=realised,
        leakage=leakage,
        price_leakage=price_leak,
        off_contract=off,
        volume_shortfall=volume,
        lines_counted=len(used),
        lines_outside=outside,
        reasons=tuple(reasons),
    )
