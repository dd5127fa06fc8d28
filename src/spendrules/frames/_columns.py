"""The edge between DataFrames and the rules: columns in as numpy arrays, columns out as the caller's kind.

Everything that knows about pandas, polars or pyarrow lives here (narwhals
reads the input; the output is built for the backend the input came from). The
rule code in between sees numpy arrays, Python values and masks only.

Conventions read here, each a named option of the public functions:

* dates arrive as ``datetime64``, ``Timestamp``, ``datetime.date``, polars ``Date``
  or arrow ``date32``; a time of day other than midnight is refused, naming the column;
* money arrives as ``Decimal``, arrow or polars decimals, strings of a plain
  decimal number, integers in whole currency units, or with
  ``money="minor_units"`` integers in minor units; a float column is refused
  unless ``float_money`` names how to read it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import narwhals.stable.v2 as nw
import numpy as np
import numpy.typing as npt

from spendrules._checks import check_currency, check_decimal
from spendrules._decimal import CONTEXT, PLAIN_NUMBER, exact
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.money import _from_units, minor_units, quantize

__all__ = [
    "EPOCH",
    "Column",
    "Frame",
    "Output",
    "RowErrors",
]

Int64Array = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

#: ``date.toordinal()`` of 1970-01-01: dates travel as int64 days since then.
EPOCH = date(1970, 1, 1).toordinal()

MONEY_MODES = ("decimal", "minor_units")
FLOAT_MONEY = {
    "round_half_up": "ROUND_HALF_UP",
    "round_half_even": "ROUND_HALF_EVEN",
    "round_half_down": "ROUND_HALF_DOWN",
}
_INT64_MAX = 2**63 - 1
#: Decimals below 10**15 in magnitude (with at most 4 minor-unit places) fit int64 minor units.
_FAST_DIGITS = 15


def to_date(days: int) -> date:
    """Return the date ``days`` after 1970-01-01."""
    return date.fromordinal(days + EPOCH)


def to_days(day: date) -> int:
    """Return ``day`` as days since 1970-01-01."""
    return day.toordinal() - EPOCH


@attrs.define
class RowErrors:
    """The first error of each bad row, by input row position."""

    errors: dict[int, FrameInputError] = attrs.field(factory=dict)

    def add(self, row: int, error: FrameInputError) -> None:
        """Record ``error`` for ``row`` unless the row already has one."""
        self.errors.setdefault(row, error)

    def add_many(self, rows: Iterable[int], make: Callable[[int], FrameInputError]) -> None:
        """Record ``make(row)`` for each of ``rows`` that has no error yet."""
        for row in rows:
            if row not in self.errors:
                self.errors[row] = make(row)

    def mask(self, size: int) -> BoolArray:
        """Return a boolean mask of the bad rows."""
        bad = np.zeros(size, dtype=bool)
        if self.errors:
            bad[np.fromiter(self.errors, dtype=np.int64, count=len(self.errors))] = True
        return bad

    def raise_first(self) -> None:
        """Raise the error of the first bad row, if any."""
        if self.errors:
            raise self.errors[min(self.errors)]


def from_exception(row: int, column: str, exc: InvalidInputError) -> FrameInputError:
    """Turn a scalar rule's refusal of ``row`` into a [`FrameInputError`][spendrules.errors.FrameInputError] naming ``column``."""
    return FrameInputError(row, column, exc.value, exc.constraint)


