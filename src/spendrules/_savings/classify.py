"""classify_savings: one event, two reconciled ledgers, a reason per component (private)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from spendrules._checks import check_date
from spendrules._decimal import exact
from spendrules._savings import _fields as f
from spendrules._savings.model import (
    BID_METHODS,
    PAID_METHODS,
    BaselineMethod,
    ComponentKind,
    DemandChange,
    Driver,
    Missing,
    OneOffKind,
    SavingsCategory,
    SavingsEvent,
    SavingsPolicy,
    SavingsStatus,
)
from spendrules._savings.timing import add_months
from spendrules.errors import InvalidInputError
from spendrules.money import minor_units
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "CLAUSES",
    "RULE",
    "SavingsClassification",
    "SavingsComponent",
    "classify_savings",
    "reference_prices",
    "unit_decomposition",
    "window_of",
]

#: Rule id of :func:`classify_savings`; bumped whenever the numbers it produces can change.
RULE = "savings.classify@1"

_ZERO = Decimal(0)
_TWELVE = Decimal(12)
_ONE_DAY = timedelta(days=1)

#: The policy clauses a component can cite, by id. ``{field}`` is the policy's value.
CLAUSES: dict[str, str] = {
    "price.hard": (
        "hard = max(0, min(B, C) - P1) x Q; B is a price paid, same spec, dated within "
        "max_baseline_age_months={max_baseline_age_months} before the effective date"
    ),
    "price.avoidance": (
        "avoidance = max(0, C - max(B, P1)) x Q; C from a written proposal "
        "(use_quotes={use_quotes}, cap_quote_by_index={cap_quote_by_index}) or an index "
        "(use_index={use_index})"
    ),
    "price.new_purchase": (
        "no valid B: avoidance = max(0, C - P1) x Q, never budget-impacting "
        "(budget_underspend_counts={budget_underspend_counts}, "
        "bids_count_as_baseline={bids_count_as_baseline})"
    ),
    "price.windfall": "windfall = max(0, B - max(C, P1)) x Q; budget moves, not attributable",
    "price.increase": "cost increase = -max(0, P1 - B) x Q (keep_negatives={keep_negatives})",
    "price.underperformance": (
        "underperformance = -max(0, P1 - C) x Q (keep_negatives={keep_negatives})"
    ),
    "volume.demand": "demand reduction = (Q0 - Q) x B, intentional with the same output",
    "volume.scope": "scope reduction = (Q0 - Q) x B; budget moves, not an efficiency",
    "volume.variance": "volume variance = (Q0 - Q) x B; not attributable",
    "fx.variance": "FX variance = P1 x (baseline rate - current rate) x Q; never a saving",
    "value_add.replaces_spend": "value-add that replaces budgeted spend, with evidence, is hard",
    "value_add.soft": "value-add is soft: not cashable unless it replaces budgeted spend",
    "one_off.savings": "a one-off credit or waiver counts once, on the effective date",
    "one_off.recovery": "a recovery is cash but not a saving",
    "cost.implementation": "the implementation cost is netted once, on the effective date",
}

_RECOGNISED = Reason.of(
    "SAVINGS.RECOGNISED",
    "Recognised: the evidence is complete and any required sign-off is in place.",
)

#: Kinds that make the primary category HARD_SAVINGS when their total is positive.
_HARD_LIKE = (
    ComponentKind.HARD_SAVINGS,
    ComponentKind.DEMAND_REDUCTION,
    ComponentKind.ONE_OFF_SAVINGS,
)


@attrs.frozen(kw_only=True)
class SavingsComponent:
    """One non-overlapping piece of an event's effect, with its reason and clause.

    Attributes:
        kind: What it is.
        driver: What produced it (price, volume, FX, value-add, one-off, implementation).
        amount: Signed amount in the event currency: positive is a saving or
            gain, negative a cost. Rounded to the currency's minor unit.
        budget_impacting: Whether it changes the budget holder's expense against B.
        attributable: Whether procurement caused it.
        recurring: True when it accrues evenly over the counting window; False when it is
            booked once, on the effective date.
        reason_code: Stable machine code, e.g. ``"SAVINGS.HARD"``.
        sentence: English sentence with the numbers used.
        clause: The policy clause applied: ``"<policy name> §<clause id>: <rule>"``.
    """

    kind: ComponentKind
    driver: Driver
    amount: Decimal
    budget_impacting: bool
    attributable: bool
    recurring: bool
    reason_code: str
    sentence: str
    clause: str

    @property
    def finance_recognised(self) -> bool:
        """True when finance recognises it: budget-impacting and attributable."""
        return self.budget_impacting and self.attributable


@attrs.frozen(kw_only=True)
class SavingsClassification(Explained):
    """The classification of one event under one policy.

    Attributes:
        rule: ``"savings.classify@1"``.
        event: The event classified.
        policy: The policy applied.
        as_of: The date the classification was made (sign-offs after it do not count).
        currency: The event currency; every amount is in it.
        primary: The one label of the event (see :class:`SavingsCategory`).
        components: The non-overlapping components, nonzero ones only, in a fixed order.
        finance_view: Sum of budget-impacting components: the budget delta against B.
        procurement_view: Sum of attributable components: the value against C.
        finance_recognised: Sum of components both budget-impacting and attributable:
            the amount finance recognises once ``status`` is RECOGNISED.
        status: RECOGNISED, or PENDING_VALIDATION with ``missing`` saying what is missing.
        missing: The evidence or sign-off still missing.
        finance_baseline: B per unit in the event currency, or None when the event has no
            valid finance baseline (a new purchase, a stale or quote baseline, a spec change).
        counterfactual: C per unit in the event currency.
        new_price: P1 per unit in the event currency (at the baseline FX rate).
        quantity: Q, the units counted: ``forecast_quantity × count_months / 12``.
        window_start: First day of the counting window (the effective date).
        window_end: Last day of the counting window (inclusive).
        reasons: Every decision, in order.
    """

    rule: str
    event: SavingsEvent
    policy: SavingsPolicy
    as_of: date
    currency: str
    primary: SavingsCategory
    components: tuple[SavingsComponent, ...]
    finance_view: Decimal
    procurement_view: Decimal
    finance_recognised: Decimal
    status: SavingsStatus
    missing: tuple[Missing, ...]
    finance_baseline: Decimal | None
    counterfactual: Decimal
    new_price: Decimal
    quantity: Decimal
    window_start: date
    window_end: date
    reasons: tuple[Reason, ...]

    def amount(self, kind: ComponentKind, *, driver: Driver | None = None) -> Decimal:
        """Return the total of the components of ``kind`` (optionally of one ``driver``).

        Examples:
            >>> from datetime import date
            >>> from spendrules.savings import BaselineMethod, ComponentKind, SavingsEvent
            >>> event = SavingsEvent(
            ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
            ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
            ...     baseline_evidence="PO-1", new_price=Decimal("9.50"),
            ...     effective_date=date(2026, 1, 1), forecast_quantity=1000)
            >>> result = classify_savings(event, as_of=date(2026, 1, 5))
            >>> result.amount(ComponentKind.HARD_SAVINGS), result.amount(ComponentKind.COST_AVOIDANCE)
            (Decimal('500.00'), Decimal('0.00'))
        """
        quantum = Decimal(1).scaleb(-minor_units(self.currency))
        with exact():
            total = _ZERO
            for component in self.components:
                if component.kind is kind and (driver is None or component.driver is driver):
                    total += component.amount
            return total.quantize(quantum)

    def _detail_lines(self) -> list[str]:
        lines = ["Components:"] if self.components else ["Components: none"]
        for c in self.components:
            flags = ", ".join(
                name
                for name, on in (("budget", c.budget_impacting), ("attributable", c.attributable))
                if on
            )
            lines.append(
                f"  {c.kind.value} ({c.driver.value}): {c.amount} {self.currency} "
                f"[{flags or 'neither'}] {c.reason_code}: {c.sentence} | {c.clause}"
            )
        return lines


# Reference prices ------------------------------------------------------------------


@dataclass
class _Refs:
    """B and C in the price currency, with the reasons and missing evidence found."""

    baseline: Decimal | None
    counterfactual: Decimal
    reasons: list[Reason] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    indexed: bool = False


def _show(value: Decimal) -> str:
    """Format a price for a sentence: at most 6 decimal places."""
    text = str(value)
    dot = text.find(".")
    if dot >= 0 and len(text) - dot > 7:
        text = str(value.quantize(Decimal("0.000001")))
    return text


def _baseline_problem(event: SavingsEvent, policy: SavingsPolicy) -> tuple[str, str] | None:
    """Return (code, sentence) saying why the baseline cannot be B, or None when it can."""
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
        )
    if not event.same_spec:
        return (
            "SAVINGS.BASELINE_SPEC_CHANGED",
            "The item bought is not the baseline's specification, so the baseline cannot be "
            "the finance baseline B; it is kept as the counterfactual C.",
        )
    if event.baseline_date > event.effective_date:
        return (
            "SAVINGS.BASELINE_AFTER_EFFECTIVE",
            f"The baseline date {event.baseline_date.isoformat()} is after the effective date "
            f"{event.effective_date.isoformat()}, so it is not a before price.",
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
        )
    return None


def reference_prices(event: SavingsEvent, policy: SavingsPolicy) -> _Refs:
    """Return B and C per unit in the event's price currency (call inside ``exact()``)."""
    problem = _baseline_problem(event, policy)
    price = event.baseline_price
    if problem is None:
        refs = _Refs(baseline=price, counterfactual=price)
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
        refs = _Refs(baseline=None, counterfactual=price)
        code, sentence = problem
        refs.reasons.append(Reason.of(code, sentence, severity=Severity.WARNING, baseline=price))
    if policy.require_baseline_evidence and not event.baseline_evidence.strip():
        refs.missing.append(Missing.BASELINE_EVIDENCE)
    _apply_index(event, policy, refs)
    _apply_proposal(event, policy, refs)
    return refs


