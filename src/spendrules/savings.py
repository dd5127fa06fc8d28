"""Savings: one classification of a procurement outcome that finance and procurement both sign.

Procurement counts price reductions and cost avoidance; finance counts what
lowers expense against last year and often rejects avoidance. This module
computes both views from the same [`SavingsEvent`][spendrules.savings.SavingsEvent], proves that they
reconcile, and says for every amount whether finance recognises it and why.

Two reference prices settle the arithmetic:

* **B**, finance's baseline: a price actually paid (last price paid, prior-year
  average) or finance's standard cost, for the same specification, dated at
  most ``max_baseline_age_months`` before the new price takes effect;
* **C**, procurement's counterfactual: what would have been paid without
  procurement action: B moved by a market index, or raised by the supplier's
  evidenced written proposal (which only ever raises C, to at most its own
  price; capped by an index, C = min(max(proposal, B), indexed C)).

With P1 the new price and Q the counted quantity, the price effect splits
into non-overlapping components, each ``>= 0`` in magnitude:

| component | per unit | budget | attributable |
|---|---|---|---|
| hard savings | ``max(0, min(B, C) − P1)`` | yes | yes |
| cost avoidance | ``max(0, C − max(B, P1))`` | no | yes |
| market windfall | ``max(0, B − max(C, P1))`` | yes | no |
| cost increase | ``−max(0, P1 − B)`` | yes | no |
| market underperformance | ``−max(0, P1 − C)`` | no | yes |

so that, exactly and to the cent:

    hard + windfall + increase           == (B − P1) · Q     (the finance ledger)
    hard + avoidance + underperformance  == (C − P1) · Q     (the procurement ledger)

Volume changes (valued at B), FX, value-add, one-off amounts, recoveries and
the implementation cost are further components. ``finance_view`` sums the
budget-impacting components, ``procurement_view`` the attributable ones, and
``finance_recognised`` those that are both; ``net_recognised`` is the recognised
figure net of cost increases.

Whether a baseline may support hard savings is one question; what the budget did
is another, and it always has an answer from a price paid. When the baseline
cannot be B (stale, another specification, dated after the effective date, not a
price paid), the finance view is still the budget change against a comparison
price B′ (the baseline when it was paid, else ``last_price_paid``; see
[`BudgetComparison`][spendrules.savings.BudgetComparison]), flagged in ``budget_flag`` ([`BaselineFlag`][spendrules.savings.BaselineFlag]) and
never recognised: an unsupported reduction or a cost increase. Only an event with
no price paid at all has an unknown finance view (``None``).

Policy clauses cited by components (``"<policy> §<id>: <rule>"``): ``price.hard``,
``price.avoidance``, ``price.new_purchase``, ``price.windfall``, ``price.increase``,
``price.unsupported``,
``price.underperformance``, ``volume.demand``, ``volume.scope``, ``volume.variance``,
``fx.variance``, ``value_add.replaces_spend``, ``value_add.soft``, ``one_off.savings``,
``one_off.recovery``, ``one_off.rebate_new``,
``one_off.rebate_change``, ``cost.implementation`` (texts in `CLAUSES`).

Reason codes (stable): ``SAVINGS.HARD``, ``SAVINGS.AVOIDANCE``,
``SAVINGS.NEW_PURCHASE_AVOIDANCE``, ``SAVINGS.WINDFALL``, ``SAVINGS.INCREASE``,
``SAVINGS.UNDERPERFORMANCE``, ``SAVINGS.DEMAND_REDUCTION``, ``SAVINGS.SCOPE_REDUCTION``,
``SAVINGS.VOLUME_VARIANCE``, ``SAVINGS.FX_VARIANCE``, ``SAVINGS.VALUE_ADD_REPLACES_SPEND``,
``SAVINGS.VALUE_ADD_SOFT``, ``SAVINGS.ONE_OFF``, ``SAVINGS.RECOVERY``,
``SAVINGS.IMPLEMENTATION_COST``, ``SAVINGS.UNSUPPORTED_REDUCTION`` (components);
``SAVINGS.BASELINE_ACCEPTED``, ``SAVINGS.BASELINE_NOT_PAID``, ``SAVINGS.BASELINE_SPEC_CHANGED``,
``SAVINGS.BASELINE_AFTER_EFFECTIVE``, ``SAVINGS.BASELINE_STALE``, ``SAVINGS.INDEX_NOT_USED``,
``SAVINGS.INDEX_NEEDS_BASELINE``, ``SAVINGS.COUNTERFACTUAL_INDEXED``,
``SAVINGS.PROPOSAL_UNEVIDENCED``, ``SAVINGS.PROPOSAL_NOT_USED``,
``SAVINGS.COUNTERFACTUAL_PROPOSAL``, ``SAVINGS.NEGATIVES_DROPPED``,
``SAVINGS.DEMAND_WITHOUT_BASELINE_QUANTITY``, ``SAVINGS.VOLUME_NEEDS_BASELINE``,
``SAVINGS.VIEWS``, ``SAVINGS.NOT_YET_EFFECTIVE``, ``SAVINGS.SIGNOFF_PRESENT``,
``SAVINGS.SIGNOFF_REQUIRED``, ``SAVINGS.PENDING``, ``SAVINGS.RECOGNISED``,
``SAVINGS.BUDGET_COMPARISON``, ``SAVINGS.BUDGET_UNKNOWN``,
``SAVINGS.NET_ABOVE_FINANCE_VIEW`` (classification);
``SAVINGS.PRORATE_ACTUAL_DAYS``, ``SAVINGS.PRORATE_SERVICENOW``,
``SAVINGS.PRORATE_OVER_ATTRIBUTED``, ``SAVINGS.BRIDGE``, ``SAVINGS.BRIDGE_THREE_WAY``,
``SAVINGS.PPV``,
``SAVINGS.REALISED``, ``SAVINGS.LEAKAGE``, ``SAVINGS.LINES_OUTSIDE_PERIOD``,
``SAVINGS.SUMMARY``, ``SAVINGS.SUMMARY_DUPLICATE_EVENT``, ``SAVINGS.SUMMARY_MIXED_POLICIES``,
``SAVINGS.SUMMARY_NET_ABOVE_FINANCE_VIEW``.

Under the agreed policy: a ``SavingsPolicy`` read from a policy file (``[savings]``,
see [`spendrules.policy`][spendrules.policy]) carries its ``source``;
[`classify_savings`][spendrules.savings.classify_savings] then puts it on the
classification (``policy_reference``, citing ``savings.signoff_threshold`` when the
sign-off threshold applied, else the section) and ends the reasons with
``POLICY.CITED`` and, when the file is not agreed, ``POLICY.NOT_AGREED``. A policy
built in code changes nothing.

Fiscal-year recognition (stable): ``SAVINGS.PRORATE_CONTRACT_YEARS`` (proration by contract
years, 29 February left out), ``SAVINGS.FY_SLICE`` (the day fraction, "184 of 365 days"),
``SAVINGS.FY_SLICE_OUTSIDE``, ``SAVINGS.FY_ONE_OFF`` (one-offs booked in the period of their
earned or received date), ``SAVINGS.FY_RECOGNISED``, ``SAVINGS.FY_SUMMARY``.

One-offs, rebates and multi-year contracts (stable): ``SAVINGS.REBATE_NEW`` (a rebate without
last year's amount counts whole), ``SAVINGS.REBATE_INCREASE``, ``SAVINGS.REBATE_DECREASE`` (a
recurring rebate counts only its change on last year's; a fall is a cost to the budget)
(components; clauses ``one_off.rebate_new``, ``one_off.rebate_change``);
``SAVINGS.CONTRACT_YEAR_COUNTED``, ``SAVINGS.CONTRACT_YEAR_NOT_COUNTED``,
``SAVINGS.CONTRACT_TOTAL`` ([`classify_contract`][spendrules.savings.classify_contract]); ``SAVINGS.CONTRACT_FY_SLICE``
([`contract_fiscal_year_slice`][spendrules.savings.contract_fiscal_year_slice]).

Bids and price formulas (stable): ``SAVINGS.BID_NON_COMPLIANT``,
``SAVINGS.BID_DUPLICATE_SUPPLIER``, ``SAVINGS.BID_BASELINE``,
``SAVINGS.BID_BASELINE_UNAVAILABLE``, ``SAVINGS.AWARD_LINE_UNAWARDED``,
``SAVINGS.AWARD_LINE_LEVEL``, ``SAVINGS.AWARD_EVENT_LEVEL``,
``SAVINGS.AWARD_NO_SINGLE_SUPPLIER`` ([`bid_baseline`][spendrules.savings.bid_baseline], [`awarded_savings`][spendrules.savings.awarded_savings]);
``SAVINGS.COST_PLUS``, ``SAVINGS.COST_CHANGED`` ([`cost_plus_savings`][spendrules.savings.cost_plus_savings]);
``SAVINGS.LIST_LESS``, ``SAVINGS.LIST_PRICE_CHANGED`` ([`list_less_savings`][spendrules.savings.list_less_savings]).

Examples:
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> event = SavingsEvent(
    ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
    ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
    ...     baseline_evidence="PO-4711", new_price=Decimal("9.50"),
    ...     effective_date=date(2026, 1, 1), forecast_quantity=1000)
    >>> for name in PRESETS:
    ...     r = classify_savings(event, policy=SavingsPolicy.preset(name), as_of=date(2026, 1, 5))
    ...     print(f"{name:18} {r.primary.value:13} {r.finance_recognised:>7} {r.status.value}")
    default            hard_savings   500.00 recognised
    finance_strict     hard_savings   500.00 pending_validation
    procurement_broad  hard_savings   500.00 recognised
    net_of_inflation   hard_savings   500.00 pending_validation
    lowest_bid         hard_savings   500.00 recognised

References:
    Domain notes ``savings.md`` (taxonomy §1, baselines §2, finance tie-outs §4,
    contention points §5, worked examples §6, recommendations §7), citing CAPS
    Research (Ashenbaum 2006), ISM, NLPA, GEP, HM Treasury GEF, Crown Commercial
    Service, OGC, NAO, NIGP, PepsiCo Global Productivity Framework, GE iSave,
    ServiceNow, Fairmarkit, SAP Ariba, Coupa, Syensqo (price/volume bridge).
"""

