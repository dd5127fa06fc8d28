"""Reference prices of an event: the finance baseline B, the budget comparison B′, and C (private)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from spendrules._savings.model import (
    BID_METHODS,
    PAID_METHODS,
    BaselineFlag,
    BaselineMethod,
    BudgetComparison,
    Missing,
    SavingsEvent,
    SavingsPolicy,
)
from spendrules._savings.timing import add_months
from spendrules.results import Reason, Severity

__all__ = ["References", "reference_prices", "show"]


@dataclass
class References:
    """B and C in the price currency, with the reasons and missing evidence found."""

    baseline: Decimal | None
    counterfactual: Decimal
    budget: Decimal | None = None
    flag: BaselineFlag = BaselineFlag.SUPPORTED
    reasons: list[Reason] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    indexed: bool = False


def show(value: Decimal) -> str:
    """Format a price for a sentence: at most 6 decimal places."""
    text = str(value)
    dot = text.find(".")
    if dot >= 0 and len(text) - dot > 7:
        text = str(value.quantize(Decimal("0.000001")))
    return text


def _baseline_problem(
    event: SavingsEvent, policy: SavingsPolicy
) -> tuple[str, str, BaselineFlag] | None:
    """Return (code, sentence, flag) saying why the baseline cannot be B, or None when it can."""
    method = event.baseline_method
    eligible = (
        method in PAID_METHODS
        or (method is BaselineMethod.BUDGET and policy.budget_underspend_counts)
        or (method in BID_METHODS and policy.bids_count_as_baseline)
    )
    if not eligible:
        return (
            "SAVINGS.BASELINE_NOT_PAID",
            f"The baseline is a {method.value} price, not a price paid, under policy "
            f"{policy.name!r}: it is procurement's counterfactual C only, so no finance "
            "baseline B applies.",
            BaselineFlag.NOT_PAID,
        )
    if not event.same_spec:
        return (
            "SAVINGS.BASELINE_SPEC_CHANGED",
            "The item bought is not the baseline's specification, so the baseline cannot be "
            "the finance baseline B; it is kept as the counterfactual C.",
            BaselineFlag.OTHER_SPEC,
        )
    if event.baseline_date > event.effective_date:
        return (
            "SAVINGS.BASELINE_AFTER_EFFECTIVE",
            f"The baseline date {event.baseline_date.isoformat()} is after the effective date "
            f"{event.effective_date.isoformat()}, so it is not a before price.",
            BaselineFlag.AFTER_EFFECTIVE,
        )
    effective = event.effective_date
    if policy.max_baseline_age_months > (effective.year - 1) * 12 + effective.month - 1:
        return None  # the accepted age reaches back past 0001-01-01: no baseline is stale
    oldest = add_months(effective, -policy.max_baseline_age_months)
    if event.baseline_date < oldest:
        return (
            "SAVINGS.BASELINE_STALE",
            f"The baseline dated {event.baseline_date.isoformat()} is more than "
            f"{policy.max_baseline_age_months} months before the effective date "
            f"{event.effective_date.isoformat()} (oldest accepted {oldest.isoformat()}), so it "
            "is stale and cannot be the finance baseline B.",
            BaselineFlag.STALE,
        )
    return None


def reference_prices(event: SavingsEvent, policy: SavingsPolicy) -> References:
    """Return B and C per unit in the event's price currency (call inside ``exact()``)."""
    problem = _baseline_problem(event, policy)
    price = event.baseline_price
    if problem is None:
        refs = References(baseline=price, counterfactual=price, budget=price)
        refs.reasons.append(
            Reason.of(
                "SAVINGS.BASELINE_ACCEPTED",
                f"The {event.baseline_method.value} baseline {price} dated "
                f"{event.baseline_date.isoformat()} is the finance baseline B (same spec, within "
                f"{policy.max_baseline_age_months} months of the effective date).",
                baseline=price,
                method=event.baseline_method,
            )
        )
    else:
        code, sentence, flag = problem
        refs = References(baseline=None, counterfactual=price, flag=flag)
        refs.reasons.append(Reason.of(code, sentence, severity=Severity.WARNING, baseline=price))
        refs.reasons.append(_budget_comparison(event, policy, refs))
    if policy.require_baseline_evidence and not event.baseline_evidence.strip():
        refs.missing.append(Missing.BASELINE_EVIDENCE)
    _apply_index(event, policy, refs)
    _apply_proposal(event, policy, refs)
    return refs


