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

``cbc:Note`` (0..n, free text in UBL) is read as XRechnung's BT-20 (KoSIT
rule BR-DE-18 puts the cash discount there):

* a Note with lines starting with ``#`` holds ``#SKONTO#TAGE=n#PROZENT=n.nn#``
  lines, parsed by `spendrules._interop.xrechnung`; each is a discount
  tier of the one installment, counted from the invoice date, added to the
  net option's rule (and to the structured tiers; a tier stated in both is
  one tier). When that combination has no single meaning (several
  installments, another event, no net settlement period, one percent with two
  periods) the reader raises [`NotRepresentableError`][spendrules.interop.NotRepresentableError] naming the Note;
* other Note text has no syntax. Text that speaks of a percentage or a cash
  discount (``%``, ``percent``, ``prozent``, ``pourcent``, ``skonto``,
  ``discount``, ``escompte``, any case) is refused, since ignoring it could
  drop a discount, a split or a penalty; any other text (a bank, a reference,
  "payable within 30 days") is ignored. The lines of a Skonto Note that do
  not start with ``#`` are BR-DE-18's free text and ignored too.

``cbc:PaymentMeansID`` and the other references are informational and
ignored. Dates (``PaymentDueDate``, ``InstallmentDueDate``, period start and
end), amounts and penalties belong to one invoice and are refused.

The XML is parsed with `xml.etree.ElementTree` only after refusing any
``<!DOCTYPE`` or ``<!ENTITY`` declaration, so no entity is expanded and
nothing is fetched, and only after refusing a text longer than
`MAX_UBL_LENGTH` (20,000,000) characters; below that, reading takes time
linear in the length of the text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

