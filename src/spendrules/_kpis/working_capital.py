"""Working-capital KPIs: DPO, DIO, DSO, the cash conversion cycle, turnovers, cash released.

DPO and payables turnover wrap `spendrules.payment_terms.days_payable_outstanding`
and `spendrules.payment_terms.payables_turnover`; the others follow the same
conventions (days half-even to 2 places, a period of 365 days by default, period-end
or average balances).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from spendrules._checks import check_decimal, check_non_negative, to_enum
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
    to_period,
)
from spendrules._policy.model import KpiTarget
from spendrules._terms.cash_flow import (
    DpoMethod,
    days_payable_outstanding,
)
from spendrules.errors import InvalidInputError

__all__ = [
    "BalanceBasis",
    "DpoView",
    "cash_conversion_cycle",
    "dio",
    "dpo",
    "dso",
]


class BalanceBasis(SpendEnum):
    """Which balance a days or turnover KPI divides.

    Attributes:
        PERIOD_END: The balance at the end of the period (default; what a balance
            sheet shows).
        AVERAGE: The mean of the opening and closing balances (the textbook
            "average inventory", "average accounts payable").
    """

    PERIOD_END = "period_end"
    AVERAGE = "average"


class DpoView(SpendEnum):
    """Finance's and procurement's days payable.

    Attributes:
        BALANCE_SHEET: Finance's ratio: trade payables ÷ cost of sales × days in the
            period (default).
        TERMS_WEIGHTED: Procurement's term length: the spend-weighted average of the
            days to pay agreed (or achieved) with each supplier,
            ``Σ spendᵢ × daysᵢ ÷ Σ spendᵢ``.
    """

    BALANCE_SHEET = "balance_sheet"
    TERMS_WEIGHTED = "terms_weighted"


_INVESTOPEDIA_CCC = (
    "Investopedia, 'Cash Conversion Cycle (CCC)': CCC = DIO + DSO − DPO; "
    "CFI, 'Cash Conversion Cycle'"
)
_DPO_SOURCE = (
    "Investopedia, 'Days Payable Outstanding (DPO)' and 'Accounts Payable Turnover "
    "Ratio' (payables ÷ cost of sales × days; average payables = (opening + closing) ÷ 2)"
)
_DPO_TERMS_SOURCE = (
    "weighted average payment terms, as procurement reports DPO (domain note "
    "payment_terms.md, 'equivalent net days'; Hackett Group, working-capital studies)"
)
_DIO_SOURCE = (
    "AccountingTools, 'Days inventory outstanding' ((average inventory ÷ cost of goods "
    "sold) × 365 days); Investopedia, 'Days Inventory Outstanding (DIO)'"
)
_DSO_SOURCE = (
    "Investopedia, 'Days Sales Outstanding (DSO)' (accounts receivable ÷ revenue × days); "
    "EESPA glossary, 'DSO'"
)


def balance_of(
    closing: object,
    opening: object,
    basis: BalanceBasis,
    *,
    field: str,
    opening_field: str,
) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """Return the balance the basis divides, and the inputs to record."""
    end = check_non_negative(closing, field)
    if basis is BalanceBasis.AVERAGE:
        if opening is None:
            raise InvalidInputError(opening_field, None, "given when basis is 'average'")
        start = check_non_negative(opening, opening_field)
        with exact():
            balance = (start + end) / 2
        return balance, [(opening_field, start), (field, end)]
    if opening is not None:
        raise InvalidInputError(opening_field, opening, "None unless basis is 'average'")
    return end, [(field, end)]


def basis_words(basis: BalanceBasis, noun: str) -> str:
    return f"average {noun}" if basis is BalanceBasis.AVERAGE else f"{noun} at period end"


def dpo(
    payables: Decimal | int | None = None,
    *,
    cost_of_sales: Decimal | int | None = None,
    view: DpoView | str = DpoView.BALANCE_SHEET,
    basis: BalanceBasis | str = BalanceBasis.PERIOD_END,
    opening_payables: Decimal | int | None = None,
    spend_by_terms: Sequence[tuple[Decimal | int, Decimal | int]] = (),
    period: KpiPeriod | int = 365,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return days payable outstanding (DPO), finance's ratio or procurement's term length.

    Formula: finance (``view="balance_sheet"``, default): ``DPO = payables ÷ cost of
    sales × days in period``, with payables at period end or averaged (``basis``);
    the number is `spendrules.payment_terms.days_payable_outstanding`'s.
    Procurement (``view="terms_weighted"``): ``Σ spendᵢ × daysᵢ ÷ Σ spendᵢ`` over
    ``spend_by_terms``, the days to pay agreed with (or achieved by) each supplier.

    Args:
        payables: Trade payables at period end, ``>= 0`` (balance sheet view only).
        cost_of_sales: Cost of sales (or purchases) of the period, ``> 0`` (balance
            sheet view only).
        view: `DpoView`; default ``"balance_sheet"``.
        basis: `BalanceBasis`; default ``"period_end"``.
        opening_payables: Payables at the start of the period, with ``basis="average"``.
        spend_by_terms: ``(spend, days)`` pairs, spend ``>= 0`` and days ``>= 0``,
            with a positive total (terms-weighted view only).
        period: Days in the period, or a `KpiPeriod`; default 365.
        target: Agreed target in days, or ``None``.
        direction: Override of the default ``"higher_is_better"`` (finance's reading:
            longer DPO keeps cash; a procurement policy that protects suppliers may
            read it the other way).

    Returns:
        A `Kpi` in days (half-even, 2 places).

    Raises:
        InvalidInputError: a missing or extra input for the view, a negative amount,
            a zero cost of sales or total spend.
        TypeError: ``float`` amounts.

    Examples:
        Investopedia's payables example (cost of goods sold 120 million, payables 30
        million at the start and 50 million at the end of the year):

        >>> finance = dpo(50_000_000, cost_of_sales=120_000_000, basis="average",
        ...               opening_payables=30_000_000)
        >>> finance.value
        Decimal('121.67')
        >>> dpo(view="terms_weighted", spend_by_terms=[(600, 30), (400, 60)]).value
        Decimal('42.00')

    References:
        Investopedia, "Days Payable Outstanding (DPO)"; CFI, "Days Payable
        Outstanding"; for the procurement view, weighted average payment terms.
    """
    how = to_enum(DpoView, view, "view")
    how_basis = to_enum(BalanceBasis, basis, "basis")
    span = to_period(period)
    if how is DpoView.TERMS_WEIGHTED:
        for field, value in (
            ("payables", payables),
            ("cost_of_sales", cost_of_sales),
            ("opening_payables", opening_payables),
        ):
            if value is not None:
                raise InvalidInputError(field, value, "None when view is 'terms_weighted'")
        total, weighted = Decimal(0), Decimal(0)
        for index, pair in enumerate(spend_by_terms):
            spend = check_non_negative(pair[0], f"spend_by_terms[{index}].spend")
            days = check_non_negative(pair[1], f"spend_by_terms[{index}].days")
            with exact():
                total += spend
                weighted += spend * days
        if total == 0:
            raise InvalidInputError(
                "spend_by_terms", tuple(spend_by_terms), "a positive total spend (it divides)"
            )
        with exact():
            value = weighted / total
        return build(
            Spec(
                name="dpo",
                title="Days payable outstanding",
                unit=KpiUnit.DAYS,
                source=_DPO_TERMS_SOURCE,
                direction=Direction.HIGHER_IS_BETTER,
            ),
            exact_value=value,
            formula="DPO = Σ spend × days to pay ÷ Σ spend",
            sentence=(
                f"Spend-weighted days to pay = {weighted:,} ÷ {total:,} = {{value}} "
                f"(procurement's term length over {len(spend_by_terms)} supplier(s))."
            ),
            inputs=[("spend", total), ("spend_days", weighted)],
            variant=how,
            period=span,
            target=target,
            direction=direction,
        )
    if spend_by_terms:
        raise InvalidInputError(
            "spend_by_terms", tuple(spend_by_terms), "empty when view is 'balance_sheet'"
        )
    if payables is None:
        raise InvalidInputError("payables", None, "given when view is 'balance_sheet'")
    if cost_of_sales is None:
        raise InvalidInputError("cost_of_sales", None, "given when view is 'balance_sheet'")
    days = days_payable_outstanding(
        payables,
        cost_of_sales=cost_of_sales,
        period_days=span.days,
        method=DpoMethod(how_basis.value),
        opening_payables=opening_payables,
    )
    balance, inputs = balance_of(
        payables,
        opening_payables,
        how_basis,
        field="payables",
        opening_field="opening_payables",
    )
    cost = check_decimal(cost_of_sales, "cost_of_sales")
    return build(
        Spec(
            name="dpo",
            title="Days payable outstanding",
            unit=KpiUnit.DAYS,
            source=_DPO_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        exact_value=days,
        formula="DPO = payables ÷ cost of sales × days in period",
        sentence=(
            f"DPO = {basis_words(how_basis, 'payables')} ÷ cost of sales × days = "
            f"{balance:,} ÷ {cost:,} × {span.days} = {{value}}."
        ),
        inputs=[*inputs, ("cost_of_sales", cost)],
        figures=[("average_balance", balance, None)],
        variant=how,
        period=span,
        target=target,
        direction=direction,
    )


def _days_kpi(
    spec: Spec,
    *,
    closing: object,
    opening: object,
    flow: object,
    basis: object,
    period: object,
    names: tuple[str, str, str, str],
    target: object,
    direction: object,
) -> Kpi:
    """A balance ÷ flow × days KPI (DIO, DSO). ``names``: balance, opening, flow, noun."""
    field, opening_field, flow_field, noun = names
    how_basis = to_enum(BalanceBasis, basis, "basis")
    span = to_period(period)
    balance, inputs = balance_of(
        closing, opening, how_basis, field=field, opening_field=opening_field
    )
    denominator = positive(flow, flow_field, what=spec.title)
    with exact():
        value = balance * span.days / denominator
    return build(
        spec,
        exact_value=value,
        formula=f"{spec.name.upper()} = {noun} ÷ {flow_field.replace('_', ' ')} × days in period",
        sentence=(
            f"{spec.name.upper()} = {basis_words(how_basis, noun)} ÷ "
            f"{flow_field.replace('_', ' ')} × days = {balance:,} ÷ {denominator:,} × "
            f"{span.days} = {{value}}."
        ),
        inputs=[*inputs, (flow_field, denominator)],
        figures=[("average_balance", balance, None)],
        variant=how_basis,
        period=span,
        target=target,
        direction=direction,
    )


def dio(
    inventory: Decimal | int,
    *,
    cost_of_sales: Decimal | int,
    basis: BalanceBasis | str = BalanceBasis.PERIOD_END,
    opening_inventory: Decimal | int | None = None,
    period: KpiPeriod | int = 365,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return days inventory outstanding (DIO): how long stock waits before it is sold.

    Formula: ``DIO = inventory ÷ cost of sales × days in period``, with inventory at
    period end (default) or the mean of opening and closing (``basis="average"``).

    Args:
        inventory: Inventory value at period end, ``>= 0``.
        cost_of_sales: Cost of goods sold of the period, ``> 0``.
        basis: `BalanceBasis`; default ``"period_end"``.
        opening_inventory: Inventory at the start of the period, with ``basis="average"``.
        period: Days in the period, or a `KpiPeriod`; default 365.
        target: Agreed target in days, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` in days (half-even, 2 places).

    Raises:
        InvalidInputError: negative inventory, ``cost_of_sales <= 0``, an opening
            balance missing for ``"average"`` or given for ``"period_end"``.
        TypeError: ``float`` amounts.

    Examples:
        AccountingTools' example: average inventory 300,000, cost of goods sold
        2,000,000 a year:

        >>> dio(300_000, cost_of_sales=2_000_000).value
        Decimal('54.75')

    References:
        AccountingTools, "Days inventory outstanding"; Investopedia, "Days Inventory
        Outstanding (DIO)".
    """
    return _days_kpi(
        Spec(
            name="dio",
            title="Days inventory outstanding",
            unit=KpiUnit.DAYS,
            source=_DIO_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        closing=inventory,
        opening=opening_inventory,
        flow=cost_of_sales,
        basis=basis,
        period=period,
        names=("inventory", "opening_inventory", "cost_of_sales", "inventory"),
        target=target,
        direction=direction,
    )


def dso(
    days: Decimal | int | None = None,
    *,
    receivables: Decimal | int | None = None,
    revenue: Decimal | int | None = None,
    basis: BalanceBasis | str = BalanceBasis.PERIOD_END,
    opening_receivables: Decimal | int | None = None,
    period: KpiPeriod | int = 365,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return days sales outstanding (DSO), as reported or from receivables and revenue.

    Formula: ``DSO = receivables ÷ revenue × days in period`` (credit sales where only
    they are on credit). spendrules settles the buy side; DSO usually comes from the
    receivables ledger, so it may be given as a number of days.

    Args:
        days: DSO as reported, ``>= 0``; give either this or receivables and revenue.
        receivables: Trade receivables at period end, ``>= 0``.
        revenue: (Credit) revenue of the period, ``> 0``.
        basis: `BalanceBasis` of the receivables; default ``"period_end"``.
        opening_receivables: Receivables at the start of the period, with
            ``basis="average"``.
        period: Days in the period, or a `KpiPeriod`; default 365.
        target: Agreed target in days, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` in days (half-even, 2 places).

    Raises:
        InvalidInputError: both or neither of ``days`` and receivables given, negative
            values, ``revenue <= 0``.
        TypeError: ``float`` amounts.

    Examples:
        >>> dso(receivables=50_000, revenue=200_000).value
        Decimal('91.25')
        >>> dso(45).value
        Decimal('45.00')

    References:
        Investopedia, "Days Sales Outstanding (DSO)"; EESPA glossary, "DSO".
    """
    spec = Spec(
        name="dso",
        title="Days sales outstanding",
        unit=KpiUnit.DAYS,
        source=_DSO_SOURCE,
        direction=Direction.LOWER_IS_BETTER,
    )
    if days is None:
        if receivables is None:
            raise InvalidInputError("receivables", None, "given when days is None")
        return _days_kpi(
            spec,
            closing=receivables,
            opening=opening_receivables,
            flow=revenue,
            basis=basis,
            period=period,
            names=("receivables", "opening_receivables", "revenue", "receivables"),
            target=target,
            direction=direction,
        )
    for field, value in (
        ("receivables", receivables),
        ("revenue", revenue),
        ("opening_receivables", opening_receivables),
    ):
        if value is not None:
            raise InvalidInputError(field, value, "None when days is given")
    given = check_non_negative(days, "days")
    return build(
        spec,
        exact_value=given,
        formula="DSO as reported by the receivables ledger",
        sentence="DSO as reported: {value}.",
        inputs=[("days", given)],
        period=to_period(period),
        target=target,
        direction=direction,
    )


def _days_of(value: object, name: str) -> Decimal:
    if isinstance(value, Kpi):
        if value.name != name or value.unit is not KpiUnit.DAYS:
            raise InvalidInputError(name, value.name, f"a {name!r} KPI in days")
        return value.value
    return check_decimal(value, name)


def cash_conversion_cycle(
    *,
    dio: Kpi | Decimal | int,
    dso: Kpi | Decimal | int,
    dpo: Kpi | Decimal | int,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the cash conversion cycle: days cash is tied up, ``CCC = DIO + DSO − DPO``.

    The components are taken as they are (rounded KPIs or days), so the identity
    holds exactly on the numbers shown.

    Args:
        dio: Days inventory outstanding (a ``"dio"`` `Kpi` or days).
        dso: Days sales outstanding (a ``"dso"`` `Kpi` or days).
        dpo: Days payable outstanding (a ``"dpo"`` `Kpi` or days).
        period: The period; default that of the ``dio`` KPI when it is one, else none.
        target: Agreed target in days, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` in days, with the operating cycle (DIO + DSO) as a figure.

    Raises:
        InvalidInputError: a KPI of another kind in a component's place.
        TypeError: ``float`` days.

    Examples:
        >>> ccc = cash_conversion_cycle(dio=90, dso=60, dpo=30)
        >>> ccc.value, ccc.figure("operating_cycle")
        (Decimal('120.00'), Decimal('150.00'))

    References:
        Investopedia, "Cash Conversion Cycle (CCC)"; CFI, "Cash Conversion Cycle".
    """
    inventory_days = _days_of(dio, "dio")
    sales_days = _days_of(dso, "dso")
    payable_days = _days_of(dpo, "dpo")
    span = optional_period(period)
    if span is None and isinstance(dio, Kpi):
        span = dio.period
    with exact():
        operating = inventory_days + sales_days
        value = operating - payable_days
    return build(
        Spec(
            name="ccc",
            title="Cash conversion cycle",
            unit=KpiUnit.DAYS,
            source=_INVESTOPEDIA_CCC,
            direction=Direction.LOWER_IS_BETTER,
        ),
        exact_value=value,
        formula="CCC = DIO + DSO − DPO",
        sentence=(
            f"CCC = DIO + DSO − DPO = {inventory_days} + {sales_days} − {payable_days} = {{value}}."
        ),
        inputs=[("dio", inventory_days), ("dso", sales_days), ("dpo", payable_days)],
        figures=[("operating_cycle", operating, KpiUnit.DAYS)],
        period=span,
        target=target,
        direction=direction,
    )
