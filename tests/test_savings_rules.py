"""Tests of spendrules.savings, case by case: baselines, counterfactuals, components,
status, timing, tie-outs, portfolio totals, and every documented input error.

Expected amounts follow from the formulas of the domain notes (§7.2, §7.3), worked by
hand in the comments.
"""

from __future__ import annotations

import decimal
import pickle
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from spendrules._savings.timing import add_months
from spendrules.errors import CurrencyMismatchError, InvalidInputError, UnknownCurrencyError
from spendrules.savings import (
    CLAUSES,
    BaselineFlag,
    BaselineMethod,
    BudgetComparison,
    ComponentKind,
    DemandChange,
    Driver,
    FinanceSignOff,
    FiscalPeriod,
    FxRates,
    InvoiceLine,
    MarketIndex,
    Missing,
    OneOffAmount,
    OneOffKind,
    ProrationConvention,
    SavingsCategory,
    SavingsPolicy,
    SavingsStatus,
    SummaryBy,
    SupplierProposal,
    ValueAddItem,
    VarianceDirection,
    classify_savings,
    fiscal_years,
    price_volume_bridge,
    prorate,
    purchase_price_variance,
    realised_savings,
    savings_percentage,
    summarise_savings,
)
from test_savings import AS_OF, make_event

K = ComponentKind


def classify(**changes: Any) -> Any:
    policy = changes.pop("policy", SavingsPolicy())
    as_of = changes.pop("as_of", AS_OF)
    return classify_savings(make_event(**changes), policy=policy, as_of=as_of)


def codes(result: Any) -> list[str]:
    return [reason.code for reason in result.reasons]


# Baseline B ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "policy", "code"),
    [
        pytest.param(
            {"baseline_method": BaselineMethod.QUOTE},
            SavingsPolicy(),
            "SAVINGS.BASELINE_NOT_PAID",
            id="a quote is a counterfactual only (ISM-12)",
        ),
        pytest.param(
            {"baseline_method": BaselineMethod.INDEXED},
            SavingsPolicy(),
            "SAVINGS.BASELINE_NOT_PAID",
            id="an indexed price is a counterfactual only",
        ),
        pytest.param(
            {"baseline_method": BaselineMethod.BID_AVERAGE},
            SavingsPolicy(),
            "SAVINGS.BASELINE_NOT_PAID",
            id="bids are not a baseline by default (HED)",
        ),
        pytest.param(
            {"same_spec": False},
            SavingsPolicy(),
            "SAVINGS.BASELINE_SPEC_CHANGED",
            id="a different spec has no finance baseline",
        ),
        pytest.param(
            {"baseline_date": date(2026, 2, 1)},
            SavingsPolicy(),
            "SAVINGS.BASELINE_AFTER_EFFECTIVE",
            id="a baseline after the effective date is not a before price",
        ),
        pytest.param(
            {"baseline_date": date(2024, 12, 31)},
            SavingsPolicy(),
            "SAVINGS.BASELINE_STALE",
            id="older than 12 months is stale (RDT)",
        ),
    ],
)
def test_savings_baseline_problems_leave_no_finance_baseline(
    changes: dict[str, Any], policy: SavingsPolicy, code: str
) -> None:
    result = classify(policy=policy, **changes)
    assert result.finance_baseline is None
    assert code in codes(result)
    # 10.00 -> 9.50 on 1,000 units is then cost avoidance against C = 10.00, not hard savings
    assert result.amount(K.HARD_SAVINGS) == 0
    assert result.amount(K.COST_AVOIDANCE) == Decimal("500.00")
    (avoidance,) = [c for c in result.components if c.attributable]
    assert avoidance.reason_code == "SAVINGS.NEW_PURCHASE_AVOIDANCE"
    assert not avoidance.budget_impacting
    assert result.finance_recognised == 0
    assert result.primary is SavingsCategory.COST_AVOIDANCE
    if code == "SAVINGS.BASELINE_NOT_PAID":
        # no price was ever paid (issue 16 item 1): what the budget did is unknown
        assert result.finance_view is None
        assert result.budget_flag is BaselineFlag.NO_HISTORY
        assert "SAVINGS.BUDGET_UNKNOWN" in codes(result)
        assert len(result.components) == 1
    else:
        # a price was paid, only not fit for hard savings: the budget still fell
        # (10.00 - 9.50) x 1,000 = 500.00, flagged and never recognised
        assert result.finance_view == Decimal("500.00")
        assert result.amount(K.UNSUPPORTED_REDUCTION) == Decimal("500.00")
        assert result.budget_baseline == Decimal("10.00")
        assert (
            result.budget_flag
            is {
                "SAVINGS.BASELINE_SPEC_CHANGED": BaselineFlag.OTHER_SPEC,
                "SAVINGS.BASELINE_AFTER_EFFECTIVE": BaselineFlag.AFTER_EFFECTIVE,
                "SAVINGS.BASELINE_STALE": BaselineFlag.STALE,
            }[code]
        )
        assert "SAVINGS.BUDGET_COMPARISON" in codes(result)


def test_savings_baseline_exactly_twelve_months_old_is_accepted() -> None:
    result = classify(baseline_date=date(2025, 1, 1))
    assert result.finance_baseline == Decimal("10.00")
    assert "SAVINGS.BASELINE_ACCEPTED" in codes(result)


def test_savings_lowest_bid_preset_accepts_the_next_lowest_bid() -> None:
    # NIGP: low bid vs next-lowest bid = cost savings, under the lowest_bid preset only
    changes = {"baseline_method": BaselineMethod.NEXT_LOWEST_BID, "baseline_price": 12}
    assert classify(**changes).amount(K.HARD_SAVINGS) == 0
    hard = classify(policy=SavingsPolicy.lowest_bid(), **changes).amount(K.HARD_SAVINGS)
    assert hard == Decimal("2500.00")  # (12 − 9.50) × 1,000


