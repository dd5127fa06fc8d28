"""The notation of spendrules.payment_terms: every form the issue lists, its errors, and linear time."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from spendrules._terms import notation as notation_module
from spendrules._terms import parser as parser_module
from spendrules.errors import AmbiguousTermsError, InvalidInputError, ParseError
from spendrules.payment_terms import (
    Advance,
    Basis,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    Dialect,
    DiscountBase,
    DiscountTier,
    EomDating,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentDays,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
    format_terms,
    parse_terms,
)

D = Decimal


def one(due: Any, *tiers: tuple[str, Any], **kwargs: Any) -> PaymentTerms:
    return PaymentTerms.of(due, *(DiscountTier(D(rate), rule) for rate, rule in tiers), **kwargs)


NET30 = one(NetDays(30))
TWO_TEN_NET_30 = one(NetDays(30), ("0.02", NetDays(10)))

NOTATIONS = [
    # x/y net z: AccountingTools "Credit terms and the cost of credit"
    pytest.param("Net 30", NET30, id="Net 30 AccountingTools"),
    pytest.param("N30", NET30, id="N30 wiki.robotz"),
    pytest.param("net 30 days", NET30, id="net 30 days"),
    pytest.param("NET30", NET30, id="NET30 glued"),
    pytest.param("  net\t30  ", NET30, id="spacing"),
    pytest.param("30 days", NET30, id="30 days without net"),
    pytest.param("2/10 net 30", TWO_TEN_NET_30, id="2/10 net 30 AccountingTools"),
    pytest.param("2/10, n/30", TWO_TEN_NET_30, id="2/10, n/30 AccountingTools"),
    pytest.param("2% 10 net 30", TWO_TEN_NET_30, id="2% 10 net 30"),
    pytest.param("2 % 10 days, net 30", TWO_TEN_NET_30, id="2 % 10 days, net 30"),
    pytest.param("2% within 10 days net 30", TWO_TEN_NET_30, id="2% within 10 days"),
    pytest.param(
        "1/10 EOM net 30 from invoice date",
        one(NetDays(30), ("0.01", EomDating(10))),
        id="1/10 EOM net 30 Monash/AMA EOM dating, net from the invoice date",
    ),
    pytest.param("net 60 EOM", one(EomDating(60)), id="net 60 EOM"),
    pytest.param("EOM", one(EomDating(0)), id="EOM wiki.robotz Net EOM"),
    pytest.param("net EOM", one(EomDating(0)), id="net EOM"),
    pytest.param("net 30, EOM", one(EomDating(30)), id="net 30, EOM"),
    pytest.param("net 30 days EOM", one(EomDating(30)), id="net 30 days EOM"),
    pytest.param("net EOM+20", one(EomDating(20)), id="net EOM+20"),
    pytest.param(
        "net 30 EOM cutoff 25",
        one(EomDating(30, late_cutoff_day=25)),
        id="EOM 25th rule design-marketing-dictionary",
    ),
    pytest.param(
        "2/10 EOM cutoff 25th net 30 EOM",
        one(EomDating(30), ("0.02", EomDating(10, late_cutoff_day=25))),
        id="tier EOM cutoff",
    ),
    pytest.param("net 10th prox", one(DayOfMonth(10)), id="net 10th prox scimplified"),
    pytest.param("net the 10th proximo", one(DayOfMonth(10)), id="proximo"),
    pytest.param("net 10th of next month", one(DayOfMonth(10)), id="10th of next month"),
    pytest.param(
        "net 10th of the following month", one(DayOfMonth(10)), id="10th of the following month"
    ),
    pytest.param(
        "net 25th of this month", one(DayOfMonth(25, months_ahead=0)), id="25th of this month"
    ),
    pytest.param(
        "net 25th of current month", one(DayOfMonth(25, months_ahead=0)), id="25th of current month"
    ),
    pytest.param(
        "net 15th of month +3",
        one(DayOfMonth(15, months_ahead=3)),
        id="SAP net the 15th in three months",
    ),
    pytest.param(
        "net 20th prox cutoff 12", one(DayOfMonth(20, cutoff_day=12)), id="Zuora prox cutoff"
    ),
    pytest.param(
        "2% 10th prox net 30",
        one(DayOfMonth(30), ("0.02", DayOfMonth(10))),
        id="2% 10th prox net 30 scimplified",
    ),
    pytest.param(
        "2% 10th prox, net 30 days",
        one(NetDays(30), ("0.02", DayOfMonth(10))),
        id="prox discount with net in days",
    ),
    pytest.param(
        "3/10, 2/30, net 60",
        one(NetDays(60), ("0.03", NetDays(10)), ("0.02", NetDays(30))),
        id="3/10, 2/30, net 60 SAP help cash discount",
    ),
    pytest.param(
        "2.5/10 net 30", one(NetDays(30), ("0.025", NetDays(10))), id="fractional percent"
    ),
    pytest.param("COD", one(NetDays(0), basis=Basis.DELIVERY), id="COD wiki.robotz"),
    pytest.param("cod", one(NetDays(0), basis=Basis.DELIVERY), id="cod lower case"),
    pytest.param("CWO", one(NetDays(0), basis=Basis.ORDER), id="CWO wiki.robotz"),
    pytest.param("CIA", one(Advance()), id="CIA wiki.robotz"),
    pytest.param("ROI", one(NetDays(0)), id="ROI wiki.robotz"),
    pytest.param("due on receipt", one(NetDays(0)), id="due on receipt"),
    pytest.param("Due upon receipt", one(NetDays(0)), id="due upon receipt"),
    pytest.param("immediate", one(NetDays(0)), id="immediate Odoo"),
    pytest.param("net 0", one(NetDays(0)), id="net 0"),
    pytest.param("advance", one(Advance()), id="advance"),
    pytest.param("in advance", one(Advance()), id="in advance"),
    pytest.param(
        "30% advance, 70% net 30",
        PaymentTerms(
            (
                Installment(Advance(), share=Percent(D(30))),
                Installment(NetDays(30), share=Percent(D(70))),
            )
        ),
        id="30% advance, 70% net 30",
    ),
    pytest.param(
        "30% due on receipt; balance net 30",
        PaymentTerms((Installment(NetDays(0), share=Percent(D(30))), Installment(NetDays(30)))),
        id="due on receipt installment",
    ),
    pytest.param(
        "1/3 of total net 30, 1/3 of the total net 60, rest net 90",
        PaymentTerms(
            (
                Installment(NetDays(30), share=Ratio(Fraction(1, 3))),
                Installment(NetDays(60), share=Ratio(Fraction(1, 3))),
                Installment(NetDays(90)),
            )
        ),
        id="Tryton exact ratios",
    ),
    pytest.param(
        "fixed 200.00 net 0, remainder 2/10 net 30",
        PaymentTerms(
            (
                Installment(NetDays(0), share=FixedAmount(D(200))),
                Installment(NetDays(30), (DiscountTier(D("0.02"), NetDays(10)),)),
            )
        ),
        id="fixed and remainder",
    ),
    pytest.param(
        "30 days end of month",
        one(DaysEndOfMonthOn(30)),
        id="30 days end of month (30 jours fin de mois)",
    ),
    pytest.param(
        "60 days end of month on the 10th",
        one(DaysEndOfMonthOn(60, day=10)),
        id="60 days end of month on the 10th Odoo",
    ),
    pytest.param(
        "net 60 days end of the month on 10", one(DaysEndOfMonthOn(60, day=10)), id="on 10"
    ),
    pytest.param(
        "net 10 days after end of month",
        one(DaysAfterEndOfMonth(10)),
        id="Odoo days_after_end_of_month",
    ),
    pytest.param(
        "net 10 days after the end of the invoice month",
        one(DaysAfterEndOfMonth(10)),
        id="ERPNext after the end of the invoice month",
    ),
    pytest.param(
        "net 10 days after end of next month",
        one(DaysAfterEndOfMonth(10, months=1)),
        id="Odoo days_after_end_of_next_month",
    ),
    pytest.param(
        "net 5 days after end of following month",
        one(DaysAfterEndOfMonth(5, months=1)),
        id="following month",
    ),
    pytest.param(
        "net end of month +2",
        one(DaysAfterEndOfMonth(0, months=2)),
        id="ERPNext months after end of invoice month",
    ),
    pytest.param(
        "net monthly", one(DaysAfterEndOfMonth(0, months=1)), id="net monthly wiki.robotz"
    ),
    pytest.param("net 2 months", one(NetMonths(2)), id="net 2 months"),
    pytest.param("net 1 month", one(NetMonths(1)), id="net 1 month"),
    pytest.param(
        "net 30 payment days 5 and 20",
        one(PaymentDays((5, 20), after=NetDays(30))),
        id="OCA payment days",
    ),
    pytest.param(
        "net 30 payment days 5th, 15th and 25th",
        one(PaymentDays((5, 15, 25), after=NetDays(30))),
        id="payment days ordinals",
    ),
    pytest.param(
        "net (to 15: 31st of this month; to 31: net 15th prox)",
        one(
            DayLimit(
                (
                    DayLimitEntry(15, DayOfMonth(31, months_ahead=0)),
                    DayLimitEntry(31, DayOfMonth(15)),
                )
            )
        ),
        id="SAP day limits 4.6C",
    ),
    pytest.param(
        "2% (to 15: 25th of this month, to 31: advance) net 30",
        one(
            NetDays(30),
            (
                "0.02",
                DayLimit(
                    (
                        DayLimitEntry(15, DayOfMonth(25, months_ahead=0)),
                        DayLimitEntry(31, Advance()),
                    )
                ),
            ),
        ),
        id="day limits in a tier",
    ),
    pytest.param(
        "net 30; from delivery", one(NetDays(30), basis=Basis.DELIVERY), id="from delivery"
    ),
    pytest.param(
        "net 30 from goods receipt",
        one(NetDays(30), basis=Basis.GOODS_RECEIPT),
        id="from goods receipt",
    ),
    pytest.param(
        "net 30, from invoice receipt",
        one(NetDays(30), basis=Basis.INVOICE_RECEIPT),
        id="from invoice receipt",
    ),
    pytest.param("net 30 from invoice date", NET30, id="from invoice date"),
    pytest.param("net 30 from invoice", NET30, id="from invoice"),
    pytest.param("net 30 from order", one(NetDays(30), basis=Basis.ORDER), id="from order"),
    pytest.param(
        "net 30 from shipment", one(NetDays(30), basis=Basis.SHIPMENT), id="from shipment"
    ),
    pytest.param(
        "net 30 from specified date",
        one(NetDays(30), basis=Basis.SPECIFIED),
        id="from specified date",
    ),
    pytest.param(
        "2/10 net 30; discount before tax",
        one(NetDays(30), ("0.02", NetDays(10)), discount_base=DiscountBase.NET_OF_TAX),
        id="discount before tax",
    ),
    pytest.param("2/10 net 30 discount on gross", TWO_TEN_NET_30, id="discount on gross"),
    pytest.param(
        "2/10 net 30; discount mixed; from delivery",
        one(
            NetDays(30),
            ("0.02", NetDays(10)),
            discount_base=DiscountBase.MIXED,
            basis=Basis.DELIVERY,
        ),
        id="discount then basis",
    ),
    pytest.param(
        "COD; discount mixed",
        one(NetDays(0), basis=Basis.DELIVERY, discount_base=DiscountBase.MIXED),
        id="special with discount base",
    ),
    pytest.param("net 30,", NET30, id="trailing comma"),
    pytest.param(
        "2% until EOM payment days 5 net 30",
        one(NetDays(30), ("0.02", PaymentDays((5,), after=EomDating(0)))),
        id="tier until",
    ),
    pytest.param(
        "100% net 30",
        PaymentTerms((Installment(NetDays(30), share=Percent(D(100))),)),
        id="single percent share",
    ),
]


@pytest.mark.parametrize(("text", "expected"), NOTATIONS)
def test_notation(text: str, expected: PaymentTerms) -> None:
    assert parse_terms(text) == expected
    assert parse_terms(format_terms(expected)) == expected


CANONICAL = [
    ("2% 10 NET 30 days", "2/10 net 30"),
    ("3/10 2/30 net 60", "3/10, 2/30, net 60"),
    ("2% 10th prox net 30", "2% 10th prox net 30th prox"),
    ("2% 10th prox net 30 days", "2% 10th prox net 30 days"),
    ("30 days end of month", "30 days end of month"),
    ("2/10 30 days end of month", "2/10 net 30 days end of month"),
    (
        "50% net 30 days end of month, balance net 60",
        "50% net 30 days end of month, balance net 60",
    ),
    ("net 30 payment days 5, 20", "net 30 payment days 5 and 20"),
    ("net 30 payment days 5 and 15 and 25", "net 30 payment days 5, 15 and 25"),
    ("2/10 net EOM+20", "2/10 net EOM+20"),
    ("2/10 EOM net 20 EOM", "2/10 EOM net 20 EOM"),
    ("net monthly", "net end of next month"),
    ("net 10 days after end of month +2", "net 10 days after end of month +2"),
    (
        "net (to 15: 10 days payment days 5; to 31: EOM)",
        "net (to 15: 10 days payment days 5; to 31: EOM)",
    ),
    ("net 30 from shipment", "net 30; from shipment"),
    ("net 0 from delivery", "COD"),
    ("net 0 from goods receipt", "net 0; from goods receipt"),
    ("advance from delivery", "advance; from delivery"),
    ("2% 1 month net 2 months", "2% 1 month net 2 months"),
    ("2% 10 days after end of month net 60", "2% 10 days after end of month net 60"),
    ("fixed 10.50 net 0, balance net 30", "fixed 10.5 net 0, balance net 30"),
    ("12.50% net 0, balance net 30", "12.5% net 0, balance net 30"),
]


@pytest.mark.parametrize(("text", "canonical"), CANONICAL)
def test_canonical_text(text: str, canonical: str) -> None:
    assert format_terms(parse_terms(text)) == canonical
    assert parse_terms(canonical) == parse_terms(text)


def test_format_writes_any_model_term() -> None:
    terms = PaymentTerms(
        (
            Installment(Advance(), share=Percent(D("0.5"))),
            Installment(
                PaymentDays((5,), after=EomDating(0, late_cutoff_day=20)),
                (DiscountTier(D("1E-10"), EomDating(0)),),
                share=Percent(D("99.5")),
            ),
        )
    )
    text = format_terms(terms)
    assert text == "0.5% advance, 99.5% 0.00000001/0 EOM net EOM cutoff 20 payment days 5"
    assert parse_terms(text) == terms
    with pytest.raises(TypeError, match="terms must be PaymentTerms"):
        format_terms("net 30")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- ambiguity and dialects


def test_n10_prox_is_ambiguous_unless_the_dialect_settles_it() -> None:
    """wiki.robotz "N10 Prxo": within 10 days of the first of next month; elsewhere the 10th of next month."""
    with pytest.raises(AmbiguousTermsError) as info:
        parse_terms("N10 prox")
    assert info.value.position == 1
    assert "prox-day" in info.value.expected
    assert parse_terms("N10 prox", dialect="prox-day") == one(DayOfMonth(10))
    assert parse_terms("N10 prox", dialect=Dialect.PROX_DAYS) == one(DaysAfterEndOfMonth(11))
    assert parse_terms("net 10 prox cutoff 5", dialect="prox-day") == one(
        DayOfMonth(10, cutoff_day=5)
    )
    with pytest.raises(AmbiguousTermsError):
        parse_terms("N10 prox", dialect="ama")


def test_trailing_eom_after_plain_discounts_is_ambiguous() -> None:
    """Monash/AMA "End of Month Dating (EOM)" reads '2/10 net 20 EOM' differently from per-period EOM."""
    with pytest.raises(AmbiguousTermsError, match="dialect='ama'"):
        parse_terms("2/10 net 20 EOM")
    ama = parse_terms("3/10, 2/15, net 30 EOM", dialect="ama")
    assert ama == one(EomDating(45), ("0.03", EomDating(10)), ("0.02", EomDating(15)))
    assert parse_terms("2/10 net 20 EOM cutoff 25", dialect="ama") == one(
        EomDating(30, late_cutoff_day=25), ("0.02", EomDating(10, late_cutoff_day=25))
    )
    with pytest.raises(ParseError, match="discount periods in days") as info:
        parse_terms("2% 10th prox net 20 EOM", dialect="ama")
    assert info.value.position == 0
    # Not ambiguous: no discount, or every discount EOM-dated, or EOM without a number.
    assert parse_terms("net 20 EOM") == one(EomDating(20))
    assert parse_terms("2/10 EOM net 20 EOM") == one(EomDating(20), ("0.02", EomDating(10)))
    assert parse_terms("2/10 net EOM") == one(EomDating(0), ("0.02", NetDays(10)))


def test_eom_discount_with_a_net_period_in_days_is_ambiguous() -> None:
    """'1/15 EOM net 45' is ambiguous as '2/10 net 30 EOM' is (issue 17): the text must say
    where the net period counts from, as AccountingTools and Monash/AMA read it two ways."""
    with pytest.raises(AmbiguousTermsError, match="from invoice date") as info:
        parse_terms("1/15 EOM net 45")
    assert info.value.position == 9  # the net period
    with pytest.raises(AmbiguousTermsError) as info:
        parse_terms("30% 2/10 EOM net 30, balance net 60")
    assert info.value.position == 13
    invoice = parse_terms("1/15 EOM net 45 from invoice date")
    assert invoice == one(NetDays(45), ("0.01", EomDating(15)))
    assert format_terms(invoice) == "1/15 EOM net 45; from invoice date"
    assert parse_terms("1/15 EOM net 45 EOM") == one(EomDating(45), ("0.01", EomDating(15)))
    receipt = parse_terms("1/15 EOM net 45; from goods receipt")
    assert receipt.basis is Basis.GOODS_RECEIPT
    assert format_terms(receipt) == "1/15 EOM net 45; from goods receipt"


def test_unknown_dialect() -> None:
    with pytest.raises(
        InvalidInputError, match="dialect must be one of 'us', 'ama', 'prox-day', 'prox-days'"
    ):
        parse_terms("net 30", dialect="uk")
    with pytest.raises(TypeError, match="text must be a str"):
        parse_terms(b"net 30")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- errors carry position and expectation

ERRORS = [
    ("", 0, "payment terms such as 'net 30'"),
    ("   ", 3, "payment terms such as"),
    ("2/10 nett 30", 5, "'net', a number of days"),
    ("net", 3, "a number of days, an ordinal day"),
    ("net 30 xyz", 7, "',', ';', 'from', 'discount' or the end of the text"),
    ("net 30 €", 7, "a word, a number"),
    ("net 30/", 7, "a number after '/'"),
    ("net 30.5", 4, "a whole number of days"),
    ("net 5000", 4, "days to be an int from 0 to 3660"),
    ("2/10.5 net 30", 2, "a whole number of days"),
    ("0/10 net 30", 0, "a discount percent above 0 and below 100"),
    ("100% 10 net 30", 0, "a discount percent above 0 and below 100"),
    ("net 10th", 8, "'of'"),
    ("net 10th of month", 17, "'+' and a number of months"),
    ("net 10th of month +x", 19, "a number of months"),
    ("net 32nd prox", 4, "day to be an int from 1 to 31"),
    ("net the prox", 8, "an ordinal day such as '10th'"),
    ("net 10 days end of month +2", 25, "',', ';', 'from', 'discount'"),
    ("net 10 days after end of week", 25, "'month'"),
    ("net 10 days after month", 18, "'end'"),
    ("net 10 days after end month", 22, "'of'"),
    ("net 30 days end of month on the x", 32, "a number of the day of the month"),
    ("net 30 EOM cutoff", 17, "a number of the cutoff day"),
    ("net 30 EOM cutoff 31", 4, "late_cutoff_day to be an int from 1 to 30"),
    ("net 30 payment days", 19, "a number of the payment day"),
    ("net 30 payment days 20, 5", 7, "days to be a non-empty, strictly increasing"),
    ("net advance", 4, "a number of days, an ordinal day"),
    ("net (to 31: advance payment days 5)", 20, "payment days after a simple due rule"),
    ("50% 30 days end of month, balance net 60", 24, "'net', a number of days"),
    ("net (to 15: 10 days; to 30: 10 days)", 4, "limits[-1].limit to be 31"),
    ("net (to 15 10 days)", 11, "':' after the day limit"),
    ("net (to 31: 10 days", 19, "';' and the next day limit, or ')'"),
    ("net (15: 10 days)", 5, "'to'"),
    (
        "net (to 31: (to 31: 5 days))",
        12,
        "a number of days, an ordinal day ('10th'), 'EOM', 'monthly'",
    ),
    ("net (to 31: 5 days payment days 5 and 3)", 19, "days to be a non-empty, strictly increasing"),
    ("net (to 31: 5 days) payment days 5", 20, "payment days after a simple due rule"),
    (
        "30% advance, net 30",
        13,
        "a share ('30%', '1/3 of total', 'fixed 100.00' or 'balance') starting",
    ),
    ("net 30, 70% net 30", 0, "for every installment of a term with several installments"),
    ("30% advance, 60% net 30", 0, "shares adding up to exactly 100 %"),
    ("fixed net 30, balance net 60", 6, "an amount after 'fixed'"),
    ("1/3 of net 30, balance net 60", 7, "'total'"),
    ("1/0 of total net 30, balance net 60", 0, "a ratio with a non-zero denominator"),
    ("1.5/3 of total net 30, balance net 60", 0, "a whole number of parts"),
    ("net 30 from mars", 12, "a baseline event"),
    ("net 30 from goods", 17, "'receipt'"),
    ("net 30 from specified", 21, "'date'"),
    ("net 30 discount later", 16, "'gross', 'before tax' or 'mixed'"),
    ("net 30 discount before", 22, "'tax'"),
    ("net 30 from order from delivery", 18, "'discount' and its base"),
    ("net 30 discount mixed discount gross", 22, "'from' and the baseline event"),
    ("net 30 from order discount mixed from order", 33, "the end of the text"),
    ("COD from order", 4, "'discount' and its base"),
    ("COD net 30", 4, "',', ';', 'from', 'discount'"),
    ("due on", 6, "'receipt'"),
    ("30% due on time", 11, "'receipt'"),
    ("2/10, 3/20 net 30", 6, "a discount rate below the previous tier's 2 %"),
    ("2% 10 net 30; balance", 21, "'net', a number of days"),
    ("net " + "9" * 60, 4, "a number of at most 40 characters"),
    ("net " + "x" * 60, 4, "a word such as 'net'"),
    ("net 10th of month +200", 4, "months_ahead to be an int from 0 to 120"),
]


@pytest.mark.parametrize(
    ("text", "position", "expected"), ERRORS, ids=[e[0][:40] or "empty" for e in ERRORS]
)
def test_parse_errors_carry_position_and_expected_token(
    text: str, position: int, expected: str
) -> None:
    with pytest.raises(ParseError) as info:
        parse_terms(text)
    assert not isinstance(info.value, AmbiguousTermsError)
    assert info.value.position == position, str(info.value)
    assert expected in info.value.expected, str(info.value)
    assert str(info.value).startswith("cannot parse")


# --------------------------------------------------------------------------- linear time


class _CountingLexer(parser_module._Lexer):
    calls = 0

    def next_token(self) -> Any:
        type(self).calls += 1
        return super().next_token()


_LIMIT = parser_module.MAX_TERMS_LENGTH


@pytest.mark.parametrize(
    "garbage",
    [
        pytest.param("\x00" * _LIMIT, id="NUL up to the limit"),
        pytest.param("net " + "3" * (_LIMIT - 4), id="a number up to the limit"),
        pytest.param("y" * _LIMIT, id="a word up to the limit"),
        pytest.param("net 30 " * (_LIMIT // 7), id="repeated terms up to the limit"),
        pytest.param("(" * _LIMIT, id="parentheses up to the limit"),
        pytest.param("2/10 " * (_LIMIT // 5), id="discount tiers up to the limit"),
    ],
)
def test_garbage_up_to_the_size_limit_fails_fast(
    garbage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Work is counted, not timed: the parser stops at the first token it cannot use."""
    _CountingLexer.calls = 0
    monkeypatch.setattr(parser_module, "_Lexer", _CountingLexer)
    with pytest.raises(ParseError):
        parse_terms(garbage)
    assert _CountingLexer.calls <= 10


