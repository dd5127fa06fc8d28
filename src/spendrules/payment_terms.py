"""Payment terms: due dates, installments, early-payment discounts, notation and schedules.

Turn "2/10 net 30" into dates and amounts, exactly:

* the model ([`PaymentTerms`][spendrules.payment_terms.PaymentTerms] of [`Installment`][spendrules.payment_terms.Installment] objects, each with a
  share, a due rule and discount tiers; see ``spendrules._terms.model``,
  ``spendrules._terms.due_rules`` and ``spendrules._terms.shares`` for the
  rules' meaning);
* [`parse_terms`][spendrules.payment_terms.parse_terms] / [`format_terms`][spendrules.payment_terms.format_terms] for trade notation
  (``parse_terms(format_terms(t)) == t``), as clerks paste it too, and in
  French, German, Spanish and Dutch (``dialect="fr"``, ``"de"``, ``"es"``,
  ``"nl"``, or detected; see [`Dialect`][spendrules.payment_terms.Dialect]);
* [`schedule`][spendrules.payment_terms.schedule] for one invoice's [`PaymentSchedule`][spendrules.payment_terms.PaymentSchedule]: due dates rolled
  by a business calendar if asked, amounts that add up to the cent, discounts
  computed on each installment's own amount, and the reasons for each number;
* the economics of terms (discount decisions, term comparison and change,
  financing offers, NPV, late payment) and of payables:
  [`days_payable_outstanding`][spendrules.payment_terms.days_payable_outstanding] and [`payables_turnover`][spendrules.payment_terms.payables_turnover] (average
  payables, turnover and DPO, with reason codes ``TERMS.PAYABLES.BALANCE``,
  ``TERMS.PAYABLES.TURNOVER`` and ``TERMS.PAYABLES.DPO``).

Compound due rules as Tryton stores them: [`RelativeDelta`][spendrules.payment_terms.RelativeDelta] (one
``dateutil.relativedelta`` step: month, months, day, weeks and days, weekday)
and [`DeltaChain`][spendrules.payment_terms.DeltaChain] (several steps in turn). Odoo's balance line that
may go negative: ``schedule(..., balance=BalanceConvention.ODOO)`` (reason
code ``TERMS.BALANCE_NEGATIVE``, a warning).

Milestone payments: an [`Installment`][spendrules.payment_terms.Installment] may count from its own ``event``
("50% on order, 50% on delivery", "10% 30 days after acceptance", "net 30
ROG"), dated by ``schedule(..., events={...})`` (reason code
``TERMS.MILESTONE``). Cash rounding: ``schedule(..., cash_rounding=
CashRounding(Decimal("0.05")))`` rounds every installment but one
([`RoundingLine`][spendrules.payment_terms.RoundingLine]) and every discounted amount to the step (reason codes
``TERMS.CASH_ROUNDING`` and ``TERMS.CASH_ROUNDED_PAYABLE``). Fixed-amount
early-payment discounts: [`FixedDiscount`][spendrules.payment_terms.FixedDiscount] (``Installment.fixed_discount``).

Under the agreed policy (``[payment_terms]`` of a [policy file][spendrules.policy]):
[`should_take_discount`][spendrules.payment_terms.should_take_discount] and
[`term_change_impact`][spendrules.payment_terms.term_change_impact] take ``policy=`` for
the cost of capital (and the discount convention) the caller leaves out; an explicit
argument wins (``POLICY.OVERRIDDEN``, a warning, when it differs).
[`check_terms`][spendrules.payment_terms.check_terms] checks terms against the agreed
days and standard terms ([`TermsCheck`][spendrules.payment_terms.TermsCheck]; reason codes
``TERMS.POLICY.WITHIN_RANGE``, ``TERMS.POLICY.BELOW_MINIMUM``,
``TERMS.POLICY.ABOVE_MAXIMUM``, ``TERMS.POLICY.STANDARD``,
``TERMS.POLICY.NOT_STANDARD``; rule id ``"payment_terms.check_terms@1"``). A
result computed under a policy file carries ``policy_reference`` and the reasons
``POLICY.CITED`` and, when the file is not agreed, ``POLICY.NOT_AGREED`` (see
[`spendrules.policy`][spendrules.policy]); the numbers and rule ids are those of
the same settings passed as arguments.

Examples:
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> plan = schedule(parse_terms("2/10 net 30"), invoice_date=date(2026, 3, 15),
    ...                 amount=Decimal("1000.00"), currency="USD")
    >>> plan.lines[0].due_date, plan.amount_payable(date(2026, 3, 20))
    (datetime.date(2026, 4, 14), Decimal('980.00'))

References:
    Domain notes ``payment_terms.md`` (Odoo, ERPNext, SAP T052, Tryton, OCA,
    trade notation); see each function's References.
"""

from __future__ import annotations

