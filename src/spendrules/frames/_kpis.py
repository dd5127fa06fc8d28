"""Row-based KPIs over a frame: the scalar KPI of `spendrules.kpis` over the frame's rows.

Each function reads its columns cell by cell with the scalar checks (a float, a
null or a text cell is a `FrameInputError` naming the row, the column and the
value), adds the amounts exactly in `Decimal`, and calls the scalar KPI with the
totals: the result is, by construction, the scalar KPI over the same rows.
"""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np

from spendrules._checks import check_decimal, to_enum
from spendrules._decimal import exact
from spendrules._kpis.model import Direction, Kpi, KpiPeriod, Weighting
from spendrules._kpis.payments import discount_capture_rate as _discount_capture_rate
from spendrules._kpis.payments import maverick_spend_share as _maverick_spend_share
from spendrules._kpis.payments import on_time_payment_rate as _on_time_payment_rate
from spendrules._kpis.payments import po_compliance as _po_compliance
from spendrules._policy.model import KpiTarget
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import BoolArray, Frame, from_exception
from spendrules.frames._exact import flag_array, integer_units, objects_total, units_total

__all__ = [
    "discount_capture_rate",
    "maverick_spend_share",
    "on_time_payment_rate",
    "po_compliance",
]


def _cells(
    frame: Frame, column: str, keep: Sequence[bool] | BoolArray | None = None
) -> list[Decimal]:
    """Return the cells of a money column as exact Decimals; a bad cell names its row.

    ``keep`` (one flag per row) leaves the rows where it is False out, unread.
    """
    series = frame.series(column)
    dtype = series.dtype
    if dtype == nw.Decimal or dtype.is_integer():
        values = series.to_list()
        chosen = [(r, v) for r, v in enumerate(values) if keep is None or keep[r]]
        for row, value in chosen:
            if value is None:
                raise FrameInputError(row, column, None, "a number (not null)", "INPUT.MISSING")
        return [Decimal(value) for _, value in chosen]
    cells: list[Decimal] = []
    for row, cell in enumerate(frame.objects(column)):
        if keep is not None and not keep[row]:
            continue
        if cell is None:
            raise FrameInputError(row, column, None, "a number (not null)", "INPUT.MISSING")
        value = int(cell) if isinstance(cell, np.integer) else cell
        try:
            cells.append(check_decimal(value, column))
        except TypeError:
            raise FrameInputError(
                row, column, value, "a Decimal or integer (exact money)", "INPUT.TYPE"
            ) from None
        except InvalidInputError as exc:  # not finite, or beyond the scalar checks' range
            raise from_exception(row, column, exc) from None
    return cells


def _total(frame: Frame, column: str, keep: Sequence[bool] | BoolArray | None = None) -> Decimal:
    """Return the exact sum of ``column`` over the rows ``keep`` holds (every row by default).

    Equal to ``sum(_cells(frame, column, keep), Decimal(0))``, in bulk where it can:
    decimal and integer columns add as int64 units (`spendrules.frames._exact`), a
    column of ``Decimal`` objects in one exact sum; anything those cannot vouch for
    is read cell by cell, which names the bad row.
    """
    series = frame.series(column)
    rows = None if keep is None else np.asarray(keep, dtype=bool)
    units = integer_units(series)
    if units is not None:
        values, scale = units
        return units_total(values if rows is None else values[rows], scale)
    if series.dtype == nw.Object:
        total = objects_total(series.to_list(), rows)
        if total is not None:
            return total
    with exact():
        return sum(_cells(frame, column, keep), Decimal(0))


def _discounts_counted(frame: Frame, taken: str, offered: str) -> tuple[int, int]:
    """Return (rows with a discount taken, rows with a discount offered).

    A row offers a discount when its offered amount is above zero and takes it when
    its taken amount is; each row must have ``0 <= taken <= offered``.
    """
    taken_cells = _cells(frame, taken)
    offered_cells = _cells(frame, offered)
    for row, (took, could) in enumerate(zip(taken_cells, offered_cells, strict=True)):
        if could < 0:
            raise FrameInputError(row, offered, could, ">= 0")
        if not 0 <= took <= could:
            raise FrameInputError(row, taken, took, f"between 0 and the row's {offered} ({could})")
    return sum(1 for took in taken_cells if took > 0), sum(1 for c in offered_cells if c > 0)


def _flag_mask(frame: Frame, column: str, keep: Sequence[bool] | None = None) -> BoolArray:
    """Return ``column`` as booleans (of the rows ``keep`` holds); else an error naming the row."""
    fast = flag_array(frame.series(column))
    if fast is not None:
        return fast if keep is None else fast[np.asarray(keep, dtype=bool)]
    flags: list[bool] = []
    for row, value in enumerate(frame.objects(column)):
        if keep is not None and not keep[row]:
            continue
        if not isinstance(value, bool | np.bool_):
            code = "INPUT.MISSING" if value is None else "INPUT.TYPE"
            raise FrameInputError(row, column, value, "True or False", code)
        flags.append(bool(value))
    return np.asarray(flags, dtype=bool)


def _flags(frame: Frame, column: str, keep: Sequence[bool] | None = None) -> list[bool]:
    """`_flag_mask` as a list of ``bool``."""
    flags: list[bool] = _flag_mask(frame, column, keep).tolist()
    return flags


