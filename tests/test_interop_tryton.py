"""Tryton payment terms: published vectors, ratio/divisor exactness, round trips, malformed terms."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules.errors import InvalidInputError
from spendrules.interop import (
    InteropError,
    NotRepresentableError,
    PercentOf,
    read_tryton,
    write_tryton,
)
from spendrules.payment_terms import (
    Basis,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DeltaChain,
    DiscountTier,
    EomDating,
    FixedAmount,
    FixedDiscount,
    Installment,
    NetDays,
    NetMonths,
    PaymentTerms,
    Percent,
    Ratio,
    RelativeDelta,
    Remainder,
    schedule,
)


def delta(**fields: Any) -> dict[str, Any]:
    return {
        "day": None,
        "month": None,
        "weekday": None,
        "months": 0,
        "weeks": 0,
        "days": 0,
    } | fields


def remainder(*deltas: dict[str, Any]) -> dict[str, Any]:
    return {"type": "remainder", "relativedeltas": list(deltas)}


def first_due(*deltas: dict[str, Any]) -> Any:
    return read_tryton({"lines": [remainder(*deltas)]}).installments[0].due


@pytest.mark.parametrize(
    ("deltas", "base", "expected"),
    [
        pytest.param([{"days": 30}], date(2026, 1, 31), date(2026, 3, 2), id="Tryton days delta"),
        pytest.param(
            [{"weeks": 2, "days": 1}],
            date(2026, 1, 1),
            date(2026, 1, 16),
            id="Tryton weeks count 7 days",
        ),
        pytest.param(
            [{"months": 1}], date(2026, 1, 31), date(2026, 2, 28), id="Tryton months delta clamps"
        ),
        pytest.param(
            [{"day": 31}],
            date(2026, 2, 10),
            date(2026, 2, 28),
            id="Tryton day 31 is the month's end",
        ),
        pytest.param(
            [{"months": 1, "day": 31, "days": 10}],
            date(2026, 1, 5),
            date(2026, 3, 10),
            id="dateutil: day set, months added, clamp, then days",
        ),
        pytest.param(
            [{"months": 1, "day": 15}],
            date(2026, 1, 20),
            date(2026, 2, 15),
            id="Tryton 15th of next month",
        ),
        pytest.param(
            [{"days": 30}, {"day": 31}],
            date(2026, 1, 14),
            date(2026, 2, 28),
            id="chained: 30 days then end of month",
        ),
        pytest.param(
            [{"days": 30}, {"months": 1, "day": 10}],
            date(2016, 1, 14),
            date(2016, 3, 10),
            id="D10 odoo#10459 as Tryton chained deltas",
        ),
        pytest.param(
            [{"days": 0}, {"months": 1, "day": 31}],
            date(2024, 5, 23),
            date(2024, 6, 30),
            id="D6 Odoo vector as Tryton deltas",
        ),
        pytest.param([], date(2026, 1, 5), date(2026, 1, 5), id="Tryton no delta: the date itself"),
        pytest.param([{}], date(2026, 1, 5), date(2026, 1, 5), id="Tryton default empty delta"),
    ],
)
def test_tryton_delta_chains(deltas: list[dict[str, Any]], base: date, expected: date) -> None:
    assert first_due(*deltas).due_date(base) == expected


def test_tryton_vector_reads_as_a_relative_delta() -> None:
    """Domain notes §5.3 / Tryton test_payment_term: months=2, days=30, day=15 from 2011-10-01 is 2012-01-14."""
    rule = first_due({"months": 2, "days": 30, "day": 15})
    assert rule == RelativeDelta(day=15, months=2, days=30)
    assert rule.due_date(date(2011, 10, 1)) == date(2012, 1, 14)


@pytest.mark.parametrize(
    ("deltas", "rule", "base", "expected"),
    [
        pytest.param(
            [{"months": 1, "days": 30}],
            RelativeDelta(months=1, days=30),
            date(2011, 10, 1),
            date(2011, 12, 1),
            id="Tryton test_payment_term line 3: months then days",
        ),
        pytest.param(
            [{"month": 3}],
            RelativeDelta(month=3),
            date(2026, 1, 31),
            date(2026, 3, 31),
            id="absolute month keeps the day (Jan 31 -> Mar 31)",
        ),
        pytest.param(
            [{"month": 2}],
            RelativeDelta(month=2),
            date(2026, 11, 30),
            date(2026, 2, 28),
            id="absolute month can precede the invoice date, clamped",
        ),
        pytest.param(
            [{"weekday": 0}],
            RelativeDelta(weekday=0),
            date(2026, 3, 4),
            date(2026, 3, 9),
            id="weekday: the next Monday",
        ),
        pytest.param(
            [{"weekday": 2}],
            RelativeDelta(weekday=2),
            date(2026, 3, 4),
            date(2026, 3, 4),
            id="weekday: a Wednesday stays",
        ),
        pytest.param(
            [{"days": 30, "weekday": 4}],
            RelativeDelta(weekday=4, days=30),
            date(2026, 3, 2),
            date(2026, 4, 3),
            id="days, then the weekday (dateutil applies it last)",
        ),
        pytest.param(
            [{"day": 15}],
            RelativeDelta(day=15),
            date(2026, 1, 20),
            date(2026, 1, 15),
            id="a day of the invoice's own month can precede it, as in Tryton",
        ),
        pytest.param(
            [{"days": 1}, {"days": 2}],
            DeltaChain((RelativeDelta(days=1), RelativeDelta(days=2))),
            date(2026, 1, 1),
            date(2026, 1, 4),
            id="chain of two day deltas",
        ),
        pytest.param(
            [{"days": 1}, {"day": 10}],
            DeltaChain((RelativeDelta(days=1), RelativeDelta(day=10))),
            date(2026, 1, 31),
            date(2026, 2, 10),
            id="chain: days then day of that month",
        ),
        pytest.param(
            [{"day": 31}, {"day": 10, "months": 1}],
            DeltaChain((RelativeDelta(day=31), RelativeDelta(day=10, months=1))),
            date(2026, 1, 5),
            date(2026, 2, 10),
            id="chain: EOM then the 10th",
        ),
        pytest.param(
            [{"days": 1}, {"day": 31}, {"days": 2}],
            DeltaChain((RelativeDelta(days=1), RelativeDelta(day=31), RelativeDelta(days=2))),
            date(2026, 1, 31),
            date(2026, 3, 2),
            id="chain of three deltas",
        ),
        pytest.param(
            [{"weeks": 1, "months": 1}],
            RelativeDelta(months=1, days=7),
            date(2026, 1, 31),
            date(2026, 3, 7),
            id="weeks count 7 days (folded)",
        ),
    ],
)
def test_compound_deltas_read_exactly(
    deltas: list[dict[str, Any]], rule: Any, base: date, expected: date
) -> None:
    """Chains the simpler rules cannot express read to RelativeDelta / DeltaChain; dates worked by hand."""
    read = first_due(*deltas)
    assert read == rule
    assert read.due_date(base) == expected
    assert read_tryton(write_tryton(PaymentTerms.of(read))) == PaymentTerms.of(read)


_STEP = st.fixed_dictionaries(
    {},
    optional={
        "day": st.none() | st.integers(1, 31),
        "month": st.none() | st.integers(1, 12),
        "weekday": st.none() | st.integers(0, 6),
        "months": st.integers(0, 30),
        "weeks": st.integers(0, 10),
        "days": st.integers(0, 400),
    },
)


@settings(max_examples=60)
@given(st.lists(_STEP, max_size=3), st.dates(date(1990, 1, 1), date(2090, 12, 31)))
def test_delta_chains_give_trytons_dates(deltas: list[dict[str, Any]], base: date) -> None:
    """Tryton's get_date adds each relativedelta in turn: the read rule gives the same date."""
    expected = base
    for step in deltas:
        expected += relativedelta(**{k: v for k, v in step.items() if v is not None})
    terms = read_tryton({"lines": [remainder(*deltas)]})
    assert terms.installments[0].due.due_date(base) == expected
    assert read_tryton(write_tryton(terms)) == terms


