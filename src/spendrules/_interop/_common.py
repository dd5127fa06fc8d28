"""What every reader and writer shares: the errors, field access, decimals, shares and rule forms.

Readers turn a source record into a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms] and name the
*source* field in every error; writers do the reverse. Two ideas keep them
small:

* `Record` reads one mapping of a source and checks each value
  against the source's own constraint, raising [`InteropError`][spendrules.interop.InteropError] with the
  source field's path (``line_ids[1].nb_days``);
* `forms` lists the due rules that give the same date as a rule for
  every baseline (``DayOfMonth(10, months_ahead=1)`` is also
  ``DaysAfterEndOfMonth(10)``), literal form first, so a writer can use the
  first form its source has a field for. [`normalize_terms`][spendrules.interop.normalize_terms] maps every
  term to one representative of its class.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, NoReturn, TypeVar

import attrs

from spendrules._decimal import exact
from spendrules._terms.due_rules import (
    MAX_DAYS,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DeltaChain,
    DueRule,
    EomDating,
    NetDays,
    NetMonths,
    PaymentDays,
    RelativeDelta,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    MAX_PLACES,
    DiscountTier,
    FixedAmount,
    FixedDiscount,
    Percent,
    Ratio,
    Remainder,
    Share,
)
from spendrules.errors import InvalidInputError, SpendRulesError
from spendrules.errors import _shown as shown

__all__ = [
    "BOUNDED",
    "DECIMAL_DIGITS",
    "MISSING",
    "UNCL_2475",
    "InteropError",
    "NotRepresentableError",
    "Record",
    "balance_last",
    "bounded",
    "canonical_rule",
    "check_terms",
    "check_writable",
    "decimal_text",
    "finish",
    "forms",
    "fraction_to_decimal",
    "make",
    "normalize_terms",
    "percent_of",
    "places",
    "plain",
    "rate_of",
    "scaled",
    "share_fractions",
    "share_of",
    "simplest_chain",
    "simplest_step",
]

T = TypeVar("T")

_HUNDRED = Decimal(100)


# --------------------------------------------------------------------------- errors


def _shown(value: object) -> str:
    text = shown(value)
    return text if len(text) <= 80 else text[:77] + "..."


class InteropError(SpendRulesError, ValueError):
    """A source record that is missing a value, contradicts itself or breaks the source's rules.

    Args:
        source: The format read or written (``"odoo"``, ``"sap"``, ``"x12"``, ...).
        field: The source field, with its path (``"line_ids[1].nb_days"``,
            ``"T052[0].ZTAG1"``, ``"ITD[0].ITD05"``).
        value: The offending value, as given.
        constraint: What the value must be, phrased to follow "must be".

    Examples:
        >>> print(InteropError("odoo", "line_ids[0].nb_days", -3, "an integer >= 0"))
        odoo: line_ids[0].nb_days must be an integer >= 0: -3
    """

    def __init__(self, source: str, field: str, value: object, constraint: str) -> None:
        super().__init__(source, field, value, constraint)
        self.source = source
        self.field = field
        self.value = value
        self.constraint = constraint

    def __str__(self) -> str:
        return f"{self.source}: {self.field} must be {self.constraint}: {_shown(self.value)}"


class NotRepresentableError(InteropError):
    """A valid value that has no equivalent on the other side, never approximated.

    Raised by a reader when the source says something the payment-terms model
    cannot (SAP's posting-date baseline, an X12 fixed due date), and by a
    writer when the terms say something the target cannot (two discount tiers
    for Odoo, a ratio of 1/3 for ERPNext).

    Args:
        source: The format read or written.
        field: The source field (reader) or the terms' attribute path (writer).
        value: The value that cannot be converted.
        reason: Why, and what the other side can hold instead.

    Examples:
        >>> print(NotRepresentableError("sap", "T052[0].ZDART", "D",
        ...                             "the model has no posting-date baseline"))
        sap: T052[0].ZDART cannot be converted: the model has no posting-date baseline: 'D'
    """

    def __init__(self, source: str, field: str, value: object, reason: str) -> None:
        super().__init__(source, field, value, reason)
        self.reason = reason

    def __str__(self) -> str:
        return (
            f"{self.source}: {self.field} cannot be converted: {self.reason}: {_shown(self.value)}"
        )


def make(
    source: str, field: str, value: object, factory: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Return ``factory(*args, **kwargs)``, the model's range errors as [`NotRepresentableError`][spendrules.interop.NotRepresentableError]."""
    try:
        return factory(*args, **kwargs)
    except InvalidInputError as exc:
        raise NotRepresentableError(
            source, field, value, f"outside the payment-terms model's range ({exc})"
        ) from None


# --------------------------------------------------------------------------- records

_MISSING: Any = object()
#: Pass as ``default`` to make a field required (the default of every accessor).
MISSING: Any = _MISSING
#: ASCII digits only: ``Decimal`` would also take Arabic-Indic or full-width digits.
_DECIMAL_TEXT = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
#: Bounds on a source number's magnitude and decimal places, far beyond any source's own
#: (the model holds at most 20 places and amounts below 10**18); they keep exact arithmetic
#: on a value such as ``Decimal("1e-999999999")`` from running for minutes.
DECIMAL_DIGITS = 40
#: The constraint named when a number breaks those bounds.
BOUNDED = f"a number below 10**{DECIMAL_DIGITS} with at most {DECIMAL_DIGITS} decimal places"


def bounded(number: Decimal) -> bool:
    """Return True if finite ``number`` is below ``10**DECIMAL_DIGITS`` with at most that many places."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite decimals only
    return number.adjusted() < DECIMAL_DIGITS and -exponent <= DECIMAL_DIGITS


class Record:
    """One mapping of a source document, read field by field with the source's constraints.

    Args:
        source: The format name used in errors.
        path: The record's path in the document (``"line_ids[2]"``; ``""`` at the top).
        data: The mapping.

    Raises:
        InteropError: ``data`` is not a mapping.
    """

    def __init__(self, source: str, path: str, data: object) -> None:
        if not isinstance(data, Mapping):
            raise InteropError(source, path or "$", data, "an object (a JSON object / dict)")
        self.source = source
        self.path = path
        self.data: Mapping[Any, Any] = data

    def name(self, key: str) -> str:
        """Return the path of field ``key``."""
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, value: object, constraint: str) -> NoReturn:
        """Raise [`InteropError`][spendrules.interop.InteropError] for field ``key``."""
        raise InteropError(self.source, self.name(key), value, constraint)

    def refuse(self, key: str, value: object, reason: str) -> NoReturn:
        """Raise [`NotRepresentableError`][spendrules.interop.NotRepresentableError] for field ``key``."""
        raise NotRepresentableError(self.source, self.name(key), value, reason)

    def check_keys(self, known: Collection[str], ignored: Collection[str] = ()) -> None:
        """Refuse any key that is neither a field read here nor a documented informational one."""
        for key in self.data:
            if key not in known and key not in ignored:
                raise InteropError(
                    self.source,
                    self.name(str(key)),
                    self.data[key],
                    "a known field (" + ", ".join(sorted(known)) + ")",
                )

    def has(self, key: str) -> bool:
        """Return True if ``key`` is present and not null."""
        return self.data.get(key) is not None

    def get(self, key: str, *, default: object = _MISSING) -> object:
        """Return the raw value of ``key`` (``default`` when missing or null)."""
        value = self.data.get(key)
        if value is None:
            if default is _MISSING:
                self.fail(key, None, "present")
            return default
        return value

    def integer(
        self, key: str, *, low: int, high: int, default: object = _MISSING, digits: bool = False
    ) -> int:
        """Return an integer field in ``[low, high]`` (``digits``: a digit string is accepted too)."""
        value = self.get(key, default=default)
        number: int
        if digits and isinstance(value, str) and value.isdigit() and value.isascii():
            if len(value) > DECIMAL_DIGITS:
                self.fail(key, value, f"an integer from {low} to {high}")
            number = int(value)
        elif isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            kind = "an integer or a digit string" if digits else "an integer"
            self.fail(key, value, kind)
        if not low <= number <= high:
            self.fail(key, value, f"an integer from {low} to {high}")
        return number

    def decimal(self, key: str, *, default: object = _MISSING, text: bool = False) -> Decimal:
        """Return a finite number field as ``Decimal`` (``text``: a decimal string is accepted too).

        A ``float`` is refused: it is not exact (load JSON with ``parse_float=Decimal``).
        """
        value = self.get(key, default=default)
        number: Decimal | None = None
        if isinstance(value, Decimal) and value.is_finite():
            number = value
        elif isinstance(value, int) and not isinstance(value, bool):
            number = Decimal(value)
        elif text and isinstance(value, str) and _DECIMAL_TEXT.fullmatch(value.strip()):
            number = Decimal(value.strip())
        if number is not None:
            if not bounded(number):
                self.fail(key, value, BOUNDED)
            return number
        kind = "a finite number (Decimal or int" + (", or a decimal string" if text else "")
        return self.fail(
            key, value, kind + "; floats are inexact: read JSON with parse_float=Decimal)"
        )

    def choice(self, key: str, choices: Collection[str], *, default: object = _MISSING) -> str:
        """Return a selection field that is one of ``choices``."""
        value = self.get(key, default=default)
        if not isinstance(value, str) or value not in choices:
            self.fail(key, value, "one of " + ", ".join(repr(c) for c in choices))
        return value

    def boolean(self, key: str, *, default: object = _MISSING) -> bool:
        """Return a boolean field."""
        value = self.get(key, default=default)
        if not isinstance(value, bool):
            self.fail(key, value, "true or false")
        return value

    def text(self, key: str, *, default: object = _MISSING) -> str:
        """Return a string field."""
        value = self.get(key, default=default)
        if not isinstance(value, str):
            self.fail(key, value, "a string")
        return value

    def items(self, key: str, *, minimum: int = 0) -> Sequence[object]:
        """Return an array field with at least ``minimum`` entries."""
        value = self.get(key, default=[])
        if not isinstance(value, list | tuple):
            self.fail(key, value, "an array")
        if len(value) < minimum:
            self.fail(
                key, value, f"an array of at least {minimum} entr{'y' if minimum == 1 else 'ies'}"
            )
        return value


def check_terms(terms: object) -> PaymentTerms:
    """Return ``terms`` if it is a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms] (a writer's subject), else raise ``TypeError``."""
    if not isinstance(terms, PaymentTerms):
        raise TypeError(
            f"terms must be a PaymentTerms, not {type(terms).__name__}: {_shown(terms)}"
        )
    return terms


def check_writable(terms: object, source: str, *, fixed_discounts: bool = False) -> PaymentTerms:
    """Return ``terms`` for a writer of ``source``, refusing what its target cannot hold.

    No target format has a per-installment baseline event
    (``Installment.event``), and only ERPNext (``fixed_discounts=True``) has a
    fixed-amount early-payment discount (``Installment.fixed_discount``): a
    writer refuses them, naming the installment's attribute, rather than drop them.

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        NotRepresentableError: an installment with an event or a fixed discount.

    Examples:
        >>> from spendrules.payment_terms import Installment, NetDays, Percent
        >>> milestone = PaymentTerms((
        ...     Installment(NetDays(0), share=Percent(50), event="order"),
        ...     Installment(NetDays(30))))
        >>> check_writable(milestone, "odoo")
        Traceback (most recent call last):
        ...
        spendrules._interop._common.NotRepresentableError: odoo: installments[0].event cannot be converted: odoo has no baseline event per installment (only the terms' baseline): 'order'
    """
    checked = check_terms(terms)
    for index, item in enumerate(checked.installments):
        if item.event is not None:
            raise NotRepresentableError(
                source,
                f"installments[{index}].event",
                item.event,
                f"{source} has no baseline event per installment (only the terms' baseline)",
            )
        if item.fixed_discount is not None and not fixed_discounts:
            raise NotRepresentableError(
                source,
                f"installments[{index}].fixed_discount",
                item.fixed_discount,
                f"{source} has no fixed-amount early-payment discount (only a rate)",
            )
    return checked


# --------------------------------------------------------------------------- decimals


def plain(value: Decimal) -> Decimal:
    """Return ``value`` without trailing zeros, whole numbers without exponent (``2.00`` -> ``2``)."""
    with exact():
        normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return normal.quantize(Decimal(1))
    return normal


def decimal_text(value: Decimal) -> str:
    """Return ``value`` as plain text without trailing zeros (``Decimal('1.50')`` -> ``'1.5'``)."""
    return format(plain(value), "f")


def percent_of(rate: Decimal) -> Decimal:
    """Return a rate as a percent (``0.02`` -> ``2``)."""
    with exact():
        return plain(rate * _HUNDRED)


def rate_of(percent: Decimal) -> Decimal:
    """Return a percent as a rate (``2`` -> ``0.02``), exactly."""
    with exact():
        return plain(percent / _HUNDRED)


def places(value: Decimal) -> int:
    """Return the number of decimal places of a finite ``value`` (``Decimal('2.50')`` has 2)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - finite decimals only
    return max(0, -exponent)


def scaled(integer: int, places: int) -> Decimal:
    """Return ``integer * 10**-places`` exactly (no decimal context involved)."""
    return plain(Decimal(f"{integer}e-{places}"))


def fraction_to_decimal(value: Fraction) -> Decimal | None:
    """Return the exact decimal of ``value``, or None when its expansion does not terminate."""
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return None
    places = max(twos, fives)
    scaled = value.numerator * 10**places // value.denominator
    sign = 0 if scaled >= 0 else 1
    digits = tuple(int(d) for d in str(abs(scaled)))
    return plain(Decimal((sign, digits, -places)))


# --------------------------------------------------------------------------- shares


def _share_fraction(share: Share) -> Fraction | None:
    if isinstance(share, Percent | Ratio):
        return share.fraction()
    return None


def share_fractions(installments: Sequence[Installment]) -> list[Fraction] | None:
    """Return each installment's exact fraction of the total, or None when a share is a fixed amount."""
    if any(isinstance(item.share, FixedAmount) for item in installments):
        return None
    known = [_share_fraction(item.share) for item in installments]
    rest = 1 - sum((f for f in known if f is not None), Fraction(0))
    return [rest if f is None else f for f in known]


def share_of(fraction: Fraction) -> Percent | Ratio:
    """Return a share of the total as a [`Percent`][spendrules.payment_terms.Percent] when its percent is an exact short decimal."""
    percent = fraction_to_decimal(fraction * 100)
    if percent is None or places(percent) > MAX_PLACES:
        return Ratio(fraction)
    return Percent(percent)


def _canonical_shares(installments: Sequence[Installment]) -> tuple[Installment, ...]:
    fractions = share_fractions(installments)
    if fractions is None:
        return tuple(
            attrs.evolve(item, share=share_of(item.share.value))
            if isinstance(item.share, Ratio)
            else item
            for item in installments
        )
    last = len(installments) - 1
    return tuple(
        attrs.evolve(item, share=Remainder() if index == last else share_of(fraction))
        for index, (item, fraction) in enumerate(zip(installments, fractions, strict=True))
    )


def balance_last(items: list[Installment]) -> list[Installment]:
    """Return the installments with the remainder moved to the last one, when no share is fixed."""
    fractions = share_fractions(items)
    if fractions is None:
        return items
    out = []
    for index, (item, fraction) in enumerate(zip(items, fractions, strict=True)):
        share: Share = Remainder() if index == len(items) - 1 else share_of(fraction)
        out.append(Installment(item.due, item.discounts, share=share))
    return out


def finish(
    installments: Sequence[Installment],
    *,
    basis: Basis = Basis.INVOICE,
    discount_base: DiscountBase = DiscountBase.GROSS,
) -> PaymentTerms:
    """Return the terms a reader built, with shares in canonical form.

    Canonical shares: a ratio whose percent is a terminating decimal is a
    [`Percent`][spendrules.payment_terms.Percent]; without fixed amounts the last installment is the
    [`Remainder`][spendrules.payment_terms.Remainder] (so 30 % + 70 % and 30 % + the balance are one term); the
    discount base is ``GROSS`` when no installment has a discount (it then
    changes nothing).
    """
    items = _canonical_shares(installments)
    if not any(item.discounts for item in items):
        discount_base = DiscountBase.GROSS
    return PaymentTerms(items, discount_base=discount_base, basis=basis)


# --------------------------------------------------------------------------- rule forms


def _limit_pattern(rule: DayLimit) -> EomDating | None:
    """Return the EOM-dating rule a two-row day limit spells out, if it does."""
    if len(rule.limits) != 2:
        return None
    first, second = rule.limits
    if (
        isinstance(first.rule, DaysAfterEndOfMonth)
        and isinstance(second.rule, DaysAfterEndOfMonth)
        and first.rule.months == 0
        and second.rule.months == 1
        and first.rule.days == second.rule.days
    ):
        return EomDating(first.rule.days, late_cutoff_day=first.limit)
    return None


def _folded(step: RelativeDelta) -> RelativeDelta:
    """``step`` with its weeks counted as days, when the days stay in the model's range."""
    days = step.days + 7 * step.weeks
    if not step.weeks or days > MAX_DAYS:
        return step
    return attrs.evolve(step, weeks=0, days=days)


def simplest_step(step: RelativeDelta) -> DueRule:
    """Return the simplest rule giving the same date as one relative-delta step for every baseline.

    Without a month or weekday: days (and weeks) only are [`NetDays`][spendrules.payment_terms.NetDays],
    months only [`NetMonths`][spendrules.payment_terms.NetMonths], day 31 with months and days
    [`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth], another day with months (and no days)
    [`DayOfMonth`][spendrules.payment_terms.DayOfMonth]; anything else stays a [`RelativeDelta`][spendrules.payment_terms.RelativeDelta] (weeks
    counted as days).

    Examples:
        >>> simplest_step(RelativeDelta(weeks=2, days=1))
        NetDays(days=15)
        >>> simplest_step(RelativeDelta(months=1, day=15))
        DayOfMonth(day=15, months_ahead=1, cutoff_day=None)
        >>> simplest_step(RelativeDelta(months=1, days=30))
        RelativeDelta(day=None, month=None, weekday=None, months=1, weeks=0, days=30)
    """
    folded = _folded(step)
    if folded.month is not None or folded.weekday is not None or folded.weeks:
        return folded
    day, months, days = folded.day, folded.months, folded.days
    if day is None:
        if months and days:
            return folded
        return NetMonths(months) if months else NetDays(days)
    if day == 31:
        return DaysAfterEndOfMonth(days, months=months)
    if days == 0 and months >= 1:
        return DayOfMonth(day, months_ahead=months)
    return folded


def simplest_chain(steps: Sequence[RelativeDelta]) -> DueRule:
    """Return the simplest rule giving the same date as relative-delta steps applied in turn.

    No step is the baseline itself (``NetDays(0)``); one step is
    `simplest_step`; "days, then the month's end" and "days, then day D
    of the next month" are [`DaysEndOfMonthOn`][spendrules.payment_terms.DaysEndOfMonthOn] (Odoo's "N days, end of
    month, on the D-th"); any other chain is a [`DeltaChain`][spendrules.payment_terms.DeltaChain].

    Examples:
        >>> simplest_chain([RelativeDelta(days=30), RelativeDelta(months=1, day=10)])
        DaysEndOfMonthOn(days=30, day=10)
    """
    if not steps:
        return NetDays(0)
    if len(steps) == 1:
        return simplest_step(steps[0])
    folded = tuple(_folded(step) for step in steps)
    if len(folded) == 2:
        first, second = simplest_step(folded[0]), folded[1]
        if isinstance(first, NetDays) and second.days == 0 and second.weeks == 0:
            shape = (second.month, second.weekday, second.day, second.months)
            if shape == (None, None, 31, 0):
                return DaysEndOfMonthOn(first.days, 0)
            if shape[:2] == (None, None) and second.day is not None and second.months == 1:
                return DaysEndOfMonthOn(first.days, second.day)
    return DeltaChain(folded)


def canonical_rule(rule: DueRule) -> DueRule:
    """Return the representative of the rules that give the same date as ``rule`` for every baseline.

    Examples:
        >>> canonical_rule(DayOfMonth(10, months_ahead=1))
        DaysAfterEndOfMonth(days=10, months=0)
        >>> canonical_rule(EomDating(30))
        DaysAfterEndOfMonth(days=30, months=0)
        >>> canonical_rule(RelativeDelta(months=1, day=31))
        DaysAfterEndOfMonth(days=0, months=1)
    """
    if isinstance(rule, RelativeDelta | DeltaChain):
        steps = (rule,) if isinstance(rule, RelativeDelta) else rule.steps
        simple = simplest_chain(steps)
        return simple if isinstance(simple, RelativeDelta | DeltaChain) else canonical_rule(simple)
    if isinstance(rule, NetMonths) and rule.months == 0:
        return NetDays(0)
    if isinstance(rule, EomDating) and rule.late_cutoff_day is None:
        return DaysAfterEndOfMonth(rule.days)
    if isinstance(rule, DaysEndOfMonthOn) and rule.days == 0:
        if rule.day == 0:
            return DaysAfterEndOfMonth(0)
        return canonical_rule(DayOfMonth(rule.day, months_ahead=1))
    if isinstance(rule, DayOfMonth):
        if rule.cutoff_day == 31:
            return canonical_rule(DayOfMonth(rule.day, months_ahead=rule.months_ahead))
        if rule.cutoff_day is None and rule.day == 31:
            return DaysAfterEndOfMonth(0, months=rule.months_ahead)
        if rule.cutoff_day is None and rule.day <= 28 and rule.months_ahead >= 1:
            return DaysAfterEndOfMonth(rule.day, months=rule.months_ahead - 1)
        return rule
    if isinstance(rule, PaymentDays):
        after: Any = canonical_rule(rule.after)  # a basic rule stays basic
        return PaymentDays(rule.days, after=after)
    if isinstance(rule, DayLimit):
        merged: list[DayLimitEntry] = []
        for entry in rule.limits:
            inner: Any = canonical_rule(entry.rule)  # a basic rule or payment days stays one
            if merged and merged[-1].rule == inner:
                merged[-1] = DayLimitEntry(entry.limit, inner)
            else:
                merged.append(DayLimitEntry(entry.limit, inner))
        if len(merged) == 1:
            return merged[0].rule
        limited = DayLimit(tuple(merged))
        return _limit_pattern(limited) or limited
    return rule


def _members(rule: DueRule) -> list[DueRule]:
    """Return the known rules equal to canonical ``rule``, the canonical one first."""
    found: list[DueRule] = [rule]
    if isinstance(rule, NetDays) and rule.days == 0:
        found.append(NetMonths(0))
    elif isinstance(rule, DaysAfterEndOfMonth):
        days, months = rule.days, rule.months
        if months == 0:
            found.append(EomDating(days))
        if days == 0:
            if months == 0:
                found.append(DaysEndOfMonthOn(0, 0))
            found.append(DayOfMonth(31, months_ahead=months))
        elif days <= 28 and months + 1 <= 120:
            found.append(DayOfMonth(days, months_ahead=months + 1))
            if months == 0:
                found.append(DaysEndOfMonthOn(0, days))
    elif isinstance(rule, DayOfMonth) and rule.months_ahead == 1 and rule.cutoff_day is None:
        found.append(DaysEndOfMonthOn(0, rule.day))
    elif isinstance(rule, EomDating):
        assert rule.late_cutoff_day is not None  # noqa: S101 - canonical EOM dating has a cutoff
        found.append(
            DayLimit(
                (
                    DayLimitEntry(rule.late_cutoff_day, DaysAfterEndOfMonth(rule.days)),
                    DayLimitEntry(31, DaysAfterEndOfMonth(rule.days, months=1)),
                )
            )
        )
    return found


def forms(rule: DueRule) -> tuple[DueRule, ...]:
    """Return ``rule`` and every known rule giving the same date for every baseline, ``rule`` first.

    Examples:
        >>> forms(DayOfMonth(10, months_ahead=1))
        (DayOfMonth(day=10, months_ahead=1, cutoff_day=None), DaysAfterEndOfMonth(days=10, months=0), EomDating(days=10, late_cutoff_day=None), DaysEndOfMonthOn(days=0, day=10))
    """
    found = [rule]
    for member in _members(canonical_rule(rule)):
        if member not in found:
            found.append(member)
    return tuple(found)


def _canonical_tier(tier: DiscountTier) -> DiscountTier:
    return DiscountTier(tier.rate, canonical_rule(tier.deadline))


def normalize_terms(terms: PaymentTerms) -> PaymentTerms:
    """Return the one representative of every term that schedules identically to ``terms``.

    Due rules become their canonical form (`canonical_rule`: the 10th of
    next month is "10 days after the end of the month", EOM dating without a
    cutoff is "days after the end of the month", a day-limit with one rule is
    that rule), shares their canonical form (30 % + 70 % is 30 % + the
    balance; a ratio of 1/4 is 25 %), and the discount base is ``GROSS`` when
    there is no discount. Two sources that state the same term in different
    words read to terms that normalise to equal objects.

    Args:
        terms: Any payment term.

    Returns:
        The canonical term (equal for equivalent terms).

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> eom = PaymentTerms.of(DaysAfterEndOfMonth(10))
        >>> normalize_terms(parse_terms("net 10th prox")) == normalize_terms(eom)
        True
    """
    check_terms(terms)
    items = [
        Installment(
            canonical_rule(item.due),
            tuple(_canonical_tier(tier) for tier in item.discounts),
            share=item.share,
            fixed_discount=None
            if item.fixed_discount is None
            else FixedDiscount(
                item.fixed_discount.amount, canonical_rule(item.fixed_discount.deadline)
            ),
            event=item.event,
        )
        for item in terms.installments
    ]
    return finish(items, basis=terms.basis, discount_base=terms.discount_base)


def encode_first(
    rule: DueRule, encoder: Callable[[DueRule], T | None], *, literal: bool = False
) -> T | None:
    """Return the encoding of the first form of ``rule`` that ``encoder`` accepts (None if none does).

    With ``literal`` only ``rule`` itself is tried.
    """
    candidates: Iterable[DueRule] = (rule,) if literal else forms(rule)
    for candidate in candidates:
        encoded = encoder(candidate)
        if encoded is not None:
            return encoded
    return None


# --------------------------------------------------------------------------- code lists

#: UN/CEFACT UNCL 2475 (event time reference) codes the model's bases map to (EDIFACT PAT, UBL).
UNCL_2475: dict[str, Basis] = {
    "1": Basis.ORDER,
    "5": Basis.INVOICE,
    "9": Basis.INVOICE_RECEIPT,
    "21": Basis.GOODS_RECEIPT,
    "25": Basis.SHIPMENT,
    "29": Basis.DELIVERY,
    "66": Basis.SPECIFIED,
}