from spendrules._decimal import exact
from spendrules._interop._common import (
    BOUNDED,
    UNCL_2475,
    InteropError,
    NotRepresentableError,
    bounded,
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
from spendrules._interop.xrechnung import skonto_tiers
from spendrules._terms.due_rules import (
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
    Percent,
)
from spendrules.errors import _shown

__all__ = ["CAC", "CBC", "read_ubl", "write_ubl"]

UBL = "ubl"
#: UBL 2 common aggregate components namespace.
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
#: UBL 2 common basic components namespace.
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
_EXT = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"

#: The longest XML text [`read_ubl`][spendrules.interop.read_ubl] reads, in characters. The reader takes a
#: whole Invoice, whose embedded attachments make it large: Peppol and Germany's
#: OZG-RE accept invoices of up to 15 MB with them, and a character is at least
#: one byte of UTF-8, so every invoice they accept fits. Longer text is refused
#: before it is searched or parsed.
MAX_UBL_LENGTH = 20_000_000

_HUNDRED = Decimal(100)
_DECLARATION = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_PROLOG = re.compile(r"^\s*<\?xml[^>]*\?>")
_NUMBER = re.compile(r"\s*(\d+(\.\d*)?|\.\d+)\s*", re.ASCII)
_BASIS_CODE = {basis: code for code, basis in UNCL_2475.items()}
_NOTE = f"{{{CBC}}}Note"
#: Free text in a Note that speaks of a percentage or a cash discount: refused, never ignored.
_TERMS_TEXT = re.compile(r"%|percent|prozent|pourcent|skonto|discount|escompte", re.IGNORECASE)
#: A line of a Note whose first non-blank character is ``#`` (a Skonto block): one linear search.
_HASH_LINE = re.compile(r"^[^\S\n]*#", re.MULTILINE)
_INVOICE_EVENT = "5"
_IGNORED = {
    f"{{{CBC}}}PaymentMeansID",
    f"{{{CBC}}}PrepaidPaymentReferenceID",
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
    rule: DueRule | None  # None: an option whose only terms are Skonto lines in its Note
    skonto: tuple[DiscountTier, ...] = ()
    note: str = ""  # the field of the first Note with Skonto lines


def _parse(xml: str) -> list[ET.Element]:
    """Return the ``cac:PaymentTerms`` elements of ``xml`` (parsed only if it declares nothing)."""
    if not isinstance(xml, str):
        raise TypeError(f"xml must be a str, not {type(xml).__name__}: {_shown(xml)}")
    if len(xml) > MAX_UBL_LENGTH:
        raise InteropError(
            UBL,
            "(xml)",
            xml[:60],
            f"at most {MAX_UBL_LENGTH:,} characters (MAX_UBL_LENGTH), not {len(xml):,}",
        )
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
    except (ET.ParseError, UnicodeError) as exc:  # UnicodeError: a lone surrogate in the str
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
        raise InteropError(UBL, field, text, "a decimal number >= 0 (ASCII digits)")
    number = Decimal(text.strip())
    if not bounded(number):
        raise InteropError(UBL, field, text, BOUNDED)
    return number


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


def _note(field: str, note: ET.Element) -> tuple[DiscountTier, ...]:
    """Return the Skonto tiers of a Note; refuse free text that speaks of a percent or discount."""
    text = note.text or ""
    if _HASH_LINE.search(text):
        return skonto_tiers(text, source=UBL, field=field)
    if _TERMS_TEXT.search(text):
        raise NotRepresentableError(
            UBL,
            field,
            text,
            "free text that speaks of a percentage or a discount has no syntax to read, and "
            "ignoring it could drop terms; state them in SettlementDiscountPercent or "
            "PaymentPercent, or as XRechnung #SKONTO# lines",
        )
    return ()


def _option(index: int, element: ET.Element) -> _Option:
    field = f"PaymentTerms[{index}]"
    seen: dict[str, ET.Element] = {}
    notes: list[ET.Element] = []
    for child in element:
        name = f"{field}/{_short(child.tag)}"
        if child.tag in _REFUSED:
            raise NotRepresentableError(UBL, name, child.text, _REFUSED[child.tag])
        if child.tag == _NOTE:
            notes.append(child)
            continue
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
    skonto: list[DiscountTier] = []
    note = ""
    for j, child in enumerate(notes):
        where = f"{field}/cbc:Note" if len(notes) == 1 else f"{field}/cbc:Note[{j}]"
        found = _note(where, child)
        if found and not note:
            note = where
        skonto.extend(found)
    ident_text = None if ident is None else (ident.text or "").strip()
    discount = seen.get(f"{{{CBC}}}SettlementDiscountPercent")
    payment = seen.get(f"{{{CBC}}}PaymentPercent")
    period = seen.get(f"{{{CAC}}}SettlementPeriod")
    if period is None:
        if discount is None and payment is None:
            if skonto:
                return _Option(index, ident_text, basis, None, None, None, tuple(skonto), note)
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
        ident_text,
        basis,
        percent,
        share,
        _rule(f"{field}/cac:SettlementPeriod", period),
        tuple(skonto),
        note,
    )


def _merge(
    tiers: list[DiscountTier], options: list[_Option], where: str
) -> tuple[DiscountTier, ...]:
    """Return the structured tiers with the Skonto tiers of ``options`` added, highest rate first."""
    merged = list(tiers)
    for option in options:
        for tier in option.skonto:
            same = next((t for t in merged if t.rate == tier.rate), None)
            if same is None:
                merged.append(tier)
            elif same != tier:
                raise NotRepresentableError(
                    UBL,
                    option.note,
                    f"{percent_of(tier.rate)} % until {tier.deadline.describe()}",
                    f"one discount percent with two periods ({same.deadline.describe()} "
                    f"elsewhere in {where}); the model has one deadline per percent",
                )
    return tuple(sorted(merged, key=lambda tier: tier.rate, reverse=True))


def read_ubl(xml: str) -> PaymentTerms:
    """Read payment terms from UBL ``cac:PaymentTerms`` XML.

    Args:
        xml: One or more ``cac:PaymentTerms`` elements, or a document (an
            Invoice) whose children include them; an XML declaration may lead.
            Any ``<!DOCTYPE``/``<!ENTITY`` is refused before parsing.

    ``cbc:Note`` is UBL free text, and XRechnung's home for the cash discount
    (BT-20, KoSIT BR-DE-18), so it is never dropped unread:

    * ``#SKONTO#TAGE=n#PROZENT=n.nn#`` lines (any line starting with ``#``
      makes the Note a Skonto block, parsed as
      [`read_xrechnung`][spendrules.interop.read_xrechnung] parses BT-20) are discount tiers ``NetDays(TAGE)`` of the single installment,
      added to the net option's settlement period and to any
      ``SettlementDiscountPercent`` tier (the same percent and period stated
      twice is one tier). Other lines of that Note are its free text;
    * free text that speaks of a percentage or a cash discount (``%``,
      ``percent``, ``prozent``, ``pourcent``, ``skonto``, ``discount``,
      ``escompte``, any case) is refused: it may state a discount, a split or
      a penalty that the structured elements lack;
    * other free text is ignored: UBL gives a Note no syntax, and text
      without those words carries no discount or share (it may still restate
      net days; the settlement period is what is read).

    Args:
        xml: One or more ``cac:PaymentTerms`` elements, or a document (an
            Invoice) whose children include them; an XML declaration may lead.
            Any ``<!DOCTYPE``/``<!ENTITY`` is refused before parsing.

    Returns:
        The payment terms (see the module description for the reading).

    Raises:
        TypeError: ``xml`` is not a str.
        InteropError: a text longer than `MAX_UBL_LENGTH` characters
            (field ``(xml)``, refused before it is searched or parsed), XML
            that declares a DOCTYPE or ENTITY or is not well formed, no
            ``cac:PaymentTerms``, an unknown or repeated element, a
            missing settlement period or unit, a malformed number, options
            that do not form installments (no or several net options in a
            group, IDs on some options only, percents not adding up to 100,
            different event codes), a ``#`` line in a Note that breaks
            BR-DE-18, a Note with ``#`` lines longer than
            `MAX_BT20_LENGTH` characters.
        NotRepresentableError: dates, amounts, penalties, a duration unit other
            than DAY or MON, an event with no model basis, free text only, a
            Note whose free text speaks of a percentage or discount, a Skonto
            ``BASISBETRAG`` or ``VERZUG`` line, Skonto lines that cannot join
            the settlement periods (several installments, an event other than
            the invoice date, no net settlement period, a percent given
            another period elsewhere), each naming ``PaymentTerms[i]/cbc:Note``.

    Examples:
        >>> xml = '''<cac:PaymentTerms xmlns:cac="%s" xmlns:cbc="%s">
        ...   <cac:SettlementPeriod><cbc:DurationMeasure unitCode="DAY">30</cbc:DurationMeasure></cac:SettlementPeriod>
        ... </cac:PaymentTerms>''' % (CAC, CBC)
        >>> read_ubl(xml).installments[0].due
        NetDays(days=30)

        An XRechnung Skonto line in the Note joins the net period:

        >>> xml = '''<cac:PaymentTerms xmlns:cac="%s" xmlns:cbc="%s">
        ...   <cbc:Note>#SKONTO#TAGE=14#PROZENT=2.00#
        ... </cbc:Note>
        ...   <cac:SettlementPeriod><cbc:DurationMeasure unitCode="DAY">30</cbc:DurationMeasure></cac:SettlementPeriod>
        ... </cac:PaymentTerms>''' % (CAC, CBC)
        >>> print(read_ubl(xml).describe())
        100 % (the whole amount) due 30 days after the baseline date; 2 % discount until 14 days after the baseline date

    References:
        OASIS UBL 2.1 ``PaymentTermsType`` and ``PeriodType`` (datypic UBL 2.0/2.3
        element documentation; OIOUBL "PaymentTerms"); UN/ECE Recommendation 20
        unit codes DAY, MON; UNCL 2475; KoSIT XRechnung schematron BR-DE-18
        (BT-20 in ``cac:PaymentTerms/cbc:Note``).
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
    noted = [o for o in options if o.skonto]
    if noted:
        _check_skonto(noted[0], len(groups))
    items = []
    for ident, group in groups.items():
        where = "PaymentTerms" if ident is None else f"PaymentTerms[cbc:ID={ident}]"
        nets = [(o, o.rule) for o in group if o.discount is None and o.rule is not None]
        if not nets and noted:
            raise NotRepresentableError(
                UBL,
                noted[0].note,
                "no net settlement period",
                "Skonto lines give discounts only, and no PaymentTerms has a SettlementPeriod "
                "for the net terms (an XRechnung invoice gives its net due date as cbc:DueDate, "
                "BT-9, a date of one invoice); read the Note with read_xrechnung(text, due=...)",
            )
        if len(nets) != 1:
            raise InteropError(
                UBL,
                where,
                len(nets),
                "one option without a discount (the net terms) per installment",
            )
        net, rule = nets[0]
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
        merged = _merge(tiers, group, where)
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
        items.append(Installment(rule, merged, share=share))
    with exact():
        total = sum(
            (item.share.value for item in items if isinstance(item.share, Percent)), Decimal(0)
        )
    if total != _HUNDRED:
        raise InteropError(
            UBL, "PaymentTerms/cbc:PaymentPercent", total, "installment percents adding up to 100"
        )
    return finish(items, basis=UNCL_2475[bases.pop()])


def _check_skonto(option: _Option, installments: int) -> None:
    """Refuse Skonto lines where they have no single meaning: several installments, another event."""
    if installments > 1:
        raise NotRepresentableError(
            UBL,
            option.note,
            f"{installments} installments",
            "XRechnung Skonto lines apply to the whole invoice, and these terms have several "
            "installments",
        )
    if option.basis != _INVOICE_EVENT:
        raise NotRepresentableError(
            UBL,
            option.note,
            f"cbc:ReferenceEventCode {option.basis}",
            "Skonto days (TAGE) count from the invoice date (event 5), and these terms count "
            "from another event",
        )


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
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
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
    terms = check_writable(terms, UBL)
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