def _apply_index(event: SavingsEvent, policy: SavingsPolicy, refs: _Refs) -> None:
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
            f"{_show(refs.counterfactual)}.",
            counterfactual=_show(refs.counterfactual),
            index=index.name,
        )
    )
    if not index.evidence.strip():
        refs.missing.append(Missing.INDEX_EVIDENCE)


def _apply_proposal(event: SavingsEvent, policy: SavingsPolicy, refs: _Refs) -> None:
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
            f"min(max({proposal.price}, B {refs.baseline}), indexed {_show(before)}) "
            f"(cap_quote_by_index=True) = {_show(refs.counterfactual)}; a proposal below B "
            "counts as B, and the index caps it"
        )
    else:
        refs.counterfactual = max(proposal.price, before)
        how = (
            f"max({proposal.price}, {_show(before)}) = {_show(refs.counterfactual)}; a "
            "proposal only ever raises C, and no higher than its own price"
        )
    refs.reasons.append(
        Reason.of(
            "SAVINGS.COUNTERFACTUAL_PROPOSAL",
            f"The written supplier proposal of {proposal.price} ({proposal.evidence}) gives the "
            f"counterfactual C = {how}.",
            proposal=proposal.price,
            counterfactual=_show(refs.counterfactual),
        )
    )


# The decomposition -------------------------------------------------------------------


