"""Contract cases for the scorecard (spendrules.scorecard)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import policy, scorecard

from contract_support import Call, Case

_AGREED = policy.loads(scorecard.sample_policy_text())
_DATA = {
    "invoices": scorecard.sample_rows(scorecard.InvoiceRow),
    "savings": scorecard.sample_rows(scorecard.SavingsRow),
    "stock": scorecard.sample_rows(scorecard.StockRow),
    "budget": scorecard.sample_rows(scorecard.BudgetRow),
    "balances": scorecard.sample_rows(scorecard.BalanceRow),
}
_amounts = st.decimals(min_value=0, max_value=10**9, places=2)
_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))
_names = st.sampled_from(["raw materials", "spares", "A-1"])


@st.composite
def scorecard_calls(draw: st.DrawFn) -> Callable[[], scorecard.Scorecard]:
    chosen = draw(st.sets(st.sampled_from(sorted(_DATA))))
    start = draw(st.sampled_from([date(2027, 1, 1), date(2027, 4, 1), date(2026, 12, 1)]))
    end = draw(st.sampled_from([date(2027, 6, 30), date(2027, 12, 31)]))
    return functools.partial(
        scorecard.build_scorecard,
        policy=_AGREED,
        period=(start, end),
        **{name: _DATA[name] for name in chosen},
    )


@st.composite
def invoices(draw: st.DrawFn) -> scorecard.InvoiceRow:
    offered = draw(_amounts)
    day = draw(_days)
    return scorecard.InvoiceRow(
        reference="INV-1",
        supplier=draw(_names),
        invoice_date=day,
        due_date=day + timedelta(days=30),
        paid_date=draw(st.one_of(st.none(), _days)),
        amount=draw(_amounts),
        currency="EUR",
        with_po=draw(st.booleans()),
        on_contract=draw(st.booleans()),
        preferred=draw(st.booleans()),
        discount_offered=offered,
        discount_taken=draw(st.decimals(min_value=0, max_value=offered, places=2)),
        late_interest=draw(_amounts),
    )


@st.composite
def savings(draw: st.DrawFn) -> scorecard.SavingsRow:
    kind = draw(st.sampled_from(["hard", "avoidance", "increase"]))
    return scorecard.SavingsRow(
        reference="SAV-1",
        category=draw(_names),
        kind=kind,
        date=draw(_days),
        currency="EUR",
        negotiated=Decimal(0) if kind == "increase" else draw(_amounts),
        realised=draw(_amounts),
    )


@st.composite
def budgets(draw: st.DrawFn) -> scorecard.BudgetRow:
    requests = draw(st.integers(min_value=0, max_value=100))
    blocked = draw(st.integers(min_value=0, max_value=requests))
    return scorecard.BudgetRow(
        start=draw(_days),
        currency="EUR",
        phased=draw(_amounts),
        actual=draw(_amounts),
        orders=draw(_amounts),
        forecast=draw(_amounts),
        requests=requests,
        blocked=blocked,
        overridden=draw(st.integers(min_value=0, max_value=blocked)),
    )


@st.composite
def balances(draw: st.DrawFn) -> scorecard.BalanceRow:
    start = draw(_days)
    positive = st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2)
    return scorecard.BalanceRow(
        start=start,
        end=start + timedelta(days=draw(st.integers(min_value=0, max_value=400))),
        currency="EUR",
        payables=draw(_amounts),
        inventory=draw(_amounts),
        receivables=draw(_amounts),
        cost_of_sales=draw(positive),
        revenue=draw(positive),
    )


def _stock_rows(draw_amounts: st.SearchStrategy[Decimal]) -> st.SearchStrategy[scorecard.StockRow]:
    return st.builds(
        scorecard.StockRow,
        sku=st.just("SKU-1"),
        category=_names,
        currency=st.just("EUR"),
        committed=draw_amounts,
        obsolete=draw_amounts,
        safety=draw_amounts,
        cycle=draw_amounts,
        excess=draw_amounts,
        reserve=draw_amounts,
    )


CASES = [
    Case(scorecard.Scorecard, scorecard_calls().map(lambda call: call())),
    Case(scorecard.InvoiceRow, invoices()),
    Case(scorecard.SavingsRow, savings()),
    Case(scorecard.StockRow, _stock_rows(_amounts)),
    Case(scorecard.BudgetRow, budgets()),
    Case(scorecard.BalanceRow, balances()),
    Case(
        scorecard.SavingsBridge,
        st.builds(
            scorecard.SavingsBridge,
            procurement=_amounts,
            steps=st.lists(
                st.builds(scorecard.BridgeStep, label=_names, amount=_amounts), max_size=3
            ).map(tuple),
            finance=_amounts,
        ),
    ),
    Case(scorecard.BridgeStep, st.builds(scorecard.BridgeStep, label=_names, amount=_amounts)),
    Case(
        scorecard.StockCategory,
        st.builds(
            scorecard.StockCategory,
            category=_names,
            committed=_amounts,
            obsolete=_amounts,
            safety=_amounts,
            cycle=_amounts,
            excess=_amounts,
        ),
    ),
    Case(
        scorecard.BudgetMonth,
        st.builds(
            scorecard.BudgetMonth, start=_days, phased=_amounts, actual=_amounts, orders=_amounts
        ),
    ),
    Case(
        scorecard.WorkingCapitalPoint,
        st.builds(
            scorecard.WorkingCapitalPoint,
            start=_days,
            end=_days,
            dpo=_amounts,
            dio=_amounts,
            dso=_amounts,
            ccc=_amounts,
        ),
    ),
    Case(
        scorecard.DiscountMonth,
        st.builds(scorecard.DiscountMonth, month=_days, offered=_amounts, taken=_amounts),
    ),
]

CALLS = [Call("scorecard", scorecard_calls())]
