"""Phasing's part rounding as a named option (issue 14 item 6.1), and huge integers in messages."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules._budget.phasing import PhasingRounding
from spendrules.budget import (
    ApprovalLevel,
    ApprovalMatrix,
    Budget,
    FiscalCalendar,
    Frequency,
    LedgerEntry,
    Phasing,
    PhasingMethod,
    SpendLine,
    SpendRequest,
    Stage,
    Transaction,
    evaluate_purchase,
    relieve,
)
from spendrules.errors import InvalidInputError, SpendRulesError
from spendrules.money import allocate, quantize
from spendrules.schema import json_schema
from spendrules.serialization import from_json, to_json

CUMULATIVE = PhasingRounding.CUMULATIVE
MONTHS = FiscalCalendar().periods(dt.date(2026, 1, 1))
QUARTERS = FiscalCalendar().periods(dt.date(2026, 1, 1), frequency=Frequency.QUARTER)
HUGE = 10**5000  # repr() of an int over 4,300 digits raises ValueError


def amounts(*values: str) -> tuple[Decimal, ...]:
    return tuple(Decimal(value) for value in values)


# -- the default is the behaviour before the option ------------------------------------------


def test_the_default_is_largest_remainder() -> None:
    assert PhasingRounding.LARGEST_REMAINDER.value == "largest_remainder"
    for phasing in (
        Phasing(),
        Phasing.equal(),
        Phasing.linear(),
        Phasing.weights([1, 2]),
        Phasing.amounts([1]),
    ):
        assert phasing.part_rounding is PhasingRounding.LARGEST_REMAINDER
    assert Phasing.equal().allocate(Decimal("1000"), "USD", MONTHS[:3]) == amounts(
        "333.34", "333.33", "333.33"
    )


@settings(max_examples=100)
@given(
    total=st.decimals(min_value=-(10**6), max_value=10**6, places=2),
    weights=st.lists(st.integers(0, 50), min_size=1, max_size=12).filter(any),
)
def test_the_default_is_money_allocate(total: Decimal, weights: list[int]) -> None:
    periods = MONTHS[: len(weights)]
    assert Phasing.weights(weights).allocate(total, "USD", periods) == allocate(
        total, weights, "USD"
    )
    assert Phasing.equal().allocate(total, "USD", periods) == allocate(
        total, [1] * len(weights), "USD"
    )


# -- hand-computed rows ------------------------------------------------------------------------

# Each row: phasing, total, currency, periods, rounding, expected parts. The expected parts are
# the differences of the rounded running shares round(T × W_i / W), worked out by hand in minor
# units in the row's id.
ROWS = [
    pytest.param(
        Phasing.equal(part_rounding=CUMULATIVE),
        "1000",
        "USD",
        MONTHS[:3],
        decimal.ROUND_HALF_UP,
        amounts("333.33", "333.34", "333.33"),
        id="1,000.00 / 3: 33333.3 -> 33333, 66666.7 -> 66667, 100000",
    ),
    pytest.param(
        Phasing.equal(part_rounding=CUMULATIVE),
        "100",
        "USD",
        MONTHS,
        decimal.ROUND_HALF_UP,
        amounts(*["8.33", "8.34", "8.33"] * 4),
        id="100.00 / 12: 833.3 -> 833, 1666.7 -> 1667, 2500, ... (extra cents in Feb, May, Aug, Nov)",
    ),
    pytest.param(
        Phasing.equal(part_rounding="cumulative"),
        "100",
        "USD",
        MONTHS,
        decimal.ROUND_DOWN,
        amounts(*["8.33", "8.33", "8.34"] * 4),
        id="100.00 / 12 rounding down: 833, 1666, 2500, 3333, ... (extra cents in Mar, Jun, ...)",
    ),
    pytest.param(
        Phasing.equal(part_rounding=CUMULATIVE),
        "-1000",
        "USD",
        MONTHS[:3],
        decimal.ROUND_HALF_UP,
        amounts("-333.33", "-333.34", "-333.33"),
        id="-1,000.00 / 3 mirrors 1,000.00",
    ),
    pytest.param(
        Phasing.equal(part_rounding=CUMULATIVE),
        "100",
        "JPY",
        MONTHS,
        decimal.ROUND_HALF_UP,
        amounts(*["8", "9", "8"] * 4),
        id="100 JPY / 12: 8.3 -> 8, 16.7 -> 17, 25, 33.3 -> 33, 41.7 -> 42, ...",
    ),
    pytest.param(
        Phasing.weights([1, 1, 1], part_rounding=CUMULATIVE),
        "0.02",
        "USD",
        MONTHS[:3],
        decimal.ROUND_HALF_UP,
        amounts("0.01", "0.00", "0.01"),
        id="0.02 / 3 weights: 0.7 -> 1, 1.3 -> 1, 2 (largest remainder: 0.01, 0.01, 0.00)",
    ),
    pytest.param(
        Phasing.weights([0, 1, 0, 1], part_rounding=CUMULATIVE),
        "0.03",
        "USD",
        MONTHS[:4],
        decimal.ROUND_HALF_UP,
        amounts("0.00", "0.02", "0.00", "0.01"),
        id="zero weights get zero: 0, 1.5 -> 2 (half up), 2, 3",
    ),
    pytest.param(
        Phasing.weights([0, 1, 0, 1], part_rounding=CUMULATIVE),
        "0.03",
        "USD",
        MONTHS[:4],
        decimal.ROUND_HALF_DOWN,
        amounts("0.00", "0.01", "0.00", "0.02"),
        id="the rounding mode rounds the running shares: 1.5 -> 1 (half down)",
    ),
    pytest.param(
        Phasing.weights(
            [Decimal("0.25"), Decimal("0.25"), Decimal("0.5")], part_rounding=CUMULATIVE
        ),
        "100",
        "EUR",
        MONTHS[:3],
        decimal.ROUND_HALF_UP,
        amounts("25.00", "25.00", "50.00"),
        id="exact shares are not moved",
    ),
    pytest.param(
        Phasing.linear(frequency=Frequency.QUARTER, part_rounding=CUMULATIVE),
        "100",
        "USD",
        QUARTERS,
        decimal.ROUND_HALF_UP,
        amounts("24.66", "24.93", "25.20", "25.21"),
        id="linear 2026 quarters of 90, 91, 92, 92 days: 2465.75 -> 2466, 4958.90 -> 4959, "
        "7479.45 -> 7479, 10000",
    ),
    pytest.param(
        Phasing.linear(frequency=Frequency.QUARTER),
        "100",
        "USD",
        QUARTERS,
        decimal.ROUND_HALF_UP,
        amounts("24.66", "24.93", "25.21", "25.20"),
        id="the same by largest remainder: floors 2465, 2493, 2520, 2520; remainders 275, 55, "
        "200, 200 (/365) take the two cents left",
    ),
]


@pytest.mark.parametrize(("phasing", "total", "currency", "periods", "rounding", "expected"), ROWS)
def test_hand_computed_rows(
    *,
    phasing: Phasing,
    total: str,
    currency: str,
    periods: tuple[object, ...],
    rounding: str,
    expected: tuple[Decimal, ...],
) -> None:
    parts = phasing.allocate(Decimal(total), currency, periods, rounding=rounding)  # type: ignore[arg-type]
    assert parts == expected
    assert [part.as_tuple().exponent for part in parts] == [expected[0].as_tuple().exponent] * len(
        parts
    )
    assert sum(parts) == quantize(Decimal(total), currency, rounding=rounding)


# -- properties ------------------------------------------------------------------------------

HALF_MODES = [decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN, decimal.ROUND_HALF_DOWN]
DIRECTED_MODES = [
    decimal.ROUND_UP,
    decimal.ROUND_DOWN,
    decimal.ROUND_CEILING,
    decimal.ROUND_FLOOR,
    decimal.ROUND_05UP,
]
weight_lists = st.lists(
    st.one_of(
        st.integers(0, 1000),
        st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    ),
    min_size=1,
    max_size=12,
).filter(lambda ws: sum(ws) > 0)


def _check_ytd(
    parts: tuple[Decimal, ...], total: Decimal, weights: list[Fraction], bound: Fraction
) -> None:
    whole = sum(weights, Fraction(0))
    running_weight = Fraction(0)
    running = Fraction(0)
    for part, weight in zip(parts, weights, strict=True):
        running_weight += weight
        running += Fraction(part)
        exact_share = Fraction(total) * running_weight / whole
        assert abs(running - exact_share) <= bound
        if weight == 0:
            assert part == 0


@settings(max_examples=300)
@given(
    total=st.decimals(min_value=-(10**9), max_value=10**9, places=2),
    weights=weight_lists,
    rounding=st.sampled_from(HALF_MODES),
)
def test_every_year_to_date_sum_is_within_half_a_cent(
    total: Decimal, weights: list[Decimal | int], rounding: str
) -> None:
    parts = Phasing.weights(weights, part_rounding=CUMULATIVE).allocate(
        total, "USD", MONTHS[: len(weights)], rounding=rounding
    )
    assert sum(parts) == total  # conservation (the total has the currency's places)
    assert all(part.as_tuple().exponent == -2 for part in parts)
    assert all(part * total >= 0 for part in parts)  # the sign of the total
    _check_ytd(parts, total, [Fraction(w) for w in weights], Fraction(1, 200))


@settings(max_examples=100)
@given(
    total=st.decimals(min_value=-(10**6), max_value=10**6, places=4),
    weights=weight_lists,
    rounding=st.sampled_from(DIRECTED_MODES + HALF_MODES),
)
def test_any_rounding_mode_conserves_and_stays_within_one_unit(
    total: Decimal, weights: list[Decimal | int], rounding: str
) -> None:
    parts = Phasing.weights(weights, part_rounding=CUMULATIVE).allocate(
        total, "USD", MONTHS[: len(weights)], rounding=rounding
    )
    rounded = quantize(total, "USD", rounding=rounding)
    assert sum(parts) == rounded
    _check_ytd(parts, rounded, [Fraction(w) for w in weights], Fraction(1, 100))


@settings(max_examples=100)
@given(
    total=st.decimals(min_value=0, max_value=10**7, places=3),
    count=st.integers(1, 12),
    currency=st.sampled_from(["USD", "JPY", "KWD"]),
)
def test_equal_and_linear_keep_the_year_to_date_property(
    total: Decimal, count: int, currency: str
) -> None:
    places = {"USD": 2, "JPY": 0, "KWD": 3}[currency]
    half = Fraction(1, 2 * 10**places)
    periods = MONTHS[:count]
    rounded = quantize(total, currency)
    equal = Phasing.equal(part_rounding=CUMULATIVE).allocate(total, currency, periods)
    assert sum(equal) == rounded
    _check_ytd(equal, rounded, [Fraction(1)] * count, half)
    linear = Phasing.linear(part_rounding=CUMULATIVE).allocate(total, currency, periods)
    assert sum(linear) == rounded
    _check_ytd(linear, rounded, [Fraction(p.days) for p in periods], half)


# -- validation ------------------------------------------------------------------------------


def test_part_rounding_is_read_by_value_and_checked() -> None:
    assert Phasing(part_rounding="cumulative").part_rounding is CUMULATIVE
    with pytest.raises(InvalidInputError, match="part_rounding must be one of largest_remainder"):
        Phasing(part_rounding="per_part")  # type: ignore[arg-type]
    with pytest.raises(
        InvalidInputError, match="part_rounding must be largest_remainder for amounts"
    ):
        Phasing(PhasingMethod.AMOUNTS, values=[1], part_rounding=CUMULATIVE)


def test_amounts_are_not_rounded_by_either_option() -> None:
    phasing = Phasing(PhasingMethod.AMOUNTS, values=[Decimal("0.01"), Decimal("0.02")])
    assert phasing.allocate(Decimal("0.03"), "USD", MONTHS[:2]) == amounts("0.01", "0.02")


# -- serialisation and schema ----------------------------------------------------------------


def test_a_budget_with_cumulative_phasing_round_trips() -> None:
    budget = Budget(
        "6100",
        Decimal("100"),
        "USD",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        phasing=Phasing.weights([1, 2, 3], frequency=Frequency.MONTH, part_rounding=CUMULATIVE),
    )
    text = to_json(budget)
    assert json.loads(text)["phasing"]["part_rounding"] == "cumulative"
    assert from_json(text, Budget) == budget
    old = json.loads(text)
    del old["phasing"]["part_rounding"]  # JSON written before the option reads as the default
    read = from_json(json.dumps(old), Budget)
    assert read.phasing.part_rounding is PhasingRounding.LARGEST_REMAINDER
    validator = jsonschema.Draft202012Validator(json_schema(Budget))
    assert not list(validator.iter_errors(json.loads(text)))


def test_the_schema_lists_the_option() -> None:
    schema = json_schema(Phasing)
    assert "part_rounding" in schema["properties"]
    assert "part_rounding" not in schema["required"]
    assert schema["$defs"]["PhasingRounding"]["enum"] == ["largest_remainder", "cumulative"]
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors({"part_rounding": "per_part"}))


# -- a 5,000-digit integer in an error message (repr() would raise ValueError) -----------------

SPEND = SpendRequest((SpendLine("6100", Decimal(1), "USD"),), dt.date(2026, 3, 2))
ENTRY = LedgerEntry("6100", Stage.ORDER, Decimal(1), "USD", dt.date(2026, 3, 2))


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        pytest.param(lambda: Phasing.weights(HUGE), TypeError, "values", id="phasing values"),  # type: ignore[arg-type]
        pytest.param(
            lambda: Phasing(part_rounding=HUGE),
            InvalidInputError,
            "part_rounding",
            id="part_rounding",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: SpendLine(HUGE, Decimal(1), "USD"), TypeError, "account", id="model text"
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: SpendLine("6100", Decimal(1), "USD", [(HUGE, "x")]),
            TypeError,
            "dimensions",
            id="model pairs",
        ),  # type: ignore[list-item]
        pytest.param(
            lambda: SpendRequest(SPEND.lines, SPEND.date, relieves=HUGE),
            TypeError,
            "relieves",
            id="model relieves",
        ),  # type: ignore[arg-type]
        pytest.param(lambda: relieve([ENTRY], HUGE), TypeError, "follow_on", id="relief follow_on"),  # type: ignore[arg-type]
        pytest.param(lambda: relieve([HUGE], SPEND), TypeError, "ledger", id="relief ledger entry"),  # type: ignore[list-item]
        pytest.param(
            lambda: Transaction(HUGE, dt.date(2026, 3, 2), Decimal(1), "USD"),
            TypeError,
            "reference",
            id="splits",
        ),  # type: ignore[arg-type]
        pytest.param(
            lambda: evaluate_purchase(
                HUGE,  # type: ignore[arg-type]
                budgets=[],
                ledger=[],
                policy=None,  # type: ignore[arg-type]
                matrix=ApprovalMatrix((ApprovalLevel("manager", roles=("manager",)),), (), "USD"),
                as_of=dt.date(2026, 3, 2),
            ),
            TypeError,
            "request",
            id="decision",
        ),
    ],
)
def test_a_huge_integer_is_named_not_printed(
    call: Callable[[], object], error: type[Exception], field: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, TypeError | SpendRulesError)
    text = str(caught.value)
    assert text.startswith(field)
    assert "integer of" in text


@settings(max_examples=200)
@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from(["USD", "JPY", "BHD"]),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=4),
    st.sampled_from([decimal.ROUND_HALF_UP, decimal.ROUND_FLOOR, decimal.ROUND_HALF_EVEN]),
)
def test_equal_phasing_in_integers_is_allocate_over_equal_weights(
    units: int, currency: str, count: int, places: int, rounding: str
) -> None:
    # Equal phasing splits in whole minor units; it must be money.allocate over weights of 1,
    # to the digit and the exponent, for any total (negative totals take allocate itself).
    total = Decimal(units).scaleb(-places)
    periods = FiscalCalendar().periods(dt.date(2026, 1, 1))[:count]
    phased = Phasing.equal().allocate(total, currency, periods, rounding=rounding)
    expected = allocate(total, [1] * count, currency, rounding=rounding)
    assert [str(part) for part in phased] == [str(part) for part in expected]
