"""Contract cases for the shared KPIs (spendrules.kpis)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import kpis

from contract_support import Call, Case

amounts = st.decimals(min_value=0, max_value=10**9, places=2)
positive_amounts = st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2)
targets = st.one_of(st.none(), st.decimals(min_value=0, max_value=500, places=2))
period_days = st.integers(min_value=1, max_value=400)


@st.composite
def periods(draw: st.DrawFn) -> kpis.KpiPeriod:
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
    days = draw(period_days)
    if draw(st.booleans()):
        return kpis.KpiPeriod(days=days)
    return kpis.KpiPeriod.between(start, start + timedelta(days=days - 1))


@st.composite
def kpi_calls(draw: st.DrawFn) -> Callable[[], kpis.Kpi]:
    target = draw(targets)
    whole = draw(positive_amounts)
    part = draw(st.decimals(min_value=0, max_value=whole, places=2))
    choices: list[Callable[[], kpis.Kpi]] = [
        functools.partial(
            kpis.dio,
            draw(amounts),
            cost_of_sales=whole,
            period=draw(st.one_of(period_days, periods())),
            target=target,
        ),
        functools.partial(
            kpis.dpo,
            draw(amounts),
            cost_of_sales=whole,
            basis="average",
            opening_payables=draw(amounts),
            target=target,
        ),
        functools.partial(
            kpis.dpo, view="terms_weighted", spend_by_terms=[(whole, draw(period_days))]
        ),
        functools.partial(kpis.cash_conversion_cycle, dio=part, dso=whole, dpo=part, target=target),
        functools.partial(
            kpis.discount_capture_rate, part, discounts_offered=whole, currency="EUR", target=target
        ),
        functools.partial(kpis.maverick_spend_share, part, total_spend=whole, target=target),
        functools.partial(
            kpis.forecast_variance, part, forecast=whole, currency="JPY", target=target
        ),
        functools.partial(
            kpis.budget_utilisation, part, budget=whole, orders=part, through="order"
        ),
        functools.partial(kpis.carrying_cost, whole, carrying_rate=Decimal("0.25"), currency="BHD"),
    ]
    return draw(st.sampled_from(choices))


CASES = [
    Case(kpis.Kpi, kpi_calls().map(lambda call: call())),
    Case(kpis.KpiPeriod, periods()),
    Case(kpis.Figure, st.builds(kpis.Figure, name=st.sampled_from(["a", "b"]), value=amounts)),
]

CALLS = [Call("kpis", kpi_calls())]
