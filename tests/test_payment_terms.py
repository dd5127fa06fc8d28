"""Published worked examples, errors and the CLI of spendrules.payment_terms (issue 3).

Every D* and A* row of the domain notes (``payment_terms.md`` section 4) is a
row here whose id cites the example and its source; the expected values are the
published ones (or, where the notes mark them "computed", the notes' figures).
"""

from __future__ import annotations

import decimal
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from spendrules import cli
from spendrules.calendars import HolidayCalendar, Roll, WeekendCalendar
from spendrules.errors import (
    AmbiguousTermsError,
    InvalidInputError,
    UnknownCurrencyError,
)
from spendrules.money import AllocationMethod
from spendrules.payment_terms import (
    Advance,
    Basis,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    EomDating,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentDays,
    PaymentSchedule,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
    ScheduleLine,
    format_terms,
    parse_terms,
    schedule,
)
from spendrules.serialization import from_json, to_json

D = Decimal
ODOO_TESTS = "Odoo addons/account/tests/test_account_payment_terms.py"


def _dates(terms: PaymentTerms, invoice: date) -> list[date]:
    plan = schedule(terms, invoice_date=invoice, amount=D("100.00"), currency="EUR")
    return [line.due_date for line in plan.lines]


# --------------------------------------------------------------------------- 4.1 due dates

DUE_DATES = [
    pytest.param("net 30", date(2022, 1, 1), [date(2022, 1, 31)], id="D1a Odoo test_payment_term"),
    pytest.param("net 30", date(2022, 1, 15), [date(2022, 2, 14)], id="D1b Odoo test_payment_term"),
    pytest.param("net 30", date(2022, 1, 31), [date(2022, 3, 2)], id="D1c Odoo test_payment_term"),
    pytest.param(
        "30% net 15, 70% net 45",
        date(2022, 1, 1),
        [date(2022, 1, 16), date(2022, 2, 15)],
        id="D2a Odoo test_payment_term",
    ),
    pytest.param(
        "30% net 15, 70% net 45",
        date(2022, 1, 15),
        [date(2022, 1, 30), date(2022, 3, 1)],
        id="D2b Odoo test_payment_term",
    ),
    pytest.param(
        "30% net 15, 70% net 45",
        date(2022, 1, 31),
        [date(2022, 2, 15), date(2022, 3, 17)],
        id="D2c Odoo test_payment_term",
    ),
    pytest.param(
        "due on receipt",
        date(2019, 1, 31),
        [date(2019, 1, 31)],
        id="D3 Odoo test_payment_term (immediate)",
    ),
    pytest.param(
        "30 days end of month on the 10th",
        date(2016, 1, 14),
        [date(2016, 3, 10)],
        id="D10 odoo/odoo#10459 (30 jours fin de mois le 10)",
    ),
    pytest.param(
        "net 10th prox", date(2026, 3, 15), [date(2026, 4, 10)], id="scimplified Net 10th Prox"
    ),
]


@pytest.mark.parametrize(("text", "invoice", "expected"), DUE_DATES)
def test_published_due_dates_from_notation(text: str, invoice: date, expected: list[date]) -> None:
    assert _dates(parse_terms(text), invoice) == expected


RULE_DATES = [
    pytest.param(
        DaysEndOfMonthOn(0, day=29),
        date(2024, 5, 23),
        date(2024, 6, 29),
        id="D6a Odoo test_payment_term_days_end_of_month_nb_days_0",
    ),
    pytest.param(
        DaysEndOfMonthOn(0, day=31),
        date(2024, 5, 23),
        date(2024, 6, 30),
        id="D6b Odoo test_payment_term_days_end_of_month_nb_days_0",
    ),
    pytest.param(
        DaysEndOfMonthOn(90, day=10),
        date(2023, 11, 25),
        date(2024, 3, 10),
        id="D9 odoo/odoo PR #143758",
    ),
    pytest.param(
        DaysAfterEndOfMonth(0, months=1),
        date(2020, 6, 11),
        date(2020, 7, 31),
        id="D11 frappe/erpnext#22201",
    ),
    pytest.param(
        DaysAfterEndOfMonth(0, months=1),
        date(2025, 2, 10),
        date(2025, 3, 31),
        id="D12a OCA/account-payment#919",
    ),
    pytest.param(
        DaysAfterEndOfMonth(0, months=1),
        date(2025, 2, 28),
        date(2025, 3, 31),
        id="D12b OCA/account-payment#919",
    ),
    pytest.param(
        DaysAfterEndOfMonth(0, months=1),
        date(2015, 1, 1),
        date(2015, 2, 28),
        id="D13a frappe/erpnext#3451",
    ),
    pytest.param(
        DaysAfterEndOfMonth(0, months=1),
        date(2015, 6, 16),
        date(2015, 7, 31),
        id="D13b frappe/erpnext#3451",
    ),
    pytest.param(
        DaysAfterEndOfMonth(0, months=1),
        date(2015, 10, 31),
        date(2015, 11, 30),
        id="D13c frappe/erpnext#3451",
    ),
    pytest.param(
        NetDays(30), date(2024, 3, 15), date(2024, 4, 14), id="D14 days30 frappe/erpnext#40077"
    ),
    pytest.param(
        NetDays(60), date(2024, 3, 15), date(2024, 5, 14), id="D14 days60 frappe/erpnext#40077"
    ),
    pytest.param(
        NetDays(90), date(2024, 3, 15), date(2024, 6, 13), id="D14 days90 frappe/erpnext#40077"
    ),
    pytest.param(
        NetMonths(1), date(2024, 3, 15), date(2024, 4, 15), id="D14 months1 frappe/erpnext#40077"
    ),
    pytest.param(
        NetMonths(2), date(2024, 3, 15), date(2024, 5, 15), id="D14 months2 frappe/erpnext#40077"
    ),
    pytest.param(
        NetMonths(3), date(2024, 3, 15), date(2024, 6, 15), id="D14 months3 frappe/erpnext#40077"
    ),
    pytest.param(
        DayOfMonth(20, months_ahead=1, cutoff_day=12),
        date(2026, 8, 10),
        date(2026, 9, 20),
        id="D17a Zuora Prox Payment Term Examples",
    ),
    pytest.param(
        DayOfMonth(20, months_ahead=1, cutoff_day=12),
        date(2026, 8, 15),
        date(2026, 10, 20),
        id="D17b Zuora Prox Payment Term Examples",
    ),
    pytest.param(
        DayOfMonth(20, months_ahead=1, cutoff_day=12),
        date(2026, 8, 21),
        date(2026, 10, 20),
        id="D17c Zuora Prox Payment Term Examples",
    ),
    pytest.param(
        NetMonths(1),
        date(2026, 1, 31),
        date(2026, 2, 28),
        id="SAP PXMON day beyond month end is its last day",
    ),
    pytest.param(
        NetMonths(2),
        date(2026, 1, 31),
        date(2026, 3, 31),
        id="STYLE months from the anchor, never chained",
    ),
]


