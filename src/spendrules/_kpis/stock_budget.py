"""Inventory and budget KPIs: E&O share, carrying cost, reserve coverage, service level,
budget utilisation, forecast vs actual, blocked and overridden requests."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal

from spendrules._budget.model import Stage
from spendrules._checks import (
    check_currency,
    check_decimal,
    check_fraction,
    check_int,
    check_non_negative,
    to_enum,
)
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._inventory.split import StockSplit
from spendrules._kpis.model import (
    Direction,
    Kpi,
    KpiPeriod,
    KpiUnit,
    Spec,
    build,
    optional_period,
    positive,
    to_period,
)
from spendrules._kpis.shares import share_kpi
from spendrules._policy.model import KpiTarget
from spendrules.errors import CurrencyMismatchError, InvalidInputError

__all__ = [
    "ServiceMeasure",
    "VarianceBase",
    "blocked_request_share",
    "budget_utilisation",
    "carrying_cost",
    "excess_obsolete_share",
    "forecast_variance",
    "overridden_request_share",
    "reserve_coverage",
    "service_level",
]


class ServiceMeasure(SpendEnum):
    """Which service level is measured.

    Attributes:
        FILL_RATE: Units (or value) shipped from stock ÷ units demanded (type 2, the
            finance and customer view; default).
        CYCLE: Replenishment cycles (or orders) without a stock-out ÷ all cycles
            (type 1, the planner's view).
    """

    FILL_RATE = "fill_rate"
    CYCLE = "cycle"


class VarianceBase(SpendEnum):
    """What a forecast variance is a share of.

    Attributes:
        FORECAST: ``(actual − forecast) ÷ forecast``: how far spend ran from the plan
            (finance's budget variance; default).
        ACTUAL: ``(actual − forecast) ÷ actual``: the forecast's error against what
            happened (the demand planner's percentage error).
    """

    FORECAST = "forecast"
    ACTUAL = "actual"


_EO_SOURCE = (
    "ASCM (APICS) Dictionary, 'excess inventory' and 'obsolete inventory'; E&O share of "
    "stock value as in Ascherlytics, 'E&O 101' (reserve % and E&O % of inventory value)"
)
_CARRYING_SOURCE = (
    "Investopedia, 'Carrying Costs' (average inventory value × carrying-cost rate); "
    "domain note inventory.md (value × annual rate × days ÷ 365)"
)
_RESERVE_SOURCE = (
    "ASC 330-10-35 (inventory at the lower of cost and net realisable value); "
    "stock-analysis-on.net, 'Inventory Valuation Reserves'; coverage = reserve ÷ E&O value"
)
_SERVICE_SOURCE = (
    "Silver, Pyke and Thomas, 'Inventory and Production Management in Supply Chains', "
    "4th ed. (cycle service level P1 and fill rate P2); domain note inventory.md"
)
_UTILISATION_SOURCE = (
    "CIMA Official Terminology, 'budget variance'; commitment accounting (actuals, "
    "orders and requisitions consume the budget, Oracle/PeopleSoft commitment control)"
)
_VARIANCE_SOURCE = (
    "CIMA Official Terminology, 'variance' ((actual − budget) ÷ budget); for the actual "
    "base, Hyndman and Athanasopoulos, 'Forecasting: Principles and Practice', 3rd ed., "
    "§5.8 (percentage error)"
)
_REQUESTS_SOURCE = (
    "COSO Internal Control — Integrated Framework (2013), control activities: "
    "management overrides tracked as a share of requests checked"
)


def excess_obsolete_share(
    excess_value: Decimal | int | Sequence[StockSplit],
    *,
    obsolete_value: Decimal | int | None = None,
    stock_value: Decimal | int | None = None,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the excess and obsolete (E&O) share of stock value.

    Formula: ``(excess value + obsolete value) ÷ stock value``. From results of
    `spendrules.inventory.classify_on_hand` (a sequence of ``StockSplit``) the
    values are the sums of ``excess.value``, ``obsolete.value`` and ``value``.

    Args:
        excess_value: Value of excess stock, ``>= 0``, or a sequence of ``StockSplit``.
        obsolete_value: Value of obsolete stock, ``>= 0`` (with amounts only).
        stock_value: Value of all stock on hand, ``> 0`` and at least excess + obsolete
            (with amounts only).
        currency: ISO 4217 code; must match the splits'.
        period: The period, or ``None``.
        target: Agreed ceiling, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: negative values, a zero stock value, E&O above stock value,
            amounts missing (or given with splits).
        CurrencyMismatchError: splits in different currencies.
        TypeError: ``float`` amounts.

    Examples:
        >>> excess_obsolete_share(90_000, obsolete_value=30_000, stock_value=800_000).value
        Decimal('0.1500')

    References:
        ASCM (APICS) Dictionary, "excess inventory", "obsolete inventory".
    """
    code = None if currency is None else check_currency(currency, "currency")
    if isinstance(excess_value, Sequence):
        if obsolete_value is not None or stock_value is not None:
            raise InvalidInputError(
                "obsolete_value", obsolete_value, "None (with stock value) given splits"
            )
        excess, obsolete, stock = Decimal(0), Decimal(0), Decimal(0)
        for index, split in enumerate(excess_value):
            if not isinstance(split, StockSplit):
                raise TypeError(
                    f"excess_value[{index}] must be a StockSplit, not {type(split).__name__}"
                )
            if code is None:
                code = split.currency
            elif split.currency != code:
                raise CurrencyMismatchError(f"excess_value[{index}].currency", code, split.currency)
            with exact():
                excess += split.excess.value
                obsolete += split.obsolete.value
                stock += split.value
    else:
        if obsolete_value is None or stock_value is None:
            raise InvalidInputError(
                "obsolete_value" if obsolete_value is None else "stock_value",
                None,
                "given with an excess value",
            )
        excess = check_non_negative(excess_value, "excess_value")
        obsolete = check_non_negative(obsolete_value, "obsolete_value")
        stock = check_decimal(stock_value, "stock_value")
    with exact():
        eo = excess + obsolete
    return share_kpi(
        Spec(
            name="excess_obsolete_share",
            title="Excess and obsolete share",
            unit=KpiUnit.SHARE,
            source=_EO_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        eo,
        stock,
        part_field="excess_value + obsolete_value",
        whole_field="stock_value",
        words=("(excess + obsolete value)", "stock value"),
        figures=[("excess_value", excess, None), ("obsolete_value", obsolete, None)],
        period=period,
        currency=code,
        target=target,
        direction=direction,
    )


def carrying_cost(
    inventory_value: Decimal | int,
    *,
    carrying_rate: Decimal | int,
    currency: str,
    period: KpiPeriod | int = 365,
    day_basis: int = 365,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the cost of carrying stock over the period.

    Formula: ``average inventory value × annual carrying rate × days in period ÷
    day basis`` (a year at the default 365 ÷ 365).

    Args:
        inventory_value: Average inventory value over the period, ``>= 0``.
        carrying_rate: Annual carrying-cost rate as a fraction (capital, storage,
            insurance, shrinkage, obsolescence), between 0 and 1.
        currency: ISO 4217 code of the value.
        period: Days in the period, or a `KpiPeriod`; default 365.
        day_basis: Days in the year the rate is for; default 365 (360 for banks' basis).
        rounding: Rounding to the currency's minor unit; default ``ROUND_HALF_UP``.
        target: Agreed ceiling, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` amount.

    Raises:
        InvalidInputError: a negative value, a rate outside ``[0, 1]``, ``day_basis < 1``.
        TypeError: ``float`` amounts.

    Examples:
        An average inventory of 200,000 at a 10 % annual carrying rate:

        >>> carrying_cost(200_000, carrying_rate=Decimal("0.10"), currency="USD").value
        Decimal('20000.00')

    References:
        Investopedia, "Carrying Costs"; domain note inventory.md.
    """
    code = check_currency(currency, "currency")
    value = check_non_negative(inventory_value, "inventory_value")
    rate = check_fraction(carrying_rate, "carrying_rate")
    basis = check_int(day_basis, "day_basis", minimum=1)
    span = to_period(period)
    with exact():
        cost = value * rate * span.days / basis
    return build(
        Spec(
            name="carrying_cost",
            title="Carrying cost",
            unit=KpiUnit.AMOUNT,
            source=_CARRYING_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        exact_value=cost,
        formula="carrying cost = inventory value × annual rate × days ÷ day basis",
        sentence=(
            f"Carrying cost = {value:,} × {rate} × {span.days} ÷ {basis} = {{value}} {code}."
        ),
        inputs=[
            ("inventory_value", value),
            ("carrying_rate", rate),
            ("day_basis", Decimal(basis)),
        ],
        period=span,
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def reserve_coverage(
    reserve: Decimal | int,
    *,
    excess_obsolete_value: Decimal | int,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return how much of the excess and obsolete stock value the reserve covers.

    Formula: ``coverage = reserve ÷ E&O value``; uncovered = ``E&O value − reserve``
    (negative when the reserve exceeds it).

    Args:
        reserve: The inventory (E&O) reserve booked, ``>= 0``.
        excess_obsolete_value: Value of excess and obsolete stock, ``> 0``.
        currency: ISO 4217 code; the uncovered amount is rounded to it when given.
        period: The period, or ``None``.
        rounding: Rounding of the uncovered amount; default ``ROUND_HALF_UP``.
        target: Agreed target coverage, or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` ratio with the figure ``uncovered``.

    Raises:
        InvalidInputError: a negative reserve, ``excess_obsolete_value <= 0``.
        TypeError: ``float`` amounts.

    Examples:
        >>> kpi = reserve_coverage(84_000, excess_obsolete_value=120_000, currency="USD")
        >>> kpi.value, kpi.figure("uncovered")
        (Decimal('0.7000'), Decimal('36000.00'))

    References:
        ASC 330-10-35; stock-analysis-on.net, "Inventory Valuation Reserves".
    """
    code = None if currency is None else check_currency(currency, "currency")
    booked = check_non_negative(reserve, "reserve")
    eo = positive(excess_obsolete_value, "excess_obsolete_value", what="the reserve coverage")
    with exact():
        value = booked / eo
        uncovered = eo - booked
    return build(
        Spec(
            name="reserve_coverage",
            title="Reserve coverage",
            unit=KpiUnit.RATIO,
            source=_RESERVE_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        exact_value=value,
        formula="reserve coverage = reserve ÷ excess and obsolete value",
        sentence=f"Reserve coverage = reserve ÷ E&O value = {booked:,} ÷ {eo:,} = {{value}}.",
        inputs=[("reserve", booked), ("excess_obsolete_value", eo)],
        figures=[("uncovered", uncovered, None if code is None else KpiUnit.AMOUNT)],
        period=optional_period(period),
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def service_level(
    achieved: Decimal | int,
    *,
    demanded: Decimal | int,
    measure: ServiceMeasure | str = ServiceMeasure.FILL_RATE,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the service level achieved (compare it with the agreed one through ``target``).

    Formula: ``fill rate = units filled from stock ÷ units demanded``
    (``measure="fill_rate"``, default) or ``cycle service level = cycles without a
    stock-out ÷ cycles`` (``"cycle"``).

    Args:
        achieved: Units filled (or cycles without a stock-out), ``0 <= x <= demanded``.
        demanded: Units demanded (or cycles), ``> 0``.
        measure: `ServiceMeasure`; default ``"fill_rate"``.
        period: The period, or ``None``.
        target: The service level the policy targets (for example the one given to
            `spendrules.inventory.safety_stock`), or ``None``.
        direction: Override of the default ``"higher_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``demanded <= 0``, achieved negative or above demanded.
        TypeError: ``float`` quantities.

    Examples:
        >>> kpi = service_level(9_620, demanded=10_000, target=Decimal("0.95"))
        >>> kpi.value, kpi.on_target
        (Decimal('0.9620'), True)

    References:
        Silver, Pyke and Thomas, "Inventory and Production Management in Supply
        Chains", 4th ed.
    """
    how = to_enum(ServiceMeasure, measure, "measure")
    words = (
        ("units filled from stock", "units demanded")
        if how is ServiceMeasure.FILL_RATE
        else ("cycles without a stock-out", "cycles")
    )
    return share_kpi(
        Spec(
            name="service_level",
            title="Service level",
            unit=KpiUnit.SHARE,
            source=_SERVICE_SOURCE,
            direction=Direction.HIGHER_IS_BETTER,
        ),
        achieved,
        demanded,
        part_field="achieved",
        whole_field="demanded",
        words=words,
        variant=how,
        period=period,
        target=target,
        direction=direction,
    )


_STAGES_THROUGH = {
    Stage.ACTUAL: (Stage.ACTUAL,),
    Stage.ORDER: (Stage.ACTUAL, Stage.ORDER),
    Stage.REQUISITION: (Stage.ACTUAL, Stage.ORDER, Stage.REQUISITION),
}


def budget_utilisation(
    actual: Decimal | int,
    *,
    budget: Decimal | int,
    orders: Decimal | int = 0,
    requisitions: Decimal | int = 0,
    through: Stage | str = Stage.ACTUAL,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the share of a budget used, counting the stages finance or procurement count.

    Formula: ``utilisation = consumed ÷ budget``, consumed = actuals
    (``through="actual"``, default: finance's spent), + open orders (``"order"``:
    committed, procurement's view) + open requisitions (``"requisition"``: the
    pipeline). Use one call per period and per stage to see utilisation by both.

    Args:
        actual: Actual expense booked against the budget, ``>= 0``.
        budget: The budget of the period, ``> 0``.
        orders: Open purchase orders (commitments), ``>= 0``.
        requisitions: Open requisitions (pre-commitments), ``>= 0``.
        through: The last `spendrules.budget.Stage` counted; default ``"actual"``.
        currency: ISO 4217 code; the remaining amount is rounded to it when given.
        period: The period, or ``None``.
        rounding: Rounding of the remaining amount; default ``ROUND_HALF_UP``.
        target: Agreed ceiling (for example ``1`` for "within budget"), or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` ratio (above 1 when over budget) with the figure ``remaining``.

    Raises:
        InvalidInputError: negative amounts, ``budget <= 0``.
        TypeError: ``float`` amounts.

    Examples:
        >>> budget_utilisation(620_000, budget=1_000_000).value
        Decimal('0.6200')
        >>> budget_utilisation(620_000, budget=1_000_000, orders=150_000, through="order").value
        Decimal('0.7700')

    References:
        CIMA Official Terminology, "budget variance"; commitment accounting.
    """
    stage = to_enum(Stage, through, "through")
    code = None if currency is None else check_currency(currency, "currency")
    amounts = {
        Stage.ACTUAL: check_non_negative(actual, "actual"),
        Stage.ORDER: check_non_negative(orders, "orders"),
        Stage.REQUISITION: check_non_negative(requisitions, "requisitions"),
    }
    limit = positive(budget, "budget", what="the budget utilisation")
    counted = _STAGES_THROUGH[stage]
    with exact():
        consumed = sum((amounts[s] for s in counted), Decimal(0))
        value = consumed / limit
        remaining = limit - consumed
    return build(
        Spec(
            name="budget_utilisation",
            title="Budget utilisation",
            unit=KpiUnit.RATIO,
            source=_UTILISATION_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        exact_value=value,
        formula="utilisation = (" + " + ".join(s.value for s in counted) + ") ÷ budget",
        sentence=(
            f"Budget utilisation through {stage.value} = "
            + " + ".join(f"{amounts[s]:,}" for s in counted)
            + f" ÷ {limit:,} = {{value}}."
        ),
        inputs=[*((s.value, amounts[s]) for s in counted), ("budget", limit)],
        figures=[
            ("consumed", consumed, None),
            ("remaining", remaining, None if code is None else KpiUnit.AMOUNT),
        ],
        variant=stage,
        period=optional_period(period),
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def forecast_variance(
    actual: Decimal | int,
    *,
    forecast: Decimal | int,
    base: VarianceBase | str = VarianceBase.FORECAST,
    currency: str | None = None,
    period: KpiPeriod | int | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return forecast vs actual: the variance and the variance as a share.

    Formula: ``variance = actual − forecast``; ``variance % = variance ÷ forecast``
    (``base="forecast"``, default) or ``÷ actual`` (``"actual"``). Positive: spend
    ran above the forecast.

    Args:
        actual: Actual spend of the period, ``>= 0`` (``> 0`` with the actual base).
        forecast: Forecast (or budgeted) spend, ``>= 0`` (``> 0`` with the forecast base).
        base: `VarianceBase`; default ``"forecast"``.
        currency: ISO 4217 code; the variance is rounded to it when given.
        period: The period, or ``None``.
        rounding: Rounding of the variance amount; default ``ROUND_HALF_UP``.
        target: Agreed tolerance (``|variance %| <= target``), ``>= 0``, or ``None``.
        direction: Override of the default ``"nearer_zero_is_better"``.

    Returns:
        A `Kpi` ratio with the figure ``variance``.

    Raises:
        InvalidInputError: negative amounts, a zero base, a negative tolerance.
        TypeError: ``float`` amounts.

    Examples:
        >>> kpi = forecast_variance(1_080_000, forecast=1_000_000, target=Decimal("0.05"))
        >>> kpi.value, kpi.figure("variance"), kpi.on_target
        (Decimal('0.0800'), Decimal('80000'), False)

    References:
        CIMA Official Terminology, "variance"; Hyndman and Athanasopoulos,
        "Forecasting: Principles and Practice", 3rd ed., §5.8.
    """
    how = to_enum(VarianceBase, base, "base")
    code = None if currency is None else check_currency(currency, "currency")
    spent = check_non_negative(actual, "actual")
    planned = check_non_negative(forecast, "forecast")
    if how is VarianceBase.FORECAST:
        denominator = positive(planned, "forecast", what="the forecast variance")
    else:
        denominator = positive(spent, "actual", what="the forecast variance")
    with exact():
        variance = spent - planned
        value = variance / denominator
    return build(
        Spec(
            name="forecast_variance",
            title="Forecast variance",
            unit=KpiUnit.RATIO,
            source=_VARIANCE_SOURCE,
            direction=Direction.NEARER_ZERO_IS_BETTER,
        ),
        exact_value=value,
        formula=f"variance % = (actual − forecast) ÷ {how.value}",
        sentence=(
            f"Forecast variance = (actual − forecast) ÷ {how.value} = ({spent:,} − "
            f"{planned:,}) ÷ {denominator:,} = {{value}}."
        ),
        inputs=[("actual", spent), ("forecast", planned)],
        figures=[("variance", variance, None if code is None else KpiUnit.AMOUNT)],
        variant=how,
        period=optional_period(period),
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )


def _request_share(
    name: str, title: str, part: object, requests: object, part_field: str, **options: object
) -> Kpi:
    count = check_int(part, part_field, minimum=0)
    total = check_int(requests, "requests", minimum=0)
    return share_kpi(
        Spec(
            name=name,
            title=title,
            unit=KpiUnit.SHARE,
            source=_REQUESTS_SOURCE,
            direction=Direction.LOWER_IS_BETTER,
        ),
        count,
        total,
        part_field=part_field,
        whole_field="requests",
        words=(f"{part_field} requests", "requests checked"),
        period=options["period"],
        target=options["target"],
        direction=options["direction"],
    )


def blocked_request_share(
    blocked: int,
    *,
    requests: int,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the share of spend requests the budget check blocked.

    Formula: ``blocked requests ÷ requests checked``.

    Args:
        blocked: Requests blocked, ``0 <= blocked <= requests``.
        requests: Requests checked (for example by `spendrules.budget.check_budget`),
            ``> 0``.
        period: The period, or ``None``.
        target: Agreed ceiling, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``requests < 1``, blocked negative or above requests.
        TypeError: counts that are not ``int``.

    Examples:
        >>> blocked_request_share(12, requests=400).value
        Decimal('0.0300')

    References:
        COSO Internal Control — Integrated Framework (2013), control activities.
    """
    return _request_share(
        "blocked_request_share",
        "Blocked request share",
        blocked,
        requests,
        "blocked",
        period=period,
        target=target,
        direction=direction,
    )


def overridden_request_share(
    overridden: int,
    *,
    requests: int,
    period: KpiPeriod | int | None = None,
    target: Decimal | int | KpiTarget | None = None,
    direction: Direction | str | None = None,
) -> Kpi:
    """Return the share of spend requests that went ahead by an override.

    Formula: ``overridden requests ÷ requests checked``.

    Args:
        overridden: Requests released by an override role, ``0 <= x <= requests``.
        requests: Requests checked, ``> 0``.
        period: The period, or ``None``.
        target: Agreed ceiling, or ``None``.
        direction: Override of the default ``"lower_is_better"``.

    Returns:
        A `Kpi` share.

    Raises:
        InvalidInputError: ``requests < 1``, overridden negative or above requests.
        TypeError: counts that are not ``int``.

    Examples:
        >>> overridden_request_share(5, requests=400).value
        Decimal('0.0125')

    References:
        COSO Internal Control — Integrated Framework (2013), control activities.
    """
    return _request_share(
        "overridden_request_share",
        "Overridden request share",
        overridden,
        requests,
        "overridden",
        period=period,
        target=target,
        direction=direction,
    )
