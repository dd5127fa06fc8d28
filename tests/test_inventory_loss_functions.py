"""Loss functions, the newsvendor and unrounded costs: stockpyl's test cases ported, and identities.

Every row of ``LOSS_ROWS`` and ``NEWSVENDOR_ROWS`` is a case of stockpyl's
``tests/test_loss_functions.py`` or ``tests/test_newsvendor.py``; its id names
the test (file, class, method), the value and the tolerance. The expected
numbers are stockpyl's. Tolerances:

* loss functions: ``rel=1e-12`` with a floor of ``abs=1e-15`` (stockpyl
  asserts 7 decimal places; spendrules gives 15 significant digits of a double
  computation, good to about 1e-14 relative for these arguments, so this is
  far stricter than stockpyl and still leaves room for the last digits of a
  float sum; the floor is for stockpyl's own far-tail figures, whose float
  cancellation leaves them 2e-16 from the exact value, e.g. L2(3.1)), except where
  stockpyl itself asserts 4 places (a table on a float grid, a truncated sum):
  ``abs=5e-5`` there, as stockpyl;
* newsvendor costs: the unrounded cost (``unrounded=True``), ``rel=1e-12``;
* newsvendor levels: ``abs=5e-7``, looser than stockpyl's 7 places because
  spendrules rounds every quantity to 6 decimal places (the house convention).

stockpyl cases spendrules does not express (other distributions, arbitrary
pmfs, the myopic multi-period policy, revenue/salvage parameters) and the one
it answers differently (a non-numeric argument is a ``TypeError``) are listed
in ``docs/guide/inventory.md`` under "Deliberate differences from stockpyl".
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spendrules import inventory as inv
from spendrules.errors import InvalidInputError
from spendrules.inventory import Demand, Distribution, LeadTime, TimeUnit

D = Decimal
POISSON = Distribution.POISSON
SNL = "stockpyl test_loss_functions.py::"
SNV = "stockpyl test_newsvendor.py::"
REL = D("1e-12")


def assert_close(
    actual: Decimal | None, expected: str, *, rel: str | None, abs_: str | None
) -> None:
    assert actual is not None
    target = D(expected)
    bound = max(D(rel or 0) * abs(target), D(abs_ or 0))
    assert abs(actual - target) <= bound, (actual, target, bound)


def _row(
    call: Callable[[], Decimal | None], expected: str, name: str, rel: str | None, abs_: str | None
) -> object:
    tolerance = " ".join(f"{k}={v}" for k, v in (("rel", rel), ("abs", abs_)) if v)
    return pytest.param(call, expected, rel, abs_, id=f"{name} = {expected} ({tolerance})")


TIGHT = ("1e-12", "1e-15")
PLACES_4 = (None, "5e-5")  # where stockpyl itself asserts 4 places


def _pair(
    name: str,
    function: Callable[..., Decimal],
    args: tuple[object, ...],
    values: tuple[str, str],
    tolerance: tuple[str | None, str | None] = TIGHT,
) -> list[object]:
    """The loss and the complementary loss of one stockpyl case."""
    plain = functools.partial(function, *args)
    complement = functools.partial(function, *args, complementary=True)
    return [
        _row(plain, values[0], name, *tolerance),
        _row(complement, values[1], f"{name} complementary", *tolerance),
    ]


_SNL = inv.standard_normal_loss
_SN2 = inv.standard_normal_second_loss
_NL = inv.normal_loss
_N2 = inv.normal_second_loss
_PL = inv.poisson_loss
_P2 = inv.poisson_second_loss
_NORMAL = (("-1.4", 0, 1), ("11.0", 8, 3), ("10.5", 15, 5))
LOSS_CASES = [
    # (stockpyl test, function, arguments, (loss, complementary loss))
    *[
        ("TestStandardNormalLoss::test", _SNL, (D(z),), values)
        for z, values in zip(
            ("-1.4", "0.3", "3.1"),
            (
                ("1.436668142708465", "0.036668142708465"),
                ("0.266761242117210", "0.566761242117210"),
                ("2.672490952231408e-04", "3.100267249095223"),
            ),
            strict=True,
        )
    ],
    *[
        ("TestStandardNormalSecondLoss::test", _SN2, (D(z),), values)
        for z, values in zip(
            ("-1.4", "0.3", "3.1"),
            (
                ("1.465289370279040", "0.014710629720960"),
                ("0.151030102587942", "0.393969897412058"),
                ("6.956550901328958e-05", "5.304930434490987"),
            ),
            strict=True,
        )
    ],
    *[
        (test, _NL, (D(x), m, s), values)
        for test, cases in (("TestNormalLoss::test", 3), ("TestContinuousLoss::test_normal", 2))
        for (x, m, s), values in list(
            zip(
                _NORMAL,
                (
                    ("1.436668142708465", "0.036668142708465"),
                    ("0.249946411763059", "3.249946411763059"),
                    ("5.002155685433356", "0.502155685433356"),
                ),
                strict=True,
            )
        )[:cases]
    ],
    *[
        (test, _N2, (D(x), m, s), values)
        for test, cases in (
            ("TestNormalSecondLoss::test", 3),
            ("TestContinuousSecondLoss::test_normal", 2),
        )
        for (x, m, s), values in list(
            zip(
                _NORMAL,
                (
                    ("1.465289370279040", "0.014710629720960"),
                    ("0.339029025046969", "8.660970974953031"),
                    ("21.454098725390558", "1.170901274609442"),
                ),
                strict=True,
            )
        )[:cases]
    ],
    ("TestPoissonLoss::test", _PL, (220, 200), ("0.536005857158494", "20.536005857158482")),
    ("TestPoissonLoss::test", _PL, (5, 7), ("2.292600125697305", "0.292600125697305")),
    ("TestPoissonLoss::test", _PL, (50, 47), ("1.514546939496945", "4.514546939496945")),
    ("TestPoissonSecondLoss::test", _P2, (18, 15), ("0.848340302917794", "12.651659697082206")),
    ("TestPoissonSecondLoss::test", _P2, (5, 7), ("4.040829435261403", "0.459170564738597")),
    ("TestPoissonSecondLoss::test", _P2, (50, 47), ("5.192979532973098", "24.307020467026899")),
    # stockpyl's discrete functions on a Poisson(7) pmf over 0..40: the same numbers.
    ("TestDiscreteLoss::test_pmf (Poisson pmf)", _PL, (11, 7),
     ("0.102799704109245", "4.102799704109247")),
    ("TestDiscreteSecondLoss::test_pmf (Poisson pmf)", _P2, (11, 7),
     ("0.087823519115083", "13.412176480884916")),
]  # fmt: skip
# stockpyl asserts 4 places for these: a table on a float grid, scipy's truncated sums.
LOOSE_CASES = [
    *[
        ("TestStandardNormalLossDict::test_loss", _SNL, (D(z),), value, False)
        for z, value in (("-3.71", "3.7100"), ("-0.77", "0.8967"), ("1.12", "0.0659"),
                         ("2.34", "0.0033"), ("-0.3", "0.5668"), ("1.1", "0.0686"),
                         ("2.3", "0.0037"))
    ],
    *[
        ("TestStandardNormalLossDict::test_complementary_loss", _SNL, (D(z),), value, True)
        for z, value in (("-3.71", "2.486423864755949e-05"), ("-0.77", "0.12669429630997542"),
                         ("1.12", "1.1859494400078596"), ("2.34", "2.343254599799449"),
                         ("-0.3", "0.2667612421172099"), ("1.1", "1.1686195099915297"),
                         ("2.3", "2.3036615846917465"))
    ],
]  # fmt: skip
POISSON_PLACES_4 = [
    ("TestDiscreteLoss::test_poisson", _PL, (220, 200), ("0.536005857158494", "20.536005857158482")),
    ("TestDiscreteLoss::test_poisson", _PL, (5, 7), ("2.292599516747219", "0.292600125697305")),
    ("TestDiscreteSecondLoss::test_poisson", _P2, (220, 200),
     ("2.923100096116592", "3.070768999038834e+02")),
    ("TestDiscreteSecondLoss::test_poisson", _P2, (5, 7), ("4.040829435261403", "0.459170564738597")),
]  # fmt: skip


def _text(args: tuple[object, ...]) -> str:
    return f"({', '.join(str(arg) for arg in args)})"


def _loss_rows() -> list[object]:
    rows: list[object] = []
    for test, function, args, values in LOSS_CASES:
        rows += _pair(f"{SNL}{test} {_text(args)}", function, args, values)
    for test, function, args, values in POISSON_PLACES_4:
        rows += _pair(f"{SNL}{test} {_text(args)}", function, args, values, PLACES_4)
    for test, function, args, value, complementary in LOOSE_CASES:
        call = functools.partial(function, *args, complementary=complementary)
        rows.append(_row(call, value, f"{SNL}{test} {_text(args)}", *PLACES_4))
    return rows


LOSS_ROWS = _loss_rows()


@pytest.mark.parametrize(("call", "expected", "rel", "abs_"), LOSS_ROWS)
def test_stockpyl_loss_functions(
    call: Callable[[], Decimal], expected: str, rel: str | None, abs_: str | None
) -> None:
    assert_close(call(), expected, rel=rel, abs_=abs_)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda: inv.poisson_loss(D("0.3"), D("0.5")),
            id=f"{SNL}TestPoissonLoss::test_non_integer (x=0.3 as a Decimal)",
        ),
        pytest.param(
            lambda: inv.poisson_second_loss(D("0.3"), D("0.5")),
            id=f"{SNL}TestPoissonSecondLoss::test_non_integer (x=0.3 as a Decimal)",
        ),
    ],
)
def test_stockpyl_poisson_non_integer(call: Callable[[], Decimal]) -> None:
    with pytest.raises(ValueError, match="q must be a whole number of units"):
        call()


# ---------------------------------------------------------------- newsvendor


def _nv(mean: int, sd: Decimal | int | None, h: str, p: str, level: int | None) -> inv.Newsvendor:
    """The newsvendor for normal demand N(mean, sd²), or Poisson(mean) when ``sd`` is None."""
    demand = Demand(mean, distribution=POISSON) if sd is None else Demand(mean, sd)
    return inv.newsvendor(
        demand, holding_cost=D(h), shortage_cost=D(p), currency="USD", level=level, unrounded=True
    )


def _nv_level(*args: object) -> Decimal:
    return _nv(*args).level  # type: ignore[arg-type]


def _nv_figure(*args: object, margin: str | None) -> Decimal:
    """The unrounded cost, or the profit (r − c)·μ − g(S) for the explicit form."""
    cost = _nv(*args).expected_cost_unrounded  # type: ignore[arg-type]
    assert cost is not None
    return cost if margin is None else D(margin) * args[0] - cost  # type: ignore[operator]


def _sd_over(periods: int, sd: int) -> Decimal:
    """σ over ``periods`` periods, √periods·σ, in the 60-digit context."""
    with localcontext() as context:
        context.prec = 60
        return D(periods).sqrt() * sd


# Example 4.4 and the lead-time cost rows: stockpyl's newsvendor protects L + 1
# periods; spendrules' newsvendor is single-period, so the demand is given over L + 1.
SD_5x8, SD_4x8, SD_4x60 = _sd_over(5, 8), _sd_over(4, 8), _sd_over(4, 60)
NX, NC, PX, PC = (
    "TestNewsvendorNormal::",
    "TestNewsvendorNormalCost::",
    "TestNewsvendorPoisson::",
    "TestNewsvendorPoissonCost::",
)
NEWSVENDOR_CASES = [
    # (stockpyl test, mean, sd (None: Poisson), h, p, level given, level, cost or profit, margin)
    (f"{NX}test_example_4_3", 50, 8, "0.18", "0.7", None, "56.603955927433887", "1.997605193176645", None),
    (f"{NX}test_example_4_3", 50, 8, "0.18", "0.7", 40, "40", "7.356131552870388", None),
    (f"{NX}test_problem_4_1", 900, 60, "43", "79", None, "922.7214038234755", "2718.196781782411", None),
    (f"{NX}test_problem_4_1", 900, 60, "43", "79", 1040, "1040", "6044.298415188692", None),
    (f"{NX}test_example_4_4 (L=4: demand over 5 periods)", 250, SD_5x8, "0.18", "0.7", None,
     "264.7668943741548", "4.466781004149578", None),
    (f"{NX}test_example_4_4 (L=4: demand over 5 periods)", 250, SD_5x8, "0.18", "0.7", 180,
     "180", "49.000164748034095", None),
    (f"{NC}test_example_4_3", 50, 8, "0.18", "0.7", 40, "40", "7.356131552870388", None),
    (f"{NC}test_example_4_3", 50, 8, "0.18", "0.7", 60, "60", "2.156131552870387", None),
    (f"{NC}test_example_4_3 (L=3: demand over 4 periods)", 200, SD_4x8, "0.18", "0.7", 120,
     "120", "56.000000752740092", None),
    (f"{NC}test_problem_4_1", 900, 60, "43", "79", 1100, "1100", "8.600820410122849e+03", None),
    (f"{NC}test_problem_4_1", 900, 60, "43", "79", 922, "922", "2.718393552026199e+03", None),
    (f"{NC}test_problem_4_1 (L=3: demand over 4 periods)", 3600, SD_4x60, "43", "79", 4000,
     "4000", "1.720164082024570e+04", None),
    ("TestNewsvendorContinuous::test_example_4_1_with_distrib (norm)", 50, 8, "0.18", "0.7", None,
     "56.603955927433887", "1.997605193176645", None),
    ("TestNewsvendorContinuous::test_example_4_1_with_distrib (norm)", 50, 8, "0.18", "0.7", 40,
     "40", "7.356131552870388", None),
    (f"{PX}test_example_4_7", 6, None, "1", "4", None, "8", "3.570106945770946", None),
    (f"{PX}test_example_4_7", 6, None, "1", "4", 5, "5", "6.590296024616344", None),
    (f"{PX}test_problem_4_8a", 18, None, "200", "270", None, "19", "7.860884409351115e+02", None),
    (f"{PX}test_problem_4_8a", 18, None, "200", "270", 13, "13", "1.445751062891969e+03", None),
    (f"{PX}test_problem_4_19_SCMO (L=4: mean 18 x 5)", 90, None, "0.08", "1.25", None,
     "105", "1.5450188691551778", None),
    (f"{PC}test_example_4_7", 6, None, "1", "4", 8, "8", "3.570106945770946", None),
    (f"{PC}test_example_4_7", 6, None, "1", "4", 5, "5", "6.590296024616344", None),
    (f"{PC}test_problem_4_8a", 18, None, "200", "270", 19, "19", "7.860884409351115e+02", None),
    (f"{PC}test_problem_4_8a", 18, None, "200", "270", 13, "13", "1.445751062891969e+03", None),
    ("TestNewsvendorDiscrete::test_example_4_7_with_distrib (poisson)", 6, None, "1", "4", None,
     "8", "3.570106945770946", None),
    ("TestNewsvendorDiscrete::test_example_4_7_with_distrib (poisson)", 6, None, "1", "4", 5,
     "5", "6.590296024616344", None),
    ("TestNewsvendorDiscrete::test_example_4_7_with_pmf (Poisson pmf)", 6, None, "1", "4", None,
     "8", "3.570106945770946", None),
    ("TestNewsvendorDiscrete::test_example_4_7_with_pmf (Poisson pmf)", 6, None, "1", "4", 5,
     "5", "6.590296024616344", None),
    # The explicit form (revenue r, purchase cost c, salvage s, plus h₀ and p₀) as
    # overage h = c − s + h₀ and underage p = r − c + p₀; profit = (r − c)μ − g(S)
    # (Snyder & Shen §4.3.2). Example 4.2: r 1, c 0.3, s 0.12 (μ 50, σ 8);
    # Problem 4.3(b): r 7, c 2.5, s 1.5 (μ 50, σ 10), then with h₀ 1 and p₀ 5.
    ("TestNewsvendorNormalExplicit::test_example_4_2", 50, 8, "0.18", "0.7", None,
     "56.603955927433887", "33.002394806823354", "0.7"),
    ("TestNewsvendorNormalExplicit::test_example_4_2", 50, 8, "0.18", "0.7", 40,
     "40", "27.643868447129613", "0.7"),
    ("TestNewsvendorNormalExplicit::test_problem_4_3b", 50, 10, "1", "4.5", None,
     "59.084578685373856", "2.104768082523147e+02", "4.5"),
    ("TestNewsvendorNormalExplicit::test_problem_4_3b", 50, 10, "1", "4.5", 62,
     "62", "2.099143652105560e+02", "4.5"),
    ("TestNewsvendorNormalExplicit::test_problem_4_3b (h 1, p 5)", 50, 10, "2", "9.5", None,
     "59.388143168769034", "1.954729310431908e+02", "4.5"),
    ("TestNewsvendorNormalExplicit::test_problem_4_3b (h 1, p 5)", 50, 10, "2", "9.5", 62,
     "62", "1.945482181675262e+02", "4.5"),
    ("TestNewsvendorPoissonExplicit::test_example_4_2", 50, None, "0.18", "0.7", None,
     "56", "33.20276478819082", "0.7"),
    ("TestNewsvendorPoissonExplicit::test_example_4_2", 50, None, "0.18", "0.7", 40,
     "40", "27.811432228377633", "0.7"),
    ("TestNewsvendorPoissonExplicit::test_problem_4_3b", 50, None, "1", "4.5", None,
     "56", "214.51727992619263", "4.5"),
    ("TestNewsvendorPoissonExplicit::test_problem_4_3b", 50, None, "1", "4.5", 62,
     "62", "212.1430953089244", "4.5"),
    ("TestNewsvendorPoissonExplicit::test_problem_4_3b (h 1, p 5)", 50, None, "2", "9.5", None,
     "57", "203.67269269293658", "4.5"),
    ("TestNewsvendorPoissonExplicit::test_problem_4_3b (h 1, p 5)", 50, None, "2", "9.5", 62,
     "62", "199.20829019138736", "4.5"),
]  # fmt: skip


def _newsvendor_rows() -> list[object]:
    rows: list[object] = []
    for test, mean, sd, h, p, level, want_level, want_figure, margin in NEWSVENDOR_CASES:
        name = f"{SNV}{test} S={level}"
        args = (mean, sd, h, p, level)
        whole = "0" if sd is None else "5e-7"  # Poisson levels are whole units
        rows.append(
            _row(functools.partial(_nv_level, *args), want_level, f"{name} level", None, whole)
        )
        figure = "cost" if margin is None else "profit"
        call = functools.partial(_nv_figure, *args, margin=margin)
        rows.append(_row(call, want_figure, f"{name} {figure}", "1e-12", None))
    return rows


NEWSVENDOR_ROWS = _newsvendor_rows()


@pytest.mark.parametrize(("call", "expected", "rel", "abs_"), NEWSVENDOR_ROWS)
def test_stockpyl_newsvendor(
    call: Callable[[], Decimal | None], expected: str, rel: str | None, abs_: str | None
) -> None:
    assert_close(call(), expected, rel=rel, abs_=abs_)


def test_stockpyl_newsvendor_order_up_to_matches_example_4_4() -> None:
    """Example 4.4 through the policy rule: order-up-to over L + R = 4 + 1 at p/(h + p).

    abs=1e-6: the policy rules round the safety stock *up* to 6 decimal places.
    """
    ratio = inv.critical_ratio(holding_cost=D("0.18"), shortage_cost=D("0.7"))
    level = inv.order_up_to_level(
        Demand(50, 8), LeadTime(4), review_period=1, service_level=ratio
    ).quantity
    assert_close(level, "2.647668943741548e+02", rel=None, abs_="1e-6")
    assert level >= D("264.7668943741548")


def _refuse(h: Any, *, poisson: bool = False, level: Any = None) -> object:
    demand = Demand(50, distribution=POISSON) if poisson else Demand(50, 8)
    return inv.newsvendor(
        demand, holding_cost=h, shortage_cost=D("0.7"), currency="USD", level=level
    )


@pytest.mark.parametrize(
    ("call", "error"),
    [
        pytest.param(lambda: _refuse("taco"), TypeError, id=f"{SNV}TestNewsvendorNormal::test_bad_type"),
        pytest.param(lambda: _refuse(-2), ValueError,
                     id=f"{SNV}TestNewsvendorNormal::test_negative_parameter"),
        pytest.param(lambda: _refuse("taco", poisson=True), TypeError,
                     id=f"{SNV}TestNewsvendorPoisson::test_bad_type"),
        pytest.param(lambda: _refuse(-2, poisson=True), ValueError,
                     id=f"{SNV}TestNewsvendorPoisson::test_negative_parameter"),
        pytest.param(lambda: LeadTime(-3), ValueError,
                     id=f"{SNV}TestNewsvendorPoisson::test_negative_lead_time"),
        pytest.param(lambda: _refuse(2, poisson=True, level=D("6.5")), ValueError,
                     id=f"{SNV}TestNewsvendorPoisson::test_base_stock_integer"),
        pytest.param(lambda: _refuse("taco"), TypeError,
                     id=f"{SNV}TestNewsvendorContinuous::test_bad_type (norm)"),
        pytest.param(lambda: _refuse(-2), ValueError,
                     id=f"{SNV}TestNewsvendorContinuous::test_negative_parameter (norm)"),
        pytest.param(lambda: _refuse("taco", poisson=True), TypeError,
                     id=f"{SNV}TestNewsvendorDiscrete::test_bad_type (poisson)"),
        pytest.param(lambda: _refuse(-4, poisson=True), ValueError,
                     id=f"{SNV}TestNewsvendorDiscrete::test_negative_parameter (poisson)"),
    ],
)  # fmt: skip
def test_stockpyl_newsvendor_refusals(call: Callable[[], object], error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


# ---------------------------------------------------------------- unrounded costs


def _without_unrounded(result: object) -> object:
    names = [f.name for f in attrs.fields(type(result)) if f.name.endswith("_unrounded")]
    cleared = attrs.evolve(result, **dict.fromkeys(names))  # type: ignore[misc]
    if isinstance(cleared, inv.EconomicOrderQuantity):
        cleared = attrs.evolve(cleared, curve=tuple(_without_unrounded(p) for p in cleared.curve))
    return cleared


def test_eoq_unrounded_example_3_1() -> None:
    """Snyder & Shen Example 3.1 (stockpyl ``economic_order_quantity`` doctest): g* = 68.41052550594829."""
    kwargs = {"order_cost": 8, "holding_cost": D("0.225"), "currency": "USD"}
    plain = inv.economic_order_quantity(1300, **kwargs)  # type: ignore[arg-type]
    full = inv.economic_order_quantity(1300, unrounded=True, **kwargs)  # type: ignore[arg-type]
    assert plain.annual_relevant_cost_unrounded is None
    assert plain.curve[0].annual_relevant_cost_unrounded is None
    assert _without_unrounded(full) == plain  # the rounded figures are the same
    assert_close(full.annual_relevant_cost_unrounded, "68.41052550594829", rel="1e-14", abs_=None)
    # at the EOQ ordering and holding are each half of g*
    for half in (full.annual_ordering_cost_unrounded, full.annual_holding_cost_unrounded):
        assert_close(half, "34.205262752974145", rel="1e-14", abs_=None)
    assert full.annual_purchase_cost_unrounded is None
    assert full.annual_total_cost_unrounded == full.annual_relevant_cost_unrounded
    # the curve at x = 2: g(2Q*) = g*·½(2 + ½) = 1.25 g*
    point = full.curve[-1]
    assert point.multiple == 2
    assert_close(point.annual_relevant_cost_unrounded, "85.51315688243536", rel="1e-14", abs_=None)
    assert point.annual_ordering_cost_unrounded is not None
    assert point.annual_holding_cost_unrounded is not None
    assert_close(
        point.annual_ordering_cost_unrounded + point.annual_holding_cost_unrounded,
        str(point.annual_relevant_cost_unrounded),
        rel="1e-14",
        abs_=None,
    )


def test_eoq_unrounded_purchase_and_total() -> None:
    """inventoryanalytics ``eoq_test.py``: K 3.2, h 0.24, λ 2400, v 0.4 → total 1020.72."""
    result = inv.economic_order_quantity(
        2400, order_cost=D("3.2"), holding_cost=D("0.24"), unit_cost=D("0.4"), currency="USD",
        unrounded=True,
    )  # fmt: skip
    assert result.annual_purchase_cost_unrounded == 960
    relevant = D(2 * D("3.2") * D("0.24") * 2400).sqrt()  # √(2Khλ) = √3686.4
    assert_close(result.annual_relevant_cost_unrounded, str(relevant), rel="1e-14", abs_=None)
    assert_close(result.annual_total_cost_unrounded, "1020.72", rel=None, abs_="0.005")
    assert_close(result.annual_total_cost_unrounded, str(relevant + 960), rel="1e-14", abs_=None)


def test_newsvendor_unrounded_is_additive() -> None:
    plain = inv.newsvendor(
        Demand(50, 8), holding_cost=D("0.18"), shortage_cost=D("0.7"), currency="USD"
    )
    full = inv.newsvendor(
        Demand(50, 8), holding_cost=D("0.18"), shortage_cost=D("0.7"), currency="USD",
        unrounded=True,
    )  # fmt: skip
    assert plain.expected_cost_unrounded is None
    assert _without_unrounded(full) == plain
    assert full.expected_cost == D("2.00")


def test_evaluate_policy_unrounded() -> None:
    """stockpyl ``test_rq.py::TestrQCost::test_example_5_1`` and Example 5.8 (Poisson), rel 1e-12."""
    ex51 = {
        "demand": Demand(1300, 150, TimeUnit.YEAR),
        "lead_time": LeadTime(1, period=TimeUnit.MONTH),
        "holding_cost": D("0.225"),
        "shortage_cost": D("7.5"),
        "order_cost": 8,
        "currency": "USD",
    }
    first = inv.evaluate_policy(D("126.8"), D("328.5"), unrounded=True, **ex51)  # type: ignore[arg-type]
    assert_close(first.expected_cost_unrounded, "78.071162509282942", rel="1e-12", abs_=None)
    second = inv.evaluate_policy(100, 250, unrounded=True, **ex51)  # type: ignore[arg-type]
    assert_close(second.expected_cost_unrounded, "87.346478028174985", rel="1e-12", abs_=None)
    plain = inv.evaluate_policy(100, 250, **ex51)  # type: ignore[arg-type]
    assert plain.expected_cost_unrounded is None and _without_unrounded(second) == plain
    poisson = inv.evaluate_policy(
        3, 5, demand=Demand(D("1.5"), distribution=POISSON), lead_time=LeadTime(2),
        holding_cost=20, shortage_cost=150, order_cost=100, currency="USD", unrounded=True,
    )  # fmt: skip
    assert_close(poisson.expected_cost_unrounded, "107.92358063314975", rel="1e-12", abs_=None)
    # without costs there is nothing to report, asked or not
    service_only = inv.evaluate_policy(
        100, 250, demand=Demand(10, 3), lead_time=LeadTime(9), unrounded=True
    )
    assert service_only.expected_cost is None and service_only.expected_cost_unrounded is None


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(
            lambda: inv.economic_order_quantity(
                1, order_cost=1, holding_cost=1, currency="USD", unrounded=1
            ),
            id="eoq",
        ),
        pytest.param(
            lambda: inv.newsvendor(
                Demand(1, 1), holding_cost=1, shortage_cost=1, currency="USD", unrounded="yes"
            ),
            id="newsvendor",
        ),
        pytest.param(
            lambda: inv.evaluate_policy(
                1, 1, demand=Demand(1), lead_time=LeadTime(1), unrounded=None
            ),
            id="evaluate_policy",
        ),
    ],
)
def test_unrounded_must_be_a_bool(call: Callable[[], object]) -> None:
    with pytest.raises(TypeError, match="unrounded must be a bool"):
        call()


# ---------------------------------------------------------------- identities and edges


def _poisson_reference(q: int, mean: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """n, n̄, n₂, n̄₂ from their definitions, summed in 50-digit Decimal arithmetic."""
    with localcontext() as context:
        context.prec = 50
        lam = D(mean)
        pmf = [(-lam).exp()]
        for k in range(1, 200):
            pmf.append(pmf[-1] * lam / k)
        n = sum(((k - q) * f for k, f in enumerate(pmf) if k > q), D(0))
        nbar = sum(((q - k) * f for k, f in enumerate(pmf) if k < q), D(0))
        n2 = sum(((k - q) * (k - q - 1) * f for k, f in enumerate(pmf) if k > q), D(0)) / 2
        nbar2 = sum(((q - k) * (q + 1 - k) * f for k, f in enumerate(pmf) if k <= q), D(0)) / 2
    return n, nbar, n2, nbar2


@pytest.mark.parametrize(
    ("q", "mean"),
    [(q, m) for m in ("0.5", "3", "12.25") for q in (-3, -1, 0, 1, 2, 5, 12, 30, 60)],
)
def test_poisson_losses_match_their_definitions(q: int, mean: str) -> None:
    expected = _poisson_reference(q, mean)
    actual = (
        inv.poisson_loss(q, D(mean)),
        inv.poisson_loss(q, D(mean), complementary=True),
        inv.poisson_second_loss(q, D(mean)),
        inv.poisson_second_loss(q, D(mean), complementary=True),
    )
    for got, want in zip(actual, expected, strict=True):
        assert abs(got - want) <= REL * abs(want) + D("1e-300"), (got, want)


def test_poisson_accepts_whole_number_decimals() -> None:
    for whole in (D("3"), D("3.000"), D("3E+0"), D("0.3E+1")):
        assert inv.poisson_cdf(whole, D(2)) == inv.poisson_cdf(3, D(2))
        assert inv.poisson_loss(whole, D(2)) == inv.poisson_loss(3, D(2))
        assert inv.poisson_second_loss(whole, D(2), complementary=True) == (
            inv.poisson_second_loss(3, D(2), complementary=True)
        )
    assert inv.poisson_loss(D("-2.00"), 3) == 5  # E[(D + 2)⁺] = μ + 2


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        pytest.param(lambda: inv.poisson_cdf(D("3.5"), 2), InvalidInputError,
                     r"q must be a whole number of units for Poisson demand: Decimal\('3.5'\)",
                     id="cdf 3.5"),
        pytest.param(lambda: inv.poisson_loss(D("0.000001"), 2), InvalidInputError,
                     "q must be a whole number", id="loss 0.000001"),
        pytest.param(lambda: inv.poisson_second_loss(D("NaN"), 2), InvalidInputError,
                     "q must be a finite number", id="second NaN"),
        pytest.param(lambda: inv.poisson_second_loss(D("1E+16"), 2), InvalidInputError,
                     "q must be a whole number strictly between", id="second 1E+16"),
        pytest.param(lambda: inv.poisson_cdf(3.0, 2), TypeError,
                     "q must be an int or a whole-number Decimal, not float", id="cdf float"),
        pytest.param(lambda: inv.poisson_loss(True, 2), TypeError,
                     "q must be an int or a whole-number Decimal, not bool", id="loss bool"),
        pytest.param(lambda: inv.poisson_second_loss("foo", 5), TypeError,
                     "q must be an int", id="stockpyl test_non_numeric: TypeError here"),
        pytest.param(lambda: inv.poisson_second_loss(1, -1), InvalidInputError, "mean must be >= 0",
                     id="negative mean"),
        pytest.param(lambda: inv.poisson_second_loss(1, 2_000_000), InvalidInputError,
                     "mean must be <= 1000000 for Poisson sums", id="mean too large"),
        pytest.param(lambda: inv.poisson_loss(1, 2, complementary=1), TypeError,
                     "complementary must be a bool", id="flag int"),
        pytest.param(lambda: inv.standard_normal_loss(D(1), complementary="y"), TypeError,
                     "complementary must be a bool", id="flag str"),
        pytest.param(lambda: inv.standard_normal_second_loss(0.5), TypeError,
                     "z must be a Decimal or int", id="second float z"),
        pytest.param(lambda: inv.normal_loss(1, 0, -1), InvalidInputError, "sd must be >= 0",
                     id="negative sd"),
        pytest.param(lambda: inv.normal_second_loss(1, D("Infinity"), 1), InvalidInputError,
                     "mean must be a finite number", id="infinite mean"),
        pytest.param(lambda: inv.normal_second_loss(1, 0, 1, complementary=None), TypeError,
                     "complementary must be a bool", id="flag None"),
    ],
)  # fmt: skip
def test_refusals(call: Callable[[], object], error: type[Exception], match: str) -> None:
    with pytest.raises(error, match=match):
        call()


def test_tails_beyond_a_double() -> None:
    # Beyond |z| = 40 the small side is 0 and the large side exact.
    assert inv.standard_normal_second_loss(D(41)) == 0
    assert inv.standard_normal_second_loss(D(-41)) == D("841")  # ½(41² + 1)
    assert inv.standard_normal_second_loss(D(41), complementary=True) == D("841")
    assert inv.standard_normal_second_loss(D("-1E+100")) == D("5.00000000000000E+199")
    assert inv.normal_loss(0, 0, D("1E-50")) == D("3.98942280401433E-51")  # σ·G(0)
    assert inv.normal_loss(1, 0, D("1E-50")) == 0
    assert inv.normal_loss(-1, 0, D("1E-50")) == 1  # (μ − x)⁺
    assert inv.normal_second_loss(-1, 0, D("1E-50")) == D("0.5")
    assert inv.normal_second_loss(1, 0, D("1E-50"), complementary=True) == D("0.5")
    # σ = 0: certain demand
    assert inv.normal_loss(7, 10, 0) == 3 and inv.normal_loss(7, 10, 0, complementary=True) == 0
    assert inv.normal_second_loss(7, 10, 0) == D("4.5")
    assert inv.normal_second_loss(13, 10, 0, complementary=True) == D("4.5")
    # a mean of 0: D = 0 surely
    assert inv.poisson_second_loss(-2, 0) == 1  # ½·(−2)(−1)
    assert inv.poisson_second_loss(4, 0, complementary=True) == 10  # ½·4·5
    assert inv.poisson_loss(4, 0, complementary=True) == 4
    assert inv.poisson_second_loss(0, 0) == 0
    # far above the mean: the complement is the exact ½[(q − μ)² + q]
    assert inv.poisson_second_loss(1000, 2, complementary=True) == D("498502")


decimals = st.decimals(min_value=-12, max_value=12, places=4, allow_nan=False, allow_infinity=False)
sds = st.decimals(min_value=D("0.01"), max_value=50, places=2)


@given(z=decimals)
def test_standard_normal_identities(z: Decimal) -> None:
    """G(z) − Ḡ(z) = −z and G₂(z) + Ḡ₂(z) = ½(z² + 1) (Snyder & Shen (C.33), (C.34))."""
    first = inv.standard_normal_loss(z)
    assert abs(first - inv.standard_normal_loss(z, complementary=True) + z) <= D("1e-13") * (
        1 + abs(z)
    )
    second = inv.standard_normal_second_loss(z)
    total = second + inv.standard_normal_second_loss(z, complementary=True)
    assert abs(total - (z * z + 1) / 2) <= D("1e-13") * (1 + z * z)
    assert inv.standard_normal_second_loss(-z, complementary=True) == second
    assert second >= 0 and first >= 0


@given(x=decimals, mean=decimals, sd=sds)
def test_normal_identities(x: Decimal, mean: Decimal, sd: Decimal) -> None:
    """n − n̄ = μ − x; n₂ + n̄₂ = ½[(x − μ)² + σ²]; n(x) = σ·G((x − μ)/σ)."""
    n = inv.normal_loss(x, mean, sd)
    nbar = inv.normal_loss(x, mean, sd, complementary=True)
    scale = 1 + abs(x - mean) + sd
    assert abs(n - nbar - (mean - x)) <= D("1e-12") * scale
    n2 = inv.normal_second_loss(x, mean, sd)
    n2bar = inv.normal_second_loss(x, mean, sd, complementary=True)
    assert abs(n2 + n2bar - ((x - mean) ** 2 + sd**2) / 2) <= D("1e-12") * scale**2
    z = (x - mean) / sd
    if abs(z) < 40:
        assert abs(n - sd * inv.standard_normal_loss(z)) <= D("1e-13") * scale


@given(q=st.integers(-20, 120), mean=st.decimals(min_value=0, max_value=60, places=2))
def test_poisson_identities(q: int, mean: Decimal) -> None:
    """n − n̄ = μ − q; n₂ + n̄₂ = ½[(q − μ)² + q]; n₂(q − 1) − n₂(q) = n(q) (Snyder & Shen (C.41)-(C.44))."""
    n = inv.poisson_loss(q, mean)
    assert abs(n - inv.poisson_loss(q, mean, complementary=True) - (mean - q)) <= D("1e-12") * (
        1 + abs(mean - q)
    )
    n2 = inv.poisson_second_loss(q, mean)
    n2bar = inv.poisson_second_loss(q, mean, complementary=True)
    bound = (q - mean) ** 2 + abs(q) + 1
    assert abs(n2 + n2bar - ((q - mean) ** 2 + q) / 2) <= D("1e-12") * bound
    assert abs(inv.poisson_second_loss(q - 1, mean) - n2 - n) <= D("1e-12") * bound
    assert min(n, n2, n2bar) >= 0


def test_second_loss_is_the_integral_of_the_first() -> None:
    """G₂(a) − G₂(b) = ∫ₐᵇ G(t) dt, by Simpson's rule on [0, 2] (a test independent of the formula)."""
    steps = 200
    width = D(2) / steps
    samples = [inv.standard_normal_loss(width * i) for i in range(steps + 1)]
    simpson = (
        width
        / 3
        * sum(
            (1 if i in (0, steps) else 4 if i % 2 else 2) * value for i, value in enumerate(samples)
        )
    )
    difference = inv.standard_normal_second_loss(D(0)) - inv.standard_normal_second_loss(D(2))
    assert abs(simpson - difference) < D("1e-9")
    assert inv.standard_normal_second_loss(D(0)) == D("0.25")  # ½E[(Z⁺)²] = ¼
    assert math.isclose(float(inv.standard_normal_loss(D(0))), 1 / math.sqrt(2 * math.pi))


def test_explain_shows_unrounded_costs_only_when_asked() -> None:
    # Snyder & Shen Example 3.1: g* = 68.41052550594829 (15 significant digits when asked).
    plain = inv.economic_order_quantity(
        1300, order_cost=8, holding_cost=Decimal("0.225"), currency="USD"
    ).explain()
    asked = inv.economic_order_quantity(
        1300, order_cost=8, holding_cost=Decimal("0.225"), currency="USD", unrounded=True
    ).explain()
    assert "_unrounded" not in plain
    assert "annual_purchase_cost: None" in plain  # other absent figures still show
    assert "annual_relevant_cost_unrounded: 68.4105255059483" in asked