def test_savings_standard_cost_and_prior_year_average_are_finance_baselines() -> None:
    for method in (BaselineMethod.STANDARD_COST, BaselineMethod.PRIOR_YEAR_AVERAGE):
        assert classify(baseline_method=method).amount(K.HARD_SAVINGS) == Decimal("500.00")


def test_savings_missing_baseline_evidence_keeps_the_event_pending() -> None:
    result = classify(baseline_evidence=" ")
    assert result.status is SavingsStatus.PENDING_VALIDATION
    assert result.missing == (Missing.BASELINE_EVIDENCE,)
    assert "SAVINGS.PENDING" in codes(result)
    relaxed = classify(baseline_evidence="", policy=SavingsPolicy(require_baseline_evidence=False))
    assert relaxed.status is SavingsStatus.RECOGNISED


# Counterfactual C -------------------------------------------------------------------------


def test_savings_index_moves_the_counterfactual() -> None:
    # C = 10 × (1 + 0.5 × (110 / 100 − 1)) = 10.50; P1 10.30: avoidance 0.20 × 1,000,
    # cost increase −0.30 × 1,000
    index = MarketIndex(
        base=100, current=110, indexed_share=Decimal("0.5"), name="PPI", evidence="BLS"
    )
    result = classify(new_price=Decimal("10.30"), market_index=index)
    assert result.counterfactual == Decimal("10.50")
    assert result.amount(K.COST_AVOIDANCE) == Decimal("200.00")
    assert result.amount(K.COST_INCREASE) == Decimal("-300.00")
    assert "SAVINGS.COUNTERFACTUAL_INDEXED" in codes(result)
    assert result.status is SavingsStatus.RECOGNISED


def test_savings_index_without_evidence_is_pending() -> None:
    result = classify(market_index=MarketIndex(base=100, current=110))
    assert Missing.INDEX_EVIDENCE in result.missing


def test_savings_index_not_used_by_policy_or_without_baseline() -> None:
    index = MarketIndex(base=100, current=110, evidence="x")
    strict = classify(market_index=index, policy=SavingsPolicy.finance_strict())
    assert strict.counterfactual == Decimal("10.00")
    assert "SAVINGS.INDEX_NOT_USED" in codes(strict)
    no_b = classify(market_index=index, same_spec=False)
    assert no_b.counterfactual == Decimal("10.00")
    assert "SAVINGS.INDEX_NEEDS_BASELINE" in codes(no_b)


def test_savings_market_fall_is_a_windfall_not_procurement_savings() -> None:
    # HED: windfalls do not qualify. Index −10 %: C = 9.00, P1 9.50: windfall 0.50 × 1,000,
    # underperformance −0.50 × 1,000, no hard savings.
    result = classify(market_index=MarketIndex(base=100, current=90, evidence="x"))
    assert result.amount(K.MARKET_WINDFALL) == Decimal("500.00")
    assert result.amount(K.MARKET_UNDERPERFORMANCE) == Decimal("-500.00")
    assert result.amount(K.HARD_SAVINGS) == 0
    assert result.finance_recognised == 0
    assert result.primary is SavingsCategory.NO_SAVING


def test_savings_quote_is_capped_by_the_index() -> None:
    # SORC: a high opening bid cannot inflate avoidance. Index +5 % gives 10.50; the
    # supplier asked 10.80: C = min(10.80, 10.50) = 10.50 by default, 10.80 when uncapped.
    changes: dict[str, Any] = {
        "new_price": Decimal("10.30"),
        "market_index": MarketIndex(base=100, current=105, evidence="x"),
        "proposal": SupplierProposal(price=Decimal("10.80"), evidence="letter"),
    }
    assert classify(**changes).counterfactual == Decimal("10.50")
    broad = classify(policy=SavingsPolicy.procurement_broad(), **changes)
    assert broad.counterfactual == Decimal("10.80")


def test_savings_quote_below_the_index_lowers_the_counterfactual() -> None:
    # The supplier only asked +2 % while the index says +5 %: C = min(10.20, 10.50).
    result = classify(
        market_index=MarketIndex(base=100, current=105, evidence="x"),
        proposal=SupplierProposal(price=Decimal("10.20"), evidence="letter"),
    )
    assert result.counterfactual == Decimal("10.20")


def test_savings_quote_never_lowers_c_below_b() -> None:
    # RDT scenario 1: a quote below B gives hard savings only (CR 500, CA 0).
    result = classify(proposal=SupplierProposal(price=Decimal("9.80"), evidence="letter"))
    assert result.counterfactual == Decimal("10.00")
    assert result.amount(K.HARD_SAVINGS) == Decimal("500.00")
    assert result.amount(K.COST_AVOIDANCE) == 0


def test_savings_uncapped_quote_after_a_market_fall_is_bounded_by_its_price() -> None:
    # procurement_broad (uncapped). The index fell 10 %: indexed C = 9.00. The supplier's
    # written proposal was 9.80: C = max(9.80, 9.00) = 9.80, never B 10.00, which no
    # evidence supports. P1 9.50 on 1,000 units: hard (9.80 − 9.50) × 1,000 = 300,
    # windfall (10.00 − 9.80) × 1,000 = 200; together (B − P1) × Q = 500.
    broad = SavingsPolicy.procurement_broad()
    index = MarketIndex(base=100, current=90, evidence="x")
    result = classify(
        policy=broad,
        market_index=index,
        proposal=SupplierProposal(price=Decimal("9.80"), evidence="letter"),
    )
    assert result.counterfactual == Decimal("9.80")
    assert result.amount(K.HARD_SAVINGS) == Decimal("300.00")
    assert result.amount(K.MARKET_WINDFALL) == Decimal("200.00")
    assert result.finance_view == Decimal("500.00")
    # A proposal of 0.01 is no evidence of a higher price: the same as no proposal at all.
    penny = classify(
        policy=broad,
        market_index=index,
        proposal=SupplierProposal(price=Decimal("0.01"), evidence="letter"),
    )
    plain = classify(policy=broad, market_index=index)
    assert penny.components == plain.components
    assert penny.counterfactual == Decimal("9.00")


