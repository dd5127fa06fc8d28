"""X12 ITD segments: element definitions, published examples, round trips, malformed segments."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.interop import (
    InteropError,
    NotRepresentableError,
    normalize_terms,
    read_x12,
    write_x12,
)
from spendrules.payment_terms import (
    Basis,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    FixedAmount,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    Ratio,
    parse_terms,
)


def dates(terms: PaymentTerms, base: date) -> list[date]:
    item = terms.installments[0]
    return [t.deadline.due_date(base) for t in item.discounts] + [item.due.due_date(base)]


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        pytest.param(
            "ITD**3*1**10**30~",
            date(2026, 3, 5),
            [date(2026, 3, 15), date(2026, 4, 4)],
            id="Hershey 810 I/C example ITD**3*1**10**30 (no ITD01)",
        ),
        pytest.param(
            "ITD*01*3*2**10**30~",
            date(2026, 3, 15),
            [date(2026, 3, 25), date(2026, 4, 14)],
            id="2/10 net 30 (AccountingTools x/y net z)",
        ),
        pytest.param(
            "ITD*02*1*2**10**30~",
            date(2026, 6, 16),
            [date(2026, 7, 10), date(2026, 7, 30)],
            id="D20 Monash/AMA EOM dating: shipped June 16",
        ),
        pytest.param(
            "ITD*09*3***********10~",
            date(2026, 3, 15),
            [date(2026, 4, 10)],
            id="EDI-L ITD-09 Proximo: net 10th prox",
        ),
        pytest.param(
            "ITD*09*3*1****30******10~",
            date(2026, 3, 15),
            [date(2026, 4, 10), date(2026, 4, 14)],
            id="1 % 10th prox, net 30 days",
        ),
        pytest.param(
            "ITD*09*3*2**10********15~",
            date(2026, 3, 20),
            [date(2026, 3, 30), date(2026, 4, 15)],
            id="2/10 net 15th prox: ITD05 discount days, ITD13 net day of next month",
        ),
        pytest.param(
            "ITD*09*3*2**10********15~",
            date(2026, 1, 31),
            [date(2026, 2, 10), date(2026, 2, 15)],
            id="2/10 net 15th prox from the 31st: the next month is February",
        ),
        pytest.param(
            "ITD*09*3*3**10********25~\nITD*09*3*1**20********25~",
            date(2026, 3, 2),
            [date(2026, 3, 12), date(2026, 3, 22), date(2026, 4, 25)],
            id="3/10, 1/20, net 25th prox: two tiers repeat the proximo day",
        ),
        pytest.param(
            "ITD*12*3~",
            date(2026, 2, 10),
            [date(2026, 3, 10)],
            id="X12 336 code 12: 10 days after end of month",
        ),
        pytest.param(
            "ITD*10*3~", date(2026, 2, 10), [date(2026, 2, 10)], id="X12 336 code 10: instant"
        ),
        pytest.param(
            "ITD*05*3*****45~",
            date(2026, 1, 1),
            [date(2026, 2, 15)],
            id="X12 336 code 05: discount not applicable",
        ),
        pytest.param(
            "ITD*08*3*2**10**30~",
            date(2026, 1, 1),
            [date(2026, 1, 11), date(2026, 1, 31)],
            id="X12 336 code 08: basic discount offered",
        ),
        pytest.param(
            "ITD*01*3*3**10**60~\nITD*01*3*2**30**60~",
            date(2026, 3, 2),
            [date(2026, 3, 12), date(2026, 4, 1), date(2026, 5, 1)],
            id="two ITD segments: 3/10, 2/30, net 60 (SAP help example)",
        ),
    ],
)
def test_x12_published_dates(text: str, base: date, expected: list[date]) -> None:
    assert dates(read_x12(text), base) == expected


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        pytest.param("1", Basis.SHIPMENT, id="ediacademy ITD02 1 ship date"),
        pytest.param("2", Basis.DELIVERY, id="ediacademy ITD02 2 delivery date"),
        pytest.param("3", Basis.INVOICE, id="ediacademy ITD02 3 invoice date"),
        pytest.param("4", Basis.SPECIFIED, id="ediacademy ITD02 4 specified date"),
        pytest.param("5", Basis.INVOICE_RECEIPT, id="ediacademy ITD02 5 invoice receipt date"),
        pytest.param("09", Basis.ORDER, id="ediacademy ITD02 09 PO date"),
        pytest.param("15", Basis.GOODS_RECEIPT, id="ediacademy ITD02 15 receipt of goods"),
    ],
)
def test_x12_basis_codes(code: str, basis: Basis) -> None:
    terms = read_x12(f"ITD*01*{code}*****30~")
    assert terms.basis is basis
    assert write_x12(terms) == f"ITD*01*{code}*****30~"


def test_x12_installments_and_separators() -> None:
    text = "ITD*04*3*2**10**30****40~\nITD*04*3*****60****60~"
    terms = read_x12(text)
    assert terms == PaymentTerms(
        (
            Installment(
                NetDays(30),
                (DiscountTier(Decimal("0.02"), NetDays(10)),),
                share=Percent(Decimal(40)),
            ),
            Installment(NetDays(60)),
        )
    )
    assert write_x12(terms) == text
    assert read_x12(
        "ITD|01|3|2||10||30\n", element_separator="|", segment_terminator="\n"
    ) == parse_terms("2/10 net 30")
    assert (
        write_x12(parse_terms("2/10 net 30"), element_separator="|", segment_terminator="'")
        == "ITD|01|3|2||10||30'"
    )


def test_x12_ignores_description_and_payment_method() -> None:
    terms = read_x12("ITD*01*3*2**10**30*****2% 10 NET 30**C~")
    assert write_x12(terms) == "ITD*01*3*2**10**30~"


def test_x12_writer_uses_equivalent_forms() -> None:
    assert write_x12(PaymentTerms.of(DaysEndOfMonthOn(0, 10))) == "ITD*02*3*****10~"
    assert write_x12(PaymentTerms.of(DaysAfterEndOfMonth(0, months=1))) == "ITD*09*3***********31~"
    assert (
        write_x12(parse_terms("1/10 EOM net 30; from invoice date")) == "ITD*09*3*1****30******10~"
    )
    assert write_x12(parse_terms("net 60 EOM")) == "ITD*02*3*****60~"


def test_x12_writes_discount_days_with_a_proximo_net_day() -> None:
    """2/10 net 15th prox: ITD05 holds the discount days and ITD13 the net day (X12 ITD definitions)."""
    terms = PaymentTerms.of(
        DayOfMonth(15, months_ahead=1), DiscountTier(Decimal("0.02"), NetDays(10))
    )
    assert write_x12(terms) == "ITD*09*3*2**10********15~"
    assert read_x12(write_x12(terms)) == terms
    # ITD13 holds one day: a proximo discount day and a proximo net day do not share it,
    # so the writer falls back to the equivalent end-of-month form (type 02)
    both = PaymentTerms.of(
        DayOfMonth(25, months_ahead=1), DiscountTier(Decimal("0.01"), DayOfMonth(10))
    )
    assert write_x12(both) == "ITD*02*3*1**10**25~"
    assert normalize_terms(read_x12(write_x12(both))) == normalize_terms(both)


# --------------------------------------------------------------------------- round trips

codes = st.sampled_from(["1", "2", "3", "4", "5", "09", "15"])
percent_values = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("30"), places=2)


def _r(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _segment(values: dict[int, str]) -> str:
    last = max(values)
    return "*".join(["ITD", *(values.get(n, "") for n in range(1, last + 1))]) + "~"


@st.composite
def itd(draw: st.DrawFn) -> str:
    """ITD segments in normal form (as write_x12 writes them)."""
    code = draw(codes)
    if draw(st.integers(0, 3)) == 0:
        count = draw(st.integers(2, 3))
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
        segments = []
        for low, high in itertools.pairwise(points):
            values = {1: "04", 2: code, 7: str(draw(st.integers(0, 999))), 11: _r(high - low)}
            if draw(st.booleans()):
                values |= {3: _r(draw(percent_values)), 5: str(draw(st.integers(0, 999)))}
            segments.append(_segment(values))
        return "\n".join(segments)
    kind = draw(st.sampled_from(["01", "02", "09"]))
    rates = sorted(draw(st.lists(percent_values, max_size=3, unique=True)), reverse=True)
    if kind == "09" and not rates:
        return _segment({1: "09", 2: code, 13: str(draw(st.integers(1, 31)))})
    if kind == "09" and draw(st.booleans()):
        # the net on a day of next month (ITD13), every tier in discount days (ITD05)
        net_day = str(draw(st.integers(1, 31)))
        return "\n".join(
            _segment(
                {1: "09", 2: code, 3: _r(rate), 5: str(draw(st.integers(0, 999))), 13: net_day}
            )
            for rate in rates
        )
    net = {7: str(draw(st.integers(0, 999)))}
    proximo = draw(st.integers(0, len(rates) - 1)) if kind == "09" else -1
    segments = []
    for index, rate in enumerate(rates or [None]):
        values = {1: kind, 2: code, **net}
        if rate is not None:
            values[3] = _r(rate)
            if kind == "09" and (index == proximo or draw(st.booleans())):
                values[13] = str(draw(st.integers(1, 31)))
            else:
                values[5] = str(draw(st.integers(0, 999)))
        segments.append(_segment(values))
    return "\n".join(segments)


@settings(max_examples=250)
@given(text=itd())
def test_x12_round_trip_of_every_segment_shape(text: str) -> None:
    terms = read_x12(text)
    assert write_x12(terms) == text
    assert read_x12(write_x12(terms)) == terms


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        pytest.param("ITD**3*1**10**30~", "ITD*01*3*1**10**30~", id="ITD01 absent reads as 01"),
        pytest.param(
            "ITD*01**1**10**30~", "ITD*01*3*1**10**30~", id="ITD02 absent reads as invoice date"
        ),
        pytest.param("ITD*08*3*2**10**30~", "ITD*01*3*2**10**30~", id="08 normalises to 01"),
        pytest.param("ITD*05*3*****30~", "ITD*01*3*****30~", id="05 normalises to 01"),
        pytest.param("ITD*10*3~", "ITD*01*3*****0~", id="10 normalises to net 0"),
        pytest.param("ITD*12*3*****10~", "ITD*02*3*****10~", id="12 normalises to 02 with 10 days"),
        pytest.param(
            "ITD*01*3*2.00**10**30~", "ITD*01*3*2**10**30~", id="R values without trailing zeros"
        ),
        pytest.param(
            "ITD*01*3*2**30**60~ITD*01*3*3**10**60~",
            "ITD*01*3*3**10**60~\nITD*01*3*2**30**60~",
            id="tiers by falling percent",
        ),
        pytest.param("ITD*09*3*2**10**30~", "ITD*01*3*2**10**30~", id="09 with days only is 01"),
        pytest.param(
            "ITD*09*3*****30~", "ITD*01*3*****30~", id="09 net days without discount is 01"
        ),
    ],
)
def test_x12_normal_form(text: str, normal: str) -> None:
    assert write_x12(read_x12(text)) == normal


# --------------------------------------------------------------------------- writing what ITD cannot hold


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
            PaymentTerms.of(DaysEndOfMonthOn(30, 10)),
            "installments[0]",
            id="N days EOM on the 10th",
        ),
        pytest.param(PaymentTerms.of(NetDays(1000)), "installments[0]", id="1000 days (N0 1/3)"),
        pytest.param(
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.01234567"), NetDays(10))),
            "installments[0].discounts[0].rate",
            id="ITD03 of 7 digits (R 1/6)",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=FixedAmount(Decimal(5))), Installment(NetDays(9)))
            ),
            "installments",
            id="fixed amount (ITD10 needs the total)",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Ratio(Fraction(1, 3))), Installment(NetDays(9)))
            ),
            "installments[0].share",
            id="1/3",
        ),
        pytest.param(
            PaymentTerms(
                (
                    Installment(NetDays(0), share=Percent(Decimal("12.3456"))),
                    Installment(NetDays(9)),
                )
            ),
            "installments[0].share",
            id="ITD11 of 6 digits (R 1/5)",
        ),
        pytest.param(
            PaymentTerms(
                (
                    Installment(
                        NetDays(0),
                        (
                            DiscountTier(Decimal("0.03"), NetDays(1)),
                            DiscountTier(Decimal("0.02"), NetDays(2)),
                        ),
                        share=Percent(Decimal(50)),
                    ),
                    Installment(NetDays(9)),
                )
            ),
            "installments[0].discounts",
            id="two tiers on an installment",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(DayOfMonth(10), share=Percent(Decimal(50))), Installment(NetDays(9)))
            ),
            "installments[0]",
            id="installment due on a day of month",
        ),
    ],
)
def test_write_x12_refuses(terms: PaymentTerms, field: str) -> None:
    with pytest.raises(NotRepresentableError) as caught:
        write_x12(terms)
    assert caught.value.field == field


def test_every_basis_has_a_code() -> None:
    for basis in Basis:
        assert read_x12(write_x12(PaymentTerms.of(NetDays(5), basis=basis))).basis is basis


# --------------------------------------------------------------------------- malformed segments


@pytest.mark.parametrize(
    ("text", "error", "field"),
    [
        pytest.param("", InteropError, "ITD", id="empty"),
        pytest.param(
            "BIG*20260101~ITD*01*3*****30~", InteropError, "segment[0]", id="not an ITD segment"
        ),
        pytest.param("ITD" + "*1" * 16 + "~", InteropError, "ITD[0]", id="16 elements"),
        pytest.param("ITD*03*3*****30~", NotRepresentableError, "ITD[0].ITD01", id="03 fixed date"),
        pytest.param(
            "ITD*14*3~", NotRepresentableError, "ITD[0].ITD01", id="14 previously agreed upon"
        ),
        pytest.param("ITD*AB*3~", InteropError, "ITD[0].ITD01", id="unknown terms type"),
        pytest.param(
            "ITD*01*6*****30~",
            NotRepresentableError,
            "ITD[0].ITD02",
            id="anticipated delivery basis",
        ),
        pytest.param("ITD*01*X*****30~", InteropError, "ITD[0].ITD02", id="unknown basis"),
        pytest.param(
            "ITD*01*3*2****30~",
            InteropError,
            "ITD[0].ITD05",
            id="stedi L03040513: ITD03 without ITD04/05/13",
        ),
        pytest.param(
            "ITD*01*3*2*20260115***30~",
            NotRepresentableError,
            "ITD[0].ITD04",
            id="discount due date",
        ),
        pytest.param(
            "ITD*01*3****20260215~", NotRepresentableError, "ITD[0].ITD06", id="net due date"
        ),
        pytest.param(
            "ITD*01*3*2**10**30*500~", NotRepresentableError, "ITD[0].ITD08", id="discount amount"
        ),
        pytest.param(
            "ITD*04*3*******20260215*5000~",
            NotRepresentableError,
            "ITD[0].ITD09",
            id="deferred due date",
        ),
        pytest.param(
            "ITD*04*3********5000~", NotRepresentableError, "ITD[0].ITD10", id="deferred amount"
        ),
        pytest.param(
            "ITD*01*3*****30********1.5~", NotRepresentableError, "ITD[0].ITD15", id="late charge"
        ),
        pytest.param(
            "ITD*01*3***10**30~", InteropError, "ITD[0].ITD05", id="discount days without percent"
        ),
        pytest.param("ITD*08*3*****30~", InteropError, "ITD[0].ITD03", id="08 without discount"),
        pytest.param("ITD*05*3*2**10**30~", InteropError, "ITD[0].ITD03", id="05 with a discount"),
        pytest.param("ITD*01*3*0**10**30~", InteropError, "ITD[0].ITD03", id="0 % discount"),
        pytest.param("ITD*01*3*100**10**30~", InteropError, "ITD[0].ITD03", id="100 % discount"),
        pytest.param(
            "ITD*01*3*1234567**10**30~", InteropError, "ITD[0].ITD03", id="ITD03 of 7 digits"
        ),
        pytest.param(
            "ITD*01*3*two**10**30~", InteropError, "ITD[0].ITD03", id="ITD03 not a number"
        ),
        pytest.param("ITD*01*3*2**1000**30~", InteropError, "ITD[0].ITD05", id="ITD05 of 4 digits"),
        pytest.param("ITD*01*3*2**-5**30~", InteropError, "ITD[0].ITD05", id="negative ITD05"),
        pytest.param("ITD*01*3*2**10~", InteropError, "ITD[0].ITD07", id="no net days"),
        pytest.param(
            "ITD*01*3*2**10**30******10~",
            NotRepresentableError,
            "ITD[0].ITD13",
            id="day of month outside 09",
        ),
        pytest.param("ITD*09*3~", InteropError, "ITD[0].ITD13", id="09 without day or days"),
        pytest.param(
            "ITD*09*3*****30******10~",
            NotRepresentableError,
            "ITD[0].ITD13",
            id="09 with day and days: two net rules",
        ),
        pytest.param("ITD*09*3***********32~", InteropError, "ITD[0].ITD13", id="09 day 32"),
        pytest.param(
            "ITD*09*3*2**10**30******10~",
            NotRepresentableError,
            "ITD[0].ITD13",
            id="09 discount days, net days and a day: two net rules",
        ),
        pytest.param(
            "ITD*09*3*2**10********0~",
            InteropError,
            "ITD[0].ITD13",
            id="09 discount days and net day 0",
        ),
        pytest.param(
            "ITD*09*3*2**10********32~",
            InteropError,
            "ITD[0].ITD13",
            id="09 discount days and net day 32",
        ),
        pytest.param(
            "ITD*09*3*2**10********15~ITD*09*3*1**20**30~",
            InteropError,
            "ITD[*]",
            id="09 tiers with a proximo net day and with net days",
        ),
        pytest.param(
            "ITD*09*3*2****30******0~", InteropError, "ITD[0].ITD13", id="09 discount day 0"
        ),
        pytest.param("ITD*10*3*****5~", InteropError, "ITD[0].ITD07", id="10 with net days"),
        pytest.param("ITD*12*3*****30~", InteropError, "ITD[0].ITD07", id="12 with 30 days"),
        pytest.param(
            "ITD*01*3*****30****50~", InteropError, "ITD[0].ITD11", id="percent payable outside 04"
        ),
        pytest.param("ITD*04*3*****30~", InteropError, "ITD[0].ITD11", id="04 without percent"),
        pytest.param("ITD*04*3*****30****0~", InteropError, "ITD[0].ITD11", id="04 with 0 %"),
        pytest.param(
            "ITD*04*3*****30****60~", InteropError, "ITD[*].ITD11", id="installments add up to 60"
        ),
        pytest.param(
            "ITD*04*3*****30****50~ITD*01*3*****30~",
            InteropError,
            "ITD[*].ITD01",
            id="04 mixed with 01",
        ),
        pytest.param(
            "ITD*01*3*****30~ITD*01*1*****30~", InteropError, "ITD[*].ITD02", id="bases differ"
        ),
        pytest.param(
            "ITD*01*3*2**10**30~ITD*01*3*1**20**45~", InteropError, "ITD[*]", id="net terms differ"
        ),
        pytest.param(
            "ITD*01*3*2**10**30~ITD*01*3*****30~",
            InteropError,
            "ITD[*].ITD03",
            id="second segment without discount",
        ),
        pytest.param(
            "ITD*01*3*2**10**30~ITD*01*3*2**20**30~",
            InteropError,
            "ITD[*].ITD03",
            id="equal discount percents",
        ),
        pytest.param("ITD*01*3*****9999~", InteropError, "ITD[0].ITD07", id="ITD07 of 4 digits"),
    ],
)
def test_malformed_segments(text: str, error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_x12(text)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"x12: {field} ")


def test_subjects_are_checked() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        read_x12(b"ITD*01*3*****30~")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        write_x12("net 30")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "field"),
    [
        # ITD03 is R (decimal, ASCII digits) and ITD11 R 1/5 (X12 ITD, stedi/kasoftware).
        pytest.param("ITD*01*3*٢**10**30~", "ITD[0].ITD03", id="Arabic-Indic ITD03"),
        pytest.param("ITD*01*3*２**10**30~", "ITD[0].ITD03", id="full-width ITD03"),
        pytest.param(
            "ITD*04*3*****30****５０~ITD*04*3*****60****50~", "ITD[0].ITD11", id="full-width ITD11"
        ),
    ],
)
def test_non_ascii_digits_are_refused(text: str, field: str) -> None:
    with pytest.raises(InteropError) as caught:
        read_x12(text)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("options", "field"),
    [
        pytest.param({"element_separator": ""}, "element_separator", id="empty separator"),
        pytest.param({"element_separator": "**"}, "element_separator", id="two characters"),
        pytest.param({"segment_terminator": "I"}, "segment_terminator", id="a letter"),
        pytest.param({"element_separator": "~"}, "segment_terminator", id="both the same"),
    ],
)
def test_delimiters_are_checked_by_reader_and_writer(options: dict[str, str], field: str) -> None:
    for call in (
        lambda: read_x12("ITD*01*3*****30~", **options),
        lambda: write_x12(PaymentTerms.of(NetDays(30)), **options),
    ):
        with pytest.raises(InteropError) as caught:
            call()
        assert type(caught.value) is InteropError
        assert caught.value.field == field
    with pytest.raises(TypeError, match="element_separator must be a str"):
        read_x12("ITD*01*3*****30~", element_separator=None)  # type: ignore[arg-type]


def test_other_delimiters_round_trip() -> None:
    # ISA16/ISA-defined delimiters vary by trading partner; a newline terminator is common.
    text = "ITD|01|3|2||10||30\n"
    terms = read_x12(text, element_separator="|", segment_terminator="\n")
    assert terms == PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(10)))
    assert write_x12(terms, element_separator="|", segment_terminator="\n") == text
