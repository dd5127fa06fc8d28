"""``frames.check_budget`` and ``frames.what_if``: a frame of request lines against a budget book.

How the bulk check stays equal to [`spendrules.budget.BudgetBook.check`][spendrules.budget.BudgetBook.check] row by row:

* each row is one [`SpendLine`][spendrules.budget.SpendLine]; rows sharing a
  ``request`` id form one multi-line [`SpendRequest`][spendrules.budget.SpendRequest]
  ([`budget_request`][spendrules.frames.budget_request] returns the request of any row);
* the common row (a single-line request with an account, an amount in whole
  minor units, every budget that controls it on its date open, in its currency
  and checked on other bases than linear) is decided as the book's own quick
  decision decides it, once per distinct (account, dimensions, currency, stage,
  date): the book's thresholds and consumed totals turn into the smallest
  amount, in integer minor units, at which each warn or block rule triggers,
  and the rows compare their amounts with those in numpy. No row goes through
  a float; a threshold or a consumption with digits below the minor unit is
  rounded toward the exact answer (``t > h`` is ``t > floor(h)``, ``t >= h`` is
  ``t >= ceil(h)``);
* every other row (a multi-line request, no budget, another currency,
  a budget on hold or closed, a linear basis, an amount with digits below its
  currency's minor unit or beyond 2**62 minor units) is decided by the book itself.

``what_if`` reserves in row order with the book's own reservation and puts the
book back as it was (unless ``commit=True``).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

import attrs
import narwhals.stable.v2 as nw
import numpy as np

from spendrules._budget.book import BudgetBook
from spendrules._budget.line_checks import _check_roles
from spendrules._budget.model import SpendLine, SpendRequest, Stage
from spendrules._budget.policy import _STAGE_INDEX, _STAGES, Action, Basis, Boundary, FundsDecision
from spendrules._budget.results import BudgetCheck
from spendrules._budget.tolerance import _RANK
from spendrules._checks import check_date
from spendrules._decimal import CONTEXT, PLAIN_NUMBER
from spendrules.errors import CurrencyMismatchError, FrameInputError, InvalidInputError
from spendrules.frames._columns import (
    FLOAT_MONEY,
    BoolArray,
    Column,
    Frame,
    Int64Array,
    Output,
    RowErrors,
    _float_money,
    _is_null,
    check_choice,
    currency_digits,
    null_of,
    to_date,
    to_days,
)
from spendrules.frames._schedule import ERRORS, _error_columns
from spendrules.money import minor_units, quantize

__all__ = ["budget_request", "check_budget", "what_if"]

#: The rule id and version of every row (that of [`BudgetCheck`][spendrules.budget.BudgetCheck]).
RULE = str(attrs.fields(BudgetCheck).rule.default)
#: Decisions in the order of the output's category codes.
DECISIONS = (
    FundsDecision.PASS,
    FundsDecision.PASS_WITH_WARNING,
    FundsDecision.BLOCKED,
    FundsDecision.NOT_CONTROLLED,
)
_DECISION_CODE = {decision: code for code, decision in enumerate(DECISIONS)}
#: ``BudgetCheck.reasons[0].code`` of each decision (the request's summary reason).
CODES = tuple(f"BUDGET.{decision.value.upper()}" for decision in DECISIONS)
_PASS, _WARN, _BLOCK = 0, 1, 2
#: Amounts, thresholds and consumed totals the integer path takes are below this.
_BOUND = 2**62
#: A consumed total below 10**18 (and of at most 40 digits) adds to such amounts exactly.
_CONSUMED_BELOW = 18  # as Decimal.adjusted()
_KEY_LIMIT = 2**62


@attrs.define
class _Rows:
    """The columns of a request frame as read, one entry per input row."""

    size: int
    accounts: list[str]
    account_codes: Int64Array
    dimensions: list[tuple[str, Int64Array, list[str]]]
    currencies: list[str | None]
    currency_codes: Int64Array
    digits: Int64Array
    days: Int64Array
    stages: Int64Array  # index into _STAGES
    references: list[str]
    reference_codes: Int64Array
    units: Int64Array
    exact: BoolArray  # amount in whole minor units, below 2**62 in magnitude
    amounts: dict[int, Decimal]  # the exact amount of the rows that are not
    group: Int64Array  # per row, the first row of its request
    single: BoolArray  # the request has this row only
    ids: list[Any]  # the distinct request ids (then None)
    request_codes: Int64Array = attrs.field(factory=lambda: np.zeros(0, dtype=np.int64))

    def amount(self, row: int) -> Decimal:
        """The row's amount, exactly as read."""
        found = self.amounts.get(row)
        if found is not None:
            return found
        return Decimal(int(self.units[row])).scaleb(-int(self.digits[row]), context=CONTEXT)

    def dims(self, row: int) -> tuple[tuple[str, str], ...]:
        """The row's dimensions (a null cell: the line does not carry that dimension)."""
        return tuple(
            sorted(
                (name, values[int(codes[row])])
                for name, codes, values in self.dimensions
                if codes[row] >= 0
            )
        )

    def request(self, first: int, rows: Sequence[int]) -> SpendRequest:
        """The request of the rows ``rows`` (``first`` among them gives date, stage, reference)."""
        lines = tuple(
            SpendLine(
                self.accounts[int(self.account_codes[row])],
                self.amount(row),
                str(self.currencies[int(self.currency_codes[row])]),
                self.dims(row),
            )
            for row in rows
        )
        return SpendRequest(
            lines,
            to_date(int(self.days[first])),
            stage=_STAGES[int(self.stages[first])],
            reference=self.references[int(self.reference_codes[first])],
        )