def test_savings_proposal_ignored_by_policy_needs_no_evidence() -> None:
    # use_quotes=False never reads the proposal, so its missing evidence blocks nothing.
    result = classify(
        proposal=SupplierProposal(price=Decimal("11.00")),
        policy=SavingsPolicy(name="no_quotes", use_quotes=False),
    )
    assert result.status is SavingsStatus.RECOGNISED
    assert result.missing == ()
    assert "SAVINGS.PROPOSAL_NOT_USED" in codes(result)
    assert "SAVINGS.PROPOSAL_UNEVIDENCED" not in codes(result)


def test_savings_unevidenced_or_disallowed_proposals_are_ignored() -> None:
    unevidenced = classify(proposal=SupplierProposal(price=Decimal("11.00")))
    assert unevidenced.counterfactual == Decimal("10.00")
    assert Missing.PROPOSAL_EVIDENCE in unevidenced.missing
    assert "SAVINGS.PROPOSAL_UNEVIDENCED" in codes(unevidenced)
    strict = classify(
        proposal=SupplierProposal(price=Decimal("11.00"), evidence="letter"),
        policy=SavingsPolicy.finance_strict(),
    )
    assert strict.counterfactual == Decimal("10.00")
    assert "SAVINGS.PROPOSAL_NOT_USED" in codes(strict)


def test_savings_new_purchase_against_a_quote() -> None:
    # No B (first quote 12.00); a written proposal of 11.00 does not lower C; 9.50 paid:
    # avoidance (12.00 − 9.50) × 1,000.
    result = classify(
        baseline_method=BaselineMethod.QUOTE,
        baseline_price=12,
        proposal=SupplierProposal(price=Decimal("11.00"), evidence="rfq"),
    )
    assert result.counterfactual == Decimal(12)
    assert result.amount(K.COST_AVOIDANCE) == Decimal("2500.00")
    assert result.finance_view is None  # no price paid: the budget change is unknown
    # with the last price paid known, the budget change is measured against it, flagged
    paid = classify(
        baseline_method=BaselineMethod.QUOTE,
        baseline_price=12,
        last_price_paid=Decimal("9.00"),
        proposal=SupplierProposal(price=Decimal("11.00"), evidence="rfq"),
    )
    assert paid.amount(K.COST_AVOIDANCE) == Decimal("2500.00")
    assert paid.finance_view == Decimal("-500.00")  # (9.00 - 9.50) x 1,000
    assert paid.amount(K.COST_INCREASE) == Decimal("-500.00")
    assert paid.budget_flag is BaselineFlag.NOT_PAID
    assert paid.net_recognised == Decimal("-500.00")
    # BudgetComparison.BASELINE: against the quote itself
    quoted = classify(
        baseline_method=BaselineMethod.QUOTE,
        baseline_price=12,
        policy=SavingsPolicy(budget_comparison=BudgetComparison.BASELINE),
    )
    assert quoted.finance_view == Decimal("2500.00")
    assert quoted.amount(K.UNSUPPORTED_REDUCTION) == Decimal("2500.00")
    assert quoted.finance_recognised == 0


def test_savings_new_purchase_above_the_counterfactual_underperforms() -> None:
    result = classify(baseline_method=BaselineMethod.QUOTE, new_price=Decimal("10.25"))
    assert result.amount(K.MARKET_UNDERPERFORMANCE) == Decimal("-250.00")
    assert result.amount(K.COST_INCREASE) == 0


# Price components and negatives ------------------------------------------------------------


def test_savings_increase_above_both_references() -> None:
    # P1 11.00 above B 10.00 and C 10.50 (quote): increase −1,000, underperformance −500.
    result = classify(
        new_price=Decimal("11.00"),
        proposal=SupplierProposal(price=Decimal("10.50"), evidence="letter"),
    )
    assert result.amount(K.COST_INCREASE) == Decimal("-1000.00")
    assert result.amount(K.MARKET_UNDERPERFORMANCE) == Decimal("-500.00")
    assert result.primary is SavingsCategory.COST_INCREASE


def test_savings_keep_negatives_false_drops_them_with_a_warning() -> None:
    result = classify(
        new_price=Decimal("11.00"), policy=SavingsPolicy(keep_negatives=False, name="fmk")
    )
    assert result.components == ()
    assert result.finance_view == 0
    assert "SAVINGS.NEGATIVES_DROPPED" in codes(result)
    assert result.primary is SavingsCategory.NO_SAVING


def test_savings_count_months_scales_the_counted_quantity() -> None:
    result = classify(policy=SavingsPolicy(count_months=6))
    assert result.quantity == Decimal(500)
    assert result.amount(K.HARD_SAVINGS) == Decimal("250.00")
    assert result.window_end == date(2026, 6, 30)


def test_savings_rounding_mode_is_a_policy_convention() -> None:
    # (10.00 − 9.995) × 1,000 = 5 exactly; × 1 unit = 0.005 rounds up or to even.
    up = classify(new_price=Decimal("9.995"), forecast_quantity=1)
    even = classify(
        new_price=Decimal("9.995"),
        forecast_quantity=1,
        policy=SavingsPolicy(rounding=decimal.ROUND_HALF_EVEN),
    )
    assert (up.amount(K.HARD_SAVINGS), even.amount(K.HARD_SAVINGS)) == (
        Decimal("0.01"),
        Decimal("0.00"),
    )


def test_savings_zero_decimal_currency() -> None:
    result = classify(currency="JPY", baseline_price=1000, new_price=950, forecast_quantity=3)
    assert result.amount(K.HARD_SAVINGS) == Decimal(150)


# Volume, FX, value-add, one-offs -----------------------------------------------------------


