"""Tests of the (r, Q), (s, S) and base-stock policies in spendrules.inventory.

Expected values are published ones: stockpyl's test cases (each row's id
cites the stockpyl test function, the tolerance is stated in the row), the
worked examples of Snyder & Shen, *Fundamentals of Supply Chain Theory*
(FoSCT), and identities (the exact optimum is never dearer than an
approximation; a brute-force search over (r, Q) with an independent Poisson
cost written here finds the same optimum; cost parts sum to the total).

Tolerances: r and Q are reported to 6 decimal places, so a stockpyl figure
given to 7 places (``assertAlmostEqual``) is compared with ``abs=1e-6`` (the
half-unit of the 6th place plus stockpyl's own search tolerance of 1e-6);
stockpyl's looser rows keep its looser tolerance. Costs are compared to the
cent (rounded output) and, through ``unrounded=True``, to ``rel=1e-12`` (15
significant digits against a double).
"""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules import inventory as inv
from spendrules._inventory import rq as rq_module
from spendrules.errors import InvalidInputError
from spendrules.inventory import (
    Demand,
    DemandPattern,
    Distribution,
    LeadTime,
    RQMethod,
    SSMethod,
    TimeUnit,
)
from spendrules.money import quantize
from spendrules.results import Severity

D = Decimal
POISSON = Distribution.POISSON

# stockpyl instances (src/stockpyl/datasets/stockpyl_instances.json), in spendrules terms:
# demand per year with the lead time in months or days gives stockpyl's fractional lead time
# exactly (1/12 year; 4/365 year).
INSTANCES = {
    "example_5_1": (
        Demand(1300, 150, TimeUnit.YEAR),
        LeadTime(1, period=TimeUnit.MONTH),
        D("0.225"),
        D("7.5"),
        D(8),
    ),
    "problem_5_1": (
        Demand(800, 40, TimeUnit.YEAR),
        LeadTime(4, period=TimeUnit.DAY),
        D("3.1"),
        D(45),
        D(50),
    ),
    # h = 0.21428571428571427 is stockpyl's double for 1.5/7 per week; passed as that double's text.
    "problem_5_3": (
        Demand(192, D("17.4"), TimeUnit.WEEK),
        LeadTime(3, period=TimeUnit.WEEK),
        D("0.21428571428571427"),
        D(40),
        D(85),
    ),
    "example_5_8": (
        Demand(D("1.5"), distribution=POISSON),
        LeadTime(2),
        D(20),
        D(150),
        D(100),
    ),
    "problem_5_2": (Demand(12, distribution=POISSON), LeadTime(D("0.5")), D(4), D(28), D(4)),
}


def _policy(name: str, method: RQMethod = RQMethod.EXACT) -> inv.RQPolicy:
    demand, lead_time, h, p, k = INSTANCES[name]
    return inv.rq_policy(
        demand,
        lead_time,
        holding_cost=h,
        shortage_cost=p,
        order_cost=k,
        currency="USD",
        method=method,
        unrounded=True,
    )


