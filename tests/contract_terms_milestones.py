"""Contract cases for issue 17 items 1 and 4: milestone events, cash rounding, fixed discounts.

The strategies here also generate the property tests of
``test_terms_milestones.py`` and ``test_terms_cash_rounding.py``.
"""

from __future__ import annotations

import decimal
import functools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from contract_payment_terms import (
    days,
    deadline_rules,
    due_rules,
    plain_rules,
    shares,
    tiers,
)
from spendrules import payment_terms as pt

from contract_support import Call, Case

#: Standard event names, a Basis member, and custom names that are no language's word.
events = st.sampled_from(
    [
        *("order", "shipment", "delivery", "goods_receipt", "acceptance", "invoice"),
        *("invoice_receipt", "commissioning", "handover", "installation"),
    ]
)

fixed_amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=2)
fixed_discounts = st.builds(pt.FixedDiscount, fixed_amounts, deadline_rules)

cash_roundings = st.builds(
    pt.CashRounding,
    st.sampled_from([Decimal("0.05"), Decimal("0.10"), Decimal("1"), Decimal("0.25")]),
    rounding=st.sampled_from(
        [decimal.ROUND_HALF_UP, decimal.ROUND_UP, decimal.ROUND_DOWN, decimal.ROUND_HALF_EVEN]
    ),
    absorb=st.sampled_from(pt.RoundingLine),
)


@st.composite
def installment(draw: st.DrawFn, share: Any, rules: st.SearchStrategy[Any] = due_rules) -> Any:
    """An installment with perhaps an event and either rate tiers or a fixed discount."""
    due = draw(rules)
    event = None if isinstance(due, pt.Advance) else draw(st.none() | events)
    if draw(st.booleans()):
        return pt.Installment(due, share=share, fixed_discount=draw(fixed_discounts), event=event)
    return pt.Installment(due, draw(tiers()), share, event=event)


@st.composite
def milestone_terms(
    draw: st.DrawFn, *, rules: st.SearchStrategy[Any] = due_rules, max_installments: int = 3
) -> pt.PaymentTerms:
    count = draw(st.integers(1, max_installments))
    items = tuple(draw(installment(share, rules)) for share in draw(shares(count)))
    return pt.PaymentTerms(
        items,
        discount_base=draw(st.sampled_from(pt.DiscountBase)),
        basis=draw(st.sampled_from(pt.Basis)),
    )


@st.composite
def milestone_kwargs(draw: st.DrawFn) -> dict[str, Any]:
    """Schedule arguments for terms with events and cash rounding (fixed discounts left out:
    whether one fits its line depends on the amount)."""
    count = draw(st.integers(1, 3))
    items = tuple(
        pt.Installment(
            draw(plain_rules),
            draw(tiers(plain_rules)),
            share,
            event=draw(st.none() | events),
        )
        for share in draw(shares(count))
    )
    chosen = pt.PaymentTerms(items)
    fixed = sum((i.share.amount for i in items if isinstance(i.share, pt.FixedAmount)), Decimal(0))
    amount = draw(st.decimals(min_value=0, max_value=10**6, places=2)) + fixed * 4
    if draw(st.booleans()):
        amount = -amount
    start = draw(days)
    dated = {
        name: start + timedelta(days=draw(st.integers(0, 400)))
        for name in (*chosen.events, "delivery")
    }
    return {
        "terms": chosen,
        "invoice_date": start,
        "amount": amount,
        "currency": draw(st.sampled_from(["USD", "EUR", "CHF", "SEK"])),
        "events": dated,
        "cash_rounding": draw(st.none() | cash_roundings),
    }


CASES = [
    Case(pt.FixedDiscount, fixed_discounts),
    Case(pt.CashRounding, cash_roundings),
]

CALLS = [
    Call(
        "payment_terms.schedule (milestones, cash rounding)",
        milestone_kwargs().map(lambda kw: functools.partial(pt.schedule, **kw)),
    ),
    Call(
        "payment_terms.format_terms (milestones, fixed discounts)",
        st.builds(functools.partial, st.just(pt.format_terms), milestone_terms()),
    ),
    Call(
        "payment_terms.parse_terms (milestones, fixed discounts)",
        st.builds(
            functools.partial, st.just(pt.parse_terms), milestone_terms().map(pt.format_terms)
        ),
    ),
]

__all__ = ["CALLS", "CASES", "cash_roundings", "events", "milestone_kwargs", "milestone_terms"]
