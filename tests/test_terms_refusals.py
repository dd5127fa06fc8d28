"""The economics refuse what they cannot count, instead of ignoring it (issue 17 follow-ups).

The discount decisions, the term comparison and the term-change impact count
days from the terms' baseline and take discounts as rates: an installment
that counts from a milestone event (its date is not known to them) or a
fixed-amount discount (a rate only for a given amount) is refused, naming the
installment's field. Where the thing changes nothing computed (a discount
never taken; the late-payment directive's payment days) it is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from spendrules.errors import InvalidInputError
from spendrules.payment_terms import (
    DiscountTier,
    FixedDiscount,
    Installment,
    NetDays,
    PaymentTerms,
    Percent,
    check_late_payment_directive,
    compare_terms,
    effective_payment_days,
    forgone_discount_rate,
    parse_terms,
    should_take_discount,
    term_change_impact,
)

D = Decimal

#: 50 % on order, the rest 2/10 net 30 (after the invoice).
ON_ORDER = PaymentTerms(
    (
        Installment(NetDays(0), share=Percent(D(50)), event="order"),
        Installment(NetDays(30), discounts=(DiscountTier(D("0.02"), NetDays(10)),)),
    )
)
#: 50.00 off if paid within 10 days, net 30 (ERPNext discount type "Amount").
FIXED_OFF = PaymentTerms(
    (Installment(NetDays(30), fixed_discount=FixedDiscount(D(50), NetDays(10))),)
)

CALLS: dict[str, Callable[[PaymentTerms], Any]] = {
    "forgone_discount_rate": forgone_discount_rate,
    "should_take_discount": lambda terms: should_take_discount(terms, cost_of_capital=D("0.1")),
    "effective_payment_days(always)": lambda terms: effective_payment_days(
        terms, take_discounts="always"
    ),
    "compare_terms": lambda terms: compare_terms([terms], cost_of_capital=D("0.1")),
    "term_change_impact(current)": lambda terms: term_change_impact(
        annual_spend=D(1000),
        currency="USD",
        current=terms,
        proposed=parse_terms("net 60"),
        cost_of_capital=D("0.1"),
    ),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize(
    ("terms", "suffix", "words"),
    [
        pytest.param(ON_ORDER, "installments[0].event", "milestone event", id="event"),
        pytest.param(
            FIXED_OFF, "installments[0].fixed_discount", "rate only for a given amount", id="fixed"
        ),
    ],
)
def test_the_economics_refuse_events_and_fixed_discounts(
    call: Callable[[PaymentTerms], Any], terms: PaymentTerms, suffix: str, words: str
) -> None:
    with pytest.raises(InvalidInputError, match=words) as caught:
        call(terms)
    assert caught.value.field.endswith(suffix)
    assert caught.value.field.split(".")[0] in {"terms", "current"}


def test_the_late_payment_directive_refuses_events_but_not_fixed_discounts() -> None:
    with pytest.raises(InvalidInputError, match="milestone event") as caught:
        check_late_payment_directive(ON_ORDER)
    assert caught.value.field == "terms.installments[0].event"
    # A discount changes no payment day: 30 days, as for plain "net 30".
    assert check_late_payment_directive(FIXED_OFF).payment_days == 30


def test_a_fixed_discount_never_taken_changes_no_day() -> None:
    assert effective_payment_days(FIXED_OFF) == effective_payment_days(parse_terms("net 30"))
    with pytest.raises(InvalidInputError) as caught:
        effective_payment_days(ON_ORDER)
    assert caught.value.field == "terms.installments[0].event"