@pytest.mark.parametrize(("rule", "base", "expected"), RULE_DATES)
def test_published_due_dates_of_rules(rule: Any, base: date, expected: date) -> None:
    assert rule.due_date(base) == expected


def test_d13_text_reading() -> None:
    """D13 frappe/erpnext#3451: "30 days EOM" meaning the last day of next month is written 'net end of next month'."""
    assert parse_terms("net end of next month") == PaymentTerms.of(DaysAfterEndOfMonth(0, months=1))
    assert parse_terms("net monthly") == PaymentTerms.of(DaysAfterEndOfMonth(0, months=1))


def test_d17_zuora_text() -> None:
    assert parse_terms("net 20th prox cutoff 12") == PaymentTerms.of(
        DayOfMonth(20, months_ahead=1, cutoff_day=12)
    )


def test_d20_is_ambiguous_without_a_dialect() -> None:
    """D20 Monash/AMA: the default dialect refuses to guess, pointing at the EOM."""
    with pytest.raises(AmbiguousTermsError) as info:
        parse_terms("2/10, net 20, EOM")
    assert info.value.position == "2/10, net 20, EOM".index("EOM")


def _line(
    due: str, amount: str, *offers: tuple[str, str]
) -> tuple[date, Decimal, list[tuple[date, Decimal]]]:
    return date.fromisoformat(due), D(amount), [(date.fromisoformat(d), D(p)) for d, p in offers]


# Amounts marked "identity" are the published rate applied to the amount (2 % of 100.00 is 2.00).
SCHEDULES = [
    pytest.param(
        "2/10, net 20, EOM",
        "ama",
        "2026-06-16",
        ("100.00", "0"),
        [_line("2026-07-30", "100.00", ("2026-07-10", "98.00"))],
        id="D20 Monash/AMA End of Month Dating (EOM) shipped June 16",
    ),
    pytest.param(
        "2/10 EOM net 30 EOM",
        "us",
        "2026-06-16",
        ("100.00", "0"),
        [_line("2026-07-30", "100.00", ("2026-07-10", "98.00"))],
        id="D20 Monash/AMA written with EOM after each period",
    ),
    pytest.param(
        "3/10 net 30",
        "us",
        "2013-03-05",
        ("100.00", "0"),
        [_line("2013-04-04", "100.00", ("2013-03-15", "97.00"))],
        id="D21 ZUGFeRD 1.0 sample invoice 471102 (3 % Skonto identity)",
    ),
    pytest.param(
        "30% advance, 70% net 30",
        "us",
        "2026-03-15",
        ("0.00", "0"),
        [_line("2026-03-15", "0.00")],
        id="A3 Tryton test_payment_term_with_empty_value",
    ),
    pytest.param(
        "50% net 2, 50% net 4",
        "us",
        "2016-01-01",
        ("1150", "150"),
        [_line("2016-01-03", "575.00"), _line("2016-01-05", "575.00")],
        id="A10 Odoo test_payment_term_compute_method_without_cash_discount",
    ),
]


@pytest.mark.parametrize(("text", "dialect", "invoice", "money", "expected"), SCHEDULES)
def test_published_schedules(
    text: str, dialect: str, invoice: str, money: tuple[str, str], expected: list[Any]
) -> None:
    amount, tax = money
    plan = schedule(
        parse_terms(text, dialect=dialect),
        invoice_date=date.fromisoformat(invoice),
        amount=D(amount),
        tax_amount=D(tax),
        currency="EUR",
    )
    got = [
        (line.due_date, line.amount, [(o.deadline, o.payable) for o in line.discounts])
        for line in plan.lines
    ]
    assert got == expected


@pytest.mark.parametrize(
    ("due", "paid", "days_late"),
    [
        pytest.param(
            date(2026, 4, 1),
            date(2026, 4, 11),
            10,
            id="D23 fiscal.treasury.gov Calculators and Formulas for Paying Interest",
        ),
        pytest.param(
            date(2026, 4, 1), date(2026, 4, 1), 0, id="D23 paid on the due date is not late"
        ),
    ],
)
def test_published_days_late(due: date, paid: date, days_late: int) -> None:
    plan = schedule(
        parse_terms("net 30"),
        invoice_date=due - timedelta(days=30),
        amount=D("1500.00"),
        currency="USD",
    )
    assert plan.lines[0].due_date == due
    assert plan.lines[0].days_late(paid) == days_late


def test_zero_total_is_explained() -> None:
    plan = schedule(
        parse_terms("net 30"), invoice_date=date(2026, 3, 15), amount=D("0.001"), currency="USD"
    )
    assert [line.amount for line in plan.lines] == [D("0.00")]
    assert "TERMS.ZERO_TOTAL" in {r.code for r in plan.reasons}


