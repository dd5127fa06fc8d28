"""Turnover KPIs and the cash released by payment-term changes.

Payables turnover wraps `spendrules.payment_terms.payables_turnover`; inventory
turnover follows the same conventions; the balances are those of
`spendrules._kpis.working_capital`.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal

from spendrules._checks import check_currency, check_decimal, to_enum
from spendrules._decimal import exact
from spendrules._kpis.model import (
    Direction,
    Kpi,
    KpiPeriod,
    KpiUnit,
    Spec,
    build,
    optional_period,
    positive,
    to_period,
)
from spendrules._kpis.working_capital import (
    BalanceBasis,
    balance_of,
    basis_words,
)
from spendrules._policy.model import KpiTarget
from spendrules._terms.cash_flow import DpoMethod
from spendrules._terms.cash_flow import payables_turnover as _payables_turnover
from spendrules._terms.term_change import TermChangeImpact
from spendrules.errors import CurrencyMismatchError, InvalidInputError

__all__ = ["cash_released", "inventory_turnover", "payables_turnover"]

_INVENTORY_TURNOVER_SOURCE = (
    "CFI, 'Inventory Turnover Ratio' (cost of goods sold ÷ average inventory; "
    "days = 365 ÷ turnover)"
)

_PAYABLES_TURNOVER_SOURCE = (
    "Investopedia, 'Accounts Payable Turnover Ratio' (cost of sales ÷ average payables)"
)

_CASH_RELEASED_SOURCE = (
    "domain note payment_terms.md §3 (cash released by extending DPO by Δ days = "
    "annual spend × Δ ÷ 365; calcsimpler, 'Payment Terms Extension ROI')"
)


def payables_turnover(
    payables: Decimal | int,
    *,
    cost_of_sales: Decimal | int,
    basis: BalanceBasis | str = BalanceBasis.PERIOD_END,
    opening_payables: Decimal | int | None = None,
    period: KpiPeriod | int = 365,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return payables turnover: how many times the payables balance is paid off.

    Formula: ``cost of sales ÷ payables`` (period end or average); days =
    ``days in period ÷ turnover`` (the DPO). Computed by
    `spendrules.payment_terms.payables_turnover`.

    Args:
        payables: Trade payables at period end, ``>= 0``.
        cost_of_sales: Cost of sales (or purchases) of the period, ``> 0``.
        basis: `BalanceBasis`; default ``"period_end"``.
        opening_payables: Payables at the start of the period, with ``basis="average"``.
        period: Days in the period, or a `KpiPeriod`; default 365.
        target: Agreed target (times), or ``None``.
        direction: Override of the default ``"lower_is_better"`` (fewer turns, longer
            credit, finance's reading).

    Returns:
        A `Kpi` in times (half-even, 2 places), with the DPO as the figure
        ``days``.

    Raises:
        InvalidInputError: as `dpo`, and payables of zero.
        TypeError: ``float`` amounts.

    Examples:
        >>> kpi = payables_turnover(50_000_000, cost_of_sales=120_000_000,
        ...                             basis="average", opening_payables=30_000_000)
        >>> kpi.value, kpi.figure("days")
        (Decimal('3.00'), Decimal('121.67'))

    References:
        Investopedia, "Accounts Payable Turnover Ratio"; CFI, "Accounts Payable
        Turnover Ratio".
    """
    how_basis = to_enum(BalanceBasis, basis, "basis")
    span = to_period(period)
    result = _payables_turnover(
        payables,
        cost_of_sales=cost_of_sales,
        period_days=span.days,
        method=DpoMethod(how_basis.value),
        opening_payables=opening_payables,
    )
    inputs: list[tuple[str, Decimal]] = [("payables", result.payables)]
    if result.opening_payables is not None:
        inputs.insert(0, ("opening_payables", result.opening_payables))
    return build(
        Spec(
            name="payables_turnover",
            title="Payables turnover",
            unit=KpiUnit.TIMES,
            source=_PAYABLES_TURNOVER_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        exact_value=result.turnover,
        formula="payables turnover = cost of sales ÷ payables",
        sentence=(
            f"Payables turnover = cost of sales ÷ {basis_words(how_basis, 'payables')} = "
            f"{result.cost_of_sales:,} ÷ {result.average_payables:,} = {{value}} in "
            f"{span.days} days ({result.days_payable_outstanding} days payable)."
        ),
        inputs=[*inputs, ("cost_of_sales", result.cost_of_sales)],
        figures=[
            ("average_balance", result.average_payables, None),
            ("days", result.days_payable_outstanding, KpiUnit.DAYS),
        ],
        variant=how_basis,
        period=span,
        target=target,
        direction=direction,
    )


def inventory_turnover(
    inventory: Decimal | int,
    *,
    cost_of_sales: Decimal | int,
    basis: BalanceBasis | str = BalanceBasis.PERIOD_END,
    opening_inventory: Decimal | int | None = None,
    period: KpiPeriod | int = 365,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return inventory turnover: how many times stock is sold and replaced in the period.

    Formula: ``cost of sales ÷ inventory`` (period end or average); days =
    ``days in period ÷ turnover`` (the DIO).

    Args:
        inventory: Inventory value at period end, ``> 0`` for the balance used.
        cost_of_sales: Cost of goods sold of the period, ``> 0``.
        basis: `BalanceBasis`; default ``"period_end"``.
        opening_inventory: Inventory at the start of the period, with ``basis="average"``.
        period: Days in the period, or a `KpiPeriod`; default 365.
        target: Agreed target (times), or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` in times (half-even, 2 places), with the DIO as the figure ``days``.

    Raises:
        InvalidInputError: negative values, ``cost_of_sales <= 0``, an inventory
            balance of zero (the turnover is undefined).
        TypeError: ``float`` amounts.

    Examples:
        CFI's example: cost of goods sold 600,000, average inventory 120,000:

        >>> kpi = inventory_turnover(120_000, cost_of_sales=600_000)
        >>> kpi.value, kpi.figure("days")
        (Decimal('5.00'), Decimal('73.00'))

    References:
        CFI, "Inventory Turnover Ratio"; Investopedia, "Inventory Turnover".
    """
    how_basis = to_enum(BalanceBasis, basis, "basis")
    span = to_period(period)
    balance, inputs = balance_of(
        inventory,
        opening_inventory,
        how_basis,
        field="inventory",
        opening_field="opening_inventory",
    )
    cost = positive(cost_of_sales, "cost_of_sales", what="days inventory outstanding")
    if balance == 0:
        field = "inventory" if how_basis is BalanceBasis.PERIOD_END else "opening + closing"
        raise InvalidInputError(field, balance, "> 0 (it divides the inventory turnover)")
    with exact():
        turnover = cost / balance
        days = balance * span.days / cost
    return build(
        Spec(
            name="inventory_turnover",
            title="Inventory turnover",
            unit=KpiUnit.TIMES,
            source=_INVENTORY_TURNOVER_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        exact_value=turnover,
        formula="inventory turnover = cost of sales ÷ inventory",
        sentence=(
            f"Inventory turnover = cost of sales ÷ {basis_words(how_basis, 'inventory')} = "
            f"{cost:,} ÷ {balance:,} = {{value}} in {span.days} days."
        ),
        inputs=[*inputs, ("cost_of_sales", cost)],
        figures=[("average_balance", balance, None), ("days", days, KpiUnit.DAYS)],
        variant=how_basis,
        period=span,
        target=target,
        direction=direction,
    )


def cash_released(
    changes: Sequence[TermChangeImpact | Decimal | int],
    *,
    currency: str,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the working capital released by payment-term changes (absorbed: negative).

    Formula: ``Σ cash released`` over the changes: each a
    `spendrules.payment_terms.term_change_impact` result (its ``cash_released``)
    or an amount.

    Args:
        changes: The term changes of the period (results or amounts, any sign).
        currency: ISO 4217 code of every amount; a result in another currency is refused.
        period: The period, or ``None``.
        rounding: Rounding of the total to the currency's minor unit; default
            ``ROUND_HALF_UP``.
        target: Agreed target amount, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` amount.

    Raises:
        CurrencyMismatchError: a result in another currency.
        UnknownCurrencyError: an unknown currency.
        TypeError: ``float`` amounts.

    Examples:
        >>> cash_released([Decimal("8219.18"), Decimal("-1000.00")], currency="EUR").value
        Decimal('7219.18')

    References:
        Domain note ``payment_terms.md`` §3: cash released = annual spend × Δ days ÷ 365.
    """
    code = check_currency(currency, "currency")
    total = Decimal(0)
    for index, change in enumerate(changes):
        if isinstance(change, TermChangeImpact):
            if change.currency != code:
                raise CurrencyMismatchError(f"changes[{index}].currency", code, change.currency)
            amount = change.cash_released
        else:
            amount = check_decimal(change, f"changes[{index}]")
        with exact():
            total += amount
    return build(
        Spec(
            name="cash_released",
            title="Cash released by term changes",
            unit=KpiUnit.AMOUNT,
            source=_CASH_RELEASED_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        exact_value=total,
        formula="cash released = Σ cash released by each term change",
        sentence=f"Cash released by {len(changes)} term change(s) = {{value}} {code}.",
        inputs=[("changes", Decimal(len(changes))), ("total", total)],
        period=optional_period(period),
        currency=code,
        target=target,
        direction=direction,
        rounding=rounding,
    )
