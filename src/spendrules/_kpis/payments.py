"""Payment and compliance KPIs: discounts captured, paid on time, late interest, compliance."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal

from spendrules._budget.splits import SplitFinding
from spendrules._checks import check_currency, check_decimal, check_int, check_non_negative, to_enum
from spendrules._decimal import exact
from spendrules._kpis.model import (
    Direction,
    Kpi,
    KpiPeriod,
    KpiUnit,
    Spec,
    Weighting,
    build,
    counts_or_values,
    optional_period,
)
from spendrules._kpis.shares import share_kpi
from spendrules._policy.model import KpiTarget
from spendrules._terms.late_payment import LatePaymentInterest
from spendrules.errors import CurrencyMismatchError, InvalidInputError

__all__ = [
    "discount_capture_rate",
    "late_payment_interest_paid",
    "maverick_spend_share",
    "on_time_payment_rate",
    "po_compliance",
    "preferred_supplier_share",
    "spend_under_management",
    "split_purchase_leads",
]

_CAPTURE_SOURCE = (
    "Pulsify glossary, 'Early Payment Discount Capture Rate' (value of discounts captured "
    "÷ value of discounts available × 100); High Finance Consulting, 'Mastering the "
    "Discount Capture Rate' (discounts taken ÷ discounts offered); APQC Open Standards "
    "Benchmarking, measure 101947 'Percentage of discounts available that are taken' "
    "(by count)"
)
_ON_TIME_SOURCE = (
    "APQC Open Standards Benchmarking, accounts payable: percentage of supplier invoices "
    "paid on time (by count); value-weighted as treasury reports it"
)
_LATE_SOURCE = (
    "Directive 2011/7/EU on combating late payment, art. 2(5)-(6) (interest for late "
    "payment); amounts from spendrules.payment_terms.late_payment_interest"
)
_SUM_SOURCE = (
    "OpsDog, 'Spend Under Management (SUM)' (spend managed by procurement ÷ total "
    "company spend); The Hackett Group, 'Procurement KPIs (Part 4): Spend Under Management'"
)
_MAVERICK_SOURCE = (
    "kpitree glossary, 'Maverick spend rate' (spend outside approved channels ÷ total "
    "spend × 100; 2 million of 10 million = 20 %); KPI Depot, 'Maverick Spend'"
)
_PREFERRED_SOURCE = (
    "The Hackett Group, 'Procurement KPIs (Part 4)': spend disbursed against preferred "
    "suppliers as a share of addressable spend"
)
_PO_SOURCE = (
    "SAP, 'KPI Maverick Spend (%)' (supplier invoices without a purchase-order reference "
    "÷ all supplier invoices); PO compliance is its complement"
)
_SPLIT_SOURCE = (
    "split purchases (orders split to stay under an approval limit), a procurement-fraud "
    "red flag in audit analytics; domain note budget.md; rate per 1,000 orders screened"
)


def discount_capture_rate(
    discounts_taken: Decimal | int,
    *,
    discounts_offered: Decimal | int,
    weighting: Weighting | str = Weighting.VALUE,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the share of early-payment discounts offered that were taken, and what was missed.

    Formula: ``discounts taken ÷ discounts offered``, by value (``weighting="value"``,
    default: treasury's view and the Pulsify / High Finance Consulting definition, the
    money captured) or counted (``"count"``: APQC measure 101947, "Percentage of
    discounts available that are taken", each discount offered one line). By value the
    figure ``value_lost = offered − taken`` is money rounded to the currency's minor unit;
    counted, the figure ``discounts_missed = offered − taken`` is the number of discounts
    let lapse.

    Args:
        discounts_taken: Value (or number) of the discounts taken, ``0 <= taken <= offered``.
        discounts_offered: Value (or number) of the discounts offered (available), ``> 0``.
        weighting: `Weighting`; default ``"value"``; ``"count"`` requires integers.
        currency: ISO 4217 code of both amounts; required by value (the value lost is
            money), optional when counting.
        period: The period, or ``None``.
        rounding: Rounding of the value lost; default ``ROUND_HALF_UP``.
        target: Agreed target share, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` share with the figure ``value_lost`` (by value) or ``discounts_missed``
        (counted); ``variant`` is the weighting used.

    Raises:
        InvalidInputError: ``discounts_offered <= 0``, taken negative or above offered,
            or no ``currency`` by value.
        TypeError: ``float`` amounts, or non-integers counted.

    Examples:
        >>> kpi = discount_capture_rate(1_500, discounts_offered=2_000, currency="USD")
        >>> kpi.value, kpi.figure("value_lost")
        (Decimal('0.7500'), Decimal('500.00'))

        APQC's count: 45 of the 60 discounts offered were taken.

        >>> kpi = discount_capture_rate(45, discounts_offered=60, weighting="count")
        >>> kpi.value, kpi.figure("discounts_missed"), kpi.variant
        (Decimal('0.7500'), Decimal('15'), 'count')

    References:
        Pulsify glossary, "Early Payment Discount Capture Rate"; High Finance
        Consulting, "Mastering the Discount Capture Rate"; APQC Open Standards
        Benchmarking, measure 101947, "Percentage of discounts available that are taken".
    """
    how = to_enum(Weighting, weighting, "weighting")
    counts_or_values(
        discounts_taken,
        discounts_offered,
        how,
        part_field="discounts_taken",
        whole_field="discounts_offered",
    )
    if how is Weighting.VALUE and currency is None:
        raise InvalidInputError(
            "currency", currency, "an ISO 4217 code when weighting is 'value' (value lost is money)"
        )
    taken = check_decimal(discounts_taken, "discounts_taken")
    offered = check_decimal(discounts_offered, "discounts_offered")
    with exact():
        lost = offered - taken
    counted = how is Weighting.COUNT
    return share_kpi(
        Spec(
            name="discount_capture_rate",
            title="Discount capture rate",
            unit=KpiUnit.SHARE,
            source=_CAPTURE_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        taken,
        offered,
        part_field="discounts_taken",
        whole_field="discounts_offered",
        words=(
            ("discounts taken (count)", "discounts offered (count)")
            if counted
            else ("discounts taken", "discounts offered")
        ),
        figures=[
            ("discounts_missed", lost, None) if counted else ("value_lost", lost, KpiUnit.AMOUNT)
        ],
        variant=how,
        period=period,
        currency=currency,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def on_time_payment_rate(
    paid_on_time: Decimal | int,
    *,
    paid: Decimal | int,
    weighting: Weighting | str = Weighting.COUNT,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the share of supplier invoices paid on or before their due date.

    Formula: ``invoices paid on time ÷ invoices paid``, counted (``weighting="count"``,
    default: procurement's and the supplier's view, each invoice a promise) or by value
    (``"value"``: treasury's view, the money paid late).

    Args:
        paid_on_time: Invoices (or their value) paid on time, ``0 <= x <= paid``.
        paid: Invoices (or their value) paid in the period, ``> 0``.
        weighting: `Weighting`; ``"count"`` requires integers.
        currency: ISO 4217 code of the values (value weighting), or ``None``.
        period: The period, or ``None``.
        target: Agreed target share, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``paid <= 0``, on-time negative or above paid.
        TypeError: ``float`` values, or non-integers counted.

    Examples:
        >>> on_time_payment_rate(940, paid=1_000).value
        Decimal('0.9400')

    References:
        APQC Open Standards Benchmarking, accounts payable measures.
    """
    how = to_enum(Weighting, weighting, "weighting")
    counts_or_values(paid_on_time, paid, how, part_field="paid_on_time", whole_field="paid")
    return share_kpi(
        Spec(
            name="on_time_payment_rate",
            title="On-time payment rate",
            unit=KpiUnit.SHARE,
            source=_ON_TIME_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        paid_on_time,
        paid,
        part_field="paid_on_time",
        whole_field="paid",
        words=(f"paid on time ({how.value})", f"paid ({how.value})"),
        variant=how,
        period=period,
        currency=currency,
        target=target,
        direction=direction,
    )


def late_payment_interest_paid(
    charges: Sequence[LatePaymentInterest | Decimal | int],
    *,
    currency: str,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the late-payment interest paid in the period.

    Formula: ``Σ interest`` over the charges: each a
    `spendrules.payment_terms.late_payment_interest` result (its ``interest``) or
    an amount ``>= 0``.

    Args:
        charges: The interest charges (results or amounts).
        currency: ISO 4217 code of every amount; a result in another currency is refused.
        period: The period, or ``None``.
        rounding: Rounding of the total; default ``ROUND_HALF_UP``.
        target: Agreed ceiling, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` amount.

    Raises:
        CurrencyMismatchError: a result in another currency.
        InvalidInputError: a negative amount.
        TypeError: ``float`` amounts.

    Examples:
        >>> late_payment_interest_paid([Decimal("12.50"), 30], currency="EUR").value
        Decimal('42.50')

    References:
        Directive 2011/7/EU, art. 2; spendrules.payment_terms.late_payment_interest.
    """
    code = check_currency(currency, "currency")
    total = Decimal(0)
    for index, charge in enumerate(charges):
        if isinstance(charge, LatePaymentInterest):
            if charge.currency != code:
                raise CurrencyMismatchError(f"charges[{index}].currency", code, charge.currency)
            amount = charge.interest
        else:
            amount = check_non_negative(charge, f"charges[{index}]")
        with exact():
            total += amount
    return build(
        Spec(
            name="late_payment_interest",
            title="Late-payment interest paid",
            unit=KpiUnit.AMOUNT,
            source=_LATE_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        exact_value=total,
        formula="late-payment interest = Σ interest charged on late payments",
        sentence=f"Late-payment interest on {len(charges)} charge(s) = {{value}} {code}.",
        inputs=[("charges", Decimal(len(charges))), ("total", total)],
        period=optional_period(period),
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def _spend_share(
    spec: Spec,
    part: object,
    total: object,
    *,
    part_field: str,
    part_words: str,
    currency: str | None,
    period: object,
    target: object,
    direction: object,
) -> Kpi:
    return share_kpi(
        spec,
        part,
        total,
        part_field=part_field,
        whole_field="total_spend",
        words=(part_words, "total spend"),
        period=period,
        currency=currency,
        target=target,
        direction=direction,
    )


def spend_under_management(
    managed_spend: Decimal | int,
    *,
    total_spend: Decimal | int,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return spend under management: the share of spend that procurement manages.

    Formula: ``spend managed by procurement ÷ total spend`` (managed: sourced by
    procurement or bought under its policies and contracts).

    Args:
        managed_spend: Spend under management, ``0 <= x <= total_spend``.
        total_spend: Total (addressable) spend of the period, ``> 0``.
        currency: ISO 4217 code of the amounts, or ``None``.
        period: The period, or ``None``.
        target: Agreed target share, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``total_spend <= 0``, managed spend negative or above total.
        TypeError: ``float`` amounts.

    Examples:
        >>> spend_under_management(8_500_000, total_spend=10_000_000).value
        Decimal('0.8500')

    References:
        OpsDog, "Spend Under Management (SUM)"; The Hackett Group, "Procurement KPIs
        (Part 4): Spend Under Management".
    """
    return _spend_share(
        Spec(
            name="spend_under_management",
            title="Spend under management",
            unit=KpiUnit.SHARE,
            source=_SUM_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        managed_spend,
        total_spend,
        part_field="managed_spend",
        part_words="managed spend",
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )


def maverick_spend_share(
    off_contract_spend: Decimal | int,
    *,
    total_spend: Decimal | int,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the off-contract ("maverick") share of spend.

    Formula: ``spend outside contracts, preferred suppliers or the purchasing process ÷
    total spend``.

    Args:
        off_contract_spend: Maverick spend, ``0 <= x <= total_spend``.
        total_spend: Total spend of the period, ``> 0``.
        currency: ISO 4217 code of the amounts, or ``None``.
        period: The period, or ``None``.
        target: Agreed ceiling, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``total_spend <= 0``, maverick spend negative or above total.
        TypeError: ``float`` amounts.

    Examples:
        kpitree's example: 2 million of 10 million outside approved channels:

        >>> maverick_spend_share(2_000_000, total_spend=10_000_000).value
        Decimal('0.2000')

    References:
        kpitree glossary, "Maverick spend rate"; KPI Depot, "Maverick Spend".
    """
    return _spend_share(
        Spec(
            name="maverick_spend_share",
            title="Maverick spend share",
            unit=KpiUnit.SHARE,
            source=_MAVERICK_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        off_contract_spend,
        total_spend,
        part_field="off_contract_spend",
        part_words="off-contract spend",
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )


def preferred_supplier_share(
    preferred_spend: Decimal | int,
    *,
    total_spend: Decimal | int,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the share of spend placed with preferred suppliers.

    Formula: ``spend with preferred suppliers ÷ total spend``.

    Args:
        preferred_spend: Spend with preferred suppliers, ``0 <= x <= total_spend``.
        total_spend: Total (addressable) spend of the period, ``> 0``.
        currency: ISO 4217 code of the amounts, or ``None``.
        period: The period, or ``None``.
        target: Agreed target share, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``total_spend <= 0``, preferred spend negative or above total.
        TypeError: ``float`` amounts.

    Examples:
        >>> preferred_supplier_share(6_300, total_spend=9_000).value
        Decimal('0.7000')

    References:
        The Hackett Group, "Procurement KPIs (Part 4): Spend Under Management".
    """
    return _spend_share(
        Spec(
            name="preferred_supplier_share",
            title="Preferred supplier share",
            unit=KpiUnit.SHARE,
            source=_PREFERRED_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        preferred_spend,
        total_spend,
        part_field="preferred_spend",
        part_words="spend with preferred suppliers",
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )


def po_compliance(
    with_po: Decimal | int,
    *,
    invoices: Decimal | int,
    weighting: Weighting | str = Weighting.COUNT,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return PO compliance: the share of supplier invoices that reference a purchase order.

    Formula: ``invoices with a PO ÷ all invoices``, counted (``weighting="count"``,
    default, as SAP's "Maverick Spend (%)" counts invoices) or by value (``"value"``).

    Args:
        with_po: Invoices (or their value) with a PO reference, ``0 <= x <= invoices``.
        invoices: All supplier invoices (or their value), ``> 0``.
        weighting: `Weighting`; ``"count"`` requires integers.
        currency: ISO 4217 code of the values, or ``None``.
        period: The period, or ``None``.
        target: Agreed target share, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``invoices <= 0``, ``with_po`` negative or above it.
        TypeError: ``float`` values, or non-integers counted.

    Examples:
        >>> po_compliance(870, invoices=1_000).value
        Decimal('0.8700')

    References:
        SAP, "KPI Maverick Spend (%)".
    """
    how = to_enum(Weighting, weighting, "weighting")
    counts_or_values(with_po, invoices, how, part_field="with_po", whole_field="invoices")
    return share_kpi(
        Spec(
            name="po_compliance",
            title="PO compliance",
            unit=KpiUnit.SHARE,
            source=_PO_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        with_po,
        invoices,
        part_field="with_po",
        whole_field="invoices",
        words=(f"invoices with a PO ({how.value})", f"all invoices ({how.value})"),
        variant=how,
        period=period,
        currency=currency,
        target=target,
        direction=direction,
    )


def split_purchase_leads(
    leads: int | Sequence[SplitFinding],
    *,
    orders: int,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return split-purchase leads per 1,000 orders.

    Formula: ``leads × 1,000 ÷ orders``; leads are the findings of
    `spendrules.budget.detect_split_purchases` (or their number).

    Args:
        leads: The findings, or their number (``>= 0``).
        orders: Purchase orders (or transactions) screened, ``> 0``.
        period: The period, or ``None``.
        target: Agreed ceiling per 1,000, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` per 1,000.

    Raises:
        InvalidInputError: ``orders < 1`` or negative leads.
        TypeError: a count that is not an ``int``.

    Examples:
        >>> split_purchase_leads(3, orders=1_200).value
        Decimal('2.5000')

    References:
        Domain note budget.md (split purchases); `spendrules.budget.detect_split_purchases`.
    """
    if isinstance(leads, int):
        count = check_int(leads, "leads", minimum=0)
    else:
        for index, finding in enumerate(leads):
            if not isinstance(finding, SplitFinding):
                raise TypeError(
                    f"leads[{index}] must be a SplitFinding, not {type(finding).__name__}"
                )
        count = len(leads)
    screened = check_int(orders, "orders", minimum=0)
    if screened == 0:
        raise InvalidInputError("orders", orders, "> 0 (it divides split-purchase leads)")
    with exact():
        value = Decimal(count) * 1000 / screened
    return build(
        Spec(
            name="split_purchase_leads",
            title="Split-purchase leads",
            unit=KpiUnit.PER_THOUSAND,
            source=_SPLIT_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        exact_value=value,
        formula="split-purchase leads per 1,000 = leads × 1,000 ÷ orders",
        sentence=f"Split-purchase leads = {count} × 1,000 ÷ {screened:,} orders = {{value}}.",
        inputs=[("leads", Decimal(count)), ("orders", Decimal(screened))],
        period=optional_period(period),
        target=target,
        direction=direction,
    )