def test_ratio_and_divisor_read_exactly() -> None:
    """Tryton check_ratio_and_divisor: divisor 3 is exactly 1/3 (ratio 0.3333333333 is its rounding)."""
    third = {
        "type": "percent_on_total",
        "ratio": Decimal("0.3333333333"),
        "divisor": Decimal("3"),
        "relativedeltas": [{"days": 30}],
    }
    terms = read_tryton({"lines": [third, third, remainder({"days": 90})]})
    assert [i.share for i in terms.installments] == [
        Ratio(Fraction(1, 3)),
        Ratio(Fraction(1, 3)),
        Remainder(),
    ]
    plan = schedule(terms, invoice_date=date(2026, 1, 1), amount=Decimal("100.00"), currency="EUR")
    assert sum(line.amount for line in plan.lines) == Decimal("100.00")
    seventy = {
        "type": "percent_on_total",
        "ratio": Decimal("0.7"),
        "divisor": Decimal("1.42857142857143"),
        "relativedeltas": [],
    }
    assert read_tryton({"lines": [seventy, remainder()]}).installments[0].share == Percent(
        Decimal(70)
    )


def test_percent_of_the_remainder_becomes_a_share_of_the_total() -> None:
    half = {
        "type": "percent",
        "ratio": Decimal("0.5"),
        "divisor": Decimal(2),
        "relativedeltas": [{"days": 10}],
    }
    terms = read_tryton({"lines": [half, half, remainder({"days": 30})]})
    assert [i.share for i in terms.installments] == [
        Percent(Decimal(50)),
        Percent(Decimal(25)),
        Remainder(),
    ]
    written = write_tryton(terms, percent_of="remainder")
    assert [(ln["type"], ln.get("ratio")) for ln in written["lines"]] == [
        ("percent", Decimal("0.5")),
        ("percent", Decimal("0.5")),
        ("remainder", None),
    ]


