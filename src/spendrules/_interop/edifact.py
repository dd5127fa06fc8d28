"""UN/EDIFACT PAT (payment terms basis) segments with their PCD (percentage) segments, as text.

PAT (D96A-D01C): 4279 payment terms type code qualifier; C110 payment terms
(identifier and free text: informational, ignored); C112 terms/time
information: 2475 time reference (UNCL 2475: 5 date of invoice, 9 invoice
received, 21 goods received, ...), 2009 terms time relation (1 reference
date, 3 after reference, 6 end of month containing the reference date, 7 end
of the month following, 11 ten days after the end of the referenced month,
...), 2151 period type (D day, M month, ...), 2152 period count. The
discount percent goes in the group's PCD segment, qualifier 5245 ``12``
(discount), as in EANCOM's PAT-PCD groups.

Reading: one ``PAT+1`` (basic) group gives the net due rule; each ``PAT+22``
(discount) group with its ``PCD+12`` gives a discount tier. Relation 1 is
due on the reference date, 3 with a period is [`NetDays`][spendrules.payment_terms.NetDays] or
[`NetMonths`][spendrules.payment_terms.NetMonths], 6 and 7 are the end of the reference month or the next,
plus the period's days ([`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth]), 11 is 10 days after
the end of the month. DTM and MOA segments carry one invoice's dates and
amounts and are refused; an optional ``UNA`` service string sets the
separators. Instalment terms (several basic groups) are not read.

Limits: a text longer than `MAX_EDIFACT_LENGTH` (100,000) characters is
refused before it is split; below it, reading takes time linear in the length
(each character is looked at once, each component joined once).
"""

from __future__ import annotations

import re
from decimal import Decimal

from spendrules._interop._common import (
    UNCL_2475,
    InteropError,
    NotRepresentableError,
    check_writable,
    decimal_text,
    encode_first,
    finish,
    make,
    percent_of,
    rate_of,
)
from spendrules._terms.due_rules import (
    DaysAfterEndOfMonth,
    DueRule,
    NetDays,
    NetMonths,
)
from spendrules._terms.model import (
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    DiscountTier,
)
from spendrules.errors import _shown

__all__ = ["read_edifact", "write_edifact"]

EDIFACT = "edifact"

_HUNDRED = Decimal(100)
_BASIS_CODE = {basis: code for code, basis in UNCL_2475.items()}
_DEFAULT_UNA = ":+.? '"
_NUMBER = re.compile(r"(\d+(\.\d*)?|\.\d+)", re.ASCII)
#: The longest text [`read_edifact`][spendrules.interop.read_edifact] reads, in characters. A PAT segment with
#: every element filled is under 150 characters and a PCD under 40, so this is
#: hundreds of times the segments one set of terms needs (an interchange
#: envelope is refused anyway); the text is refused before it is split.
MAX_EDIFACT_LENGTH = 100_000


class _Syntax:
    """The service characters (UNA): component, element, decimal mark, release, segment."""

    def __init__(self, una: str) -> None:
        self.component, self.element, self.decimal = una[0], una[1], una[2]
        self.release, self.segment = una[3], una[5]


def _plain_run(syntax: _Syntax) -> re.Pattern[str]:
    """Return the pattern of a run of characters with no syntax meaning (no service character)."""
    service = syntax.component + syntax.element + syntax.release + syntax.segment
    return re.compile("[^" + re.escape(service) + "\r\n]+")


