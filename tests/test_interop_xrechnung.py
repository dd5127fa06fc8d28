"""XRechnung BT-20 Skonto lines (BR-DE-18): published examples, round trips, malformed lines."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules._interop import xrechnung
from spendrules.interop import InteropError, NotRepresentableError, read_xrechnung, write_xrechnung
from spendrules.payment_terms import (
    Basis,
    DaysAfterEndOfMonth,
    DiscountBase,
    DiscountTier,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    schedule,
)


def test_zugferd_sample_invoice_471102() -> None:
    """D21: 3 % Skonto within 10 days, net 30, invoice of 2013-03-05 (ZUGFeRD 1.0 sample 471102)."""
    terms = read_xrechnung("#SKONTO#TAGE=10#PROZENT=3.00#\n", due=NetDays(30))
    plan = schedule(terms, invoice_date=date(2013, 3, 5), amount=Decimal("100.00"), currency="EUR")
    assert plan.lines[0].due_date == date(2013, 4, 4)
    assert plan.lines[0].discounts[0].deadline == date(2013, 3, 15)
    assert plan.lines[0].discounts[0].payable == Decimal("97.00")


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        pytest.param(
            "#SKONTO#TAGE=7#PROZENT=2.00#\n", [("0.02", 7)], id="BR-DE-18 pattern, 2 % 7 days"
        ),
        pytest.param(
            "#SKONTO#TAGE=14#PROZENT=3.50#\n",
            [("0.035", 14)],
            id="BR-DE-18 pattern, 3.50 % 14 days",
        ),
        pytest.param(
            "Zahlbar innerhalb von 30 Tagen netto.\n#SKONTO#TAGE=14#PROZENT=1.00#\n#SKONTO#TAGE=7#PROZENT=2.00#\n",
            [("0.02", 7), ("0.01", 14)],
            id="two Skonto lines after free text (KoSIT schematron)",
        ),
        pytest.param(
            "  #SKONTO#TAGE=7#PROZENT=2.00#  \r\nText\n",
            [("0.02", 7)],
            id="CRLF and spaces, free text after",
        ),
    ],
)
def test_skonto_lines(text: str, tiers: list[tuple[str, int]]) -> None:
    terms = read_xrechnung(text, due=NetDays(30))
    assert terms.installments[0].discounts == tuple(
        DiscountTier(Decimal(r), NetDays(d)) for r, d in tiers
    )
    assert terms.basis is Basis.INVOICE


@settings(max_examples=200)
@given(
    lines=st.lists(
        st.tuples(
            st.integers(0, 400),
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2),
        ),
        min_size=1,
        max_size=4,
        unique_by=lambda t: t[1],
    ),
    due=st.builds(NetDays, st.integers(0, 400))
    | st.builds(DaysAfterEndOfMonth, st.integers(0, 60)),
)
def test_xrechnung_round_trip(lines: list[tuple[int, Decimal]], due: NetDays) -> None:
    lines.sort(key=lambda t: t[1], reverse=True)
    text = "".join(f"#SKONTO#TAGE={d}#PROZENT={p:.2f}#\n" for d, p in lines)
    terms = read_xrechnung(text, due=due)
    assert write_xrechnung(terms) == text
    assert read_xrechnung(write_xrechnung(terms), due=due) == terms


@pytest.mark.parametrize(
    ("text", "error", "field"),
    [
        pytest.param(
            "#SKONTO#TAGE=7#PROZENT=2#\n",
            InteropError,
            "BT-20 line 1",
            id="percent without two decimals (BR-DE-18)",
        ),
        pytest.param(
            "#SKONTO#TAGE=7#PROZENT=2,00#\n", InteropError, "BT-20 line 1", id="decimal comma"
        ),
        pytest.param(
            "#skonto#TAGE=7#PROZENT=2.00#\n", InteropError, "BT-20 line 1", id="lower case"
        ),
        pytest.param(
            "#SKONTO#TAGE=7#PROZENT=2.00#",
            InteropError,
            "BT-20 line 1",
            id="no closing line break (BR-DE-18)",
        ),
        pytest.param(
            "#SKONTO#TAGE=7#PROZENT=2.00#BASISBETRAG=100.00#\n",
            NotRepresentableError,
            "BT-20 line 1",
            id="base amount",
        ),
        pytest.param(
            "#VERZUG#TAGE=7#PROZENT=5.00#\n",
            NotRepresentableError,
            "BT-20 line 1",
            id="late interest (XRechnung 2.x)",
        ),
        pytest.param("#SKONTO#TAGE=7#PROZENT=100.00#\n", InteropError, "BT-20 line 1", id="100 %"),
        pytest.param(
            "#SKONTO#TAGE=5000#PROZENT=2.00#\n",
            NotRepresentableError,
            "BT-20 line 1",
            id="days beyond the model",
        ),
        pytest.param("Zahlbar sofort.\n", InteropError, "BT-20", id="no Skonto line"),
        pytest.param(
            "#SKONTO#TAGE=7#PROZENT=2.00#\n#SKONTO#TAGE=14#PROZENT=2.00#\n",
            InteropError,
            "BT-20",
            id="equal percents",
        ),
    ],
)
def test_malformed_lines(text: str, error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_xrechnung(text, due=NetDays(30))
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Percent(Decimal(50))), Installment(NetDays(9)))
            ),
            "installments",
            id="installments",
        ),
        pytest.param(PaymentTerms.of(NetDays(30)), "discounts", id="no discount"),
        pytest.param(
            PaymentTerms.of(
                NetDays(30), DiscountTier(Decimal("0.02"), NetDays(10)), basis=Basis.DELIVERY
            ),
            "basis",
            id="delivery basis",
        ),
        pytest.param(
            PaymentTerms.of(
                NetDays(30),
                DiscountTier(Decimal("0.02"), NetDays(10)),
                discount_base=DiscountBase.NET_OF_TAX,
            ),
            "discount_base",
            id="net of tax",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), DaysAfterEndOfMonth(10))),
            "installments[0].discounts[0].deadline",
            id="deadline after month end",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02125"), NetDays(10))),
            "installments[0].discounts[0].rate",
            id="PROZENT has two decimals",
        ),
    ],
)
def test_write_xrechnung_refuses(terms: PaymentTerms, field: str) -> None:
    with pytest.raises(NotRepresentableError) as caught:
        write_xrechnung(terms)
    assert caught.value.field == field


def test_subjects_are_checked() -> None:
    with pytest.raises(TypeError, match="text must be a str"):
        read_xrechnung(None, due=NetDays(30))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="due must be a due rule"):
        read_xrechnung("#SKONTO#TAGE=7#PROZENT=2.00#\n", due=30)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        write_xrechnung("2/10 net 30")  # type: ignore[arg-type]
    assert (
        write_xrechnung(PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.025"), NetDays(10))))
        == "#SKONTO#TAGE=10#PROZENT=2.50#\n"
    )


def test_thousands_of_days_are_refused_not_a_traceback() -> None:
    # BR-DE-18's TAGE=[0-9]+ has no length limit; the model counts at most MAX_DAYS days.
    with pytest.raises(NotRepresentableError) as caught:
        read_xrechnung("#SKONTO#TAGE=" + "9" * 5000 + "#PROZENT=2.00#\n", due=NetDays(30))
    assert caught.value.field == "BT-20 line 1"


# --------------------------------------------------------------------------- size and time limits


class _CountingLine:
    """Wraps the BR-DE-18 line pattern, counting the lines matched."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.calls = 0

    def fullmatch(self, line: str) -> re.Match[str] | None:
        self.calls += 1
        return self.pattern.fullmatch(line)