# --- stockpyl tests/test_rq.py ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "r", "q", "expected"),
    [
        pytest.param(
            "example_5_1",
            D("126.8"),
            D("328.5"),
            78.071162509282942,
            id="stockpyl test_rq.py::TestrQCost::test_example_5_1 (126.8, 328.5), cent and rel 1e-12",
        ),
        pytest.param(
            "example_5_1",
            D(100),
            D(250),
            87.346478028174985,
            id="stockpyl test_rq.py::TestrQCost::test_example_5_1 (100, 250), cent and rel 1e-12",
        ),
        pytest.param(
            "problem_5_1",
            D("-1.9859"),
            D("166.95"),
            4.842110418415538e02,
            id="stockpyl test_rq.py::TestrQCost::test_problem_5_1 (-1.9859, 166.95), cent and rel 1e-12",
        ),
        pytest.param(
            "problem_5_1",
            D(100),
            D(250),
            8.303219178082192e02,
            id="stockpyl test_rq.py::TestrQCost::test_problem_5_1 (100, 250), cent and rel 1e-12",
        ),
        pytest.param(
            "example_5_8",
            D(3),
            D(5),
            1.079235806331498e02,
            id="stockpyl test_rq.py::TestrQCostPoisson::test_example_5_8 (3, 5), cent and rel 1e-12",
        ),
        pytest.param(
            "example_5_8",
            D(8),
            D(12),
            2.425281637662021e02,
            id="stockpyl test_rq.py::TestrQCostPoisson::test_example_5_8 (8, 12), cent and rel 1e-12",
        ),
        pytest.param(
            "problem_5_2",
            D(6),
            D(7),
            28.241312842169155,
            id="stockpyl test_rq.py::TestrQCostPoisson::test_problem_5_2 (6, 7), cent and rel 1e-12",
        ),
        pytest.param(
            "problem_5_2",
            D(3),
            D(9),
            34.264154469469503,
            id="stockpyl test_rq.py::TestrQCostPoisson::test_problem_5_2 (3, 9), cent and rel 1e-12",
        ),
    ],
)
def test_stockpyl_rq_cost(name: str, r: Decimal, q: Decimal, expected: float) -> None:
    """The cost of a given (r, Q) is evaluate_policy's: to the cent (half up), and to 12
    significant digits unrounded."""
    demand, lead_time, h, p, k = INSTANCES[name]
    ev = inv.evaluate_policy(
        r,
        q,
        demand=demand,
        lead_time=lead_time,
        holding_cost=h,
        shortage_cost=p,
        order_cost=k,
        currency="USD",
        unrounded=True,
    )
    assert ev.expected_cost == quantize(D(repr(expected)), "USD")
    assert ev.expected_cost_unrounded is not None
    assert float(ev.expected_cost_unrounded) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("name", "q", "expected"),
    [
        pytest.param(
            "example_5_1",
            318,
            1.277880348669655e02,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_example_5_1 Q=318, abs 1e-6",
        ),
        pytest.param(
            "example_5_1",
            150,
            1.471949581740714e02,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_example_5_1 Q=150, abs 1e-6",
        ),
        pytest.param(
            "example_5_1",
            750,
            99.853773396165280,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_example_5_1 Q=750, abs 1e-6",
        ),
        pytest.param(
            "problem_5_1",
            318,
            -11.727678833180178,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_problem_5_1 Q=318, abs 1e-6",
        ),
        pytest.param(
            "problem_5_1",
            150,
            -0.885130303271656,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_problem_5_1 Q=150, abs 1e-6",
        ),
        pytest.param(
            "problem_5_1",
            750,
            -39.569675038859785,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_problem_5_1 Q=750, abs 1e-6",
        ),
        pytest.param(
            "problem_5_3",
            318,
            6.121331312304716e02,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_problem_5_3 Q=318, abs 1e-6",
        ),
        pytest.param(
            "problem_5_3",
            150,
            6.225171783526781e02,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_problem_5_3 Q=150, abs 1e-6",
        ),
        pytest.param(
            "problem_5_3",
            750,
            5.984126476551643e02,
            id="stockpyl test_rq.py::TestrQOptimalrForQ::test_problem_5_3 Q=750, abs 1e-6",
        ),
    ],
)
def test_stockpyl_optimal_r_for_q(name: str, q: int, expected: float) -> None:
    demand, lead_time, h, p, _ = INSTANCES[name]
    result = inv.optimal_reorder_point(
        q, demand=demand, lead_time=lead_time, holding_cost=h, shortage_cost=p
    )
    assert float(result.reorder_point) == pytest.approx(expected, abs=1e-6)
    assert result.expected_cost is None
    assert result.safety_stock == result.reorder_point - result.mean


_APPROXIMATIONS = [
    # (stockpyl test id, instance, method, r, Q, tolerance)
    (
        "TestrQEILApproximation::test_example_5_2",
        "example_5_1",
        RQMethod.EXPECTED_INVENTORY_LEVEL,
        2.139704421358024e02,
        3.185901810768729e02,
        1e-6,
    ),
    (
        "TestrQEILApproximation::test_problem_5_1a",
        "problem_5_1",
        RQMethod.EXPECTED_INVENTORY_LEVEL,
        17.972649360167715,
        1.621231617283653e02,
        1e-6,
    ),
    (
        "TestrQEILApproximation::test_problem_5_3a",
        "problem_5_3",
        RQMethod.EXPECTED_INVENTORY_LEVEL,
        6.448385303830128e02,
        4.007559793125993e02,
        1e-6,
    ),
    (
        "TestrQEOQBApproximation::test_example_5_4",
        "example_5_1",
        RQMethod.EOQ_BACKORDERS,
        1.286378144242710e02,
        3.085737801203754e02,
        1e-6,
    ),
    (
        "TestrQEOQBApproximation::test_problem_5_1b",
        "problem_5_1",
        RQMethod.EOQ_BACKORDERS,
        -1.929822185100239,
        1.660850065197970e02,
        1e-6,
    ),
    (
        "TestrQEOQBApproximation::test_problem_5_3b",
        "problem_5_3",
        RQMethod.EOQ_BACKORDERS,
        6.090252058220594e02,
        3.913259510944808e02,
        1e-6,
    ),
    (
        "TestrQEOQSSApproximation::test_example_5_5",
        "example_5_1",
        RQMethod.EOQ_SS,
        1.903369965715624e02,
        3.040467800264368e02,
        1e-6,
    ),
    (
        "TestrQEOQSSApproximation::test_problem_5_1c",
        "problem_5_1",
        RQMethod.EOQ_SS,
        15.125515371852014,
        1.606438657804998e02,
        1e-6,
    ),
    (
        "TestrQEOQSSApproximation::test_problem_5_3c",
        "problem_5_3",
        RQMethod.EOQ_SS,
        6.529638947041127e02,
        3.902819493648150e02,
        1e-6,
    ),
    # stockpyl compares these to 5 (5.1d, 5.6) and 4 (5.3d) places: its fixed point stops
    # when successive iterates move less than 1e-6.
    (
        "TestrQLossFunctionApproximation::test_example_5_6",
        "example_5_1",
        RQMethod.LOSS_FUNCTION,
        1.268670642878315e02,
        3.284491413581765e02,
        1e-5,
    ),
    (
        "TestrQLossFunctionApproximation::test_problem_5_1d",
        "problem_5_1",
        RQMethod.LOSS_FUNCTION,
        -1.985868645048718,
        1.669501022040942e02,
        1e-5,
    ),
    (
        "TestrQLossFunctionApproximation::test_problem_5_3d",
        "problem_5_3",
        RQMethod.LOSS_FUNCTION,
        6.085445118000358e02,
        4.038060023373138e02,
        1e-4,
    ),
]