@pytest.mark.parametrize(
    ("demand", "q1", "kind", "amount", "attributable"),
    [
        (DemandChange.INTENTIONAL_SAME_OUTPUT, 800, K.DEMAND_REDUCTION, "2000.00", True),
        (DemandChange.SCOPE_CUT, 800, K.SCOPE_REDUCTION, "2000.00", False),
        (DemandChange.UNPLANNED, 800, K.VOLUME_VARIANCE, "2000.00", False),
        (DemandChange.NONE, 800, K.VOLUME_VARIANCE, "2000.00", False),
        (DemandChange.INTENTIONAL_SAME_OUTPUT, 1200, K.VOLUME_VARIANCE, "-2000.00", False),
        (DemandChange.SCOPE_CUT, 1200, K.VOLUME_VARIANCE, "-2000.00", False),
    ],
)
def test_savings_volume_components(
    demand: DemandChange, q1: int, kind: ComponentKind, amount: str, attributable: bool
) -> None:
    # (Q0 − Q) × B = (1,000 − Q) × 10, at an unchanged price (PEP, CCS, NAO, GEF)
    result = classify(
        new_price=Decimal("10.00"),
        baseline_quantity=1000,
        forecast_quantity=q1,
        demand_change=demand,
    )
    (component,) = result.components
    assert (component.kind, component.amount) == (kind, Decimal(amount))
    assert component.budget_impacting
    assert component.attributable is attributable


def test_savings_demand_change_without_a_baseline_quantity_warns() -> None:
    result = classify(demand_change=DemandChange.INTENTIONAL_SAME_OUTPUT)
    assert "SAVINGS.DEMAND_WITHOUT_BASELINE_QUANTITY" in codes(result)


def test_savings_volume_needs_a_price_paid() -> None:
    changed = classify(baseline_method=BaselineMethod.QUOTE, baseline_quantity=1200)
    assert "SAVINGS.VOLUME_NEEDS_BASELINE" in codes(changed)
    same = classify(baseline_method=BaselineMethod.QUOTE, baseline_quantity=1000)
    assert "SAVINGS.VOLUME_NEEDS_BASELINE" not in codes(same)
    assert all(c.driver is Driver.PRICE for c in same.components)


def test_savings_volume_against_an_unsupported_comparison_is_never_recognised() -> None:
    # Another spec, 10.00 -> 9.50, 1,200 -> 1,000 units cut by intent: the budget falls
    # 10.00 x 1,200 - 9.50 x 1,000 = 2,500.00 (price 500 + volume 2,000), none recognised.
    result = classify(
        same_spec=False,
        baseline_quantity=1200,
        demand_change=DemandChange.INTENTIONAL_SAME_OUTPUT,
    )
    assert result.finance_view == Decimal("2500.00")
    assert result.amount(K.VOLUME_VARIANCE) == Decimal("2000.00")
    assert result.amount(K.DEMAND_REDUCTION) == 0
    assert result.finance_recognised == 0
    (volume,) = [c for c in result.components if c.driver is Driver.VOLUME]
    assert "cannot support a recognised saving" in volume.sentence


def test_savings_fx_variance_is_never_a_saving() -> None:
    # Prices in EUR, compared at the baseline rate 1.10; the rate fell to 1.05.
    # Hard (10.00 − 9.50) × 1.10 × 1,000 = 550; FX 9.50 × (1.10 − 1.05) × 1,000 = 475.
    result = classify(
        fx=FxRates(
            supplier_currency="EUR", baseline_rate=Decimal("1.10"), current_rate=Decimal("1.05")
        )
    )
    assert result.amount(K.HARD_SAVINGS) == Decimal("550.00")
    (fx,) = [c for c in result.components if c.kind is K.FX_VARIANCE]
    assert fx.amount == Decimal("475.00")
    assert fx.budget_impacting
    assert not fx.attributable
    assert result.finance_view == Decimal("1025.00")
    assert result.procurement_view == Decimal("550.00")
    assert result.event.price_currency == "EUR"


def test_savings_value_add_said_to_replace_spend_needs_evidence() -> None:
    item = ValueAddItem(description="free hosting", market_value=1200, replaces_budgeted_spend=True)
    result = classify(new_price=Decimal("10.00"), value_add=[item])
    (component,) = result.components
    assert component.kind is K.SOFT_VALUE_ADD
    assert Missing.VALUE_ADD_EVIDENCE in result.missing


def test_savings_one_offs_and_implementation_cost() -> None:
    result = classify(
        new_price=Decimal("10.00"),
        one_offs=(
            OneOffAmount(kind=OneOffKind.CREDIT, amount=300, description="signing credit"),
            OneOffAmount(kind=OneOffKind.WAIVER, amount=200),
        ),
        implementation_cost=100,
    )
    assert result.amount(K.ONE_OFF_SAVINGS) == Decimal("500.00")
    assert result.amount(K.IMPLEMENTATION_COST) == Decimal("-100.00")
    assert result.finance_recognised == Decimal("400.00")
    assert not any(c.recurring for c in result.components)
    assert result.primary is SavingsCategory.HARD_SAVINGS


def test_savings_amount_by_driver() -> None:
    item = ValueAddItem(
        description="training", market_value=100, evidence="PO", replaces_budgeted_spend=True
    )
    result = classify(value_add=(item,))
    assert result.amount(K.HARD_SAVINGS) == Decimal("600.00")
    assert result.amount(K.HARD_SAVINGS, driver=Driver.PRICE) == Decimal("500.00")
    assert result.amount(K.HARD_SAVINGS, driver=Driver.VALUE_ADD) == Decimal("100.00")


# Status and sign-off -----------------------------------------------------------------------


