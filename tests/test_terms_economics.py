"""Tests of the economics of payment terms (``spendrules._terms``: conventions, discount_decision,
term_comparison, term_change, financing, cash_flow, late_payment).

Published figures come from the domain notes ``payment_terms.md`` section 4
(rows F* and C*), each compared at the precision its source printed; other
expectations are identities (a formula of the domain notes evaluated in the
test, or one function against another).
"""

from __future__ import annotations

import calendar
import decimal
import json
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spendrules import cli
from spendrules import payment_terms as eco
from spendrules._terms.cash_flow import (
    CashFlow,
    days_payable_outstanding,
    npv,
)
from spendrules._terms.conventions import (
    Compounding,
    DayCount,
)
from spendrules._terms.discount_decision import (
    DiscountConvention,
    forgone_discount_rate,
    should_take_discount,
)
from spendrules._terms.financing import (
    dynamic_discount,
    supply_chain_finance,
)
from spendrules._terms.late_payment import (
    Debtor,
    DirectiveStatus,
    InterestMethod,
    check_late_payment_directive,
    eu_statutory_interest_rate,
    late_payment_interest,
)
from spendrules._terms.term_change import (
    PriceSource,
    TermChangeVerdict,
    term_change_impact,
)
from spendrules._terms.term_comparison import (
    TermsOffer,
    compare_terms,
    effective_payment_days,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError, UnknownCurrencyError
from spendrules.payment_terms import (
    DiscountBase,
    DiscountTier,
    EomDating,
    FixedAmount,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    Remainder,
    parse_terms,
    schedule,
)
from spendrules.serialization import from_json, to_json

D = Decimal


def pct(rate: Decimal, places: int) -> Decimal:
    """A rate as a percent rounded half up to ``places`` decimals (how the sources print)."""
    return (rate * 100).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def formula_rate(value: Decimal) -> Decimal:
    """Round a formula evaluated in the test the way the module documents (10 places, half even)."""
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        return value.quantize(Decimal("1e-10"), rounding=decimal.ROUND_HALF_EVEN)


# ---------------------------------------------------------------------------
# Published examples: cost of forgoing a discount (domain notes 4.3)
# ---------------------------------------------------------------------------

F6 = {  # days early -> (1 %, 2 %, 5 %) effective annual cost, 365 days, published to 0.1 %
    10: ("44.3", "109.0", "550.3"),
    16: ("25.8", "58.5", "222.2"),
    20: ("20.1", "44.6", "155.0"),
    25: ("15.8", "34.3", "111.5"),
    30: ("13.0", "27.9", "86.7"),
}

FORGONE_ROWS = [
    pytest.param(
        D("0.02"),
        10,
        30,
        None,
        365,
        "simple",
        D("37.2"),
        1,
        id="F1 FreeAcademy 'Payment Terms and Financing' 37.2 %",
    ),
    pytest.param(
        D("0.02"),
        10,
        30,
        None,
        365,
        "simple",
        D("37.2"),
        1,
        id="F1 chenhaozhou SCF course ch.2 37.2 %",
    ),
    pytest.param(
        D("0.02"),
        10,
        30,
        None,
        365,
        "simple",
        D("37.24"),
        2,
        id="F1 domain notes computed 37.24 %",
    ),
    pytest.param(
        D("0.02"),
        10,
        30,
        None,
        360,
        "simple",
        D("36.7"),
        1,
        id="F3 AccountingTools 'Cost of credit formula' 36.7 % (360)",
    ),
    *[
        pytest.param(
            D(rate),
            10,
            10 + early,
            None,
            365,
            "effective",
            D(published),
            1,
            id=f"F6 Double Entry Bookkeeping table {rate} {early} days early {published} %",
        )
        for early, row in F6.items()
        for rate, published in zip(("0.01", "0.02", "0.05"), row, strict=True)
    ],
    *[
        pytest.param(
            D("0.02"),
            15,
            net,
            None,
            365,
            "simple",
            D(published),
            0,
            id=f"F8 Transtutors 'Trade credit discount' 2/15 net {net} {published} %",
        )
        for net, published in ((20, "149"), (30, "50"), (40, "30"), (50, "21"), (60, "17"))
    ],
    pytest.param(
        D("0.02"),
        10,
        30,
        45,
        365,
        "simple",
        D("21.28"),
        2,
        id="F11 globalassembly responder 19865944 paid day 45 21.28 %",
    ),
    pytest.param(
        D("0.02"),
        10,
        30,
        None,
        360,
        "rough",
        D("36"),
        0,
        id="NOAA NAO 203-31 Exhibit 4 rough rule 36 % (domain notes 5.17)",
    ),
    pytest.param(
        D("0.02"),
        20,
        45,
        None,
        365,
        "effective",
        D("34.3"),
        1,
        id="CFA cost of trade credit via AnalystForum 2/20 net 45 34.3 %",
    ),
]


@pytest.mark.parametrize(
    ("rate", "discount_days", "net_days", "pay_day", "basis", "mode", "published", "places"),
    FORGONE_ROWS,
)
def test_forgone_rate_matches_published_figures(  # noqa: PLR0917
    rate: Decimal,
    discount_days: int,
    net_days: int,
    pay_day: int | None,
    basis: int,
    mode: str,
    published: Decimal,
    places: int,
) -> None:
    result = forgone_discount_rate(
        rate=rate,
        discount_days=discount_days,
        net_days=net_days,
        pay_day=pay_day,
        day_basis=basis,
        compounding=mode,
    )
    assert pct(result, places) == published


def test_f1_through_parsed_terms_equals_the_explicit_form() -> None:
    """F1 again, the terms form: '2/10 net 30' is the explicit (0.02, 10, 30)."""
    explicit = forgone_discount_rate(rate=D("0.02"), discount_days=10, net_days=30)
    assert forgone_discount_rate(parse_terms("2/10 net 30")) == explicit
    assert pct(explicit, 1) == D("37.2")


@pytest.mark.parametrize(
    ("age", "take"),
    [
        pytest.param(
            6, True, id="F13 fiscal.treasury.gov 'Formula and Calculator for Discounts' take"
        ),
    ],
)
def test_f13_us_treasury_rule(age: int, take: bool) -> None:
    """F13: 2/10 net 30, invoice 6 days old, CVFR 1 %: the page says take the discount.

    The page prints the rate as ".0283"; the TFM 8040.40 formula gives
    0.02/0.98 × 360/(30 − 4) = 0.2826 (computed in the domain notes), the same
    three significant digits with the decimal point one place to the left.
    """
    decision = should_take_discount(
        rate=D("0.02"),
        discount_days=10,
        net_days=30,
        cost_of_capital=D("0.01"),
        convention="us_treasury",
        invoice_age_days=age,
    )
    assert decision.take is take
    assert decision.forgone_rate is not None
    assert decision.forgone_rate.quantize(D("0.0001")) == D("0.2826")
    assert decision.forgone_rate.quantize(D("0.001")) == D("0.0283") * 10
    assert decision.day_basis == 360
    assert decision.reasons[0].code == "TERMS.DISCOUNT.US_TREASURY"


# ---------------------------------------------------------------------------
# Published examples: cash released, supplier cost, interest, DPO (domain notes 4.4)
# ---------------------------------------------------------------------------


def test_c2_cash_released_and_annual_benefit() -> None:
    """C2 calcsimpler 'Payment Terms Extension ROI Calculator': 8 M, 45 -> 60 days, 10 %."""
    impact = term_change_impact(
        annual_spend=D("8000000"),
        currency="USD",
        current=parse_terms("net 45"),
        proposed=parse_terms("net 60"),
        cost_of_capital=D("0.10"),
    )
    assert impact.cash_released == D("328767.12")
    assert impact.annual_value == D("32876.71")
    assert impact.days_change == D("15")


@pytest.mark.parametrize(
    ("convention", "expected", "places"),
    [
        pytest.param("monthly", D("83333"), 0, id="C3 Timelio blog monthly invoices $83,333"),
        pytest.param("daily", D("82191.78"), 2, id="C3 domain notes computed 365-day 82,191.78"),
    ],
)
def test_c3_monthly_and_daily_conventions(convention: str, expected: Decimal, places: int) -> None:
    impact = term_change_impact(
        annual_spend=D("1000000"),
        currency="USD",
        current=30,
        proposed=60,
        cost_of_capital=D("0.10"),
        convention=convention,
    )
    assert (
        impact.cash_released.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        == expected
    )


def test_c7_simple_late_interest_and_d23_day_count() -> None:
    """C7 5 CFR 1315.17 / Treasury interest page: $1,500 at 6.5 % for 10 days is $2.71;
    D23: due 1 April, paid 11 April is 10 days late."""
    result = late_payment_interest(
        D("1500"),
        currency="USD",
        annual_rate=D("0.065"),
        due_date=date(2026, 4, 1),
        paid_date=date(2026, 4, 11),
    )
    assert result.days_late == 10
    assert result.interest == D("2.71")
    assert result.reasons[0].code == "TERMS.LATE.SIMPLE"


def test_monthly_compounding_example_of_5_cfr_1315_17() -> None:
    """5 CFR 1315.17(b)(2): $1,500(1 + .06/12)^2 × (1 + .06/360 × 15) − $1,500 = $18.83."""
    due = date(2026, 1, 1)
    result = late_payment_interest(
        D("1500"),
        currency="USD",
        annual_rate=D("0.06"),
        due_date=due,
        paid_date=due + timedelta(days=75),
        method="us_prompt_payment",
    )
    assert (result.periods, result.days_charged) == (2, 75)
    assert result.interest == D("18.83")


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        pytest.param(0, D("91"), id="C9 income-outcome glossary 'DPO' 91 days"),
        pytest.param(2, D("91.25"), id="C9 domain notes computed 91.25"),
    ],
)
def test_c9_days_payable_outstanding(places: int, expected: Decimal) -> None:
    result = days_payable_outstanding(20, cost_of_sales=80)
    assert result.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) == expected


