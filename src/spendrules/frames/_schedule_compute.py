"""The computing half of ``frames.schedule``: each group of rows' lines, in whole arrays.

`_Context` holds the columns `spendrules.frames._schedule.schedule`
read; `_Context.group` computes the lines of the rows that share one
payment term: due dates and discount deadlines once per distinct baseline (by
the scalar rule's own date code), amounts as the scalar rule's exact split in
integer minor units, each discount ``round(amount × rate)`` in integers, and
hands every row the vectorised path cannot take exactly to the scalar rule.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from spendrules._decimal import CONTEXT
from spendrules._terms.due_rules import (
    Advance,
    DayOfMonth,
    DaysAfterEndOfMonth,
    EomDating,
    NetDays,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    PaymentTerms,
)
from spendrules._terms.rounding import CashRounding, RoundingLine
from spendrules._terms.schedule import PaymentSchedule
from spendrules._terms.schedule import schedule as scalar_schedule
from spendrules._terms.schedule_amounts import _exponent_ok
from spendrules._terms.shares import (
    FixedAmount,
    Percent,
    Ratio,
    Remainder,
)
from spendrules.calendars import BusinessCalendar, Roll
from spendrules.calendars import roll as roll_date
from spendrules.errors import InvalidInputError
from spendrules.frames._columns import (
    Int64Array,
    Money,
    RowErrors,
    from_exception,
    to_date,
    to_days,
)
from spendrules.frames._intmath import LIMIT, round_div
from spendrules.money import AllocationMethod

_REASONS = (
    "TERMS.BASELINE",
    "TERMS.BASELINE_ASSUMED",
    "TERMS.DISCOUNT_CUT_TO_DUE",
    "TERMS.TIER_NEVER_BEST",
    "TERMS.BALANCE_NEGATIVE",
)
_CUT = 2
_NEVER_BEST = 3


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
    from its event). The same steps as `spendrules._terms.schedule_lines._line_dates`,
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
