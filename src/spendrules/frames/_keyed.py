"""Decisions over frames: the scalar rule evaluated once per distinct key, broadcast to rows.

A discount decision depends on a handful of values that repeat across a
million invoices (the terms, a cost of capital, perhaps the invoice date).
Each distinct combination is decided once by the scalar rule itself, so every
row is the scalar result by construction; the rows then take their key's result.

A per-row input is a column when given as a ``str`` (its name), else one value
for every row. A null cell of an optional input (``invoice_date``, ``pay_day``,
``supplier_cost_of_capital``...) means what ``None`` means to the scalar rule;
a null cell of a required one (``terms``, ``cost_of_capital``, ``annual_spend``...)
is a bad row. Decimal strings (``"0.08"``) are read exactly; float columns are refused.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import numpy as np

from spendrules import payment_terms as economics
from spendrules._decimal import PLAIN_NUMBER
from spendrules._policy.model import PaymentTermsPolicy
from spendrules._terms.conventions import Compounding
from spendrules._terms.discount_decision import (
    DiscountConvention,
    TierComparison,
)
from spendrules._terms.parser import parse_terms
from spendrules._terms.term_change import SpendConvention
from spendrules.errors import FrameInputError, InvalidInputError, ParseError
from spendrules.frames._columns import (
    Column,
    Frame,
    Int64Array,
    Output,
    RowErrors,
    check_choice,
    to_date,
)
from spendrules.frames._policy_fill import check_terms_policy
from spendrules.frames._schedule import ERRORS, _error_columns

__all__ = ["forgone_discount_rate", "should_take_discount", "term_change_impact"]

#: Rule id of the bulk forgone-rate column (the scalar returns a bare rate).
FORGONE_RULE = "payment_terms.forgone_discount_rate@1"


@attrs.frozen
class Param:
    """A per-row input: a column (``kind`` says how to read it) or one constant for every row.

    A null cell of an optional column means what ``None`` means to the scalar
    rule (its documented default); a null cell of a required column is an error.
    """

    name: str
    column: str | None = None
    kind: str = "value"
    constant: object = None
    required: bool = False


def _param(name: str, value: object, kind: str = "value", *, required: bool = False) -> Param:
    """A column when ``value`` is a ``str`` (a column name), else a constant."""
    if isinstance(value, str):
        return Param(name, value, kind, required=required)
    return Param(name, None, kind, value, required=required)


@attrs.frozen
class _Refused:
    """A distinct value refused before the rule runs (terms text that does not parse)."""

    error: FrameInputError


def _read(
    source: Frame, param: Param, dialect: str, errors: RowErrors
) -> tuple[Int64Array, list[Any]]:
    """Each row's index into the distinct values of ``param`` (the last one is null), and those values."""
    assert param.column is not None  # noqa: S101 - constants are not read
    if param.kind == "date":
        days, null = source.dates(param.column, errors)
        uniques, codes = np.unique(np.where(null, _NULL_DAY, days), return_inverse=True)
        dates: list[Any] = [to_date(d) for d in uniques.tolist() if d != _NULL_DAY]
        codes = np.where(codes >= len(dates), len(dates), codes)
        return codes.reshape(-1).astype(np.int64), [*dates, None]
    dtype = source.series(param.column).dtype
    if dtype.is_float():
        raise FrameInputError(
            None,
            param.column,
            str(dtype),
            "exact numbers (Decimal, decimal, int), not floats",
            "INPUT.TYPE",
        )
    codes, distinct = source.codes(param.column)
    values: list[Any] = [v.item() if isinstance(v, np.generic) else v for v in distinct]
    if param.kind == "terms":
        values = [_terms(value, param.column, dialect) for value in values]
    else:  # decimal strings are read exactly, as money columns are
        values = [
            Decimal(v) if isinstance(v, str) and PLAIN_NUMBER.fullmatch(v) else v for v in values
        ]
    return np.where(codes < 0, len(values), codes), [*values, None]


_NULL_DAY = np.iinfo(np.int64).max


def _terms(value: object, column: str, dialect: str) -> object:
    if not isinstance(value, str):
        return value  # PaymentTerms (or days, where the rule takes them): the rule checks
    try:
        return parse_terms(value, dialect=dialect)
    except ParseError as exc:
        return _Refused(FrameInputError(-1, column, value, f"payment terms ({exc})", "INPUT.PARSE"))