def test_fixed_lines_and_amounts() -> None:
    record = {
        "lines": [
            {
                "type": "fixed",
                "amount": Decimal("100.00"),
                "currency": "EUR",
                "relativedeltas": [{"days": 0}],
            },
            remainder({"days": 30}),
        ]
    }
    terms = read_tryton(record, currency="EUR")
    assert terms.installments[0].share == FixedAmount(Decimal(100))
    plan = schedule(terms, invoice_date=date(2026, 1, 1), amount=Decimal("-250.00"), currency="EUR")
    assert [line.amount for line in plan.lines] == [
        Decimal("-100.00"),
        Decimal("-150.00"),
    ]  # A2: sign follows the total
    zero = schedule(
        read_tryton({"lines": [remainder({"days": 30})]}),
        invoice_date=date(2026, 1, 1),
        amount=Decimal(0),
        currency="EUR",
    )
    assert (
        len(zero.lines) == 1 and zero.lines[0].amount == 0
    )  # A3 Tryton test_payment_term_with_empty_value


# --------------------------------------------------------------------------- round trips


def _pair_for(kind: str, value: Any) -> tuple[Decimal, Decimal]:
    """(ratio, divisor) as Tryton's on_change_ratio / on_change_divisor compute them."""
    with decimal.localcontext(decimal.Context(prec=50, rounding=decimal.ROUND_HALF_EVEN)):
        if kind == "divisor":
            return (Decimal(1) / Decimal(value)).quantize(Decimal("1e-10")), Decimal(value)
        return value, (Decimal(1) / value).quantize(Decimal("1e-14"))


ratios = st.one_of(
    st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("0.3"), places=4).map(
        lambda r: _pair_for("ratio", r)
    ),
    st.integers(4, 9).map(lambda n: _pair_for("divisor", n)),
)


