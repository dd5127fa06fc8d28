"""One savings event as one flat row: the columns, and the event a row describes (private).

A row is one [`SavingsEvent`][spendrules.savings.SavingsEvent], flattened: the
event's own fields under their names, the supplier proposal as ``proposal_price``
and ``proposal_evidence``, the market index as ``index_base``, ``index_current``,
``index_share``, ``index_name`` and ``index_evidence``, the exchange rates as
``supplier_currency``, ``fx_baseline_rate`` and ``fx_current_rate``, the finance
sign-off as ``signoff_approver`` and ``signoff_date``. A group is present in a row
when one of its numbers (or dates, or codes) is not null there: a row with no
proposal price has no proposal, whatever its evidence column says.

This is the layout ``frames.classify_savings`` reads and ``spendrules savings``
reads from CSV; both build the event of a row with ``event_of``,
which needs no numpy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Protocol

from spendrules._savings.model import (
    BaselineMethod,
    DemandChange,
    FinanceSignOff,
    FxRates,
    MarketIndex,
    SavingsEvent,
    SupplierProposal,
)
from spendrules.errors import FrameInputError, InvalidInputError

__all__ = [
    "DATES",
    "FLAGS",
    "NAMES",
    "NUMBERS",
    "REQUIRED",
    "TEXTS",
    "Columns",
    "event_of",
    "refusal",
]

#: Every per-row input, in the order of the frames function's signature.
NAMES = (
    "item",
    "currency",
    "baseline_price",
    "baseline_method",
    "baseline_date",
    "new_price",
    "effective_date",
    "forecast_quantity",
    "baseline_quantity",
    "baseline_evidence",
    "same_spec",
    "last_price_paid",
    "supplier",
    "proposal_price",
    "proposal_evidence",
    "index_base",
    "index_current",
    "index_share",
    "index_name",
    "index_evidence",
    "supplier_currency",
    "fx_baseline_rate",
    "fx_current_rate",
    "demand_change",
    "implementation_cost",
    "signoff_approver",
    "signoff_date",
    "reference_rate",
)
REQUIRED = frozenset(
    {
        "item",
        "currency",
        "baseline_price",
        "baseline_method",
        "baseline_date",
        "new_price",
        "effective_date",
        "forecast_quantity",
    }
)
NUMBERS = frozenset(
    {
        "baseline_price",
        "new_price",
        "forecast_quantity",
        "baseline_quantity",
        "last_price_paid",
        "proposal_price",
        "index_base",
        "index_current",
        "index_share",
        "fx_baseline_rate",
        "fx_current_rate",
        "implementation_cost",
        "reference_rate",
    }
)
DATES = frozenset({"baseline_date", "effective_date", "signoff_date"})
#: The yes/no inputs.
FLAGS = frozenset({"same_spec"})
TEXTS = frozenset(
    {
        "item",
        "currency",
        "baseline_evidence",
        "supplier",
        "proposal_evidence",
        "index_name",
        "index_evidence",
        "supplier_currency",
        "signoff_approver",
    }
)
_ENUMS: dict[str, type[Any]] = {
    "baseline_method": BaselineMethod,
    "demand_change": DemandChange,
}


class Columns(Protocol):
    """Where each input of a row is read from (a frame's columns, or a CSV's)."""

    @property
    def params(self) -> Mapping[str, Any]:
        """The inputs the rows give (by scalar name)."""

    def column_of(self, name: str) -> str:
        """The column ``name`` is read from."""


_PROPOSAL = {"price": "proposal_price", "evidence": "proposal_evidence"}
_INDEX = {
    "base": "index_base",
    "current": "index_current",
    "indexed_share": "index_share",
    "name": "index_name",
    "evidence": "index_evidence",
}
_FX = {
    "supplier_currency": "supplier_currency",
    "baseline_rate": "fx_baseline_rate",
    "current_rate": "fx_current_rate",
    "fx.supplier_currency": "supplier_currency",
}
_SIGNOFF = {"approver": "signoff_approver", "signed_on": "signoff_date"}
_EVENT = {name: name for name in NAMES}


def _present(values: Mapping[str, Any], names: Sequence[str]) -> bool:
    return any(values.get(name) is not None for name in names)


def refusal(
    table: Columns,
    row: int,
    exc: InvalidInputError | TypeError,
    stage: Mapping[str, str],
    values: Mapping[str, Any],
) -> FrameInputError:
    """The [`FrameInputError`][spendrules.errors.FrameInputError] for a scalar refusal of ``row``, naming the input's column."""
    if isinstance(exc, FrameInputError):
        return exc
    if isinstance(exc, InvalidInputError):
        name = stage.get(exc.field, exc.field)
        return FrameInputError(
            row, table.column_of(name) if name in table.params else name, exc.value, exc.constraint
        )
    head = str(exc).split(" ", 1)[0]
    name = stage.get(head, head)
    value = values.get(name) if name in table.params else None
    constraint = f"of a type the rule takes ({exc})"
    column = table.column_of(name) if name in table.params else name
    return FrameInputError(row, column, value, constraint, "INPUT.TYPE")


