"""Shared KPIs over the outputs of ``frames.classify_savings`` and ``frames.review_stock``.

``kpis(frames.classify_savings(events, ...))`` equals the scalar KPI given
`spendrules.savings.summarise_savings` of the scalar classifications of the same
events, and ``kpis(frames.review_stock(skus, ...))`` the scalar KPI over the
scalar reviews' `StockSplit` and reserves: each function totals the output's
money columns exactly (at the currency's minor unit, as the summary does) and
calls the scalar KPI with the totals.

Common to every function here:

* one currency per frame: the ``currency`` column's first row (or the
  ``currency`` given) sets it, and a row in another currency is refused, naming it;
* a row that the frames rule failed (``errors="collect"``: its ``error_code`` is
  not null and its amounts are null) is refused, naming it; ``errors="skip"``
  leaves failed rows out;
* ``money="minor_units"`` reads the integer columns of a ``money="minor_units"``
  output (minor units of the frame's currency).
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from spendrules._checks import to_enum
from spendrules._decimal import exact
from spendrules._kpis.model import Direction, Kpi, KpiPeriod
from spendrules._kpis.savings import SavingsView
from spendrules._kpis.savings import cost_avoidance_share as _cost_avoidance_share
from spendrules._kpis.savings import net_savings as _net_savings
from spendrules._kpis.savings import savings_rate as _savings_rate
from spendrules._kpis.stock_budget import excess_obsolete_share as _excess_obsolete_share
from spendrules._kpis.stock_budget import reserve_coverage as _reserve_coverage
from spendrules._policy.model import KpiTarget
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import Frame, check_choice
from spendrules.frames._kpis_rows import MONEY, frame_currency, kept_rows, money_total

__all__ = [
    "cost_avoidance_share",
    "excess_obsolete_share",
    "net_savings",
    "reserve_coverage",
    "savings_rate",
]


class _Output:
    """A frames output read for a KPI: its rows kept, its one currency, its money mode."""

    def __init__(
        self, frame: Any, *, currency_column: str, currency: str | None, errors: str, money: str
    ) -> None:
        self.money = check_choice(money, "money", MONEY)
        self.table = Frame(frame)
        self.keep = kept_rows(self.table, errors)
        self.currency = frame_currency(self.table, currency_column, self.keep, currency)

    def total(self, column: str) -> Decimal:
        """The exact total of ``column`` over the rows kept."""
        return money_total(self.table, column, self.keep, money=self.money, currency=self.currency)

    def require(self, column: str, why: str) -> None:
        """Refuse a frame without ``column``, saying where it comes from."""
        if column not in self.table.frame.columns:
            raise FrameInputError(
                None, column, tuple(self.table.frame.columns), f"a column of the frame ({why})"
            )


def _kind(total: Decimal) -> Decimal:
    """A component kind's total as `SummaryRow.amount` gives it (a bare 0 when none)."""
    return total if total != 0 else Decimal(0)


