"""``frames.classify_savings``: a table of savings events, every row equal to the scalar rule.

Each output row equals [`spendrules.savings.classify_savings`][spendrules.savings.classify_savings] for the
[`SavingsEvent`][spendrules.savings.SavingsEvent] its input row describes, under one
policy and ``as_of``: the same finance and procurement views, recognised and
net amounts and components to the minor unit, the same primary category,
status, missing evidence, budget flag, rule id and primary reason code. How, see
``_savings_vector``: integers for every price, quantity and amount, exact
rounding of exact ratios, and the scalar rule itself for every row the
vectorised path does not take exactly.

Signature (stable; the benchmark reads it)::

    classify_savings(frame, *, as_of, policy=None, period=None,
        convention=ProrationConvention.CONTRACT_YEARS, leap_day=LeapDayStart.FEBRUARY_28,
        item="item", currency="currency",
        baseline_price="baseline_price", baseline_method="baseline_method",
        baseline_date="baseline_date", new_price="new_price", effective_date="effective_date",
        forecast_quantity="forecast_quantity", baseline_quantity="baseline_quantity",
        baseline_evidence="baseline_evidence", same_spec="same_spec",
        last_price_paid="last_price_paid", supplier="supplier",
        proposal_price="proposal_price", proposal_evidence="proposal_evidence",
        index_base="index_base", index_current="index_current", index_share="index_share",
        index_name="index_name", index_evidence="index_evidence",
        supplier_currency="supplier_currency", fx_baseline_rate="fx_baseline_rate",
        fx_current_rate="fx_current_rate", demand_change="demand_change",
        implementation_cost="implementation_cost", signoff_approver="signoff_approver",
        signoff_date="signoff_date", reference_rate="reference_rate", keep=(),
        money="decimal", errors="raise")
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from spendrules._checks import check_currency, check_date
from spendrules._collector import paused as paused_gc
from spendrules._savings import _fields as f
from spendrules._savings.model import BaselineMethod, DemandChange, SavingsPolicy
from spendrules._savings.portfolio import check_spread_convention
from spendrules._savings.timing import FiscalPeriod, LeapDayStart, ProrationConvention
from spendrules.errors import FrameInputError
from spendrules.frames._columns import (
    MONEY_MODES,
    Frame,
    RowErrors,
    check_choice,
    currency_digits,
)
from spendrules.frames._inventory_rows import resolve
from spendrules.frames._savings_output import build_output, scalar_rows
from spendrules.frames._savings_read import NAMES, REQUIRED, Table
from spendrules.frames._savings_slice import slice_columns
from spendrules.frames._savings_vector import classify_rows
from spendrules.frames._schedule import ERRORS

__all__ = ["SavingsOptions", "classify_savings", "read_table"]


def classify_savings(
    frame: Any,
    *,
    as_of: date,
    policy: SavingsPolicy | None = None,
    period: FiscalPeriod | None = None,
    convention: ProrationConvention = ProrationConvention.CONTRACT_YEARS,
    leap_day: LeapDayStart = LeapDayStart.FEBRUARY_28,
    item: str = "item",
    currency: str = "currency",
    baseline_price: str | Decimal | int = "baseline_price",
    baseline_method: str | BaselineMethod = "baseline_method",
    baseline_date: str | date = "baseline_date",
    new_price: str | Decimal | int = "new_price",
    effective_date: str | date = "effective_date",
    forecast_quantity: str | Decimal | int = "forecast_quantity",
    baseline_quantity: str | Decimal | int | None = "baseline_quantity",
    baseline_evidence: str | None = "baseline_evidence",
    same_spec: str | bool | None = "same_spec",
    last_price_paid: str | Decimal | int | None = "last_price_paid",
    supplier: str | None = "supplier",
    proposal_price: str | Decimal | int | None = "proposal_price",
    proposal_evidence: str | None = "proposal_evidence",
    index_base: str | Decimal | int | None = "index_base",
    index_current: str | Decimal | int | None = "index_current",
    index_share: str | Decimal | int | None = "index_share",
    index_name: str | None = "index_name",
    index_evidence: str | None = "index_evidence",
    supplier_currency: str | None = "supplier_currency",
    fx_baseline_rate: str | Decimal | int | None = "fx_baseline_rate",
    fx_current_rate: str | Decimal | int | None = "fx_current_rate",
    demand_change: str | DemandChange | None = "demand_change",
    implementation_cost: str | Decimal | int | None = "implementation_cost",
    signoff_approver: str | None = "signoff_approver",
    signoff_date: str | date | None = "signoff_date",
    reference_rate: str | Decimal | int | None = "reference_rate",
    keep: Sequence[str] = (),
    money: str = "decimal",
    errors: str = "raise",
) -> Any:
    """Classify every savings event of ``frame`` under one policy: both ledgers per row.

    Each output row equals [`spendrules.savings.classify_savings`][spendrules.savings.classify_savings] for the
    [`SavingsEvent`][spendrules.savings.SavingsEvent] its input row describes, with the same
    ``policy`` and ``as_of``; with ``period``, its fiscal-year columns equal
    [`spendrules.savings.fiscal_year_slice`][spendrules.savings.fiscal_year_slice] of that classification.

    One row is one event. Columns default to the scalar names: the event's fields,
    with the supplier proposal flattened as ``proposal_price`` and
    ``proposal_evidence``, the market index as ``index_base``, ``index_current``,
    ``index_share`` (default 1), ``index_name`` and ``index_evidence``, the exchange
    rates as ``supplier_currency``, ``fx_baseline_rate`` and ``fx_current_rate``, and
    the finance sign-off as ``signoff_approver`` and ``signoff_date``. A group is in a
    row when one of its numbers, dates or codes is not null there (a row with no
    ``proposal_price`` has no proposal). ``value_add`` and ``one_offs`` are tuples of
    objects, not frame columns: classify events that have them with the scalar rule.

    Each keyword names a column; a number, date, flag or enum input may instead be one
    value for every row, and ``currency`` an ISO code for every row. An optional input
    left at its default name that the frame does not have takes the scalar default, as
    does a null cell; ``None`` means "absent" (every row takes the default). Prices,
    quantities, rates and amounts arrive as integers, decimals (arrow, polars),
    ``Decimal`` objects or plain decimal strings, never floats (the column is refused,
    naming it); dates as ``datetime.date``, ``datetime64``, polars ``Date`` or arrow
    ``date32``; methods and demand changes as their values (``"last_price_paid"``).

    Args:
        frame: A pandas, polars or pyarrow DataFrame, one event per row.
        as_of: Classification date (sign-offs after it do not count; never the clock).
        policy: The rulebook; default ``SavingsPolicy()``.
        period: A fiscal period: adds each row's slice of it (see Returns).
        convention: How the slice spreads recurring amounts (CONTRACT_YEARS, the
            default, or ACTUAL_DAYS), as [`fiscal_year_slice`][spendrules.savings.fiscal_year_slice].
        leap_day: Where the contract years of a window from 29 February begin, as
            [`fiscal_year_slice`][spendrules.savings.fiscal_year_slice] (default FEBRUARY_28).
        item: Column of item identifiers (non-blank text).
        currency: Column of event currencies, or one ISO 4217 code for every row.
        baseline_price: The "before" unit price (price currency).
        baseline_method: How it was set (a [`BaselineMethod`][spendrules.savings.BaselineMethod] value).
        baseline_date: When it was paid or set.
        new_price: The new unit price P1.
        effective_date: First day the new price applies.
        forecast_quantity: Units expected in 12 months.
        baseline_quantity: Units bought in the 12 months before (null: none given).
        baseline_evidence: Reference for the baseline (null: none).
        same_spec: Whether the item is the baseline's specification (null: True).
        last_price_paid: The last price actually paid, the budget comparison of an event
            whose baseline is not a price paid (null: none).
        supplier: The supplier (null: "").
        proposal_price: The supplier's written proposal price (null: no proposal).
        proposal_evidence: Its written reference (null: none).
        index_base: Market index value I0 (null with ``index_current``: no index).
        index_current: Market index value I1.
        index_share: Indexed share s of the price (null: 1).
        index_name: The index's name.
        index_evidence: Reference to the published index values.
        supplier_currency: Currency of the prices (null: the event currency, no FX).
        fx_baseline_rate: Event-currency units per supplier-currency unit, baseline period.
        fx_current_rate: The rate now.
        demand_change: Why the quantity changed (a [`DemandChange`][spendrules.savings.DemandChange]
            value; null: ``"none"``).
        implementation_cost: The one-off cost of the change, event currency (null: 0).
        signoff_approver: Who signed finance's sign-off (null with ``signoff_date``: none).
        signoff_date: When.
        reference_rate: Units of the policy's reference currency per unit of the event
            currency (needed when they differ).
        keep: Input columns copied onto the output.
        money: ``"decimal"`` (default) or ``"minor_units"`` (int64 amount columns).
        errors: ``"raise"`` (default: the first bad row raises) or ``"collect"`` (a bad
            row keeps its place with null values and the error columns ``error_code``,
            ``error_field``, ``error_constraint``, ``error_value``; the other rows are
            computed).

    Returns:
        A frame of the input's kind, in input order: ``*keep``, ``row`` (the input
        position), ``currency``, ``finance_view`` (what the budget did; null when
        unknown: no price was ever paid), ``procurement_view``, ``finance_recognised``,
        ``net_recognised``, ``primary`` (the primary category), ``status``
        (``recognised`` or ``pending_validation``), ``missing`` (the missing evidence,
        comma-separated, empty when none), ``budget_flag`` (the
        [`BaselineFlag`][spendrules.savings.BaselineFlag] value), one amount column per
        [`ComponentKind`][spendrules.savings.ComponentKind] named by its value
        (``hard_savings``, ``cost_avoidance``, ... ; 0 when the event has none); with
        ``period``: ``fy_days`` and ``fy_of_days`` (the slice's day fraction, its
        shares' days summed: "184 of 365 days"), ``fy_finance_view``,
        ``fy_procurement_view``, ``fy_finance_recognised``, ``fy_net_recognised``,
        ``fy_recognised`` and ``fy_pending``; then ``rule`` and ``reason`` (the scalar
        classification's primary reason code). Amounts are in the event currency.

    Raises:
        FrameInputError: a missing column, a float number column, or (``errors="raise"``)
            the first bad row, naming its row, column, constraint and value.
        InvalidInputError: an option the rule refuses.
        TypeError: ``frame`` is not a DataFrame, or ``policy``, ``period`` or ``as_of``
            of the wrong type.

    Examples:
        The renewal of issue 16: 120.00 a seat last paid, 124.80 agreed after the
        supplier asked 130.80 in writing, 2,000 seats; once with a baseline a day too
        old:

        >>> import pandas as pd
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> events = pd.DataFrame({
        ...     "item": ["seats", "seats"], "currency": ["USD", "USD"],
        ...     "baseline_price": [Decimal("120.00")] * 2,
        ...     "baseline_method": ["last_price_paid"] * 2,
        ...     "baseline_date": [date(2025, 12, 1), date(2024, 11, 30)],
        ...     "baseline_evidence": ["INV-88", "INV-12"],
        ...     "new_price": [Decimal("124.80")] * 2,
        ...     "effective_date": [date(2025, 12, 1)] * 2, "forecast_quantity": [2000, 2000],
        ...     "proposal_price": [Decimal("130.80")] * 2,
        ...     "proposal_evidence": ["letter"] * 2})
        >>> result = classify_savings(events, as_of=date(2026, 1, 15))
        >>> result[["finance_view", "procurement_view", "net_recognised", "budget_flag"]]
          finance_view procurement_view net_recognised budget_flag
        0     -9600.00         12000.00       -9600.00   supported
        1     -9600.00         12000.00       -9600.00       stale
        >>> result["reason"].tolist()
        ['SAVINGS.BASELINE_ACCEPTED', 'SAVINGS.BASELINE_STALE']
    """
    options = SavingsOptions.check(
        as_of=as_of,
        policy=policy,
        period=period,
        convention=convention,
        leap_day=leap_day,
        money=money,
        errors=errors,
    )
    given = {
        "item": item,
        "currency": currency,
        "baseline_price": baseline_price,
        "baseline_method": baseline_method,
        "baseline_date": baseline_date,
        "new_price": new_price,
        "effective_date": effective_date,
        "forecast_quantity": forecast_quantity,
        "baseline_quantity": baseline_quantity,
        "baseline_evidence": baseline_evidence,
        "same_spec": same_spec,
        "last_price_paid": last_price_paid,
        "supplier": supplier,
        "proposal_price": proposal_price,
        "proposal_evidence": proposal_evidence,
        "index_base": index_base,
        "index_current": index_current,
        "index_share": index_share,
        "index_name": index_name,
        "index_evidence": index_evidence,
        "supplier_currency": supplier_currency,
        "fx_baseline_rate": fx_baseline_rate,
        "fx_current_rate": fx_current_rate,
        "demand_change": demand_change,
        "implementation_cost": implementation_cost,
        "signoff_approver": signoff_approver,
        "signoff_date": signoff_date,
        "reference_rate": reference_rate,
    }
    source = Frame(frame)
    for name in keep:
        source.series(name)
    table = read_table(source, given)
    with paused_gc():
        return run(table, options, keep)


def read_table(source: Frame, given: dict[str, Any]) -> Table:
    """The per-row inputs of a call (each keyword a column name or a constant)."""
    return Table(
        source,
        [
            resolve(source, name, given.get(name, name), None, required=name in REQUIRED)
            for name in NAMES
        ],
    )


class SavingsOptions:
    """The checked options of a [`classify_savings`][spendrules.frames.classify_savings] call."""

    def __init__(
        self,
        *,
        as_of: date,
        policy: SavingsPolicy,
        period: FiscalPeriod | None,
        convention: ProrationConvention,
        leap_day: LeapDayStart,
        money: str,
        errors: str,
    ) -> None:
        self.as_of = as_of
        self.policy = policy
        self.period = period
        self.convention = convention
        self.leap_day = leap_day
        self.money = money
        self.errors = errors

    @classmethod
    def check(cls, **given: Any) -> SavingsOptions:
        """Check each option as the scalar rule does (``None`` policy: the default)."""
        policy = given.get("policy")
        if policy is None:
            policy = SavingsPolicy()
        elif not isinstance(policy, SavingsPolicy):
            raise f.type_error("policy", "a SavingsPolicy", policy)
        period = given.get("period")
        if period is not None and not isinstance(period, FiscalPeriod):
            raise f.type_error("period", "a FiscalPeriod", period)
        return cls(
            as_of=check_date(given.get("as_of"), "as_of"),
            policy=policy,
            period=period,
            convention=check_spread_convention(
                given.get("convention", ProrationConvention.CONTRACT_YEARS)
            ),
            leap_day=_leap_day(given.get("leap_day", LeapDayStart.FEBRUARY_28)),
            money=check_choice(given.get("money", "decimal"), "money", MONEY_MODES),
            errors=check_choice(given.get("errors", "raise"), "errors", ERRORS),
        )


def _leap_day(value: object) -> LeapDayStart:
    if not isinstance(value, LeapDayStart):
        raise f.type_error("leap_day", "a LeapDayStart", value)
    return value


def _currencies(table: Table, errors: RowErrors) -> tuple[Any, list[str | None], Any]:
    param = table.params["currency"]
    size = table.size
    if param.column is not None:
        return currency_digits(table.source, param.column, errors)
    code = check_currency(param.constant, "currency")
    from spendrules.money import minor_units  # noqa: PLC0415 - small helper

    return (
        np.full(size, minor_units(code), dtype=np.int64),
        [code],
        np.zeros(size, dtype=np.int64),
    )


def run(table: Table, options: SavingsOptions, keep: Sequence[str]) -> Any:
    """Classify every row of ``table`` and build the output frame."""
    errors = RowErrors()
    digits, currencies, codes = _currencies(table, errors)
    vector = classify_rows(
        table,
        options.policy,
        options.as_of,
        digits=digits,
        currencies=currencies,
        currency_codes=codes,
    )
    bad = errors.mask(table.size)
    rows = np.flatnonzero(vector.scalar & ~bad).tolist()
    results = scalar_rows(
        table, rows, vector=vector, policy=options.policy, as_of=options.as_of, errors=errors
    )
    _refuse_wide(table, vector, errors)
    if options.errors == "raise":
        errors.raise_first()
    slices = None
    if options.period is not None:
        slices = slice_columns(vector, results, options, errors.mask(table.size))
    return build_output(
        table,
        vector,
        keep,
        options.money,
        errors,
        collect=options.errors == "collect",
        slices=slices,
    )


def _refuse_wide(table: Table, vector: Any, errors: RowErrors) -> None:
    """Rows with an amount beyond int64 minor units: refused, naming the forecast quantity."""
    constraint = "small enough that every amount fits int64 minor units (about 9.2 x 10**18)"
    column = table.column_of("forecast_quantity")
    for row in np.flatnonzero(vector.too_wide).tolist():
        errors.add(row, FrameInputError(row, column, None, constraint))