def test_savings_signoff_above_the_threshold() -> None:
    big = {"forecast_quantity": 300_000}  # 150,000 hard savings > 100,000
    unsigned = classify(**big)
    assert unsigned.missing == (Missing.FINANCE_SIGNOFF,)
    assert "SAVINGS.SIGNOFF_REQUIRED" in codes(unsigned)
    signed = classify(
        finance_signoff=FinanceSignOff(approver="CFO office", signed_on=date(2026, 1, 10)), **big
    )
    assert signed.status is SavingsStatus.RECOGNISED
    assert "SAVINGS.SIGNOFF_PRESENT" in codes(signed)
    late = classify(
        finance_signoff=FinanceSignOff(approver="CFO office", signed_on=date(2026, 2, 1)), **big
    )
    assert late.missing == (Missing.FINANCE_SIGNOFF,)
    assert "after 2026-01-15" in late.reasons[-2].message


def test_savings_signoff_threshold_none_and_at_threshold() -> None:
    never = classify(forecast_quantity=300_000, policy=SavingsPolicy(signoff_threshold=None))
    assert never.status is SavingsStatus.RECOGNISED
    at = classify(forecast_quantity=200_000)  # exactly 100,000: not above the threshold
    assert at.status is SavingsStatus.RECOGNISED


def test_savings_signoff_at_threshold_is_a_policy_convention() -> None:
    # (10.00 − 9.50) × 200,000 = 100,000, exactly the default threshold: exempt by
    # default (GE "above 100K"), due with signoff_at_threshold=True (notes: "< threshold").
    inclusive = SavingsPolicy(signoff_at_threshold=True)
    at = classify(forecast_quantity=200_000, policy=inclusive)
    assert at.missing == (Missing.FINANCE_SIGNOFF,)
    assert "equal the sign-off threshold 100000 of policy 'default', signoff_at_threshold" in (
        at.reasons[-2].message
    )
    below = classify(forecast_quantity=199_998, policy=inclusive)  # 99,999.00
    assert below.status is SavingsStatus.RECOGNISED
    # Nothing recognised, nothing to sign, even with an inclusive threshold of 0.
    nothing = classify(
        new_price=Decimal("10.00"),
        policy=SavingsPolicy(signoff_threshold=0, signoff_at_threshold=True),
    )
    assert nothing.status is SavingsStatus.RECOGNISED


def test_savings_finance_strict_signs_off_everything_recognised() -> None:
    strict = SavingsPolicy.finance_strict()
    assert classify(policy=strict).missing == (Missing.FINANCE_SIGNOFF,)
    avoidance_only = classify(
        policy=strict, new_price=Decimal("11.00"), forecast_quantity=1
    )  # nothing recognised, nothing to sign
    assert avoidance_only.status is SavingsStatus.RECOGNISED


def test_savings_future_effective_date_is_a_forecast() -> None:
    result = classify(as_of=date(2025, 12, 1))
    assert "SAVINGS.NOT_YET_EFFECTIVE" in codes(result)


def test_savings_missing_items_are_listed_in_a_fixed_order() -> None:
    result = classify(
        baseline_evidence="",
        forecast_quantity=300_000,
        proposal=SupplierProposal(price=Decimal(11)),
        market_index=MarketIndex(base=1, current=1),
    )
    assert result.missing == (
        Missing.BASELINE_EVIDENCE,
        Missing.PROPOSAL_EVIDENCE,
        Missing.INDEX_EVIDENCE,
        Missing.FINANCE_SIGNOFF,
    )


def test_savings_explain_lists_components_or_none() -> None:
    assert "Components: none" in classify(new_price=Decimal("10.00")).explain()
    text = classify(one_offs=(OneOffAmount(kind=OneOffKind.RECOVERY, amount=1),)).explain()
    assert "recovery (one_off): 1.00 USD [budget]" in text
    assert "hard_savings (price): 500.00 USD [budget, attributable]" in text
    under = classify(market_index=MarketIndex(base=100, current=90, evidence="x")).explain()
    assert "[attributable]" in under


def test_savings_every_clause_is_documented() -> None:
    result = classify(
        new_price=Decimal("9.50"),
        fx=FxRates(supplier_currency="EUR", baseline_rate=1, current_rate=2),
    )
    for component in result.components:
        clause_id = component.clause.split("§")[1].split(":")[0]
        assert clause_id in CLAUSES


# Policies ----------------------------------------------------------------------------------


def test_savings_policy_presets_and_errors() -> None:
    assert SavingsPolicy.preset("default") == SavingsPolicy()
    assert SavingsPolicy.preset("net_of_inflation") == SavingsPolicy.net_of_inflation()
    with pytest.raises(InvalidInputError, match="policy must be 'default' or one of"):
        SavingsPolicy.preset("everything_counts")
    with pytest.raises(InvalidInputError, match="rounding"):
        SavingsPolicy(rounding="ROUND_SOMETIMES")
    with pytest.raises(InvalidInputError, match="count_months must be >= 1"):
        SavingsPolicy(count_months=0)
    with pytest.raises(InvalidInputError, match="count_months must be <= 1200: 1201"):
        SavingsPolicy(count_months=1201)
    with pytest.raises(InvalidInputError, match="max_baseline_age_months must be <= 1200"):
        SavingsPolicy(max_baseline_age_months=10**6)
    with pytest.raises(TypeError, match="use_quotes must be a bool"):
        SavingsPolicy(use_quotes=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="signoff_threshold must be a Decimal or int"):
        SavingsPolicy(signoff_threshold=1e5)  # type: ignore[arg-type]