def check_choice(value: object, field: str, choices: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise naming the field."""
    options = tuple(choices)
    if value not in options:
        raise InvalidInputError(field, value, "one of " + ", ".join(repr(o) for o in options))
    return str(value)


class Frame:
    """An eager input frame read through narwhals."""

    def __init__(self, native: object, field: str = "frame") -> None:
        try:
            self.frame: Any = nw.from_native(native, eager_only=True)  # type: ignore[call-overload,unused-ignore]
        except TypeError:
            raise TypeError(
                f"{field} must be a pandas, polars or pyarrow DataFrame, not "
                f"{type(native).__name__}"
            ) from None
        implementation = self.frame.implementation
        if implementation.is_pandas():
            self.kind = "pandas"
        elif implementation.is_polars():
            self.kind = "polars"
        elif implementation.is_pyarrow():
            self.kind = "pyarrow"
        else:
            raise TypeError(
                f"{field} must be a pandas, polars or pyarrow DataFrame, not {implementation}"
            )
        self.native = native
        self.size = len(self.frame)

    def series(self, column: str) -> Any:
        """Return the narwhals series ``column``; a missing column is an error naming it."""
        if not isinstance(column, str):
            raise TypeError(f"column names must be str, not {type(column).__name__}: {column!r}")
        if column not in self.frame.columns:
            raise FrameInputError(
                None, column, tuple(self.frame.columns), "a column of the frame (columns given)"
            )
        return self.frame.get_column(column)

    # ------------------------------------------------------------------ values

    def objects(self, column: str) -> list[Any]:
        """Return the column as Python objects (nulls as ``None``)."""
        values = self.series(column).to_list()
        return [None if _is_null(v) else v for v in values]

    def codes(self, column: str) -> tuple[Int64Array, list[Any]]:
        """Return ``(codes, uniques)``: each row's index into the distinct values, -1 for null."""
        series = self.series(column)
        native = series.to_native()
        if self.kind == "pandas":
            import pandas as pd  # noqa: PLC0415 - present whenever the input is pandas

            try:
                codes, uniques = pd.factorize(native, use_na_sentinel=True)
            except TypeError:  # unhashable cells (lists, dicts): refused by the rule's checks
                return _factorize_objects(self.objects(column))
            return codes.astype(np.int64, copy=False), list(uniques)
        dtype = series.dtype
        if dtype in (nw.String, nw.Categorical, nw.Enum):
            import pyarrow.compute as pc  # noqa: PLC0415 - polars and pyarrow inputs

            encoded = pc.dictionary_encode(series.to_arrow().cast("large_string"))
            indices = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
            return indices.astype(np.int64), encoded.dictionary.to_pylist()
        return _factorize_objects(self.objects(column))

    def dates(self, column: str, errors: RowErrors) -> tuple[Int64Array, BoolArray]:
        """Return ``(days since 1970-01-01, null mask)``; wrong cells are recorded in ``errors``."""
        series = self.series(column)
        dtype = series.dtype
        if self.size == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool)
        if dtype in (nw.Date, nw.Datetime):
            if dtype == nw.Datetime and getattr(dtype, "time_zone", None):
                raise FrameInputError(
                    None, column, str(dtype), "dates without a time zone", "INPUT.TYPE"
                )
            values = series.to_numpy()
            if values.dtype.kind != "M":  # arrow-backed pandas dates arrive as objects
                values = np.array(series.cast(nw.Datetime("us")).to_numpy(), dtype="datetime64[us]")
            null = np.isnat(values)
            unit, count = np.datetime_data(values.dtype)
            per_day = np.timedelta64(1, "D") // np.timedelta64(count, unit)  # type: ignore[call-overload]
            days, rest = np.divmod(values.view(np.int64), per_day)
            for row in np.flatnonzero((rest != 0) & ~null).tolist():
                errors.add(
                    row,
                    FrameInputError(
                        row, column, str(values[row]), "a date (midnight, no time of day)"
                    ),
                )
            return np.where(null, 0, days), null
        if dtype in (nw.Object, nw.Unknown):
            return self._object_dates(column, errors)
        raise FrameInputError(None, column, str(dtype), "a date column", "INPUT.TYPE")

    def _object_dates(self, column: str, errors: RowErrors) -> tuple[Int64Array, BoolArray]:
        values = self.objects(column)
        days = np.zeros(len(values), dtype=np.int64)
        null = np.zeros(len(values), dtype=bool)
        for row, value in enumerate(values):
            if value is None:
                null[row] = True
            elif isinstance(value, datetime):
                if value.tzinfo is not None or value.time() != datetime.min.time():
                    errors.add(
                        row,
                        FrameInputError(row, column, value, "a date (midnight, no time of day)"),
                    )
                else:
                    days[row] = to_days(value.date())
            elif isinstance(value, date):
                days[row] = to_days(value)
            else:
                errors.add(
                    row, FrameInputError(row, column, value, "a datetime.date", "INPUT.TYPE")
                )
        return days, null

    def money(
        self,
        column: str,
        digits: Int64Array,
        currencies: Sequence[str | None],
        currency_codes: Int64Array,
        *,
        mode: str,
        float_money: str | None,
        rounding: str,
        errors: RowErrors,
    ) -> Money:
        """Read a money column as minor units of each row's currency, rounded with ``rounding``.

        ``digits`` is each row's number of minor units (-1 where the currency is
        bad: such rows are skipped). A value beyond what int64 minor units hold
        (about 9.2 × 10**18) is a bad row, naming the column: bulk money never
        silently overflows.
        """
        with np.errstate(over="ignore", invalid="ignore"):
            money = self._money_units(
                column,
                digits,
                currencies,
                currency_codes,
                mode=mode,
                float_money=float_money,
                rounding=rounding,
                errors=errors,
            )
        for row, value in money.big.items():
            try:  # the scalar rule's own refusal first (not finite, beyond 10**101)
                check_decimal(value, column)
            except InvalidInputError as exc:
                errors.add(row, from_exception(row, column, exc))
                continue
            constraint = (
                f"at most {_INT64_MAX} minor units in magnitude (what a bulk money column holds)"
            )
            errors.add(row, FrameInputError(row, column, value, constraint))
        return Money(money.units, money.null, {})

    def _money_units(
        self,
        column: str,
        digits: Int64Array,
        currencies: Sequence[str | None],
        currency_codes: Int64Array,
        *,
        mode: str,
        float_money: str | None,
        rounding: str,
        errors: RowErrors,
    ) -> Money:
        """The minor units of each row; values too large for int64 go to `Money.big`."""
        series = self.series(column)
        dtype = series.dtype
        size = self.size
        if size == 0:
            return Money(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool), {})
        if dtype.is_integer():
            values = series.to_numpy()
            null = null_of(series, size)
            units = np.where(null, 0, values).astype(np.int64)
            if mode == "minor_units":
                return Money(units, null, {})
            return _scale_units(units, 0, digits, rounding, null)
        if dtype == nw.Decimal:
            return self._decimal_money(series, digits, rounding)
        if dtype.is_float():
            if float_money is None:
                raise FrameInputError(
                    None,
                    column,
                    native_dtype(series),
                    "exact money (Decimal, decimal, decimal strings, whole-unit integers, or "
                    "minor-unit integers with money='minor_units'), not floats; name the "
                    "convention with float_money='round_half_up' to round each value to its "
                    "currency",
                    "INPUT.TYPE",
                )
            return _float_money(series.to_numpy(), digits, FLOAT_MONEY[float_money])
        if dtype in (nw.String, nw.Object, nw.Unknown):
            return _object_money(
                self.objects(column),
                column,
                digits,
                currencies,
                currency_codes,
                mode=mode,
                float_money=float_money,
                rounding=rounding,
                errors=errors,
            )
        raise FrameInputError(None, column, str(dtype), "a money column", "INPUT.TYPE")

    def _decimal_money(self, series: Any, digits: Int64Array, rounding: str) -> Money:
        low, high, null, scale = decimal_words(series)
        if bool(np.all((high == (low >> 63)) | null)):  # every value fits int64
            return _scale_units(np.where(null, 0, low), scale, digits, rounding, null)
        array = series.to_arrow()
        units = np.zeros(len(array), dtype=np.int64)
        big: dict[int, Decimal] = {}
        for row, value in enumerate(array.to_pylist()):
            places = int(digits[row])
            if value is None or places < 0:
                continue
            with exact():  # 38 digits: the default context's 28 would round them
                as_int = int(value.scaleb(places).to_integral_value(rounding=rounding))
            if abs(as_int) <= _INT64_MAX:
                units[row] = as_int
            else:
                big[row] = value
        return Money(units, null, big)