@pytest.mark.parametrize(
    ("limit_rule", "base", "expected"),
    [
        pytest.param(
            DayOfMonth(31, months_ahead=0),
            date(2026, 4, 15),
            date(2026, 4, 30),
            id="SAP 4.6C ZB02 day limit 15 due EOM variant",
        ),
        pytest.param(
            DaysAfterEndOfMonth(0, months=1),
            date(2026, 4, 15),
            date(2026, 5, 31),
            id="SAP 4.6C ZB02 day limit 15 due end of next month variant",
        ),
    ],
)
def test_sap_day_limit_variants(limit_rule: Any, base: date, expected: date) -> None:
    """D22 (notes section 5.6): the two published readings of ZB02, both expressible; the limit is inclusive."""
    rule = DayLimit(
        (DayLimitEntry(15, limit_rule), DayLimitEntry(31, DayOfMonth(15, months_ahead=1)))
    )
    assert rule.due_date(base) == expected
    assert rule.due_date(base.replace(day=16)) == date(2026, 5, 15)


def test_sap_three_periods_with_fixed_days() -> None:
    """SAP help "Cash Discount Percentage Rates and Cash Discount Terms": 3 % up to the 15th of the
    following month, 2 % up to the 25th in two months, net the 15th in three months."""
    terms = parse_terms("3% 15th prox, 2% 25th of month +2, net 15th of month +3")
    line = schedule(
        terms, invoice_date=date(2026, 1, 20), amount=D("1000.00"), currency="EUR"
    ).lines[0]
    assert [(o.deadline, o.payable) for o in line.discounts] == [
        (date(2026, 2, 15), D("970.00")),
        (date(2026, 3, 25), D("980.00")),
    ]
    assert line.due_date == date(2026, 4, 15)


def test_sap_three_percent_two_percent_net_sixty() -> None:
    """SAP help "Cash Discount Percentage Rates...": 3 % within 10 days, 2 % within 30 days, net 60."""
    plan = schedule(
        parse_terms("3/10, 2/30, net 60"),
        invoice_date=date(2026, 3, 2),
        amount=D("500.00"),
        currency="EUR",
    )
    assert plan.amount_payable(date(2026, 3, 12)) == D("485.00")
    assert plan.amount_payable(date(2026, 4, 1)) == D("490.00")
    assert plan.amount_payable(date(2026, 4, 2)) == D("500.00")
    assert plan.lines[0].due_date == date(2026, 5, 1)


def test_prox_discount_then_next_thirtieth() -> None:
    """scimplified "What does Net 10th Prox mean": 2 % 10th prox net 30 = discount to the next 10th, net the next 30th."""
    line = schedule(
        parse_terms("2% 10th prox net 30"),
        invoice_date=date(2026, 3, 15),
        amount=D(100),
        currency="USD",
    ).lines[0]
    assert line.discounts[0].deadline == date(2026, 4, 10)
    assert line.due_date == date(2026, 4, 30)


def test_eom_retail_25th_rule() -> None:
    """design-marketing-dictionary "End-of-month (EOM) dating": invoices after the 25th count from next month."""
    rule = EomDating(10, late_cutoff_day=25)
    assert rule.due_date(date(2026, 6, 25)) == date(2026, 7, 10)
    assert rule.due_date(date(2026, 6, 26)) == date(2026, 8, 10)


def test_payment_days_oca() -> None:
    """OCA account_payment_term_extension payment_days "5-20": a day past month end is its last day."""
    rule = PaymentDays((5, 31), after=NetDays(0))
    assert rule.due_date(date(2026, 2, 6)) == date(2026, 2, 28)
    assert rule.due_date(date(2026, 3, 1)) == date(2026, 3, 5)
    assert PaymentDays((5, 20)).due_date(date(2026, 3, 21)) == date(2026, 4, 5)


# --------------------------------------------------------------------------- 4.2 amounts


AMOUNTS = [
    pytest.param(
        "50% net 30, 50% net 60",
        D("0.03"),
        [D("0.02"), D("0.01")],
        id="A4 Odoo test_payment_term_residual_amount_on_last_line",
    ),
    pytest.param(
        "70% net 10, fixed 200 net 20, balance net 30",
        D("1000"),
        [D("700.00"), D("200.00"), D("100.00")],
        id="A5 Odoo test_payment_term_last_balance_line_with_fixed",
    ),
    pytest.param(
        "33.34% net 30, 33.33% net 60, 33.33% net 90",
        D("5.47"),
        [D("1.83"), D("1.82"), D("1.82")],
        id="A11 frappe/erpnext#12057 (computed residual policy)",
    ),
    pytest.param(
        "1/3 of total net 30, 1/3 of total net 60, 1/3 of total net 90",
        D("100.00"),
        [D("33.34"), D("33.33"), D("33.33")],
        id="Tryton ratio/divisor exact 1/3",
    ),
]


@pytest.mark.parametrize(("text", "amount", "expected"), AMOUNTS)
def test_published_installment_amounts(text: str, amount: Decimal, expected: list[Decimal]) -> None:
    plan = schedule(parse_terms(text), invoice_date=date(2026, 1, 1), amount=amount, currency="EUR")
    assert [line.amount for line in plan.lines] == expected
    assert sum(expected) == plan.total


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        pytest.param(
            DiscountBase.GROSS,
            D("1035.00"),
            id="A8 Odoo test_payment_term_compute_method_with_cash_discount (included)",
        ),
        pytest.param(
            DiscountBase.NET_OF_TAX,
            D("1050.00"),
            id="A9 Odoo test_payment_term_compute_method_early_excluded",
        ),
        pytest.param(
            DiscountBase.MIXED,
            D("1050.00"),
            id="A9 Odoo _get_amount_due_after_discount (mixed as excluded)",
        ),
    ],
)
def test_a8_a9_discount_base(base: DiscountBase, expected: Decimal) -> None:
    terms = PaymentTerms.of(NetDays(30), DiscountTier(D("0.10"), NetDays(7)), discount_base=base)
    plan = schedule(
        terms, invoice_date=date(2026, 1, 1), amount=D("1150"), tax_amount=D("150"), currency="EUR"
    )
    assert plan.lines[0].discounts[0].payable == expected
    assert plan.amount_payable(date(2026, 1, 8)) == expected