@pytest.mark.parametrize(
    ("name", "method", "r", "q", "tolerance"),
    [
        pytest.param(*row[1:], id=f"stockpyl test_rq.py::{row[0]}, abs {row[5]}")
        for row in _APPROXIMATIONS
    ],
)
def test_stockpyl_rq_approximations(
    name: str, method: RQMethod, r: float, q: float, tolerance: float
) -> None:
    result = _policy(name, method)
    assert result.method is method
    assert float(result.reorder_point) == pytest.approx(r, abs=tolerance)
    assert float(result.order_quantity) == pytest.approx(q, abs=tolerance)


@pytest.mark.parametrize(
    ("name", "cost"),
    [
        pytest.param(
            "example_5_1",
            95.451140222851961,
            id="stockpyl test_rq.py::TestrQEILApproximation::test_example_5_2 cost, rel 1e-9",
        ),
        pytest.param(
            "problem_5_1",
            5.311189321826714e02,
            id="stockpyl test_rq.py::TestrQEILApproximation::test_problem_5_1a cost, rel 1e-9",
        ),
        pytest.param(
            "problem_5_3",
            1.006273949347740e02,
            id="stockpyl test_rq.py::TestrQEILApproximation::test_problem_5_3a cost, rel 1e-9",
        ),
    ],
)
def test_stockpyl_eil_cost(name: str, cost: float) -> None:
    """The EIL objective at the fixed point (r, Q rounded to 6 places: rel 1e-9)."""
    result = _policy(name, RQMethod.EXPECTED_INVENTORY_LEVEL)
    assert result.approximate_cost_unrounded is not None
    assert float(result.approximate_cost_unrounded) == pytest.approx(cost, rel=1e-9)
    assert result.approximate_cost == quantize(D(repr(cost)), "USD")
    assert [r.code for r in result.reasons].count("INVENTORY.RQ.APPROXIMATE_COST") == 1


@pytest.mark.parametrize(
    ("name", "r", "q", "cost"),
    [
        pytest.param(
            "example_5_8",
            3,
            5,
            1.079235806331498e02,
            id="stockpyl test_rq.py::TestrQPoissonExact::test_example_5_8, r and Q exact, cost rel 1e-12",
        ),
        pytest.param(
            "problem_5_2",
            6,
            7,
            28.241312842169155,
            id="stockpyl test_rq.py::TestrQPoissonExact::test_problem_5_2, r and Q exact, cost rel 1e-12",
        ),
    ],
)
def test_stockpyl_rq_poisson_exact(name: str, r: int, q: int, cost: float) -> None:
    result = _policy(name)
    assert (result.reorder_point, result.order_quantity) == (D(r), D(q))
    assert result.expected_cost_unrounded is not None
    assert float(result.expected_cost_unrounded) == pytest.approx(cost, rel=1e-12)
    assert result.expected_cost == quantize(D(repr(cost)), "USD")


def test_fosct_example_5_1_exact_optimum() -> None:
    """FoSCT Example 5.1 states the optimal (r, Q) ≈ (126.8, 328.5) at cost ≈ 78.07."""
    result = _policy("example_5_1")
    assert float(result.reorder_point) == pytest.approx(126.8, abs=0.1)
    assert float(result.order_quantity) == pytest.approx(328.5, abs=0.1)
    assert result.expected_cost == D("78.07")


# --- stockpyl tests/test_ss.py ----------------------------------------------------------------

# Zheng & Federgruen (1991) instances: h = 1, p = 9, K = 64, Poisson demand; (mu, s*, S*, c*).
_FZ = list(
    zip(
        [*range(10, 80, 5), 21, 22, 23, 24, 51, 52, 59, 61, 63, 64],
        [6, 10, 14, 19, 23, 28, 33, 37, 42, 47, 52, 56, 62, 67, 15, 16, 17, 18, 43, 44, 51, 52, 54, 55],
        [40, 49, 62, 56, 66, 77, 87, 97, 108, 118, 129, 75, 81, 86, 65, 68, 52, 54, 110, 112, 126, 131, 73, 74],
        [35.022, 42.698, 49.173, 54.262, 57.819, 61.215, 64.512, 67.776, 70.975, 74.149, 77.306,
         78.518, 79.037, 79.554, 50.406, 51.632, 52.757, 53.518, 71.611, 72.246, 76.679, 77.929,
         78.287, 78.402],
        strict=True,
    )
)  # fmt: skip

_SS_INSTANCES = {"example_4_7": (1, 4, 5, 6), "problem_4_31": (40, 125, 150, 4)}


