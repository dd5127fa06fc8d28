"""``frames.schedule`` and ``frames.amount_payable``: payment schedules of a whole frame of invoices.

How the bulk path stays equal to [`spendrules.payment_terms.schedule`][spendrules.payment_terms.schedule] row by row:

* terms are parsed once per distinct text; due dates and discount deadlines are
  computed once per distinct (terms, baseline date) by the scalar rule's own
  date code, then broadcast to the rows;
* amounts are integer minor units: the split of a total into installments is the
  scalar rule's exact-fraction split (largest remainder or last line absorbs),
  and each discount is ``round(amount × rate)`` with the rounding mode done in
  integers;
* a row the vectorised path cannot take exactly (an amount beyond int64, a
  product that could overflow, a tax or fixed amount the scalar rule refuses, a
  date beyond the year 9999) is computed by the scalar rule itself, which either
  gives its lines or the error for that row.
"""

from __future__ import annotations

import decimal
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from spendrules._terms.due_rules import (
    NetDays,
)
from spendrules._terms.milestones import check_event
from spendrules._terms.model import (
    PaymentTerms,
)
from spendrules._terms.parser import parse_terms
from spendrules._terms.rounding import CashRounding
from spendrules._terms.schedule import RULE, PaymentSchedule
from spendrules._terms.schedule import schedule as scalar_schedule
from spendrules.calendars import BusinessCalendar, Roll
from spendrules.errors import FrameInputError, InvalidInputError, ParseError
from spendrules.frames._columns import (
    FLOAT_MONEY,
    MONEY_MODES,
    Column,
    Frame,
    Int64Array,
    Money,
    Output,
    RowErrors,
    check_choice,
    currency_digits,
    null_of,
    to_days,
)
from spendrules.frames._schedule_compute import _REASONS, _Context, _Lines, _Options
from spendrules.money import AllocationMethod, minor_units

__all__ = ["amount_payable", "read_terms", "scalar_row", "schedule"]

ERRORS = ("raise", "collect")
ERROR_COLUMNS = ("error_code", "error_field", "error_constraint", "error_value")


def read_terms(
    frame: Frame, column: str, dialect: str, errors: RowErrors
) -> tuple[Int64Array, list[PaymentTerms | None]]:
    """Return each row's index into the distinct terms (parsed once each) and the terms."""
    codes, uniques = frame.codes(column)
    parsed: list[PaymentTerms | None] = []
    bad: dict[int, FrameInputError] = {}
    for index, value in enumerate(uniques):
        parsed.append(None)
        if isinstance(value, PaymentTerms):
            parsed[index] = value
        elif isinstance(value, str):
            try:
                parsed[index] = parse_terms(value, dialect=dialect)
            except ParseError as exc:
                bad[index] = FrameInputError(
                    -1, column, value, f"payment terms ({exc})", "INPUT.PARSE"
                )
        else:
            bad[index] = FrameInputError(
                -1, column, value, "payment terms text or PaymentTerms", "INPUT.TYPE"
            )
    for row in np.flatnonzero(codes < 0).tolist():
        errors.add(row, FrameInputError(row, column, None, "given", "INPUT.MISSING"))
    if bad:
        wrong = np.isin(codes, np.fromiter(bad, dtype=np.int64, count=len(bad)))
        for row in np.flatnonzero(wrong).tolist():
            found = bad[int(codes[row])]
            errors.add(row, FrameInputError(row, column, found.value, found.constraint, found.code))
    return codes, parsed