def evaluate(
    source: Frame,
    params: Sequence[Param],
    call: Callable[..., Any],
    *,
    dialect: str,
    errors: RowErrors,
) -> tuple[Int64Array, list[Any]]:
    """Call ``call(**arguments)`` once per distinct combination; return each row's key and the results.

    A key whose call raises gives every row of that key the error, naming the
    column the scalar rule's field came from.
    """
    size = source.size
    key = np.zeros(size, dtype=np.int64)
    columns: list[tuple[Param, list[Any]]] = []
    radix = 1
    stacked = []
    for param in params:
        if param.column is None:
            continue
        codes, values = _read(source, param, dialect, errors)
        columns.append((param, values))
        stacked.append(codes)
        radix *= len(values) + 1
    if columns and radix < 2**62:
        for codes, (_param, values) in zip(stacked, columns, strict=True):
            key = key * (len(values) + 1) + (codes + 1)
        uniques, inverse = np.unique(key, return_inverse=True)
        combos = _decode(uniques, [len(values) + 1 for _p, values in columns])
    elif columns:
        matrix = np.stack(stacked, axis=1)
        rows_unique, inverse = np.unique(matrix, axis=0, return_inverse=True)
        combos = [[int(c) + 1 for c in combo] for combo in rows_unique.tolist()]
    else:
        inverse = np.zeros(size, dtype=np.int64)
        combos = [[]]
    inverse = inverse.reshape(-1).astype(np.int64)
    results: list[Any] = []
    failed: dict[int, tuple[str, InvalidInputError | TypeError]] = {}
    constants = {p.name: p.constant for p in params if p.column is None}
    by_field = {p.name: p.column or p.name for p in params}
    arguments_of: list[dict[str, Any]] = []
    for index, combo in enumerate(combos):
        arguments = dict(constants)
        arguments_of.append(arguments)
        refused: tuple[str, InvalidInputError | TypeError] | None = None
        for (param, values), code in zip(columns, combo, strict=True):
            value = values[code - 1]
            column = param.column or param.name
            if isinstance(value, _Refused):
                refused = (column, value.error)
            elif value is None and param.required:
                refused = (column, InvalidInputError(param.name, None, "given"))
            arguments[param.name] = value
        if refused is None:
            try:
                results.append(call(**arguments))
                continue
            except (InvalidInputError, TypeError) as problem:
                field = (
                    problem.field if isinstance(problem, InvalidInputError) else _field_of(problem)
                )
                refused = (by_field.get(_head(field), field), problem)
        failed[index] = refused
        results.append(None)
    if failed:
        bad_keys = np.fromiter(failed, dtype=np.int64, count=len(failed))
        for row in np.flatnonzero(np.isin(inverse, bad_keys)).tolist():
            column, exc = failed[int(inverse[row])]
            shown = arguments_of[int(inverse[row])].get(_param_of(column, params))
            if isinstance(exc, FrameInputError):
                errors.add(row, FrameInputError(row, column, exc.value, exc.constraint, exc.code))
            elif isinstance(exc, InvalidInputError):
                kind = "INPUT.MISSING" if exc.constraint == "given" else "INPUT.INVALID"
                errors.add(row, FrameInputError(row, column, exc.value, exc.constraint, kind))
            else:
                constraint = f"of a type the rule takes ({exc})"
                errors.add(row, FrameInputError(row, column, shown, constraint, "INPUT.TYPE"))
    return inverse, results


def _param_of(column: str, params: Sequence[Param]) -> str:
    """The parameter read from ``column`` (or named ``column``)."""
    return next((p.name for p in params if column in {p.column, p.name}), column)


def _head(field: str) -> str:
    """The parameter a field path starts with (``terms.installments[0]`` gives ``terms``)."""
    return field.split(".", 1)[0].split("[", 1)[0]


def _field_of(exc: TypeError) -> str:
    """The parameter a scalar ``TypeError`` names (its message starts with the field)."""
    return str(exc).split(" ", 1)[0]


def _decode(keys: Int64Array, sizes: Sequence[int]) -> list[list[int]]:
    combos = []
    for key in keys.tolist():
        combo = []
        rest = key
        for size in reversed(sizes):
            rest, code = divmod(rest, size)
            combo.append(code)
        combos.append(combo[::-1])
    return combos


