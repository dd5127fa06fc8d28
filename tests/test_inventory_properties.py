"""Hypothesis properties of spendrules.inventory (issue 6, "Done means")."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spendrules import inventory as inv
from spendrules.inventory import CostLayer, Demand, LeadTime, Lot, StockPolicy, TimeUnit
from spendrules.money import quantize

AS_OF = date(2026, 3, 31)


def decimals(low: str | int, high: str | int, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(low),
        max_value=Decimal(high),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


on_hands = decimals(0, 100_000, 4)
targets = decimals(0, 20_000, 4)
lots_sizes = decimals(0, 20_000, 3)
costs = decimals(0, 1_000, 4)
rates = decimals(0, 1, 3)
demands = st.builds(
    Demand, mean=decimals("0.01", 500, 3), sd=decimals(0, 200, 3), period=st.sampled_from(TimeUnit)
)
policies = st.builds(
    StockPolicy,
    safety_stock=targets,
    order_quantity=lots_sizes,
    order_multiple=st.none() | decimals(1, 100, 0),
    minimum_order=decimals(0, 500, 0),
)
currencies = st.sampled_from(["USD", "JPY", "BHD", "EUR"])


@st.composite
def split_inputs(draw: st.DrawFn) -> dict[str, object]:
    on_hand = draw(on_hands)
    lot_list = draw(
        st.lists(
            st.builds(
                Lot,
                quantity=decimals(0, 500, 2),
                expiry=st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31)),
            ),
            max_size=4,
        )
    )
    assume(sum((lot.quantity for lot in lot_list), Decimal(0)) <= on_hand)
    return {
        "on_hand": on_hand,
        "policy": draw(policies),
        "demand": draw(demands),
        "currency": draw(currencies),
        "unit_cost": draw(costs),
        "holding_rate": draw(rates),
        "committed": draw(decimals(0, 5_000, 2)),
        "on_order": draw(decimals(0, 5_000, 2)),
        "lots": tuple(lot_list),
        "end_of_life": draw(st.booleans()),
        "last_consumption": draw(st.none() | st.dates(min_value=date(2024, 1, 1), max_value=AS_OF)),
    }


def classify(inputs: dict[str, object], **changes: object) -> inv.StockSplit:
    kwargs = {**inputs, **changes}
    on_hand = kwargs.pop("on_hand")
    return inv.classify_on_hand(on_hand, as_of=AS_OF, **kwargs)  # type: ignore[arg-type]


@settings(max_examples=200)
@given(split_inputs())
def test_buckets_are_never_negative_and_sum_exactly_to_on_hand(inputs: dict[str, object]) -> None:
    split = classify(inputs)
    assert all(b.quantity >= 0 for b in split.buckets)
    assert sum(b.quantity for b in split.buckets) == inputs["on_hand"]
    # to the cent, against the on-hand value and its carrying cost rounded once
    on_hand_value = inputs["on_hand"] * inputs["unit_cost"]  # type: ignore[operator]
    currency = inputs["currency"]
    assert isinstance(currency, str)
    assert sum(b.value for b in split.buckets) == quantize(on_hand_value, currency)
    assert sum(b.annual_carrying_cost for b in split.buckets) == quantize(
        on_hand_value * inputs["holding_rate"], currency
    )
    assert split.value == quantize(on_hand_value, currency)
    assert all(b.value >= 0 and b.annual_carrying_cost >= 0 for b in split.buckets)
    assert split.excess_on_order >= 0 and split.shortage == 0


@settings(max_examples=200)
@given(
    split_inputs(),
    st.lists(st.tuples(decimals(0, 5_000, 2), costs), min_size=1, max_size=5),
)
def test_fifo_layer_values_sum_exactly_to_the_layers(
    inputs: dict[str, object], rows: list[tuple[Decimal, Decimal]]
) -> None:
    layers = tuple(CostLayer(quantity, cost) for quantity, cost in rows)
    on_hand = sum((layer.quantity for layer in layers), Decimal(0))
    assume(sum((lot.quantity for lot in inputs["lots"]), Decimal(0)) <= on_hand)  # type: ignore[attr-defined]
    split = classify(inputs, on_hand=on_hand, unit_cost=None, cost_layers=layers)
    currency = inputs["currency"]
    assert isinstance(currency, str)
    layer_value = sum((layer.quantity * layer.unit_cost for layer in layers), Decimal(0))
    assert sum(b.value for b in split.buckets) == quantize(layer_value, currency)
    assert sum(b.annual_carrying_cost for b in split.buckets) == quantize(
        layer_value * inputs["holding_rate"], currency
    )
    assert all(b.value >= 0 for b in split.buckets)


@settings(max_examples=100)
@given(split_inputs(), decimals(-10_000, "-0.0001", 4))
def test_negative_on_hand_is_a_shortage_never_negative_buckets(
    inputs: dict[str, object], on_hand: Decimal
) -> None:
    split = classify({**inputs, "lots": ()}, on_hand=on_hand)
    assert split.shortage == -on_hand
    assert all(b.quantity == 0 and b.value == 0 for b in split.buckets)


@settings(max_examples=200)
@given(split_inputs())
def test_no_excess_within_safety_plus_cycle_allowance(inputs: dict[str, object]) -> None:
    policy = inputs["policy"]
    assert isinstance(policy, StockPolicy)
    lots = inputs["lots"]
    assert isinstance(lots, tuple)
    on_hand = inputs["on_hand"]
    assert isinstance(on_hand, Decimal)
    in_lots = sum((lot.quantity for lot in lots), Decimal(0))
    within = max(in_lots, min(on_hand, policy.safety_stock + policy.cycle_allowance))
    assume(within <= policy.safety_stock + policy.cycle_allowance)
    assert classify(inputs, on_hand=within).excess.quantity == 0


@settings(max_examples=200)
@given(split_inputs(), targets)
def test_raising_the_safety_target_only_moves_stock_into_safety(
    inputs: dict[str, object], extra: Decimal
) -> None:
    before = classify(inputs)
    policy = inputs["policy"]
    assert isinstance(policy, StockPolicy)
    raised = StockPolicy(
        policy.safety_stock + extra,
        policy.order_quantity,
        order_multiple=policy.order_multiple,
        minimum_order=policy.minimum_order,
    )
    after = classify(inputs, policy=raised)
    assert after.committed.quantity == before.committed.quantity
    assert after.obsolete.quantity == before.obsolete.quantity
    assert after.safety.quantity >= before.safety.quantity
    assert after.cycle.quantity <= before.cycle.quantity
    assert after.excess.quantity <= before.excess.quantity
    moved = after.safety.quantity - before.safety.quantity
    assert moved == (before.cycle.quantity - after.cycle.quantity) + (
        before.excess.quantity - after.excess.quantity
    )
    assert moved <= extra


@settings(max_examples=200)
@given(split_inputs())
def test_a_sku_with_no_demand_is_all_obsolete(inputs: dict[str, object]) -> None:
    split = classify(inputs, demand=Demand(0), committed=Decimal(0))
    assert split.obsolete.quantity == inputs["on_hand"]
    assert split.safety.quantity == split.cycle.quantity == split.excess.quantity == 0
    assert split.months_of_supply is None


@settings(max_examples=200)
@given(
    st.builds(Demand, mean=decimals(0, 500, 3), sd=decimals(0, 200, 3)),
    st.builds(LeadTime, mean=decimals(0, 60, 2), sd=decimals(0, 10, 2)),
    decimals("0.01", "0.99", 4),
    decimals("0.01", "0.99", 4),
)
def test_safety_stock_rises_with_service_level(
    demand: Demand, lead_time: LeadTime, first: Decimal, second: Decimal
) -> None:
    low, high = sorted((first, second))
    lower = inv.safety_stock(demand, lead_time, service_level=low)
    higher = inv.safety_stock(demand, lead_time, service_level=high)
    assert higher.quantity >= lower.quantity
    assert higher.cycle_service_level >= high or higher.sigma == 0 or high < Decimal("0.5")


@settings(max_examples=200)
@given(
    st.builds(Demand, mean=decimals(0, 500, 3), sd=decimals(0, 200, 3)),
    decimals(0, 60, 2),
    decimals(0, 60, 2),
    decimals(0, 10, 2),
    decimals("0.5", "0.99", 4),
)
def test_safety_stock_rises_with_lead_time(
    demand: Demand, first: Decimal, second: Decimal, spread: Decimal, level: Decimal
) -> None:
    short, long = sorted((first, second))
    shorter = inv.safety_stock(demand, LeadTime(short, spread), service_level=level)
    longer = inv.safety_stock(demand, LeadTime(long, spread), service_level=level)
    assert longer.quantity >= shorter.quantity


@settings(max_examples=100)
@given(
    st.builds(Demand, mean=decimals(1, 500, 3), sd=decimals("0.1", 200, 3)),
    st.builds(LeadTime, mean=decimals("0.5", 30, 1)),
    decimals(1, 5_000, 0),
    decimals("0.5", "0.999", 3),
    decimals("0.5", "0.999", 3),
)
def test_fill_rate_safety_stock_is_monotone_and_meets_its_target(
    demand: Demand, lead_time: LeadTime, lot: Decimal, first: Decimal, second: Decimal
) -> None:
    low, high = sorted((first, second))
    lower = inv.safety_stock(demand, lead_time, fill_rate=low, order_quantity=lot)
    higher = inv.safety_stock(demand, lead_time, fill_rate=high, order_quantity=lot)
    assert higher.quantity >= lower.quantity
    assert higher.fill_rate is not None and higher.fill_rate >= high - Decimal("1e-9")


@settings(max_examples=100)
@given(
    decimals(0, 30, 2),
    st.integers(0, 20),
    decimals("0.01", "0.99", 3),
)
def test_poisson_level_is_the_smallest_that_meets_the_target(
    mean: Decimal, lead: int, level: Decimal
) -> None:
    ss = inv.safety_stock(
        Demand(mean, distribution=inv.Distribution.POISSON), LeadTime(lead), service_level=level
    )
    whole = int(ss.level)
    assert ss.level == whole
    if "INVENTORY.SAFETY.FLOOR" not in [r.code for r in ss.reasons]:
        assert inv.poisson_cdf(whole, mean * lead) >= level
        assert whole == 0 or inv.poisson_cdf(whole - 1, mean * lead) < level


@settings(max_examples=200)
@given(
    on_hands,
    decimals("0.01", 500, 3),
    decimals("0.01", 500, 3),
    costs,
    policies,
)
def test_reserve_never_falls_as_months_of_supply_grow(
    on_hand: Decimal, first: Decimal, second: Decimal, unit_cost: Decimal, policy: StockPolicy
) -> None:
    table = inv.ReserveTable(
        inv.ReserveBasis.MONTHS_OF_SUPPLY,
        (
            inv.ReserveStep(0, 0),
            inv.ReserveStep(6, Decimal("0.2")),
            inv.ReserveStep(12, Decimal("0.5")),
            inv.ReserveStep(24, 1),
        ),
    )
    high_demand, low_demand = sorted((first, second), reverse=True)
    reserves = []
    for mean in (high_demand, low_demand):
        split = inv.classify_on_hand(
            on_hand,
            policy=policy,
            demand=Demand(mean, period=TimeUnit.MONTH),
            currency="USD",
            as_of=AS_OF,
            unit_cost=unit_cost,
        )
        for scope in inv.ReserveScope:
            reserves.append(
                (
                    scope,
                    split.months_of_supply,
                    inv.excess_and_obsolete_reserve(split, table=table, scope=scope).total,
                )
            )
    for scope in inv.ReserveScope:
        (_, mos_a, total_a), (_, mos_b, total_b) = [r for r in reserves if r[0] is scope]
        assert mos_a is not None and mos_b is not None and mos_a <= mos_b
        assert total_a <= total_b


@settings(max_examples=200)
@given(
    st.lists(decimals(0, 100, 2), min_size=1, max_size=6).map(sorted),
    decimals(0, 50, 2),
    decimals(0, 50, 2),
)
def test_reserve_table_rate_is_monotone(
    thresholds: list[Decimal], first: Decimal, second: Decimal
) -> None:
    unique = sorted(set(thresholds))
    steps = tuple(inv.ReserveStep(t, Decimal(i) / len(unique)) for i, t in enumerate(unique))
    table = inv.ReserveTable(inv.ReserveBasis.AGE_DAYS, steps)
    low, high = sorted((first, second))
    assert table.rate_for(low) <= table.rate_for(high)


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.integers(0, 400), decimals(-50, 80, 1), decimals(0, 20, 2)),
        max_size=25,
    ),
    currencies,
)
def test_fifo_ageing_conserves_quantity_and_value(
    rows: list[tuple[int, Decimal, Decimal]], currency: str
) -> None:
    moves = [inv.StockMovement(AS_OF - timedelta(days=d), q, c) for d, q, c in rows]
    profile = inv.fifo_age_buckets(moves, as_of=AS_OF, currency=currency)
    held = sum((s.quantity for s in profile.slots), Decimal(0))
    assert sum(b.quantity for b in profile.buckets) == held
    assert all(s.quantity > 0 for s in profile.slots)
    assert profile.negative_balance >= 0
    assert profile.quantity == held - profile.negative_balance
    assert sum(b.value for b in profile.buckets if b.value is not None) == profile.value
    ages = [s.age_days for s in profile.slots]
    assert ages == sorted(ages, reverse=True)  # FIFO queue: oldest first


@settings(max_examples=200)
@given(st.lists(st.tuples(st.integers(0, 400), decimals(0, 80, 1)), max_size=25))
def test_fifo_ageing_without_issues_keeps_every_receipt(rows: list[tuple[int, Decimal]]) -> None:
    moves = [inv.StockMovement(AS_OF - timedelta(days=d), q) for d, q in rows]
    profile = inv.fifo_age_buckets(moves, as_of=AS_OF)
    assert profile.quantity == sum((q for _, q in rows), Decimal(0))


@settings(max_examples=200)
@given(decimals("0.0001", "0.9999", 4))
def test_z_and_service_level_are_inverse(level: Decimal) -> None:
    z = inv.z_for_service_level(level)
    assert abs(inv.service_level_for_z(z) - level) < Decimal("1e-13")


@settings(max_examples=200)
@given(decimals(-8, 8, 4))
def test_loss_and_its_inverse(z: Decimal) -> None:
    loss = inv.standard_normal_loss(z)
    assert loss > 0
    assert abs(inv.inverse_standard_normal_loss(loss) - z) < Decimal("1e-6")
    # G(z) − G(−z) = −z (standard identity)
    assert abs(loss - inv.standard_normal_loss(-z) + z) < Decimal("1e-12")


@settings(max_examples=200)
@given(
    st.tuples(
        decimals(-50, 100, 1),
        decimals(0, 50, 0),
        decimals(0, 60, 0),
        st.none() | decimals(1, 12, 0),
        decimals(0, 30, 0),
        st.sampled_from(inv.Trigger),
    )
)
def test_replenishment_reaches_max_when_rounding_up(
    case: tuple[Decimal, Decimal, Decimal, Decimal | None, Decimal, inv.Trigger],
) -> None:
    position, minimum, extra, multiple, moq, trigger = case
    result = inv.replenishment_quantity(
        position,
        minimum=minimum,
        maximum=minimum + extra,
        multiple=multiple,
        minimum_order=moq,
        trigger=trigger,
    )
    if result.triggered and result.need > 0:
        assert result.resulting_position >= result.maximum
        assert result.quantity >= moq
        if multiple is not None:
            assert result.quantity % multiple == 0
    else:
        assert result.quantity == 0


@settings(max_examples=100)
@given(decimals(1, 100_000, 0), decimals("0.01", 500, 2), decimals("0.01", 50, 2))
def test_eoq_is_the_bottom_of_its_cost_curve(
    demand: Decimal, order_cost: Decimal, holding: Decimal
) -> None:
    eoq = inv.economic_order_quantity(
        demand, order_cost=order_cost, holding_cost=holding, currency="USD"
    )
    assert all(
        point.annual_relevant_cost >= eoq.annual_relevant_cost - Decimal("0.01")
        for point in eoq.curve
    )
    assert eoq.annual_ordering_cost + eoq.annual_holding_cost == eoq.annual_relevant_cost
