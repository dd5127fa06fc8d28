"""Savings KPIs: savings rate, cost-avoidance share, net savings, realised vs negotiated."""

from __future__ import annotations

import decimal
from decimal import Decimal

from spendrules._checks import check_currency, check_decimal, check_non_negative, to_enum
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._kpis.model import (
    Direction,
    Kpi,
    KpiPeriod,
    KpiUnit,
    Spec,
    build,
    optional_period,
    positive,
)
from spendrules._kpis.shares import share_kpi
from spendrules._policy.model import KpiTarget
from spendrules._savings.model import ComponentKind
from spendrules._savings.portfolio import SavingsSummary
from spendrules.errors import CurrencyMismatchError, InvalidInputError

__all__ = [
    "SavingsView",
    "cost_avoidance_share",
    "net_savings",
    "savings_rate",
    "savings_realisation",
]


class SavingsView(SpendEnum):
    """Whose savings figure a savings KPI counts.

    Attributes:
        FINANCE: Finance-recognised savings: budget-impacting and attributable to
            procurement (default; the figure finance books).
        PROCUREMENT: Procurement's view: every attributable component, cost
            avoidance included (the figure procurement reports).
    """

    FINANCE = "finance"
    PROCUREMENT = "procurement"


_RATE_SOURCE = (
    "The Hackett Group / Spend Matters, 'Procurement KPIs' series (savings against "
    "addressable spend); finance-recognised vs procurement savings as in the domain note "
    "savings.md (CAPS, ISM, GEP definitions)"
)
_AVOIDANCE_SOURCE = (
    "domain note savings.md: ISM, GEP and NIGP definitions of cost avoidance (it does not "
    "lower the budget)"
)
_NET_SOURCE = (
    "domain note savings.md (finance ledger: hard savings + windfall + increase = "
    "(B − P1) × Q; net_recognised of spendrules.savings.summarise_savings)"
)
_REALISATION_SOURCE = (
    "Capgemini savings lifecycle (projected → identified → captured → realised), domain "
    "note savings.md 'CAPG'; leakage = negotiated − realised"
)


def _summary_currency(summary: SavingsSummary, currency: str | None) -> str:
    if currency is not None and check_currency(currency, "currency") != summary.currency:
        raise CurrencyMismatchError("savings.currency", currency, summary.currency)
    return summary.currency