@attrs.frozen
class Spec:
    """A keyed rule: its per-row inputs, the scalar call, and the output columns."""

    params: Sequence[Param]
    call: Callable[..., Any]
    fields: Sequence[tuple[str, str, Callable[[Any], Any]]]
    rule: Callable[[Any], str]
    reason: Callable[[Any], str] | None


def scalar_results(frame: Any, spec: Spec, *, dialect: str = "us") -> list[Any]:
    """Return the scalar result of every row of ``frame`` (raising on the first bad row)."""
    source = Frame(frame)
    bad = RowErrors()
    inverse, results = evaluate(source, spec.params, spec.call, dialect=dialect, errors=bad)
    bad.raise_first()
    return [results[key] for key in inverse.tolist()]


def _run(frame: Any, spec: Spec, *, keep: Sequence[str], errors: str, dialect: str) -> Any:
    """Evaluate ``spec`` once per distinct key; one output row per input row."""
    check_choice(errors, "errors", ERRORS)
    source = Frame(frame)
    for name in keep:
        source.series(name)
    bad = RowErrors()
    inverse, results = evaluate(source, spec.params, spec.call, dialect=dialect, errors=bad)
    fields, rule, reason = spec.fields, spec.rule, spec.reason
    if errors == "raise":
        bad.raise_first()
    size = source.size
    failed = bad.mask(size)
    row = np.arange(size, dtype=np.int64)
    output = Output(source, "decimal")
    for name in keep:
        output.add(name, Column("keep", row))
    output.add("row", Column("int", row))
    for name, kind, get in fields:
        values = [get(result) if result is not None else None for result in results]
        output.add(name, _broadcast(kind, values, inverse, failed))
    labels = sorted({rule(r) for r in results if r is not None})
    output.add(
        "rule",
        _broadcast(
            "category",
            [rule(r) if r is not None else None for r in results],
            inverse,
            failed,
            labels,
        ),
    )
    if reason is not None:
        codes = [reason(r) if r is not None else None for r in results]
        output.add("reason", _broadcast("category", codes, inverse, failed))
    if errors == "collect":
        _error_columns(output, bad, row, failed)
    return output.build()


def _broadcast(
    kind: str,
    values: list[Any],
    inverse: Int64Array,
    failed: Any,
    labels: Sequence[str] | None = None,
) -> Column:
    null_key = np.array([v is None for v in values] + [True])
    index = np.where(failed, len(values), inverse)
    null = null_key[index]
    if kind == "category":
        names = list(labels) if labels is not None else sorted({v for v in values if v is not None})
        table = np.array([names.index(v) if v is not None else -1 for v in values] + [-1])
        return Column("category", table[index], labels=names)
    if kind == "bool":
        table = np.array([bool(v) for v in values] + [False])
        return Column("bool", table[index], null if bool(null.any()) else None)
    if kind == "int":
        table = np.array([0 if v is None else int(v) for v in values] + [0], dtype=np.int64)
        return Column("nullable_int", table[index], null if bool(null.any()) else None)
    scale = max((_places(v) for v in values if v is not None), default=0)
    return Column("decimal", index, null, scale=scale, table=[*values, None])


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # noqa: S101 - results are finite
    return max(0, -exponent)


# ---------------------------------------------------------------------- the rules


def forgone_discount_rate(
    frame: Any,
    *,
    terms: str = "terms",
    invoice_date: str | date | None = None,
    pay_day: str | int | None = None,
    tier: int = 0,
    versus: TierComparison | str = TierComparison.NET,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.SIMPLE,
    installment: int | None = None,
    dialect: str = "us",
    keep: Sequence[str] = (),
    errors: str = "raise",
) -> Any:
    """Return the annualised cost of skipping each invoice's early-payment discount.

    Equal, row by row, to [`spendrules.payment_terms.forgone_discount_rate`][spendrules.payment_terms.forgone_discount_rate]
    in its terms form, evaluated once per distinct (terms, invoice date, pay day).

    Args:
        frame: A pandas, polars or pyarrow DataFrame.
        terms: Column of terms (text or [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]).
        invoice_date: ``None`` (days of calendar-dependent rules averaged, as the
            scalar rule), a date for every row, or a column name.
        pay_day: ``None`` (the net day), an ``int`` for every row, or a column name.
        tier: As the scalar rule.
        versus: As the scalar rule.
        day_basis: As the scalar rule.
        compounding: As the scalar rule.
        installment: As the scalar rule.
        dialect: Dialect of terms text.
        keep: Input columns copied onto the output.
        errors: ``"raise"`` or ``"collect"`` (see [`schedule`][spendrules.frames.schedule]).

    Returns:
        A frame of the input's kind: ``*keep, row, forgone_rate, rule``.

    Examples:
        >>> import pandas as pd
        >>> rates = forgone_discount_rate(pd.DataFrame({"terms": ["2/10 net 30", "1/10 net 30"]}))
        >>> rates["forgone_rate"].tolist()
        [Decimal('0.3724489796'), Decimal('0.1843434343')]
    """
    spec = forgone_spec(
        terms=terms,
        invoice_date=invoice_date,
        pay_day=pay_day,
        tier=tier,
        versus=versus,
        day_basis=day_basis,
        compounding=compounding,
        installment=installment,
    )
    return _run(frame, spec, keep=keep, errors=errors, dialect=dialect)