def test_work_is_linear_in_the_length_of_valid_looking_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long but consistent token stream is read once: tokens read grow linearly, not quadratically."""
    monkeypatch.setattr(parser_module, "_Lexer", _CountingLexer)
    counts = []
    for size in (100, 1000):
        _CountingLexer.calls = 0
        text = "net 30 payment days " + " and ".join(["1"] * size)
        with pytest.raises(ParseError, match="strictly increasing"):
            parse_terms(text)
        counts.append(_CountingLexer.calls)
    assert counts[1] <= 11 * counts[0]


def test_text_at_the_size_limit_is_read_and_one_character_more_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "net 30" plus 1 MB of spaces took 1-2 s (issue 12); the text is now capped.
    at_limit = "net 30" + " " * (_LIMIT - 6)
    assert len(at_limit) == _LIMIT == 10_000
    assert parse_terms(at_limit) == PaymentTerms.of(NetDays(30))
    _CountingLexer.calls = 0
    monkeypatch.setattr(parser_module, "_Lexer", _CountingLexer)
    for over in (at_limit + " ", "net 30" + " " * 1_000_000):
        with pytest.raises(ParseError) as caught:
            parse_terms(over)
        assert caught.value.position == _LIMIT
        assert caught.value.expected == (
            "the end of the text within MAX_TERMS_LENGTH (10,000) characters"
        )
        assert str(caught.value).startswith("cannot parse 'net 30     ")
        assert len(str(caught.value)) < 300  # the text is shown shortened
    assert _CountingLexer.calls == 0  # refused before a token was read


class _CountingPattern:
    """Wraps a whitespace pattern of the lexer, counting calls and the characters skipped."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0
        self.characters = 0

    def match(self, text: str, pos: int) -> re.Match[str] | None:
        self.calls += 1
        found = self.pattern.match(text, pos)
        assert found is not None
        self.characters += found.end() - pos
        return found


