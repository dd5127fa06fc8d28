"""ERPNext Payment Terms Template: published vectors, round trips, malformed templates."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spendrules.interop import InteropError, NotRepresentableError, read_erpnext, write_erpnext
from spendrules.payment_terms import (
    Basis,
    DayOfMonth,
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
    schedule,
)

DAYS = "Day(s) after invoice date"
EOM = "Day(s) after the end of the invoice month"
MONTHS = "Month(s) after the end of the invoice month"


def row(portion: Any = 100, based_on: str = DAYS, **extra: Any) -> dict[str, Any]:
    return {"invoice_portion": portion, "due_date_based_on": based_on, **extra}


def due(template: dict[str, Any], base: date) -> list[date]:
    return [item.due.due_date(base) for item in read_erpnext(template).installments]


@pytest.mark.parametrize(
    ("rows", "base", "expected"),
    [
        pytest.param(
            [row(based_on=MONTHS, credit_months=1)],
            date(2020, 6, 11),
            [date(2020, 7, 31)],
            id="D11 frappe/erpnext#22201 fixed by PR #33183 (not 07-30)",
        ),
        pytest.param(
            [row(based_on=MONTHS, credit_months=1)],
            date(2015, 1, 1),
            [date(2015, 2, 28)],
            id="D13 frappe/erpnext#3451 30 days EOM 01-01",
        ),
        pytest.param(
            [row(based_on=MONTHS, credit_months=1)],
            date(2015, 6, 16),
            [date(2015, 7, 31)],
            id="D13 frappe/erpnext#3451 06-16",
        ),
        pytest.param(
            [row(based_on=MONTHS, credit_months=1)],
            date(2015, 10, 31),
            [date(2015, 11, 30)],
            id="D13 frappe/erpnext#3451 10-31",
        ),
        pytest.param(
            [row(34, credit_days=30), row(33, credit_days=60), row(33, credit_days=90)],
            date(2024, 3, 15),
            [date(2024, 4, 14), date(2024, 5, 14), date(2024, 6, 13)],
            id="D14 frappe/erpnext#40077 30/60/90 days",
        ),
        pytest.param(
            [row(based_on=EOM, credit_days=10)],
            date(2024, 2, 5),
            [date(2024, 3, 10)],
            id="ERPNext get_due_date days after end of month",
        ),
        pytest.param(
            [row(50, credit_days=30), row(50, credit_days=0)],
            date(2026, 3, 1),
            [date(2026, 3, 31), date(2026, 3, 1)],
            id="ERPNext test_records _Test N30 + _Test COD",
        ),
    ],
)
def test_erpnext_published_due_dates(
    rows: list[dict[str, Any]], base: date, expected: list[date]
) -> None:
    assert due({"terms": rows}, base) == expected


def test_months_after_the_invoice_date_are_not_erpnext() -> None:
    """D14: 1/2/3 months give 04-15, 05-15, 06-15; ERPNext has no such option (issue #40077 open)."""
    months = PaymentTerms(
        (
            Installment(NetMonths(1), share=Ratio(Fraction(1, 3))),
            Installment(NetMonths(2), share=Ratio(Fraction(1, 3))),
            Installment(NetMonths(3)),
        )
    )
    assert [i.due.due_date(date(2024, 3, 15)) for i in months.installments] == [
        date(2024, 4, 15),
        date(2024, 5, 15),
        date(2024, 6, 15),
    ]
    with pytest.raises(NotRepresentableError) as caught:
        write_erpnext(months)
    assert caught.value.field == "installments[0].share"
    with pytest.raises(NotRepresentableError, match="erpnext has days after"):
        write_erpnext(PaymentTerms.of(NetMonths(1)))


def test_erpnext_amounts_round_exactly_and_discount_on_the_row() -> None:
    terms = read_erpnext(
        {
            "terms": [
                row(Decimal("33.34"), credit_days=30),
                row(Decimal("33.33"), credit_days=60),
                row(Decimal("33.33"), credit_days=90),
            ]
        }
    )
    plan = schedule(terms, invoice_date=date(2026, 1, 1), amount=Decimal("5.47"), currency="USD")
    assert [line.amount for line in plan.lines] == [
        Decimal("1.83"),
        Decimal("1.82"),
        Decimal("1.82"),
    ]  # A11 erpnext#12057
    split = read_erpnext(
        {
            "terms": [
                row(50, discount=2, discount_validity=10),
                row(50, credit_days=30, discount=2, discount_validity=10),
            ]
        }
    )
    plan = schedule(split, invoice_date=date(2026, 1, 1), amount=Decimal("1000.00"), currency="USD")
    # ERPNext apply_early_payment_discount takes 2 % of the grand total per row (40.00); the model 2 % of each row.
    assert [line.discounts[0].discount for line in plan.lines] == [
        Decimal("10.00"),
        Decimal("10.00"),
    ]


def test_erpnext_discount_validity_options() -> None:
    terms = read_erpnext(
        {
            "template_name": "x",
            "terms": [
                row(
                    40,
                    discount=3,
                    discount_validity_based_on=EOM,
                    discount_validity=10,
                    payment_term="a",
                    mode_of_payment="Wire",
                ),
                row(
                    60,
                    credit_months=9,
                    credit_days=30,
                    discount=Decimal("1.5"),
                    discount_validity_based_on=MONTHS,
                    discount_validity=1,
                ),
            ],
        }
    )
    assert terms.installments[0].discounts == (
        DiscountTier(Decimal("0.03"), DaysAfterEndOfMonth(10)),
    )
    assert terms.installments[1].discounts == (
        DiscountTier(Decimal("0.015"), DaysAfterEndOfMonth(0, months=1)),
    )
    assert terms.installments[1].due == NetDays(30)  # credit_months is hidden under the days option


@st.composite
def rule(draw: st.DrawFn, days: str, months: str) -> dict[str, Any]:
    based_on = draw(st.sampled_from([DAYS, EOM, MONTHS]))
    count = draw(st.integers(1, 24)) if based_on == MONTHS else draw(st.integers(0, 400))
    return {days: based_on, months: count}


@st.composite
def templates(draw: st.DrawFn) -> dict[str, Any]:
    """A template in normal form (as write_erpnext writes it)."""
    count = draw(st.integers(1, 4))
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
    rows = []
    for low, high in itertools.pairwise(points):
        due_rule = draw(rule("due_date_based_on", "count"))
        based_on, count_value = due_rule["due_date_based_on"], due_rule["count"]
        out = {
            "invoice_portion": high - low,
            "due_date_based_on": based_on,
            "credit_days": 0 if based_on == MONTHS else count_value,
            "credit_months": count_value if based_on == MONTHS else 0,
            "discount_type": "Percentage",
            "discount": Decimal(0),
            "discount_validity_based_on": DAYS,
            "discount_validity": 0,
        }
        if draw(st.booleans()):
            validity = draw(rule("discount_validity_based_on", "discount_validity"))
            out.update(
                validity,
                discount=draw(
                    st.decimals(min_value=Decimal("0.1"), max_value=Decimal("30"), places=1)
                ),
            )
        rows.append(out)
    assume(all(r["invoice_portion"] > 0 for r in rows))
    keys = [(r["credit_days"], r["credit_months"], r["due_date_based_on"]) for r in rows]
    assume(len(set(keys)) == len(keys))  # ERPNext refuses duplicate rows
    return {"terms": rows}


@settings(max_examples=200)
@given(template=templates())
def test_erpnext_round_trip_of_every_template_shape(template: dict[str, Any]) -> None:
    terms = read_erpnext(template)
    assert write_erpnext(terms) == template
    assert read_erpnext(write_erpnext(terms)) == terms


def test_normal_form_and_writer_options() -> None:
    months_zero = {"terms": [row(based_on=MONTHS, credit_months=0, credit_days=5)]}
    assert write_erpnext(read_erpnext(months_zero))["terms"][0]["due_date_based_on"] == EOM
    written = write_erpnext(PaymentTerms.of(DayOfMonth(10, months_ahead=1)), name="Prox 10")
    assert written["template_name"] == "Prox 10" and written["terms"][0]["credit_days"] == 10


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        pytest.param(
            PaymentTerms.of(NetDays(30), basis=Basis.GOODS_RECEIPT), "basis", id="receipt basis"
        ),
        pytest.param(
            PaymentTerms.of(
                NetDays(30),
                DiscountTier(Decimal("0.02"), NetDays(5)),
                discount_base=DiscountBase.NET_OF_TAX,
            ),
            "discount_base",
            id="discount before tax",
        ),
        pytest.param(
            PaymentTerms(
                (Installment(NetDays(0), share=FixedAmount(Decimal(5))), Installment(NetDays(9)))
            ),
            "installments",
            id="fixed amount",
        ),
        pytest.param(
            PaymentTerms.of(
                NetDays(30),
                DiscountTier(Decimal("0.03"), NetDays(10)),
                DiscountTier(Decimal("0.02"), NetDays(20)),
            ),
            "installments[0].discounts",
            id="two tiers",
        ),
        pytest.param(
            PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.03"), NetMonths(1))),
            "installments[0].discounts[0].deadline",
            id="discount by months after invoice",
        ),
    ],
)
def test_write_erpnext_refuses(terms: PaymentTerms, field: str) -> None:
    with pytest.raises(NotRepresentableError) as caught:
        write_erpnext(terms)
    assert caught.value.field == field