def decimal_words(series: Any) -> tuple[Int64Array, Int64Array, BoolArray, int]:
    """Return ``(low, high, null, scale)`` of a narwhals ``Decimal`` series.

    ``low`` and ``high`` are the two little-endian 64-bit words of each value's
    unscaled integer (narwhals' ``Decimal`` is arrow ``decimal128``; a
    ``decimal256`` column reads as ``Unknown``); the value fits int64 exactly when
    ``high == low >> 63``.
    """
    array = series.to_arrow()  # one arrow array
    null = np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    words = np.frombuffer(array.buffers()[1], dtype="<i8").reshape(-1, 2)
    words = words[array.offset : array.offset + len(array)]
    return words[:, 0], words[:, 1], null, int(array.type.scale)


@attrs.define
class Money:
    """Minor units per row; ``big`` holds the rows whose value does not fit int64 (as Decimals)."""

    units: Int64Array
    null: BoolArray
    big: dict[int, Decimal]


def native_dtype(series: Any) -> str:
    """The dtype of ``series`` as its own library names it (pandas ``float64``, arrow ``double``)."""
    native = series.to_native()
    return str(native.dtype if hasattr(native, "dtype") else native.type)


def null_of(series: Any, size: int) -> BoolArray:
    if series.null_count() == 0:
        return np.zeros(size, dtype=bool)
    return np.asarray(series.is_null().to_numpy(), dtype=bool)