def _rate_of_flags(
    frame: Frame, flag_column: str, amount_column: str, weighting: Weighting
) -> tuple[Decimal | int, Decimal | int]:
    flags = _flag_mask(frame, flag_column)
    if weighting is Weighting.COUNT:
        return int(np.count_nonzero(flags)), int(flags.size)
    whole = _total(frame, amount_column)  # first: every cell checked, flagged or not
    return _total(frame, amount_column, flags), whole


def discount_capture_rate(
    frame: Any,
    *,
    currency: str | None = None,
    taken: str = "discounts_taken",
    offered: str = "discounts_offered",
    weighting: Weighting | str = Weighting.VALUE,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.discount_capture_rate` over a frame of invoices.

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per invoice.
        currency: ISO 4217 code of the amounts; required by value, as the scalar KPI.
        taken: Column of the discount taken per invoice (exact money).
        offered: Column of the discount offered per invoice (exact money).
        weighting: ``"value"`` (default) adds the columns; ``"count"`` (APQC 101947)
            counts the rows offering a discount (``offered > 0``) and those taking it
            (``taken > 0``), each row with ``0 <= taken <= offered``.
        period: As the scalar KPI.
        rounding: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the column totals (by value) or the row counts (counted).

    Raises:
        FrameInputError: a null, float or text cell, naming row and column; counted, a
            row with a negative offer or a taken amount outside ``[0, offered]``.
        InvalidInputError: totals the scalar KPI refuses (nothing offered).

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> invoices = pd.DataFrame({"discounts_taken": [Decimal("20.00"), Decimal("0.00")],
        ...                          "discounts_offered": [Decimal("20.00"), Decimal("30.00")]})
        >>> discount_capture_rate(invoices, currency="USD").value
        Decimal('0.4000')
        >>> discount_capture_rate(invoices, weighting="count").value
        Decimal('0.5000')
    """
    how = to_enum(Weighting, weighting, "weighting")
    table = Frame(frame)
    part: Decimal | int
    whole: Decimal | int
    if how is Weighting.COUNT:
        part, whole = _discounts_counted(table, taken, offered)
    else:
        part, whole = _total(table, taken), _total(table, offered)
    return _discount_capture_rate(
        part,
        discounts_offered=whole,
        weighting=how,
        currency=currency,
        period=period,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def on_time_payment_rate(
    frame: Any,
    *,
    on_time: str = "on_time",
    amount: str = "amount",
    weighting: Weighting | str = Weighting.COUNT,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.on_time_payment_rate` over a frame of paid invoices.

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per paid invoice.
        on_time: Boolean column: paid on or before the due date.
        amount: Column of the amount paid (read with ``weighting="value"`` only).
        weighting: ``"count"`` (default) counts rows; ``"value"`` adds ``amount``.
        currency: As the scalar KPI.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the counts or totals.

    Raises:
        FrameInputError: a cell that is not a boolean (or exact money), naming it.
        InvalidInputError: an empty frame (nothing paid).

    Examples:
        >>> import pandas as pd
        >>> paid = pd.DataFrame({"on_time": [True, False, True, True]})
        >>> on_time_payment_rate(paid).value
        Decimal('0.7500')
    """
    how = to_enum(Weighting, weighting, "weighting")
    part, whole = _rate_of_flags(Frame(frame), on_time, amount, how)
    return _on_time_payment_rate(
        part,
        paid=whole,
        weighting=how,
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )


def po_compliance(
    frame: Any,
    *,
    has_po: str = "has_po",
    amount: str = "amount",
    weighting: Weighting | str = Weighting.COUNT,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.po_compliance` over a frame of supplier invoices.

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per invoice.
        has_po: Boolean column: the invoice references a purchase order.
        amount: Column of the invoice amount (read with ``weighting="value"`` only).
        weighting: ``"count"`` (default) counts rows; ``"value"`` adds ``amount``.
        currency: As the scalar KPI.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the counts or totals.

    Raises:
        FrameInputError: a cell that is not a boolean (or exact money), naming it.
        InvalidInputError: an empty frame.

    Examples:
        >>> import polars as pl
        >>> from decimal import Decimal
        >>> invoices = pl.DataFrame({"has_po": [True, False], "amount": [900, 100]})
        >>> po_compliance(invoices, weighting="value").value
        Decimal('0.9000')
    """
    how = to_enum(Weighting, weighting, "weighting")
    part, whole = _rate_of_flags(Frame(frame), has_po, amount, how)
    return _po_compliance(
        part,
        invoices=whole,
        weighting=how,
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )


def maverick_spend_share(
    frame: Any,
    *,
    off_contract: str = "off_contract",
    amount: str = "amount",
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.maverick_spend_share` over a frame of spend lines.

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per spend line.
        off_contract: Boolean column: bought outside contracts or preferred suppliers.
        amount: Column of the line amount (exact money).
        currency: As the scalar KPI.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the totals.

    Raises:
        FrameInputError: a cell that is not a boolean (or exact money), naming it.
        InvalidInputError: no spend in the frame.

    Examples:
        >>> import pyarrow as pa
        >>> lines = pa.table({"off_contract": [True, False], "amount": [2, 8]})
        >>> maverick_spend_share(lines).value
        Decimal('0.2000')
    """
    part, whole = _rate_of_flags(Frame(frame), off_contract, amount, Weighting.VALUE)
    return _maverick_spend_share(
        part,
        total_spend=whole,
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )
