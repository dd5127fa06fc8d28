"""ANSI X12 ITD (Terms of Sale/Deferred Terms of Sale) segments, as text.

Elements (X12 4010-8020, stedi / kasoftware definitions): ITD01 terms type
(336), ITD02 terms basis date (333), ITD03 discount percent (R 1/6), ITD04
discount due date, ITD05 discount days (N0 1/3), ITD06 net due date, ITD07
net days (N0 1/3), ITD08 discount amount, ITD09 deferred due date, ITD10
deferred amount, ITD11 percent of invoice payable (R 1/5), ITD12
description, ITD13 day of month (N0 1/2), ITD14 payment method, ITD15 late
charge percent. Syntax: "if ITD03 is present, one of ITD04, ITD05, ITD13 is
required"; "if ITD01 is 04, ITD07 or ITD09 is required and ITD10 or ITD11".

Reading (the standard defines the elements, not their arithmetic; this is
the reading documented in the guide):

* 01 Basic, 08 Basic discount offered, 05 Discount not applicable: net
  [`NetDays`][spendrules.payment_terms.NetDays] (ITD07), discount deadline [`NetDays`][spendrules.payment_terms.NetDays] (ITD05);
* 02 End of month: both counted from the end of the basis date's month
  ([`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth]); 12 "10 days after end of month" is net 10 EOM;
* 09 Proximo: ITD13 is a day of the following month
  (``DayOfMonth(D, months_ahead=1)``): the discount's when ITD03 is present
  without ITD05 (the net is then ITD07 days, "1 % 10th prox net 30"), else
  the net's (with ITD03 and ITD05, "2/10 net 15th prox"); ITD13 beside ITD07
  net days gives two net rules, which the standard does not combine, and is
  refused as not representable;
* 10 Instant: due on the basis date;
* 04 Deferred or installment: one installment per segment, ITD11 percent,
  ITD07 net days, an optional discount (ITD03/ITD05);
* several non-04 segments are the discount tiers of one installment (they
  repeat the same type, basis and net).

Absolute dates (ITD04, ITD06, ITD09), amounts (ITD08, ITD10) and the late
charge (ITD15) belong to one invoice, not to terms: they are refused. ITD12
and ITD14 are informational and ignored. A missing ITD01 reads as 01 and a
missing ITD02 as 3 (invoice date); the writer always writes both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from spendrules._decimal import exact
from spendrules._interop._common import (
    InteropError,
    NotRepresentableError,
    check_writable,
    decimal_text,
    encode_first,
    finish,
    fraction_to_decimal,
    make,
    percent_of,
    rate_of,
    share_fractions,
)
from spendrules._terms.due_rules import (
    DayOfMonth,
    DaysAfterEndOfMonth,
    DueRule,
    NetDays,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    DiscountTier,
    Percent,
)
from spendrules.errors import _shown

__all__ = ["read_x12", "write_x12"]

X12 = "x12"

_HUNDRED = Decimal(100)
#: Element 333 codes the model's bases map to.
_BASIS = {
    "1": Basis.SHIPMENT,
    "2": Basis.DELIVERY,
    "3": Basis.INVOICE,
    "4": Basis.SPECIFIED,
    "5": Basis.INVOICE_RECEIPT,
    "09": Basis.ORDER,
    "15": Basis.GOODS_RECEIPT,
}
_BASIS_CODE = {basis: code for code, basis in _BASIS.items()}
_BASIS_REFUSED = {
    "6": "anticipated delivery date",
    "7": "effective date",
    "8": "invoice transmission date",
    "10": "invoice verification date",
    "11": "completion and acceptance date",
    "ZZ": "mutually defined date",
}
_READ = ("01", "02", "04", "05", "08", "09", "10", "12")
_REFUSED_TYPES = {
    "03": "fixed date",
    "06": "mixed",
    "07": "extended",
    "11": "elective",
    "13": "seller to advise buyer",
    "14": "previously agreed upon",
    "15": "special proximo",
    "16": "prompt payment act",
    "17": "terms not applicable",
    "ZZ": "mutually defined",
}
_ABSOLUTE = {
    4: "a discount due date (ITD04) belongs to one invoice; send discount days (ITD05)",
    6: "a net due date (ITD06) belongs to one invoice; send net days (ITD07)",
    8: "a discount amount (ITD08) belongs to one invoice; send a discount percent (ITD03)",
    9: "a deferred due date (ITD09) belongs to one invoice; send net days (ITD07)",
    10: "a deferred amount (ITD10) needs the invoice total; send a percent (ITD11)",
    15: "a late-payment charge (ITD15) has no place in the payment-terms model",
}
_NUMBER = re.compile(r"(\d+(\.\d*)?|\.\d+)", re.ASCII)


@dataclass(frozen=True)
class _Segment:
    kind: str
    basis: Basis
    net: DueRule
    tier: DiscountTier | None
    percent: Decimal | None


class _Reader:
    """The elements of one ITD segment, checked against their X12 definitions."""

    def __init__(self, index: int, elements: list[str]) -> None:
        self.index = index
        self.elements = elements

    def name(self, number: int) -> str:
        return f"ITD[{self.index}].ITD{number:02d}"

    def fail(self, number: int, value: object, constraint: str) -> InteropError:
        return InteropError(X12, self.name(number), value, constraint)

    def refuse(self, number: int, value: object, reason: str) -> NotRepresentableError:
        return NotRepresentableError(X12, self.name(number), value, reason)

    def raw(self, number: int) -> str | None:
        value = self.elements[number] if number < len(self.elements) else ""
        return value or None

    def count(self, number: int, digits: int) -> int | None:
        value = self.raw(number)
        if value is None:
            return None
        if not (value.isdigit() and value.isascii() and len(value) <= digits):
            raise self.fail(number, value, f"a whole number of 1 to {digits} digits (N0)")
        return int(value)

    def percent(self, number: int, digits: int) -> Decimal | None:
        value = self.raw(number)
        if value is None:
            return None
        if not _NUMBER.fullmatch(value) or sum(c.isdigit() for c in value) > digits:
            raise self.fail(number, value, f"a decimal number >= 0 of at most {digits} digits (R)")
        return Decimal(value)


def _separators(element_separator: object, segment_terminator: object) -> None:
    """Refuse delimiters that cannot delimit: not one character, alphanumeric, or the same."""
    for name, value in (
        ("element_separator", element_separator),
        ("segment_terminator", segment_terminator),
    ):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a str, not {type(value).__name__}: {_shown(value)}")
        if len(value) != 1 or value.isalnum():
            raise InteropError(X12, name, value, "one character that is not a letter or a digit")
    if element_separator == segment_terminator:
        raise InteropError(
            X12, "segment_terminator", segment_terminator, "different from the element separator"
        )


def _segments(text: str, element_separator: str, segment_terminator: str) -> list[list[str]]:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}: {_shown(text)}")
    _separators(element_separator, segment_terminator)
    pieces = [p.strip() for p in re.split(f"{re.escape(segment_terminator)}|\r?\n", text)]
    segments = [p.split(element_separator) for p in pieces if p]
    if not segments:
        raise InteropError(X12, "ITD", text, "one or more ITD segments")
    for index, elements in enumerate(segments):
        if elements[0] != "ITD":
            raise InteropError(X12, f"segment[{index}]", elements[0], "an ITD segment")
        if len(elements) > 16:
            raise InteropError(
                X12, f"ITD[{index}]", element_separator.join(elements), "at most 15 elements"
            )
    return segments


def _net(seg: _Reader, kind: str, *, day_taken: bool) -> DueRule:
    """Return the net rule (``day_taken``: ITD13 is the discount's deadline)."""
    days = seg.count(7, 3)
    field = seg.name(7)
    if kind == "10":
        if days:
            raise seg.fail(7, days, "absent or 0 for terms type 10 (instant)")
        return NetDays(0)
    if kind == "12":
        if days not in (None, 10):
            raise seg.fail(7, days, "absent or 10 for terms type 12 (10 days after end of month)")
        return DaysAfterEndOfMonth(10)
    if kind == "09" and not day_taken:
        day = seg.count(13, 2)
        if day is None and days is None:
            raise seg.fail(13, day, "given, or ITD07 given (the proximo day or net days)")
        if day is not None and days is not None:
            raise seg.refuse(
                13,
                day,
                "a proximo day (ITD13) and net days (ITD07) are two net rules, and X12 does "
                "not say how they combine (send one of them)",
            )
        if day is not None:
            if not 1 <= day <= 31:
                raise seg.fail(13, day, "a day of the month from 1 to 31")
            return DayOfMonth(day, months_ahead=1)
    if days is None:
        raise seg.fail(7, None, "present (the net days)")
    if kind == "02":
        return make(X12, field, days, DaysAfterEndOfMonth, days)
    return make(X12, field, days, NetDays, days)


def _tier(seg: _Reader, kind: str) -> DiscountTier | None:
    """Return the discount tier; its deadline is ITD05 days, or the ITD13 day (09, no ITD05)."""
    percent = seg.percent(3, 6)
    days = seg.count(5, 3)
    day = seg.count(13, 2)
    if kind != "09" and day is not None:
        raise seg.refuse(13, day, "a day of the month is read with terms type 09 (proximo) only")
    if percent is None:
        if days is not None:
            raise seg.fail(5, days, "absent without a discount percent (ITD03)")
        if kind == "08":
            raise seg.fail(3, None, "present for terms type 08 (basic discount offered)")
        return None
    if kind in ("05", "10"):
        raise seg.fail(3, percent, f"absent for terms type {kind} (no discount)")
    if not 0 < percent < _HUNDRED:
        raise seg.fail(3, percent, "a percent above 0 and below 100")
    rate = rate_of(percent)
    field = seg.name(5)
    if kind == "09" and day is not None and days is None:
        if not 1 <= day <= 31:
            raise seg.fail(13, day, "a day of the month from 1 to 31")
        return DiscountTier(rate, DayOfMonth(day, months_ahead=1))
    if days is None:
        raise seg.fail(5, None, "present with a discount percent (ITD03)")
    if kind in ("02", "12"):
        return DiscountTier(rate, make(X12, field, days, DaysAfterEndOfMonth, days))
    return DiscountTier(rate, make(X12, field, days, NetDays, days))


def _read_segment(index: int, elements: list[str]) -> _Segment:
    seg = _Reader(index, elements)
    for number, reason in _ABSOLUTE.items():
        if seg.raw(number) is not None:
            raise seg.refuse(number, seg.raw(number), reason)
    kind = seg.raw(1) or "01"
    if kind in _REFUSED_TYPES:
        raise seg.refuse(
            1, kind, f"terms type {kind} ({_REFUSED_TYPES[kind]}) has no computable rule"
        )
    if kind not in _READ:
        raise seg.fail(1, kind, "a terms type code (element 336)")
    code = seg.raw(2) or "3"
    if code in _BASIS_REFUSED:
        raise seg.refuse(2, code, f"the model has no {_BASIS_REFUSED[code]} basis")
    if code not in _BASIS:
        raise seg.fail(2, code, "a terms basis date code (element 333)")
    tier = _tier(seg, kind)
    net = _net(seg, kind, day_taken=tier is not None and isinstance(tier.deadline, DayOfMonth))
    share = seg.percent(11, 5)
    if (share is not None) != (kind == "04"):
        if kind == "04":
            raise seg.fail(
                11, None, "present for terms type 04 (the percent of the invoice payable)"
            )
        raise seg.fail(11, share, "absent unless the terms type is 04 (installment)")
    if share is not None and not 0 < share <= _HUNDRED:
        raise seg.fail(11, share, "a percent above 0 and at most 100")
    return _Segment(kind, _BASIS[code], net, tier, share)


def read_x12(
    text: str, *, element_separator: str = "*", segment_terminator: str = "~"
) -> PaymentTerms:
    """Read payment terms from one or more X12 ITD segments.

    Args:
        text: The segments (``ITD*01*3*2**10**30~``), one per line or separated
            by ``segment_terminator``; only ITD segments.
        element_separator: The element separator (default ``*``).
        segment_terminator: The segment terminator (default ``~``).

    Returns:
        The payment terms (see the module description for the reading).

    Raises:
        TypeError: ``text`` or a delimiter is not a str.
        InteropError: a delimiter that is not one non-alphanumeric character
            (or both the same), a segment that is not ITD, an element of the wrong
            format or code, a required element missing, elements that
            contradict each other or the type (a discount on type 05),
            segments that disagree on type, basis or net terms, installment
            percents not adding up to 100.
        NotRepresentableError: a terms type or basis with no model equivalent,
            an absolute date or an amount, a late charge, a day of the month
            outside type 09, a type 09 proximo day (ITD13) beside net days
            (ITD07) when it is not the discount's (two net rules).

    Examples:
        >>> print(read_x12("ITD*01*3*2**10**30~").describe())
        100 % (the whole amount) due 30 days after the baseline date; 2 % discount until 10 days after the baseline date
        >>> print(read_x12("ITD*09*3*2**10********15~").describe())
        100 % (the whole amount) due on the 15th of the month after the baseline's; 2 % discount until 10 days after the baseline date

    References:
        X12 ITD segment and elements 336/333 (stedi "ITD Terms of Sale/Deferred
        Terms of Sale", kasoftware, ediacademy "When do EDI invoice payment
        terms start"); EDI-L "ITD-09 Terms Code - Proximo" (net 10th prox).
    """
    segments = [
        _read_segment(i, e)
        for i, e in enumerate(_segments(text, element_separator, segment_terminator))
    ]
    first = segments[0]
    if any(s.basis is not first.basis for s in segments):
        raise InteropError(
            X12,
            "ITD[*].ITD02",
            [s.basis.value for s in segments],
            "the same basis in every segment",
        )
    installments = [s.kind == "04" for s in segments]
    if any(installments):
        if not all(installments):
            raise InteropError(
                X12,
                "ITD[*].ITD01",
                [s.kind for s in segments],
                "04 in every segment when one is 04",
            )
        with exact():
            total = sum((s.percent or Decimal(0) for s in segments), Decimal(0))
        if total != _HUNDRED:
            raise InteropError(X12, "ITD[*].ITD11", total, "installment percents adding up to 100")
        items = [
            Installment(
                s.net, () if s.tier is None else (s.tier,), share=Percent(s.percent or _HUNDRED)
            )
            for s in segments
        ]
        return finish(items, basis=first.basis)
    if any(s.kind != first.kind or s.net != first.net for s in segments):
        raise InteropError(
            X12,
            "ITD[*]",
            [s.kind for s in segments],
            "the same terms type and net terms in every segment",
        )
    tiers = [s.tier for s in segments if s.tier is not None]
    if len(segments) > 1 and len(tiers) != len(segments):
        raise InteropError(
            X12, "ITD[*].ITD03", len(tiers), "a discount in every segment when there are several"
        )
    tiers.sort(key=lambda tier: tier.rate, reverse=True)
    rates = [tier.rate for tier in tiers]
    if len(set(rates)) != len(rates):
        raise InteropError(
            X12, "ITD[*].ITD03", rates, "different discount percents in each segment"
        )
    return finish([Installment(first.net, tuple(tiers))], basis=first.basis)


# --------------------------------------------------------------------------- writing


def _rule_code(kind: str, days_element: int, rule: DueRule) -> dict[int, str] | None:
    """Encode ``rule`` for terms type ``kind``: days go in ``days_element`` (ITD07 net, ITD05 discount)."""
    if kind in ("01", "04", "09") and isinstance(rule, NetDays) and rule.days <= 999:
        return {days_element: str(rule.days)}
    if (
        kind == "02"
        and isinstance(rule, DaysAfterEndOfMonth)
        and rule.months == 0
        and rule.days <= 999
    ):
        return {days_element: str(rule.days)}
    if (
        kind == "09"
        and isinstance(rule, DayOfMonth)
        and rule.months_ahead == 1
        and rule.cutoff_day is None
    ):
        return {13: str(rule.day)}
    return None


def _r(field: str, value: Decimal, digits: int, element: str) -> str:
    text = decimal_text(value)
    if sum(c.isdigit() for c in text) > digits:
        raise NotRepresentableError(X12, field, value, f"{element} holds at most {digits} digits")
    return text


def _encode(
    item: Installment, kinds: tuple[str, ...]
) -> tuple[str, dict[int, str], list[dict[int, str]]] | None:
    """Return (type, net elements, elements of each tier) for the first type that fits."""
    for literal in (True, False):
        for kind in kinds:
            net = encode_first(item.due, functools.partial(_rule_code, kind, 7), literal=literal)
            tiers = [
                encode_first(t.deadline, functools.partial(_rule_code, kind, 5), literal=literal)
                for t in item.discounts
            ]
            found = [t for t in tiers if t is not None]
            if net is None or len(found) != len(tiers):
                continue
            if not any(net.keys() & t.keys() for t in found):  # ITD13 holds one day
                return kind, net, found
    return None


def _segment(values: dict[int, str], element_separator: str, segment_terminator: str) -> str:
    last = max(values)
    return (
        element_separator.join(["ITD", *(values.get(n, "") for n in range(1, last + 1))])
        + segment_terminator
    )


def write_x12(
    terms: PaymentTerms, *, element_separator: str = "*", segment_terminator: str = "~"
) -> str:
    """Write terms as X12 ITD segments, one per line.

    One installment: one segment, or one per discount tier (each repeating the
    type, basis and net terms), type 01 for days, 02 for days after the end of
    the month, 09 for a day of the following month, for the net date (ITD13,
    with discount days in ITD05) or the discount deadline (ITD13, with net
    days in ITD07), not both (the first that fits, the terms' own rules before
    equivalent ones). Several installments: one
    type 04 segment each with its percent (ITD11).

    Args:
        terms: The payment terms.
        element_separator: The element separator (default ``*``).
        segment_terminator: The segment terminator (default ``~``).

    Returns:
        The segments, joined by newlines.

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms], or a delimiter
            is not a str.
        InteropError: a delimiter that is not one non-alphanumeric character
            (or both the same).
        NotRepresentableError: a basis with no element 333 code, a discount
            base other than gross, rules with no ITD encoding (or not sharing
            one terms type), a fixed amount or a ratio with no exact percent,
            more than one tier on an installment, values longer than the
            elements hold.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> print(write_x12(parse_terms("3/10, 2/30, net 60")))
        ITD*01*3*3**10**60~
        ITD*01*3*2**30**60~
        >>> from spendrules.payment_terms import DayOfMonth, DiscountTier, NetDays, PaymentTerms
        >>> write_x12(PaymentTerms.of(DayOfMonth(15), DiscountTier(Decimal("0.02"), NetDays(10))))
        'ITD*09*3*2**10********15~'

    References:
        X12 ITD (stedi, kasoftware); elements 336, 333.
    """
    terms = check_writable(terms, X12)
    _separators(element_separator, segment_terminator)
    if terms.basis not in _BASIS_CODE:  # pragma: no cover - every basis has a code today
        raise NotRepresentableError(
            X12, "basis", terms.basis.value, "element 333 has no code for this basis"
        )
    if terms.has_discount and terms.discount_base is not DiscountBase.GROSS:
        raise NotRepresentableError(
            X12,
            "discount_base",
            terms.discount_base.value,
            "ITD discounts apply to the invoice amount (gross)",
        )
    code = _BASIS_CODE[terms.basis]
    items = terms.installments
    segments: list[str] = []
    if len(items) == 1:
        encoded = _encode(items[0], ("01", "02", "09"))
        if encoded is None:
            raise NotRepresentableError(
                X12,
                "installments[0]",
                items[0].describe(),
                "ITD has net and discount days, both after the month's end, or a proximo day",
            )
        kind, net, tiers = encoded
        if not tiers:
            return _segment({1: kind, 2: code, **net}, element_separator, segment_terminator)
        for j, (tier, elements) in enumerate(zip(items[0].discounts, tiers, strict=True)):
            rate = _r(f"installments[0].discounts[{j}].rate", percent_of(tier.rate), 6, "ITD03")
            values = {1: kind, 2: code, 3: rate, **net, **elements}
            segments.append(_segment(values, element_separator, segment_terminator))
        return "\n".join(segments)
    fractions = share_fractions(items)
    if fractions is None:
        raise NotRepresentableError(
            X12,
            "installments",
            "fixed amount",
            "ITD installments are percents of the invoice (ITD11)",
        )
    for index, (item, fraction) in enumerate(zip(items, fractions, strict=True)):
        percent = fraction_to_decimal(fraction * 100)
        if percent is None:
            raise NotRepresentableError(
                X12, f"installments[{index}].share", str(fraction), "ITD11 holds a decimal percent"
            )
        if len(item.discounts) > 1:
            raise NotRepresentableError(
                X12,
                f"installments[{index}].discounts",
                len(item.discounts),
                "an installment segment has one discount",
            )
        encoded = _encode(item, ("04",))
        if encoded is None:
            raise NotRepresentableError(
                X12,
                f"installments[{index}]",
                item.describe(),
                "an installment segment has net and discount days",
            )
        _, net, tiers = encoded
        values = {
            1: "04",
            2: code,
            **net,
            11: _r(f"installments[{index}].share", percent, 5, "ITD11"),
        }
        if item.discounts:
            values.update(tiers[0])
            values[3] = _r(
                f"installments[{index}].discounts[0].rate",
                percent_of(item.discounts[0].rate),
                6,
                "ITD03",
            )
        segments.append(_segment(values, element_separator, segment_terminator))
    return "\n".join(segments)
