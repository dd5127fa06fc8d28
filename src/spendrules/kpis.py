"""The KPIs finance and procurement both report, each one number with its definition.

Finance and procurement report different numbers for the same quarter because they
define the KPIs differently: procurement reports savings negotiated, finance the
expense change; procurement reports days payable as a term length, finance as a
balance-sheet ratio. Each function here returns a `Kpi`: the value, the
formula, the inputs, the period, the published definition it follows, which way it
improves (`Direction`), and, given the agreed ``target``, whether it is met.
Where the two sides define a KPI differently, both definitions are a named option
(``view=``, ``weighting=``, ``basis=``, ``through=``, ``base=``, ``measure=``) with a
documented default, and the result records the one used (``variant``).

| group | KPIs |
|---|---|
| working capital | `dpo`, `dio`, `dso`, `cash_conversion_cycle`, `payables_turnover`, `inventory_turnover`, `cash_released` |
| payments | `discount_capture_rate`, `on_time_payment_rate`, `late_payment_interest_paid` |
| savings | `savings_rate`, `cost_avoidance_share`, `net_savings`, `savings_realisation` |
| compliance | `spend_under_management`, `maverick_spend_share`, `preferred_supplier_share`, `po_compliance`, `split_purchase_leads` |
| inventory | `excess_obsolete_share`, `carrying_cost`, `reserve_coverage`, `service_level` |
| budget | `budget_utilisation`, `forecast_variance`, `blocked_request_share`, `overridden_request_share` |

Conventions:

* Days (DPO, DIO, DSO, CCC) are rounded half-even to 2 places, as
  `spendrules.payment_terms` rounds days; turnovers half-even to 2 places;
  shares, ratios and rates per 1,000 half-even to 4 places (``0.1234`` is 12.34 %);
  money to the currency's minor unit with the function's ``rounding`` (default
  ``ROUND_HALF_UP``). The rule is `KpiUnit`'s.
* A period defaults to 365 days for the KPIs that scale with time; pass a number of
  days or a `KpiPeriod` (``KpiPeriod.between(start, end)``).
* Shares are between 0 and 1: their inputs are validated so that the part is at most
  the whole. A zero denominator is an `spendrules.errors.InvalidInputError`
  naming it.
* Rates over rows name their ``weighting=`` (`Weighting`): the discount capture
  rate is by value by default (the money captured) and counted with ``"count"``
  (APQC measure 101947, discounts taken ÷ discounts available); the on-time payment
  rate and PO compliance are counted by default and by value with ``"value"``.
* ``target`` is a number, or the agreed policy's `spendrules.policy.KpiTarget`
  (`policy_target` finds it by name): the KPI then also reads the policy's direction,
  and the verdict names the policy's KPI.
* ``on_target`` compares the *rounded* value with the target: at least the target
  when higher is better, at most when lower is better, ``|value| <= target`` when
  nearer zero is better. ``direction=`` overrides a KPI's default reading.
* The cash conversion cycle adds the rounded components, so
  ``CCC = DIO + DSO − DPO`` holds exactly on the numbers shown.

Reason codes (stable): one per KPI, carrying the formula with the numbers —
``KPI.DPO``, ``KPI.DIO``, ``KPI.DSO``, ``KPI.CCC``, ``KPI.PAYABLES_TURNOVER``,
``KPI.INVENTORY_TURNOVER``, ``KPI.CASH_RELEASED``, ``KPI.DISCOUNT_CAPTURE_RATE``,
``KPI.ON_TIME_PAYMENT_RATE``, ``KPI.LATE_PAYMENT_INTEREST``, ``KPI.SAVINGS_RATE``,
``KPI.COST_AVOIDANCE_SHARE``, ``KPI.NET_SAVINGS``, ``KPI.SAVINGS_REALISATION``,
``KPI.SPEND_UNDER_MANAGEMENT``, ``KPI.MAVERICK_SPEND_SHARE``,
``KPI.PREFERRED_SUPPLIER_SHARE``, ``KPI.PO_COMPLIANCE``, ``KPI.SPLIT_PURCHASE_LEADS``,
``KPI.EXCESS_OBSOLETE_SHARE``, ``KPI.CARRYING_COST``, ``KPI.RESERVE_COVERAGE``,
``KPI.SERVICE_LEVEL``, ``KPI.BUDGET_UTILISATION``, ``KPI.FORECAST_VARIANCE``,
``KPI.BLOCKED_REQUEST_SHARE``, ``KPI.OVERRIDDEN_REQUEST_SHARE`` — then, with a target,
``KPI.TARGET_MET`` (info) or ``KPI.TARGET_MISSED`` (warning).

Rule ids: ``"kpis.<name>@1"`` (for example ``"kpis.dio@1"``).

Examples:
    AccountingTools' DIO, a DSO and Investopedia's DPO, and the cycle they make:

    >>> from spendrules import kpis
    >>> dio = kpis.dio(300_000, cost_of_sales=2_000_000)
    >>> dso = kpis.dso(receivables=50_000, revenue=200_000)
    >>> dpo = kpis.dpo(50_000_000, cost_of_sales=120_000_000, basis="average",
    ...                opening_payables=30_000_000)
    >>> ccc = kpis.cash_conversion_cycle(dio=dio, dso=dso, dpo=dpo, target=30)
    >>> ccc.value, ccc.on_target
    (Decimal('24.33'), True)
    >>> print(ccc.reasons[0].message)
    CCC = DIO + DSO − DPO = 54.75 + 91.25 − 121.67 = 24.33 days.
"""