def _is_null(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, Decimal):  # a signalling NaN is a bad value, not a missing one
        return value.is_qnan()
    try:
        return bool(value != value)  # noqa: PLR0124 - NaN, NaT and pandas NA differ from themselves
    except TypeError:  # pandas NA refuses bool(); it is null
        return True


def _factorize_objects(values: list[Any]) -> tuple[Int64Array, list[Any]]:
    seen: dict[Any, int] = {}
    uniques: list[Any] = []
    codes = np.empty(len(values), dtype=np.int64)
    for row, value in enumerate(values):
        if value is None:
            codes[row] = -1
            continue
        try:
            code = seen.get(value)
        except TypeError:  # unhashable: kept apart, refused later by the rule's own check
            code = None
            seen_key = None
        else:
            seen_key = value
        if code is None:
            code = len(uniques)
            uniques.append(value)
            if seen_key is not None:
                seen[seen_key] = code
        codes[row] = code
    return codes, uniques


def _scale_units(
    units: Int64Array, scale: int, digits: Int64Array, rounding: str, null: BoolArray
) -> Money:
    """Turn integers at ``scale`` decimal places into each row's minor units (rounding if finer)."""
    from spendrules.frames._intmath import round_div  # noqa: PLC0415 - avoids an import cycle

    result = np.zeros(len(units), dtype=np.int64)
    big: dict[int, Decimal] = {}
    for places in np.unique(digits).tolist():
        rows = digits == places
        if places < 0:
            continue
        shift = places - scale
        if shift <= 0:
            result[rows] = round_div(units[rows], 10**-shift, rounding)
        else:
            factor = 10**shift
            limit = _INT64_MAX // factor
            fine = rows & (np.abs(units) <= limit)
            result[fine] = units[fine] * factor
            for row in np.flatnonzero(rows & ~fine & ~null).tolist():
                big[row] = Decimal(int(units[row])).scaleb(-scale)
    return Money(result, null, big)


def _float_money(values: npt.NDArray[np.float64], digits: Int64Array, rounding: str) -> Money:
    """Each float read as its shortest repr, rounded to its currency with ``rounding``."""
    null = np.isnan(values)
    result = np.zeros(len(values), dtype=np.int64)
    big: dict[int, Decimal] = {}
    clean = np.where(null, 0.0, values)
    for places in np.unique(digits).tolist():
        rows = digits == places
        if places < 0:
            continue
        scaled = clean * 10.0**places
        nearest = np.rint(scaled)
        # Far from a half and small enough that the product is exact to well below
        # one unit: the shortest repr rounds to ``nearest`` under every half mode.
        easy = rows & (np.abs(scaled - nearest) < 1e-6) & (np.abs(scaled) < 2.0**52)
        result[easy] = nearest[easy].astype(np.int64)
        for row in np.flatnonzero(rows & ~easy & ~null).tolist():
            number = Decimal(repr(float(values[row])))
            if not number.is_finite():
                big[row] = number  # refused by the rule's own check, naming the row
                continue
            rounded = number.scaleb(places).to_integral_value(rounding=rounding)
            if abs(rounded) <= _INT64_MAX:
                result[row] = int(rounded)
            else:
                big[row] = number
    return Money(result, null, big)