def _ss(h: object, p: object, k: object, mu: object, **kwargs: object) -> inv.SSPolicy:
    return inv.ss_policy(
        Demand(mu, distribution=POISSON),  # type: ignore[arg-type]
        LeadTime(0),
        holding_cost=h,  # type: ignore[arg-type]
        shortage_cost=p,  # type: ignore[arg-type]
        order_cost=k,  # type: ignore[arg-type]
        currency="USD",
        unrounded=True,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("name", "s", "big_s", "cost"),
    [
        pytest.param(
            "example_4_7",
            4,
            10,
            8.034111561471644,
            id="stockpyl test_ss.py::TestsSCost::test_example_4_7 (4, 10), rel 1e-12",
        ),
        pytest.param(
            "example_4_7",
            6,
            18,
            10.193798671644046,
            id="stockpyl test_ss.py::TestsSCost::test_example_4_7 (6, 18), rel 1e-12",
        ),
        pytest.param(
            "problem_4_31",
            4,
            10,
            2.622755613772775e02,
            id="stockpyl test_ss.py::TestsSCost::test_problem_4_31 (4, 10), rel 1e-12",
        ),
        pytest.param(
            "problem_4_31",
            2,
            7,
            2.235748295669688e02,
            id="stockpyl test_ss.py::TestsSCost::test_problem_4_31 (2, 7), rel 1e-12",
        ),
        *(
            pytest.param(
                ("fz", mu),
                s,
                big_s,
                cost,
                id=f"stockpyl test_ss.py::TestsSCost::test_fz_instances mu={mu}, abs 5e-4",
            )
            for mu, s, big_s, cost in _FZ
        ),
    ],
)
def test_stockpyl_ss_cost(name: object, s: int, big_s: int, cost: float) -> None:
    """The cost of a given (s, S); Zheng-Federgruen's table is published to 3 places."""
    args = (1, 9, 64, name[1]) if isinstance(name, tuple) else _SS_INSTANCES[name]  # type: ignore[index]
    result = _ss(*args, reorder_point=s, order_up_to_level=D(big_s))
    assert result.given
    assert (result.reorder_point, result.order_up_to_level) == (D(s), D(big_s))
    assert result.expected_cost_unrounded is not None
    tolerance = {"abs": 5e-4} if isinstance(name, tuple) else {"rel": 1e-12}
    assert float(result.expected_cost_unrounded) == pytest.approx(cost, **tolerance)
    assert "INVENTORY.SS.GIVEN" in [r.code for r in result.reasons]


@pytest.mark.parametrize(
    ("args", "s", "big_s", "cost", "tolerance"),
    [
        pytest.param(
            _SS_INSTANCES["example_4_7"],
            4,
            10,
            8.034111561471644,
            {"rel": 1e-12},
            id="stockpyl test_ss.py::TestsSOptimalsS::test_example_4_7, s and S exact, rel 1e-12",
        ),
        pytest.param(
            _SS_INSTANCES["problem_4_31"],
            2,
            7,
            2.235748295669688e02,
            {"rel": 1e-12},
            id="stockpyl test_ss.py::TestsSOptimalsS::test_problem_4_31, s and S exact, rel 1e-12",
        ),
        *(
            pytest.param(
                (1, 9, 64, mu),
                s,
                big_s,
                cost,
                {"abs": 5e-4},
                id=f"stockpyl test_ss.py::TestsSOptimalsS::test_fz_instances mu={mu}, abs 5e-4",
            )
            for mu, s, big_s, cost in _FZ
        ),
    ],
)
def test_stockpyl_ss_optimal(
    args: tuple[int, int, int, int], s: int, big_s: int, cost: float, tolerance: dict[str, float]
) -> None:
    result = _ss(*args)
    assert not result.given
    assert (result.reorder_point, result.order_up_to_level) == (D(s), D(big_s))
    assert result.expected_cost_unrounded is not None
    assert float(result.expected_cost_unrounded) == pytest.approx(cost, **tolerance)
    assert result.ordering_cost is not None
    assert result.holding_cost is not None
    assert result.backorder_cost is not None
    assert (
        result.ordering_cost + result.holding_cost + result.backorder_cost == result.expected_cost
    )


@pytest.mark.parametrize(
    ("h", "p", "k", "mu", "sd", "s", "big_s"),
    [
        pytest.param(
            D("0.18"),
            D("0.7"),
            D("2.5"),
            50,
            8,
            40.194616956474071,
            74.290170109805786,
            id="stockpyl test_ss.py::TestsSPowerApproximation::test_example_4_8, abs 1e-6",
        ),
        pytest.param(
            2,
            36,
            60,
            190,
            48,
            2.266137928222839e02,
            3.243797868133974e02,
            id="stockpyl test_ss.py::TestsSPowerApproximation::test_problem_4_32, abs 1e-6",
        ),
    ],
)
def test_stockpyl_ss_power(  # noqa: PLR0917 - parametrised arguments
    h: Decimal, p: Decimal, k: Decimal, mu: int, sd: int, s: float, big_s: float
) -> None:
    result = inv.ss_policy(
        Demand(mu, sd),
        LeadTime(0),
        holding_cost=h,
        shortage_cost=p,
        order_cost=k,
        currency="USD",
        method=SSMethod.POWER,
    )
    assert float(result.reorder_point) == pytest.approx(s, abs=1e-6)
    assert float(result.order_up_to_level) == pytest.approx(big_s, abs=1e-6)
    assert result.expected_cost is None
    assert result.power_quantity == result.order_up_to_level - result.reorder_point


def test_power_newsvendor_cap_example_4_8() -> None:
    """Ehrhardt & Mosier's cap: Q/μ = 34.1/50 <= 1.5, so S = the newsvendor level of FoSCT
    Example 4.3 (S* = 56.60395592743389), and s stays 40.19 (below it)."""
    result = inv.ss_policy(
        Demand(50, 8),
        LeadTime(0),
        holding_cost=D("0.18"),
        shortage_cost=D("0.70"),
        order_cost=D("2.5"),
        currency="USD",
        method="power",
        newsvendor_cap=True,
    )
    assert float(result.order_up_to_level) == pytest.approx(56.60395592743389, abs=1e-6)
    assert float(result.reorder_point) == pytest.approx(40.194616956474071, abs=1e-6)
    assert "INVENTORY.SS.NEWSVENDOR_CAP" in [r.code for r in result.reasons]