def test_c11_eu_directive_b2b_cap_interest_and_compensation() -> None:
    """C11 EUR-Lex summary of Directive 2011/7/EU: 60 days B2B, ECB + 8 points, EUR 40."""
    at_cap = check_late_payment_directive(payment_days=60)
    over = check_late_payment_directive(payment_days=61)
    agreed = check_late_payment_directive(payment_days=61, expressly_agreed=True)
    assert at_cap.status is DirectiveStatus.COMPLIANT
    assert at_cap.max_days == 60
    assert over.status is DirectiveStatus.NON_COMPLIANT
    assert agreed.status is DirectiveStatus.CONDITIONAL
    assert eu_statutory_interest_rate(D("0.02")) == D("0.10")
    assert eco.EU_FIXED_COMPENSATION_EUR == 40
    remedies = over.reasons[-1]
    assert remedies.code == "TERMS.EU_LATE_PAYMENT.REMEDIES"
    assert remedies.fact("fixed_compensation_eur") == "40"


@pytest.mark.parametrize(
    ("debtor", "days", "agreed", "status"),
    [
        pytest.param("public_authority", 30, False, DirectiveStatus.COMPLIANT, id="public 30 ok"),
        pytest.param("public_authority", 45, False, DirectiveStatus.NON_COMPLIANT, id="public 45"),
        pytest.param(
            "public_authority", 45, True, DirectiveStatus.CONDITIONAL, id="public 45 agreed"
        ),
        pytest.param("public_authority", 61, True, DirectiveStatus.NON_COMPLIANT, id="public 61"),
        pytest.param("public_healthcare", 60, False, DirectiveStatus.COMPLIANT, id="health 60"),
        pytest.param("public_healthcare", 61, True, DirectiveStatus.NON_COMPLIANT, id="health 61"),
        pytest.param("business", 120, True, DirectiveStatus.CONDITIONAL, id="b2b 120 agreed"),
    ],
)
def test_c11_eu_directive_public_bodies(
    debtor: str, days: int, agreed: bool, status: DirectiveStatus
) -> None:
    """C11 and Art. 4 of Directive 2011/7/EU: 30 days for public authorities, 60 at most."""
    result = check_late_payment_directive(payment_days=days, debtor=debtor, expressly_agreed=agreed)
    assert result.status is status
    assert result.debtor is Debtor(debtor)


# ---------------------------------------------------------------------------
# Identities and the terms forms
# ---------------------------------------------------------------------------


def test_multi_tier_terms_each_tier_and_the_marginal_cost() -> None:
    terms = parse_terms("3/10, 2/30, net 60")
    tier0 = forgone_discount_rate(terms)
    tier1 = forgone_discount_rate(terms, tier=1)
    assert tier0 == forgone_discount_rate(rate=D("0.03"), discount_days=10, net_days=60)
    assert tier1 == forgone_discount_rate(rate=D("0.02"), discount_days=30, net_days=60)
    marginal = forgone_discount_rate(terms, versus="next_tier")
    assert marginal == formula_rate((D("0.03") - D("0.02")) / (1 - D("0.03")) * 365 / 20)
    rough = forgone_discount_rate(terms, versus="next_tier", compounding="rough")
    assert rough == formula_rate((D("0.03") - D("0.02")) * 365 / 20)
    effective = forgone_discount_rate(terms, versus="next_tier", compounding="effective")
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        expected = (D("0.97") / D("0.98")) ** (D(365) / 20)
    assert effective == formula_rate(1 / expected - 1)
    # the last tier compares with the net day whatever ``versus`` says
    assert forgone_discount_rate(terms, tier=1, versus="next_tier") == tier1
    assert forgone_discount_rate(terms, tier=1, pay_day=90) == forgone_discount_rate(
        rate=D("0.02"), discount_days=30, net_days=60, pay_day=90
    )


def test_terms_with_several_discounted_installments_need_an_index() -> None:
    terms = PaymentTerms(
        (
            Installment(NetDays(30), (DiscountTier(D("0.02"), NetDays(10)),), Percent(D(50))),
            Installment(NetDays(60), (DiscountTier(D("0.01"), NetDays(20)),), Percent(D(50))),
        )
    )
    with pytest.raises(InvalidInputError, match="installment"):
        forgone_discount_rate(terms)
    assert forgone_discount_rate(terms, installment=1) == forgone_discount_rate(
        rate=D("0.01"), discount_days=20, net_days=60
    )
    with pytest.raises(InvalidInputError, match="an index below 2"):
        forgone_discount_rate(terms, installment=2)
    with pytest.raises(InvalidInputError, match="an index below 1"):
        forgone_discount_rate(terms, installment=0, tier=1)
    decision = should_take_discount(terms, installment=1, cost_of_capital=D("0.05"))
    assert decision.installment == 1
    assert decision.take


def _month_end_mean_days() -> Fraction:
    """Mean days from a baseline to the end of its month over the 365 days of 2025."""
    total = 0
    for month in range(1, 13):
        length = calendar.monthrange(2025, month)[1]
        total += length * (length - 1) // 2
    return Fraction(total, 365)


def test_calendar_dependent_terms_are_averaged_over_the_reference_year() -> None:
    terms = PaymentTerms.of(EomDating(60))
    mean = 60 + _month_end_mean_days()
    expected = (Decimal(mean.numerator) / Decimal(mean.denominator)).quantize(D("0.01"))
    assert effective_payment_days(terms) == expected
    # with an invoice date the actual day count is used: 15 June -> 30 June + 60 days
    assert effective_payment_days(terms, invoice_date=date(2026, 6, 15)) == D("75.00")
    impact = term_change_impact(
        annual_spend=D("1461000"),
        currency="EUR",
        current=0,
        proposed=terms,
        cost_of_capital=D("0.05"),
    )
    assert any(r.code == "TERMS.DAYS.AVERAGED" for r in impact.reasons)
    assert impact.proposed_days == expected


def test_discount_deadline_after_the_due_date_is_cut_back_and_free() -> None:
    """A tier open until the net day costs nothing to take (as schedule() cuts it to the due date)."""
    terms = PaymentTerms.of(NetDays(30), DiscountTier(D("0.02"), NetDays(45)))
    decision = should_take_discount(terms, cost_of_capital=D("0.99"))
    assert decision.take
    assert decision.forgone_rate is None
    assert decision.break_even_cost_of_capital is None
    assert decision.margin is None
    assert decision.pay_day == D("30")
    assert any(r.code == "TERMS.DISCOUNT.FREE" for r in decision.reasons)
    with pytest.raises(InvalidInputError, match="before the day it is compared with"):
        forgone_discount_rate(terms)


