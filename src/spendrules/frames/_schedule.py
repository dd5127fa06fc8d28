"""``frames.schedule`` and ``frames.amount_payable``: payment schedules of a whole frame of invoices.

How the bulk path stays equal to :func:`spendrules.payment_terms.schedule` row by row:

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
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from spendrules._decimal import CONTEXT
from spendrules._terms.milestones import check_event
from spendrules._terms.model import (
    Advance,
    Basis,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DiscountBase,
    EomDating,
    FixedAmount,
    NetDays,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
)
from spendrules._terms.parser import parse_terms
from spendrules._terms.rounding import CashRounding, RoundingLine
from spendrules._terms.schedule import (
    RULE,
    PaymentSchedule,
    _exponent_ok,
)
from spendrules._terms.schedule import schedule as scalar_schedule
from spendrules.calendars import BusinessCalendar, Roll
from spendrules.calendars import roll as roll_date
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
    from_exception,
    null_of,
    to_date,
    to_days,
)
from spendrules.frames._intmath import LIMIT, round_div
from spendrules.money import AllocationMethod, minor_units

__all__ = ["amount_payable", "read_terms", "scalar_row", "schedule"]

ERRORS = ("raise", "collect")
ERROR_COLUMNS = ("error_code", "error_field", "error_constraint", "error_value")
_REASONS = (
    "TERMS.BASELINE",
    "TERMS.BASELINE_ASSUMED",
    "TERMS.DISCOUNT_CUT_TO_DUE",
    "TERMS.TIER_NEVER_BEST",
    "TERMS.BALANCE_NEGATIVE",
)
_CUT = 2
_NEVER_BEST = 3


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


@attrs.define
class _Options:
    calendar: BusinessCalendar | None
    net_roll: Roll
    deadline_roll: Roll
    grace: int
    discount_grace: int
    rounding: str
    allocation: AllocationMethod
    cash_rounding: CashRounding | None = None

    def scalar(self) -> dict[str, Any]:
        return {
            "calendar": self.calendar,
            "roll": self.net_roll,
            "discount_roll": self.deadline_roll,
            "grace_days": self.grace,
            "discount_grace_days": self.discount_grace,
            "rounding": self.rounding,
            "allocation": self.allocation,
            "cash_rounding": self.cash_rounding,
        }


@attrs.define
class _Lines:
    """The lines of a group of rows: ``rows`` input positions, arrays of shape (rows, lines[, tiers])."""

    rows: Int64Array
    count: Int64Array
    due: Int64Array
    amount: Int64Array
    deadline: Int64Array
    discount: Int64Array
    reason: Int64Array


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
    :func:`spendrules.payment_terms.schedule` with the same options: the same due
    date, amount (to the minor unit) and discount tiers. Discount tiers are wide:
    ``deadline_t``, ``discount_t`` and ``payable_t`` for ``t`` from 1 to ``tiers``;
    a line with fewer tiers has, in the missing ones, its due date, a zero discount
    and its own amount (paying by the due date costs the amount).

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one invoice per row.
        terms: Column of payment terms: text (parsed once per distinct value with
            ``dialect``) or :class:`~spendrules.payment_terms.PaymentTerms` objects.
        invoice_date: Column of invoice dates.
        amount: Column of invoice totals including tax (see ``money``).
        currency: Column of ISO 4217 codes.
        tax_amount: Column of the tax included in each amount, or ``None`` (no tax).
        baseline_date: Column of baseline dates, or ``None``; a null cell counts
            from the invoice date, as the scalar rule does without a baseline.
        keep: Input columns copied onto every output row (an invoice id).
        calendar: As :func:`~spendrules.payment_terms.schedule`.
        roll: As :func:`~spendrules.payment_terms.schedule`.
        discount_roll: As :func:`~spendrules.payment_terms.schedule`.
        grace_days: As :func:`~spendrules.payment_terms.schedule`.
        discount_grace_days: As :func:`~spendrules.payment_terms.schedule`.
        rounding: As :func:`~spendrules.payment_terms.schedule`.
        allocation: As :func:`~spendrules.payment_terms.schedule`.
        dialect: Dialect of terms text (see :func:`~spendrules.payment_terms.parse_terms`).
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
            :class:`~spendrules.errors.FrameInputError`; ``"collect"``: each bad row
            gives one output row with ``error_code``, ``error_field``,
            ``error_constraint`` and ``error_value``, and every other row is computed.
        events: Milestone event dates: a mapping of event name to the column of
            its dates (``{"delivery": "delivered_on"}``), passed to the scalar rule
            as ``events``; a null cell is an event not given, so a row whose terms
            count from it is a bad row naming the column. Milestone installments
            count from that column's dates, once per distinct date, as the other
            lines do from the baseline.
        cash_rounding: As :func:`~spendrules.payment_terms.schedule` (a
            :class:`~spendrules.payment_terms.CashRounding`), done in integer minor
            units; a row whose currency's minor units do not divide the step is a
            bad row naming the currency column.

    Returns:
        A frame of the input's kind with columns ``*keep, row, installment, due_date,
        amount, currency, deadline_1, discount_1, payable_1, ..., rule, reason``
        (``row`` is the input row's position; ``installment`` counts from 0, as
        :attr:`~spendrules.payment_terms.ScheduleLine.installment`; ``reason`` is the
        code of the scalar schedule's :meth:`~spendrules.results.Explained.primary_reason`).

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
    """Return the scalar schedule of input row ``position`` of ``frame``, read as :func:`schedule` reads it."""
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


@attrs.define
class _Context:
    parsed: list[PaymentTerms | None]
    currencies: list[str | None]
    currency_codes: Int64Array
    digits: Int64Array
    invoice: Int64Array
    baseline: Int64Array
    baseline_given: npt.NDArray[np.bool_]
    totals: Money
    taxes: Money
    options: _Options
    columns: dict[str, str]
    errors: RowErrors
    terms_codes: Int64Array
    events: dict[str, tuple[Int64Array, npt.NDArray[np.bool_]]] = attrs.Factory(dict)

    def group(self, code: int, candidates: Int64Array) -> _Lines:
        """Compute the lines of the rows whose terms have index ``code``."""
        terms = self.parsed[code]
        rows = candidates
        if self.errors.errors:
            rows = candidates[~self.errors.mask(len(self.invoice))[candidates]]
        if terms is None:
            return _empty(rows, 1, 0)
        lines = len(terms.installments)
        width = max(
            len(item.discounts) + (item.fixed_discount is not None) for item in terms.installments
        )
        out = _empty(rows, lines, width)
        if not len(rows):
            return out
        # Dates: once per distinct baseline of each line (its event's date, or the term's).
        bases, slow = self._line_bases(terms, rows)
        due, deadline, warning, broken = _group_dates(terms, bases, self.options, width)
        slow |= broken
        out.due[:] = due
        out.deadline[:] = deadline
        # Amounts, in minor units.
        total = self.totals.units[rows]
        tax = self.taxes.units[rows]
        zero = total == 0
        slow |= (tax != 0) & ((np.abs(tax) > np.abs(total)) | ((tax < 0) != (total < 0)))
        parts, unsplit = _split(terms, total, self.digits[rows], self.options)
        slow |= unsplit
        # A balance line of the total's opposite sign (allocation LAST can give one): the
        # scalar rule explains it with a warning, so those rare rows are its own.
        for line, item in enumerate(terms.installments):
            if isinstance(item.share, Remainder):
                slow |= (parts[:, line] != 0) & ((parts[:, line] < 0) != (total < 0))
        step = None
        if self.options.cash_rounding is not None:
            step, unstepped = _step_units(self.options.cash_rounding, self.digits[rows])
            slow |= unstepped
            parts = _cash_round(parts, total, step, self.options.cash_rounding)
        discounts, undiscounted = _discounts(
            terms, parts, total, tax, self.options.rounding, self.digits[rows]
        )
        slow |= undiscounted
        if step is not None:
            assert self.options.cash_rounding is not None  # noqa: S101 - set with step
            _cash_round_payables(terms, parts, discounts, step, self.options.cash_rounding)
        out.amount[:] = parts
        out.discount[:] = discounts
        # Zero totals: one zero line on the baseline date, no discounts.
        out.count[zero] = 1
        out.due[zero, 0] = self.baseline[rows][zero]
        out.deadline[zero, 0, :] = out.due[zero, 0:1]
        assumed = (terms.basis is not Basis.INVOICE) & ~self.baseline_given[rows]
        out.reason[:] = np.where(assumed, 1, np.where(zero, 0, warning))
        for position in np.flatnonzero(slow).tolist():
            self._scalar(terms, out, position)
        return self._kept(rows, out)

    def _line_bases(
        self, terms: PaymentTerms, rows: Int64Array
    ) -> tuple[list[Int64Array], npt.NDArray[np.bool_]]:
        """Each line's baseline day per row, and the rows missing an event (left to the scalar rule)."""
        baseline = self.baseline[rows]
        missing = np.zeros(len(rows), dtype=bool)
        bases = []
        for item in terms.installments:
            if item.event is None:
                bases.append(baseline)
            elif item.event in self.events:
                days, null = self.events[item.event]
                bases.append(np.where(null[rows], baseline, days[rows]))
                missing |= null[rows]
            else:
                bases.append(baseline)
                missing[:] = True
        return bases, missing

    def _kept(self, rows: Int64Array, out: _Lines) -> _Lines:
        """``out`` without the rows that turned out bad."""
        keep = np.ones(len(rows), dtype=bool)
        if self.errors.errors:
            keep = ~self.errors.mask(len(self.invoice))[rows]
        return _subset(out, keep)

    def _scalar(self, terms: PaymentTerms, out: _Lines, position: int) -> None:
        """Compute one row with the scalar rule: its lines, or its error."""
        row = int(out.rows[position])
        try:
            result = self.scalar(terms, row)
        except InvalidInputError as exc:
            column = _column_of(exc.field, self.columns)
            self.errors.add(row, from_exception(row, column, exc))
            return
        _fill(out, position, result, int(self.digits[row]))

    def scalar(self, terms: PaymentTerms, row: int) -> PaymentSchedule:
        """Return the scalar schedule of input row ``row`` (its exception if it has one)."""
        places = int(self.digits[row])
        currency = self.currencies[int(self.currency_codes[row])]
        total = Decimal(int(self.totals.units[row])).scaleb(-places)
        tax = Decimal(int(self.taxes.units[row])).scaleb(-places)
        return scalar_schedule(
            terms,
            invoice_date=to_date(int(self.invoice[row])),
            baseline_date=to_date(int(self.baseline[row])) if self.baseline_given[row] else None,
            amount=total,
            currency=currency,  # type: ignore[arg-type]
            tax_amount=tax,
            events={
                name: to_date(int(days[row]))
                for name, (days, null) in self.events.items()
                if not null[row]
            },
            **self.options.scalar(),
        )