def test_power_cap_not_applied_for_large_lots() -> None:
    """Q/μ > 1.5 (K large against λ): the cap leaves the power figures unchanged."""
    kwargs = {
        "holding_cost": 1,
        "shortage_cost": 9,
        "order_cost": 500,
        "currency": "USD",
        "method": SSMethod.POWER,
    }
    plain = inv.ss_policy(Demand(10, 3), LeadTime(0), **kwargs)  # type: ignore[arg-type]
    capped = inv.ss_policy(Demand(10, 3), LeadTime(0), newsvendor_cap=True, **kwargs)  # type: ignore[arg-type]
    assert plain.power_quantity is not None
    assert plain.power_quantity / 10 > D("1.5")
    assert (capped.reorder_point, capped.order_up_to_level) == (
        plain.reorder_point,
        plain.order_up_to_level,
    )


# --- base stock ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("demand", "lead_time", "h", "p", "level", "cost"),
    [
        pytest.param(
            Demand(50, 8),
            LeadTime(4),
            D("0.18"),
            D("0.70"),
            2.647668943741548e02,
            4.466781004149578,
            id="stockpyl test_newsvendor.py::TestNewsvendorNormal::test_example_4_4 (FoSCT Ex 4.4, L=4, R=1), level abs 1e-6, cost rel 1e-12",
        ),
        pytest.param(
            Demand(18, distribution=POISSON),
            LeadTime(4),
            D("0.08"),
            D("1.25"),
            105,
            1.5450188691551778,
            id="stockpyl test_newsvendor.py::TestNewsvendorPoisson::test_problem_4_19_SCMO (L=4, R=1), level exact, cost rel 1e-12",
        ),
    ],
)
def test_base_stock_published(  # noqa: PLR0917 - parametrised arguments
    demand: Demand, lead_time: LeadTime, h: Decimal, p: Decimal, level: float, cost: float
) -> None:
    result = inv.base_stock_level(
        demand,
        lead_time,
        review_period=1,
        holding_cost=h,
        shortage_cost=p,
        currency="USD",
        unrounded=True,
    )
    assert float(result.level) == pytest.approx(level, abs=1e-6)
    assert result.expected_cost_unrounded is not None
    assert float(result.expected_cost_unrounded) == pytest.approx(cost, rel=1e-12)
    assert result.expected_cost == quantize(D(repr(cost)), "USD")
    assert result.protection_interval == D(5)
    assert result.safety_stock == result.level - result.mean


def test_base_stock_no_variability_and_pattern_warning() -> None:
    """σ = 0: the level is the mean over L + R, nothing short, nothing left over."""
    result = inv.base_stock_level(
        Demand(10, 0, pattern=DemandPattern.LUMPY),
        LeadTime(2),
        review_period=1,
        holding_cost=1,
        shortage_cost=3,
        currency="EUR",
        unrounded=True,
    )
    assert result.level == D(30)
    assert result.expected_cost_unrounded == D(0)
    assert result.z is None
    assert any(r.severity is Severity.WARNING for r in result.reasons)


def test_base_stock_is_the_newsvendor_on_the_protection_interval() -> None:
    """Identity: the base-stock level equals the newsvendor on N(μ(L+R), σ²(L+R))."""
    result = inv.base_stock_level(
        Demand(20, 5, TimeUnit.WEEK),
        LeadTime(14, period=TimeUnit.DAY),
        review_period=0,
        holding_cost=2,
        shortage_cost=18,
        currency="USD",
    )
    nv = inv.newsvendor(Demand(40, D(50).sqrt()), holding_cost=2, shortage_cost=18, currency="USD")
    assert (result.level, result.expected_cost) == (nv.level, nv.expected_cost)
    assert result.expected_cost_unrounded is None


# --- identities and an independent Poisson oracle ----------------------------------------------


def _oracle_losses(mean: float, low: int, high: int) -> dict[int, float]:
    """E[(D − y)⁺] for low <= y < high by direct summation of Poisson terms (independent of
    spendrules' PoissonTable): E[(D − y)⁺] = Σ_{d > y} (d − y)·P(D = d)."""
    top = int(mean + 40 * math.sqrt(mean) + 40)
    if mean == 0:
        pmf = [1.0] + [0.0] * top
    else:
        pmf = [math.exp(d * math.log(mean) - mean - math.lgamma(d + 1)) for d in range(top)]
    return {
        y: mean - y if y < 0 else math.fsum((d - y) * pmf[d] for d in range(y + 1, top))
        for y in range(low, high)
    }


class _Oracle:
    """g(r, Q) = (Kλ + Σ_{y=r+1}^{r+Q} g(y))/Q with g(y) = h(y − μ) + (h + p)·E[(D − y)⁺]."""

    def __init__(self, h: float, p: float, k: float, lam: float, mu: float) -> None:
        self.low, high = -60, 160
        losses = _oracle_losses(mu, self.low, high)
        self.prefix = [0.0]
        for y in range(self.low, high):
            self.prefix.append(self.prefix[-1] + h * (y - mu) + (h + p) * losses[y])
        self.fixed = k * lam

    def cost(self, r: int, q: int) -> float:
        first = r + 1 - self.low
        return (self.fixed + self.prefix[first + q] - self.prefix[first]) / q