@pytest.mark.parametrize(
    ("template", "error", "field"),
    [
        pytest.param({}, InteropError, "terms", id="no rows"),
        pytest.param({"terms": [row()], "owner": "a", "x": 1}, InteropError, "x", id="unknown key"),
        pytest.param(
            {"terms": [row(payment_amount=5)]},
            InteropError,
            "terms[0].payment_amount",
            id="unknown row key",
        ),
        pytest.param(
            {"terms": [{"due_date_based_on": DAYS}]},
            InteropError,
            "terms[0].invoice_portion",
            id="missing portion",
        ),
        pytest.param(
            {"terms": [row(100.0)]}, InteropError, "terms[0].invoice_portion", id="float portion"
        ),
        pytest.param(
            {"terms": [row(120)]}, InteropError, "terms[0].invoice_portion", id="portion above 100"
        ),
        pytest.param(
            {"terms": [row(0), row(100)]},
            NotRepresentableError,
            "terms[0].invoice_portion",
            id="0 % row",
        ),
        pytest.param(
            {"terms": [row(60), row(30, credit_days=30)]},
            InteropError,
            "terms",
            id="portions add up to 90",
        ),
        pytest.param(
            {"terms": [{"invoice_portion": 100}]},
            InteropError,
            "terms[0].due_date_based_on",
            id="missing based on",
        ),
        pytest.param(
            {"terms": [row(based_on="Weeks")]},
            InteropError,
            "terms[0].due_date_based_on",
            id="unknown option",
        ),
        pytest.param(
            {"terms": [row(credit_days=-3)]},
            InteropError,
            "terms[0].credit_days",
            id="negative credit days",
        ),
        pytest.param(
            {"terms": [row(based_on=MONTHS, credit_months="1")]},
            InteropError,
            "terms[0].credit_months",
            id="months as text",
        ),
        pytest.param(
            {"terms": [row(credit_days=5000)]},
            NotRepresentableError,
            "terms[0].credit_days",
            id="days beyond the model",
        ),
        pytest.param(
            {"terms": [row(discount=-1)]}, InteropError, "terms[0].discount", id="negative discount"
        ),
        pytest.param(
            {"terms": [row(discount=150)]},
            InteropError,
            "terms[0].discount",
            id="discount above 100",
        ),
        pytest.param(
            {"terms": [row(discount=100)]},
            NotRepresentableError,
            "terms[0].discount",
            id="discount 100 %",
        ),
        pytest.param(
            {"terms": [row(discount=Decimal("1e-19"), discount_type="Amount")]},
            NotRepresentableError,
            "terms[0].discount",
            id="amount discount beyond the model's places",
        ),
        pytest.param(
            {"terms": [row(discount=5, discount_type="Rate")]},
            InteropError,
            "terms[0].discount_type",
            id="unknown discount type",
        ),
        pytest.param(
            {"terms": [row(discount=5, discount_validity=-1)]},
            InteropError,
            "terms[0].discount_validity",
            id="negative validity",
        ),
    ],
)
def test_malformed_templates(template: dict[str, Any], error: type[Exception], field: str) -> None:
    with pytest.raises(error) as caught:
        read_erpnext(template)
    assert type(caught.value) is error
    assert caught.value.field == field  # type: ignore[attr-defined]
    assert str(caught.value).startswith(f"erpnext: {field} ")