def forgone_spec(
    *,
    terms: str = "terms",
    invoice_date: str | date | None = None,
    pay_day: str | int | None = None,
    tier: int = 0,
    versus: TierComparison | str = TierComparison.NET,
    day_basis: int = 365,
    compounding: Compounding | str = Compounding.SIMPLE,
    installment: int | None = None,
) -> Spec:
    """The keyed form of [`forgone_discount_rate`][spendrules.frames.forgone_discount_rate] (options as there)."""
    params = [
        _param("terms", terms, "terms", required=True),
        _param("invoice_date", invoice_date, "date"),
        _param("pay_day", pay_day),
    ]

    def call(**arguments: Any) -> Decimal:
        return economics.forgone_discount_rate(
            arguments["terms"],
            invoice_date=arguments["invoice_date"],
            pay_day=arguments["pay_day"],
            tier=tier,
            versus=versus,
            day_basis=day_basis,
            compounding=compounding,
            installment=installment,
        )

    return Spec(
        params,
        call,
        [("forgone_rate", "decimal", lambda r: r)],
        rule=lambda _r: FORGONE_RULE,
        reason=None,
    )


def should_take_discount(
    frame: Any,
    *,
    cost_of_capital: str | Decimal | int | None = None,
    terms: str = "terms",
    invoice_date: str | date | None = None,
    pay_day: str | int | None = None,
    convention: DiscountConvention | str | None = None,
    day_basis: int | None = None,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_age_days: str | int = 0,
    installment: int | None = None,
    policy: PaymentTermsPolicy | None = None,
    dialect: str = "us",
    keep: Sequence[str] = (),
    errors: str = "raise",
) -> Any:
    """Decide, for every invoice, whether to take its early-payment discount.

    Equal, row by row, to [`spendrules.payment_terms.should_take_discount`][spendrules.payment_terms.should_take_discount]
    in its terms form, evaluated once per distinct combination of the per-row inputs.

    Args:
        frame: A pandas, polars or pyarrow DataFrame.
        cost_of_capital: A rate for every row (``Decimal("0.08")``) or a column name;
            ``None`` (default) or a null cell: the ``policy``'s (required without one).
        terms: Column of terms (text or [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]).
        invoice_date: ``None``, a date for every row, or a column name.
        pay_day: ``None``, an ``int`` for every row, or a column name.
        convention: As the scalar rule (``None``: the policy's, else ``"cost_of_capital"``).
        day_basis: As the scalar rule.
        compounding: As the scalar rule.
        invoice_age_days: An ``int`` for every row or a column name.
        installment: As the scalar rule.
        policy: The agreed [`PaymentTermsPolicy`][spendrules.policy.PaymentTermsPolicy]
            or ``None``: each row equals the scalar rule with the same ``policy`` (an
            explicit cost of capital wins). A frame carries no citation:
            [`explain`][spendrules.frames.explain] of a row, given the same ``policy``,
            returns the cited scalar decision.
        dialect: Dialect of terms text.
        keep: Input columns copied onto the output.
        errors: ``"raise"`` or ``"collect"`` (see [`schedule`][spendrules.frames.schedule]).

    Returns:
        A frame of the input's kind: ``*keep, row, take, tier, discount_rate,
        pay_day, forgone_rate, break_even_cost_of_capital, margin, rule, reason``
        (the [`DiscountDecision`][spendrules.payment_terms.DiscountDecision] fields; ``reason``
        is the decision's code, such as ``TERMS.DISCOUNT.TAKE``).

    Raises:
        FrameInputError: a missing or float column, or (``errors="raise"``) the first bad row.
        InvalidInputError: no cost of capital and no policy.
        TypeError: ``policy`` is not a PaymentTermsPolicy.

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> invoices = pd.DataFrame({"terms": ["2/10 net 30", "net 30", "0.5/10 net 30"]})
        >>> decisions = should_take_discount(invoices, cost_of_capital=Decimal("0.12"))
        >>> decisions[["take", "tier", "reason"]]
            take  tier               reason
        0   True     0  TERMS.DISCOUNT.TAKE
        1  False  <NA>  TERMS.DISCOUNT.NONE
        2  False     0  TERMS.DISCOUNT.SKIP
    """
    spec = decision_spec(
        cost_of_capital=cost_of_capital,
        terms=terms,
        invoice_date=invoice_date,
        pay_day=pay_day,
        convention=convention,
        day_basis=day_basis,
        compounding=compounding,
        invoice_age_days=invoice_age_days,
        installment=installment,
        policy=policy,
    )
    return _run(frame, spec, keep=keep, errors=errors, dialect=dialect)