from __future__ import annotations

from spendrules._savings.bids import (
    AwardedSavings,
    Bid,
    BidBaseline,
    BidBaselineMethod,
    LineAward,
    awarded_savings,
    bid_baseline,
)
from spendrules._savings.classify import (
    CLAUSES,
    SavingsClassification,
    SavingsComponent,
    classify_savings,
)
from spendrules._savings.contracts import (
    ContractClassification,
    ContractFiscalYearSlice,
    ContractYearClassification,
    MultiYearContract,
    classify_contract,
    contract_fiscal_year_slice,
)
from spendrules._savings.finance import (
    BridgeSplit,
    InvoiceLine,
    PriceVolumeBridge,
    PurchasePriceVariance,
    RealisedSavings,
    VarianceDirection,
    price_volume_bridge,
    purchase_price_variance,
    realised_savings,
    savings_percentage,
)
from spendrules._savings.formulas import (
    CostPlusSavings,
    ListLessSavings,
    cost_plus_savings,
    list_less_savings,
)
from spendrules._savings.model import (
    PRESETS,
    BaselineFlag,
    BaselineMethod,
    BudgetComparison,
    ComponentKind,
    ContractCounting,
    DemandChange,
    Driver,
    FinanceSignOff,
    FxRates,
    MarketIndex,
    Missing,
    OneOffAmount,
    OneOffDate,
    OneOffKind,
    SavingsCategory,
    SavingsEvent,
    SavingsPolicy,
    SavingsStatus,
    SupplierProposal,
    ValueAddItem,
)
from spendrules._savings.portfolio import (
    KindTotal,
    SavingsSummary,
    SummaryBy,
    SummaryRow,
    summarise_savings,
)
from spendrules._savings.recognition import (
    DayShare,
    FiscalYearSlice,
    FiscalYearSummary,
    PeriodRows,
    SliceLine,
    fiscal_year_slice,
    summarise_fiscal_years,
)
from spendrules._savings.timing import (
    FiscalPeriod,
    LeapDayStart,
    ProratedAmount,
    Proration,
    ProrationConvention,
    fiscal_years,
    prorate,
)