def test_eom_discount_with_an_invoice_date_uses_that_date() -> None:
    terms = parse_terms("1/10 EOM net 30; from invoice date")
    decision = should_take_discount(terms, cost_of_capital=D("0.05"), invoice_date=date(2026, 6, 1))
    # 1 June: discount until 10 July (39 days) is cut to the net day 1 July (30 days): free
    assert decision.take and decision.forgone_rate is None
    averaged = should_take_discount(terms, cost_of_capital=D("0.05"))
    assert any(r.code == "TERMS.DAYS.AVERAGED" for r in averaged.reasons)


def test_discount_on_the_amount_before_tax_is_flagged() -> None:
    terms = PaymentTerms.of(
        NetDays(30), DiscountTier(D("0.02"), NetDays(10)), discount_base=DiscountBase.NET_OF_TAX
    )
    decision = should_take_discount(terms, cost_of_capital=D("0.08"))
    assert decision.reasons[0].code == "TERMS.DISCOUNT.BASE_NOT_GROSS"


def test_terms_without_discount() -> None:
    terms = parse_terms("net 30")
    decision = should_take_discount(terms, cost_of_capital=D("0.08"))
    assert not decision.take
    assert decision.tier is None and decision.installment is None
    assert decision.pay_day == D("30")
    assert decision.reasons[-1].code == "TERMS.DISCOUNT.NONE"
    zero = should_take_discount(rate=0, discount_days=10, net_days=30, cost_of_capital=D("0.08"))
    assert not zero.take and zero.forgone_rate is None
    with pytest.raises(InvalidInputError, match="early-payment discount"):
        forgone_discount_rate(terms)
    assert forgone_discount_rate(rate=0, discount_days=10, net_days=30) == 0


def test_multi_tier_decision_picks_the_tier_that_saves_most() -> None:
    terms = parse_terms("3/10, 2/30, net 60")
    low = should_take_discount(terms, cost_of_capital=D("0.05"))
    # skipping 3 % costs 22.58 %, skipping 2 % costs 24.83 %: both beat 5 %; 3 % saves more
    assert low.take and low.tier == 0
    assert low.break_even_cost_of_capital == forgone_discount_rate(terms, tier=1)
    middle = should_take_discount(terms, cost_of_capital=D("0.23"))
    # at 23 % only the 2 % tier is still worth it
    assert middle.take and middle.tier == 1
    high = should_take_discount(terms, cost_of_capital=D("0.30"))
    assert not high.take and high.tier == 1
    assert high.pay_day == D("60")


@pytest.mark.parametrize("mode", ["effective", "rough"])
def test_decision_under_other_compounding(mode: str) -> None:
    rate = forgone_discount_rate(rate=D("0.02"), discount_days=10, net_days=30, compounding=mode)
    take = should_take_discount(
        rate=D("0.02"),
        discount_days=10,
        net_days=30,
        cost_of_capital=rate - D("0.01"),
        compounding=mode,
    )
    skip = should_take_discount(
        rate=D("0.02"),
        discount_days=10,
        net_days=30,
        cost_of_capital=rate + D("0.01"),
        compounding=mode,
    )
    assert take.take and not skip.take
    assert take.break_even_cost_of_capital == rate


def test_us_treasury_expired_discount_and_pay_day() -> None:
    expired = should_take_discount(
        rate=D("0.02"),
        discount_days=10,
        net_days=30,
        cost_of_capital=D("0.01"),
        convention=DiscountConvention.US_TREASURY,
        invoice_age_days=11,
    )
    assert not expired.take
    assert [r.code for r in expired.reasons][-2:] == [
        "TERMS.DISCOUNT.EXPIRED",
        "TERMS.DISCOUNT.NONE",
    ]
    last_day = should_take_discount(
        rate=D("0.02"),
        discount_days=10,
        net_days=30,
        cost_of_capital=D("0.01"),
        convention="us_treasury",
        invoice_age_days=10,
        day_basis=360,
    )
    assert last_day.forgone_rate == formula_rate(D("0.02") / D("0.98") * 360 / 30)


def test_indifference_at_the_break_even_is_a_skip() -> None:
    rate = forgone_discount_rate(rate=D("0.02"), discount_days=10, net_days=30)
    decision = should_take_discount(
        rate=D("0.02"), discount_days=10, net_days=30, cost_of_capital=rate
    )
    assert not decision.take
    assert decision.margin == 0
    assert decision.reasons[-1].code == "TERMS.DISCOUNT.INDIFFERENT"


def test_effective_payment_days_policies() -> None:
    assert effective_payment_days(parse_terms("net 75")) == D("75")
    assert effective_payment_days(parse_terms("2/30 net 60")) == D("60")
    assert effective_payment_days(parse_terms("2/30 net 60"), take_discounts="always") == D("30")
    worth = effective_payment_days(
        parse_terms("2/30 net 60"), take_discounts="when_worth_it", cost_of_capital=D("0.08")
    )
    not_worth = effective_payment_days(
        parse_terms("2/30 net 60"), take_discounts="when_worth_it", cost_of_capital=D("0.50")
    )
    assert (worth, not_worth) == (D("30"), D("60"))
    # 30 % in advance (day 0) and 70 % at 30 days
    assert effective_payment_days(parse_terms("30% advance, 70% net 30")) == D("21")
    fixed = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D("250.00"))),
            Installment(NetDays(40)),
        )
    )
    assert effective_payment_days(fixed, invoice_amount=D("1000")) == D("30")
    with pytest.raises(InvalidInputError, match="invoice_amount"):
        effective_payment_days(fixed)
    with pytest.raises(InvalidInputError, match="at least the fixed"):
        effective_payment_days(fixed, invoice_amount=D("100"))
    with pytest.raises(InvalidInputError, match="cost_of_capital"):
        effective_payment_days(parse_terms("net 30"), take_discounts="when_worth_it")
    with pytest.raises(InvalidInputError, match="cost_of_capital"):
        effective_payment_days(parse_terms("net 30"), cost_of_capital=D("0.05"))
    with pytest.raises(InvalidInputError, match="compounding"):
        effective_payment_days(parse_terms("net 30"), compounding="rough")


def test_weights_that_cannot_fit_the_invoice_amount() -> None:
    terms = PaymentTerms(
        (
            Installment(NetDays(0), share=FixedAmount(D("300.00"))),
            Installment(NetDays(30), share=Percent(D(80))),
            Installment(NetDays(60), share=Remainder()),
        )
    )
    with pytest.raises(InvalidInputError, match="large enough"):
        effective_payment_days(terms, invoice_amount=D("1000"))


def test_compare_terms_ranks_by_present_value() -> None:
    """Capgemini's question: net 75 vs net 60 vs 2/30 net 60 taken, at 8 %."""
    alternatives = [parse_terms(t) for t in ("net 60", "net 75", "2/30 net 60")]
    result = compare_terms(alternatives, cost_of_capital=D("0.08"))
    assert [entry.label for entry in result.ranking] == ["2/30 net 60", "net 75", "net 60"]
    best = result.ranking[0]
    assert best.discounts_taken == (0,)
    assert best.extra_cost == 0
    # identity: present value = 0.98 × 1.08^(−30/365) and the equivalent net days
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        present = D("0.98") * D("1.08") ** (D(-30) / 365)
        equivalent = -365 * present.ln() / D("1.08").ln()
    assert best.present_value == formula_rate(present)
    assert best.equivalent_net_days == equivalent.quantize(D("0.01"))
    assert result.ranking[1].equivalent_net_days == D("75")
    assert "ranking:" in result.explain()