@settings(max_examples=25, deadline=None)
@given(
    lam=st.decimals(min_value=D("0.2"), max_value=D(8), places=1),
    lead=st.integers(min_value=0, max_value=3),
    h=st.integers(min_value=1, max_value=20),
    p=st.integers(min_value=1, max_value=200),
    k=st.integers(min_value=1, max_value=200),
)
def test_poisson_exact_is_the_brute_force_minimum(
    lam: Decimal, lead: int, h: int, p: int, k: int
) -> None:
    """Federgruen-Zheng finds the minimum of an independent cost over every (r, Q) on a grid."""
    result = inv.rq_policy(
        Demand(lam, distribution=POISSON),
        LeadTime(lead),
        holding_cost=h,
        shortage_cost=p,
        order_cost=k,
        currency="USD",
        unrounded=True,
    )
    oracle = _Oracle(h, p, k, float(lam), float(lam) * lead)
    best = min(oracle.cost(r, q) for r in range(-60, 40) for q in range(1, 90))
    found = oracle.cost(int(result.reorder_point), int(result.order_quantity))
    # No (r, Q) of the grid costs less (the optimum may lie outside it: with p < h
    # backorders are cheap and r falls far below zero).
    assert found <= best + abs(best) * 1e-9
    assert result.expected_cost_unrounded is not None
    assert float(result.expected_cost_unrounded) == pytest.approx(found, rel=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    lam=st.decimals(min_value=D("0.5"), max_value=D(10), places=1),
    lead=st.integers(min_value=0, max_value=3),
    q=st.integers(min_value=1, max_value=30),
    h=st.integers(min_value=1, max_value=20),
    p=st.integers(min_value=1, max_value=200),
)
def test_poisson_r_for_q_is_the_brute_force_minimum(
    lam: Decimal, lead: int, q: int, h: int, p: int
) -> None:
    result = inv.optimal_reorder_point(
        q,
        demand=Demand(lam, distribution=POISSON),
        lead_time=LeadTime(lead),
        holding_cost=h,
        shortage_cost=p,
        order_cost=1,
        currency="USD",
    )
    oracle = _Oracle(h, p, 1, float(lam), float(lam) * lead)
    costs = {r: oracle.cost(r, q) for r in range(-40, 60)}
    assert costs[int(result.reorder_point)] == pytest.approx(min(costs.values()), rel=1e-9)
    assert result.expected_cost is not None
    assert result.currency == "USD"


normal_cases = st.tuples(
    st.decimals(min_value=D(50), max_value=D(5000), places=0),  # λ per year
    st.decimals(min_value=D(0), max_value=D(400), places=0),  # σ per year
    st.integers(min_value=1, max_value=6),  # lead time in months
    st.decimals(min_value=D("0.1"), max_value=D(5), places=2),  # h
    st.decimals(min_value=D(1), max_value=D(60), places=1),  # p
    st.decimals(min_value=D(1), max_value=D(200), places=0),  # K
)


@settings(max_examples=30, deadline=None)
@given(case=normal_cases)
def test_exact_normal_is_never_dearer_than_an_approximation(
    case: tuple[Decimal, Decimal, int, Decimal, Decimal, Decimal],
) -> None:
    """The exact optimum's cost is at most every approximation's exact cost (identity)."""
    lam, sd, months, h, p, k = case
    demand, lead_time = Demand(lam, sd, TimeUnit.YEAR), LeadTime(months, period=TimeUnit.MONTH)
    results = {}
    for method in RQMethod:
        try:
            results[method] = inv.rq_policy(
                demand,
                lead_time,
                holding_cost=h,
                shortage_cost=p,
                order_cost=k,
                currency="USD",
                method=method,
                unrounded=True,
            )
        except InvalidInputError:
            assert method is RQMethod.EXPECTED_INVENTORY_LEVEL  # Q·h >= p·λ
    best = results.pop(RQMethod.EXACT)
    assert best.expected_cost_unrounded is not None
    for other in results.values():
        assert other.expected_cost_unrounded is not None
        assert best.expected_cost_unrounded <= other.expected_cost_unrounded * (1 + D("1e-9"))
    # the parts conserve the total, which is evaluate_policy's figure
    assert best.ordering_cost + best.holding_cost + best.backorder_cost == best.expected_cost
    assert best.expected_cost == best.evaluation.expected_cost
    assert quantize(best.expected_cost_unrounded, "USD") == best.expected_cost
    # r(Q) at the optimum's Q is the optimum's r
    again = inv.optimal_reorder_point(
        best.order_quantity, demand=demand, lead_time=lead_time, holding_cost=h, shortage_cost=p
    )
    assert abs(again.reorder_point - best.reorder_point) <= D("0.000002")


