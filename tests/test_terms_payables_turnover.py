"""Tests of payables turnover (spendrules.payment_terms.payables_turnover).

Expected values come from published worked examples (Investopedia and Bizfluent,
"Accounts Payable Turnover Ratio") and from identities: DPO equals
``days_payable_outstanding`` for the same inputs, and ``period_days ÷ turnover``.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spendrules.errors import InvalidInputError
from spendrules.payment_terms import (
    DpoMethod,
    PayablesTurnover,
    days_payable_outstanding,
    payables_turnover,
)
from spendrules.serialization import from_json, to_json

D = Decimal


@pytest.mark.parametrize(
    ("kwargs", "average", "turnover", "dpo"),
    [
        pytest.param(
            {
                "payables": 50_000_000,
                "cost_of_sales": 120_000_000,
                "method": "average",
                "opening_payables": 30_000_000,
            },
            D("40000000"),
            D("3"),
            # 365 ÷ 3 = 121.666…, the published turnover converted to days.
            D("121.67"),
            id="Investopedia, Accounts Payable Turnover Ratio: COGS 120M, AP 30M to 50M, turnover 3",
        ),
        pytest.param(
            {
                "payables": D("14000"),
                "cost_of_sales": D("100000"),
                "method": DpoMethod.AVERAGE,
                "opening_payables": D("10000"),
            },
            D("12000"),
            # Published 8.33 (two places); exact 100000/12000 = 8.3333333333…
            D("8.3333333333"),
            # Published 43.82 days = 365 ÷ 8.33 (the rounded turnover); the exact
            # 12000 × 365 ÷ 100000 is 43.80: spendrules divides before rounding.
            D("43.80"),
            id="Bizfluent, How to Calculate Accounts Payable Turnover: purchases 100,000, AP 10,000 to 14,000",
        ),
        pytest.param(
            {"payables": 20_000_000, "cost_of_sales": 100_000_000},
            D("20000000"),
            D("5"),
            D("73.00"),
            id="Investopedia, previous year: purchases 100M, payables 20M, turnover 5",
        ),
    ],
)
def test_published_examples(
    kwargs: dict[str, object], average: Decimal, turnover: Decimal, dpo: Decimal
) -> None:
    result = payables_turnover(**kwargs)  # type: ignore[arg-type]
    assert isinstance(result, PayablesTurnover)
    assert result.average_payables == average
    assert result.turnover == pytest.approx(turnover, abs=D("1e-10"))
    assert result.days_payable_outstanding == dpo
    assert result.turnover == result.turnover.quantize(D("1e-10"))


def test_fields_reasons_and_formula_sentences() -> None:
    result = payables_turnover(
        D("50000000"), cost_of_sales=D("120000000"), method="average", opening_payables=30_000_000
    )
    assert result.method is DpoMethod.AVERAGE
    assert result.payables == D("50000000")
    assert result.opening_payables == D("30000000")
    assert result.cost_of_sales == D("120000000")
    assert result.period_days == 365
    assert result.rule == "payment_terms.payables_turnover@1"
    assert [r.code for r in result.reasons] == [
        "TERMS.PAYABLES.BALANCE",
        "TERMS.PAYABLES.TURNOVER",
        "TERMS.PAYABLES.DPO",
    ]
    balance, turnover, dpo = (r.message for r in result.reasons)
    assert balance == (
        "Average payables = (opening + closing) ÷ 2 = (30,000,000 + 50,000,000) ÷ 2 = 40,000,000."
    )
    assert "120,000,000 ÷ 40,000,000 = 3.00 times in 365 days" in turnover
    assert "40,000,000 × 365 ÷ 120,000,000 = 121.67 days" in dpo
    assert result.reasons[2].fact("days_payable_outstanding") == "121.67"
    assert "TERMS.PAYABLES.TURNOVER" in result.explain()


def test_period_end_uses_closing_payables() -> None:
    result = payables_turnover(20, cost_of_sales=80, period_days=90)
    assert result.method is DpoMethod.PERIOD_END
    assert result.opening_payables is None
    assert result.average_payables == D("20")
    assert result.turnover == D("4")
    assert result.days_payable_outstanding == D("22.50")
    assert result.reasons[0].message == "The ratios use payables at the end of the period: 20."


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"payables": -1, "cost_of_sales": 80}, "payables"),
        ({"payables": 20, "cost_of_sales": 0}, "cost_of_sales"),
        ({"payables": 20, "cost_of_sales": 80, "period_days": 0}, "period_days"),
        ({"payables": 20, "cost_of_sales": 80, "method": "median"}, "method"),
        ({"payables": 20, "cost_of_sales": 80, "method": "average"}, "opening_payables"),
        ({"payables": 20, "cost_of_sales": 80, "opening_payables": 10}, "opening_payables"),
        ({"payables": 0, "cost_of_sales": 80}, "payables"),
        (
            {"payables": 0, "cost_of_sales": 80, "method": "average", "opening_payables": 0},
            "opening_payables + payables",
        ),
    ],
)
def test_invalid_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        payables_turnover(**kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


def test_float_is_refused() -> None:
    with pytest.raises(TypeError):
        payables_turnover(20.0, cost_of_sales=80)  # type: ignore[arg-type]


def test_zero_payables_message() -> None:
    with pytest.raises(
        InvalidInputError, match=r"payables must be > 0 for a payables turnover: Decimal\('0'\)"
    ):
        payables_turnover(0, cost_of_sales=80)


amounts = st.decimals(min_value=0, max_value=10**9, places=2)


@given(
    closing=amounts,
    opening=st.one_of(st.none(), amounts),
    cost=st.decimals(min_value=D("0.01"), max_value=10**10, places=2),
    days=st.integers(1, 366),
)
def test_dpo_matches_days_payable_outstanding(
    closing: Decimal, opening: Decimal | None, cost: Decimal, days: int
) -> None:
    method = "period_end" if opening is None else "average"
    balance = closing if opening is None else (opening + closing) / 2
    if balance == 0:
        return
    result = payables_turnover(
        closing, cost_of_sales=cost, period_days=days, method=method, opening_payables=opening
    )
    assert result.days_payable_outstanding == days_payable_outstanding(
        closing, cost_of_sales=cost, period_days=days, method=method, opening_payables=opening
    )
    assert result.average_payables == balance
    # identity: DPO = period days ÷ turnover, within the rounding of DPO (0.005) plus the
    # effect of the turnover's rounding to 10 places: the exact turnover lies within
    # T ± 5e-11, so days ÷ T moves by at most days × 5e-11 ÷ (T × (T − 5e-11)) (T >= 1e-10).
    if result.turnover > 0:
        half = D("5e-11")
        slack = D("0.005") + D(days) * half / (result.turnover * (result.turnover - half))
        assert abs(result.days_payable_outstanding - D(days) / result.turnover) <= slack


def test_json_round_trip() -> None:
    result = payables_turnover(50, cost_of_sales=120, method="average", opening_payables=30)
    assert from_json(to_json(result), PayablesTurnover) == result