def test_compare_terms_with_prices_labels_and_simple_discounting() -> None:
    dear = TermsOffer(parse_terms("net 90"), price_change=D("0.02"), label="net 90 at +2 %")
    result = compare_terms(
        [parse_terms("net 30"), dear, parse_terms("net 60 EOM")],
        cost_of_capital=D("0.10"),
        compounding="simple",
        take_discounts="never",
    )
    labels = [entry.label for entry in result.ranking]
    assert labels[-1] == "net 90 at +2 %"
    dear_entry = result.ranking[-1]
    # identity: 1.02 / (1 + 0.10 × 90/365)
    assert dear_entry.present_value == formula_rate(D("1.02") / (1 + D("0.10") * 90 / 365))
    assert dear_entry.price_paid == D("1.02")
    assert result.reasons[-1].code == "TERMS.DAYS.AVERAGED"
    with pytest.raises(InvalidInputError, match="at least one"):
        compare_terms([], cost_of_capital=D("0.1"))
    with pytest.raises(TypeError, match=r"alternatives\[0\]"):
        compare_terms(["net 30"], cost_of_capital=D("0.1"))  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="compounding"):
        compare_terms([parse_terms("net 30")], cost_of_capital=D("0.1"), compounding="rough")
    with pytest.raises(InvalidInputError, match="> 0"):
        compare_terms([parse_terms("net 30")], cost_of_capital=0)
    with pytest.raises(TypeError, match="label"):
        TermsOffer(parse_terms("net 30"), label=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="terms"):
        TermsOffer("net 30")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="price_change"):
        TermsOffer(parse_terms("net 30"), price_change=D(-1))


# ---------------------------------------------------------------------------
# Term change impact
# ---------------------------------------------------------------------------


def test_finance_vs_procurement_net_30_to_net_90() -> None:
    """Identities: cash = spend × 60/365, value = cash × 8 %, supplier cost = cash × 12 %."""
    impact = term_change_impact(
        annual_spend=D("10000000"),
        currency="USD",
        current=parse_terms("net 30"),
        proposed=parse_terms("net 90"),
        cost_of_capital=D("0.08"),
        supplier_cost_of_capital=D("0.12"),
    )
    cash = D("10000000") * 60 / 365
    assert impact.cash_released == cash.quantize(D("0.01"))
    assert impact.annual_value == (cash * D("0.08")).quantize(D("0.01"))
    assert impact.supplier_extra_cost == (cash * D("0.12")).quantize(D("0.01"))
    assert impact.price_source is PriceSource.SUPPLIER_COST
    assert impact.price_increase_amount == impact.supplier_extra_cost
    assert impact.verdict is TermChangeVerdict.CURRENT_BETTER
    assert impact.net_annual_value == impact.annual_value - impact.supplier_extra_cost
    codes = [r.code for r in impact.reasons]
    assert "TERMS.IMPACT.COST_SHIFTED" in codes
    assert codes[-1] == "TERMS.IMPACT.CURRENT_BETTER"
    assert (impact.current, impact.proposed) == ("net 30", "net 90")


def test_cheaper_supplier_capital_makes_the_extension_pay() -> None:
    impact = term_change_impact(
        annual_spend=D("10000000"),
        currency="USD",
        current=30,
        proposed=90,
        cost_of_capital=D("0.10"),
        supplier_cost_of_capital=D("0.04"),
    )
    assert impact.verdict is TermChangeVerdict.PROPOSED_BETTER
    assert impact.net_annual_value > 0
    assert "is worth" in impact.reasons[-1].message


def test_discounts_lost_and_gained() -> None:
    lost = term_change_impact(
        annual_spend=D("1000000"),
        currency="EUR",
        current=parse_terms("2/10 net 30"),
        proposed=parse_terms("net 60"),
        cost_of_capital=D("0.08"),
    )
    # the 2 % discount is worth taking at 8 % (37.24 % > 8 %), so it was taken on all spend
    assert lost.discounts_lost == D("20000.00")
    assert lost.current_days == D("10")
    assert lost.price_source is PriceSource.NOT_PRICED
    assert lost.verdict is TermChangeVerdict.CURRENT_BETTER
    assert lost.break_even_price_increase < 0
    assert any(r.code == "TERMS.IMPACT.PRICE_NOT_PRICED" for r in lost.reasons)
    assert (
        "cuts prices"
        in next(r for r in lost.reasons if r.code == "TERMS.IMPACT.BREAK_EVEN").message
    )
    gained = term_change_impact(
        annual_spend=D("1000000"),
        currency="EUR",
        current=parse_terms("net 60"),
        proposed=parse_terms("2/10 net 30"),
        cost_of_capital=D("0.08"),
        discount_share=D("0.5"),
    )
    assert gained.discounts_lost == D("-10000.00")
    assert gained.proposed_days == D("20")
    assert gained.cash_released < 0
    assert any(r.code == "TERMS.IMPACT.DISCOUNTS_GAINED" for r in gained.reasons)
    assert gained.discount_share == D("0.5")


def test_discount_decision_compounding_is_a_named_convention() -> None:
    """2/10 net 30 costs 37.24 % simple and 44.59 % effective (F1; CFA effective formula).

    At a 40 % cost of capital the discount is skipped under the simple rate and
    taken under the effective one, so the days and discounts of the current terms
    depend on the convention, which must be a parameter (identities: 2 % of spend
    lost, day 10 instead of day 30).
    """
    kwargs = {
        "annual_spend": D("1000000"),
        "currency": "USD",
        "current": parse_terms("2/10 net 30"),
        "proposed": parse_terms("net 60"),
        "cost_of_capital": D("0.40"),
    }
    simple = term_change_impact(**kwargs)  # type: ignore[arg-type]
    effective = term_change_impact(**kwargs, compounding="effective")  # type: ignore[arg-type]
    assert (simple.compounding, simple.current_days, simple.discounts_lost) == (
        Compounding.SIMPLE,
        D("30"),
        D("0.00"),
    )
    assert (effective.compounding, effective.current_days, effective.discounts_lost) == (
        Compounding.EFFECTIVE,
        D("10"),
        D("20000.00"),
    )
    lost = next(r for r in effective.reasons if r.code == "TERMS.IMPACT.DISCOUNTS_LOST")
    assert "effective rate, 365-day basis" in lost.message
    with pytest.raises(InvalidInputError, match="compounding"):
        term_change_impact(**kwargs, compounding="continuous")  # type: ignore[arg-type]


def test_asked_price_and_break_even() -> None:
    base = {
        "annual_spend": D("8000000"),
        "currency": "USD",
        "current": 45,
        "proposed": 60,
        "cost_of_capital": D("0.10"),
        "supplier_cost_of_capital": D("0.12"),
    }
    first = term_change_impact(**base)  # type: ignore[arg-type]
    asked = term_change_impact(**base, price_increase=first.break_even_price_increase)  # type: ignore[arg-type]
    assert asked.price_source is PriceSource.ASKED
    assert asked.net_annual_value == 0
    assert asked.verdict is TermChangeVerdict.BREAK_EVEN
    assert asked.reasons[-1].code == "TERMS.IMPACT.BREAK_EVEN"
    assert any(r.code == "TERMS.IMPACT.PRICE_ASKED" for r in asked.reasons)


def test_monthly_convention_reason_and_fixed_amount_terms() -> None:
    fixed = PaymentTerms(
        (Installment(NetDays(0), share=FixedAmount(D("100"))), Installment(NetDays(60)))
    )
    impact = term_change_impact(
        annual_spend=D("120000"),
        currency="USD",
        current=0,
        proposed=fixed,
        cost_of_capital=D("0.05"),
        convention="monthly",
        invoice_amount=D("1000"),
    )
    # 90 % of each invoice paid 60 days later: 54 days; 120,000/12 × 54/30 = 18,000
    assert impact.proposed_days == D("54")
    assert impact.cash_released == D("18000.00")
    assert "monthly invoices" in impact.reasons[1].message


def test_term_change_input_errors() -> None:
    kwargs = {"annual_spend": D("1000"), "currency": "USD", "cost_of_capital": D("0.05")}
    with pytest.raises(TypeError, match="current"):
        term_change_impact(current="net 30", proposed=30, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="proposed"):
        term_change_impact(current=30, proposed=5000, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="minor unit"):
        term_change_impact(
            annual_spend=D("0.001"),
            currency="USD",
            current=30,
            proposed=60,
            cost_of_capital=D("0.05"),
        )
    with pytest.raises(InvalidInputError, match="discount_share"):
        term_change_impact(current=30, proposed=60, discount_share=D("1.5"), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="supplier_cost_of_capital"):
        term_change_impact(current=30, proposed=60, supplier_cost_of_capital=D(-2), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="convention"):
        term_change_impact(current=30, proposed=60, convention="weekly", **kwargs)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Dynamic discounting, SCF, NPV, DPO, late interest