def _column_of(field: str, columns: dict[str, str]) -> str:
    """The column a scalar field came from; a date the rule could not roll names the baseline."""
    if field in columns:
        return columns[field]
    head = field.split(".", 1)[0].split("[", 1)[0]
    return columns.get(head, columns["baseline_date"])


def _fill(out: _Lines, position: int, result: PaymentSchedule, places: int) -> None:
    out.count[position] = len(result.lines)
    for index, line in enumerate(result.lines):
        out.due[position, index] = to_days(line.due_date)
        out.amount[position, index] = int(line.amount.scaleb(places))
        for tier in range(out.deadline.shape[2]):
            if tier < len(line.discounts):
                offer = line.discounts[tier]
                out.deadline[position, index, tier] = to_days(offer.deadline)
                out.discount[position, index, tier] = int(offer.discount.scaleb(places))
            else:
                out.deadline[position, index, tier] = to_days(line.due_date)
                out.discount[position, index, tier] = 0
    primary = result.primary_reason()
    assert primary is not None  # noqa: S101 - a schedule always has its baseline reason
    out.reason[position] = _REASONS.index(primary.code)


def _empty(rows: Int64Array, lines: int, width: int) -> _Lines:
    size = len(rows)
    return _Lines(
        rows=rows,
        count=np.full(size, lines, dtype=np.int64),
        due=np.zeros((size, lines), dtype=np.int64),
        amount=np.zeros((size, lines), dtype=np.int64),
        deadline=np.zeros((size, lines, width), dtype=np.int64),
        discount=np.zeros((size, lines, width), dtype=np.int64),
        reason=np.zeros(size, dtype=np.int64),
    )


