"""The payment-terms model: shares, due rules, discount tiers, installments, terms.

A :class:`PaymentTerms` is one or more :class:`Installment` objects. Each
installment has

* a **share** of the invoice total: :class:`Percent` (of the total),
  :class:`Ratio` (an exact fraction such as 1/3), :class:`FixedAmount`, or
  :class:`Remainder` (what the other installments leave);
* a **due rule**, a small frozen value with ``due_date(base) -> date`` and
  ``describe() -> str`` (see :data:`DueRule`);
* zero or more **discount tiers** (:class:`DiscountTier`): a rate and a due
  rule giving the deadline, ordered from the highest rate to the lowest.

Every due rule computes from the *baseline* date it is given and does its
month arithmetic from that anchor with one ``dateutil.relativedelta`` (never
chained: 31 January + 2 months is 31 March, not 28 March).

Stable public shape (other modules and integrations rely on these names):
``PaymentTerms.installments``, ``PaymentTerms.discount_base``,
``PaymentTerms.basis``; ``Installment.due``, ``Installment.discounts``,
``Installment.share``; ``DiscountTier.rate`` (a fraction), ``DiscountTier.deadline``;
``NetDays.days``, ``NetMonths.months``, ``DaysAfterEndOfMonth.days``/``.months``,
``DaysEndOfMonthOn.days``/``.day``, ``DayOfMonth.day``/``.months_ahead``/``.cutoff_day``,
``EomDating.days``/``.late_cutoff_day``, ``PaymentDays.days``/``.after``,
``DayLimit.limits`` (of ``DayLimitEntry.limit``/``.rule``),
``RelativeDelta.day``/``.month``/``.weekday``/``.months``/``.weeks``/``.days``,
``DeltaChain.steps``.

Examples:
    >>> from datetime import date
    >>> terms = PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(10)))
    >>> terms.installments[0].due.due_date(date(2026, 3, 15))
    datetime.date(2026, 4, 14)
    >>> terms.describe()
    '100 % (the whole amount) due 30 days after the baseline date; 2 % discount until 10 days after the baseline date'
    >>> NetMonths(1).due_date(date(2026, 1, 31)), NetMonths(2).due_date(date(2026, 1, 31))
    (datetime.date(2026, 2, 28), datetime.date(2026, 3, 31))

References:
    Odoo ``addons/account/models/account_payment_term.py`` (delay types, early
    discount computation modes); ERPNext ``payment_term.json`` (due date based
    on); SAP T052 (fixed day, additional months, day limits, two discount tiers);
    Tryton ``modules/account_invoice/payment_term.py`` (exact ratios, remainder);
    OCA ``account_payment_term_extension`` (payment days); Zuora "Prox Payment
    Term Examples"; Monash Marketing Dictionary / AMA "End of Month Dating (EOM)".
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeAlias

import attrs
from dateutil.relativedelta import relativedelta

from spendrules._checks import check_date, check_decimal, check_int, check_ratio
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "MAX_AMOUNT",
    "MAX_DAYS",
    "MAX_MONTHS",
    "MAX_PLACES",
    "Advance",
    "BasicRule",
    "Basis",
    "DayLimit",
    "DayLimitEntry",
    "DayOfMonth",
    "DaysAfterEndOfMonth",
    "DaysEndOfMonthOn",
    "DeltaChain",
    "DiscountBase",
    "DiscountTier",
    "DueRule",
    "EomDating",
    "FixedAmount",
    "FixedDiscount",
    "Installment",
    "NetDays",
    "NetMonths",
    "PaymentDays",
    "PaymentTerms",
    "Percent",
    "Ratio",
    "RelativeDelta",
    "Remainder",
    "Share",
]

#: Largest number of days a due rule may count (ten years).
MAX_DAYS = 3660
#: Largest number of months a due rule may count (ten years).
MAX_MONTHS = 120

_HUNDRED = Decimal(100)


# --------------------------------------------------------------------------- helpers


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _end_of_month(day: date) -> date:
    return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def _int_field(name: str, low: int, high: int) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        number = check_int(value, name, minimum=low)
        if number > high:
            raise InvalidInputError(name, value, f"an int from {low} to {high}")

    return check


def _optional_int_field(name: str, low: int, high: int) -> Any:
    inner = _int_field(name, low, high)

    def check(instance: object, attribute: object, value: object) -> None:
        if value is not None:
            inner(instance, attribute, value)

    return check


def _check_base(base: object) -> date:
    return check_date(base, "base")


# --------------------------------------------------------------------------- enums


class DiscountBase(SpendEnum):
    """What an early-payment discount rate applies to (Odoo's three modes).

    Attributes:
        GROSS: The installment's amount including tax (Odoo ``included``,
            "On early payment"): the discount reduces tax too, later.
        NET_OF_TAX: The installment's share of the amount before tax (Odoo
            ``excluded``, "Never"): tax is never reduced.
        MIXED: Computed like ``NET_OF_TAX``; the invoice's tax was already
            computed on the discounted base (Odoo ``mixed``, "Always (upon
            invoice)", the Belgian default).
    """

    GROSS = "gross"
    NET_OF_TAX = "net_of_tax"
    MIXED = "mixed"


class Basis(SpendEnum):
    """The event the due rules count from (SAP ZDART, X12 ITD02, EDIFACT 2475).

    The caller passes that event's date to :func:`schedule` as
    ``baseline_date``; the invoice date is used when it is not given.

    Attributes:
        INVOICE: The invoice date (the default everywhere).
        INVOICE_RECEIPT: The day the buyer received the invoice.
        ORDER: The order date (cash with order).
        SHIPMENT: The shipping date.
        DELIVERY: The delivery date (cash on delivery).
        GOODS_RECEIPT: The day the goods were received and accepted.
        SPECIFIED: A date agreed separately.
    """

    INVOICE = "invoice"
    INVOICE_RECEIPT = "invoice_receipt"
    ORDER = "order"
    SHIPMENT = "shipment"
    DELIVERY = "delivery"
    GOODS_RECEIPT = "goods_receipt"
    SPECIFIED = "specified"


# --------------------------------------------------------------------------- due rules


@attrs.frozen
class NetDays:
    """Due a number of calendar days after the baseline (Odoo ``days_after``).

    Attributes:
        days: Calendar days, 0 to :data:`MAX_DAYS`.

    Examples:
        >>> NetDays(30).due_date(date(2022, 1, 31))
        datetime.date(2022, 3, 2)
    """

    days: int = attrs.field(validator=_int_field("days", 0, MAX_DAYS))

    def due_date(self, base: date) -> date:
        """Return ``base`` plus :attr:`days` days."""
        return _check_base(base) + timedelta(days=self.days)

    def describe(self) -> str:
        """Return a one-line description."""
        if self.days == 0:
            return "on the baseline date"
        return f"{_plural(self.days, 'day')} after the baseline date"


@attrs.frozen
class NetMonths:
    """Due a number of calendar months after the baseline, clamped to the month's end.

    31 January + 1 month is 28 (or 29) February; + 2 months is 31 March, because
    the months are always added to the baseline in one step.

    Attributes:
        months: Calendar months, 0 to :data:`MAX_MONTHS`.

    Examples:
        >>> NetMonths(3).due_date(date(2024, 3, 15))
        datetime.date(2024, 6, 15)
    """

    months: int = attrs.field(validator=_int_field("months", 0, MAX_MONTHS))

    def due_date(self, base: date) -> date:
        """Return ``base`` plus :attr:`months` months (day clamped to the month's length)."""
        result: date = _check_base(base) + relativedelta(months=self.months)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{_plural(self.months, 'month')} after the baseline date"


@attrs.frozen
class DaysAfterEndOfMonth:
    """Due a number of days after the end of the baseline's month, or of a later month.

    ``months=0`` is Odoo ``days_after_end_of_month`` and ERPNext "Day(s) after
    the end of the invoice month"; ``months=1`` is Odoo
    ``days_after_end_of_next_month``; ``days=0, months=n`` is ERPNext "Month(s)
    after the end of the invoice month" as fixed in PR #33183 (the month is
    added first, then the end of *that* month is taken).

    Attributes:
        days: Days after the month's end, 0 to :data:`MAX_DAYS`.
        months: Which month's end: 0 the baseline's month, 1 the next, ...

    Examples:
        >>> DaysAfterEndOfMonth(0, months=1).due_date(date(2020, 6, 11))
        datetime.date(2020, 7, 31)
    """

    days: int = attrs.field(default=0, validator=_int_field("days", 0, MAX_DAYS))
    months: int = attrs.field(default=0, validator=_int_field("months", 0, MAX_MONTHS))

    def due_date(self, base: date) -> date:
        """Return the end of the month ``months`` after ``base``'s, plus ``days``."""
        anchor: date = _check_base(base) + relativedelta(months=self.months, day=31)
        return anchor + timedelta(days=self.days)

    def describe(self) -> str:
        """Return a one-line description."""
        if self.months == 0:
            month = "the baseline's month"
        elif self.months == 1:
            month = "the month after the baseline's"
        else:
            month = f"the {_ordinal(self.months)} month after the baseline's"
        if self.days == 0:
            return f"at the end of {month}"
        return f"{_plural(self.days, 'day')} after the end of {month}"


@attrs.frozen
class DaysEndOfMonthOn:
    """ "N days, then end of month, then on day D" (Odoo ``days_end_of_month_on_the``).

    The baseline plus ``days`` gives a date; with ``day == 0`` the due date is
    the end of that date's month, otherwise day ``day`` of the following month
    (clamped to that month's length: day 31 in June is 30 June). French
    "30 jours fin de mois le 10" is ``DaysEndOfMonthOn(30, 10)``.

    This is Odoo's rule after PR #166560 (``ref + nb_days + relativedelta(months=1,
    day=D)``) and PR #172609 (D = 0 means end of month); Odoo 17.0's original
    ``relativedelta(month=2)`` cap (an absolute February) is not reproduced.

    Attributes:
        days: Days added to the baseline first, 0 to :data:`MAX_DAYS`.
        day: Day of the following month, 1 to 31; 0 for the end of the month.

    Examples:
        >>> DaysEndOfMonthOn(30, 10).due_date(date(2016, 1, 14))
        datetime.date(2016, 3, 10)
        >>> DaysEndOfMonthOn(0, 31).due_date(date(2024, 5, 23))
        datetime.date(2024, 6, 30)
    """

    days: int = attrs.field(validator=_int_field("days", 0, MAX_DAYS))
    day: int = attrs.field(default=0, validator=_int_field("day", 0, 31))

    def due_date(self, base: date) -> date:
        """Return the due date (see the class description)."""
        shifted = _check_base(base) + timedelta(days=self.days)
        if self.day == 0:
            return _end_of_month(shifted)
        result: date = shifted + relativedelta(months=1, day=self.day)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        first = f"{_plural(self.days, 'day')} after the baseline date"
        if self.day == 0:
            return f"at the end of the month {first}"
        return f"on the {_ordinal(self.day)} of the month following the month {first}"


@attrs.frozen
class DayOfMonth:
    """Due on a day of a later month (prox, SAP fixed day + additional months, Zuora prox).

    The target month is ``months_ahead`` months after the baseline's, one more
    when the baseline's day is after ``cutoff_day`` (Zuora's cutoff, inclusive:
    a baseline on the cutoff day itself stays). The day is clamped to the
    month's length (SAP PXMON: 31 in April is 30 April). If the result would
    precede the baseline (possible only with ``months_ahead=0``), it moves one
    month on, so a due date never precedes its baseline.

    Attributes:
        day: Day of the month, 1 to 31.
        months_ahead: 1 for "prox" (next month), 0 for this month, up to :data:`MAX_MONTHS`.
        cutoff_day: None, or 1 to 31: baselines after this day count one month later.

    Examples:
        >>> rule = DayOfMonth(20, months_ahead=1, cutoff_day=12)
        >>> rule.due_date(date(2026, 8, 10)), rule.due_date(date(2026, 8, 15))
        (datetime.date(2026, 9, 20), datetime.date(2026, 10, 20))
    """

    day: int = attrs.field(validator=_int_field("day", 1, 31))
    months_ahead: int = attrs.field(default=1, validator=_int_field("months_ahead", 0, MAX_MONTHS))
    cutoff_day: int | None = attrs.field(
        default=None, validator=_optional_int_field("cutoff_day", 1, 31)
    )

    def due_date(self, base: date) -> date:
        """Return the due date (see the class description)."""
        _check_base(base)
        months = self.months_ahead
        if self.cutoff_day is not None and base.day > self.cutoff_day:
            months += 1
        result: date = base + relativedelta(months=months, day=self.day)
        if result < base:
            result = base + relativedelta(months=months + 1, day=self.day)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        if self.months_ahead == 0:
            month = "the baseline's month (or the next, if already past)"
        elif self.months_ahead == 1:
            month = "the month after the baseline's"
        else:
            month = f"the {_ordinal(self.months_ahead)} month after the baseline's"
        text = f"on the {_ordinal(self.day)} of {month}"
        if self.cutoff_day is not None:
            text += f", one month later for baselines after the {_ordinal(self.cutoff_day)}"
        return text


@attrs.frozen
class EomDating:
    """End-of-month dating: the period counts from the end of the baseline's month (AMA).

    "2/10 EOM": the discount runs to 10 days after the end of the month. With
    ``late_cutoff_day`` (the retail "after the 25th" rule) a baseline after that
    day counts as dated the first of the next month, so the period runs from
    the end of the *next* month.

    Attributes:
        days: Days after the month's end, 0 to :data:`MAX_DAYS`.
        late_cutoff_day: None, or 1 to 30.

    Examples:
        >>> EomDating(10).due_date(date(2026, 6, 16))
        datetime.date(2026, 7, 10)
        >>> EomDating(10, late_cutoff_day=25).due_date(date(2026, 6, 26))
        datetime.date(2026, 8, 10)
    """

    days: int = attrs.field(default=0, validator=_int_field("days", 0, MAX_DAYS))
    late_cutoff_day: int | None = attrs.field(
        default=None, validator=_optional_int_field("late_cutoff_day", 1, 30)
    )

    def due_date(self, base: date) -> date:
        """Return the due date (see the class description)."""
        _check_base(base)
        months = 1 if self.late_cutoff_day is not None and base.day > self.late_cutoff_day else 0
        anchor: date = base + relativedelta(months=months, day=31)
        return anchor + timedelta(days=self.days)

    def describe(self) -> str:
        """Return a one-line description."""
        text = (
            "at the end of the baseline's month"
            if self.days == 0
            else f"{_plural(self.days, 'day')} after the end of the baseline's month"
        )
        if self.late_cutoff_day is not None:
            text += f" (the next month's, for baselines after the {_ordinal(self.late_cutoff_day)})"
        return text


@attrs.frozen
class Advance:
    """Paid in advance: due on the baseline date, before delivery ("CIA", "30 % advance").

    Examples:
        >>> Advance().due_date(date(2026, 3, 15))
        datetime.date(2026, 3, 15)
    """

    def due_date(self, base: date) -> date:
        """Return ``base``: an advance payment is due at once."""
        return _check_base(base)

    def describe(self) -> str:
        """Return a one-line description."""
        return "in advance, on the baseline date"


_MONTH_NAMES = tuple(calendar.month_name)
_DAY_NAMES = tuple(calendar.day_name)


@attrs.frozen
class RelativeDelta:
    """One ``dateutil.relativedelta`` step, as a Tryton payment-term line stores it.

    The step is applied to the baseline in ``dateutil``'s order (the order
    Tryton gets, since it adds ``relativedelta(day=, month=, weekday=, months=,
    weeks=, days=)`` to the date):

    1. ``month``, when set, replaces the baseline's month (same year);
    2. ``months`` are added (the year carries over);
    3. ``day``, when set, replaces the day of the month; the day (set or
       kept) is clamped to the month's length (31 in April is 30 April);
    4. ``weeks`` x 7 + ``days`` calendar days are added;
    5. ``weekday``, when set, moves the date forward to that day of the week
       (the date itself when it already is one).

    So ``RelativeDelta(day=15, months=2, days=30)`` from 1 October 2011 is 15
    December 2011 + 30 days = 14 January 2012 (Tryton ``test_payment_term``).
    A set ``day`` or ``month`` can give a date before the baseline (``day=1``),
    exactly as in Tryton; counts are never negative (the model counts forward).
    Where a simpler rule gives the same date for every baseline (``days`` only
    is :class:`NetDays`), the interop readers return that rule instead.

    Attributes:
        day: None, or the day of the month 1 to 31 (31: the month's last day).
        month: None, or the month 1 (January) to 12.
        weekday: None, or the day of the week 0 (Monday) to 6 (Sunday).
        months: Months added, 0 to :data:`MAX_MONTHS`.
        weeks: Weeks added (7 days each), 0 to :data:`MAX_DAYS` // 7.
        days: Days added, 0 to :data:`MAX_DAYS`.

    Examples:
        >>> RelativeDelta(day=15, months=2, days=30).due_date(date(2011, 10, 1))
        datetime.date(2012, 1, 14)
        >>> RelativeDelta(months=1, days=30).due_date(date(2011, 10, 1))
        datetime.date(2011, 12, 1)
        >>> RelativeDelta(days=30, weekday=4).due_date(date(2026, 3, 2))  # then the next Friday
        datetime.date(2026, 4, 3)

    References:
        Tryton ``modules/account_invoice/payment_term.py``
        (``PaymentTermLineRelativeDelta.get``, ``PaymentTermLine.get_date``);
        ``dateutil.relativedelta.__add__`` (the order of the steps).
    """

    day: int | None = attrs.field(default=None, validator=_optional_int_field("day", 1, 31))
    month: int | None = attrs.field(default=None, validator=_optional_int_field("month", 1, 12))
    weekday: int | None = attrs.field(default=None, validator=_optional_int_field("weekday", 0, 6))
    months: int = attrs.field(default=0, validator=_int_field("months", 0, MAX_MONTHS))
    weeks: int = attrs.field(default=0, validator=_int_field("weeks", 0, MAX_DAYS // 7))
    days: int = attrs.field(default=0, validator=_int_field("days", 0, MAX_DAYS))

    def due_date(self, base: date) -> date:
        """Return ``base`` moved by this step (see the class description for the order)."""
        result: date = _check_base(base) + relativedelta(
            day=self.day,
            month=self.month,
            weekday=self.weekday,
            months=self.months,
            weeks=self.weeks,
            days=self.days,
        )
        return result

    def _steps(self) -> list[str]:
        steps = []
        if self.month is not None:
            steps.append(f"month set to {_MONTH_NAMES[self.month]}")
        if self.months:
            steps.append(f"plus {_plural(self.months, 'month')}")
        if self.day == 31:
            steps.append("day set to the month's last")
        elif self.day is not None:
            steps.append(f"day set to the {_ordinal(self.day)} (or the month's last, if shorter)")
        if self.weeks:
            steps.append(f"plus {_plural(self.weeks, 'week')}")
        if self.days:
            steps.append(f"plus {_plural(self.days, 'day')}")
        if self.weekday is not None:
            steps.append(f"then the next {_DAY_NAMES[self.weekday]} (or that day itself)")
        return steps or ["unchanged"]

    def describe(self) -> str:
        """Return a one-line description."""
        steps = self._steps()
        if steps == ["unchanged"]:
            return "on the baseline date"
        return "on the baseline date moved by: " + ", ".join(steps)


def _to_steps(value: Iterable[RelativeDelta]) -> tuple[RelativeDelta, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"steps must be a tuple of RelativeDelta, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_steps(_instance: object, _attribute: object, value: tuple[RelativeDelta, ...]) -> None:
    for index, step in enumerate(value):
        if not isinstance(step, RelativeDelta):
            raise TypeError(
                f"steps[{index}] must be a RelativeDelta, not {type(step).__name__}: {_shown(step)}"
            )
    if len(value) < 2:
        raise InvalidInputError(
            "steps", value, "at least two RelativeDelta steps (one step is a RelativeDelta)"
        )


@attrs.frozen
class DeltaChain:
    """Several :class:`RelativeDelta` steps, each applied to the date the one before gave.

    A Tryton payment-term line with more than one relative delta: its
    ``get_date`` adds them one after the other, in sequence order. "30 days,
    then the month's end, then 10 days" is ``DeltaChain((RelativeDelta(days=30),
    RelativeDelta(day=31), RelativeDelta(days=10)))``.

    Attributes:
        steps: Two or more steps, in the order they are applied.

    Examples:
        >>> chain = DeltaChain((RelativeDelta(days=30), RelativeDelta(day=31), RelativeDelta(days=10)))
        >>> chain.due_date(date(2026, 1, 14))
        datetime.date(2026, 3, 10)

    References:
        Tryton ``modules/account_invoice/payment_term.py`` (``PaymentTermLine.get_date``).
    """

    steps: tuple[RelativeDelta, ...] = attrs.field(converter=_to_steps, validator=_check_steps)

    def due_date(self, base: date) -> date:
        """Return ``base`` moved by every step in turn."""
        result = _check_base(base)
        for step in self.steps:
            result = step.due_date(result)
        return result

    def describe(self) -> str:
        """Return a one-line description."""
        phrases = (", ".join(step._steps()).removeprefix("then ") for step in self.steps)
        return "on the baseline date moved by: " + "; then ".join(phrases)


#: The due rules that stand on their own (no rule of another kind nested in them).
BasicRule: TypeAlias = (
    NetDays
    | NetMonths
    | DaysAfterEndOfMonth
    | DaysEndOfMonthOn
    | DayOfMonth
    | EomDating
    | Advance
    | RelativeDelta
    | DeltaChain
)

_BASIC_TYPES = (
    NetDays,
    NetMonths,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DayOfMonth,
    EomDating,
    Advance,
    RelativeDelta,
    DeltaChain,
)


def _check_after(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, _BASIC_TYPES) or isinstance(value, Advance):
        names = ", ".join(t.__name__ for t in _BASIC_TYPES if t is not Advance)
        raise TypeError(
            f"after must be one of {names}, not {type(value).__name__}: {_shown(value)}"
        )


def _to_days(value: Iterable[int]) -> tuple[int, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(
            f"days must be a tuple of ints, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_payment_days(_instance: object, _attribute: object, value: tuple[int, ...]) -> None:
    for index, day in enumerate(value):
        _int_field(f"days[{index}]", 1, 31)(None, None, day)
    if not value or any(a >= b for a, b in itertools.pairwise(value)):
        raise InvalidInputError(
            "days", value, "a non-empty, strictly increasing tuple of days 1 to 31"
        )


@attrs.frozen
class PaymentDays:
    """Due on the first of the payer's fixed payment days on or after another rule's date.

    "We pay on the 5th and the 20th": ``PaymentDays((5, 20), after=NetDays(30))``.
    A payment day beyond the month's length means its last day; when every
    payment day of the month has passed, the first one of the next month
    applies (OCA ``account_payment_term_extension`` ``payment_days``).

    Attributes:
        days: The payment days, strictly increasing, 1 to 31.
        after: The basic rule (other than :class:`Advance`) whose date is moved
            to the next payment day (default: the baseline itself).

    Examples:
        >>> rule = PaymentDays((5, 20), after=NetDays(30))
        >>> rule.due_date(date(2026, 3, 1)), rule.due_date(date(2026, 3, 10))
        (datetime.date(2026, 4, 5), datetime.date(2026, 4, 20))
    """

    days: tuple[int, ...] = attrs.field(converter=_to_days, validator=_check_payment_days)
    after: BasicRule = attrs.field(factory=lambda: NetDays(0), validator=_check_after)

    def due_date(self, base: date) -> date:
        """Return the first payment day on or after ``after.due_date(base)``."""
        start = self.after.due_date(base)
        for months in (0, 1):
            for day in self.days:
                candidate: date = start + relativedelta(months=months, day=day)
                if candidate >= start:
                    return candidate
        raise AssertionError(
            "unreachable: the next month always has a payment day"
        )  # pragma: no cover

    def describe(self) -> str:
        """Return a one-line description."""
        days = ", ".join(_ordinal(d) for d in self.days)
        return f"on the next payment day ({days}) on or after: {self.after.describe()}"


def _check_entry_rule(_instance: object, _attribute: object, value: Any) -> None:
    if not isinstance(value, (*_BASIC_TYPES, PaymentDays)):
        raise TypeError(
            f"rule must be a basic due rule or PaymentDays, not {type(value).__name__}: {_shown(value)}"
        )


@attrs.frozen
class DayLimitEntry:
    """One row of a SAP day-limit term: the rule for baselines up to day ``limit``.

    Attributes:
        limit: The last baseline day of the month this row covers, 1 to 31.
        rule: A basic due rule or :class:`PaymentDays`.
    """

    limit: int = attrs.field(validator=_int_field("limit", 1, 31))
    rule: BasicRule | PaymentDays = attrs.field(validator=_check_entry_rule)


def _to_entries(value: Iterable[DayLimitEntry]) -> tuple[DayLimitEntry, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"limits must be a tuple of DayLimitEntry, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_limits(_instance: object, _attribute: object, value: tuple[DayLimitEntry, ...]) -> None:
    for index, entry in enumerate(value):
        if not isinstance(entry, DayLimitEntry):
            raise TypeError(
                f"limits[{index}] must be a DayLimitEntry, not {type(entry).__name__}: {_shown(entry)}"
            )
    limits = [entry.limit for entry in value]
    if not limits or any(a >= b for a, b in itertools.pairwise(limits)):
        raise InvalidInputError("limits", tuple(limits), "non-empty and strictly increasing")
    if limits[-1] != 31:
        raise InvalidInputError(
            "limits[-1].limit", limits[-1], "31 (the last day limit covers the month's end)"
        )


@attrs.frozen
class DayLimit:
    """A different rule by the baseline's day of the month (SAP day limits, ZTAGG).

    The entry that applies is the one with the smallest ``limit`` at or above the
    baseline's day; the last limit must be 31 (SAP help "Date-Specific Terms of
    Payment").

    Attributes:
        limits: :class:`DayLimitEntry` rows, limits strictly increasing, the last 31.

    Examples:
        >>> rule = DayLimit((DayLimitEntry(15, DayOfMonth(31, months_ahead=0)),
        ...                  DayLimitEntry(31, DayOfMonth(15, months_ahead=1))))
        >>> rule.due_date(date(2026, 4, 15)), rule.due_date(date(2026, 4, 16))
        (datetime.date(2026, 4, 30), datetime.date(2026, 5, 15))
    """

    limits: tuple[DayLimitEntry, ...] = attrs.field(converter=_to_entries, validator=_check_limits)

    def entry_for(self, base: date) -> DayLimitEntry:
        """Return the row that applies to ``base``."""
        _check_base(base)
        for entry in self.limits:
            if base.day <= entry.limit:
                return entry
        raise AssertionError("unreachable: the last limit is 31")  # pragma: no cover

    def due_date(self, base: date) -> date:
        """Return the due date of the row that applies to ``base``."""
        return self.entry_for(base).rule.due_date(base)

    def describe(self) -> str:
        """Return a one-line description."""
        parts = []
        low = 1
        for entry in self.limits:
            parts.append(f"baseline day {low}-{entry.limit}: {entry.rule.describe()}")
            low = entry.limit + 1
        return "; ".join(parts)


#: Every due rule: each has ``due_date(base) -> date`` and ``describe() -> str``.
DueRule: TypeAlias = BasicRule | PaymentDays | DayLimit

_DUE_TYPES = (*_BASIC_TYPES, PaymentDays, DayLimit)


def _check_due(name: str, *, advance: bool = True) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, _DUE_TYPES):
            raise TypeError(
                f"{name} must be a due rule, not {type(value).__name__}: {_shown(value)}"
            )
        if not advance and isinstance(value, Advance):
            raise InvalidInputError(name, value, "a due rule other than Advance")

    return check


# --------------------------------------------------------------------------- shares


#: Decimal places a percent, rate or fixed amount may carry (so its text stays short).
MAX_PLACES = 18
#: Fixed amounts stay below this (and ratio terms below it too).
MAX_AMOUNT = 10**18


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite Decimals only reach here
    if exponent >= 0:
        return 0
    with exact():
        exponent_normal = number.normalize().as_tuple().exponent
    assert isinstance(exponent_normal, int)  # noqa: S101 - idem
    return max(0, -exponent_normal)


def _check_places(field: str, value: object, number: Decimal, places: int) -> None:
    if _places(number) > places:
        raise InvalidInputError(field, value, f"a number with at most {places} decimal places")


def _check_percent(_instance: object, _attribute: object, value: Any) -> None:
    number = check_decimal(value, "percent")
    if not 0 < number <= _HUNDRED:
        raise InvalidInputError("percent", value, "a percent above 0 and at most 100")
    _check_places("percent", value, number, MAX_PLACES)


@attrs.frozen
class Percent:
    """A share given as a percent of the invoice total (``Decimal("33.34")``).

    Attributes:
        value: Above 0 and at most 100, with at most :data:`MAX_PLACES` decimal places.

    Examples:
        >>> Percent(Decimal("30")).fraction()
        Fraction(3, 10)
    """

    value: Decimal = attrs.field(validator=_check_percent)

    def fraction(self) -> Fraction:
        """Return the share as an exact fraction of the total."""
        return Fraction(self.value) / 100

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{self.value} %"


def _to_ratio(value: object) -> Fraction:
    return check_ratio(value, "ratio")


def _check_ratio(_instance: object, _attribute: object, value: Fraction) -> None:
    if not 0 < value <= 1:
        raise InvalidInputError("ratio", value, "a fraction above 0 and at most 1")
    if value.denominator >= MAX_AMOUNT:
        raise InvalidInputError("ratio", value, f"a fraction with a denominator below {MAX_AMOUNT}")


@attrs.frozen
class Ratio:
    """A share given as an exact fraction of the total (``Fraction(1, 3)``; Tryton ratio/divisor).

    Attributes:
        value: Above 0 and at most 1, its denominator below :data:`MAX_AMOUNT`
            (a ``Decimal`` or ``int`` is converted exactly; a ``float`` is refused).

    Examples:
        >>> Ratio(Fraction(1, 3)).describe()
        '1/3 of the total'
    """

    value: Fraction = attrs.field(converter=_to_ratio, validator=_check_ratio)

    def fraction(self) -> Fraction:
        """Return the share as an exact fraction of the total."""
        return self.value

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{self.value} of the total"


def _check_fixed(_instance: object, _attribute: object, value: Any) -> None:
    number = check_decimal(value, "amount")
    if not 0 < number < MAX_AMOUNT:
        raise InvalidInputError("amount", value, f"above 0 and below {MAX_AMOUNT}")
    _check_places("amount", value, number, MAX_PLACES)


@attrs.frozen
class FixedAmount:
    """A share given as a fixed amount in the invoice currency (sign follows the total).

    Attributes:
        amount: Above 0 and below :data:`MAX_AMOUNT`, with at most :data:`MAX_PLACES`
            decimal places (and, when scheduled, whole minor units of the currency).

    Examples:
        >>> FixedAmount(Decimal("200.00")).describe()
        'a fixed 200.00'
    """

    amount: Decimal = attrs.field(validator=_check_fixed)

    def describe(self) -> str:
        """Return a one-line description."""
        return f"a fixed {self.amount}"


@attrs.frozen
class Remainder:
    """The share the other installments leave (at most one per term).

    Examples:
        >>> Remainder().describe()
        'the balance'
    """

    def describe(self) -> str:
        """Return a one-line description."""
        return "the balance"


#: Every kind of share.
Share: TypeAlias = Percent | Ratio | FixedAmount | Remainder

_SHARE_TYPES = (Percent, Ratio, FixedAmount, Remainder)


def _check_share(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, _SHARE_TYPES):
        raise TypeError(
            f"share must be Percent, Ratio, FixedAmount or Remainder, not {type(value).__name__}: {_shown(value)}"
        )


# --------------------------------------------------------------------------- discounts and installments


def _check_rate(_instance: object, _attribute: object, value: Any) -> None:
    number = check_decimal(value, "rate")
    if not 0 < number < 1:
        raise InvalidInputError("rate", value, "a fraction above 0 and below 1 (2 % is 0.02)")
    _check_places("rate", value, number, MAX_PLACES + 2)


@attrs.frozen
class DiscountTier:
    """An early-payment discount: ``rate`` off if paid by ``deadline``.

    Attributes:
        rate: The discount as a fraction (``Decimal("0.02")`` for 2 %), above 0 and
            below 1, with at most 20 decimal places.
        deadline: A due rule (other than :class:`Advance`) giving the last day
            the discount may be taken, computed from the same baseline as the
            net due date.

    Examples:
        >>> DiscountTier(Decimal("0.02"), NetDays(10)).describe()
        '2 % discount until 10 days after the baseline date'
    """

    rate: Decimal = attrs.field(validator=_check_rate)
    deadline: DueRule = attrs.field(validator=_check_due("deadline", advance=False))

    def percent(self) -> Decimal:
        """Return the rate in percent, without trailing zeros (``0.02`` gives ``2``)."""
        with exact():
            value = self.rate * _HUNDRED
        return _normal(value)

    def describe(self) -> str:
        """Return a one-line description."""
        return f"{self.percent()} % discount until {self.deadline.describe()}"


def _normal(value: Decimal) -> Decimal:
    """Return ``value`` without trailing zeros and never in exponent notation."""
    with exact():
        normal = value.normalize()
        exponent = normal.as_tuple().exponent
        assert isinstance(exponent, int)  # noqa: S101 - only finite values reach here
        return normal.quantize(Decimal(1)) if exponent > 0 else normal


def _to_tiers(value: Iterable[DiscountTier]) -> tuple[DiscountTier, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"discounts must be a tuple of DiscountTier, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_tiers(_instance: object, _attribute: object, value: tuple[DiscountTier, ...]) -> None:
    for index, tier in enumerate(value):
        if not isinstance(tier, DiscountTier):
            raise TypeError(
                f"discounts[{index}] must be a DiscountTier, not {type(tier).__name__}: {_shown(tier)}"
            )
    rates = tuple(tier.rate for tier in value)
    with exact():
        increasing = any(a <= b for a, b in itertools.pairwise(rates))
    if increasing:
        raise InvalidInputError("discounts", rates, "tiers ordered by strictly decreasing rate")


@attrs.frozen
class FixedDiscount:
    """An early-payment discount of a fixed amount: ``amount`` off if paid by ``deadline``.

    ERPNext's discount type "Amount" on a payment-schedule row. The amount is in
    the invoice currency, takes the sign of its line (a credit note's discount
    is negative) and applies whatever the term's discount base; when
    scheduled it must be a whole number of the currency's minor units and at
    most the line's amount.

    Attributes:
        amount: Above 0 and below :data:`MAX_AMOUNT`, at most :data:`MAX_PLACES` decimal places.
        deadline: A due rule (other than :class:`Advance`), from the installment's baseline.

    Examples:
        >>> FixedDiscount(Decimal("50.00"), NetDays(1)).describe()
        'a fixed 50.00 discount until 1 day after the baseline date'

    References:
        ERPNext ``payment_schedule.json`` / ``payment_term.json`` (``discount_type``
        "Percentage" or "Amount"); ``test_payment_entry.py``
        ``test_payment_entry_against_payment_terms_with_discount_amount``.
    """

    amount: Decimal = attrs.field(validator=_check_fixed)
    deadline: DueRule = attrs.field(validator=_check_due("deadline", advance=False))

    def describe(self) -> str:
        """Return a one-line description."""
        return f"a fixed {self.amount} discount until {self.deadline.describe()}"


def _check_fixed_discount(instance: Any, _attribute: object, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, FixedDiscount):
        raise TypeError(
            f"fixed_discount must be a FixedDiscount or None, not {type(value).__name__}: {_shown(value)}"
        )
    if instance.discounts:
        raise InvalidInputError(
            "fixed_discount",
            value,
            "None when the installment has rate tiers (one kind of discount per installment)",
        )


def _to_event(value: object) -> object:
    return value.value if isinstance(value, Basis) else value


def _check_event(instance: Any, _attribute: object, value: object) -> None:
    if value is None:
        return
    from spendrules._terms.milestones import check_event  # noqa: PLC0415 - no import cycle

    check_event(value, "event")
    if isinstance(instance.due, Advance):
        raise InvalidInputError(
            "event", value, "None for an Advance installment (an advance is due on the baseline)"
        )


@attrs.frozen
class Installment:
    """One part of a payment term: its share, when it is due, and its early-payment discounts.

    Attributes:
        due: The due rule of the net amount.
        discounts: Discount tiers, highest rate first (SAP allows two; any
            number is accepted). Each discount is computed on this
            installment's own amount, never on the invoice total.
        share: The installment's share of the total (default :class:`Remainder`,
            the whole amount for a one-installment term).
        fixed_discount: A fixed-amount discount (ERPNext "Amount"), or None
            (default); only on an installment without rate tiers.
        event: The milestone event the due rule and the discount deadlines count
            from (``"order"``, ``"delivery"``, ``"goods_receipt"``,
            ``"acceptance"``, ``"invoice"``, a custom name of 1 to 24 letters
            a-z, or a :class:`Basis` member); None (default): the term's
            baseline. See ``spendrules._terms.milestones``.

    Examples:
        >>> Installment(NetDays(30), share=Percent(Decimal(70))).describe()
        '70 % due 30 days after the baseline date'
        >>> Installment(NetDays(30), share=Percent(Decimal(10)), event="acceptance").describe()
        '10 % due 30 days after the baseline date, counted from the acceptance event'
    """

    due: DueRule = attrs.field(validator=_check_due("due"))
    discounts: tuple[DiscountTier, ...] = attrs.field(
        default=(), converter=_to_tiers, validator=_check_tiers
    )
    share: Share = attrs.field(factory=Remainder, validator=_check_share)
    fixed_discount: FixedDiscount | None = attrs.field(
        default=None, validator=_check_fixed_discount, kw_only=True
    )
    event: str | None = attrs.field(
        default=None, converter=_to_event, validator=_check_event, kw_only=True
    )

    def describe(self, *, single: bool = False) -> str:
        """Return a one-line description (``single``: the term's only installment)."""
        share = "100 % (the whole amount)" if single else self.share.describe()
        text = f"{share} due {self.due.describe()}"
        if self.event is not None:
            from spendrules._terms.milestones import event_text  # noqa: PLC0415 - no import cycle

            text += f", counted from the {event_text(self.event)} event"
        if self.discounts:
            text += "; " + "; ".join(tier.describe() for tier in self.discounts)
        if self.fixed_discount is not None:
            text += "; " + self.fixed_discount.describe()
        return text


def _to_installments(value: Iterable[Installment]) -> tuple[Installment, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"installments must be a tuple of Installment, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_installments(
    _instance: object, _attribute: object, value: tuple[Installment, ...]
) -> None:
    if not value:
        raise InvalidInputError("installments", value, "at least one installment")
    for index, item in enumerate(value):
        if not isinstance(item, Installment):
            raise TypeError(
                f"installments[{index}] must be an Installment, not {type(item).__name__}: {_shown(item)}"
            )
    shares = [item.share for item in value]
    remainders = sum(isinstance(share, Remainder) for share in shares)
    fixed = any(isinstance(share, FixedAmount) for share in shares)
    proportional = sum(
        (share.fraction() for share in shares if isinstance(share, Percent | Ratio)), Fraction(0)
    )
    if remainders > 1:
        raise InvalidInputError("installments", value, "at most one Remainder installment")
    if remainders == 0:
        if fixed:
            raise InvalidInputError(
                "installments", value, "a Remainder installment when any share is a FixedAmount"
            )
        if proportional != 1:
            raise InvalidInputError(
                "installments",
                value,
                f"shares adding up to exactly 100 % (they add up to {_percent_text(proportional)} %)",
            )
    elif proportional >= 1:
        raise InvalidInputError(
            "installments",
            value,
            "percent and ratio shares below 100 % in total when there is a Remainder installment",
        )


def _percent_text(share: Fraction) -> str:
    """``share`` as an exact percent (``99.9999999``), or ``about`` its value to 10 places."""
    percent = share * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    with exact():
        value = Decimal(percent.numerator) / Decimal(percent.denominator)
    if denominator == 1:  # a terminating decimal: shown exactly
        return f"{_normal(value):f}"
    with exact():
        rounded = value.quantize(Decimal("1e-10"))
    return f"about {_normal(rounded):f}"


def _check_discount_base(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, DiscountBase):
        raise TypeError(
            f"discount_base must be a DiscountBase, not {type(value).__name__}: {_shown(value)}"
        )


def _check_basis(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, Basis):
        raise TypeError(f"basis must be a Basis, not {type(value).__name__}: {_shown(value)}")


@attrs.frozen
class PaymentTerms:
    """A payment term: one or more installments, the discount base and the baseline event.

    Validation: at least one installment; at most one :class:`Remainder`;
    without a remainder the percent and ratio shares add up to exactly 100 %
    and there is no :class:`FixedAmount`; with one, they stay below 100 %.
    (Whether fixed amounts fit a given total is checked by :func:`schedule`.)

    Attributes:
        installments: The installments, in order.
        discount_base: What discount rates apply to (default :attr:`DiscountBase.GROSS`).
        basis: The event the due rules count from (default :attr:`Basis.INVOICE`).

    Raises:
        InvalidInputError: shares that cannot add up to the whole, tiers out of order.
        TypeError: a member of the wrong type.

    Examples:
        >>> split = PaymentTerms((
        ...     Installment(Advance(), share=Percent(Decimal(30))),
        ...     Installment(NetDays(30), share=Percent(Decimal(70))),
        ... ))
        >>> len(split.installments), split.has_advance
        (2, True)
        >>> PaymentTerms((Installment(NetDays(30), share=Percent(Decimal(60))),))
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: installments must be shares adding up to exactly 100 % ...
    """

    installments: tuple[Installment, ...] = attrs.field(
        converter=_to_installments, validator=_check_installments
    )
    discount_base: DiscountBase = attrs.field(
        default=DiscountBase.GROSS, validator=_check_discount_base, kw_only=True
    )
    basis: Basis = attrs.field(default=Basis.INVOICE, validator=_check_basis, kw_only=True)

    @classmethod
    def of(
        cls,
        due: DueRule,
        *discounts: DiscountTier,
        discount_base: DiscountBase = DiscountBase.GROSS,
        basis: Basis = Basis.INVOICE,
    ) -> PaymentTerms:
        """Return a one-installment term (the whole amount) due by ``due``.

        Examples:
            >>> PaymentTerms.of(NetDays(30)).installments
            (Installment(due=NetDays(days=30), discounts=(), share=Remainder(), fixed_discount=None, event=None),)
        """
        return cls((Installment(due, discounts),), discount_base=discount_base, basis=basis)

    @property
    def has_advance(self) -> bool:
        """True if an installment is paid in advance (:class:`Advance`)."""
        return any(isinstance(item.due, Advance) for item in self.installments)

    @property
    def has_discount(self) -> bool:
        """True if any installment offers an early-payment discount."""
        return any(item.discounts or item.fixed_discount for item in self.installments)

    @property
    def events(self) -> tuple[str, ...]:
        """The milestone events the installments count from, in order of first use."""
        return tuple(dict.fromkeys(item.event for item in self.installments if item.event))

    def describe(self) -> str:
        """Return a description: one sentence per installment.

        Examples:
            >>> print(PaymentTerms.of(EomDating(30)).describe())
            100 % (the whole amount) due 30 days after the end of the baseline's month
        """
        single = len(self.installments) == 1
        lines = [item.describe(single=single) for item in self.installments]
        if self.discount_base is not DiscountBase.GROSS:
            lines.append(f"discounts computed on the amount {_BASE_TEXT[self.discount_base]}")
        if self.basis is not Basis.INVOICE:
            lines.append(f"the baseline date is the {self.basis.value.replace('_', ' ')} date")
        return "\n".join(lines)


_BASE_TEXT = {
    DiscountBase.GROSS: "including tax",
    DiscountBase.NET_OF_TAX: "before tax",
    DiscountBase.MIXED: "before tax (tax already computed on the discounted base)",
}