def _budget_comparison(event: SavingsEvent, policy: SavingsPolicy, refs: References) -> Reason:
    """Set B′ (``refs.budget``) for an event without a valid B; return the reason saying so.

    B′ is the baseline price when it is a price the policy could accept as B (only its age,
    specification or date is wrong) or when ``budget_comparison`` is BASELINE; otherwise the
    event's ``last_price_paid``; otherwise unknown (``NO_HISTORY``).
    """
    price = event.baseline_price
    method = event.baseline_method.value
    if refs.flag is not BaselineFlag.NOT_PAID or policy.budget_comparison is (
        BudgetComparison.BASELINE
    ):
        refs.budget = price
        what = f"the {method} baseline {price} dated {event.baseline_date.isoformat()}"
    elif event.last_price_paid is not None:
        refs.budget = event.last_price_paid
        what = f"the last price paid {event.last_price_paid}"
    else:
        refs.flag = BaselineFlag.NO_HISTORY
        return Reason.of(
            "SAVINGS.BUDGET_UNKNOWN",
            f"No price paid is known for {event.item!r}: the baseline is a {method} price and no "
            "last_price_paid is given, so what the budget did is unknown (finance view None).",
            severity=Severity.WARNING,
            flag=refs.flag,
        )
    return Reason.of(
        "SAVINGS.BUDGET_COMPARISON",
        f"The finance view is the budget change against {what} (B' = {refs.budget}, "
        f"budget_comparison={policy.budget_comparison.value}); flagged {refs.flag.value}: it "
        "shows what the budget did but cannot support hard savings.",
        severity=Severity.WARNING,
        comparison=refs.budget,
        flag=refs.flag,
    )


def _apply_index(event: SavingsEvent, policy: SavingsPolicy, refs: References) -> None:
    index = event.market_index
    if index is None:
        return
    if not policy.use_index:
        refs.reasons.append(
            Reason.of(
                "SAVINGS.INDEX_NOT_USED",
                f"Policy {policy.name!r} does not let a market index move the counterfactual "
                "(use_index=False).",
            )
        )
        return
    if refs.baseline is None:
        refs.reasons.append(
            Reason.of(
                "SAVINGS.INDEX_NEEDS_BASELINE",
                "The market index is not applied: it moves the finance baseline B, and this "
                "event has none.",
            )
        )
        return
    movement = index.current / index.base - 1
    refs.counterfactual = refs.baseline * (1 + index.indexed_share * movement)
    refs.indexed = True
    refs.reasons.append(
        Reason.of(
            "SAVINGS.COUNTERFACTUAL_INDEXED",
            f"The counterfactual C = B x (1 + s x (I1 / I0 - 1)) = {refs.baseline} x (1 + "
            f"{index.indexed_share} x ({index.current} / {index.base} - 1)) = "
            f"{show(refs.counterfactual)}.",
            counterfactual=show(refs.counterfactual),
            index=index.name,
        )
    )
    if not index.evidence.strip():
        refs.missing.append(Missing.INDEX_EVIDENCE)


def _apply_proposal(event: SavingsEvent, policy: SavingsPolicy, refs: References) -> None:
    """Let an evidenced written proposal move C, as the policy allows.

    Uncapped (no index, or ``cap_quote_by_index=False``): C = max(quote, C), so a
    proposal can only raise C, and only as far as its own price. Capped by an index:
    C = min(max(quote, B), indexed C), so a proposal below B never lowers C below B
    (RDT scenario 1) and one above the index cannot inflate it (SORC).
    """
    proposal = event.proposal
    if proposal is None:
        return
    if not policy.use_quotes:
        refs.reasons.append(
            Reason.of(
                "SAVINGS.PROPOSAL_NOT_USED",
                f"Policy {policy.name!r} does not let a supplier proposal raise the "
                f"counterfactual (use_quotes=False); the proposal of {proposal.price} is noted "
                "only.",
                proposal=proposal.price,
            )
        )
        return
    if not proposal.evidence.strip():
        refs.missing.append(Missing.PROPOSAL_EVIDENCE)
        refs.reasons.append(
            Reason.of(
                "SAVINGS.PROPOSAL_UNEVIDENCED",
                f"The supplier proposal of {proposal.price} has no written evidence, so it does "
                "not raise the counterfactual C.",
                severity=Severity.WARNING,
                proposal=proposal.price,
            )
        )
        return
    before = refs.counterfactual
    if refs.indexed and policy.cap_quote_by_index and refs.baseline is not None:
        quote = max(proposal.price, refs.baseline)
        refs.counterfactual = min(quote, before)
        how = (
            f"min(max({proposal.price}, B {refs.baseline}), indexed {show(before)}) "
            f"(cap_quote_by_index=True) = {show(refs.counterfactual)}; a proposal below B "
            "counts as B, and the index caps it"
        )
    else:
        refs.counterfactual = max(proposal.price, before)
        how = (
            f"max({proposal.price}, {show(before)}) = {show(refs.counterfactual)}; a "
            "proposal only ever raises C, and no higher than its own price"
        )
    refs.reasons.append(
        Reason.of(
            "SAVINGS.COUNTERFACTUAL_PROPOSAL",
            f"The written supplier proposal of {proposal.price} ({proposal.evidence}) gives the "
            f"counterfactual C = {how}.",
            proposal=proposal.price,
            counterfactual=show(refs.counterfactual),
        )
    )