def _texts(
    source: Frame, column: str, bad: RowErrors, *, required: bool = False
) -> tuple[Int64Array, list[str]]:
    """Each row's index into the distinct texts of ``column`` (-1 for a null cell), and the texts.

    A cell that is not a ``str`` is a bad row; so is a null cell when ``required``.
    """
    codes, uniques = source.codes(column)
    values: list[str] = []
    wrong: dict[int, object] = {}
    for index, value in enumerate(uniques):
        values.append(value if isinstance(value, str) else "")
        if not isinstance(value, str):
            wrong[index] = value
    if required:
        for row in np.flatnonzero(codes < 0).tolist():
            bad.add(row, FrameInputError(row, column, None, "given", "INPUT.MISSING"))
    if wrong:
        hit = np.isin(codes, np.fromiter(wrong, dtype=np.int64, count=len(wrong)))
        for row in np.flatnonzero(hit).tolist():
            value = wrong[int(codes[row])]
            bad.add(row, FrameInputError(row, column, value, "a str", "INPUT.TYPE"))
    return codes, values


def _stages(source: Frame, stage: str | Stage, bad: RowErrors) -> Int64Array:
    if isinstance(stage, Stage):
        return np.full(source.size, _STAGE_INDEX[stage], dtype=np.int64)
    codes, values = _texts(source, stage, bad, required=True)
    table = []
    constraint = "one of " + ", ".join(repr(s.value) for s in _STAGES)
    known_values = {member.value for member in Stage}
    for index, value in enumerate(values):
        known = value in known_values
        table.append(_STAGE_INDEX[Stage(value)] if known else 0)
        if not known:
            for row in np.flatnonzero(codes == index).tolist():
                bad.add(row, FrameInputError(row, stage, value, constraint))
    return np.array([*table, 0], dtype=np.int64)[codes]