# ---------------------------------------------------------------------------


def test_amounts_are_computed_on_the_rounded_amount_they_report() -> None:
    """Identity: each money result is the formula applied to the amount the result shows.

    0.025 USD is shown as 0.03; 0.03 × 100 % × 180/360 = 0.015, which rounds half up
    to 0.02. Computing on the unrounded 0.025 gave 0.0125 -> 0.01, so the reason
    "0.03 USD × 100 % / 360 × 180 = 0.01 USD" did not add up.
    """
    offer = dynamic_discount(D("0.025"), currency="USD", apr=D(1), days_early=180)
    assert (offer.amount, offer.discount, offer.payable) == (D("0.03"), D("0.02"), D("0.01"))
    late = late_payment_interest(
        D("0.025"),
        currency="USD",
        annual_rate=D(1),
        due_date=date(2026, 1, 1),
        paid_date=date(2026, 1, 1) + timedelta(days=180),
    )
    assert (late.amount, late.interest) == (D("0.03"), D("0.02"))
    # 5 CFR 1315.17(b)(2) formula on the shown principal 0.03: 0.03 × 1.5 × 1 − 0.03 = 0.015
    compounded = late_payment_interest(
        D("0.025"),
        currency="USD",
        annual_rate=D(6),
        due_date=date(2026, 1, 1),
        paid_date=date(2026, 1, 1) + timedelta(days=30),
        method="us_prompt_payment",
    )
    assert (compounded.amount, compounded.interest) == (D("0.03"), D("0.02"))
    scf = supply_chain_finance(
        D("0.025"),
        currency="USD",
        term_days=180,
        funding_day=0,
        funder_rate=D(1),
        supplier_cost_of_capital=D(1),
        buyer_cost_of_capital=D(0),
    )
    assert (scf.amount, scf.funder_discount, scf.supplier_receives) == (
        D("0.03"),
        D("0.02"),
        D("0.01"),
    )
    assert scf.supplier_cost_without == D("0.02")


def test_dynamic_discount_is_apr_times_days_over_360() -> None:
    """Oracle Fusion / Kanexa / C2FO: discount = amount × APR × days early / 360."""
    offer = dynamic_discount(D("25000"), currency="USD", apr=D("0.09"), days_early=20)
    assert offer.discount == (D("25000") * D("0.09") * 20 / 360).quantize(D("0.01"))
    assert offer.discount + offer.payable == offer.amount
    assert offer.discount_rate == D("0.005")
    assert offer.reasons[0].code == "TERMS.DYNAMIC_DISCOUNT.OFFER"


def test_supply_chain_finance_gains() -> None:
    result = supply_chain_finance(
        D("100000"),
        currency="EUR",
        term_days=60,
        extended_term_days=90,
        funding_day=10,
        funder_rate=D("0.04"),
        supplier_cost_of_capital=D("0.10"),
        buyer_cost_of_capital=D("0.08"),
    )
    # identities from the SCF notation of the domain notes (chenhaozhou ch. 2)
    assert result.funder_discount == (D("100000") * D("0.04") * 80 / 360).quantize(D("0.01"))
    assert result.supplier_cost_without == (D("100000") * D("0.10") * 50 / 360).quantize(D("0.01"))
    assert result.buyer_gain == (D("100000") * D("0.08") * 30 / 360).quantize(D("0.01"))
    assert result.total_gain == result.supplier_gain + result.buyer_gain
    assert result.supplier_receives + result.funder_discount == result.amount
    assert result.arbitrage
    losing = supply_chain_finance(
        D("100000"),
        currency="EUR",
        term_days=30,
        funding_day=0,
        funder_rate=D("0.12"),
        supplier_cost_of_capital=D("0.06"),
        buyer_cost_of_capital=D("0.08"),
    )
    assert losing.extended_term_days == 30
    assert losing.buyer_gain == 0
    assert losing.supplier_gain < 0
    assert not losing.arbitrage
    codes = [r.code for r in losing.reasons]
    assert "TERMS.SCF.SUPPLIER_LOSES" in codes and "TERMS.SCF.NO_ARBITRAGE" in codes
    with pytest.raises(InvalidInputError, match="funding_day"):
        supply_chain_finance(
            D(1),
            currency="EUR",
            term_days=10,
            funding_day=11,
            funder_rate=0,
            supplier_cost_of_capital=0,
            buyer_cost_of_capital=0,
        )
    with pytest.raises(InvalidInputError, match="extended_term_days"):
        supply_chain_finance(
            D(1),
            currency="EUR",
            term_days=10,
            funding_day=1,
            extended_term_days=5,
            funder_rate=0,
            supplier_cost_of_capital=0,
            buyer_cost_of_capital=0,
        )


def test_npv_single_payment_identities() -> None:
    """FreeAcademy / finitefield: PV = Pay / (1 + r·t/B); compound: Pay × (1 + r)^(−t)."""
    flows = [CashFlow(date(2026, 4, 30), D("1000000"))]
    start = date(2026, 1, 30)
    simple = npv(flows, rate=D("0.08"), valuation_date=start, currency="USD", compounding="simple")
    assert simple == (D("1000000") / (1 + D("0.08") * 90 / 365)).quantize(D("0.01"))
    act360 = npv(
        flows,
        rate=D("0.08"),
        valuation_date=start,
        currency="USD",
        compounding="simple",
        day_count=DayCount.ACT_360,
    )
    assert act360 == (D("1000000") / (1 + D("0.08") * 90 / 360)).quantize(D("0.01"))
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        compound = D("1000000") * D("1.08") ** (D(-90) / 365)
    assert npv(flows, rate=D("0.08"), valuation_date=start, currency="USD") == compound.quantize(
        D("0.01")
    )


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        pytest.param(date(2026, 1, 31), date(2026, 3, 31), 60, id="30/360 both 31st"),
        pytest.param(date(2026, 1, 30), date(2026, 3, 31), 60, id="30/360 from the 30th"),
        pytest.param(date(2026, 1, 15), date(2026, 3, 31), 76, id="30/360 end 31st kept"),
        pytest.param(date(2026, 3, 31), date(2026, 1, 31), -60, id="30/360 backwards"),
    ],
)
def test_thirty_360_day_count(start: date, end: date, days: int) -> None:
    """ISDA 2006 4.16(f) (30/360 bond basis): year fraction = days/360 under simple discounting."""
    result = npv(
        [(end, D("360000"))],
        rate=D("0.01"),
        valuation_date=start,
        currency="USD",
        compounding="simple",
        day_count="30/360",
    )
    assert result == (D("360000") / (1 + D("0.01") * days / 360)).quantize(D("0.01"))


def test_npv_of_a_schedule() -> None:
    plan = schedule(
        parse_terms("2/10 net 30"),
        invoice_date=date(2026, 3, 15),
        amount=D("1000.00"),
        currency="USD",
    )
    net = npv(plan, rate=D("0.08"), valuation_date=date(2026, 3, 15), currency="USD")
    taken = npv(plan, rate=D("0.08"), valuation_date=date(2026, 3, 15), take_discounts=True)
    assert net == npv(
        [(date(2026, 4, 14), D("1000.00"))],
        rate=D("0.08"),
        valuation_date=date(2026, 3, 15),
        currency="USD",
    )
    assert taken == npv(
        [(date(2026, 3, 25), D("980.00"))],
        rate=D("0.08"),
        valuation_date=date(2026, 3, 15),
        currency="USD",
    )
    with pytest.raises(CurrencyMismatchError):
        npv(plan, rate=D("0.08"), valuation_date=date(2026, 3, 15), currency="EUR")