def _subset(out: _Lines, keep: npt.NDArray[np.bool_]) -> _Lines:
    if bool(keep.all()):
        return out
    return _Lines(*(getattr(out, field.name)[keep] for field in attrs.fields(_Lines)))


def _distinct(values: Int64Array) -> tuple[Int64Array, Int64Array]:
    """The distinct values (sorted) and each value's index among them: a dense table when compact."""
    low, high = int(values.min()), int(values.max())
    span = high - low + 1
    if span > 4 * len(values) + 4096:
        uniques, inverse = np.unique(values, return_inverse=True)
        return uniques, inverse.reshape(-1)
    present = np.zeros(span, dtype=bool)
    present[values - low] = True
    uniques = np.flatnonzero(present)
    position = np.zeros(span, dtype=np.int64)
    position[uniques] = np.arange(len(uniques))
    return uniques + low, position[values - low]


_LAST_DAY = to_days(date.max)


def _month_only(rule: object) -> bool:
    """True for due rules whose date depends only on the baseline's month (see their definitions)."""
    if isinstance(rule, DaysAfterEndOfMonth):
        return True
    if isinstance(rule, EomDating):
        return rule.late_cutoff_day is None
    if isinstance(rule, DayOfMonth):  # a later month: never before the baseline
        return rule.cutoff_day is None and rule.months_ahead >= 1
    return False