from spendrules._terms.agreed_terms import TermsCheck, check_terms
from spendrules._terms.cash_flow import (
    CashFlow,
    DpoMethod,
    PayablesTurnover,
    days_payable_outstanding,
    npv,
    payables_turnover,
)
from spendrules._terms.conventions import (
    DAY_PLACES,
    RATE_PLACES,
    REFERENCE_CYCLE_DAYS,
    REFERENCE_CYCLE_START,
    REFERENCE_YEAR_DAYS,
    REFERENCE_YEAR_START,
    Compounding,
    DayCount,
)
from spendrules._terms.discount_decision import (
    DiscountConvention,
    DiscountDecision,
    TierComparison,
    forgone_discount_rate,
    should_take_discount,
)
from spendrules._terms.due_rules import (
    Advance,
    BasicRule,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DeltaChain,
    DueRule,
    EomDating,
    NetDays,
    NetMonths,
    PaymentDays,
    RelativeDelta,
)
from spendrules._terms.financing import (
    DynamicDiscount,
    SupplyChainFinance,
    dynamic_discount,
    supply_chain_finance,
)
from spendrules._terms.late_payment import (
    EU_FIXED_COMPENSATION_EUR,
    EU_STATUTORY_MARGIN,
    Debtor,
    DirectiveStatus,
    InterestMethod,
    LatePaymentDirectiveCheck,
    LatePaymentInterest,
    check_late_payment_directive,
    eu_statutory_interest_rate,
    late_payment_interest,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.parser import (
    IMPLIED_NET_DAYS,
    MAX_TERMS_LENGTH,
    Dialect,
    format_terms,
    parse_terms,
)
from spendrules._terms.rounding import CashRounding, RoundingLine
from spendrules._terms.schedule import PaymentSchedule, schedule
from spendrules._terms.schedule_amounts import BalanceConvention
from spendrules._terms.schedule_lines import DiscountOffer, ScheduleLine
from spendrules._terms.shares import (
    DiscountTier,
    FixedAmount,
    FixedDiscount,
    Percent,
    Ratio,
    Remainder,
    Share,
)
from spendrules._terms.term_change import (
    PriceSource,
    SpendConvention,
    TermChangeImpact,
    TermChangeVerdict,
    term_change_impact,
)
from spendrules._terms.term_comparison import (
    RankedTerms,
    TakeDiscounts,
    TermsComparison,
    TermsOffer,
    compare_terms,
    effective_payment_days,
)

__all__ = [
    "DAY_PLACES",
    "EU_FIXED_COMPENSATION_EUR",
    "EU_STATUTORY_MARGIN",
    "IMPLIED_NET_DAYS",
    "MAX_TERMS_LENGTH",
    "RATE_PLACES",
    "REFERENCE_CYCLE_DAYS",
    "REFERENCE_CYCLE_START",
    "REFERENCE_YEAR_DAYS",
    "REFERENCE_YEAR_START",
    "Advance",
    "BalanceConvention",
    "BasicRule",
    "Basis",
    "CashFlow",
    "CashRounding",
    "Compounding",
    "DayCount",
    "DayLimit",
    "DayLimitEntry",
    "DayOfMonth",
    "DaysAfterEndOfMonth",
    "DaysEndOfMonthOn",
    "Debtor",
    "DeltaChain",
    "Dialect",
    "DirectiveStatus",
    "DiscountBase",
    "DiscountConvention",
    "DiscountDecision",
    "DiscountOffer",
    "DiscountTier",
    "DpoMethod",
    "DueRule",
    "DynamicDiscount",
    "EomDating",
    "FixedAmount",
    "FixedDiscount",
    "Installment",
    "InterestMethod",
    "LatePaymentDirectiveCheck",
    "LatePaymentInterest",
    "NetDays",
    "NetMonths",
    "PayablesTurnover",
    "PaymentDays",
    "PaymentSchedule",
    "PaymentTerms",
    "Percent",
    "PriceSource",
    "RankedTerms",
    "Ratio",
    "RelativeDelta",
    "Remainder",
    "RoundingLine",
    "ScheduleLine",
    "Share",
    "SpendConvention",
    "SupplyChainFinance",
    "TakeDiscounts",
    "TermChangeImpact",
    "TermChangeVerdict",
    "TermsCheck",
    "TermsComparison",
    "TermsOffer",
    "TierComparison",
    "check_late_payment_directive",
    "check_terms",
    "compare_terms",
    "days_payable_outstanding",
    "dynamic_discount",
    "effective_payment_days",
    "eu_statutory_interest_rate",
    "forgone_discount_rate",
    "format_terms",
    "late_payment_interest",
    "npv",
    "parse_terms",
    "payables_turnover",
    "schedule",
    "should_take_discount",
    "supply_chain_finance",
    "term_change_impact",
]