def test_npv_errors() -> None:
    on = date(2026, 1, 1)
    with pytest.raises(InvalidInputError, match="currency"):
        npv([(on, D(1))], rate=D("0.1"), valuation_date=on)
    with pytest.raises(InvalidInputError, match="take_discounts"):
        npv([(on, D(1))], rate=D("0.1"), valuation_date=on, currency="USD", take_discounts=True)
    with pytest.raises(InvalidInputError, match="compounding"):
        npv([(on, D(1))], rate=D("0.1"), valuation_date=on, currency="USD", compounding="rough")
    with pytest.raises(InvalidInputError, match=r"cash_flows\[0\]"):
        npv([(on,)], rate=D("0.1"), valuation_date=on, currency="USD")  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="1 \\+ rate"):
        npv(
            [(date(2000, 1, 1), D(1))],
            rate=D("0.5"),
            valuation_date=date(2026, 1, 1),
            currency="USD",
            compounding="simple",
        )
    with pytest.raises(InvalidInputError, match="rate"):
        npv([(on, D(1))], rate=D(-1), valuation_date=on, currency="USD")
    with pytest.raises(TypeError, match="amount"):
        CashFlow(on, 1.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on"):
        CashFlow("2026-01-01", D(1))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"cash_flows\[0\]\[1\]"):
        npv([(on, 1.5)], rate=D("0.1"), valuation_date=on, currency="USD")  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="day_count"):
        npv([(on, D(1))], rate=D("0.1"), valuation_date=on, currency="USD", day_count="ACT/ACT")


def test_days_payable_outstanding_average_variant() -> None:
    """Average payables: (opening + closing)/2 ÷ cost of sales × days (Sapling 'DPO')."""
    assert days_payable_outstanding(
        D("30"), cost_of_sales=D("80"), method="average", opening_payables=D("10")
    ) == D("91.25")
    assert days_payable_outstanding(D("20"), cost_of_sales=D("80"), period_days=90) == D("22.5")
    with pytest.raises(InvalidInputError, match="opening_payables"):
        days_payable_outstanding(D("30"), cost_of_sales=D("80"), method="average")
    with pytest.raises(InvalidInputError, match="opening_payables"):
        days_payable_outstanding(D("30"), cost_of_sales=D("80"), opening_payables=D("10"))
    with pytest.raises(InvalidInputError, match="cost_of_sales"):
        days_payable_outstanding(D("30"), cost_of_sales=0)


def test_late_payment_interest_branches() -> None:
    on_time = late_payment_interest(
        D("1000"),
        currency="EUR",
        annual_rate=D("0.1015"),
        due_date=date(2026, 5, 1),
        paid_date=date(2026, 4, 30),
    )
    assert on_time.interest == 0 and on_time.days_late == 0
    assert on_time.reasons[0].code == "TERMS.LATE.NOT_LATE"
    capped = late_payment_interest(
        D("1000"),
        currency="USD",
        annual_rate=D("0.05"),
        due_date=date(2024, 1, 1),
        paid_date=date(2025, 6, 1),
        method=InterestMethod.US_PROMPT_PAYMENT,
    )
    assert capped.days_charged == 365 and capped.periods == 12
    assert any(r.code == "TERMS.LATE.ONE_YEAR_LIMIT" for r in capped.reasons)
    small = late_payment_interest(
        D("100"),
        currency="USD",
        annual_rate=D("0.05"),
        due_date=date(2026, 1, 1),
        paid_date=date(2026, 1, 5),
        method="us_prompt_payment",
    )
    assert small.interest == D("0.06")
    assert small.reasons[-1].code == "TERMS.LATE.UNDER_ONE_DOLLAR"
    eu = late_payment_interest(
        D("10000"),
        currency="EUR",
        annual_rate=eu_statutory_interest_rate(D("0.0215")),
        due_date=date(2026, 3, 1),
        paid_date=date(2026, 3, 31),
        day_basis=365,
    )
    assert eu.interest == (D("10000") * D("0.1015") * 30 / 365).quantize(D("0.01"))
    with pytest.raises(InvalidInputError, match="day_basis"):
        late_payment_interest(
            D("1"),
            currency="USD",
            annual_rate=D("0.05"),
            due_date=date(2026, 1, 1),
            paid_date=date(2026, 2, 1),
            method="us_prompt_payment",
            day_basis=365,
        )


def test_eu_check_of_terms() -> None:
    """Net 30 EOM allows up to 60 days (an invoice on the 1st of a 31-day month): the B2B cap."""
    check = check_late_payment_directive(parse_terms("net 30 EOM"))
    assert check.payment_days == 60
    assert check.status is DirectiveStatus.COMPLIANT
    assert check.reasons[0].code == "TERMS.EU_LATE_PAYMENT.WORST_CASE"
    public = check_late_payment_directive(parse_terms("net 30 EOM"), debtor="public_authority")
    assert public.status is DirectiveStatus.NON_COMPLIANT
    dated = check_late_payment_directive(parse_terms("net 30 EOM"), invoice_date=date(2026, 2, 20))
    assert dated.payment_days == 8 + 30
    split = check_late_payment_directive(parse_terms("30% advance, 70% net 90"))
    assert split.payment_days == 90
    assert split.reasons[0].code == "TERMS.EU_LATE_PAYMENT.NON_COMPLIANT"
    with pytest.raises(InvalidInputError, match="payment_days"):
        check_late_payment_directive(parse_terms("net 30"), payment_days=30)
    with pytest.raises(InvalidInputError, match="terms"):
        check_late_payment_directive()
    with pytest.raises(TypeError, match="expressly_agreed"):
        check_late_payment_directive(payment_days=30, expressly_agreed=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="debtor"):
        check_late_payment_directive(payment_days=30, debtor="consumer")


# ---------------------------------------------------------------------------
# Hypothesis properties (issue 4 "Done means")
# ---------------------------------------------------------------------------

discounts = st.decimals(min_value=D("0.001"), max_value=D("0.2"), places=3)
modes = st.sampled_from([Compounding.SIMPLE, Compounding.EFFECTIVE, Compounding.ROUGH])


@settings(max_examples=200)
@given(discounts, st.integers(0, 60), st.integers(1, 200), st.integers(1, 200), modes)
def test_forgone_rate_falls_as_net_days_grow(
    rate: Decimal, early: int, gap1: int, gap2: int, mode: Compounding
) -> None:
    short, long_ = sorted((gap1, gap2))
    near = forgone_discount_rate(
        rate=rate, discount_days=early, net_days=early + short, compounding=mode
    )
    far = forgone_discount_rate(
        rate=rate, discount_days=early, net_days=early + long_, compounding=mode
    )
    assert far <= near
    if short < long_ and mode is not Compounding.EFFECTIVE:
        assert far < near


@settings(max_examples=200)
@given(discounts, discounts, st.integers(0, 60), st.integers(1, 200), modes)
def test_forgone_rate_rises_with_the_discount(
    rate1: Decimal, rate2: Decimal, early: int, gap: int, mode: Compounding
) -> None:
    low, high = sorted((rate1, rate2))
    assert forgone_discount_rate(
        rate=low, discount_days=early, net_days=early + gap, compounding=mode
    ) <= forgone_discount_rate(
        rate=high, discount_days=early, net_days=early + gap, compounding=mode
    )


spends = st.decimals(min_value=1, max_value=10**9, places=2)
currencies = st.sampled_from(["USD", "EUR", "JPY", "BHD"])


@settings(max_examples=200)
@given(spends, st.integers(1, 20), st.integers(0, 365), st.integers(0, 365), currencies)
def test_cash_released_is_linear_in_spend_and_in_days(
    spend: Decimal, factor: int, days1: int, days2: int, currency: str
) -> None:
    quantum = Decimal(1).scaleb(-{"USD": 2, "EUR": 2, "JPY": 0, "BHD": 3}[currency])
    spend = spend.quantize(quantum, rounding=ROUND_HALF_UP)
    assume(spend > 0)

    def cash(amount: Decimal, start: int, end: int) -> Decimal:
        return term_change_impact(
            annual_spend=amount,
            currency=currency,
            current=start,
            proposed=end,
            cost_of_capital=D("0.05"),
        ).cash_released

    one = cash(spend, 0, days1)
    # identity: spend × Δ/365 rounded once
    assert one == (spend * days1 / 365).quantize(quantum, rounding=ROUND_HALF_UP)
    # linear in spend: k × spend releases k times the cash, up to rounding of each side
    assert abs(cash(spend * factor, 0, days1) - factor * one) <= quantum * (factor + 1) / 2
    # linear (additive) in the change of days; a shortening absorbs what a lengthening releases
    both = cash(spend, 0, days1 + days2)
    assert abs(both - (one + cash(spend, days1, days1 + days2))) <= quantum
    assert cash(spend, days1, 0) == -one


