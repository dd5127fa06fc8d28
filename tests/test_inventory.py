"""Tests of spendrules.inventory: the published worked examples, behaviours and errors.

Every row of the vector table in the domain notes (``inventory.md`` §3) is a
test here, its id citing the row number and the source. Expected numbers are
the published ones (or an identity); where the source rounded z from a table,
that z is passed explicitly.
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import pytest

from spendrules import inventory as inv
from spendrules.errors import InvalidInputError, UnknownCurrencyError
from spendrules.inventory import (
    CostLayer,
    Demand,
    DemandPattern,
    Distribution,
    LeadTime,
    Lot,
    MultipleRounding,
    ObsoleteCause,
    ReserveBasis,
    ReserveScope,
    ReserveStep,
    ReserveTable,
    StockMovement,
    StockPolicy,
    TimeUnit,
    Trigger,
)
from spendrules.results import Severity

D = Decimal
AS_OF = date(2026, 3, 31)
POISSON = Distribution.POISSON


def close(actual: Decimal | None, expected: str | float, tolerance: str) -> bool:
    assert actual is not None
    return abs(actual - Decimal(str(expected))) <= Decimal(tolerance)


def codes(result: object) -> list[str]:
    return [reason.code for reason in result.reasons]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- §3 vector table
#
# One row per published output of every row of the domain notes' vector table.
# ``tolerance`` is the precision the source published (None: exact equality).
# Costs are money: rows that publish more digits than cents use CLF (4 minor units).


def _eoq_1() -> inv.EconomicOrderQuantity:
    return inv.economic_order_quantity(1300, order_cost=8, holding_cost=D("0.225"), currency="USD")


def _eoq_2() -> inv.EconomicOrderQuantity:
    return inv.economic_order_quantity(
        2400, order_cost=D("3.2"), holding_cost=D("0.24"), unit_cost=D("0.4"), currency="USD"
    )


def _newsvendor_5(level: int | None = None) -> inv.Newsvendor:
    return inv.newsvendor(
        Demand(50, 8), holding_cost=D("0.18"), shortage_cost=D("0.70"), currency="CLF", level=level
    )


def _newsvendor_6(mean: int, h: str, p: str) -> inv.Newsvendor:
    return inv.newsvendor(
        Demand(mean, distribution=POISSON), holding_cost=D(h), shortage_cost=D(p), currency="CLF"
    )


def _order_up_to_5() -> Decimal:
    ratio = inv.critical_ratio(holding_cost=D("0.18"), shortage_cost=D("0.70"))
    return inv.order_up_to_level(
        Demand(50, 8), LeadTime(0), review_period=1, service_level=ratio
    ).quantity


def _reorder_point_7() -> Decimal:
    ratio = inv.critical_ratio(holding_cost=D("0.225"), shortage_cost=D("7.5"))
    return inv.reorder_point(
        Demand(1300, 150, TimeUnit.YEAR), LeadTime(1, period=TimeUnit.MONTH), service_level=ratio
    ).quantity


def _rq_cost_9(r: int = 3, q: int = 5) -> Decimal | None:
    return inv.evaluate_policy(
        r,
        q,
        demand=Demand(D("1.5"), distribution=POISSON),
        lead_time=LeadTime(2),
        holding_cost=20,
        shortage_cost=150,
        order_cost=100,
        currency="CLF",
    ).expected_cost


def _coverage_18() -> inv.CoverageLevels:
    return inv.coverage_levels(15, minimum_days=3, target_days=5, maximum_days=7, available=40)


def _odoo(position: int, **options: object) -> Decimal:
    return inv.replenishment_quantity(position, **options).quantity  # type: ignore[arg-type]


def _fifo_23() -> inv.AgeProfile:
    moves = [StockMovement(date(2021, 12, d), q) for d, q in ((1, -30), (2, 20), (3, 20), (4, 10))]
    return inv.fifo_age_buckets(moves, as_of=date(2021, 12, 10))


def _rop_26(lead_time_sd: int) -> inv.StockLevel:
    return inv.reorder_point(Demand(50, 5), LeadTime(6, lead_time_sd), service_level=D("0.90"))


VECTORS = [
    pytest.param(
        lambda: _eoq_1().quantity,
        "304.0467800264368",
        "0.000001",
        id="#1 FoSCT Ex 3.1 / stockpyl eoq.py: Q*=304.0467800264368",
    ),
    pytest.param(
        lambda: _eoq_1().annual_relevant_cost,
        "68.41052550594829",
        "0.005",
        id="#1 FoSCT Ex 3.1 / stockpyl eoq.py: g*=68.41052550594829",
    ),
    pytest.param(
        lambda: _eoq_2().quantity,
        "252.98",
        "0.005",
        id="#2 inventoryanalytics eoq_test.py: EOQ=252.98",
    ),
    pytest.param(
        lambda: _eoq_2().annual_total_cost,
        "1020.72",
        None,
        id="#2 inventoryanalytics eoq_test.py: total cost 1020.72",
    ),
    pytest.param(
        lambda: _eoq_2().inventory_turns,
        "18.97",
        "0.005",
        id="#2 inventoryanalytics eoq_test.py: ITR 18.97",
    ),
    pytest.param(
        lambda: (
            inv.reorder_point(
                Demand(2400, period=TimeUnit.YEAR), LeadTime(1, period=TimeUnit.MONTH), z=0
            ).quantity
        ),
        "200",
        None,
        id="#2 inventoryanalytics eoq_test.py: ROP(L=1/12)=200",
    ),
    pytest.param(
        lambda: _newsvendor_5().level,
        "56.60395592743389",
        "0.000001",
        id="#5 FoSCT Ex 4.3 / stockpyl newsvendor.py: S*=56.60395592743389",
    ),
    pytest.param(
        _order_up_to_5,
        "56.60395592743389",
        "0.000001",
        id="#5 FoSCT Ex 4.3: S* as order-up-to level (L+1)",
    ),
    pytest.param(
        lambda: _newsvendor_5().expected_cost,
        "1.9976051931766445",
        "0.00005",
        id="#5 FoSCT Ex 4.3 / stockpyl newsvendor.py: g*=1.9976051931766445",
    ),
    pytest.param(
        lambda: _newsvendor_5(60).expected_cost,
        "2.156131552870387",
        "0.00005",
        id="#5 FoSCT Ex 4.1 / stockpyl newsvendor.py: g(60)=2.156131552870387",
    ),
    pytest.param(
        lambda: _newsvendor_6(50, "0.18", "0.70").level,
        "56",
        None,
        id="#6 stockpyl newsvendor_poisson doctest: S=56",
    ),
    pytest.param(
        lambda: _newsvendor_6(50, "0.18", "0.70").expected_cost,
        "1.797235211809178",
        "0.00005",
        id="#6 stockpyl newsvendor_poisson doctest: g=1.797235211809178",
    ),
    pytest.param(
        lambda: _newsvendor_6(6, "1", "4").level,
        "8",
        None,
        id="#6 stockpyl discrete Poisson(6) doctest: S=8",
    ),
    pytest.param(
        lambda: _newsvendor_6(6, "1", "4").expected_cost,
        "3.5701069457709416",
        "0.00005",
        id="#6 stockpyl discrete Poisson(6) doctest: g=3.5701069457709416",
    ),
    pytest.param(
        _reorder_point_7,
        "190.3369965715624",
        "0.000002",
        id="#7 FoSCT Ex 5.5 / stockpyl rq.py: r=190.3369965715624",
    ),
    pytest.param(
        lambda: _eoq_1().quantity,
        "304.0467800264368",
        "0.000001",
        id="#7 FoSCT Ex 5.5 / stockpyl rq.py: Q=304.0467800264368",
    ),
    pytest.param(
        _rq_cost_9,
        "107.92358063314975",
        "0.00005",
        id="#9 FoSCT Ex 5.8 / stockpyl rq.py: g(3,5)=107.92358063314975",
    ),
    pytest.param(
        lambda: inv.standard_normal_loss(D("1.3")),
        "0.04552796208651397",
        "1e-15",
        id="#11 stockpyl loss_functions: G(1.3)",
    ),
    pytest.param(
        lambda: inv.standard_normal_loss(D("-1.4")),
        "1.436668142708465",
        "1e-14",
        id="#11 stockpyl loss_functions: G(-1.4)",
    ),
    pytest.param(
        lambda: inv.standard_normal_loss(D("0.3")),
        "0.266761242117210",
        "1e-15",
        id="#11 stockpyl test_loss_functions: G(0.3)",
    ),
    pytest.param(
        lambda: inv.standard_normal_loss(D("3.1")),
        "2.672490952231408e-04",
        "1e-15",
        id="#11 stockpyl test_loss_functions: G(3.1)",
    ),
    pytest.param(
        lambda: (
            inv.newsvendor(
                Demand(1000, 300), holding_cost=1, shortage_cost=1, currency="USD", level=1600
            ).z
        ),
        "2.0",
        None,
        id="#12 Cachon-Terwiesch p.431: z=2.0",
    ),
    pytest.param(
        lambda: inv.standard_normal_loss(D(2)),
        "0.0085",
        "0.00005",
        id="#12 Cachon-Terwiesch p.431: table L(2)=0.0085",
    ),
    pytest.param(
        lambda: (
            inv.newsvendor(
                Demand(1000, 300), holding_cost=1, shortage_cost=1, currency="USD", level=1600
            ).expected_shortage
        ),
        "2.55",
        "0.005",
        id="#12 Cachon-Terwiesch p.431: expected shortfall 2.55",
    ),
    *[
        pytest.param(
            lambda q=q: inv.poisson_loss(q, D("1.25")),
            loss,
            "0.000005",
            id=f"#12 Cachon-Terwiesch Poisson(1.25) table: L({q})={loss}",
        )
        for q, loss in enumerate(("1.25000", "0.53650", "0.18114", "0.04961", "0.01134"))
    ],
    *[
        pytest.param(
            lambda q=q: inv.poisson_cdf(q, D("1.25")),
            cdf,
            "0.0000005",
            id=f"#12 Cachon-Terwiesch Poisson(1.25) table: F({q})={cdf}",
        )
        for q, cdf in enumerate(("0.286505", "0.644636", "0.868468", "0.961731"))
    ],
    pytest.param(
        lambda: (
            inv.reorder_point(
                Demand(60, 0, TimeUnit.WEEK), LeadTime(6, 2, TimeUnit.WEEK), z=D("1.28")
            ).quantity
        ),
        "513.6",
        None,
        id="#14 Heizer & Render ch.12 p.543: ROP=513.6 (table Z=1.28)",
    ),
    *[
        pytest.param(
            lambda level=level: inv.z_for_service_level(D(level)),
            z,
            "0.00005",
            id=f"#17 OCA-SS test_cycle_service_level: z({level})={z}",
        )
        for level, z in (
            ("0.90", "1.2816"),
            ("0.95", "1.6449"),
            ("0.97", "1.8808"),
            ("0.99", "2.3263"),
        )
    ],
    pytest.param(
        lambda: _coverage_18().minimum, "45", None, id="#18 SAP Help via Q&A 4052813: min 45"
    ),
    pytest.param(
        lambda: _coverage_18().target, "75", None, id="#18 SAP Help via Q&A 4052813: target (SS) 75"
    ),
    pytest.param(
        lambda: _coverage_18().maximum, "105", None, id="#18 SAP Help via Q&A 4052813: max 105"
    ),
    pytest.param(
        lambda: _coverage_18().proposal, "35", None, id="#18 SAP Help via Q&A 4052813: proposal 35"
    ),
    pytest.param(
        lambda: _odoo(10, minimum=10, maximum=40, multiple=6, trigger=Trigger.LE),
        "30",
        None,
        id="#20 Odoo reordering_rules.rst: forecast 10 -> 30 (docs, <=)",
    ),
    pytest.param(
        lambda: _odoo(10, minimum=10, maximum=40, multiple=6, trigger=Trigger.LT),
        "0",
        None,
        id="#20 Odoo _compute_qty_to_order: forecast 10 -> nothing (code, <)",
    ),
    pytest.param(
        lambda: _odoo(8, minimum=10, maximum=40, multiple=6),
        "36",
        None,
        id="#20 Odoo reordering_rules.rst: forecast 8 -> 32 -> 36",
    ),
    pytest.param(
        lambda: _odoo(0, minimum=5, maximum=20, multiple=3),
        "21",
        None,
        id="#21 Odoo doc PR #14849 (17.0): 21",
    ),
    pytest.param(
        lambda: _odoo(
            0, minimum=5, maximum=20, multiple=3, rounding=MultipleRounding.DOWN_WITHIN_MAX
        ),
        "18",
        None,
        id="#21 Odoo doc PR #14850 (18.0): 18",
    ),
    pytest.param(
        lambda: _odoo(0, minimum=5, maximum=20, multiple=3),
        "21",
        None,
        id="#21 Odoo doc PR #14853 (19.0): 21",
    ),
    pytest.param(
        lambda: tuple(s.quantity for s in _fifo_23().slots),
        (D(10), D(10)),
        None,
        id="#23 ERPNext test_insufficient_balance: queue [10, 10]",
    ),
    pytest.param(
        lambda: _fifo_23().quantity,
        "20",
        None,
        id="#23 ERPNext test_insufficient_balance: total 20",
    ),
    pytest.param(
        lambda: _rop_26(2).safety_stock.sigma,
        "100.747",
        "0.0005",
        id="#26 inventorize R reorderpoint_ltv.R (computed): sigma_LTD=100.747",
    ),
    pytest.param(
        lambda: _rop_26(2).quantity,
        "429.11",
        "0.005",
        id="#26 inventorize R reorderpoint_ltv.R (computed): ROP=429.11",
    ),
    pytest.param(
        lambda: _rop_26(0).quantity,
        "315.70",
        "0.005",
        id="#26 inventorize R reorderpoint_ltv.R (computed): demand-only ROP=315.70",
    ),
]


@pytest.mark.parametrize(("compute", "expected", "tolerance"), VECTORS)
def test_published_vector(compute: object, expected: object, tolerance: str | None) -> None:
    actual = compute()  # type: ignore[operator]
    if isinstance(expected, str):
        expected = Decimal(expected)
    if tolerance is None:
        assert actual == expected
    else:
        assert abs(actual - expected) <= Decimal(tolerance)


def test_row_5_newsvendor_cost_is_h_leftover_plus_p_shortage() -> None:
    """#5 identity: g = h·E[(S − D)⁺] + p·E[(D − S)⁺], to the published digits."""
    for level, published in ((None, "1.9976051931766445"), (60, "2.156131552870387")):
        result = _newsvendor_5(level)
        identity = D("0.18") * result.expected_leftover + D("0.70") * result.expected_shortage
        assert close(identity, published, "0.00001")
        assert result.optimal is (level is None)


