"""Tests of spendrules.money: minor units, quantize, allocation."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules import money
from spendrules.errors import InvalidInputError, UnknownCurrencyError
from spendrules.money import AllocationMethod, allocate, minor_units, quantize

amounts = st.decimals(
    min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=6
)
currency_codes = st.sampled_from(sorted(money.currencies()))


@pytest.mark.parametrize(
    ("currency", "digits"),
    [
        pytest.param("USD", 2, id="USD 2 (ISO 4217 List One)"),
        pytest.param("EUR", 2, id="EUR 2 (ISO 4217 List One)"),
        pytest.param("JPY", 0, id="JPY 0 (ISO 4217 List One)"),
        pytest.param("KRW", 0, id="KRW 0 (ISO 4217 List One)"),
        pytest.param("ISK", 0, id="ISK 0 (ISO 4217 List One)"),
        pytest.param("BHD", 3, id="BHD 3 (ISO 4217 List One)"),
        pytest.param("IQD", 3, id="IQD 3 (ISO; CLDR displays 0)"),
        pytest.param("KWD", 3, id="KWD 3 (ISO 4217 List One)"),
        pytest.param("CLF", 4, id="CLF 4 (ISO 4217 List One)"),
        pytest.param("UYW", 4, id="UYW 4 (ISO 4217 List One)"),
        pytest.param("RSD", 2, id="RSD 2 (ISO; CLDR displays 0)"),
        pytest.param("XCG", 2, id="XCG 2 (ISO amendment, 2025)"),
        pytest.param("ZWG", 2, id="ZWG 2 (ISO amendment, 2024)"),
        pytest.param("SLE", 2, id="SLE 2 (ISO amendment, 2022)"),
        pytest.param("VES", 2, id="VES 2 (ISO 4217 List One)"),
        pytest.param("VED", 2, id="VED 2 (ISO amendment, 2021)"),
        pytest.param("SVC", 2, id="SVC 2 (still in List One)"),
        pytest.param("MGA", 2, id="MGA 2 (ISO; CLDR displays 0)"),
        pytest.param("CHE", 2, id="CHE 2 (fund code, ISO 4217 List One)"),
        pytest.param("UYI", 0, id="UYI 0 (fund code, ISO 4217 List One)"),
        pytest.param("XOF", 0, id="XOF 0 (ISO 4217 List One)"),
        pytest.param("XPF", 0, id="XPF 0 (ISO 4217 List One)"),
        pytest.param("VND", 0, id="VND 0 (ISO 4217 List One)"),
        pytest.param("CLP", 0, id="CLP 0 (ISO 4217 List One)"),
        pytest.param("TND", 3, id="TND 3 (ISO 4217 List One)"),
        pytest.param("OMR", 3, id="OMR 3 (ISO 4217 List One)"),
        pytest.param("LYD", 3, id="LYD 3 (ISO 4217 List One)"),
        pytest.param("JOD", 3, id="JOD 3 (ISO 4217 List One)"),
    ],
)
def test_minor_units_follow_iso_4217(currency: str, digits: int) -> None:
    assert minor_units(currency) == digits


@pytest.mark.parametrize(
    "code",
    [
        *("XAU", "XAG", "XPT", "XPD", "XBA", "XDR", "XSU", "XUA", "XXX", "XTS"),  # N.A. codes
        *("HRK", "BGN", "ANG", "ZWL", "SLL", "CUC", "VEF", "LTL"),  # withdrawn (List Three)
        *("usd", "", "US", "CNH"),  # lower case, not a code, not ISO (offshore yuan)
    ],
)
def test_unknown_or_non_money_codes_are_refused(code: str) -> None:
    with pytest.raises(UnknownCurrencyError, match="ISO 4217"):
        minor_units(code)


def test_currency_must_be_a_string() -> None:
    with pytest.raises(TypeError, match="currency"):
        minor_units(840)  # type: ignore[arg-type]


def test_iso_table_has_an_as_of_date() -> None:
    assert money.ISO4217_AS_OF == "2026-01-01"
    assert len(money.currencies()) > 150


@pytest.mark.parametrize(
    ("amount", "currency", "rounding", "expected"),
    [
        pytest.param("2.675", "USD", decimal.ROUND_HALF_UP, "2.68", id="issue-2 done-means 2.675"),
        pytest.param("0.125", "USD", decimal.ROUND_HALF_UP, "0.13", id="half-up 0.125"),
        pytest.param("0.125", "USD", decimal.ROUND_HALF_EVEN, "0.12", id="half-even 0.125"),
        pytest.param(
            "-0.125", "USD", decimal.ROUND_HALF_UP, "-0.13", id="half-up is away from zero"
        ),
        pytest.param("1234.5", "JPY", decimal.ROUND_HALF_UP, "1235", id="JPY no decimals"),
        pytest.param("1.0005", "BHD", decimal.ROUND_HALF_UP, "1.001", id="BHD three decimals"),
        pytest.param("7", "EUR", decimal.ROUND_HALF_UP, "7.00", id="scale is set"),
        pytest.param("0.019", "USD", decimal.ROUND_DOWN, "0.01", id="round down"),
    ],
)
def test_quantize_examples(amount: str, currency: str, rounding: str, expected: str) -> None:
    result = quantize(Decimal(amount), currency, rounding=rounding)
    assert result == Decimal(expected)
    assert str(result) == expected  # the scale is exactly the minor units


def test_quantize_refuses_float_nan_and_unknown_rounding() -> None:
    with pytest.raises(TypeError, match="amount must be a Decimal or int, not float"):
        quantize(1.5, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="amount"):
        quantize(True, "USD")
    with pytest.raises(TypeError, match="amount"):
        quantize("1.5", "USD")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="amount must be a finite number"):
        quantize(Decimal("NaN"), "USD")
    with pytest.raises(InvalidInputError, match="finite"):
        quantize(Decimal("-Infinity"), "USD")
    with pytest.raises(InvalidInputError, match="rounding"):
        quantize(Decimal(1), "USD", rounding="HALF_UP")


def test_quantize_refuses_amounts_beyond_the_working_precision() -> None:
    with pytest.raises(InvalidInputError, match="significant digits"):
        quantize(Decimal("1e70"), "USD")


ALL_SIGNALS = [
    decimal.Clamped,
    decimal.DivisionByZero,
    decimal.FloatOperation,
    decimal.Inexact,
    decimal.InvalidOperation,
    decimal.Overflow,
    decimal.Rounded,
    decimal.Subnormal,
    decimal.Underflow,
]


def test_money_never_reads_or_changes_a_hostile_context() -> None:
    hostile = decimal.Context(
        prec=1, rounding=decimal.ROUND_FLOOR, Emin=-1, Emax=1, traps=ALL_SIGNALS
    )
    with decimal.localcontext(hostile) as ctx:
        assert quantize(Decimal("12345.675"), "USD") == Decimal("12345.68")
        assert quantize(-5, "BHD") == Decimal("-5.000")
        assert allocate(Decimal("100.00"), [Fraction(1, 3)] * 3, "USD") == (
            Decimal("33.34"),
            Decimal("33.33"),
            Decimal("33.33"),
        )
        assert allocate(
            Decimal("-100.00"), [Decimal("0.3"), Decimal("0.7"), 1], "USD", method="last"
        ) == (Decimal("-15.00"), Decimal("-35.00"), Decimal("-50.00"))  # type: ignore[arg-type]
        assert allocate(Decimal("1.00"), [1, 1, 1], "USD", method=AllocationMethod.LAST) == (
            Decimal("0.33"),
            Decimal("0.33"),
            Decimal("0.34"),
        )
        assert money.to_minor_units(Decimal("12.345"), "USD") == 1235
        assert money.from_minor_units(12345, "USD") == Decimal("123.45")
        with pytest.raises(InvalidInputError, match="significant digits"):
            quantize(Decimal("1e70"), "USD")
        assert ctx is decimal.getcontext()
        assert (ctx.prec, ctx.rounding, ctx.Emin, ctx.Emax) == (1, decimal.ROUND_FLOOR, -1, 1)
        assert not any(ctx.flags.values())  # no signal was raised in the caller's context


def test_quantize_ignores_the_callers_context() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 2
        ctx.rounding = decimal.ROUND_FLOOR
        assert quantize(Decimal("12345.675"), "USD") == Decimal("12345.68")
        assert ctx.prec == 2


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        pytest.param("-0.001", "USD", "0.00", id="tiny credit"),
        pytest.param("-0.4", "JPY", "0", id="JPY"),
        pytest.param("-0", "EUR", "0.00", id="negative zero in"),
    ],
)
def test_quantize_never_returns_negative_zero(amount: str, currency: str, expected: str) -> None:
    assert str(quantize(Decimal(amount), currency)) == expected


def test_minor_unit_conversions() -> None:
    assert money.to_minor_units(Decimal("12.345"), "USD") == 1235
    assert money.to_minor_units(Decimal("-1.5"), "KWD") == -1500
    assert money.from_minor_units(1235, "USD") == Decimal("12.35")
    assert money.from_minor_units(-7, "JPY") == Decimal(-7)
    with pytest.raises(TypeError, match="units"):
        money.from_minor_units(Decimal(1), "USD")  # type: ignore[arg-type]
    # exact however many digits: 10**70 + 1 cents is 10**68 dollars and one cent
    assert str(money.from_minor_units(10**70 + 1, "USD")) == "1" + "0" * 68 + ".01"
    assert str(money.from_minor_units(0, "BHD")) == "0.000"


@given(units=st.integers(-(10**50), 10**50), currency=currency_codes)
def test_minor_units_round_trip(units: int, currency: str) -> None:
    amount = money.from_minor_units(units, currency)
    assert amount.as_tuple().exponent == -minor_units(currency)
    assert money.to_minor_units(amount, currency) == units


@pytest.mark.parametrize(
    ("total", "weights", "currency", "expected"),
    [
        pytest.param("0.03", [1, 1], "USD", ["0.02", "0.01"], id="issue-2 done-means 0.03 in two"),
        pytest.param(
            "100.00", [Fraction(1, 3)] * 3, "USD", ["33.34", "33.33", "33.33"], id="thirds exact"
        ),
        pytest.param("-0.05", [1, 1], "EUR", ["-0.03", "-0.02"], id="credit note mirrors"),
        pytest.param("0", [1, 2, 3], "USD", ["0.00", "0.00", "0.00"], id="zero total"),
        pytest.param("10", [1, 0, 1], "JPY", ["5", "0", "5"], id="zero weight gets zero"),
        pytest.param("1.00", [Decimal("0.3"), Decimal("0.7")], "USD", ["0.30", "0.70"], id="30/70"),
        pytest.param("0.10", [1, 1, 1], "BHD", ["0.034", "0.033", "0.033"], id="BHD thousandths"),
        pytest.param("-0.004", [1, 1], "USD", ["0.00", "0.00"], id="rounds to zero, no -0.00"),
        pytest.param("0.05", [1] * 7, "USD", ["0.01"] * 5 + ["0.00"] * 2, id="many parts"),
    ],
)
def test_allocate_examples(
    total: str, weights: list[object], currency: str, expected: list[str]
) -> None:
    parts = allocate(Decimal(total), weights, currency)  # type: ignore[arg-type]
    assert parts == tuple(Decimal(e) for e in expected)
    assert [str(p) for p in parts] == expected


@pytest.mark.parametrize(
    ("total", "weights", "rounding", "expected"),
    [
        pytest.param(
            "1.00",
            [1, 1, 1, 0],
            decimal.ROUND_HALF_UP,
            ["0.33", "0.33", "0.34", "0.00"],
            id="a zero last weight stays zero",
        ),
        pytest.param(
            "1.00", [0, 1, 1], decimal.ROUND_HALF_UP, ["0.00", "0.50", "0.50"], id="zero first"
        ),
        # -1/3 rounded toward +infinity is -0.33 (as quantize(-0.333..., CEILING) is)
        pytest.param(
            "-1.00",
            [1, 1, 1],
            decimal.ROUND_CEILING,
            ["-0.33", "-0.33", "-0.34"],
            id="ceiling on a credit",
        ),
        pytest.param(
            "-1.00",
            [1, 1, 1],
            decimal.ROUND_FLOOR,
            ["-0.34", "-0.34", "-0.32"],
            id="floor on a credit",
        ),
        pytest.param(
            "0.05",
            [1] * 9,
            decimal.ROUND_HALF_UP,
            ["0.01"] * 8 + ["-0.03"],
            id="documented: the last part can change sign",
        ),
        # The first share is 0.01 * 0.4999...9 (70 nines) < 0.005, so it rounds to 0.00
        # half-up; a 60-digit quotient would have rounded it to 0.005 and then up to 0.01.
        pytest.param(
            "0.01",
            [Decimal("0.4" + "9" * 70), 1 - Fraction(Decimal("0.4" + "9" * 70))],
            decimal.ROUND_HALF_UP,
            ["0.00", "0.01"],
            id="no double rounding",
        ),
    ],
)
def test_allocate_last_examples(
    total: str, weights: list[object], rounding: str, expected: list[str]
) -> None:
    parts = allocate(
        Decimal(total),
        weights,
        "USD",
        rounding=rounding,
        method=AllocationMethod.LAST,  # type: ignore[arg-type]
    )
    assert [str(p) for p in parts] == expected


def test_allocate_last_absorbs() -> None:
    assert allocate(Decimal("100"), [1, 1, 1], "USD", method=AllocationMethod.LAST) == (
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("33.34"),
    )
    assert allocate(Decimal("100"), [1, 1, 1], "USD", method="last") == allocate(  # type: ignore[arg-type]
        Decimal("100"), [1, 1, 1], "USD", method=AllocationMethod.LAST
    )


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        pytest.param([], "at least one weight", id="empty"),
        pytest.param([0, 0], "positive sum", id="all zero"),
        pytest.param([1, -1], r"weights\[1\] must be >= 0", id="negative"),
        pytest.param([Decimal("NaN")], r"weights\[0\] must be a finite number", id="NaN"),
        pytest.param(iter([0, 0]), r"positive sum: \[0, 0\]", id="generator shown whole"),
    ],
)
def test_allocate_refuses_bad_weights(weights: list[int], match: str) -> None:
    with pytest.raises(InvalidInputError, match=match):
        allocate(Decimal(1), weights, "USD")


def test_allocate_refuses_bad_options_and_types() -> None:
    with pytest.raises(InvalidInputError, match="method must be an AllocationMethod"):
        allocate(Decimal(1), [1], "USD", method="pro_rata")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="rounding"):
        allocate(Decimal(1), [1], "USD", rounding="up")
    with pytest.raises(UnknownCurrencyError):
        allocate(Decimal(1), [1], "XAU")
    with pytest.raises(InvalidInputError, match="total must be a finite number"):
        allocate(Decimal("Infinity"), [1], "USD")
    for weights in (5, "11", None):
        with pytest.raises(TypeError, match="weights must be an iterable"):
            allocate(Decimal(1), weights, "USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"weights\[0\]"):
        allocate(Decimal(1), [True], "USD")
    with pytest.raises(TypeError, match="total"):
        allocate(True, [1], "USD")


def test_allocate_refuses_float_weights_and_totals() -> None:
    with pytest.raises(TypeError, match=r"weights\[0\]"):
        allocate(Decimal(1), [0.5], "USD")  # type: ignore[list-item]
    with pytest.raises(TypeError, match="total"):
        allocate(1.0, [1], "USD")  # type: ignore[arg-type]


@settings(max_examples=300)
@given(
    total=amounts,
    weights=st.lists(
        st.one_of(
            st.integers(0, 1000),
            st.fractions(min_value=0, max_value=1000, max_denominator=97),
            st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False),
        ),
        min_size=1,
        max_size=40,
    ).filter(lambda ws: sum(Fraction(w) for w in ws) > 0),
    currency=currency_codes,
    rounding=st.sampled_from(sorted(money.ROUNDING_MODES)),
)
def test_allocation_conserves_and_stays_within_one_unit(
    total: Decimal,
    weights: list[int | Fraction | Decimal],
    currency: str,
    rounding: str,
) -> None:
    parts = allocate(total, weights, currency, rounding=rounding)
    rounded = quantize(total, currency, rounding=rounding)
    assert sum(parts, Decimal(0)) == rounded  # conservation, to the minor unit
    unit = Fraction(1, 10 ** minor_units(currency))
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    for part, weight in zip(parts, weights, strict=True):
        exact_share = Fraction(rounded) * Fraction(weight) / weight_sum
        assert abs(Fraction(part) - exact_share) < unit  # never a full minor unit off
        assert part.as_tuple().exponent == -minor_units(currency)


@settings(max_examples=200)
@given(
    total=amounts,
    weights=st.lists(st.integers(0, 100), min_size=1, max_size=12).filter(any),
    currency=currency_codes,
)
def test_last_method_conserves(total: Decimal, weights: list[int], currency: str) -> None:
    parts = allocate(total, weights, currency, method=AllocationMethod.LAST)
    rounded = quantize(total, currency)
    assert sum(parts, Decimal(0)) == rounded
    last = max(i for i, w in enumerate(weights) if w)
    for index, (part, weight) in enumerate(zip(parts, weights, strict=True)):
        if weight == 0:
            assert part == 0  # zero weights get zero parts, whichever method
        elif index != last:
            # each other part is its own exact share rounded half-up, as quantize rounds it
            with decimal.localcontext(decimal.Context(prec=200)):
                share = rounded * weight / sum(weights)
            assert part == quantize(share, currency)


@given(
    amount=amounts, currency=currency_codes, rounding=st.sampled_from(sorted(money.ROUNDING_MODES))
)
def test_quantize_is_idempotent(amount: Decimal, currency: str, rounding: str) -> None:
    once = quantize(amount, currency, rounding=rounding)
    assert not (once.is_zero() and once.is_signed())
    assert quantize(once, currency, rounding=rounding) == once
    assert abs(once - amount) < Decimal(1).scaleb(-minor_units(currency))


@given(amount=amounts, currency=currency_codes)
def test_negative_amounts_mirror_under_half_up(amount: Decimal, currency: str) -> None:
    assert quantize(-amount, currency) == -quantize(amount, currency)