from __future__ import annotations

from spendrules._budget.model import Stage
from spendrules._kpis.model import (
    DAY_PLACES,
    RATIO_PLACES,
    RATIO_ROUNDING,
    TIMES_PLACES,
    Direction,
    Figure,
    Kpi,
    KpiPeriod,
    KpiUnit,
    Weighting,
    policy_target,
)
from spendrules._kpis.payments import (
    discount_capture_rate,
    late_payment_interest_paid,
    maverick_spend_share,
    on_time_payment_rate,
    po_compliance,
    preferred_supplier_share,
    spend_under_management,
    split_purchase_leads,
)
from spendrules._kpis.savings import (
    SavingsView,
    cost_avoidance_share,
    net_savings,
    savings_rate,
    savings_realisation,
)
from spendrules._kpis.stock_budget import (
    ServiceMeasure,
    VarianceBase,
    blocked_request_share,
    budget_utilisation,
    carrying_cost,
    excess_obsolete_share,
    forecast_variance,
    overridden_request_share,
    reserve_coverage,
    service_level,
)
from spendrules._kpis.turnovers import cash_released, inventory_turnover, payables_turnover
from spendrules._kpis.working_capital import (
    BalanceBasis,
    DpoView,
    cash_conversion_cycle,
    dio,
    dpo,
    dso,
)

__all__ = [  # noqa: RUF022 - grouped by question, as the other public modules
    # the result and its parts
    "Kpi",
    "Figure",
    "KpiPeriod",
    "KpiUnit",
    "Direction",
    "policy_target",
    # definitions where finance and procurement differ
    "BalanceBasis",
    "DpoView",
    "SavingsView",
    "ServiceMeasure",
    "Stage",
    "VarianceBase",
    "Weighting",
    # rounding rules
    "DAY_PLACES",
    "RATIO_PLACES",
    "RATIO_ROUNDING",
    "TIMES_PLACES",
    # working capital
    "dpo",
    "dio",
    "dso",
    "cash_conversion_cycle",
    "payables_turnover",
    "inventory_turnover",
    "cash_released",
    # payments
    "discount_capture_rate",
    "on_time_payment_rate",
    "late_payment_interest_paid",
    # savings
    "savings_rate",
    "cost_avoidance_share",
    "net_savings",
    "savings_realisation",
    # compliance
    "spend_under_management",
    "maverick_spend_share",
    "preferred_supplier_share",
    "po_compliance",
    "split_purchase_leads",
    # inventory
    "excess_obsolete_share",
    "carrying_cost",
    "reserve_coverage",
    "service_level",
    # budget
    "budget_utilisation",
    "forecast_variance",
    "blocked_request_share",
    "overridden_request_share",
]
