"""Tryton ``account.invoice.payment_term``: lines with ratio/divisor and chained relative deltas.

Line fields (``modules/account_invoice/payment_term.py``): ``type`` in
``fixed``, ``percent`` (of the remainder), ``percent_on_total``,
``remainder``; ``ratio`` (14, 10 digits) and ``divisor`` (10, 14 digits),
consistent when ``ratio == round(1/divisor, 10)`` or ``divisor ==
round(1/ratio, 14)`` (``check_ratio_and_divisor``), so 1/3 is stored exactly
as divisor 3; ``amount`` and ``currency`` for fixed lines; ``relativedeltas``,
each ``{day, month, weekday, months, weeks, days}`` applied one after the
other with ``dateutil.relativedelta`` (month set, months added, day set and
clamped, weeks and days added, then the weekday): the model's
[`RelativeDelta`][spendrules.payment_terms.RelativeDelta] and
[`DeltaChain`][spendrules.payment_terms.DeltaChain], or a simpler rule giving the
same dates. The last line must be ``remainder`` (``check_remainder``).
Tryton has no early-payment discount.

The model keeps the exact share of the total, not which of Tryton's two
percent types produced it: [`write_tryton`][spendrules.interop.write_tryton] writes every proportional line
as ``percent_on_total`` unless ``percent_of="remainder"``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from spendrules._checks import check_currency
from spendrules._enums import SpendEnum
from spendrules._interop._common import (
    InteropError,
    NotRepresentableError,
    Record,
    balance_last,
    check_writable,
    encode_first,
    finish,
    fraction_to_decimal,
    make,
    places,
    scaled,
    share_of,
    simplest_chain,
)
from spendrules._terms.due_rules import (
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DeltaChain,
    DueRule,
    NetDays,
    NetMonths,
    RelativeDelta,
)
from spendrules._terms.model import (
    Basis,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    FixedAmount,
    Remainder,
    Share,
)
from spendrules.errors import _shown

__all__ = ["PercentOf", "read_tryton", "write_tryton"]

TRYTON = "tryton"

_RATIO_PLACES = 10
_DIVISOR_PLACES = 14
_BIG = 10**9
_IGNORED = frozenset(
    {
        "id",
        "name",
        "description",
        "active",
        "rec_name",
        "sequence",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }
)
_LINE_IGNORED = frozenset(
    {
        "id",
        "payment",
        "sequence",
        "rec_name",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }
)
_DELTA_FIELDS = frozenset({"day", "month", "weekday", "months", "weeks", "days"})
_DELTA_IGNORED = frozenset(
    {"id", "line", "sequence", "rec_name", "create_uid", "create_date", "write_uid", "write_date"}
)


class PercentOf(SpendEnum):
    """Which Tryton percent type [`write_tryton`][spendrules.interop.write_tryton] writes for percent and ratio shares.

    Attributes:
        TOTAL: ``percent_on_total``: the share of the invoice total (the default).
        REMAINDER: ``percent``: the share of what the lines before leave; needs
            no fixed amount before the line.
    """

    TOTAL = "total"
    REMAINDER = "remainder"


def _round(value: Fraction, places: int) -> Decimal:
    """Return ``value`` rounded half-even to ``places`` decimals (Tryton's ``Decimal.quantize``)."""
    return scaled(round(value * 10**places), places)


def _exact_ratio(ratio: Decimal, divisor: Decimal) -> Fraction | None:
    """Return the fraction a consistent (ratio, divisor) pair stands for, or None if inconsistent."""
    if ratio <= 0 or divisor <= 0:
        return None
    if divisor == _round(1 / Fraction(ratio), _DIVISOR_PLACES):
        return Fraction(ratio)
    if ratio == _round(1 / Fraction(divisor), _RATIO_PLACES):
        return 1 / Fraction(divisor)
    return None


def _pair(fraction: Fraction) -> tuple[Decimal, Decimal] | None:
    """Return the (ratio, divisor) Tryton stores for ``fraction``, or None if it cannot be exact."""
    ratio = fraction_to_decimal(fraction)
    if ratio is not None and places(ratio) <= _RATIO_PLACES:
        pair = (ratio, _round(1 / fraction, _DIVISOR_PLACES))
    else:
        divisor = fraction_to_decimal(1 / fraction)
        if divisor is None or places(divisor) > _DIVISOR_PLACES:
            return None
        pair = (_round(fraction, _RATIO_PLACES), divisor)
    if _exact_ratio(*pair) != fraction:
        return None
    return pair


def _delta(record: Record, field: str) -> RelativeDelta:
    """Return one delta as a step, refusing negative counts (the model counts forward)."""
    record.check_keys(_DELTA_FIELDS, _DELTA_IGNORED)
    bounds = {"day": (1, 31), "month": (1, 12), "weekday": (0, 6)}
    absolute = {
        key: record.integer(key, low=low, high=high) if record.has(key) else None
        for key, (low, high) in bounds.items()
    }
    counts = {
        key: record.integer(key, low=-_BIG, high=_BIG, default=0)
        for key in ("months", "weeks", "days")
    }
    for key, value in counts.items():
        if value < 0:
            record.refuse(key, value, "the model counts forward from the invoice date")
    return make(TRYTON, field, dict(record.data), RelativeDelta, **absolute, **counts)


def _rule(line: Record) -> DueRule:
    """Return the rule of a line's chain of relative deltas (the simplest equal one)."""
    raw = line.items("relativedeltas")
    field = line.name("relativedeltas")
    steps = [
        _delta(Record(TRYTON, f"{line.path}.relativedeltas[{i}]", d), field)
        for i, d in enumerate(raw)
    ]
    return simplest_chain(steps)


def read_tryton(term: Mapping[str, Any], *, currency: str | None = None) -> PaymentTerms:
    """Read a Tryton payment term (its ``lines`` with their ``relativedeltas`` inline).

    Shares: ``percent_on_total`` is the exact fraction its ratio and divisor
    stand for (divisor 3 is 1/3, not 0.3333333333); ``percent`` (of the
    remainder) is turned into its exact share of the total, which needs no
    fixed line before it; ``fixed`` is a [`FixedAmount`][spendrules.payment_terms.FixedAmount] (its currency must
    be ``currency``, the invoices' currency); the last ``remainder`` line is the
    [`Remainder`][spendrules.payment_terms.Remainder]. Deltas: each is a [`RelativeDelta`][spendrules.payment_terms.RelativeDelta] (applied in
    ``dateutil``'s order, as Tryton does), several in turn a
    [`DeltaChain`][spendrules.payment_terms.DeltaChain], unless a simpler rule gives the same date for every
    invoice date: ``{days: n}`` (weeks count 7 days) is [`NetDays`][spendrules.payment_terms.NetDays],
    ``{months: m}`` [`NetMonths`][spendrules.payment_terms.NetMonths], ``{months: m, day: 31, days: n}``
    ``DaysAfterEndOfMonth(n, months=m)``, ``{months: m>0, day: D}``
    ``DayOfMonth(D, months_ahead=m)``, and ``[{days: n}, {day: 31}]`` /
    ``[{days: n}, {months: 1, day: D}]`` ``DaysEndOfMonthOn(n, 0 or D)``;
    ``{months: 2, days: 30, day: 15}`` stays ``RelativeDelta(day=15, months=2,
    days=30)`` (Tryton ``test_payment_term``: 1 October 2011 gives 14 January 2012).

    Args:
        term: The payment term, numbers as ``Decimal`` or ``int``; ``month``
            and ``weekday`` of a delta as their index (Tryton's calendar records).
        currency: The ISO 4217 code of the invoices; required when a line is fixed.

    Returns:
        The payment terms.

    Raises:
        TypeError: ``term`` is not a mapping.
        InteropError: no lines, a last line that is not ``remainder``,
            inconsistent ratio and divisor, a missing field, an unknown key, a
            fixed line without ``currency`` given.
        NotRepresentableError: a negative months, weeks or days count (the
            model counts forward from the invoice date), a count beyond the
            model's ten years, a ``remainder`` line before the last, a percent
            of the remainder after a fixed line, a zero line, a fixed line in
            another currency than ``currency``.

    Examples:
        >>> terms = read_tryton({"lines": [
        ...     {"type": "percent_on_total", "ratio": Decimal("0.3333333333"), "divisor": 3,
        ...      "relativedeltas": [{"days": 30}]},
        ...     {"type": "remainder", "relativedeltas": [{"days": 60}]}]})
        >>> terms.installments[0].share
        Ratio(value=Fraction(1, 3))

    References:
        Tryton ``modules/account_invoice/payment_term.py`` (``compute``,
        ``get_value``, ``check_ratio_and_divisor``, ``check_remainder``,
        ``PaymentTermLineRelativeDelta.get``).
    """
    if not isinstance(term, Mapping):
        raise TypeError(f"term must be a mapping (dict), not {type(term).__name__}: {_shown(term)}")
    if currency is not None:
        check_currency(currency, "currency")
    record = Record(TRYTON, "", term)
    record.check_keys({"lines"}, _IGNORED)
    lines = record.items("lines", minimum=1)
    items: list[Installment] = []
    taken = Fraction(0)
    fixed_before = False
    for index, raw in enumerate(lines):
        line = Record(TRYTON, f"lines[{index}]", raw)
        line.check_keys(
            {"type", "ratio", "divisor", "amount", "currency", "relativedeltas"}, _LINE_IGNORED
        )
        kind = line.choice("type", ("fixed", "percent", "percent_on_total", "remainder"))
        last = index == len(lines) - 1
        if last != (kind == "remainder"):
            if last:
                line.fail("type", kind, "'remainder' on the last line (Tryton check_remainder)")
            line.refuse(
                "type", kind, "a remainder line before the last leaves the lines after it nothing"
            )
        due = _rule(line)
        share: Share
        if kind == "remainder":
            share = Remainder()
        elif kind == "fixed":
            amount = line.decimal("amount")
            code = line.text("currency")
            if currency is None:
                line.fail(
                    "currency",
                    code,
                    "given to read_tryton(currency=...) as well: the invoices' currency",
                )
            if code != currency:
                line.refuse(
                    "currency",
                    code,
                    f"{currency}: Tryton converts other currencies at the day's rate",
                )
            if amount <= 0:
                line.refuse(
                    "amount", amount, "a fixed amount above 0 (the sign follows the invoice)"
                )
            share = make(TRYTON, line.name("amount"), amount, FixedAmount, amount)
            fixed_before = True
        else:
            ratio = line.decimal("ratio")
            divisor = line.decimal("divisor")
            fraction = _exact_ratio(ratio, divisor)
            if fraction is None:
                line.fail(
                    "ratio",
                    ratio,
                    f"consistent with divisor {divisor} and above 0 (Tryton check_ratio_and_divisor)",
                )
            if kind == "percent":
                if fixed_before:
                    line.refuse(
                        "type",
                        kind,
                        "a percent of the remainder after a fixed line depends on the invoice total",
                    )
                fraction = fraction * (1 - taken)
            if fraction > 1 - taken:
                line.refuse(
                    "ratio",
                    ratio,
                    "lines that leave the remainder line something (the model refuses a zero or negative balance)",
                )
            taken += fraction
            share = make(TRYTON, line.name("ratio"), ratio, share_of, fraction)
        items.append(Installment(due, share=share))
    if taken >= 1:
        record.refuse("lines", str(taken), "lines that leave the remainder line something")
    return finish(items)


def _step(step: RelativeDelta) -> dict[str, Any]:
    return {
        "day": step.day,
        "month": step.month,
        "weekday": step.weekday,
        "months": step.months,
        "weeks": step.weeks,
        "days": step.days,
    }


def _encode(rule: DueRule) -> list[dict[str, Any]] | None:
    def delta(day: int | None = None, months: int = 0, days: int = 0) -> dict[str, Any]:
        return _step(RelativeDelta(day=day, months=months, days=days))

    if isinstance(rule, RelativeDelta):
        return [_step(rule)]
    if isinstance(rule, DeltaChain):
        return [_step(step) for step in rule.steps]
    if isinstance(rule, NetDays):
        return [delta(days=rule.days)]
    if isinstance(rule, NetMonths):
        return [delta(months=rule.months)]
    if isinstance(rule, DaysAfterEndOfMonth):
        return [delta(31, rule.months, rule.days)]
    if isinstance(rule, DayOfMonth) and rule.months_ahead >= 1 and rule.cutoff_day is None:
        return [delta(rule.day, rule.months_ahead)]
    if isinstance(rule, DaysEndOfMonthOn):
        second = delta(31) if rule.day == 0 else delta(rule.day, 1)
        return [delta(days=rule.days), second]
    return None


def write_tryton(
    terms: PaymentTerms,
    *,
    currency: str | None = None,
    percent_of: PercentOf = PercentOf.TOTAL,
    name: str | None = None,
) -> dict[str, Any]:
    """Write terms as a Tryton payment term (``lines`` with ``relativedeltas`` inline).

    Shares are written with their ratio and divisor (1/3 as ratio 0.3333333333
    and divisor 3); the [`Remainder`][spendrules.payment_terms.Remainder] must be the last installment when
    there are fixed amounts (without them, the last installment is written as
    the remainder). Each delta carries every field (``day``, ``month``,
    ``weekday``, ``months``, ``weeks``, ``days``).

    Args:
        terms: The payment terms.
        currency: The ISO 4217 code of fixed amounts; required when there is one.
        percent_of: Write shares as ``percent_on_total`` (default) or ``percent``
            of the remainder.
        name: The payment term's ``name``, if wanted.

    Returns:
        A dict (numbers as ``Decimal``/``int``).

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        InteropError: a fixed amount and no ``currency``.
        NotRepresentableError: a baseline other than the invoice date, a
            discount (Tryton has none), a share with no exact ratio or divisor,
            a due rule with no delta chain, a remainder before the last line
            next to fixed amounts, a percent of the remainder after a fixed amount.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> write_tryton(parse_terms("net 30"))["lines"][0]["relativedeltas"][0]["days"]
        30

    References:
        Tryton ``modules/account_invoice/payment_term.py``.
    """
    terms = check_writable(terms, TRYTON)
    percent_of = PercentOf(percent_of)
    if currency is not None:
        check_currency(currency, "currency")
    if terms.basis is not Basis.INVOICE:
        raise NotRepresentableError(
            TRYTON, "basis", terms.basis.value, "tryton counts from the invoice date"
        )
    if terms.has_discount:
        raise NotRepresentableError(
            TRYTON,
            "discounts",
            "early-payment discount",
            "tryton payment terms have no early-payment discount",
        )
    items = balance_last(list(terms.installments))
    if not isinstance(items[-1].share, Remainder):
        raise NotRepresentableError(
            TRYTON, "installments", len(items), "tryton's last line is the remainder"
        )
    lines = []
    taken = Fraction(0)
    fixed_before = False
    for index, item in enumerate(items):
        deltas = encode_first(item.due, _encode)
        if deltas is None:
            raise NotRepresentableError(
                TRYTON,
                f"installments[{index}].due",
                item.due.describe(),
                "tryton has no delta chain for this rule",
            )
        share = item.share
        line: dict[str, Any]
        if isinstance(share, Remainder):
            line = {"type": "remainder"}
        elif isinstance(share, FixedAmount):
            if currency is None:
                raise InteropError(
                    TRYTON, "currency", None, "given for fixed amounts (an ISO 4217 code)"
                )
            line = {"type": "fixed", "amount": share.amount, "currency": currency}
            fixed_before = True
        else:
            fraction = share.fraction()
            kind = "percent_on_total"
            stored = fraction
            if percent_of is PercentOf.REMAINDER:
                if fixed_before:
                    raise NotRepresentableError(
                        TRYTON,
                        f"installments[{index}].share",
                        share.describe(),
                        "a percent of the remainder after a fixed amount depends on the invoice total",
                    )
                kind = "percent"
                stored = fraction / (1 - taken)
            taken += fraction
            pair = _pair(stored)
            if pair is None:
                raise NotRepresentableError(
                    TRYTON,
                    f"installments[{index}].share",
                    str(stored),
                    "tryton stores a ratio with 10 decimals or its divisor with 14, neither exact here",
                )
            line = {"type": kind, "ratio": pair[0], "divisor": pair[1]}
        line["relativedeltas"] = deltas
        lines.append(line)
    record: dict[str, Any] = {} if name is None else {"name": name}
    record["lines"] = lines
    return record
