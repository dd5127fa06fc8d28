"""Row equality of ``spendrules.frames`` with the scalar payment-term rules (issue 13, item 2).

The scalar functions are the specification. Each property draws a few big frames (pandas, polars or
pyarrow; the bulk of the rows from a numpy generator seeded by hypothesis, plus edge rows drawn by
hypothesis), runs the frames function and compares EVERY output row with the scalar call for its input
row: the same dates, the same amounts to the minor unit, the same decision, tier and rates, the rule id
and ``reason == scalar_result.primary_reason().code``. Expected values come from the scalar functions
only, never from ``spendrules.frames``.

Edge rows: credit notes, zero and one-minor-unit amounts, half a minor unit (rounding modes), month ends,
29 February, JPY/BHD/CLF, several installments (percent, ratio, fixed amounts), several discount tiers,
tax with discounts on the amount before tax, business-day rolls on a holiday calendar, both allocation
methods, every rounding mode, ``money="decimal"`` and ``money="minor_units"``, text, categorical and
``PaymentTerms`` terms columns, renamed columns, ``keep`` columns, ``errors="collect"`` with bad cells.

Each property runs 10 examples (8 generated, 2 pinned with ``@example`` so that CI always meets
PaymentTerms-object columns, holiday-calendar rolls and collected errors) of at least 1,024 rows:
more than 10,000 random rows per function. Shrinking is off (a shrunk seed says nothing); a failure lists the first differing rows with their
inputs, the expected (scalar) and the returned values.
"""

from __future__ import annotations

import dataclasses
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
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
from enum import Enum
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pytest.importorskip("narwhals")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from contract_payment_terms import payment_terms  # noqa: E402
from spendrules import frames  # noqa: E402
from spendrules import payment_terms as pt  # noqa: E402
from spendrules.calendars import HolidayCalendar, Roll  # noqa: E402
from spendrules.errors import FrameInputError, InvalidInputError, ParseError  # noqa: E402
from spendrules.money import AllocationMethod, minor_units, quantize  # noqa: E402