def test_deterministic_demand_closed_forms() -> None:
    """σ = 0: r(Q) = μ − hQ/(h + p) and the loss-function method agrees with the EOQ with
    backorders, Q = √(2Kλ(h + p)/(hp)) (both are exact here)."""
    demand, lead_time = Demand(1200, 0, TimeUnit.YEAR), LeadTime(1, period=TimeUnit.MONTH)
    kwargs = {"holding_cost": 2, "shortage_cost": 8, "order_cost": 50, "currency": "USD"}
    r_q = inv.optimal_reorder_point(
        100, demand=demand, lead_time=lead_time, holding_cost=2, shortage_cost=8
    )
    assert r_q.reorder_point == D(80)  # 100 − 2·100/10
    eoqb = math.sqrt(2 * 50 * 1200 * 10 / 16)
    for method in (RQMethod.LOSS_FUNCTION, RQMethod.EOQ_BACKORDERS, RQMethod.EXACT):
        result = inv.rq_policy(demand, lead_time, method=method, **kwargs)  # type: ignore[arg-type]
        assert float(result.order_quantity) == pytest.approx(eoqb, abs=1e-6)
        assert float(result.reorder_point) == pytest.approx(100 - 2 * eoqb / 10, abs=1e-6)
        assert result.sigma == 0


def test_eil_with_deterministic_demand_reorders_at_the_mean() -> None:
    result = inv.rq_policy(
        Demand(1200, 0, TimeUnit.YEAR),
        LeadTime(1, period=TimeUnit.MONTH),
        holding_cost=2,
        shortage_cost=8,
        order_cost=50,
        currency="USD",
        method=RQMethod.EXPECTED_INVENTORY_LEVEL,
    )
    assert result.reorder_point == D(100)
    assert result.approximate_cost is not None
    assert result.iterations is not None


def test_explain_names_the_method_and_the_cost_parts() -> None:
    result = _policy("example_5_1", RQMethod.EOQ_SS)
    text = result.explain()
    assert "INVENTORY.RQ.ORDER_QUANTITY" in text
    assert "INVENTORY.POLICY.SERVICE" in text
    assert result.approximate_cost is None
    assert result.orders_per_period == (D(1300) / result.order_quantity).quantize(D("0.000001"))
    codes = [r.code for r in _policy("example_5_8").reasons]
    assert codes[:3] == [
        "INVENTORY.RQ.ORDER_QUANTITY",
        "INVENTORY.RQ.REORDER_POINT",
        "INVENTORY.RQ.COST",
    ]


# --- errors ------------------------------------------------------------------------------------

_NORMAL = (Demand(1300, 150, TimeUnit.YEAR), LeadTime(1, period=TimeUnit.MONTH))
_RQ = {"holding_cost": 1, "shortage_cost": 9, "order_cost": 8, "currency": "USD"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"holding_cost": 0}, "holding_cost", id="h = 0"),
        pytest.param({"shortage_cost": -1}, "shortage_cost", id="p < 0"),
        pytest.param({"order_cost": 0}, "order_cost", id="K = 0"),
        pytest.param({"holding_cost": D("1e-400")}, "holding_cost", id="h underflows a double"),
        pytest.param({"order_cost": D("1e-400")}, "order_cost", id="K underflows a double"),
        pytest.param({"shortage_cost": D("1e20")}, "shortage_cost", id="p/(h + p) rounds to 1"),
        pytest.param({"method": "newton"}, "method", id="unknown method"),
        pytest.param({"currency": "XXY"}, "currency", id="unknown currency"),
    ],
)
def test_rq_policy_refuses(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises((InvalidInputError, ValueError)) as info:
        inv.rq_policy(*_NORMAL, **{**_RQ, **kwargs})  # type: ignore[arg-type]
    assert field in str(info.value)


def test_rq_policy_refuses_more() -> None:
    with pytest.raises(InvalidInputError, match=r"demand\.mean"):
        inv.rq_policy(Demand(0, 1), LeadTime(1), **_RQ)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"demand\.mean"):
        inv.rq_policy(Demand(D("1e-400"), 1), LeadTime(1), **_RQ)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="method"):
        inv.rq_policy(
            Demand(2, distribution=POISSON),
            LeadTime(1),
            method=RQMethod.EOQ_SS,
            **_RQ,  # type: ignore[arg-type]
        )
    with pytest.raises(TypeError, match="unrounded"):
        inv.rq_policy(*_NORMAL, unrounded=1, **_RQ)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="demand"):
        inv.rq_policy(1300, _NORMAL[1], **_RQ)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="float"):
        inv.rq_policy(*_NORMAL, **{**_RQ, "holding_cost": 0.5})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="order_cost"):  # the EOQ overflows a double
        inv.rq_policy(
            Demand(D("1e100"), 1, TimeUnit.DAY),
            LeadTime(1),
            holding_cost=D("1e-100"),
            shortage_cost=D("1e-100"),
            order_cost=D("1e100"),
            currency="USD",
            method=RQMethod.EOQ_SS,
        )


def test_eil_refuses_when_no_quantile_exists() -> None:
    """Q·h >= p·λ: 1 − Qh/(pλ) <= 0 has no quantile (and 1 − tiny rounds to 1)."""
    with pytest.raises(InvalidInputError, match="expected-inventory-level"):
        inv.rq_policy(
            Demand(10, 2, TimeUnit.YEAR),
            LeadTime(1, period=TimeUnit.MONTH),
            holding_cost=5,
            shortage_cost=1,
            order_cost=100,
            currency="USD",
            method=RQMethod.EXPECTED_INVENTORY_LEVEL,
        )
    with pytest.raises(InvalidInputError, match="expected-inventory-level"):
        inv.rq_policy(
            Demand(10**6, 2, TimeUnit.YEAR),
            LeadTime(1, period=TimeUnit.MONTH),
            holding_cost=1,
            shortage_cost=D("1e14"),
            order_cost=1,
            currency="USD",
            method=RQMethod.EXPECTED_INVENTORY_LEVEL,
        )