def savings_rate(
    frame: Any,
    *,
    addressable_spend: Decimal | int,
    view: SavingsView | str = SavingsView.FINANCE,
    currency: str | None = None,
    finance_recognised: str = "finance_recognised",
    procurement_view: str = "procurement_view",
    currency_column: str = "currency",
    errors: str = "raise",
    money: str = "decimal",
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.savings_rate` over the output of ``frames.classify_savings``.

    The savings are the total of ``finance_recognised`` (``view="finance"``) or
    ``procurement_view`` (``"procurement"``), as the scalar KPI reads
    ``summary.total``: it equals ``kpis.savings_rate(summarise_savings(results), ...)``
    for the scalar classifications of the same events. Each row counts: an event on
    two rows counts twice (``summarise_savings`` counts a repeated event once). Name
    the ``fy_*`` columns of a ``period=`` output to rate one fiscal year's slice.

    Args:
        frame: The output of ``frames.classify_savings`` (pandas, polars or pyarrow).
        addressable_spend: Addressable spend of the period, ``> 0``.
        view: `spendrules.kpis.SavingsView`; default ``"finance"``.
        currency: The expected currency, or ``None`` (the frame's).
        finance_recognised: Column of finance-recognised savings.
        procurement_view: Column of procurement-view savings.
        currency_column: Column of the events' currencies.
        errors: ``"raise"`` (default: a failed row is refused) or ``"skip"``.
        money: ``"decimal"`` (default) or ``"minor_units"``, as the output was made.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the column's total.

    Raises:
        FrameInputError: a missing column, a bad or null cell, a second currency or a
            failed row (``errors="raise"``), naming it.
        InvalidInputError: ``addressable_spend <= 0``, an unknown option.

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> classified = pd.DataFrame({"currency": ["USD", "USD"],
        ...     "finance_recognised": [Decimal("1000.00"), Decimal("-200.00")],
        ...     "procurement_view": [Decimal("2000.00"), Decimal("0.00")]})
        >>> savings_rate(classified, addressable_spend=100_000).value
        Decimal('0.0080')
        >>> savings_rate(classified, addressable_spend=100_000, view="procurement").value
        Decimal('0.0200')
    """
    how = to_enum(SavingsView, view, "view")
    output = _Output(
        frame, currency_column=currency_column, currency=currency, errors=errors, money=money
    )
    column = finance_recognised if how is SavingsView.FINANCE else procurement_view
    return _savings_rate(
        output.total(column),
        addressable_spend=addressable_spend,
        view=how,
        currency=output.currency,
        period=period,
        target=target,
        direction=direction,
    )


def cost_avoidance_share(
    frame: Any,
    *,
    currency: str | None = None,
    cost_avoidance: str = "cost_avoidance",
    hard_savings: str = "hard_savings",
    currency_column: str = "currency",
    errors: str = "raise",
    money: str = "decimal",
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.cost_avoidance_share` over the output of ``frames.classify_savings``.

    Cost avoidance and hard savings are the totals of the component columns
    ``cost_avoidance`` and ``hard_savings``, as the scalar KPI reads a summary's
    component kinds: the result equals ``kpis.cost_avoidance_share(summary)`` for
    the scalar classifications of the same events (each row counted).

    Args:
        frame: The output of ``frames.classify_savings`` (pandas, polars or pyarrow).
        currency: The expected currency, or ``None`` (the frame's).
        cost_avoidance: Column of the cost-avoidance component.
        hard_savings: Column of the hard-savings component.
        currency_column: Column of the events' currencies.
        errors: ``"raise"`` (default: a failed row is refused) or ``"skip"``.
        money: ``"decimal"`` (default) or ``"minor_units"``, as the output was made.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the two totals.

    Raises:
        FrameInputError: a missing column, a bad or null cell, a second currency or a
            failed row (``errors="raise"``), naming it.
        InvalidInputError: both totals zero, negative totals, an unknown option.

    Examples:
        >>> import polars as pl
        >>> from decimal import Decimal
        >>> classified = pl.DataFrame({"currency": ["EUR", "EUR"],
        ...     "hard_savings": [Decimal("900.00"), Decimal("0.00")],
        ...     "cost_avoidance": [Decimal("0.00"), Decimal("300.00")]})
        >>> cost_avoidance_share(classified).value
        Decimal('0.2500')
    """
    output = _Output(
        frame, currency_column=currency_column, currency=currency, errors=errors, money=money
    )
    return _cost_avoidance_share(
        _kind(output.total(cost_avoidance)),
        hard_savings=_kind(output.total(hard_savings)),
        currency=output.currency,
        period=period,
        target=target,
        direction=direction,
    )


def net_savings(
    frame: Any,
    *,
    currency: str | None = None,
    finance_recognised: str = "finance_recognised",
    net_recognised: str = "net_recognised",
    currency_column: str = "currency",
    errors: str = "raise",
    money: str = "decimal",
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.net_savings` over the output of ``frames.classify_savings``.

    As the scalar KPI reads a summary: the savings are the total of
    ``finance_recognised`` and the cost increases that total less the total of
    ``net_recognised``; the result equals ``kpis.net_savings(summary, currency=...)``
    for the scalar classifications of the same events (each row counted).

    Args:
        frame: The output of ``frames.classify_savings`` (pandas, polars or pyarrow).
        currency: The expected currency, or ``None`` (the frame's; an empty frame
            needs it).
        finance_recognised: Column of finance-recognised savings.
        net_recognised: Column of the savings net of cost increases.
        currency_column: Column of the events' currencies.
        errors: ``"raise"`` (default: a failed row is refused) or ``"skip"``.
        money: ``"decimal"`` (default) or ``"minor_units"``, as the output was made.
        period: As the scalar KPI.
        rounding: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the totals, with the figure ``cost_increases``.

    Raises:
        FrameInputError: a missing column, a bad or null cell, a second currency or a
            failed row (``errors="raise"``), naming it.
        InvalidInputError: no currency (an empty frame), net above recognised savings,
            an unknown option.

    Examples:
        >>> import pyarrow as pa
        >>> from decimal import Decimal
        >>> classified = pa.table({"currency": ["USD", "USD"],
        ...     "finance_recognised": [Decimal("1200.00"), Decimal("0.00")],
        ...     "net_recognised": [Decimal("1200.00"), Decimal("-350.00")]})
        >>> kpi = net_savings(classified)
        >>> kpi.value, kpi.figure("cost_increases")
        (Decimal('850.00'), Decimal('350.00'))
    """
    output = _Output(
        frame, currency_column=currency_column, currency=currency, errors=errors, money=money
    )
    if output.currency is None:
        raise InvalidInputError(
            "currency", None, "an ISO 4217 code (the frame has no row to give one)"
        )
    gross = output.total(finance_recognised)
    net = output.total(net_recognised)
    with exact():
        increases = gross - net
    return _net_savings(
        gross,
        cost_increases=increases,
        currency=output.currency,
        period=period,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def excess_obsolete_share(
    frame: Any,
    *,
    currency: str | None = None,
    excess_value: str = "excess_value",
    obsolete_value: str = "obsolete_value",
    value: str = "value",
    currency_column: str = "currency",
    errors: str = "raise",
    money: str = "decimal",
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.excess_obsolete_share` over the output of ``frames.review_stock``.

    The values are the totals of ``excess_value``, ``obsolete_value`` and ``value``,
    as the scalar KPI adds them over `StockSplit` results: the result equals
    ``kpis.excess_obsolete_share([review.split for review in reviews])`` for the
    scalar reviews of the same SKUs.

    Args:
        frame: The output of ``frames.review_stock`` (pandas, polars or pyarrow).
        currency: The expected currency, or ``None`` (the frame's).
        excess_value: Column of the excess bucket's value.
        obsolete_value: Column of the obsolete bucket's value.
        value: Column of the on-hand value.
        currency_column: Column of the SKUs' currencies.
        errors: ``"raise"`` (default: a failed row is refused) or ``"skip"``.
        money: ``"decimal"`` (default) or ``"minor_units"``, as the output was made.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the totals, with the figures ``excess_value`` and
        ``obsolete_value``.

    Raises:
        FrameInputError: a missing column, a bad or null cell, a second currency or a
            failed row (``errors="raise"``), naming it.
        InvalidInputError: no stock value, an unknown option.

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> reviewed = pd.DataFrame({"currency": ["USD", "USD"],
        ...     "excess_value": [Decimal("90.00"), Decimal("0.00")],
        ...     "obsolete_value": [Decimal("0.00"), Decimal("30.00")],
        ...     "value": [Decimal("500.00"), Decimal("300.00")]})
        >>> excess_obsolete_share(reviewed).value
        Decimal('0.1500')
    """
    output = _Output(
        frame, currency_column=currency_column, currency=currency, errors=errors, money=money
    )
    return _excess_obsolete_share(
        output.total(excess_value),
        obsolete_value=output.total(obsolete_value),
        stock_value=output.total(value),
        currency=output.currency,
        period=period,
        target=target,
        direction=direction,
    )


def reserve_coverage(
    frame: Any,
    *,
    currency: str | None = None,
    reserve: str = "reserve",
    excess_value: str = "excess_value",
    obsolete_value: str = "obsolete_value",
    currency_column: str = "currency",
    errors: str = "raise",
    money: str = "decimal",
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.reserve_coverage` over the output of ``frames.review_stock``.

    The reserve is the total of ``reserve`` (the column ``frames.review_stock`` adds
    with a ``reserve_table``: each row's `spendrules.inventory.excess_and_obsolete_reserve`
    total) and the E&O value the total of ``excess_value`` and ``obsolete_value``:
    the result equals ``kpis.reserve_coverage(Σ reserve.total,
    excess_obsolete_value=Σ (split.excess.value + split.obsolete.value))`` over the
    scalar reviews and reserves of the same SKUs.

    Args:
        frame: The output of ``frames.review_stock`` with a reserve table.
        currency: The expected currency, or ``None`` (the frame's).
        reserve: Column of each SKU's reserve.
        excess_value: Column of the excess bucket's value.
        obsolete_value: Column of the obsolete bucket's value.
        currency_column: Column of the SKUs' currencies.
        errors: ``"raise"`` (default: a failed row is refused) or ``"skip"``.
        money: ``"decimal"`` (default) or ``"minor_units"``, as the output was made.
        period: As the scalar KPI.
        rounding: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the totals, with the figure ``uncovered``.

    Raises:
        FrameInputError: no ``reserve`` column (a review without a reserve table), a
            bad or null cell, a second currency or a failed row, naming it.
        InvalidInputError: no excess or obsolete value, an unknown option.

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> reviewed = pd.DataFrame({"currency": ["USD", "USD"],
        ...     "excess_value": [Decimal("90.00"), Decimal("0.00")],
        ...     "obsolete_value": [Decimal("0.00"), Decimal("30.00")],
        ...     "reserve": [Decimal("54.00"), Decimal("30.00")]})
        >>> kpi = reserve_coverage(reviewed)
        >>> kpi.value, kpi.figure("uncovered")
        (Decimal('0.7000'), Decimal('36.00'))
    """
    output = _Output(
        frame, currency_column=currency_column, currency=currency, errors=errors, money=money
    )
    output.require(reserve, "frames.review_stock adds it with a reserve_table")
    excess = output.total(excess_value)
    obsolete = output.total(obsolete_value)
    with exact():
        eo = excess + obsolete
    return _reserve_coverage(
        output.total(reserve),
        excess_obsolete_value=eo,
        currency=output.currency,
        period=period,
        rounding=rounding,
        target=target,
        direction=direction,
    )