def _evaluate(rule: Any, days: Int64Array) -> tuple[Int64Array, npt.NDArray[np.bool_]]:
    """Each day's unadjusted date by ``rule`` (scalar rule code), and the days it cannot date."""
    values = np.zeros(len(days), dtype=np.int64)
    broken = np.zeros(len(days), dtype=bool)
    for index, day in enumerate(days.tolist()):
        try:
            values[index] = to_days(rule.due_date(to_date(day)))
        except (OverflowError, ValueError):
            broken[index] = True
    return values, broken


def _raw_dates(rule: Any, days: Int64Array) -> tuple[Int64Array, npt.NDArray[np.bool_]]:
    """The unadjusted dates ``rule`` gives each distinct baseline day.

    Day counts are added in whole arrays; rules that depend only on the
    baseline's month are evaluated once per month; the rest once per day.
    """
    if isinstance(rule, NetDays | Advance):
        values = days + (rule.days if isinstance(rule, NetDays) else 0)
        return values, values > _LAST_DAY
    if _month_only(rule):
        months = days.astype("datetime64[D]").astype("datetime64[M]")
        distinct, inverse = np.unique(months, return_inverse=True)
        firsts = distinct.astype("datetime64[D]").astype(np.int64)
        values, broken = _evaluate(rule, firsts)
        return values[inverse.reshape(-1)], broken[inverse.reshape(-1)]
    return _evaluate(rule, days)


def _adjusted(
    raw: Int64Array, convention: Roll, grace: int, options: _Options
) -> tuple[Int64Array, npt.NDArray[np.bool_]]:
    """Roll each date by ``convention`` (once per distinct date) and add ``grace`` days."""
    broken = np.zeros(len(raw), dtype=bool)
    rolled = raw
    if options.calendar is not None:
        distinct, inverse = np.unique(raw, return_inverse=True)
        moved = np.zeros(len(distinct), dtype=np.int64)
        failed = np.zeros(len(distinct), dtype=bool)
        for index, day in enumerate(distinct.tolist()):
            try:
                moved[index] = to_days(roll_date(to_date(day), options.calendar, convention))
            except (OverflowError, ValueError):
                failed[index] = True
        rolled = moved[inverse.reshape(-1)]
        broken = failed[inverse.reshape(-1)]
    final = rolled + grace
    return final, broken | (final > _LAST_DAY)


def _offered(item: Any) -> tuple[Any, ...]:
    """An installment's discounts: its rate tiers, or its fixed-amount discount."""
    return item.discounts if item.fixed_discount is None else (item.fixed_discount,)


def _group_dates(
    terms: PaymentTerms, bases: list[Int64Array], options: _Options, width: int
) -> tuple[Int64Array, Int64Array, Int64Array, npt.NDArray[np.bool_]]:
    """Due dates, discount deadlines, first warning and undatable rows, for each row.

    ``bases`` holds each line's baseline day per row (a milestone line counts
    from its event). The same steps as :func:`spendrules._terms.schedule._line_dates`,
    in whole arrays, once per distinct baseline of each line: the rule's date,
    rolled by its convention, grace days added, each deadline cut back to its
    line's due date; the warning is the first one the scalar rule would give (a
    deadline cut, then a tier that is never best).
    """
    size = len(bases[0])
    lines = len(terms.installments)
    due = np.zeros((size, lines), dtype=np.int64)
    deadline = np.zeros((size, lines, width), dtype=np.int64)
    warning = np.zeros(size, dtype=np.int64)
    broken = np.zeros(size, dtype=bool)
    distinct: dict[int, tuple[Int64Array, Int64Array]] = {}
    for line, item in enumerate(terms.installments):
        key = id(bases[line])
        if key not in distinct:
            distinct[key] = _distinct(bases[line])
        days, inverse = distinct[key]
        raw, undated = _raw_dates(item.due, days)
        line_due, unrolled = _adjusted(
            np.where(undated, 0, raw), options.net_roll, options.grace, options
        )
        broken |= (undated | unrolled)[inverse]
        due[:, line] = line_due[inverse]
        cut_any = np.zeros(len(days), dtype=bool)
        never = np.zeros(len(days), dtype=bool)
        line_deadline = np.zeros((len(days), width), dtype=np.int64)
        offers = _offered(item)
        for tier, offer in enumerate(offers):
            raw, undated = _raw_dates(offer.deadline, days)
            rolled, unrolled = _adjusted(
                np.where(undated, 0, raw), options.deadline_roll, options.discount_grace, options
            )
            broken |= (undated | unrolled)[inverse]
            cut_any |= rolled > line_due
            line_deadline[:, tier] = np.minimum(rolled, line_due)
            if tier:
                never |= line_deadline[:, tier] <= line_deadline[:, tier - 1]
        line_deadline[:, len(offers) :] = line_due[:, None]
        deadline[:, line] = line_deadline[inverse]
        warning = np.where((warning == 0) & cut_any[inverse], _CUT, warning)
        warning = np.where((warning == 0) & never[inverse], _NEVER_BEST, warning)
    return due, deadline, warning, broken


