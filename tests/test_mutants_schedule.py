"""Tests that kill the mutants of spendrules._terms.schedule that the other tests let survive.

Found with ``python tools/mutation.py schedule`` (mutmut 3). Every expected date,
amount and sentence is worked out by hand in the comments (calendar arithmetic,
cents, the documented wording of each reason); an error must name the field,
the constraint and the value (``spendrules.errors``). Descriptions of due rules
come from the model (``NetDays(30).describe()``), an input of the sentences
checked here. Mutants that change nothing observable are listed with the
reason in ``tools/mutation_equivalent.toml``.
"""

from __future__ import annotations

import decimal
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from spendrules.calendars import Roll, WeekendCalendar
from spendrules.errors import InvalidInputError
from spendrules.money import AllocationMethod
from spendrules.payment_terms import (
    Advance,
    Basis,
    DiscountBase,
    DiscountTier,
    FixedAmount,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
    ScheduleLine,
    format_terms,
    schedule,
)
from spendrules.results import Reason

D = Decimal
INFO, WARNING = "info", "warning"
N10, N30 = NetDays(10).describe(), NetDays(30).describe()


def _facts(reason: Reason) -> dict[str, str]:
    return dict(reason.facts)


def _by_code(reasons: tuple[Reason, ...], code: str) -> list[Reason]:
    return [r for r in reasons if r.code == code]


def _check(reason: Reason, code: str, severity: str, message: str, **facts: str) -> None:
    assert (reason.code, reason.severity.value) == (code, severity)
    assert reason.message == message
    assert _facts(reason) == facts


def _two_ten_net_30() -> PaymentTerms:
    return PaymentTerms.of(NetDays(30), DiscountTier(D("0.02"), NetDays(10)))


# --------------------------------------------------------------------------- explanations


def test_single_line_reasons_word_for_word() -> None:
    # 15 March 2026 + 30 days = 14 April; + 10 days = 25 March. 2 % of 1000.00 = 20.00.
    plan = schedule(
        _two_ten_net_30(), invoice_date=date(2026, 3, 15), amount=D("1000.00"), currency="USD"
    )
    baseline, installment, discount = plan.reasons
    _check(
        baseline,
        "TERMS.BASELINE",
        INFO,
        "Due dates count from the invoice date 2026-03-15.",
        baseline_date="2026-03-15",
        invoice_date="2026-03-15",
    )
    _check(
        installment,
        "TERMS.INSTALLMENT",
        INFO,
        f"Installment 1: the whole amount = 1000.00 USD, due 2026-04-14: {N30} "
        "(baseline 2026-03-15).",
        installment="1",
        amount="1000.00",
        due_date="2026-04-14",
        unadjusted_due_date="2026-04-14",
    )
    _check(
        discount,
        "TERMS.DISCOUNT",
        INFO,
        f"Installment 1: 2 % of 1000.00 = 20.00 USD off if paid by 2026-03-25 ({N10}); pay 980.00.",
        installment="1",
        rate="0.02",
        deadline="2026-03-25",
        discount="20.00",
        payable="980.00",
    )
    (line,) = plan.lines
    assert (line.installment, line.due_date, line.unadjusted_due_date) == (
        0,
        date(2026, 4, 14),
        date(2026, 4, 14),
    )
    (offer,) = line.discounts
    assert (offer.rate, offer.deadline, offer.unadjusted_deadline) == (
        D("0.02"),
        date(2026, 3, 25),
        date(2026, 3, 25),
    )
    assert (offer.discount, offer.payable) == (D("20.00"), D("980.00"))


def _advance_then_balance(basis: Basis, discount_base: DiscountBase) -> PaymentTerms:
    return PaymentTerms(
        (
            Installment(Advance(), share=Percent(D(30))),
            Installment(NetDays(30), (DiscountTier(D("0.02"), NetDays(10)),), share=Remainder()),
        ),
        discount_base=discount_base,
        basis=basis,
    )