def test_discount_on_each_installment_not_the_grand_total() -> None:
    """ERPNext apply_early_payment_discount applies 2 % to the grand total per row (notes 5.15); here 2 % of each row."""
    plan = schedule(
        parse_terms("50% 2/10 net 30, 50% 2/10 net 60"),
        invoice_date=date(2026, 1, 1),
        amount=D("1000.00"),
        currency="USD",
    )
    assert [offer.discount for line in plan.lines for offer in line.discounts] == [
        D("10.00"),
        D("10.00"),
    ]
    assert plan.amount_payable(date(2026, 1, 5)) == D("980.00")  # 2 % of the invoice, not 4 %


def test_last_line_absorbs_like_odoo() -> None:
    """Odoo _compute_terms: the last line gets the residual (allocation=LAST)."""
    terms = parse_terms("33.34% net 30, 33.33% net 60, 33.33% net 90")
    plan = schedule(
        terms,
        invoice_date=date(2026, 1, 1),
        amount=D("5.47"),
        currency="EUR",
        allocation=AllocationMethod.LAST,
    )
    assert [line.amount for line in plan.lines] == [D("1.82"), D("1.82"), D("1.83")]


def test_credit_note_mirrors_invoice() -> None:
    """Tryton (notes 5.14): a credit note splits like the invoice with the sign reversed."""
    terms = parse_terms("50% 2/10 net 30, balance net 60")
    debit = schedule(terms, invoice_date=date(2026, 1, 1), amount=D("0.05"), currency="EUR")
    credit = schedule(terms, invoice_date=date(2026, 1, 1), amount=D("-0.05"), currency="EUR")
    assert [line.amount for line in credit.lines] == [-line.amount for line in debit.lines]
    assert credit.lines[0].discounts[0].discount == -debit.lines[0].discounts[0].discount
    assert credit.amount_payable(date(2026, 1, 2)) == -debit.amount_payable(date(2026, 1, 2))


def test_fixed_amount_with_credit_note_and_jpy() -> None:
    plan = schedule(
        parse_terms("fixed 200 net 0, balance net 30"),
        invoice_date=date(2026, 1, 1),
        amount=D("-1000"),
        currency="JPY",
    )
    assert [line.amount for line in plan.lines] == [D("-200"), D("-800")]


# --------------------------------------------------------------------------- business days, grace


def test_net_and_discount_rolled_independently() -> None:
    cal = WeekendCalendar()
    # 2026-05-01 + 30 = 2026-05-31 (Sunday); + 10 = 2026-05-11 (Monday).
    plan = schedule(
        parse_terms("2/30 net 30"),
        invoice_date=date(2026, 5, 1),
        amount=D("100.00"),
        currency="EUR",
        calendar=cal,
        roll=Roll.FOLLOWING,
        discount_roll=Roll.PRECEDING,
    )
    line = plan.lines[0]
    assert (line.unadjusted_due_date, line.due_date) == (date(2026, 5, 31), date(2026, 6, 1))
    assert (line.discounts[0].unadjusted_deadline, line.discounts[0].deadline) == (
        date(2026, 5, 31),
        date(2026, 5, 29),
    )
    assert any("rolled following" in r.message for r in plan.reasons)


def test_default_is_unadjusted_and_grace_days_come_after_rolling() -> None:
    terms = parse_terms("2/10 net 30")
    plain = schedule(terms, invoice_date=date(2026, 5, 1), amount=D(100), currency="EUR")
    assert plain.lines[0].due_date == date(2026, 5, 31)  # a Sunday, kept as every ERP does
    graced = schedule(
        terms,
        invoice_date=date(2026, 5, 1),
        amount=D(100),
        currency="EUR",
        calendar=HolidayCalendar(frozenset({date(2026, 6, 1)})),
        roll=Roll.FOLLOWING,
        grace_days=3,
        discount_grace_days=1,
    )
    assert graced.lines[0].due_date == date(2026, 6, 5)  # rolled to Tue 2 June, then 3 grace days
    assert graced.lines[0].discounts[0].deadline == date(2026, 5, 12)  # Mon 11 May + 1 grace day


def test_discount_deadline_cut_back_to_due_date() -> None:
    plan = schedule(
        parse_terms("1/10 EOM net 30; from invoice date"),
        invoice_date=date(2026, 1, 2),
        amount=D(100),
        currency="USD",
    )
    line = plan.lines[0]
    assert line.due_date == date(2026, 2, 1)
    assert line.discounts[0].unadjusted_deadline == date(2026, 2, 10)
    assert line.discounts[0].deadline == line.due_date
    assert "TERMS.DISCOUNT_CUT_TO_DUE" in {r.code for r in plan.reasons}


def test_tier_that_never_applies_is_flagged() -> None:
    terms = PaymentTerms.of(
        NetDays(60), DiscountTier(D("0.03"), NetDays(30)), DiscountTier(D("0.02"), NetDays(10))
    )
    plan = schedule(terms, invoice_date=date(2026, 1, 1), amount=D(100), currency="USD")
    assert "TERMS.TIER_NEVER_BEST" in {r.code for r in plan.reasons}
    assert plan.amount_payable(date(2026, 1, 5)) == D("97.00")


def test_baseline_date_and_basis() -> None:
    cod = parse_terms("COD")
    assumed = schedule(cod, invoice_date=date(2026, 1, 1), amount=D(100), currency="USD")
    assert assumed.baseline_date == date(2026, 1, 1)
    assert "TERMS.BASELINE_ASSUMED" in {r.code for r in assumed.reasons}
    given = schedule(
        cod,
        invoice_date=date(2026, 1, 1),
        baseline_date=date(2026, 1, 9),
        amount=D(100),
        currency="USD",
    )
    assert given.lines[0].due_date == date(2026, 1, 9)
    assert "delivery date" in given.reasons[0].message


