"""The data rows a scorecard reads, and a strict loader for CSV and JSON lines (private).

One row type per data set: `InvoiceRow` (invoices and their payments),
`SavingsRow` (savings events), `StockRow` (the on-hand split of one SKU),
`BudgetRow` (one budget period: phasing, spend, requests) and `BalanceRow` (the
balances and flows of one accounting period). [read_rows][spendrules.scorecard.read_rows]
reads a file of them: CSV with a header row, or JSON lines (one object per line).
"""

from __future__ import annotations

import csv
import io
import json
import os
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any, Final, TypeVar

import attrs

from spendrules._checks import (
    check_date,
    check_int,
    currency_validator,
    date_validator,
    non_negative_validator,
)
from spendrules._decimal import exact
from spendrules.errors import InvalidInputError
from spendrules.serialization import parse_iso_date

__all__ = [
    "BalanceRow",
    "BudgetRow",
    "InvoiceRow",
    "SavingsRow",
    "StockRow",
    "parse_rows",
    "read_rows",
    "sample_rows",
]

_SAVINGS_KINDS: Final = ("hard", "avoidance", "increase")


def _text(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{attribute.name} must be a str, not {type(value).__name__}: {value!r}")
    if not value.strip():
        raise InvalidInputError(attribute.name, value, "a non-empty text")


def _flag(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{attribute.name} must be a bool, not {type(value).__name__}: {value!r}")


def _count(_instance: Any, attribute: Any, value: Any) -> None:
    check_int(value, attribute.name, minimum=0)


def _optional_date(_instance: Any, attribute: Any, value: Any) -> None:
    if value is not None:
        check_date(value, attribute.name)


def _kind(_instance: Any, attribute: Any, value: Any) -> None:
    if value not in _SAVINGS_KINDS:
        raise InvalidInputError(attribute.name, value, "one of " + ", ".join(_SAVINGS_KINDS))


def _amount(instance: Any, attribute: Any, value: Any) -> None:
    non_negative_validator(instance, attribute, value)


def _day_field(instance: Any, attribute: Any, value: Any) -> None:
    date_validator(instance, attribute, value)


def _currency(instance: Any, attribute: Any, value: Any) -> None:
    currency_validator(instance, attribute, value)


_AMOUNT = _amount


@attrs.frozen(kw_only=True)
class InvoiceRow:
    """One supplier invoice and its payment.

    Attributes:
        reference: The invoice's reference.
        supplier: The supplier's name.
        invoice_date: The invoice date (the row belongs to the period holding it).
        due_date: The net due date.
        paid_date: The day it was paid, or ``None`` while unpaid.
        amount: The invoice amount, ``>= 0``.
        currency: ISO 4217 code.
        with_po: Whether the invoice quotes a purchase order.
        on_contract: Whether the spend is under a contract.
        preferred: Whether the supplier is a preferred supplier.
        discount_offered: The early-payment discount the terms offered, ``>= 0``.
        discount_taken: The discount actually taken, ``>= 0`` and at most offered.
        late_interest: Late-payment interest paid on it, ``>= 0``.
    """

    reference: str = attrs.field(validator=_text)
    supplier: str = attrs.field(validator=_text)
    invoice_date: date = attrs.field(validator=_day_field)
    due_date: date = attrs.field(validator=_day_field)
    paid_date: date | None = attrs.field(validator=_optional_date)
    amount: Decimal = attrs.field(validator=_AMOUNT)
    currency: str = attrs.field(validator=_currency)
    with_po: bool = attrs.field(validator=_flag)
    on_contract: bool = attrs.field(validator=_flag)
    preferred: bool = attrs.field(validator=_flag)
    discount_offered: Decimal = attrs.field(default=Decimal(0), validator=_AMOUNT)
    discount_taken: Decimal = attrs.field(default=Decimal(0), validator=_AMOUNT)
    late_interest: Decimal = attrs.field(default=Decimal(0), validator=_AMOUNT)

    def __attrs_post_init__(self) -> None:
        if self.discount_taken > self.discount_offered:
            raise InvalidInputError(
                "discount_taken",
                self.discount_taken,
                f"<= discount_offered ({self.discount_offered})",
            )


@attrs.frozen(kw_only=True)
class SavingsRow:
    """One savings event as both sides count it.

    Attributes:
        reference: The event's reference.
        category: The spend category.
        kind: ``"hard"`` (a price cut that reaches the budget), ``"avoidance"``
            (a cost avoided: reported by procurement, not in the P&L) or
            ``"increase"`` (a cost increase finance books against savings).
        date: The day the event took effect (the row belongs to the period holding it).
        currency: ISO 4217 code.
        negotiated: What procurement reports, ``>= 0``; ``0`` for an increase.
        realised: What finance recognised, ``>= 0``: the price cut booked for a
            hard saving, the amount avoided for avoidance, the increase for an increase.
    """

    reference: str = attrs.field(validator=_text)
    category: str = attrs.field(validator=_text)
    kind: str = attrs.field(validator=_kind)
    date: date = attrs.field(validator=_day_field)
    currency: str = attrs.field(validator=_currency)
    negotiated: Decimal = attrs.field(validator=_AMOUNT)
    realised: Decimal = attrs.field(validator=_AMOUNT)

    def __attrs_post_init__(self) -> None:
        if self.kind == "increase" and self.negotiated != 0:
            raise InvalidInputError("negotiated", self.negotiated, "0 for an increase")


@attrs.frozen(kw_only=True)
class StockRow:
    """The on-hand split of one SKU, by value (what ``spendrules stock`` reports).

    Attributes:
        sku: The SKU.
        category: The stock category (a bar of the chart).
        currency: ISO 4217 code.
        committed: Value reserved for open demand, ``>= 0``.
        obsolete: Value of obsolete stock, ``>= 0``.
        safety: Value of the agreed safety stock, ``>= 0``.
        cycle: Value of cycle stock, ``>= 0``.
        excess: Value of excess stock, ``>= 0``.
        reserve: The excess-and-obsolete reserve booked against it, ``>= 0``.
    """

    sku: str = attrs.field(validator=_text)
    category: str = attrs.field(validator=_text)
    currency: str = attrs.field(validator=_currency)
    committed: Decimal = attrs.field(validator=_AMOUNT)
    obsolete: Decimal = attrs.field(validator=_AMOUNT)
    safety: Decimal = attrs.field(validator=_AMOUNT)
    cycle: Decimal = attrs.field(validator=_AMOUNT)
    excess: Decimal = attrs.field(validator=_AMOUNT)
    reserve: Decimal = attrs.field(default=Decimal(0), validator=_AMOUNT)

    @property
    def on_hand(self) -> Decimal:
        """The on-hand value: the sum of the five buckets."""
        with exact():
            return self.committed + self.obsolete + self.safety + self.cycle + self.excess


@attrs.frozen(kw_only=True)
class BudgetRow:
    """One budget period: its phased budget, the spend against it and the requests.

    Attributes:
        start: First day of the budget period (a month, say).
        currency: ISO 4217 code.
        phased: The budget phased to the period, ``>= 0``.
        actual: Actual spend booked in the period, ``>= 0``.
        orders: Open orders committed in the period, ``>= 0``.
        forecast: The spend forecast for the period, ``>= 0``.
        requests: Spend requests checked in the period, ``>= 0``.
        blocked: Requests the funds check blocked, ``<= requests``.
        overridden: Blocked requests an override let through, ``<= blocked``.
    """

    start: date = attrs.field(validator=_day_field)
    currency: str = attrs.field(validator=_currency)
    phased: Decimal = attrs.field(validator=_AMOUNT)
    actual: Decimal = attrs.field(validator=_AMOUNT)
    orders: Decimal = attrs.field(default=Decimal(0), validator=_AMOUNT)
    forecast: Decimal = attrs.field(default=Decimal(0), validator=_AMOUNT)
    requests: int = attrs.field(default=0, validator=_count)
    blocked: int = attrs.field(default=0, validator=_count)
    overridden: int = attrs.field(default=0, validator=_count)

    def __attrs_post_init__(self) -> None:
        if self.blocked > self.requests:
            raise InvalidInputError("blocked", self.blocked, f"<= requests ({self.requests})")
        if self.overridden > self.blocked:
            raise InvalidInputError("overridden", self.overridden, f"<= blocked ({self.blocked})")


@attrs.frozen(kw_only=True)
class BalanceRow:
    """The balances at the end of one accounting period and its flows.

    Attributes:
        start: First day of the accounting period.
        end: Last day (inclusive), ``>= start``.
        currency: ISO 4217 code.
        payables: Trade payables at ``end``, ``>= 0``.
        inventory: Inventory at ``end``, ``>= 0``.
        receivables: Trade receivables at ``end``, ``>= 0``.
        cost_of_sales: Cost of goods sold in the period, ``> 0``.
        revenue: Revenue in the period, ``> 0``.
    """

    start: date = attrs.field(validator=_day_field)
    end: date = attrs.field(validator=_day_field)
    currency: str = attrs.field(validator=_currency)
    payables: Decimal = attrs.field(validator=_AMOUNT)
    inventory: Decimal = attrs.field(validator=_AMOUNT)
    receivables: Decimal = attrs.field(validator=_AMOUNT)
    cost_of_sales: Decimal = attrs.field(validator=_AMOUNT)
    revenue: Decimal = attrs.field(validator=_AMOUNT)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInputError("end", self.end, f">= start ({self.start})")
        for name in ("cost_of_sales", "revenue"):
            if getattr(self, name) == 0:
                raise InvalidInputError(name, Decimal(0), "> 0 (it divides the days KPIs)")


Row = InvoiceRow | SavingsRow | StockRow | BudgetRow | BalanceRow
R = TypeVar("R", InvoiceRow, SavingsRow, StockRow, BudgetRow, BalanceRow)

#: The bundled sample file of each row type (``spendrules/data/<name>``).
SAMPLE_FILES: Final[Mapping[type, str]] = {
    InvoiceRow: "scorecard_invoices.csv",
    SavingsRow: "scorecard_savings.jsonl",
    StockRow: "scorecard_stock.csv",
    BudgetRow: "scorecard_budget.csv",
    BalanceRow: "scorecard_balances.csv",
}


class _BadValueError(Exception):
    """A cell that does not read as its column's type (the text is the constraint)."""


def _decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise _BadValueError("a decimal number")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise _BadValueError("a decimal number") from None
    if not number.is_finite():
        raise _BadValueError("a finite decimal number")
    return number


def _integer(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip())
    raise _BadValueError("a whole number")


def _boolean(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _BadValueError("true or false")


def _day(value: object) -> date:
    if not isinstance(value, str):
        raise _BadValueError("an ISO 8601 date YYYY-MM-DD")
    try:
        return parse_iso_date(value.strip())
    except ValueError:
        raise _BadValueError("an ISO 8601 date YYYY-MM-DD") from None


def _string(value: object) -> str:
    if not isinstance(value, str):
        raise _BadValueError("a text")
    return value.strip()


#: The parser of each field type (the types themselves: a field's annotation is a string
#: until something resolves it, so the types are read with ``typing.get_type_hints``).
_PARSERS: Final[Mapping[object, Callable[[object], object]]] = {
    str: _string,
    date: _day,
    date | None: _day,
    Decimal: _decimal,
    bool: _boolean,
    int: _integer,
}


_FIELD_TYPES: dict[type, dict[str, object]] = {}


def _field_types(kind: type) -> dict[str, object]:
    """The resolved type of each field of ``kind`` (read once per row type)."""
    found = _FIELD_TYPES.get(kind)
    if found is None:
        found = _FIELD_TYPES[kind] = typing.get_type_hints(kind)
    return found


def _make(kind: type[R], record: Mapping[str, object], where: str) -> R:
    fields = {field.name: field for field in attrs.fields(kind)}
    unknown = [str(key) for key in record if key not in fields]
    if unknown:
        raise InvalidInputError(where, unknown[0], "one of the columns " + ", ".join(fields))
    values: dict[str, Any] = {}
    types = _field_types(kind)
    for name, field in fields.items():
        raw = record.get(name)
        if raw is None or raw == "":
            if field.default is attrs.NOTHING and types[name] != date | None:
                raise InvalidInputError(f"{where}: {name}", raw, "given (a required column)")
            continue
        try:
            values[name] = _PARSERS[types[name]](raw)
        except _BadValueError as exc:
            raise InvalidInputError(f"{where}: {name}", raw, str(exc)) from None
    if "paid_date" in fields:
        values.setdefault("paid_date", None)
    try:
        return kind(**values)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{where}: {exc.field}", exc.value, exc.constraint) from None


def parse_rows(text: str, kind: type[R], *, form: str, source: str = "text") -> tuple[R, ...]:
    """Return the rows of ``kind`` in ``text``: ``form`` is ``"csv"`` or ``"jsonl"``.

    Raises:
        InvalidInputError: an unknown form, column or value, naming the source and line.
    """
    if form == "csv":
        reader = csv.DictReader(io.StringIO(text))
        records: Iterable[tuple[int, Mapping[str, object]]] = (
            (reader.line_num, row) for row in reader
        )
    elif form == "jsonl":
        records = _json_lines(text, source)
    else:
        raise InvalidInputError("form", form, "csv or jsonl")
    return tuple(_make(kind, record, f"{source} line {line}") for line, record in records)


def _json_lines(text: str, source: str) -> Iterable[tuple[int, Mapping[str, object]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise InvalidInputError(
                f"{source} line {number}", line[:40], f"a JSON object ({exc.msg})"
            ) from None
        if not isinstance(record, dict):
            raise InvalidInputError(f"{source} line {number}", line[:40], "a JSON object")
        yield number, record


def read_rows(path: str | os.PathLike[str], kind: type[R]) -> tuple[R, ...]:
    """Return the rows of ``kind`` in the file at ``path`` (``.csv``, else JSON lines).

    Raises:
        InvalidInputError: a bad column or value, naming the file and line.
        OSError: the file cannot be read.
    """
    name = os.fspath(path)
    with open(name, encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    form = "csv" if name.lower().endswith(".csv") else "jsonl"
    return parse_rows(text, kind, form=form, source=name)


def sample_rows(kind: type[R]) -> tuple[R, ...]:
    """Return the bundled sample rows of ``kind`` (for the 2027 sample policy)."""
    name = SAMPLE_FILES[kind]
    text = resources.files("spendrules").joinpath("data", name).read_text(encoding="utf-8")
    form = "csv" if name.endswith(".csv") else "jsonl"
    return parse_rows(text, kind, form=form, source=name)