def test_split_with_given_baseline_advance_and_discount_before_tax() -> None:
    # 30 % of 119.00 = 35.70 (advance, due on the baseline 20 January); the balance is
    # 119.00 - 35.70 = 83.30, due 20 January + 30 = 19 February, discount deadline 30 January.
    # Before tax: 83.30 * (119.00 - 19.00) / 119.00 = 70.00; 2 % of 70.00 = 1.40;
    # 83.30 - 1.40 = 81.90.
    plan = schedule(
        _advance_then_balance(Basis.GOODS_RECEIPT, DiscountBase.NET_OF_TAX),
        invoice_date=date(2026, 1, 10),
        baseline_date=date(2026, 1, 20),
        amount=D("119.00"),
        tax_amount=D("19.00"),
        currency="EUR",
    )
    assert [line.amount for line in plan.lines] == [D("35.70"), D("83.30")]
    assert plan.lines[1].discounts[0].payable == D("81.90")
    baseline, first, advance, second, discount, conserved = plan.reasons
    _check(
        baseline,
        "TERMS.BASELINE",
        INFO,
        "Due dates count from the given baseline date 2026-01-20 (the goods receipt date); "
        "the invoice is dated 2026-01-10.",
        baseline_date="2026-01-20",
        invoice_date="2026-01-10",
    )
    _check(
        first,
        "TERMS.INSTALLMENT",
        INFO,
        f"Installment 1: 30 % of 119.00 EUR = 35.70 EUR, due 2026-01-20: {Advance().describe()} "
        "(baseline 2026-01-20).",
        installment="1",
        amount="35.70",
        due_date="2026-01-20",
        unadjusted_due_date="2026-01-20",
    )
    _check(
        advance,
        "TERMS.ADVANCE",
        INFO,
        "Installment 1 (35.70 EUR) is an advance payment, due on the baseline date 2026-01-20, "
        "before delivery.",
        installment="1",
    )
    _check(
        second,
        "TERMS.INSTALLMENT",
        INFO,
        f"Installment 2: the balance of 119.00 EUR = 83.30 EUR, due 2026-02-19: {N30} "
        "(baseline 2026-01-20).",
        installment="2",
        amount="83.30",
        due_date="2026-02-19",
        unadjusted_due_date="2026-02-19",
    )
    _check(
        discount,
        "TERMS.DISCOUNT",
        INFO,
        "Installment 2: 2 % of 70.00 (this line's share of the amount before tax) = 1.40 EUR "
        f"off if paid by 2026-01-30 ({N10}); pay 81.90.",
        installment="2",
        rate="0.02",
        deadline="2026-01-30",
        discount="1.40",
        payable="81.90",
    )
    _check(
        conserved,
        "TERMS.CONSERVED",
        INFO,
        "The 2 line amounts add up exactly to the total 119.00 EUR (exact shares rounded to "
        "minor units, left-over units placed by largest_remainder).",
        total="119.00",
        allocation="largest_remainder",
    )


def test_conserved_names_the_allocation_method_used() -> None:
    plan = schedule(
        _advance_then_balance(Basis.INVOICE, DiscountBase.GROSS),
        invoice_date=date(2026, 1, 10),
        amount=D("10.00"),
        currency="EUR",
        allocation=AllocationMethod.LAST,
    )
    (conserved,) = _by_code(plan.reasons, "TERMS.CONSERVED")
    assert conserved.message.endswith("left-over units placed by last).")
    assert _facts(conserved) == {"total": "10.00", "allocation": "last"}


def test_baseline_assumed_when_the_terms_count_from_another_event() -> None:
    plan = schedule(
        _advance_then_balance(Basis.GOODS_RECEIPT, DiscountBase.MIXED),
        invoice_date=date(2026, 1, 10),
        amount=D("119.00"),
        tax_amount=D("19.00"),
        currency="EUR",
    )
    _check(
        plan.reasons[0],
        "TERMS.BASELINE_ASSUMED",
        WARNING,
        "The terms count from the goods receipt date, which was not given; the invoice date "
        "2026-01-10 was used instead.",
        basis="goods_receipt",
        baseline_date="2026-01-10",
    )
    (mixed,) = _by_code(plan.reasons, "TERMS.DISCOUNT_MIXED")
    _check(
        mixed,
        "TERMS.DISCOUNT_MIXED",
        INFO,
        "Installment 2: mixed discount base: the invoice's tax was computed on the discounted "
        "amount, so the discount applies to the amount before tax only.",
        installment="2",
    )
    # mixed is computed like net of tax: 2 % of 70.00 (see the test above)
    assert plan.lines[1].discounts[0].discount == D("1.40")