def test_row_9_published_policy_is_the_optimum() -> None:
    """#9 FoSCT Ex 5.8: (r, Q) = (3, 5) costs less than every neighbour."""
    best = _rq_cost_9()
    assert best is not None
    neighbours = [_rq_cost_9(r, q) for r in (2, 3, 4) for q in (4, 5, 6) if (r, q) != (3, 5)]
    assert all(other is not None and other > best for other in neighbours)


def test_row_23_reports_the_negative_stock() -> None:
    assert "INVENTORY.AGEING.NEGATIVE_STOCK" in codes(_fifo_23())
    assert _fifo_23().negative_balance == 0


def test_row_14_sigma_is_d_times_sigma_l() -> None:
    level = inv.reorder_point(
        Demand(60, 0, TimeUnit.WEEK), LeadTime(6, 2, TimeUnit.WEEK), z=D("1.28")
    )
    assert level.safety_stock.sigma == 120  # 60 · 2


def test_eoq_ordering_and_holding_halves_sum_to_the_relevant_cost() -> None:
    eoq = _eoq_1()
    assert eoq.annual_ordering_cost + eoq.annual_holding_cost == eoq.annual_relevant_cost
    assert inv.inventory_turns(2400, _eoq_2().average_inventory).quantize(D("0.01")) == D("18.97")


# ---------------------------------------------------------------- other published examples


def test_r_q_cost_fosct_example_5_1() -> None:
    """stockpyl r_q_cost doctest (Example 5.1): r=126.8, Q=328.5 → 78.07116250928294."""
    result = inv.evaluate_policy(
        D("126.8"),
        D("328.5"),
        demand=Demand(1300, 150, TimeUnit.YEAR),
        lead_time=LeadTime(1, period=TimeUnit.MONTH),
        holding_cost=D("0.225"),
        shortage_cost=D("7.5"),
        order_cost=8,
        currency="CLF",
    )
    assert close(result.expected_cost, "78.07116250928294", "0.00005")


def test_worked_split_domain_notes_section_6() -> None:
    """Domain notes §6 worked example (computed): SS 14.8037; 74.02/500/325.98; 18.50/125/81.50."""
    ss = inv.safety_stock(Demand(10, 3), LeadTime(9), service_level=D("0.95"))
    assert ss.quantity.quantize(D("0.0001")) == D("14.8037")
    split = inv.classify_on_hand(
        180,
        policy=StockPolicy(ss.quantity, 100),
        demand=Demand(10, 3),
        currency="USD",
        as_of=AS_OF,
        unit_cost=5,
        holding_rate=D("0.25"),
        last_consumption=date(2026, 3, 30),
    )
    assert [b.value for b in split.buckets] == [0, 0, D("74.02"), D("500.00"), D("325.98")]
    assert [b.annual_carrying_cost for b in split.buckets] == [
        0,
        0,
        D("18.50"),
        D("125.00"),
        D("81.50"),
    ]
    assert split.value == D("900.00") and split.annual_carrying_cost == D("225.00")
    assert sum(b.quantity for b in split.buckets) == 180


def test_sap_mrn1_next_smaller_key() -> None:
    """SAP Help 4.70 MRN1: ROH with ROC 11 and no 11-month row uses the 8-month row (15 %)."""
    table = ReserveTable(
        ReserveBasis.MONTHS_OF_SUPPLY,
        (ReserveStep(0, 0), ReserveStep(8, D("0.15")), ReserveStep(12, D("0.40"))),
    )
    assert table.rate_for(D(11)) == D("0.15")
    assert table.rate_for(D(8)) == D("0.15")
    assert table.rate_for(D("7.99")) == 0
    assert table.rate_for(None) == D("0.40")


@pytest.mark.parametrize(
    ("months", "rate"),
    [
        pytest.param("11.9", "0", id="Syensqo SAP wiki ROC < 12 → 0 %"),
        pytest.param("18", "0.5", id="Syensqo SAP wiki 12 < ROC <= 24 → 50 %"),
    ],
)
def test_syensqo_months_of_supply_bands(months: str, rate: str) -> None:
    table = ReserveTable(
        ReserveBasis.MONTHS_OF_SUPPLY, (ReserveStep(0, 0), ReserveStep(12, D("0.5")))
    )
    assert table.rate_for(D(months)) == D(rate)


