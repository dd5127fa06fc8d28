"""``spendrules.frames``: every input convention, option and error path, on each backend.

The scalar rules of :mod:`spendrules.payment_terms` are the specification: each expected value
below comes from the scalar function for the same input row, from a published example (the frames
guide, the scalar docstrings), or from an identity (``Decimal.quantize`` for rounding, the output
columns for the Spark schema). Nothing is compared with what ``spendrules.frames`` computed itself.

Row-equality properties over random frames live in ``test_frames_properties.py`` and Spark/Dask in
``test_frames_distributed.py``; this module is the table of cases: one row per convention, per
backend where the code differs (pandas, polars, pyarrow).
"""

from __future__ import annotations

import math
import pathlib
import pickle
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import (
    ROUND_05UP,
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from typing import Any

import attrs
import pytest

np = pytest.importorskip("numpy")
nw = pytest.importorskip("narwhals.stable.v2")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from spendrules import frames  # noqa: E402
from spendrules import payment_terms as pt  # noqa: E402
from spendrules.calendars import Roll, WeekendCalendar  # noqa: E402
from spendrules.errors import FrameInputError, InvalidInputError, MissingExtraError, ParseError  # noqa: E402
from spendrules.frames._intmath import round_div  # noqa: E402
from spendrules.money import AllocationMethod, minor_units  # noqa: E402
from spendrules.results import Explained, Reason, Severity  # noqa: E402

KINDS = ("pandas", "polars", "pyarrow")
ROUNDINGS = (
    ROUND_HALF_UP,
    ROUND_HALF_EVEN,
    ROUND_HALF_DOWN,
    ROUND_UP,
    ROUND_DOWN,
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_05UP,
)
ERROR_COLUMNS = ("error_code", "error_field", "error_constraint", "error_value")
DAY = date(2026, 3, 15)


# --------------------------------------------------------------------------- building frames


def table(kind: str, columns: dict[str, Any]) -> Any:
    """A frame of ``kind`` from arrow arrays (or lists arrow can type).

    pandas gets arrow's own conversion: ``date32`` as ``datetime.date`` objects, decimals as
    ``Decimal`` objects, strings as ``str``.
    """
    arrow = pa.table(
        {
            name: pa.array(values) if isinstance(values, list) else values
            for name, values in columns.items()
        }
    )
    if kind == "pyarrow":
        return arrow
    if kind == "polars":
        return pl.from_arrow(arrow)
    frame = arrow.to_pandas()
    for name in arrow.column_names:  # integers with nulls: pandas' nullable Int64, not floats
        column = arrow.column(name)
        if pa.types.is_integer(column.type) and column.null_count:
            frame[name] = pd.array(column.to_pylist(), dtype="Int64")
    return frame


def pandas_objects(columns: dict[str, list[Any]]) -> Any:
    """A pandas frame whose columns hold exactly the given Python objects (``object`` dtype)."""
    return pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in columns.items()})


def decimals(values: list[Any], scale: int = 2) -> Any:
    return pa.array(values, pa.decimal128(38, scale))


def invoices(kind: str, **columns: Any) -> Any:
    """One invoice per row: ``terms``, ``invoice_date``, ``amount``, ``currency`` unless given."""
    size = len(next(iter(columns.values()))) if columns else 1
    base: dict[str, Any] = {
        "terms": ["2/10 net 30"] * size,
        "invoice_date": pa.array([DAY] * size, pa.date32()),
        "amount": decimals([Decimal("1000.00")] * size),
        "currency": ["USD"] * size,
    }
    base.update(columns)
    return table(kind, base)


# --------------------------------------------------------------------------- reading results


def plain(value: Any) -> Any:
    """A result cell as a plain Python value (nulls as ``None``, pandas timestamps as dates)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        assert value == value.normalize()
        return value.date()
    if isinstance(value, np.generic):
        return value.item()
    return value


def records(out: Any) -> list[dict[str, Any]]:
    """The rows of a frames result as dicts of plain values, whatever its kind."""
    if isinstance(out, pd.DataFrame):
        rows = out.astype(object).to_dict("records")
    elif isinstance(out, pl.DataFrame):
        rows = out.to_dicts()
    else:
        rows = out.to_pylist()
    return [{name: plain(value) for name, value in row.items()} for row in rows]


def columns_of(out: Any) -> list[str]:
    return list(out.columns) if not isinstance(out, pa.Table) else out.column_names


def same_kind(out: Any, kind: str) -> bool:
    return isinstance(
        out, {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.Table}[kind]
    )


# --------------------------------------------------------------------------- the scalar side


def scalar_lines(
    plan: pt.PaymentSchedule, row: int, width: int, *, money: str = "decimal"
) -> list[dict[str, Any]]:
    """The output rows :func:`frames.schedule` must give for input row ``row``, from the scalar plan."""

    def cash(value: Decimal) -> Any:
        if money == "minor_units":
            return int(value.scaleb(minor_units(plan.currency)))
        return value

    primary = plan.primary_reason()
    assert primary is not None
    out = []
    for position, line in enumerate(plan.lines):
        expected: dict[str, Any] = {
            "row": row,
            "installment": position,
            "due_date": line.due_date,
            "amount": cash(line.amount),
            "currency": plan.currency,
        }
        for tier in range(width):
            number = tier + 1
            if tier < len(line.discounts):
                offer = line.discounts[tier]
                expected[f"deadline_{number}"] = offer.deadline
                expected[f"discount_{number}"] = cash(offer.discount)
                expected[f"payable_{number}"] = cash(offer.payable)
            else:  # a missing tier: paying by the due date costs the amount
                expected[f"deadline_{number}"] = line.due_date
                expected[f"discount_{number}"] = cash(Decimal(0))
                expected[f"payable_{number}"] = cash(line.amount)
        expected["rule"] = plan.rule
        expected["reason"] = primary.code
        out.append(expected)
    return out


def error_line(row: int, code: str, field: str, value: Any, width: int = 1) -> dict[str, Any]:
    """The output row of a bad input row under ``errors="collect"``: null results, the error."""
    expected: dict[str, Any] = {"row": row, "installment": 0, "due_date": None, "amount": None}
    for number in range(1, width + 1):
        expected |= {
            f"deadline_{number}": None,
            f"discount_{number}": None,
            f"payable_{number}": None,
        }
    expected |= {
        "rule": None,
        "reason": None,
        "error_code": code,
        "error_field": field,
        "error_value": None if value is None else repr(value),
    }
    return expected


def without_errors(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [line | dict.fromkeys(("error_code", "error_field", "error_value")) for line in lines]


def check_rows(out: Any, expected: list[dict[str, Any]]) -> None:
    """Every output row equals its expected row on the expected row's columns."""
    got = records(out)
    assert len(got) == len(expected)
    for position, (row, want) in enumerate(zip(got, expected, strict=True)):
        assert {name: row[name] for name in want} == want, f"output row {position}"


def plan(text_or_terms: Any, **arguments: Any) -> pt.PaymentSchedule:
    terms = pt.parse_terms(text_or_terms) if isinstance(text_or_terms, str) else text_or_terms
    arguments.setdefault("invoice_date", DAY)
    arguments.setdefault("currency", "USD")
    return pt.schedule(terms, **arguments)


# --------------------------------------------------------------------------- frames and columns


class _AlienFrame:
    """An eager frame narwhals accepts through its extension protocol but spendrules does not know."""

    _implementation = nw.Implementation.UNKNOWN
    _version = nw.DataFrame._version

    def __narwhals_dataframe__(self) -> _AlienFrame:
        return self

    def _with_version(self, _version: object) -> _AlienFrame:
        return self


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: frames.schedule([1, 2]),
            "frame must be a pandas, polars or pyarrow DataFrame, not list",
        ),
        (
            lambda: frames.schedule(_AlienFrame()),
            "frame must be a pandas, polars or pyarrow DataFrame, not unknown",
        ),
        (
            lambda: frames.amount_payable({"row": [0]}, on=DAY),
            "schedule_frame must be a pandas, polars or pyarrow DataFrame, not dict",
        ),
        (
            lambda: frames.explain("rows", 0, frame=pd.DataFrame()),
            "result must be a pandas, polars or pyarrow DataFrame, not str",
        ),
        (
            lambda: frames.should_take_discount(
                pl.LazyFrame({"terms": ["net 30"]}), cost_of_capital=1
            ),
            "not LazyFrame",
        ),
    ],
    ids=["list", "unknown-narwhals-backend", "dict-schedule", "str-result", "polars-lazy"],
)
def test_only_eager_pandas_polars_or_arrow_frames_are_read(
    call: Callable[[], Any], message: str
) -> None:
    with pytest.raises(TypeError, match=message):
        call()


@pytest.mark.parametrize("kind", KINDS)
def test_a_missing_column_is_named_with_the_columns_given(kind: str) -> None:
    frame = invoices(kind)
    with pytest.raises(FrameInputError) as caught:
        frames.schedule(frame, amount="gross")
    error = caught.value
    assert (error.row, error.column, error.code) == (None, "gross", "INPUT.INVALID")
    assert error.value == ("terms", "invoice_date", "amount", "currency")
    assert str(error).startswith("column 'gross' must be a column of the frame (columns given)")
    with pytest.raises(FrameInputError, match="column 'invoice_id' must be a column of the frame"):
        frames.schedule(frame, keep=["invoice_id"])
    with pytest.raises(TypeError, match="column names must be str, not int: 3"):
        frames.schedule(frame, terms=3)  # type: ignore[arg-type]


def with_column(frame: Any, name: str, column: Any) -> Any:
    """``frame`` with column ``name`` replaced by (or set to) a native column of its kind."""
    if isinstance(frame, pd.DataFrame):
        return frame.assign(**{name: column})
    if isinstance(frame, pl.DataFrame):
        return frame.with_columns(column.alias(name))
    if name in frame.column_names:
        return frame.set_column(frame.column_names.index(name), name, column)
    return frame.append_column(name, column)


# --------------------------------------------------------------------------- dates in

MARCH_15, JAN_31 = date(2026, 3, 15), date(2026, 1, 31)
AT_MIDNIGHT = [datetime(2026, 3, 15), datetime(2026, 1, 31)]  # noqa: DTZ001 - naive on purpose
WITH_TIME = [datetime(2026, 3, 15), datetime(2026, 1, 31, 14, 30)]  # noqa: DTZ001 - idem
AWARE = [datetime(2026, 3, 15, tzinfo=UTC), datetime(2026, 1, 31, tzinfo=UTC)]

#: (backend, case id, the native invoice_date column for rows [15 March, 31 January]).
GOOD_DATES = [
    ("pandas", "datetime64[ns]", lambda: pd.Series(pd.to_datetime(["2026-03-15", "2026-01-31"]))),
    (
        "pandas",
        "datetime64[s]",
        lambda: pd.Series(np.array(["2026-03-15", "2026-01-31"], "datetime64[s]")),
    ),
    (
        "pandas",
        "Timestamp-objects",
        lambda: pd.Series([pd.Timestamp(d) for d in AT_MIDNIGHT], dtype=object),
    ),
    ("pandas", "date-objects", lambda: pd.Series([MARCH_15, JAN_31], dtype=object)),
    ("pandas", "datetime-objects-at-midnight", lambda: pd.Series(AT_MIDNIGHT, dtype=object)),
    (
        "pandas",
        "arrow-date32",
        lambda: pd.Series([MARCH_15, JAN_31], dtype=pd.ArrowDtype(pa.date32())),
    ),
    (
        "pandas",
        "arrow-timestamp-at-midnight",
        lambda: pd.Series(AT_MIDNIGHT, dtype=pd.ArrowDtype(pa.timestamp("ms"))),
    ),
    ("polars", "Date", lambda: pl.Series([MARCH_15, JAN_31], dtype=pl.Date)),
    ("polars", "Datetime-at-midnight", lambda: pl.Series(AT_MIDNIGHT, dtype=pl.Datetime("us"))),
    ("polars", "Object-dates", lambda: pl.Series([MARCH_15, JAN_31], dtype=pl.Object)),
    ("pyarrow", "date32", lambda: pa.array([MARCH_15, JAN_31], pa.date32())),
    ("pyarrow", "date64", lambda: pa.array([MARCH_15, JAN_31], pa.date64())),
    ("pyarrow", "timestamp-at-midnight", lambda: pa.array(AT_MIDNIGHT, pa.timestamp("ms"))),
]


@pytest.mark.parametrize(
    ("kind", "column"),
    [(k, c) for k, _i, c in GOOD_DATES],
    ids=[f"{k}-{i}" for k, i, _c in GOOD_DATES],
)
def test_date_columns_of_every_kind_give_the_scalar_due_dates(
    kind: str, column: Callable[[], Any]
) -> None:
    frame = with_column(
        invoices(kind, terms=["net 30 EOM", "2/10 net 30"]), "invoice_date", column()
    )
    out = frames.schedule(frame)
    assert same_kind(out, kind)
    expected = [
        *scalar_lines(plan("net 30 EOM", invoice_date=MARCH_15, amount=Decimal("1000.00")), 0, 1),
        *scalar_lines(plan("2/10 net 30", invoice_date=JAN_31, amount=Decimal("1000.00")), 1, 1),
    ]
    check_rows(out, expected)