def _enum(table: Columns, row: int, name: str, value: Any, default: Any) -> Any:
    kind = _ENUMS[name]
    if value is None:
        return default
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except (ValueError, TypeError):
        choices = ", ".join(repr(member.value) for member in kind)
        raise FrameInputError(
            row, table.column_of(name), value, "one of " + choices, "INPUT.INVALID"
        ) from None


def event_of(table: Columns, row: int, values: Mapping[str, Any]) -> SavingsEvent:
    """The [`SavingsEvent`][spendrules.savings.SavingsEvent] of ``row`` (raising a [`FrameInputError`][spendrules.errors.FrameInputError]).

    Args:
        table: Where each input is read from (for the error's column name).
        row: The row's position (0-based), for the error.
        values: The row's inputs as the scalar rule takes them, by scalar name
            (``None`` or absent: null).

    Returns:
        The event.

    Raises:
        FrameInputError: a required input is null, or the rule refuses a value
            (naming the column).

    Examples:
        >>> from datetime import date
        >>> class Flat:
        ...     params = dict.fromkeys(NAMES)
        ...     def column_of(self, name): return name
        >>> values = {"item": "A", "currency": "USD", "baseline_price": Decimal(10),
        ...     "baseline_method": "last_price_paid", "baseline_date": date(2025, 1, 1),
        ...     "new_price": Decimal("9.5"), "effective_date": date(2025, 6, 1),
        ...     "forecast_quantity": Decimal(1000), "proposal_price": Decimal(11)}
        >>> event = event_of(Flat(), 0, values)
        >>> event.proposal.price, event.market_index
        (Decimal('11'), None)
        >>> event_of(Flat(), 3, {**values, "new_price": None})
        Traceback (most recent call last):
        ...
        spendrules.errors.FrameInputError: row 3: column 'new_price' must be given: None
    """
    for name in REQUIRED:
        if values.get(name) is None:
            raise FrameInputError(row, table.column_of(name), None, "given", "INPUT.MISSING")
    stage: dict[str, str] = _PROPOSAL
    try:
        proposal = None
        if values.get("proposal_price") is not None:
            proposal = SupplierProposal(
                price=values["proposal_price"], evidence=_text(values.get("proposal_evidence"))
            )
        stage = _INDEX
        index = None
        if _present(values, ("index_base", "index_current")):
            share = values.get("index_share")
            index = MarketIndex(
                base=values.get("index_base"),
                current=values.get("index_current"),
                indexed_share=Decimal(1) if share is None else share,
                name=_text(values.get("index_name")),
                evidence=_text(values.get("index_evidence")),
            )
        stage = _FX
        fx = None
        if _present(values, ("supplier_currency", "fx_baseline_rate", "fx_current_rate")):
            fx = FxRates(
                supplier_currency=_get(values, "supplier_currency"),
                baseline_rate=values.get("fx_baseline_rate"),
                current_rate=values.get("fx_current_rate"),
            )
        stage = _SIGNOFF
        signoff = None
        if _present(values, ("signoff_approver", "signoff_date")):
            signoff = FinanceSignOff(
                approver=_get(values, "signoff_approver"),
                signed_on=_get(values, "signoff_date"),
            )
        stage = {**_EVENT, **_FX}
        same_spec = values.get("same_spec")
        cost = values.get("implementation_cost")
        return SavingsEvent(
            item=values["item"],
            currency=values["currency"],
            baseline_price=values["baseline_price"],
            baseline_method=_enum(table, row, "baseline_method", values["baseline_method"], None),
            baseline_date=values["baseline_date"],
            new_price=values["new_price"],
            effective_date=values["effective_date"],
            forecast_quantity=values["forecast_quantity"],
            baseline_quantity=values.get("baseline_quantity"),
            baseline_evidence=_text(values.get("baseline_evidence")),
            same_spec=True if same_spec is None else same_spec,
            proposal=proposal,
            market_index=index,
            fx=fx,
            demand_change=_enum(
                table, row, "demand_change", values.get("demand_change"), DemandChange.NONE
            ),
            implementation_cost=Decimal(0) if cost is None else cost,
            finance_signoff=signoff,
            last_price_paid=values.get("last_price_paid"),
            supplier=_text(values.get("supplier")),
            reference_rate=values.get("reference_rate"),
        )
    except (InvalidInputError, TypeError) as exc:
        raise refusal(table, row, exc, stage, values) from None


def _get(values: Mapping[str, Any], name: str) -> Any:
    """A value as given (None when null): the rule's own checks refuse a wrong one."""
    return values.get(name)


def _text(value: Any) -> Any:
    return "" if value is None else value