def schedule(
    frame: Any,
    *,
    terms: str = "terms",
    invoice_date: str = "invoice_date",
    amount: str = "amount",
    currency: str = "currency",
    tax_amount: str | None = None,
    baseline_date: str | None = None,
    keep: Sequence[str] = (),
    calendar: BusinessCalendar | None = None,
    roll: Roll = Roll.UNADJUSTED,
    discount_roll: Roll | None = None,
    grace_days: int = 0,
    discount_grace_days: int = 0,
    rounding: str = decimal.ROUND_HALF_UP,
    allocation: AllocationMethod = AllocationMethod.LARGEST_REMAINDER,
    dialect: str = "us",
    money: str = "decimal",
    float_money: str | None = None,
    tiers: int | None = None,
    errors: str = "raise",
    events: Mapping[str, str] | None = None,
    cash_rounding: CashRounding | None = None,
) -> Any:
    """Return the payment schedule of every invoice of ``frame``: one row per (invoice, installment).

    Each output row equals, for its input row, the line of
    [`spendrules.payment_terms.schedule`][spendrules.payment_terms.schedule] with the same options: the same due
    date, amount (to the minor unit) and discount tiers. Discount tiers are wide:
    ``deadline_t``, ``discount_t`` and ``payable_t`` for ``t`` from 1 to ``tiers``;
    a line with fewer tiers has, in the missing ones, its due date, a zero discount
    and its own amount (paying by the due date costs the amount).

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one invoice per row.
        terms: Column of payment terms: text (parsed once per distinct value with
            ``dialect``) or [`PaymentTerms`][spendrules.payment_terms.PaymentTerms] objects.
        invoice_date: Column of invoice dates.
        amount: Column of invoice totals including tax (see ``money``).
        currency: Column of ISO 4217 codes.
        tax_amount: Column of the tax included in each amount, or ``None`` (no tax).
        baseline_date: Column of baseline dates, or ``None``; a null cell counts
            from the invoice date, as the scalar rule does without a baseline.
        keep: Input columns copied onto every output row (an invoice id).
        calendar: As [`schedule`][spendrules.payment_terms.schedule].
        roll: As [`schedule`][spendrules.payment_terms.schedule].
        discount_roll: As [`schedule`][spendrules.payment_terms.schedule].
        grace_days: As [`schedule`][spendrules.payment_terms.schedule].
        discount_grace_days: As [`schedule`][spendrules.payment_terms.schedule].
        rounding: As [`schedule`][spendrules.payment_terms.schedule].
        allocation: As [`schedule`][spendrules.payment_terms.schedule].
        dialect: Dialect of terms text (see [`parse_terms`][spendrules.payment_terms.parse_terms]).
        money: ``"decimal"`` (default): money columns hold decimals (integers
            are whole currency units, as a scalar ``int`` amount) and money comes
            out as decimals (pandas: ``Decimal`` objects with each currency's own
            places; polars and pyarrow: one decimal type whose scale is the most
            minor-unit places among the frame's currencies); ``"minor_units"``:
            integer money columns are minor units (cents) and money comes out as
            int64 minor units. Either way an amount beyond int64 minor units
            (about 9.2 × 10**18) is a bad row, never a wrong cent.
        float_money: ``None`` (default) refuses a float money column, naming it;
            ``"round_half_up"``, ``"round_half_even"`` or ``"round_half_down"``
            reads each float as its shortest decimal form (``0.1`` is 0.1) and
            rounds it to its currency's minor units with that mode; the output then
            carries a ``float_money`` column naming the convention.
        tiers: Number of discount tier column groups; default the most any line has.
        errors: ``"raise"`` (default): the first bad row raises
            [`FrameInputError`][spendrules.errors.FrameInputError]; ``"collect"``: each bad row
            gives one output row with ``error_code``, ``error_field``,
            ``error_constraint`` and ``error_value``, and every other row is computed.
        events: Milestone event dates: a mapping of event name to the column of
            its dates (``{"delivery": "delivered_on"}``), passed to the scalar rule
            as ``events``; a null cell is an event not given, so a row whose terms
            count from it is a bad row naming the column. Milestone installments
            count from that column's dates, once per distinct date, as the other
            lines do from the baseline.
        cash_rounding: As [`schedule`][spendrules.payment_terms.schedule] (a
            [`CashRounding`][spendrules.payment_terms.CashRounding]), done in integer minor
            units; a row whose currency's minor units do not divide the step is a
            bad row naming the currency column.

    Returns:
        A frame of the input's kind with columns ``*keep, row, installment, due_date,
        amount, currency, deadline_1, discount_1, payable_1, ..., rule, reason``
        (``row`` is the input row's position; ``installment`` counts from 0, as
        `installment`; ``reason`` is the
        code of the scalar schedule's [`primary_reason`][spendrules.results.Explained.primary_reason]).

    Raises:
        FrameInputError: a missing column, a float money column without
            ``float_money``, or (with ``errors="raise"``) the first bad row.
        InvalidInputError: an option the scalar rule refuses.
        TypeError: ``frame`` is not a DataFrame.

    Examples:
        >>> import pandas as pd
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> invoices = pd.DataFrame({
        ...     "terms": ["2/10 net 30", "30% advance, 70% net 30"],
        ...     "invoice_date": [date(2026, 3, 15), date(2026, 1, 31)],
        ...     "amount": [Decimal("1000.00"), Decimal("100.01")],
        ...     "currency": ["USD", "EUR"],
        ... })
        >>> plan = schedule(invoices)
        >>> plan[["row", "installment", "due_date", "amount", "discount_1", "payable_1"]]
           row  installment   due_date   amount discount_1 payable_1
        0    0            0 2026-04-14  1000.00      20.00    980.00
        1    1            0 2026-01-31    30.00       0.00     30.00
        2    1            1 2026-03-02    70.01       0.00     70.01
    """
    source, context = _prepare(
        frame,
        terms=terms,
        invoice_date=invoice_date,
        amount=amount,
        currency=currency,
        tax_amount=tax_amount,
        baseline_date=baseline_date,
        keep=keep,
        calendar=calendar,
        roll=roll,
        discount_roll=discount_roll,
        grace_days=grace_days,
        discount_grace_days=discount_grace_days,
        rounding=rounding,
        allocation=allocation,
        dialect=dialect,
        money=money,
        float_money=float_money,
        tiers=tiers,
        errors=errors,
        events=events,
        cash_rounding=cash_rounding,
    )
    bad = context.errors
    groups = [
        context.group(code, np.flatnonzero(context.terms_codes == code))
        for code in range(len(context.parsed))
    ]
    if errors == "raise":
        bad.raise_first()
    width = max((group.deadline.shape[2] for group in groups), default=0)
    if tiers is not None:
        if tiers < width:
            raise InvalidInputError(
                "tiers", tiers, f"at least the {width} discount tiers a line of this frame has"
            )
        width = tiers
    return _assemble(source, groups, context, keep, width, money, float_money, errors)


