"""Explanations on demand, Spark and Dask for ``frames.classify_savings`` (private).

[`explain`][spendrules.frames.explain], [`partition_function`][spendrules.frames.partition_function] and [`spark_schema`][spendrules.frames.spark_schema] extend the
functions of the same names in ``_inventory_spark`` (which keep serving the
inventory, payment-term and budget rules) with ``classify_savings``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from spendrules._savings.classify import RULE
from spendrules.errors import InvalidInputError
from spendrules.frames import _inventory_spark
from spendrules.frames._columns import MONEY_MODES, Frame, check_choice
from spendrules.frames._savings import SavingsOptions, classify_savings, read_table
from spendrules.frames._savings_output import scalar_row
from spendrules.frames._savings_vector import KINDS
from spendrules.frames._schedule import ERROR_COLUMNS, ERRORS

__all__ = ["explain", "partition_function", "spark_schema"]

_NAME = "classify_savings"


def _is_savings(function: str | Callable[..., Any]) -> bool:
    return function == _NAME or function is classify_savings


def spark_schema(
    function: str | Callable[..., Any],
    *,
    keep: Mapping[str, str] | None = None,
    money: str = "decimal",
    scale: int = 4,
    period: bool = False,
    errors: str = "raise",
    **options: Any,
) -> str:
    """Return the Spark DDL of a frames function's pandas output.

    ``classify_savings`` is described here; every other function is passed to the
    inventory, payment-term and budget [`spendrules.frames.spark_schema`][spendrules.frames.spark_schema].

    Args:
        function: ``"classify_savings"`` (or the function), or any name the other
            frames functions take.
        keep: The ``keep`` columns and their Spark types.
        money: The ``money`` option (``"minor_units"`` gives ``bigint``).
        scale: Decimal places of decimal money columns (default 4, the most any
            currency has).
        period: ``classify_savings`` with a ``period``: adds the fiscal-year columns.
        errors: The ``errors`` option (``"collect"`` adds the error columns).
        **options: Passed on for the other frames functions.

    Returns:
        A DDL string for ``mapInPandas``.

    Examples:
        >>> spark_schema("classify_savings", money="minor_units").split(", ")[:5]
        ['row bigint', 'currency string', 'finance_view bigint', 'procurement_view bigint', 'finance_recognised bigint']
    """
    if not _is_savings(function):
        return _inventory_spark.spark_schema(
            function, keep=keep, money=money, scale=scale, errors=errors, **options
        )
    check_choice(money, "money", MONEY_MODES)
    check_choice(errors, "errors", ERRORS)
    if not isinstance(scale, int) or isinstance(scale, bool) or not 0 <= scale <= 38:
        raise InvalidInputError("scale", scale, "an int from 0 to 38")
    amount = "bigint" if money == "minor_units" else f"decimal(38,{scale})"
    fields = [*(keep or {}).items(), ("row", "bigint"), ("currency", "string")]
    fields += [
        (name, amount)
        for name in ("finance_view", "procurement_view", "finance_recognised", "net_recognised")
    ]
    fields += [(name, "string") for name in ("primary", "status", "missing", "budget_flag")]
    fields += [(kind.value, amount) for kind in KINDS]
    if period:
        fields += [("fy_days", "bigint"), ("fy_of_days", "bigint")]
        fields += [
            (name, amount)
            for name in (
                "fy_finance_view",
                "fy_procurement_view",
                "fy_finance_recognised",
                "fy_net_recognised",
                "fy_recognised",
                "fy_pending",
            )
        ]
    fields += [("rule", "string"), ("reason", "string")]
    if errors == "collect":
        fields += [(column, "string") for column in ERROR_COLUMNS]
    return ", ".join(f"{column} {kind}" for column, kind in fields)


def partition_function(
    function: str | Callable[..., Any], **options: Any
) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """Return ``function`` with ``options`` as a function of an iterator of pandas frames.

    The shape ``pyspark.sql.DataFrame.mapInPandas`` and Dask's ``map_partitions``
    call. ``classify_savings`` is handled here; the others by the inventory,
    payment-term and budget [`spendrules.frames.partition_function`][spendrules.frames.partition_function].

    Examples:
        >>> import pandas as pd
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> run = partition_function("classify_savings", as_of=date(2026, 3, 31))
        >>> batch = pd.DataFrame({"item": ["A"], "currency": ["USD"],
        ...     "baseline_price": [Decimal("10.00")], "baseline_method": ["last_price_paid"],
        ...     "baseline_date": [date(2025, 11, 3)], "new_price": [Decimal("9.50")],
        ...     "effective_date": [date(2026, 1, 1)], "forecast_quantity": [1000]})
        >>> [list(result["hard_savings"]) for result in run(iter([batch]))]
        [[Decimal('500.00')]]
    """
    if not _is_savings(function):
        return _inventory_spark.partition_function(function, **options)

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            yield classify_savings(batch, **options)

    return run


def explain(result: Any, row: int, *, frame: Any, **options: Any) -> str:
    """Return the scalar rule's full explanation of one row of a frames result.

    Savings results re-run [`spendrules.savings.classify_savings`][spendrules.savings.classify_savings] on the input
    row ``result["row"]`` of ``frame`` read with the same ``options`` (the column
    keywords, ``as_of`` and ``policy``); every other result goes to the inventory,
    payment-term and budget [`spendrules.frames.explain`][spendrules.frames.explain].

    Raises:
        InvalidInputError: ``row`` outside ``result``, or an error row of
            ``errors="collect"``.

    Examples:
        >>> import pandas as pd
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> events = pd.DataFrame({"item": ["A"], "currency": ["USD"],
        ...     "baseline_price": [Decimal("10.00")], "baseline_method": ["last_price_paid"],
        ...     "baseline_date": [date(2025, 11, 3)], "new_price": [Decimal("9.50")],
        ...     "effective_date": [date(2026, 1, 1)], "forecast_quantity": [1000]})
        >>> result = classify_savings(events, as_of=date(2026, 3, 31))
        >>> print(explain(result, 0, frame=events, as_of=date(2026, 3, 31)))
        SavingsClassification (savings.classify@2)
        ...
    """
    source = Frame(result, "result")
    valid = isinstance(row, int) and not isinstance(row, bool) and 0 <= row < source.size
    rule = source.objects("rule")[row] if valid else None
    if rule != RULE:  # other results, a bad row, an error row: the one explain refuses them
        return _inventory_spark.explain(result, row, frame=frame, **options)
    position = int(source.series("row").to_numpy()[row])
    checked = SavingsOptions.check(
        as_of=options.get("as_of"),
        policy=options.get("policy"),
        money=options.get("money", "decimal"),
        errors=options.get("errors", "raise"),
    )
    table = read_table(Frame(frame), options)
    values = table.rows([position])[0]
    found = scalar_row(table, position, values, checked.policy, checked.as_of)
    return str(found.explain())