def test_zero_total_reason() -> None:
    plan = schedule(
        _two_ten_net_30(), invoice_date=date(2026, 3, 15), amount=D("0.004"), currency="USD"
    )
    _check(
        plan.reasons[1],
        "TERMS.ZERO_TOTAL",
        INFO,
        "The total is 0 USD: one zero line due on the baseline date 2026-03-15.",
        due_date="2026-03-15",
    )
    assert len(plan.reasons) == 2


def test_rolled_dates_and_grace_days_are_explained() -> None:
    # 1 May 2026 is a Friday. + 30 days = Sunday 31 May, rolled following to Monday 1 June,
    # + 1 grace day = 2 June. + 10 days = Monday 11 May (a business day), + 2 grace days = 13 May.
    plan = schedule(
        _two_ten_net_30(),
        invoice_date=date(2026, 5, 1),
        amount=D("100.00"),
        currency="EUR",
        calendar=WeekendCalendar(),
        roll=Roll.FOLLOWING,
        grace_days=1,
        discount_grace_days=2,
    )
    _, installment, discount = plan.reasons
    _check(
        installment,
        "TERMS.INSTALLMENT",
        INFO,
        f"Installment 1: the whole amount = 100.00 EUR, due 2026-06-02: {N30} (baseline "
        "2026-05-01; 2026-05-31 is not a business day, rolled following to 2026-06-01; "
        "plus 1 grace day).",
        installment="1",
        amount="100.00",
        due_date="2026-06-02",
        unadjusted_due_date="2026-05-31",
    )
    _check(
        discount,
        "TERMS.DISCOUNT",
        INFO,
        f"Installment 1: 2 % of 100.00 = 2.00 EUR off if paid by 2026-05-13 ({N10}; "
        "plus 2 grace days); pay 98.00.",
        installment="1",
        rate="0.02",
        deadline="2026-05-13",
        discount="2.00",
        payable="98.00",
    )


def test_discount_deadline_rolled_on_its_own_is_explained() -> None:
    # 1 May + 10 days = Monday 11 May; + 9 days = Sunday 10 May, rolled preceding to Friday 8 May.
    terms = PaymentTerms.of(NetDays(30), DiscountTier(D("0.02"), NetDays(9)))
    plan = schedule(
        terms,
        invoice_date=date(2026, 5, 1),
        amount=D("100.00"),
        currency="EUR",
        calendar=WeekendCalendar(),
        discount_roll=Roll.PRECEDING,
    )
    (discount,) = _by_code(plan.reasons, "TERMS.DISCOUNT")
    assert discount.message == (
        f"Installment 1: 2 % of 100.00 = 2.00 EUR off if paid by 2026-05-08 "
        f"({NetDays(9).describe()}; 2026-05-10 is not a business day, rolled preceding to "
        "2026-05-08); pay 98.00."
    )
    offer = plan.lines[0].discounts[0]
    assert (offer.unadjusted_deadline, offer.deadline) == (date(2026, 5, 10), date(2026, 5, 8))


def test_deadline_after_the_due_date_is_cut_back_and_explained() -> None:
    # 15 March + 30 days = 14 April (due, and the discount's own date); + 2 grace days on the
    # discount only = 16 April, after the due date: cut back to 14 April.
    plan = schedule(
        PaymentTerms.of(NetDays(30), DiscountTier(D("0.025"), NetDays(30))),
        invoice_date=date(2026, 3, 15),
        amount=D("100.00"),
        currency="USD",
        discount_grace_days=2,
    )
    (cut,) = _by_code(plan.reasons, "TERMS.DISCOUNT_CUT_TO_DUE")
    _check(
        cut,
        "TERMS.DISCOUNT_CUT_TO_DUE",
        WARNING,
        "Installment 1: the 2.5 % discount deadline 2026-04-16 is after the due date "
        "2026-04-14; it is cut back to 2026-04-14.",
        installment="1",
        deadline="2026-04-16",
        due_date="2026-04-14",
    )
    (discount,) = _by_code(plan.reasons, "TERMS.DISCOUNT")
    # 2.5 % of 100.00 = 2.50
    assert discount.message == (
        f"Installment 1: 2.5 % of 100.00 = 2.50 USD off if paid by 2026-04-14 ({N30}; "
        "plus 2 grace days); pay 97.50."
    )
    offer = plan.lines[0].discounts[0]
    assert (offer.deadline, offer.unadjusted_deadline) == (date(2026, 4, 14), date(2026, 4, 14))