flows_strategy = st.lists(
    st.tuples(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
        st.decimals(min_value=0, max_value=10**7, places=2),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=200)
@given(flows_strategy, st.sampled_from(list(DayCount)), st.sampled_from(["simple", "effective"]))
def test_npv_at_rate_zero_is_the_sum(
    flows: list[tuple[date, Decimal]], day_count: DayCount, mode: str
) -> None:
    total = sum((amount for _, amount in flows), D(0))
    assert (
        npv(
            flows,
            rate=0,
            valuation_date=date(2026, 1, 1),
            currency="USD",
            day_count=day_count,
            compounding=mode,
        )
        == total
    )


@settings(max_examples=200)
@given(
    flows_strategy,
    st.decimals(min_value=0, max_value=1, places=4),
    st.decimals(min_value=0, max_value=1, places=4),
    st.sampled_from(["simple", "effective"]),
)
def test_npv_falls_as_the_rate_rises_for_positive_flows(
    flows: list[tuple[date, Decimal]], rate1: Decimal, rate2: Decimal, mode: str
) -> None:
    low, high = sorted((rate1, rate2))
    on = date(2026, 1, 1)
    assert npv(flows, rate=high, valuation_date=on, currency="USD", compounding=mode) <= npv(
        flows, rate=low, valuation_date=on, currency="USD", compounding=mode
    )


TERM_TEXTS = [
    "net 30",
    "net 45",
    "net 60",
    "net 90",
    "2/10 net 30",
    "1/10 net 60",
    "30% advance, 70% net 60",
]
costs = st.decimals(min_value=D("0.01"), max_value=D("0.3"), places=3)


@settings(max_examples=100)
@given(
    spends,
    currencies,
    st.sampled_from(TERM_TEXTS),
    st.sampled_from(TERM_TEXTS),
    costs,
    st.one_of(st.none(), costs),
)
def test_break_even_price_increase_makes_net_value_zero_and_the_verdict_flips_there(  # noqa: PLR0917
    spend: Decimal, currency: str, before: str, after: str, cost: Decimal, supplier: Decimal | None
) -> None:
    kwargs = {
        "annual_spend": spend,
        "currency": currency,
        "current": parse_terms(before),
        "proposed": parse_terms(after),
        "cost_of_capital": cost,
        "supplier_cost_of_capital": supplier,
    }
    first = term_change_impact(**kwargs)  # type: ignore[arg-type]
    assume(first.annual_spend > 0)
    break_even = first.break_even_price_increase
    at = term_change_impact(**kwargs, price_increase=break_even)  # type: ignore[arg-type]
    assert at.net_annual_value == 0
    assert at.verdict is TermChangeVerdict.BREAK_EVEN
    step = Decimal(1).scaleb(break_even.as_tuple().exponent)  # one unit in the last place
    wide = decimal.Context(prec=200)
    below = term_change_impact(**kwargs, price_increase=wide.subtract(break_even, step))  # type: ignore[arg-type]
    above = term_change_impact(**kwargs, price_increase=wide.add(break_even, step))  # type: ignore[arg-type]
    assert below.verdict is TermChangeVerdict.PROPOSED_BETTER
    assert above.verdict is TermChangeVerdict.CURRENT_BETTER
    assert below.net_annual_value >= 0 >= above.net_annual_value


@settings(max_examples=200)
@given(discounts, st.integers(0, 60), st.integers(1, 200), modes)
def test_discount_decision_flips_exactly_at_the_break_even(
    rate: Decimal, early: int, gap: int, mode: Compounding
) -> None:
    args = {"rate": rate, "discount_days": early, "net_days": early + gap, "compounding": mode}
    first = should_take_discount(cost_of_capital=D("0.05"), **args)  # type: ignore[arg-type]
    break_even = first.break_even_cost_of_capital
    assert break_even is not None
    wide = decimal.Context(prec=200)
    below = wide.subtract(break_even, D("1e-10"))
    above = wide.add(break_even, D("1e-10"))
    assert should_take_discount(cost_of_capital=below, **args).take  # type: ignore[arg-type]
    assert not should_take_discount(cost_of_capital=break_even, **args).take  # type: ignore[arg-type]
    assert not should_take_discount(cost_of_capital=above, **args).take  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Purity, serialisation, explanations
# ---------------------------------------------------------------------------


def test_results_do_not_depend_on_the_callers_decimal_context() -> None:
    def run() -> tuple[object, ...]:
        return (
            forgone_discount_rate(
                rate=D("0.02"), discount_days=10, net_days=30, compounding="effective"
            ),
            term_change_impact(
                annual_spend=D("123456.78"),
                currency="USD",
                current=parse_terms("2/10 net 30"),
                proposed=parse_terms("net 60 EOM"),
                cost_of_capital=D("0.07"),
                supplier_cost_of_capital=D("0.11"),
            ),
            compare_terms(
                [parse_terms("net 60"), parse_terms("2/30 net 60")], cost_of_capital=D("0.08")
            ),
        )

    expected = run()
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        assert run() == expected


def test_results_round_trip_through_json() -> None:
    impact = term_change_impact(
        annual_spend=D("1000000"),
        currency="EUR",
        current=parse_terms("2/10 net 30"),
        proposed=parse_terms("net 60"),
        cost_of_capital=D("0.08"),
        supplier_cost_of_capital=D("0.1"),
    )
    assert from_json(to_json(impact), type(impact)) == impact
    decision = should_take_discount(parse_terms("net 30"), cost_of_capital=D("0.08"))
    assert from_json(to_json(decision), type(decision)) == decision
    data = json.loads(to_json(impact))
    assert data["verdict"] == "current_better"


# ---------------------------------------------------------------------------
# Input errors
# ---------------------------------------------------------------------------


def test_forgone_rate_input_errors() -> None:
    with pytest.raises(TypeError, match="rate"):
        forgone_discount_rate(rate=0.02, discount_days=10, net_days=30)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="rate must be a finite number"):
        forgone_discount_rate(rate=D("NaN"), discount_days=10, net_days=30)
    with pytest.raises(InvalidInputError, match="rate"):
        forgone_discount_rate(rate=D("-0.02"), discount_days=10, net_days=30)
    with pytest.raises(InvalidInputError, match="below 1"):
        forgone_discount_rate(rate=1, discount_days=10, net_days=30)
    with pytest.raises(InvalidInputError, match="net_days"):
        forgone_discount_rate(rate=D("0.02"), discount_days=30, net_days=30)
    with pytest.raises(InvalidInputError, match="pay_day"):
        forgone_discount_rate(rate=D("0.02"), discount_days=10, net_days=30, pay_day=10)
    with pytest.raises(InvalidInputError, match="discount_days"):
        forgone_discount_rate(rate=D("0.02"), discount_days=-1, net_days=30)
    with pytest.raises(TypeError, match="net_days"):
        forgone_discount_rate(rate=D("0.02"), discount_days=1, net_days=30.0)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="day_basis"):
        forgone_discount_rate(rate=D("0.02"), discount_days=10, net_days=30, day_basis=0)
    with pytest.raises(InvalidInputError, match="compounding must be one of"):
        forgone_discount_rate(rate=D("0.02"), discount_days=10, net_days=30, compounding="daily")
    with pytest.raises(InvalidInputError, match="compounding"):
        forgone_discount_rate(rate=D("0.02"), discount_days=10, net_days=30, compounding=1)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="terms"):
        forgone_discount_rate(rate=D("0.02"), discount_days=10)
    with pytest.raises(InvalidInputError, match="rate must be None"):
        forgone_discount_rate(parse_terms("2/10 net 30"), rate=D("0.02"))
    with pytest.raises(TypeError, match="terms must be PaymentTerms"):
        forgone_discount_rate("2/10 net 30")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="versus"):
        forgone_discount_rate(parse_terms("2/10 net 30"), versus="previous")
    with pytest.raises(InvalidInputError, match="invoice_date"):
        forgone_discount_rate(parse_terms("2/10 net 30"), invoice_date=date(9999, 12, 20))
    with pytest.raises(TypeError, match="invoice_date"):
        forgone_discount_rate(parse_terms("2/10 net 30"), invoice_date="2026-01-01")  # type: ignore[arg-type]


