"""EDIFACT PAT/PCD segments: code lists, published examples, round trips, malformed segments."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules._interop import edifact
from spendrules.interop import InteropError, NotRepresentableError, read_edifact, write_edifact
from spendrules.payment_terms import (
    Basis,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    Installment,
    NetDays,
    NetMonths,
    PaymentTerms,
    Percent,
    parse_terms,
)


def dates(terms: PaymentTerms, base: date) -> list[date]:
    item = terms.installments[0]
    return [t.deadline.due_date(base) for t in item.discounts] + [item.due.due_date(base)]


@pytest.mark.parametrize(
    ("text", "base", "expected"),
    [
        pytest.param(
            "PAT+1++5:3:D:30'",
            date(2026, 1, 31),
            [date(2026, 3, 2)],
            id="edifactformatter PAT+1++5:3:D:30",
        ),
        pytest.param(
            "PAT+1++5:3:D:30'PAT+22++5:3:D:20'PCD+12:2'",
            date(2026, 1, 1),
            [date(2026, 1, 21), date(2026, 1, 31)],
            id="EANCOM 1997 PRICAT PAT+22++5:3:D:20 with PCD+12",
        ),
        pytest.param(
            "PAT+1++5:7'",
            date(2015, 1, 1),
            [date(2015, 2, 28)],
            id="UNCL 2009 code 7: end of following month (D13 erpnext#3451)",
        ),
        pytest.param(
            "PAT+1++5:6'",
            date(2026, 2, 10),
            [date(2026, 2, 28)],
            id="UNCL 2009 code 6: end of month containing the reference",
        ),
        pytest.param(
            "PAT+1++5:6:D:30'",
            date(2026, 6, 16),
            [date(2026, 7, 30)],
            id="D20 AMA EOM net: 30 days after the end of the month",
        ),
        pytest.param(
            "PAT+1++5:11'",
            date(2026, 2, 10),
            [date(2026, 3, 10)],
            id="UNCL 2009 code 11: 10 days after the end of the month",
        ),
        pytest.param(
            "PAT+1++5:1'",
            date(2026, 2, 10),
            [date(2026, 2, 10)],
            id="UNCL 2009 code 1: the reference date",
        ),
        pytest.param(
            "PAT+1++5:3:M:2'", date(2026, 1, 31), [date(2026, 3, 31)], id="UNCL 2151 M: months"
        ),
    ],
)
def test_edifact_published_dates(text: str, base: date, expected: list[date]) -> None:
    assert dates(read_edifact(text), base) == expected


@pytest.mark.parametrize(
    ("code", "basis"),
    [
        pytest.param("1", Basis.ORDER, id="UNCL 2475 1 date of order"),
        pytest.param("5", Basis.INVOICE, id="UNCL 2475 5 date of invoice"),
        pytest.param("9", Basis.INVOICE_RECEIPT, id="UNCL 2475 9 date invoice received"),
        pytest.param("21", Basis.GOODS_RECEIPT, id="UNCL 2475 21 goods received by buyer"),
        pytest.param("25", Basis.SHIPMENT, id="UNCL 2475 25 goods handed over for shipment"),
        pytest.param("29", Basis.DELIVERY, id="UNCL 2475 29 delivery of goods"),
        pytest.param("66", Basis.SPECIFIED, id="UNCL 2475 66 specified date"),
    ],
)
def test_edifact_time_references(code: str, basis: Basis) -> None:
    terms = read_edifact(f"PAT+1++{code}:3:D:30'")
    assert terms.basis is basis
    assert write_edifact(terms) == f"PAT+1++{code}:3:D:30'"


def test_una_release_and_layout() -> None:
    una = "UNA:+,? '\nPAT+1+ZB01::ZZZ:Net 30?'s terms+5:3:D:30'\nPAT+22++5:3:D:10'\nPCD+12:2,5'"
    assert read_edifact(una) == PaymentTerms.of(
        NetDays(30), DiscountTier(Decimal("0.025"), NetDays(10))
    )
    other = "UNA;|.# !PAT|1||5;3;D;30!"
    assert read_edifact(other) == PaymentTerms.of(NetDays(30))
    assert (
        write_edifact(parse_terms("3/10, 2/30, net 60"))
        == "PAT+1++5:3:D:60'\nPAT+22++5:3:D:10'\nPCD+12:3'\nPAT+22++5:3:D:30'\nPCD+12:2'"
    )
    assert write_edifact(PaymentTerms.of(DaysEndOfMonthOn(0, 10))) == "PAT+1++5:6:D:10'"


# --------------------------------------------------------------------------- round trips

codes = st.sampled_from(["1", "5", "9", "21", "25", "29", "66"])
relations = st.one_of(
    st.just("1"),
    st.integers(1, 999).map(lambda n: f"3:D:{n}"),
    st.integers(1, 120).map(lambda n: f"3:M:{n}"),
    st.sampled_from(["6", "7"]),
    st.tuples(st.sampled_from(["6", "7"]), st.integers(1, 999)).map(lambda t: f"{t[0]}:D:{t[1]}"),
)


@st.composite
def segments(draw: st.DrawFn) -> str:
    """PAT/PCD segments in normal form (as write_edifact writes them)."""
    code = draw(codes)
    lines = [f"PAT+1++{code}:{draw(relations)}'"]
    rates = sorted(
        draw(
            st.lists(
                st.decimals(min_value=Decimal("0.01"), max_value=Decimal("30"), places=2),
                max_size=3,
                unique=True,
            )
        ),
        reverse=True,
    )
    for rate in rates:
        lines.append(f"PAT+22++{code}:{draw(relations)}'")
        lines.append(f"PCD+12:{format(rate.normalize(), 'f')}'")
    return "\n".join(lines)


@settings(max_examples=250)
@given(text=segments())
def test_edifact_round_trip_of_every_segment_shape(text: str) -> None:
    terms = read_edifact(text)
    assert write_edifact(terms) == text
    assert read_edifact(write_edifact(terms)) == terms


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        pytest.param("PAT+1++5:3:D:0'", "PAT+1++5:1'", id="0 days is the reference date"),
        pytest.param("PAT+1++5:11'", "PAT+1++5:6:D:10'", id="11 is end of month + 10 days"),
        pytest.param(
            "PAT+22++5:3:D:10'PCD+12:2.00'PAT+1+X::ZZZ:net+5:3:D:30'",
            "PAT+1++5:3:D:30'\nPAT+22++5:3:D:10'\nPCD+12:2'",
            id="basic first, C110 dropped",
        ),
    ],
)
def test_edifact_normal_form(text: str, normal: str) -> None:
    assert write_edifact(read_edifact(text)) == normal


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Percent(Decimal(50))), Installment(NetDays(9)))
            ),
            "installments",
            id="instalments",
        ),
        pytest.param(
            PaymentTerms.of(
                NetDays(30),
                DiscountTier(Decimal("0.02"), NetDays(10)),
                discount_base=DiscountBase.NET_OF_TAX,
            ),
            "discount_base",
            id="discount base",
        ),
        pytest.param(
            PaymentTerms.of(DaysEndOfMonthOn(30, 10)),
            "installments[0].due",
            id="N days EOM on the 10th",
        ),
        pytest.param(
            PaymentTerms.of(DaysAfterEndOfMonth(5, months=2)),
            "installments[0].due",
            id="end of month + 2",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), DaysEndOfMonthOn(5, 5))),
            "installments[0].discounts[0].deadline",
            id="discount to the 5th after 5 days",
        ),
    ],
)
def test_write_edifact_refuses(terms: PaymentTerms, field: str) -> None:
    with pytest.raises(NotRepresentableError) as caught:
        write_edifact(terms)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("text", "error", "field"),
    [
        pytest.param("", InteropError, "PAT", id="empty"),
        pytest.param("PAT+1++5:3:D:30", InteropError, "segment[0]", id="no terminator"),
        pytest.param("PAT+1++5:3:D:30?'", InteropError, "segment[0]", id="released terminator"),
        pytest.param("UNA:+.", InteropError, "UNA", id="short UNA"),
        pytest.param("UNA::::::PAT+1++5:1'", InteropError, "UNA", id="UNA repeats a character"),
        pytest.param("BGM+380'PAT+1++5:1'", InteropError, "segment[0]", id="other segment"),
        pytest.param(
            "PAT+1++5:3:D:30'DTM+13:20260301:102'",
            NotRepresentableError,
            "segment[1] DTM",
            id="DTM date",
        ),
        pytest.param(
            "PAT+1++5:3:D:30'MOA+52:20'", NotRepresentableError, "segment[1] MOA", id="MOA amount"
        ),
        pytest.param(
            "PAT+3++66:3:D:30'",
            NotRepresentableError,
            "segment[0] PAT.4279",
            id="GS1 Germany PAT+3++66:3:D:30 (fixed date type)",
        ),
        pytest.param(
            "PAT+20++5:3:D:30'", NotRepresentableError, "segment[0] PAT.4279", id="penalty terms"
        ),
        pytest.param("PAT+#1++5:3:D:30'", InteropError, "segment[0] PAT.4279", id="bad type code"),
        pytest.param("PAT+1'", InteropError, "segment[0] PAT.C112.2475", id="no C112"),
        pytest.param(
            "PAT+1++45:3:D:30'",
            NotRepresentableError,
            "segment[0] PAT.C112.2475",
            id="bill of lading date",
        ),
        pytest.param(
            "PAT+1++X:3:D:30'", InteropError, "segment[0] PAT.C112.2475", id="bad time reference"
        ),
        pytest.param("PAT+1++5'", InteropError, "segment[0] PAT.C112.2009", id="no relation"),
        pytest.param(
            "PAT+1++5:2:D:5'",
            NotRepresentableError,
            "segment[0] PAT.C112.2009",
            id="before reference",
        ),
        pytest.param("PAT+1++5:X'", InteropError, "segment[0] PAT.C112.2009", id="bad relation"),
        pytest.param(
            "PAT+1++5:3:D'",
            InteropError,
            "segment[0] PAT.C112.2152",
            id="period type without count",
        ),
        pytest.param(
            "PAT+1++5:3:D:1000'", InteropError, "segment[0] PAT.C112.2152", id="count of 4 digits"
        ),
        pytest.param(
            "PAT+1++5:3:WD:10'",
            NotRepresentableError,
            "segment[0] PAT.C112.2151",
            id="working days",
        ),
        pytest.param(
            "PAT+1++5:3'",
            InteropError,
            "segment[0] PAT.C112.2151",
            id="after reference without period",
        ),
        pytest.param(
            "PAT+1++5:1:D:3'",
            InteropError,
            "segment[0] PAT.C112.2151",
            id="reference date with period",
        ),
        pytest.param(
            "PAT+1++5:6:M:1'",
            NotRepresentableError,
            "segment[0] PAT.C112.2151",
            id="end of month + months",
        ),
        pytest.param(
            "PAT+1++5:11:D:5'", InteropError, "segment[0] PAT.C112.2151", id="code 11 with period"
        ),
        pytest.param(
            "PAT+1++5:3:D:9999'", InteropError, "segment[0] PAT.C112.2152", id="9999 days"
        ),
        pytest.param(
            "PAT+1++5:3:M:999'",
            NotRepresentableError,
            "segment[0] PAT.C112.2152",
            id="999 months beyond the model",
        ),
        pytest.param("PCD+12:2'PAT+1++5:1'", InteropError, "segment[0] PCD", id="PCD first"),
        pytest.param(
            "PAT+1++5:1'PCD+12:2'", InteropError, "segment[1] PCD", id="PCD after the basic group"
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+12:2'PCD+12:1'",
            InteropError,
            "segment[3] PCD",
            id="two PCDs",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+15:2'",
            NotRepresentableError,
            "segment[2] PCD.C501.5245",
            id="penalty percentage",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+3:2'",
            InteropError,
            "segment[2] PCD.C501.5245",
            id="other percentage",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+12:2:13'",
            NotRepresentableError,
            "segment[2] PCD.C501.5249",
            id="percentage basis",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+12:two'",
            InteropError,
            "segment[2] PCD.C501.5482",
            id="percent not a number",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+12:100'",
            InteropError,
            "segment[2] PCD.C501.5482",
            id="100 %",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+12:1.0000000001'",
            InteropError,
            "segment[2] PCD.C501.5482",
            id="11 digits",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'", InteropError, "segment[1] PAT", id="discount without PCD"
        ),
        pytest.param("PAT+22++5:3:D:5'PCD+12:2'", InteropError, "PAT", id="no basic group"),
        pytest.param(
            "PAT+1++5:1'PAT+1++5:3:D:30'",
            NotRepresentableError,
            "segment[1] PAT",
            id="two basic groups",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++9:3:D:5'PCD+12:2'",
            InteropError,
            "PAT.C112.2475",
            id="different references",
        ),
        pytest.param(
            "PAT+1++5:1'PAT+22++5:3:D:5'PCD+12:2'PAT+22++5:3:D:9'PCD+12:2'",
            InteropError,
            "PCD.C501.5482",
            id="equal percents",
        ),
    ],
)
def test_malformed_segments(text: str, error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_edifact(text)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"edifact: {field} ")


def test_subjects_are_checked() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        read_edifact(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        write_edifact("net 30")  # type: ignore[arg-type]
    assert read_edifact(write_edifact(PaymentTerms.of(NetMonths(2)))) == PaymentTerms.of(
        NetMonths(2)
    )
    assert read_edifact("PAT+1++5:7:D:5'").installments[0].due == DaysAfterEndOfMonth(5, months=1)


@pytest.mark.parametrize(
    "digits", [pytest.param("٢", id="Arabic-Indic"), pytest.param("２", id="full-width")]
)
def test_non_ascii_digits_in_the_percent_are_refused(digits: str) -> None:
    # PCD C501 5482 is n..10 (UNECE TRSD D01C): ASCII digits and the decimal mark only.
    with pytest.raises(InteropError) as caught:
        read_edifact(f"PAT+1++5:3:D:30'PAT+22++5:3:D:10'PCD+12:{digits}'")
    assert caught.value.field == "segment[2] PCD.C501.5482"


# --------------------------------------------------------------------------- size and time limits


def test_text_at_the_size_limit_is_read_and_one_character_more_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    segment = "PAT+1++5:3:D:30'"
    at_limit = segment + "\n" * (edifact.MAX_EDIFACT_LENGTH - len(segment))
    assert len(at_limit) == edifact.MAX_EDIFACT_LENGTH == 100_000
    assert read_edifact(at_limit) == PaymentTerms.of(NetDays(30))

    def never(syntax: object) -> object:  # pragma: no cover - called only if the limit fails
        raise AssertionError("the text was split before its size was checked")

    monkeypatch.setattr(edifact, "_plain_run", never)
    with pytest.raises(InteropError) as caught:
        read_edifact(at_limit + "\n")
    assert caught.value.field == "(text)"
    assert caught.value.value == segment + "\n" * 44  # the first 60 characters only
    assert str(caught.value).startswith(
        "edifact: (text) must be at most 100,000 characters (MAX_EDIFACT_LENGTH), not 100,001: "
    )


class _CountingPattern:
    """Wraps the tokenizer's plain-run pattern, counting calls and the characters matched."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0
        self.characters = 0

    def match(self, text: str, position: int) -> re.Match[str] | None:
        self.calls += 1
        found = self.pattern.match(text, position)
        if found is not None:
            self.characters += found.end() - found.start()
        return found