def unit_decomposition(
    baseline: Decimal, counterfactual: Decimal, new_price: Decimal
) -> dict[ComponentKind, Decimal]:
    """Return the exact per-unit price terms (call inside ``exact()``).

    ``hard = max(0, min(B, C) − P1)``, ``avoidance = max(0, C − max(B, P1))``,
    ``windfall = max(0, B − max(C, P1))``, ``increase = −max(0, P1 − B)``,
    ``underperformance = −max(0, P1 − C)``.
    """
    b, c, p = baseline, counterfactual, new_price
    return {
        ComponentKind.HARD_SAVINGS: max(_ZERO, min(b, c) - p),
        ComponentKind.COST_AVOIDANCE: max(_ZERO, c - max(b, p)),
        ComponentKind.MARKET_WINDFALL: max(_ZERO, b - max(c, p)),
        ComponentKind.COST_INCREASE: -max(_ZERO, p - b),
        ComponentKind.MARKET_UNDERPERFORMANCE: -max(_ZERO, p - c),
    }


class _PolicyFields:
    """The policy's fields by name, for ``str.format_map``."""

    def __init__(self, policy: SavingsPolicy) -> None:
        self.policy = policy

    def __getitem__(self, key: str) -> Any:
        return getattr(self.policy, key)


class _Builder:
    """Collects components for one classification (inside ``exact()``)."""

    def __init__(self, event: SavingsEvent, policy: SavingsPolicy) -> None:
        self.currency = event.currency
        self.quantum = Decimal(1).scaleb(-minor_units(event.currency))
        self.rounding = policy.rounding
        self.policy_name = policy.name
        self.settings = _PolicyFields(policy)
        self.components: list[SavingsComponent] = []

    def round(self, value: Decimal) -> Decimal:
        return value.quantize(self.quantum, rounding=self.rounding)

    def add(
        self,
        kind: ComponentKind,
        driver: Driver,
        amount: Decimal,
        *,
        budget: bool,
        attributable: bool,
        recurring: bool,
        code: str,
        sentence: Callable[[], str] | str,
        clause: str,
    ) -> None:
        """Add a component unless ``amount`` is zero (a callable ``sentence`` is built lazily)."""
        if amount == 0:
            return
        rule = CLAUSES[clause].format_map(self.settings)
        self.components.append(
            SavingsComponent(
                kind=kind,
                driver=driver,
                amount=amount,
                budget_impacting=budget,
                attributable=attributable,
                recurring=recurring,
                reason_code=code,
                sentence=sentence if isinstance(sentence, str) else sentence(),
                clause=f"{self.policy_name} §{clause}: {rule}",
            )
        )