def test_bt20_at_the_size_limit_is_read_and_one_character_more_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    skonto = "#SKONTO#TAGE=14#PROZENT=2.00#\n"
    at_limit = skonto + "free text " * ((xrechnung.MAX_BT20_LENGTH - len(skonto)) // 10)
    assert len(at_limit) == xrechnung.MAX_BT20_LENGTH == 100_000
    expected = PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(14)))
    assert read_xrechnung(at_limit, due=NetDays(30)) == expected
    counter = _CountingLine(xrechnung._LINE)
    monkeypatch.setattr(xrechnung, "_LINE", counter)
    with pytest.raises(InteropError) as caught:
        read_xrechnung(at_limit + "x", due=NetDays(30))
    assert counter.calls == 0  # refused before a line was read
    assert (caught.value.field, caught.value.value) == ("BT-20", at_limit[:60])
    assert str(caught.value).startswith(
        "xrechnung: BT-20 must be at most 100,000 characters (MAX_BT20_LENGTH), not 100,001: "
    )


def test_skonto_lines_are_read_in_linear_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # One pattern match per '#' line and none per free-text line: 2n lines cost twice n.
    work = []
    for lines in (1_000, 2_000):
        counter = _CountingLine(xrechnung._LINE)
        monkeypatch.setattr(xrechnung, "_LINE", counter)
        text = ("#SKONTO#TAGE=14#PROZENT=2.00#\n" + "free text\n") * lines
        with pytest.raises(InteropError, match="a different percent on each line"):
            read_xrechnung(text, due=NetDays(30))
        work.append(counter.calls)
    assert work == [1_000, 2_000]