def test_deadline_on_the_due_date_is_not_cut() -> None:
    plan = schedule(
        PaymentTerms.of(NetDays(30), DiscountTier(D("0.02"), NetDays(30))),
        invoice_date=date(2026, 3, 15),
        amount=D("100.00"),
        currency="USD",
    )
    assert [r.code for r in plan.reasons] == [
        "TERMS.BASELINE",
        "TERMS.INSTALLMENT",
        "TERMS.DISCOUNT",
    ]
    assert plan.lines[0].discounts[0].deadline == date(2026, 4, 14)


@pytest.mark.parametrize(
    ("second_days", "flagged"),
    [
        pytest.param(10, True, id="earlier deadline"),
        pytest.param(30, True, id="same deadline"),
        pytest.param(45, False, id="later deadline"),
    ],
)
def test_tier_that_never_applies_is_explained(second_days: int, flagged: bool) -> None:
    # 1 January 2026 + 30 days = 31 January; + 10 = 11 January; + 45 = 15 February.
    terms = PaymentTerms.of(
        NetDays(60),
        DiscountTier(D("0.03"), NetDays(30)),
        DiscountTier(D("0.025"), NetDays(second_days)),
    )
    plan = schedule(terms, invoice_date=date(2026, 1, 1), amount=D(100), currency="USD")
    never = _by_code(plan.reasons, "TERMS.TIER_NEVER_BEST")
    if not flagged:
        assert never == []
        return
    second = date.fromordinal(date(2026, 1, 1).toordinal() + second_days)
    (reason,) = never
    _check(
        reason,
        "TERMS.TIER_NEVER_BEST",
        WARNING,
        f"Installment 1: the 2.5 % tier ends {second.isoformat()}, no later than the higher "
        "3 % tier (2026-01-31), so it never applies.",
        installment="1",
    )


@pytest.mark.parametrize(
    ("share", "text"),
    [
        pytest.param(Percent(D("12.5")), "12.5 % of 200.00 USD", id="percent"),
        pytest.param(Ratio(Fraction(1, 8)), "1/8 of 200.00 USD", id="ratio"),
        pytest.param(FixedAmount(D("25")), "a fixed 25 USD", id="fixed"),
    ],
)
def test_share_texts(share: Any, text: str) -> None:
    # 12.5 %, 1/8 and 25.00 of 200.00 are all 25.00; the balance is 175.00.
    terms = PaymentTerms(
        (Installment(NetDays(10), share=share), Installment(NetDays(30), share=Remainder()))
    )
    plan = schedule(terms, invoice_date=date(2026, 3, 15), amount=D("200.00"), currency="USD")
    assert [line.amount for line in plan.lines] == [D("25.00"), D("175.00")]
    first, second = _by_code(plan.reasons, "TERMS.INSTALLMENT")
    assert first.message == (
        f"Installment 1: {text} = 25.00 USD, due 2026-03-25: {N10} (baseline 2026-03-15)."
    )
    assert second.message.startswith("Installment 2: the balance of 200.00 USD = 175.00 USD, ")


# --------------------------------------------------------------------------- explain, cash flows


def test_explain_lists_lines_and_offers_even_under_a_hostile_context() -> None:
    # 2.5 % of 1000.00 = 25.00; 1000.00 - 25.00 = 975.00. One significant digit in the
    # caller's context must not turn "2.5" into "2" or "3".
    terms = PaymentTerms.of(NetDays(30), DiscountTier(D("0.025"), NetDays(10)))
    plan = schedule(terms, invoice_date=date(2026, 3, 15), amount=D("1000.00"), currency="USD")
    with decimal.localcontext(decimal.Context(prec=1, rounding=decimal.ROUND_FLOOR)):
        lines = plan.explain().splitlines()
    start = lines.index(f"  terms: {format_terms(terms)}")
    assert lines[start : start + 4] == [
        f"  terms: {format_terms(terms)}",
        "  lines:",
        "    1. 2026-04-14  1000.00 USD",
        "       2.5 % by 2026-03-25: discount 25.00, pay 975.00",
    ]