@st.composite
def deltas(draw: st.DrawFn) -> list[dict[str, Any]]:
    shape = draw(st.sampled_from(["days", "months", "eom", "day", "days-eom", "days-on"]))
    days, months = draw(st.integers(0, 400)), draw(st.integers(1, 24))
    if shape == "days":
        return [delta(days=days)]
    if shape == "months":
        return [delta(months=months)]
    if shape == "eom":
        return [delta(day=31, months=draw(st.integers(0, 24)), days=days)]
    if shape == "day":
        return [delta(day=draw(st.integers(1, 30)), months=months)]
    if shape == "days-eom":
        return [delta(days=days), delta(day=31)]
    return [delta(days=days), delta(day=draw(st.integers(1, 31)), months=1)]


@st.composite
def tryton_terms(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    """A Tryton payment term in normal form for ``percent_of`` = ``kind``."""
    lines = []
    for _ in range(draw(st.integers(0, 2))):
        ratio, divisor = draw(ratios)
        lines.append(
            {
                "type": "percent_on_total" if kind == "total" else "percent",
                "ratio": ratio,
                "divisor": divisor,
                "relativedeltas": draw(deltas()),
            }
        )
    for _ in range(draw(st.integers(0, 2))):
        fixed = {
            "type": "fixed",
            "amount": draw(st.decimals(min_value=Decimal("0.01"), max_value=1000, places=2)),
            "currency": "EUR",
            "relativedeltas": draw(deltas()),
        }
        lines.insert(draw(st.integers(0, len(lines))) if kind == "total" else len(lines), fixed)
    lines.append({"type": "remainder", "relativedeltas": draw(deltas())})
    return {"lines": lines}


@settings(max_examples=200)
@given(record=tryton_terms("total"))
def test_tryton_round_trip_percent_on_total(record: dict[str, Any]) -> None:
    terms = read_tryton(record, currency="EUR")
    assert write_tryton(terms, currency="EUR") == record
    assert read_tryton(write_tryton(terms, currency="EUR"), currency="EUR") == terms


@settings(max_examples=200)
@given(record=tryton_terms("remainder"))
def test_tryton_round_trip_percent_of_remainder(record: dict[str, Any]) -> None:
    terms = read_tryton(record, currency="EUR")
    assert write_tryton(terms, currency="EUR", percent_of=PercentOf.REMAINDER) == record


def test_normal_form() -> None:
    record = {"name": "30 days", "lines": [remainder({"weeks": 4, "days": 2, "id": 5})]}
    assert write_tryton(read_tryton(record), name="30 days") == {
        "name": "30 days",
        "lines": [remainder(delta(days=30))],
    }
    assert write_tryton(read_tryton({"lines": [remainder()]})) == {"lines": [remainder(delta())]}


@pytest.mark.parametrize(
    ("terms", "kwargs", "error", "field"),
    [
        pytest.param(
            PaymentTerms.of(NetDays(3), basis=Basis.SHIPMENT),
            {},
            NotRepresentableError,
            "basis",
            id="shipment basis",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(10))),
            {},
            NotRepresentableError,
            "discounts",
            id="Tryton has no discount",
        ),
        pytest.param(
            PaymentTerms.of(EomDating(10, late_cutoff_day=25)),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="EOM after the 25th",
        ),
        pytest.param(
            PaymentTerms.of(DayOfMonth(10, months_ahead=0)),
            {},
            NotRepresentableError,
            "installments[0].due",
            id="a day of this month",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0)), Installment(NetDays(9), share=FixedAmount(Decimal(5))))
            ),
            {"currency": "EUR"},
            NotRepresentableError,
            "installments",
            id="remainder first with fixed",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=FixedAmount(Decimal(5))), Installment(NetDays(9)))
            ),
            {},
            InteropError,
            "currency",
            id="fixed without currency",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=Ratio(Fraction(3, 7))), Installment(NetDays(9)))
            ),
            {},
            NotRepresentableError,
            "installments[0].share",
            id="3/7 has no exact ratio or divisor",
        ),
        pytest.param(
            PaymentTerms(
                (
                    Installment(NetDays(0), share=FixedAmount(Decimal(5))),
                    Installment(NetDays(1), share=Percent(Decimal(20))),
                    Installment(NetDays(9)),
                )
            ),
            {"currency": "EUR", "percent_of": "remainder"},
            NotRepresentableError,
            "installments[1].share",
            id="percent of the remainder after a fixed amount",
        ),
    ],
)
def test_write_tryton_refuses(
    terms: PaymentTerms, kwargs: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as caught:
        write_tryton(terms, **kwargs)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]