@pytest.mark.parametrize(
    ("age_days", "rate"),
    [
        pytest.param(100, "0", id="calcbee < 6 months → 0 %"),
        pytest.param(200, "0.25", id="calcbee 6-12 months → 25 %"),
        pytest.param(400, "0.5", id="calcbee 12-18 months → 50 %"),
        pytest.param(600, "0.75", id="calcbee 18-24 months → 75 %"),
        pytest.param(800, "1", id="calcbee > 24 months → 100 %"),
    ],
)
def test_calcbee_age_tiers(age_days: int, rate: str) -> None:
    table = ReserveTable(
        ReserveBasis.AGE_DAYS,
        tuple(
            ReserveStep(days, D(r))
            for days, r in ((0, "0"), (183, "0.25"), (365, "0.5"), (548, "0.75"), (730, "1"))
        ),
    )
    assert table.rate_for(D(age_days)) == D(rate)


def test_sap_slow_mover_opportunity_cost() -> None:
    """SAP Fiori KPI Slow-Moving Item: 10,000 × 8 % × 6/12 = 400 (domain notes §7, computed)."""
    assert inv.carrying_cost(
        10_000, annual_rate=D("0.08"), currency="USD", duration=6, period=TimeUnit.MONTH
    ) == D("400.00")
    assert inv.carrying_cost(1000, annual_rate=D("0.25"), currency="USD") == D("250.00")
    assert inv.carrying_cost(
        730, annual_rate=D("0.5"), currency="USD", duration=73, period=TimeUnit.DAY
    ) == D("73.00")


def test_erpnext_fifo_logic_cases_1_to_3() -> None:
    """ERPNext stock_ageing_fifo_logic.md, Cases 1, 2 and 3 (queues as published)."""
    day = [date(2021, 12, d) for d in range(1, 5)]
    case1 = inv.fifo_age_buckets(
        [StockMovement(day[0], 50), StockMovement(day[1], -20), StockMovement(day[1], 20)],
        as_of=day[3],
    )
    assert [(s.quantity, s.received) for s in case1.slots] == [(30, day[0]), (20, day[1])]
    case2 = inv.fifo_age_buckets(
        [StockMovement(day[0], 50), StockMovement(day[1], 20), StockMovement(day[1], -60)],
        as_of=day[3],
    )
    assert [(s.quantity, s.received) for s in case2.slots] == [(10, day[1])]
    moves = [StockMovement(day[0], 50), StockMovement(day[1], -60)]
    assert inv.fifo_age_buckets(moves, as_of=day[3]).negative_balance == 10
    moves.append(StockMovement(day[2], 5))
    step = inv.fifo_age_buckets(moves, as_of=day[3])
    assert step.negative_balance == 5 and step.slots == () and step.quantity == -5
    moves.append(StockMovement(day[3], 10))
    assert [(s.quantity, s.received) for s in inv.fifo_age_buckets(moves, as_of=day[3]).slots] == [
        (5, day[3])
    ]
    moves.append(StockMovement(day[3], 20))
    final = inv.fifo_age_buckets(moves, as_of=day[3])
    assert [(s.quantity, s.received) for s in final.slots] == [(5, day[3]), (20, day[3])]


def test_oca_pr_66_reviewer_example_is_intermittent() -> None:
    """OCA-SS PR #66 review: sells every 10 days for 10 units → deviation 3, average 1."""
    profile = inv.describe_demand([10, 0, 0, 0, 0, 0, 0, 0, 0, 0] * 3, period=TimeUnit.DAY, ddof=0)
    assert profile.mean == 1 and profile.sd == 3
    assert profile.adi == 10 and profile.cv2 == 0
    assert profile.pattern is DemandPattern.INTERMITTENT
    ss = inv.safety_stock(profile.to_demand(), LeadTime(5), service_level=D("0.95"))
    assert "INVENTORY.DEMAND.NOT_NORMAL" in codes(ss)
    evaluation = inv.evaluate_policy(6, 20, demand=profile.to_demand(), lead_time=LeadTime(5))
    assert "INVENTORY.DEMAND.NOT_NORMAL" in codes(evaluation)
    single = inv.newsvendor(profile.to_demand(), holding_cost=1, shortage_cost=9, currency="USD")
    assert "INVENTORY.DEMAND.NOT_NORMAL" in codes(single)
    as_poisson = Demand(1, distribution=POISSON, pattern=DemandPattern.INTERMITTENT)
    poisson_ss = inv.safety_stock(as_poisson, LeadTime(5), service_level=D("0.95"))
    assert "INVENTORY.DEMAND.NOT_NORMAL" not in codes(poisson_ss)


def test_bhima_4327_excluding_zero_months_doubles_consumption() -> None:
    """BHIMA #4327: excluding zero months gives CMM 1000 instead of 500."""
    series = [1000, 0, 1000, 0, 1000, 0]
    assert inv.describe_demand(series, period=TimeUnit.MONTH).mean == 500
    excluded = inv.describe_demand(series, period=TimeUnit.MONTH, include_zeros=False)
    assert excluded.mean == 1000
    assert "INVENTORY.DEMAND.ZEROS_EXCLUDED" in codes(excluded)


def test_supplychainpy_sqrt_lead_time_bug_not_reproduced() -> None:
    """supplychainpy's _reorder_level uses √L·d; the reorder point is d·L + SS."""
    level = inv.reorder_point(Demand(100, 10), LeadTime(4), z=D("1.28"))
    assert level.quantity == D(400) + D("1.28") * 10 * 2


# ---------------------------------------------------------------- statistics


def test_statistics_are_decimals_with_fifteen_digits() -> None:
    assert inv.z_for_service_level(D("0.95")) == D("1.64485362695147")
    assert inv.service_level_for_z(D("1.64485362695147")).quantize(D("0.000001")) == D("0.95")
    assert inv.service_level_for_z(D(0)) == D("0.5")
    assert inv.standard_normal_loss(D(-50)) == 50
    assert inv.standard_normal_loss(D(50)) == 0
    assert inv.inverse_standard_normal_loss(inv.standard_normal_loss(D("1.3"))).quantize(
        D("1E-12")
    ) == D("1.3")
    assert inv.poisson_loss(-2, D(3)) == 5
    assert inv.poisson_cdf(-1, D(3)) == 0
    assert inv.poisson_cdf(0, D(0)) == 1 and inv.poisson_loss(1, D(0)) == 0
    assert inv.poisson_cdf(1000, D(2)) == 1 and inv.poisson_loss(1000, D(2)) == 0


def test_poisson_levels_stay_accurate_near_one() -> None:
    """Upper tails are summed from the small end: a service level of 1 − 1e-16 still finds a level."""
    ss = inv.safety_stock(
        Demand(D("47.6"), distribution=POISSON), LeadTime(1), service_level=D("0.9999999999999999")
    )
    assert 100 < ss.level < 130  # a cumulative sum stuck at 0.99999999999995 would run to ~340


def test_caller_context_does_not_matter() -> None:
    with decimal.localcontext() as caller:
        caller.prec = 3
        caller.rounding = decimal.ROUND_DOWN
        ss = inv.safety_stock(Demand(10, 3), LeadTime(9), service_level=D("0.95"))
    assert ss.quantity == D("14.803683")


# ---------------------------------------------------------------- demand


def test_describe_demand_patterns() -> None:
    smooth = inv.describe_demand([10, 11, 9, 10, 12, 8], period=TimeUnit.WEEK)
    assert smooth.pattern is DemandPattern.SMOOTH and smooth.ddof == 1
    erratic = inv.describe_demand([1, 30, 2, 40, 1, 25], period=TimeUnit.WEEK)
    assert erratic.pattern is DemandPattern.ERRATIC
    lumpy = inv.describe_demand([0, 0, 50, 0, 1, 0, 0, 90], period=TimeUnit.WEEK)
    assert lumpy.pattern is DemandPattern.LUMPY
    assert [r.severity for r in lumpy.reasons if r.code == "INVENTORY.DEMAND.PATTERN"] == [
        Severity.WARNING
    ]
    none = inv.describe_demand([0, 0, 0], period=TimeUnit.WEEK)
    assert none.pattern is DemandPattern.NO_DEMAND and none.adi is None and none.cv2 is None
    assert none.to_demand() == Demand(0, 0, TimeUnit.WEEK, pattern=DemandPattern.NO_DEMAND)
    assert none.zero_share == 1


def test_describe_demand_cut_offs_are_parameters() -> None:
    series = [10, 0, 12, 0, 11, 0]  # ADI 2
    assert inv.describe_demand(series, period=TimeUnit.DAY).pattern is DemandPattern.INTERMITTENT
    relaxed = inv.describe_demand(series, period=TimeUnit.DAY, adi_cutoff=D(3))
    assert relaxed.pattern is DemandPattern.SMOOTH


# ---------------------------------------------------------------- safety stock


def test_fill_rate_safety_stock_meets_its_target() -> None:
    ss = inv.safety_stock(Demand(10, 3), LeadTime(9), fill_rate=D("0.99"), order_quantity=100)
    assert ss.method is inv.SafetyMethod.FILL_RATE
    assert ss.fill_rate is not None and ss.fill_rate >= D("0.99")
    # identity: ESC = Q(1 − β) at the target
    assert close(ss.expected_shortage_per_cycle, "1", "0.000002")


def test_fill_rate_allows_negative_k_without_a_floor() -> None:
    """inventorize R searches k >= 0.1 only; a large lot needs a negative k (floored to 0)."""
    ss = inv.safety_stock(Demand(10, 3), LeadTime(9), fill_rate=D("0.9"), order_quantity=1000)
    assert ss.z is not None and ss.z < 0
    assert ss.quantity == 0 and "INVENTORY.SAFETY.FLOOR" in codes(ss)
    negative_allowed_floor = inv.safety_stock(
        Demand(10, 3), LeadTime(9), fill_rate=D("0.9"), order_quantity=1000, minimum=D(2)
    )
    assert negative_allowed_floor.quantity == 2