def _price_components(
    build: _Builder,
    b: Decimal | None,
    c: Decimal,
    p: Decimal,
    q: Decimal,
    *,
    keep_negatives: bool,
    reasons: list[Reason],
) -> None:
    """Emit the price components so both identities hold exactly on the rounded amounts.

    Both views are rounded once: F = round((B − P1)·Q), P = round((C − P1)·Q). Hard
    savings, the only term in both ledgers, is rounded on its own; every other
    price component is F or P or their difference with hard, so
    hard + windfall + increase = F and hard + avoidance + underperformance = P.
    """
    cur = build.currency
    qty = str(q)
    procurement = build.round((c - p) * q)
    hard = windfall = increase = avoidance = under = _ZERO
    if b is None:
        if p <= c:
            avoidance = procurement
        else:
            under = procurement
    else:
        finance = build.round((b - p) * q)
        if p < min(b, c):
            hard = build.round((min(b, c) - p) * q)
            windfall = finance - hard
            avoidance = procurement - hard
        else:
            if p <= b:
                windfall = finance
            else:
                increase = finance
            if p <= c:
                avoidance = procurement
            else:
                under = procurement
    if not keep_negatives and (increase or under):
        reasons.append(
            Reason.of(
                "SAVINGS.NEGATIVES_DROPPED",
                f"keep_negatives=False: the cost increase {increase} {cur} and the "
                f"underperformance {under} {cur} are dropped, so the components no longer "
                "reconcile to (B - P1) x Q and (C - P1) x Q.",
                severity=Severity.WARNING,
                increase=increase,
                underperformance=under,
            )
        )
        increase = under = _ZERO
    bs = "none" if b is None else _show(b)
    cs, ps = _show(c), _show(p)
    build.add(
        ComponentKind.HARD_SAVINGS,
        Driver.PRICE,
        hard,
        budget=True,
        attributable=True,
        recurring=True,
        code="SAVINGS.HARD",
        sentence=lambda: (
            f"Hard savings of {hard} {cur}: the new price {ps} is below both the finance "
            f"baseline B {bs} and the counterfactual C {cs}, on {qty} units; the budget falls."
        ),
        clause="price.hard",
    )
    if b is None:
        build.add(
            ComponentKind.COST_AVOIDANCE,
            Driver.PRICE,
            avoidance,
            budget=False,
            attributable=True,
            recurring=True,
            code="SAVINGS.NEW_PURCHASE_AVOIDANCE",
            sentence=lambda: (
                f"Cost avoidance of {avoidance} {cur}: with no finance baseline, the new price "
                f"{ps} is below the counterfactual C {cs} on {qty} units; no budget line moves."
            ),
            clause="price.new_purchase",
        )
    else:
        build.add(
            ComponentKind.COST_AVOIDANCE,
            Driver.PRICE,
            avoidance,
            budget=False,
            attributable=True,
            recurring=True,
            code="SAVINGS.AVOIDANCE",
            sentence=lambda: (
                f"Cost avoidance of {avoidance} {cur}: the counterfactual C {cs} is above both "
                f"B {bs} and the new price {ps}, on {qty} units; spend avoided, budget unchanged."
            ),
            clause="price.avoidance",
        )
    build.add(
        ComponentKind.MARKET_WINDFALL,
        Driver.PRICE,
        windfall,
        budget=True,
        attributable=False,
        recurring=True,
        code="SAVINGS.WINDFALL",
        sentence=lambda: (
            f"Market windfall of {windfall} {cur}: B {bs} is above both C {cs} and the new price "
            f"{ps}, on {qty} units; the budget falls with the market, not by procurement action."
        ),
        clause="price.windfall",
    )
    build.add(
        ComponentKind.COST_INCREASE,
        Driver.PRICE,
        increase,
        budget=True,
        attributable=False,
        recurring=True,
        code="SAVINGS.INCREASE",
        sentence=lambda: (
            f"Cost increase of {increase} {cur}: the new price {ps} is above the finance "
            f"baseline B {bs}, on {qty} units; the budget rises."
        ),
        clause="price.increase",
    )
    build.add(
        ComponentKind.MARKET_UNDERPERFORMANCE,
        Driver.PRICE,
        under,
        budget=False,
        attributable=True,
        recurring=True,
        code="SAVINGS.UNDERPERFORMANCE",
        sentence=lambda: (
            f"Market underperformance of {under} {cur}: the new price {ps} is above the "
            f"counterfactual C {cs}, on {qty} units."
        ),
        clause="price.underperformance",
    )


