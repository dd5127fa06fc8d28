"""Properties of spendrules.kpis: the identities between KPIs and the bounds of shares."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import contract_kpis
from spendrules import kpis
from spendrules import payment_terms as pt
from spendrules.kpis import Direction, Kpi, KpiUnit

D = Decimal
amounts = st.decimals(min_value=0, max_value=10**9, places=2)
positive = st.decimals(min_value=Decimal("0.01"), max_value=10**9, places=2)
days = st.integers(min_value=1, max_value=400)


@settings(max_examples=60)
@given(
    inventory=amounts,
    receivables=amounts,
    payables=amounts,
    cost=positive,
    revenue=positive,
    period=days,
)
def test_ccc_is_dio_plus_dso_minus_dpo(
    *,
    inventory: Decimal,
    receivables: Decimal,
    payables: Decimal,
    cost: Decimal,
    revenue: Decimal,
    period: int,
) -> None:
    dio = kpis.dio(inventory, cost_of_sales=cost, period=period)
    dso = kpis.dso(receivables=receivables, revenue=revenue, period=period)
    dpo = kpis.dpo(payables, cost_of_sales=cost, period=period)
    ccc = kpis.cash_conversion_cycle(dio=dio, dso=dso, dpo=dpo)
    assert ccc.value == dio.value + dso.value - dpo.value
    assert ccc.figure("operating_cycle") == dio.value + dso.value
    # DPO is payment_terms' number, unchanged.
    assert dpo.value == pt.days_payable_outstanding(
        payables, cost_of_sales=cost, period_days=period
    )


def _within_rounding(turnover: Decimal, days_figure: Decimal, period: int) -> bool:
    """turnover × days = period days, up to the half-units the two roundings allow."""
    slack = D("0.005") * (turnover + days_figure + D("0.01")) + D("0.000025")
    return abs(turnover * days_figure - period) <= slack


@settings(max_examples=60)
@given(balance=positive, cost=positive, period=days, average=st.booleans(), opening=positive)
def test_turnover_times_days_is_the_period(
    balance: Decimal, cost: Decimal, period: int, average: bool, opening: Decimal
) -> None:
    options: dict[str, object] = {"cost_of_sales": cost, "period": period}
    if average:
        options.update(basis="average")
    stock = kpis.inventory_turnover(
        balance, opening_inventory=opening if average else None, **options
    )  # type: ignore[arg-type]
    payables = kpis.payables_turnover(
        balance, opening_payables=opening if average else None, **options
    )  # type: ignore[arg-type]
    for result in (stock, payables):
        assert _within_rounding(result.value, result.figure("days"), period)
    # The days figure of inventory turnover is the DIO of the same inputs.
    dio = kpis.dio(balance, opening_inventory=opening if average else None, **options)  # type: ignore[arg-type]
    assert stock.figure("days") == dio.value


@st.composite
def share_calls(draw: st.DrawFn) -> Callable[[], Kpi]:
    whole = draw(positive)
    part = draw(st.decimals(min_value=0, max_value=whole, places=2))
    count = draw(st.integers(min_value=1, max_value=10**6))
    counted = draw(st.integers(min_value=0, max_value=count))
    calls: list[Callable[[], Kpi]] = [
        lambda: kpis.discount_capture_rate(part, discounts_offered=whole, currency="USD"),
        lambda: kpis.on_time_payment_rate(counted, paid=count),
        lambda: kpis.on_time_payment_rate(part, paid=whole, weighting="value"),
        lambda: kpis.cost_avoidance_share(part, hard_savings=whole),
        lambda: kpis.spend_under_management(part, total_spend=whole),
        lambda: kpis.maverick_spend_share(part, total_spend=whole),
        lambda: kpis.preferred_supplier_share(part, total_spend=whole),
        lambda: kpis.po_compliance(counted, invoices=count),
        lambda: kpis.excess_obsolete_share(part / 2, obsolete_value=part / 2, stock_value=whole),
        lambda: kpis.service_level(counted, demanded=count, measure="cycle"),
        lambda: kpis.blocked_request_share(counted, requests=count),
        lambda: kpis.overridden_request_share(counted, requests=count),
    ]
    return draw(st.sampled_from(calls))


@settings(max_examples=100)
@given(call=share_calls())
def test_shares_are_between_zero_and_one(call: Callable[[], Kpi]) -> None:
    result = call()
    assert result.unit is KpiUnit.SHARE
    assert 0 <= result.value <= 1


@settings(max_examples=60)
@given(
    value=st.decimals(min_value=0, max_value=1, places=2),
    target=st.decimals(min_value=0, max_value=1, places=2),
    direction=st.sampled_from(list(Direction)),
)
def test_on_target_follows_the_direction(
    value: Decimal, target: Decimal, direction: Direction
) -> None:
    result = kpis.service_level(value, demanded=1, target=target, direction=direction)
    expected = {
        Direction.HIGHER_IS_BETTER: value >= target,
        Direction.LOWER_IS_BETTER: value <= target,
        Direction.NEARER_ZERO_IS_BETTER: abs(value) <= target,
    }[direction]
    assert result.on_target is expected
    assert result.reasons[-1].code == ("KPI.TARGET_MET" if expected else "KPI.TARGET_MISSED")


@settings(max_examples=40)
@given(realised=amounts, negotiated=positive)
def test_realisation_and_leakage_add_up(realised: Decimal, negotiated: Decimal) -> None:
    result = kpis.savings_realisation(realised, negotiated=negotiated, currency="EUR")
    assert result.figure("leakage") == negotiated - realised
    assert result.value + result.figure("leakage_share") == 1


def test_every_public_kpi_type_has_a_contract_case() -> None:
    registered = {case.type for case in contract_kpis.CASES}
    public = {
        obj
        for name in kpis.__all__
        if isinstance(obj := getattr(kpis, name), type) and attrs.has(obj)
    }
    assert public == registered