def test_periodic_review_uses_demand_per_review_for_fill_rate() -> None:
    ss = inv.safety_stock(Demand(10, 3), LeadTime(9), review_period=7, fill_rate=D("0.98"))
    assert ss.order_quantity == 70 and ss.protection_interval == 16
    assert ss.sigma == 12


def test_fill_rate_under_continuous_review_needs_a_lot() -> None:
    with pytest.raises(InvalidInputError, match="order_quantity"):
        inv.safety_stock(Demand(10, 3), LeadTime(9), fill_rate=D("0.98"))
    with pytest.raises(InvalidInputError, match="no demand per review period"):
        inv.safety_stock(Demand(0, 3), LeadTime(9), review_period=7, fill_rate=D("0.98"))


def test_zero_variability_and_no_demand() -> None:
    flat = inv.safety_stock(Demand(10, 0), LeadTime(5), service_level=D("0.99"), order_quantity=50)
    assert flat.quantity == 0 and flat.cycle_service_level == 1 and flat.fill_rate == 1
    assert "INVENTORY.SAFETY.NO_VARIABILITY" in codes(flat)
    fill = inv.safety_stock(Demand(10, 0), LeadTime(5), fill_rate=D("0.99"), order_quantity=50)
    assert fill.quantity == 0 and fill.z is None
    nothing = inv.safety_stock(Demand(0, 0), LeadTime(5), z=D(2))
    assert nothing.quantity == 0
    assert [r.severity for r in nothing.reasons if r.code == "INVENTORY.SAFETY.NO_VARIABILITY"] == [
        Severity.WARNING
    ]


def test_round_up_to_whole_units() -> None:
    ss = inv.safety_stock(Demand(10, 3), LeadTime(9), service_level=D("0.95"), round_up_to=1)
    assert ss.quantity == 15 and "INVENTORY.SAFETY.ROUNDED" in codes(ss)
    exact_already = inv.safety_stock(Demand(10, 0), LeadTime(9), z=1, minimum=4, round_up_to=2)
    assert exact_already.quantity == 4 and "INVENTORY.SAFETY.ROUNDED" not in codes(exact_already)


def test_service_below_half_gives_zero_not_negative() -> None:
    ss = inv.safety_stock(Demand(10, 3), LeadTime(9), service_level=D("0.3"))
    assert ss.z is not None and ss.z < 0 and ss.quantity == 0
    assert ss.cycle_service_level == D("0.5")


def test_poisson_safety_stock() -> None:
    slow = Demand(D("0.5"), distribution=POISSON)
    ss = inv.safety_stock(slow, LeadTime(4), service_level=D("0.95"))
    assert ss.level == 5 and ss.quantity == 3  # P(D<=4)=0.947, P(D<=5)=0.983 for mean 2
    assert ss.cycle_service_level >= D("0.95") and ss.z is None
    fill = inv.safety_stock(slow, LeadTime(4), fill_rate=D("0.95"), order_quantity=10)
    assert fill.fill_rate is not None and fill.fill_rate >= D("0.95")
    assert fill.method is inv.SafetyMethod.FILL_RATE
    lower = inv.safety_stock(slow, LeadTime(4), fill_rate=D("0.95"), order_quantity=9)
    assert lower.level >= fill.level
    floored = inv.safety_stock(slow, LeadTime(4), service_level=D("0.2"), minimum=D("1.5"))
    assert floored.level == 4 and floored.quantity == 2
    big_lot = inv.safety_stock(
        Demand(50, distribution=POISSON), LeadTime(2), fill_rate=D("0.5"), order_quantity=10_000
    )
    assert (
        big_lot.quantity == 0 and big_lot.level == 100
    )  # level 0 would do; the floor keeps SS >= 0
    assert "INVENTORY.SAFETY.FLOOR" in codes(big_lot)


def test_poisson_refuses_what_it_cannot_do() -> None:
    slow = Demand(D("0.5"), distribution=POISSON)
    with pytest.raises(InvalidInputError, match=r"lead_time\.sd"):
        inv.safety_stock(slow, LeadTime(4, 1), service_level=D("0.95"))
    with pytest.raises(InvalidInputError, match=r"^z must"):
        inv.safety_stock(slow, LeadTime(4), z=D(2))
    with pytest.raises(InvalidInputError, match="round_up_to"):
        inv.safety_stock(slow, LeadTime(4), service_level=D("0.95"), round_up_to=1)
    with pytest.raises(InvalidInputError, match="Poisson mean"):
        inv.safety_stock(Demand(10**6, distribution=POISSON), LeadTime(2), service_level=D("0.9"))
    with pytest.raises(InvalidInputError, match="sd must be 0"):
        Demand(1, 1, distribution=POISSON)


def test_unit_conversions_and_day_basis() -> None:
    weekly = inv.safety_stock(Demand(70, 7, TimeUnit.WEEK), LeadTime(14), z=1)
    assert weekly.protection_interval == 2 and weekly.mean == 140
    yearly = inv.safety_stock(Demand(360, 0, TimeUnit.YEAR), LeadTime(30), z=0, days_per_year=360)
    assert yearly.mean == 30


def test_levels_carry_their_safety_stock() -> None:
    level = inv.reorder_point(Demand(10, 3), LeadTime(9), service_level=D("0.95"))
    assert level.kind is inv.LevelKind.REORDER_POINT
    assert level.quantity == level.mean + level.safety_stock.quantity
    assert codes(level)[-1] == "INVENTORY.LEVEL"


def test_critical_ratio() -> None:
    assert inv.critical_ratio(holding_cost=1, shortage_cost=3) == D("0.75")
    with pytest.raises(InvalidInputError, match="shortage_cost"):
        inv.critical_ratio(holding_cost=0, shortage_cost=0)


# ---------------------------------------------------------------- EOQ, newsvendor, evaluation


def test_eoq_curve_penalties_are_the_textbook_identity() -> None:
    eoq = inv.economic_order_quantity(1300, order_cost=8, holding_cost=D("0.225"), currency="USD")
    assert [p.multiple for p in eoq.curve] == [D("0.5"), D("0.75"), 1, D("1.25"), D("1.5"), 2]
    for point in eoq.curve:
        x = point.multiple
        assert point.penalty == ((x + 1 / x) / 2 - 1).quantize(point.penalty)
        assert point.annual_relevant_cost == point.annual_ordering_cost + point.annual_holding_cost
    assert eoq.annual_purchase_cost is None and eoq.annual_total_cost == eoq.annual_relevant_cost
    assert eoq.cycle_days == (365 * eoq.quantity / 1300).quantize(D("0.000001"))
    assert "x0.5" in eoq.explain()


def test_newsvendor_without_spread_and_fractional_poisson_level() -> None:
    exact_demand = inv.newsvendor(Demand(40), holding_cost=1, shortage_cost=3, currency="USD")
    assert exact_demand.level == 40 and exact_demand.expected_cost == 0 and exact_demand.z is None
    short = inv.newsvendor(Demand(40), holding_cost=1, shortage_cost=3, currency="USD", level=30)
    assert short.expected_shortage == 10 and short.in_stock_probability == 0
    assert short.expected_cost == 30
    with pytest.raises(InvalidInputError, match="whole number"):
        inv.newsvendor(
            Demand(4, distribution=POISSON),
            holding_cost=1,
            shortage_cost=3,
            currency="USD",
            level=D("2.5"),
        )
    with pytest.raises(TypeError, match="demand"):
        inv.newsvendor("x", holding_cost=1, shortage_cost=3, currency="USD")  # type: ignore[arg-type]


def test_evaluate_policy_service_figures() -> None:
    result = inv.evaluate_policy(D("104.8"), 100, demand=Demand(10, 3), lead_time=LeadTime(9))
    assert result.safety_stock == D("14.8") and result.expected_cost is None
    assert result.cycle_service_level.quantize(D("0.001")) == D("0.950")
    # identities: z = (r − dL)/(σ√L) = 14.8/9; ESC = σ·G(z); fill rate = 1 − ESC/Q
    assert result.z == (D("14.8") / 9).quantize(D("1E-14"))
    assert close(result.expected_shortage_per_cycle, 9 * inv.standard_normal_loss(result.z), "1e-6")
    assert close(result.fill_rate, 1 - result.expected_shortage_per_cycle / 100, "1e-8")
    assert close(result.cycle_service_level, inv.service_level_for_z(result.z), "0")
    deterministic = inv.evaluate_policy(90, 100, demand=Demand(10), lead_time=LeadTime(9))
    assert deterministic.cycle_service_level == 1 and deterministic.fill_rate == 1
    below = inv.evaluate_policy(80, 100, demand=Demand(10), lead_time=LeadTime(9))
    assert below.cycle_service_level == 0 and below.expected_shortage_per_cycle == 10
    assert below.fill_rate == D("0.9")


