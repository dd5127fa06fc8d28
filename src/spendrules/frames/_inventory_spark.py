"""Explanations on demand, Spark and Dask for the inventory frames functions.

[`explain`][spendrules.frames.explain], [`partition_function`][spendrules.frames.partition_function] and [`spark_schema`][spendrules.frames.spark_schema] extend the
functions of the same names in ``_distributed`` (which keep serving the
payment-term and budget rules) with ``review_stock``, ``safety_stock`` and
``reorder_point``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from spendrules._inventory.policy import LevelKind, _level
from spendrules.errors import InvalidInputError
from spendrules.frames import _distributed
from spendrules.frames._columns import MONEY_MODES, Frame, check_choice
from spendrules.frames._inventory import (
    NAMES,
    ReviewOptions,
    reorder_point,
    review_stock,
    safety_stock,
)
from spendrules.frames._inventory_levels import (
    BUCKETS,
    LEVEL_RULE,
    QUANTITY_MODES,
    REVIEW_RULE,
    SAFETY_RULE,
)
from spendrules.frames._inventory_rows import (
    Inputs,
    lots_as_given,
    resolve,
    scalar_level,
    scalar_review_row,
)
from spendrules.frames._policy_fill import review_row_under_policy
from spendrules.frames._schedule import ERROR_COLUMNS, ERRORS

__all__ = ["explain", "partition_function", "spark_schema"]

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "review_stock": review_stock,
    "safety_stock": safety_stock,
    "reorder_point": reorder_point,
}
_RULES = {REVIEW_RULE: "review_stock", SAFETY_RULE: "safety_stock", LEVEL_RULE: "reorder_point"}
_Z = "decimal(38,20)"


def _name(function: str | Callable[..., Any]) -> str | None:
    for name, candidate in FUNCTIONS.items():
        if function == name or function is candidate:
            return name
    return None


def spark_schema(
    function: str | Callable[..., Any],
    *,
    keep: Mapping[str, str] | None = None,
    money: str = "decimal",
    quantities: str = "decimal",
    scale: int = 4,
    reserve: bool = False,
    errors: str = "raise",
    **options: Any,
) -> str:
    """Return the Spark DDL of a frames function's pandas output.

    The inventory functions are described here; every other function is passed
    to the payment-term and budget [`spendrules.frames.spark_schema`][spendrules.frames.spark_schema].

    Args:
        function: ``"review_stock"``, ``"safety_stock"``, ``"reorder_point"`` (or
            the function), or any name the other frames functions take.
        keep: The ``keep`` columns and their Spark types.
        money: The ``money`` option (``"minor_units"`` gives ``bigint``).
        quantities: The ``quantities`` option (``"micro_units"`` gives ``bigint``;
            else ``decimal(38,6)``).
        scale: Decimal places of decimal money columns (default 4, the most any
            currency has).
        reserve: ``review_stock`` with a ``reserve_table``: adds the reserve columns.
        errors: The ``errors`` option (``"collect"`` adds the error columns).
        **options: Passed on for the other frames functions (``tiers=``...).

    Returns:
        A DDL string for ``mapInPandas``. ``z`` and ``reserve_rate`` are ``decimal(38,20)``.

    Examples:
        >>> spark_schema("reorder_point", keep={"sku": "string"})
        'sku string, row bigint, reorder_point decimal(38,6), mean decimal(38,6), safety_stock decimal(38,6), z decimal(38,20), method string, rule string, reason string'
    """
    name = _name(function)
    if name is None:
        return _distributed.spark_schema(
            function, keep=keep, money=money, scale=scale, errors=errors, **options
        )
    check_choice(money, "money", MONEY_MODES)
    check_choice(quantities, "quantities", QUANTITY_MODES)
    check_choice(errors, "errors", ERRORS)
    if not isinstance(scale, int) or isinstance(scale, bool) or not 0 <= scale <= 38:
        raise InvalidInputError("scale", scale, "an int from 0 to 38")
    amount = "bigint" if money == "minor_units" else f"decimal(38,{scale})"
    units = "bigint" if quantities == "micro_units" else "decimal(38,6)"
    fields = [*(keep or {}).items(), ("row", "bigint")]
    if name == "review_stock":
        fields += [("currency", "string"), ("safety_stock", units), ("safety_method", "string")]
        fields += [("z", _Z), ("level", units)]
        fields += [(bucket, units) for bucket in BUCKETS]
        fields += [(f"{bucket}_value", amount) for bucket in BUCKETS]
        fields += [(f"{bucket}_carrying_cost", amount) for bucket in BUCKETS]
        fields += [("shortage", units), ("value", amount), ("carrying_cost", amount)]
        fields += [("excess_on_order", units), ("excess_on_order_value", amount)]
        fields += [("months_of_supply", units), ("slow_moving", "boolean")]
        fields += [("obsolete_cause", "string")]
        if reserve:
            fields += [("reserve_rate", _Z), ("obsolete_reserve", amount)]
            fields += [("table_reserve", amount), ("reserve", amount)]
    elif name == "safety_stock":
        fields += [(column, units) for column in ("safety_stock", "level", "mean", "sigma")]
        fields += [("protection_interval", units), ("z", _Z), ("method", "string")]
    else:
        fields += [(column, units) for column in ("reorder_point", "mean", "safety_stock")]
        fields += [("z", _Z), ("method", "string")]
    fields += [("rule", "string"), ("reason", "string")]
    if errors == "collect":
        fields += [(column, "string") for column in ERROR_COLUMNS]
    return ", ".join(f"{column} {kind}" for column, kind in fields)


def partition_function(
    function: str | Callable[..., Any], **options: Any
) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """Return ``function`` with ``options`` as a function of an iterator of pandas frames.

    The shape ``pyspark.sql.DataFrame.mapInPandas`` and Dask's ``map_partitions``
    (one frame at a time) call. Inventory functions are handled here; the others
    by the payment-term and budget [`spendrules.frames.partition_function`][spendrules.frames.partition_function].

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> run = partition_function("safety_stock", keep=["sku"])
        >>> batch = pd.DataFrame({"sku": ["A"], "demand_mean": [10], "demand_sd": [3],
        ...     "lead_time": [9], "service_level": [Decimal("0.95")]})
        >>> [list(result["safety_stock"]) for result in run(iter([batch]))]
        [[Decimal('14.803683')]]
    """
    name = _name(function)
    if name is None:
        return _distributed.partition_function(function, **options)
    rule = FUNCTIONS[name]

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            yield rule(batch, **options)

    return run


def explain(result: Any, row: int, *, frame: Any, **options: Any) -> str:
    """Return the scalar rule's full explanation of one row of a frames result.

    Inventory results (``review_stock``, ``safety_stock``, ``reorder_point``)
    re-run the scalar rule on the input row ``result["row"]`` of ``frame`` read
    with the same ``options`` (a review computed under a ``policy`` is explained
    under it, citing the policy file); every other result goes to the payment-term and
    budget [`spendrules.frames.explain`][spendrules.frames.explain].

    Raises:
        InvalidInputError: ``row`` outside ``result``, or an error row of
            ``errors="collect"``.

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> skus = pd.DataFrame({"demand_mean": [10], "demand_sd": [3], "lead_time": [9],
        ...     "service_level": [Decimal("0.95")]})
        >>> print(explain(safety_stock(skus), 0, frame=skus))
        SafetyStock (inventory.safety_stock@1)
          quantity: 14.803683
        ...
    """
    source = Frame(result, "result")
    valid = isinstance(row, int) and not isinstance(row, bool) and 0 <= row < source.size
    rule = source.objects("rule")[row] if valid else None
    if rule not in _RULES:  # other results, a bad row, an error row: the one explain refuses them
        return _distributed.explain(result, row, frame=frame, **options)
    position = int(source.series("row").to_numpy()[row])
    data = Frame(frame)
    given = {name: options.get(name, name) for name in NAMES[_RULES[rule]]}
    inputs = Inputs(
        data, [resolve(data, n, v, None, required=n in _REQUIRED) for n, v in given.items()]
    )
    if rule == REVIEW_RULE:
        checked = ReviewOptions.from_options(options)
        lot_map: dict[str, Any] = {}
        if options.get("lots") is not None:
            lot_map = lots_as_given(options["lots"])
        if checked.policy is not None:  # the review under the policy, with its citation
            cited = review_row_under_policy(
                inputs, position, lot_map, checked.as_of, checked.scalar_options(), checked.policy
            )
            return str(cited.explain())
        review, _reserve = scalar_review_row(
            inputs,
            position,
            lots=lot_map,
            as_of=checked.as_of,
            options=checked.scalar_options(),
            table=None,
            reserve_options={},
        )
        return str(review.explain())
    stock = scalar_level(
        inputs,
        position,
        days_per_year=options.get("days_per_year", 365),
        order_quantity_zero_is_none=False,
    )
    if rule == SAFETY_RULE:
        return str(stock.explain())
    return str(_level(LevelKind.REORDER_POINT, stock).explain())


_REQUIRED = frozenset({"on_hand", "unit_cost", "currency", "demand_mean"})
