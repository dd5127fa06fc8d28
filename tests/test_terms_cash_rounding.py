"""Cash rounding and fixed-amount early-payment discounts (issue 17, item 4).

Peer rows cite the peer test they come from; the other rows are worked by hand
from the rule as Odoo's ``_compute_terms`` states it (each line but the
absorbing one rounded to the step, the absorbing one takes the rest; the
discounted amount rounded to the step). No expected value is printed by the
code under test.
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract_terms_milestones import cash_roundings, milestone_kwargs
from spendrules import frames
from spendrules.errors import AmbiguousTermsError, InvalidInputError, ParseError
from spendrules.payment_terms import (
    CashRounding,
    DiscountTier,
    EomDating,
    FixedDiscount,
    Installment,
    NetDays,
    PaymentTerms,
    RoundingLine,
    format_terms,
    parse_terms,
    schedule,
)

D = Decimal
# The Odoo fork stored in the index; its account.cash.rounding tests match Odoo's method names.
ODOO_CR = "Agro-Marin/odoo addons/account/tests/test_account_cash_rounding.py"
ERPNEXT_PE = "frappe/erpnext accounts/doctype/payment_entry/test_payment_entry.py"
TRYTON_CR = (
    "tryton/tryton modules/account_cash_rounding/tests/scenario_account_cash_rounding_purchase.rst"
)
HALF_UP, UP, DOWN = decimal.ROUND_HALF_UP, decimal.ROUND_UP, decimal.ROUND_DOWN

# --------------------------------------------------------------------------- CashRounding.round


@pytest.mark.parametrize(
    ("rounding", "amount", "expected"),
    [
        pytest.param(HALF_UP, "1.02", "1.00", id=f"{ODOO_CR} test_round_half_up below"),
        pytest.param(HALF_UP, "1.03", "1.05", id=f"{ODOO_CR} test_round_half_up above"),
        pytest.param(HALF_UP, "1.025", "1.05", id=f"{ODOO_CR} test_round_half_up tie"),
        pytest.param(UP, "1.02", "1.05", id=f"{ODOO_CR} test_round_up_down up 1.02"),
        pytest.param(UP, "1.049", "1.05", id=f"{ODOO_CR} test_round_up_down up 1.049"),
        pytest.param(DOWN, "1.03", "1.00", id=f"{ODOO_CR} test_round_up_down down 1.03"),
        pytest.param(DOWN, "1.049", "1.00", id=f"{ODOO_CR} test_round_up_down down 1.049"),
        pytest.param(
            HALF_UP, "-1.02", "-1.00", id=f"{ODOO_CR} test_compute_difference_negative_amount"
        ),
        pytest.param(HALF_UP, "42.07", "42.05", id=f"{TRYTON_CR} 42.07 to 42.05"),
    ],
)
def test_round_to_the_step(rounding: str, amount: str, expected: str) -> None:
    assert CashRounding(D("0.05"), rounding=rounding).round(D(amount)) == D(expected)


def test_cash_rounding_is_validated() -> None:
    with pytest.raises(InvalidInputError, match="step must be above 0"):
        CashRounding(D("-0.05"))
    with pytest.raises(InvalidInputError, match="at most 18 decimal places"):
        CashRounding(D("1e-19"))
    with pytest.raises(InvalidInputError, match="ROUND_"):
        CashRounding(D("0.05"), rounding="HALF-UP")
    with pytest.raises(InvalidInputError, match="absorb must be one of last, first"):
        CashRounding(D("0.05"), absorb="middle")  # type: ignore[arg-type]
    assert CashRounding(D("0.05"), absorb="first").absorb is RoundingLine.FIRST  # type: ignore[arg-type]
    assert "first installment" in CashRounding(D("1"), absorb=RoundingLine.FIRST).describe()


# --------------------------------------------------------------------------- schedules

SPLIT = parse_terms("30% advance, 70% net 30")
THIRDS = parse_terms("1/3 of total net 10, 1/3 of total net 20, balance net 30")
DAY = date(2026, 3, 2)


def amounts(terms: PaymentTerms, amount: str, currency: str = "CHF", **kwargs: Any) -> list[str]:
    plan = schedule(terms, invoice_date=DAY, amount=D(amount), currency=currency, **kwargs)
    assert sum(line.amount for line in plan.lines) == plan.total  # conservation, always
    return [str(line.amount) for line in plan.lines]


@pytest.mark.parametrize(
    ("terms", "amount", "rule", "expected"),
    [
        # 30 % of 100.03 is 30.009: 30.01 by largest remainder; to 0.05 half up, 30.00;
        # the last line takes 100.03 - 30.00.
        pytest.param(SPLIT, "100.03", CashRounding(D("0.05")), ["30.00", "70.03"], id="last"),
        pytest.param(
            SPLIT,
            "100.03",
            CashRounding(D("0.05"), absorb=RoundingLine.FIRST),
            ["30.03", "70.00"],
            id="first absorbs: 70.02 to 70.00",
        ),
        pytest.param(
            SPLIT, "100.03", CashRounding(D("0.05"), rounding=UP), ["30.05", "69.98"], id="up"
        ),
        pytest.param(
            SPLIT, "100.03", CashRounding(D("0.05"), rounding=DOWN), ["30.00", "70.03"], id="down"
        ),
        # A cash-rounded total (Odoo's assumption) gives lines that are all multiples.
        # 100.00 / 3: 33.34, 33.33, 33.33; to 0.05: 33.35, 33.35; the last 33.30.
        pytest.param(
            THIRDS, "100.00", CashRounding(D("0.05")), ["33.35", "33.35", "33.30"], id="thirds"
        ),
        pytest.param(
            SPLIT, "-100.03", CashRounding(D("0.05")), ["-30.00", "-70.03"], id="credit note"
        ),
        # 300.90 to 301 crowns; the last 1003.00 - 301.00.
        pytest.param(
            SPLIT, "1003.00", CashRounding(D("1")), ["301.00", "702.00"], id="1 crown steps"
        ),
        pytest.param(SPLIT, "100.03", None, ["30.01", "70.02"], id="no cash rounding"),
    ],
)
def test_installments_are_cash_rounded(
    terms: PaymentTerms, amount: str, rule: CashRounding | None, expected: list[str]
) -> None:
    assert amounts(terms, amount, cash_rounding=rule) == expected


ODOO18 = "odoo 18 addons/account/tests/test_payment_term.py"
#: Odoo's AccountTestInvoicingCommon.cash_rounding_a: 0.05, rounding method UP.
ODOO_A = CashRounding(D("0.05"), rounding=UP)


def test_odoo_without_cash_discount_with_cash_rounding() -> None:
    """odoo 18 test_payment_term_compute_method_without_cash_discount_with_cash_rounding.

    868.35 in two 50 % lines (2 and 4 days): the first 434.18 rounded up to 434.20, the
    last (Odoo's balance line) 434.15. The company-currency amounts are not scheduled here.
    """
    terms = parse_terms("50% net 2, 50% net 4")
    assert amounts(terms, "868.35", "EUR", cash_rounding=ODOO_A) == ["434.20", "434.15"]


def test_odoo_cash_discount_with_cash_rounding() -> None:
    """odoo 18 test_payment_term_compute_method_with_cash_discount_and_cash_rounding.

    868.35 (718.35 + 150.00 tax), 10 % within 1 day, included: Odoo rounds 781.515 to
    781.52, here 868.35 - 86.84 = 781.51; either goes up to the next 0.05: 781.55.
    """
    plan = schedule(
        parse_terms("10/1 net 2"),
        invoice_date=date(2016, 1, 1),
        amount=D("868.35"),
        tax_amount=D(150),
        currency="EUR",
        cash_rounding=ODOO_A,
    )
    assert plan.lines[0].discounts[0].payable == D("781.55")


def test_one_installment_keeps_the_total_and_rounds_the_discounted_amount() -> None:
    # 2 % of 100.03 = 2.0006, 2.00 off: 98.03, cash-rounded to 98.05, so the discount is 1.98.
    # Odoo computes the same: round(100.03 x 0.98) = 98.03, then cash rounding 98.05.
    plan = schedule(
        parse_terms("2/10 net 30"),
        invoice_date=DAY,
        amount=D("100.03"),
        currency="CHF",
        cash_rounding=CashRounding(D("0.05")),
    )
    line = plan.lines[0]
    assert line.amount == D("100.03")
    assert (line.discounts[0].payable, line.discounts[0].discount) == (D("98.05"), D("1.98"))
    codes = [reason.code for reason in plan.reasons]
    assert "TERMS.CASH_ROUNDED_PAYABLE" in codes
    assert "TERMS.CASH_ROUNDING" not in codes  # one line: nothing to round


def test_discounted_amount_never_exceeds_the_line() -> None:
    # 40.02 with 0.025 %: 0.01 off, 40.01, rounded up to 40.05: more than the line, so 40.02.
    terms = PaymentTerms.of(NetDays(30), DiscountTier(D("0.00025"), NetDays(10)))
    plan = schedule(
        terms,
        invoice_date=DAY,
        amount=D("40.02"),
        currency="CHF",
        cash_rounding=CashRounding(D("0.05"), rounding=UP),
    )
    offer = plan.lines[0].discounts[0]
    assert (offer.payable, offer.discount) == (D("40.02"), D("0.00"))


def test_step_must_fit_the_currency() -> None:
    with pytest.raises(InvalidInputError) as info:
        schedule(
            SPLIT,
            invoice_date=DAY,
            amount=100,
            currency="JPY",
            cash_rounding=CashRounding(D("0.05")),
        )
    assert info.value.field == "cash_rounding.step"
    with pytest.raises(TypeError, match="CashRounding or None"):
        schedule(SPLIT, invoice_date=DAY, amount=100, currency="JPY", cash_rounding=D("0.05"))  # type: ignore[arg-type]


def test_the_reason_names_the_absorbing_line() -> None:
    plan = schedule(
        SPLIT,
        invoice_date=DAY,
        amount=D("100.03"),
        currency="CHF",
        cash_rounding=CashRounding(D("0.05")),
    )
    reason = next(r for r in plan.reasons if r.code == "TERMS.CASH_ROUNDING")
    assert "installment 2 takes the difference" in reason.message
    assert "1: 30.01 to 30.00" in reason.message
    unchanged = schedule(
        SPLIT,
        invoice_date=DAY,
        amount=D("100.00"),
        currency="CHF",
        cash_rounding=CashRounding(D("0.05")),
    )
    assert (
        "no line changed"
        in next(r for r in unchanged.reasons if r.code == "TERMS.CASH_ROUNDING").message
    )


@given(milestone_kwargs())
@settings(max_examples=50, suppress_health_check=[HealthCheck.too_slow])
def test_cash_rounding_conserves_and_rounds_every_other_line(kwargs: dict[str, Any]) -> None:
    plan = schedule(**kwargs)
    rule = kwargs["cash_rounding"]
    assert sum(line.amount for line in plan.lines) == plan.total
    if rule is None or len(plan.lines) == 1:
        return
    absorbing = len(plan.lines) - 1 if rule.absorb is RoundingLine.LAST else 0
    for index, line in enumerate(plan.lines):
        if index != absorbing:
            assert line.amount % rule.step == 0
        for offer in line.discounts:
            assert offer.payable % rule.step == 0 or offer.payable == line.amount
            assert abs(offer.payable) <= abs(line.amount)


# --------------------------------------------------------------------------- fixed-amount discounts

ERP_AMOUNT = PaymentTerms(
    (Installment(NetDays(2), fixed_discount=FixedDiscount(D(50), NetDays(1))),)
)
ERP_PERCENT = PaymentTerms.of(NetDays(2), DiscountTier(D("0.10"), NetDays(1)))
POSTED = date(2026, 1, 5)


@pytest.mark.parametrize(
    ("terms", "paid", "expected"),
    [
        # 200 + 18 % tax = 236; "30 Credit Days with Rs.50 Discount": credit 2 days, discount
        # validity 1 day: paid within it, 186 settles 236 (deduction 50).
        pytest.param(
            ERP_AMOUNT,
            POSTED,
            "186.00",
            id=f"{ERPNEXT_PE} test_payment_entry_against_payment_terms_with_discount_amount",
        ),
        # "reference date past discount cut off date": add_days(posting_date, 2): no discount.
        pytest.param(
            ERP_AMOUNT,
            POSTED + timedelta(days=2),
            "236.00",
            id=f"{ERPNEXT_PE} test_payment_entry_against_payment_terms_with_discount_amount late",
        ),
        # The same template with 10 %: 212.40 (deduction 23.60).
        pytest.param(
            ERP_PERCENT,
            POSTED,
            "212.40",
            id=f"{ERPNEXT_PE} test_payment_entry_against_payment_terms_with_discount",
        ),
    ],
)
def test_erpnext_discount_rows(terms: PaymentTerms, paid: date, expected: str) -> None:
    plan = schedule(
        terms, invoice_date=POSTED, amount=D("236.00"), currency="INR", tax_amount=D(36)
    )
    assert plan.amount_payable(paid) == D(expected)


def test_fixed_discount_offer() -> None:
    plan = schedule(ERP_AMOUNT, invoice_date=POSTED, amount=D("236.00"), currency="INR")
    offer = plan.lines[0].discounts[0]
    assert offer.fixed
    assert (offer.deadline, offer.discount, offer.payable) == (
        date(2026, 1, 6),
        D("50.00"),
        D("186.00"),
    )
    assert offer.rate == D("0.2118644068")  # 50 / 236, half-even to 10 places, for information
    assert "fixed by 2026-01-06: discount 50.00, pay 186.00" in plan.explain()


def test_fixed_discount_on_a_credit_note_takes_its_sign() -> None:
    plan = schedule(ERP_AMOUNT, invoice_date=POSTED, amount=D("-236.00"), currency="INR")
    offer = plan.lines[0].discounts[0]
    assert (offer.discount, offer.payable) == (D("-50.00"), D("-186.00"))


def test_fixed_discount_with_cash_rounding() -> None:
    terms = PaymentTerms(
        (Installment(NetDays(30), fixed_discount=FixedDiscount(D("2.02"), NetDays(10))),)
    )
    plan = schedule(
        terms,
        invoice_date=POSTED,
        amount=D("100.00"),
        currency="CHF",
        cash_rounding=CashRounding(D("0.05")),
    )
    offer = plan.lines[0].discounts[0]
    assert (offer.payable, offer.discount) == (D("98.00"), D("2.00"))  # 97.98 to 98.00


@pytest.mark.parametrize(
    ("amount", "currency", "fixed", "constraint"),
    [
        pytest.param(
            "49.99", "INR", "50", "at most the installment's amount 49.99 INR", id="exceeds"
        ),
        pytest.param(
            "500", "JPY", "50.5", "a whole number of JPY minor units", id="fractional yen"
        ),
    ],
)
def test_fixed_discount_is_validated_against_its_line(
    amount: str, currency: str, fixed: str, constraint: str
) -> None:
    terms = PaymentTerms(
        (Installment(NetDays(30), fixed_discount=FixedDiscount(D(fixed), NetDays(10))),)
    )
    with pytest.raises(InvalidInputError) as info:
        schedule(terms, invoice_date=POSTED, amount=D(amount), currency=currency)
    assert info.value.field == "terms.installments[0].fixed_discount.amount"
    assert constraint in str(info.value)


def test_fixed_discount_model_checks() -> None:
    with pytest.raises(InvalidInputError, match="above 0"):
        FixedDiscount(D(0), NetDays(10))
    with pytest.raises(TypeError, match="FixedDiscount or None"):
        Installment(NetDays(30), fixed_discount=D(5))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="one kind of discount"):
        Installment(
            NetDays(30),
            (DiscountTier(D("0.02"), NetDays(10)),),
            fixed_discount=FixedDiscount(D(5), NetDays(10)),
        )
    assert PaymentTerms(
        (Installment(NetDays(30), fixed_discount=FixedDiscount(D(5), NetDays(10))),)
    ).has_discount
    assert "a fixed 50 discount until 1 day after the baseline date" in ERP_AMOUNT.describe()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("50.00 off within 1 day net 2", ERP_AMOUNT, id="ERPNext Rs.50 discount"),
        pytest.param(
            "25 off until EOM+10 net 30 EOM",
            PaymentTerms(
                (Installment(EomDating(30), fixed_discount=FixedDiscount(D(25), EomDating(10))),)
            ),
            id="month-end dated",
        ),
    ],
)
def test_reads_and_writes_fixed_discounts(text: str, expected: PaymentTerms) -> None:
    assert parse_terms(text) == expected
    assert parse_terms(format_terms(expected)) == expected


@pytest.mark.parametrize(
    ("text", "error", "position"),
    [
        pytest.param("50 off within 10 days, 2/10 net 30", ParseError, 23, id="fixed then rate"),
        pytest.param("2/10, 50 off within 10 days net 30", ParseError, 6, id="rate then fixed"),
        pytest.param("50 off within 10 days net 30 EOM", AmbiguousTermsError, 29, id="EOM net"),
        pytest.param("0 off within 10 days net 30", ParseError, 0, id="zero amount"),
    ],
)
def test_fixed_discount_refusals(text: str, error: type[Exception], position: int) -> None:
    with pytest.raises(error) as info:
        parse_terms(text)
    assert info.value.position == position  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- frames


@given(st.lists(milestone_kwargs(), min_size=1, max_size=8), cash_roundings)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_frames_cash_rounding_equals_scalar(
    cases: list[dict[str, Any]], rule: CashRounding
) -> None:
    plain = [case for case in cases if not case["terms"].events]
    if not plain:
        return
    frame = pd.DataFrame(
        {
            "terms": [case["terms"] for case in plain],
            "invoice_date": [case["invoice_date"] for case in plain],
            "amount": [case["amount"] for case in plain],
            "currency": [case["currency"] for case in plain],
        }
    )
    out = frames.schedule(frame, cash_rounding=rule, money="minor_units", tiers=3)
    expected = []
    for index, case in enumerate(plain):
        plan = schedule(**{**case, "events": None, "cash_rounding": rule})
        for line in plan.lines:
            payables = [int(offer.payable * 100) for offer in line.discounts]
            payables += [int(line.amount * 100)] * (3 - len(payables))
            expected.append((index, line.due_date, int(line.amount * 100), payables))
    got = [
        (
            int(r["row"]),
            pd.Timestamp(r["due_date"]).date(),
            int(r["amount"]),
            [int(r[f"payable_{t}"]) for t in (1, 2, 3)],
        )
        for r in out.to_dict("records")
    ]
    assert got == expected


@pytest.mark.parametrize("absorb", [RoundingLine.LAST, RoundingLine.FIRST])
def test_frames_cash_rounding_of_installments_explicitly(absorb: RoundingLine) -> None:
    # Installment lines rounded to a step, one line absorbing the rest, whatever the draws.
    rule = CashRounding(D("0.05"), absorb=absorb)
    cases = [
        {"terms": SPLIT, "invoice_date": date(2026, 3, 2), "amount": D("100.03"), "currency": "CHF"},
        {"terms": parse_terms("50% net 2, 50% net 4"), "invoice_date": date(2026, 3, 2),
         "amount": D("0.99"), "currency": "CHF"},
    ]  # fmt: skip
    frame = pd.DataFrame({name: [case[name] for case in cases] for name in cases[0]})
    out = frames.schedule(frame, cash_rounding=rule)
    expected = [
        (index, line.due_date, line.amount)
        for index, case in enumerate(cases)
        for line in schedule(**case, cash_rounding=rule).lines
    ]
    got = [
        (int(r["row"]), pd.Timestamp(r["due_date"]).date(), r["amount"])
        for r in out.to_dict("records")
    ]
    assert got == expected
    for index, case in enumerate(cases):  # each split conserves its total
        assert sum(amount for row, _, amount in got if row == index) == case["amount"]


def test_frames_fixed_discounts_and_bad_steps() -> None:
    frame = pd.DataFrame(
        {
            "terms": ["50 off within 1 day net 2", "2/10 net 30", "2/10 net 30"],
            "invoice_date": [POSTED] * 3,
            "amount": [D("236.00"), D("100.03"), D(1000)],
            "currency": ["INR", "CHF", "JPY"],
        }
    )
    out = frames.schedule(frame, cash_rounding=CashRounding(D("0.05")), errors="collect")
    assert list(out["payable_1"][:2]) == [D("186.00"), D("98.05")]
    assert out["error_field"].iloc[2] == "currency"
    yen = pd.DataFrame(
        {
            "terms": ["0.50 off within 1 day net 2", "50 off within 1 day net 2"],
            "invoice_date": [POSTED] * 2,
            "amount": [D(1000), D(1000)],
            "currency": ["JPY", "JPY"],
        }
    )
    fixed = frames.schedule(yen, errors="collect")
    assert fixed["error_field"].iloc[0] == "terms"  # half a yen is no whole minor unit
    assert fixed["payable_1"].iloc[1] == D(950)
    with pytest.raises(TypeError, match="CashRounding or None"):
        frames.schedule(frame, cash_rounding=D("0.05"))  # type: ignore[arg-type]