def test_writer_exact_ratios() -> None:
    two_sevenths = PaymentTerms(
        (Installment(NetDays(0), share=Ratio(Fraction(2, 7))), Installment(NetDays(9)))
    )
    line = write_tryton(two_sevenths)["lines"][0]
    assert (line["ratio"], line["divisor"]) == (Decimal("0.2857142857"), Decimal("3.5"))
    assert read_tryton(write_tryton(two_sevenths)) == two_sevenths
    tiny = PaymentTerms(
        (Installment(NetDays(0), share=Ratio(Fraction(1, 2**40))), Installment(NetDays(9)))
    )
    with pytest.raises(NotRepresentableError):
        write_tryton(tiny)
    assert (
        write_tryton(PaymentTerms.of(DaysEndOfMonthOn(5, 31)))["lines"][0]["relativedeltas"][1][
            "day"
        ]
        == 31
    )
    assert read_tryton(write_tryton(PaymentTerms.of(NetMonths(3)))) == PaymentTerms.of(NetMonths(3))
    assert read_tryton(
        write_tryton(PaymentTerms.of(DaysAfterEndOfMonth(3, months=2)))
    ) == PaymentTerms.of(DaysAfterEndOfMonth(3, months=2))
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        write_tryton("net 30")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="PercentOf"):
        write_tryton(PaymentTerms.of(NetDays(1)), percent_of="rest")  # type: ignore[arg-type]
    with pytest.raises(Exception, match="currency"):
        write_tryton(PaymentTerms.of(NetDays(1)), currency="XYZ")