def test_evaluate_policy_costs() -> None:
    deterministic = inv.evaluate_policy(
        0,
        100,
        demand=Demand(10),
        lead_time=LeadTime(0),
        holding_cost=D("0.1"),
        shortage_cost=1,
        order_cost=50,
        currency="USD",
    )
    # no lead time, no variability: cost = K·λ/Q + h·Q/2 = 5 + 5
    assert deterministic.expected_cost == D("10.00")
    late = inv.evaluate_policy(
        -10,
        20,
        demand=Demand(10),
        lead_time=LeadTime(0),
        holding_cost=1,
        shortage_cost=2,
        order_cost=0,
        currency="USD",
    )
    # inventory levels run from −10 to +10: holding ½·10·10/20 = 2.5, backorders 2·½·10·10/20 = 5
    assert late.expected_cost == D("7.50")
    poisson_lt = inv.evaluate_policy(
        4,
        5,
        demand=Demand(D("1.5"), distribution=POISSON),
        lead_time=LeadTime(2),
        holding_cost=20,
        shortage_cost=150,
        order_cost=100,
        currency="CLF",
        trigger=Trigger.LT,
    )
    assert close(poisson_lt.expected_cost, "107.92358063314975", "0.00005")  # LT at 4 = LE at 3
    negative_r = inv.evaluate_policy(
        -3,
        2,
        demand=Demand(D("1.5"), distribution=POISSON),
        lead_time=LeadTime(2),
        holding_cost=20,
        shortage_cost=150,
        order_cost=100,
        currency="USD",
    )
    assert negative_r.expected_cost == D("750.00")  # (100·1.5 + 150·(5 + 4))/2


def test_evaluate_policy_input_rules() -> None:
    kwargs: dict[str, object] = {"demand": Demand(10, 3), "lead_time": LeadTime(9)}
    with pytest.raises(InvalidInputError, match="all given or all omitted"):
        inv.evaluate_policy(100, 50, holding_cost=1, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="review_period"):
        inv.evaluate_policy(
            100,
            50,
            review_period=1,
            holding_cost=1,
            shortage_cost=1,
            order_cost=1,
            currency="USD",
            **kwargs,  # type: ignore[arg-type]
        )
    with pytest.raises(InvalidInputError, match="order_quantity must be > 0"):
        inv.evaluate_policy(100, 0, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="whole number"):
        inv.evaluate_policy(
            D("2.5"), 5, demand=Demand(D("1.5"), distribution=POISSON), lead_time=LeadTime(2)
        )
    with pytest.raises(TypeError, match="lead_time must be a LeadTime"):
        inv.evaluate_policy(1, 5, demand=Demand(1), lead_time=9)  # type: ignore[arg-type]


# ---------------------------------------------------------------- replenishment and coverage


def test_replenishment_details() -> None:
    quiet = inv.replenishment_quantity(25, minimum=10, maximum=40)
    assert not quiet.triggered and quiet.quantity == 0 and quiet.need == 0
    already_above = inv.replenishment_quantity(55, minimum=10, maximum=40)
    assert not already_above.above_maximum and codes(already_above) == [
        "INVENTORY.REPLENISH.NOT_TRIGGERED"
    ]
    moq = inv.replenishment_quantity(8, minimum=10, maximum=12, minimum_order=10)
    assert moq.quantity == 10 and moq.above_maximum
    tiny = inv.replenishment_quantity(
        18, minimum=19, maximum=20, multiple=6, rounding=MultipleRounding.DOWN_WITHIN_MAX
    )
    assert tiny.quantity == 6 and "INVENTORY.REPLENISH.NO_MULTIPLE_WITHIN_MAX" in codes(tiny)
    fits = inv.replenishment_quantity(0, minimum=5, maximum=12, multiple=6)
    assert fits.quantity == 12 and "INVENTORY.REPLENISH.MULTIPLE" not in codes(fits)
    at_max = inv.replenishment_quantity(10, minimum=10, maximum=10, trigger=Trigger.LE)
    assert at_max.triggered and at_max.quantity == 0
    backorder = inv.replenishment_quantity(-5, minimum=0, maximum=20)
    assert backorder.quantity == 25
    with pytest.raises(InvalidInputError, match="maximum"):
        inv.replenishment_quantity(0, minimum=10, maximum=5)


def test_coverage_without_and_above() -> None:
    plain = inv.coverage_levels(15, minimum_days=3, target_days=5, maximum_days=7)
    assert plain.available is None and not plain.triggered and plain.proposal == 0
    assert codes(plain) == ["INVENTORY.COVERAGE.LEVELS"]
    above = inv.coverage_levels(15, minimum_days=3, target_days=5, maximum_days=7, available=120)
    assert above.above_maximum and not above.triggered
    within = inv.coverage_levels(15, minimum_days=3, target_days=5, maximum_days=7, available=60)
    assert not within.above_maximum and within.proposal == 0
    with pytest.raises(InvalidInputError, match="target_days"):
        inv.coverage_levels(15, minimum_days=5, target_days=3, maximum_days=7)


# ---------------------------------------------------------------- the split


def split(on_hand: object = 180, **overrides: object) -> inv.StockSplit:
    kwargs: dict[str, object] = {
        "policy": StockPolicy(20, 100),
        "demand": Demand(10, 3),
        "currency": "USD",
        "as_of": AS_OF,
        "unit_cost": 5,
    }
    kwargs.update(overrides)
    return inv.classify_on_hand(on_hand, **kwargs)  # type: ignore[arg-type]


def test_split_waterfall_order() -> None:
    result = split(200, committed=30)
    assert [b.quantity for b in result.buckets] == [30, 0, 20, 100, 50]
    assert [b.kind for b in result.buckets] == list(inv.BucketKind)
    assert result.policy_peak == 120 and result.obsolete_cause is None


def test_split_negative_on_hand_is_a_shortage() -> None:
    result = split(-7, on_order=200, committed=3)
    assert result.shortage == 7 and all(b.quantity == 0 for b in result.buckets)
    assert result.value == 0 and result.months_of_supply == 0
    assert result.excess_on_order == -7 + 200 - 3 - 120
    assert {"INVENTORY.SPLIT.NEGATIVE_ON_HAND", "INVENTORY.SPLIT.COMMITTED_UNCOVERED"} <= set(
        codes(result)
    )


@pytest.mark.parametrize(
    ("overrides", "cause", "slow"),
    [
        pytest.param({"end_of_life": True}, ObsoleteCause.END_OF_LIFE, False, id="end of life"),
        pytest.param({"demand": Demand(0)}, ObsoleteCause.NO_DEMAND, True, id="BHIMA unused_stock"),
        pytest.param(
            {"last_consumption": date(2025, 3, 30)},
            ObsoleteCause.NO_CONSUMPTION,
            True,
            id="SAP F2137 no consumption > 365 days",
        ),
    ],
)
def test_split_item_level_obsolescence(
    overrides: dict[str, object], cause: ObsoleteCause, slow: bool
) -> None:
    result = split(150, committed=10, on_order=40, **overrides)
    assert result.obsolete.quantity == 140 and result.obsolete_cause is cause
    assert result.committed.quantity == 10
    assert result.excess_on_order == 40  # every open order of an obsolete item is excess
    assert result.slow_moving is slow  # the tag is about movement, not about end of life


def test_split_dead_after_days_is_strict() -> None:
    assert split(last_consumption=date(2025, 3, 31)).obsolete_cause is None  # exactly 365 days
    assert (
        split(last_consumption=date(2026, 1, 1), dead_after_days=30).obsolete_cause
        is ObsoleteCause.NO_CONSUMPTION
    )


def test_split_expiry_risk_fefo() -> None:
    lots = (Lot(30, date(2026, 3, 31)), Lot(100, date(2026, 4, 10)), Lot(20, date(2026, 6, 1)))
    result = split(180, lots=lots, committed=5)
    # expired 30; lot 2: 5 committed + 10/day·10 days = 105 usable → 100 usable; lot 3: fine
    assert result.obsolete.quantity == 30 and result.obsolete_cause is ObsoleteCause.EXPIRY
    tight = split(180, lots=(Lot(150, date(2026, 4, 5)),), committed=5)
    assert tight.obsolete.quantity == 150 - 55
    no_risk = split(180, lots=(Lot(10, date(2026, 12, 31)),))
    assert no_risk.obsolete.quantity == 0 and no_risk.obsolete_cause is None


def test_split_rounding_to_supplier_multiple_is_not_excess() -> None:
    policy = StockPolicy(20, 100, order_multiple=48, minimum_order=120)
    assert policy.cycle_allowance == 144
    result = split(164, policy=policy)
    assert result.excess.quantity == 0 and result.cycle.quantity == 144
    assert "raised to the minimum order" in " ".join(r.message for r in result.reasons)
    assert StockPolicy(5, 0, order_multiple=10).cycle_allowance == 0


def test_split_policy_from_min_max() -> None:
    policy = StockPolicy.from_min_max(130, 330, lead_time_demand=90, order_multiple=25)
    assert (policy.safety_stock, policy.order_quantity, policy.peak) == (40, 200, 240)
    assert StockPolicy.from_min_max(50, 60, lead_time_demand=90).safety_stock == 0
    with pytest.raises(InvalidInputError, match="maximum"):
        StockPolicy.from_min_max(60, 50, lead_time_demand=0)


def test_split_values_by_fifo_layers() -> None:
    layers = (CostLayer(0, 9), CostLayer(50, 2), CostLayer(100, 3), CostLayer(50, 4))
    result = split(
        200, committed=30, cost_layers=layers, unit_cost=None, on_order=10, holding_rate=D("0.1")
    )
    # committed 30 @2; safety 20 @2; cycle 100 = 100@3; excess 50 @4 (newest)
    assert [b.value for b in result.buckets] == [
        D("60.00"),
        0,
        D("40.00"),
        D("300.00"),
        D("200.00"),
    ]
    assert result.excess_on_order_value == D("40.00")
    assert result.annual_carrying_cost == D("60.00")


def test_split_zero_value_and_zero_rate() -> None:
    free = split(50, unit_cost=0)
    assert free.value == 0 and all(b.value == 0 for b in free.buckets)
    no_rate = split(50)
    assert no_rate.annual_carrying_cost == 0 and no_rate.value == D("250.00")