def _split(
    terms: PaymentTerms, total: Int64Array, digits: Int64Array, options: _Options
) -> tuple[Int64Array, npt.NDArray[np.bool_]]:
    """The installment amounts of each row (the scalar rule's exact split), and the rows left to it."""
    items = terms.installments
    size = len(total)
    parts = np.zeros((size, len(items)), dtype=np.int64)
    slow = np.zeros(size, dtype=bool)
    if len(items) == 1:
        parts[:, 0] = total
        return parts, slow
    sign = np.where(total < 0, -1, 1)
    magnitude = np.abs(total)
    fractions = [
        item.share.fraction() if isinstance(item.share, Percent | Ratio) else None for item in items
    ]
    common = lcm(*(f.denominator for f in fractions if f is not None))
    numerators = [None if f is None else int(f * common) for f in fractions]
    proportional = sum(n for n in numerators if n is not None)
    has_remainder = any(isinstance(item.share, Remainder) for item in items)
    fixed_units = np.zeros((size, len(items)), dtype=np.int64)
    for places in np.unique(digits).tolist():
        rows = digits == places
        for index, item in enumerate(items):
            share = item.share
            if isinstance(share, FixedAmount):
                if not _exponent_ok(share.amount, places):
                    slow |= rows
                    continue
                value = int(share.amount.scaleb(places, CONTEXT))  # never the caller's context
                if value >= LIMIT:
                    slow |= rows
                    continue
                fixed_units[rows, index] = value
    fixed = fixed_units.sum(axis=1)
    rest = magnitude - fixed
    slow |= rest < 0
    biggest = max([common, *(n for n in numerators if n is not None)])
    slow |= magnitude >= LIMIT // biggest
    fast = ~slow
    rest = np.where(fast, rest, 0)
    magnitude = np.where(fast, magnitude, 0)
    slots = [index for index, item in enumerate(items) if not isinstance(item.share, FixedAmount)]
    weights = np.zeros((size, len(slots)), dtype=np.int64)
    for slot, index in enumerate(slots):
        numerator = numerators[index]
        if numerator is None:  # the remainder
            weights[:, slot] = rest * common - magnitude * proportional
        else:
            weights[:, slot] = magnitude * numerator
    if has_remainder:
        negative = weights.min(axis=1) < 0
        slow |= negative
        weights[negative] = 0
        rest = np.where(negative, 0, rest)
    if options.allocation is AllocationMethod.LARGEST_REMAINDER:
        shared, remainders = np.divmod(weights, common)
        left = rest - shared.sum(axis=1)
        order = np.argsort(-remainders, axis=1, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(len(slots))[None, :].repeat(size, 0), axis=1)
        shared += ranks < left[:, None]
    else:
        shared = round_div(weights, common, options.rounding)
        last = len(slots) - 1 - np.argmax((weights != 0)[:, ::-1], axis=1)
        positions = np.arange(size)
        shared[positions, last] = 0
        shared[positions, last] = rest - shared.sum(axis=1)
    for slot, index in enumerate(slots):
        parts[:, index] = shared[:, slot]
    parts += fixed_units
    parts *= sign[:, None]
    return parts, slow


