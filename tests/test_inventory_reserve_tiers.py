"""The reserve reported tier by tier: quantity, value, rate and reserve per row of the table.

Expected figures are worked by hand from the table and the stock (units ×
unit cost × rate), or are the conservation identities the tiers promise:
quantities sum to the stock in scope, values to ``table_value`` and reserves to
``table_reserve``, to the cent, in every currency.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from spendrules import inventory as inv
from spendrules.inventory import (
    Demand,
    ReserveBasis,
    ReserveScope,
    ReserveStep,
    ReserveTable,
    ReserveTier,
    StockMovement,
    StockPolicy,
    TimeUnit,
)
from spendrules.money import minor_units

D = Decimal
AS_OF = date(2026, 3, 31)
# SAP Help MRN1 "range of coverage": a material with 11 months of cover takes the
# 8-month row (next smaller key), 15 %.
SAP_TABLE = ReserveTable(
    ReserveBasis.MONTHS_OF_SUPPLY,
    (ReserveStep(0, 0), ReserveStep(8, D("0.15")), ReserveStep(12, D("0.5"))),
)
AGE_TABLE = ReserveTable(
    ReserveBasis.AGE_DAYS,
    (ReserveStep(90, D("0.25")), ReserveStep(180, D("0.5")), ReserveStep(365, 1)),
)


def monthly_split(on_hand: int, **overrides: object) -> inv.StockSplit:
    kwargs: dict[str, object] = {
        "policy": StockPolicy(40, 200),
        "demand": Demand(100, 30, TimeUnit.MONTH),
        "currency": "USD",
        "as_of": AS_OF,
        "unit_cost": 5,
    }
    kwargs.update(overrides)
    return inv.classify_on_hand(on_hand, **kwargs)  # type: ignore[arg-type]


def rows(reserve: inv.Reserve) -> list[tuple[str, str | None, str, str, str, str]]:
    return [
        (str(t.low), None if t.high is None else str(t.high), str(t.rate), str(t.quantity),
         str(t.value), str(t.reserve))
        for t in reserve.tiers
    ]  # fmt: skip


def test_months_of_supply_sap_range_of_coverage() -> None:
    """1,100 on hand at 100 a month: 11 months, the 8-month row; excess 860 × 5.00 × 15 %."""
    stock = monthly_split(1100)
    assert stock.months_of_supply == 11 and stock.excess.quantity == 860
    reserve = inv.excess_and_obsolete_reserve(stock, table=SAP_TABLE)
    assert reserve.table_reserve == D("645.00")  # 4,300.00 × 0.15
    assert rows(reserve) == [
        ("0", "8", "0", "0.000000", "0.00", "0.00"),
        ("8", "12", "0.15", "860.000000", "4300.00", "645.00"),
        ("12", None, "0.5", "0.000000", "0.00", "0.00"),
    ]
    text = reserve.explain()
    assert "tiers (key range: quantity, value, rate, reserve):" in text
    assert "    8 to 12: 860.000000, 4300.00 USD, 0.15, 645.00 USD" in text
    assert "    12+: 0.000000, 0.00 USD, 0.5, 0.00 USD" in text


def test_all_stock_scope_and_no_demand() -> None:
    """ALL_STOCK puts every non-obsolete unit in the key's tier; no demand takes the last row."""
    stock = monthly_split(1400)
    whole = inv.excess_and_obsolete_reserve(stock, table=SAP_TABLE, scope=ReserveScope.ALL_STOCK)
    assert rows(whole)[2] == ("12", None, "0.5", "1400.000000", "7000.00", "3500.00")
    assert whole.table_reserve == D("3500.00")
    # no demand: the split calls all of it obsolete; nothing is left in scope
    idle = monthly_split(300, demand=Demand(0, period=TimeUnit.MONTH))
    assert idle.months_of_supply is None
    reserve = inv.excess_and_obsolete_reserve(idle, table=SAP_TABLE, scope=ReserveScope.ALL_STOCK)
    assert [t.quantity for t in reserve.tiers] == [0, 0, 0]
    assert reserve.tiers[-1].reserve == D("0.00") == reserve.table_reserve


