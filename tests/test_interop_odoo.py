"""Odoo 17/18 and Odoo 16 ``account.payment.term``: published vectors, round trips, malformed records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spendrules.errors import InvalidInputError
from spendrules.interop import (
    InteropError,
    NotRepresentableError,
    read_odoo,
    read_odoo16,
    write_odoo,
    write_odoo16,
)
from spendrules.payment_terms import (
    Advance,
    BalanceConvention,
    Basis,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
    schedule,
)


def line(
    value: str = "percent",
    amount: Any = 100,
    delay: str = "days_after",
    days: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    return {"value": value, "value_amount": amount, "delay_type": delay, "nb_days": days, **extra}


def line16(value: str = "balance", amount: Any = 0, **extra: Any) -> dict[str, Any]:
    return {"value": value, "value_amount": amount, **extra}


def dates(terms: PaymentTerms, base: date) -> list[date]:
    return [item.due.due_date(base) for item in terms.installments]


# --------------------------------------------------------------------------- published vectors


@pytest.mark.parametrize(
    ("record", "base", "expected"),
    [
        pytest.param(
            [line(days=30)],
            date(2022, 1, 1),
            [date(2022, 1, 31)],
            id="D1 Odoo test_payment_term 01-01",
        ),
        pytest.param(
            [line(days=30)],
            date(2022, 1, 15),
            [date(2022, 2, 14)],
            id="D1 Odoo test_payment_term 01-15",
        ),
        pytest.param(
            [line(days=30)],
            date(2022, 1, 31),
            [date(2022, 3, 2)],
            id="D1 Odoo test_payment_term 01-31",
        ),
        pytest.param(
            [line(amount=30, days=15), line(amount=70, days=45)],
            date(2022, 1, 1),
            [date(2022, 1, 16), date(2022, 2, 15)],
            id="D2 Odoo test_payment_term 30/70 01-01",
        ),
        pytest.param(
            [line(amount=30, days=15), line(amount=70, days=45)],
            date(2022, 1, 15),
            [date(2022, 1, 30), date(2022, 3, 1)],
            id="D2 Odoo test_payment_term 30/70 01-15",
        ),
        pytest.param(
            [line(amount=30, days=15), line(amount=70, days=45)],
            date(2022, 1, 31),
            [date(2022, 2, 15), date(2022, 3, 17)],
            id="D2 Odoo test_payment_term 30/70 01-31",
        ),
        pytest.param(
            [line(days=0)], date(2019, 1, 31), [date(2019, 1, 31)], id="D3 Odoo immediate"
        ),
        pytest.param(
            [line(delay="days_end_of_month_on_the", days=0, days_next_month="29")],
            date(2024, 5, 23),
            [date(2024, 6, 29)],
            id="D6 Odoo test_payment_term_days_end_of_month_nb_days_0 (29)",
        ),
        pytest.param(
            [line(delay="days_end_of_month_on_the", days=0, days_next_month="31")],
            date(2024, 5, 23),
            [date(2024, 6, 30)],
            id="D6 Odoo test_payment_term_days_end_of_month_nb_days_0 (31), PR #166560 not 17.0's Feb cap",
        ),
        pytest.param(
            [line(delay="days_end_of_month_on_the", days=30, days_next_month="10")],
            date(2016, 1, 14),
            [date(2016, 3, 10)],
            id="D10 odoo/odoo#10459 30 days end of month on the 10th",
        ),
        pytest.param(
            [line(delay="days_end_of_month_on_the", days=0, days_next_month="0")],
            date(2024, 2, 10),
            [date(2024, 2, 29)],
            id="Odoo PR #172609 days_next_month 0 is the end of the month",
        ),
        pytest.param(
            [line(delay="days_after_end_of_next_month", days=5)],
            date(2024, 1, 31),
            [date(2024, 3, 5)],
            id="Odoo _get_due_date days_after_end_of_next_month",
        ),
    ],
)
def test_odoo_published_due_dates(
    record: list[dict[str, Any]], base: date, expected: list[date]
) -> None:
    assert dates(read_odoo({"line_ids": record}), base) == expected


@pytest.mark.parametrize(
    ("record", "base", "expected"),
    [
        pytest.param(
            [line16(days=90, end_month=True, days_after=10)],
            date(2023, 11, 25),
            [date(2024, 3, 10)],
            id="D9 odoo/odoo PR #143758 90 days, EOM, +10",
        ),
        pytest.param(
            [line16(months=1, end_month=True, days_after=10)],
            date(2016, 1, 14),
            [date(2016, 3, 10)],
            id="D10 Odoo 16 PR #91490 30 jours fin de mois le 10",
        ),
        pytest.param(
            [line16("percent", 50, days=2), line16(days=4)],
            date(2016, 1, 1),
            [date(2016, 1, 3), date(2016, 1, 5)],
            id="A10 Odoo without_cash_discount dates",
        ),
        pytest.param(
            [line16(months=1)], date(2024, 1, 31), [date(2024, 2, 29)], id="Odoo 16 months clamp"
        ),
        pytest.param(
            [line16(months=2, end_month=True)],
            date(2024, 1, 15),
            [date(2024, 3, 31)],
            id="Odoo 16 end of month +2",
        ),
    ],
)
def test_odoo16_published_due_dates(
    record: list[dict[str, Any]], base: date, expected: list[date]
) -> None:
    assert dates(read_odoo16({"line_ids": record}), base) == expected


def _amounts(
    terms: PaymentTerms, amount: str, currency: str = "USD", tax: str = "0"
) -> list[Decimal]:
    plan = schedule(
        terms,
        invoice_date=date(2026, 1, 1),
        amount=Decimal(amount),
        currency=currency,
        tax_amount=Decimal(tax),
    )
    return [line.amount for line in plan.lines]


def test_odoo_amount_vectors() -> None:
    residual = read_odoo({"line_ids": [line(amount=50), line(amount=50)]})
    assert _amounts(residual, "0.03") == [
        Decimal("0.02"),
        Decimal("0.01"),
    ]  # A4 residual_amount_on_last_line
    mixed = read_odoo({"line_ids": [line(amount=70), line("fixed", 200), line(amount=30)]})
    assert mixed.installments[1].share == FixedAmount(Decimal(200))
    assert _amounts(mixed, "1000") == [
        Decimal(700),
        Decimal(200),
        Decimal(100),
    ]  # A5 last_balance_line_with_fixed
    half = read_odoo16({"line_ids": [line16("percent", 50, days=2), line16(days=4)]})
    assert _amounts(half, "1150") == [Decimal(575), Decimal(575)]  # A10


@pytest.mark.parametrize(
    ("mode", "payable"),
    [
        pytest.param(
            "included", Decimal("1035.00"), id="A8 Odoo compute_method_with_cash_discount"
        ),
        pytest.param("excluded", Decimal("1050.00"), id="A9 Odoo compute_method_early_excluded"),
        pytest.param("mixed", Decimal("1050.00"), id="Odoo mixed: on the untaxed amount"),
    ],
)
def test_odoo_early_discount_modes(mode: str, payable: Decimal) -> None:
    terms = read_odoo(
        {
            "line_ids": [line(days=30)],
            "early_discount": True,
            "discount_percentage": 10,
            "discount_days": 10,
            "early_pay_discount_computation": mode,
        }
    )
    plan = schedule(
        terms,
        invoice_date=date(2026, 1, 1),
        amount=Decimal(1150),
        currency="EUR",
        tax_amount=Decimal(150),
    )
    assert plan.lines[0].discounts[0].payable == payable
    assert plan.lines[0].discounts[0].deadline == date(2026, 1, 11)


def test_odoo_reader_defaults_and_informational_fields() -> None:
    terms = read_odoo(
        {
            "id": 7,
            "name": "2/10",
            "note": "<p>x</p>",
            "line_ids": [line(days=30, id=3, payment_id=7, days_next_month="10")],
            "early_discount": True,
        }
    )  # Odoo's defaults: discount_percentage 2, discount_days 10
    assert terms == PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(10)))
    assert write_odoo(terms, name="2/10")["name"] == "2/10"


# --------------------------------------------------------------------------- round trips

percents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("60"), places=2)
fixed = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5000"), places=2)


@st.composite
def odoo_delay(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(
        st.sampled_from(
            [
                "days_after",
                "days_after_end_of_month",
                "days_after_end_of_next_month",
                "days_end_of_month_on_the",
            ]
        )
    )
    out = {"delay_type": kind, "nb_days": draw(st.integers(0, 400))}
    if kind == "days_end_of_month_on_the":
        out["days_next_month"] = str(draw(st.integers(0, 31)))
    return out


@st.composite
def odoo_records(draw: st.DrawFn) -> dict[str, Any]:
    """An Odoo 17/18 record in normal form (as write_odoo writes it)."""
    count = draw(st.integers(1, 4))
    lines = []
    total = Decimal(0)
    for _ in range(count - 1):
        if draw(st.booleans()):
            lines.append({"value": "fixed", "value_amount": draw(fixed), **draw(odoo_delay())})
        else:
            value = draw(percents)
            assume(total + value < 100)
            total += value
            lines.append({"value": "percent", "value_amount": value, **draw(odoo_delay())})
    lines.append({"value": "percent", "value_amount": 100 - total, **draw(odoo_delay())})
    record: dict[str, Any] = {"line_ids": lines, "early_discount": False}
    if count == 1 and draw(st.booleans()):
        record.update(
            early_discount=True,
            discount_percentage=draw(
                st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99.99"), places=2)
            ),
            discount_days=draw(st.integers(1, 90)),
            early_pay_discount_computation=draw(st.sampled_from(["included", "excluded", "mixed"])),
        )
    return record


@settings(max_examples=200)
@given(record=odoo_records())
def test_odoo_round_trip_of_every_record_shape(record: dict[str, Any]) -> None:
    terms = read_odoo(record)
    assert write_odoo(terms) == record
    assert read_odoo(write_odoo(terms)) == terms


@st.composite
def odoo16_due(draw: st.DrawFn) -> dict[str, Any]:
    shape = draw(st.sampled_from(["days", "months", "eom", "days-eom"]))
    months = (
        draw(st.integers(1, 24))
        if shape in ("months",)
        else draw(st.integers(0, 24))
        if shape == "eom"
        else 0
    )
    days = (
        draw(st.integers(0, 400))
        if shape == "days"
        else draw(st.integers(1, 400))
        if shape == "days-eom"
        else 0
    )
    after = (
        draw(st.integers(0, 28))
        if shape == "days-eom"
        else draw(st.integers(0, 90))
        if shape == "eom"
        else 0
    )
    return {
        "months": months,
        "days": days,
        "end_month": shape in ("eom", "days-eom"),
        "days_after": after,
    }


@st.composite
def odoo16_records(draw: st.DrawFn) -> dict[str, Any]:
    """An Odoo 16 record in normal form (as write_odoo16 writes it)."""
    count = draw(st.integers(1, 4))
    kinds = [draw(st.sampled_from(["percent", "fixed"])) for _ in range(count - 1)]
    position = draw(st.integers(0, count - 1)) if "fixed" in kinds else count - 1
    kinds.insert(position, "balance")
    lines, total, discounted = [], Decimal(0), False
    for kind in kinds:
        amount = Decimal(0)
        if kind == "percent":
            amount = draw(percents)
            assume(total + amount < 100)
            total += amount
        elif kind == "fixed":
            amount = draw(fixed)
        pct, days = Decimal(0), 0
        if kind != "fixed" and draw(st.booleans()):
            pct, days = (
                draw(st.decimals(min_value=Decimal("0.5"), max_value=Decimal("20"), places=1)),
                draw(st.integers(0, 60)),
            )
            discounted = True
        lines.append(
            {
                "value": kind,
                "value_amount": amount,
                **draw(odoo16_due()),
                "discount_percentage": pct,
                "discount_days": days,
            }
        )
    record: dict[str, Any] = {"line_ids": lines}
    if discounted:
        record["early_pay_discount_computation"] = draw(
            st.sampled_from(["included", "excluded", "mixed"])
        )
    return record


@settings(max_examples=200)
@given(record=odoo16_records())
def test_odoo16_round_trip_of_every_record_shape(record: dict[str, Any]) -> None:
    terms = read_odoo16(record)
    assert write_odoo16(terms) == record
    assert read_odoo16(write_odoo16(terms)) == terms


def test_normal_forms() -> None:
    """What write(read(d)) drops or adds: informational keys, irrelevant fields, defaults."""
    record = {
        "name": "x",
        "line_ids": [line(days=30, days_next_month="10")],
        "early_discount": False,
        "discount_percentage": 2.0,
        "discount_days": 10,
        "early_pay_discount_computation": "mixed",
    }
    assert write_odoo(read_odoo(record)) == {"line_ids": [line(days=30)], "early_discount": False}
    middle = {"line_ids": [line16("percent", 30), line16(days=30), line16("percent", 20, days=60)]}
    assert [ln["value"] for ln in write_odoo16(read_odoo16(middle))["line_ids"]] == [
        "percent",
        "percent",
        "balance",
    ]
    assert (
        write_odoo16(read_odoo16({"line_ids": [line16(value_amount=5)]}))["line_ids"][0][
            "value_amount"
        ]
        == 0
    )


# --------------------------------------------------------------------------- writing what Odoo cannot hold


@pytest.mark.parametrize(
    ("writer", "terms", "field"),
    [
        pytest.param(
            write_odoo, PaymentTerms.of(NetDays(30), basis=Basis.DELIVERY), "basis", id="odoo basis"
        ),
        pytest.param(
            write_odoo16,
            PaymentTerms.of(NetDays(30), basis=Basis.DELIVERY),
            "basis",
            id="odoo16 basis",
        ),
        pytest.param(
            write_odoo, PaymentTerms.of(NetMonths(2)), "installments[0].due", id="odoo net months"
        ),
        pytest.param(
            write_odoo, PaymentTerms.of(Advance()), "installments[0].due", id="odoo advance"
        ),
        pytest.param(
            write_odoo16,
            PaymentTerms.of(DaysEndOfMonthOn(5, 30)),
            "installments[0].due",
            id="odoo16 day 30",
        ),
        pytest.param(
            write_odoo,
            PaymentTerms(
                (Installment(NetDays(1), share=Ratio(Fraction(1, 3))), Installment(NetDays(2)))
            ),
            "installments[0].share",
            id="odoo ratio 1/3",
        ),
        pytest.param(
            write_odoo,
            PaymentTerms(
                (Installment(NetDays(1)), Installment(NetDays(2), share=FixedAmount(Decimal(5))))
            ),
            "installments",
            id="odoo remainder not last with a fixed amount",
        ),
        pytest.param(
            write_odoo,
            PaymentTerms(
                (
                    Installment(
                        NetDays(1),
                        (DiscountTier(Decimal("0.02"), NetDays(1)),),
                        share=Percent(Decimal(50)),
                    ),
                    Installment(NetDays(2)),
                )
            ),
            "installments",
            id="odoo discount on two lines",
        ),
        pytest.param(
            write_odoo,
            PaymentTerms.of(
                NetDays(30),
                DiscountTier(Decimal("0.03"), NetDays(10)),
                DiscountTier(Decimal("0.02"), NetDays(20)),
            ),
            "installments[0].discounts",
            id="odoo two tiers",
        ),
        pytest.param(
            write_odoo16,
            PaymentTerms.of(
                NetDays(30),
                DiscountTier(Decimal("0.03"), NetDays(10)),
                DiscountTier(Decimal("0.02"), NetDays(20)),
            ),
            "installments[0].discounts",
            id="odoo16 two tiers",
        ),
        pytest.param(
            write_odoo,
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(0))),
            "installments[0].discounts[0].deadline",
            id="odoo 0 discount days",
        ),
        pytest.param(
            write_odoo16,
            PaymentTerms.of(
                NetDays(30), DiscountTier(Decimal("0.02"), DayOfMonth(10, months_ahead=0))
            ),
            "installments[0].discounts[0].deadline",
            id="odoo16 discount to a day of month",
        ),
        pytest.param(
            write_odoo16,
            PaymentTerms(
                (
                    Installment(
                        NetDays(1),
                        (DiscountTier(Decimal("0.02"), NetDays(1)),),
                        share=FixedAmount(Decimal(5)),
                    ),
                    Installment(NetDays(2)),
                )
            ),
            "installments[0].discounts",
            id="odoo16 discount on a fixed line",
        ),
    ],
)
def test_writers_refuse_what_odoo_cannot_hold(writer: Any, terms: PaymentTerms, field: str) -> None:
    with pytest.raises(NotRepresentableError) as caught:
        writer(terms)
    assert caught.value.field == field


def test_writers_check_their_subject() -> None:
    for writer in (write_odoo, write_odoo16):
        with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
            writer({"line_ids": []})  # type: ignore[arg-type]
    written = write_odoo16(
        PaymentTerms(
            (
                Installment(NetDays(0), share=FixedAmount(Decimal(10))),
                Installment(DaysEndOfMonthOn(0, 5), (DiscountTier(Decimal("0.01"), NetDays(3)),)),
            ),
            discount_base=DiscountBase.MIXED,
        ),
        name="n",
    )
    assert written["name"] == "n" and written["early_pay_discount_computation"] == "mixed"
    assert written["line_ids"][1] | {} == {
        "value": "balance",
        "value_amount": 0,
        "months": 0,
        "days": 0,
        "end_month": True,
        "days_after": 5,
        "discount_percentage": 1,
        "discount_days": 3,
    }
    assert (
        write_odoo(PaymentTerms.of(DayOfMonth(31, months_ahead=1)))["line_ids"][0]["delay_type"]
        == "days_after_end_of_next_month"
    )
    assert read_odoo16(write_odoo16(PaymentTerms.of(NetMonths(3)))) == PaymentTerms.of(NetMonths(3))
    quarter = PaymentTerms(
        (Installment(NetDays(1), share=Ratio(Fraction(1, 4))), Installment(NetDays(2)))
    )
    assert write_odoo(quarter)["line_ids"][0]["value_amount"] == 25
    with_fixed = PaymentTerms(
        (
            Installment(NetDays(1), share=Ratio(Fraction(1, 4))),
            Installment(NetDays(2), share=FixedAmount(Decimal(5))),
            Installment(NetDays(3)),
        )
    )
    assert [ln["value_amount"] for ln in write_odoo(with_fixed)["line_ids"]] == [25, 5, 75]


# --------------------------------------------------------------------------- malformed records


@pytest.mark.parametrize(
    ("record", "error", "field"),
    [
        pytest.param({}, InteropError, "line_ids", id="no lines"),
        pytest.param({"line_ids": []}, InteropError, "line_ids", id="empty lines"),
        pytest.param({"line_ids": "x"}, InteropError, "line_ids", id="lines not an array"),
        pytest.param({"line_ids": [7]}, InteropError, "line_ids[0]", id="line not an object"),
        pytest.param({"line_ids": [line()], "colour": 1}, InteropError, "colour", id="unknown key"),
        pytest.param(
            {"line_ids": [line(foo=1)]}, InteropError, "line_ids[0].foo", id="unknown line key"
        ),
        pytest.param(
            {"line_ids": [line(value="balance")]},
            InteropError,
            "line_ids[0].value",
            id="16's balance in 17",
        ),
        pytest.param(
            {"line_ids": [line(amount=100.0)]},
            InteropError,
            "line_ids[0].value_amount",
            id="float amount",
        ),
        pytest.param(
            {"line_ids": [line(amount=Decimal("NaN"))]},
            InteropError,
            "line_ids[0].value_amount",
            id="NaN amount",
        ),
        pytest.param(
            {"line_ids": [line(amount=101)]},
            InteropError,
            "line_ids[0].value_amount",
            id="percent above 100",
        ),
        pytest.param(
            {"line_ids": [line(amount=-1), line(amount=101)]},
            InteropError,
            "line_ids[0].value_amount",
            id="negative percent",
        ),
        pytest.param(
            {"line_ids": [line(amount=90)]}, InteropError, "line_ids", id="percents not 100"
        ),
        pytest.param(
            {"line_ids": [line(delay="weeks_after")]},
            InteropError,
            "line_ids[0].delay_type",
            id="unknown delay type",
        ),
        pytest.param(
            {"line_ids": [{"value": "percent", "value_amount": 100, "delay_type": "days_after"}]},
            InteropError,
            "line_ids[0].nb_days",
            id="missing nb_days",
        ),
        pytest.param(
            {"line_ids": [line(days="30")]},
            InteropError,
            "line_ids[0].nb_days",
            id="nb_days as text",
        ),
        pytest.param(
            {"line_ids": [line(days=-5)]},
            NotRepresentableError,
            "line_ids[0].nb_days",
            id="negative nb_days",
        ),
        pytest.param(
            {"line_ids": [line(days=99999)]},
            NotRepresentableError,
            "line_ids[0].nb_days",
            id="nb_days beyond the model",
        ),
        pytest.param(
            {"line_ids": [line(delay="days_end_of_month_on_the")]},
            InteropError,
            "line_ids[0].days_next_month",
            id="on_the without day",
        ),
        pytest.param(
            {"line_ids": [line(days_next_month="32")]},
            InteropError,
            "line_ids[0].days_next_month",
            id="day 32",
        ),
        pytest.param(
            {"line_ids": [line(days_next_month="²")]},
            InteropError,
            "line_ids[0].days_next_month",
            id="unicode digit (Odoo 18 isdecimal fix)",
        ),
        pytest.param(
            {"line_ids": [line(amount=0), line(amount=100)]},
            NotRepresentableError,
            "line_ids[0].value_amount",
            id="0 % line",
        ),
        pytest.param(
            {"line_ids": [line("fixed", 0), line()]},
            NotRepresentableError,
            "line_ids[0].value_amount",
            id="zero fixed line",
        ),
        pytest.param(
            {"line_ids": [line(amount=50), line(amount=50)], "early_discount": True},
            InteropError,
            "early_discount",
            id="discount on two lines (_check_lines)",
        ),
        pytest.param(
            {"line_ids": [line()], "early_discount": "yes"},
            InteropError,
            "early_discount",
            id="early_discount not boolean",
        ),
        pytest.param(
            {"line_ids": [line()], "early_discount": True, "discount_percentage": 0},
            InteropError,
            "discount_percentage",
            id="discount 0 %",
        ),
        pytest.param(
            {"line_ids": [line()], "early_discount": True, "discount_percentage": 120},
            InteropError,
            "discount_percentage",
            id="discount 120 %",
        ),
        pytest.param(
            {"line_ids": [line()], "early_discount": True, "discount_percentage": 100},
            NotRepresentableError,
            "discount_percentage",
            id="discount 100 %",
        ),
        pytest.param(
            {"line_ids": [line()], "early_discount": True, "discount_days": 0},
            InteropError,
            "discount_days",
            id="discount days 0",
        ),
        pytest.param(
            {"line_ids": [line()], "early_pay_discount_computation": "always"},
            InteropError,
            "early_pay_discount_computation",
            id="unknown computation",
        ),
    ],
)
def test_malformed_odoo_records(record: dict[str, Any], error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_odoo(record)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"odoo: {field} ")


@pytest.mark.parametrize(
    ("lines", "odoo", "strict"),
    [
        # Odoo's last line takes total - the others "no matter the type"
        pytest.param(
            [line(), line("fixed", 5)], ["100.00", "0.00"], ["100.00", "0.00"], id="fixed last"
        ),
        pytest.param(  # 100 - 100 - 5
            [line(), line("fixed", 5), line("fixed", 7)],
            ["100.00", "5.00", "-5.00"],
            None,
            id="fixed line before the fixed last",
        ),
        pytest.param([line(), line(amount=0)], ["100.00", "0.00"], ["100.00", "0.00"], id="0 %"),
    ],
)
def test_a_last_line_after_100_percent_is_the_balance(
    lines: list[dict[str, Any]], odoo: list[str], strict: list[str] | None
) -> None:
    terms = read_odoo({"line_ids": lines})
    assert isinstance(terms.installments[-1].share, Remainder)
    options = {"invoice_date": date(2026, 1, 1), "amount": Decimal(100), "currency": "USD"}
    plan = schedule(terms, balance=BalanceConvention.ODOO, **options)
    assert [line.amount for line in plan.lines] == [Decimal(x) for x in odoo]
    if strict is None:
        with pytest.raises(InvalidInputError, match=r"they need 105\.00"):
            schedule(terms, **options)
    else:
        assert [line.amount for line in schedule(terms, **options).lines] == [
            Decimal(x) for x in strict
        ]


@pytest.mark.parametrize(
    ("record", "error", "field"),
    [
        pytest.param(
            {"line_ids": [line16("percent", 100)]},
            InteropError,
            "line_ids",
            id="no balance line (_check_lines)",
        ),
        pytest.param(
            {"line_ids": [line16(), line16()]}, InteropError, "line_ids", id="two balance lines"
        ),
        pytest.param(
            {"line_ids": [line16(), {"value": "percent", "days": 3}]},
            InteropError,
            "line_ids[1].value_amount",
            id="missing value_amount",
        ),
        pytest.param(
            {"line_ids": [line16(), line16("percent", 101)]},
            InteropError,
            "line_ids[1].value_amount",
            id="percent above 100",
        ),
        pytest.param(
            {"line_ids": [line16(), line16("percent", 100)]},
            NotRepresentableError,
            "line_ids",
            id="balance of zero",
        ),
        pytest.param(
            {"line_ids": [line16(), line16("percent", 0)]},
            NotRepresentableError,
            "line_ids[1].value_amount",
            id="0 % line",
        ),
        pytest.param(
            {"line_ids": [line16(months=-1)]},
            InteropError,
            "line_ids[0].months",
            id="negative months (_check_positive)",
        ),
        pytest.param(
            {"line_ids": [line16(days=-1)]}, InteropError, "line_ids[0].days", id="negative days"
        ),
        pytest.param(
            {"line_ids": [line16(end_month=1)]},
            InteropError,
            "line_ids[0].end_month",
            id="end_month not boolean",
        ),
        pytest.param(
            {"line_ids": [line16(end_month=True, days_after=-3)]},
            NotRepresentableError,
            "line_ids[0].days_after",
            id="negative days after",
        ),
        pytest.param(
            {"line_ids": [line16(months=1, days=5)]},
            NotRepresentableError,
            "line_ids[0].days",
            id="months then days",
        ),
        pytest.param(
            {"line_ids": [line16(months=1, days=5, end_month=True)]},
            NotRepresentableError,
            "line_ids[0].months",
            id="months, days, EOM",
        ),
        pytest.param(
            {"line_ids": [line16(days=5, end_month=True, days_after=30)]},
            NotRepresentableError,
            "line_ids[0].days_after",
            id="days, EOM, +30",
        ),
        pytest.param(
            {"line_ids": [line16(months=200)]},
            NotRepresentableError,
            "line_ids[0].months",
            id="months beyond the model",
        ),
        pytest.param(
            {"line_ids": [line16(), line16("fixed", 5, discount_percentage=2)]},
            InteropError,
            "line_ids[1].discount_percentage",
            id="discount on fixed (_check_lines)",
        ),
        pytest.param(
            {"line_ids": [line16(discount_percentage=150)]},
            InteropError,
            "line_ids[0].discount_percentage",
            id="discount above 100",
        ),
        pytest.param(
            {"line_ids": [line16(discount_percentage=2, discount_days=-1)]},
            InteropError,
            "line_ids[0].discount_days",
            id="negative discount days",
        ),
        pytest.param(
            {"line_ids": [line16(discount_percentage=2.0)]},
            InteropError,
            "line_ids[0].discount_percentage",
            id="float discount",
        ),
        pytest.param(
            {"line_ids": [line16(nb_days=3)]},
            InteropError,
            "line_ids[0].nb_days",
            id="17's nb_days in 16",
        ),
    ],
)
def test_malformed_odoo16_records(
    record: dict[str, Any], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as caught:
        read_odoo16(record)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]


def test_readers_check_their_subject() -> None:
    for reader in (read_odoo, read_odoo16):
        with pytest.raises(TypeError, match="term must be a mapping"):
            reader([])  # type: ignore[arg-type]


def test_odoo16_discount_and_order() -> None:
    terms = read_odoo16(
        {
            "line_ids": [
                line16(days=30, discount_percentage=Decimal("2.5"), discount_days=10),
                line16("fixed", Decimal("100.00"), days=0),
            ],
            "early_pay_discount_computation": "excluded",
        }
    )
    assert terms == PaymentTerms(
        (
            Installment(NetDays(30), (DiscountTier(Decimal("0.025"), NetDays(10)),)),
            Installment(NetDays(0), share=FixedAmount(Decimal(100))),
        ),
        discount_base=DiscountBase.NET_OF_TAX,
    )
    assert terms.installments[0].share == Remainder()
    eom = read_odoo16({"line_ids": [line16(days=10, end_month=True)]})
    assert eom.installments[0].due == DaysEndOfMonthOn(10, 0)
    assert read_odoo16({"line_ids": [line16(end_month=True, days_after=5)]}).installments[
        0
    ].due == DaysAfterEndOfMonth(5)


# --------------------------------------------------------------------------- Odoo's balance line (opt-in)


def _balance_plan(terms: PaymentTerms, amount: str, **options: Any) -> list[Decimal]:
    plan = schedule(
        terms, invoice_date=date(2016, 1, 1), amount=Decimal(amount), currency="USD", **options
    )
    return [line.amount for line in plan.lines]


def test_odoo_balance_changes_nothing_while_the_balance_is_positive() -> None:
    terms = read_odoo({"line_ids": [line(amount=70), line("fixed", 200), line(amount=30)]})
    for amount in ("1000", "-1000", "2000.01", "666.67"):
        assert _balance_plan(terms, amount, balance=BalanceConvention.ODOO) == _balance_plan(
            terms, amount
        )


@pytest.mark.parametrize(
    ("terms", "amount", "expected", "rounding"),
    [
        pytest.param(
            PaymentTerms(
                (
                    Installment(NetDays(0), share=Percent(Decimal(70))),
                    Installment(NetDays(0), share=FixedAmount(Decimal(500))),
                    Installment(NetDays(0)),
                )
            ),
            "-1000",
            ["-700.00", "-500.00", "200.00"],
            "ROUND_HALF_UP",
            id="credit note: signs follow the total",
        ),
        pytest.param(
            PaymentTerms(
                (
                    Installment(NetDays(0), share=FixedAmount(Decimal(10))),
                    Installment(NetDays(0), share=Ratio(Fraction(1, 3))),
                    Installment(NetDays(0)),
                )
            ),
            "10",
            ["10.00", "3.33", "-3.33"],
            "ROUND_HALF_UP",
            id="a fixed amount above the total; a ratio rounded on its own",
        ),
        *[
            pytest.param(
                PaymentTerms(
                    (
                        Installment(NetDays(0), share=Percent(Decimal("2.5"))),
                        Installment(NetDays(0), share=FixedAmount(Decimal(1))),
                        Installment(NetDays(0)),
                    )
                ),
                "1.00",
                [f"0.0{units}", "1.00", f"-0.0{units}"],
                rounding,
                id=f"percent lines rounded on their own by {rounding}",
            )
            for rounding, units in (("ROUND_HALF_UP", 3), ("ROUND_HALF_EVEN", 2))
        ],
    ],
)
def test_odoo_balance_takes_what_remains(
    terms: PaymentTerms, amount: str, expected: list[str], rounding: str
) -> None:
    got = _balance_plan(terms, amount, balance="odoo", rounding=rounding)
    assert got == [Decimal(x) for x in expected]
    assert sum(got) == Decimal(amount)  # conserved


def test_balance_convention_is_checked() -> None:
    terms = PaymentTerms.of(NetDays(30))
    with pytest.raises(InvalidInputError, match="balance must be a BalanceConvention"):
        schedule(
            terms,
            invoice_date=date(2016, 1, 1),
            amount=Decimal(1),
            currency="USD",
            balance="negative",  # type: ignore[arg-type]
        )
    with pytest.raises(InvalidInputError, match="balance"):
        schedule(
            terms,
            invoice_date=date(2016, 1, 1),
            amount=Decimal(1),
            currency="USD",
            balance=["odoo"],  # type: ignore[arg-type]
        )


def test_negative_balance_is_explained() -> None:
    terms = read_odoo({"line_ids": [line(amount=70), line("fixed", 500), line(amount=30)]})
    plan = schedule(
        terms, invoice_date=date(2016, 1, 1), amount=Decimal(1000), currency="USD", balance="odoo"
    )
    (warning,) = [r for r in plan.reasons if r.code == "TERMS.BALANCE_NEGATIVE"]
    assert warning.message == (
        "Installment 3 (the balance) is -200.00 USD: the other lines take 1200.00 USD of the "
        "1000.00 USD total, and the balance line takes what remains, as Odoo's does "
        "(balance convention odoo)."
    )
    (conserved,) = [r for r in plan.reasons if r.code == "TERMS.CONSERVED"]
    assert "percent lines rounded one by one, the balance takes the rest" in conserved.message