def decision_spec(
    *,
    cost_of_capital: str | Decimal | int | None = None,
    terms: str = "terms",
    invoice_date: str | date | None = None,
    pay_day: str | int | None = None,
    convention: DiscountConvention | str | None = None,
    day_basis: int | None = None,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_age_days: str | int = 0,
    installment: int | None = None,
    policy: PaymentTermsPolicy | None = None,
) -> Spec:
    """The keyed form of [`should_take_discount`][spendrules.frames.should_take_discount] (options as there)."""
    check_terms_policy(policy, cost_of_capital)
    params = [
        _param("terms", terms, "terms", required=True),
        _param("cost_of_capital", cost_of_capital, required=policy is None),
        _param("invoice_date", invoice_date, "date"),
        _param("pay_day", pay_day),
        _param("invoice_age_days", invoice_age_days),
    ]

    def call(**arguments: Any) -> Any:
        return economics.should_take_discount(
            arguments["terms"],
            cost_of_capital=arguments["cost_of_capital"],
            invoice_date=arguments["invoice_date"],
            pay_day=arguments["pay_day"],
            invoice_age_days=arguments["invoice_age_days"],
            convention=convention,
            day_basis=day_basis,
            compounding=compounding,
            installment=installment,
            policy=policy,
        )

    return Spec(
        params,
        call,
        [
            ("take", "bool", lambda r: r.take),
            ("tier", "int", lambda r: r.tier),
            ("discount_rate", "decimal", lambda r: r.discount_rate),
            ("pay_day", "decimal", lambda r: r.pay_day),
            ("forgone_rate", "decimal", lambda r: r.forgone_rate),
            ("break_even_cost_of_capital", "decimal", lambda r: r.break_even_cost_of_capital),
            ("margin", "decimal", lambda r: r.margin),
        ],
        rule=lambda r: r.rule,
        reason=lambda r: r.primary_reason().code,
    )


_IMPACT_FIELDS = (
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
)


