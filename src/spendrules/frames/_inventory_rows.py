"""Reading a SKU table for the inventory frames functions, and the scalar rule for one row (private).

A per-row input is a column when given as a ``str`` naming a column of the
frame, else one value for every row. An optional input left at its default
column name that the frame does not have takes the scalar default
([`StockItem`][spendrules.inventory.StockItem]'s), so a table needs only the columns
it uses. A null cell means that default too; a null in a required column
(``on_hand``, ``unit_cost``, ``currency``, ``demand_mean``) is a bad row.
Numbers arrive as integers, decimals (arrow, polars), ``Decimal`` objects or
plain decimal strings; a float column is refused, naming it. The item of a row is
built by ``spendrules._inventory.rows`` (numpy-free: the command line reads CSV rows
with it too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple, cast

import attrs
import narwhals.stable.v2 as nw
import numpy as np

from spendrules._decimal import PLAIN_NUMBER
from spendrules._inventory._common import QUANTITY_PLACES
from spendrules._inventory.batch import StockReview
from spendrules._inventory.batch import review_stock as scalar_review
from spendrules._inventory.demand import Demand, LeadTime
from spendrules._inventory.policy import SafetyStock
from spendrules._inventory.policy import safety_stock as scalar_safety
from spendrules._inventory.reserve import Reserve, ReserveTable, excess_and_obsolete_reserve
from spendrules._inventory.rows import (
    DEMAND_FIELDS,
    ITEM_FIELDS,
    LEAD_FIELDS,
    demand_of,
    item_of,
    lead_time_of,
    or_default,
    refused_input,
)
from spendrules._inventory.split import Lot
from spendrules._policy.model import InventoryPolicy
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.frames._columns import (
    BoolArray,
    Frame,
    Int64Array,
    RowErrors,
    _is_null,
)

__all__ = [
    "BOUND",
    "FINE_PLACES",
    "QUANTITY_COLUMNS",
    "Inputs",
    "Param",
    "bad_row",
    "enum_or_default",
    "lots_as_given",
    "open_fraction_or_none",
    "read_lots",
    "resolve",
    "scalar_level",
    "scalar_review_row",
]

_MICRO = 10**QUANTITY_PLACES
#: Largest magnitude (in millionths) the vectorised path takes: 10**9 units.
BOUND = 10**15
#: Stock quantities, which the split's quantity columns carry at 6 places: finer ones are refused.
QUANTITY_COLUMNS = (
    "on_hand",
    "safety_stock",
    "order_quantity",
    "order_multiple",
    "minimum_order",
    "committed",
    "on_order",
)
#: Places of demand statistics finer than millionths (a forecast's 3.333333333333).
FINE_PLACES = 12
_FINER = f"a quantity with at most {QUANTITY_PLACES} decimal places (the quantity precision)"


@attrs.frozen
class Param:
    """A per-row input: its scalar name, the column it is read from (or ``None``) and its constant."""

    name: str
    column: str | None
    constant: object = None


def resolve(
    source: Frame, name: str, value: object, default: object, *, required: bool = False
) -> Param:
    """Read ``value`` as a column name or a constant (see the module notes)."""
    if type(value) is str:
        if value in source.frame.columns:
            return Param(name, value)
        if value == name and not required:
            return Param(name, None, default)
        if name == "currency":
            return Param(name, None, value)  # an ISO code for every row
        source.series(value)  # raises: a missing column, naming it
    return Param(name, None, value)


class Inputs:
    """The per-row inputs of one call: arrays for the vectorised path, Python values for the scalar rule."""

    def __init__(self, source: Frame, params: Iterable[Param]) -> None:
        self.source = source
        self.size = source.size
        self.params = {param.name: param for param in params}
        self._series: dict[str, Any] = {}
        #: Rows the vectorised path leaves to the scalar rule (odd inputs, bad rows).
        self.scalar = np.zeros(self.size, dtype=bool)

    def column_of(self, name: str) -> str:
        """The column ``name`` is read from (its own name when it is a constant)."""
        param = self.params.get(name)
        return name if param is None or param.column is None else param.column

    def value(self, name: str, row: int) -> Any:
        """The Python value of ``name`` in ``row`` as the scalar rule receives it (``None`` for null)."""
        param = self.params[name]
        if param.column is None:
            return param.constant
        series = self._series.get(name)
        if series is None:
            series = self._series[name] = self.source.series(param.column)
        value = series.item(row)
        if _is_null(value):
            return None
        if isinstance(value, np.generic):
            value = value.item()
        if isinstance(value, str) and PLAIN_NUMBER.fullmatch(value) and name not in _TEXT:
            return Decimal(value)
        return value

    def micro(self, name: str, *, default: int = 0) -> tuple[Int64Array, BoolArray]:
        """Millionths of ``name`` per row (``default`` where null) and the null mask.

        Rows whose value is not a whole number of millionths within ±10**9
        units, or not a number at all, are marked for the scalar rule.
        """
        param = self.params[name]
        if param.column is None:
            values, null, odd = _micro_values([param.constant])
            size = self.size
            micro = np.full(size, default if null[0] else values[0], dtype=np.int64)
            if odd[0]:
                self.scalar[:] = True
            return micro, np.full(size, bool(null[0]))
        micro, null, odd = _micro_column(self.source, param.column)
        self.scalar |= odd
        return np.where(null, default, micro), null

    def fine(self, name: str) -> tuple[Int64Array, BoolArray, int]:
        """Like `micro`, at 12 places when the column has values finer than millionths.

        Returns the values (0 where null), the null mask and their places (6 or 12).
        """
        param = self.params[name]
        if param.column is None:
            micro, null = self.micro(name)
            return micro, null, QUANTITY_PLACES
        micro, null, odd = _micro_column(self.source, param.column)
        if not bool(odd.any()):
            return np.where(null, 0, micro), null, QUANTITY_PLACES
        finer, null, odd = _micro_column(self.source, param.column, FINE_PLACES)
        self.scalar |= odd
        return np.where(null, 0, finer), null, FINE_PLACES

    def codes(self, name: str, convert: Callable[[Any], Any]) -> tuple[Int64Array, list[Any]]:
        """Each row's index into the distinct converted values (nulls give ``convert(None)``).

        A value ``convert`` refuses (raising) marks its rows for the scalar rule.
        """
        param = self.params[name]
        if param.column is None:
            null = convert(None)
            if param.constant is None:
                return np.ones(self.size, dtype=np.int64), [null, null]
            try:
                return np.zeros(self.size, dtype=np.int64), [convert(param.constant), null]
            except (InvalidInputError, TypeError, ValueError):
                self.scalar[:] = True
                return np.zeros(self.size, dtype=np.int64), [null, null]
        series = self.source.series(param.column)
        if series.dtype.is_float():
            raise FrameInputError(
                None,
                param.column,
                str(series.dtype),
                "exact numbers (Decimal, decimal, int), not floats",
                "INPUT.TYPE",
            )
        codes, distinct = _distinct(self.source, series, param.column)
        values: list[Any] = []
        refused: list[int] = []
        for index, raw in enumerate(distinct):
            value = raw.item() if isinstance(raw, np.generic) else raw
            if isinstance(value, str) and PLAIN_NUMBER.fullmatch(value) and name not in _TEXT:
                value = Decimal(value)
            try:
                values.append(convert(value))
            except (InvalidInputError, TypeError, ValueError):
                values.append(convert(None))
                refused.append(index)
        if refused:
            self.scalar |= np.isin(codes, refused)
        values.append(convert(None))
        return np.where(codes < 0, len(values) - 1, codes), values

    def flags(self, name: str, *, default: bool = False) -> BoolArray:
        """A boolean column (null is ``default``); a cell that is not a bool goes to the scalar rule."""
        param = self.params[name]
        if param.column is None:
            if param.constant is None:
                return np.full(self.size, default)
            if not isinstance(param.constant, bool):
                self.scalar[:] = True
                return np.full(self.size, default)
            return np.full(self.size, param.constant)
        series = self.source.series(param.column)
        if series.dtype == nw.Boolean:
            null = np.asarray(series.is_null().to_numpy(), dtype=bool)
            values = np.asarray(series.fill_null(default).to_numpy(), dtype=bool)
            return np.where(null, default, values)
        result = np.full(self.size, default)
        for row, value in enumerate(self.source.objects(param.column)):
            if value is None:
                continue
            if isinstance(value, bool | np.bool_):
                result[row] = bool(value)
            else:
                self.scalar[row] = True
        return result

    def dates(self, name: str, errors: RowErrors) -> tuple[Int64Array, BoolArray]:
        """Days since 1970-01-01 and the null mask of a date input."""
        param = self.params[name]
        if param.column is None:
            if param.constant is None:
                return np.zeros(self.size, dtype=np.int64), np.ones(self.size, dtype=bool)
            if not isinstance(param.constant, date):
                self.scalar[:] = True
                return np.zeros(self.size, dtype=np.int64), np.ones(self.size, dtype=bool)
            day = param.constant.toordinal() - date(1970, 1, 1).toordinal()
            return np.full(self.size, day, dtype=np.int64), np.zeros(self.size, dtype=bool)
        return self.source.dates(param.column, errors)


_TEXT = frozenset({"sku", "currency"})


def _distinct(source: Frame, series: Any, column: str) -> tuple[Int64Array, list[Any]]:
    """``(codes, distinct values)`` of a column: arrow's dictionary encoding for decimals."""
    if series.dtype == nw.Decimal and source.kind != "pandas":
        import pyarrow.compute as pc  # noqa: PLC0415 - polars and pyarrow decimals are arrow

        encoded = pc.dictionary_encode(series.to_arrow())
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        return codes.astype(np.int64), encoded.dictionary.to_pylist()
    return source.codes(column)


