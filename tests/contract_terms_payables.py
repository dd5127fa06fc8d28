"""Contract cases for payables turnover (spendrules.payment_terms.payables_turnover)."""

from __future__ import annotations

import functools
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import payment_terms as pt

from contract_support import Call, Case

balances = st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2)
costs = st.decimals(min_value=Decimal("0.01"), max_value=10**10, places=2)


@st.composite
def turnover_calls(draw: st.DrawFn) -> functools.partial[pt.PayablesTurnover]:
    opening = draw(st.one_of(st.none(), balances))
    return functools.partial(
        pt.payables_turnover,
        draw(balances),
        cost_of_sales=draw(costs),
        period_days=draw(st.sampled_from([90, 360, 365])),
        method="period_end" if opening is None else "average",
        opening_payables=opening,
    )


CASES = [Case(pt.PayablesTurnover, turnover_calls().map(lambda call: call()))]

CALLS = [Call("payment_terms.payables_turnover", turnover_calls())]