def test_advance_and_mixed_reasons_and_explain() -> None:
    terms = parse_terms("30% advance, 70% 2/10 net 30; discount mixed")
    plan = schedule(
        terms,
        invoice_date=date(2026, 1, 31),
        amount=D("1150.00"),
        tax_amount=D("150.00"),
        currency="EUR",
    )
    codes = [r.code for r in plan.reasons]
    assert {"TERMS.ADVANCE", "TERMS.DISCOUNT_MIXED", "TERMS.CONSERVED"} <= set(codes)
    text = plan.explain()
    assert "terms: 30% advance, 70% 2/10 net 30; discount mixed" in text
    assert "2 % by 2026-02-10: discount 14.00, pay 791.00" in text
    assert "<table>" in plan._repr_html_()
    assert plan.cash_flows(take_discounts=True) == (
        (date(2026, 1, 31), D("345.00")),
        (date(2026, 2, 10), D("791.00")),
    )


def test_result_is_a_value() -> None:
    plan = schedule(
        parse_terms("2/10 net 30"),
        invoice_date=date(2026, 3, 15),
        amount=D("1000.00"),
        currency="USD",
    )
    assert from_json(to_json(plan), PaymentSchedule) == plan
    assert hash(plan) == hash(from_json(to_json(plan), PaymentSchedule))
    assert plan.rule == "payment_terms.schedule@1"


def test_results_do_not_depend_on_the_callers_decimal_context() -> None:
    terms = parse_terms("33.34% 2.5/10 net 30, 33.33% net 60, balance net 90; discount before tax")
    kwargs: dict[str, Any] = {
        "invoice_date": date(2026, 1, 1),
        "amount": D("123456789.47"),
        "tax_amount": D("7.77"),
        "currency": "EUR",
    }
    expected = schedule(terms, **kwargs)
    payable = expected.amount_payable(date(2026, 1, 2))
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert schedule(terms, **kwargs) == expected
        assert parse_terms(format_terms(terms)) == terms
        ctx.traps[decimal.Inexact] = True
        assert expected.amount_payable(date(2026, 1, 2)) == payable


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        pytest.param(
            {"amount": 1000.0}, TypeError, "amount must be a Decimal or int", id="float amount"
        ),
        pytest.param(
            {"amount": D("NaN")},
            InvalidInputError,
            "amount must be a finite number",
            id="NaN amount",
        ),
        pytest.param({"amount": D("Infinity")}, InvalidInputError, "finite", id="infinite amount"),
        pytest.param({"currency": "XYZ"}, UnknownCurrencyError, "ISO 4217", id="unknown currency"),
        pytest.param(
            {"currency": "usd"}, UnknownCurrencyError, "ISO 4217", id="lower-case currency"
        ),
        pytest.param(
            {"invoice_date": "2026-03-15"},
            TypeError,
            "invoice_date must be a datetime.date",
            id="str date",
        ),
        pytest.param(
            {"invoice_date": datetime(2026, 3, 15, tzinfo=UTC)},
            TypeError,
            "invoice_date",
            id="datetime",
        ),
        pytest.param({"baseline_date": "x"}, TypeError, "baseline_date", id="str baseline"),
        pytest.param({"tax_amount": 0.5}, TypeError, "tax_amount", id="float tax"),
        pytest.param(
            {"tax_amount": D("2000")},
            InvalidInputError,
            "tax_amount must be of the same sign",
            id="tax above total",
        ),
        pytest.param(
            {"tax_amount": D("-1")}, InvalidInputError, "tax_amount", id="tax of the other sign"
        ),
        pytest.param(
            {"roll": Roll.FOLLOWING},
            InvalidInputError,
            "calendar must be a BusinessCalendar when roll",
            id="roll without calendar",
        ),
        pytest.param(
            {"discount_roll": Roll.PRECEDING},
            InvalidInputError,
            "discount_roll",
            id="discount roll without calendar",
        ),
        pytest.param(
            {"roll": "sideways"},
            InvalidInputError,
            "roll must be a Roll convention",
            id="unknown roll",
        ),
        pytest.param(
            {"calendar": "weekends"},
            TypeError,
            "calendar must be a BusinessCalendar",
            id="calendar of wrong type",
        ),
        pytest.param(
            {"grace_days": -1}, InvalidInputError, "grace_days must be >= 0", id="negative grace"
        ),
        pytest.param({"grace_days": 5000}, InvalidInputError, "grace_days", id="huge grace"),
        pytest.param(
            {"discount_grace_days": True}, TypeError, "discount_grace_days", id="bool grace"
        ),
        pytest.param({"rounding": "HALF"}, InvalidInputError, "rounding", id="unknown rounding"),
        pytest.param(
            {"allocation": "first"}, InvalidInputError, "allocation", id="unknown allocation"
        ),
        pytest.param(
            {"invoice_date": date(9999, 12, 15)},
            InvalidInputError,
            "invoice_date must be a date whose due dates fall before",
            id="overflow",
        ),
        pytest.param(
            {"invoice_date": date(9999, 12, 15), "baseline_date": date(9999, 12, 15)},
            InvalidInputError,
            "baseline_date",
            id="overflow baseline",
        ),
    ],
)
def test_schedule_input_errors(
    kwargs: dict[str, Any], error: type[Exception], fragment: str
) -> None:
    args: dict[str, Any] = {
        "invoice_date": date(2026, 3, 15),
        "amount": D("1000.00"),
        "currency": "USD",
    }
    args.update(kwargs)
    with pytest.raises(error, match=fragment):
        schedule(parse_terms("2/10 net 30"), **args)


def test_schedule_refuses_what_cannot_be_split() -> None:
    with pytest.raises(TypeError, match="terms must be PaymentTerms"):
        schedule("2/10 net 30", invoice_date=date(2026, 1, 1), amount=D(1), currency="USD")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"at least the fixed installments' total 200\.00"):
        schedule(
            parse_terms("fixed 200 net 0, balance net 30"),
            invoice_date=date(2026, 1, 1),
            amount=D(100),
            currency="USD",
        )
    with pytest.raises(InvalidInputError, match=r"they need 350.00"):
        schedule(
            parse_terms("fixed 200 net 0, 50% net 10, balance net 30"),
            invoice_date=date(2026, 1, 1),
            amount=D(300),
            currency="USD",
        )
    with pytest.raises(InvalidInputError, match="whole number of JPY minor units"):
        schedule(
            parse_terms("fixed 2.50 net 0, balance net 30"),
            invoice_date=date(2026, 1, 1),
            amount=D(100),
            currency="JPY",
        )