#: (backend, case id, the native column, the value the error row shows) for a time of day on row 1.
TIME_OF_DAY = [
    (
        "pandas",
        "datetime64",
        lambda: pd.Series(pd.to_datetime(WITH_TIME)),
        "2026-01-31T14:30:00.000000",
    ),
    ("pandas", "datetime-objects", lambda: pd.Series(WITH_TIME, dtype=object), WITH_TIME[1]),
    (
        "pandas",
        "arrow-timestamp",
        lambda: pd.Series(WITH_TIME, dtype=pd.ArrowDtype(pa.timestamp("s"))),
        "2026-01-31T14:30:00",
    ),
    (
        "pandas",
        "aware-datetime-objects",
        lambda: pd.Series([AT_MIDNIGHT[0], AWARE[1]], dtype=object),
        AWARE[1],
    ),
    (
        "polars",
        "Datetime",
        lambda: pl.Series(WITH_TIME, dtype=pl.Datetime("ms")),
        "2026-01-31T14:30:00.000",
    ),
    ("pyarrow", "timestamp", lambda: pa.array(WITH_TIME, pa.timestamp("s")), "2026-01-31T14:30:00"),
]


@pytest.mark.parametrize(
    ("kind", "column", "shown"),
    [(k, c, s) for k, _i, c, s in TIME_OF_DAY],
    ids=[f"{k}-{i}" for k, i, _c, _s in TIME_OF_DAY],
)
def test_a_time_of_day_or_a_zone_on_a_cell_is_an_error_naming_row_and_column(
    kind: str, column: Callable[[], Any], shown: Any
) -> None:
    frame = with_column(
        invoices(kind, amount=decimals([Decimal("100.00")] * 2)), "invoice_date", column()
    )
    with pytest.raises(FrameInputError) as caught:
        frames.schedule(frame)
    error = caught.value
    assert (error.row, error.column, error.code, error.value) == (
        1,
        "invoice_date",
        "INPUT.INVALID",
        shown,
    )
    assert error.constraint == "a date (midnight, no time of day)"
    out = frames.schedule(frame, errors="collect")
    good = scalar_lines(plan("2/10 net 30", amount=Decimal("100.00")), 0, 1)
    check_rows(out, [*without_errors(good), error_line(1, "INPUT.INVALID", "invoice_date", shown)])


#: (backend, case id, the native column, the dtype named) for a column that cannot hold dates.
NOT_DATES = [
    (
        "pandas",
        "tz-aware",
        lambda: pd.Series(pd.to_datetime(AWARE)),
        "Datetime(time_unit='us', time_zone='UTC')",
    ),
    (
        "polars",
        "tz-aware",
        lambda: pl.Series(AWARE, dtype=pl.Datetime("us", "Europe/Paris")),
        "Datetime(time_unit='us', time_zone='Europe/Paris')",
    ),
    (
        "pyarrow",
        "tz-aware",
        lambda: pa.array(AWARE, pa.timestamp("us", "UTC")),
        "Datetime(time_unit='us', time_zone='UTC')",
    ),
    ("pandas", "int", lambda: pd.Series([20260315, 20260131]), "Int64"),
    ("polars", "str", lambda: pl.Series(["2026-03-15", "2026-01-31"]), "String"),
    ("pyarrow", "float", lambda: pa.array([1.0, 2.0]), "Float64"),
]


@pytest.mark.parametrize(
    ("kind", "column", "dtype"),
    [(k, c, d) for k, _i, c, d in NOT_DATES],
    ids=[f"{k}-{i}" for k, i, _c, _d in NOT_DATES],
)
def test_a_column_that_is_not_dates_is_refused_whole(
    kind: str, column: Callable[[], Any], dtype: str
) -> None:
    frame = with_column(invoices(kind, amount=decimals([Decimal(1)] * 2)), "invoice_date", column())
    for errors in ("raise", "collect"):  # a whole column at fault has no row to collect
        with pytest.raises(FrameInputError) as caught:
            frames.schedule(frame, errors=errors)
        error = caught.value
        assert (error.row, error.column, error.code, error.value) == (
            None,
            "invoice_date",
            "INPUT.TYPE",
            dtype,
        )
        assert error.constraint in {"dates without a time zone", "a date column"}


@pytest.mark.parametrize(
    ("column", "code", "shown"),
    [
        (pd.Series([MARCH_15, "2026-01-31"], dtype=object), "INPUT.TYPE", "2026-01-31"),
        (pd.Series([MARCH_15, None], dtype=object), "INPUT.MISSING", None),
        (pd.Series(pd.to_datetime(["2026-03-15", None])), "INPUT.MISSING", None),
    ],
    ids=["text-cell", "None-cell", "NaT-cell"],
)
def test_a_cell_that_is_not_a_date_is_a_bad_row(column: Any, code: str, shown: Any) -> None:
    frame = with_column(
        invoices("pandas", amount=decimals([Decimal("100.00")] * 2)), "invoice_date", column
    )
    out = frames.schedule(frame, errors="collect")
    good = scalar_lines(plan("2/10 net 30", amount=Decimal("100.00")), 0, 1)
    check_rows(out, [*without_errors(good), error_line(1, code, "invoice_date", shown)])
    with pytest.raises(FrameInputError, match=r"^row 1: column 'invoice_date' must be "):
        frames.schedule(frame)


# --------------------------------------------------------------------------- money in

#: One row each in USD (2 places), JPY (none) and BHD (3): the scalar rounds each to its currency.
THREE_CURRENCIES = ["USD", "JPY", "BHD"]
AS_DECIMALS = [Decimal("1000.005"), Decimal("-12.5"), Decimal("7.0004")]

#: (backend, case id, the native amount column, money option, the amount each cell means).
MONEY_IN = [
    (
        "pandas",
        "Decimal-objects",
        lambda: pd.Series(AS_DECIMALS, dtype=object),
        "decimal",
        AS_DECIMALS,
    ),
    (
        "pandas",
        "arrow-decimal-dtype",
        lambda: pd.Series(AS_DECIMALS, dtype=pd.ArrowDtype(pa.decimal128(20, 4))),
        "decimal",
        AS_DECIMALS,
    ),
    (
        "polars",
        "Decimal",
        lambda: pl.Series(AS_DECIMALS, dtype=pl.Decimal(38, 4)),
        "decimal",
        AS_DECIMALS,
    ),
    (
        "polars",
        "Object-Decimals",
        lambda: pl.Series(AS_DECIMALS, dtype=pl.Object),
        "decimal",
        AS_DECIMALS,
    ),
    ("pyarrow", "decimal128", lambda: decimals(AS_DECIMALS, 4), "decimal", AS_DECIMALS),
    (
        "pyarrow",
        "decimal128-whole",
        lambda: decimals([1000, -12, 7], 0),
        "decimal",
        [Decimal(1000), Decimal(-12), Decimal(7)],
    ),
    (
        "pyarrow",
        "decimal256",
        lambda: pa.array(AS_DECIMALS, pa.decimal256(40, 4)),
        "decimal",
        AS_DECIMALS,
    ),
    (
        "pyarrow",
        "decimal128-minor-units-option",
        lambda: decimals(AS_DECIMALS, 4),
        "minor_units",
        AS_DECIMALS,
    ),
    ("pandas", "str", lambda: pd.Series(["1000.005", "-12.5", "+7.0004"]), "decimal", AS_DECIMALS),
    (
        "polars",
        "String",
        lambda: pl.Series(["1000.005", "-12.5", "+7.0004"]),
        "decimal",
        AS_DECIMALS,
    ),
    (
        "pyarrow",
        "large_string",
        lambda: pa.array(["1000.005", "-12.5", "+7.0004"], pa.large_string()),
        "decimal",
        AS_DECIMALS,
    ),
    (
        "pandas",
        "int64-whole-units",
        lambda: pd.Series([1000, -12, 7]),
        "decimal",
        [Decimal(1000), Decimal(-12), Decimal(7)],
    ),
    (
        "polars",
        "Int32-whole-units",
        lambda: pl.Series([1000, -12, 7], dtype=pl.Int32),
        "decimal",
        [Decimal(1000), Decimal(-12), Decimal(7)],
    ),
    (
        "pyarrow",
        "uint16-whole-units",
        lambda: pa.array([1000, 12, 7], pa.uint16()),
        "decimal",
        [Decimal(1000), Decimal(12), Decimal(7)],
    ),
    (
        "pandas",
        "object-ints-whole-units",
        lambda: pd.Series([1000, np.int64(-12), 7], dtype=object),
        "decimal",
        [Decimal(1000), Decimal(-12), Decimal(7)],
    ),
    (
        "pandas",
        "int64-minor-units",
        lambda: pd.Series([100001, -12, 7001]),
        "minor_units",
        [Decimal("1000.01"), Decimal(-12), Decimal("7.001")],
    ),
    (
        "polars",
        "Int64-minor-units",
        lambda: pl.Series([100001, -12, 7001]),
        "minor_units",
        [Decimal("1000.01"), Decimal(-12), Decimal("7.001")],
    ),
    (
        "pyarrow",
        "int8-minor-units",
        lambda: pa.array([101, -12, 71], pa.int8()),
        "minor_units",
        [Decimal("1.01"), Decimal(-12), Decimal("0.071")],
    ),
    (
        "pandas",
        "object-ints-minor-units",
        lambda: pd.Series([100001, np.int64(-12), 7001], dtype=object),
        "minor_units",
        [Decimal("1000.01"), Decimal(-12), Decimal("7.001")],
    ),
]


@pytest.mark.parametrize(
    ("kind", "column", "money", "meant"),
    [(k, c, m, v) for k, _i, c, m, v in MONEY_IN],
    ids=[f"{k}-{i}" for k, i, _c, _m, _v in MONEY_IN],
)
def test_money_cells_of_every_kind_are_read_as_the_scalar_amount(
    kind: str, column: Callable[[], Any], money: str, meant: list[Decimal]
) -> None:
    frame = with_column(invoices(kind, currency=THREE_CURRENCIES), "amount", column())
    out = frames.schedule(frame, money=money)
    expected = [
        line
        for row, (amount, currency) in enumerate(zip(meant, THREE_CURRENCIES, strict=True))
        for line in scalar_lines(
            plan("2/10 net 30", amount=amount, currency=currency), row, 1, money=money
        )
    ]
    check_rows(out, expected)


@pytest.mark.parametrize("kind", KINDS)
def test_money_comes_out_in_each_currency_or_at_the_frame_scale_or_in_minor_units(
    kind: str,
) -> None:
    """The spec: pandas ``Decimal`` with the currency's exponent; polars/arrow ``(38, s)``, s the most places."""
    frame = invoices(
        kind, currency=THREE_CURRENCIES, amount=decimals([Decimal(5), Decimal(5), Decimal(5)], 0)
    )
    out = frames.schedule(frame)
    if kind == "pandas":
        assert [str(value) for value in out["amount"]] == ["5.00", "5", "5.000"]
        assert out["due_date"].dtype == np.dtype("datetime64[s]")
        assert isinstance(out["currency"].dtype, pd.CategoricalDtype)
    elif kind == "polars":
        assert out.schema["amount"] == pl.Decimal(38, 3)
        assert out.schema["due_date"] == pl.Date
    else:
        assert out.schema.field("amount").type == pa.decimal128(38, 3)
        assert out.schema.field("due_date").type == pa.date32()
    cents = frames.schedule(frame, money="minor_units")
    assert [row["amount"] for row in records(cents)] == [500, 5, 5000]
    assert str(nw.from_native(cents, eager_only=True)["amount"].dtype) == "Int64"


#: Cells a money column cannot hold: (case id, the cell, the error code).
BAD_MONEY_CELLS = [
    ("thousands-separator", "1,000.00", "INPUT.TYPE"),
    ("exponent", "1e3", "INPUT.TYPE"),
    ("padded", " 5", "INPUT.TYPE"),
    ("bool", True, "INPUT.TYPE"),
    ("date", DAY, "INPUT.TYPE"),
    ("float-cell", 2.5, "INPUT.TYPE"),
    ("infinite-Decimal", Decimal("Infinity"), "INPUT.INVALID"),
    ("NaN-Decimal-is-null-as-in-pandas", Decimal("NaN"), "INPUT.MISSING"),
    ("signaling-NaN-Decimal", Decimal("sNaN"), "INPUT.INVALID"),
    ("beyond-10**101", Decimal("1E+120"), "INPUT.INVALID"),
    ("None", None, "INPUT.MISSING"),
    ("pandas-NA", pd.NA, "INPUT.MISSING"),
]


@pytest.mark.parametrize(
    ("cell", "code"),
    [(c, k) for _i, c, k in BAD_MONEY_CELLS],
    ids=[i for i, _c, _k in BAD_MONEY_CELLS],
)
def test_a_money_cell_that_is_not_exact_money_is_a_bad_row(cell: Any, code: str) -> None:
    frame = pandas_objects(
        {
            "terms": ["2/10 net 30", "2/10 net 30", "2/10 net 30"],
            "invoice_date": [DAY] * 3,
            "amount": ["12.50", cell, 12],
            "currency": ["USD"] * 3,
        }
    )
    out = frames.schedule(frame, errors="collect")
    expected = [
        *without_errors(scalar_lines(plan("2/10 net 30", amount=Decimal("12.50")), 0, 1)),
        error_line(1, code, "amount", None if code == "INPUT.MISSING" else cell),
        *without_errors(scalar_lines(plan("2/10 net 30", amount=12), 2, 1)),
    ]
    check_rows(out, expected)
    with pytest.raises(FrameInputError) as caught:
        frames.schedule(frame)
    assert (caught.value.row, caught.value.column, caught.value.code) == (1, "amount", code)