def test_explain_numbers_every_line() -> None:
    plan = schedule(
        _advance_then_balance(Basis.INVOICE, DiscountBase.GROSS),
        invoice_date=date(2026, 1, 10),
        amount=D("10.00"),
        currency="EUR",
    )
    lines = plan.explain().splitlines()
    # 30 % of 10.00 = 3.00 on 10 January; 7.00 on 9 February, 2 % off (0.14) by 20 January.
    assert "    1. 2026-01-10  3.00 EUR" in lines
    assert "    2. 2026-02-09  7.00 EUR" in lines
    assert "       2 % by 2026-01-20: discount 0.14, pay 6.86" in lines


def test_cash_flows_default_to_the_due_dates() -> None:
    plan = schedule(
        _two_ten_net_30(), invoice_date=date(2026, 3, 15), amount=D("100.00"), currency="USD"
    )
    # 2 % of 100.00 = 2.00, so 98.00 by 25 March, else 100.00 on 14 April.
    assert plan.cash_flows() == ((date(2026, 4, 14), D("100.00")),)
    assert plan.cash_flows(take_discounts=False) == ((date(2026, 4, 14), D("100.00")),)
    assert plan.cash_flows(take_discounts=True) == ((date(2026, 3, 25), D("98.00")),)


# --------------------------------------------------------------------------- amounts


def test_fixed_amounts_accumulate() -> None:
    # 10.00 + 20.00 fixed, the balance of 100.00 is 70.00.
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D(10))),
            Installment(NetDays(10), share=FixedAmount(D(20))),
            Installment(NetDays(30), share=Remainder()),
        )
    )
    plan = schedule(terms, invoice_date=date(2026, 1, 1), amount=D(100), currency="USD")
    assert [line.amount for line in plan.lines] == [D("10.00"), D("20.00"), D("70.00")]
    # 25.00 is less than the 30.00 the two fixed installments take together.
    with pytest.raises(InvalidInputError) as err:
        schedule(terms, invoice_date=date(2026, 1, 1), amount=D(25), currency="USD")
    assert (err.value.field, err.value.value) == ("amount", D("25.00"))
    assert err.value.constraint == "at least the fixed installments' total 30.00"


def test_fixed_amount_with_extra_zero_places_is_a_whole_number_of_cents() -> None:
    # 150.000 is 150.00 USD (15000 cents) although written with three places.
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D("150.000"))),
            Installment(NetDays(30), share=Remainder()),
        )
    )
    plan = schedule(terms, invoice_date=date(2026, 1, 1), amount=D(200), currency="USD")
    assert [line.amount for line in plan.lines] == [D("150.00"), D("50.00")]


# --------------------------------------------------------------------------- errors


def _error(
    err: pytest.ExceptionInfo[InvalidInputError], field: str, constraint: str, value: object
) -> None:
    """The error contract: the field, the constraint and the value, also in the text."""
    assert (err.value.field, err.value.constraint) == (field, constraint)
    assert err.value.value == value
    assert type(err.value.value) is type(value)
    assert str(err.value) == f"{field} must be {constraint}: {value!r}"


def _args(**changes: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "invoice_date": date(2026, 3, 15),
        "amount": D("1000.00"),
        "currency": "USD",
    }
    args.update(changes)
    return args