def savings_rate(
    savings: Decimal | int | SavingsSummary,
    *,
    addressable_spend: Decimal | int,
    view: SavingsView | str = SavingsView.FINANCE,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return savings as a share of addressable spend, in finance's or procurement's view.

    Formula: ``savings ÷ addressable spend``; ``view="finance"`` (default) counts
    finance-recognised savings, ``"procurement"`` the procurement view. From a
    `spendrules.savings.SavingsSummary` the figure is ``total.finance_recognised``
    or ``total.procurement_view``; an amount is taken as the chosen view's figure.

    Args:
        savings: The savings figure, or a summary of classified events (any sign: a
            net cost increase gives a negative rate).
        addressable_spend: Addressable spend of the period, ``> 0``.
        view: `SavingsView`; default ``"finance"``.
        currency: ISO 4217 code; must match a summary's.
        period: The period, or ``None``.
        target: Agreed target rate, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` ratio.

    Raises:
        InvalidInputError: ``addressable_spend <= 0``.
        CurrencyMismatchError: a summary in another currency.
        TypeError: ``float`` amounts.

    Examples:
        >>> savings_rate(450_000, addressable_spend=15_000_000).value
        Decimal('0.0300')

    References:
        The Hackett Group, "Procurement KPIs" (Spend Matters series); domain note savings.md.
    """
    how = to_enum(SavingsView, view, "view")
    code = None if currency is None else check_currency(currency, "currency")
    if isinstance(savings, SavingsSummary):
        code = _summary_currency(savings, currency)
        total = savings.total
        amount = total.finance_recognised if how is SavingsView.FINANCE else total.procurement_view
    else:
        amount = check_decimal(savings, "savings")
    spend = positive(addressable_spend, "addressable_spend", what="the savings rate")
    with exact():
        value = amount / spend
    label = "finance-recognised" if how is SavingsView.FINANCE else "procurement-view"
    return build(
        Spec(
            name="savings_rate",
            title="Savings rate",
            unit=KpiUnit.RATIO,
            source=_RATE_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        exact_value=value,
        formula="savings rate = savings ÷ addressable spend",
        sentence=(
            f"Savings rate = {label} savings ÷ addressable spend = {amount:,} ÷ {spend:,} "
            "= {value}."
        ),
        inputs=[("savings", amount), ("addressable_spend", spend)],
        variant=how,
        period=optional_period(period),
        currency=code,
        target=target,
        direction=direction,
    )


def cost_avoidance_share(
    cost_avoidance: Decimal | int | SavingsSummary,
    *,
    hard_savings: Decimal | int | None = None,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the share of reported savings that is cost avoidance rather than a budget cut.

    Formula: ``cost avoidance ÷ (hard savings + cost avoidance)``. From a
    `spendrules.savings.SavingsSummary` both come from the total's component
    kinds (``hard_savings`` must then be ``None``).

    Args:
        cost_avoidance: Cost avoidance, ``>= 0``, or a summary.
        hard_savings: Hard savings, ``>= 0`` (with an amount only).
        currency: ISO 4217 code; must match a summary's.
        period: The period, or ``None``.
        target: Agreed ceiling, or ``None``.
        direction: Override of the default ``"lower_is_better"`` (the larger the
            avoidance share, the less of the reported figure reaches the budget).

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: negative amounts, both zero, ``hard_savings`` missing with an
            amount or given with a summary.
        TypeError: ``float`` amounts.

    Examples:
        >>> cost_avoidance_share(300_000, hard_savings=900_000).value
        Decimal('0.2500')

    References:
        Domain note savings.md (ISM, GEP and NIGP on cost avoidance).
    """
    code = None if currency is None else check_currency(currency, "currency")
    if isinstance(cost_avoidance, SavingsSummary):
        if hard_savings is not None:
            raise InvalidInputError("hard_savings", hard_savings, "None with a SavingsSummary")
        code = _summary_currency(cost_avoidance, currency)
        avoidance = cost_avoidance.total.amount(ComponentKind.COST_AVOIDANCE)
        hard = cost_avoidance.total.amount(ComponentKind.HARD_SAVINGS)
    else:
        if hard_savings is None:
            raise InvalidInputError("hard_savings", None, "given with an amount")
        avoidance = check_non_negative(cost_avoidance, "cost_avoidance")
        hard = check_non_negative(hard_savings, "hard_savings")
    with exact():
        reported = hard + avoidance
    return share_kpi(
        Spec(
            name="cost_avoidance_share",
            title="Cost avoidance share",
            unit=KpiUnit.SHARE,
            source=_AVOIDANCE_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        avoidance,
        reported,
        part_field="cost_avoidance",
        whole_field="hard_savings + cost_avoidance",
        words=("cost avoidance", "(hard savings + cost avoidance)"),
        period=period,
        currency=code,
        target=target,
        direction=direction,
    )


def net_savings(
    savings: Decimal | int | SavingsSummary,
    *,
    cost_increases: Decimal | int | None = None,
    currency: str,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return savings net of cost increases: what the budget kept.

    Formula: ``net savings = savings − cost increases``. From a
    `spendrules.savings.SavingsSummary`: ``total.finance_recognised`` net of the
    increases, which is ``total.net_recognised`` (``cost_increases`` must then be ``None``).

    Args:
        savings: Recognised savings (any sign), or a summary.
        cost_increases: Cost increases of the period as a magnitude, ``>= 0`` (with an
            amount only).
        currency: ISO 4217 code; must match a summary's.
        period: The period, or ``None``.
        rounding: Rounding to the currency's minor unit; default ``ROUND_HALF_UP``.
        target: Agreed target amount, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` amount with the figure ``cost_increases``.

    Raises:
        InvalidInputError: negative increases, ``cost_increases`` missing with an amount
            or given with a summary.
        CurrencyMismatchError: a summary in another currency.
        TypeError: ``float`` amounts.

    Examples:
        >>> net_savings(1_200_000, cost_increases=350_000, currency="USD").value
        Decimal('850000.00')

    References:
        Domain note savings.md (the finance ledger).
    """
    code = check_currency(currency, "currency")
    if isinstance(savings, SavingsSummary):
        if cost_increases is not None:
            raise InvalidInputError("cost_increases", cost_increases, "None with a SavingsSummary")
        code = _summary_currency(savings, code)
        gross = savings.total.finance_recognised
        with exact():
            increases = gross - savings.total.net_recognised
    else:
        if cost_increases is None:
            raise InvalidInputError("cost_increases", None, "given with an amount")
        gross = check_decimal(savings, "savings")
        increases = check_non_negative(cost_increases, "cost_increases")
    with exact():
        value = gross - increases
    return build(
        Spec(
            name="net_savings",
            title="Net savings",
            unit=KpiUnit.AMOUNT,
            source=_NET_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        exact_value=value,
        formula="net savings = recognised savings − cost increases",
        sentence=(
            f"Net savings = recognised savings − cost increases = {gross:,} − {increases:,} "
            f"= {{value}} {code}."
        ),
        inputs=[("savings", gross), ("cost_increases", increases)],
        figures=[("cost_increases", increases, KpiUnit.AMOUNT)],
        period=optional_period(period),
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def savings_realisation(
    realised: Decimal | int,
    *,
    negotiated: Decimal | int,
    currency: str,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return realised savings as a share of negotiated savings, and the leakage.

    Formula: ``realisation = realised ÷ negotiated``; leakage = ``negotiated −
    realised`` (negative when more was realised than negotiated), leakage share =
    ``1 − realisation``.

    Args:
        realised: Savings realised in invoices and payments (any sign).
        negotiated: Savings negotiated (signed contracts), ``> 0``.
        currency: ISO 4217 code of both amounts.
        period: The period, or ``None``.
        rounding: Rounding of the leakage amount; default ``ROUND_HALF_UP``.
        target: Agreed target ratio, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` ratio with the figures ``leakage`` and ``leakage_share``.

    Raises:
        InvalidInputError: ``negotiated <= 0``.
        TypeError: ``float`` amounts.

    Examples:
        >>> kpi = savings_realisation(780_000, negotiated=1_000_000, currency="EUR")
        >>> kpi.value, kpi.figure("leakage"), kpi.figure("leakage_share")
        (Decimal('0.7800'), Decimal('220000.00'), Decimal('0.2200'))

    References:
        Capgemini savings lifecycle (domain note savings.md, "CAPG").
    """
    code = check_currency(currency, "currency")
    got = check_decimal(realised, "realised")
    agreed = positive(negotiated, "negotiated", what="the savings realisation")
    with exact():
        value = got / agreed
        leakage = agreed - got
        leakage_share = 1 - value
    return build(
        Spec(
            name="savings_realisation",
            title="Savings realisation",
            unit=KpiUnit.RATIO,
            source=_REALISATION_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        exact_value=value,
        formula="realisation = realised savings ÷ negotiated savings",
        sentence=(
            f"Savings realisation = realised ÷ negotiated = {got:,} ÷ {agreed:,} = {{value}}; "
            f"leakage {leakage:,} {code}."
        ),
        inputs=[("realised", got), ("negotiated", agreed)],
        figures=[
            ("leakage", leakage, KpiUnit.AMOUNT),
            ("leakage_share", leakage_share, KpiUnit.RATIO),
        ],
        period=optional_period(period),
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )
