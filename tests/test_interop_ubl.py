"""UBL 2.1 cac:PaymentTerms XML: safe parsing, published samples, round trips, malformed XML."""

from __future__ import annotations

import itertools
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules._interop import ubl
from spendrules._interop.ubl import CAC, CBC
from spendrules._interop.xrechnung import MAX_BT20_LENGTH
from spendrules.interop import (
    InteropError,
    NotRepresentableError,
    read_ubl,
    read_xrechnung,
    write_ubl,
    write_xrechnung,
)
from spendrules.payment_terms import (
    Basis,
    DaysAfterEndOfMonth,
    DiscountBase,
    DiscountTier,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentTerms,
    Percent,
    Ratio,
    parse_terms,
)

NS = f'xmlns:cac="{CAC}" xmlns:cbc="{CBC}"'


def terms_xml(*children: str, ns: str = NS) -> str:
    return f"<cac:PaymentTerms {ns}>{''.join(children)}</cac:PaymentTerms>"


def period(count: int | str, unit: str = "DAY") -> str:
    return f'<cac:SettlementPeriod><cbc:DurationMeasure unitCode="{unit}">{count}</cbc:DurationMeasure></cac:SettlementPeriod>'


def note(text: str) -> str:
    return f"<cbc:Note>{text}</cbc:Note>"


def test_relative_terms_in_an_invoice() -> None:
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
    <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" {NS}>
      <cbc:ID>TOSL108</cbc:ID>
      <cac:PaymentTerms><cbc:Note>Payable by bank transfer, net 30 days</cbc:Note>{period(30)}</cac:PaymentTerms>
      <cac:PaymentTerms>
        <cbc:SettlementDiscountPercent>2.00</cbc:SettlementDiscountPercent>{period(10)}
      </cac:PaymentTerms>
    </Invoice>"""
    terms = read_ubl(xml)
    assert terms == parse_terms("2/10 net 30")
    item = terms.installments[0]
    assert (
        item.discounts[0].deadline.due_date(date(2013, 3, 5)),
        item.due.due_date(date(2013, 3, 5)),
    ) == (date(2013, 3, 15), date(2013, 4, 4))


def test_default_namespace_prefixes_and_units() -> None:
    xml = f'<PaymentTerms xmlns="{CAC}" xmlns:b="{CBC}"><b:ReferenceEventCode>29</b:ReferenceEventCode><SettlementPeriod><b:DurationMeasure unitCode="MON"> 2 </b:DurationMeasure><b:Description>two months</b:Description></SettlementPeriod></PaymentTerms>'
    assert read_ubl(xml) == PaymentTerms.of(NetMonths(2), basis=Basis.DELIVERY)


def test_installments_grouped_by_id() -> None:
    xml = "".join(
        [
            terms_xml("<cbc:ID>A</cbc:ID><cbc:PaymentPercent>30</cbc:PaymentPercent>", period(15)),
            terms_xml("<cbc:ID>B</cbc:ID><cbc:PaymentPercent>70</cbc:PaymentPercent>", period(45)),
            terms_xml(
                "<cbc:ID>B</cbc:ID><cbc:SettlementDiscountPercent>1</cbc:SettlementDiscountPercent>",
                period(20),
            ),
        ]
    )
    terms = read_ubl(xml)
    assert terms == PaymentTerms(
        (
            Installment(NetDays(15), share=Percent(Decimal(30))),
            Installment(NetDays(45), (DiscountTier(Decimal("0.01"), NetDays(20)),)),
        )
    )
    written = write_ubl(terms)
    assert (
        written.count("<cbc:ID>") == 3 and "<cbc:PaymentPercent>70</cbc:PaymentPercent>" in written
    )
    assert read_ubl(written) == terms


@pytest.mark.parametrize(
    ("xml", "error", "field"),
    [
        pytest.param(
            terms_xml("<cbc:Note>Payable within 1 calendar month from the invoice date</cbc:Note>"),
            NotRepresentableError,
            "PaymentTerms[0]",
            id="datypic UBL 2.0 PaymentTerms sample: free text only",
        ),
        pytest.param(
            terms_xml(
                "<cbc:ID>124</cbc:ID><cbc:Note>x</cbc:Note><cbc:SettlementDiscountPercent>5</cbc:SettlementDiscountPercent>",
                '<cbc:SettlementDiscountAmount currencyID="EUR">100</cbc:SettlementDiscountAmount>',
                "<cac:SettlementPeriod><cbc:StartDate>2016-10-25</cbc:StartDate><cbc:EndDate>2016-11-25</cbc:EndDate></cac:SettlementPeriod>",
            ),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:SettlementDiscountAmount",
            id="isah SCSN PaymentTerms example: discount amount and dates",
        ),
        pytest.param(
            terms_xml(
                "<cbc:ID>1</cbc:ID><cbc:PaymentMeansID>1</cbc:PaymentMeansID><cbc:PrepaidPaymentReferenceID>INV-123</cbc:PrepaidPaymentReferenceID>",
                "<cbc:Note>Løbende måned + 30 dage</cbc:Note><cbc:ReferenceEventCode>Milepæl</cbc:ReferenceEventCode>",
                "<cbc:SettlementDiscountPercent>5</cbc:SettlementDiscountPercent><cbc:PenaltySurchargePercent>3</cbc:PenaltySurchargePercent>",
            ),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:PenaltySurchargePercent",
            id="OIOUBL PaymentTerms example: penalty surcharge",
        ),
        pytest.param(
            terms_xml("<cbc:Note>Penalty percentage 10% from due date</cbc:Note>"),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="OASIS UBL 2.1 example invoice: penalty percentage in free text",
        ),
        pytest.param(
            terms_xml(
                note(
                    "2 % discount if paid within 2 days\n    Penalty percentage 10% from due date"
                ),
                period(30),
            ),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="EN 16931 UBL example: discount and penalty in free text beside a period",
        ),
        pytest.param(
            terms_xml("<cbc:PaymentDueDate>2026-04-04</cbc:PaymentDueDate>", period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:PaymentDueDate",
            id="a due date belongs to one invoice",
        ),
        pytest.param(
            terms_xml(
                "<cac:SettlementPeriod><cbc:StartDate>2026-01-01</cbc:StartDate></cac:SettlementPeriod>"
            ),
            NotRepresentableError,
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:StartDate",
            id="period start date",
        ),
        pytest.param(
            terms_xml(
                "<cac:SettlementPeriod><cbc:DescriptionCode>EOM</cbc:DescriptionCode></cac:SettlementPeriod>"
            ),
            NotRepresentableError,
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DescriptionCode",
            id="period description code",
        ),
        pytest.param(
            terms_xml(period(2, "WEE")),
            NotRepresentableError,
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure/@unitCode",
            id="weeks",
        ),
        pytest.param(
            terms_xml("<cbc:ReferenceEventCode>45</cbc:ReferenceEventCode>", period(3)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:ReferenceEventCode",
            id="bill of lading event",
        ),
        pytest.param(
            terms_xml(period(9999)),
            NotRepresentableError,
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure",
            id="days beyond the model",
        ),
        pytest.param(
            terms_xml(period(30))
            + terms_xml(
                "<cbc:SettlementDiscountPercent>2.1234567890123456789012</cbc:SettlementDiscountPercent>",
                period(10),
            ),
            NotRepresentableError,
            "PaymentTerms[1]/cbc:SettlementDiscountPercent",
            id="discount percent with 22 decimals",
        ),
        pytest.param(
            terms_xml(
                "<cbc:PaymentPercent>100.0000000000000000001</cbc:PaymentPercent>", period(30)
            ),
            InteropError,
            "PaymentTerms[0]/cbc:PaymentPercent",
            id="percent above 100",
        ),
    ],
)
def test_published_samples_and_refusals(xml: str, error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_ubl(xml)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"ubl: {field} ")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<cac:PaymentTerms xmlns:cac="x"><cbc:Note>&lol2;</cbc:Note></cac:PaymentTerms>"""
EXTERNAL = """<!DOCTYPE t SYSTEM "http://example.invalid/t.dtd"><t/>"""


@pytest.mark.parametrize(
    "xml",
    [
        pytest.param(BILLION_LAUGHS, id="entity expansion (billion laughs)"),
        pytest.param(EXTERNAL, id="external DTD (network)"),
        pytest.param("<!entity x 'y'><t/>", id="lower-case entity declaration"),
        pytest.param("<? xml ?><!  DOCTYPE x><x/>", id="spaced doctype"),
    ],
)
def test_declarations_are_refused_before_parsing(xml: str) -> None:
    with pytest.raises(InteropError, match="without DOCTYPE or ENTITY") as caught:
        read_ubl(xml)
    assert caught.value.field == "(xml)"


# --------------------------------------------------------------------------- round trips

rules = st.one_of(st.builds(NetDays, st.integers(0, 400)), st.builds(NetMonths, st.integers(1, 60)))


@st.composite
def ubl_terms(draw: st.DrawFn) -> PaymentTerms:
    count = draw(st.integers(1, 3))
    cuts = sorted(
        draw(
            st.lists(
                st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2),
                min_size=count - 1,
                max_size=count - 1,
                unique=True,
            )
        )
    )
    points = [Decimal(0), *cuts, Decimal(100)]
    items = []
    for low, high in itertools.pairwise(points):
        rates = sorted(
            draw(
                st.lists(
                    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.3"), places=4),
                    max_size=2,
                    unique=True,
                )
            ),
            reverse=True,
        )
        tiers = tuple(DiscountTier(rate, draw(rules)) for rate in rates)
        items.append(Installment(draw(rules), tiers, share=Percent(high - low)))
    from spendrules._interop._common import finish

    return finish(items, basis=draw(st.sampled_from(Basis)))


@settings(max_examples=200)
@given(terms=ubl_terms())
def test_ubl_round_trip(terms: PaymentTerms) -> None:
    xml = write_ubl(terms)
    assert read_ubl(xml) == terms
    assert write_ubl(read_ubl(xml)) == xml


def test_normal_form_and_writer() -> None:
    loose = f'<?xml version="1.0"?>\n<x:PaymentTerms xmlns:x="{CAC}" xmlns:y="{CBC}">  <y:ID>7</y:ID><x:SettlementPeriod><y:DurationMeasure unitCode="DAY">30.0</y:DurationMeasure></x:SettlementPeriod></x:PaymentTerms>'
    assert write_ubl(read_ubl(loose)) == write_ubl(PaymentTerms.of(NetDays(30)))


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        pytest.param(
            PaymentTerms.of(
                NetDays(30),
                DiscountTier(Decimal("0.02"), NetDays(10)),
                discount_base=DiscountBase.MIXED,
            ),
            "discount_base",
            id="discount base",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=FixedAmount(Decimal(5))), Installment(NetDays(9)))
            ),
            "installments",
            id="fixed amount",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Ratio(Fraction(1, 3))), Installment(NetDays(9)))
            ),
            "installments[0].share",
            id="1/3",
        ),
        pytest.param(
            PaymentTerms.of(DaysAfterEndOfMonth(10)), "installments[0].due", id="end of month"
        ),
        pytest.param(
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), DaysAfterEndOfMonth(10))),
            "installments[0].discounts[0].deadline",
            id="discount to end of month",
        ),
    ],
)
def test_write_ubl_refuses(terms: PaymentTerms, field: str) -> None:
    with pytest.raises(NotRepresentableError) as caught:
        write_ubl(terms)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("xml", "field"),
    [
        pytest.param("<cac:PaymentTerms>", "(xml)", id="unbound prefix, not well formed"),
        pytest.param("<a><b/></a", "(xml)", id="truncated"),
        pytest.param("", "(xml)", id="empty"),
        pytest.param("<Invoice/>", "(xml)", id="document without PaymentTerms"),
        pytest.param(
            terms_xml(period(30)) + "<Note/>", "(xml)", id="PaymentTerms next to another element"
        ),
        pytest.param(
            terms_xml("<cbc:Colour>red</cbc:Colour>", period(30)),
            "PaymentTerms[0]/cbc:Colour",
            id="unknown element",
        ),
        pytest.param(
            terms_xml("<cbc:ID>1</cbc:ID><cbc:ID>2</cbc:ID>", period(30)),
            "PaymentTerms[0]/cbc:ID",
            id="repeated element",
        ),
        pytest.param(
            terms_xml("<cbc:ReferenceEventCode>X</cbc:ReferenceEventCode>", period(30)),
            "PaymentTerms[0]/cbc:ReferenceEventCode",
            id="bad event code",
        ),
        pytest.param(
            terms_xml("<cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent>"),
            "PaymentTerms[0]/cac:SettlementPeriod",
            id="discount without period",
        ),
        pytest.param(
            terms_xml("<cac:SettlementPeriod/>"),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure",
            id="period without duration",
        ),
        pytest.param(
            terms_xml(period(30) + period(20)),
            "PaymentTerms[0]/cac:SettlementPeriod",
            id="two periods",
        ),
        pytest.param(
            terms_xml(
                "<cac:SettlementPeriod><cbc:DurationMeasure unitCode='DAY'>1</cbc:DurationMeasure><cbc:DurationMeasure unitCode='DAY'>2</cbc:DurationMeasure></cac:SettlementPeriod>"
            ),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure",
            id="two durations",
        ),
        pytest.param(
            terms_xml("<cac:SettlementPeriod><cbc:Foo/></cac:SettlementPeriod>"),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:Foo",
            id="unknown period element",
        ),
        pytest.param(
            terms_xml(
                "<cac:SettlementPeriod><cbc:DurationMeasure>30</cbc:DurationMeasure></cac:SettlementPeriod>"
            ),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure/@unitCode",
            id="no unit",
        ),
        pytest.param(
            terms_xml(period("thirty")),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure",
            id="duration not a number",
        ),
        pytest.param(
            terms_xml(period("30.5")),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure",
            id="half a day",
        ),
        pytest.param(
            terms_xml(
                "<cbc:SettlementDiscountPercent>0</cbc:SettlementDiscountPercent>", period(3)
            ),
            "PaymentTerms[0]/cbc:SettlementDiscountPercent",
            id="0 % discount",
        ),
        pytest.param(
            terms_xml("<cbc:PaymentPercent>-5</cbc:PaymentPercent>", period(3)),
            "PaymentTerms[0]/cbc:PaymentPercent",
            id="negative percent",
        ),
        pytest.param(
            terms_xml(
                "<cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent>", period(3)
            ),
            "PaymentTerms",
            id="no net option",
        ),
        pytest.param(
            terms_xml(period(3)) + terms_xml(period(4)), "PaymentTerms", id="two net options"
        ),
        pytest.param(
            terms_xml("<cbc:ID>1</cbc:ID>", period(3)) + terms_xml(period(4)),
            "PaymentTerms/cbc:ID",
            id="ID on some options",
        ),
        pytest.param(
            terms_xml("<cbc:ReferenceEventCode>9</cbc:ReferenceEventCode>", period(3))
            + terms_xml(
                "<cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent>", period(1)
            ),
            "PaymentTerms/cbc:ReferenceEventCode",
            id="events differ",
        ),
        pytest.param(
            terms_xml("<cbc:PaymentPercent>60</cbc:PaymentPercent>", period(3)),
            "PaymentTerms/cbc:PaymentPercent",
            id="single installment of 60 %",
        ),
        pytest.param(
            terms_xml("<cbc:ID>1</cbc:ID><cbc:PaymentPercent>60</cbc:PaymentPercent>", period(3))
            + terms_xml("<cbc:ID>2</cbc:ID>", period(9)),
            "PaymentTerms[1]/cbc:PaymentPercent",
            id="installment without percent",
        ),
        pytest.param(
            terms_xml("<cbc:ID>1</cbc:ID><cbc:PaymentPercent>60</cbc:PaymentPercent>", period(3))
            + terms_xml(
                "<cbc:ID>1</cbc:ID><cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent><cbc:PaymentPercent>40</cbc:PaymentPercent>",
                period(1),
            ),
            "PaymentTerms[1]/cbc:PaymentPercent",
            id="discount option with another percent",
        ),
        pytest.param(
            terms_xml(period(30))
            + terms_xml(
                "<cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent>", period(5)
            )
            + terms_xml(
                "<cbc:SettlementDiscountPercent>2.0</cbc:SettlementDiscountPercent>", period(9)
            ),
            "PaymentTerms/cbc:SettlementDiscountPercent",
            id="equal discount percents",
        ),
    ],
)
def test_malformed_xml(xml: str, field: str) -> None:
    with pytest.raises(InteropError) as caught:
        read_ubl(xml)
    assert type(caught.value) is InteropError
    assert caught.value.field == field


def test_subjects_are_checked() -> None:
    with pytest.raises(TypeError, match="xml must be a str"):
        read_ubl(b"<x/>")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        write_ubl("net 30")  # type: ignore[arg-type]
    ignored = terms_xml(
        "<cbc:PaymentTermsDetailsURI>https://x</cbc:PaymentTermsDetailsURI><cbc:InvoicingPartyReference>r</cbc:InvoicingPartyReference>",
        period(30),
    )
    assert read_ubl(ignored) == PaymentTerms.of(NetDays(30))


# --------------------------------------------------------------------------- cbc:Note: XRechnung Skonto and free text


def test_xrechnung_skonto_in_the_note_joins_the_net_period() -> None:
    """Domain notes D21 (ZUGFeRD 1.0 sample 471102): 3 % 10 days, net 30; invoice 2013-03-05."""
    skonto = "#SKONTO#TAGE=10#PROZENT=3.00#\n"
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
    <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" {NS}>
      <cbc:ID>471102</cbc:ID>
      <cac:PaymentTerms>{note(skonto)}{period(30)}</cac:PaymentTerms>
    </Invoice>"""
    terms = read_ubl(xml)
    item = terms.installments[0]
    assert item.discounts == (DiscountTier(Decimal("0.03"), NetDays(10)),)
    assert (
        item.discounts[0].deadline.due_date(date(2013, 3, 5)),
        item.due.due_date(date(2013, 3, 5)),
    ) == (date(2013, 3, 15), date(2013, 4, 4))
    assert terms == read_xrechnung(skonto, due=NetDays(30)) == parse_terms("3/10 net 30")
    assert write_xrechnung(terms) == skonto
    assert read_ubl(write_ubl(terms)) == terms


def test_skonto_lines_with_free_text_and_structured_tiers() -> None:
    """SAP help example 3/10, 2/30, net 60, stated in Skonto lines, structured, or both."""
    lines = "#SKONTO#TAGE=10#PROZENT=3.00#\n#SKONTO#TAGE=30#PROZENT=2.00#\nZahlbar mit 3 % Skonto\n"
    expected = parse_terms("3/10, 2/30, net 60")
    assert read_ubl(terms_xml(note(lines), period(60))) == expected
    structured = terms_xml(
        "<cbc:SettlementDiscountPercent>3</cbc:SettlementDiscountPercent>", period(10)
    )
    # the same tier stated twice (structured and Skonto) is one tier
    assert read_ubl(terms_xml(period(60)) + structured + terms_xml(note(lines))) == expected
    # Skonto in a Note of its own, on the discount option, or split over two Notes
    assert (
        read_ubl(terms_xml(note(lines[:30]), period(60)) + terms_xml(note(lines[30:]))) == expected
    )
    assert (
        read_ubl(
            terms_xml(period(60))
            + terms_xml(
                "<cbc:SettlementDiscountPercent>3</cbc:SettlementDiscountPercent>",
                note(lines[30:]),
                period(10),
            )
        )
        == expected
    )
    assert (
        read_ubl(terms_xml(note("Bankverbindung siehe unten"), note(lines), period(60))) == expected
    )


def test_free_text_without_term_words_is_ignored() -> None:
    for text in ("Payable within 30 days", "IBAN DE02 1203 0000 0000 2020 51", "", "  "):
        assert read_ubl(terms_xml(note(text), period(30))) == PaymentTerms.of(NetDays(30))


@pytest.mark.parametrize(
    ("xml", "error", "field"),
    [
        pytest.param(
            terms_xml(note("#SKONTO#TAGE=14#PROZENT=2.00#\n")),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="XRechnung UBL: Skonto only, net due date in cbc:DueDate (BT-9)",
        ),
        pytest.param(
            terms_xml(
                "<cbc:ID>1</cbc:ID><cbc:PaymentPercent>50</cbc:PaymentPercent>",
                note("#SKONTO#TAGE=14#PROZENT=2.00#\n"),
                period(30),
            )
            + terms_xml(
                "<cbc:ID>2</cbc:ID><cbc:PaymentPercent>50</cbc:PaymentPercent>", period(60)
            ),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="Skonto with several installments",
        ),
        pytest.param(
            terms_xml(
                "<cbc:ReferenceEventCode>29</cbc:ReferenceEventCode>",
                note("#SKONTO#TAGE=14#PROZENT=2.00#\n"),
                period(30),
            ),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="Skonto days from the invoice date, periods from delivery",
        ),
        pytest.param(
            terms_xml(period(30))
            + terms_xml(
                "<cbc:SettlementDiscountPercent>2</cbc:SettlementDiscountPercent>", period(10)
            )
            + terms_xml(note("#SKONTO#TAGE=14#PROZENT=2.00#\n")),
            NotRepresentableError,
            "PaymentTerms[2]/cbc:Note",
            id="2 % until day 10 structured, until day 14 in the Note",
        ),
        pytest.param(
            terms_xml(note("#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=500.00#\n"), period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note line 1",
            id="BR-DE-18 base amount",
        ),
        pytest.param(
            terms_xml(note("#VERZUG#TAGE=30#PROZENT=9.00#\n"), period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note line 1",
            id="late interest line",
        ),
        pytest.param(
            terms_xml(note("2 % Skonto innerhalb 10 Tagen"), period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="free text with a percent",
        ),
        pytest.param(
            terms_xml(note("Two percent off within ten days"), period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="free text with a percentage in words",
        ),
        pytest.param(
            terms_xml(note("Early payment DISCOUNT available"), period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="free text about a discount",
        ),
        pytest.param(
            terms_xml(note("Escompte pour paiement anticipé : néant"), period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note",
            id="French free text about a cash discount",
        ),
        pytest.param(
            terms_xml(note("Bank transfer"), note("3 Prozent Skonto"), period(30)),
            NotRepresentableError,
            "PaymentTerms[0]/cbc:Note[1]",
            id="second of two Notes",
        ),
        pytest.param(
            terms_xml(note("#SKONTO#TAGE=14#PROZENT=2#\n"), period(30)),
            InteropError,
            "PaymentTerms[0]/cbc:Note line 1",
            id="BR-DE-18: PROZENT without two decimals",
        ),
        pytest.param(
            terms_xml(note("#SKONTO#TAGE=14#PROZENT=2.00#"), period(30)),
            InteropError,
            "PaymentTerms[0]/cbc:Note line 1",
            id="BR-DE-18: no closing line break",
        ),
        pytest.param(
            terms_xml(
                note("#SKONTO#TAGE=14#PROZENT=2.00#\n#SKONTO#TAGE=20#PROZENT=2.00#\n"), period(30)
            ),
            InteropError,
            "PaymentTerms[0]/cbc:Note",
            id="one percent on two Skonto lines",
        ),
    ],
)
def test_notes_are_read_or_refused_never_dropped(
    xml: str, error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as caught:
        read_ubl(xml)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"ubl: {field} ")


skonto_terms = st.builds(
    lambda net, tiers: PaymentTerms.of(NetDays(net), *tiers),
    st.integers(0, 400),
    st.lists(
        st.tuples(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2),
            st.integers(0, 400),
        ),
        min_size=1,
        max_size=3,
        unique_by=lambda pair: pair[0],
    ).map(
        lambda pairs: sorted(
            (DiscountTier(percent / 100, NetDays(days)) for percent, days in pairs),
            key=lambda tier: tier.rate,
            reverse=True,
        )
    ),
)


@settings(max_examples=150)
@given(terms=skonto_terms)
def test_skonto_note_reads_as_the_structured_elements(terms: PaymentTerms) -> None:
    """The discount stated as BR-DE-18 lines in the Note and as UBL elements is one term."""
    net = write_ubl(PaymentTerms.of(terms.installments[0].due))
    with_note = net.replace(
        "<cac:SettlementPeriod>", note(write_xrechnung(terms)) + "<cac:SettlementPeriod>"
    )
    assert read_ubl(with_note) == read_ubl(write_ubl(terms))
    assert read_ubl(with_note) == read_xrechnung(
        write_xrechnung(terms), due=terms.installments[0].due
    )


@pytest.mark.parametrize(
    ("xml", "field"),
    [
        # xsd:decimal (UBL PercentType, MeasureType) allows ASCII digits only.
        pytest.param(
            terms_xml(period("٣٠")),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure",
            id="Arabic-Indic days",
        ),
        pytest.param(
            terms_xml("<cbc:PaymentPercent>１００</cbc:PaymentPercent>", period(30)),
            "PaymentTerms[0]/cbc:PaymentPercent",
            id="full-width percent",
        ),
        pytest.param(
            terms_xml(period("9" * 5000)),
            "PaymentTerms[0]/cac:SettlementPeriod/cbc:DurationMeasure",
            id="5000-digit duration",
        ),
        pytest.param(
            terms_xml(
                "<cbc:SettlementDiscountPercent>0."
                + "0" * 100000
                + "2</cbc:SettlementDiscountPercent>",
                period(10),
            ),
            "PaymentTerms[0]/cbc:SettlementDiscountPercent",
            id="100000 decimal places",
        ),
        pytest.param(terms_xml(period("3\ud8000")), "(xml)", id="lone surrogate in the str"),
    ],
)
def test_numbers_and_text_outside_xml_are_refused(xml: str, field: str) -> None:
    with pytest.raises(InteropError) as caught:
        read_ubl(xml)
    assert type(caught.value) is InteropError
    assert caught.value.field == field


# --------------------------------------------------------------------------- size and time limits


def test_xml_at_the_size_limit_is_read_and_one_character_more_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A 50 MB Note took over 60 s (issue 12); an invoice with its attachments is at most
    # 15 MB on Peppol and OZG-RE, so 20,000,000 characters fit every one they accept.
    xml = terms_xml(period(30))
    at_limit = xml + " " * (ubl.MAX_UBL_LENGTH - len(xml))
    assert len(at_limit) == ubl.MAX_UBL_LENGTH == 20_000_000
    assert read_ubl(at_limit) == PaymentTerms.of(NetDays(30))

    class _Never:
        def search(self, text: str) -> None:  # pragma: no cover - only if the limit fails
            raise AssertionError("the XML was searched before its size was checked")

    monkeypatch.setattr(ubl, "_DECLARATION", _Never())
    with pytest.raises(InteropError) as caught:
        read_ubl(at_limit + " ")
    assert caught.value.field == "(xml)"
    assert caught.value.value == xml[:60]
    assert str(caught.value).startswith(
        "ubl: (xml) must be at most 20,000,000 characters (MAX_UBL_LENGTH), not 20,000,001: "
    )


class _CountingSearch:
    """Wraps a Note pattern, counting searches and the characters searched."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0
        self.characters = 0

    def search(self, text: str) -> re.Match[str] | None:
        self.calls += 1
        self.characters += len(text)
        return self.pattern.search(text)