def test_split_months_of_supply_and_slow_moving() -> None:
    monthly = split(1300, demand=Demand(100, period=TimeUnit.MONTH))
    assert monthly.months_of_supply == 13 and monthly.slow_moving
    assert "13.000000 months of supply" in " ".join(r.message for r in monthly.reasons)
    fresh = split(300, demand=Demand(100, period=TimeUnit.MONTH), slow_moving_months=24)
    assert not fresh.slow_moving


def test_split_explain_shows_buckets() -> None:
    text = split(200, committed=30).explain()
    assert "excess" in text and "INVENTORY.SPLIT.EXCESS" in text
    assert "<table>" in split()._repr_html_()


def test_days_of_supply_and_turns() -> None:
    assert inv.days_of_supply(40, Demand(15)) == D("2.666667")
    assert inv.days_of_supply(10, Demand(0)) is None
    assert inv.days_of_supply(70, Demand(7, period=TimeUnit.WEEK)) == 70
    assert inv.inventory_turns(1200, 300) == 4
    with pytest.raises(InvalidInputError, match="average_inventory"):
        inv.inventory_turns(1200, 0)
    with pytest.raises(TypeError, match="demand"):
        inv.days_of_supply(1, 3)  # type: ignore[arg-type]


# ---------------------------------------------------------------- reserves and ageing


MOS_TABLE = ReserveTable(
    ReserveBasis.MONTHS_OF_SUPPLY,
    (ReserveStep(0, 0), ReserveStep(6, D("0.25")), ReserveStep(12, D("0.5"))),
)


def test_reserve_on_excess_and_obsolete() -> None:
    result = split(
        1000, demand=Demand(100, period=TimeUnit.MONTH), lots=(Lot(100, date(2026, 1, 1)),)
    )
    assert result.obsolete.quantity == 100 and result.excess.quantity == 780
    reserve = inv.excess_and_obsolete_reserve(result, table=MOS_TABLE)
    assert reserve.obsolete_reserve == D("500.00")
    assert reserve.table_rate == D("0.25") and reserve.table_reserve == D("975.00")
    assert reserve.total == reserve.obsolete_reserve + reserve.table_reserve
    assert reserve.share_of_value == (reserve.total / result.value).quantize(D("0.000001"))
    whole = inv.excess_and_obsolete_reserve(
        result, table=MOS_TABLE, scope=ReserveScope.ALL_STOCK, obsolete_rate=D("0.8")
    )
    assert whole.table_value == result.value - result.obsolete.value
    assert whole.obsolete_reserve == D("400.00")


def test_reserve_without_stock_or_demand() -> None:
    empty = inv.excess_and_obsolete_reserve(split(-5), table=MOS_TABLE)
    assert empty.total == 0 and empty.share_of_value == 0
    no_demand = inv.excess_and_obsolete_reserve(
        split(10, demand=Demand(0), committed=4), table=MOS_TABLE, scope=ReserveScope.ALL_STOCK
    )
    assert no_demand.table_key is None and no_demand.table_rate == D("0.5")


def test_reserve_by_age() -> None:
    moves = [
        StockMovement(date(2024, 12, 1), 100, D(2)),
        StockMovement(date(2025, 6, 1), -30),
        StockMovement(date(2025, 12, 1), 50, D(3)),
        StockMovement(date(2026, 3, 1), 20, D("3.5")),
    ]
    ages = inv.fifo_age_buckets(moves, as_of=AS_OF, boundaries=(90, 180, 365), currency="USD")
    assert [b.quantity for b in ages.buckets] == [20, 50, 0, 70]
    assert [b.value for b in ages.buckets] == [D("70.00"), D("150.00"), 0, D("140.00")]
    assert ages.value == D("360.00") and ages.oldest_age_days == 485
    table = ReserveTable(ReserveBasis.AGE_DAYS, (ReserveStep(0, 0), ReserveStep(365, D("0.5"))))
    stock = split(
        140, policy=StockPolicy(20, 50), demand=Demand(5, period=TimeUnit.MONTH), unit_cost=3
    )
    excess_only = inv.excess_and_obsolete_reserve(stock, table=table, ages=ages)
    assert excess_only.table_rate == 0 and excess_only.table_key is not None  # newest 70 units
    everything = inv.excess_and_obsolete_reserve(
        stock, table=table, ages=ages, scope=ReserveScope.ALL_STOCK
    )
    assert everything.table_rate == D("0.25") and everything.table_reserve == D("105.00")
    none_in_scope = inv.excess_and_obsolete_reserve(
        split(70, policy=StockPolicy(20, 50), unit_cost=3),
        table=table,
        ages=inv.fifo_age_buckets([StockMovement(date(2024, 1, 1), 70)], as_of=AS_OF),
    )
    assert none_in_scope.table_key is None and none_in_scope.table_reserve == 0
    with pytest.raises(InvalidInputError, match="ages"):
        inv.excess_and_obsolete_reserve(stock, table=table)
    with pytest.raises(InvalidInputError, match="holding the split's on-hand"):
        inv.excess_and_obsolete_reserve(split(10), table=table, ages=ages)


def test_ageing_details() -> None:
    moves = [
        StockMovement(date(2026, 4, 2), 5),
        StockMovement(date(2026, 3, 1), 0),
        StockMovement(date(2026, 3, 2), 8),
    ]
    profile = inv.fifo_age_buckets(moves, as_of=AS_OF)
    assert profile.quantity == 8 and "INVENTORY.AGEING.FUTURE_IGNORED" in codes(profile)
    assert profile.value is None and profile.buckets[0].value is None
    assert profile.average_age_days == 29
    empty = inv.fifo_age_buckets([], as_of=AS_OF, currency="EUR")
    assert empty.average_age_days is None and empty.oldest_age_days is None and empty.value == 0
    assert "0-30" in profile.explain() and "91+" in profile.explain()
    exact_issue = inv.fifo_age_buckets(
        [
            StockMovement(date(2026, 3, 1), 10),
            StockMovement(date(2026, 3, 2), -10),
            StockMovement(date(2026, 3, 3), -4),
            StockMovement(date(2026, 3, 4), 4),
        ],
        as_of=AS_OF,
    )
    assert exact_issue.quantity == 0 and exact_issue.slots == ()
    deeper = inv.fifo_age_buckets(
        [
            StockMovement(date(2026, 3, 1), 5),
            StockMovement(date(2026, 3, 2), -10),
            StockMovement(date(2026, 3, 3), -3),
        ],
        as_of=AS_OF,
    )
    assert deeper.negative_balance == 8 and deeper.quantity == -8


def test_reserve_table_validation() -> None:
    with pytest.raises(InvalidInputError, match="at least one step"):
        ReserveTable(ReserveBasis.AGE_DAYS, ())
    with pytest.raises(InvalidInputError, match="strictly increasing"):
        ReserveTable(ReserveBasis.AGE_DAYS, (ReserveStep(10, 0), ReserveStep(10, 1)))
    with pytest.raises(InvalidInputError, match="never falls"):
        ReserveTable(ReserveBasis.AGE_DAYS, (ReserveStep(0, 1), ReserveStep(10, 0)))
    with pytest.raises(TypeError, match="ReserveStep"):
        ReserveTable(ReserveBasis.AGE_DAYS, ((0, 1),))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="rate must be a fraction"):
        ReserveStep(0, 2)
    with pytest.raises(InvalidInputError, match="key"):
        MOS_TABLE.rate_for(D(-1))


def test_reserve_by_age_rounds_once_to_the_cent() -> None:
    """Identity: 3 units at 1,000,000, one of them at 100 % and two at 0 % → exactly 1,000,000.00.

    A weighted rate rounded to 6 places first (0.333333) would book 999,999.00.
    """
    ages = inv.fifo_age_buckets(
        [
            StockMovement(date(2025, 1, 1), 1, D(10**6)),
            StockMovement(date(2026, 3, 1), 2, D(10**6)),
        ],
        as_of=AS_OF,
    )
    table = ReserveTable(ReserveBasis.AGE_DAYS, (ReserveStep(0, 0), ReserveStep(365, 1)))
    stock = split(3, policy=StockPolicy(0, 0), unit_cost=10**6)
    assert stock.excess.value == D("3000000.00")
    reserve = inv.excess_and_obsolete_reserve(stock, table=table, ages=ages)
    assert reserve.table_reserve == D("1000000.00") and reserve.total == D("1000000.00")
    assert reserve.table_rate == D("0.333333333333333")
    assert reserve.share_of_value == D("0.333333")


def test_months_of_supply_never_rounds_up_into_the_next_reserve_row() -> None:
    """1,199.99996 units at 100 a month is 11.9999996 months: not 12, not slow-moving at 12."""
    table = ReserveTable(
        ReserveBasis.MONTHS_OF_SUPPLY, (ReserveStep(0, 0), ReserveStep(12, D("0.5")))
    )
    monthly = Demand(100, period=TimeUnit.MONTH)
    below = split(D("1199.99996"), policy=StockPolicy(0, 0), demand=monthly)
    assert below.months_of_supply == D("11.999999") and not below.slow_moving
    assert inv.excess_and_obsolete_reserve(below, table=table).table_rate == 0
    above = split(D("1200.00004"), policy=StockPolicy(0, 0), demand=monthly)
    assert above.months_of_supply == 12 and above.slow_moving  # 12.0000004 > 12
    assert inv.excess_and_obsolete_reserve(above, table=table).table_rate == D("0.5")
    # identity: 3,650 units at 10 a day on a 365-day year is exactly 12 months
    daily = split(3650, policy=StockPolicy(0, 0), demand=Demand(10))
    assert daily.months_of_supply == 12 and not daily.slow_moving
    assert inv.excess_and_obsolete_reserve(daily, table=table).table_rate == D("0.5")