@pytest.mark.parametrize(
    ("record", "error", "field"),
    [
        pytest.param({"lines": []}, InteropError, "lines", id="no lines"),
        pytest.param(
            {"lines": [remainder()], "payment": 1}, InteropError, "payment", id="unknown key"
        ),
        pytest.param(
            {"lines": [{"type": "percent", "ratio": 1, "divisor": 1}]},
            InteropError,
            "lines[0].type",
            id="last line not remainder (check_remainder)",
        ),
        pytest.param(
            {"lines": [remainder(), remainder()]},
            NotRepresentableError,
            "lines[0].type",
            id="remainder before the last",
        ),
        pytest.param(
            {"lines": [{"type": "split"}]}, InteropError, "lines[0].type", id="unknown type"
        ),
        pytest.param(
            {"lines": [{"type": "remainder", "colour": 1}]},
            InteropError,
            "lines[0].colour",
            id="unknown line key",
        ),
        pytest.param(
            {
                "lines": [
                    {
                        "type": "percent_on_total",
                        "ratio": Decimal("0.3"),
                        "divisor": 3,
                        "relativedeltas": [],
                    },
                    remainder(),
                ]
            },
            InteropError,
            "lines[0].ratio",
            id="inconsistent ratio and divisor",
        ),
        pytest.param(
            {
                "lines": [
                    {"type": "percent_on_total", "ratio": 0, "divisor": 0, "relativedeltas": []},
                    remainder(),
                ]
            },
            InteropError,
            "lines[0].ratio",
            id="zero ratio",
        ),
        pytest.param(
            {"lines": [{"type": "percent_on_total", "divisor": 3}, remainder()]},
            InteropError,
            "lines[0].ratio",
            id="missing ratio",
        ),
        pytest.param(
            {"lines": [{"type": "percent_on_total", "ratio": 0.5, "divisor": 2}, remainder()]},
            InteropError,
            "lines[0].ratio",
            id="float ratio",
        ),
        pytest.param(
            {"lines": [{"type": "percent_on_total", "ratio": 1, "divisor": 1}, remainder()]},
            NotRepresentableError,
            "lines",
            id="ratio 1 leaves nothing",
        ),
        pytest.param(
            {
                "lines": [
                    {
                        "type": "percent_on_total",
                        "ratio": Decimal("0.6"),
                        "divisor": Decimal("1.66666666666667"),
                    },
                    {
                        "type": "percent_on_total",
                        "ratio": Decimal("0.6"),
                        "divisor": Decimal("1.66666666666667"),
                    },
                    remainder(),
                ]
            },
            NotRepresentableError,
            "lines[1].ratio",
            id="ratios above the total",
        ),
        pytest.param(
            {
                "lines": [
                    {"type": "percent_on_total", "ratio": Decimal("0.5"), "divisor": 2},
                    {"type": "percent_on_total", "ratio": Decimal("0.5"), "divisor": 2},
                    remainder(),
                ]
            },
            NotRepresentableError,
            "lines",
            id="nothing left for the remainder",
        ),
        pytest.param(
            {
                "lines": [
                    {"type": "fixed", "amount": 5, "currency": "EUR"},
                    {"type": "percent", "ratio": Decimal("0.5"), "divisor": 2},
                    remainder(),
                ]
            },
            NotRepresentableError,
            "lines[1].type",
            id="percent of the remainder after fixed",
        ),
        pytest.param(
            {"lines": [{"type": "fixed", "amount": 5, "currency": "USD"}, remainder()]},
            NotRepresentableError,
            "lines[0].currency",
            id="fixed in another currency",
        ),
        pytest.param(
            {"lines": [{"type": "fixed", "amount": 0, "currency": "EUR"}, remainder()]},
            NotRepresentableError,
            "lines[0].amount",
            id="zero fixed amount",
        ),
        pytest.param(
            {"lines": [{"type": "fixed", "amount": 5}, remainder()]},
            InteropError,
            "lines[0].currency",
            id="fixed without currency",
        ),
        pytest.param(
            {"lines": [remainder({"month": 13})]},
            InteropError,
            "lines[0].relativedeltas[0].month",
            id="month 13",
        ),
        pytest.param(
            {"lines": [remainder({"weekday": 7})]},
            InteropError,
            "lines[0].relativedeltas[0].weekday",
            id="weekday 7 (Tryton's calendar days are 0-6)",
        ),
        pytest.param(
            {"lines": [remainder({"months": -1})]},
            NotRepresentableError,
            "lines[0].relativedeltas[0].months",
            id="negative months",
        ),
        pytest.param(
            {"lines": [remainder({"days": 1}, {"weeks": 9999})]},
            NotRepresentableError,
            "lines[0].relativedeltas",
            id="weeks beyond the model in a chain",
        ),
        pytest.param(
            {"lines": [remainder({"days": -1})]},
            NotRepresentableError,
            "lines[0].relativedeltas[0].days",
            id="negative days",
        ),
        pytest.param(
            {"lines": [remainder({"day": 32})]},
            InteropError,
            "lines[0].relativedeltas[0].day",
            id="day 32 (Tryton domain)",
        ),
        pytest.param(
            {"lines": [remainder({"hours": 1})]},
            InteropError,
            "lines[0].relativedeltas[0].hours",
            id="unknown delta field",
        ),
        pytest.param(
            {"lines": [remainder({"days": 9999})]},
            NotRepresentableError,
            "lines[0].relativedeltas",
            id="days beyond the model",
        ),
        pytest.param(
            {"lines": [remainder("x")]},
            InteropError,
            "lines[0].relativedeltas[0]",
            id="delta not an object",
        ),
    ],
)
def test_malformed_tryton_terms(record: dict[str, Any], error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_tryton(record, currency="EUR")
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"tryton: {field} ")


def test_subjects_are_checked() -> None:
    with pytest.raises(TypeError, match="term must be a mapping"):
        read_tryton(["lines"])  # type: ignore[arg-type]
    with pytest.raises(Exception, match="currency"):
        read_tryton({"lines": [remainder()]}, currency="eur")
    with pytest.raises(InteropError, match="given to read_tryton") as caught:
        read_tryton({"lines": [{"type": "fixed", "amount": 5, "currency": "EUR"}, remainder()]})
    assert caught.value.field == "lines[0].currency"


