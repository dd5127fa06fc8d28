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