def _amounts(
    source: Frame,
    column: str,
    *,
    digits: Int64Array,
    currencies: list[str | None],
    currency_codes: Int64Array,
    float_money: str | None,
    bad: RowErrors,
) -> tuple[Int64Array, BoolArray, dict[int, Decimal]]:
    """Minor units per row, whether they are exact (and below 2**62), and the others' exact amounts.

    Nothing is rounded: an amount with digits below its currency's minor unit is
    kept exactly (its row takes the book's path), as a scalar ``SpendLine``
    keeps it. Only ``float_money`` rounds, as it says.
    """
    size = source.size
    series = source.series(column)
    dtype = series.dtype
    units = np.zeros(size, dtype=np.int64)
    exact = np.zeros(size, dtype=bool)
    slow: dict[int, Decimal] = {}  # values read as Decimals, turned into units below
    rounded: set[int] = set()  # floats read with float_money: rounded to their currency
    if dtype.is_float():
        if float_money is None:
            raise FrameInputError(
                None,
                column,
                str(dtype),
                "exact money (Decimal, decimal, decimal strings or whole-unit integers), not "
                "floats; name the convention with float_money='round_half_up' to round each "
                "value to its currency",
                "INPUT.TYPE",
            )
        floats = series.to_numpy()
        with np.errstate(over="ignore", invalid="ignore"):  # inf: refused below, naming the row
            money = _float_money(floats, digits, FLOAT_MONEY[float_money])
        null = money.null
        units = money.units
        exact = ~null & (np.abs(units) < _BOUND)
        for row in money.big:
            exact[row] = False
            slow[row] = Decimal(repr(float(floats[row])))
            rounded.add(row)
    elif dtype.is_integer():
        null = null_of(series, size)
        whole = np.where(null, 0, series.to_numpy()).astype(np.int64)
        for places in np.unique(digits).tolist():
            rows = (digits == places) & ~null
            factor = 10 ** max(places, 0)
            fine = rows & (np.abs(whole) < _BOUND // factor)
            units[fine] = whole[fine] * factor
            exact |= fine
            for row in np.flatnonzero(rows & ~fine).tolist():
                slow[row] = Decimal(int(whole[row]))
    elif dtype == nw.Decimal:
        null = _decimal_units(series.to_arrow(), digits, units, exact, slow)
    else:
        null = np.zeros(size, dtype=bool)
        for row, (value, places) in enumerate(zip(series.to_list(), digits.tolist(), strict=True)):
            if type(value) is Decimal and places >= 0 and value.is_finite():
                minor = _whole(value, places)
                if minor is None:
                    slow[row] = value
                else:
                    units[row] = minor
                    exact[row] = True
            elif _is_null(value):
                null[row] = True
            else:
                read = _number(value, row, column, float_money, bad)
                if read is not None:
                    slow[row] = read
                    if isinstance(value, float):
                        rounded.add(row)
    for row in np.flatnonzero(null).tolist():
        bad.add(row, FrameInputError(row, column, None, "given", "INPUT.MISSING"))
    kept: dict[int, Decimal] = {}
    for row, value in slow.items():
        places = int(digits[row])
        if not value.is_finite():
            bad.add(row, FrameInputError(row, column, value, "a finite number"))
            continue
        if places < 0:  # a bad currency, reported by its column
            continue
        if row in rounded:  # float_money: rounded to its currency, as the convention says
            assert float_money is not None  # noqa: S101 - floats are read only with it
            currency = currencies[int(currency_codes[row])]
            read = quantize(value, str(currency), rounding=FLOAT_MONEY[float_money])
        else:
            read = value
        minor = _whole(read, places)
        if minor is None:
            kept[row] = read
        else:
            units[row] = minor
            exact[row] = True
    return units, exact, kept


def _decimal_units(
    array: Any, digits: Int64Array, units: Int64Array, exact: BoolArray, slow: dict[int, Decimal]
) -> BoolArray:
    """Fill ``units`` and ``exact`` from an arrow decimal128 array; the other values go to ``slow``.

    Returns the null mask.
    """
    size = len(array)
    null: BoolArray = array.is_null().to_numpy(zero_copy_only=False)
    scale = array.type.scale
    words = np.frombuffer(array.buffers()[1], dtype="<i8").reshape(-1, 2)
    low, high = words[array.offset : array.offset + size].T
    fits = ~null & (high == (low >> 63))
    for places in np.unique(digits).tolist():
        rows = fits & (digits == places)
        if places >= scale:
            factor = 10 ** (places - scale)
            fine = rows & (np.abs(low) < _BOUND // factor)
            units[fine] = low[fine] * factor
        else:
            quotient, rest = np.divmod(low, 10 ** (scale - places))
            fine = rows & (rest == 0) & (np.abs(quotient) < _BOUND)
            units[fine] = quotient[fine]
        exact |= fine
    for row in np.flatnonzero(~null & ~exact).tolist():
        slow[row] = array[row].as_py()
    return null


#: Scaling to minor units is exact or refused: a value it would round keeps the book's path.
_SCALING = decimal.Context(
    prec=60, traps=[decimal.Inexact, decimal.Rounded, decimal.InvalidOperation, decimal.Overflow]
)


#: A consumption of at most 40 digits (and below 10**18) adds to any amount the integer path
#: takes without rounding in the scalar rule's 60 digits.
_DIGITS_40 = decimal.Context(prec=40, traps=[decimal.Inexact, decimal.Rounded])


def _whole(value: Decimal, places: int) -> int | None:
    """``value`` in minor units when that is a whole number below 2**62 in magnitude, else None."""
    try:
        scaled = value.scaleb(places, context=_SCALING)
    except ArithmeticError:  # more than 60 digits
        return None
    whole = int(scaled)
    return whole if whole == scaled and -_BOUND < whole < _BOUND else None


def _number(
    value: object, row: int, column: str, float_money: str | None, bad: RowErrors
) -> Decimal | None:
    if type(value) is Decimal:
        return value
    if isinstance(value, str):
        if PLAIN_NUMBER.fullmatch(value):
            return Decimal(value)
        bad.add(row, FrameInputError(row, column, value, "a plain decimal number like '1234.50'"))
        return None
    if isinstance(value, float) and float_money is not None:
        return Decimal(repr(value))
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return Decimal(int(value))
    bad.add(
        row,
        FrameInputError(
            row,
            column,
            value,
            "a Decimal, int or decimal string (floats: float_money=)",
            "INPUT.TYPE",
        ),
    )
    return None


def _or_empty(codes: Int64Array, values: list[str]) -> tuple[Int64Array, list[str]]:
    """Null cells (code -1) read as the empty text."""
    return np.where(codes < 0, len(values), codes), [*values, ""]


@attrs.frozen
class _Columns:
    """Where each input of a request line is read from."""

    account: str
    amount: str
    currency: str
    date: str | dt.date
    stage: str | Stage
    reference: str | None
    request: str | None
    dimensions: tuple[str, ...]
    float_money: str | None


def _columns(
    *,
    account: str,
    amount: str,
    currency: str,
    date: str | dt.date,
    stage: str | Stage,
    reference: str | None,
    request: str | None,
    dimensions: Sequence[str],
    float_money: str | None,
) -> _Columns:
    if float_money is not None:
        check_choice(float_money, "float_money", FLOAT_MONEY)
    if isinstance(dimensions, str):
        raise TypeError(f"dimensions must be a sequence of column names, not str: {dimensions!r}")
    names = tuple(dimensions)
    if len(set(names)) != len(names):
        raise InvalidInputError("dimensions", names, "column names that appear once")
    if not isinstance(date, str):
        check_date(date, "date")
    return _Columns(account, amount, currency, date, stage, reference, request, names, float_money)


def _read(source: Frame, columns: _Columns, bad: RowErrors) -> _Rows:
    """Read every input of the request lines; bad cells go into ``bad``."""
    size = source.size
    account_codes, accounts = _or_empty(*_texts(source, columns.account, bad))
    digits, currencies, currency_codes = currency_digits(source, columns.currency, bad)
    if isinstance(columns.date, str):
        days, null = source.dates(columns.date, bad)
        for row in np.flatnonzero(null).tolist():
            bad.add(row, FrameInputError(row, columns.date, None, "given", "INPUT.MISSING"))
    else:
        days = np.full(size, to_days(columns.date), dtype=np.int64)
    stages = _stages(source, columns.stage, bad)
    if columns.reference is None:
        reference_codes, references = np.zeros(size, dtype=np.int64), [""]
    else:
        reference_codes, references = _or_empty(*_texts(source, columns.reference, bad))
    dimensions = [(name, *_texts(source, name, bad)) for name in columns.dimensions]
    units, exact, amounts = _amounts(
        source,
        columns.amount,
        digits=digits,
        currencies=currencies,
        currency_codes=currency_codes,
        float_money=columns.float_money,
        bad=bad,
    )
    rows = _Rows(
        size,
        accounts,
        account_codes,
        dimensions,
        currencies,
        currency_codes,
        digits,
        days,
        stages,
        references,
        reference_codes,
        units,
        exact,
        amounts,
        np.arange(size, dtype=np.int64),
        np.ones(size, dtype=bool),
        [],
    )
    if columns.request is not None:
        _group(source, columns, rows, bad)
    return rows


def _group(source: Frame, columns: _Columns, rows: _Rows, bad: RowErrors) -> None:
    """Rows with the same ``request`` id form one request; they must share date, stage, reference."""
    assert columns.request is not None  # noqa: S101 - called with a request column
    size = rows.size
    codes, uniques = source.codes(columns.request)
    rows.ids = [*uniques, None]
    ids = np.where(codes < 0, len(uniques) + np.arange(size), codes)  # null: a request of its own
    _, first, inverse, counts = np.unique(
        ids, return_index=True, return_inverse=True, return_counts=True
    )
    inverse = inverse.reshape(-1)
    rows.group = first[inverse].astype(np.int64)
    rows.single = counts[inverse] == 1
    rows.request_codes = np.where(codes < 0, len(uniques), codes)
    shared: list[tuple[str | dt.date | Stage | None, Int64Array, Any]] = [
        (columns.date, rows.days, to_date),
        (columns.stage, rows.stages, lambda code: _STAGES[code].value),
        (columns.reference, rows.reference_codes, rows.references.__getitem__),
    ]
    for column, values, shown in shared:
        differ = values != values[rows.group]
        for row in np.flatnonzero(differ).tolist():
            first_row = int(rows.group[row])
            assert isinstance(column, str)  # noqa: S101 - a constant never differs
            bad.add(
                row,
                FrameInputError(
                    row,
                    column,
                    shown(int(values[row])),
                    f"the same as on row {first_row}, the first row of request "
                    f"{rows.ids[int(rows.request_codes[row])]!r} ({shown(int(values[first_row]))})",
                ),
            )


def _spread(rows: _Rows, columns: _Columns, bad: RowErrors) -> None:
    """A bad row makes its whole request bad: its other rows get an error naming it."""
    if columns.request is None or not bad.errors:
        return
    first_bad: dict[int, int] = {}
    for row in sorted(bad.errors):
        first_bad.setdefault(int(rows.group[row]), row)
    hit = np.isin(rows.group, np.fromiter(first_bad, dtype=np.int64, count=len(first_bad)))
    for row in np.flatnonzero(hit).tolist():
        culprit = first_bad[int(rows.group[row])]
        bad.add(
            row,
            FrameInputError(
                row,
                columns.request,
                rows.ids[int(rows.request_codes[row])],
                f"a request whose rows are all good (row {culprit} is not)",
            ),
        )


def _granted(book: object, roles: Collection[str]) -> tuple[str, ...]:
    """The override roles of ``book``'s policy that ``roles`` holds (what a check honours)."""
    if not isinstance(book, BudgetBook):
        raise TypeError(f"book must be a BudgetBook, not {type(book).__name__}: {book!r}")
    held = set(_check_roles(roles))
    return tuple(role for role in book.policy.override_roles if role in held)


def _members(rows: _Rows, chosen: BoolArray) -> dict[int, list[int]]:
    """The rows of each request among ``chosen``, by the request's first row, in row order."""
    found: dict[int, list[int]] = {}
    for row in np.flatnonzero(chosen).tolist():
        found.setdefault(int(rows.group[row]), []).append(row)
    return found


def _refused(
    rows: _Rows, columns: _Columns, members: list[int], error: CurrencyMismatchError, bad: RowErrors
) -> None:
    """The book cannot convert the ledger of a request's key (a zero budget without a rate)."""
    for row in members:
        currency = rows.currencies[int(rows.currency_codes[row])]
        constraint = f"a currency the book can convert this key's ledger to ({error})"
        bad.add(row, FrameInputError(row, columns.currency, currency, constraint))


# ---------------------------------------------------------------------- the vectorised path


def _keys(rows: _Rows, chosen: Int64Array) -> tuple[Int64Array, Int64Array]:
    """One key per distinct (account, dimensions, currency, stage) among rows ``chosen``.

    Returns the first row of each key (positions into ``chosen``) and each row's key.
    """
    parts: list[tuple[Int64Array, int]] = [
        (rows.account_codes[chosen], len(rows.accounts)),
        *((codes[chosen] + 1, len(values) + 1) for _, codes, values in rows.dimensions),
        (rows.currency_codes[chosen], len(rows.currencies)),
        (rows.stages[chosen], len(_STAGES)),
    ]
    key = np.zeros(len(chosen), dtype=np.int64)
    radix = 1
    for values, size in parts:
        if radix * size >= _KEY_LIMIT:  # renumber the keys so far from 0: they fit again
            key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)
            radix = int(key.max()) + 1
        key = key * size + values
        radix *= size
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return first.astype(np.int64), inverse.reshape(-1).astype(np.int64)


_FAST, _SCALAR, _REDUCTIONS = 0, 1, 2  # per key: integer path, the book's path, reductions only


def _plain(figure: Decimal) -> bool:
    """True for a consumed sum the scalar rule adds to any amount of the integer path exactly.

    At most 40 digits and below 10**18: with an amount below 2**62 minor units,
    every partial sum fits the rule's 60 digits, so it never rounds.
    """
    try:
        _DIGITS_40.plus(figure)
    except ArithmeticError:
        return False
    return figure.adjusted() < _CONSUMED_BELOW


def _cutoff(threshold: Decimal, consumed: Decimal, places: int, *, inclusive: bool) -> int | None:
    """The smallest amount in minor units whose total with ``consumed`` triggers at ``threshold``.

    Inclusive boundary: ``amount + consumed > threshold``; exclusive: ``>=``.
    None when the difference is not exact in 60 digits (that key takes the book's path).
    """
    try:
        room = _SCALING.subtract(threshold, consumed).scaleb(places, context=_SCALING)
    except ArithmeticError:
        return None
    if inclusive:
        cut = int(room.to_integral_value(rounding=decimal.ROUND_FLOOR)) + 1
    else:
        cut = int(room.to_integral_value(rounding=decimal.ROUND_CEILING))
    return max(-_BOUND, min(_BOUND, cut))


def _fast(book: BudgetBook, rows: _Rows, candidate: BoolArray, *, overridden: bool) -> Int64Array:
    """The decision code of each row ``candidate`` the integer path takes (-1 for the others).

    Mirrors the book's quick decision (``_quick_decision``). Per distinct key
    (account, dimensions, currency, stage), the days of the rows split into
    segments inside which nothing the decision reads changes: the budgets that
    control the key, and each one's windows (the first and last period its
    bases read). Per segment, the quick plans and consumed totals become the
    smallest blocking and warning amounts; each row finds its segment with one
    ``searchsorted`` and compares its amount.
    """
    decisions = np.full(rows.size, -1, dtype=np.int64)
    chosen = np.flatnonzero(candidate)
    if not len(chosen):
        return decisions
    engine = book._engine  # the book's prepared state: budgets indexed, running totals
    first, inverse = _keys(rows, chosen)
    days = rows.days[chosen]
    low, high = int(days.min()), int(days.max())
    span = high - low + 1
    starts: list[int] = []  # per segment: key * span + its first day - low
    states: list[tuple[int, int, int]] = []
    cache: dict[tuple[object, ...], tuple[int, int, int]] = {}
    changes: dict[tuple[Stage, int], list[int]] = {}
    for key, row in enumerate(chosen[first].tolist()):
        account = rows.accounts[int(rows.account_codes[row])]
        currency = rows.currencies[int(rows.currency_codes[row])]
        stage = _STAGES[int(rows.stages[row])]
        targets = [target[:4] for target in engine.targets(account, rows.dims(row))]
        bounds = {low}
        for position, valid_from, valid_to, _ in targets:
            found = changes.get((stage, position))
            if found is None:
                found = changes[stage, position] = _changes(engine, stage, position)
            bounds.update((to_days(valid_from), to_days(valid_to) + 1, *found))
        for bound in sorted(day for day in bounds if low <= day <= high):
            starts.append(key * span + bound - low)
            states.append(_segment(engine, targets, stage, currency, to_date(bound), cache=cache))
    where = np.searchsorted(
        np.array(starts, dtype=np.int64), inverse * span + days - low, side="right"
    )
    table = np.array(states, dtype=np.int64).reshape(-1, 3)[where - 1]
    status, block, warn = table[:, 0], table[:, 1], table[:, 2]
    units = rows.units[chosen]
    positive = units > 0
    scalar = (status == _SCALAR) | ((status == _REDUCTIONS) & positive)
    blocked = positive & (units >= block)
    warned = positive & (units >= warn)
    code = np.where(blocked & (not overridden), _BLOCK, np.where(blocked | warned, _WARN, _PASS))
    decisions[chosen[~scalar]] = code[~scalar]
    return decisions


def _changes(engine: Any, stage: Stage, position: int) -> list[int]:
    """The days (since 1970) a budget's windows for ``stage`` may change: segment boundaries.

    An annual window changes with the fiscal year, a total or linear one (the
    latter always takes the book's path) never; a year-to-date or period window
    with every period.
    """
    budget_index = engine.index[position]
    bases = {basis for basis, _ in engine.ladder(stage, position)}
    starts = budget_index.starts
    if bases <= {Basis.ANNUAL, Basis.TOTAL, Basis.LINEAR}:
        firsts = budget_index.fy_first
        return [to_days(start) for period, start in enumerate(starts) if firsts[period] == period]
    return [to_days(start) for start in starts]


def _segment(
    engine: Any,
    targets: list[tuple[int, dt.date, dt.date, Any]],
    stage: Stage,
    currency: str | None,
    day: dt.date,
    *,
    cache: dict[tuple[object, ...], tuple[int, int, int]],
) -> tuple[int, int, int]:
    """(status, smallest blocking amount, smallest warning amount) of a key from ``day`` on."""
    items = [(position, node) for position, start, end, node in targets if start <= day <= end]
    index = engine.index
    if not items or any(index[position].currency != currency for position, _ in items):
        return _SCALAR, _BOUND, _BOUND
    plans = [engine.quick_plan(stage, position, day) for position, _ in items]
    if any(plan is None for plan in plans):
        return _REDUCTIONS, _BOUND, _BOUND
    signature = (
        stage,
        currency,
        tuple(
            (item, tuple((low, high) for low, high, _ in plan))
            for item, plan in zip(items, plans, strict=True)
        ),
    )
    found = cache.get(signature)
    if found is None:
        found = cache[signature] = _cuts(engine, stage, items, plans, minor_units(str(currency)))
    return found


def _cuts(
    engine: Any, stage: Stage, items: list[tuple[int, Any]], plans: list[Any], places: int
) -> tuple[int, int, int]:
    """(status, smallest blocking amount, smallest warning amount) of one key, in minor units."""
    stage_policy = engine.stage_policies[stage]
    counted = [_STAGE_INDEX[counts] for counts in stage_policy.counts]
    inclusive = stage_policy.boundary is Boundary.INCLUSIVE
    block = warn = _BOUND
    for item, plan in zip(items, plans, strict=True):
        for low, high, triggers in plan:
            inside = engine.inside_sums(item, low, high)
            parts = [inside[stage_index] for stage_index in counted]
            if not all(_plain(part) for part in parts):
                return _SCALAR, _BOUND, _BOUND
            consumed = sum(parts, Decimal(0))  # exact: _plain
            for threshold, rank in triggers:
                if rank < _RANK[Action.WARN]:
                    continue  # an information rule never changes the decision
                cut = _cutoff(threshold, consumed, places, inclusive=inclusive)
                if cut is None:
                    return _SCALAR, _BOUND, _BOUND
                if rank == _RANK[Action.BLOCK]:
                    block = min(block, cut)
                else:
                    warn = min(warn, cut)
    return _FAST, block, warn


# ---------------------------------------------------------------------- public


def _output(
    source: Frame,
    rows: _Rows,
    decisions: Int64Array,
    *,
    columns: _Columns,
    keep: Sequence[str],
    errors: str,
    bad: RowErrors,
) -> Any:
    output = Output(source, "decimal")
    row = np.arange(rows.size, dtype=np.int64)
    for name in keep:
        output.add(name, Column("keep", row))
    output.add("row", Column("int", row))
    output.add("decision", Column("category", decisions, labels=[d.value for d in DECISIONS]))
    output.add("code", Column("category", decisions, labels=list(CODES)))
    output.add("rule", Column("category", np.where(decisions < 0, -1, 0), labels=[RULE]))
    if columns.float_money is not None:
        output.add(
            "float_money",
            Column("category", np.zeros(rows.size, np.int8), labels=[columns.float_money]),
        )
    if errors == "collect":
        _error_columns(output, bad, row, bad.mask(rows.size))
    return output.build()


def _prepare(
    requests: Any, columns: _Columns, keep: Sequence[str], errors: str
) -> tuple[Frame, _Rows, RowErrors]:
    check_choice(errors, "errors", ERRORS)
    source = Frame(requests, "requests")
    for name in keep:
        source.series(name)
    bad = RowErrors()
    rows = _read(source, columns, bad)
    if errors == "raise":
        bad.raise_first()
    _spread(rows, columns, bad)
    return source, rows, bad


def check_budget(
    requests: Any,
    *,
    book: BudgetBook,
    as_of: dt.date,
    roles: Collection[str] = (),
    account: str = "account",
    amount: str = "amount",
    currency: str = "currency",
    date: str | dt.date = "date",
    stage: str | Stage = Stage.ORDER,
    reference: str | None = None,
    request: str | None = None,
    dimensions: Sequence[str] = (),
    keep: Sequence[str] = (),
    errors: str = "raise",
    float_money: str | None = None,
) -> Any:
    """Check every request line of a frame against a budget book, each on its own.

    Each row is one [`SpendLine`][spendrules.budget.SpendLine] of amount ``amount``
    in ``currency`` on ``account`` and the dimension columns; by default each
    row is its own single-line [`SpendRequest`][spendrules.budget.SpendRequest], and
    rows sharing a ``request`` id form one request. Every check sees the book
    as it stands: nothing is reserved between rows and the book never changes.
    Each output row equals, for its row's request ([`budget_request`][spendrules.frames.budget_request]),
    ``book.check(request, as_of=as_of, roles=roles)``: its ``decision``, its
    primary reason ``code`` (``reasons[0].code``) and its ``rule``.

    Args:
        requests: A pandas, polars or pyarrow DataFrame, one request line per row.
        book: The [`BudgetBook`][spendrules.budget.BudgetBook].
        as_of: The day the checks are made.
        roles: The roles of the person submitting (an override role of the
            book's policy turns an overridable block into a warning).
        account: Column of accounts (text; a null cell is an unknown account).
        amount: Column of amounts: Decimal, decimal, decimal strings or
            whole-unit integers, read exactly (floats only with ``float_money``).
        currency: Column of ISO 4217 codes.
        date: Column of document dates, or one date for every row.
        stage: A [`Stage`][spendrules.budget.Stage] for every row (default
            order), or the name of a column of stage values (``"order"``...).
        reference: Column of document references, or None (no reference).
        request: Column of request ids, or None (each row is a request). The
            rows of one request must share date, stage and reference; a null
            id is a request of its own.
        dimensions: Columns of dimension values, each named as its dimension
            (``["cost_center", "project"]``); a null cell means the line does
            not carry that dimension.
        keep: Input columns copied onto the output (a line id).
        errors: ``"raise"`` (the first bad row raises
            [`FrameInputError`][spendrules.errors.FrameInputError]) or ``"collect"`` (bad
            rows, and the other rows of their request, get null results and
            the four error columns).
        float_money: None (a float money column is refused), or how to round
            each float to its currency (``"round_half_up"``, ``"round_half_even"``,
            ``"round_half_down"``); the result then has a ``float_money`` column.

    Returns:
        A frame of the input's kind, one row per input row: ``*keep, row,
        decision`` (the [`FundsDecision`][spendrules.budget.FundsDecision] value, such as
        ``"pass"`` or ``"blocked"``), ``code`` (such as ``"BUDGET.BLOCKED"``)
        and ``rule`` (``"budget.check@1"``).

    Raises:
        FrameInputError: a bad row or column (``errors="raise"``).
        TypeError: ``book`` is not a BudgetBook, ``as_of`` or ``date`` not a date.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> import pandas as pd
        >>> from spendrules.budget import Budget, BudgetBook, ControlPolicy
        >>> book = BudgetBook([Budget("6100", Decimal("1000"), "USD", dt.date(2026, 1, 1),
        ...                           dt.date(2026, 12, 31))], policy=ControlPolicy())
        >>> lines = pd.DataFrame({"account": ["6100", "6100", "7000"],
        ...     "amount": [Decimal("400.00"), Decimal("1200.00"), Decimal("5.00")],
        ...     "currency": ["USD"] * 3, "date": [dt.date(2026, 3, 1)] * 3})
        >>> check_budget(lines, book=book, as_of=dt.date(2026, 3, 1))
           row        decision                  code            rule
        0    0            pass           BUDGET.PASS  budget.check@1
        1    1         blocked        BUDGET.BLOCKED  budget.check@1
        2    2  not_controlled  BUDGET.NOT_CONTROLLED  budget.check@1
    """
    columns = _columns(
        account=account,
        amount=amount,
        currency=currency,
        date=date,
        stage=stage,
        reference=reference,
        request=request,
        dimensions=dimensions,
        float_money=float_money,
    )
    granted = _granted(book, roles)
    day = check_date(as_of, "as_of")
    source, rows, bad = _prepare(requests, columns, keep, errors)
    good = ~bad.mask(rows.size)
    named = np.array([bool(text.strip()) for text in rows.accounts], dtype=bool)
    candidate = good & rows.single & rows.exact & named[rows.account_codes]
    decisions = _fast(book, rows, candidate, overridden=bool(granted))
    for first, members in _members(rows, good & (decisions < 0)).items():
        try:
            found = book.decide(rows.request(first, members), as_of=day, roles=granted)
        except CurrencyMismatchError as error:
            _refused(rows, columns, members, error, bad)
            continue
        decisions[members] = _DECISION_CODE[found]
    if errors == "raise":
        bad.raise_first()
    return _output(source, rows, decisions, columns=columns, keep=keep, errors=errors, bad=bad)


def what_if(
    requests: Any,
    *,
    book: BudgetBook,
    as_of: dt.date,
    roles: Collection[str] = (),
    commit: bool = False,
    account: str = "account",
    amount: str = "amount",
    currency: str = "currency",
    date: str | dt.date = "date",
    stage: str | Stage = Stage.ORDER,
    reference: str | None = None,
    request: str | None = None,
    dimensions: Sequence[str] = (),
    keep: Sequence[str] = (),
    errors: str = "raise",
    float_money: str | None = None,
) -> Any:
    """Check the requests of a frame in row order, each seeing the earlier ones that passed reserved.

    The requests are read as [`check_budget`][spendrules.frames.check_budget] reads them (a request's
    place in the order is its first row). Each output row has the decision
    [`what_if`][spendrules.budget.BudgetBook.what_if] gives its request in that
    sequence. The book is left as it was, unless ``commit`` is True: then the
    requests that passed (with or without a warning) stay reserved, as
    [`reserve`][spendrules.budget.BudgetBook.reserve] leaves them.

    Args:
        requests: A pandas, polars or pyarrow DataFrame, one request line per row.
        book: The [`BudgetBook`][spendrules.budget.BudgetBook].
        as_of: The day the checks are made.
        roles: The roles of the person submitting.
        commit: Keep the passed requests reserved in ``book``.
        account: As [`check_budget`][spendrules.frames.check_budget]; so are the other column options,
            ``keep``, ``errors`` (bad rows are skipped with ``"collect"``; with
            ``"raise"`` nothing is reserved) and ``float_money``.
        amount: As [`check_budget`][spendrules.frames.check_budget].
        currency: As [`check_budget`][spendrules.frames.check_budget].
        date: As [`check_budget`][spendrules.frames.check_budget].
        stage: As [`check_budget`][spendrules.frames.check_budget].
        reference: As [`check_budget`][spendrules.frames.check_budget].
        request: As [`check_budget`][spendrules.frames.check_budget].
        dimensions: As [`check_budget`][spendrules.frames.check_budget].
        keep: As [`check_budget`][spendrules.frames.check_budget].
        errors: As [`check_budget`][spendrules.frames.check_budget].
        float_money: As [`check_budget`][spendrules.frames.check_budget].

    Returns:
        A frame of the input's kind with the columns of [`check_budget`][spendrules.frames.check_budget].

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> import polars as pl
        >>> from spendrules.budget import Budget, BudgetBook, ControlPolicy
        >>> book = BudgetBook([Budget("6100", Decimal("1000"), "USD", dt.date(2026, 1, 1),
        ...                           dt.date(2026, 12, 31))], policy=ControlPolicy())
        >>> drafts = pl.DataFrame({"account": ["6100"] * 3, "amount": [600, 600, 300],
        ...     "currency": ["USD"] * 3, "date": [dt.date(2026, 3, 1)] * 3})
        >>> what_if(drafts, book=book, as_of=dt.date(2026, 3, 1))["decision"].to_list()
        ['pass', 'blocked', 'pass']
        >>> len(book)
        0
    """
    columns = _columns(
        account=account,
        amount=amount,
        currency=currency,
        date=date,
        stage=stage,
        reference=reference,
        request=request,
        dimensions=dimensions,
        float_money=float_money,
    )
    granted = _granted(book, roles)
    day = check_date(as_of, "as_of")
    if not isinstance(commit, bool):
        raise TypeError(f"commit must be a bool, not {type(commit).__name__}: {commit!r}")
    source, rows, bad = _prepare(requests, columns, keep, errors)
    decisions = np.full(rows.size, -1, dtype=np.int64)
    # The book's own what_if: reserve in order, then undo its journal back to the mark.
    mark = len(book._journal)
    finished = False
    try:
        for first, members in _members(rows, ~bad.mask(rows.size)).items():
            spend = rows.request(first, members)
            try:
                found = book._reserve(spend, granted, day, explain=False)
            except CurrencyMismatchError as error:
                _refused(rows, columns, members, error, bad)
                if errors == "raise":
                    bad.raise_first()
                continue
            assert isinstance(found, FundsDecision)  # noqa: S101 - explain=False
            decisions[members] = _DECISION_CODE[found]
        finished = True
    finally:
        if not (commit and finished):  # a raised error reserves nothing
            book._rollback(mark)
    return _output(source, rows, decisions, columns=columns, keep=keep, errors=errors, bad=bad)


def budget_request(
    requests: Any,
    row: int,
    *,
    account: str = "account",
    amount: str = "amount",
    currency: str = "currency",
    date: str | dt.date = "date",
    stage: str | Stage = Stage.ORDER,
    reference: str | None = None,
    request: str | None = None,
    dimensions: Sequence[str] = (),
    float_money: str | None = None,
) -> SpendRequest:
    """Return the [`SpendRequest`][spendrules.budget.SpendRequest] row ``row`` of a request frame belongs to.

    The request [`check_budget`][spendrules.frames.check_budget] and [`what_if`][spendrules.frames.what_if] check for that row
    (with the ``request`` option, the request of all the rows sharing its id).
    Give it the column options you gave them. Hand it to the book for the full
    explanation: ``book.check(budget_request(frame, 3), as_of=...).explain()``,
    or [`headroom`][spendrules.budget.BudgetBook.headroom] for how much would still pass.

    Args:
        requests: The input frame.
        row: The row's position in ``requests`` (the ``row`` column of a result).
        account: As [`check_budget`][spendrules.frames.check_budget]; so are the other options.
        amount: As [`check_budget`][spendrules.frames.check_budget].
        currency: As [`check_budget`][spendrules.frames.check_budget].
        date: As [`check_budget`][spendrules.frames.check_budget].
        stage: As [`check_budget`][spendrules.frames.check_budget].
        reference: As [`check_budget`][spendrules.frames.check_budget].
        request: As [`check_budget`][spendrules.frames.check_budget].
        dimensions: As [`check_budget`][spendrules.frames.check_budget].
        float_money: As [`check_budget`][spendrules.frames.check_budget].

    Raises:
        InvalidInputError: ``row`` is not a row of ``requests``.
        FrameInputError: a cell of the request's rows is bad.

    Examples:
        >>> import datetime as dt
        >>> import pandas as pd
        >>> lines = pd.DataFrame({"account": ["6100"], "amount": ["99.95"], "currency": ["USD"],
        ...                       "cost_center": ["CC-10"], "date": [dt.date(2026, 3, 15)]})
        >>> budget_request(lines, 0, dimensions=["cost_center"]).lines
        (SpendLine(account='6100', amount=Decimal('99.95'), currency='USD', dimensions=(('cost_center', 'CC-10'),)),)
    """
    columns = _columns(
        account=account,
        amount=amount,
        currency=currency,
        date=date,
        stage=stage,
        reference=reference,
        request=request,
        dimensions=dimensions,
        float_money=float_money,
    )
    source = Frame(requests, "requests")
    if not isinstance(row, int) or isinstance(row, bool) or not 0 <= row < source.size:
        raise InvalidInputError("row", row, f"a row of the frame (0 to {source.size - 1})")
    bad = RowErrors()
    rows = _read(source, columns, bad)
    members = np.flatnonzero(rows.group == rows.group[row]).tolist()
    for member in members:
        if member in bad.errors:
            raise bad.errors[member]
    return rows.request(int(rows.group[row]), members)