def test_decision_input_errors() -> None:
    args = {"rate": D("0.02"), "discount_days": 10, "net_days": 30}
    with pytest.raises(InvalidInputError, match="day_basis"):
        should_take_discount(
            cost_of_capital=D("0.01"), convention="us_treasury", day_basis=365, **args
        )  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="compounding"):
        should_take_discount(
            cost_of_capital=D("0.01"),
            convention="us_treasury",
            compounding="effective",
            **args,  # type: ignore[arg-type]
        )
    with pytest.raises(InvalidInputError, match="invoice_age_days"):
        should_take_discount(cost_of_capital=D("0.01"), invoice_age_days=3, **args)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="cost_of_capital"):
        should_take_discount(cost_of_capital=D(-1), **args)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cost_of_capital"):
        should_take_discount(cost_of_capital=0.05, **args)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="terms"):
        should_take_discount(cost_of_capital=D("0.05"), rate=D("0.02"))
    with pytest.raises(InvalidInputError, match="discount_days must be None"):
        should_take_discount(
            parse_terms("2/10 net 30"), cost_of_capital=D("0.05"), discount_days=10
        )
    with pytest.raises(InvalidInputError, match="convention"):
        should_take_discount(cost_of_capital=D("0.05"), convention="eu", **args)  # type: ignore[arg-type]


def test_money_input_errors() -> None:
    with pytest.raises(TypeError, match="amount"):
        dynamic_discount(100.0, currency="USD", apr=D("0.1"), days_early=10)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="amount"):
        dynamic_discount(D(-1), currency="USD", apr=D("0.1"), days_early=10)
    with pytest.raises(UnknownCurrencyError):
        dynamic_discount(D(1), currency="usd", apr=D("0.1"), days_early=10)
    with pytest.raises(InvalidInputError, match="annual_spend"):
        term_change_impact(
            annual_spend=D("Infinity"),
            currency="USD",
            current=30,
            proposed=60,
            cost_of_capital=D("0.05"),
        )
    with pytest.raises(InvalidInputError, match="amount"):
        late_payment_interest(
            D(-5),
            currency="USD",
            annual_rate=D("0.05"),
            due_date=date(2026, 1, 1),
            paid_date=date(2026, 2, 1),
        )
    with pytest.raises(TypeError, match="due_date"):
        late_payment_interest(
            D(5),
            currency="USD",
            annual_rate=D("0.05"),
            due_date="2026-01-01",  # type: ignore[arg-type]
            paid_date=date(2026, 2, 1),
        )
    with pytest.raises(InvalidInputError, match="method"):
        late_payment_interest(
            D(5),
            currency="USD",
            annual_rate=D("0.05"),
            due_date=date(2026, 1, 1),
            paid_date=date(2026, 2, 1),
            method="compound",
        )
    with pytest.raises(InvalidInputError, match="reference_rate"):
        eu_statutory_interest_rate(D("NaN"))


# ---------------------------------------------------------------------------
# CLI
# ---------------------------------------------------------------------------


def test_cli_terms_cost_text_and_decisions(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["terms-cost", "2/10 net 30"]) == 0
    out = capsys.readouterr().out
    assert "37.24 % a year simple" in out and "44.59 % effective" in out
    assert cli.main(["terms-cost", "3/10, 2/30, net 60", "--cost-of-capital", "0.08"]) == 0
    out = capsys.readouterr().out
    assert "DiscountDecision" in out and "TERMS.DISCOUNT.TAKE" in out
    assert cli.main(["terms-cost", "net 30"]) == 0
    assert "no early-payment discount" in capsys.readouterr().out


def test_cli_terms_cost_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli.main(
            [
                "terms-cost",
                "2/10 net 30",
                "--json",
                "--cost-of-capital",
                "0.01",
                "--convention",
                "us_treasury",
            ]
        )
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["terms"] == "2/10 net 30"
    assert data["tiers"][0]["simple"] == "0.3724489796"
    assert data["decisions"][0]["convention"] == "us_treasury"
    assert data["decisions"][0]["take"] is True


def test_cli_terms_impact(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "terms-impact",
        "--spend",
        "10000000",
        "--from",
        "net 30",
        "--to",
        "net 90",
        "--cost-of-capital",
        "0.08",
        "--supplier-cost-of-capital",
        "0.12",
        "--currency",
        "USD",
    ]
    assert cli.main(argv) == 0
    assert "TERMS.IMPACT.CURRENT_BETTER" in capsys.readouterr().out
    assert cli.main([*argv, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cash_released"] == "1643835.62"
    assert data["verdict"] == "current_better"


def test_cli_terms_impact_compounding(capsys: pytest.CaptureFixture[str]) -> None:
    # 2/10 net 30 costs 37.24 % a year simple and 44.59 % effective: at a 40 % cost of
    # capital the buyer skips the discount (pays on day 30) under the simple rate and
    # takes it (pays on day 10) under the effective one.
    argv = [
        "terms-impact",
        "--spend",
        "1000000",
        "--from",
        "2/10 net 30",
        "--to",
        "net 60",
        "--cost-of-capital",
        "0.40",
        "--currency",
        "USD",
        "--json",
    ]
    paid_on = {}
    for compounding in ("simple", "effective"):
        assert cli.main([*argv, "--compounding", compounding]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data["compounding"] == compounding
        paid_on[compounding] = Decimal(data["current_days"])
    assert paid_on == {"simple": 30, "effective": 10}


def test_cli_bad_input_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["terms-cost", "2/10 nett 30"]) == 2
    assert "spendrules: error:" in capsys.readouterr().err
    argv = [
        "terms-impact",
        "--spend",
        "-5",
        "--from",
        "net 30",
        "--to",
        "net 90",
        "--cost-of-capital",
        "0.08",
        "--currency",
        "USD",
    ]
    assert cli.main(argv) == 2
    assert "annual_spend" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["terms-cost", "2/10 net 30", "--pay-day", "x"])
    assert exit_info.value.code == 2


def test_cli_demo_shows_a_term_change_verdict(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "== Payment terms: cash-flow impact and discounts ==" in out
    assert "TERMS.IMPACT.CURRENT_BETTER" in out


@pytest.mark.parametrize(
    ("rate", "days"),
    [
        pytest.param(D("0.99"), 1, id="99 % for 1 day: a 741-digit rate"),
        pytest.param(D("0.5"), 1, id="50 % for 1 day"),
        pytest.param(D("0.3"), 7, id="30 % for 7 days"),
        pytest.param(D("0.001"), 365, id="0.1 % for a year"),
    ],
)
def test_effective_rates_are_exact_to_ten_places_at_any_size(rate: Decimal, days: int) -> None:
    """Identity: (1/(1−d))^(365/Δ) − 1 evaluated with 2,000 digits, rounded half even to 10 places."""
    wide = decimal.Context(prec=2000, Emax=10**6, rounding=decimal.ROUND_HALF_EVEN)
    exact_value = wide.subtract(
        wide.power(wide.divide(1, wide.subtract(1, rate)), wide.divide(365, days)), 1
    )
    expected = exact_value.quantize(D("1e-10"), context=decimal.Context(prec=3000))
    assert (
        forgone_discount_rate(rate=rate, discount_days=0, net_days=days, compounding="effective")
        == expected
    )


def test_cli_terms_cost_free_discount(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["terms-cost", "2/30 net 30"]) == 0
    assert "taking it costs nothing" in capsys.readouterr().out
    assert cli.main(["terms-cost", "2/30 net 30", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tiers"][0]["simple"] is None
    assert cli.main(["terms-cost", "2/10 net 30", "--pay-day", "-1"]) == 2
    assert "pay_day" in capsys.readouterr().err


def test_whole_ten_percent_discounts_read_plainly() -> None:
    decision = should_take_discount(
        rate=D("0.1"), discount_days=10, net_days=30, cost_of_capital=D("0.05")
    )
    assert "Take the 10 % discount" in decision.reasons[-1].message