@pytest.mark.parametrize(
    ("changes", "field", "constraint", "value"),
    [
        pytest.param(
            {"roll": Roll.FOLLOWING},
            "calendar",
            "a BusinessCalendar when roll is not unadjusted",
            None,
            id="roll without calendar",
        ),
        pytest.param(
            {"discount_roll": Roll.PRECEDING},
            "calendar",
            "a BusinessCalendar when discount_roll is not unadjusted",
            None,
            id="discount roll without calendar",
        ),
        pytest.param({"roll": "sideways"}, "roll", "a Roll convention", "sideways", id="roll"),
        pytest.param(
            {"discount_roll": "later"},
            "discount_roll",
            "a Roll convention",
            "later",
            id="discount roll",
        ),
        pytest.param({"grace_days": -1}, "grace_days", ">= 0", -1, id="negative grace"),
        pytest.param(
            {"grace_days": 3661}, "grace_days", "an int from 0 to 3660", 3661, id="grace too long"
        ),
        pytest.param(
            {"discount_grace_days": -2},
            "discount_grace_days",
            ">= 0",
            -2,
            id="negative discount grace",
        ),
        pytest.param(
            {"discount_grace_days": 4000},
            "discount_grace_days",
            "an int from 0 to 3660",
            4000,
            id="discount grace too long",
        ),
        pytest.param(
            {"rounding": "half-up"},
            "rounding",
            "one of the decimal.ROUND_* constants",
            "half-up",
            id="rounding",
        ),
        pytest.param(
            {"allocation": "pro_rata"},
            "allocation",
            "an AllocationMethod",
            "pro_rata",
            id="allocation",
        ),
        pytest.param(
            {"tax_amount": D("1000.01")},
            "tax_amount",
            "of the same sign as the amount and at most its size (1000.00)",
            D("1000.01"),
            id="tax above the amount",
        ),
        pytest.param(
            {"tax_amount": -1},
            "tax_amount",
            "of the same sign as the amount and at most its size (1000.00)",
            -1,
            id="tax of the other sign",
        ),
        pytest.param(
            {"invoice_date": date(9999, 12, 15)},
            "invoice_date",
            "a date whose due dates fall before the year 10000",
            date(9999, 12, 15),
            id="overflow",
        ),
        pytest.param(
            {"baseline_date": date(9999, 12, 20)},
            "baseline_date",
            "a date whose due dates fall before the year 10000",
            date(9999, 12, 20),
            id="overflow from the baseline",
        ),
    ],
)
def test_schedule_errors_name_field_constraint_value(
    changes: dict[str, Any], field: str, constraint: str, value: object
) -> None:
    with pytest.raises(InvalidInputError) as err:
        schedule(_two_ten_net_30(), **_args(**changes))
    _error(err, field, constraint, value)


def test_tax_check_uses_the_rounded_amounts() -> None:
    # 1000.004 rounds to 1000.00 and the tax 1000.001 to 1000.00: equal, so accepted; a tax of
    # the credit note's sign is accepted too (-119.00 with -19.00 tax).
    plan = schedule(_two_ten_net_30(), **_args(amount=D("1000.004"), tax_amount=D("1000.001")))
    assert plan.tax_amount == D("1000.00")
    credit = schedule(_two_ten_net_30(), **_args(amount=D("-119.00"), tax_amount=D("-19.00")))
    assert credit.tax_amount == D("-19.00")
    assert credit.lines[0].amount == D("-119.00")


def test_type_errors_name_the_field_and_the_value() -> None:
    with pytest.raises(TypeError) as err:
        schedule("2/10 net 30", **_args())  # type: ignore[arg-type]
    assert str(err.value) == "terms must be PaymentTerms, not str: '2/10 net 30'"
    with pytest.raises(TypeError) as err:
        schedule(_two_ten_net_30(), **_args(calendar="weekends", roll=Roll.FOLLOWING))
    assert str(err.value) == (
        "calendar must be a BusinessCalendar (with is_business_day), not str: 'weekends'"
    )
    plan = schedule(_two_ten_net_30(), **_args())
    line = plan.lines[0]
    for call, field in (
        (lambda: line.days_late("2026-04-20"), "paid_on"),
        (lambda: line.amount_payable("2026-04-20"), "on_date"),
        (lambda: plan.amount_payable("2026-04-20"), "on_date"),
    ):
        with pytest.raises(TypeError) as err:
            call()  # type: ignore[no-untyped-call]
        assert str(err.value) == f"{field} must be a datetime.date, not str: '2026-04-20'"


def test_fixed_amount_finer_than_the_currency_names_the_installment() -> None:
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=Percent(D(10))),
            Installment(NetDays(0), share=FixedAmount(D("2.5"))),
            Installment(NetDays(30), share=Remainder()),
        )
    )
    with pytest.raises(InvalidInputError) as err:
        schedule(terms, **_args(currency="JPY", amount=D(100)))
    _error(
        err,
        "terms.installments[1].share.amount",
        "a whole number of JPY minor units (0 decimal places)",
        D("2.5"),
    )