def _object_money(
    values: list[Any],
    column: str,
    digits: Int64Array,
    currencies: Sequence[str | None],
    currency_codes: Int64Array,
    *,
    mode: str,
    float_money: str | None,
    rounding: str,
    errors: RowErrors,
) -> Money:
    units = np.zeros(len(values), dtype=np.int64)
    null = np.zeros(len(values), dtype=bool)
    big: dict[int, Decimal] = {}
    for row, (value, places) in enumerate(zip(values, digits.tolist(), strict=True)):
        if value is None:
            null[row] = True
            continue
        if places < 0:
            continue
        if type(value) is Decimal and value.is_finite() and value.adjusted() < _FAST_DIGITS:
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int) and exponent >= -places:  # whole minor units already
                units[row] = int(value.scaleb(places, context=CONTEXT))
                continue
        number: Decimal
        if isinstance(value, float):
            if float_money is None:
                errors.add(
                    row,
                    FrameInputError(
                        row,
                        column,
                        value,
                        "exact money, not a float (or name the convention with float_money=)",
                        "INPUT.TYPE",
                    ),
                )
                continue
            number = Decimal(repr(value))
        elif isinstance(value, str):
            if not PLAIN_NUMBER.fullmatch(value):
                errors.add(
                    row,
                    FrameInputError(
                        row, column, value, "a plain decimal number like '1234.50'", "INPUT.TYPE"
                    ),
                )
                continue
            number = Decimal(value)
        elif isinstance(value, Decimal | int) and not isinstance(value, bool):
            if mode == "minor_units" and isinstance(value, int):
                number = Decimal(value).scaleb(-places)
            else:
                number = Decimal(value) if isinstance(value, int) else value
        elif isinstance(value, np.integer):
            number = Decimal(int(value))
            if mode == "minor_units":
                number = number.scaleb(-places)
        else:
            errors.add(
                row,
                FrameInputError(
                    row, column, value, "a Decimal, int or decimal string", "INPUT.TYPE"
                ),
            )
            continue
        try:
            checked = check_decimal(number, column)
            currency = currencies[int(currency_codes[row])]
            assert currency is not None  # noqa: S101 - rows with a bad currency are skipped
            rounded = quantize(
                checked,
                currency,
                rounding=FLOAT_MONEY[float_money]
                if isinstance(value, float) and float_money
                else rounding,
            )
            as_int = int(rounded.scaleb(places))
        except InvalidInputError as exc:
            errors.add(row, from_exception(row, column, exc))
            continue
        if abs(as_int) <= _INT64_MAX:
            units[row] = as_int
        else:
            big[row] = rounded
    return Money(units, null, big)


def currency_digits(
    frame: Frame, column: str, errors: RowErrors
) -> tuple[Int64Array, list[str | None], Int64Array]:
    """Return each row's minor-unit digits (-1 when bad), the distinct codes and each row's index."""
    codes, uniques = frame.codes(column)
    checked: list[str | None] = []
    places: list[int] = []
    bad: dict[int, tuple[str, str]] = {}
    for index, value in enumerate(uniques):
        checked.append(None)
        places.append(-1)
        if not isinstance(value, str):
            bad[index] = ("an ISO 4217 currency code (a str)", "INPUT.TYPE")
            continue
        try:
            checked_code = check_currency(value, column)
        except InvalidInputError as exc:
            bad[index] = (exc.constraint, "INPUT.INVALID")
            continue
        checked[index] = checked_code
        places[index] = minor_units(checked_code)
    digits = np.array([*places, -1], dtype=np.int64)[codes]
    for row in np.flatnonzero(digits < 0).tolist():
        index = int(codes[row])
        if index < 0:
            errors.add(row, FrameInputError(row, column, None, "given", "INPUT.MISSING"))
        else:
            constraint, kind = bad[index]
            errors.add(row, FrameInputError(row, column, uniques[index], constraint, kind))
    return digits, checked, codes


# ---------------------------------------------------------------------- output


@attrs.define
class Column:
    """One output column: its kind, values and null mask.

    Kinds: ``"int"`` (int64), ``"nullable_int"``, ``"bool"``, ``"date"`` (int64 days),
    ``"units"`` (int64 minor units; ``digits`` per row), ``"category"`` (int64 codes
    into ``labels``), ``"decimal"`` (int64 indices into ``table``, a list of
    ``Decimal`` or ``None``, at ``scale`` places in arrow),
    ``"text"`` (an object array of ``str`` or ``None``), ``"keep"`` (rows of an input column).
    """

    kind: str
    values: Any
    null: BoolArray | None = None
    digits: Int64Array | None = None
    labels: Sequence[str] = ()
    scale: int = 0
    table: Sequence[Any] = ()