def test_fixed_point_that_does_not_converge_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rq_module, "_MAX_ITERATIONS", 1)
    with pytest.raises(InvalidInputError, match="converges"):
        _policy("example_5_1", RQMethod.LOSS_FUNCTION)


def test_overflowing_search_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """The exact search doubles Q until the average cost crosses; a double that overflows
    is refused, never a NaN policy."""

    class Overflowing(rq_module._Costs):
        def g(self, y: float) -> float:
            return math.nan

    costs = Overflowing(1.0, 9.0, 100.0, 10.0)
    assert math.isinf(rq_module._bisect_exact_q(costs, 8.0, 1300.0))
    monkeypatch.setattr(rq_module, "_bisect_exact_q", lambda *_: math.inf)
    with pytest.raises(InvalidInputError, match="below 1e50 units"):
        _policy("example_5_1")


def test_fixed_point_overflow_is_refused() -> None:
    """A loss-function iteration whose second-order loss overflows stops with an error."""

    class Overflowing(rq_module._Costs):
        def loss2(self, y: float) -> float:
            return math.inf

    costs = Overflowing(1.0, 9.0, 100.0, 10.0)
    with pytest.raises(InvalidInputError, match="within a double"):
        rq_module._fixed_point(costs, 8.0, 1300.0, RQMethod.LOSS_FUNCTION)


def test_optimal_reorder_point_refuses() -> None:
    kwargs = {"demand": _NORMAL[0], "lead_time": _NORMAL[1], "holding_cost": 1, "shortage_cost": 9}
    with pytest.raises(InvalidInputError, match="order_quantity"):
        inv.optimal_reorder_point(0, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="order_cost/currency"):
        inv.optimal_reorder_point(10, order_cost=5, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="whole number"):
        inv.optimal_reorder_point(
            D("2.5"),
            demand=Demand(2, distribution=POISSON),
            lead_time=LeadTime(1),
            holding_cost=1,
            shortage_cost=9,
        )


_SS = {"holding_cost": 1, "shortage_cost": 4, "order_cost": 5, "currency": "USD"}
_P6 = Demand(6, distribution=POISSON)


@pytest.mark.parametrize(
    ("demand", "kwargs", "field"),
    [
        pytest.param(Demand(6, 1), {}, "method", id="exact needs Poisson"),
        pytest.param(_P6, {"method": "power"}, "method", id="power needs normal"),
        pytest.param(Demand(0, distribution=POISSON), {}, "demand.mean", id="no demand"),
        pytest.param(
            Demand(D("1e-400"), distribution=POISSON), {}, "demand.mean", id="mean underflows"
        ),
        pytest.param(_P6, {"order_cost": D("1e-400")}, "order_cost", id="K underflows"),
        pytest.param(
            _P6, {"reorder_point": 4}, "reorder_point/order_up_to_level", id="s without S"
        ),
        pytest.param(
            _P6,
            {"reorder_point": D("4.5"), "order_up_to_level": 9},
            "reorder_point",
            id="fractional s",
        ),
        pytest.param(
            _P6, {"reorder_point": 9, "order_up_to_level": 9}, "order_up_to_level", id="s >= S"
        ),
        pytest.param(
            Demand(6, 1),
            {"method": "power", "reorder_point": 1, "order_up_to_level": 9},
            "reorder_point/order_up_to_level",
            id="levels with power",
        ),
        pytest.param(
            Demand(6, 0), {"method": "power"}, "demand.sd", id="power without variability"
        ),
        pytest.param(
            Demand(6, D("1e-400")), {"method": "power"}, "demand", id="power σ underflows a double"
        ),
    ],
)
def test_ss_policy_refuses(demand: Demand, kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        inv.ss_policy(demand, LeadTime(0), **{**_SS, **kwargs})  # type: ignore[arg-type]
    assert info.value.field == field


def test_ss_policy_refuses_types() -> None:
    with pytest.raises(TypeError, match="newsvendor_cap"):
        inv.ss_policy(_P6, LeadTime(0), newsvendor_cap="yes", **_SS)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unrounded"):
        inv.ss_policy(_P6, LeadTime(0), unrounded=None, **_SS)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unrounded"):
        inv.base_stock_level(
            _P6,
            LeadTime(0),
            review_period=1,
            unrounded=1,
            holding_cost=1,
            shortage_cost=4,
            currency="USD",
        )  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="review_period"):
        inv.base_stock_level(
            _P6, LeadTime(0), review_period=-1, holding_cost=1, shortage_cost=4, currency="USD"
        )


def test_ss_with_lead_time_protects_l_plus_one() -> None:
    """With a lead time the newsvendor level and the costs use demand over L + 1 periods."""
    result = inv.ss_policy(Demand(6, distribution=POISSON), LeadTime(2), **_SS)  # type: ignore[arg-type]
    assert result.mean == D(18)
    assert result.cycle_periods is not None
    assert result.order_up_to_level > result.reorder_point
    assert result.explain().count("INVENTORY.SS.EXACT") == 1