def test_fixed_amounts_above_the_total_error() -> None:
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D(200))),
            Installment(NetDays(30), share=Remainder()),
        )
    )
    # -199.995 rounds (half away from zero) to -200.00: the magnitude 200.00 is enough ...
    plan = schedule(terms, **_args(amount=D("-199.995")))
    assert [line.amount for line in plan.lines] == [D("-200.00"), D("0.00")]
    # ... but -199.99 is not.
    with pytest.raises(InvalidInputError) as err:
        schedule(terms, **_args(amount=D("-199.99")))
    _error(err, "amount", "at least the fixed installments' total 200.00", D("-199.99"))


def test_shares_too_large_error_says_what_they_need() -> None:
    # fixed 200.00 + 50 % of 300.00 (150.00) = 350.00 > 300.00
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D(200))),
            Installment(NetDays(10), share=Percent(D(50))),
            Installment(NetDays(30), share=Remainder()),
        )
    )
    with pytest.raises(InvalidInputError) as err:
        schedule(terms, **_args(amount=D(300)))
    _error(
        err,
        "amount",
        "large enough for the fixed amounts and the percent shares (they need 350.00)",
        D("300.00"),
    )


@pytest.mark.parametrize(
    ("rounding", "needed"),
    [
        pytest.param(decimal.ROUND_HALF_UP, "0.02", id="half up"),
        pytest.param(decimal.ROUND_DOWN, "0.01", id="down"),
    ],
)
def test_what_the_shares_need_is_rounded_with_the_mode_given(rounding: str, needed: str) -> None:
    # fixed 0.01 + 50 % of 0.01 (0.005) = 0.015 > 0.01: 0.02 rounded half up, 0.01 down.
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D("0.01"))),
            Installment(NetDays(10), share=Percent(D(50))),
            Installment(NetDays(30), share=Remainder()),
        )
    )
    with pytest.raises(InvalidInputError) as err:
        schedule(terms, **_args(amount=D("0.01"), rounding=rounding))
    assert err.value.constraint == (
        f"large enough for the fixed amounts and the percent shares (they need {needed})"
    )


def test_grace_days_up_to_the_limit_are_accepted() -> None:
    # 15 March 2026 + 30 days = 14 April 2026; 14 April 2036 is 10 * 365 + 3 leap days
    # (29 February 2028, 2032, 2036) = 3653 days later, so + 3660 grace days = 21 April 2036.
    plan = schedule(_two_ten_net_30(), **_args(grace_days=3660, discount_grace_days=3660))
    assert plan.lines[0].due_date == date(2036, 4, 21)
    assert date(2036, 4, 21) - date(2026, 4, 14) == timedelta(days=3660)


@pytest.mark.parametrize(
    ("rounding", "discount"),
    [
        # 2 % of 100.25 = 2.005: half up 2.01, half even 2.00 (0 is even), down 2.00.
        pytest.param(decimal.ROUND_HALF_UP, "2.01", id="half up"),
        pytest.param(decimal.ROUND_HALF_EVEN, "2.00", id="half even"),
        pytest.param(decimal.ROUND_DOWN, "2.00", id="down"),
    ],
)
def test_discounts_are_rounded_with_the_mode_given(rounding: str, discount: str) -> None:
    plan = schedule(_two_ten_net_30(), **_args(amount=D("100.25"), rounding=rounding))
    offer = plan.lines[0].discounts[0]
    assert offer.discount == D(discount)
    assert offer.payable == D("100.25") - D(discount)


@pytest.mark.parametrize(
    ("rounding", "amounts"),
    [
        # 50 % of 0.01 is 0.005: rounded on its own half up it is 0.01, half even 0.00; the
        # last line takes the rest (allocation LAST).
        pytest.param(decimal.ROUND_HALF_UP, ["0.01", "0.00"], id="half up"),
        pytest.param(decimal.ROUND_HALF_EVEN, ["0.00", "0.01"], id="half even"),
    ],
)
def test_last_allocation_rounds_with_the_mode_given(rounding: str, amounts: list[str]) -> None:
    terms = PaymentTerms(
        (
            Installment(NetDays(10), share=Percent(D(50))),
            Installment(NetDays(30), share=Remainder()),
        )
    )
    plan = schedule(
        terms, **_args(amount=D("0.01"), rounding=rounding, allocation=AllocationMethod.LAST)
    )
    assert [str(line.amount) for line in plan.lines] == amounts


