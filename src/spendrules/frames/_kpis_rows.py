"""More shared KPIs over a frame: spend shares, late interest, service level, budget requests.

Each function reads its columns cell by cell with the scalar checks (a float, a
null or a text cell is a `FrameInputError` naming the row, the column and the
value), totals or counts them exactly, and calls the scalar KPI of
`spendrules.kpis` with the totals: the result is, by construction, the scalar KPI
over the same rows. The helpers for frames that a frames rule produced (failed
rows of ``errors="collect"``, one currency per frame, minor units) live here too.
"""

from __future__ import annotations

import decimal
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

from spendrules._budget.policy import FundsDecision
from spendrules._checks import check_currency, to_enum
from spendrules._decimal import exact
from spendrules._kpis.model import Direction, Kpi, KpiPeriod, Weighting
from spendrules._kpis.payments import late_payment_interest_paid as _late_payment_interest_paid
from spendrules._kpis.payments import preferred_supplier_share as _preferred_supplier_share
from spendrules._kpis.payments import spend_under_management as _spend_under_management
from spendrules._kpis.stock_budget import ServiceMeasure
from spendrules._kpis.stock_budget import blocked_request_share as _blocked_request_share
from spendrules._kpis.stock_budget import overridden_request_share as _overridden_request_share
from spendrules._kpis.stock_budget import service_level as _service_level
from spendrules._policy.model import KpiTarget
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import Frame, check_choice, null_of
from spendrules.frames._kpis import _cells, _flags, _rate_of_flags, _total
from spendrules.money import minor_units

__all__ = [
    "FAILED_ROWS",
    "MONEY",
    "blocked_request_share",
    "frame_currency",
    "kept_rows",
    "late_payment_interest_paid",
    "money_total",
    "overridden_request_share",
    "preferred_supplier_share",
    "service_level",
    "spend_under_management",
]

#: What a KPI over a frames output does with the failed rows of ``errors="collect"``.
FAILED_ROWS = ("raise", "skip")
#: How the money columns of a frames output are read (its ``money=`` option).
MONEY = ("decimal", "minor_units")
_ERROR_CODE = "error_code"


def kept_rows(table: Frame, errors: str) -> list[bool] | None:
    """Return the rows a KPI counts (``None``: every row).

    A row that a frames rule failed (``errors="collect"``: a non-null
    ``error_code``) is refused, naming it, unless ``errors="skip"`` leaves it out.
    """
    check_choice(errors, "errors", FAILED_ROWS)
    if _ERROR_CODE not in table.frame.columns:
        return None
    failed = ~null_of(table.series(_ERROR_CODE), table.size)
    if not failed.any():
        return None
    if errors == "raise":
        row = int(np.argmax(failed))
        raise FrameInputError(
            row,
            _ERROR_CODE,
            table.objects(_ERROR_CODE)[row],
            "null (the rule failed this row; errors='skip' leaves failed rows out)",
        )
    kept: list[bool] = (~failed).tolist()
    return kept


def frame_currency(
    table: Frame, column: str, keep: Sequence[bool] | None, currency: str | None
) -> str | None:
    """Return the one currency of the rows kept: ``currency``, else the first row's.

    A row in another currency is refused, naming it (one currency per frame);
    ``None`` for a frame with no row kept and no ``currency``.
    """
    code = None if currency is None else check_currency(currency, "currency")
    # Each distinct cell is checked at its first row, in row order: the row a
    # cell-by-cell loop would name first, without the loop over every row.
    indices, values = table.codes(column)
    rows = np.arange(table.size) if keep is None else np.flatnonzero(np.asarray(keep, dtype=bool))
    _, first_rows = np.unique(indices[rows], return_index=True)
    first = None
    for row in sorted(rows[first_rows].tolist()):
        index = int(indices[row])
        value = None if index < 0 else values[index]
        if value is None:
            raise FrameInputError(row, column, None, "an ISO 4217 code (not null)", "INPUT.MISSING")
        if code is None:
            try:
                code, first = check_currency(value, column), row
            except (InvalidInputError, TypeError):
                raise FrameInputError(row, column, value, "an ISO 4217 code") from None
        elif value != code:
            where = "the currency given" if first is None else f"row {first}'s"
            raise FrameInputError(
                row, column, value, f"{code}, {where} (one currency per frame)", "INPUT.INVALID"
            )
    return code