def test_fixed_amounts_that_take_it_all() -> None:
    plan = schedule(
        parse_terms("fixed 100 net 0, balance net 30"),
        invoice_date=date(2026, 1, 1),
        amount=D(100),
        currency="USD",
    )
    assert [line.amount for line in plan.lines] == [D("100.00"), D("0.00")]
    exact_digits = schedule(
        parse_terms("fixed 100.000 net 0, balance net 30"),
        invoice_date=date(2026, 1, 1),
        amount=D(150),
        currency="USD",
    )
    assert [line.amount for line in exact_digits.lines] == [D("100.00"), D("50.00")]


def test_amount_payable_checks_its_date() -> None:
    plan = schedule(
        parse_terms("2/10 net 30"), invoice_date=date(2026, 3, 15), amount=D(1), currency="USD"
    )
    with pytest.raises(TypeError, match="on_date"):
        plan.amount_payable("2026-03-15")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on_date"):
        plan.lines[0].amount_payable(datetime(2026, 3, 15, tzinfo=UTC))
    with pytest.raises(TypeError, match="paid_on"):
        plan.lines[0].days_late("2026-03-15")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- model validation


@pytest.mark.parametrize(
    ("build", "error", "fragment"),
    [
        pytest.param(
            lambda: NetDays(-1), InvalidInputError, "days must be >= 0", id="negative days"
        ),
        pytest.param(
            lambda: NetDays(4000),
            InvalidInputError,
            "days must be an int from 0 to 3660",
            id="too many days",
        ),
        pytest.param(lambda: NetDays(1.5), TypeError, "days must be an int", id="float days"),
        pytest.param(lambda: NetDays(True), TypeError, "days must be an int", id="bool days"),
        pytest.param(lambda: NetMonths(121), InvalidInputError, "months", id="too many months"),
        pytest.param(
            lambda: DaysEndOfMonthOn(30, day=32),
            InvalidInputError,
            "day must be an int from 0 to 31",
            id="day 32",
        ),
        pytest.param(lambda: DayOfMonth(0), InvalidInputError, "day", id="day 0"),
        pytest.param(
            lambda: DayOfMonth(10, cutoff_day=0), InvalidInputError, "cutoff_day", id="cutoff 0"
        ),
        pytest.param(
            lambda: EomDating(10, late_cutoff_day=31),
            InvalidInputError,
            "late_cutoff_day",
            id="late cutoff 31",
        ),
        pytest.param(
            lambda: PaymentDays(()),
            InvalidInputError,
            "non-empty, strictly increasing",
            id="no payment days",
        ),
        pytest.param(
            lambda: PaymentDays((20, 5)),
            InvalidInputError,
            "strictly increasing",
            id="unsorted payment days",
        ),
        pytest.param(
            lambda: PaymentDays((5, 32)), InvalidInputError, r"days\[1\]", id="payment day 32"
        ),
        pytest.param(
            lambda: PaymentDays("5"), TypeError, "days must be a tuple", id="payment days str"
        ),
        pytest.param(
            lambda: PaymentDays(5), TypeError, "days must be a tuple", id="payment days int"
        ),
        pytest.param(
            lambda: PaymentDays((5,), after=Advance()),
            TypeError,
            "after must be one of",
            id="payment days after advance",
        ),
        pytest.param(
            lambda: PaymentDays((5,), after=DayLimit((DayLimitEntry(31, NetDays(1)),))),
            TypeError,
            "after",
            id="payment days after day limit",
        ),
        pytest.param(
            lambda: DayLimit(()), InvalidInputError, "limits must be non-empty", id="no limits"
        ),
        pytest.param(
            lambda: DayLimit((DayLimitEntry(15, NetDays(1)),)),
            InvalidInputError,
            r"limits\[-1\].limit must be 31",
            id="last limit not 31",
        ),
        pytest.param(
            lambda: DayLimit((DayLimitEntry(31, NetDays(1)), DayLimitEntry(31, NetDays(2)))),
            InvalidInputError,
            "strictly increasing",
            id="repeated limit",
        ),
        pytest.param(
            lambda: DayLimit(("x",)),
            TypeError,
            r"limits\[0\] must be a DayLimitEntry",
            id="limit of wrong type",
        ),
        pytest.param(lambda: DayLimit(31), TypeError, "limits must be a tuple", id="limits int"),
        pytest.param(
            lambda: DayLimitEntry(31, DayLimit((DayLimitEntry(31, NetDays(1)),))),
            TypeError,
            "rule must be a basic due rule",
            id="nested day limit",
        ),
        pytest.param(
            lambda: Percent(D(0)),
            InvalidInputError,
            "percent must be a percent above 0",
            id="0 percent",
        ),
        pytest.param(lambda: Percent(D(101)), InvalidInputError, "percent", id="101 percent"),
        pytest.param(
            lambda: Percent(30.0), TypeError, "percent must be a Decimal", id="float percent"
        ),
        pytest.param(
            lambda: Ratio(Fraction(0)),
            InvalidInputError,
            "ratio must be a fraction above 0",
            id="0 ratio",
        ),
        pytest.param(lambda: Ratio(Fraction(3, 2)), InvalidInputError, "ratio", id="3/2 ratio"),
        pytest.param(
            lambda: Ratio(0.5), TypeError, "ratio must be a Decimal or int", id="float ratio"
        ),
        pytest.param(
            lambda: FixedAmount(D(0)), InvalidInputError, "amount must be above 0", id="0 fixed"
        ),
        pytest.param(lambda: FixedAmount(D("NaN")), InvalidInputError, "finite", id="NaN fixed"),
        pytest.param(
            lambda: FixedAmount(D(10**18)),
            InvalidInputError,
            "below 1000000000000000000",
            id="huge fixed",
        ),
        pytest.param(
            lambda: FixedAmount(D("1E-19")),
            InvalidInputError,
            "at most 18 decimal places",
            id="tiny fixed",
        ),
        pytest.param(
            lambda: Percent(D("1E-19")),
            InvalidInputError,
            "at most 18 decimal places",
            id="tiny percent",
        ),
        pytest.param(
            lambda: DiscountTier(D("1E-21"), NetDays(1)),
            InvalidInputError,
            "at most 20 decimal places",
            id="tiny rate",
        ),
        pytest.param(
            lambda: Ratio(Fraction(1, 10**18)),
            InvalidInputError,
            "a denominator below",
            id="tiny ratio",
        ),
        pytest.param(
            lambda: DiscountTier(D("0.02"), Advance()),
            InvalidInputError,
            "deadline must be a due rule other than Advance",
            id="advance deadline",
        ),
        pytest.param(
            lambda: DiscountTier(D(2), NetDays(10)),
            InvalidInputError,
            r"2 % is 0.02",
            id="rate as percent",
        ),
        pytest.param(
            lambda: DiscountTier(D("0.02"), "10 days"),
            TypeError,
            "deadline must be a due rule",
            id="deadline str",
        ),
        pytest.param(
            lambda: Installment("net 30"), TypeError, "due must be a due rule", id="due str"
        ),
        pytest.param(
            lambda: Installment(NetDays(1), share=D(1)),
            TypeError,
            "share must be Percent",
            id="share decimal",
        ),
        pytest.param(
            lambda: Installment(NetDays(1), discounts=3),
            TypeError,
            "discounts must be a tuple",
            id="discounts int",
        ),
        pytest.param(
            lambda: Installment(NetDays(1), discounts=(3,)),
            TypeError,
            r"discounts\[0\]",
            id="discount int",
        ),
        pytest.param(
            lambda: Installment(
                NetDays(30),
                (DiscountTier(D("0.01"), NetDays(10)), DiscountTier(D("0.02"), NetDays(20))),
            ),
            InvalidInputError,
            "strictly decreasing rate",
            id="tiers rising",
        ),
        pytest.param(
            lambda: PaymentTerms(()),
            InvalidInputError,
            "at least one installment",
            id="no installments",
        ),
        pytest.param(
            lambda: PaymentTerms(5),
            TypeError,
            "installments must be a tuple",
            id="installments int",
        ),
        pytest.param(
            lambda: PaymentTerms(("x",)), TypeError, r"installments\[0\]", id="installment str"
        ),
        pytest.param(
            lambda: PaymentTerms((Installment(NetDays(1)), Installment(NetDays(2)))),
            InvalidInputError,
            "at most one Remainder",
            id="two remainders",
        ),
        pytest.param(
            lambda: PaymentTerms(
                (
                    Installment(NetDays(1), share=FixedAmount(D(5))),
                    Installment(NetDays(2), share=Percent(D(100))),
                )
            ),
            InvalidInputError,
            "a Remainder installment when any share is a FixedAmount",
            id="fixed without remainder",
        ),
        pytest.param(
            lambda: PaymentTerms((Installment(NetDays(1), share=Ratio(Fraction(1, 3))),)),
            InvalidInputError,
            r"adding up to exactly 100 % \(they add up to about 33.3333333333 %\)",
            id="shares below 100",
        ),
        pytest.param(
            lambda: PaymentTerms(
                tuple(Installment(NetDays(30), share=Percent(D("33.3333333"))) for _ in range(3))
            ),
            InvalidInputError,
            # 3 x 33.3333333 = 99.9999999 exactly: the message must not round it to "100 %"
            r"adding up to exactly 100 % \(they add up to 99.9999999 %\)",
            id="shares a hair below 100 are shown exactly",
        ),
        pytest.param(
            lambda: PaymentTerms(
                (
                    Installment(NetDays(1), share=Percent(D(60))),
                    Installment(NetDays(1), share=Percent(D(50))),
                    Installment(NetDays(2)),
                )
            ),
            InvalidInputError,
            r"at most 100 % in total when there is a Remainder installment \(they add up to 110 %\)",
            id="remainder after more than 100",
        ),
        pytest.param(
            lambda: PaymentTerms.of(NetDays(1), discount_base="gross"),
            TypeError,
            "discount_base must be a DiscountBase",
            id="base str",
        ),
        pytest.param(
            lambda: PaymentTerms.of(NetDays(1), basis="invoice"),
            TypeError,
            "basis must be a Basis",
            id="basis str",
        ),
    ],
)
def test_model_validation(build: Any, error: type[Exception], fragment: str) -> None:
    with pytest.raises(error, match=fragment):
        build()


