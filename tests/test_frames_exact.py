"""Exact totals of money columns without a Python loop (spendrules.frames._exact).

Expected values are Python's own exact integer and ``Decimal`` sums of the same
cells; every refusal (``None``) is a case the cell-by-cell reading must handle.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("narwhals")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")
pd = pytest.importorskip("pandas")

from spendrules.frames._columns import Frame  # noqa: E402
from spendrules.frames._exact import (  # noqa: E402
    flag_array,
    integer_units,
    objects_total,
    units_total,
)

D = Decimal
INT64_MAX = 2**63 - 1


def _series(native: Any, column: str = "x") -> Any:
    return Frame(native).series(column)


def _total(native: Any) -> Decimal | None:
    units = integer_units(_series(native))
    return None if units is None else units_total(*units)


@given(
    st.lists(
        st.decimals(min_value=D("-1e12"), max_value=D("1e12"), places=2, allow_nan=False),
        max_size=30,
    )
)
@settings(max_examples=40)
def test_decimal_columns_sum_exactly(values: list[Decimal]) -> None:
    expected = sum(values, D(0))
    polars_frame = pl.DataFrame({"x": pl.Series(values, dtype=pl.Decimal(18, 2))})
    arrow_frame = pa.table({"x": pa.array(values, type=pa.decimal128(18, 2))})
    for native in (polars_frame, arrow_frame):
        total = _total(native)
        assert total == expected
        if values:  # the column's places, as the Decimal sum of its cells has them
            assert total is not None
            assert total.as_tuple().exponent == -2


@given(st.lists(st.integers(min_value=-(2**62), max_value=2**62), max_size=30))
@settings(max_examples=40)
def test_integer_columns_sum_exactly_even_past_int64(values: list[int]) -> None:
    expected = D(sum(values))
    for native in (
        pd.DataFrame({"x": np.asarray(values, dtype=np.int64)}),
        pl.DataFrame({"x": pl.Series(values, dtype=pl.Int64)}),
        pa.table({"x": pa.array(values, type=pa.int64())}),
    ):
        assert _total(native) == expected


def test_a_sum_past_int64_is_added_as_python_integers() -> None:
    values = [INT64_MAX, INT64_MAX, -5]
    assert _total(pl.DataFrame({"x": values})) == D(2 * INT64_MAX - 5)


def test_the_empty_column_totals_zero() -> None:
    assert _total(pl.DataFrame({"x": pl.Series([], dtype=pl.Decimal(18, 2))})) == D(0)


@pytest.mark.parametrize(
    "native",
    [
        pytest.param(pl.DataFrame({"x": [1, None]}), id="a null integer"),
        pytest.param(pl.DataFrame({"x": [1.5, 2.0]}), id="floats"),
        pytest.param(pl.DataFrame({"x": ["1.00"]}), id="text"),
        pytest.param(
            pl.DataFrame({"x": pl.Series([2**63], dtype=pl.UInt64)}), id="uint64 past int64"
        ),
        pytest.param(
            pa.table({"x": pa.array([D("1e30")], type=pa.decimal128(38, 2))}),
            id="a decimal past int64 units",
        ),
        pytest.param(
            pa.table({"x": pa.array([D("1.00"), None], type=pa.decimal128(18, 2))}),
            id="a null decimal",
        ),
    ],
)
def test_what_the_fast_path_cannot_vouch_for_is_left_to_the_cells(native: Any) -> None:
    assert integer_units(_series(native)) is None


def test_unsigned_integers_within_int64_are_read() -> None:
    native = pl.DataFrame({"x": pl.Series([3, 4], dtype=pl.UInt64)})
    assert _total(native) == D(7)


@given(
    st.lists(
        st.decimals(min_value=D("-1e15"), max_value=D("1e15"), places=4, allow_nan=False),
        max_size=30,
    ),
    st.data(),
)
@settings(max_examples=40)
def test_objects_sum_exactly_and_keep_the_masked_rows(values: list[Decimal], data: Any) -> None:
    mask = data.draw(st.lists(st.booleans(), min_size=len(values), max_size=len(values)))
    chosen = [value for value, keep in zip(values, mask, strict=True) if keep]
    assert objects_total(values) == sum(values, D(0))
    assert objects_total(values, np.asarray(mask, dtype=bool)) == sum(chosen, D(0))


def test_objects_of_integers_sum_exactly() -> None:
    assert objects_total([2**70, -3, 4]) == D(2**70 + 1)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([D("1.00"), None], id="a null"),
        pytest.param([D("1.00"), 1], id="a mix of Decimal and int"),
        pytest.param([D("1.00"), 1.5], id="a float"),
        pytest.param([True, False], id="booleans"),
        pytest.param([D("1.00"), D("NaN")], id="NaN"),
        pytest.param([D("Infinity")], id="infinity"),
        pytest.param([D("1e101")], id="beyond the scalar range"),
        pytest.param([10**101], id="an integer beyond the scalar range"),
        pytest.param([D("1e50"), D("1e-50")], id="a sum that would round"),
        pytest.param([D("1E-1001")], id="more decimal places than the scalar checks allow"),
        pytest.param([D("0E-1001")], id="a zero with too many decimal places"),
        pytest.param([D("-Infinity")], id="minus infinity"),
        pytest.param([D("sNaN")], id="a signalling NaN"),
    ],
)
def test_objects_the_fast_path_cannot_vouch_for(values: list[Any]) -> None:
    assert objects_total(values) is None


def test_the_empty_object_list_totals_zero() -> None:
    assert objects_total([]) == D(0)


@pytest.mark.parametrize(
    ("native", "expected"),
    [
        pytest.param(pd.DataFrame({"x": [True, False]}), [True, False], id="pandas bool"),
        pytest.param(pl.DataFrame({"x": [False, True]}), [False, True], id="polars bool"),
        pytest.param(pa.table({"x": [True, True]}), [True, True], id="arrow bool"),
        pytest.param(pl.DataFrame({"x": [True, None]}), None, id="a null flag"),
        pytest.param(pd.DataFrame({"x": [True, "yes"]}), None, id="an object column"),
        pytest.param(pl.DataFrame({"x": [1, 0]}), None, id="integers are not flags"),
    ],
)
def test_flag_arrays(native: Any, expected: list[bool] | None) -> None:
    flags = flag_array(_series(native))
    assert (None if flags is None else flags.tolist()) == expected


# ---------------------------------------------------------------------------
# The KPIs over a frame keep naming the bad row when the fast paths step aside.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        pytest.param(D("Infinity"), "INPUT.INVALID", id="infinity"),
        pytest.param(D("1e200"), "INPUT.INVALID", id="beyond the scalar range"),
        pytest.param(D("1E-1001"), "INPUT.INVALID", id="too many decimal places"),
        pytest.param(1.5, "INPUT.TYPE", id="a float"),
        pytest.param(None, "INPUT.MISSING", id="a null"),
    ],
)
def test_a_bad_object_cell_is_named_by_row_and_column(cell: Any, code: str) -> None:
    from spendrules import frames
    from spendrules.errors import FrameInputError

    lines = pd.DataFrame({"off_contract": [True, False, True], "amount": [D("1"), D("2"), cell]})
    with pytest.raises(FrameInputError) as info:
        frames.maverick_spend_share(lines)
    assert (info.value.row, info.value.column, info.value.code) == (2, "amount", code)


@pytest.mark.parametrize(
    ("currencies", "given", "row", "constraint"),
    [
        pytest.param(["USD", "USD", "EUR"], None, 2, "USD, row 0's", id="after the first row's"),
        pytest.param(["USD", "EUR"], "USD", 1, "USD, the currency given", id="after the given"),
        pytest.param(["USD", None], None, 1, "an ISO 4217 code (not null)", id="a null"),
        pytest.param(["XXQ", "USD"], None, 0, "an ISO 4217 code", id="not a currency"),
    ],
)
def test_one_currency_per_frame_names_the_first_row_out_of_line(
    currencies: list[str | None], given: str | None, row: int, constraint: str
) -> None:
    from spendrules.errors import FrameInputError
    from spendrules.frames._kpis_rows import frame_currency

    for native in (pd.DataFrame({"c": currencies}), pl.DataFrame({"c": currencies})):
        with pytest.raises(FrameInputError) as info:
            frame_currency(Frame(native), "c", None, given)
        assert info.value.row == row
        assert str(info.value.constraint).startswith(constraint)


def test_one_currency_per_frame_reads_the_rows_kept_only() -> None:
    from spendrules.frames._kpis_rows import frame_currency

    native = pl.DataFrame({"c": ["EUR", "USD", "USD", None]})
    assert frame_currency(Frame(native), "c", [False, True, True, False], None) == "USD"
    assert frame_currency(Frame(native), "c", [False] * 4, "JPY") == "JPY"
    assert frame_currency(Frame(native), "c", [False] * 4, None) is None
