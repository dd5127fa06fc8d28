"""Tests that kill the mutants of spendrules.money that the other tests let survive.

Found with ``python tools/mutation.py money`` (mutmut 3). Each expected value is
worked out by hand in a comment, or is the exact error contract: an error names
the field, the constraint and the value (``spendrules.errors``). The mutants
these tests cannot kill, because they change nothing observable, are listed
with the reason in ``tools/mutation_equivalent.toml``.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest

from spendrules import money
from spendrules.errors import InvalidInputError, UnknownCurrencyError
from spendrules.money import AllocationMethod, allocate, quantize

LAST = AllocationMethod.LAST


def _strs(parts: tuple[Decimal, ...]) -> list[str]:
    return [str(part) for part in parts]


# --------------------------------------------------------------------------- errors


def _check_error(
    err: pytest.ExceptionInfo[InvalidInputError], field: str, constraint: str, value: object
) -> None:
    """The error contract: the field, the constraint and the value, also in the text."""
    assert err.value.field == field
    assert err.value.constraint == constraint
    assert err.value.value == value
    assert type(err.value.value) is type(value)
    assert str(err.value) == f"{field} must be {constraint}: {value!r}"


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda: quantize(Decimal(1), "USD", rounding="HALF_UP"), id="quantize"),
        pytest.param(lambda: allocate(Decimal(1), [1], "USD", rounding="HALF_UP"), id="allocate"),
        pytest.param(
            lambda: money.to_minor_units(Decimal(1), "USD", rounding="HALF_UP"), id="to_minor"
        ),
    ],
)
def test_unknown_rounding_error_names_field_constraint_value(call: object) -> None:
    with pytest.raises(InvalidInputError) as err:
        call()  # type: ignore[operator]
    _check_error(err, "rounding", "one of the decimal.ROUND_* constants", "HALF_UP")


def test_amount_too_long_once_rounded_names_amount() -> None:
    # 1E+70 rounded to cents has 73 significant digits, beyond the working precision.
    with pytest.raises(InvalidInputError) as err:
        quantize(Decimal("1E+70"), "USD")
    assert err.value.field == "amount"
    assert err.value.value == Decimal("1E+70")
    assert err.value.constraint.startswith("at most ")
    assert err.value.constraint.endswith(" significant digits once rounded")
    assert str(err.value).startswith("amount must be at most ")
    assert str(err.value).endswith(" significant digits once rounded: Decimal('1E+70')")


def test_total_too_long_once_rounded_names_total() -> None:
    with pytest.raises(InvalidInputError) as err:
        allocate(Decimal("-1E+70"), [1, 1], "USD")
    assert err.value.field == "total"
    assert err.value.value == Decimal("-1E+70")
    assert str(err.value).startswith("total must be at most ")
    assert str(err.value).endswith(" significant digits once rounded: Decimal('-1E+70')")


def test_negative_weight_error_names_index_constraint_value() -> None:
    with pytest.raises(InvalidInputError) as err:
        allocate(Decimal(1), [1, 2, -3], "USD")
    _check_error(err, "weights[2]", ">= 0", -3)


def test_no_weights_error_names_field_constraint_value() -> None:
    with pytest.raises(InvalidInputError) as err:
        allocate(Decimal(1), [], "USD")
    _check_error(err, "weights", "at least one weight", [])


def test_zero_weight_sum_error_shows_the_weights_given() -> None:
    with pytest.raises(InvalidInputError) as err:
        allocate(Decimal(1), [0, Decimal(0)], "USD")
    _check_error(err, "weights", "weights with a positive sum", [0, Decimal(0)])


def test_zero_weight_sum_error_shows_a_generator_whole() -> None:
    # A one-shot iterator is read once; the error shows what it held (a fresh one per run).
    with pytest.raises(InvalidInputError) as err:
        allocate(Decimal(1), iter([0, 0]), "USD")
    _check_error(err, "weights", "weights with a positive sum", [0, 0])


def test_unknown_method_error_names_field_constraint_value() -> None:
    with pytest.raises(InvalidInputError) as err:
        allocate(Decimal(1), [1], "USD", method="pro_rata")  # type: ignore[arg-type]
    _check_error(err, "method", "an AllocationMethod ('largest_remainder' or 'last')", "pro_rata")


@pytest.mark.parametrize(
    ("weights", "shown"),
    [
        pytest.param(5, "not int: 5", id="int"),
        pytest.param("11", "not str: '11'", id="str"),
        pytest.param(None, "not NoneType: None", id="None"),
    ],
)
def test_weights_not_iterable_error_names_the_type_and_value(weights: object, shown: str) -> None:
    with pytest.raises(TypeError) as err:
        allocate(Decimal(1), weights, "USD")  # type: ignore[arg-type]
    assert str(err.value) == f"weights must be an iterable of Decimal, int or Fraction, {shown}"


def test_from_minor_units_type_error_names_units() -> None:
    with pytest.raises(TypeError) as err:
        money.from_minor_units(Decimal(1), "USD")  # type: ignore[arg-type]
    assert str(err.value) == "units must be an int, not Decimal: Decimal('1')"


def test_unknown_currency_error_names_currency() -> None:
    with pytest.raises(UnknownCurrencyError) as err:
        money.minor_units("usd")
    assert (err.value.field, err.value.value) == ("currency", "usd")
    assert str(err.value) == "currency must be an active ISO 4217 currency code: 'usd'"


# --------------------------------------------------------------------------- rounding


def test_to_minor_units_uses_the_rounding_given() -> None:
    # 0.125 USD is 12.5 cents: half-even gives 12 (2 is even), half-up 13, down 12, up 13.
    assert money.to_minor_units(Decimal("0.125"), "USD", rounding=decimal.ROUND_HALF_EVEN) == 12
    assert money.to_minor_units(Decimal("0.125"), "USD", rounding=decimal.ROUND_DOWN) == 12
    assert money.to_minor_units(Decimal("0.125"), "USD") == 13


@pytest.mark.parametrize(
    ("total", "weights", "rounding", "expected"),
    [
        # An exact share stays as it is under every mode: 1.00 / 2 = 0.50 exactly, so
        # ROUND_UP (away from zero) must not push it to 0.51.
        pytest.param("1.00", [1, 1], decimal.ROUND_UP, ["0.50", "0.50"], id="exact share, up"),
        pytest.param(
            "-1.00", [1, 1], decimal.ROUND_FLOOR, ["-0.50", "-0.50"], id="exact share, floor"
        ),
        pytest.param(
            "3", [1, 1, 1], decimal.ROUND_CEILING, ["1.00", "1.00", "1.00"], id="exact thirds"
        ),
        # Half-way shares: 0.01 / 2 = 0.005. Half-down and half-even (0 is even) give 0.00,
        # half-up gives 0.01; the last part takes the rest (0.01 - first part).
        pytest.param("0.01", [1, 1], decimal.ROUND_HALF_DOWN, ["0.00", "0.01"], id="half, down"),
        pytest.param("0.01", [1, 1], decimal.ROUND_HALF_EVEN, ["0.00", "0.01"], id="half, even 0"),
        pytest.param("0.01", [1, 1], decimal.ROUND_HALF_UP, ["0.01", "0.00"], id="half, up"),
        # 0.03 / 2 = 0.015: half-even gives 0.02 (2 is even), half-down 0.01.
        pytest.param("0.03", [1, 1], decimal.ROUND_HALF_EVEN, ["0.02", "0.01"], id="half, even 2"),
        pytest.param("0.03", [1, 1], decimal.ROUND_HALF_DOWN, ["0.01", "0.02"], id="0.015 down"),
        # -0.01 / 2 = -0.005: half-down gives -0.00 = 0.00 (towards zero), half-up -0.01.
        pytest.param(
            "-0.01", [1, 1], decimal.ROUND_HALF_DOWN, ["0.00", "-0.01"], id="credit half, down"
        ),
        # Above the half: 0.01 * 2/3 = 0.00666..., nearer 0.01 than 0.00 under every half mode.
        pytest.param("0.01", [2, 1], decimal.ROUND_HALF_DOWN, ["0.01", "0.00"], id="2/3, down"),
        pytest.param("0.01", [2, 1], decimal.ROUND_HALF_EVEN, ["0.01", "0.00"], id="2/3, even"),
        # Below the half: 0.01 * 1/3 = 0.00333..., 0.00 under every half mode, 0.01 rounding up.
        pytest.param("0.01", [1, 2], decimal.ROUND_HALF_DOWN, ["0.00", "0.01"], id="1/3, down"),
        pytest.param("0.01", [1, 2], decimal.ROUND_UP, ["0.01", "0.00"], id="1/3, up"),
    ],
)
def test_last_method_rounds_each_share_with_the_mode_given(
    total: str, weights: list[int], rounding: str, expected: list[str]
) -> None:
    parts = allocate(Decimal(total), weights, "USD", rounding=rounding, method=LAST)
    assert _strs(parts) == expected
    assert sum(parts, Decimal(0)) == Decimal(total)  # conservation


def test_method_values_are_the_stored_json_spellings() -> None:
    # The values are written to JSON (serialization, schema); renaming one breaks stored data.
    assert AllocationMethod("largest_remainder") is AllocationMethod.LARGEST_REMAINDER
    assert AllocationMethod("last") is AllocationMethod.LAST
    assert [m.value for m in AllocationMethod] == ["largest_remainder", "last"]