def term_change_impact(
    frame: Any,
    *,
    cost_of_capital: str | Decimal | int | None = None,
    annual_spend: str = "annual_spend",
    currency: str = "currency",
    current: str = "current",
    proposed: str = "proposed",
    supplier_cost_of_capital: str | Decimal | int | None = None,
    price_increase: str | Decimal | int | None = None,
    discount_share: str | Decimal | int | None = None,
    day_basis: int = 365,
    convention: SpendConvention | str = SpendConvention.DAILY,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_amount: Decimal | int | None = None,
    rounding: str = "ROUND_HALF_UP",
    policy: PaymentTermsPolicy | None = None,
    dialect: str = "us",
    keep: Sequence[str] = (),
    errors: str = "raise",
) -> Any:
    """Settle a change of payment terms for every supplier of a table.

    Equal, row by row, to [`spendrules.payment_terms.term_change_impact`][spendrules.payment_terms.term_change_impact].
    ``current`` and ``proposed`` columns hold terms text, [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]
    or whole days (an ``int``, as the scalar rule accepts).

    Args:
        frame: One supplier per row.
        cost_of_capital: A rate for every row or a column name; ``None`` (default)
            or a null cell: the ``policy``'s (required without one).
        annual_spend: Column of annual spend (Decimal, decimal or int; floats refused).
        currency: Column of ISO 4217 codes.
        current: Column of the current terms.
        proposed: Column of the proposed terms.
        supplier_cost_of_capital: ``None``, a rate for every row, or a column name.
        price_increase: ``None``, a fraction for every row, or a column name.
        discount_share: ``None``, a fraction for every row, or a column name.
        day_basis: As the scalar rule.
        convention: As the scalar rule.
        compounding: As the scalar rule.
        invoice_amount: As the scalar rule.
        rounding: As the scalar rule.
        policy: The agreed [`PaymentTermsPolicy`][spendrules.policy.PaymentTermsPolicy]
            or ``None``, as in [`should_take_discount`][spendrules.frames.should_take_discount].
        dialect: Dialect of terms text.
        keep: Input columns copied onto the output (a supplier id).
        errors: ``"raise"`` or ``"collect"`` (see [`schedule`][spendrules.frames.schedule]).

    Returns:
        A frame of the input's kind: ``*keep, row``, the
        [`TermChangeImpact`][spendrules.payment_terms.TermChangeImpact] amounts and days
        (decimals), ``verdict``, ``rule`` and ``reason``.

    Raises:
        FrameInputError: a missing or float column, or (``errors="raise"``) the first bad row.
        InvalidInputError: no cost of capital and no policy.
        TypeError: ``policy`` is not a PaymentTermsPolicy.

    Examples:
        >>> import polars as pl
        >>> from decimal import Decimal
        >>> suppliers = pl.DataFrame({"supplier": ["S1"], "annual_spend": [Decimal("3650000.00")],
        ...     "currency": ["EUR"], "current": ["net 30"], "proposed": ["net 60"]})
        >>> impact = term_change_impact(suppliers, cost_of_capital=Decimal("0.08"), keep=["supplier"])
        >>> impact.select("supplier", "cash_released", "annual_value").rows()
        [('S1', Decimal('300000.00'), Decimal('24000.00'))]
    """
    spec = impact_spec(
        cost_of_capital=cost_of_capital,
        annual_spend=annual_spend,
        currency=currency,
        current=current,
        proposed=proposed,
        supplier_cost_of_capital=supplier_cost_of_capital,
        price_increase=price_increase,
        discount_share=discount_share,
        day_basis=day_basis,
        convention=convention,
        compounding=compounding,
        invoice_amount=invoice_amount,
        rounding=rounding,
        policy=policy,
    )
    return _run(frame, spec, keep=keep, errors=errors, dialect=dialect)


def impact_spec(
    *,
    cost_of_capital: str | Decimal | int | None = None,
    annual_spend: str = "annual_spend",
    currency: str = "currency",
    current: str = "current",
    proposed: str = "proposed",
    supplier_cost_of_capital: str | Decimal | int | None = None,
    price_increase: str | Decimal | int | None = None,
    discount_share: str | Decimal | int | None = None,
    day_basis: int = 365,
    convention: SpendConvention | str = SpendConvention.DAILY,
    compounding: Compounding | str = Compounding.SIMPLE,
    invoice_amount: Decimal | int | None = None,
    rounding: str = "ROUND_HALF_UP",
    policy: PaymentTermsPolicy | None = None,
) -> Spec:
    """The keyed form of [`term_change_impact`][spendrules.frames.term_change_impact] (options as there)."""
    check_terms_policy(policy, cost_of_capital)
    params = [
        _param("annual_spend", annual_spend, required=True),
        _param("currency", currency, required=True),
        _param("current", current, "terms", required=True),
        _param("proposed", proposed, "terms", required=True),
        _param("cost_of_capital", cost_of_capital, required=policy is None),
        _param("supplier_cost_of_capital", supplier_cost_of_capital),
        _param("price_increase", price_increase),
        _param("discount_share", discount_share),
    ]

    def call(**arguments: Any) -> Any:
        return economics.term_change_impact(
            **arguments,
            day_basis=day_basis,
            convention=convention,
            compounding=compounding,
            invoice_amount=invoice_amount,
            rounding=rounding,
            policy=policy,
        )

    fields: list[tuple[str, str, Callable[[Any], Any]]] = [
        (name, "decimal", operator.attrgetter(name)) for name in _IMPACT_FIELDS
    ]
    fields.append(("verdict", "category", lambda r: r.verdict.value))
    return Spec(
        params,
        call,
        fields,
        rule=lambda r: r.rule,
        reason=lambda r: r.primary_reason().code,
    )