def scalar_row(frame: Any, position: int, **options: Any) -> PaymentSchedule:
    """Return the scalar schedule of input row ``position`` of ``frame``, read as [`schedule`][spendrules.frames.schedule] reads it."""
    single = Frame(frame).frame[position : position + 1].to_native()
    _source, context = _prepare(single, **options)
    context.errors.raise_first()
    terms = context.parsed[int(context.terms_codes[0])]
    assert terms is not None  # noqa: S101 - a row with bad terms raised above
    return context.scalar(terms, 0)


def _prepare(
    frame: Any,
    *,
    terms: str = "terms",
    invoice_date: str = "invoice_date",
    amount: str = "amount",
    currency: str = "currency",
    tax_amount: str | None = None,
    baseline_date: str | None = None,
    keep: Sequence[str] = (),
    calendar: BusinessCalendar | None = None,
    roll: Roll = Roll.UNADJUSTED,
    discount_roll: Roll | None = None,
    grace_days: int = 0,
    discount_grace_days: int = 0,
    rounding: str = decimal.ROUND_HALF_UP,
    allocation: AllocationMethod = AllocationMethod.LARGEST_REMAINDER,
    dialect: str = "us",
    money: str = "decimal",
    float_money: str | None = None,
    tiers: int | None = None,
    errors: str = "raise",
    events: Mapping[str, str] | None = None,
    cash_rounding: CashRounding | None = None,
) -> tuple[Frame, _Context]:
    """Check the options and read every input column (the errors go into the context)."""
    options = _check_options(
        calendar=calendar,
        roll=roll,
        discount_roll=discount_roll,
        grace_days=grace_days,
        discount_grace_days=discount_grace_days,
        rounding=rounding,
        allocation=allocation,
    )
    if cash_rounding is not None and not isinstance(cash_rounding, CashRounding):
        raise TypeError(
            "cash_rounding must be a CashRounding or None, not "
            f"{type(cash_rounding).__name__}: {cash_rounding!r}"
        )
    options.cash_rounding = cash_rounding
    event_columns = _check_event_columns(events)
    check_choice(money, "money", MONEY_MODES)
    check_choice(errors, "errors", ERRORS)
    if float_money is not None:
        check_choice(float_money, "float_money", FLOAT_MONEY)
    if tiers is not None and (not isinstance(tiers, int) or isinstance(tiers, bool) or tiers < 0):
        raise InvalidInputError("tiers", tiers, "None or an int >= 0")
    source = Frame(frame)
    for name in keep:
        source.series(name)
    size = source.size
    bad = RowErrors()
    terms_codes, parsed = read_terms(source, terms, dialect, bad)
    digits, currencies, currency_codes = currency_digits(source, currency, bad)
    invoice_days, invoice_null = source.dates(invoice_date, bad)
    _missing(invoice_null, invoice_date, bad)
    if baseline_date is None:
        baseline_days, baseline_given = invoice_days, np.zeros(size, dtype=bool)
    else:
        given_days, baseline_null = source.dates(baseline_date, bad)
        baseline_days = np.where(baseline_null, invoice_days, given_days)
        baseline_given = ~baseline_null
    read = {
        "mode": money,
        "float_money": float_money,
        "rounding": options.rounding,
        "errors": bad,
    }
    totals = source.money(amount, digits, currencies, currency_codes, **read)  # type: ignore[arg-type]
    _missing(totals.null, amount, bad)
    if tax_amount is None:
        taxes = Money(np.zeros(size, dtype=np.int64), np.zeros(size, dtype=bool), {})
    else:
        taxes = source.money(tax_amount, digits, currencies, currency_codes, **read)  # type: ignore[arg-type]
        _missing(taxes.null, tax_amount, bad)
    columns = {
        "terms": terms,
        "invoice_date": invoice_date,
        "amount": amount,
        "currency": currency,
        "tax_amount": tax_amount or "tax_amount",
        "baseline_date": baseline_date or invoice_date,
        "events": "events",
        "cash_rounding": currency,
        **{f"events[{name!r}]": column for name, column in event_columns.items()},
    }
    context = _Context(
        parsed=parsed,
        currencies=currencies,
        currency_codes=currency_codes,
        digits=digits,
        invoice=invoice_days,
        baseline=baseline_days,
        baseline_given=baseline_given,
        totals=totals,
        taxes=taxes,
        options=options,
        columns=columns,
        errors=bad,
        terms_codes=terms_codes,
        events={name: source.dates(column, bad) for name, column in event_columns.items()},
    )
    return source, context


