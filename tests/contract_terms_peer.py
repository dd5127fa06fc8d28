"""Contract cases for the compound due rules (Tryton relative deltas) and the Odoo balance convention."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import payment_terms as pt

from contract_support import Call, Case

relative_deltas = st.builds(
    pt.RelativeDelta,
    day=st.none() | st.integers(1, 31),
    month=st.none() | st.integers(1, 12),
    weekday=st.none() | st.integers(0, 6),
    months=st.integers(0, 24),
    weeks=st.integers(0, 8),
    days=st.integers(0, 120),
)
delta_chains = st.builds(
    pt.DeltaChain, st.lists(relative_deltas, min_size=2, max_size=3).map(tuple)
)
compound_rules = st.one_of(relative_deltas, delta_chains)


@st.composite
def odoo_balance_schedules(draw: st.DrawFn) -> functools.partial[pt.PaymentSchedule]:
    """70 % + a fixed amount + the balance, often more than the total (a negative balance)."""
    terms = pt.PaymentTerms(
        (
            pt.Installment(draw(compound_rules), share=pt.Percent(Decimal(70))),
            pt.Installment(
                pt.NetDays(0),
                share=pt.FixedAmount(draw(st.decimals(1, 900, places=2))),
            ),
            pt.Installment(draw(compound_rules)),
        )
    )
    return functools.partial(
        pt.schedule,
        terms,
        invoice_date=draw(st.dates(date(2000, 1, 1), date(2090, 12, 31))),
        amount=draw(st.decimals(1000, 2000, places=2)),
        currency="EUR",
        balance=pt.BalanceConvention.ODOO,
    )


CASES = [
    Case(pt.RelativeDelta, relative_deltas),
    Case(pt.DeltaChain, delta_chains),
]

CALLS = [Call("payment_terms.schedule balance=odoo", odoo_balance_schedules())]