@pytest.mark.parametrize("blank", [" ", "\t", "\u3000"])
def test_whitespace_is_skipped_in_linear_time(blank: str, monkeypatch: pytest.MonkeyPatch) -> None:
    work = []
    for size in (2_000, 4_000):
        spaces = _CountingPattern(notation_module._SPACES)
        blanks = _CountingPattern(notation_module._BLANKS)
        monkeypatch.setattr(notation_module, "_SPACES", spaces)
        monkeypatch.setattr(notation_module, "_BLANKS", blanks)
        text = blank * size + "net 30" + blank * size
        assert parse_terms(text) == PaymentTerms.of(NetDays(30))
        work.append((spaces.calls + blanks.calls, spaces.characters + blanks.characters))
    (calls_n, skipped_n), (calls_2n, skipped_2n) = work
    assert calls_n == calls_2n  # one match per run of whitespace, whatever its length
    # each leading blank is looked at once and each trailing one twice (after "30" for a "%",
    # then as space; only " " and tab may stand before a "%"), plus the space in "net 30"
    trailing = 2 if blank != "\u3000" else 1
    assert (skipped_n, skipped_2n) == ((1 + trailing) * 2_000 + 1, (1 + trailing) * 4_000 + 1)


def test_remainder_share_words() -> None:
    for word in ("balance", "remainder", "rest"):
        terms = parse_terms(f"30% advance, {word} net 30")
        assert terms.installments[1].share == Remainder()


def test_the_longest_numbers_the_model_allows_round_trip() -> None:
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D("999999999999999999.999999999999999999"))),
            Installment(
                NetDays(30),
                (DiscountTier(D("0.99999999999999999999"), NetDays(10)),),
                share=Percent(D("89.999999999999999999")),
            ),
            Installment(NetDays(60), share=Ratio(Fraction(1, 10**18 - 1))),
            Installment(NetDays(90)),
        )
    )
    text = format_terms(terms)
    assert parse_terms(text) == terms