def _check_event_columns(events: object) -> dict[str, str]:
    """The event-to-column mapping, checked (event names as the scalar rule takes them)."""
    if events is None:
        return {}
    if not isinstance(events, Mapping):
        raise TypeError(
            f"events must be a mapping of event names to column names, not {type(events).__name__}: "
            f"{events!r}"
        )
    checked = {}
    for name, column in events.items():
        if not isinstance(column, str):
            raise TypeError(
                f"events[{name!r}] must be a column name (str), not {type(column).__name__}: "
                f"{column!r}"
            )
        checked[check_event(name, "events")] = column
    return checked


def _check_options(**options: Any) -> _Options:
    """Validate the options exactly as the scalar rule does (one call on a neutral invoice)."""
    probe = PaymentTerms.of(NetDays(0))
    scalar_schedule(probe, invoice_date=date(2000, 1, 3), amount=0, currency="USD", **options)
    net_roll = Roll(options["roll"])
    discount_roll = options["discount_roll"]
    return _Options(
        calendar=options["calendar"],
        net_roll=net_roll,
        deadline_roll=net_roll if discount_roll is None else Roll(discount_roll),
        grace=options["grace_days"],
        discount_grace=options["discount_grace_days"],
        rounding=options["rounding"],
        allocation=AllocationMethod(options["allocation"]),
    )