@pytest.mark.parametrize("line", ["payable within 30 days", "", "   "])
def test_a_long_note_is_searched_once(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each Note is searched once for a Skonto line and once for terms words, whatever its
    # length: the work for 2n lines is twice the work for n.
    work = []
    for lines in (10_000, 20_000):
        hashes = _CountingSearch(ubl._HASH_LINE)
        words = _CountingSearch(ubl._TERMS_TEXT)
        monkeypatch.setattr(ubl, "_HASH_LINE", hashes)
        monkeypatch.setattr(ubl, "_TERMS_TEXT", words)
        text = (line + "\n") * lines
        assert read_ubl(terms_xml(note(text), period(30))) == PaymentTerms.of(NetDays(30))
        work.append((hashes.calls, words.calls, hashes.characters, words.characters))
    size = (len(line) + 1) * 10_000
    assert work == [(1, 1, size, size), (1, 1, 2 * size, 2 * size)]


def test_a_skonto_note_over_the_bt20_limit_is_refused() -> None:
    skonto = "#SKONTO#TAGE=14#PROZENT=2.00#\n"
    padded = skonto + "x" * (MAX_BT20_LENGTH - len(skonto))
    assert read_ubl(terms_xml(note(padded), period(30))) == PaymentTerms.of(
        NetDays(30), DiscountTier(Decimal("0.02"), NetDays(14))
    )
    with pytest.raises(InteropError) as caught:
        read_ubl(terms_xml(note(padded + "x"), period(30)))
    assert caught.value.field == "PaymentTerms[0]/cbc:Note"
    assert caught.value.constraint == "at most 100,000 characters (MAX_BT20_LENGTH), not 100,001"