def _volume_components(
    build: _Builder,
    event: SavingsEvent,
    *,
    b: Decimal | None,
    q: Decimal,
    factor: Decimal,
    reasons: list[Reason],
) -> None:
    q0 = event.baseline_quantity
    if q0 is None:
        if event.demand_change is not DemandChange.NONE:
            reasons.append(
                Reason.of(
                    "SAVINGS.DEMAND_WITHOUT_BASELINE_QUANTITY",
                    f"A {event.demand_change.value} demand change is declared but no baseline "
                    "quantity is given, so no volume effect can be measured.",
                    severity=Severity.WARNING,
                )
            )
        return
    counted_q0 = q0 * factor
    if b is None:
        if counted_q0 != q:
            reasons.append(
                Reason.of(
                    "SAVINGS.VOLUME_NEEDS_BASELINE",
                    f"The quantity changes from {counted_q0} to {q} units, but volume effects are "
                    "valued at the finance baseline B and this event has none.",
                )
            )
        return
    value = build.round((counted_q0 - q) * b)
    cur = build.currency
    change = f"from {counted_q0} to {q} units at B {_show(b)}"
    if value > 0 and event.demand_change is DemandChange.INTENTIONAL_SAME_OUTPUT:
        build.add(
            ComponentKind.DEMAND_REDUCTION,
            Driver.VOLUME,
            value,
            budget=True,
            attributable=True,
            recurring=True,
            code="SAVINGS.DEMAND_REDUCTION",
            sentence=lambda: (
                f"Demand reduction of {value} {cur}: demand fell {change} by intent, with the "
                "same output; it shows in the operating budget."
            ),
            clause="volume.demand",
        )
    elif value > 0 and event.demand_change is DemandChange.SCOPE_CUT:
        build.add(
            ComponentKind.SCOPE_REDUCTION,
            Driver.VOLUME,
            value,
            budget=True,
            attributable=False,
            recurring=True,
            code="SAVINGS.SCOPE_REDUCTION",
            sentence=lambda: (
                f"Scope reduction of {value} {cur}: less is bought {change} because less is "
                "delivered; cash is released but it is not an efficiency."
            ),
            clause="volume.scope",
        )
    else:
        build.add(
            ComponentKind.VOLUME_VARIANCE,
            Driver.VOLUME,
            value,
            budget=True,
            attributable=False,
            recurring=True,
            code="SAVINGS.VOLUME_VARIANCE",
            sentence=lambda: (
                f"Volume variance of {value} {cur}: the quantity moves {change} "
                f"({event.demand_change.value}); the budget moves, procurement did not cause it."
            ),
            clause="volume.variance",
        )


def _fx_component(build: _Builder, event: SavingsEvent, q: Decimal) -> None:
    fx = event.fx
    if fx is None:
        return
    value = build.round(event.new_price * (fx.baseline_rate - fx.current_rate) * q)
    build.add(
        ComponentKind.FX_VARIANCE,
        Driver.FX,
        value,
        budget=True,
        attributable=False,
        recurring=True,
        code="SAVINGS.FX_VARIANCE",
        sentence=lambda: (
            f"FX variance of {value} {build.currency}: the new price {event.new_price} "
            f"{fx.supplier_currency} converts at {fx.current_rate} instead of the baseline rate "
            f"{fx.baseline_rate}, on {q} units; the budget moves, but FX is never a saving."
        ),
        clause="fx.variance",
    )


