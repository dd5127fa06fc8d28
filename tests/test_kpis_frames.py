"""The frames KPIs (spendrules.frames) equal the scalar KPIs (spendrules.kpis) over the same rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("numpy")
pytest.importorskip("narwhals")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from spendrules import frames, kpis  # noqa: E402
from spendrules.errors import FrameInputError, InvalidInputError  # noqa: E402

D = Decimal
BACKENDS = ["pandas", "polars", "pyarrow"]
money = st.decimals(min_value=0, max_value=10**6, places=2)


def make(backend: str, columns: dict[str, list[Any]]) -> Any:
    if backend == "pandas":
        return pd.DataFrame(columns)
    if backend == "polars":
        return pl.DataFrame(columns)
    return pa.table(columns)


rows = st.lists(st.tuples(st.booleans(), money, money), min_size=1, max_size=30)


@settings(max_examples=30)
@given(rows=rows, backend=st.sampled_from(BACKENDS))
def test_frame_kpis_equal_the_scalar_kpis_over_the_same_rows(
    rows: list[tuple[bool, Decimal, Decimal]], backend: str
) -> None:
    flags = [flag for flag, _, _ in rows]
    amounts = [amount for _, amount, _ in rows]
    offered = [amount + extra for _, amount, extra in rows]
    frame = make(
        backend,
        {"flag": flags, "amount": amounts, "taken": amounts, "offered": offered},
    )
    flagged = sum((a for f, a in zip(flags, amounts, strict=True) if f), D(0))
    total = sum(amounts, D(0))
    assert frames.on_time_payment_rate(frame, on_time="flag") == kpis.on_time_payment_rate(
        sum(flags), paid=len(rows)
    )
    assert frames.po_compliance(frame, has_po="flag") == kpis.po_compliance(
        sum(flags), invoices=len(rows)
    )
    if total > 0:
        assert frames.on_time_payment_rate(
            frame, on_time="flag", weighting="value", currency="EUR"
        ) == kpis.on_time_payment_rate(flagged, paid=total, weighting="value", currency="EUR")
        assert frames.po_compliance(frame, has_po="flag", weighting="value") == kpis.po_compliance(
            flagged, invoices=total, weighting="value"
        )
        assert frames.maverick_spend_share(
            frame, off_contract="flag", target=D("0.1")
        ) == kpis.maverick_spend_share(flagged, total_spend=total, target=D("0.1"))
    if sum(offered, D(0)) > 0:
        assert frames.discount_capture_rate(
            frame, currency="USD", taken="taken", offered="offered"
        ) == kpis.discount_capture_rate(total, discounts_offered=sum(offered, D(0)), currency="USD")


@pytest.mark.parametrize("backend", BACKENDS)
def test_integer_amounts_are_whole_units(backend: str) -> None:
    frame = make(backend, {"has_po": [True, False, True], "amount": [700, 100, 200]})
    assert frames.po_compliance(frame, weighting="value").value == D("0.9")


@pytest.mark.parametrize(
    ("columns", "column", "row", "code"),
    [
        pytest.param(
            {"on_time": [True, None], "amount": [D(1), D(2)]},
            "on_time",
            1,
            "INPUT.MISSING",
            id="null flag",
        ),
        pytest.param(
            {"on_time": [True, "yes"], "amount": [D(1), D(2)]},
            "on_time",
            1,
            "INPUT.TYPE",
            id="text flag",
        ),
        pytest.param(
            {"on_time": [True, False], "amount": [1.5, 2.5]},
            "amount",
            0,
            "INPUT.TYPE",
            id="float money",
        ),
        pytest.param(
            {"on_time": [True, False], "amount": [D(1), None]},
            "amount",
            1,
            "INPUT.MISSING",
            id="null money",
        ),
    ],
)
def test_a_bad_cell_names_row_and_column(
    columns: dict[str, list[Any]], column: str, row: int, code: str
) -> None:
    with pytest.raises(FrameInputError) as info:
        frames.on_time_payment_rate(pd.DataFrame(columns), weighting="value")
    assert (info.value.column, info.value.row, info.value.code) == (column, row, code)


def test_an_empty_frame_is_the_scalar_refusal() -> None:
    with pytest.raises(InvalidInputError) as info:
        frames.on_time_payment_rate(pd.DataFrame({"on_time": pd.Series([], dtype=bool)}))
    assert info.value.field == "paid"
    with pytest.raises(FrameInputError, match="nothing"):
        frames.maverick_spend_share(pd.DataFrame({"off_contract": [True]}), amount="nothing")


@pytest.mark.parametrize("backend", ["polars", "pyarrow"])
def test_a_null_in_a_typed_money_column_names_its_row(backend: str) -> None:
    frame = make(backend, {"off_contract": [True, False], "amount": [D("1.00"), None]})
    with pytest.raises(FrameInputError) as info:
        frames.maverick_spend_share(frame)
    assert (info.value.column, info.value.row, info.value.code) == ("amount", 1, "INPUT.MISSING")


@pytest.mark.parametrize("backend", BACKENDS)
def test_discount_capture_by_count_is_taken_rows_over_offered_rows(backend: str) -> None:
    # APQC 101947 counts discounts: 4 invoices offer one, 3 of them take it, one
    # invoice offers none (it counts in neither).
    offered = [D("10.00"), D("40.00"), D("20.00"), D("30.00"), D("0.00")]
    taken = [D("10.00"), D("0.00"), D("20.00"), D("30.00"), D("0.00")]
    frame = make(backend, {"discounts_taken": taken, "discounts_offered": offered})
    counted = frames.discount_capture_rate(frame, weighting="count")
    assert counted.value == D(3) / D(4)
    assert counted.variant == "count"
    assert counted == kpis.discount_capture_rate(3, discounts_offered=4, weighting="count")
    by_value = frames.discount_capture_rate(frame, currency="USD")
    assert by_value.value == D(60) / D(100)
    assert by_value.variant == "value"


@pytest.mark.parametrize("backend", BACKENDS)
def test_integer_discount_columns_are_counted(backend: str) -> None:
    frame = make(backend, {"discounts_taken": [0, 5], "discounts_offered": [5, 5]})
    assert frames.discount_capture_rate(frame, weighting="count").value == D("0.5")


discount_rows = st.lists(
    st.tuples(money, money).map(lambda pair: (min(pair), max(pair))), min_size=1, max_size=20
)


@settings(max_examples=20)
@given(rows=discount_rows, backend=st.sampled_from(BACKENDS))
def test_discount_capture_by_count_equals_the_scalar_over_the_same_rows(
    rows: list[tuple[Decimal, Decimal]], backend: str
) -> None:
    frame = make(
        backend,
        {"taken": [taken for taken, _ in rows], "offered": [offered for _, offered in rows]},
    )
    offered_rows = sum(1 for _, offered in rows if offered > 0)
    taken_rows = sum(1 for taken, _ in rows if taken > 0)
    if offered_rows == 0:
        with pytest.raises(InvalidInputError):
            frames.discount_capture_rate(frame, taken="taken", offered="offered", weighting="count")
        return
    assert frames.discount_capture_rate(
        frame, taken="taken", offered="offered", weighting="count", target=D("0.5")
    ) == kpis.discount_capture_rate(
        taken_rows, discounts_offered=offered_rows, weighting="count", target=D("0.5")
    )


@pytest.mark.parametrize(
    ("columns", "column", "row", "code"),
    [
        pytest.param(
            {"discounts_taken": [D(1), D(3)], "discounts_offered": [D(1), D(2)]},
            "discounts_taken",
            1,
            "INPUT.INVALID",
            id="taken above offered",
        ),
        pytest.param(
            {"discounts_taken": [D(-1)], "discounts_offered": [D(2)]},
            "discounts_taken",
            0,
            "INPUT.INVALID",
            id="taken negative",
        ),
        pytest.param(
            {"discounts_taken": [D(0), D(0)], "discounts_offered": [D(1), D(-2)]},
            "discounts_offered",
            1,
            "INPUT.INVALID",
            id="offered negative",
        ),
        pytest.param(
            {"discounts_taken": [D(0), 0.5], "discounts_offered": [D(1), D(1)]},
            "discounts_taken",
            1,
            "INPUT.TYPE",
            id="float taken",
        ),
    ],
)
def test_a_bad_discount_row_counted_names_row_and_column(
    columns: dict[str, list[Any]], column: str, row: int, code: str
) -> None:
    with pytest.raises(FrameInputError) as info:
        frames.discount_capture_rate(pd.DataFrame(columns), weighting="count")
    assert (info.value.column, info.value.row, info.value.code) == (column, row, code)


def test_discount_capture_by_value_needs_a_currency() -> None:
    frame = pd.DataFrame({"discounts_taken": [D(1)], "discounts_offered": [D(2)]})
    with pytest.raises(InvalidInputError) as info:
        frames.discount_capture_rate(frame)
    assert info.value.field == "currency"