def test_due_rules_check_their_base() -> None:
    for rule in (
        NetDays(1),
        NetMonths(1),
        DaysAfterEndOfMonth(1),
        DaysEndOfMonthOn(1),
        DayOfMonth(1),
        EomDating(1),
        Advance(),
    ):
        with pytest.raises(TypeError, match=r"base must be a datetime\.date"):
            rule.due_date(datetime(2026, 1, 1, tzinfo=UTC))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="base"):
        DayLimit((DayLimitEntry(31, NetDays(1)),)).due_date("2026-01-01")  # type: ignore[arg-type]


def test_descriptions() -> None:
    assert Ratio(Fraction(1, 3)).describe() == "1/3 of the total"
    assert FixedAmount(D("200.00")).describe() == "a fixed 200.00"
    assert Remainder().describe() == "the balance"
    assert NetDays(0).describe() == "on the baseline date"
    assert NetDays(1).describe() == "1 day after the baseline date"
    assert NetMonths(1).describe() == "1 month after the baseline date"
    assert DaysAfterEndOfMonth(0).describe() == "at the end of the baseline's month"
    assert (
        DaysAfterEndOfMonth(5, months=1).describe()
        == "5 days after the end of the month after the baseline's"
    )
    assert (
        DaysAfterEndOfMonth(0, months=3).describe()
        == "at the end of the 3rd month after the baseline's"
    )
    assert (
        DaysEndOfMonthOn(30).describe() == "at the end of the month 30 days after the baseline date"
    )
    assert (
        DaysEndOfMonthOn(30, day=22).describe()
        == "on the 22nd of the month following the month 30 days after the baseline date"
    )
    assert (
        DayOfMonth(1, months_ahead=0).describe()
        == "on the 1st of the baseline's month (or the next, if already past)"
    )
    assert DayOfMonth(13, months_ahead=2, cutoff_day=3).describe() == (
        "on the 13th of the 2nd month after the baseline's, one month later for baselines after the 3rd"
    )
    assert EomDating().describe() == "at the end of the baseline's month"
    assert EomDating(10, late_cutoff_day=25).describe() == (
        "10 days after the end of the baseline's month (the next month's, for baselines after the 25th)"
    )
    assert (
        PaymentDays((5, 20)).describe()
        == "on the next payment day (5th, 20th) on or after: on the baseline date"
    )
    assert DayLimit((DayLimitEntry(15, NetDays(1)), DayLimitEntry(31, Advance()))).describe() == (
        "baseline day 1-15: 1 day after the baseline date; baseline day 16-31: in advance, on the baseline date"
    )
    assert Percent(D("12.5")).describe() == "12.5 %"
    assert DiscountTier(D("0.5"), NetDays(3)).percent() == D(50)
    terms = parse_terms("30% advance, 70% 2/10 net 30; from delivery; discount before tax")
    assert terms.describe().splitlines() == [
        "30 % due in advance, on the baseline date",
        "70 % due 30 days after the baseline date; 2 % discount until 10 days after the baseline date",
        "discounts computed on the amount before tax",
        "the baseline date is the delivery date",
    ]
    assert terms.has_advance and terms.has_discount
    assert not parse_terms("net 30").has_discount


