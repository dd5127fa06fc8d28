"""Inputs of the savings rule: conventions (enums), the event and the policy (private)."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

import attrs

from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._policy.reference import PolicyReference, source_field
from spendrules._savings import _fields as f
from spendrules.errors import InvalidInputError
from spendrules.money import ROUNDING_MODES

__all__ = [
    "PRESETS",
    "BaselineFlag",
    "BaselineMethod",
    "BudgetComparison",
    "ComponentKind",
    "ContractCounting",
    "DemandChange",
    "Driver",
    "FinanceSignOff",
    "FxRates",
    "MarketIndex",
    "Missing",
    "OneOffAmount",
    "OneOffDate",
    "OneOffKind",
    "SavingsCategory",
    "SavingsEvent",
    "SavingsPolicy",
    "SavingsStatus",
    "SupplierProposal",
    "ValueAddItem",
]


class BaselineMethod(SpendEnum):
    """How the baseline ("before") price of an event was set.

    Only prices the organisation actually paid, or its own standard cost, can be
    the finance baseline **B**; the others are counterfactuals (procurement's
    **C**) unless the policy says otherwise.

    Attributes:
        LAST_PRICE_PAID: The last unit price paid for the same specification (ISM-12, sig.org).
        PRIOR_YEAR_AVERAGE: Last year's spend divided by last year's units (NLPA).
        STANDARD_COST: Finance's own standard cost (PPV; LevaData).
        BUDGET: A budgeted or should-cost price. A saving only when
            ``SavingsPolicy.budget_underspend_counts`` (ARMY; SAP, ProcureDesk).
        QUOTE: A first quote or initial proposal: a counterfactual only (ISM-12, SORC).
        BID_AVERAGE: The average of evaluated bids: a counterfactual unless
            ``SavingsPolicy.bids_count_as_baseline`` (ISM-13, Fairmarkit).
        NEXT_LOWEST_BID: The next-lowest compliant bid: the public-sector low-bid
            rule (NIGP); a counterfactual unless ``bids_count_as_baseline``.
        INDEXED: A price already moved by a market index: a counterfactual only
            (Deducta; SORC: market moves "aren't visible in the spending").
    """

    LAST_PRICE_PAID = "last_price_paid"
    PRIOR_YEAR_AVERAGE = "prior_year_average"
    STANDARD_COST = "standard_cost"
    BUDGET = "budget"
    QUOTE = "quote"
    BID_AVERAGE = "bid_average"
    NEXT_LOWEST_BID = "next_lowest_bid"
    INDEXED = "indexed"


#: Methods that are prices actually paid or finance's own cost: always eligible as B.
PAID_METHODS = frozenset(
    {
        BaselineMethod.LAST_PRICE_PAID,
        BaselineMethod.PRIOR_YEAR_AVERAGE,
        BaselineMethod.STANDARD_COST,
    }
)

#: Bid-based methods, eligible as B only under ``bids_count_as_baseline``.
BID_METHODS = frozenset({BaselineMethod.BID_AVERAGE, BaselineMethod.NEXT_LOWEST_BID})


class DemandChange(SpendEnum):
    """Why the quantity differs from the baseline quantity.

    Attributes:
        NONE: No deliberate change; any difference is ordinary volume variance.
        INTENTIONAL_SAME_OUTPUT: Demand management with the same or better output
            (CCS "demand management"; OGC "NOT by reducing quality"; PEP intentional
            volume reduction).
        SCOPE_CUT: Less bought because less is delivered (GEF "non-efficiency
            savings"; NAO "cash-releasing scope reductions").
        UNPLANNED: Business fluctuation ("not productivity", PEP; SI-2).
    """

    NONE = "none"
    INTENTIONAL_SAME_OUTPUT = "intentional_same_output"
    SCOPE_CUT = "scope_cut"
    UNPLANNED = "unplanned"


class OneOffKind(SpendEnum):
    """A one-off amount that is not a recurring price effect.

    Attributes:
        CREDIT: A one-off credit or rebate from the supplier (a saving in its period, CCS).
        WAIVER: A waived fee (eSourcingWiki "waived fees").
        RECOVERY: Money recovered that should not have been paid, e.g. over-billing
            compensation: cash, but not a saving (NAO).
        REBATE: A volume or loyalty rebate that recurs year after year: with last year's
            amount (``OneOffAmount.previous_amount``) only its change on last year's
            counts, and a fall is a cost to the budget (PepsiCo: a lump sum counts "only
            for the increment over PY"); without it, it is a new rebate and counts whole.
    """

    CREDIT = "credit"
    WAIVER = "waiver"
    RECOVERY = "recovery"
    REBATE = "rebate"


class OneOffDate(SpendEnum):
    """Which date of a one-off amount puts it in a period (``SavingsPolicy.one_off_date``).

    Attributes:
        EARNED: The date it was earned (``OneOffAmount.earned_on``): the period whose
            purchases or performance it relates to. The default: finance reports on an
            accrual basis, so a rebate earned on 2026 purchases lowers 2026's cost even
            when the supplier pays it in 2027 (the matching of income and expense in the
            period they relate to; CCS counts a one-off "where [it does] not represent
            deferred expenditure", that is, in its own period).
        RECEIVED: The date it was received (``OneOffAmount.received_on``): the cash view,
            for a treasury or cash-releasing report.
    """

    EARNED = "earned"
    RECEIVED = "received"


class ContractCounting(SpendEnum):
    """Which years of a multi-year contract count (``SavingsPolicy.contract_counting``).

    Every contract year is classified on its own prior year (year 1 on the baseline);
    this says which of those years the contract's totals and fiscal-year slices count.

    Attributes:
        FIRST_YEAR_OVER_YEAR: Only the first year-over-year: year 1 against the baseline;
            later years are classified and shown, but not counted. The default, the
            published practice: UMICH "only the first year-over-year", GEP "only the first
            year of savings is typically counted" (TV-32); SIGP calls years 2+ "run-rate
            ... second class"; ProcureDesk counts first-year savings and lets years 2–3
            "adjust the forecast" (TV-09).
        EACH_YEAR_ON_PRIOR: Every year counts its own change on the year before (year k's
            price against year k − 1's contract price, a price paid by then), so an
            escalator is a cost increase in its year and a step-down a saving: the
            year-on-year expense finance budgets.
    """

    FIRST_YEAR_OVER_YEAR = "first_year_over_year"
    EACH_YEAR_ON_PRIOR = "each_year_on_prior"


class ComponentKind(SpendEnum):
    """The non-overlapping components an event is split into.

    Attributes:
        HARD_SAVINGS: The price fell below both B and C (or value-add replaced budgeted spend).
        COST_AVOIDANCE: C is above max(B, P1): an increase that was avoided.
        MARKET_WINDFALL: B is above max(C, P1): the market fell, not procurement's doing.
        COST_INCREASE: P1 is above B, or above the budget comparison B′ when there is no valid
            B (negative).
        UNSUPPORTED_REDUCTION: P1 is below the budget comparison B′ but B′ cannot support hard
            savings (stale, another specification, not a price paid): the budget falls,
            finance does not recognise it as a saving.
        MARKET_UNDERPERFORMANCE: P1 is above C (negative).
        DEMAND_REDUCTION: Fewer units with the same output, valued at B.
        SCOPE_REDUCTION: Fewer units because less is delivered, valued at B.
        VOLUME_VARIANCE: Any other quantity change, valued at B.
        FX_VARIANCE: The exchange-rate effect on the new price: never a saving.
        SOFT_VALUE_ADD: Value received at no cost that does not replace budgeted spend.
        ONE_OFF_SAVINGS: A one-off credit or waiver, or a rebate's change on last year's
            (negative when the rebate fell).
        RECOVERY: Money recovered (not a saving).
        IMPLEMENTATION_COST: The cost of making the change (negative).
    """

    HARD_SAVINGS = "hard_savings"
    COST_AVOIDANCE = "cost_avoidance"
    MARKET_WINDFALL = "market_windfall"
    COST_INCREASE = "cost_increase"
    UNSUPPORTED_REDUCTION = "unsupported_reduction"
    MARKET_UNDERPERFORMANCE = "market_underperformance"
    DEMAND_REDUCTION = "demand_reduction"
    SCOPE_REDUCTION = "scope_reduction"
    VOLUME_VARIANCE = "volume_variance"
    FX_VARIANCE = "fx_variance"
    SOFT_VALUE_ADD = "soft_value_add"
    ONE_OFF_SAVINGS = "one_off_savings"
    RECOVERY = "recovery"
    IMPLEMENTATION_COST = "implementation_cost"


class Driver(SpendEnum):
    """What produced a component (hard savings can come from price or from value-add).

    Attributes:
        PRICE: The unit price against B and C, times the counted quantity.
        VOLUME: The quantity change against the baseline quantity, at B.
        FX: The exchange rate.
        VALUE_ADD: A value-add item.
        ONE_OFF: A one-off amount.
        IMPLEMENTATION: The implementation cost.
    """

    PRICE = "price"
    VOLUME = "volume"
    FX = "fx"
    VALUE_ADD = "value_add"
    ONE_OFF = "one_off"
    IMPLEMENTATION = "implementation"


class SavingsCategory(SpendEnum):
    """The one label an event gets (first that applies, in this order).

    Attributes:
        HARD_SAVINGS: Positive hard savings, demand reduction or one-off savings.
        COST_INCREASE: The price rose above B (or B′), or a recurring rebate fell.
        COST_AVOIDANCE: Positive cost avoidance.
        SOFT_SAVINGS: Positive soft value-add.
        NO_SAVING: None of the above.
    """

    HARD_SAVINGS = "hard_savings"
    COST_INCREASE = "cost_increase"
    COST_AVOIDANCE = "cost_avoidance"
    SOFT_SAVINGS = "soft_savings"
    NO_SAVING = "no_saving"


class BudgetComparison(SpendEnum):
    """Which price the finance view (what the budget did) is measured against, when B is not valid.

    Hard savings need a valid finance baseline B; the budget change needs only a price. When
    the baseline cannot be B, the finance view is still the budget change against a
    comparison price B′, flagged (see [`BaselineFlag`][spendrules.savings.BaselineFlag]).

    Attributes:
        PRICE_PAID: The baseline when its method is a price paid (last price paid, prior-year
            average, standard cost), whatever its age or specification; otherwise the event's
            ``last_price_paid``; unknown when neither exists. The default: a budget moves
            from what was actually paid (ISM-12: "the last price paid").
        BASELINE: The event's baseline price whatever its method (a quote, a budget or a bid
            too): the budget holder's view when budgets are set from those prices.
    """

    PRICE_PAID = "price_paid"
    BASELINE = "baseline"


class BaselineFlag(SpendEnum):
    """Whether the comparison behind the finance view can support hard savings, and if not why.

    Attributes:
        SUPPORTED: The comparison is the finance baseline B: hard savings may be recognised.
        STALE: A price paid, but older than ``max_baseline_age_months``.
        OTHER_SPEC: A price paid for another specification.
        AFTER_EFFECTIVE: A price dated after the effective date (not a before price).
        NOT_PAID: Not a price paid (a quote, budget or bid the policy does not accept as B);
            the comparison is the last price paid, or the baseline under
            ``BudgetComparison.BASELINE``.
        NO_HISTORY: No price was ever paid: the finance view is unknown.
    """

    SUPPORTED = "supported"
    STALE = "stale"
    OTHER_SPEC = "other_spec"
    AFTER_EFFECTIVE = "after_effective"
    NOT_PAID = "not_paid"
    NO_HISTORY = "no_history"


class SavingsStatus(SpendEnum):
    """Whether the classification is validated.

    Attributes:
        RECOGNISED: Evidence is complete and any required finance sign-off is in place.
        PENDING_VALIDATION: Something is missing; see ``SavingsClassification.missing``.
    """

    RECOGNISED = "recognised"
    PENDING_VALIDATION = "pending_validation"


class Missing(SpendEnum):
    """What keeps a classification pending.

    Attributes:
        BASELINE_EVIDENCE: No reference for the baseline price (goclero: "A baseline
            set after the fact is an opinion").
        PROPOSAL_EVIDENCE: A supplier proposal without a written reference; it was ignored.
        INDEX_EVIDENCE: A market index without a source reference.
        VALUE_ADD_EVIDENCE: A value-add item said to replace budgeted spend, without evidence.
        FINANCE_SIGNOFF: Finance-recognised savings above the policy threshold without a
            sign-off dated on or before ``as_of`` (GE: "Finance to approve projects above 100K").
    """

    BASELINE_EVIDENCE = "baseline_evidence"
    PROPOSAL_EVIDENCE = "proposal_evidence"
    INDEX_EVIDENCE = "index_evidence"
    VALUE_ADD_EVIDENCE = "value_add_evidence"
    FINANCE_SIGNOFF = "finance_signoff"


# Input value objects -------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SupplierProposal:
    """A supplier's written price proposal (for example an increase request).

    Attributes:
        price: Proposed unit price, in the event's price currency.
        evidence: Reference to the written proposal (letter, e-mail id). Empty means
            unevidenced: the proposal is then ignored and the event stays pending.
    """

    price: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    evidence: str = attrs.field(default="", validator=f.text)


@attrs.frozen(kw_only=True)
class MarketIndex:
    """A market index that moves the counterfactual: C = B × (1 + s × (I1 / I0 − 1)).

    Attributes:
        base: Index value at the baseline date, I0 (> 0).
        current: Index value at the effective date, I1 (> 0).
        indexed_share: Share s of the price that follows the index, a fraction in [0, 1].
        name: Index name, for the explanation.
        evidence: Reference to the published index values; empty keeps the event pending.
    """

    base: Decimal = attrs.field(converter=f.to_decimal, validator=f.positive)
    current: Decimal = attrs.field(converter=f.to_decimal, validator=f.positive)
    indexed_share: Decimal = attrs.field(
        default=Decimal(1), converter=f.to_decimal, validator=f.fraction
    )
    name: str = attrs.field(default="", validator=f.text)
    evidence: str = attrs.field(default="", validator=f.text)


@attrs.frozen(kw_only=True)
class FxRates:
    """Exchange rates for an event priced in a supplier currency.

    With ``fx`` set, the event's unit prices (baseline, new, proposal) are in
    ``supplier_currency``; amounts are reported in the event's ``currency``.

    Attributes:
        supplier_currency: ISO 4217 code of the prices; must differ from the event currency.
        baseline_rate: Reporting-currency units per supplier-currency unit in the
            baseline period (> 0). Prices are compared at this rate.
        current_rate: The rate now (> 0). The difference is the FX variance.
    """

    supplier_currency: str = attrs.field(validator=f.currency)
    baseline_rate: Decimal = attrs.field(converter=f.to_decimal, validator=f.positive)
    current_rate: Decimal = attrs.field(converter=f.to_decimal, validator=f.positive)


@attrs.frozen(kw_only=True)
class ValueAddItem:
    """Something of value the supplier gives at no extra cost (FELP "added value").

    Attributes:
        description: What it is.
        market_value: Its value per 12 months, in the event currency (>= 0).
        evidence: Reference for the value (a quote for the same service, say).
        replaces_budgeted_spend: True when it replaces spend that was budgeted and
            would have been paid; with evidence it is then a hard saving.
    """

    description: str = attrs.field(validator=f.label)
    market_value: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    evidence: str = attrs.field(default="", validator=f.text)
    replaces_budgeted_spend: bool = attrs.field(default=False, validator=f.flag)


@attrs.frozen(kw_only=True)
class OneOffAmount:
    """A one-off amount, counted once, in the period of its counting date.

    Attributes:
        kind: Credit, waiver, recovery or rebate.
        amount: The amount in the event currency (>= 0).
        description: What it is.
        earned_on: When it was earned; default None, the event's effective date.
        received_on: When it was (or will be) received; default None, the event's
            effective date. ``SavingsPolicy.one_off_date`` chooses which date counts; a
            date outside the counting window still counts once, in its own period.
        previous_amount: Last year's amount of a recurring REBATE (>= 0): only the change
            ``amount − previous_amount`` counts. Default None: a new rebate, counted whole.
            Only a REBATE can have one.

    Raises:
        InvalidInputError: a ``previous_amount`` on a kind other than REBATE.
    """

    kind: OneOffKind = attrs.field(validator=f.member(OneOffKind))
    amount: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    description: str = attrs.field(default="", validator=f.text)
    earned_on: date | None = attrs.field(default=None, validator=f.optional(f.day))
    received_on: date | None = attrs.field(default=None, validator=f.optional(f.day))
    previous_amount: Decimal | None = attrs.field(
        default=None, converter=f.to_decimal, validator=f.optional(f.non_negative)
    )

    def __attrs_post_init__(self) -> None:
        if self.previous_amount is not None and self.kind is not OneOffKind.REBATE:
            raise InvalidInputError(
                "previous_amount", self.previous_amount, "None unless kind is rebate"
            )

    @property
    def counted_amount(self) -> Decimal:
        """The amount that counts: ``amount − previous_amount`` for a recurring rebate."""
        if self.previous_amount is None:
            return self.amount
        with exact():
            change: Decimal = self.amount - self.previous_amount
        return change

    def counting_date(self, effective_date: date, which: OneOffDate) -> date:
        """The date that puts it in a period: earned or received (default ``effective_date``)."""
        chosen = self.earned_on if which is OneOffDate.EARNED else self.received_on
        return effective_date if chosen is None else chosen


@attrs.frozen(kw_only=True)
class FinanceSignOff:
    """Finance's sign-off of an event.

    Attributes:
        approver: Who signed.
        signed_on: When; a sign-off dated after ``as_of`` does not count yet.
    """

    approver: str = attrs.field(validator=f.label)
    signed_on: date = attrs.field(validator=f.day)


@attrs.frozen(kw_only=True)
class SavingsEvent:
    """One procurement outcome for one item: the subject of [`classify_savings`][spendrules.savings.classify_savings].

    Prices are per unit, in the event ``currency`` or, when ``fx`` is given, in
    ``fx.supplier_currency``. Quantities are units per 12 months. Every other
    amount is in the event ``currency``.

    Attributes:
        item: Item or category identifier.
        currency: Reporting currency (ISO 4217).
        baseline_price: The "before" unit price (>= 0).
        baseline_method: How it was set; decides whether it can be B.
        baseline_date: When it was paid or set.
        new_price: The new unit price P1 (>= 0).
        effective_date: The first day the new price applies; the counting window starts here.
        forecast_quantity: Units expected in the first 12 months at the new price (>= 0).
        baseline_quantity: Units bought in the 12 months before, Q0 (optional, >= 0).
        baseline_evidence: Reference for the baseline (a PO, an invoice, a baseline memo).
        same_spec: Whether the item bought is the same specification as the baseline.
        proposal: The supplier's written proposal, if any.
        market_index: A market index for the counterfactual, if any.
        fx: Exchange rates when prices are in a supplier currency.
        demand_change: Why the quantity differs from ``baseline_quantity``.
        value_add: Value-add items.
        one_offs: One-off credits, waivers and recoveries.
        implementation_cost: The one-off cost of making the change (>= 0).
        finance_signoff: Finance's sign-off, if given.
        last_price_paid: The last unit price actually paid for the item (price currency, any
            age or specification), when the baseline is not itself a price paid: the
            comparison for the finance view (see [`BudgetComparison`][spendrules.savings.BudgetComparison]). Default None.
        supplier: The supplier, for portfolio rows by supplier. Default "" (none given).
        reference_rate: Units of the policy's ``reference_currency`` per unit of the event
            currency, needed when the policy sets a reference currency other than the event
            currency (the sign-off threshold is in it). Default None.

    Raises:
        TypeError: A field of the wrong type (a ``float`` price, a ``str`` date).
        InvalidInputError: A negative amount or quantity, NaN, an empty item, or ``fx``
            in the event's own currency.
        UnknownCurrencyError: An unknown currency code.

    Examples:
        >>> from datetime import date
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
        ...     new_price=Decimal("9.50"), effective_date=date(2026, 1, 1), forecast_quantity=1000)
        >>> event.forecast_quantity
        Decimal('1000')
        >>> SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=10.0,
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
        ...     new_price=Decimal("9.50"), effective_date=date(2026, 1, 1), forecast_quantity=1000)
        Traceback (most recent call last):
        ...
        TypeError: baseline_price must be a Decimal or int, not float: 10.0
    """

    item: str = attrs.field(validator=f.label)
    currency: str = attrs.field(validator=f.currency)
    baseline_price: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    baseline_method: BaselineMethod = attrs.field(validator=f.member(BaselineMethod))
    baseline_date: date = attrs.field(validator=f.day)
    new_price: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    effective_date: date = attrs.field(validator=f.day)
    forecast_quantity: Decimal = attrs.field(converter=f.to_decimal, validator=f.non_negative)
    baseline_quantity: Decimal | None = attrs.field(
        default=None, converter=f.to_decimal, validator=f.optional(f.non_negative)
    )
    baseline_evidence: str = attrs.field(default="", validator=f.text)
    same_spec: bool = attrs.field(default=True, validator=f.flag)
    proposal: SupplierProposal | None = attrs.field(
        default=None, validator=f.optional(f.instance(SupplierProposal))
    )
    market_index: MarketIndex | None = attrs.field(
        default=None, validator=f.optional(f.instance(MarketIndex))
    )
    fx: FxRates | None = attrs.field(default=None, validator=f.optional(f.instance(FxRates)))
    demand_change: DemandChange = attrs.field(
        default=DemandChange.NONE, validator=f.member(DemandChange)
    )
    value_add: tuple[ValueAddItem, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(ValueAddItem)
    )
    one_offs: tuple[OneOffAmount, ...] = attrs.field(
        default=(), converter=f.to_tuple, validator=f.tuple_of(OneOffAmount)
    )
    implementation_cost: Decimal = attrs.field(
        default=Decimal(0), converter=f.to_decimal, validator=f.non_negative
    )
    finance_signoff: FinanceSignOff | None = attrs.field(
        default=None, validator=f.optional(f.instance(FinanceSignOff))
    )
    last_price_paid: Decimal | None = attrs.field(
        default=None, converter=f.to_decimal, validator=f.optional(f.non_negative)
    )
    supplier: str = attrs.field(default="", validator=f.text)
    reference_rate: Decimal | None = attrs.field(
        default=None, converter=f.to_decimal, validator=f.optional(f.positive)
    )

    def __attrs_post_init__(self) -> None:
        if self.fx is not None and self.fx.supplier_currency == self.currency:
            raise InvalidInputError(
                "fx.supplier_currency",
                self.fx.supplier_currency,
                f"a currency other than the event currency {self.currency!r}",
            )

    @property
    def price_currency(self) -> str:
        """The currency of the unit prices: ``fx.supplier_currency``, else ``currency``."""
        return self.currency if self.fx is None else self.fx.supplier_currency


#: Upper bound of the month counts in a policy (100 years), so that date arithmetic on
#: them can never leave the calendar.
MAX_POLICY_MONTHS = 1200


def _rounding(_instance: Any, attribute: Any, value: Any) -> None:
    if value not in ROUNDING_MODES:
        raise InvalidInputError(attribute.name, value, "one of the decimal.ROUND_* constants")


@attrs.frozen(kw_only=True)
class SavingsPolicy:
    """The rulebook an event is classified under; every field is a documented convention.

    Attributes:
        name: The policy's name, quoted in every component's clause.
        max_baseline_age_months: A baseline dated more than this many months before the
            effective date is stale and cannot be B (0 to 1200). Default 12 (RDT: "more
            than 1 year").
        count_months: Months counted from the effective date; recurring amounts are
            ``forecast × count_months / 12`` (1 to 1200). Default 12, the first year only
            (GEP, UMICH, SIGP).
        use_quotes: A written supplier proposal may raise C. Default True; False is the
            index-only counterfactual (CCS approved counterfactuals).
        cap_quote_by_index: When an index applies too, C = min(quote, indexed B), so a high
            opening bid cannot inflate avoidance (SORC). Default True.
        use_index: A market index moves C. Default True.
        budget_underspend_counts: A BUDGET baseline can be B (hard savings). Default False:
            underspend against a budget is avoidance unless funds are released (ARMY).
        bids_count_as_baseline: BID_AVERAGE and NEXT_LOWEST_BID baselines can be B. Default
            False; True is the public-sector low-bid rule (NIGP), never the default
            (HED: "routine choice of the lower of two or more bids" does not qualify).
        keep_negatives: Keep cost increases and underperformance as negative components.
            Default True (HED, NLPA, PEP); False drops them, as Fairmarkit does, and the
            reconciliation identities then no longer hold.
        signoff_threshold: Finance-recognised savings above this amount (event currency)
            need a finance sign-off. Default 100000 (GE iSave: "above 100K"); 0 means every
            positive recognised saving; None never.
        signoff_at_threshold: Whether savings exactly *at* the threshold need a sign-off
            too (an inclusive limit). Default False: only amounts above it, as GE words it;
            True follows the domain notes' ``recognised < threshold`` exemption. Zero or
            negative recognised savings never need a sign-off.
        require_baseline_evidence: The baseline needs an evidence reference. Default True
            (nosavenopay baseline memo; CCS).
        budget_comparison: What the finance view is measured against when the baseline cannot
            be B (see [`BudgetComparison`][spendrules.savings.BudgetComparison]). Default PRICE_PAID.
        reference_currency: The currency of ``signoff_threshold`` (ISO 4217). Default None:
            the event currency. When set and different from an event's currency, the event
            needs a ``reference_rate``.
        rounding: Rounding of every amount to the currency's minor unit; default ROUND_HALF_UP.
        one_off_date: Which date of a one-off amount puts it in a period: EARNED (default;
            the accrual basis finance reports on) or RECEIVED (cash); see
            [`OneOffDate`][spendrules.savings.OneOffDate].
        contract_counting: Which years of a multi-year contract count:
            FIRST_YEAR_OVER_YEAR (default; UMICH, GEP: TV-32) or EACH_YEAR_ON_PRIOR; see
            [`ContractCounting`][spendrules.savings.ContractCounting] and [`classify_contract`][spendrules.savings.classify_contract].
        source: The policy file this was read from (set by
            [`spendrules.policy.load`][spendrules.policy.load]), or None; not part of equality.

    Examples:
        >>> SavingsPolicy().max_baseline_age_months, SavingsPolicy().signoff_threshold
        (12, Decimal('100000'))
        >>> SavingsPolicy.finance_strict().use_quotes
        False
        >>> SavingsPolicy.preset("lowest_bid").bids_count_as_baseline
        True

    References:
        Domain notes §7.1 (policy defaults and presets), with the sources named per field.
    """

    name: str = attrs.field(default="default", validator=f.label)
    max_baseline_age_months: int = attrs.field(default=12, validator=f.whole(0, MAX_POLICY_MONTHS))
    count_months: int = attrs.field(default=12, validator=f.whole(1, MAX_POLICY_MONTHS))
    use_quotes: bool = attrs.field(default=True, validator=f.flag)
    cap_quote_by_index: bool = attrs.field(default=True, validator=f.flag)
    use_index: bool = attrs.field(default=True, validator=f.flag)
    budget_underspend_counts: bool = attrs.field(default=False, validator=f.flag)
    bids_count_as_baseline: bool = attrs.field(default=False, validator=f.flag)
    keep_negatives: bool = attrs.field(default=True, validator=f.flag)
    signoff_threshold: Decimal | None = attrs.field(
        default=Decimal(100000), converter=f.to_decimal, validator=f.optional(f.non_negative)
    )
    signoff_at_threshold: bool = attrs.field(default=False, validator=f.flag)
    require_baseline_evidence: bool = attrs.field(default=True, validator=f.flag)
    budget_comparison: BudgetComparison = attrs.field(
        default=BudgetComparison.PRICE_PAID, validator=f.member(BudgetComparison)
    )
    reference_currency: str | None = attrs.field(default=None, validator=f.optional(f.currency))
    rounding: str = attrs.field(default=decimal.ROUND_HALF_UP, validator=_rounding)
    one_off_date: OneOffDate = attrs.field(
        default=OneOffDate.EARNED, validator=f.member(OneOffDate)
    )
    contract_counting: ContractCounting = attrs.field(
        default=ContractCounting.FIRST_YEAR_OVER_YEAR, validator=f.member(ContractCounting)
    )
    source: PolicyReference | None = source_field()  # noqa: RUF009 - an attrs.field

    PRESET_NAMES: ClassVar[tuple[str, ...]] = (
        "finance_strict",
        "procurement_broad",
        "net_of_inflation",
        "lowest_bid",
    )

    @classmethod
    def finance_strict(cls) -> SavingsPolicy:
        """UK cashable savings plus GEP: only budget moves count, and all are signed off.

        C is B (no quote, no index: CCS counterfactuals need approval; GEP counts
        avoidance as soft), and every finance-recognised saving needs a sign-off
        (CCS "formal sign-off route").
        """
        return cls(name="finance_strict", use_quotes=False, use_index=False, signoff_threshold=0)

    @classmethod
    def procurement_broad(cls) -> SavingsPolicy:
        """CAPS / ISM: avoidance against the supplier's written proposal counts in full.

        A written proposal raises C even above an index (CAPS: spend "lower than the
        spend that would have otherwise been required"; ISM-12: "avoiding a potential
        increase"); finance sign-off above 100000 (GE).
        """
        return cls(name="procurement_broad", cap_quote_by_index=False)

    @classmethod
    def net_of_inflation(cls) -> SavingsPolicy:
        """PepsiCo-style productivity: C follows the market index only, validated by finance.

        Quotes never raise C ("inflation mitigation, cost avoidance" go to additional
        reporting, not Productivity); the index strips market moves out of hard savings;
        every recognised amount is validated with Business Finance (threshold 0).
        """
        return cls(name="net_of_inflation", use_quotes=False, signoff_threshold=0)

    @classmethod
    def lowest_bid(cls) -> SavingsPolicy:
        """Public-sector low-bid rule (NIGP): the next-lowest or average bid can be B.

        Never the default: it conflicts with HED and CCS, which count only prices paid.
        """
        return cls(name="lowest_bid", bids_count_as_baseline=True)

    @classmethod
    def preset(cls, name: str) -> SavingsPolicy:
        """Return the preset called ``name`` (one of `PRESET_NAMES`, or ``"default"``).

        Raises:
            InvalidInputError: an unknown name.
        """
        if name == "default":
            return cls()
        if name not in cls.PRESET_NAMES:
            raise InvalidInputError(
                "policy", name, "'default' or one of " + ", ".join(cls.PRESET_NAMES)
            )
        factory = getattr(cls, name)
        policy: SavingsPolicy = factory()
        return policy


#: The named presets, in the order the guide shows them.
PRESETS: tuple[str, ...] = ("default", *SavingsPolicy.PRESET_NAMES)
