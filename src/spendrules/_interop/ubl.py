"""OASIS UBL 2.1 ``cac:PaymentTerms``, read from and written as XML text.

Elements read (UBL 2.1 ``PaymentTermsType``): ``cbc:ID``,
``cbc:ReferenceEventCode`` (UNCL 2475: the event the terms count from),
``cbc:SettlementDiscountPercent`` ("offered for payment within the settlement
period"), ``cbc:PaymentPercent`` (the part of the payment these terms cover)
and ``cac:SettlementPeriod/cbc:DurationMeasure`` (``unitCode`` ``DAY`` or
``MON``). UBL has no relative net-days element, so the reading is:

* each ``cac:PaymentTerms`` is one settlement option: without a discount
  percent its settlement period is the net due rule, with one it is a discount
  tier and its deadline;
* options sharing a ``cbc:ID`` form one installment (its ``PaymentPercent`` on
  the net option); without IDs all options form the single installment.

``cbc:Note``, ``cbc:PaymentMeansID`` and the other references are
informational and ignored. Dates (``PaymentDueDate``, ``InstallmentDueDate``,
period start and end), amounts and penalties belong to one invoice and are
refused.

The XML is parsed with :mod:`xml.etree.ElementTree` only after refusing any
``<!DOCTYPE`` or ``<!ENTITY`` declaration, so no entity is expanded and
nothing is fetched.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

from spendrules._decimal import exact
from spendrules._interop._common import (
    UNCL_2475,
    InteropError,
    NotRepresentableError,
    check_terms,
    decimal_text,
    encode_first,
    finish,
    fraction_to_decimal,
    make,
    percent_of,
    rate_of,
    share_fractions,
)
from spendrules._terms.model import (
    DiscountBase,
    DiscountTier,
    DueRule,
    Installment,
    NetDays,
    NetMonths,
    PaymentTerms,
    Percent,
)

__all__ = ["CAC", "CBC", "read_ubl", "write_ubl"]

UBL = "ubl"
#: UBL 2 common aggregate components namespace.
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#: UBL 2 common basic components namespace.
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"

_HUNDRED = Decimal(100)
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>")
_NUMBER = re.compile(r"\s*(\d+(\.\d*)?|\.\d+)\s*")
_BASIS_CODE = {basis: code for code, basis in UNCL_2475.items()}
_IGNORED = {
    f"{{{CBC}}}PaymentMeansID",
    f"{{{CBC}}}PrepaidPaymentReferenceID",
    f"{{{CBC}}}Note",
    f"{{{CBC}}}PaymentTermsDetailsURI",
    f"{{{CBC}}}InvoicingPartyReference",
    f"{{{_EXT}}}UBLExtensions",
}
_REFUSED = {
    f"{{{CBC}}}PenaltySurchargePercent": "a late-payment penalty has no place in the payment-terms model",
    f"{{{CBC}}}PenaltyAmount": "a late-payment penalty has no place in the payment-terms model",
    f"{{{CAC}}}PenaltyPeriod": "a late-payment penalty has no place in the payment-terms model",
    f"{{{CBC}}}Amount": "an amount needs the invoice total; use PaymentPercent",
    f"{{{CBC}}}SettlementDiscountAmount": "a discount amount belongs to one invoice; use SettlementDiscountPercent",
    f"{{{CBC}}}PaymentDueDate": "a due date belongs to one invoice; use a SettlementPeriod duration",
    f"{{{CBC}}}InstallmentDueDate": "a due date belongs to one invoice; use a SettlementPeriod duration",
    f"{{{CAC}}}ExchangeRate": "an exchange rate belongs to one invoice",
    f"{{{CAC}}}ValidityPeriod": "validity dates belong to one document",
}
_PERIOD_REFUSED = {
    f"{{{CBC}}}{name}": "dates belong to one invoice; use DurationMeasure"
    for name in ("StartDate", "StartTime", "EndDate", "EndTime")
}
_PERIOD_REFUSED[f"{{{CBC}}}DescriptionCode"] = "a period description code has no model meaning"


def _short(tag: str) -> str:
    for uri, prefix in ((CAC, "cac"), (CBC, "cbc"), (_EXT, "ext")):
        tag = tag.replace(f"{{{uri}}}", f"{prefix}:")
    return tag


@dataclass(frozen=True)
class _Option:
    index: int
    ident: str | None
    basis: str
    discount: Decimal | None
    payment: Decimal | None
    rule: DueRule


def _parse(xml: str) -> list[ET.Element]:
    """Return the ``cac:PaymentTerms`` elements of ``xml`` (parsed only if it declares nothing)."""
    if not isinstance(xml, str):
        raise TypeError(f"xml must be a str, not {type(xml).__name__}: {xml!r}")
    found = _DECLARATION.search(xml)
    if found:
        raise InteropError(
            UBL,
            "(xml)",
            found.group(0),
            "XML without DOCTYPE or ENTITY declarations (refused before parsing: "
            "no entity expansion, no external resources)",
        )
    body = _PROLOG.sub("", xml, count=1)
    try:
        root = ET.fromstring(f"<spendrules-interop>{body}</spendrules-interop>")  # noqa: S314
    except ET.ParseError as exc:
        raise InteropError(UBL, "(xml)", xml[:60], f"well-formed XML ({exc})") from None
    tag = f"{{{CAC}}}PaymentTerms"
    children = list(root)
    if len(children) == 1 and children[0].tag != tag:
        children = list(children[0])
        found_terms = [child for child in children if child.tag == tag]
    else:
        found_terms = children
        for child in children:
            if child.tag != tag:
                raise InteropError(
                    UBL, "(xml)", _short(child.tag), "cac:PaymentTerms elements only"
                )
    if not found_terms:
        raise InteropError(
            UBL, "(xml)", xml[:60], "cac:PaymentTerms elements, alone or in a document element"
        )
    return found_terms


def _number(field: str, element: ET.Element) -> Decimal:
    text = element.text or ""
    if not _NUMBER.fullmatch(text):
        raise InteropError(UBL, field, text, "a decimal number >= 0")
    return Decimal(text.strip())


def _rule(field: str, period: ET.Element) -> DueRule:
    measure = None
    for child in period:
        name = f"{field}/{_short(child.tag)}"
        if child.tag in _PERIOD_REFUSED:
            raise NotRepresentableError(UBL, name, child.text, _PERIOD_REFUSED[child.tag])
        if child.tag == f"{{{CBC}}}DurationMeasure":
            if measure is not None:
                raise InteropError(UBL, name, child.text, "given once")
            measure = child
        elif child.tag != f"{{{CBC}}}Description":
            raise InteropError(UBL, name, child.text, "an element of cac:SettlementPeriod")
    name = f"{field}/cbc:DurationMeasure"
    if measure is None:
        raise InteropError(UBL, name, None, "present (the settlement period's length)")
    value = _number(name, measure)
    if value != value.to_integral_value():
        raise InteropError(UBL, name, measure.text, "a whole number of days or months")
    count = int(value)
    unit = measure.get("unitCode")
    if unit == "DAY":
        return make(UBL, name, count, NetDays, count)
    if unit == "MON":
        return make(UBL, name, count, NetMonths, count)
    if unit is None:
        raise InteropError(UBL, f"{name}/@unitCode", None, "present (DAY or MON)")
    raise NotRepresentableError(UBL, f"{name}/@unitCode", unit, "durations in DAY or MON are read")


def _option(index: int, element: ET.Element) -> _Option:
    field = f"PaymentTerms[{index}]"
    seen: dict[str, ET.Element] = {}
    for child in element:
        name = f"{field}/{_short(child.tag)}"
        if child.tag in _REFUSED:
            raise NotRepresentableError(UBL, name, child.text, _REFUSED[child.tag])
        if child.tag in _IGNORED:
            continue
        if child.tag not in {
            f"{{{CBC}}}{n}"
            for n in ("ID", "ReferenceEventCode", "SettlementDiscountPercent", "PaymentPercent")
        } | {f"{{{CAC}}}SettlementPeriod"}:
            raise InteropError(UBL, name, child.tag, "an element of cac:PaymentTerms")
        if child.tag in seen:
            raise InteropError(UBL, name, child.text, "given once")
        seen[child.tag] = child
    ident = seen.get(f"{{{CBC}}}ID")
    code = seen.get(f"{{{CBC}}}ReferenceEventCode")
    basis = "5" if code is None else (code.text or "").strip()
    if basis not in UNCL_2475:
        where = f"{field}/cbc:ReferenceEventCode"
        if basis.isdigit() and len(basis) <= 3:
            raise NotRepresentableError(UBL, where, basis, "the model has no basis for this event")
        raise InteropError(UBL, where, basis, "an event code (UNCL 2475)")
    discount = seen.get(f"{{{CBC}}}SettlementDiscountPercent")
    payment = seen.get(f"{{{CBC}}}PaymentPercent")
    period = seen.get(f"{{{CAC}}}SettlementPeriod")
    if period is None:
        if discount is None and payment is None:
            raise NotRepresentableError(
                UBL, field, "free text", "no settlement period, discount or percent to read"
            )
        raise InteropError(
            UBL, f"{field}/cac:SettlementPeriod", None, "present (the net or discount period)"
        )
    percent = None
    if discount is not None:
        percent = _number(f"{field}/cbc:SettlementDiscountPercent", discount)
        if not 0 < percent < _HUNDRED:
            raise InteropError(
                UBL,
                f"{field}/cbc:SettlementDiscountPercent",
                discount.text,
                "a percent above 0 and below 100",
            )
    share = None
    if payment is not None:
        share = _number(f"{field}/cbc:PaymentPercent", payment)
        if not 0 < share <= _HUNDRED:
            raise InteropError(
                UBL,
                f"{field}/cbc:PaymentPercent",
                payment.text,
                "a percent above 0 and at most 100",
            )
    return _Option(
        index,
        None if ident is None else (ident.text or "").strip(),
        basis,
        percent,
        share,
        _rule(f"{field}/cac:SettlementPeriod", period),
    )


def read_ubl(xml: str) -> PaymentTerms:
    """Read payment terms from UBL ``cac:PaymentTerms`` XML.

    Args:
        xml: One or more ``cac:PaymentTerms`` elements, or a document (an
            Invoice) whose children include them; an XML declaration may lead.
            Any ``<!DOCTYPE``/``<!ENTITY`` is refused before parsing.

    Returns:
        The payment terms (see the module description for the reading).

    Raises:
        TypeError: ``xml`` is not a str.
        InteropError: XML that declares a DOCTYPE or ENTITY or is not well
            formed, no ``cac:PaymentTerms``, an unknown or repeated element, a
            missing settlement period or unit, a malformed number, options
            that do not form installments (no or several net options in a
            group, IDs on some options only, percents not adding up to 100,
            different event codes).
        NotRepresentableError: dates, amounts, penalties, a duration unit other
            than DAY or MON, an event with no model basis, free text only.

    Examples:
        >>> xml = '''<cac:PaymentTerms xmlns:cac="%s" xmlns:cbc="%s">
        ...   <cac:SettlementPeriod><cbc:DurationMeasure unitCode="DAY">30</cbc:DurationMeasure></cac:SettlementPeriod>
        ... </cac:PaymentTerms>''' % (CAC, CBC)
        >>> read_ubl(xml).installments[0].due
        NetDays(days=30)

    References:
        OASIS UBL 2.1 ``PaymentTermsType`` and ``PeriodType`` (datypic UBL 2.0/2.3
        element documentation; OIOUBL "PaymentTerms"); UN/ECE Recommendation 20
        unit codes DAY, MON; UNCL 2475.
    """
    options = [_option(i, element) for i, element in enumerate(_parse(xml))]
    identified = [o.ident is not None for o in options]
    if any(identified) and not all(identified):
        raise InteropError(
            UBL,
            "PaymentTerms/cbc:ID",
            [o.ident for o in options],
            "on every PaymentTerms or on none",
        )
    bases = {o.basis for o in options}
    if len(bases) > 1:
        raise InteropError(
            UBL,
            "PaymentTerms/cbc:ReferenceEventCode",
            sorted(bases),
            "the same event on every PaymentTerms",
        )
    groups: dict[str | None, list[_Option]] = {}
    for option in options:
        groups.setdefault(option.ident, []).append(option)
    items = []
    for ident, group in groups.items():
        where = "PaymentTerms" if ident is None else f"PaymentTerms[cbc:ID={ident}]"
        nets = [o for o in group if o.discount is None]
        if len(nets) != 1:
            raise InteropError(
                UBL,
                where,
                len(nets),
                "one option without a discount (the net terms) per installment",
            )
        net = nets[0]
        for option in group:
            if option.payment is not None and option.payment != net.payment:
                raise InteropError(
                    UBL,
                    f"PaymentTerms[{option.index}]/cbc:PaymentPercent",
                    option.payment,
                    "the net option's PaymentPercent (or absent)",
                )
        tiers = sorted(
            (
                make(
                    UBL,
                    f"PaymentTerms[{o.index}]/cbc:SettlementDiscountPercent",
                    o.discount,
                    DiscountTier,
                    rate_of(o.discount),
                    o.rule,
                )
                for o in group
                if o.discount is not None
            ),
            key=lambda tier: tier.rate,
            reverse=True,
        )
        if len({t.rate for t in tiers}) != len(tiers):
            raise InteropError(
                UBL,
                f"{where}/cbc:SettlementDiscountPercent",
                [percent_of(t.rate) for t in tiers],
                "a different percent per discount option",
            )
        if len(groups) > 1 and net.payment is None:
            raise InteropError(
                UBL,
                f"PaymentTerms[{net.index}]/cbc:PaymentPercent",
                None,
                "present when there are several installments",
            )
        payment = net.payment or _HUNDRED
        share = make(
            UBL, f"PaymentTerms[{net.index}]/cbc:PaymentPercent", payment, Percent, payment
        )
        items.append(Installment(net.rule, tuple(tiers), share=share))
    with exact():
        total = sum(
            (item.share.value for item in items if isinstance(item.share, Percent)), Decimal(0)
        )
    if total != _HUNDRED:
        raise InteropError(
            UBL, "PaymentTerms/cbc:PaymentPercent", total, "installment percents adding up to 100"
        )
    return finish(items, basis=UNCL_2475[bases.pop()])


def _encode(rule: DueRule) -> tuple[str, int] | None:
    if isinstance(rule, NetDays):
        return ("DAY", rule.days)
    if isinstance(rule, NetMonths):
        return ("MON", rule.months)
    return None


def _element(
    ident: str | None,
    code: str,
    discount: Decimal | None,
    payment: Decimal | None,
    period: tuple[str, int],
) -> str:
    lines = [f'<cac:PaymentTerms xmlns:cac="{CAC}" xmlns:cbc="{CBC}">']
    if ident is not None:
        lines.append(f"  <cbc:ID>{ident}</cbc:ID>")
    lines.append(f"  <cbc:ReferenceEventCode>{code}</cbc:ReferenceEventCode>")
    if discount is not None:
        lines.append(
            f"  <cbc:SettlementDiscountPercent>{decimal_text(discount)}</cbc:SettlementDiscountPercent>"
        )
    if payment is not None:
        lines.append(f"  <cbc:PaymentPercent>{decimal_text(payment)}</cbc:PaymentPercent>")
    unit, count = period
    lines.append("  <cac:SettlementPeriod>")
    lines.append(f'    <cbc:DurationMeasure unitCode="{unit}">{count}</cbc:DurationMeasure>')
    lines.append("  </cac:SettlementPeriod>")
    lines.append("</cac:PaymentTerms>")
    return "\n".join(lines)


def write_ubl(terms: PaymentTerms) -> str:
    """Write terms as UBL ``cac:PaymentTerms`` elements (one per settlement option).

    Each element declares the ``cac`` and ``cbc`` namespaces, so the text can
    be placed into an Invoice as is. Per installment: the net option (with
    ``cbc:PaymentPercent`` and ``cbc:ID`` 1, 2, ... when there are several
    installments), then one option per discount tier.

    Args:
        terms: The payment terms.

    Returns:
        The elements, joined by newlines.

    Raises:
        TypeError: ``terms`` is not a :class:`PaymentTerms`.
        NotRepresentableError: a discount base other than gross, a fixed
            amount or a ratio with no exact percent, a rule other than days
            or months after the event.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> print(write_ubl(parse_terms("net 30")))  # doctest: +ELLIPSIS
        <cac:PaymentTerms xmlns:cac="..." xmlns:cbc="...">
          <cbc:ReferenceEventCode>5</cbc:ReferenceEventCode>
          <cac:SettlementPeriod>
            <cbc:DurationMeasure unitCode="DAY">30</cbc:DurationMeasure>
          </cac:SettlementPeriod>
        </cac:PaymentTerms>

    References:
        OASIS UBL 2.1 ``PaymentTermsType``.
    """
    terms = check_terms(terms)
    if terms.has_discount and terms.discount_base is not DiscountBase.GROSS:
        raise NotRepresentableError(
            UBL,
            "discount_base",
            terms.discount_base.value,
            "UBL's settlement discount applies to the payment (gross)",
        )
    code = _BASIS_CODE[terms.basis]
    fractions = share_fractions(terms.installments)
    if fractions is None:
        raise NotRepresentableError(
            UBL, "installments", "fixed amount", "PaymentPercent holds a percent of the payment"
        )
    several = len(terms.installments) > 1
    elements = []
    for index, (item, fraction) in enumerate(zip(terms.installments, fractions, strict=True)):
        payment = fraction_to_decimal(fraction * 100)
        if payment is None:
            raise NotRepresentableError(
                UBL,
                f"installments[{index}].share",
                str(fraction),
                "PaymentPercent holds a decimal percent",
            )
        ident = str(index + 1) if several else None
        net = encode_first(item.due, _encode)
        if net is None:
            raise NotRepresentableError(
                UBL,
                f"installments[{index}].due",
                item.due.describe(),
                "a settlement period lasts days or months after the event",
            )
        elements.append(_element(ident, code, None, payment if several else None, net))
        for j, tier in enumerate(item.discounts):
            deadline = encode_first(tier.deadline, _encode)
            if deadline is None:
                raise NotRepresentableError(
                    UBL,
                    f"installments[{index}].discounts[{j}].deadline",
                    tier.deadline.describe(),
                    "a settlement period lasts days or months after the event",
                )
            elements.append(_element(ident, code, percent_of(tier.rate), None, deadline))
    return "\n".join(elements)