def money_total(
    table: Frame,
    column: str,
    keep: Sequence[bool] | None,
    *,
    money: str,
    currency: str | None,
) -> Decimal:
    """Return the exact total of a money column of a frames output, at the currency's places.

    ``money="minor_units"`` reads an integer column of minor units (the frames
    rules' ``money="minor_units"`` output); ``"decimal"`` reads amounts.
    """
    places = 0 if currency is None else minor_units(currency)
    if money == "minor_units":
        dtype = table.series(column).dtype
        if not dtype.is_integer():
            raise FrameInputError(
                None, column, str(dtype), "integer minor units (money='minor_units')", "INPUT.TYPE"
            )
    total = _total(table, column, keep)
    with exact():
        if money == "minor_units":
            return total.scaleb(-places)
        return Decimal(0).scaleb(-places) + total


def preferred_supplier_share(
    frame: Any,
    *,
    preferred: str = "preferred",
    amount: str = "amount",
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.preferred_supplier_share` over a frame of spend lines.

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per spend line.
        preferred: Boolean column: the line's supplier is a preferred supplier.
        amount: Column of the line amount (exact money).
        currency: As the scalar KPI.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the preferred lines' total and the total of every line.

    Raises:
        FrameInputError: a cell that is not a boolean (or exact money), naming it.
        InvalidInputError: no spend in the frame.

    Examples:
        >>> import pandas as pd
        >>> lines = pd.DataFrame({"preferred": [True, False, True], "amount": [6_000, 2_700, 300]})
        >>> preferred_supplier_share(lines).value
        Decimal('0.7000')
    """
    part, whole = _rate_of_flags(Frame(frame), preferred, amount, Weighting.VALUE)
    return _preferred_supplier_share(
        part,
        total_spend=whole,
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )


def spend_under_management(
    frame: Any,
    *,
    managed: str = "managed",
    amount: str = "amount",
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.spend_under_management` over a frame of spend lines.

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per spend line.
        managed: Boolean column: the line is sourced by procurement or bought under its
            contracts and policies.
        amount: Column of the line amount (exact money).
        currency: As the scalar KPI.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the managed lines' total and the total of every line.

    Raises:
        FrameInputError: a cell that is not a boolean (or exact money), naming it.
        InvalidInputError: no spend in the frame.

    Examples:
        >>> import polars as pl
        >>> lines = pl.DataFrame({"managed": [True, False], "amount": [8_500, 1_500]})
        >>> spend_under_management(lines).value
        Decimal('0.8500')
    """
    part, whole = _rate_of_flags(Frame(frame), managed, amount, Weighting.VALUE)
    return _spend_under_management(
        part,
        total_spend=whole,
        currency=currency,
        period=period,
        target=target,
        direction=direction,
    )


def late_payment_interest_paid(
    frame: Any,
    *,
    currency: str,
    interest: str = "late_interest",
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.late_payment_interest_paid` over a frame of charges.

    Each row is one charge (for example the ``interest`` of a
    `spendrules.payment_terms.late_payment_interest` result, one per late invoice).

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per interest charge.
        currency: ISO 4217 code of every amount, as the scalar KPI.
        interest: Column of the interest charged, exact money ``>= 0``.
        period: As the scalar KPI.
        rounding: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the rows' amounts (one charge per row).

    Raises:
        FrameInputError: a null, float, text or negative cell, naming its row.
        InvalidInputError: an unknown ``currency``.

    Examples:
        >>> import pyarrow as pa
        >>> from decimal import Decimal
        >>> charges = pa.table({"late_interest": [Decimal("12.50"), Decimal("30.00")]})
        >>> late_payment_interest_paid(charges, currency="EUR").value
        Decimal('42.50')
    """
    charges = _cells(Frame(frame), interest)
    for row, charge in enumerate(charges):
        if charge < 0:
            raise FrameInputError(row, interest, charge, ">= 0")
    return _late_payment_interest_paid(
        charges,
        currency=currency,
        period=period,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def service_level(
    frame: Any,
    *,
    achieved: str = "filled",
    demanded: str = "demanded",
    measure: ServiceMeasure | str = ServiceMeasure.FILL_RATE,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.service_level` over a frame of order lines or cycles.

    Each row gives the units demanded and the units filled from stock, with
    ``0 <= filled <= demanded``. The fill rate (``measure="fill_rate"``, default)
    is ``Σ filled ÷ Σ demanded``; the cycle service level (``"cycle"``, each row a
    replenishment cycle or an order) counts the rows filled in full (no stock-out:
    ``filled == demanded``, a row with no demand included) over the rows.

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one row per order line or cycle.
        achieved: Column of the units filled from stock (Decimal or integer).
        demanded: Column of the units demanded (Decimal or integer).
        measure: `spendrules.kpis.ServiceMeasure`; default ``"fill_rate"``.
        period: As the scalar KPI.
        target: As the scalar KPI (the service level the policy targets).
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of the totals (fill rate) or the row counts (cycles).

    Raises:
        FrameInputError: a null, float or text cell; a row with a negative demand or
            units filled outside ``[0, demanded]``.
        InvalidInputError: nothing demanded (fill rate) or an empty frame (cycles).

    Examples:
        >>> import pandas as pd
        >>> lines = pd.DataFrame({"filled": [100, 80, 50], "demanded": [100, 100, 50]})
        >>> service_level(lines).value
        Decimal('0.9200')
        >>> service_level(lines, measure="cycle").value
        Decimal('0.6667')
    """
    how = to_enum(ServiceMeasure, measure, "measure")
    table = Frame(frame)
    filled = _cells(table, achieved)
    wanted = _cells(table, demanded)
    for row, (got, need) in enumerate(zip(filled, wanted, strict=True)):
        if need < 0:
            raise FrameInputError(row, demanded, need, ">= 0")
        if not 0 <= got <= need:
            raise FrameInputError(
                row, achieved, got, f"between 0 and the row's {demanded} ({need})"
            )
    part: Decimal | int
    whole: Decimal | int
    if how is ServiceMeasure.CYCLE:
        part, whole = (
            sum(got == need for got, need in zip(filled, wanted, strict=True)),
            len(wanted),
        )
    else:
        with exact():
            part, whole = sum(filled, Decimal(0)), sum(wanted, Decimal(0))
    return _service_level(
        part, demanded=whole, measure=how, period=period, target=target, direction=direction
    )


def _requests(table: Frame, request: str | None, keep: Sequence[bool] | None) -> list[int]:
    """Return, per row kept, the position of its request's first row (null id: its own)."""
    size = table.size
    ids: list[Any] = [None] * size if request is None else table.objects(request)
    first: dict[Hashable, int] = {}
    owners: list[int] = []
    for row, key in enumerate(ids):
        if keep is not None and not keep[row]:
            continue
        if key is None:
            owners.append(row)
            continue
        try:
            owners.append(first.setdefault(key, row))
        except TypeError:
            raise FrameInputError(
                row, str(request), key, "a request id (text or a number)", "INPUT.TYPE"
            ) from None
    return owners


def _per_request(
    owners: list[int], rows: list[int], values: Sequence[Any], column: str
) -> dict[int, Any]:
    """Return each request's value; a row disagreeing with its request's first row is refused."""
    found: dict[int, Any] = {}
    for owner, row, value in zip(owners, rows, values, strict=True):
        seen = found.setdefault(owner, value)
        if seen != value:
            raise FrameInputError(
                row, column, value, f"{seen!r}, as row {owner} of the same request", "INPUT.INVALID"
            )
    return found


def _kept(table: Frame, keep: Sequence[bool] | None) -> list[int]:
    return [row for row in range(table.size) if keep is None or keep[row]]


def blocked_request_share(
    frame: Any,
    *,
    decision: str = "decision",
    request: str | None = None,
    errors: str = "raise",
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.blocked_request_share` over the output of `frames.check_budget`.

    A request is blocked when its decision is ``"blocked"``
    (`spendrules.budget.FundsDecision`); every request checked counts, whatever its
    decision. ``frames.check_budget`` gives each row of a multi-line request (rows
    sharing a ``request`` id) the request's decision: with ``request=`` (the id
    column, kept on the output with ``keep=``) those rows count as one request, as
    the check decided them; without it each row is a request, as
    ``check_budget`` reads rows without ``request=``. A null id is a request of its own.

    Args:
        frame: The output of ``frames.check_budget`` (or any frame with a decision
            column), pandas, polars or pyarrow.
        decision: Column of `FundsDecision` values.
        request: Column of request ids, or ``None`` (each row is a request).
        errors: ``"raise"`` (default: a row that ``errors="collect"`` failed, its
            ``error_code`` not null, is refused, naming it) or ``"skip"`` (failed
            rows, and so failed requests, are left out of both counts).
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of (blocked requests, requests checked).

    Raises:
        FrameInputError: a null or unknown decision, a failed row (``errors="raise"``),
            rows of one request with different decisions, naming the row.
        InvalidInputError: no request in the frame.

    Examples:
        >>> import pandas as pd
        >>> checked = pd.DataFrame({"request": ["R1", "R1", "R2", "R3"],
        ...     "decision": ["blocked", "blocked", "pass", "pass_with_warning"]})
        >>> blocked_request_share(checked, request="request").value
        Decimal('0.3333')
        >>> blocked_request_share(checked).value  # each row a request
        Decimal('0.5000')
    """
    table = Frame(frame)
    keep = kept_rows(table, errors)
    owners = _requests(table, request, keep)
    rows = _kept(table, keep)
    values: list[FundsDecision] = []
    cells = table.objects(decision)
    for row in rows:
        cell = cells[row]
        if cell is None:
            raise FrameInputError(row, decision, None, "a FundsDecision value", "INPUT.MISSING")
        try:
            values.append(FundsDecision(cell))
        except ValueError:
            choices = ", ".join(repr(d.value) for d in FundsDecision)
            raise FrameInputError(row, decision, cell, f"one of {choices}") from None
    found = _per_request(owners, rows, values, decision)
    blocked = sum(value is FundsDecision.BLOCKED for value in found.values())
    return _blocked_request_share(
        blocked, requests=len(found), period=period, target=target, direction=direction
    )


def overridden_request_share(
    frame: Any,
    *,
    overridden: str = "overridden",
    request: str | None = None,
    errors: str = "raise",
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return `spendrules.kpis.overridden_request_share` over checked requests.

    The scalar KPI counts requests released by an override role over requests
    checked. ``frames.check_budget`` does not say which passes an override gave
    (an override turns a block into a warning), so the frame carries a boolean
    column saying so (from the approval workflow, kept on the output with
    ``keep=``). Requests are counted as by `blocked_request_share`: with
    ``request=`` the rows sharing an id are one request and must agree.

    Args:
        frame: The output of ``frames.check_budget`` or a frame of requests, pandas,
            polars or pyarrow.
        overridden: Boolean column: the request went ahead by an override.
        request: Column of request ids, or ``None`` (each row is a request).
        errors: ``"raise"`` (default) or ``"skip"``, as `blocked_request_share`.
        period: As the scalar KPI.
        target: As the scalar KPI.
        direction: As the scalar KPI.

    Returns:
        The scalar KPI of (overridden requests, requests checked).

    Raises:
        FrameInputError: a cell that is not a boolean, a failed row (``errors="raise"``),
            rows of one request that disagree, naming the row.
        InvalidInputError: no request in the frame.

    Examples:
        >>> import polars as pl
        >>> checked = pl.DataFrame({"overridden": [False, True, False, False]})
        >>> overridden_request_share(checked).value
        Decimal('0.2500')
    """
    table = Frame(frame)
    keep = kept_rows(table, errors)
    owners = _requests(table, request, keep)
    flags = _flags(table, overridden, keep)
    found = _per_request(owners, _kept(table, keep), flags, overridden)
    return _overridden_request_share(
        sum(found.values()),
        requests=len(found),
        period=period,
        target=target,
        direction=direction,
    )