def _other_components(
    build: _Builder, event: SavingsEvent, factor: Decimal, missing: list[Missing]
) -> None:
    cur = build.currency
    for item in event.value_add:
        value = build.round(item.market_value * factor)
        evidenced = bool(item.evidence.strip())
        if item.replaces_budgeted_spend and evidenced:
            build.add(
                ComponentKind.HARD_SAVINGS,
                Driver.VALUE_ADD,
                value,
                budget=True,
                attributable=True,
                recurring=True,
                code="SAVINGS.VALUE_ADD_REPLACES_SPEND",
                sentence=(
                    f"Hard savings of {value} {cur}: {item.description!r} replaces budgeted spend "
                    f"(evidence {item.evidence})."
                ),
                clause="value_add.replaces_spend",
            )
            continue
        if item.replaces_budgeted_spend:
            missing.append(Missing.VALUE_ADD_EVIDENCE)
            why = "it is said to replace budgeted spend, but there is no evidence yet"
        else:
            why = "it does not replace budgeted spend"
        build.add(
            ComponentKind.SOFT_VALUE_ADD,
            Driver.VALUE_ADD,
            value,
            budget=False,
            attributable=True,
            recurring=True,
            code="SAVINGS.VALUE_ADD_SOFT",
            sentence=(
                f"Soft value-add of {value} {cur}: {item.description!r} comes at no extra cost; "
                f"{why}, so it is not cashable."
            ),
            clause="value_add.soft",
        )
    for one_off in event.one_offs:
        value = build.round(one_off.amount)
        what = one_off.description or one_off.kind.value
        if one_off.kind is OneOffKind.RECOVERY:
            build.add(
                ComponentKind.RECOVERY,
                Driver.ONE_OFF,
                value,
                budget=True,
                attributable=False,
                recurring=False,
                code="SAVINGS.RECOVERY",
                sentence=(
                    f"Recovery of {value} {cur} ({what}): money back that should not have been "
                    "paid; cash, but not a saving."
                ),
                clause="one_off.recovery",
            )
        else:
            build.add(
                ComponentKind.ONE_OFF_SAVINGS,
                Driver.ONE_OFF,
                value,
                budget=True,
                attributable=True,
                recurring=False,
                code="SAVINGS.ONE_OFF",
                sentence=f"One-off saving of {value} {cur} ({what}), counted once.",
                clause="one_off.savings",
            )
    cost = build.round(event.implementation_cost)
    build.add(
        ComponentKind.IMPLEMENTATION_COST,
        Driver.IMPLEMENTATION,
        -cost,
        budget=True,
        attributable=True,
        recurring=False,
        code="SAVINGS.IMPLEMENTATION_COST",
        sentence=f"Implementation cost of {cost} {cur} is netted against the savings.",
        clause="cost.implementation",
    )


def _primary(components: list[SavingsComponent]) -> SavingsCategory:
    totals: dict[ComponentKind, Decimal] = {}
    for c in components:
        totals[c.kind] = totals.get(c.kind, _ZERO) + c.amount
    if sum((totals.get(kind, _ZERO) for kind in _HARD_LIKE), _ZERO) > 0:
        return SavingsCategory.HARD_SAVINGS
    if totals.get(ComponentKind.COST_INCREASE, _ZERO) < 0:
        return SavingsCategory.COST_INCREASE
    if totals.get(ComponentKind.COST_AVOIDANCE, _ZERO) > 0:
        return SavingsCategory.COST_AVOIDANCE
    if totals.get(ComponentKind.SOFT_VALUE_ADD, _ZERO) > 0:
        return SavingsCategory.SOFT_SAVINGS
    return SavingsCategory.NO_SAVING


def _signoff(
    event: SavingsEvent,
    policy: SavingsPolicy,
    *,
    as_of: date,
    recognised: Decimal,
    currency: str,
    reasons: list[Reason],
    missing: list[Missing],
) -> None:
    threshold = policy.signoff_threshold
    if threshold is None or recognised <= 0 or recognised < threshold:
        return
    if recognised == threshold and not policy.signoff_at_threshold:
        return
    signoff = event.finance_signoff
    verb, note = ("exceed", "") if recognised > threshold else ("equal", ", signoff_at_threshold")
    need = (
        f"Finance-recognised savings of {recognised} {currency} {verb} the sign-off threshold "
        f"{threshold} of policy {policy.name!r}{note}"
    )
    if signoff is not None and signoff.signed_on <= as_of:
        reasons.append(
            Reason.of(
                "SAVINGS.SIGNOFF_PRESENT",
                f"{need}; signed off by {signoff.approver} on {signoff.signed_on.isoformat()}.",
                approver=signoff.approver,
            )
        )
        return
    missing.append(Missing.FINANCE_SIGNOFF)
    if signoff is None:
        detail = "no finance sign-off is recorded"
    else:
        detail = (
            f"the sign-off by {signoff.approver} is dated {signoff.signed_on.isoformat()}, "
            f"after {as_of.isoformat()}"
        )
    reasons.append(
        Reason.of(
            "SAVINGS.SIGNOFF_REQUIRED",
            f"{need}; {detail}.",
            severity=Severity.WARNING,
            threshold=threshold,
        )
    )