def test_subjects_are_checked() -> None:
    with pytest.raises(TypeError, match="template must be a mapping"):
        read_erpnext([row()])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="terms must be a PaymentTerms"):
        write_erpnext({"terms": []})  # type: ignore[arg-type]
    assert read_erpnext({"terms": [row(discount=0, discount_type="Amount")]}) == PaymentTerms.of(
        NetDays(0)
    )
    with pytest.raises(NotRepresentableError, match="cannot hold this share exactly"):
        write_erpnext(
            PaymentTerms(
                (Installment(NetDays(0), share=Ratio(Fraction(1, 3))), Installment(NetDays(9)))
            )
        )


# --------------------------------------------------------------------------- duplicate rows


@pytest.mark.parametrize(
    ("rows", "field"),
    [
        pytest.param(
            [row(50, credit_days=30), row(50, credit_days=30)],
            "terms[1]",
            id="ERPNext test_payment_terms_template test_duplicate_terms",
        ),
        pytest.param(
            [row(50), row(50, credit_days=0)],
            "terms[1]",
            id="an absent credit_days is 0 (ERPNext Int default)",
        ),
        pytest.param(
            [
                row(40, based_on=MONTHS, credit_months=1),
                row(30, credit_days=30),
                row(30, based_on=MONTHS, credit_months=1),
            ],
            "terms[2]",
            id="months rows compared too",
        ),
        pytest.param(
            [
                row(50, credit_days=30, payment_term="A", discount=2, discount_validity=10),
                row(50, credit_days=30, payment_term="A"),
            ],
            "terms[1]",
            id="discounts are not compared (ERPNext validate_terms)",
        ),
    ],
)
def test_duplicate_rows_are_refused_as_erpnext_refuses_them(
    rows: list[dict[str, Any]], field: str
) -> None:
    """ERPNext payment_terms_template.py validate_terms: "The Payment Term at row {0} is possibly a duplicate."."""
    with pytest.raises(InteropError, match="possibly a duplicate") as caught:
        read_erpnext({"terms": rows})
    assert type(caught.value) is InteropError
    assert caught.value.field == field


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(
            [row(50, credit_days=30, payment_term="A"), row(50, credit_days=30, payment_term="B")],
            id="different payment terms are no duplicates",
        ),
        pytest.param(
            [row(50, credit_days=30), row(50, based_on=EOM, credit_days=30)],
            id="different options are no duplicates",
        ),
        pytest.param(
            [
                row(50, based_on=MONTHS, credit_months=1),
                row(50, based_on=MONTHS, credit_months=1, credit_days=5),
            ],
            id="a hidden credit_days still tells rows apart, as in ERPNext",
        ),
    ],
)
def test_rows_erpnext_accepts(rows: list[dict[str, Any]]) -> None:
    assert len(read_erpnext({"terms": rows}).installments) == 2


def test_write_erpnext_never_writes_a_duplicate() -> None:
    twice = PaymentTerms(
        (
            Installment(NetDays(30), share=Percent(Decimal(50))),
            Installment(NetDays(30), share=Percent(Decimal(50))),
        )
    )
    with pytest.raises(NotRepresentableError, match="duplicate rows") as caught:
        write_erpnext(twice)
    assert caught.value.field == "installments[1].due"