def test_excess_on_order_of_an_obsolete_item_first_fills_the_backorders() -> None:
    """−10 on hand (backorders) and 100 on order for an end-of-life item: 90 land as excess."""
    result = split(-10, end_of_life=True, on_order=100)
    assert result.shortage == 10 and result.excess_on_order == 90
    assert result.excess_on_order_value == D("450.00")
    with_reservations = split(-10, end_of_life=True, on_order=100, committed=5)
    assert with_reservations.excess_on_order == 85
    # the same netting as a live item with no safety or cycle stock
    live = split(-10, on_order=100, committed=5, policy=StockPolicy(0, 0))
    assert live.excess_on_order == with_reservations.excess_on_order


def test_newsvendor_with_a_zero_cost_evaluates_a_given_level() -> None:
    """h = 0: the cost of a given level is p·E[(D − S)⁺] alone (identity with FoSCT Ex 4.1 data)."""
    result = inv.newsvendor(
        Demand(50, 8), holding_cost=0, shortage_cost=D("0.70"), currency="CLF", level=60
    )
    assert result.expected_cost == (D("0.70") * 8 * inv.standard_normal_loss(D("1.25"))).quantize(
        D("0.0001")
    )


def test_coverage_trigger_is_a_parameter() -> None:
    """SAP replenishes below the minimum; at exactly the minimum only LE proposes an order."""
    at_min = {"minimum_days": 3, "target_days": 5, "maximum_days": 7, "available": 45}
    assert inv.coverage_levels(15, **at_min).proposal == 0  # type: ignore[arg-type]
    le = inv.coverage_levels(15, **at_min, trigger=Trigger.LE)  # type: ignore[arg-type]
    assert le.triggered and le.proposal == 30
    assert "at or below the minimum" in le.explain()


def test_minimum_order_above_max_says_so() -> None:
    result = inv.replenishment_quantity(
        0,
        minimum=5,
        maximum=20,
        multiple=3,
        minimum_order=25,
        rounding=MultipleRounding.DOWN_WITHIN_MAX,
    )
    assert result.quantity == 27 and result.above_maximum
    assert "the minimum order 25 exceeds the need 20" in result.explain()


# ---------------------------------------------------------------- review_stock