# --------------------------------------------------------------------------- the model's compound rules


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        pytest.param(RelativeDelta(), "on the baseline date", id="empty step"),
        pytest.param(
            RelativeDelta(month=3, months=1, day=31, weeks=1, days=2, weekday=0),
            "on the baseline date moved by: month set to March, plus 1 month, day set to the "
            "month's last, plus 1 week, plus 2 days, then the next Monday (or that day itself)",
            id="every field",
        ),
        pytest.param(
            RelativeDelta(day=15, months=2, days=30),
            "on the baseline date moved by: plus 2 months, day set to the 15th (or the month's "
            "last, if shorter), plus 30 days",
            id="Tryton test_payment_term remainder line",
        ),
        pytest.param(
            DeltaChain((RelativeDelta(days=30), RelativeDelta(), RelativeDelta(weekday=4))),
            "on the baseline date moved by: plus 30 days; then unchanged; then the next Friday "
            "(or that day itself)",
            id="chain",
        ),
    ],
)
def test_compound_rules_describe_their_steps(rule: Any, text: str) -> None:
    assert rule.describe() == text


@pytest.mark.parametrize(
    ("build", "error", "fragment"),
    [
        pytest.param(lambda: RelativeDelta(day=0), InvalidInputError, "day", id="day 0"),
        pytest.param(lambda: RelativeDelta(month=13), InvalidInputError, "month", id="month 13"),
        pytest.param(
            lambda: RelativeDelta(weekday=7), InvalidInputError, "weekday", id="weekday 7"
        ),
        pytest.param(lambda: RelativeDelta(months=-1), InvalidInputError, "months", id="months -1"),
        pytest.param(lambda: RelativeDelta(weeks=523), InvalidInputError, "weeks", id="weeks"),
        pytest.param(lambda: RelativeDelta(days=True), TypeError, "days", id="days bool"),
        pytest.param(
            lambda: DeltaChain(RelativeDelta()),  # type: ignore[arg-type]
            TypeError,
            "steps must be a tuple of RelativeDelta",
            id="chain of a bare step",
        ),
        pytest.param(
            lambda: DeltaChain((RelativeDelta(), NetDays(3))),  # type: ignore[arg-type]
            TypeError,
            r"steps\[1\] must be a RelativeDelta",
            id="chain of another rule",
        ),
        pytest.param(
            lambda: DeltaChain((RelativeDelta(days=1),)),
            InvalidInputError,
            "at least two RelativeDelta steps",
            id="chain of one step",
        ),
    ],
)
def test_compound_rules_validate(build: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        build()


def test_compound_rules_schedule_and_explain() -> None:
    """The schedule's explanation describes a compound rule (trade notation has none)."""
    terms = PaymentTerms.of(
        DeltaChain((RelativeDelta(days=30), RelativeDelta(day=31))),
        DiscountTier(Decimal("0.02"), RelativeDelta(days=10, weekday=4)),
    )
    plan = schedule(terms, invoice_date=date(2026, 1, 14), amount=Decimal(100), currency="EUR")
    line = plan.lines[0]
    assert (line.due_date, line.discounts[0].deadline) == (date(2026, 2, 28), date(2026, 1, 30))
    assert "terms: 100 % (the whole amount) due on the baseline date moved by: plus 30 days" in (
        plan.explain()
    )
    with pytest.raises(InvalidInputError, match="year 10000"):
        schedule(terms, invoice_date=date(9999, 12, 20), amount=Decimal(1), currency="EUR")


def test_a_compound_fixed_discount_deadline_is_described() -> None:
    """A fixed-amount discount whose deadline is a relative delta: the explanation describes the terms."""
    terms = PaymentTerms(
        (
            Installment(
                NetDays(30),
                fixed_discount=FixedDiscount(Decimal(5), RelativeDelta(days=10, weekday=4)),
            ),
        )
    )
    plan = schedule(terms, invoice_date=date(2026, 1, 14), amount=Decimal(100), currency="EUR")
    assert plan.lines[0].discounts[0].deadline == date(2026, 1, 30)
    assert "a fixed 5 discount until on the baseline date moved by: plus 10 days" in plan.explain()