def _missing(null: npt.NDArray[np.bool_], column: str, errors: RowErrors) -> None:
    errors.add_many(
        np.flatnonzero(null).tolist(),
        lambda row: FrameInputError(row, column, None, "given", "INPUT.MISSING"),
    )


def _assemble(  # noqa: PLR0917 - private; called once, positionally, by schedule
    source: Frame,
    groups: list[_Lines],
    context: _Context,
    keep: Sequence[str],
    width: int,
    money: str,
    float_money: str | None,
    errors: str,
) -> Any:
    size = source.size
    count = np.zeros(size, dtype=np.int64)
    for group in groups:
        count[group.rows] = group.count
    failed = context.errors.mask(size)
    count[failed] = 1
    offsets = np.zeros(size + 1, dtype=np.int64)
    np.cumsum(count, out=offsets[1:])
    total = int(offsets[-1])
    row = np.repeat(np.arange(size, dtype=np.int64), count)
    installment = np.zeros(total, dtype=np.int64)
    due = np.zeros(total, dtype=np.int64)
    amount = np.zeros(total, dtype=np.int64)
    discount = [np.zeros(total, dtype=np.int64) for _tier in range(width)]
    reason = np.full(total, -1, dtype=np.int8)
    real_tiers: list[tuple[Int64Array, int, Int64Array]] = []
    for group in groups:
        every = bool((group.count == group.amount.shape[1]).all())
        for line in range(group.amount.shape[1]):
            has = slice(None) if every else group.count > line
            at = offsets[group.rows[has]] + line
            if line:
                installment[at] = line
            due[at] = group.due[has, line]
            amount[at] = group.amount[has, line]
            reason[at] = group.reason[has]
            for tier in range(group.deadline.shape[2]):
                real_tiers.append((at, tier, group.deadline[has, line, tier]))
                discount[tier][at] = group.discount[has, line, tier]
    deadline = [due.copy() for _tier in range(width)]
    for at, tier, days in real_tiers:
        deadline[tier][at] = days
    failed_lines = failed[row]
    null = failed_lines if bool(failed_lines.any()) else None
    digits = np.maximum(context.digits[row], 0) if money == "decimal" else None
    output = Output(source, money)
    for name in keep:
        output.add(name, Column("keep", row))
    output.add("row", Column("int", row))
    output.add("installment", Column("int", installment))
    output.add("due_date", Column("date", due, null))
    output.add("amount", Column("units", amount, null, digits))
    labels = [code for code in context.currencies if code is not None]
    remap = np.full(len(context.currencies) + 1, -1, dtype=np.int64)
    for index, code in enumerate(context.currencies):
        if code is not None:
            remap[index] = labels.index(code)
    codes = remap.astype(np.int16)[context.currency_codes[row]]
    output.add("currency", Column("category", codes, labels=labels))
    for tier in range(width):
        number = tier + 1
        output.add(f"deadline_{number}", Column("date", deadline[tier], null))
        output.add(f"discount_{number}", Column("units", discount[tier], null, digits))
        output.add(f"payable_{number}", Column("units", amount - discount[tier], null, digits))
    output.add(
        "rule",
        Column("category", np.where(failed_lines, -1, 0).astype(np.int8), labels=[RULE]),
    )
    output.add("reason", Column("category", reason, labels=list(_REASONS)))
    if float_money is not None:
        output.add(
            "float_money", Column("category", np.zeros(total, np.int8), labels=[float_money])
        )
    if errors == "collect":
        _error_columns(output, context.errors, row, failed_lines)
    return output.build()