def _split(text: str) -> tuple[list[list[list[str]]], _Syntax]:
    """Return the segments as elements of components, and the syntax used.

    Linear in the length of ``text``: a run of plain characters is found by one
    regular-expression match and copied once; each component is joined once
    from its pieces (never grown one character at a time).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}: {_shown(text)}")
    if len(text) > MAX_EDIFACT_LENGTH:
        raise InteropError(
            EDIFACT,
            "(text)",
            text[:60],
            f"at most {MAX_EDIFACT_LENGTH:,} characters (MAX_EDIFACT_LENGTH), not {len(text):,}",
        )
    body = text.lstrip()
    una = _DEFAULT_UNA
    if body.startswith("UNA"):
        una = body[3:9]
        if len(una) != 6 or len(set(una[:4] + una[5])) != 5:
            raise InteropError(EDIFACT, "UNA", body[:9], "6 distinct service characters after UNA")
        body = body[9:]
    syntax = _Syntax(una)
    plain = _plain_run(syntax)
    segments: list[list[list[str]]] = []
    elements: list[list[str]] = []  # the finished elements of the open segment
    components: list[str] = []  # the finished components of the open element
    pieces: list[str] = []  # the pieces of the open component
    started = False  # the open segment has a character (newlines before it are layout)
    position, end = 0, len(body)
    while position < end:
        run = plain.match(body, position)
        if run is not None:
            pieces.append(run.group())
            started = True
            position = run.end()
            continue
        char = body[position]
        position += 1
        if char == syntax.release:
            started = True
            if position == end:
                break
            pieces.append(body[position])
            position += 1
        elif char == syntax.component:
            components.append("".join(pieces))
            pieces = []
            started = True
        elif char == syntax.element:
            components.append("".join(pieces))
            elements.append(components)
            components, pieces = [], []
            started = True
        elif char == syntax.segment:
            components.append("".join(pieces))
            elements.append(components)
            segments.append(elements)
            elements, components, pieces = [], [], []
            started = False
        elif started:  # a line break inside a segment is data
            pieces.append(char)
        # a line break between segments is layout
    if started:
        raise InteropError(
            EDIFACT, f"segment[{len(segments)}]", body[-20:], f"ended by {syntax.segment!r}"
        )
    if not segments:
        raise InteropError(EDIFACT, "PAT", text, "one or more PAT segments")
    return segments, syntax


def _component(elements: list[list[str]], element: int, component: int) -> str:
    if element >= len(elements) or component >= len(elements[element]):
        return ""
    return elements[element][component].strip()


def _rule(field: str, relation: str, period: str, count: str) -> DueRule:
    if (period == "") != (count == ""):
        raise InteropError(
            EDIFACT, f"{field}.2152", count, "given together with 2151 (period type)"
        )
    if count and not (count.isdigit() and count.isascii() and len(count) <= 3):
        raise InteropError(
            EDIFACT, f"{field}.2152", count, "a whole number of 1 to 3 digits (n..3)"
        )
    number = int(count) if count else 0
    if period and period not in ("D", "M"):
        raise NotRepresentableError(
            EDIFACT, f"{field}.2151", period, "periods of D (days) or M (months) are read"
        )
    where = f"{field}.2152"
    if relation == "1":
        if period:
            raise InteropError(
                EDIFACT, f"{field}.2151", period, "absent with relation 1 (the reference date)"
            )
        return NetDays(0)
    if relation == "3":
        if not period:
            raise InteropError(
                EDIFACT, f"{field}.2151", None, "present with relation 3 (after reference)"
            )
        if period == "M":
            return make(EDIFACT, where, number, NetMonths, number)
        return make(EDIFACT, where, number, NetDays, number)
    if relation in ("6", "7"):
        if period == "M":
            raise NotRepresentableError(
                EDIFACT,
                f"{field}.2151",
                period,
                "months after an end of month are read as days (D) only",
            )
        return make(EDIFACT, where, number, DaysAfterEndOfMonth, number, months=int(relation) - 6)
    if relation == "11":
        if period:
            raise InteropError(
                EDIFACT,
                f"{field}.2151",
                period,
                "absent with relation 11 (10 days after the end of the month)",
            )
        return DaysAfterEndOfMonth(10)
    if relation == "":
        raise InteropError(EDIFACT, f"{field}.2009", None, "present (the terms time relation)")
    if relation.isdigit() and len(relation) <= 3:
        raise NotRepresentableError(
            EDIFACT,
            f"{field}.2009",
            relation,
            "relations 1, 3, 6, 7 and 11 are read (others have no model rule)",
        )
    raise InteropError(EDIFACT, f"{field}.2009", relation, "a terms time relation code (UNCL 2009)")


def _percent(field: str, text: str, syntax: _Syntax) -> Decimal:
    normal = text.replace(syntax.decimal, ".").replace(",", ".")
    if not _NUMBER.fullmatch(normal) or sum(c.isdigit() for c in normal) > 10:
        raise InteropError(
            EDIFACT, field, text, "a decimal number >= 0 of at most 10 digits (n..10)"
        )
    value = Decimal(normal)
    if not 0 < value < _HUNDRED:
        raise InteropError(EDIFACT, field, text, "a discount percent above 0 and below 100")
    return value


def read_edifact(text: str) -> PaymentTerms:
    """Read payment terms from EDIFACT PAT (and PCD) segments.

    Args:
        text: The segments, e.g. ``PAT+1++5:3:D:30'PAT+22++5:3:D:10'PCD+12:2'``,
            optionally after a ``UNA`` service string advice; newlines between
            segments are ignored.

    Returns:
        The payment terms.

    Raises:
        TypeError: ``text`` is not a str.
        InteropError: a text longer than `MAX_EDIFACT_LENGTH` characters
            (field ``(text)``, refused before reading), a segment other than
            PAT, PCD, DTM or MOA, a missing or
            malformed component, no basic group or a discount group without
            its PCD, groups with different time references, equal discount
            percents, a segment not ended by the terminator.
        NotRepresentableError: a time reference, relation, period type or
            payment terms type with no model equivalent, a DTM or MOA segment,
            several basic groups (instalments), a penalty percentage.

    Examples:
        >>> print(read_edifact("PAT+1++5:3:D:30'PAT+22++5:3:D:10'PCD+12:2'").describe())
        100 % (the whole amount) due 30 days after the baseline date; 2 % discount until 10 days after the baseline date

    References:
        UN/EDIFACT PAT segment (UNECE TRSD D01C "PAT Payment terms basis"); code
        lists 2475, 2009 (UNTDID), 4279; EANCOM 1997 PAT-PCD group ("PAT+22++5:3:D:20").
    """
    segments, syntax = _split(text)
    groups: list[tuple[int, str, DueRule, str, Decimal | None]] = []
    for index, elements in enumerate(segments):
        tag = _component(elements, 0, 0)
        field = f"segment[{index}]"
        if tag in ("DTM", "MOA"):
            raise NotRepresentableError(
                EDIFACT,
                f"{field} {tag}",
                tag,
                "dates and amounts belong to one invoice, not to terms",
            )
        if tag == "PCD":
            if not groups or groups[-1][1] != "22" or groups[-1][4] is not None:
                raise InteropError(
                    EDIFACT, f"{field} PCD", "PCD", "after a PAT+22 (discount) segment, once"
                )
            qualifier = _component(elements, 1, 0)
            if qualifier == "15":
                raise NotRepresentableError(
                    EDIFACT,
                    f"{field} PCD.C501.5245",
                    qualifier,
                    "a penalty percentage has no model equivalent",
                )
            if qualifier != "12":
                raise InteropError(EDIFACT, f"{field} PCD.C501.5245", qualifier, "12 (discount)")
            if len(elements) > 2 or len(elements[1]) > 2:
                raise NotRepresentableError(
                    EDIFACT,
                    f"{field} PCD.C501.5249",
                    ":".join(elements[1][2:]),
                    "a percentage basis is not read (the discount applies to the invoice amount)",
                )
            percent = _percent(f"{field} PCD.C501.5482", _component(elements, 1, 1), syntax)
            groups[-1] = (*groups[-1][:4], percent)
            continue
        if tag != "PAT":
            raise InteropError(EDIFACT, field, tag, "a PAT or PCD segment")
        kind = _component(elements, 1, 0)
        where = f"{field} PAT.C112"
        if kind not in ("1", "22"):
            if kind.isalnum() and kind.isascii() and len(kind) <= 3:
                raise NotRepresentableError(
                    EDIFACT,
                    f"{field} PAT.4279",
                    kind,
                    "payment terms types 1 (basic) and 22 (discount) are read",
                )
            raise InteropError(
                EDIFACT, f"{field} PAT.4279", kind, "a payment terms type code (an..3)"
            )
        reference = _component(elements, 3, 0)
        if reference not in UNCL_2475:
            if reference.isdigit() and len(reference) <= 3:
                raise NotRepresentableError(
                    EDIFACT,
                    f"{where}.2475",
                    reference,
                    "the model has no basis for this time reference",
                )
            raise InteropError(
                EDIFACT, f"{where}.2475", reference or None, "a time reference code (UNCL 2475)"
            )
        rule = _rule(
            where,
            _component(elements, 3, 1),
            _component(elements, 3, 2),
            _component(elements, 3, 3),
        )
        groups.append((index, kind, rule, reference, None))
    basics = [g for g in groups if g[1] == "1"]
    if not basics:
        raise InteropError(
            EDIFACT, "PAT", [g[1] for g in groups], "a PAT+1 (basic) segment with the net terms"
        )
    if len(basics) > 1:
        raise NotRepresentableError(
            EDIFACT,
            f"segment[{basics[1][0]}] PAT",
            "1",
            "one basic group: instalment terms are not read",
        )
    references = {g[3] for g in groups}
    if len(references) > 1:
        raise InteropError(
            EDIFACT, "PAT.C112.2475", sorted(references), "the same time reference in every PAT"
        )
    tiers = []
    for index, kind, rule, _reference, given in groups:
        if kind == "22":
            if given is None:
                raise InteropError(
                    EDIFACT,
                    f"segment[{index}] PAT",
                    "22",
                    "followed by its PCD+12 (the discount percent)",
                )
            tiers.append(DiscountTier(rate_of(given), rule))
    tiers.sort(key=lambda tier: tier.rate, reverse=True)
    rates = [tier.rate for tier in tiers]
    if len(set(rates)) != len(rates):
        raise InteropError(
            EDIFACT, "PCD.C501.5482", rates, "a different percent in each discount group"
        )
    return finish([Installment(basics[0][2], tuple(tiers))], basis=UNCL_2475[references.pop()])


def _encode(rule: DueRule) -> str | None:
    if isinstance(rule, NetDays) and rule.days <= 999:
        return "1" if rule.days == 0 else f"3:D:{rule.days}"
    if isinstance(rule, NetMonths) and 0 < rule.months <= 999:
        return f"3:M:{rule.months}"
    if isinstance(rule, DaysAfterEndOfMonth) and rule.months <= 1 and rule.days <= 999:
        relation = str(6 + rule.months)
        return relation if rule.days == 0 else f"{relation}:D:{rule.days}"
    return None


def write_edifact(terms: PaymentTerms) -> str:
    """Write terms as EDIFACT PAT segments (and a PCD per discount), one segment per line.

    Args:
        terms: The payment terms (one installment).

    Returns:
        ``PAT+1++<2475>:<2009>:<2151>:<2152>'`` for the net terms, then
        ``PAT+22++...'`` and ``PCD+12:<percent>'`` for each discount tier.

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        NotRepresentableError: several installments, a basis with no UNCL 2475
            code here, a discount base other than gross, a rule with no
            relation/period encoding.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> print(write_edifact(parse_terms("2/10 net 30")))
        PAT+1++5:3:D:30'
        PAT+22++5:3:D:10'
        PCD+12:2'

    References:
        UN/EDIFACT PAT, PCD; UNTDID 2475, 2009, 4279, 5245.
    """
    terms = check_writable(terms, EDIFACT)
    if len(terms.installments) > 1:
        raise NotRepresentableError(
            EDIFACT,
            "installments",
            len(terms.installments),
            "one installment (instalment groups are not written)",
        )
    if terms.basis not in _BASIS_CODE:  # pragma: no cover - every basis has a code today
        raise NotRepresentableError(
            EDIFACT, "basis", terms.basis.value, "UNCL 2475 has no code for this basis"
        )
    if terms.has_discount and terms.discount_base is not DiscountBase.GROSS:
        raise NotRepresentableError(
            EDIFACT,
            "discount_base",
            terms.discount_base.value,
            "PAT discounts apply to the invoice amount (gross)",
        )
    reference = _BASIS_CODE[terms.basis]
    item = terms.installments[0]
    net = encode_first(item.due, _encode)
    if net is None:
        raise NotRepresentableError(
            EDIFACT,
            "installments[0].due",
            item.due.describe(),
            "PAT relations 1, 3, 6 and 7 with days or months",
        )
    lines = [f"PAT+1++{reference}:{net}'"]
    for index, tier in enumerate(item.discounts):
        deadline = encode_first(tier.deadline, _encode)
        if deadline is None:
            raise NotRepresentableError(
                EDIFACT,
                f"installments[0].discounts[{index}].deadline",
                tier.deadline.describe(),
                "PAT relations 1, 3, 6 and 7 with days or months",
            )
        lines.append(f"PAT+22++{reference}:{deadline}'")
        lines.append(f"PCD+12:{decimal_text(percent_of(tier.rate))}'")
    return "\n".join(lines)