# Input errors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "error", "match"),
    [
        ({"baseline_price": 10.0}, TypeError, "baseline_price must be a Decimal or int, not float"),
        ({"new_price": Decimal("NaN")}, InvalidInputError, "new_price must be a finite number"),
        ({"forecast_quantity": -1}, InvalidInputError, "forecast_quantity must be >= 0"),
        ({"baseline_quantity": Decimal(-2)}, InvalidInputError, "baseline_quantity must be >= 0"),
        ({"currency": "XYZ"}, UnknownCurrencyError, "currency must be an active ISO 4217"),
        ({"currency": "usd"}, UnknownCurrencyError, "currency must be an active ISO 4217"),
        ({"item": " "}, InvalidInputError, "item must be a non-empty text"),
        ({"item": 7}, TypeError, "item must be a str, not int"),
        ({"baseline_method": "quote"}, TypeError, "baseline_method must be a BaselineMethod"),
        ({"effective_date": "2026-01-01"}, TypeError, "effective_date must be a datetime.date"),
        (
            {"baseline_date": datetime(2025, 1, 1)},  # noqa: DTZ001
            TypeError,
            "baseline_date must be a datetime.date",
        ),
        ({"same_spec": 1}, TypeError, "same_spec must be a bool, not int"),
        ({"proposal": {"price": 1}}, TypeError, "proposal must be a SupplierProposal"),
        ({"value_add": {"x": 1}}, TypeError, "value_add must be a tuple of ValueAddItem"),
        ({"one_offs": (1,)}, TypeError, r"one_offs\[0\] must be a OneOffAmount"),
        ({"implementation_cost": 5.5}, TypeError, "implementation_cost must be a Decimal"),
        (
            {"fx": FxRates(supplier_currency="USD", baseline_rate=1, current_rate=1)},
            InvalidInputError,
            "fx.supplier_currency must be a currency other than the event currency",
        ),
    ],
)
def test_savings_event_errors(changes: dict[str, Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        make_event(**changes)


@pytest.mark.parametrize(
    ("factory", "error", "match"),
    [
        (lambda: SupplierProposal(price=-1), InvalidInputError, "price must be >= 0"),
        (lambda: MarketIndex(base=0, current=1), InvalidInputError, "base must be > 0"),
        (
            lambda: MarketIndex(base=1, current=1, indexed_share=Decimal(2)),
            InvalidInputError,
            "indexed_share must be a fraction between 0 and 1",
        ),
        (
            lambda: FxRates(supplier_currency="EUR", baseline_rate=1.1, current_rate=1),
            TypeError,
            "baseline_rate must be a Decimal or int, not float",
        ),
        (
            lambda: FxRates(supplier_currency="EURO", baseline_rate=1, current_rate=1),
            UnknownCurrencyError,
            "supplier_currency",
        ),
        (
            lambda: ValueAddItem(description="", market_value=1),
            InvalidInputError,
            "description must be a non-empty text",
        ),
        (
            lambda: ValueAddItem(description="x", market_value=1, replaces_budgeted_spend="yes"),
            TypeError,
            "replaces_budgeted_spend must be a bool",
        ),
        (
            lambda: OneOffAmount(kind="credit", amount=1),
            TypeError,
            "kind must be a OneOffKind",
        ),
        (
            lambda: FinanceSignOff(approver="cfo", signed_on="2026-01-01"),
            TypeError,
            "signed_on must be a datetime.date",
        ),
        (
            lambda: InvoiceLine(
                invoice_date=date(2026, 1, 1), quantity=-1, unit_price=1, currency="USD"
            ),
            InvalidInputError,
            "quantity must be >= 0",
        ),
        (
            lambda: FiscalPeriod(name="FY", start=date(2026, 2, 1), end=date(2026, 1, 31)),
            InvalidInputError,
            "end must be on or after start 2026-02-01",
        ),
    ],
)
def test_savings_value_object_errors(factory: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        factory()


def test_savings_classify_argument_errors() -> None:
    event = make_event()
    with pytest.raises(TypeError, match="event must be a SavingsEvent, not dict"):
        classify_savings({}, as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy must be a SavingsPolicy, not str"):
        classify_savings(event, policy="default", as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"as_of must be a datetime.date, not str"):
        classify_savings(event, as_of="2026-01-15")  # type: ignore[arg-type]


def test_savings_event_lists_become_tuples_and_pickle() -> None:
    item = ValueAddItem(description="x", market_value=1)
    event = make_event(value_add=[item])
    assert event.value_add == (item,)
    assert pickle.loads(pickle.dumps(event)) == event
    assert hash(event) == hash(make_event(value_add=(item,)))


# Timing ------------------------------------------------------------------------------------


def test_savings_fiscal_years_and_periods() -> None:
    (year,) = fiscal_years(date(2024, 4, 1), count=1)
    assert (year.name, year.days) == ("FY2025", 365)
    assert year.contains(date(2025, 3, 31))
    assert not year.contains(date(2025, 4, 1))
    with pytest.raises(InvalidInputError, match="count must be >= 1"):
        fiscal_years(date(2024, 1, 1), count=0)


@pytest.mark.parametrize(
    ("periods", "error", "match"),
    [
        ("FY2024", TypeError, "periods must be a sequence of FiscalPeriod"),
        (None, TypeError, "periods must be a sequence of FiscalPeriod"),
        ([], InvalidInputError, "periods must be at least one FiscalPeriod"),
        ([("2024-01-01", "2024-12-31")], TypeError, r"periods\[0\] must be a FiscalPeriod"),
        (
            [
                FiscalPeriod(name="A", start=date(2024, 1, 1), end=date(2024, 12, 31)),
                FiscalPeriod(name="B", start=date(2024, 12, 31), end=date(2025, 12, 30)),
            ],
            InvalidInputError,
            "periods must be non-overlapping",
        ),
    ],
)
def test_savings_prorate_period_errors(periods: Any, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        prorate(
            Decimal(1),
            start=date(2024, 1, 1),
            end=date(2024, 12, 31),
            periods=periods,
            currency="USD",
        )


def test_savings_prorate_errors() -> None:
    years = fiscal_years(date(2024, 1, 1), count=1)
    with pytest.raises(InvalidInputError, match="end must be on or after start"):
        prorate(
            Decimal(1), start=date(2024, 2, 1), end=date(2024, 1, 1), periods=years, currency="USD"
        )
    with pytest.raises(TypeError, match="convention must be a ProrationConvention"):
        prorate(
            Decimal(1),
            start=date(2024, 1, 1),
            end=date(2024, 1, 1),
            periods=years,
            currency="USD",
            convention="servicenow",  # type: ignore[arg-type]
        )
    with pytest.raises(TypeError, match="amount must be a Decimal or int, not float"):
        prorate(1.0, start=date(2024, 1, 1), end=date(2024, 1, 1), periods=years, currency="USD")  # type: ignore[arg-type]
    with pytest.raises(UnknownCurrencyError):
        prorate(1, start=date(2024, 1, 1), end=date(2024, 1, 1), periods=years, currency="EURO")


def test_savings_prorate_actual_days_outside_the_periods() -> None:
    # 1,000 over 1 Jul 2024 - 30 Jun 2025 (365 days), periods FY2024 only:
    # 184 days in, 181 days outside.
    split = prorate(
        1000,
        start=date(2024, 7, 1),
        end=date(2025, 6, 30),
        periods=fiscal_years(date(2024, 1, 1), count=1),
        currency="USD",
    )
    assert split.lines[0].amount == Decimal("504.11")
    assert split.outside == Decimal("495.89")
    assert "FY2024 (2024-01-01 to 2024-12-31): 184 days -> 504.11 USD" in split.explain()
    snow = prorate(
        1000,
        start=date(2024, 7, 1),
        end=date(2025, 6, 30),
        periods=fiscal_years(date(2024, 1, 1), count=1),
        currency="USD",
        convention=ProrationConvention.SERVICENOW,
    )
    assert snow.lines[0].amount == Decimal("504.11")
    assert "SAVINGS.PRORATE_OVER_ATTRIBUTED" not in {r.code for r in snow.reasons}


# Finance tie-outs --------------------------------------------------------------------------


def test_savings_bridge_errors_and_reason() -> None:
    bridge = price_volume_bridge(
        baseline_price=10,
        baseline_quantity=1000,
        new_price=Decimal("9.5"),
        new_quantity=900,
        currency="USD",
    )
    # price (9.5 − 10) × 900 = −450, volume (900 − 1,000) × 10 = −1,000
    assert (bridge.price_effect, bridge.volume_effect) == (Decimal("-450.00"), Decimal("-1000.00"))
    assert bridge.reasons[0].code == "SAVINGS.BRIDGE"
    with pytest.raises(InvalidInputError, match="baseline_quantity must be >= 0"):
        price_volume_bridge(
            baseline_price=1, baseline_quantity=-1, new_price=1, new_quantity=1, currency="USD"
        )
    with pytest.raises(InvalidInputError, match="rounding must be one of"):
        price_volume_bridge(
            baseline_price=1,
            baseline_quantity=1,
            new_price=1,
            new_quantity=1,
            currency="USD",
            rounding="up",
        )


def test_savings_ppv_errors_and_edges() -> None:
    with pytest.raises(InvalidInputError, match="exactly one given"):
        purchase_price_variance(standard_price=1, quantity=1, currency="USD")
    with pytest.raises(InvalidInputError, match="exactly one given"):
        purchase_price_variance(
            standard_price=1, quantity=1, currency="USD", actual_price=1, actual_amount=1
        )
    with pytest.raises(InvalidInputError, match="quantity must be > 0 when actual_amount"):
        purchase_price_variance(standard_price=1, quantity=0, currency="USD", actual_amount=1)
    with pytest.raises(TypeError, match="actual_price must be a Decimal or int, not float"):
        purchase_price_variance(standard_price=1, quantity=1, currency="USD", actual_price=0.5)  # type: ignore[arg-type]
    nothing = purchase_price_variance(standard_price=1, quantity=0, currency="USD", actual_price=2)
    assert (nothing.variance, nothing.direction, nothing.actual_price) == (
        Decimal("0.00"),
        VarianceDirection.NONE,
        None,
    )


def test_savings_percentage_errors() -> None:
    with pytest.raises(InvalidInputError, match="current_spend must be such that"):
        savings_percentage(Decimal(-5), current_spend=Decimal(5))
    with pytest.raises(TypeError, match="savings must be a Decimal or int, not float"):
        savings_percentage(0.1, current_spend=Decimal(5))  # type: ignore[arg-type]


def test_savings_realised_against_the_counterfactual_and_outside_lines() -> None:
    # No B (a quote of 11.00): realised against C. Measured January only:
    # expected 1,000 × 31 / 365 units.
    event = make_event(baseline_method=BaselineMethod.QUOTE, baseline_price=11)
    lines = [
        InvoiceLine(
            invoice_date=date(2026, 1, 20), quantity=80, unit_price=Decimal("9.50"), currency="USD"
        ),
        InvoiceLine(
            invoice_date=date(2026, 2, 20), quantity=80, unit_price=Decimal("9.50"), currency="USD"
        ),
    ]
    result = realised_savings(event, lines, start=date(2026, 1, 1), end=date(2026, 1, 31))
    assert not result.basis_is_finance_baseline
    assert result.basis_price == Decimal(11)
    assert result.negotiated == Decimal("127.40")  # 1.50 × 1,000 × 31 / 365 = 127.397...
    assert result.realised == Decimal("120.00")  # (11 − 9.50) × 80
    assert (result.lines_counted, result.lines_outside) == (1, 1)
    assert "SAVINGS.LINES_OUTSIDE_PERIOD" in {r.code for r in result.reasons}


def test_savings_realised_gain_is_negative_leakage() -> None:
    lines = [
        InvoiceLine(invoice_date=date(2026, 3, 1), quantity=1000, unit_price=9, currency="USD")
    ]
    result = realised_savings(make_event(), lines, policy=SavingsPolicy())
    assert result.leakage == Decimal("-500.00")  # paid 9.00, contract 9.50
    assert result.price_leakage == Decimal("-500.00")
    leak = next(r for r in result.reasons if r.code == "SAVINGS.LEAKAGE")
    assert leak.severity.value == "info"


def test_savings_realised_errors() -> None:
    event = make_event()
    line = InvoiceLine(invoice_date=date(2026, 3, 1), quantity=1, unit_price=9, currency="EUR")
    with pytest.raises(CurrencyMismatchError, match=r"invoice_lines\[0\].currency must be 'USD'"):
        realised_savings(event, [line])
    with pytest.raises(TypeError, match="event must be a SavingsEvent"):
        realised_savings("event", [])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy must be a SavingsPolicy"):
        realised_savings(event, [], policy="strict")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="invoice_lines must be a sequence of InvoiceLine"):
        realised_savings(event, "lines")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"invoice_lines\[0\] must be an InvoiceLine"):
        realised_savings(event, [{"quantity": 1}])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="end must be on or after start"):
        realised_savings(event, [], start=date(2026, 5, 1), end=date(2026, 4, 1))
    with pytest.raises(TypeError, match=r"start must be a datetime.date"):
        realised_savings(event, [], start="2026-05-01")  # type: ignore[arg-type]


# Portfolio ---------------------------------------------------------------------------------


def test_savings_summary_groupings() -> None:
    hard = classify()
    increase = classify(item="resin", new_price=Decimal("10.30"), baseline_evidence="")
    results = [hard, increase]
    by_primary = summarise_savings(results)
    assert [row.key for row in by_primary.rows] == ["hard_savings", "cost_increase"]
    by_item = summarise_savings(results, by=SummaryBy.ITEM)
    assert [row.key for row in by_item.rows] == ["resin", "widget"]
    by_status = summarise_savings(results, by=SummaryBy.STATUS)
    assert [row.key for row in by_status.rows] == ["recognised", "pending_validation"]
    total = summarise_savings(results, by=SummaryBy.TOTAL)
    assert [row.key for row in total.rows] == ["total"]
    assert total.total.finance_view == Decimal("200.00")  # 500 − 300
    assert total.total.amount(K.COST_AVOIDANCE) == 0
    assert "widget" not in total.explain()
    assert "total: 2 event(s), finance view 200.00" in total.explain()


def test_savings_summary_pending_and_mixed_policies() -> None:
    pending = classify(baseline_evidence="")
    strict = classify_savings(
        make_event(item="other"), policy=SavingsPolicy.finance_strict(), as_of=AS_OF
    )
    summary = summarise_savings([pending, strict])
    assert summary.total.pending == Decimal("1000.00")
    assert summary.total.recognised == 0
    assert "SAVINGS.SUMMARY_MIXED_POLICIES" in {r.code for r in summary.reasons}


def test_savings_summary_same_event_under_two_presets_counts_once() -> None:
    event = make_event()
    results = [
        classify_savings(event, policy=SavingsPolicy.preset(name), as_of=AS_OF)
        for name in ("default", "finance_strict")
    ]
    summary = summarise_savings(results)
    assert summary.total.finance_view == Decimal("500.00")
    assert summary.duplicates == 1
    assert {"SAVINGS.SUMMARY_DUPLICATE_EVENT"} <= {r.code for r in summary.reasons}


def test_savings_summary_by_period_with_one_offs_and_outside() -> None:
    # Effective 1 Jul 2026, window to 30 Jun 2027; periods FY2026 only. Hard 500 splits
    # 184 / 181 days; the one-off credit of 50 is booked in FY2026 on the effective date.
    result = classify(
        effective_date=date(2026, 7, 1),
        baseline_date=date(2026, 1, 1),
        one_offs=(OneOffAmount(kind=OneOffKind.CREDIT, amount=50),),
    )
    periods = [FiscalPeriod(name="FY2026", start=date(2026, 1, 1), end=date(2026, 12, 31))]
    summary = summarise_savings([result], by=SummaryBy.PERIOD, periods=periods)
    assert [row.key for row in summary.rows] == ["FY2026", "outside periods"]
    assert summary.rows[0].finance_view == Decimal("302.05")  # 252.05 + 50
    assert summary.rows[1].finance_view == Decimal("247.95")
    # A one-off whose effective date is outside every period lands outside.
    later = [FiscalPeriod(name="FY2027", start=date(2027, 1, 1), end=date(2027, 12, 31))]
    moved = summarise_savings([result], by=SummaryBy.PERIOD, periods=later)
    assert moved.rows[1].amount(K.ONE_OFF_SAVINGS) == Decimal("50.00")
    assert moved.rows[0].amount(K.ONE_OFF_SAVINGS) == 0


def test_savings_summary_errors() -> None:
    result = classify()
    with pytest.raises(TypeError, match="classifications must be a sequence"):
        summarise_savings(result)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"classifications\[0\] must be a SavingsClassification"):
        summarise_savings([make_event()])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="by must be a SummaryBy"):
        summarise_savings([result], by="item")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="at least one classification, or pass currency"):
        summarise_savings([])
    with pytest.raises(CurrencyMismatchError, match="must be 'EUR' to match, got 'USD'"):
        summarise_savings([result], currency="EUR")
    with pytest.raises(
        InvalidInputError, match=r"periods must be empty unless by=SummaryBy.PERIOD"
    ):
        summarise_savings([result], periods=fiscal_years(date(2026, 1, 1), count=1))
    with pytest.raises(InvalidInputError, match="periods must be at least one FiscalPeriod"):
        summarise_savings([result], by=SummaryBy.PERIOD)
    empty = summarise_savings([], currency="EUR")
    assert (empty.rows, empty.total.finance_view) == ((), Decimal("0.00"))


def test_savings_classification_equality_is_by_value() -> None:
    first = classify()
    assert first == classify()
    assert attrs.evolve(first, as_of=date(2026, 1, 16)) != first


@settings(max_examples=300)
@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    months=st.integers(min_value=-240, max_value=240),
)
def test_savings_add_months_matches_relativedelta(day: date, months: int) -> None:
    # STYLE.md: month arithmetic from the anchor, as dateutil's relativedelta does it.
    assert add_months(day, months) == day + relativedelta(months=months)