def _micro_column(
    source: Frame, column: str, places: int = QUANTITY_PLACES
) -> tuple[Int64Array, BoolArray, BoolArray]:
    """``(values at 10**-places, null, odd)`` of a number column (odd: not exact there, or too large)."""
    series = source.series(column)
    dtype = series.dtype
    size = source.size
    bound = _bound(places)
    if dtype.is_float():
        raise FrameInputError(
            None,
            column,
            str(dtype),
            "exact numbers (Decimal, decimal, int), not floats",
            "INPUT.TYPE",
        )
    if size and dtype.is_integer():
        null = np.asarray(series.is_null().to_numpy(), dtype=bool)
        values = np.asarray(series.fill_null(0).to_numpy()).astype(np.int64)
        odd = np.abs(values) > bound // 10**places
        return np.where(odd, 0, values) * 10**places, null, odd
    if size and dtype == nw.Decimal:
        array = series.to_arrow()
        null = array.is_null().to_numpy(zero_copy_only=False)
        scale = array.type.scale
        words = np.frombuffer(array.buffers()[1], dtype="<i8").reshape(-1, 2)
        words = words[array.offset : array.offset + len(array)]
        low, high = np.where(null, 0, words[:, 0]), np.where(null, 0, words[:, 1])
        odd = high != (low >> 63)
        if scale <= places:
            factor = 10 ** (places - scale)
            odd |= np.abs(low) > bound // factor
            return np.where(odd, 0, low) * factor, null, odd
        step = 10 ** (scale - places)
        whole, rest = np.divmod(low, step)
        odd |= (rest != 0) | (np.abs(whole) > bound)
        return np.where(odd, 0, whole), null, odd
    codes, distinct = source.codes(column)
    values, null, odd = _micro_values(distinct, places)
    values = np.append(values, 0)
    null = np.append(null, values=True)
    odd = np.append(odd, values=False)
    return values[codes], null[codes], odd[codes]