def _error_columns(
    output: Output, errors: RowErrors, row: Int64Array, failed: npt.NDArray[np.bool_]
) -> None:
    texts = {name: np.full(len(row), None, dtype=object) for name in ERROR_COLUMNS}
    for at in np.flatnonzero(failed).tolist():
        error = errors.errors[int(row[at])]
        texts["error_code"][at] = error.code
        texts["error_field"][at] = error.column
        texts["error_constraint"][at] = error.constraint
        texts["error_value"][at] = None if error.value is None else repr(error.value)
    for name in ERROR_COLUMNS:
        output.add(name, Column("text", texts[name]))


def amount_payable(schedule_frame: Any, *, on: date | str, keep: Sequence[str] = ()) -> Any:
    """Return what settles each invoice of a [`schedule`][spendrules.frames.schedule] frame on a date.

    Each line pays its best discount still open on ``on`` (a deadline is
    inclusive), else its amount; the lines of one input row are added. Equal to
    [`spendrules.payment_terms.PaymentSchedule.amount_payable`][spendrules.payment_terms.PaymentSchedule.amount_payable].

    Args:
        schedule_frame: The frame [`schedule`][spendrules.frames.schedule] returned.
        on: The payment date, or the name of a date column of ``schedule_frame``.
        keep: Columns of ``schedule_frame`` copied onto each output row (taken from
            the invoice's first line).

    Returns:
        A frame of the same kind: ``*keep, row, amount_payable`` (in the schedule's
        money representation), one row per invoice, ordered by ``row``.

    Examples:
        >>> import polars as pl
        >>> from datetime import date
        >>> invoices = pl.DataFrame({
        ...     "terms": ["3/10, 2/30, net 60"] * 2, "invoice_date": [date(2026, 3, 2)] * 2,
        ...     "amount": [50000, 70000], "currency": ["EUR", "EUR"]})
        >>> plan = schedule(invoices, money="minor_units")
        >>> amount_payable(plan, on=date(2026, 3, 13))["amount_payable"].to_list()
        [49000, 68600]
    """
    source = Frame(schedule_frame, "schedule_frame")
    for name in keep:
        source.series(name)
    rows = source.series("row").to_numpy().astype(np.int64)
    errors = RowErrors()
    if isinstance(on, str):
        day, day_null = source.dates(on, errors)
        _missing(day_null, on, errors)
    elif isinstance(on, date) and not hasattr(on, "hour"):
        day = np.full(len(rows), to_days(on), dtype=np.int64)
    else:
        raise TypeError(
            f"on must be a datetime.date or a column name, not {type(on).__name__}: {on!r}"
        )
    errors.raise_first()
    amount, digits, money, null = _money_column(source, "amount")
    best = amount.copy()
    number = 1
    while f"deadline_{number}" in source.frame.columns:
        deadline, _ = source.dates(f"deadline_{number}", errors)
        payable, _, _, _ = _money_column(source, f"payable_{number}")
        better = (day <= deadline) & (np.abs(payable) < np.abs(best))
        best = np.where(better, payable, best)
        number += 1
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else rows
    sums = np.add.reduceat(best, starts) if len(rows) else rows
    unknown = np.logical_or.reduceat(null, starts) if len(rows) else null
    output = Output(source, money)
    for name in keep:
        output.add(name, Column("keep", starts))
    output.add("row", Column("int", rows[starts]))
    output.add("amount_payable", Column("units", sums, unknown, digits[starts]))
    return output.build()


def _money_column(
    source: Frame, column: str
) -> tuple[Int64Array, Int64Array, str, npt.NDArray[np.bool_]]:
    """Read a money column of a schedule frame back into minor units (and its null mask)."""
    series = source.series(column)
    null = null_of(series, source.size)
    if series.dtype.is_integer():
        values = series.fill_null(0).to_numpy().astype(np.int64)
        return values, np.zeros(len(values), dtype=np.int64), "minor_units", null
    codes = source.objects("currency")
    digits = np.array([minor_units(code) if code else 0 for code in codes], dtype=np.int64)
    values = source.objects(column)
    units = np.array(
        [
            0 if v is None else int(v.scaleb(d))
            for v, d in zip(values, digits.tolist(), strict=True)
        ],
        dtype=np.int64,
    )
    return units, digits, "decimal", null
