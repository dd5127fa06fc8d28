"""Spark and Dask: the frames functions per partition, their output schema, and explanations on demand.

spendrules does not distribute anything itself: Spark (``mapInPandas``) and
Dask (``map_partitions``) hand each partition to a frames function as a pandas
DataFrame. [`partition_function`][spendrules.frames.partition_function] wraps a function for ``mapInPandas``;
[`spark_schema`][spendrules.frames.spark_schema] gives the DDL of its pandas output. ``row`` is the position
within the pandas batch there (a Dask partition; a Spark Arrow batch, 10,000 rows by
default), so it restarts: pass ``keep=[an id column]`` to join results back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from spendrules._terms.schedule import RULE as SCHEDULE_RULE
from spendrules.errors import InvalidInputError
from spendrules.frames._columns import MONEY_MODES, Frame, check_choice
from spendrules.frames._keyed import (
    FORGONE_RULE,
    Spec,
    decision_spec,
    forgone_discount_rate,
    forgone_spec,
    impact_spec,
    scalar_results,
    should_take_discount,
    term_change_impact,
)
from spendrules.frames._schedule import ERROR_COLUMNS, ERRORS, amount_payable, scalar_row, schedule

__all__ = ["explain", "partition_function", "spark_schema"]

FUNCTIONS: dict[str, Callable[..., Any]] = {
    "schedule": schedule,
    "amount_payable": amount_payable,
    "forgone_discount_rate": forgone_discount_rate,
    "should_take_discount": should_take_discount,
    "term_change_impact": term_change_impact,
}

_RATE = "decimal(38,20)"
DECISION_RULE = "payment_terms.discount_decision@1"
IMPACT_RULE = "payment_terms.term_change_impact@1"


def _function_name(function: str | Callable[..., Any]) -> str:
    for name, candidate in FUNCTIONS.items():
        if function == name or function is candidate:
            return name
    raise InvalidInputError("function", function, "one of " + ", ".join(FUNCTIONS))


def spark_schema(
    function: str | Callable[..., Any],
    *,
    tiers: int | None = None,
    keep: Mapping[str, str] | None = None,
    money: str = "decimal",
    scale: int = 4,
    float_money: str | None = None,
    errors: str = "raise",
) -> str:
    """Return the Spark DDL schema of a frames function's pandas output.

    Args:
        function: ``"schedule"``, ``"amount_payable"``, ``"forgone_discount_rate"`` or
            ``"should_take_discount"`` (or the function itself).
        tiers: ``schedule`` only, required there: the ``tiers`` option passed to it,
            so every partition has the same columns.
        keep: The ``keep`` columns and their Spark types (``{"invoice_id": "string"}``).
        money: The ``money`` option: ``"decimal"`` gives ``decimal(38, scale)`` money
            columns, ``"minor_units"`` gives ``bigint``.
        scale: Decimal places of decimal money columns; default 4, the most any
            ISO 4217 currency has, so no amount is ever cut.
        float_money: The ``float_money`` option (adds its column when given).
        errors: The ``errors`` option (``"collect"`` adds the error columns).

    Returns:
        A DDL string for ``DataFrame.mapInPandas(..., schema=...)``. Rates are
        ``decimal(38,20)``.

    Examples:
        >>> spark_schema("schedule", tiers=1, keep={"invoice_id": "string"})
        'invoice_id string, row bigint, installment bigint, due_date date, amount decimal(38,4), currency string, deadline_1 date, discount_1 decimal(38,4), payable_1 decimal(38,4), rule string, reason string'
        >>> spark_schema("should_take_discount")
        'row bigint, take boolean, tier bigint, discount_rate decimal(38,20), pay_day decimal(38,20), forgone_rate decimal(38,20), break_even_cost_of_capital decimal(38,20), margin decimal(38,20), rule string, reason string'
    """
    name = _function_name(function)
    check_choice(money, "money", MONEY_MODES)
    check_choice(errors, "errors", ERRORS)
    if not isinstance(scale, int) or isinstance(scale, bool) or not 0 <= scale <= 38:
        raise InvalidInputError("scale", scale, "an int from 0 to 38")
    amount = "bigint" if money == "minor_units" else f"decimal(38,{scale})"
    fields = [(column, kind) for column, kind in (keep or {}).items()]
    fields.append(("row", "bigint"))
    if name == "schedule":
        if not isinstance(tiers, int) or isinstance(tiers, bool) or tiers < 0:
            raise InvalidInputError("tiers", tiers, "an int >= 0 (the tiers option of schedule)")
        fields += [
            ("installment", "bigint"),
            ("due_date", "date"),
            ("amount", amount),
            ("currency", "string"),
        ]
        for number in range(1, tiers + 1):
            fields += [
                (f"deadline_{number}", "date"),
                (f"discount_{number}", amount),
                (f"payable_{number}", amount),
            ]
        fields += [("rule", "string"), ("reason", "string")]
    elif name == "amount_payable":
        fields.append(("amount_payable", amount))
    elif name == "forgone_discount_rate":
        fields += [("forgone_rate", _RATE), ("rule", "string")]
    elif name == "should_take_discount":
        fields += [("take", "boolean"), ("tier", "bigint")]
        fields += [
            (column, _RATE)
            for column in (
                "discount_rate",
                "pay_day",
                "forgone_rate",
                "break_even_cost_of_capital",
                "margin",
            )
        ]
        fields += [("rule", "string"), ("reason", "string")]
    else:
        raise InvalidInputError(
            "function", name, "a function with a fixed schema (term_change_impact has none)"
        )
    if float_money is not None and name == "schedule":
        fields.append(("float_money", "string"))
    if errors == "collect" and name != "amount_payable":
        fields += [(column, "string") for column in ERROR_COLUMNS]
    return ", ".join(f"{column} {kind}" for column, kind in fields)


def partition_function(
    function: str | Callable[..., Any], **options: Any
) -> Callable[[Iterable[Any]], Iterator[Any]]:
    """Return ``function`` with ``options`` as a function of an iterator of pandas frames.

    That is the shape ``pyspark.sql.DataFrame.mapInPandas`` calls: each Arrow
    batch of a partition arrives as a pandas DataFrame and leaves as its result.

    Examples:
        >>> import pandas as pd
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> run = partition_function("schedule", tiers=1, keep=["invoice_id"])
        >>> batch = pd.DataFrame({"invoice_id": ["A-1"], "terms": ["2/10 net 30"],
        ...     "invoice_date": [date(2026, 3, 15)], "amount": [Decimal("100.00")],
        ...     "currency": ["USD"]})
        >>> [list(result["payable_1"]) for result in run(iter([batch]))]
        [[Decimal('98.00')]]
    """
    rule = FUNCTIONS[_function_name(function)]

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            yield rule(batch, **options)

    return run


def explain(result: Any, row: int, *, frame: Any, **options: Any) -> str:
    """Return the scalar rule's full explanation of one row of a frames result.

    Bulk results carry the rule id and the primary reason code only; this
    re-runs the scalar rule named by the row's ``rule`` on the input row it came
    from (``result["row"]``) of ``frame``, with the same ``options`` the frames
    function was given.

    Args:
        result: A frame returned by [`schedule`][spendrules.frames.schedule], [`should_take_discount`][spendrules.frames.should_take_discount],
            [`forgone_discount_rate`][spendrules.frames.forgone_discount_rate] or [`term_change_impact`][spendrules.frames.term_change_impact].
        row: Position of the row in ``result``.
        frame: The input frame the result was computed from.
        **options: The options the frames function was called with.

    Returns:
        The scalar result's ``explain()`` text (for the forgone rate, which the
        scalar rule returns as a bare number, one line with the rate).

    Raises:
        InvalidInputError: ``row`` outside ``result``, or a row without a rule
            (an error row of ``errors="collect"``).

    Examples:
        >>> import pandas as pd
        >>> from decimal import Decimal
        >>> invoices = pd.DataFrame({"terms": ["2/10 net 30"]})
        >>> decisions = should_take_discount(invoices, cost_of_capital=Decimal("0.08"))
        >>> print(explain(decisions, 0, frame=invoices, cost_of_capital=Decimal("0.08")))
        DiscountDecision (payment_terms.discount_decision@1)
          take: True
        ...
          - [info] TERMS.DISCOUNT.TAKE: Take the 2 % discount and pay by day 10: ...
    """
    source = Frame(result, "result")
    if not isinstance(row, int) or isinstance(row, bool) or not 0 <= row < source.size:
        raise InvalidInputError("row", row, f"a row of the result (0 to {source.size - 1})")
    rule = source.objects("rule")[row]
    position = int(source.series("row").to_numpy()[row])
    if rule == SCHEDULE_RULE:
        return scalar_row(frame, position, **options).explain()
    keyed: dict[str, Callable[..., Spec]] = {
        DECISION_RULE: decision_spec,
        FORGONE_RULE: forgone_spec,
        IMPACT_RULE: impact_spec,
    }
    if rule not in keyed:
        raise InvalidInputError("row", row, f"a row with a rule (this one has {rule!r})")
    rest = {k: v for k, v in options.items() if k not in {"keep", "errors", "dialect"}}
    spec = keyed[rule](**rest)
    single = Frame(frame).frame[position : position + 1].to_native()
    found = scalar_results(single, spec, dialect=options.get("dialect", "us"))[0]
    if rule == FORGONE_RULE:
        return f"forgone_discount_rate ({FORGONE_RULE}): {found}"
    return str(found.explain())