def _discounts(  # noqa: PLR0917 - private; called once
    terms: PaymentTerms,
    parts: Int64Array,
    total: Int64Array,
    tax: Int64Array,
    rounding: str,
    digits: Int64Array,
) -> tuple[Int64Array, npt.NDArray[np.bool_]]:
    """Each line's discount per tier, ``round(base × rate)`` in minor units, and the rows left over.

    A fixed-amount discount is its amount with the line's sign; a row where it is
    not whole minor units or exceeds the line is left to the scalar rule (which
    refuses it).
    """
    size = len(total)
    width = max(len(_offered(item)) for item in terms.installments)
    discounts = np.zeros((size, len(terms.installments), width), dtype=np.int64)
    slow = np.zeros(size, dtype=bool)
    gross = terms.discount_base is DiscountBase.GROSS
    net = total - tax
    for line, item in enumerate(terms.installments):
        amount = parts[:, line]
        if item.fixed_discount is not None:
            fixed = np.zeros(size, dtype=np.int64)
            for places in np.unique(digits).tolist():
                rows = digits == places
                units = item.fixed_discount.amount.scaleb(places, CONTEXT)
                if units == units.to_integral_value() and units < LIMIT:
                    fixed[rows] = int(units)
                else:
                    slow |= rows
            slow |= fixed > np.abs(amount)
            discounts[:, line, 0] = np.where(amount < 0, -fixed, fixed)
        for tier, offer in enumerate(item.discounts):
            rate = Fraction(offer.rate)
            p, q = rate.numerator, rate.denominator
            if gross:
                risky = np.abs(amount) >= LIMIT // p if p < LIMIT else np.ones(size, dtype=bool)
                if q >= LIMIT:
                    risky[:] = True
                numerator = np.where(risky, 0, amount) * (p if p < LIMIT else 0)
                value = round_div(numerator, q if q < LIMIT else 1, rounding)
            else:
                risky = (np.abs(amount).astype(np.float64) * np.abs(net) * p >= LIMIT / 4) | (
                    np.abs(total).astype(np.float64) * q >= LIMIT / 4
                )
                safe_total = np.where(risky | (total == 0), 1, total)
                numerator = np.where(risky, 0, amount) * np.where(risky, 0, net) * p
                numerator = numerator * np.sign(safe_total)
                value = round_div(numerator, np.abs(safe_total) * q, rounding)
            discounts[:, line, tier] = value
            slow |= risky
    return discounts, slow


def _step_units(rule: CashRounding, digits: Int64Array) -> tuple[Int64Array, npt.NDArray[np.bool_]]:
    """The cash-rounding step of each row in its minor units, and the rows it does not fit."""
    step = np.ones(len(digits), dtype=np.int64)
    slow = np.zeros(len(digits), dtype=bool)
    for places in np.unique(digits).tolist():
        rows = digits == places
        units = rule.step.scaleb(places, CONTEXT)
        if units == units.to_integral_value() and units < LIMIT:
            step[rows] = int(units)
        else:  # the scalar rule refuses the step for this currency
            slow |= rows
    return step, slow


def _cash_round(
    parts: Int64Array, total: Int64Array, step: Int64Array, rule: CashRounding
) -> Int64Array:
    """Every line but the absorbing one rounded to a multiple of the step; that one takes the rest."""
    lines = parts.shape[1]
    if lines == 1:
        return parts
    absorbing = lines - 1 if rule.absorb is RoundingLine.LAST else 0
    rounded = parts.copy()
    for line in range(lines):
        if line != absorbing:
            rounded[:, line] = round_div(parts[:, line], step, rule.rounding) * step
    rounded[:, absorbing] = 0
    rounded[:, absorbing] = total - rounded.sum(axis=1)
    return rounded


def _cash_round_payables(
    terms: PaymentTerms,
    parts: Int64Array,
    discounts: Int64Array,
    step: Int64Array,
    rule: CashRounding,
) -> None:
    """Round each discounted amount to the step (never beyond the line); the discount is the rest."""
    for line, item in enumerate(terms.installments):
        amount = parts[:, line]
        for tier in range(len(_offered(item))):
            payable = round_div(amount - discounts[:, line, tier], step, rule.rounding) * step
            payable = np.where(np.abs(payable) > np.abs(amount), amount, payable)
            discounts[:, line, tier] = amount - payable


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
    """Return what settles each invoice of a :func:`schedule` frame on a date.

    Each line pays its best discount still open on ``on`` (a deadline is
    inclusive), else its amount; the lines of one input row are added. Equal to
    :meth:`spendrules.payment_terms.PaymentSchedule.amount_payable`.

    Args:
        schedule_frame: The frame :func:`schedule` returned.
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