def test_no_demand_with_stock_in_scope_takes_the_last_tier() -> None:
    """No demand (infinite cover) takes the last row: 100 committed units × 5.00 × 50 %."""
    stock = monthly_split(300, demand=Demand(0, period=TimeUnit.MONTH), committed=100)
    assert stock.committed.quantity == 100 and stock.obsolete.quantity == 200
    reserve = inv.excess_and_obsolete_reserve(stock, table=SAP_TABLE, scope=ReserveScope.ALL_STOCK)
    assert reserve.table_key is None
    assert rows(reserve) == [
        ("0", "8", "0", "0.000000", "0.00", "0.00"),
        ("8", "12", "0.15", "0.000000", "0.00", "0.00"),
        ("12", None, "0.5", "100.000000", "500.00", "250.00"),
    ]


def test_a_first_threshold_above_zero_adds_a_zero_tier() -> None:
    """Below the first threshold the rate is 0: that range is a tier of its own."""
    table = ReserveTable(
        ReserveBasis.MONTHS_OF_SUPPLY, (ReserveStep(6, D("0.1")), ReserveStep(12, D("0.5")))
    )
    stock = monthly_split(400)  # 4 months, excess 160
    reserve = inv.excess_and_obsolete_reserve(stock, table=table)
    assert rows(reserve) == [
        ("0", "6", "0", "160.000000", "800.00", "0.00"),
        ("6", "12", "0.1", "0.000000", "0.00", "0.00"),
        ("12", None, "0.5", "0.000000", "0.00", "0.00"),
    ]


def _ages() -> inv.AgeProfile:
    """Slots: 500 received 2025-01-01 (454 days), 300 on 2025-09-01 (211), 200 on 2026-03-01 (30)."""
    moves = [
        StockMovement(date(2025, 1, 1), 500, D(2)),
        StockMovement(date(2025, 9, 1), 300, D(2)),
        StockMovement(date(2026, 3, 1), 200, D(2)),
    ]
    return inv.fifo_age_buckets(moves, as_of=AS_OF, currency="USD")


def test_age_tiers_take_the_newest_slots_for_excess() -> None:
    """Excess 760 is the newest stock: 200 aged 30 days, 300 aged 211, 260 of the 454-day slot."""
    ages = _ages()
    assert [s.age_days for s in ages.slots] == [454, 211, 30]
    stock = monthly_split(1000, demand=Demand(30, 10, TimeUnit.MONTH), unit_cost=2)
    assert stock.excess.quantity == 760
    reserve = inv.excess_and_obsolete_reserve(stock, table=AGE_TABLE, ages=ages)
    assert rows(reserve) == [
        ("0", "90", "0", "200.000000", "400.00", "0.00"),
        ("90", "180", "0.25", "0.000000", "0.00", "0.00"),
        ("180", "365", "0.5", "300.000000", "600.00", "300.00"),
        ("365", None, "1", "260.000000", "520.00", "520.00"),
    ]
    assert reserve.table_value == D("1520.00") and reserve.table_reserve == D("820.00")
    everything = inv.excess_and_obsolete_reserve(
        stock, table=AGE_TABLE, ages=ages, scope=ReserveScope.ALL_STOCK
    )
    assert [t.reserve for t in everything.tiers] == [
        D("0.00"),
        D("0.00"),
        D("300.00"),
        D("1000.00"),
    ]


def test_tier_reserves_conserve_the_cent() -> None:
    """Three tiers of 1 unit at 0.05 and 10 %: 0.005 each, 0.015 in all, booked 0.02.

    Rounding each tier (0.01 × 3 = 0.03) would book a cent more than the reserve;
    the largest-remainder allocation gives the two cents to the first two tiers
    (equal remainders: earlier tiers first).
    """
    table = ReserveTable(
        ReserveBasis.AGE_DAYS,
        (ReserveStep(0, D("0.1")), ReserveStep(90, D("0.1")), ReserveStep(180, D("0.1"))),
    )
    moves = [StockMovement(date(2025, 1, 1), 1), StockMovement(date(2025, 12, 1), 1),
             StockMovement(date(2026, 3, 1), 1)]  # fmt: skip
    ages = inv.fifo_age_buckets(moves, as_of=AS_OF)
    stock = monthly_split(3, unit_cost=D("0.05"))
    reserve = inv.excess_and_obsolete_reserve(
        stock, table=table, ages=ages, scope=ReserveScope.ALL_STOCK
    )
    assert reserve.table_reserve == D("0.02")
    assert [t.value for t in reserve.tiers] == [D("0.05")] * 3
    assert [t.reserve for t in reserve.tiers] == [D("0.01"), D("0.01"), D("0.00")]


