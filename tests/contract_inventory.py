"""Contract cases for spendrules.inventory: every public attrs class and every rule."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

from spendrules import inventory as inv

from contract_support import Call, Case

AS_OF = date(2026, 3, 31)


def _dec(low: str | int, high: str | int, places: int) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(low),
        max_value=Decimal(high),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


quantities = _dec(0, 100_000, 3)
small = _dec(0, 500, 2)
prices = _dec(0, 1_000, 2)
probabilities = _dec("0.01", "0.99", 3)
rates = _dec(0, 1, 2)
z_values = _dec(-4, 4, 3)
currencies = st.sampled_from(["USD", "EUR", "JPY", "BHD"])
units = st.sampled_from(inv.TimeUnit)
days = st.dates(min_value=date(2024, 1, 1), max_value=AS_OF)

normal_demands = st.builds(
    inv.Demand,
    mean=small,
    sd=small,
    period=units,
    pattern=st.none() | st.sampled_from(inv.DemandPattern),
)
poisson_demands = st.builds(
    inv.Demand,
    mean=_dec(0, 60, 2),
    period=st.just(inv.TimeUnit.DAY),
    distribution=st.just(inv.Distribution.POISSON),
)
lead_times = st.builds(inv.LeadTime, mean=_dec(0, 30, 1), sd=_dec(0, 5, 1), period=units)
fixed_lead_times = st.builds(inv.LeadTime, mean=_dec(0, 10, 0), period=st.just(inv.TimeUnit.DAY))
policies = st.builds(
    inv.StockPolicy,
    safety_stock=small,
    order_quantity=small,
    order_multiple=st.none() | _dec(1, 50, 0),
    minimum_order=_dec(0, 100, 0),
)
lots = st.builds(
    inv.Lot,
    quantity=_dec(0, 50, 1),
    expiry=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 1, 1)),
)
layers = st.builds(inv.CostLayer, quantity=_dec(0, 100, 1), unit_cost=prices)
steps_mos = st.just(
    (inv.ReserveStep(0, 0), inv.ReserveStep(8, Decimal("0.15")), inv.ReserveStep(12, 1))
)
tables = st.builds(
    inv.ReserveTable, basis=st.just(inv.ReserveBasis.MONTHS_OF_SUPPLY), steps=steps_mos
)
age_tables = st.just(
    inv.ReserveTable(
        inv.ReserveBasis.AGE_DAYS,
        (inv.ReserveStep(0, 0), inv.ReserveStep(180, Decimal("0.25")), inv.ReserveStep(365, 1)),
    )
)
movements = st.builds(
    inv.StockMovement,
    posting_date=days,
    quantity=_dec(-100, 100, 1),
    unit_cost=prices,
)
series = st.lists(_dec(0, 100, 1), min_size=2, max_size=30)


@st.composite
def splits(draw: st.DrawFn) -> inv.StockSplit:
    return inv.classify_on_hand(
        draw(_dec(-50, 1_000, 2)),
        policy=draw(policies),
        demand=draw(normal_demands),
        currency=draw(currencies),
        as_of=AS_OF,
        unit_cost=draw(prices),
        holding_rate=draw(rates),
        committed=draw(_dec(0, 100, 1)),
        on_order=draw(_dec(0, 300, 1)),
        end_of_life=draw(st.booleans()),
        last_consumption=draw(st.none() | days),
    )


@st.composite
def items(draw: st.DrawFn) -> inv.StockItem:
    return inv.StockItem(
        sku=draw(st.text(max_size=12)),
        on_hand=draw(_dec(-50, 1_000, 2)),
        unit_cost=draw(prices),
        currency=draw(currencies),
        demand=draw(normal_demands),
        lead_time=draw(lead_times),
        service_level=draw(st.none() | probabilities),
        safety_stock=draw(st.none() | small),
        order_quantity=draw(small),
        order_multiple=draw(st.none() | _dec(1, 20, 0)),
        holding_rate=draw(rates),
        committed=draw(_dec(0, 50, 0)),
        on_order=draw(_dec(0, 50, 0)),
        last_consumption=draw(st.none() | days),
        end_of_life=draw(st.booleans()),
        lots=tuple(draw(st.lists(lots, max_size=0))),
    )


@st.composite
def safety_stocks(draw: st.DrawFn) -> inv.SafetyStock:
    return inv.safety_stock(
        draw(normal_demands),
        draw(lead_times),
        service_level=draw(probabilities),
        order_quantity=draw(st.none() | _dec(1, 500, 0)),
        review_period=draw(_dec(0, 5, 0)),
    )


@st.composite
def age_profiles(draw: st.DrawFn) -> inv.AgeProfile:
    return inv.fifo_age_buckets(
        draw(st.lists(movements, max_size=8)),
        as_of=AS_OF,
        currency=draw(st.none() | currencies),
    )


@st.composite
def reserves(draw: st.DrawFn) -> inv.Reserve:
    return inv.excess_and_obsolete_reserve(
        draw(splits()),
        table=draw(tables),
        scope=draw(st.sampled_from(inv.ReserveScope)),
        obsolete_rate=draw(rates),
    )


@st.composite
def age_reserves(draw: st.DrawFn) -> inv.Reserve:
    receipts = draw(
        st.lists(
            st.builds(
                inv.StockMovement, posting_date=days, quantity=_dec(1, 100, 0), unit_cost=prices
            ),
            min_size=1,
            max_size=5,
        )
    )
    ages = inv.fifo_age_buckets(receipts, as_of=AS_OF)
    split = inv.classify_on_hand(
        ages.quantity,
        policy=draw(policies),
        demand=draw(normal_demands),
        currency="USD",
        as_of=AS_OF,
        unit_cost=draw(prices),
    )
    return inv.excess_and_obsolete_reserve(
        split, table=draw(age_tables), scope=draw(st.sampled_from(inv.ReserveScope)), ages=ages
    )


eoqs = st.builds(
    inv.economic_order_quantity,
    _dec(1, 100_000, 0),
    order_cost=_dec("0.01", 500, 2),
    holding_cost=_dec("0.01", 50, 2),
    currency=currencies,
    unit_cost=st.none() | prices,
    unrounded=st.booleans(),
)

CASES = [
    Case(inv.Demand, normal_demands | poisson_demands),
    Case(inv.LeadTime, lead_times),
    Case(inv.StockPolicy, policies),
    Case(inv.Lot, lots),
    Case(inv.CostLayer, layers),
    Case(inv.ReserveStep, st.builds(inv.ReserveStep, threshold=small, rate=rates)),
    Case(inv.ReserveTable, tables | age_tables),
    Case(inv.StockMovement, movements),
    Case(inv.StockItem, items()),
    Case(inv.DemandProfile, st.builds(inv.describe_demand, series, period=units)),
    Case(inv.SafetyStock, safety_stocks()),
    Case(
        inv.StockLevel,
        st.builds(inv.reorder_point, normal_demands, lead_times, service_level=probabilities),
    ),
    Case(inv.EconomicOrderQuantity, eoqs),
    Case(inv.CostPoint, eoqs.map(lambda e: e.curve[0])),
    Case(
        inv.Newsvendor,
        st.builds(
            inv.newsvendor,
            normal_demands | poisson_demands,
            holding_cost=_dec("0.01", 10, 2),
            shortage_cost=_dec("0.01", 10, 2),
            currency=currencies,
            unrounded=st.booleans(),
        ),
    ),
    Case(
        inv.PolicyEvaluation,
        st.builds(
            inv.evaluate_policy,
            _dec(0, 500, 1),
            _dec(1, 500, 1),
            demand=normal_demands,
            lead_time=lead_times,
        ),
    ),
    Case(
        inv.Replenishment,
        st.builds(
            inv.replenishment_quantity,
            _dec(-20, 100, 0),
            minimum=_dec(0, 50, 0),
            maximum=_dec(50, 100, 0),
            multiple=st.none() | _dec(1, 12, 0),
            rounding=st.sampled_from(inv.MultipleRounding),
            trigger=st.sampled_from(inv.Trigger),
        ),
    ),
    Case(
        inv.CoverageLevels,
        st.builds(
            inv.coverage_levels,
            small,
            minimum_days=_dec(0, 3, 0),
            target_days=_dec(3, 6, 0),
            maximum_days=_dec(6, 9, 0),
            available=st.none() | small,
        ),
    ),
    Case(inv.StockSplit, splits()),
    Case(inv.Bucket, splits().map(lambda s: s.excess)),
    Case(inv.AgeProfile, age_profiles()),
    Case(inv.AgeBucket, age_profiles().map(lambda p: p.buckets[0])),
    Case(
        inv.FifoSlot,
        age_profiles().filter(lambda p: bool(p.slots)).map(lambda p: p.slots[0]),
    ),
    Case(inv.Reserve, reserves() | age_reserves()),
    Case(inv.ReserveTier, (reserves() | age_reserves()).map(lambda r: r.tiers[-1])),
    Case(inv.StockReview, items().map(lambda item: inv.review_stock(item, as_of=AS_OF))),
]


def _partial(fn: object, *args: object, **kwargs: object) -> st.SearchStrategy[object]:
    return st.builds(functools.partial, st.just(fn), *args, **kwargs)


CALLS = [
    Call("inventory.z_for_service_level", _partial(inv.z_for_service_level, probabilities)),
    Call("inventory.service_level_for_z", _partial(inv.service_level_for_z, z_values)),
    Call("inventory.standard_normal_loss", _partial(inv.standard_normal_loss, z_values)),
    Call(
        "inventory.inverse_standard_normal_loss",
        _partial(inv.inverse_standard_normal_loss, _dec("0.0001", 5, 4)),
    ),
    Call("inventory.poisson_cdf", _partial(inv.poisson_cdf, st.integers(-2, 30), _dec(0, 20, 2))),
    Call("inventory.poisson_loss", _partial(inv.poisson_loss, st.integers(-2, 30), _dec(0, 20, 2))),
    Call(
        "inventory.poisson_second_loss",
        _partial(
            inv.poisson_second_loss,
            st.integers(-2, 30) | _dec(-2, 30, 0),
            _dec(0, 20, 2),
            complementary=st.booleans(),
        ),
    ),
    Call(
        "inventory.standard_normal_second_loss",
        _partial(inv.standard_normal_second_loss, z_values, complementary=st.booleans()),
    ),
    Call(
        "inventory.normal_loss",
        _partial(inv.normal_loss, small, small, small, complementary=st.booleans()),
    ),
    Call(
        "inventory.normal_second_loss",
        _partial(inv.normal_second_loss, small, small, small, complementary=st.booleans()),
    ),
    Call("inventory.describe_demand", _partial(inv.describe_demand, series, period=units)),
    Call(
        "inventory.safety_stock",
        _partial(
            inv.safety_stock,
            normal_demands,
            lead_times,
            fill_rate=probabilities,
            order_quantity=_dec(1, 500, 0),
            round_up_to=st.none() | _dec(1, 5, 0),
        ),
    ),
    Call(
        "inventory.safety_stock (Poisson)",
        _partial(inv.safety_stock, poisson_demands, fixed_lead_times, service_level=probabilities),
    ),
    Call(
        "inventory.reorder_point",
        _partial(inv.reorder_point, normal_demands, lead_times, z=z_values),
    ),
    Call(
        "inventory.order_up_to_level",
        _partial(
            inv.order_up_to_level,
            normal_demands,
            lead_times,
            review_period=_dec(0, 4, 0),
            service_level=probabilities,
        ),
    ),
    Call(
        "inventory.critical_ratio",
        _partial(inv.critical_ratio, holding_cost=_dec("0.01", 9, 2), shortage_cost=small),
    ),
    Call(
        "inventory.economic_order_quantity",
        _partial(
            inv.economic_order_quantity,
            _dec(1, 100_000, 0),
            order_cost=_dec("0.01", 500, 2),
            holding_cost=_dec("0.01", 50, 2),
            currency=currencies,
            unit_cost=st.none() | prices,
            unrounded=st.booleans(),
        ),
    ),
    Call(
        "inventory.newsvendor",
        _partial(
            inv.newsvendor,
            normal_demands | poisson_demands,
            holding_cost=_dec("0.01", 10, 2),
            shortage_cost=_dec("0.01", 10, 2),
            currency=currencies,
            unrounded=st.booleans(),
        ),
    ),
    Call(
        "inventory.evaluate_policy",
        _partial(
            inv.evaluate_policy,
            _dec(0, 60, 0),
            _dec(1, 60, 0),
            demand=poisson_demands,
            lead_time=fixed_lead_times,
            holding_cost=_dec(0, 5, 2),
            shortage_cost=_dec(0, 50, 2),
            order_cost=_dec(0, 100, 2),
            currency=currencies,
            unrounded=st.booleans(),
        ),
    ),
    Call(
        "inventory.replenishment_quantity",
        _partial(
            inv.replenishment_quantity,
            _dec(-20, 100, 1),
            minimum=_dec(0, 50, 0),
            maximum=_dec(50, 100, 0),
            multiple=st.none() | _dec(1, 12, 0),
            minimum_order=_dec(0, 30, 0),
        ),
    ),
    Call(
        "inventory.coverage_levels",
        _partial(
            inv.coverage_levels,
            small,
            minimum_days=_dec(0, 3, 0),
            target_days=_dec(3, 6, 0),
            maximum_days=_dec(6, 9, 0),
            available=small,
        ),
    ),
    Call(
        "inventory.classify_on_hand",
        _partial(
            inv.classify_on_hand,
            _dec(300, 400, 1),
            policy=policies,
            demand=normal_demands,
            currency=currencies,
            as_of=st.just(AS_OF),
            unit_cost=prices,
            holding_rate=rates,
            lots=st.lists(lots, max_size=3),
            committed=_dec(0, 50, 0),
        ),
    ),
    Call("inventory.days_of_supply", _partial(inv.days_of_supply, quantities, normal_demands)),
    Call(
        "inventory.inventory_turns",
        _partial(inv.inventory_turns, quantities, _dec("0.01", 10_000, 2)),
    ),
    Call(
        "inventory.carrying_cost",
        _partial(
            inv.carrying_cost,
            quantities,
            annual_rate=rates,
            currency=currencies,
            duration=_dec(0, 24, 1),
            period=units,
        ),
    ),
    Call(
        "inventory.fifo_age_buckets",
        _partial(
            inv.fifo_age_buckets,
            st.lists(movements, max_size=8),
            as_of=st.just(AS_OF),
            boundaries=st.just((30, 60, 90)),
            currency=currencies,
        ),
    ),
    Call(
        "inventory.excess_and_obsolete_reserve",
        _partial(inv.excess_and_obsolete_reserve, splits(), table=tables),
    ),
    Call(
        "inventory.review_stock",
        _partial(inv.review_stock, items(), as_of=st.just(AS_OF)),
    ),
]

__all__ = ["CALLS", "CASES"]