def window_of(event: SavingsEvent, policy: SavingsPolicy) -> tuple[date, date]:
    """Return the counting window: the effective date and the last day of ``count_months``."""
    start = event.effective_date
    if (date.max.year - start.year) * 12 + 12 - start.month < policy.count_months:
        raise InvalidInputError(
            "effective_date",
            start,
            f"early enough that {policy.count_months} months from it end by 9999-12-31",
        )
    return start, add_months(start, policy.count_months) - _ONE_DAY


def classify_savings(
    event: SavingsEvent,
    *,
    policy: SavingsPolicy | None = None,
    as_of: date,
) -> SavingsClassification:
    """Classify one event into non-overlapping components under both ledgers.

    The finance ledger (hard savings, market windfall, cost increase) explains
    the budget delta against **B**; the procurement ledger (hard savings, cost
    avoidance, market underperformance) explains the value against **C**. Per
    unit, with P1 the new price::

        hard             = max(0, min(B, C) − P1)
        avoidance        = max(0, C − max(B, P1))
        windfall         = max(0, B − max(C, P1))
        cost increase    = −max(0, P1 − B)
        underperformance = −max(0, P1 − C)

    each times Q (``forecast_quantity × count_months / 12``). B is the baseline
    price when it is a price paid (or finance's standard cost) for the same
    spec, dated no more than ``max_baseline_age_months`` before the effective
    date; otherwise the event has no B and the baseline is a counterfactual
    only. C starts at B (or the baseline price), moves with a market index,
    and may be raised by an evidenced written supplier proposal (only
    ever up, to at most its price; under an index cap, never below B nor above
    the index). Volume changes are valued at B; FX, value-add, one-offs, recoveries
    and the implementation cost are separate components.

    Rounding: the two price views are rounded once each, F = round((B − P1)·Q)
    and P = round((C − P1)·Q), and the price components are derived from them
    and from round(hard), so that ``hard + windfall + increase == F`` and
    ``hard + avoidance + underperformance == P`` hold exactly, to the cent,
    with hard, avoidance and windfall never negative.

    Args:
        event: The event.
        policy: The rulebook; default ``SavingsPolicy()`` (see its documented defaults).
        as_of: The classification date: a finance sign-off counts only if dated on or
            before it. Never read from the clock.

    Returns:
        The :class:`SavingsClassification`, with ``primary``, ``components``,
        ``finance_view``, ``procurement_view``, ``finance_recognised``, ``status``
        and ``missing``.

    Raises:
        TypeError: ``event`` is not a SavingsEvent, ``policy`` not a SavingsPolicy, or
            ``as_of`` not a ``datetime.date``.

    Examples:
        The motivating case: 1,000 units last paid at 10.00, renegotiated to 9.50.

        >>> from datetime import date
        >>> from spendrules.savings import BaselineMethod, SavingsEvent, SupplierProposal
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
        ...     baseline_evidence="PO-4711", new_price=Decimal("9.50"),
        ...     effective_date=date(2026, 1, 1), forecast_quantity=1000)
        >>> result = classify_savings(event, as_of=date(2026, 1, 5))
        >>> result.primary.value, result.finance_view, result.procurement_view, result.status.value
        ('hard_savings', Decimal('500.00'), Decimal('500.00'), 'recognised')

        A supplier asks for +8 % in writing and settles at +3 %:

        >>> asked = attrs.evolve(event, new_price=Decimal("10.30"),
        ...     proposal=SupplierProposal(price=Decimal("10.80"), evidence="letter 2025-12-01"))
        >>> result = classify_savings(asked, as_of=date(2026, 1, 5))
        >>> [(c.kind.value, c.amount) for c in result.components]
        [('cost_avoidance', Decimal('500.00')), ('cost_increase', Decimal('-300.00'))]
        >>> result.primary.value, result.finance_view, result.procurement_view, result.finance_recognised
        ('cost_increase', Decimal('-300.00'), Decimal('500.00'), Decimal('0.00'))

    References:
        Domain notes §7.2 (decision procedure) and §7.3 (invariants). CAPS (hard vs
        avoidance); ISM-12; HED (windfalls, negatives); PEP (net of inflation, volume);
        CCS and UKTN (cashable, value-add); NAO (recoveries, scope cuts); GE (sign-off);
        RDT (baseline age, double counting); Syensqo (volume at the baseline price).
    """
    if not isinstance(event, SavingsEvent):
        raise f.type_error("event", "a SavingsEvent", event)
    if policy is None:
        policy = SavingsPolicy()
    elif not isinstance(policy, SavingsPolicy):
        raise f.type_error("policy", "a SavingsPolicy", policy)
    check_date(as_of, "as_of")
    with exact():
        return _classify(event, policy, as_of)