__all__ = [
    "CLAUSES",
    "PRESETS",
    "AwardedSavings",
    "BaselineFlag",
    "BaselineMethod",
    "Bid",
    "BidBaseline",
    "BidBaselineMethod",
    "BridgeSplit",
    "BudgetComparison",
    "ComponentKind",
    "ContractClassification",
    "ContractCounting",
    "ContractFiscalYearSlice",
    "ContractYearClassification",
    "CostPlusSavings",
    "DayShare",
    "DemandChange",
    "Driver",
    "FinanceSignOff",
    "FiscalPeriod",
    "FiscalYearSlice",
    "FiscalYearSummary",
    "FxRates",
    "InvoiceLine",
    "KindTotal",
    "LeapDayStart",
    "LineAward",
    "ListLessSavings",
    "MarketIndex",
    "Missing",
    "MultiYearContract",
    "OneOffAmount",
    "OneOffDate",
    "OneOffKind",
    "PeriodRows",
    "PriceVolumeBridge",
    "ProratedAmount",
    "Proration",
    "ProrationConvention",
    "PurchasePriceVariance",
    "RealisedSavings",
    "SavingsCategory",
    "SavingsClassification",
    "SavingsComponent",
    "SavingsEvent",
    "SavingsPolicy",
    "SavingsStatus",
    "SavingsSummary",
    "SliceLine",
    "SummaryBy",
    "SummaryRow",
    "SupplierProposal",
    "ValueAddItem",
    "VarianceDirection",
    "awarded_savings",
    "bid_baseline",
    "classify_contract",
    "classify_savings",
    "contract_fiscal_year_slice",
    "cost_plus_savings",
    "fiscal_year_slice",
    "fiscal_years",
    "list_less_savings",
    "price_volume_bridge",
    "prorate",
    "purchase_price_variance",
    "realised_savings",
    "savings_percentage",
    "summarise_fiscal_years",
    "summarise_savings",
]