#: Eight generated examples plus two pinned ones (``@example``) per property.
BIG_FRAMES = settings(
    max_examples=8,
    deadline=None,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
#: Random rows per example (at least; ten examples per property: more than 10,000 rows).
MIN_ROWS = 1024

KINDS = ("pandas", "polars", "pyarrow")
CURRENCIES = ("USD", "EUR", "JPY", "BHD", "CLF")
CURRENCY_WEIGHTS = (0.34, 0.2, 0.2, 0.2, 0.06)
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
ERROR_CODES = {"INPUT.TYPE", "INPUT.MISSING", "INPUT.INVALID", "INPUT.PARSE"}
#: Money cells in decimal mode carry up to 4 places (so sub-minor amounts exercise the rounding modes).
MONEY_SCALE = 4
#: Rate cells (costs of capital, price increases) carry up to 16 places.
RATE_SCALE = 16

# --------------------------------------------------------------------------- terms pools

SCHEDULE_TEXTS = (
    "net 30",
    "2/10 net 30",
    "net 60 EOM",
    "net 30 EOM",
    "net 10th prox",
    "1/15 net 45",
    "30% advance, 70% net 30",
    "30% advance, 70% 2/10 net 30",
    "3/10, 2/30, net 60",
    "3/10, 2/20, 1/30, net 60",
    "1/3 of total net 30, 1/3 of total net 60, balance net 90",
    "1/3 of total 2/10 net 30, 1/3 of total net 60, balance net 90",
    "2/10 net 30; discount before tax",
    "2/10 net 30; discount mixed",
    "3/10, 2/30, net 60; discount before tax",
    "50% 2/10 net 30, 50% 1/10 net 60",
    "net 30 from delivery",
    "due on receipt",
    "2/10 EOM net 30 EOM",
    "5/45 net 30",
    "3/30, 2/10, net 60",
)


def _tier(rate: str, days: int) -> pt.DiscountTier:
    return pt.DiscountTier(Decimal(rate), pt.NetDays(days))


#: Fixed-amount terms, built from PaymentTerms objects (whole units: valid in every currency).
FIXED_TERMS = (
    pt.PaymentTerms(
        (
            pt.Installment(pt.Advance(), share=pt.FixedAmount(Decimal("100"))),
            pt.Installment(pt.NetDays(30), (_tier("0.02", 10),), share=pt.Remainder()),
        )
    ),
    pt.PaymentTerms(
        (
            pt.Installment(pt.NetDays(0), share=pt.FixedAmount(Decimal("250.00"))),
            pt.Installment(
                pt.NetMonths(1),
                (_tier("0.03", 10), _tier("0.01", 20)),
                share=pt.Percent(Decimal("40")),
            ),
            pt.Installment(pt.DaysAfterEndOfMonth(15, months=1), share=pt.Remainder()),
        ),
        discount_base=pt.DiscountBase.NET_OF_TAX,
    ),
    pt.PaymentTerms(
        (
            pt.Installment(pt.NetDays(10), share=pt.Ratio(Fraction(1, 3))),
            pt.Installment(pt.DayOfMonth(10), share=pt.FixedAmount(Decimal("50"))),
            pt.Installment(pt.NetDays(60), (_tier("0.015", 20),), share=pt.Remainder()),
        )
    ),
)
#: Fixed-amount terms whose days do not depend on the invoice date (term_change_impact averages
#: the others over a year of invoice dates: milliseconds a row).
CONSTANT_FIXED_TERMS = (
    FIXED_TERMS[0],
    pt.PaymentTerms(
        (
            pt.Installment(pt.NetDays(0), share=pt.FixedAmount(Decimal("250.00"))),
            pt.Installment(
                pt.NetDays(30),
                (_tier("0.03", 10), _tier("0.01", 20)),
                share=pt.Percent(Decimal("40")),
            ),
            pt.Installment(pt.NetDays(60), share=pt.Remainder()),
        ),
        discount_base=pt.DiscountBase.NET_OF_TAX,
    ),
)
FIXED_TOTAL = {terms: Decimal(350) for terms in FIXED_TERMS}

DISCOUNT_TEXTS = (
    "2/10 net 30",
    "1/15 net 45",
    "3/10, 2/30, net 60",
    "3/10, 2/20, 1/30, net 60",
    "2/10 net 30; discount before tax",
    "30% advance, 70% 2/10 net 30",
    "1/3 of total 2/10 net 30, 1/3 of total net 60, balance net 90",
    "5/45 net 30",
    "3/30, 2/10, net 60",
    "50% 2/10 net 30, 50% 1/10 net 60",
    "net 30",
    "due on receipt",
)
#: Terms whose days depend on the invoice date (averaged over a year when no date is given: slow).
#: Always in the pool, so every tier/installment option has valid rows.
ALWAYS_DISCOUNT_TEXTS = ("3/10, 2/30, net 60", "30% advance, 70% 2/10 net 30")
CALENDAR_DISCOUNT_TEXTS = (
    "2/10 EOM net 30 EOM",
    "1/10 net 10th prox",
    "2/10 EOM net 60; from invoice date",
)

IMPACT_TEXTS = (
    "net 30",
    "net 45",
    "net 60",
    "net 90",
    "due on receipt",
    "2/10 net 30",
    "1/15 net 45",
    "3/10, 2/30, net 60",
    "30% advance, 70% net 30",
    "1/3 of total net 30, 1/3 of total net 60, balance net 90",
    "2/10 net 30; discount before tax",
    "50% 2/10 net 30, 50% 1/10 net 60",
)
CALENDAR_IMPACT_TEXTS = ("net 60 EOM", "net 10th prox")


def _edge_dates() -> tuple[date, ...]:
    days = {date(1990, 1, 1), date(2100, 12, 31), date(2100, 2, 28), date(2000, 2, 29)}
    for year in range(2019, 2032):
        for month in range(1, 13):
            first_next = date(year + month // 12, month % 12 + 1, 1)
            days.add(first_next - timedelta(days=1))  # month end
            days.add(date(year, month, 1))
        days.add(date(year, 2, 28))
    days.update(date(year, 2, 29) for year in (2020, 2024, 2028, 2096))
    return tuple(sorted(days))


EDGE_DATES = _edge_dates()
_ORD_LO, _ORD_HI = date(2019, 1, 1).toordinal(), date(2031, 12, 31).toordinal()
_ORD_MIN, _ORD_MAX = date(1990, 1, 1).toordinal(), date(2100, 12, 31).toordinal()


@dataclass(frozen=True)
class Bad:
    """An input cell the frames function must refuse: the expected error column and code."""

    column: str
    code: str | None
    why: str


# --------------------------------------------------------------------------- random cells


def random_date(rng: Any) -> date:
    draw = rng.random()
    if draw < 0.08:
        return EDGE_DATES[int(rng.integers(len(EDGE_DATES)))]
    if draw < 0.1:
        return date.fromordinal(int(rng.integers(_ORD_MIN, _ORD_MAX + 1)))
    return date.fromordinal(int(rng.integers(_ORD_LO, _ORD_HI + 1)))


def pick(rng: Any, values: Sequence[Any], weights: Sequence[float] | None = None) -> Any:
    if weights is None:
        return values[int(rng.integers(len(values)))]
    return values[int(rng.choice(len(values), p=weights))]


@dataclass(frozen=True)
class MoneyIn:
    """How money arrives: ``decimal`` cells, ``string`` cells, ``whole`` ints (currency units) or ``minor`` ints."""

    mode: str

    @property
    def option(self) -> str:
        return "minor_units" if self.mode == "minor" else "decimal"

    def exponent(self, currency: str) -> int:
        """Exponent of one quantum of a cell (the data are integer counts of quanta)."""
        if self.mode in {"decimal", "string"}:
            return -MONEY_SCALE
        if self.mode == "whole":
            return 0
        return -minor_units(currency)

    def unit(self, currency: str) -> int:
        """Quanta in one minor unit (1 when a minor unit is finer than a quantum)."""
        shift = -minor_units(currency) - self.exponent(currency)
        return 10**shift if shift >= 0 else 1

    def value(self, count: int, currency: str) -> Decimal:
        return Decimal(count).scaleb(self.exponent(currency))

    def cell(self, count: int, currency: str) -> Any:
        if self.mode in {"whole", "minor"}:
            return count
        value = self.value(count, currency)
        return value if self.mode == "decimal" else f"{value:f}"

    def scalar(self, count: int, currency: str) -> Decimal | int:
        """What the scalar function is given for this cell."""
        return count if self.mode == "whole" else self.value(count, currency)

    @property
    def ctype(self) -> str:
        return {"decimal": "decimal", "string": "str", "whole": "int", "minor": "int"}[self.mode]


def random_count(rng: Any, money: MoneyIn, currency: str, *, top: float = 9.0) -> int:
    unit = money.unit(currency)
    draw = rng.random()
    if draw < 0.03:
        count = 0
    elif draw < 0.07:
        count = unit
    elif draw < 0.09:
        count = max(unit // 2, 1)
    elif draw < 0.11:
        count = unit * int(rng.integers(1, 100)) + unit // 2
    else:
        count = int(10 ** rng.uniform(0, top) * 10 ** (-money.exponent(currency)))
        if rng.random() < 0.6:
            count -= count % unit
    return -count if rng.random() < 0.15 else count


def edge_count(kind: str, money: MoneyIn, currency: str) -> int:
    unit = money.unit(currency)
    half = max(unit // 2, 1)
    big = 10**9 * 10 ** (-money.exponent(currency))
    return {
        "zero": 0,
        "unit": unit,
        "-unit": -unit,
        "half": half,
        "-half": -half,
        "sub": max(half - 1, 0),
        "big": big + half,
        "-big": -big - unit,
    }[kind]


def tax_count(count: int, percent: int) -> int:
    magnitude = abs(count) * percent // 100
    return -magnitude if count < 0 else magnitude


# --------------------------------------------------------------------------- frames in


@dataclass
class Col:
    """A column to build: its cell type and its Python cells (None = null)."""

    ctype: str  # str, category, object, decimal, int, float, date, datetime
    cells: list[Any]
    scale: int = MONEY_SCALE


def _pandas_series(col: Col, date_style: str) -> Any:
    if col.ctype == "str":
        return pd.Series(col.cells)
    if col.ctype == "category":
        return pd.Series(col.cells, dtype="category")
    if col.ctype in {"object", "decimal"}:
        return pd.Series(col.cells, dtype=object)
    if col.ctype == "int":
        if any(cell is None for cell in col.cells):
            return pd.Series(col.cells, dtype="Int64")
        return pd.Series(np.array(col.cells, dtype=np.int64))
    if col.ctype == "float":
        return pd.Series(np.array(col.cells, dtype=np.float64))
    if col.ctype == "date":
        if date_style == "object":
            return pd.Series(col.cells, dtype=object)
        days = np.array(col.cells, dtype="datetime64[D]")
        return pd.Series(days.astype(f"datetime64[{date_style}]"))
    if col.ctype == "datetime":
        return pd.Series(np.array(col.cells, dtype="datetime64[us]").astype("datetime64[ns]"))
    raise AssertionError(col.ctype)


def _polars_series(name: str, col: Col) -> Any:
    dtype = {
        "str": pl.String,
        "category": pl.Categorical,
        "object": pl.Object,
        "decimal": pl.Decimal(38, col.scale),
        "int": pl.Int64,
        "float": pl.Float64,
        "date": pl.Date,
        "datetime": pl.Datetime("us"),
    }[col.ctype]
    return pl.Series(name, col.cells, dtype=dtype)


def _arrow_array(col: Col) -> Any:
    if col.ctype == "category":
        return pa.array(col.cells, pa.string()).dictionary_encode()
    kind = {
        "str": pa.string(),
        "decimal": pa.decimal128(38, col.scale),
        "int": pa.int64(),
        "float": pa.float64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us"),
    }[col.ctype]
    return pa.array(col.cells, kind)


def build_frame(kind: str, columns: dict[str, Col], *, date_style: str = "s") -> Any:
    if kind == "pandas":
        return pd.DataFrame(
            {name: _pandas_series(col, date_style) for name, col in columns.items()}
        )
    if kind == "polars":
        return pl.DataFrame([_polars_series(name, col) for name, col in columns.items()])
    return pa.table({name: _arrow_array(col) for name, col in columns.items()})


def same_kind(out: Any, kind: str) -> bool:
    return {
        "pandas": isinstance(out, pd.DataFrame),
        "polars": isinstance(out, pl.DataFrame),
        "pyarrow": isinstance(out, pa.Table),
    }[kind]


def with_date_column(frame: Any, name: str, days: list[date]) -> Any:
    if isinstance(frame, pd.DataFrame):
        series = pd.Series(np.array(days, dtype="datetime64[D]").astype("datetime64[s]"))
        return frame.assign(**{name: series.to_numpy()})
    if isinstance(frame, pl.DataFrame):
        return frame.with_columns(pl.Series(name, days, dtype=pl.Date))
    return frame.append_column(name, pa.array(days, pa.date32()))


# --------------------------------------------------------------------------- frames out


def _is_null(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def column_names(out: Any) -> list[str]:
    if isinstance(out, pa.Table):
        return list(out.column_names)
    return [str(name) for name in out.columns]


class Missing:
    """The cell of a column the output lacks (equal to nothing)."""

    def __repr__(self) -> str:
        return "<no such column>"


MISSING = Missing()


class Cols(dict[str, list[Any]]):
    """Output columns by name; a missing column reads as MISSING cells (reported, not a KeyError)."""

    size = 0

    def __missing__(self, key: str) -> list[Any]:
        return [MISSING] * self.size


def to_columns(out: Any) -> Cols:
    """Every output column as a list of Python values (dates as ``date``, nulls as None)."""
    columns = Cols()
    if isinstance(out, pl.DataFrame):
        columns.update(out.to_dict(as_series=False))
        columns.size = out.height
        return columns
    if isinstance(out, pa.Table):
        columns.update(out.to_pydict())
        columns.size = out.num_rows
        return columns
    columns.size = len(out)
    for name in out.columns:
        series = out[name]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            columns[str(name)] = [None if _is_null(x) else x.date() for x in series]
        else:
            columns[str(name)] = [
                None if _is_null(x) else x for x in series.astype(object).tolist()
            ]
    return columns


def dtype_problems(
    out: Any, *, dates: Iterable[str], money: Iterable[str], money_option: str, scale: int
) -> list[str]:
    """Spec'd output types: row int64; dates datetime64[s] / Date / date32; money as documented."""
    problems = []
    if isinstance(out, pd.DataFrame):
        schema = {str(name): str(out[name].dtype) for name in out.columns}
        want_date, want_row = {"datetime64[s]"}, {"int64"}
        want_money = {"int64", "Int64"} if money_option == "minor_units" else {"object"}
    elif isinstance(out, pl.DataFrame):
        schema = {name: str(dtype) for name, dtype in out.schema.items()}
        want_date, want_row = {str(pl.Date)}, {str(pl.Int64)}
        want_money = (
            {str(pl.Int64)} if money_option == "minor_units" else {str(pl.Decimal(38, scale))}
        )
    else:
        schema = {f.name: str(f.type) for f in out.schema}
        want_date, want_row = {str(pa.date32())}, {str(pa.int64())}
        want_money = (
            {str(pa.int64())} if money_option == "minor_units" else {str(pa.decimal128(38, scale))}
        )
    for name, wanted in [
        ("row", want_row),
        *((d, want_date) for d in dates),
        *((m, want_money) for m in money),
    ]:
        if schema.get(name) not in wanted:
            problems.append(f"column {name!r} has type {schema.get(name)}, expected {wanted}")
    return problems


# --------------------------------------------------------------------------- comparing


@dataclass
class Report:
    """Differences between the frames output and the scalar rule, with the inputs of each row."""

    context: str
    describe: Callable[[int], str]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rows: set[int] = field(default_factory=set)

    def add(self, row: int, column: str, expected: Any, got: Any) -> None:
        self.rows.add(row)
        if len(self.problems) < 12:
            self.problems.append(
                f"input row {row} [{self.describe(row)}]: {column}: expected {expected!r}, got {got!r}"
            )

    def check(self, row: int, column: str, expected: Any, got: Any, *, ok: bool) -> None:
        if not ok:
            self.add(row, column, expected, got)

    def ok(self) -> bool:
        return not self.rows and not self.notes

    def text(self) -> str:
        return (
            f"{len(self.rows)} input rows differ from the scalar rule ({self.context}):\n  "
            + "\n  ".join([*self.notes, *self.problems])
        )


def same_number(got: Any, expected: Decimal | int | None) -> bool:
    """Exact equality of a Decimal/int output with the scalar value (never a float)."""
    if expected is None:
        return got is None
    if isinstance(got, bool) or not isinstance(got, Decimal | int | np.integer):
        return False
    return bool(got == expected)


def same_money(got: Any, expected: Decimal, currency: str, option: str, *, pandas: bool) -> bool:
    if option == "minor_units":
        if isinstance(got, bool) or not isinstance(got, int | np.integer):
            return False
        return bool(got == int(expected.scaleb(minor_units(currency))))
    if not isinstance(got, Decimal) or got != expected:
        return False
    # pandas: an object column of Decimal with the currency's own exponent (spec).
    return not pandas or got.as_tuple().exponent == -minor_units(currency)


def group_rows(rows: list[Any]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for position, row in enumerate(rows):
        grouped[int(row)].append(position)
    return grouped


def check_error_row(
    report: Report, cols: dict[str, list[Any]], row: int, position: int, bad: Bad
) -> None:
    code = cols["error_code"][position]
    report.check(row, "error_code", bad.code or "an INPUT.* code", code, ok=code in ERROR_CODES)
    if bad.code is not None:
        report.check(row, "error_code", bad.code, code, ok=code == bad.code)
    got_field = cols["error_field"][position]
    report.check(row, "error_field", bad.column, got_field, ok=got_field == bad.column)
    constraint = cols["error_constraint"][position]
    report.check(row, "error_constraint", "a string", constraint, ok=isinstance(constraint, str))
    value = cols["error_value"][position]  # a null cell has no value to show
    ok = isinstance(value, str) or (value is None and bad.code == "INPUT.MISSING")
    report.check(row, "error_value", "a string", value, ok=ok)


def check_no_error(report: Report, cols: dict[str, list[Any]], row: int, position: int) -> None:
    for name in ERROR_COLUMNS:
        value = cols[name][position]
        report.check(row, name, None, value, ok=value is None)


def layout_problems(out: Any, core: list[str], extras: set[str]) -> list[str]:
    names = column_names(out)
    if names[: len(core)] != core or set(names[len(core) :]) != extras:
        return [f"columns {names}, expected {core} followed by {sorted(extras)}"]
    return []


def scalar_or_error(call: Callable[[], Any]) -> Any:
    """The scalar result, or the InvalidInputError/ParseError it raises (a bad row)."""
    try:
        return call()
    except (InvalidInputError, ParseError) as exc:
        return exc


def shown(call: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of a frames call, a holiday calendar summarised."""
    calendar = call.get("calendar")
    if isinstance(calendar, HolidayCalendar):
        summary = (
            f"HolidayCalendar(<{len(calendar.holidays)} holidays>, weekend={set(calendar.weekend)})"
        )
        return {**call, "calendar": summary}
    return call


def error_code_for(exc: Exception) -> str:
    return "INPUT.PARSE" if isinstance(exc, ParseError) else "INPUT.INVALID"


@dataclass(frozen=True)
class Names:
    """Column names of an input frame (the defaults are the scalar parameter names)."""

    mapping: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.mapping[key]

    @classmethod
    def of(cls, keys: Iterable[str], *, renamed: bool) -> Names:
        return cls({key: (f"in_{key}" if renamed else key) for key in keys})


# =========================================================================== schedule


@dataclass
class ScheduleSpec:
    kind: str
    money: MoneyIn
    terms_as: str  # text, category, object
    date_style: str
    pool_texts: tuple[str, ...]
    extra_terms: tuple[pt.PaymentTerms, ...]
    fixed_terms: tuple[pt.PaymentTerms, ...]
    calendar: bool
    weekend: frozenset[int]
    roll: Roll
    discount_roll: Roll | None
    grace_days: int
    discount_grace_days: int
    rounding: str
    allocation: AllocationMethod
    tax: bool
    baseline: bool
    keep: bool
    renamed: bool
    tiers_extra: int | None
    errors: str
    edge_rows: tuple[tuple[int, date, str, str, int, bool], ...]
    seed: int


edge_row = st.tuples(
    st.integers(0, 63),
    st.one_of(
        st.sampled_from(EDGE_DATES),
        st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    ),
    st.sampled_from(["zero", "unit", "-unit", "half", "-half", "sub", "big", "-big"]),
    st.sampled_from(CURRENCIES),
    st.sampled_from([0, 10, 25, 100]),
    st.booleans(),
)


@st.composite
def schedule_specs(draw: st.DrawFn, *, collect: bool = True) -> ScheduleSpec:
    kind = draw(st.sampled_from(KINDS))
    terms_as = draw(
        st.sampled_from(
            ["text", "category"] if kind == "pyarrow" else ["text", "category", "object"]
        )
    )
    calendar = draw(st.booleans())
    rolls = list(Roll) if calendar else [Roll.UNADJUSTED]
    return ScheduleSpec(
        kind=kind,
        money=MoneyIn(draw(st.sampled_from(["decimal", "string", "whole", "minor"]))),
        terms_as=terms_as,
        date_style=draw(st.sampled_from(["s", "ms", "us", "ns", "object"])),
        pool_texts=tuple(
            draw(st.lists(st.sampled_from(SCHEDULE_TEXTS), min_size=5, max_size=12, unique=True))
        ),
        extra_terms=tuple(draw(st.lists(payment_terms(), max_size=3))),
        fixed_terms=tuple(
            draw(st.lists(st.sampled_from(FIXED_TERMS), min_size=1, max_size=2, unique=True))
        ),
        calendar=calendar,
        weekend=draw(st.sampled_from([frozenset({5, 6}), frozenset({4, 5}), frozenset({6})])),
        roll=draw(st.sampled_from(rolls)),
        discount_roll=draw(st.one_of(st.none(), st.sampled_from(rolls))),
        grace_days=draw(st.sampled_from([0, 0, 1, 3])),
        discount_grace_days=draw(st.sampled_from([0, 0, 2])),
        rounding=draw(st.sampled_from(ROUNDINGS)),
        allocation=draw(st.sampled_from(AllocationMethod)),
        tax=draw(st.booleans()),
        baseline=draw(st.booleans()),
        keep=draw(st.booleans()),
        renamed=draw(st.booleans()),
        tiers_extra=draw(st.sampled_from([None, None, 0, 1])),
        errors=draw(st.sampled_from(["raise", "collect"])) if collect else "raise",
        edge_rows=tuple(draw(st.lists(edge_row, min_size=16, max_size=48))),
        seed=draw(st.integers(0, 2**32 - 1)),
    )


def holiday_calendar(rng: Any, weekend: frozenset[int]) -> HolidayCalendar:
    start, end = date(2018, 1, 1).toordinal(), date(2033, 12, 31).toordinal()
    chosen = rng.random(end - start + 1) < 0.08
    days = frozenset(date.fromordinal(start + int(i)) for i in np.flatnonzero(chosen))
    return HolidayCalendar(days, weekend=weekend)


@dataclass
class ScheduleCase:
    spec: ScheduleSpec
    names: Names
    rows: list[dict[str, Any]]
    expected: list[Any]  # PaymentSchedule | Bad | InvalidInputError, per input row
    frame: Any
    options: dict[str, Any]
    tiers: int
    scale: int

    def describe(self, row: int) -> str:
        r = self.rows[row]
        terms = r["terms"] if isinstance(r["terms"], str) else pt.format_terms(r["terms"])
        return (
            f"terms={terms!r}, invoice_date={r['invoice_date']}, amount={r['amount']!r}, "
            f"currency={r['currency']!r}, tax={r.get('tax')!r}, baseline={r.get('baseline')}"
        )


def _terms_pool(spec: ScheduleSpec) -> list[tuple[Any, pt.PaymentTerms]]:
    """(cell, terms) pairs: the cell as the frame holds it, the terms the scalar gets."""
    objects = [*spec.extra_terms, *spec.fixed_terms]
    if spec.terms_as == "object":
        return [(pt.parse_terms(t), pt.parse_terms(t)) for t in spec.pool_texts] + [
            (t, t) for t in objects
        ]
    pool = []
    for text in [*spec.pool_texts, *(pt.format_terms(t) for t in objects)]:
        try:
            pool.append((text, pt.parse_terms(text, dialect="us")))
        except ParseError:  # pragma: no cover - format_terms output always parses
            continue
    return pool


def build_schedule_case(spec: ScheduleSpec, *, rows_wanted: int = MIN_ROWS) -> ScheduleCase:
    rng = np.random.default_rng(spec.seed)
    names = Names.of(
        ["terms", "invoice_date", "amount", "currency", "tax_amount", "baseline_date"],
        renamed=spec.renamed,
    )
    pool = _terms_pool(spec)
    calendar = holiday_calendar(rng, spec.weekend) if spec.calendar else None
    options: dict[str, Any] = {
        "calendar": calendar,
        "roll": spec.roll,
        "discount_roll": spec.discount_roll,
        "grace_days": spec.grace_days,
        "discount_grace_days": spec.discount_grace_days,
        "rounding": spec.rounding,
        "allocation": spec.allocation,
    }
    money = spec.money
    collect = spec.errors == "collect"
    rows: list[dict[str, Any]] = []
    expected: list[Any] = []

    def add(
        index: int, invoice: date, count: int, *, currency: str, percent: int, base: Any
    ) -> None:
        cell, terms = pool[index % len(pool)]
        if terms in FIXED_TOTAL and rng.random() < 0.8:  # mostly large enough for the fixed amounts
            floor = int(FIXED_TOTAL[terms].scaleb(-money.exponent(currency)))
            count = (floor + abs(count)) * (-1 if count < 0 else 1)
        tax = tax_count(count, percent) if spec.tax else None
        row = {
            "terms": cell,
            "terms_obj": terms,
            "invoice_date": invoice,
            "currency": currency,
            "count": count,
            "tax_count": tax,
            "amount": money.value(count, currency),
            "tax": None if tax is None else money.value(tax, currency),
            "baseline": base if spec.baseline else None,
        }
        result = scalar_or_error(
            lambda: pt.schedule(
                terms,
                invoice_date=invoice,
                amount=money.scalar(count, currency),
                currency=currency,
                tax_amount=0 if tax is None else money.scalar(tax, currency),
                baseline_date=row["baseline"],
                **options,
            )
        )
        if isinstance(result, Exception) and not collect:
            return
        rows.append(row)
        expected.append(result)

    for index, invoice, amount_kind, currency, percent, shifted in spec.edge_rows:
        base = invoice - timedelta(days=7) if shifted else None
        count = edge_count(amount_kind, money, currency)
        add(index, invoice, count, currency=currency, percent=percent, base=base)
    while len(rows) < rows_wanted:
        currency = pick(rng, CURRENCIES, CURRENCY_WEIGHTS)
        invoice = random_date(rng)
        base = None
        if rng.random() < 0.4:
            base = invoice - timedelta(days=int(rng.integers(-20, 40)))
        percent = pick(rng, [0, 0, 10, 19, 25, 100, int(rng.integers(0, 101))])
        add(
            int(rng.integers(len(pool))),
            invoice,
            random_count(rng, money, currency),
            currency=currency,
            percent=percent,
            base=base,
        )
    order = rng.permutation(len(rows))
    rows = [rows[i] for i in order]
    expected = [expected[i] for i in order]
    if collect:
        inject_schedule_errors(rng, spec, names, rows, expected)

    plans = [e for e in expected if isinstance(e, pt.PaymentSchedule)]
    most = max((len(line.discounts) for p in plans for line in p.lines), default=0)
    tiers = most if spec.tiers_extra is None else most + spec.tiers_extra
    currencies = {r["currency"] for r in rows if r["currency"] in CURRENCIES}
    scale = max(minor_units(c) for c in currencies)

    text_terms = spec.terms_as != "object"
    columns = {
        "invoice_id": Col("str", [f"INV-{i:06d}" for i in range(len(rows))]),
        names["terms"]: Col(
            "category" if spec.terms_as == "category" else ("str" if text_terms else "object"),
            [r["terms"] for r in rows],
        ),
        names["invoice_date"]: Col("date", [r["invoice_date"] for r in rows]),
        names["amount"]: Col(
            money.ctype,
            [r.get("amount_cell", money.cell(r["count"], r["currency"])) for r in rows],
        ),
        names["currency"]: Col("str", [r["currency"] for r in rows]),
    }
    if spec.tax:
        columns[names["tax_amount"]] = Col(
            money.ctype, [money.cell(r["tax_count"], r["currency"]) for r in rows]
        )
    if spec.baseline:
        columns[names["baseline_date"]] = Col("date", [r["baseline"] for r in rows])
    frame = build_frame(spec.kind, columns, date_style=spec.date_style)
    call = dict(
        options,
        terms=names["terms"],
        invoice_date=names["invoice_date"],
        amount=names["amount"],
        currency=names["currency"],
        tax_amount=names["tax_amount"] if spec.tax else None,
        baseline_date=names["baseline_date"] if spec.baseline else None,
        keep=("invoice_id",) if spec.keep else (),
        money=money.option,
        tiers=None if spec.tiers_extra is None else tiers,
        errors=spec.errors,
    )
    return ScheduleCase(spec, names, rows, expected, frame, call, tiers, scale)


def inject_schedule_errors(
    rng: Any, spec: ScheduleSpec, names: Names, rows: list[dict[str, Any]], expected: list[Any]
) -> None:
    """Bad cells on about 2 % of the rows: unparseable terms, null or unreadable money, unknown currency."""
    kinds = ["currency", "date"]
    if spec.terms_as != "object":
        kinds.append("terms")
    if spec.money.mode in {"decimal", "string"} or spec.kind != "pandas":
        kinds.append("amount_null")
    if spec.money.mode == "string":
        kinds.append("amount_text")
    for i in rng.choice(len(rows), size=max(len(rows) // 50, 4), replace=False):
        what = pick(rng, kinds)
        row = rows[int(i)]
        if what == "currency":
            row["currency"] = "XYZ"
            expected[i] = Bad(names["currency"], "INPUT.INVALID", "unknown currency")
        elif what == "date":
            row["invoice_date"] = None
            expected[i] = Bad(names["invoice_date"], "INPUT.MISSING", "null invoice date")
        elif what == "terms":
            row["terms"] = "net thirty"
            expected[i] = Bad(names["terms"], "INPUT.PARSE", "terms that do not parse")
        elif what == "amount_null":
            row["amount_cell"] = None
            expected[i] = Bad(names["amount"], "INPUT.MISSING", "null amount")
        else:
            row["amount_cell"] = "12,50"
            expected[i] = Bad(names["amount"], "INPUT.TYPE", "unreadable amount")


def _scalar_error_bad(case: ScheduleCase, exc: Exception) -> Bad:
    column_of = {
        "amount": case.names["amount"],
        "tax_amount": case.names["tax_amount"],
        "invoice_date": case.names["invoice_date"],
        "baseline_date": case.names["baseline_date"],
    }
    field_name = getattr(exc, "field", "")
    return Bad(column_of.get(field_name, field_name), error_code_for(exc), str(exc))


def check_schedule(case: ScheduleCase, out: Any) -> None:
    spec = case.spec
    assert same_kind(out, spec.kind), f"{spec.kind} in, {type(out).__name__} out"
    tier_columns = [
        f"{name}_{t}"
        for t in range(1, case.tiers + 1)
        for name in ("deadline", "discount", "payable")
    ]
    keep = ["invoice_id"] if spec.keep else []
    core = [*keep, "row", "installment", "due_date", "amount", "currency", *tier_columns]
    core += ["rule", "reason"]
    report = Report(f"frames.schedule on {spec.kind}, call {shown(case.options)}", case.describe)
    report.notes += layout_problems(
        out, core, set(ERROR_COLUMNS) if spec.errors == "collect" else set()
    )
    money_columns = ["amount"] + [c for c in tier_columns if not c.startswith("deadline")]
    report.notes += dtype_problems(
        out,
        dates=["due_date"] + [c for c in tier_columns if c.startswith("deadline")],
        money=money_columns,
        money_option=spec.money.option,
        scale=case.scale,
    )
    cols = to_columns(out)
    grouped = group_rows(cols["row"])
    assert set(grouped) == set(range(len(case.rows))), "output rows do not cover the input rows"
    for row, result in enumerate(case.expected):
        positions = grouped[row]
        if isinstance(result, Bad | Exception):
            bad = result if isinstance(result, Bad) else _scalar_error_bad(case, result)
            report.check(row, "output rows", 1, len(positions), ok=len(positions) == 1)
            check_error_row(report, cols, row, positions[0], bad)
            continue
        plan: pt.PaymentSchedule = result
        if len(positions) != len(plan.lines):
            report.add(row, "output rows", len(plan.lines), len(positions))
            continue
        code = None if plan.primary_reason() is None else plan.primary_reason().code
        for position, line in zip(positions, plan.lines, strict=True):
            check_line(
                report, cols, case, row=row, position=position, plan=plan, line=line, code=code
            )
    assert report.ok(), report.text()


def check_line(
    report: Report,
    cols: dict[str, list[Any]],
    case: ScheduleCase,
    *,
    row: int,
    position: int,
    plan: pt.PaymentSchedule,
    line: pt.ScheduleLine,
    code: str | None,
) -> None:
    """One output row against the scalar line (tiers missing on the line: due date, 0, amount)."""
    spec = case.spec
    pandas = spec.kind == "pandas"

    def equal(column: str, want: Any) -> None:
        got = cols[column][position]
        report.check(row, column, want, got, ok=got == want and not _is_null(got))

    def money(column: str, want: Decimal) -> None:
        got = cols[column][position]
        ok = same_money(got, want, plan.currency, spec.money.option, pandas=pandas)
        report.check(row, column, want, got, ok=ok)

    if spec.keep:
        equal("invoice_id", f"INV-{row:06d}")
    equal("installment", line.installment)
    equal("due_date", line.due_date)
    money("amount", line.amount)
    equal("currency", plan.currency)
    for t in range(1, case.tiers + 1):
        if t <= len(line.discounts):
            offer = line.discounts[t - 1]
            deadline, discount, payable = offer.deadline, offer.discount, offer.payable
        else:  # a missing tier: pay by the due date, the whole amount
            deadline, discount, payable = line.due_date, quantize(0, plan.currency), line.amount
        equal(f"deadline_{t}", deadline)
        money(f"discount_{t}", discount)
        money(f"payable_{t}", payable)
    equal("rule", plan.rule)
    equal("reason", code)
    if spec.errors == "collect":
        check_no_error(report, cols, row, position)


EDGE_ROWS = tuple(
    (index, day, amount, currency, percent, shifted)
    for index, (day, shifted) in enumerate(
        [
            (date(2024, 2, 29), False),
            (date(2024, 1, 31), True),
            (date(2023, 2, 28), False),
            (date(2025, 12, 31), True),
            (date(2028, 2, 29), False),
            (date(2026, 5, 29), False),
        ]
    )
    for amount in ("zero", "unit", "-unit", "half", "-half", "big", "-big")
    for currency, percent in (("JPY", 0), ("BHD", 25), ("USD", 100))
)

#: Pinned examples: PaymentTerms objects (fixed amounts, tax net of tax), holiday-calendar rolls
#: following / modified following, a forced extra tier, errors collected.
PINNED_SCHEDULES = (
    ScheduleSpec(
        kind="polars",
        money=MoneyIn("minor"),
        terms_as="object",
        date_style="s",
        pool_texts=(
            "3/10, 2/30, net 60; discount before tax",
            "30% advance, 70% 2/10 net 30",
            "1/3 of total net 30, 1/3 of total net 60, balance net 90",
            "3/10, 2/20, 1/30, net 60",
            "net 60 EOM",
        ),
        extra_terms=(),
        fixed_terms=FIXED_TERMS[:2],
        calendar=True,
        weekend=frozenset({5, 6}),
        roll=Roll.FOLLOWING,
        discount_roll=Roll.MODIFIED_FOLLOWING,
        grace_days=1,
        discount_grace_days=0,
        rounding=ROUND_HALF_EVEN,
        allocation=AllocationMethod.LAST,
        tax=True,
        baseline=True,
        keep=True,
        renamed=True,
        tiers_extra=1,
        errors="collect",
        edge_rows=EDGE_ROWS,
        seed=1,
    ),
    ScheduleSpec(
        kind="pandas",
        money=MoneyIn("decimal"),
        terms_as="object",
        date_style="ns",
        pool_texts=(
            "2/10 net 30; discount mixed",
            "50% 2/10 net 30, 50% 1/10 net 60",
            "net 10th prox",
            "2/10 EOM net 30 EOM",
            "5/45 net 30",
            "3/30, 2/10, net 60",
        ),
        extra_terms=(),
        fixed_terms=FIXED_TERMS[1:],
        calendar=True,
        weekend=frozenset({4, 5}),
        roll=Roll.MODIFIED_FOLLOWING,
        discount_roll=None,
        grace_days=0,
        discount_grace_days=2,
        rounding=ROUND_05UP,
        allocation=AllocationMethod.LARGEST_REMAINDER,
        tax=True,
        baseline=True,
        keep=False,
        renamed=False,
        tiers_extra=None,
        errors="raise",
        edge_rows=EDGE_ROWS,
        seed=2,
    ),
)


@BIG_FRAMES
@example(PINNED_SCHEDULES[0])
@example(PINNED_SCHEDULES[1])
@given(schedule_specs())
def test_schedule_rows_equal_the_scalar_schedule(spec: ScheduleSpec) -> None:
    case = build_schedule_case(spec)
    out = frames.schedule(case.frame, **case.options)
    check_schedule(case, out)


# =========================================================================== amount_payable


@BIG_FRAMES
@example(dataclasses.replace(PINNED_SCHEDULES[0], errors="raise"), True, date(2024, 3, 1))
@example(PINNED_SCHEDULES[1], False, date(2024, 3, 11))
@given(schedule_specs(collect=False), st.booleans(), st.dates(date(2019, 1, 1), date(2031, 12, 31)))
def test_amount_payable_rows_equal_the_scalar_amount_payable(
    spec: ScheduleSpec, per_row: bool, fixed_day: date
) -> None:
    spec = dataclasses.replace(spec, keep=True)
    case = build_schedule_case(spec)
    schedule_frame = frames.schedule(case.frame, **case.options)
    rng = np.random.default_rng(spec.seed + 1)
    plans: list[pt.PaymentSchedule] = case.expected
    days: list[date] = []
    for plan in plans:  # the edges: a deadline, the day after, the due date, the invoice date
        line = pick(rng, plan.lines)
        candidates = [line.due_date, line.due_date + timedelta(days=1), plan.invoice_date]
        for offer in line.discounts:
            candidates += [offer.deadline, offer.deadline + timedelta(days=1)]
        candidates.append(random_date(rng))
        days.append(pick(rng, candidates))
    if per_row:
        rows_out = to_columns(schedule_frame)["row"]
        schedule_frame = with_date_column(schedule_frame, "pay_on", [days[r] for r in rows_out])
        on: Any = "pay_on"
    else:
        on = fixed_day
        days = [fixed_day] * len(plans)
    out = frames.amount_payable(schedule_frame, on=on, keep=("invoice_id",))
    assert same_kind(out, spec.kind)
    report = Report(
        f"frames.amount_payable on {spec.kind} (on={on!r}), schedule {shown(case.options)}",
        lambda r: f"{case.describe(r)}, on={days[r]}",
    )
    report.notes += layout_problems(out, ["invoice_id", "row", "amount_payable"], set())
    report.notes += dtype_problems(
        out, dates=[], money=["amount_payable"], money_option=spec.money.option, scale=case.scale
    )
    cols = to_columns(out)
    grouped = group_rows(cols["row"])
    assert set(grouped) == set(range(len(plans)))
    for row, plan in enumerate(plans):
        positions = grouped[row]
        want = plan.amount_payable(days[row])
        if len(positions) != 1:
            report.add(row, "output rows", 1, len(positions))
            continue
        got = cols["amount_payable"][positions[0]]
        ok = same_money(got, want, plan.currency, spec.money.option, pandas=spec.kind == "pandas")
        report.check(row, "amount_payable", want, got, ok=ok)
        got_id = cols["invoice_id"][positions[0]]
        report.check(row, "invoice_id", f"INV-{row:06d}", got_id, ok=got_id == f"INV-{row:06d}")
    assert report.ok(), report.text()


# =========================================================================== discount rules


@dataclass
class DiscountSpec:
    kind: str
    terms_as: str
    texts: tuple[str, ...]
    calendar_texts: tuple[str, ...]
    invoice_date: str  # none, constant, column
    pay_day: str  # none, constant, column
    constant_day: date
    constant_pay: int
    options: dict[str, Any]
    cost: str  # constant, column
    constant_cost: Decimal
    cost_pool: tuple[Decimal, ...]
    age: str  # zero, constant, column
    keep: bool
    renamed: bool
    errors: str
    seed: int


costs = st.decimals(min_value=Decimal("-0.05"), max_value=Decimal("0.6"), places=4)


@st.composite
def discount_specs(draw: st.DrawFn, *, decision: bool) -> DiscountSpec:
    kind = draw(st.sampled_from(KINDS))
    options: dict[str, Any] = {
        "compounding": draw(st.sampled_from(["simple", "effective", "rough"])),
        "installment": draw(st.sampled_from([None, None, 0, 1])),
    }
    if decision:
        convention = draw(st.sampled_from(["cost_of_capital", "cost_of_capital", "us_treasury"]))
        options["convention"] = convention
        if convention == "us_treasury":
            options["compounding"] = "simple"
            options["day_basis"] = draw(st.sampled_from([None, 360]))
        else:
            options["day_basis"] = draw(st.sampled_from([None, 365, 360]))
    else:
        options["tier"] = 0 if options["installment"] == 1 else draw(st.sampled_from([0, 0, 1]))
        options["versus"] = draw(st.sampled_from(["net", "next_tier"]))
        options["day_basis"] = draw(st.sampled_from([365, 360]))
    treasury = options.get("convention") == "us_treasury"
    errors = draw(st.sampled_from(["raise", "collect"]))
    # in raise mode a constant pay day after every deadline (an early one makes every row an error)
    pay_days = [61, 75, 90] if errors == "raise" else [0, 15, 31, 61, 90]
    return DiscountSpec(
        kind=kind,
        terms_as=draw(
            st.sampled_from(
                ["text", "category"] if kind == "pyarrow" else ["text", "category", "object"]
            )
        ),
        texts=tuple(
            draw(st.lists(st.sampled_from(DISCOUNT_TEXTS), min_size=4, max_size=10, unique=True))
        ),
        calendar_texts=tuple(
            draw(st.lists(st.sampled_from(CALENDAR_DISCOUNT_TEXTS), max_size=2, unique=True))
        ),
        invoice_date=draw(st.sampled_from(["none", "constant", "column", "column"])),
        pay_day=draw(st.sampled_from(["none", "constant", "column"])),
        constant_day=draw(st.sampled_from(EDGE_DATES)),
        constant_pay=draw(st.sampled_from(pay_days)),
        options=options,
        cost=draw(st.sampled_from(["constant", "column", "column"])),
        constant_cost=draw(costs),
        cost_pool=tuple(draw(st.lists(costs, min_size=1, max_size=5))),
        age=draw(st.sampled_from(["constant", "column"])) if treasury else "zero",
        keep=draw(st.booleans()),
        renamed=draw(st.booleans()),
        errors=errors,
        seed=draw(st.integers(0, 2**32 - 1)),
    )


_SCALAR_CACHE: dict[tuple[Any, ...], Any] = {}


def cached_scalar(function: Callable[..., Any], terms: pt.PaymentTerms, **kwargs: Any) -> Any:
    """The scalar rule (pure), called once per distinct input: averaged terms take milliseconds."""
    key = (function.__name__, terms, *sorted(kwargs.items()))
    if key not in _SCALAR_CACHE:
        _SCALAR_CACHE[key] = scalar_or_error(lambda: function(terms, **kwargs))
    return _SCALAR_CACHE[key]


@dataclass
class DiscountCase:
    spec: DiscountSpec
    names: Names
    rows: list[dict[str, Any]]
    expected: list[Any]
    frame: Any
    call: dict[str, Any]

    def describe(self, row: int) -> str:
        shown = {k: v for k, v in self.rows[row].items() if k != "terms_obj"}
        return ", ".join(f"{k}={v!r}" for k, v in shown.items())


def build_discount_case(spec: DiscountSpec, *, decision: bool) -> DiscountCase:
    rng = np.random.default_rng(spec.seed)
    names = Names.of(
        ["terms", "invoice_date", "pay_day", "cost_of_capital", "invoice_age_days"],
        renamed=spec.renamed,
    )
    texts = list(dict.fromkeys([*ALWAYS_DISCOUNT_TEXTS, *spec.texts]))
    collect = spec.errors == "collect"
    pool = [
        (t if spec.terms_as != "object" else pt.parse_terms(t), pt.parse_terms(t)) for t in texts
    ]
    slow = [
        (t if spec.terms_as != "object" else pt.parse_terms(t), pt.parse_terms(t))
        for t in spec.calendar_texts
    ]
    function = pt.should_take_discount if decision else pt.forgone_discount_rate
    pay_pool = [0, 10, 20, 30, 45, 61]
    rows: list[dict[str, Any]] = []
    expected: list[Any] = []
    attempts = 0
    while len(rows) < MIN_ROWS:
        attempts += 1
        assert attempts < 50 * MIN_ROWS, "the generator makes too few valid rows"
        cell, terms = pick(rng, pool)
        if slow and rng.random() < 0.05:
            cell, terms = pick(rng, slow)
        averaged = spec.invoice_date == "none"
        row: dict[str, Any] = {"terms": cell, "terms_obj": terms}
        kwargs: dict[str, Any] = dict(spec.options)
        if spec.invoice_date == "constant":
            kwargs["invoice_date"] = spec.constant_day
        elif spec.invoice_date == "column":
            row["invoice_date"] = kwargs["invoice_date"] = random_date(rng)
        if spec.pay_day == "constant":
            kwargs["pay_day"] = spec.constant_pay
        elif spec.pay_day == "column":
            pay = pick(rng, pay_pool) if averaged else int(rng.integers(0, 120))
            row["pay_day"] = kwargs["pay_day"] = pay
        if decision:
            if spec.cost == "constant":
                kwargs["cost_of_capital"] = spec.constant_cost
            else:
                cost = (
                    pick(rng, spec.cost_pool)
                    if averaged
                    else Decimal(int(rng.integers(-500, 6001))).scaleb(-4)
                )
                row["cost_of_capital"] = kwargs["cost_of_capital"] = cost
            if spec.age == "constant":
                kwargs["invoice_age_days"] = 6
            elif spec.age == "column":
                row["invoice_age_days"] = kwargs["invoice_age_days"] = int(rng.integers(0, 40))
        result = cached_scalar(function, terms, **kwargs)
        if (
            decision
            and spec.cost == "column"
            and not averaged
            and isinstance(result, pt.DiscountDecision)
            and result.break_even_cost_of_capital is not None
            and rng.random() < 0.05
        ):  # the cost of capital exactly at the break-even: indifferent
            row["cost_of_capital"] = kwargs["cost_of_capital"] = result.break_even_cost_of_capital
            result = cached_scalar(function, terms, **kwargs)
        if isinstance(result, Exception) and not collect:
            continue
        rows.append(row)
        expected.append(result)
    if collect and spec.terms_as != "object":
        for i in rng.choice(len(rows), size=8, replace=False):
            rows[int(i)]["terms"] = "net thirty"
            expected[int(i)] = Bad(names["terms"], "INPUT.PARSE", "terms that do not parse")
    columns = {
        "invoice_id": Col("str", [f"INV-{i:06d}" for i in range(len(rows))]),
        names["terms"]: Col(
            {"text": "str", "category": "category", "object": "object"}[spec.terms_as],
            [r["terms"] for r in rows],
        ),
    }
    for key, ctype in [
        ("invoice_date", "date"),
        ("pay_day", "int"),
        ("cost_of_capital", "decimal"),
        ("invoice_age_days", "int"),
    ]:
        if key in rows[0]:
            columns[names[key]] = Col(ctype, [r[key] for r in rows], scale=RATE_SCALE)
    frame = build_frame(spec.kind, columns)
    call: dict[str, Any] = {
        k: v for k, v in spec.options.items() if v is not None or k == "installment"
    }
    call.update(terms=names["terms"], keep=("invoice_id",) if spec.keep else (), errors=spec.errors)
    constants = {
        "invoice_date": spec.constant_day,
        "pay_day": spec.constant_pay,
        "cost_of_capital": spec.constant_cost,
        "invoice_age_days": 6,
    }
    modes = {"invoice_date": spec.invoice_date, "pay_day": spec.pay_day}
    if decision:
        modes.update(cost_of_capital=spec.cost, invoice_age_days=spec.age)
    for key, mode in modes.items():
        if mode == "constant":
            call[key] = constants[key]
        elif mode == "column":
            call[key] = names[key]
    return DiscountCase(spec, names, rows, expected, frame, call)


def check_discount_rows(
    case: DiscountCase,
    out: Any,
    columns: list[str],
    compare: Callable[[Report, dict[str, list[Any]], int, int, Any], None],
    label: str,
) -> None:
    spec = case.spec
    assert same_kind(out, spec.kind), f"{spec.kind} in, {type(out).__name__} out"
    keep = ["invoice_id"] if spec.keep else []
    extras = set(ERROR_COLUMNS) if spec.errors == "collect" else set()
    report = Report(f"{label} on {spec.kind}, call {shown(case.call)}", case.describe)
    report.notes += layout_problems(out, [*keep, "row", *columns], extras)
    cols = to_columns(out)
    grouped = group_rows(cols["row"])
    assert set(grouped) == set(range(len(case.rows))), "output rows do not cover the input rows"
    column_of = {key: case.names[key] for key in case.names.mapping}
    for row, result in enumerate(case.expected):
        positions = grouped[row]
        if len(positions) != 1:
            report.add(row, "output rows", 1, len(positions))
            continue
        position = positions[0]
        if spec.keep:
            got = cols["invoice_id"][position]
            report.check(row, "invoice_id", f"INV-{row:06d}", got, ok=got == f"INV-{row:06d}")
        if isinstance(result, Bad):
            check_error_row(report, cols, row, position, result)
            continue
        if isinstance(result, Exception):
            where = getattr(result, "field", "")
            bad = Bad(column_of.get(where, where), error_code_for(result), str(result))
            # an option (tier, installment) is no column: any INPUT code will do, field unchecked
            code = cols["error_code"][position]
            report.check(row, "error_code", bad.code, code, ok=code in ERROR_CODES)
            if where in column_of and where in case.rows[row]:
                check_error_row(report, cols, row, position, bad)
            continue
        compare(report, cols, row, position, result)
        if spec.errors == "collect":
            check_no_error(report, cols, row, position)
    assert report.ok(), report.text()


PINNED_FORGONE = (
    DiscountSpec(
        kind="polars",
        terms_as="object",
        texts=(
            "3/10, 2/20, 1/30, net 60",
            "3/10, 2/30, net 60; discount before tax",
            "5/45 net 30",
        ),
        calendar_texts=("2/10 EOM net 30 EOM",),
        invoice_date="column",
        pay_day="column",
        constant_day=date(2024, 2, 29),
        constant_pay=61,
        options={
            "compounding": "effective",
            "installment": None,
            "tier": 1,
            "versus": "next_tier",
            "day_basis": 360,
        },
        cost="constant",
        constant_cost=Decimal("0.08"),
        cost_pool=(Decimal("0.08"),),
        age="zero",
        keep=True,
        renamed=True,
        errors="collect",
        seed=3,
    ),
    DiscountSpec(
        kind="pyarrow",
        terms_as="category",
        texts=("2/10 net 30", "1/15 net 45", "1/10 net 10th prox", "net 30"),
        calendar_texts=("2/10 EOM net 60; from invoice date", "1/10 net 10th prox"),
        invoice_date="none",
        pay_day="none",
        constant_day=date(2024, 2, 29),
        constant_pay=61,
        options={
            "compounding": "simple",
            "installment": 0,
            "tier": 0,
            "versus": "net",
            "day_basis": 365,
        },
        cost="constant",
        constant_cost=Decimal("0.08"),
        cost_pool=(Decimal("0.08"),),
        age="zero",
        keep=False,
        renamed=False,
        errors="raise",
        seed=4,
    ),
)
PINNED_DECISIONS = (
    DiscountSpec(
        kind="pandas",
        terms_as="object",
        texts=("3/10, 2/30, net 60", "2/10 net 30; discount before tax", "5/45 net 30", "net 30"),
        calendar_texts=("1/10 net 10th prox",),
        invoice_date="column",
        pay_day="column",
        constant_day=date(2024, 2, 29),
        constant_pay=61,
        options={
            "compounding": "simple",
            "installment": None,
            "convention": "us_treasury",
            "day_basis": None,
        },
        cost="column",
        constant_cost=Decimal("0.05"),
        cost_pool=(Decimal("0.05"),),
        age="column",
        keep=True,
        renamed=True,
        errors="collect",
        seed=5,
    ),
    DiscountSpec(
        kind="polars",
        terms_as="text",
        texts=("3/10, 2/20, 1/30, net 60", "3/30, 2/10, net 60", "1/15 net 45", "due on receipt"),
        calendar_texts=("2/10 EOM net 30 EOM",),
        invoice_date="column",
        pay_day="none",
        constant_day=date(2024, 2, 29),
        constant_pay=61,
        options={
            "compounding": "effective",
            "installment": None,
            "convention": "cost_of_capital",
            "day_basis": 360,
        },
        cost="column",
        constant_cost=Decimal("0.05"),
        cost_pool=(Decimal("0.05"),),
        age="zero",
        keep=False,
        renamed=False,
        errors="raise",
        seed=6,
    ),
)


@BIG_FRAMES
@example(PINNED_FORGONE[0])
@example(PINNED_FORGONE[1])
@given(discount_specs(decision=False))
def test_forgone_discount_rate_rows_equal_the_scalar_rate(spec: DiscountSpec) -> None:
    case = build_discount_case(spec, decision=False)
    out = frames.forgone_discount_rate(case.frame, **case.call)

    def compare(report: Report, cols: dict[str, list[Any]], row: int, pos: int, want: Any) -> None:
        got = cols["forgone_rate"][pos]
        report.check(row, "forgone_rate", want, got, ok=same_number(got, want))

    check_discount_rows(
        case, out, ["forgone_rate", "rule"], compare, "frames.forgone_discount_rate"
    )


DECISION_COLUMNS = [
    "take",
    "tier",
    "discount_rate",
    "pay_day",
    "forgone_rate",
    "break_even_cost_of_capital",
    "margin",
    "rule",
    "reason",
]


@BIG_FRAMES
@example(PINNED_DECISIONS[0])
@example(PINNED_DECISIONS[1])
@given(discount_specs(decision=True))
def test_should_take_discount_rows_equal_the_scalar_decision(spec: DiscountSpec) -> None:
    case = build_discount_case(spec, decision=True)
    out = frames.should_take_discount(case.frame, **case.call)

    def compare(
        report: Report, cols: dict[str, list[Any]], row: int, pos: int, want: pt.DiscountDecision
    ) -> None:
        take = cols["take"][pos]
        ok_take = isinstance(take, bool | np.bool_) and bool(take) == want.take
        report.check(row, "take", want.take, take, ok=ok_take)
        tier = cols["tier"][pos]
        ok_tier = tier is None if want.tier is None else same_number(tier, want.tier)
        report.check(row, "tier", want.tier, tier, ok=ok_tier)
        for name in (
            "discount_rate",
            "pay_day",
            "forgone_rate",
            "break_even_cost_of_capital",
            "margin",
        ):
            got, value = cols[name][pos], getattr(want, name)
            report.check(row, name, value, got, ok=same_number(got, value))
        reason = want.primary_reason()
        code = None if reason is None else reason.code
        report.check(row, "rule", want.rule, cols["rule"][pos], ok=cols["rule"][pos] == want.rule)
        report.check(row, "reason", code, cols["reason"][pos], ok=cols["reason"][pos] == code)

    check_discount_rows(case, out, DECISION_COLUMNS, compare, "frames.should_take_discount")


# =========================================================================== term_change_impact


@dataclass
class ImpactSpec:
    kind: str
    money: MoneyIn
    terms_as: str
    texts: tuple[str, ...]
    fixed: bool
    cost: str
    supplier: str  # none, constant, column
    price: str  # none, constant, column
    constant_cost: Decimal
    constant_supplier: Decimal
    constant_price: Decimal
    discount_share: Decimal | None
    day_basis: int
    convention: str
    compounding: str
    rounding: str
    keep: bool
    renamed: bool
    errors: str
    seed: int


@st.composite
def impact_specs(draw: st.DrawFn) -> ImpactSpec:
    kind = draw(st.sampled_from(KINDS))
    fixed = draw(st.booleans()) and kind != "pyarrow"
    return ImpactSpec(
        kind=kind,
        money=MoneyIn(draw(st.sampled_from(["decimal", "string", "whole"]))),
        terms_as="object"
        if fixed
        else draw(
            st.sampled_from(["text", "category"] if kind == "pyarrow" else ["text", "object"])
        ),
        texts=tuple(
            draw(st.lists(st.sampled_from(IMPACT_TEXTS), min_size=4, max_size=10, unique=True))
        ),
        fixed=fixed,
        cost=draw(st.sampled_from(["constant", "column", "column"])),
        supplier=draw(st.sampled_from(["none", "constant", "column"])),
        price=draw(st.sampled_from(["none", "constant", "column"])),
        constant_cost=draw(costs),
        constant_supplier=draw(costs),
        constant_price=draw(st.decimals(min_value=Decimal("-0.01"), max_value="0.05", places=4)),
        discount_share=draw(st.sampled_from([None, None, Decimal(0), Decimal("0.5"), Decimal(1)])),
        day_basis=draw(st.sampled_from([365, 360])),
        convention=draw(st.sampled_from(["daily", "monthly"])),
        compounding=draw(st.sampled_from(["simple", "effective", "rough"])),
        rounding=draw(st.sampled_from(ROUNDINGS)),
        keep=draw(st.booleans()),
        renamed=draw(st.booleans()),
        errors=draw(st.sampled_from(["raise", "collect"])),
        seed=draw(st.integers(0, 2**32 - 1)),
    )


IMPACT_COLUMNS = [
    "annual_spend",
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
    "break_even_price_increase_amount",
    "verdict",
    "rule",
    "reason",
]
INVOICE_AMOUNT = Decimal("1000.00")


PINNED_IMPACTS = (
    ImpactSpec(
        kind="polars",
        money=MoneyIn("decimal"),
        terms_as="object",
        texts=(
            "3/10, 2/30, net 60",
            "30% advance, 70% net 30",
            "2/10 net 30; discount before tax",
            "net 90",
        ),
        fixed=True,
        cost="column",
        supplier="column",
        price="column",
        constant_cost=Decimal("0.08"),
        constant_supplier=Decimal("0.12"),
        constant_price=Decimal("0.01"),
        discount_share=None,
        day_basis=365,
        convention="monthly",
        compounding="effective",
        rounding=ROUND_HALF_EVEN,
        keep=True,
        renamed=True,
        errors="collect",
        seed=7,
    ),
    ImpactSpec(
        kind="pyarrow",
        money=MoneyIn("string"),
        terms_as="category",
        texts=(
            "net 30",
            "net 60",
            "2/10 net 30",
            "1/3 of total net 30, 1/3 of total net 60, balance net 90",
        ),
        fixed=False,
        cost="constant",
        supplier="constant",
        price="none",
        constant_cost=Decimal("0.1"),
        constant_supplier=Decimal("0.15"),
        constant_price=Decimal("0.01"),
        discount_share=Decimal("0.5"),
        day_basis=360,
        convention="daily",
        compounding="simple",
        rounding=ROUND_DOWN,
        keep=False,
        renamed=False,
        errors="raise",
        seed=8,
    ),
)


@BIG_FRAMES
@example(PINNED_IMPACTS[0])
@example(PINNED_IMPACTS[1])
@given(impact_specs())
def test_term_change_impact_rows_equal_the_scalar_impact(spec: ImpactSpec) -> None:
    rng = np.random.default_rng(spec.seed)
    names = Names.of(
        [
            "annual_spend",
            "currency",
            "current",
            "proposed",
            "cost_of_capital",
            "supplier_cost_of_capital",
            "price_increase",
        ],
        renamed=spec.renamed,
    )
    objects = spec.terms_as == "object"
    pool = [(pt.parse_terms(t) if objects else t, pt.parse_terms(t)) for t in spec.texts]
    if spec.fixed:
        pool += [(t, t) for t in CONSTANT_FIXED_TERMS]
    slow = [(pt.parse_terms(t) if objects else t, pt.parse_terms(t)) for t in CALENDAR_IMPACT_TEXTS]
    money = spec.money
    constants = {
        "cost_of_capital": spec.constant_cost,
        "supplier_cost_of_capital": spec.constant_supplier,
        "price_increase": spec.constant_price,
    }
    modes = {
        "cost_of_capital": spec.cost,
        "supplier_cost_of_capital": spec.supplier,
        "price_increase": spec.price,
    }
    options = {
        "discount_share": spec.discount_share,
        "day_basis": spec.day_basis,
        "convention": spec.convention,
        "compounding": spec.compounding,
        "invoice_amount": INVOICE_AMOUNT if spec.fixed else None,
        "rounding": spec.rounding,
    }
    rows: list[dict[str, Any]] = []
    expected: list[Any] = []
    while len(rows) < MIN_ROWS:
        currency = pick(rng, CURRENCIES, CURRENCY_WEIGHTS)
        count = abs(random_count(rng, money, currency, top=8.0))
        if rng.random() < 0.01:
            count = -count  # not positive: a bad row
        current, proposed = pick(rng, pool), pick(rng, pool)
        if rng.random() < 0.01:
            current = pick(rng, slow)
        row: dict[str, Any] = {
            "annual_spend": money.cell(count, currency),
            "currency": currency,
            "current": current[0],
            "proposed": proposed[0],
        }
        kwargs: dict[str, Any] = {
            "annual_spend": money.scalar(count, currency),
            "currency": currency,
            "current": current[1],
            "proposed": proposed[1],
            **options,
        }
        for key, mode in modes.items():
            if mode == "constant":
                kwargs[key] = constants[key]
            elif mode == "column":
                top = 3000 if key == "cost_of_capital" else 800
                kwargs[key] = row[key] = Decimal(int(rng.integers(-200, top))).scaleb(-4)
        result = scalar_or_error(lambda kw=kwargs: pt.term_change_impact(**kw))
        if spec.price == "column" and not isinstance(result, Exception) and rng.random() < 0.05:
            kwargs["price_increase"] = row["price_increase"] = result.break_even_price_increase
            result = scalar_or_error(lambda kw=kwargs: pt.term_change_impact(**kw))
        if isinstance(result, Exception) and spec.errors != "collect":
            continue
        rows.append(row)
        expected.append(result)
    columns = {
        "supplier_id": Col("str", [f"SUP-{i:05d}" for i in range(len(rows))]),
        names["annual_spend"]: Col(money.ctype, [r["annual_spend"] for r in rows]),
        names["currency"]: Col("str", [r["currency"] for r in rows]),
    }
    terms_type = {"text": "str", "category": "category", "object": "object"}[spec.terms_as]
    columns[names["current"]] = Col(terms_type, [r["current"] for r in rows])
    columns[names["proposed"]] = Col(terms_type, [r["proposed"] for r in rows])
    for key, mode in modes.items():
        if mode == "column":
            columns[names[key]] = Col("decimal", [r[key] for r in rows], scale=RATE_SCALE)
    frame = build_frame(spec.kind, columns)
    call: dict[str, Any] = {k: v for k, v in options.items() if v is not None}
    call.update(
        annual_spend=names["annual_spend"],
        currency=names["currency"],
        current=names["current"],
        proposed=names["proposed"],
        keep=("supplier_id",) if spec.keep else (),
        errors=spec.errors,
    )
    for key, mode in modes.items():
        if mode != "none":
            call[key] = names[key] if mode == "column" else constants[key]
    out = frames.term_change_impact(frame, **call)

    assert same_kind(out, spec.kind), f"{spec.kind} in, {type(out).__name__} out"
    keep = ["supplier_id"] if spec.keep else []

    def describe(row: int) -> str:
        return ", ".join(f"{k}={v!r}" for k, v in rows[row].items())

    report = Report(f"frames.term_change_impact on {spec.kind}, call {call}", describe)
    report.notes += layout_problems(
        out,
        [*keep, "row", *IMPACT_COLUMNS],
        set(ERROR_COLUMNS) if spec.errors == "collect" else set(),
    )
    cols = to_columns(out)
    grouped = group_rows(cols["row"])
    assert set(grouped) == set(range(len(rows)))
    # numeric columns beyond the spec that name a TermChangeImpact field are compared too
    fields = {f.name for f in attrs.fields(pt.TermChangeImpact)}
    extra = [n for n in column_names(out) if n in fields and n not in IMPACT_COLUMNS]
    extra = [n for n in extra if n not in {"currency", "current", "proposed"}]
    for row, result in enumerate(expected):
        positions = grouped[row]
        if len(positions) != 1:
            report.add(row, "output rows", 1, len(positions))
            continue
        pos = positions[0]
        if isinstance(result, Exception):
            code = cols["error_code"][pos]
            report.check(row, "error_code", "INPUT.INVALID", code, ok=code == "INPUT.INVALID")
            continue
        impact: pt.TermChangeImpact = result
        for name in [*IMPACT_COLUMNS[:13], *extra]:
            got, want = cols[name][pos], getattr(impact, name)
            ok = got == want.value if isinstance(want, Enum) else same_number(got, want)
            report.check(row, name, want, got, ok=ok)
        reason = impact.primary_reason()
        for name, want in [
            ("verdict", impact.verdict.value),
            ("rule", impact.rule),
            ("reason", None if reason is None else reason.code),
        ]:
            got = cols[name][pos]
            report.check(row, name, want, got, ok=got == want)
        if spec.errors == "collect":
            check_no_error(report, cols, row, pos)
    assert report.ok(), report.text()


# =========================================================================== explicit tests


def _one_invoice_frame(kind: str, amount: Col, *, dates: Col | None = None) -> Any:
    count = len(amount.cells)
    return build_frame(
        kind,
        {
            "terms": Col("str", ["2/10 net 30"] * count),
            "invoice_date": dates or Col("date", [date(2024, 2, 29)] * count),
            "amount": amount,
            "currency": Col("str", ["USD"] * count),
        },
        date_style="ns",
    )


@pytest.mark.parametrize("kind", KINDS)
def test_a_float_money_column_is_refused_naming_the_column(kind: str) -> None:
    frame = _one_invoice_frame(kind, Col("float", [100.0, 0.1, 2.675]))
    with pytest.raises(FrameInputError) as info:
        frames.schedule(frame)
    assert info.value.column == "amount"
    assert "'amount'" in str(info.value)

    renamed = build_frame(
        kind,
        {
            "terms": Col("str", ["2/10 net 30"]),
            "invoice_date": Col("date", [date(2024, 2, 29)]),
            "gross": Col("decimal", [Decimal("119.00")]),
            "currency": Col("str", ["USD"]),
            "vat": Col("float", [19.0]),
        },
    )
    with pytest.raises(FrameInputError) as info:
        frames.schedule(renamed, amount="gross", tax_amount="vat")
    assert info.value.column == "vat"
    assert "'vat'" in str(info.value)

    suppliers = build_frame(
        kind,
        {
            "spend": Col("float", [1_000_000.0]),
            "currency": Col("str", ["EUR"]),
            "current": Col("str", ["net 30"]),
            "proposed": Col("str", ["net 60"]),
        },
    )
    with pytest.raises(FrameInputError) as info:
        frames.term_change_impact(suppliers, annual_spend="spend", cost_of_capital=Decimal("0.08"))
    assert info.value.column == "spend"
    assert "'spend'" in str(info.value)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("convention", "mode"),
    [
        ("round_half_up", ROUND_HALF_UP),
        ("round_half_even", ROUND_HALF_EVEN),
        ("round_half_down", ROUND_HALF_DOWN),
    ],
)
def test_float_money_with_a_named_convention_reads_the_shortest_repr(
    kind: str, convention: str, mode: str
) -> None:
    """2.675 is 2.67499999... in binary; its shortest repr "2.675" is what is rounded."""
    values = [2.675, 0.125, 0.005, -0.015, 1234567.895, 0.0, 1e-9, 100.0]
    currencies = ["USD", "USD", "USD", "EUR", "USD", "JPY", "USD", "JPY"]
    values += [0.5, 2.5, 0.0005]
    currencies += ["JPY", "JPY", "BHD"]
    frame = build_frame(
        kind,
        {
            "terms": Col("str", ["2/10 net 30"] * len(values)),
            "invoice_date": Col("date", [date(2024, 2, 29)] * len(values)),
            "amount": Col("float", values),
            "currency": Col("str", currencies),
        },
    )
    out = frames.schedule(frame, float_money=convention)
    assert same_kind(out, kind)
    cols = to_columns(out)
    assert cols["float_money"] == [convention] * len(values)
    assert cols["row"] == list(range(len(values)))
    for row, (value, currency) in enumerate(zip(values, currencies, strict=True)):
        read = quantize(Decimal(repr(value)), currency, rounding=mode)
        plan = pt.schedule(
            pt.parse_terms("2/10 net 30"),
            invoice_date=date(2024, 2, 29),
            amount=read,
            currency=currency,
        )
        line = plan.lines[0]
        assert cols["amount"][row] == line.amount, (value, currency)
        if line.discounts:
            assert cols["discount_1"][row] == line.discounts[0].discount, (value, currency)
            assert cols["payable_1"][row] == line.discounts[0].payable, (value, currency)


def test_a_million_float_rows_give_the_cents_of_the_same_data_as_decimals() -> None:
    """float_money="round_half_up" on 1,000,000 float64 amounts: the cents of the same Decimals.

    The amounts are 2-decimal Decimals; the float column holds ``float(d)`` of each. Both frames run
    with ``money="minor_units"`` (int64 cents out), and the totals are checked against the Decimals
    rounded half up to each currency in integer arithmetic, a sample against the scalar rule.
    """
    rows = 1_000_000
    rng = np.random.default_rng(20260613)
    texts = ["net 30", "2/10 net 30", "3/10, 2/30, net 60", "30% advance, 70% net 30"]
    currency_names = np.array(["USD", "EUR", "JPY", "BHD"])
    cents = rng.integers(-(10**11), 10**11, size=rows) // (10 ** rng.integers(0, 11, size=rows))
    cents[:8] = [0, 1, -1, 5, 50, 99, -50, 150]
    amounts = [Decimal(int(c)).scaleb(-2) for c in cents.tolist()]
    floats = np.array([float(a) for a in amounts], dtype=np.float64)
    terms = np.array(texts)[rng.integers(0, len(texts), size=rows)]
    currency = currency_names[rng.choice(4, size=rows, p=[0.6, 0.2, 0.1, 0.1])]
    currency[:8] = ["USD", "USD", "EUR", "JPY", "JPY", "JPY", "JPY", "JPY"]
    epoch = date(1970, 1, 1).toordinal()
    ordinals = rng.integers(_ORD_LO, _ORD_HI + 1, size=rows) - epoch
    days = ordinals.astype("datetime64[D]").astype("datetime64[s]")
    base = {"terms": terms, "invoice_date": days, "currency": currency}
    as_floats = pd.DataFrame({**base, "amount": floats})
    as_decimals = pd.DataFrame({**base, "amount": pd.Series(amounts, dtype=object)})

    out_f = frames.schedule(as_floats, float_money="round_half_up", money="minor_units")
    out_d = frames.schedule(as_decimals, money="minor_units")
    assert (out_f["float_money"].astype(object) == "round_half_up").all()
    assert list(out_f.columns) == [*out_d.columns, "float_money"]
    for name in out_d.columns:
        left, right = out_f[name].to_numpy(), out_d[name].to_numpy()
        if name in {"currency", "rule", "reason"}:
            left, right = (
                out_f[name].astype(object).to_numpy(),
                out_d[name].astype(object).to_numpy(),
            )
        same = left == right
        assert bool(np.all(same)), (name, np.flatnonzero(~same)[:5])

    # The total of each invoice: the Decimal rounded half up to its currency, in integers.
    magnitude = np.abs(cents)
    rounded = np.sign(cents) * np.select(
        [currency == "JPY", currency == "BHD"], [(magnitude + 50) // 100, magnitude * 10], magnitude
    )
    totals = np.zeros(rows, dtype=np.int64)
    np.add.at(totals, out_f["row"].to_numpy(), out_f["amount"].to_numpy())
    wrong = np.flatnonzero(totals != rounded)
    assert wrong.size == 0, [
        (int(r), amounts[r], str(currency[r]), int(totals[r])) for r in wrong[:5]
    ]

    # A sample of rows (the first eight included) against the scalar rule.
    sample = [*range(8), *rng.choice(rows, size=2000, replace=False).tolist()]
    cols = to_columns(out_f[np.isin(out_f["row"].to_numpy(), sample)])
    grouped = group_rows(cols["row"])
    parsed = {text: pt.parse_terms(text) for text in texts}
    report = Report("frames.schedule(float_money='round_half_up')", lambda r: repr(floats[r]))
    for row in sample:
        plan = pt.schedule(
            parsed[str(terms[row])],
            invoice_date=date.fromordinal(int(ordinals[row]) + epoch),
            amount=amounts[row],
            currency=str(currency[row]),
        )
        positions = grouped[row]
        if len(positions) != len(plan.lines):
            report.add(row, "output rows", len(plan.lines), len(positions))
            continue
        for position, line in zip(positions, plan.lines, strict=True):
            got = cols["due_date"][position]
            report.check(row, "due_date", line.due_date, got, ok=got == line.due_date)
            for name, want in [
                ("amount", line.amount),
                ("discount_1", line.discounts[0].discount if line.discounts else Decimal(0)),
                ("payable_1", line.discounts[0].payable if line.discounts else line.amount),
            ]:
                got = cols[name][position]
                ok = same_money(got, want, plan.currency, "minor_units", pandas=True)
                report.check(row, name, want, got, ok=ok)
    assert report.ok(), report.text()


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_pandas_timestamps_at_midnight_are_dates(unit: str) -> None:
    """numpy datetime64 / pandas Timestamp columns are date input (only a time of day is refused)."""
    days = [date(2024, 2, 29), date(2023, 12, 31), date(2024, 1, 31)]
    frame = pd.DataFrame(
        {
            "terms": ["2/10 net 30", "net 60 EOM", "30% advance, 70% net 30"],
            "invoice_date": np.array(days, dtype="datetime64[D]").astype(f"datetime64[{unit}]"),
            "amount": pd.Series(
                [Decimal("100.00"), Decimal("-0.01"), Decimal("100.01")], dtype=object
            ),
            "currency": ["USD", "USD", "EUR"],
        }
    )
    out = frames.schedule(frame)
    assert str(out["due_date"].dtype) == "datetime64[s]"
    cols = to_columns(out)
    expected = []
    for text, day, amount, currency in zip(
        frame["terms"], days, frame["amount"], frame["currency"], strict=True
    ):
        plan = pt.schedule(pt.parse_terms(text), invoice_date=day, amount=amount, currency=currency)
        expected += [(line.due_date, line.amount) for line in plan.lines]
    assert list(zip(cols["due_date"], cols["amount"], strict=True)) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_a_time_of_day_is_refused_naming_the_column(kind: str) -> None:
    noon = Col("datetime", [datetime(2024, 2, 29, 0, 0), datetime(2024, 3, 1, 10, 30)])  # noqa: DTZ001
    frame = _one_invoice_frame(kind, Col("decimal", [Decimal("1.00"), Decimal("2.00")]), dates=noon)
    with pytest.raises(FrameInputError) as info:
        frames.schedule(frame)
    assert info.value.column == "invoice_date"
    assert "'invoice_date'" in str(info.value)
    assert info.value.row in {None, 1}

    received = build_frame(
        kind,
        {
            "terms": Col("str", ["net 30 from delivery"] * 2),
            "invoice_date": Col("date", [date(2024, 2, 29)] * 2),
            "amount": Col("decimal", [Decimal("1.00"), Decimal("2.00")]),
            "currency": Col("str", ["USD"] * 2),
            "received_on": Col(
                "datetime",
                [datetime(2024, 3, 4), datetime(2024, 3, 5, 23, 59, 59)],  # noqa: DTZ001
            ),
        },
    )
    with pytest.raises(FrameInputError) as info:
        frames.schedule(received, baseline_date="received_on")
    assert info.value.column == "received_on"
    assert "'received_on'" in str(info.value)

    decisions = build_frame(
        kind,
        {
            "terms": Col("str", ["2/10 net 30"] * 2),
            "booked": Col("datetime", [datetime(2024, 3, 4, 8), datetime(2024, 3, 5)]),  # noqa: DTZ001
        },
    )
    with pytest.raises(FrameInputError) as info:
        frames.should_take_discount(
            decisions, cost_of_capital=Decimal("0.1"), invoice_date="booked"
        )
    assert info.value.column == "booked"
    with pytest.raises(FrameInputError) as info:
        frames.forgone_discount_rate(decisions, invoice_date="booked")
    assert info.value.column == "booked"


COLLECT_ROWS: list[tuple[str, Any, str, Bad | None]] = [
    # terms, amount cell (string column), currency, the expected error (None: a good row)
    ("2/10 net 30", "1000.00", "USD", None),
    ("net thirty", "1000.00", "USD", Bad("terms", "INPUT.PARSE", "")),
    ("30% advance, 70% net 30", "-100.01", "EUR", None),
    ("2/10 net 30", "12,50", "USD", Bad("amount", "INPUT.TYPE", "")),
    ("3/10, 2/30, net 60", "0.005", "BHD", None),
    ("2/10 net 30", None, "USD", Bad("amount", "INPUT.MISSING", "")),
    ("2/10 net 30", "5", "XYZ", Bad("currency", "INPUT.INVALID", "")),
    ("fixed 100 net 0, balance 2/10 net 30", "99.99", "USD", Bad("amount", "INPUT.INVALID", "")),
    ("fixed 100 net 0, balance 2/10 net 30", "100.01", "JPY", None),
    ("1/3 of total net 30, 1/3 of total net 60, balance net 90", "0.01", "USD", None),
    ("2/10 net 30", "0", "JPY", None),
]


@pytest.mark.parametrize("kind", KINDS)
def test_collected_errors_mark_the_bad_rows_and_compute_the_others(kind: str) -> None:
    frame = build_frame(
        kind,
        {
            "invoice_id": Col("str", [f"INV-{i}" for i in range(len(COLLECT_ROWS))]),
            "terms": Col("str", [r[0] for r in COLLECT_ROWS]),
            "invoice_date": Col("date", [date(2024, 1, 31)] * len(COLLECT_ROWS)),
            "amount": Col("str", [r[1] for r in COLLECT_ROWS]),
            "currency": Col("str", [r[2] for r in COLLECT_ROWS]),
        },
    )
    with pytest.raises(FrameInputError) as info:
        frames.schedule(frame)
    assert (info.value.row, info.value.column, info.value.code) == (1, "terms", "INPUT.PARSE")
    assert str(info.value).startswith("row 1: column 'terms' must be ")

    out = frames.schedule(frame, errors="collect", keep=("invoice_id",))
    assert same_kind(out, kind)
    cols = to_columns(out)
    grouped = group_rows(cols["row"])
    assert set(grouped) == set(range(len(COLLECT_ROWS)))
    report = Report(f"frames.schedule(errors='collect') on {kind}", lambda r: repr(COLLECT_ROWS[r]))
    for row, (text, cell, currency, bad) in enumerate(COLLECT_ROWS):
        positions = grouped[row]
        assert all(cols["invoice_id"][p] == f"INV-{row}" for p in positions)
        if bad is not None:
            report.check(row, "output rows", 1, len(positions), ok=len(positions) == 1)
            check_error_row(report, cols, row, positions[0], bad)
            continue
        plan = pt.schedule(
            pt.parse_terms(text),
            invoice_date=date(2024, 1, 31),
            amount=Decimal(cell),
            currency=currency,
        )
        report.check(
            row,
            "output rows",
            len(plan.lines),
            len(positions),
            ok=len(positions) == len(plan.lines),
        )
        for position, line in zip(positions, plan.lines, strict=False):
            check_no_error(report, cols, row, position)
            got = cols["amount"][position]
            report.check(row, "amount", line.amount, got, ok=got == line.amount)
            report.check(
                row,
                "due_date",
                line.due_date,
                cols["due_date"][position],
                ok=cols["due_date"][position] == line.due_date,
            )
    assert report.ok(), report.text()

    decisions = build_frame(
        kind,
        {
            "terms": Col("str", ["2/10 net 30", "net thirty", "net 30", "2/10 net 30"]),
            "cost_of_capital": Col(
                "decimal", [Decimal("0.1"), Decimal("0.1"), Decimal("0.1"), None], scale=RATE_SCALE
            ),
        },
    )
    out = frames.should_take_discount(
        decisions, cost_of_capital="cost_of_capital", errors="collect"
    )
    cols = to_columns(out)
    assert cols["row"] == [0, 1, 2, 3]
    assert [cols["error_code"][i] for i in range(4)] == [None, "INPUT.PARSE", None, "INPUT.MISSING"]
    assert [cols["error_field"][i] for i in range(4)] == [None, "terms", None, "cost_of_capital"]
    for i, text in [(0, "2/10 net 30"), (2, "net 30")]:
        want = pt.should_take_discount(pt.parse_terms(text), cost_of_capital=Decimal("0.1"))
        assert cols["take"][i] == want.take
        assert cols["forgone_rate"][i] == want.forgone_rate
        assert cols["reason"][i] == want.primary_reason().code

    out = frames.forgone_discount_rate(decisions, errors="collect")
    cols = to_columns(out)
    assert cols["row"] == [0, 1, 2, 3]
    assert cols["error_code"][1] == "INPUT.PARSE"
    assert (
        cols["error_code"][2] == "INPUT.INVALID"
    )  # net 30 offers no discount: the scalar refuses it
    want = pt.forgone_discount_rate(pt.parse_terms("2/10 net 30"))
    assert cols["forgone_rate"][0] == want == cols["forgone_rate"][3]
    assert cols["error_code"][0] is None and cols["error_code"][3] is None


@pytest.mark.parametrize("money", ["decimal", "minor_units"])
@pytest.mark.parametrize("kind", KINDS)
def test_amounts_near_the_int64_limit_are_exact_or_refused(kind: str, money: str) -> None:
    """Never a wrong cent (SCALE.md principle 3): each row equals the scalar rule or is an error row."""
    cents = [9_000_000_000_000_000_000, 2**62 + 1, -(2**61) - 7, 123_456_789_012_345_678]
    texts = [
        "3/10, 2/30, net 60; discount before tax",
        "1/3 of total net 30, 1/3 of total net 60, balance net 90",
        "3/10, 2/20, 1/30, net 60",
    ]
    rows = [(c, t) for c in cents for t in texts]
    if money == "decimal":
        amounts = Col("decimal", [Decimal(c).scaleb(-2) for c, _t in rows], scale=2)
        taxes = Col("decimal", [Decimal(c // 7).scaleb(-2) for c, _t in rows], scale=2)
    else:
        amounts = Col("int", [c for c, _t in rows])
        taxes = Col("int", [c // 7 for c, _t in rows])
    frame = build_frame(
        kind,
        {
            "terms": Col("str", [t for _c, t in rows]),
            "invoice_date": Col("date", [date(2024, 2, 29)] * len(rows)),
            "amount": amounts,
            "tax_amount": taxes,
            "currency": Col("str", ["USD"] * len(rows)),
        },
    )
    out = frames.schedule(frame, tax_amount="tax_amount", money=money, errors="collect")
    cols = to_columns(out)
    grouped = group_rows(cols["row"])
    report = Report(f"frames.schedule(money={money!r}) on {kind}", lambda r: repr(rows[r]))
    for row, (c, text) in enumerate(rows):
        positions = grouped[row]
        plan = scalar_or_error(
            lambda c=c, text=text: pt.schedule(
                pt.parse_terms(text),
                invoice_date=date(2024, 2, 29),
                amount=Decimal(c).scaleb(-2),
                tax_amount=Decimal(c // 7).scaleb(-2),
                currency="USD",
            )
        )
        refused = cols["error_code"][positions[0]] is not None
        if refused or isinstance(plan, Exception):
            report.check(row, "error row", plan, refused, ok=refused and len(positions) == 1)
            continue
        if len(positions) != len(plan.lines):
            report.add(row, "output rows", len(plan.lines), len(positions))
            continue
        for position, line in zip(positions, plan.lines, strict=True):
            wanted = [("amount", line.amount)] + [
                (f"{name}_{t}", getattr(offer, name))
                for t, offer in enumerate(line.discounts, start=1)
                for name in ("discount", "payable")
            ]
            for name, want in wanted:
                got = cols[name][position]
                ok = same_money(got, want, "USD", money, pandas=kind == "pandas")
                report.check(row, name, want, got, ok=ok)
    assert report.ok(), report.text()


@pytest.mark.parametrize("kind", KINDS)
def test_tiers_fewer_than_a_line_offers_is_an_error_and_more_are_filled(kind: str) -> None:
    frame = build_frame(
        kind,
        {
            "terms": Col("str", ["3/10, 2/30, net 60", "net 30", "2/10 net 30"]),
            "invoice_date": Col("date", [date(2024, 2, 29)] * 3),
            "amount": Col("decimal", [Decimal("100.00"), Decimal("-5.00"), Decimal("0.01")]),
            "currency": Col("str", ["EUR", "EUR", "BHD"]),
        },
    )
    with pytest.raises(InvalidInputError):
        frames.schedule(frame, tiers=1)
    cols = to_columns(frames.schedule(frame, tiers=3))
    for row, text, amount, currency in [
        (0, "3/10, 2/30, net 60", Decimal("100.00"), "EUR"),
        (1, "net 30", Decimal("-5.00"), "EUR"),
        (2, "2/10 net 30", Decimal("0.01"), "BHD"),
    ]:
        line = pt.schedule(
            pt.parse_terms(text), invoice_date=date(2024, 2, 29), amount=amount, currency=currency
        ).lines[0]
        for t in (1, 2, 3):
            offer = line.discounts[t - 1] if t <= len(line.discounts) else None
            assert cols[f"deadline_{t}"][row] == (offer.deadline if offer else line.due_date)
            assert cols[f"discount_{t}"][row] == (offer.discount if offer else 0)
            assert cols[f"payable_{t}"][row] == (offer.payable if offer else line.amount)