def _bound(places: int) -> int:
    """The largest magnitude read at ``places``: 10**9 units, or what int64 holds with room."""
    return int(min(10 ** (9 + places), 2**62))


def _micro_values(
    values: Sequence[Any], places: int = QUANTITY_PLACES
) -> tuple[Int64Array, BoolArray, BoolArray]:
    size = len(values)
    micro = np.zeros(size, dtype=np.int64)
    null = np.zeros(size, dtype=bool)
    odd = np.zeros(size, dtype=bool)
    for row, value in enumerate(values):
        number = _whole_micro(value, places)
        if number is None:
            null[row] = value is None
            odd[row] = value is not None
        else:
            micro[row] = number
    return micro, null, odd


def _whole_micro(value: Any, places: int = QUANTITY_PLACES) -> int | None:
    """``value`` in units of 10**-places when a whole number of them within the bound, else ``None``."""
    if isinstance(value, np.generic):
        value = value.item()
    kind = type(value)
    if kind is str and PLAIN_NUMBER.fullmatch(value):
        value, kind = Decimal(value), Decimal
    unit = 10**places
    if kind is int:
        number = value * unit
    elif kind is Decimal and value.is_finite() and value.adjusted() <= _DIGITS:
        numerator, denominator = value.as_integer_ratio()
        if unit % denominator:
            return None
        number = numerator * (unit // denominator)
    else:
        return None
    bound = _bound(places)
    return number if -bound <= number <= bound else None


#: Decimal exponent above which a value is beyond the bound (10**9 units).
_DIGITS = 9


class LotView(NamedTuple):
    """A lot read from the lots frame, as [`spendrules.inventory.review_stock`][spendrules.inventory.review_stock] uses it."""

    quantity: Decimal
    expiry: date


def read_lots(
    lots: Any, *, sku: str, quantity: str, expiry: str
) -> tuple[dict[str, tuple[Lot, ...]], dict[str, FrameInputError]]:
    """The lots of each SKU, and the SKUs whose lots are refused, with the error.

    Quantities and dates are read in whole columns; a row they do not read
    cleanly is checked by [`Lot`][spendrules.inventory.Lot] itself for its error.
    """
    source = Frame(lots, "lots")
    errors = RowErrors()
    try:
        keys = [None if key is None else str(key) for key in source.objects(sku)]
        amounts, null, odd = _micro_column(source, quantity)
        days, missing = source.dates(expiry, errors)
    except FrameInputError as exc:  # a whole column: named as the lots frame's
        raise FrameInputError(
            None, f"lots.{exc.column}", exc.value, exc.constraint, exc.code
        ) from None
    bad = null | odd | (amounts < 0) | missing
    bad[list(errors.errors)] = True
    found: dict[str, list[Lot]] = {}
    refused: dict[str, FrameInputError] = {}
    epoch = date(1970, 1, 1).toordinal()
    rows = np.flatnonzero(bad).tolist()
    if rows:  # the rows the column readers did not take: Lot itself decides
        given = source.objects(quantity)
        expiries = source.objects(expiry)
        for row in rows:
            try:
                lot = _lot(_number(given[row]), _day(expiries[row]))
            except (InvalidInputError, TypeError) as exc:
                error = _refusal(exc, row, (given[row], expiries[row]), (quantity, expiry))
                refused.setdefault(str(keys[row]), error)
                continue
            found.setdefault(str(keys[row]), []).append(lot)
    good = np.flatnonzero(~bad)
    quantities = [Decimal(int(v)).scaleb(-QUANTITY_PLACES) for v in amounts[good].tolist()]
    dates = [date.fromordinal(int(d) + epoch) for d in days[good].tolist()]
    for row, amount, when in zip(good.tolist(), quantities, dates, strict=True):
        found.setdefault(str(keys[row]), []).append(cast(Lot, LotView(amount, when)))
    return {key: tuple(value) for key, value in found.items()}, refused


def lots_as_given(lots: Any) -> dict[str, tuple[Lot, ...]]:
    """Each SKU's lots as [`Lot`][spendrules.inventory.Lot] objects holding the frame's own values (for explanations)."""
    source = Frame(lots, "lots")
    found: dict[str, list[Lot]] = {}
    for key, amount, when in zip(
        source.objects("sku"), source.objects("quantity"), source.objects("expiry"), strict=True
    ):
        found.setdefault(str(key), []).append(Lot(_number(amount), _day(when)))
    return {key: tuple(value) for key, value in found.items()}


def _refusal(
    exc: InvalidInputError | TypeError, row: int, values: tuple[Any, Any], columns: tuple[str, str]
) -> FrameInputError:
    """The error of a lot row [`Lot`][spendrules.inventory.Lot] refused, naming the lots frame's column."""
    field = exc.field if isinstance(exc, InvalidInputError) else str(exc).split(" ", 1)[0]
    at = 0 if field == "quantity" else 1
    if isinstance(exc, InvalidInputError):
        constraint = exc.constraint
    else:
        constraint = f"of the type the rule takes ({exc})"
    return FrameInputError(row, f"lots.{columns[at]}", values[at], constraint)


def _number(value: Any) -> Any:
    return Decimal(value) if isinstance(value, str) and PLAIN_NUMBER.fullmatch(value) else value


def _lot(amount: Any, when: Any) -> Lot:
    if isinstance(amount, Decimal) and amount.is_finite() and _places(amount) > QUANTITY_PLACES:
        raise InvalidInputError("quantity", amount, _FINER)
    return Lot(amount, when)


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def bad_row(
    inputs: Inputs, row: int, exc: InvalidInputError | TypeError, stage: Mapping[str, str]
) -> FrameInputError:
    """The [`FrameInputError`][spendrules.errors.FrameInputError] for a scalar refusal of ``row``, naming the input's column."""
    name, value, constraint, code = refused_input(
        exc, stage, lambda name: inputs.value(name, row) if name in inputs.params else None
    )
    return FrameInputError(row, inputs.column_of(name), value, constraint, code)


def _values(inputs: Inputs, row: int) -> dict[str, Any]:
    """The row's inputs as the scalar rule takes them, by scalar name."""
    values = {name: inputs.value(name, row) for name in inputs.params}
    if "last_consumption" in values:
        values["last_consumption"] = _day(values["last_consumption"])
    return values


def _objects(values: Mapping[str, Any], inputs: Inputs, row: int) -> tuple[Demand, LeadTime]:
    try:
        demand = demand_of(values)
    except (InvalidInputError, TypeError) as exc:
        raise bad_row(inputs, row, exc, DEMAND_FIELDS) from None
    try:
        lead = lead_time_of(values)
    except (InvalidInputError, TypeError) as exc:
        raise bad_row(inputs, row, exc, LEAD_FIELDS) from None
    return demand, lead


def _check_places(inputs: Inputs, row: int, names: Iterable[str]) -> None:
    for name in names:
        value = inputs.value(name, row)
        if isinstance(value, Decimal) and value.is_finite() and _places(value) > QUANTITY_PLACES:
            raise FrameInputError(row, inputs.column_of(name), value, _FINER)


def scalar_review_row(
    inputs: Inputs,
    row: int,
    *,
    lots: dict[str, tuple[Lot, ...]],
    as_of: date,
    options: dict[str, Any],
    table: ReserveTable | None,
    reserve_options: dict[str, Any],
    policy: InventoryPolicy | None = None,
    item_class: Any = None,
) -> tuple[StockReview, Reserve | None]:
    """Run [`spendrules.inventory.review_stock`][spendrules.inventory.review_stock] on ``row`` (raising a [`FrameInputError`][spendrules.errors.FrameInputError]).

    Under a ``policy``, the item carries ``item_class`` (the row's class cell).
    """
    _check_places(inputs, row, QUANTITY_COLUMNS)
    values = _values(inputs, row)
    demand, lead = _objects(values, inputs, row)
    sku = values.get("sku")
    try:
        item = item_of(
            values,
            demand,
            lead,
            sku=str(row) if sku is None else sku,
            lots=(Lot(lot.quantity, lot.expiry) for lot in lots.get(str(sku), ())),
        )
        if policy is not None:
            item = attrs.evolve(item, item_class=item_class)
        review = scalar_review(item, as_of=as_of, policy=policy, **options)
    except (InvalidInputError, TypeError) as exc:
        raise bad_row(inputs, row, exc, ITEM_FIELDS) from None
    reserve = None
    if table is not None:
        reserve = excess_and_obsolete_reserve(review.split, table=table, **reserve_options)
    return review, reserve


def _day(value: Any) -> Any:
    if hasattr(value, "to_pydatetime"):
        value = value.to_pydatetime()
    if hasattr(value, "date") and callable(value.date) and value == value.replace(hour=0):
        return value.date()
    return value


def scalar_level(
    inputs: Inputs, row: int, *, days_per_year: Any, order_quantity_zero_is_none: bool
) -> SafetyStock:
    """Run [`spendrules.inventory.safety_stock`][spendrules.inventory.safety_stock] on ``row`` as the frames function reads it."""
    demand, lead = _objects(_values(inputs, row), inputs, row)
    value = inputs.value
    lot = value("order_quantity", row) if "order_quantity" in inputs.params else None
    if order_quantity_zero_is_none and (lot is None or lot == 0):
        lot = None
    try:
        return scalar_safety(
            demand,
            lead,
            service_level=value("service_level", row),
            fill_rate=value("fill_rate", row),
            order_quantity=lot,
            review_period=or_default(value("review_period", row), Decimal(0)),
            days_per_year=days_per_year,
        )
    except (InvalidInputError, TypeError) as exc:
        raise bad_row(inputs, row, exc, ITEM_FIELDS) from None


def open_fraction_or_none(value: Any) -> Decimal | None:
    """A service target as the scalar rule reads it (raising when it would refuse it)."""
    from spendrules._inventory._common import check_open_fraction  # noqa: PLC0415 - small helper

    return None if value is None else check_open_fraction(value, "service_level")


def enum_or_default(kind: type[Any], default: Any) -> Callable[[Any], Any]:
    """A converter to a member of ``kind`` (``default`` for null), raising for anything else."""

    def convert(value: Any) -> Any:
        if value is None:
            return default
        return kind(value)

    return convert