def test_exponent_check_ignores_the_callers_context() -> None:
    # spendrules.frames calls it outside the package's own decimal context: 150.000 is a whole
    # number of cents (15000) even when the caller's context keeps one significant digit.
    from spendrules._terms.schedule import _exponent_ok

    with decimal.localcontext(decimal.Context(prec=1, traps=[decimal.InvalidOperation])):
        assert _exponent_ok(D("150.000"), 2)
        assert not _exponent_ok(D("150.005"), 2)
        assert _exponent_ok(D("150"), 2)


def test_zero_total_line_and_schedule_fields() -> None:
    # 0.004 USD rounds to 0.00: one zero line (installment 0) due on the baseline date.
    plan = schedule(
        _two_ten_net_30(),
        invoice_date=date(2026, 3, 15),
        baseline_date=date(2026, 3, 20),
        amount=D("0.004"),
        currency="USD",
    )
    assert plan.lines == (ScheduleLine(0, date(2026, 3, 20), date(2026, 3, 20), D("0.00"), ()),)
    assert (plan.invoice_date, plan.baseline_date) == (date(2026, 3, 15), date(2026, 3, 20))
    assert (plan.currency, plan.total, plan.tax_amount) == ("USD", D("0.00"), D("0.00"))


def test_total_and_tax_are_rounded_with_the_mode_given() -> None:
    # 10.125 and 0.125 rounded half even: 10.12 and 0.12 (2 is even); half up: 10.13 and 0.13.
    even = schedule(
        _two_ten_net_30(),
        **_args(amount=D("10.125"), tax_amount=D("0.125"), rounding=decimal.ROUND_HALF_EVEN),
    )
    assert (even.total, even.tax_amount) == (D("10.12"), D("0.12"))
    up = schedule(_two_ten_net_30(), **_args(amount=D("10.125"), tax_amount=D("0.125")))
    assert (up.total, up.tax_amount) == (D("10.13"), D("0.13"))


@pytest.mark.parametrize(
    ("amount", "tax"),
    [
        pytest.param("10.00", "0.50", id="tax below one unit"),
        pytest.param("0.50", "0.10", id="total below one unit"),
        pytest.param("-0.50", "-0.10", id="credit below one unit"),
        pytest.param("10.00", "10.00", id="tax equal to the total"),
    ],
)
def test_tax_of_the_same_sign_and_at_most_the_total_is_accepted(amount: str, tax: str) -> None:
    plan = schedule(_two_ten_net_30(), **_args(amount=D(amount), tax_amount=D(tax)))
    assert (plan.total, plan.tax_amount) == (D(amount), D(tax))


def test_input_type_errors_name_their_field() -> None:
    with pytest.raises(TypeError) as err:
        schedule(_two_ten_net_30(), **_args(baseline_date="2026-03-20"))
    assert str(err.value) == "baseline_date must be a datetime.date, not str: '2026-03-20'"
    with pytest.raises(TypeError) as err:
        schedule(_two_ten_net_30(), **_args(tax_amount=1.5))
    assert str(err.value) == "tax_amount must be a Decimal or int, not float: 1.5"
    with pytest.raises(InvalidInputError) as err:
        schedule(_two_ten_net_30(), **_args(currency="usd"))
    _error(err, "currency", "an active ISO 4217 currency code", "usd")


def test_frames_fixed_amounts_ignore_the_callers_context() -> None:
    # Found while checking _exponent_ok's context (which frames calls outside exact()).
    # fixed 150.00 of 200.00, the balance 50.00, whatever the caller's decimal context.
    pd = pytest.importorskip("pandas")
    from spendrules.frames import schedule as frame_schedule

    frame = pd.DataFrame(
        {
            "terms": ["fixed 150 net 0, balance net 30"],
            "invoice_date": [date(2026, 1, 1)],
            "amount": [D("200.00")],
            "currency": ["USD"],
        }
    )
    with decimal.localcontext(decimal.Context(prec=1)):
        lines = frame_schedule(frame)
    assert [D(str(a)) for a in lines["amount"]] == [D("150.00"), D("50.00")]