@pytest.mark.parametrize(
    ("kind", "column", "dtype"),
    [
        ("pandas", lambda: pd.Series([True, False]), "Boolean"),
        ("polars", lambda: pl.Series([DAY, DAY]), "Date"),
        ("pyarrow", lambda: pa.array([[1], [2]]), "List(Int64)"),
    ],
    ids=["pandas-bool", "polars-date", "pyarrow-list"],
)
def test_a_column_that_is_not_money_is_refused_whole(
    kind: str, column: Callable[[], Any], dtype: str
) -> None:
    frame = with_column(invoices(kind, terms=["net 30"] * 2), "amount", column())
    with pytest.raises(FrameInputError) as caught:
        frames.schedule(frame, errors="collect")
    error = caught.value
    assert (error.row, error.column, error.value, error.constraint, error.code) == (
        None,
        "amount",
        dtype,
        "a money column",
        "INPUT.TYPE",
    )


@pytest.mark.parametrize(
    ("kind", "column"),
    [
        ("pandas", lambda: pd.Series([2.675, 1000.1])),
        ("polars", lambda: pl.Series([2.675, 1000.1], dtype=pl.Float32)),
        ("pyarrow", lambda: pa.array([2.675, 1000.1])),
    ],
    ids=KINDS,
)
def test_a_float_money_column_is_refused_naming_it_and_the_way_out(
    kind: str, column: Callable[[], Any]
) -> None:
    frame = with_column(invoices(kind, terms=["net 30"] * 2), "tax", column())
    with pytest.raises(FrameInputError) as caught:
        frames.schedule(frame, tax_amount="tax")
    error = caught.value
    assert (error.row, error.column, error.code) == (None, "tax", "INPUT.TYPE")
    assert "float_money='round_half_up'" in error.constraint


FLOATS = [0.125, 2.675, 1000.1, -0.005, 0.5, 12345678.9, 7.0005]
FLOAT_CURRENCIES = ["USD", "USD", "USD", "EUR", "JPY", "USD", "BHD"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("option", "mode"),
    [
        ("round_half_up", ROUND_HALF_UP),
        ("round_half_even", ROUND_HALF_EVEN),
        ("round_half_down", ROUND_HALF_DOWN),
    ],
)
def test_float_money_reads_each_float_as_its_shortest_repr_rounded_with_the_mode_named(
    kind: str, option: str, mode: str
) -> None:
    frame = invoices(kind, amount=pa.array(FLOATS), currency=FLOAT_CURRENCIES)
    out = frames.schedule(frame, float_money=option)
    expected = []
    for row, (value, currency) in enumerate(zip(FLOATS, FLOAT_CURRENCIES, strict=True)):
        meant = Decimal(repr(value)).quantize(
            Decimal(1).scaleb(-minor_units(currency)), rounding=mode
        )
        expected += [
            line | {"float_money": option}
            for line in scalar_lines(plan("2/10 net 30", amount=meant, currency=currency), row, 1)
        ]
    check_rows(out, expected)


@pytest.mark.parametrize("kind", KINDS)
def test_float_money_cells_the_scalar_refuses_are_bad_rows(kind: str) -> None:
    values = [math.nan, math.inf, 1e300, 2.5]
    frame = invoices(kind, amount=pa.array(values), currency=["USD", "USD", "USD", "XTS"])
    out = frames.schedule(frame, float_money="round_half_even", errors="collect")
    got = records(out)
    assert [(row["row"], row["error_code"], row["error_field"]) for row in got] == [
        (0, "INPUT.MISSING", "amount"),
        (1, "INPUT.INVALID", "amount"),
        (2, "INPUT.INVALID", "amount"),
        (3, "INPUT.INVALID", "currency"),
    ]
    for row, value in ((1, math.inf), (2, 1e300)):
        with pytest.raises(InvalidInputError) as scalar:
            pt.schedule(
                pt.parse_terms("net 30"),
                invoice_date=DAY,
                amount=Decimal(repr(value)),
                currency="USD",
            )
        assert got[row]["error_constraint"] == scalar.value.constraint


def test_float_cells_of_an_object_column_follow_float_money() -> None:
    frame = pandas_objects(
        {
            "terms": ["net 30"] * 2,
            "invoice_date": [DAY] * 2,
            "amount": [2.675, Decimal("0.125")],
            "currency": ["USD"] * 2,
        }
    )
    out = frames.schedule(frame, float_money="round_half_down", rounding=ROUND_HALF_UP)
    # the float is read with the float convention, the Decimal with ``rounding``, as the scalar would
    assert [row["amount"] for row in records(out)] == [Decimal("2.67"), Decimal("0.13")]


# --------------------------------------------------------------------------- currencies

UNKNOWN = "an active ISO 4217 currency code"
NOT_TEXT = "an ISO 4217 currency code (a str)"

#: (backend, case id, currency column, amount column, expected error per row: None, or (code, value, constraint)).
CURRENCY_CASES = [
    (
        "pandas",
        "str-with-object-Decimals",
        lambda: pd.Series(["EUR", "usd", None]),
        lambda: pd.Series([Decimal("9.99")] * 3, dtype=object),
        [None, ("INPUT.INVALID", "usd", UNKNOWN), ("INPUT.MISSING", None, "given")],
    ),
    (
        "pandas",
        "object-with-numbers",
        lambda: pd.Series(["EUR", 978, None], dtype=object),
        lambda: pd.Series(["9.99"] * 3),
        [None, ("INPUT.TYPE", 978, NOT_TEXT), ("INPUT.MISSING", None, "given")],
    ),
    (
        "polars",
        "String-with-Decimal",
        lambda: pl.Series(["EUR", "XXX", None]),
        lambda: pl.Series([Decimal("9.99")] * 3, dtype=pl.Decimal(10, 2)),
        [None, ("INPUT.INVALID", "XXX", UNKNOWN), ("INPUT.MISSING", None, "given")],
    ),
    (
        "polars",
        "Categorical-with-Int",
        lambda: pl.Series(["EUR", "XXX", None], dtype=pl.Categorical),
        lambda: pl.Series([9, 9, 9]),
        [None, ("INPUT.INVALID", "XXX", UNKNOWN), ("INPUT.MISSING", None, "given")],
    ),
    (
        "polars",
        "Int64",
        lambda: pl.Series([978, 840, None]),
        lambda: pl.Series(["9.99"] * 3),
        [
            ("INPUT.TYPE", 978, NOT_TEXT),
            ("INPUT.TYPE", 840, NOT_TEXT),
            ("INPUT.MISSING", None, "given"),
        ],
    ),
    (
        "pyarrow",
        "string-with-int",
        lambda: pa.array(["EUR", "EURO", None]),
        lambda: pa.array([9, 9, 9]),
        [None, ("INPUT.INVALID", "EURO", UNKNOWN), ("INPUT.MISSING", None, "given")],
    ),
    (
        "pyarrow",
        "dictionary",
        lambda: pa.array(["EUR", "EURO", None]).dictionary_encode(),
        lambda: decimals([Decimal("9.99")] * 3),
        [None, ("INPUT.INVALID", "EURO", UNKNOWN), ("INPUT.MISSING", None, "given")],
    ),
]


@pytest.mark.parametrize(
    ("kind", "currency", "amount", "errors"),
    [(k, c, a, e) for k, _i, c, a, e in CURRENCY_CASES],
    ids=[f"{k}-{i}" for k, i, _c, _a, _e in CURRENCY_CASES],
)
def test_each_bad_currency_cell_is_a_bad_row_and_the_others_are_computed(
    kind: str, currency: Callable[[], Any], amount: Callable[[], Any], errors: list[Any]
) -> None:
    frame = with_column(
        with_column(invoices(kind, terms=["net 30"] * 3), "currency", currency()),
        "amount",
        amount(),
    )
    out = frames.schedule(frame, errors="collect")
    got = records(out)
    assert len(got) == 3
    for row, (line, error) in enumerate(zip(got, errors, strict=True)):
        if error is None:
            raw = nw.from_native(frame, eager_only=True)["amount"].to_list()[
                row
            ]  # 9, "9.99", Decimal
            want = plan("net 30", amount=Decimal(raw), currency="EUR")
            assert line == line | without_errors(scalar_lines(want, row, 0))[0]
        else:
            code, value, constraint = error
            assert (line["error_code"], line["error_field"], line["error_constraint"]) == (
                code,
                "currency",
                constraint,
            )
            assert line["error_value"] == (None if value is None else repr(value))
            assert line["amount"] is None and line["currency"] is None and line["rule"] is None


# --------------------------------------------------------------------------- terms

SPLIT = pt.PaymentTerms(
    (
        pt.Installment(pt.Advance(), share=pt.Percent(Decimal(30))),
        pt.Installment(
            pt.NetDays(30),
            (pt.DiscountTier(Decimal("0.02"), pt.NetDays(10)),),
            share=pt.Remainder(),
        ),
    )
)

#: (backend, case id, the native terms column for three rows).
TERMS_COLUMNS = [
    ("pandas", "str", lambda: pd.Series(["2/10 net 30", "net 30 EOM", "2/10 net 30"])),
    (
        "pandas",
        "category",
        lambda: pd.Series(["2/10 net 30", "net 30 EOM", "2/10 net 30"], dtype="category"),
    ),
    (
        "pandas",
        "PaymentTerms-objects",
        lambda: pd.Series(
            [pt.parse_terms("2/10 net 30"), SPLIT, pt.parse_terms("2/10 net 30")], dtype=object
        ),
    ),
    (
        "pandas",
        "mixed-objects",
        lambda: pd.Series(["2/10 net 30", SPLIT, pt.parse_terms("2/10 net 30")], dtype=object),
    ),
    ("polars", "String", lambda: pl.Series(["2/10 net 30", "net 30 EOM", "2/10 net 30"])),
    (
        "polars",
        "Categorical",
        lambda: pl.Series(["2/10 net 30", "net 30 EOM", "2/10 net 30"], dtype=pl.Categorical),
    ),
    (
        "polars",
        "Enum",
        lambda: pl.Series(
            ["2/10 net 30", "net 30 EOM", "2/10 net 30"],
            dtype=pl.Enum(["net 30 EOM", "2/10 net 30"]),
        ),
    ),
    (
        "polars",
        "Object",
        lambda: pl.Series([pt.parse_terms("2/10 net 30"), SPLIT, "2/10 net 30"], dtype=pl.Object),
    ),
    ("pyarrow", "string", lambda: pa.array(["2/10 net 30", "net 30 EOM", "2/10 net 30"])),
    (
        "pyarrow",
        "dictionary",
        lambda: pa.array(["2/10 net 30", "net 30 EOM", "2/10 net 30"]).dictionary_encode(),
    ),
]


@pytest.mark.parametrize(
    ("kind", "column"),
    [(k, c) for k, _i, c in TERMS_COLUMNS],
    ids=[f"{k}-{i}" for k, i, _c in TERMS_COLUMNS],
)
def test_terms_as_text_or_payment_terms_give_the_scalar_schedule(
    kind: str, column: Callable[[], Any]
) -> None:
    frame = with_column(invoices(kind, amount=decimals([Decimal("100.01")] * 3)), "terms", column())
    given = nw.from_native(frame, eager_only=True)["terms"].to_list()
    out = frames.schedule(frame)
    expected = [
        line
        for row, terms in enumerate(given)
        for line in scalar_lines(plan(terms, amount=Decimal("100.01")), row, 1)
    ]
    check_rows(out, expected)


def _parse_error(text: str) -> str:
    with pytest.raises(ParseError) as caught:
        pt.parse_terms(text)
    return f"payment terms ({caught.value})"


#: (backend, case id, terms column for [good, bad, good, bad] rows, (code, value, constraint) per bad row).
BAD_TERMS = [
    (
        "pandas",
        "unparseable-and-null",
        lambda: pd.Series(["net 30", "2/10 nett 30", "net 30", None]),
        [
            ("INPUT.PARSE", "2/10 nett 30", _parse_error("2/10 nett 30")),
            ("INPUT.MISSING", None, "given"),
        ],
    ),
    (
        "pandas",
        "number-and-date",
        lambda: pd.Series(["net 30", 30, "net 30", DAY], dtype=object),
        [
            ("INPUT.TYPE", 30, "payment terms text or PaymentTerms"),
            ("INPUT.TYPE", DAY, "payment terms text or PaymentTerms"),
        ],
    ),
    (
        "pandas",
        "unhashable-objects",
        lambda: pd.Series(["net 30", ["net 30"], "net 30", {"net": 30}], dtype=object),
        [
            ("INPUT.TYPE", ["net 30"], "payment terms text or PaymentTerms"),
            ("INPUT.TYPE", {"net": 30}, "payment terms text or PaymentTerms"),
        ],
    ),
    (
        "polars",
        "ambiguous-and-null",
        lambda: pl.Series(["net 30", "N10 prox", "net 30", None]),
        [("INPUT.PARSE", "N10 prox", _parse_error("N10 prox")), ("INPUT.MISSING", None, "given")],
    ),
    (
        "polars",
        "unhashable-objects",
        lambda: pl.Series(
            [pt.parse_terms("net 30"), ["net 30"], "net 30", {"net": 30}], dtype=pl.Object
        ),
        [
            ("INPUT.TYPE", ["net 30"], "payment terms text or PaymentTerms"),
            ("INPUT.TYPE", {"net": 30}, "payment terms text or PaymentTerms"),
        ],
    ),
    (
        "pyarrow",
        "unparseable-and-null",
        lambda: pa.array(["net 30", "", "net 30", None]),
        [("INPUT.PARSE", "", _parse_error("")), ("INPUT.MISSING", None, "given")],
    ),
]