def test_day_of_month_never_precedes_its_baseline() -> None:
    assert DayOfMonth(10, months_ahead=0).due_date(date(2026, 3, 9)) == date(2026, 3, 10)
    assert DayOfMonth(10, months_ahead=0).due_date(date(2026, 3, 11)) == date(2026, 4, 10)
    assert DayOfMonth(31, months_ahead=0).due_date(date(2026, 2, 28)) == date(2026, 2, 28)


# --------------------------------------------------------------------------- CLI


def test_cli_terms_text(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(
        [
            "terms",
            "2/10 net 30",
            "--invoice-date",
            "2026-03-15",
            "--amount",
            "1000.00",
            "--currency",
            "USD",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert "2026-04-14  1000.00 USD" in out
    assert "2 % by 2026-03-25: discount 20.00, pay 980.00" in out


def test_cli_terms_json_round_trips(capsys: pytest.CaptureFixture[str]) -> None:
    status = cli.main(
        [
            "terms",
            "30% advance, 70% net 30",
            "--invoice-date",
            "2026-05-01",
            "--amount",
            "100.01",
            "--currency",
            "EUR",
            "--tax-amount",
            "10",
            "--roll",
            "following",
            "--grace-days",
            "1",
            "--baseline-date",
            "2026-05-02",
            "--json",
        ]
    )
    text = capsys.readouterr().out
    assert status == 0
    plan = from_json(text, PaymentSchedule)
    assert [line.amount for line in plan.lines] == [D("30.00"), D("70.01")]
    assert plan.lines[0].due_date == date(2026, 5, 5)  # Sat 2 May -> Mon 4 May, + 1 grace day


def test_cli_terms_on_date(capsys: pytest.CaptureFixture[str]) -> None:
    base = [
        "terms",
        "2/10 net 30",
        "--invoice-date",
        "2026-03-15",
        "--amount",
        "1000",
        "--currency",
        "USD",
        "--on",
        "2026-03-20",
    ]
    assert cli.main(base) == 0
    assert "Amount payable on 2026-03-20: 980.00 USD" in capsys.readouterr().out
    assert cli.main([*base, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["amount_payable"] == "980.00"
    assert data["on_date"] == "2026-03-20"
    assert from_json(json.dumps(data["schedule"]), PaymentSchedule).total == D("1000.00")


def test_cli_dialect(capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "terms",
        "N10 prox",
        "--invoice-date",
        "2026-03-15",
        "--amount",
        "10",
        "--currency",
        "USD",
    ]
    assert cli.main(args) == 2
    assert "expected dialect='prox-day'" in capsys.readouterr().err
    assert cli.main([*args, "--dialect", "prox-days"]) == 0
    assert "2026-04-11" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        pytest.param(["2/10 nett 30"], "at position 5: expected 'net'", id="bad terms"),
        pytest.param(["2/10 net 30", "--currency", "XYZ"], "ISO 4217", id="bad currency"),
    ],
)
def test_cli_bad_input_exits_2(
    argv: list[str], fragment: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--invoice-date", "2026-03-15", "--amount", "1000", "--currency", "USD"]
    status = cli.main(["terms", argv[0], *base, *argv[1:]])
    err = capsys.readouterr().err
    assert status == 2
    assert fragment in err
    assert len(err.strip().splitlines()) == 1


def test_demo_shows_a_schedule(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "== Payment terms ==" in out
    assert "Amount payable on 2026-03-25: 980.00 USD" in out
    assert "terms: 30% advance, 70% 2/10 net 30; discount before tax" in out


def test_public_names() -> None:
    import spendrules.payment_terms as module

    for name in module.__all__:
        assert getattr(module, name) is not None
    assert isinstance(Basis.DELIVERY, str)
    assert Remainder() == Remainder()
    assert isinstance(ScheduleLine(0, date(2026, 1, 1), date(2026, 1, 1), D(0), ()), ScheduleLine)