def _classify(event: SavingsEvent, policy: SavingsPolicy, as_of: date) -> SavingsClassification:
    currency = event.currency
    refs = reference_prices(event, policy)
    reasons = refs.reasons
    missing = list(refs.missing)
    rate = Decimal(1) if event.fx is None else event.fx.baseline_rate
    b = None if refs.baseline is None else refs.baseline * rate
    c = refs.counterfactual * rate
    p = event.new_price * rate
    factor = Decimal(policy.count_months) / _TWELVE
    q = event.forecast_quantity * factor
    build = _Builder(event, policy)
    _price_components(build, b, c, p, q, keep_negatives=policy.keep_negatives, reasons=reasons)
    _volume_components(build, event, b=b, q=q, factor=factor, reasons=reasons)
    _fx_component(build, event, q)
    _other_components(build, event, factor, missing)
    components = build.components
    finance = sum((x.amount for x in components if x.budget_impacting), build.round(_ZERO))
    procurement = sum((x.amount for x in components if x.attributable), build.round(_ZERO))
    recognised = sum((x.amount for x in components if x.finance_recognised), build.round(_ZERO))
    primary = _primary(components)
    _, window_end = window_of(event, policy)
    reasons.append(
        Reason.of(
            "SAVINGS.VIEWS",
            f"Under policy {policy.name!r} as of {as_of.isoformat()}: "
            f"finance view {finance} {currency} (budget delta against B), procurement view "
            f"{procurement} {currency} (value against C), finance recognises {recognised} "
            f"{currency}; primary category {primary.value}. Counted {q} units from "
            f"{event.effective_date.isoformat()} to {window_end.isoformat()} "
            f"({policy.count_months} months).",
            finance_view=finance,
            procurement_view=procurement,
            finance_recognised=recognised,
            primary=primary,
            policy=policy.name,
        )
    )
    if event.effective_date > as_of:
        reasons.append(
            Reason.of(
                "SAVINGS.NOT_YET_EFFECTIVE",
                f"The new price takes effect on {event.effective_date.isoformat()}, after "
                f"{as_of.isoformat()}: these amounts are a forecast.",
            )
        )
    _signoff(
        event,
        policy,
        as_of=as_of,
        recognised=recognised,
        currency=currency,
        reasons=reasons,
        missing=missing,
    )
    missing_sorted = tuple(m for m in Missing if m in missing)
    if missing_sorted:
        status = SavingsStatus.PENDING_VALIDATION
        reasons.append(
            Reason.of(
                "SAVINGS.PENDING",
                "Pending validation: missing " + ", ".join(m.value for m in missing_sorted) + ".",
                severity=Severity.WARNING,
                missing=",".join(m.value for m in missing_sorted),
            )
        )
    else:
        status = SavingsStatus.RECOGNISED
        reasons.append(_RECOGNISED)
    return SavingsClassification(
        rule=RULE,
        event=event,
        policy=policy,
        as_of=as_of,
        currency=currency,
        primary=primary,
        components=tuple(components),
        finance_view=finance,
        procurement_view=procurement,
        finance_recognised=recognised,
        status=status,
        missing=missing_sorted,
        finance_baseline=b,
        counterfactual=c,
        new_price=p,
        quantity=q,
        window_start=event.effective_date,
        window_end=window_end,
        reasons=tuple(reasons),
    )
