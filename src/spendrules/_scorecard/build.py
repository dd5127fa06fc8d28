"""Build a scorecard: each data set's KPIs and chart data (private)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from spendrules import kpis
from spendrules._checks import check_currency
from spendrules._decimal import exact
from spendrules._policy.model import AgreedPolicy
from spendrules._scorecard.model import (
    DEFAULT_TARGET_NAMES,
    RULE,
    BridgeStep,
    BudgetMonth,
    DiscountMonth,
    SavingsBridge,
    Scorecard,
    StockCategory,
    WorkingCapitalPoint,
    _Builder,
    _check_period,
    _check_rows,
    _sum,
)
from spendrules._scorecard.rows import BalanceRow, BudgetRow, InvoiceRow, SavingsRow, StockRow
from spendrules.kpis import KpiPeriod
from spendrules.results import Reason, Severity

__all__ = ["SCORECARD_KPIS", "build_scorecard"]

#: The KPIs a scorecard computes (by `spendrules.kpis` function name), data permitting.
SCORECARD_KPIS: tuple[str, ...] = (
    "discount_capture_rate",
    "on_time_payment_rate",
    "late_payment_interest_paid",
    "po_compliance",
    "savings_realisation",
    "cost_avoidance_share",
    "net_savings",
    "savings_rate",
    "excess_obsolete_share",
    "carrying_cost",
    "reserve_coverage",
    "budget_utilisation",
    "forecast_variance",
    "blocked_request_share",
    "overridden_request_share",
    "dpo",
    "dio",
    "dso",
    "cash_conversion_cycle",
    "payables_turnover",
    "inventory_turnover",
    "spend_under_management",
    "maverick_spend_share",
    "preferred_supplier_share",
)


def build_scorecard(
    *,
    policy: AgreedPolicy,
    period: KpiPeriod | tuple[date, date],
    invoices: Sequence[InvoiceRow] | None = None,
    savings: Sequence[SavingsRow] | None = None,
    stock: Sequence[StockRow] | None = None,
    budget: Sequence[BudgetRow] | None = None,
    balances: Sequence[BalanceRow] | None = None,
    addressable_spend: Decimal | int | None = None,
    target_names: Mapping[str, tuple[str, ...]] = DEFAULT_TARGET_NAMES,
) -> Scorecard:
    """Return the KPIs of ``period`` against the agreed targets, and the data of the charts.

    Each data set given feeds its KPIs (computed by `spendrules.kpis`) and its chart;
    rows dated outside the period are left out (``SCORECARD.ROWS_OUTSIDE_PERIOD``); a
    data set not given leaves its KPIs and chart out (``SCORECARD.DATA_MISSING``).
    A KPI's target is the policy's ``[kpis.<name>]``, else the first of
    ``target_names[name]`` the policy has.

    Args:
        policy: The agreed policy (`spendrules.policy.load`): its targets, reference
            currency (every row must be in it) and inventory carrying rate.
        period: The period (a `spendrules.kpis.KpiPeriod` with start and end, or a
            ``(start, end)`` tuple of dates, both included).
        invoices: Invoices dated in the period: discount capture, on-time payment,
            late-payment interest, PO compliance, spend under management, maverick
            and preferred-supplier shares; the discount chart.
        savings: Savings events dated in the period: savings rate, cost avoidance
            share, net savings, realisation; the savings bridge.
        stock: The on-hand split at the period's end: excess and obsolete share,
            carrying cost (at the policy's carrying rate), reserve coverage; the stock chart.
        budget: Budget periods starting in the period: utilisation, forecast variance,
            blocked and overridden request shares; the burn chart.
        balances: Accounting periods within the period: DPO, DIO, DSO, CCC and the
            turnovers (balances at the last period's end over the flows of all of
            them, over the days from the first one's start to the last one's end); the
            working-capital chart.
        addressable_spend: The savings rate's denominator; default ``None``: the
            invoices' spend in the period.
        target_names: Other policy names of a KPI's target; default
            `DEFAULT_TARGET_NAMES` (the example policy's names).

    Returns:
        A `Scorecard`.

    Raises:
        InvalidInputError: a row in another currency, a period without dates.
        TypeError: a row of the wrong type.
    """
    if not isinstance(policy, AgreedPolicy):
        raise TypeError(f"policy must be an AgreedPolicy, not {type(policy).__name__}")
    span = _check_period(period)
    currency = check_currency(policy.header.reference_currency, "policy.header.reference_currency")
    builder = _Builder(policy, span, target_names)
    invoice_rows = _check_rows(invoices, InvoiceRow, "invoices", currency)
    discounts: tuple[DiscountMonth, ...] = ()
    spend: Decimal | None = None
    if invoice_rows is None:
        builder.missing("invoices", "the payment and compliance KPIs and the discount chart are")
    else:
        kept = builder.within(invoice_rows, lambda row: builder.inside(row.invoice_date), "invoice")
        discounts, spend = _invoices(builder, kept, currency)
    bridge = _savings(builder, savings, currency, spend, addressable_spend)
    stock_split = _stock(builder, stock, currency)
    burn = _budget(builder, budget, currency)
    days = _balances(builder, balances, currency)
    known = {name for kpi in SCORECARD_KPIS for name in (kpi, *target_names.get(kpi, ()))}
    for target in policy.kpis or ():
        if target.name not in known:
            builder.reasons.append(
                Reason.of(
                    "SCORECARD.TARGET_UNUSED",
                    f"The policy's target {target.name!r} ({target.definition}) matches no KPI "
                    "the scorecard computes.",
                    severity=Severity.WARNING,
                    name=target.name,
                )
            )
    met = sum(1 for item in builder.kpis if item.on_target is True)
    missed = sum(1 for item in builder.kpis if item.on_target is False)
    free = len(builder.kpis) - met - missed
    summary = Reason.of(
        "SCORECARD.SUMMARY",
        f"{len(builder.kpis)} KPIs for {span} under {policy.header.name} "
        f"{policy.header.version}: {met} {_verb(met, 'meets', 'meet')} their target, "
        f"{missed} {_verb(missed, 'misses', 'miss')} it, {free} {_verb(free, 'has', 'have')} none.",
        severity=Severity.WARNING if missed else Severity.INFO,
        kpis=len(builder.kpis),
        met=met,
        missed=missed,
    )
    return Scorecard(
        policy_name=policy.header.name,
        policy_version=policy.header.version,
        policy_fingerprint=policy.fingerprint,
        agreed=policy.agreed,
        period=span,
        currency=currency,
        kpis=tuple(builder.kpis),
        bridge=bridge,
        stock=stock_split,
        budget=burn,
        working_capital=days,
        discounts=discounts,
        rule=RULE,
        reasons=(summary, *builder.reasons),
    )


def _verb(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _invoices(
    builder: _Builder, rows: list[InvoiceRow], currency: str
) -> tuple[tuple[DiscountMonth, ...], Decimal | None]:
    if not rows:
        builder.missing("invoices", "the payment and compliance KPIs and the discount chart are")
        return (), None
    period = builder.period
    total = _sum([row.amount for row in rows])
    offered = _sum([row.discount_offered for row in rows])
    taken = _sum([row.discount_taken for row in rows])
    if offered > 0:
        builder.add(
            "discount_capture_rate",
            lambda goal: kpis.discount_capture_rate(
                taken, discounts_offered=offered, currency=currency, period=period, target=goal
            ),
        )
    paid = [row for row in rows if row.paid_date is not None]
    if paid:
        on_time = sum(
            1 for row in paid if row.paid_date is not None and row.paid_date <= row.due_date
        )
        builder.add(
            "on_time_payment_rate",
            lambda goal: kpis.on_time_payment_rate(
                on_time, paid=len(paid), period=period, target=goal
            ),
        )
    builder.add(
        "late_payment_interest_paid",
        lambda goal: kpis.late_payment_interest_paid(
            [row.late_interest for row in rows], currency=currency, period=period, target=goal
        ),
    )
    builder.add(
        "po_compliance",
        lambda goal: kpis.po_compliance(
            sum(1 for row in rows if row.with_po), invoices=len(rows), period=period, target=goal
        ),
    )
    if total > 0:
        contract = _sum([row.amount for row in rows if row.on_contract])
        preferred = _sum([row.amount for row in rows if row.preferred])
        with exact():
            maverick = total - contract
        for name, part, function in (
            ("spend_under_management", contract, kpis.spend_under_management),
            ("maverick_spend_share", maverick, kpis.maverick_spend_share),
            ("preferred_supplier_share", preferred, kpis.preferred_supplier_share),
        ):
            builder.add(
                name,
                lambda goal, part=part, function=function: function(  # type: ignore[misc]
                    part, total_spend=total, currency=currency, period=period, target=goal
                ),
            )
    months: dict[date, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in rows:
        month = months[row.invoice_date.replace(day=1)]
        with exact():
            month[0] += row.discount_offered
            month[1] += row.discount_taken
    chart = tuple(
        DiscountMonth(month=key, offered=value[0], taken=value[1])
        for key, value in sorted(months.items())
    )
    return chart, total


def _savings(
    builder: _Builder,
    savings: Sequence[SavingsRow] | None,
    currency: str,
    spend: Decimal | None,
    addressable: Decimal | int | None,
) -> SavingsBridge | None:
    checked = _check_rows(savings, SavingsRow, "savings", currency)
    rows: list[SavingsRow] = (
        []
        if checked is None
        else builder.within(checked, lambda row: builder.inside(row.date), "savings")
    )
    if not rows:
        builder.missing("savings events", "the savings KPIs and the savings bridge are")
        return None
    period = builder.period
    hard = [row for row in rows if row.kind == "hard"]
    negotiated = _sum([row.negotiated for row in hard])
    realised = _sum([row.realised for row in hard])
    avoidance = _sum([row.negotiated for row in rows if row.kind == "avoidance"])
    increases = _sum([row.realised for row in rows if row.kind == "increase"])
    with exact():
        procurement = negotiated + avoidance
        leakage = negotiated - realised
        finance = realised - increases
    if negotiated > 0:
        builder.add(
            "savings_realisation",
            lambda goal: kpis.savings_realisation(
                realised, negotiated=negotiated, currency=currency, period=period, target=goal
            ),
        )
    if procurement > 0:
        builder.add(
            "cost_avoidance_share",
            lambda goal: kpis.cost_avoidance_share(
                avoidance, hard_savings=negotiated, currency=currency, period=period, target=goal
            ),
        )
    builder.add(
        "net_savings",
        lambda goal: kpis.net_savings(
            realised, cost_increases=increases, currency=currency, period=period, target=goal
        ),
    )
    base = spend if addressable is None else addressable
    if base is not None:
        builder.add(
            "savings_rate",
            lambda goal: kpis.savings_rate(
                finance,
                addressable_spend=base,
                currency=currency,
                period=period,
                target=goal,
            ),
        )
    steps = (
        BridgeStep(label="cost avoidance", amount=avoidance),
        BridgeStep(label="not realised (leakage)", amount=leakage),
        BridgeStep(label="cost increases", amount=increases),
    )
    return SavingsBridge(procurement=procurement, steps=steps, finance=finance)


_BUCKETS = ("committed", "obsolete", "safety", "cycle", "excess")


def _stock(
    builder: _Builder, stock: Sequence[StockRow] | None, currency: str
) -> tuple[StockCategory, ...]:
    checked = _check_rows(stock, StockRow, "stock", currency)
    rows: tuple[Any, ...] = checked or ()
    if not rows:
        builder.missing("stock", "the inventory KPIs and the on-hand chart are")
        return ()
    period = builder.period
    value = _sum([row.on_hand for row in rows])
    excess = _sum([row.excess for row in rows])
    obsolete = _sum([row.obsolete for row in rows])
    reserve = _sum([row.reserve for row in rows])
    if value > 0:
        builder.add(
            "excess_obsolete_share",
            lambda goal: kpis.excess_obsolete_share(
                excess, obsolete_value=obsolete, stock_value=value, period=period, target=goal
            ),
        )
    rate = None if builder.policy.inventory is None else builder.policy.inventory.carrying_rate
    if rate is not None:
        builder.add(
            "carrying_cost",
            lambda goal: kpis.carrying_cost(
                value, carrying_rate=rate, currency=currency, period=period, target=goal
            ),
        )
    with exact():
        at_risk = excess + obsolete
    if at_risk > 0:
        builder.add(
            "reserve_coverage",
            lambda goal: kpis.reserve_coverage(
                reserve, excess_obsolete_value=at_risk, currency=currency, target=goal
            ),
        )
    categories: dict[str, dict[str, Decimal]] = {}
    for row in rows:
        totals = categories.setdefault(row.category, dict.fromkeys(_BUCKETS, Decimal(0)))
        with exact():
            for bucket in _BUCKETS:
                totals[bucket] += getattr(row, bucket)
    return tuple(StockCategory(category=name, **totals) for name, totals in categories.items())


def _budget(
    builder: _Builder, budget: Sequence[BudgetRow] | None, currency: str
) -> tuple[BudgetMonth, ...]:
    checked = _check_rows(budget, BudgetRow, "budget", currency)
    rows: list[BudgetRow] = (
        []
        if checked is None
        else builder.within(checked, lambda row: builder.inside(row.start), "budget")
    )
    if not rows:
        builder.missing("budget", "the budget KPIs and the burn chart are")
        return ()
    rows.sort(key=lambda row: row.start)
    period = builder.period
    phased = _sum([row.phased for row in rows])
    actual = _sum([row.actual for row in rows])
    forecast = _sum([row.forecast for row in rows])
    requests = sum(row.requests for row in rows)
    if phased > 0:
        builder.add(
            "budget_utilisation",
            lambda goal: kpis.budget_utilisation(
                actual, budget=phased, currency=currency, period=period, target=goal
            ),
        )
    if forecast > 0:
        builder.add(
            "forecast_variance",
            lambda goal: kpis.forecast_variance(
                actual, forecast=forecast, currency=currency, period=period, target=goal
            ),
        )
    if requests > 0:
        blocked = sum(row.blocked for row in rows)
        overridden = sum(row.overridden for row in rows)
        builder.add(
            "blocked_request_share",
            lambda goal: kpis.blocked_request_share(
                blocked, requests=requests, period=period, target=goal
            ),
        )
        builder.add(
            "overridden_request_share",
            lambda goal: kpis.overridden_request_share(
                overridden, requests=requests, period=period, target=goal
            ),
        )
    return tuple(
        BudgetMonth(start=row.start, phased=row.phased, actual=row.actual, orders=row.orders)
        for row in rows
    )


def _balances(
    builder: _Builder, balances: Sequence[BalanceRow] | None, currency: str
) -> tuple[WorkingCapitalPoint, ...]:
    checked = _check_rows(balances, BalanceRow, "balances", currency)
    span = builder.period
    rows: list[BalanceRow] = (
        []
        if checked is None
        else builder.within(
            checked, lambda row: builder.inside(row.start) and builder.inside(row.end), "balances"
        )
    )
    if not rows:
        builder.missing("balances", "the working-capital KPIs and the days chart are")
        return ()
    rows.sort(key=lambda row: row.end)
    last = rows[-1]
    # The flows cover the accounting periods given, not necessarily the whole period.
    span = KpiPeriod.between(min(row.start for row in rows), last.end)
    cost = _sum([row.cost_of_sales for row in rows])
    revenue = _sum([row.revenue for row in rows])
    dpo = builder.add(
        "dpo",
        lambda goal: kpis.dpo(last.payables, cost_of_sales=cost, period=span, target=goal),
    )
    dio = builder.add(
        "dio",
        lambda goal: kpis.dio(last.inventory, cost_of_sales=cost, period=span, target=goal),
    )
    dso = builder.add(
        "dso",
        lambda goal: kpis.dso(
            receivables=last.receivables, revenue=revenue, period=span, target=goal
        ),
    )
    builder.add(
        "cash_conversion_cycle",
        lambda goal: kpis.cash_conversion_cycle(dio=dio, dso=dso, dpo=dpo, target=goal),
    )
    builder.add(
        "payables_turnover",
        lambda goal: kpis.payables_turnover(
            last.payables, cost_of_sales=cost, period=span, target=goal
        ),
    )
    builder.add(
        "inventory_turnover",
        lambda goal: kpis.inventory_turnover(
            last.inventory, cost_of_sales=cost, period=span, target=goal
        ),
    )
    return tuple(_point(row) for row in rows)


def _point(row: BalanceRow) -> WorkingCapitalPoint:
    span = KpiPeriod.between(row.start, row.end)
    dpo = kpis.dpo(row.payables, cost_of_sales=row.cost_of_sales, period=span)
    dio = kpis.dio(row.inventory, cost_of_sales=row.cost_of_sales, period=span)
    dso = kpis.dso(receivables=row.receivables, revenue=row.revenue, period=span)
    ccc = kpis.cash_conversion_cycle(dio=dio, dso=dso, dpo=dpo)
    return WorkingCapitalPoint(
        start=row.start, end=row.end, dpo=dpo.value, dio=dio.value, dso=dso.value, ccc=ccc.value
    )