def test_review_stock_sources_of_the_safety_target() -> None:
    base = {
        "sku": "A",
        "on_hand": 150,
        "unit_cost": 2,
        "currency": "EUR",
        "demand": Demand(10, 3),
        "lead_time": LeadTime(9),
        "order_quantity": 100,
    }
    agreed = inv.review_stock(
        inv.StockItem(**base, safety_stock=30, service_level=D("0.95")), as_of=AS_OF
    )  # type: ignore[arg-type]
    assert agreed.safety_stock is None and agreed.split.safety_target == 30
    assert codes(agreed)[0] == "INVENTORY.REVIEW.AGREED_SAFETY"
    computed = inv.review_stock(inv.StockItem(**base, fill_rate=D("0.99")), as_of=AS_OF)  # type: ignore[arg-type]
    assert (
        computed.safety_stock is not None
        and computed.safety_stock.method is inv.SafetyMethod.FILL_RATE
    )
    assert "fill rate" in computed.explain()
    plain = inv.review_stock(
        inv.StockItem(**{**base, "order_quantity": 0}, service_level=D("0.9")),
        as_of=AS_OF,  # type: ignore[arg-type]
    )
    assert plain.safety_stock is not None and plain.safety_stock.fill_rate is None
    assert "fill rate" not in plain.explain().split("\n")[2]
    nothing = inv.review_stock(inv.StockItem(**base), as_of=AS_OF)  # type: ignore[arg-type]
    assert nothing.split.safety_target == 0 and codes(nothing)[0] == "INVENTORY.REVIEW.NO_SAFETY"
    assert "slow-moving: no" in nothing.explain()
    with pytest.raises(TypeError, match="item"):
        inv.review_stock(base, as_of=AS_OF)  # type: ignore[arg-type]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        pytest.param(
            lambda: Demand(1.5),
            TypeError,
            "mean must be a Decimal or int, not float",
            id="float demand",
        ),
        pytest.param(
            lambda: Demand(D("NaN")),
            InvalidInputError,
            "mean must be a finite number",
            id="NaN demand",
        ),
        pytest.param(
            lambda: Demand(-1), InvalidInputError, "mean must be >= 0", id="negative demand"
        ),
        pytest.param(
            lambda: LeadTime(2, D("-1")),
            InvalidInputError,
            "sd must be >= 0",
            id="negative lead time sd",
        ),
        pytest.param(
            lambda: Demand(1, period="fortnight"),
            InvalidInputError,
            "period must be one of 'day', 'week', 'month', 'year': 'fortnight'",
            id="unknown unit",
        ),
        pytest.param(
            lambda: Demand(1, distribution="gamma"),
            InvalidInputError,
            "distribution must be one of 'normal', 'poisson'",
            id="unknown distribution",
        ),
        pytest.param(
            lambda: Demand(1, pattern="spiky"),
            InvalidInputError,
            "pattern must be one of",
            id="unknown pattern",
        ),
        pytest.param(
            lambda: LeadTime(1, period="hour"),
            InvalidInputError,
            "period must be one of",
            id="unknown lead time unit",
        ),
        pytest.param(
            lambda: inv.describe_demand([1, 2], period="fortnight"),
            InvalidInputError,
            "period must be one of",
            id="unknown series unit",
        ),
        pytest.param(
            lambda: inv.carrying_cost(1, annual_rate=D("0.1"), currency="USD", period="decade"),
            InvalidInputError,
            "period must be one of",
            id="unknown carrying period",
        ),
        pytest.param(
            lambda: inv.replenishment_quantity(0, minimum=1, maximum=2, trigger="<"),
            InvalidInputError,
            "trigger must be one of 'lt', 'le': '<'",
            id="unknown trigger",
        ),
        pytest.param(
            lambda: inv.replenishment_quantity(0, minimum=1, maximum=2, rounding="nearest"),
            InvalidInputError,
            "rounding must be one of",
            id="unknown rounding",
        ),
        pytest.param(
            lambda: inv.evaluate_policy(
                1, 5, demand=Demand(1), lead_time=LeadTime(1), trigger="below"
            ),
            InvalidInputError,
            "trigger must be one of",
            id="unknown evaluation trigger",
        ),
        pytest.param(
            lambda: ReserveTable("coverage", (ReserveStep(0, 0),)),
            InvalidInputError,
            "basis must be one of",
            id="unknown reserve basis",
        ),
        pytest.param(
            lambda: inv.excess_and_obsolete_reserve(split(), table=MOS_TABLE, scope="some"),
            InvalidInputError,
            "scope must be one of",
            id="unknown reserve scope",
        ),
        pytest.param(
            lambda: inv.newsvendor(
                Demand(50, 8), holding_cost=0, shortage_cost=D("0.7"), currency="USD"
            ),
            InvalidInputError,
            "holding_cost must be > 0 to optimise the level",
            id="newsvendor optimum without holding cost",
        ),
        pytest.param(
            lambda: inv.newsvendor(
                Demand(50, distribution=POISSON),
                holding_cost=D("0.18"),
                shortage_cost=0,
                currency="USD",
            ),
            InvalidInputError,
            "shortage_cost must be > 0 to optimise the level",
            id="newsvendor optimum without shortage cost",
        ),
        pytest.param(
            lambda: inv.StockItem(
                sku="a", on_hand=1.5, unit_cost=1, currency="USD", demand=Demand(1)
            ),
            TypeError,
            "on_hand must be a Decimal or int, not float",
            id="item float on-hand",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.StockItem(
                sku="a", on_hand=D("NaN"), unit_cost=1, currency="USD", demand=Demand(1)
            ),
            InvalidInputError,
            "on_hand must be a finite number",
            id="item NaN on-hand",
        ),
        pytest.param(
            lambda: inv.z_for_service_level(D(1)),
            InvalidInputError,
            "strictly between 0 and 1",
            id="service level 1",
        ),
        pytest.param(
            lambda: inv.z_for_service_level(0.95),
            TypeError,
            "service_level",
            id="float service level",
        ),
        pytest.param(
            lambda: inv.z_for_service_level(D("0.99999999999999999999")),
            InvalidInputError,
            "tell apart from 0 and 1",
            id="service level 1 as a double",
        ),
        pytest.param(
            lambda: inv.z_for_service_level(D("1e-400")),
            InvalidInputError,
            "tell apart from 0 and 1",
            id="service level 0 as a double",
        ),
        pytest.param(
            lambda: inv.service_level_for_z(D("1e400")),
            InvalidInputError,
            "z must be a number below 10",
            id="huge z",
        ),
        pytest.param(
            lambda: inv.inverse_standard_normal_loss(D(0)),
            InvalidInputError,
            "loss must be > 0",
            id="zero loss",
        ),
        pytest.param(
            lambda: inv.poisson_cdf(1.5, D(1)), TypeError, "q must be an int", id="float q"
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.poisson_loss(1, D(-1)),
            InvalidInputError,
            "mean must be >= 0",
            id="negative Poisson mean",
        ),
        pytest.param(
            lambda: inv.poisson_loss(1, D(2_000_000)),
            InvalidInputError,
            "Poisson sums",
            id="huge Poisson mean",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1)),
            InvalidInputError,
            "exactly one service target",
            id="no target",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1), z=1, service_level=D("0.9")),
            InvalidInputError,
            "exactly one",
            id="two targets",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1), z=D("1e400")),
            InvalidInputError,
            "z must be a number below 10",
            id="huge z override",
        ),
        pytest.param(
            # (r - μ) / σ = 1e100 / 1e-300 = 1e400: no double holds the service factor.
            lambda: inv.evaluate_policy(
                D("1E+100"), D(10), demand=Demand(0, D("1E-300")), lead_time=LeadTime(1)
            ),
            InvalidInputError,
            "reorder_point must be within the range of a double",
            id="service factor beyond a double",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1), fill_rate=D(95), order_quantity=1),
            InvalidInputError,
            "95 % is 0.95",
            id="percent fill rate",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1), z=1, review_period=-1),
            InvalidInputError,
            "review_period",
            id="negative review",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1), z=1, days_per_year=0),
            InvalidInputError,
            "days_per_year",
            id="zero day basis",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1), z=1, order_quantity=0),
            InvalidInputError,
            "order_quantity",
            id="zero lot",
        ),
        pytest.param(
            lambda: inv.safety_stock(Demand(1), LeadTime(1), z=1, round_up_to=0),
            InvalidInputError,
            "round_up_to",
            id="zero rounding step",
        ),
        pytest.param(
            lambda: inv.safety_stock({"mean": 1}, LeadTime(1), z=1),
            TypeError,
            "demand must be a Demand",
            id="dict demand",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.economic_order_quantity(0, order_cost=1, holding_cost=1, currency="USD"),
            InvalidInputError,
            "annual_demand",
            id="EOQ no demand",
        ),
        pytest.param(
            lambda: inv.economic_order_quantity(10, order_cost=1, holding_cost=1, currency="XYZ"),
            UnknownCurrencyError,
            "currency",
            id="EOQ currency",
        ),
        pytest.param(
            lambda: inv.economic_order_quantity(
                10, order_cost=1, holding_cost=1, currency="USD", curve=(0,)
            ),
            InvalidInputError,
            "curve",
            id="EOQ curve",
        ),
        pytest.param(
            lambda: inv.describe_demand([1], period=TimeUnit.DAY),
            InvalidInputError,
            "more than ddof=1",
            id="one observation",
        ),
        pytest.param(
            lambda: inv.describe_demand([1, 0], period=TimeUnit.DAY, include_zeros=False),
            InvalidInputError,
            "non-zero periods",
            id="one non-zero",
        ),
        pytest.param(
            lambda: inv.describe_demand([1, -2], period=TimeUnit.DAY),
            InvalidInputError,
            "series\\[1\\]",
            id="negative demand period",
        ),
        pytest.param(
            lambda: inv.describe_demand([1, 2], period=TimeUnit.DAY, include_zeros=1),
            TypeError,
            "include_zeros",
            id="int flag",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.describe_demand([1.0, 2], period=TimeUnit.DAY),
            TypeError,
            "series\\[0\\]",
            id="float in series",
        ),  # type: ignore[list-item]
        pytest.param(lambda: split(1.5), TypeError, "on_hand", id="float on-hand"),
        pytest.param(
            lambda: split(10, currency="usd"),
            UnknownCurrencyError,
            "currency",
            id="lower-case currency",
        ),
        pytest.param(
            lambda: split(10, committed=-1), InvalidInputError, "committed", id="negative committed"
        ),
        pytest.param(
            lambda: split(10, holding_rate=25),
            InvalidInputError,
            "2 % is 0.02",
            id="percent holding rate",
        ),
        pytest.param(
            lambda: split(10, unit_cost=None),
            InvalidInputError,
            "exactly one of the two",
            id="no valuation",
        ),
        pytest.param(
            lambda: split(10, cost_layers=(CostLayer(10, 1),)),
            InvalidInputError,
            "exactly one of the two",
            id="two valuations",
        ),
        pytest.param(
            lambda: split(10, unit_cost=None, cost_layers=(CostLayer(9, 1),)),
            InvalidInputError,
            "summing to on_hand",
            id="layers short",
        ),
        pytest.param(
            lambda: split(10, unit_cost=None, cost_layers=((10, 1),)),
            TypeError,
            "cost_layers\\[0\\]",
            id="tuple layer",
        ),
        pytest.param(
            lambda: split(10, lots=(Lot(11, AS_OF),)),
            InvalidInputError,
            "lots totalling",
            id="lots above on-hand",
        ),
        pytest.param(
            lambda: split(10, lots=((1, AS_OF),)), TypeError, "lots\\[0\\]", id="tuple lot"
        ),
        pytest.param(
            lambda: split(10, last_consumption=date(2026, 4, 1)),
            InvalidInputError,
            "on or before as_of",
            id="future consumption",
        ),
        pytest.param(lambda: split(10, as_of="2026-03-31"), TypeError, "as_of", id="string date"),
        pytest.param(lambda: split(10, end_of_life=1), TypeError, "end_of_life", id="int flag EOL"),
        pytest.param(
            lambda: split(10, dead_after_days=-1),
            InvalidInputError,
            "dead_after_days",
            id="negative dead days",
        ),
        pytest.param(
            lambda: split(10, policy=(20, 100)),
            TypeError,
            "policy must be a StockPolicy",
            id="tuple policy",
        ),
        pytest.param(
            lambda: split(10, demand=10), TypeError, "demand must be a Demand", id="number demand"
        ),
        pytest.param(
            lambda: StockPolicy(-1, 10),
            InvalidInputError,
            "safety_stock must be >= 0",
            id="negative safety",
        ),
        pytest.param(
            lambda: StockPolicy(1, 10, order_multiple=0),
            InvalidInputError,
            "order_multiple must be > 0",
            id="zero multiple",
        ),
        pytest.param(lambda: Lot(5, "2026-01-01"), TypeError, "expiry", id="string expiry"),  # type: ignore[arg-type]
        pytest.param(lambda: StockMovement(AS_OF, 1.0), TypeError, "quantity", id="float movement"),  # type: ignore[arg-type]
        pytest.param(
            lambda: StockMovement(AS_OF, 1, D(-1)),
            InvalidInputError,
            "unit_cost",
            id="negative movement cost",
        ),
        pytest.param(
            lambda: inv.fifo_age_buckets([], as_of=AS_OF, boundaries=()),
            InvalidInputError,
            "at least one boundary",
            id="no boundaries",
        ),
        pytest.param(
            lambda: inv.fifo_age_buckets([], as_of=AS_OF, boundaries=(30, 30)),
            InvalidInputError,
            "strictly increasing",
            id="flat boundaries",
        ),
        pytest.param(
            lambda: inv.fifo_age_buckets([StockMovement(AS_OF, 1)], as_of=AS_OF, currency="USD"),
            InvalidInputError,
            "unit_cost",
            id="receipt without cost",
        ),
        pytest.param(
            lambda: inv.fifo_age_buckets([(AS_OF, 1)], as_of=AS_OF),
            TypeError,
            "movements\\[0\\]",
            id="tuple movement",
        ),  # type: ignore[list-item]
        pytest.param(
            lambda: inv.excess_and_obsolete_reserve("x", table=MOS_TABLE),
            TypeError,
            "split",
            id="reserve of text",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.excess_and_obsolete_reserve(split(), table={}),
            TypeError,
            "table",
            id="reserve dict table",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.excess_and_obsolete_reserve(split(), table=MOS_TABLE, ages=[]),
            TypeError,
            "ages",
            id="reserve list ages",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.excess_and_obsolete_reserve(split(), table=MOS_TABLE, obsolete_rate=2),
            InvalidInputError,
            "obsolete_rate",
            id="reserve rate 2",
        ),
        pytest.param(
            lambda: inv.carrying_cost(1, annual_rate=D("0.1"), currency="USD", duration=-1),
            InvalidInputError,
            "duration",
            id="negative duration",
        ),
        pytest.param(
            lambda: inv.StockItem(sku=1, on_hand=1, unit_cost=1, currency="USD", demand=Demand(1)),
            TypeError,
            "sku",
            id="int sku",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.StockItem(sku="a", on_hand=1, unit_cost=1, currency="US", demand=Demand(1)),
            UnknownCurrencyError,
            "currency",
            id="item currency",
        ),
        pytest.param(
            lambda: inv.StockItem(
                sku="a", on_hand=1, unit_cost=1, currency="USD", demand=Demand(1), end_of_life="no"
            ),
            TypeError,
            "end_of_life",
            id="item flag",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.StockItem(
                sku="a",
                on_hand=1,
                unit_cost=1,
                currency="USD",
                demand=Demand(1),
                service_level=D(95),
            ),
            InvalidInputError,
            "service_level",
            id="item percent service level",
        ),
        pytest.param(
            lambda: inv.StockItem(
                sku="a", on_hand=1, unit_cost=1, currency="USD", demand=Demand(1), holding_rate=25
            ),
            InvalidInputError,
            "holding_rate",
            id="item percent holding rate",
        ),
        pytest.param(
            lambda: inv.StockItem(
                sku="a", on_hand=1, unit_cost=1, currency="USD", demand=Demand(1), order_multiple=0
            ),
            InvalidInputError,
            "order_multiple",
            id="item multiple",
        ),
        pytest.param(
            lambda: inv.StockItem(
                sku="a",
                on_hand=1,
                unit_cost=1,
                currency="USD",
                demand=Demand(1),
                last_consumption="2026-01-01",
            ),
            TypeError,
            "last_consumption",
            id="item date",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: inv.review_stock(
                inv.StockItem(sku="a", on_hand=1, unit_cost=1, currency="USD", demand=Demand(1)),
                as_of=AS_OF,
                dead_after_days=-1,
            ),
            InvalidInputError,
            "dead_after_days",
            id="review dead days",
        ),
    ],
)
def test_invalid_input_is_refused(call: object, error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()  # type: ignore[operator]