class Output:
    """Builds the output frame in the input's kind."""

    def __init__(self, source: Frame, money: str) -> None:
        self.source = source
        self.money = money
        self.columns: dict[str, Column] = {}

    def add(self, name: str, column: Column) -> None:
        """Add ``column`` under ``name``."""
        self.columns[name] = column

    def build(self) -> Any:
        """Return the native frame."""
        kind = self.source.kind
        if kind == "pandas":
            return self._pandas()
        return self._arrow_based(polars=kind == "polars")

    def _pandas(self) -> Any:
        import pandas as pd  # noqa: PLC0415 - the input was pandas

        data: dict[str, Any] = {}
        for name, column in self.columns.items():
            values = column.values
            if column.kind == "keep":
                series = self.source.series(name).to_native()
                data[name] = series.iloc[values].reset_index(drop=True)
            elif column.kind == "date":
                dates = (values * 86400).view("datetime64[s]")
                if column.null is not None:
                    dates[column.null] = np.datetime64("NaT")
                data[name] = dates
            elif column.kind == "units":
                data[name] = self._pandas_units(column)
            elif column.kind == "category":
                data[name] = pd.Categorical.from_codes(values, categories=list(column.labels))
            elif column.kind == "decimal":
                data[name] = np.array(column.table, dtype=object)[values]
            elif column.kind == "bool" and column.null is not None:
                data[name] = pd.array(values, dtype="boolean")
                data[name][column.null] = pd.NA
            elif column.kind == "nullable_int":
                data[name] = pd.array(
                    np.where(column.null, 0, values) if column.null is not None else values,
                    dtype="Int64",
                )
                if column.null is not None:
                    data[name][column.null] = pd.NA
            else:  # int, bool, text: numpy arrays as they are
                data[name] = values
        return pd.DataFrame(data, copy=False)

    def _pandas_units(self, column: Column) -> Any:
        values, null, digits = column.values, column.null, column.digits
        if self.money == "minor_units":
            if null is None or not bool(null.any()):
                return values
            import pandas as pd  # noqa: PLC0415 - the input was pandas

            array = pd.array(np.where(null, 0, values), dtype="Int64")
            array[null] = pd.NA
            return array
        assert digits is not None  # noqa: S101 - money columns always carry their digits
        out = np.empty(len(values), dtype=object)
        for places in np.unique(digits).tolist():
            rows = np.flatnonzero(digits == places)
            scale = -places
            out[rows] = [Decimal(v).scaleb(scale, context=CONTEXT) for v in values[rows].tolist()]
        if null is not None:
            out[null] = None
        return out

    def _arrow_based(self, *, polars: bool) -> Any:
        import pyarrow as pa  # noqa: PLC0415 - polars and pyarrow outputs are built in arrow

        arrays: dict[str, Any] = {}
        for name, column in self.columns.items():
            values, null = column.values, column.null
            if column.kind == "keep":
                source = self.source.series(name).to_native()
                arrays[name] = source.gather(values) if polars else source.take(values)
                continue
            if column.kind == "date":
                array = pa.array(values.astype(np.int32), type=pa.int32(), mask=null).cast(
                    pa.date32()
                )
            elif column.kind == "units":
                array = self._arrow_units(column)
            elif column.kind == "category":
                array = pa.DictionaryArray.from_arrays(
                    pa.array(values.astype(np.int32), mask=values < 0),
                    pa.array(list(column.labels), pa.string()),
                )
                if polars:
                    array = array.cast(pa.string())
            elif column.kind in {"int", "nullable_int"}:
                array = pa.array(values, type=pa.int64(), mask=null)
            elif column.kind == "bool":
                array = pa.array(values, type=pa.bool_(), mask=null)
            elif column.kind == "decimal":
                array = pa.array(list(column.table), type=pa.decimal128(38, column.scale)).take(
                    pa.array(values)
                )
            else:  # text
                array = pa.array(values.tolist(), type=pa.string())
            arrays[name] = array
        if polars:
            import polars as pl  # noqa: PLC0415 - the input was polars

            return pl.DataFrame(
                {
                    name: value if isinstance(value, pl.Series) else pl.from_arrow(value)
                    for name, value in arrays.items()
                }
            )
        return pa.table(arrays)

    def _arrow_units(self, column: Column) -> Any:
        import pyarrow as pa  # noqa: PLC0415 - polars and pyarrow outputs are built in arrow

        values, null, digits = column.values, column.null, column.digits
        if self.money == "minor_units":
            return pa.array(values, type=pa.int64(), mask=null)
        assert digits is not None  # noqa: S101 - money columns always carry their digits
        scale = max(0, int(digits.max())) if len(digits) else 0
        shift = scale - np.maximum(digits, 0)
        if bool((np.abs(values) > _INT64_MAX // 10**shift).any()):  # beyond int64 once scaled
            exact = [
                None if null is not None and null[i] else _from_units(int(v), int(d))
                for i, (v, d) in enumerate(zip(values.tolist(), digits.tolist(), strict=True))
            ]
            return pa.array(exact, type=pa.decimal128(38, scale))
        scaled = values * (10**shift)
        words = np.empty((len(values), 2), dtype=np.int64)
        words[:, 0] = scaled
        words[:, 1] = scaled >> 63
        buffers = [
            None if null is None else pa.array(~null).buffers()[1],
            pa.py_buffer(words.tobytes()),
        ]
        return pa.Array.from_buffers(
            pa.decimal128(38, scale),
            len(values),
            buffers,
            null_count=-1 if null is not None else 0,
        )