@pytest.mark.parametrize(
    ("kind", "column", "bad"),
    [(k, c, b) for k, _i, c, b in BAD_TERMS],
    ids=[f"{k}-{i}" for k, i, _c, _b in BAD_TERMS],
)
def test_terms_that_do_not_parse_are_missing_or_of_another_type_are_bad_rows(
    kind: str, column: Callable[[], Any], bad: list[tuple[str, Any, str]]
) -> None:
    frame = with_column(invoices(kind, amount=decimals([Decimal("100.00")] * 4)), "terms", column())
    out = frames.schedule(frame, errors="collect")
    good = without_errors(scalar_lines(plan("net 30", amount=Decimal("100.00")), 0, 0))[0]
    got = records(out)
    assert [line["row"] for line in got] == [0, 1, 2, 3]
    assert got[0] == got[0] | good
    assert got[2] == got[2] | good | {"row": 2}
    for line, (code, value, constraint) in zip((got[1], got[3]), bad, strict=True):
        assert (line["error_code"], line["error_field"], line["error_constraint"]) == (
            code,
            "terms",
            constraint,
        )
        assert line["error_value"] == (None if value is None else repr(value))
    with pytest.raises(FrameInputError) as caught:
        frames.schedule(frame)
    assert (caught.value.row, caught.value.column, caught.value.code) == (1, "terms", bad[0][0])
    assert str(caught.value).startswith("row 1: column 'terms' must be ")


@pytest.mark.parametrize("dialect", ["prox-day", "prox-days"])
def test_terms_text_is_read_in_the_dialect_given(dialect: str) -> None:
    frame = invoices("polars", terms=["N10 prox"])
    out = frames.schedule(frame, dialect=dialect)
    check_rows(
        out,
        scalar_lines(
            plan(pt.parse_terms("N10 prox", dialect=dialect), amount=Decimal("1000.00")), 0, 0
        ),
    )


# --------------------------------------------------------------------------- schedule: layout and options