def _work(monkeypatch: pytest.MonkeyPatch, text: str) -> tuple[int, int]:
    """Return (pattern calls, characters matched) while reading ``text``."""
    counters: list[_CountingPattern] = []
    plain_run = edifact._plain_run

    def counting(syntax: edifact._Syntax) -> _CountingPattern:
        counters.append(_CountingPattern(plain_run(syntax)))
        return counters[-1]

    monkeypatch.setattr(edifact, "_plain_run", counting)
    with pytest.raises(InteropError):  # the long count is refused after the split
        read_edifact(text)
    (counter,) = counters
    return counter.calls, counter.characters


def test_a_long_element_is_tokenized_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # 500,000 digits took 5 s when a component grew by one character at a time (issue 12):
    # a run of plain characters is now one match and one copy, whatever its length.
    n = 40_000
    calls_n, read_n = _work(monkeypatch, "PAT+1++5:3:D:" + "1" * n + "'")
    calls_2n, read_2n = _work(monkeypatch, "PAT+1++5:3:D:" + "1" * (2 * n) + "'")
    assert calls_n == calls_2n == 13  # one per run and per service character, not per digit
    assert (read_n, read_2n) == (n + 7, 2 * n + 7)  # every character read once


def test_many_segments_are_tokenized_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    escaped = "PAT+22++5:3:D:1?'0'"  # a released terminator inside the count
    calls_n, read_n = _work(monkeypatch, "PAT+1++5:3:D:30'" + escaped * 1_000)
    calls_2n, read_2n = _work(monkeypatch, "PAT+1++5:3:D:30'" + escaped * 2_000)
    # the same work per segment however many precede it: 15 calls (7 runs and 8 service
    # characters) and 10 plain characters (the released ' is copied as one piece)
    assert calls_2n - calls_n == calls_n - 13 == 1_000 * 15
    assert read_2n - read_n == read_n - 9 == 1_000 * 10


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        pytest.param("PAT+1++5:3:D:30'?", "segment[1]", "PAT+1++5:3:D:30'?", id="release at end"),
        pytest.param("PAT+1++5:3:D:3\n0'", "segment[0] PAT.C112.2152", "3\n0", id="line break"),
    ],
)
def test_release_at_the_end_and_a_line_break_inside_a_segment(
    text: str, field: str, value: str
) -> None:
    # A line break between segments is layout; inside one it is data (UNECE syntax rules).
    with pytest.raises(InteropError) as caught:
        read_edifact(text)
    assert (caught.value.field, caught.value.value) == (field, value)