def test_tier_is_a_value_object() -> None:
    tier = monthly_split(1100)
    first = inv.excess_and_obsolete_reserve(tier, table=SAP_TABLE).tiers[1]
    assert first == ReserveTier(D(8), D(12), D("0.15"), D("860.000000"), D("4300.00"), D("645.00"))
    assert hash(first) == hash(
        ReserveTier(D(8), D(12), D("0.15"), D("860.000000"), D("4300.00"), D("645.00"))
    )


tables = st.lists(
    st.tuples(st.integers(0, 400), st.decimals(min_value=0, max_value=1, places=3)),
    min_size=1,
    max_size=5,
    unique_by=lambda step: step[0],
).map(
    lambda steps: tuple(
        ReserveStep(threshold, rate)
        for (threshold, _), rate in zip(
            sorted(steps), sorted(rate for _, rate in steps), strict=True
        )
    )
)


@given(
    steps=tables,
    age_based=st.booleans(),
    scope=st.sampled_from(ReserveScope),
    currency=st.sampled_from(["USD", "JPY", "BHD"]),
    unit_cost=st.decimals(min_value=0, max_value=50, places=3),
    receipts=st.lists(
        st.tuples(st.integers(0, 700), st.decimals(min_value="0.5", max_value=90, places=1)),
        min_size=1,
        max_size=6,
    ),
    monthly=st.decimals(min_value=0, max_value=80, places=1),
)
def test_tiers_conserve(
    *,
    steps: tuple[ReserveStep, ...],
    age_based: bool,
    scope: ReserveScope,
    currency: str,
    unit_cost: Decimal,
    receipts: list[tuple[int, Decimal]],
    monthly: Decimal,
) -> None:
    moves = [StockMovement(date.fromordinal(AS_OF.toordinal() - age), qty) for age, qty in receipts]
    ages = inv.fifo_age_buckets(moves, as_of=AS_OF)
    stock = monthly_split(
        ages.quantity,  # type: ignore[arg-type]
        policy=StockPolicy(10, 25),
        demand=Demand(monthly, period=TimeUnit.MONTH),
        currency=currency,
        unit_cost=unit_cost,
        last_consumption=AS_OF,
    )
    basis = ReserveBasis.AGE_DAYS if age_based else ReserveBasis.MONTHS_OF_SUPPLY
    reserve = inv.excess_and_obsolete_reserve(
        stock, table=ReserveTable(basis, steps), scope=scope, ages=ages if age_based else None
    )
    in_scope = [stock.excess] if scope is ReserveScope.EXCESS else [
        stock.committed, stock.safety, stock.cycle, stock.excess
    ]  # fmt: skip
    assert len(reserve.tiers) == len(steps) + (steps[0].threshold > 0)
    assert sum((t.quantity for t in reserve.tiers), D(0)) == sum(b.quantity for b in in_scope)
    assert sum((t.value for t in reserve.tiers), D(0)) == reserve.table_value
    assert sum((t.reserve for t in reserve.tiers), D(0)) == reserve.table_reserve
    unit = D(1).scaleb(-minor_units(currency))
    held = sum((t.quantity for t in reserve.tiers), D(0))
    for tier in reserve.tiers:
        assert (
            tier.value.as_tuple().exponent
            == tier.reserve.as_tuple().exponent
            == -minor_units(currency)
        )
        assert tier.low < tier.high if tier.high is not None else tier is reserve.tiers[-1]
        if held:
            exact_value = reserve.table_value * tier.quantity / held
            assert abs(tier.value - exact_value) < unit
            # each tier's reserve is its exact share to within the rounding of the total
            assert abs(tier.reserve - exact_value * tier.rate) < unit * D("1.5")
        else:
            assert tier.value == tier.reserve == 0