@pytest.mark.parametrize("kind", KINDS)
def test_the_layout_is_keep_row_installment_dates_money_tiers_rule_reason_then_extras(
    kind: str,
) -> None:
    frame = invoices(
        kind,
        invoice_id=["A-1", "A-2"],
        terms=["3/10, 2/30, net 60", "30% advance, 70% net 30"],
        amount=pa.array([1.5, 100.01]),
    )
    out = frames.schedule(frame, keep=["invoice_id"], float_money="round_half_up", errors="collect")
    tiers = [
        f"{name}_{number}" for number in (1, 2) for name in ("deadline", "discount", "payable")
    ]
    assert columns_of(out) == [
        "invoice_id",
        "row",
        "installment",
        "due_date",
        "amount",
        "currency",
        *tiers,
        "rule",
        "reason",
        "float_money",
        *ERROR_COLUMNS,
    ]
    assert [(row["invoice_id"], row["row"], row["installment"]) for row in records(out)] == [
        ("A-1", 0, 0),
        ("A-2", 1, 0),
        ("A-2", 1, 1),
    ]
    plain_out = frames.schedule(invoices(kind, terms=["net 30"]))
    assert columns_of(plain_out) == [
        "row",
        "installment",
        "due_date",
        "amount",
        "currency",
        "rule",
        "reason",
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_tiers_adds_tier_groups_that_cost_the_amount_by_the_due_date(kind: str) -> None:
    frame = invoices(
        kind,
        terms=["2/10 net 30", "net 45"],
        amount=decimals([Decimal("500.00"), Decimal("80.00")]),
    )
    out = frames.schedule(frame, tiers=3)
    check_rows(
        out,
        [
            *scalar_lines(plan("2/10 net 30", amount=Decimal("500.00")), 0, 3),
            *scalar_lines(plan("net 45", amount=Decimal("80.00")), 1, 3),
        ],
    )
    with pytest.raises(InvalidInputError) as caught:
        frames.schedule(frame, tiers=0)
    assert (caught.value.field, caught.value.value) == ("tiers", 0)
    assert caught.value.constraint == "at least the 1 discount tiers a line of this frame has"


@pytest.mark.parametrize("tiers", [-1, True, "2", 1.0])
def test_tiers_must_be_a_count(tiers: Any) -> None:
    with pytest.raises(InvalidInputError, match="tiers must be None or an int >= 0"):
        frames.schedule(invoices("pandas"), tiers=tiers)


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"money": "cents"}, "money"),
        ({"errors": "ignore"}, "errors"),
        ({"float_money": "round"}, "float_money"),
    ],
    ids=["money", "errors", "float_money"],
)
def test_frames_options_are_checked(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        frames.schedule(invoices("pandas"), **options)
    assert (caught.value.field, caught.value.value) == (field, next(iter(options.values())))


@pytest.mark.parametrize(
    "options",
    [
        {"roll": "sideways"},
        {"roll": Roll.FOLLOWING},
        {"discount_roll": Roll.PRECEDING},
        {"grace_days": -1},
        {"discount_grace_days": True},
        {"rounding": "ROUND_NEAREST"},
        {"allocation": "first"},
        {"calendar": "weekends"},
    ],
    ids=[
        "unknown-roll",
        "roll-without-calendar",
        "discount-roll-without-calendar",
        "grace_days",
        "discount_grace_days",
        "rounding",
        "allocation",
        "calendar",
    ],
)
def test_scalar_options_are_refused_as_the_scalar_rule_refuses_them(
    options: dict[str, Any],
) -> None:
    with pytest.raises((InvalidInputError, TypeError)) as scalar:
        plan("net 30", amount=Decimal(1), **options)
    with pytest.raises(type(scalar.value)) as bulk:
        frames.schedule(invoices("pandas"), **options)
    assert str(bulk.value) == str(scalar.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("money", ["decimal", "minor_units"])
def test_an_empty_frame_gives_an_empty_schedule_with_every_column(kind: str, money: str) -> None:
    frame = invoices(
        kind,
        terms=pa.array([], pa.string()),
        invoice_date=pa.array([], pa.date32()),
        amount=decimals([]),
        currency=pa.array([], pa.string()),
    )
    out = frames.schedule(frame, money=money, tiers=1, errors="collect")
    assert same_kind(out, kind)
    assert records(out) == []
    assert columns_of(out) == [
        "row",
        "installment",
        "due_date",
        "amount",
        "currency",
        "deadline_1",
        "discount_1",
        "payable_1",
        "rule",
        "reason",
        *ERROR_COLUMNS,
    ]
    assert records(frames.amount_payable(out, on=DAY)) == []


# --------------------------------------------------------------------------- schedule: amounts and dates

THIRDS = "1/3 of total net 30, 1/3 of total net 60, balance net 90"
TWO_TIERS_THEN_NONE = pt.PaymentTerms(
    (
        pt.Installment(
            pt.NetDays(30),
            (
                pt.DiscountTier(Decimal("0.03"), pt.NetDays(10)),
                pt.DiscountTier(Decimal("0.015"), pt.NetDays(20)),
            ),
            share=pt.Percent(Decimal("60")),
        ),
        pt.Installment(pt.NetMonths(2), share=pt.Remainder()),
    )
)
FIXED_ADVANCE = pt.PaymentTerms(
    (
        pt.Installment(pt.Advance(), share=pt.FixedAmount(Decimal("200.00"))),
        pt.Installment(
            pt.NetDays(30),
            (pt.DiscountTier(Decimal("0.02"), pt.NetDays(10)),),
            share=pt.Remainder(),
        ),
    )
)
FIXED_HALF_YEN = pt.PaymentTerms(
    (
        pt.Installment(pt.Advance(), share=pt.FixedAmount(Decimal("200.50"))),
        pt.Installment(pt.NetDays(30)),
    )
)
FIXED_BEYOND_INT64 = pt.PaymentTerms(
    (
        pt.Installment(pt.Advance(), share=pt.FixedAmount(Decimal("100000000000000000.00"))),
        pt.Installment(pt.NetDays(30)),
    )
)
FIXED_AND_PERCENT = pt.PaymentTerms(
    (
        pt.Installment(pt.Advance(), share=pt.FixedAmount(Decimal("60"))),
        pt.Installment(pt.NetDays(30), share=pt.Percent(Decimal(50))),
        pt.Installment(pt.NetDays(60), share=pt.Remainder()),
    )
)
NET_OF_TAX = pt.PaymentTerms.of(
    pt.NetDays(30),
    pt.DiscountTier(Decimal("0.02"), pt.NetDays(10)),
    discount_base=pt.DiscountBase.NET_OF_TAX,
)
AWKWARD_RATE = pt.PaymentTerms.of(
    pt.NetDays(30), pt.DiscountTier(Decimal("0.12345678901234567891"), pt.NetDays(10))
)
TINY_RATE = pt.PaymentTerms.of(
    pt.NetDays(30), pt.DiscountTier(Decimal("0.00000000000000000001"), pt.NetDays(10))
)
TEN_THOUSAND_YEARS = date(9999, 12, 20)

#: Invoices the scalar rule takes or refuses: (case id, terms, amount, currency, tax, invoice date).
#: Each frames row must equal the scalar schedule, or be the scalar's error on that row.
AMOUNT_CASES = [
    ("zero-total", "2/10 net 30", Decimal("0.00"), "USD", Decimal(0), DAY),
    ("zero-total-split", THIRDS, Decimal("0.004"), "USD", Decimal(0), DAY),
    ("zero-total-with-tiers", TWO_TIERS_THEN_NONE, Decimal(0), "JPY", Decimal(0), DAY),
    ("credit-note-split", THIRDS, Decimal("-100.00"), "USD", Decimal(0), DAY),
    ("one-cent-split", "30% advance, 70% 2/10 net 30", Decimal("0.01"), "EUR", Decimal(0), DAY),
    (
        "net-of-tax",
        "2/10 net 30; discount before tax",
        Decimal("119.00"),
        "EUR",
        Decimal("19.00"),
        DAY,
    ),
    ("net-of-tax-terms-object", NET_OF_TAX, Decimal("-1190.05"), "EUR", Decimal("-190.01"), DAY),
    (
        "mixed-base",
        "3/10, 2/30, net 60; discount mixed",
        Decimal("1000.00"),
        "EUR",
        Decimal("150.125"),
        DAY,
    ),
    (
        "tax-above-total",
        "2/10 net 30; discount before tax",
        Decimal("100.00"),
        "EUR",
        Decimal("100.01"),
        DAY,
    ),
    ("tax-of-other-sign", "2/10 net 30", Decimal("100.00"), "EUR", Decimal("-1.00"), DAY),
    ("fixed-amount", FIXED_ADVANCE, Decimal("1000.00"), "USD", Decimal(0), DAY),
    ("fixed-amount-credit", FIXED_ADVANCE, Decimal("-1000.00"), "USD", Decimal(0), DAY),
    ("fixed-above-total", FIXED_ADVANCE, Decimal("150.00"), "USD", Decimal(0), DAY),
    ("fixed-half-yen", FIXED_HALF_YEN, Decimal(1000), "JPY", Decimal(0), DAY),
    ("fixed-beyond-int64-units", FIXED_BEYOND_INT64, Decimal("100.00"), "USD", Decimal(0), DAY),
    ("fixed-and-percent-above-total", FIXED_AND_PERCENT, Decimal("100.00"), "USD", Decimal(0), DAY),
    ("fixed-and-percent", FIXED_AND_PERCENT, Decimal("1000.01"), "USD", Decimal(0), DAY),
    ("huge-split", THIRDS, Decimal("10000000000000000.01"), "USD", Decimal(0), DAY),
    (
        "huge-tiers-then-none",
        TWO_TIERS_THEN_NONE,
        Decimal("-90000000000000000.00"),
        "USD",
        Decimal(0),
        DAY,
    ),
    (
        "huge-net-of-tax",
        NET_OF_TAX,
        Decimal("9000000000000.00"),
        "USD",
        Decimal("1000000000000.00"),
        DAY,
    ),
    ("rate-of-20-places", AWKWARD_RATE, Decimal("1000.00"), "USD", Decimal(0), DAY),
    ("rate-of-1e-20", TINY_RATE, Decimal("1000.00"), "USD", Decimal(0), DAY),
    ("cut-to-due", "2/40 net 30", Decimal("100.00"), "USD", Decimal(0), DAY),
    ("tier-never-best", "3/30, 2/10, net 60", Decimal("100.00"), "USD", Decimal(0), DAY),
    (
        "from-delivery-not-given",
        "2/10 net 30 from delivery",
        Decimal("100.00"),
        "USD",
        Decimal(0),
        DAY,
    ),
    (
        "beyond-9999-net-days",
        "2/10 net 30",
        Decimal("100.00"),
        "USD",
        Decimal(0),
        TEN_THOUSAND_YEARS,
    ),
    (
        "beyond-9999-end-of-month",
        "net 30 EOM",
        Decimal("100.00"),
        "USD",
        Decimal(0),
        TEN_THOUSAND_YEARS,
    ),
    (
        "beyond-9999-discount-only",
        "5/45 net 5",
        Decimal("100.00"),
        "USD",
        Decimal(0),
        date(9999, 11, 30),
    ),
]


def scalar_or_error(terms: Any, **arguments: Any) -> pt.PaymentSchedule | InvalidInputError:
    try:
        return plan(terms, **arguments)
    except InvalidInputError as error:
        return error


def check_against_scalar(
    out: Any, cases: list[tuple[Any, ...]], width: int, columns: dict[str, str], **options: Any
) -> None:
    """Each input row's output rows equal the scalar schedule, or one error row with the scalar's error."""
    got = records(out)
    position = 0
    wrong = []
    for row, (_id, terms, amount, currency, tax, day) in enumerate(cases):
        want = scalar_or_error(
            terms, amount=amount, currency=currency, tax_amount=tax, invoice_date=day, **options
        )
        if isinstance(want, pt.PaymentSchedule):
            lines = without_errors(scalar_lines(want, row, width))
        else:
            field = want.field.split(".")[0].split("[")[0]
            lines = [
                error_line(row, "INPUT.INVALID", columns.get(field, field), want.value, width)
                | {"error_constraint": want.constraint}
            ]
        for line in lines:
            if position >= len(got) or got[position] != got[position] | line:
                wrong.append(f"{_id}: output row {position}: expected {line}")
            position += 1
    assert not wrong, "\n".join(wrong)
    assert position == len(got)


@pytest.mark.parametrize("kind", KINDS)
def test_amounts_taxes_and_dates_give_the_scalar_schedule_or_its_error(kind: str) -> None:
    texts = [
        terms if isinstance(terms, str) else pt.format_terms(terms)
        for _i, terms, *_rest in AMOUNT_CASES
    ]
    terms_column = (
        pd.Series([terms for _i, terms, *_r in AMOUNT_CASES], dtype=object)
        if kind == "pandas"
        else pl.Series([terms for _i, terms, *_r in AMOUNT_CASES], dtype=pl.Object)
        if kind == "polars"
        else pa.array(texts)
    )
    frame = with_column(
        invoices(
            kind,
            amount=decimals([case[2] for case in AMOUNT_CASES], 3),
            currency=[case[3] for case in AMOUNT_CASES],
            vat=decimals([case[4] for case in AMOUNT_CASES], 3),
            invoice_date=pa.array([case[5] for case in AMOUNT_CASES], pa.date32()),
        ),
        "terms",
        terms_column,
    )
    out = frames.schedule(frame, tax_amount="vat", errors="collect")
    cases = (
        AMOUNT_CASES
        if kind != "pyarrow"
        else [(c[0], pt.parse_terms(t), *c[2:]) for c, t in zip(AMOUNT_CASES, texts, strict=True)]
    )
    check_against_scalar(out, cases, 2, {"tax_amount": "vat"})


@pytest.mark.parametrize("rounding", ROUNDINGS)
@pytest.mark.parametrize("allocation", list(AllocationMethod))
def test_every_rounding_mode_and_allocation_method_splits_as_the_scalar_rule(
    rounding: str, allocation: AllocationMethod
) -> None:
    amounts = [
        Decimal("100.00"),
        Decimal("-100.00"),
        Decimal("0.05"),
        Decimal("-0.07"),
        Decimal("1000.015"),
        Decimal("12.345"),
    ]
    texts = [
        THIRDS,
        "33.335% 2.5/10 net 30, balance net 60",
        "1/3 of total 1.5/10 net 30, 1/6 of total net 45, balance net 60",
    ]
    cases = [
        (f"{text} {amount}", text, amount, "USD", Decimal(0), DAY)
        for text in texts
        for amount in amounts
    ]
    frame = invoices(
        "pandas",
        terms=[c[1] for c in cases],
        amount=decimals([c[2] for c in cases], 3),
        currency=[c[3] for c in cases],
    )
    out = frames.schedule(frame, rounding=rounding, allocation=allocation, errors="collect")
    check_against_scalar(out, cases, 1, {}, rounding=rounding, allocation=allocation)


@pytest.mark.parametrize("kind", KINDS)
def test_a_balance_line_of_the_opposite_sign_is_vectorised_and_equals_the_scalar_rule(
    kind: str,
) -> None:
    """Allocation LAST rounds three exact 0.005 quarters up: the balance of 0.02 is -0.01.

    The scalar rule under the default balance convention explains it with
    ``TERMS.CONSERVED`` only (``TERMS.BALANCE_NEGATIVE`` is the Odoo convention's),
    so the bulk path needs no scalar fallback for such rows and still equals it.
    """
    text = "25% net 30, 25% net 30, 25% net 30, balance net 60"
    amounts = [Decimal("0.02"), Decimal("-0.02"), Decimal("0.06")]
    cases = [(f"quarters {amount}", text, amount, "USD", Decimal(0), DAY) for amount in amounts]
    frame = invoices(
        kind, terms=[text] * len(amounts), amount=decimals(amounts, 2), currency=["USD"] * 3
    )
    out = frames.schedule(frame, allocation=AllocationMethod.LAST, errors="collect")
    check_against_scalar(out, cases, 0, {}, allocation=AllocationMethod.LAST)
    got = records(out)
    assert [line["amount"] for line in got[:4]] == [
        Decimal(x) for x in ("0.01", "0.01", "0.01", "-0.01")
    ]
    assert {line["reason"] for line in got} == {"TERMS.BASELINE"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_balance_after_percent_lines_of_100_equals_the_scalar_rule(kind: str) -> None:
    """Odoo's balance line after 100 %: zero, or (with fixed lines) the scalar rule's refusal."""
    texts = [
        "50% net 0, 50% net 10, balance net 20",
        "70% net 0, fixed 500 net 0, 30% net 0, balance net 0",
    ]
    amounts = [Decimal("0.04"), Decimal("-0.03"), Decimal("1000.00")]
    cases = [
        (f"{text} {amount}", text, amount, "USD", Decimal(0), DAY)
        for text in texts
        for amount in amounts
    ]
    frame = invoices(
        kind,
        terms=[c[1] for c in cases],
        amount=decimals([c[2] for c in cases], 2),
        currency=[c[3] for c in cases],
    )
    out = frames.schedule(frame, errors="collect")
    check_against_scalar(out, cases, 0, {})


@pytest.mark.parametrize("kind", ["polars", "pyarrow"])
def test_large_amounts_stay_exact_beside_a_currency_with_more_minor_units(kind: str) -> None:
    """Arrow decimals carry the frame's largest minor-unit count: 10**16 dollars at 3 places is 10**19."""
    frame = invoices(
        kind,
        terms=["net 30", "net 30"],
        currency=["USD", "BHD"],
        amount=decimals([Decimal("-50000000000000000.00"), Decimal("1.000")], 3),
    )
    out = frames.schedule(frame)
    check_rows(
        out,
        [
            *scalar_lines(plan("net 30", amount=Decimal("-50000000000000000.00")), 0, 0),
            *scalar_lines(plan("net 30", amount=Decimal("1.000"), currency="BHD"), 1, 0),
        ],
    )


E20 = Decimal(
    "100000000000000000000.00"
)  # 10**22 cents: beyond int64 minor units, within the scalar's range

#: (backend, case id, amount column, tax column): each amount is beyond int64 minor units, which a
#: bulk money column cannot hold: the row is refused naming the amount (never a wrong cent).
BEYOND_INT64 = [
    (
        "pyarrow",
        "decimal128",
        lambda: decimals([None, Decimal("5.00"), E20]),
        lambda: decimals([Decimal(0), Decimal(0), 2 * E20]),
    ),
    (
        "polars",
        "Decimal",
        lambda: pl.Series([None, Decimal("5.00"), E20], dtype=pl.Decimal(38, 2)),
        lambda: pl.Series([Decimal(0), Decimal(0), 2 * E20], dtype=pl.Decimal(38, 2)),
    ),
    (
        "pandas",
        "Decimal-objects",
        lambda: pd.Series([None, Decimal("5.00"), E20], dtype=object),
        lambda: pd.Series([0, 0, 2 * E20], dtype=object),
    ),
    (
        "pandas",
        "whole-units-Int64",
        lambda: pd.Series([None, 5, 10**17], dtype="Int64"),
        lambda: pd.Series([0, 0, 2 * 10**17]),
    ),
    (
        "pyarrow",
        "decimal128-whole-units",
        lambda: decimals([None, Decimal(5), Decimal(10**17)], 0),
        lambda: decimals([0, 0, 2 * 10**17], 0),
    ),
    ("polars", "floats", lambda: pl.Series([None, 5.0, 1e20]), lambda: pl.Series([0.0, 0.0, 2e20])),
]


@pytest.mark.parametrize(
    ("kind", "amount", "tax"),
    [(k, a, t) for k, _i, a, t in BEYOND_INT64],
    ids=[f"{k}-{i}" for k, i, _a, _t in BEYOND_INT64],
)
def test_amounts_beyond_int64_minor_units_are_bad_rows_naming_the_amount(
    kind: str, amount: Callable[[], Any], tax: Callable[[], Any]
) -> None:
    frame = with_column(
        with_column(invoices(kind, terms=["net 30"] * 3), "amount", amount()), "tax", tax()
    )
    out = frames.schedule(frame, tax_amount="tax", float_money="round_half_up", errors="collect")
    got = records(out)
    assert got[0] == got[0] | error_line(0, "INPUT.MISSING", "amount", None, 0)
    assert (
        got[1] == got[1] | without_errors(scalar_lines(plan("net 30", amount=Decimal(5)), 1, 0))[0]
    )
    assert (got[2]["row"], got[2]["error_code"], got[2]["error_field"]) == (
        2,
        "INPUT.INVALID",
        "amount",
    )
    assert got[2]["error_constraint"] == (
        f"at most {2**63 - 1} minor units in magnitude (what a bulk money column holds)"
    )
    assert got[2]["amount"] is None
    assert len(got) == 3


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("money", ["decimal", "minor_units"])
def test_amounts_beyond_int64_minor_units_equal_the_scalar_or_are_bad_rows(
    kind: str, money: str
) -> None:
    """Never a crash, never a wrong cent: the scalar lines, or an error row naming the amount."""
    frame = invoices(kind, terms=["2/10 net 30", "net 30"], amount=decimals([E20, Decimal("1.00")]))
    out = frames.schedule(frame, money=money, errors="collect")
    got = records(out)
    assert [line["row"] for line in got] == [0, 1]
    if got[0]["error_code"] is None:
        assert (
            got[0] == got[0] | scalar_lines(plan("2/10 net 30", amount=E20), 0, 1, money=money)[0]
        )
    else:
        assert (got[0]["error_field"], got[0]["amount"]) == ("amount", None)
    assert (
        got[1]
        == got[1]
        | without_errors(scalar_lines(plan("net 30", amount=Decimal("1.00")), 1, 1, money=money))[0]
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "options",
    [
        {"calendar": WeekendCalendar(), "roll": Roll.FOLLOWING},
        {
            "calendar": WeekendCalendar(),
            "roll": Roll.MODIFIED_FOLLOWING,
            "discount_roll": Roll.PRECEDING,
            "grace_days": 2,
        },
        {"grace_days": 3, "discount_grace_days": 25},
        {"discount_grace_days": 1},
    ],
    ids=[
        "following",
        "modified-following-discounts-preceding-grace",
        "grace-days-cut-to-due",
        "discount-grace",
    ],
)
def test_business_day_rolls_and_grace_days_date_as_the_scalar_rule(
    kind: str, options: dict[str, Any]
) -> None:
    texts = [
        "2/10 net 30",
        "3/10, 2/30, net 60",
        "net 30 EOM",
        "30% advance, 70% 2/10 net 30",
        "2/10 net 30",
    ]
    days = [
        date(2026, 3, 14),
        date(2026, 5, 1),
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 14),
    ]
    cases = [
        (text, text, Decimal("100.00"), "USD", Decimal(0), day)
        for text, day in zip(texts, days, strict=True)
    ]
    frame = invoices(
        kind,
        terms=texts,
        invoice_date=pa.array(days, pa.date32()),
        amount=decimals([Decimal("100.00")] * 5),
    )
    out = frames.schedule(frame, errors="collect", **options)
    check_against_scalar(out, cases, 2, {}, **options)


@pytest.mark.parametrize("kind", KINDS)
def test_a_baseline_date_column_counts_from_its_dates_and_null_cells_from_the_invoice_date(
    kind: str,
) -> None:
    texts = [
        "2/10 net 30 from delivery",
        "2/10 net 30 from delivery",
        "net 30",
        "net 30 EOM",
        "net 30",
    ]
    baselines = [date(2026, 4, 2), None, date(2026, 4, 2), None, date(9999, 12, 30)]
    frame = invoices(
        kind,
        terms=texts,
        amount=decimals([Decimal("10.00")] * 5),
        received=pa.array(baselines, pa.date32()),
    )
    out = frames.schedule(frame, baseline_date="received", errors="collect")
    got = records(out)
    for row, (text, baseline) in enumerate(zip(texts[:4], baselines, strict=False)):
        want = plan(text, amount=Decimal("10.00"), baseline_date=baseline)
        assert got[row] == got[row] | without_errors(scalar_lines(want, row, 1))[0]
    assert [got[row]["reason"] for row in range(4)] == [
        "TERMS.BASELINE",
        "TERMS.BASELINE_ASSUMED",
        "TERMS.BASELINE",
        "TERMS.BASELINE",
    ]
    with pytest.raises(InvalidInputError) as scalar:
        plan("net 30", amount=Decimal("10.00"), baseline_date=baselines[4])
    assert (got[4]["error_field"], got[4]["error_constraint"]) == (
        "received",
        scalar.value.constraint,
    )


# --------------------------------------------------------------------------- amount_payable

PAYABLE_TERMS = ["3/10, 2/30, net 60", "30% advance, 70% 2/10 net 30", "net 30", "2/10 net 30"]
PAYABLE_AMOUNTS = [Decimal("500.00"), Decimal("100.01"), Decimal("-20.00"), Decimal("99")]
PAYABLE_CURRENCIES = ["EUR", "EUR", "USD", "JPY"]
PAY_DAYS = [date(2026, 3, 12), date(2026, 3, 25), date(2026, 4, 30), date(2026, 3, 26)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("money", ["decimal", "minor_units"])
@pytest.mark.parametrize("on", [date(2026, 3, 20), "pay_on"], ids=["a-date", "a-column"])
def test_amount_payable_is_the_scalar_amount_payable_of_each_invoice(
    kind: str, money: str, on: Any
) -> None:
    amounts = (
        PAYABLE_AMOUNTS
        if money == "decimal"
        else [
            int(a.scaleb(minor_units(c)))
            for a, c in zip(PAYABLE_AMOUNTS, PAYABLE_CURRENCIES, strict=True)
        ]
    )
    frame = invoices(
        kind,
        invoice_id=["I-1", "I-2", "I-3", "I-4"],
        terms=PAYABLE_TERMS,
        amount=decimals(amounts) if money == "decimal" else pa.array(amounts),
        currency=PAYABLE_CURRENCIES,
        pay_on=pa.array(PAY_DAYS, pa.date32()),
    )
    plans = frames.schedule(frame, money=money, keep=["invoice_id", "pay_on"])
    out = frames.amount_payable(plans, on=on, keep=["invoice_id"])
    assert same_kind(out, kind)
    assert columns_of(out) == ["invoice_id", "row", "amount_payable"]
    expected = []
    for row, (terms, amount, currency, day) in enumerate(
        zip(PAYABLE_TERMS, PAYABLE_AMOUNTS, PAYABLE_CURRENCIES, PAY_DAYS, strict=True)
    ):
        payable = plan(terms, amount=amount, currency=currency).amount_payable(
            on if isinstance(on, date) else day
        )
        cash = payable if money == "decimal" else int(payable.scaleb(minor_units(currency)))
        expected.append({"invoice_id": f"I-{row + 1}", "row": row, "amount_payable": cash})
    assert records(out) == expected


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("money", ["decimal", "minor_units"])
def test_amount_payable_of_an_error_row_is_null(kind: str, money: str) -> None:
    frame = invoices(kind, terms=["2/10 net 30", "nonsense", "net 30"])
    plans = frames.schedule(frame, money=money, errors="collect")
    out = frames.amount_payable(plans, on=date(2026, 3, 20))
    cash = Decimal("980.00") if money == "decimal" else 98000  # 2 % off 1000.00 within 10 days
    assert records(out) == [
        {"row": 0, "amount_payable": cash},
        {"row": 1, "amount_payable": None},
        {"row": 2, "amount_payable": Decimal("1000.00") if money == "decimal" else 100000},
    ]


@pytest.mark.parametrize(
    ("on", "error", "message"),
    [
        (30, TypeError, "on must be a datetime.date or a column name, not int: 30"),
        (
            datetime(2026, 3, 20, 9),  # noqa: DTZ001 - naive on purpose
            TypeError,
            "on must be a datetime.date or a column name, not datetime",
        ),
        ("paid", FrameInputError, "column 'paid' must be a column of the frame"),
        ("pay_on", FrameInputError, "row 1: column 'pay_on' must be given: None"),
    ],
    ids=["int", "datetime", "missing-column", "null-cell"],
)
def test_amount_payable_needs_a_date_or_a_date_column(
    on: Any, error: type[Exception], message: str
) -> None:
    frame = invoices(
        "polars", terms=["net 30", "net 30"], pay_on=pa.array([DAY, None], pa.date32())
    )
    plans = frames.schedule(frame, keep=["pay_on"])
    with pytest.raises(error, match=message):
        frames.amount_payable(plans, on=on)
    with pytest.raises(FrameInputError, match="column 'invoice_id' must be a column of the frame"):
        frames.amount_payable(plans, on=DAY, keep=["invoice_id"])


# --------------------------------------------------------------------------- discount decisions

FORGONE_RULE = "payment_terms.forgone_discount_rate@1"
DISCOUNT_TEXTS = [
    "2/10 net 30",
    "1/10 net 30",
    "3/10, 2/30, net 60",
    "2/10 net 30",
    "2/10 EOM net 30 EOM",
]


def scalar_result(function: Callable[..., Any], terms: Any, **arguments: Any) -> Any:
    """The scalar result, or the exception it raises."""
    try:
        return function(terms, **arguments) if terms is not None else function(**arguments)
    except (InvalidInputError, TypeError) as error:
        return error


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "options",
    [
        {},
        {"pay_day": 45, "day_basis": 360, "compounding": "effective"},
        {"tier": 1, "versus": "next_tier"},
        {"invoice_date": date(2026, 2, 1), "installment": 0},
    ],
    ids=["defaults", "pay-day-basis-compounding", "second-tier", "invoice-date"],
)
def test_forgone_discount_rate_is_the_scalar_rate_of_each_row(
    kind: str, options: dict[str, Any]
) -> None:
    frame = table(
        kind, {"invoice_id": ["F-1", "F-2", "F-3", "F-4", "F-5"], "terms": DISCOUNT_TEXTS}
    )
    out = frames.forgone_discount_rate(frame, keep=["invoice_id"], errors="collect", **options)
    assert same_kind(out, kind)
    assert columns_of(out) == ["invoice_id", "row", "forgone_rate", "rule", *ERROR_COLUMNS]
    for row, (text, line) in enumerate(zip(DISCOUNT_TEXTS, records(out), strict=True)):
        want = scalar_result(pt.forgone_discount_rate, pt.parse_terms(text), **options)
        assert (line["invoice_id"], line["row"]) == (f"F-{row + 1}", row)
        if isinstance(want, Exception):
            assert (line["forgone_rate"], line["rule"], line["error_code"]) == (
                None,
                None,
                "INPUT.INVALID",
            )
            assert (line["error_field"], line["error_constraint"]) == (want.field, want.constraint)
        else:
            assert (line["forgone_rate"], line["rule"], line["error_code"]) == (
                want,
                FORGONE_RULE,
                None,
            )


def test_forgone_discount_rate_of_the_guide() -> None:
    """The guide: skipping 2/10 net 30 costs 37.24 % a year."""
    out = frames.forgone_discount_rate(pd.DataFrame({"terms": ["2/10 net 30"]}))
    assert out["forgone_rate"].tolist() == [Decimal("0.3724489796")]


@pytest.mark.parametrize("kind", KINDS)
def test_per_row_dates_and_pay_days_come_from_columns_and_null_cells_mean_the_scalar_default(
    kind: str,
) -> None:
    days = [date(2026, 1, 31), None, date(2026, 2, 15), date(2026, 1, 31), None]
    pay_days = [None, 40, 40, None, 25]
    frame = table(
        kind,
        {
            "terms": ["2/10 EOM net 30 EOM"] * 3 + ["2/10 net 30"] * 2,
            "dated": pa.array(days, pa.date32()),
            "paid": pa.array(pay_days, pa.int64()),
        },
    )
    out = frames.forgone_discount_rate(frame, invoice_date="dated", pay_day="paid")
    texts = ["2/10 EOM net 30 EOM"] * 3 + ["2/10 net 30"] * 2
    expected = [
        pt.forgone_discount_rate(pt.parse_terms(text), invoice_date=day, pay_day=paid)
        for text, day, paid in zip(texts, days, pay_days, strict=True)
    ]
    assert [line["forgone_rate"] for line in records(out)] == expected


@pytest.mark.parametrize("kind", KINDS)
def test_should_take_discount_is_the_scalar_decision_of_each_row(kind: str) -> None:
    texts = ["2/10 net 30", "2/10 net 30", "0.5/10 net 30", "net 30", "3/10, 2/30, net 60"]
    rates = [Decimal("0.08"), Decimal("0.45"), Decimal("0.08"), Decimal("0.08"), Decimal("0.3")]
    ages = [0, 0, 5, 0, 12]
    frame = table(
        kind,
        {
            "invoice_id": ["A-101", "A-102", "A-103", "A-104", "A-105"],
            "terms": texts,
            "cost_of_capital": decimals(rates, 4),
            "age": pa.array(ages, pa.int32()),
        },
    )
    out = frames.should_take_discount(
        frame,
        cost_of_capital="cost_of_capital",
        invoice_age_days="age",
        convention="us_treasury",
        keep=["invoice_id"],
    )
    assert same_kind(out, kind)
    names = [
        "take",
        "tier",
        "discount_rate",
        "pay_day",
        "forgone_rate",
        "break_even_cost_of_capital",
        "margin",
    ]
    assert columns_of(out) == ["invoice_id", "row", *names, "rule", "reason"]
    for row, line in enumerate(records(out)):
        want = pt.should_take_discount(
            pt.parse_terms(texts[row]),
            cost_of_capital=rates[row],
            invoice_age_days=ages[row],
            convention="us_treasury",
        )
        assert line == {"invoice_id": f"A-10{row + 1}", "row": row} | {
            name: getattr(want, name) for name in names
        } | {"rule": want.rule, "reason": want.primary_reason().code}


@pytest.mark.parametrize(
    "options",
    [
        {"cost_of_capital": Decimal("0.08")},
        {"cost_of_capital": 1, "convention": "us_treasury", "day_basis": 360},
        {
            "cost_of_capital": Decimal("0.2"),
            "pay_day": 50,
            "invoice_date": date(2026, 1, 31),
            "compounding": "rough",
        },
        {"cost_of_capital": "coc"},
    ],
    ids=["a-rate", "an-int-rate-us-treasury", "pay-day-and-date", "decimal-strings"],
)
def test_should_take_discount_takes_constants_or_columns(options: dict[str, Any]) -> None:
    texts = ["2/10 net 30", "2/10 EOM net 30 EOM", "net 30"]
    frame = pl.DataFrame({"terms": texts, "coc": ["0.08", "0.40", "0.08"]})
    out = frames.should_take_discount(frame, **options)
    rates = [Decimal("0.08"), Decimal("0.40"), Decimal("0.08")]
    for row, line in enumerate(records(out)):
        arguments = (
            options | {"cost_of_capital": rates[row]}
            if options["cost_of_capital"] == "coc"
            else options
        )
        want = pt.should_take_discount(pt.parse_terms(texts[row]), **arguments)
        assert (line["take"], line["tier"], line["margin"], line["reason"]) == (
            want.take,
            want.tier,
            want.margin,
            want.primary_reason().code,
        )


def test_terms_may_be_one_payment_terms_for_every_row() -> None:
    terms = pt.parse_terms("2/10 net 30")
    frame = pd.DataFrame({"invoice_id": ["X", "Y"]})
    out = frames.should_take_discount(
        frame, terms=terms, cost_of_capital=Decimal("0.1"), keep=["invoice_id"]
    )
    want = pt.should_take_discount(terms, cost_of_capital=Decimal("0.1"))
    assert [(line["invoice_id"], line["take"], line["forgone_rate"]) for line in records(out)] == [
        ("X", want.take, want.forgone_rate),
        ("Y", want.take, want.forgone_rate),
    ]
    assert records(frames.forgone_discount_rate(frame, terms=terms))[1][
        "forgone_rate"
    ] == pt.forgone_discount_rate(terms)


@pytest.mark.parametrize(
    ("kind", "column", "dtype"),
    [
        ("pandas", lambda: pd.Series([0.08, 0.1]), "Float64"),
        ("polars", lambda: pl.Series([0.08, 0.1], dtype=pl.Float32), "Float32"),
        ("pyarrow", lambda: pa.array([0.08, 0.1]), "Float64"),
    ],
    ids=KINDS,
)
def test_a_float_rate_column_is_refused_whole(
    kind: str, column: Callable[[], Any], dtype: str
) -> None:
    frame = with_column(table(kind, {"terms": ["2/10 net 30"] * 2}), "coc", column())
    with pytest.raises(FrameInputError) as caught:
        frames.should_take_discount(frame, cost_of_capital="coc", errors="collect")
    error = caught.value
    assert (error.row, error.column, error.value, error.code) == (None, "coc", dtype, "INPUT.TYPE")
    assert error.constraint == "exact numbers (Decimal, decimal, int), not floats"


def test_bad_decision_rows_carry_the_scalar_error_naming_the_column() -> None:
    terms = [
        "2/10 net 30",
        "2/10 nett 30",
        None,
        "2/10 net 30",
        "2/10 net 30",
        "2/10 net 30",
        "2/10 net 30",
    ]
    rates = [
        Decimal("0.08"),
        Decimal("0.08"),
        Decimal("0.08"),
        None,
        Decimal(-1),
        "8%",
        Decimal("0.08"),
    ]
    pay = [None, None, None, None, None, None, Decimal("10.5")]
    frame = pandas_objects({"terms": terms, "rate": rates, "paid": pay})
    out = frames.should_take_discount(
        frame, cost_of_capital="rate", pay_day="paid", errors="collect"
    )
    got = records(out)
    parsed = pt.parse_terms("2/10 net 30")
    negative = scalar_result(pt.should_take_discount, parsed, cost_of_capital=Decimal(-1))
    text = scalar_result(pt.should_take_discount, parsed, cost_of_capital="8%")
    half_day = scalar_result(
        pt.should_take_discount, parsed, cost_of_capital=Decimal("0.08"), pay_day=Decimal("10.5")
    )
    assert [
        (line["error_code"], line["error_field"], line["error_value"], line["error_constraint"])
        for line in got
    ] == [
        (None, None, None, None),
        ("INPUT.PARSE", "terms", "'2/10 nett 30'", _parse_error("2/10 nett 30")),
        ("INPUT.MISSING", "terms", None, "given"),
        ("INPUT.MISSING", "rate", None, "given"),
        ("INPUT.INVALID", "rate", "Decimal('-1')", negative.constraint),
        ("INPUT.TYPE", "rate", "'8%'", f"of a type the rule takes ({text})"),
        ("INPUT.TYPE", "paid", "Decimal('10.5')", f"of a type the rule takes ({half_day})"),
    ]
    want = pt.should_take_discount(parsed, cost_of_capital=Decimal("0.08"))
    assert (got[0]["take"], got[0]["reason"]) == (want.take, want.primary_reason().code)
    assert all(
        line["take"] is None and line["reason"] is None and line["tier"] is None for line in got[1:]
    )
    with pytest.raises(FrameInputError, match=r"^row 1: column 'terms' must be payment terms"):
        frames.should_take_discount(frame, cost_of_capital="rate", pay_day="paid")


@pytest.mark.parametrize("kind", KINDS)
def test_a_bad_date_column_of_a_decision_is_refused_or_its_cells_are_bad_rows(kind: str) -> None:
    frame = table(
        kind,
        {
            "terms": ["2/10 net 30"] * 2,
            "dated": pa.array(AT_MIDNIGHT[:1] + WITH_TIME[1:], pa.timestamp("s")),
            "number": [1, 2],
        },
    )
    out = frames.forgone_discount_rate(frame, invoice_date="dated", errors="collect")
    got = records(out)
    assert got[0]["forgone_rate"] == pt.forgone_discount_rate(
        pt.parse_terms("2/10 net 30"), invoice_date=MARCH_15
    )
    assert (got[1]["forgone_rate"], got[1]["error_field"], got[1]["error_constraint"]) == (
        None,
        "dated",
        "a date (midnight, no time of day)",
    )
    with pytest.raises(FrameInputError, match="column 'number' must be a date column"):
        frames.forgone_discount_rate(frame, invoice_date="number")


# --------------------------------------------------------------------------- term changes

IMPACT_NAMES = [
    "current_days",
    "proposed_days",
    "days_change",
    "cash_released",
    "annual_value",
    "discounts_lost",
    "supplier_extra_cost",
    "price_increase",
    "price_increase_amount",
    "net_annual_value",
    "break_even_price_increase",
    "verdict",
]


def impact_fields(result: Any) -> dict[str, Any]:
    return {name: getattr(result, name) for name in IMPACT_NAMES} | {
        "verdict": result.verdict.value,
        "rule": result.rule,
        "reason": result.primary_reason().code,
    }


@pytest.mark.parametrize("kind", KINDS)
def test_term_change_impact_is_the_scalar_impact_of_each_supplier(kind: str) -> None:
    spends = [Decimal("3650000.00"), Decimal("120000.00"), Decimal("500000"), Decimal("1000.00")]
    current = ["net 30", "2/10 net 30", "net 45", "net 30"]
    proposed = ["net 60", "net 60", "net 90", "net 75"]
    supplier = [Decimal("0.1"), None, Decimal("0.05"), Decimal("0.12")]
    increase = [None, Decimal("0.01"), None, Decimal("0.002")]
    frame = table(
        kind,
        {
            "supplier": ["S1", "S2", "S3", "S4"],
            "annual_spend": decimals(spends),
            "currency": ["EUR", "USD", "JPY", "EUR"],
            "current": current,
            "proposed": proposed,
            "their_rate": decimals(supplier, 4),
            "asked": decimals(increase, 4),
        },
    )
    out = frames.term_change_impact(
        frame,
        cost_of_capital=Decimal("0.08"),
        supplier_cost_of_capital="their_rate",
        price_increase="asked",
        discount_share=Decimal("0.5"),
        keep=["supplier"],
    )
    assert same_kind(out, kind)
    for row, line in enumerate(records(out)):
        want = pt.term_change_impact(
            annual_spend=spends[row],
            currency=["EUR", "USD", "JPY", "EUR"][row],
            current=pt.parse_terms(current[row]),
            proposed=pt.parse_terms(proposed[row]),
            cost_of_capital=Decimal("0.08"),
            supplier_cost_of_capital=supplier[row],
            price_increase=increase[row],
            discount_share=Decimal("0.5"),
        )
        assert line == line | {"supplier": f"S{row + 1}", "row": row} | impact_fields(want)


def test_term_change_impact_of_the_docstring() -> None:
    suppliers = pl.DataFrame(
        {
            "supplier": ["S1"],
            "annual_spend": [Decimal("3650000.00")],
            "currency": ["EUR"],
            "current": ["net 30"],
            "proposed": ["net 60"],
        }
    )
    impact = frames.term_change_impact(
        suppliers, cost_of_capital=Decimal("0.08"), keep=["supplier"]
    )
    assert impact.select("supplier", "cash_released", "annual_value").rows() == [
        ("S1", Decimal("300000.00"), Decimal("24000.00"))
    ]


def test_term_change_rows_the_scalar_refuses_are_bad_rows() -> None:
    frame = pandas_objects(
        {
            "annual_spend": [Decimal(1000), None, Decimal(1000), Decimal(1000)],
            "currency": ["EUR", "EUR", "EURO", "EUR"],
            "current": [30, 30, 30, 30],
            "proposed": [np.int64(60), 60, 60, "net sixty"],
        }
    )
    out = frames.term_change_impact(frame, cost_of_capital=Decimal("0.08"), errors="collect")
    got = records(out)
    want = pt.term_change_impact(
        annual_spend=Decimal(1000),
        currency="EUR",
        current=30,
        proposed=60,
        cost_of_capital=Decimal("0.08"),
    )
    assert got[0] == got[0] | impact_fields(want)
    with pytest.raises(InvalidInputError) as euro:
        pt.term_change_impact(
            annual_spend=Decimal(1000),
            currency="EURO",
            current=30,
            proposed=60,
            cost_of_capital=Decimal("0.08"),
        )
    assert [
        (line["error_code"], line["error_field"], line["error_constraint"]) for line in got[1:]
    ] == [
        ("INPUT.MISSING", "annual_spend", "given"),
        ("INPUT.INVALID", "currency", euro.value.constraint),
        ("INPUT.PARSE", "proposed", _parse_error("net sixty")),
    ]


def test_many_distinct_inputs_are_each_decided_once_by_the_scalar_rule() -> None:
    """Eight columns of 400 distinct values: more combinations than one int64 key can number."""
    size = 400
    frame = pl.DataFrame(
        {
            "annual_spend": [Decimal(100000 + i) for i in range(size)],
            "currency": ["EUR"] * size,
            "current": [30 + i for i in range(size)],
            "proposed": [60 + i for i in range(size)],
            "coc": [Decimal("0.08") + Decimal(i) / 100000 for i in range(size)],
            "scoc": [Decimal("0.1") + Decimal(i) / 100000 for i in range(size)],
            "pi": [Decimal(i) / 100000 for i in range(size)],
            "ds": [Decimal(i) / 1000 for i in range(size)],
        }
    )
    out = frames.term_change_impact(
        frame,
        cost_of_capital="coc",
        supplier_cost_of_capital="scoc",
        price_increase="pi",
        discount_share="ds",
    )
    got = records(out)
    for row in (0, 1, 199, 398, 399):
        want = pt.term_change_impact(
            annual_spend=Decimal(100000 + row),
            currency="EUR",
            current=30 + row,
            proposed=60 + row,
            cost_of_capital=Decimal("0.08") + Decimal(row) / 100000,
            supplier_cost_of_capital=Decimal("0.1") + Decimal(row) / 100000,
            price_increase=Decimal(row) / 100000,
            discount_share=Decimal(row) / 1000,
        )
        assert got[row] == got[row] | impact_fields(want)


# --------------------------------------------------------------------------- explanations on demand


@pytest.mark.parametrize("kind", KINDS)
def test_explain_a_schedule_row_is_the_scalar_explanation_of_its_invoice(kind: str) -> None:
    frame = invoices(
        kind,
        terms=["2/10 net 30", THIRDS, "2/10 net 30; discount before tax"],
        amount=decimals([Decimal("10.00"), Decimal("100.00"), Decimal("119.005")], 3),
        currency=["USD", "EUR", "EUR"],
        vat=decimals([Decimal(0), Decimal(0), Decimal("19.00")], 3),
    )
    options = {
        "tax_amount": "vat",
        "rounding": ROUND_HALF_EVEN,
        "allocation": AllocationMethod.LAST,
    }
    out = frames.schedule(frame, **options)
    rows = [line["row"] for line in records(out)]
    assert rows == [0, 1, 1, 1, 2]
    for position, row in ((0, 0), (3, 1), (4, 2)):
        terms = [
            pt.parse_terms("2/10 net 30"),
            pt.parse_terms(THIRDS),
            pt.parse_terms("2/10 net 30; discount before tax"),
        ][row]
        want = pt.schedule(
            terms,
            invoice_date=DAY,
            amount=[Decimal("10.00"), Decimal("100.00"), Decimal("119.005")][row],
            currency=["USD", "EUR", "EUR"][row],
            tax_amount=[Decimal(0), Decimal(0), Decimal("19.00")][row],
            rounding=ROUND_HALF_EVEN,
            allocation=AllocationMethod.LAST,
        )
        assert frames.explain(out, position, frame=frame, **options) == want.explain()


@pytest.mark.parametrize("kind", KINDS)
def test_explain_a_decision_rate_or_impact_row_is_the_scalar_explanation(kind: str) -> None:
    frame = table(
        kind,
        {
            "terms": ["net 30", "2/10 net 30"],
            "coc": decimals([Decimal("0.08"), Decimal("0.45")], 2),
            "annual_spend": decimals([Decimal("1000.00"), Decimal("3650000.00")]),
            "currency": ["EUR", "EUR"],
            "current": ["net 30", "net 30"],
            "proposed": ["net 45", "net 60"],
        },
    )
    decisions = frames.should_take_discount(
        frame, cost_of_capital="coc", errors="collect", dialect="us"
    )
    text = frames.explain(
        decisions, 1, frame=frame, cost_of_capital="coc", errors="collect", dialect="us"
    )
    assert (
        text
        == pt.should_take_discount(
            pt.parse_terms("2/10 net 30"), cost_of_capital=Decimal("0.45")
        ).explain()
    )
    rates = frames.forgone_discount_rate(frame, keep=["currency"], errors="collect")
    rate = pt.forgone_discount_rate(pt.parse_terms("2/10 net 30"))
    assert (
        frames.explain(rates, 1, frame=frame, keep=["currency"])
        == f"forgone_discount_rate ({FORGONE_RULE}): {rate}"
    )
    impact = frames.term_change_impact(frame, cost_of_capital=Decimal("0.08"))
    want = pt.term_change_impact(
        annual_spend=Decimal("3650000.00"),
        currency="EUR",
        current=pt.parse_terms("net 30"),
        proposed=pt.parse_terms("net 60"),
        cost_of_capital=Decimal("0.08"),
    )
    assert frames.explain(impact, 1, frame=frame, cost_of_capital=Decimal("0.08")) == want.explain()


@pytest.mark.parametrize("kind", KINDS)
def test_explain_refuses_an_error_row_and_a_position_outside_the_result(kind: str) -> None:
    frame = table(kind, {"terms": ["2/10 net 30", "net 30"]})
    rates = frames.forgone_discount_rate(
        frame, errors="collect"
    )  # net 30 has no discount: an error row
    with pytest.raises(InvalidInputError) as caught:
        frames.explain(rates, 1, frame=frame)
    assert (caught.value.field, caught.value.value, caught.value.constraint) == (
        "row",
        1,
        "a row with a rule (this one has None)",
    )
    for position in (-1, 2, True, "0"):
        with pytest.raises(InvalidInputError, match=r"row must be a row of the result \(0 to 1\)"):
            frames.explain(rates, position, frame=frame)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- Spark schemas and partitions


def spark_kind(series: Any) -> str:
    """The Spark type a pandas output column maps to under ``mapInPandas``."""
    if pd.api.types.is_bool_dtype(series.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(series.dtype):
        return "bigint"
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return "date"
    values = [value for value in series if plain(value) is not None]
    if values and all(isinstance(value, Decimal) for value in values):
        return "decimal"
    return "string"


def schedule_inputs(second: str = "2/10 net 30") -> Any:
    return invoices(
        "pandas",
        invoice_id=["A-1", "A-2"],
        terms=["3/10, 2/30, net 60", second],
        amount=pa.array([1.5, 2.5]),
    )


@pytest.mark.parametrize(
    ("function", "options", "make"),
    [
        (
            "schedule",
            {"tiers": 2, "keep": ["invoice_id"], "float_money": "round_half_even"},
            schedule_inputs,
        ),
        (
            "schedule",
            {
                "tiers": 3,
                "money": "minor_units",
                "float_money": "round_half_up",
                "errors": "collect",
            },
            lambda: schedule_inputs("2/10 net thirty"),
        ),
        (
            frames.amount_payable,
            {"keep": ["invoice_id"], "on": DAY},
            lambda: frames.schedule(
                schedule_inputs(), float_money="round_half_up", keep=["invoice_id"]
            ),
        ),
        (
            "forgone_discount_rate",
            {"errors": "collect"},
            lambda: pd.DataFrame({"terms": ["2/10 net 30", "net 30"]}),
        ),
        (
            frames.should_take_discount,
            {"cost_of_capital": Decimal("0.1"), "keep": ["invoice_id"]},
            lambda: pd.DataFrame({"invoice_id": ["X"], "terms": ["2/10 net 30"]}),
        ),
        (
            "should_take_discount",
            {"cost_of_capital": Decimal("0.1"), "errors": "collect"},
            lambda: pd.DataFrame({"terms": ["2/10 net 30", "net 30"]}),
        ),
    ],
    ids=[
        "schedule",
        "schedule-minor-units-float-collect",
        "amount_payable",
        "forgone-collect",
        "decision",
        "decision-collect",
    ],
)
def test_spark_schema_names_and_types_the_columns_of_the_pandas_output(
    function: Any, options: dict[str, Any], make: Callable[[], Any]
) -> None:
    keep = dict.fromkeys(options.get("keep", ()), "string")
    schema_options = {
        name: value
        for name, value in options.items()
        if name in {"tiers", "money", "float_money", "errors"}
    }
    ddl = frames.spark_schema(function, keep=keep, scale=2, **schema_options)
    run = frames.partition_function(function, **options)
    (out,) = list(run(iter([make()])))
    fields = [field.split(" ") for field in ddl.split(", ")]
    assert [name for name, _type in fields] == list(out.columns)
    for name, spark_type in fields:
        got = spark_kind(out[name])
        assert spark_type == got or (
            spark_type.startswith("decimal(38,") and got in {"decimal", "string"}
        ), name
    if options.get("money") == "minor_units":
        assert dict(fields)["amount"] == "bigint"


def test_spark_schema_money_types_follow_money_and_scale() -> None:
    assert (
        frames.spark_schema("amount_payable", money="minor_units")
        == "row bigint, amount_payable bigint"
    )
    assert (
        frames.spark_schema("amount_payable", keep={"id": "int"})
        == "id int, row bigint, amount_payable decimal(38,4)"
    )
    assert (
        frames.spark_schema(frames.amount_payable, scale=0, errors="collect")
        == "row bigint, amount_payable decimal(38,0)"
    )
    assert frames.spark_schema("forgone_discount_rate", float_money="round_half_up") == (
        "row bigint, forgone_rate decimal(38,20), rule string"
    )
    assert frames.spark_schema("schedule", tiers=0) == (
        "row bigint, installment bigint, due_date date, amount decimal(38,4), currency string, rule string, reason string"
    )


@pytest.mark.parametrize(
    ("function", "options", "field"),
    [
        ("schedules", {}, "function"),
        (len, {}, "function"),
        ("term_change_impact", {}, "function"),
        ("schedule", {}, "tiers"),
        ("schedule", {"tiers": -1}, "tiers"),
        ("schedule", {"tiers": True}, "tiers"),
        ("amount_payable", {"scale": 39}, "scale"),
        ("amount_payable", {"scale": -1}, "scale"),
        ("amount_payable", {"scale": True}, "scale"),
        ("amount_payable", {"money": "cents"}, "money"),
        ("amount_payable", {"errors": "skip"}, "errors"),
    ],
    ids=[
        "unknown-name",
        "other-function",
        "no-fixed-schema",
        "tiers-missing",
        "tiers-negative",
        "tiers-bool",
        "scale-39",
        "scale-negative",
        "scale-bool",
        "money",
        "errors",
    ],
)
def test_spark_schema_refuses_what_has_no_fixed_schema(
    function: Any, options: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        frames.spark_schema(function, **options)
    assert caught.value.field == field


def test_partition_function_runs_each_batch_as_the_function_would() -> None:
    run = frames.partition_function(
        frames.schedule, tiers=1, keep=["invoice_id"], money="minor_units"
    )
    batches = [
        invoices("pandas", invoice_id=["A-1"], amount=decimals([Decimal("100.00")])),
        invoices(
            "pandas",
            invoice_id=["B-1", "B-2"],
            terms=["net 30", "2/10 net 30"],
            amount=decimals([Decimal("5.00"), Decimal("7.00")]),
        ),
    ]
    results = list(run(iter(batches)))
    assert [records(out) for out in results] == [
        [
            {"invoice_id": "A-1"}
            | scalar_lines(
                plan("2/10 net 30", amount=Decimal("100.00")), 0, 1, money="minor_units"
            )[0]
        ],
        [
            {"invoice_id": "B-1"}
            | scalar_lines(plan("net 30", amount=Decimal("5.00")), 0, 1, money="minor_units")[0],
            {"invoice_id": "B-2"}
            | scalar_lines(plan("2/10 net 30", amount=Decimal("7.00")), 1, 1, money="minor_units")[
                0
            ],
        ],
    ]
    with pytest.raises(InvalidInputError, match="function must be one of schedule, amount_payable"):
        frames.partition_function("explain")


# --------------------------------------------------------------------------- round_div, primary reasons, errors


@pytest.mark.parametrize("rounding", ROUNDINGS)
def test_round_div_rounds_as_decimal_quantize(rounding: str) -> None:
    numerators = np.arange(-61, 62, dtype=np.int64)
    for denominator in (1, 2, 3, 4, 7, 10, 20):
        got = round_div(numerators, denominator, rounding).tolist()
        want = [
            int((Decimal(int(n)) / denominator).quantize(Decimal(1), rounding=rounding))
            for n in numerators
        ]
        assert got == want, denominator
    per_row = np.array([4, 8, 12], dtype=np.int64)
    want_rows = [
        int((Decimal(n) / d).quantize(Decimal(1), rounding=rounding))
        for n, d in ((-6, 4), (12, 8), (18, 12))
    ]
    assert (
        round_div(np.array([-6, 12, 18], dtype=np.int64), per_row, rounding).tolist() == want_rows
    )


@attrs.frozen
class _Outcome(Explained):
    rule: str = "test.outcome@1"
    reasons: tuple[Reason, ...] = ()


def _reason(code: str, severity: Severity) -> Reason:
    return Reason.of(code, f"{code} happened.", severity=severity)


@pytest.mark.parametrize(
    ("severities", "expected"),
    [
        ((), None),
        ((Severity.INFO,), 0),
        ((Severity.INFO, Severity.INFO), 0),
        ((Severity.INFO, Severity.WARNING, Severity.WARNING), 1),
        ((Severity.WARNING, Severity.INFO, Severity.ERROR, Severity.ERROR, Severity.WARNING), 2),
        ((Severity.ERROR, Severity.WARNING), 0),
    ],
    ids=["none", "one-note", "first-of-notes", "first-warning", "first-error", "error-first"],
)
def test_primary_reason_is_the_first_reason_of_the_highest_severity(
    severities: tuple[Severity, ...], expected: int | None
) -> None:
    reasons = tuple(
        _reason(f"TEST.R{index}", severity) for index, severity in enumerate(severities)
    )
    primary = _Outcome(reasons=reasons).primary_reason()
    assert primary is (None if expected is None else reasons[expected])


def test_a_decision_states_its_decision_last_and_without_reasons_has_none() -> None:
    decision = pt.should_take_discount(
        rate=Decimal("0.02"), discount_days=10, net_days=30, cost_of_capital=Decimal("0.08")
    )
    assert decision.primary_reason() is decision.reasons[-1]
    assert decision.primary_reason().code == "TERMS.DISCOUNT.TAKE"  # the scalar docstring's example
    assert attrs.evolve(decision, reasons=()).primary_reason() is None


def test_frame_input_error_names_row_column_constraint_and_value() -> None:
    error = FrameInputError(17, "amount", "12,50", "a decimal number", "INPUT.TYPE")
    assert str(error) == "row 17: column 'amount' must be a decimal number: '12,50'"
    assert (error.row, error.column, error.field, error.value, error.constraint, error.code) == (
        17,
        "amount",
        "amount",
        "12,50",
        "a decimal number",
        "INPUT.TYPE",
    )
    assert isinstance(error, InvalidInputError)
    assert isinstance(error, ValueError)
    whole = FrameInputError(None, "amount", "float64", "exact money")
    assert (str(whole), whole.code) == (
        "column 'amount' must be exact money: 'float64'",
        "INPUT.INVALID",
    )
    again = pickle.loads(pickle.dumps(error))
    assert (type(again), str(again), again.row, again.code) == (
        FrameInputError,
        str(error),
        17,
        "INPUT.TYPE",
    )
    huge = FrameInputError(0, "amount", 2**300, "below 10**101")
    assert str(huge) == "row 0: column 'amount' must be below 10**101: <an integer of 301 bits>"


# --------------------------------------------------------------------------- without the extra

WITHOUT_FRAMES_EXTRA = """
import sys
sys.modules["numpy"] = None
sys.modules["narwhals"] = None
from datetime import date
from decimal import Decimal
from spendrules.payment_terms import parse_terms, schedule
plan = schedule(parse_terms("2/10 net 30"), invoice_date=date(2026, 3, 15), amount=Decimal("1000.00"), currency="USD")
print(plan.lines[0].due_date, plan.amount_payable(date(2026, 3, 20)))
from spendrules.errors import MissingExtraError
try:
    import spendrules.frames
except MissingExtraError as error:
    print(type(error).__name__, isinstance(error, ImportError), error.args)
    print(error)
"""


def test_the_core_runs_without_numpy_and_narwhals_and_frames_names_its_extra() -> None:
    done = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", WITHOUT_FRAMES_EXTRA],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "2026-04-14 980.00"  # the payment_terms docstring's example
    assert lines[1] == "MissingExtraError True ('frames', 'spendrules.frames')"
    assert lines[2] == str(MissingExtraError("frames", "spendrules.frames"))
    assert 'pip install "spendrules[frames]"' in lines[2]


def test_a_row_keeps_only_its_first_error_in_the_order_the_columns_are_read() -> None:
    """terms, currency, invoice date, baseline date, amount, tax: a row's first problem is its error."""
    frame = pandas_objects(
        {
            "terms": ["nett 30", "net 30", "net 30", "net 30", "net 30"],
            "invoice_date": [None, None, None, DAY, DAY],
            "received": [None, None, "2026-03-01", "2026-03-01", DAY],
            "amount": [None, None, None, None, None],
            "vat": [None, None, None, None, "1,00"],
            "currency": ["EUR", "EURO", "EUR", "EUR", "EUR"],
        }
    )
    out = frames.schedule(frame, baseline_date="received", tax_amount="vat", errors="collect")
    assert [(line["error_field"], line["error_code"]) for line in records(out)] == [
        ("terms", "INPUT.PARSE"),
        ("currency", "INPUT.INVALID"),
        ("invoice_date", "INPUT.MISSING"),
        ("received", "INPUT.TYPE"),
        ("amount", "INPUT.MISSING"),
    ]


def test_a_due_date_that_rolls_past_the_year_9999_is_a_bad_row_naming_a_column() -> None:
    friday_weekend = {"calendar": WeekendCalendar(frozenset({4, 5, 6})), "roll": Roll.FOLLOWING}
    days = [date(9999, 12, 1), date(2026, 3, 2)]
    frame = invoices("polars", terms=["net 30", "net 30"], invoice_date=pa.array(days, pa.date32()))
    out = frames.schedule(frame, errors="collect", **friday_weekend)
    got = records(out)
    with pytest.raises(InvalidInputError) as scalar:
        plan("net 30", amount=Decimal("1000.00"), invoice_date=days[0], **friday_weekend)
    assert (got[0]["due_date"], got[0]["error_code"], got[0]["error_constraint"]) == (
        None,
        "INPUT.INVALID",
        scalar.value.constraint,
    )
    assert got[0]["error_field"] in columns_of(frame)
    want = plan("net 30", amount=Decimal("1000.00"), invoice_date=days[1], **friday_weekend)
    assert got[1] == got[1] | without_errors(scalar_lines(want, 1, 0))[0]


CORE_TESTS_WITHOUT_FRAMES = """
import importlib.abc
import sys

BLOCKED = {"numpy", "narwhals", "pandas", "polars", "pyarrow"}


class NotInstalled(importlib.abc.MetaPathFinder):  # as if the frames extra were absent
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


sys.meta_path.insert(0, NotInstalled())
import pytest
sys.exit(pytest.main([
    "-q", "-p", "no:cacheprovider", "--no-cov", "-o", "addopts=", "--import-mode=importlib",
    "-o", "pythonpath=tests", "-W", "error", *sys.argv[1:],
]))
"""


def test_the_core_tests_pass_without_the_frames_extra() -> None:
    """The money, calendar and payment-term suites pass with numpy and narwhals unimportable."""
    here = pathlib.Path(__file__).parent
    modules = ["test_money.py", "test_calendars.py", "test_payment_terms.py"]
    done = subprocess.run(  # noqa: S603 - our interpreter, a fixed script
        [sys.executable, "-c", CORE_TESTS_WITHOUT_FRAMES, *(str(here / m) for m in modules)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        cwd=here.parent,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout
    assert "failed" not in done.stdout
