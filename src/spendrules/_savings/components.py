"""The components of an event: the exact price, volume and FX terms under both ledgers (private)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from spendrules._savings.model import (
    BaselineFlag,
    ComponentKind,
    DemandChange,
    Driver,
    SavingsEvent,
    SavingsPolicy,
)
from spendrules._savings.references import show
from spendrules.money import minor_units
from spendrules.results import Reason, Severity

__all__ = [
    "ComponentBuilder",
    "SavingsComponent",
    "fx_component",
    "price_components",
    "unit_decomposition",
    "volume_components",
]

_ZERO = Decimal(0)


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


class ComponentBuilder:
    """Collects components for one classification (inside ``exact()``)."""

    def __init__(
        self, event: SavingsEvent, policy: SavingsPolicy, clauses: Mapping[str, str]
    ) -> None:
        self.clauses = clauses
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
        rule = self.clauses[clause].format_map(self.settings)
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


def price_components(
    build: ComponentBuilder,
    b: Decimal | None,
    c: Decimal,
    p: Decimal,
    q: Decimal,
    *,
    budget: Decimal | None,
    flag: BaselineFlag,
    keep_negatives: bool,
    reasons: list[Reason],
) -> None:
    """Emit the price components so both identities hold exactly on the rounded amounts.

    Both views are rounded once: F = round((B − P1)·Q), P = round((C − P1)·Q). Hard
    savings, the only term in both ledgers, is rounded on its own; every other
    price component is F or P or their difference with hard, so
    hard + windfall + increase = F and hard + avoidance + underperformance = P.
    Without a valid B the finance ledger is F′ = round((B′ − P1)·Q) against the budget
    comparison B′: an unsupported reduction or a cost increase.
    """
    cur = build.currency
    qty = str(q)
    procurement = build.round((c - p) * q)
    hard = windfall = increase = avoidance = under = unsupported = _ZERO
    if b is None:
        if p <= c:
            avoidance = procurement
        else:
            under = procurement
        if budget is not None:
            finance = build.round((budget - p) * q)
            if finance > 0:
                unsupported = finance
            else:
                increase = finance
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
    bs = "none" if b is None else show(b)
    cs, ps = show(c), show(p)
    if b is None and budget is not None:
        against = f"the budget comparison B' {show(budget)} ({flag.value})"
        moves = f"the budget change against B' {show(budget)} is shown on its own"
    else:
        against = f"the finance baseline B {bs}"
        moves = "no budget line moves"
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
                f"{ps} is below the counterfactual C {cs} on {qty} units; {moves}."
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
            f"Cost increase of {increase} {cur}: the new price {ps} is above {against}, on "
            f"{qty} units; the budget rises."
        ),
        clause="price.increase",
    )
    build.add(
        ComponentKind.UNSUPPORTED_REDUCTION,
        Driver.PRICE,
        unsupported,
        budget=True,
        attributable=False,
        recurring=True,
        code="SAVINGS.UNSUPPORTED_REDUCTION",
        sentence=lambda: (
            f"Budget reduction of {unsupported} {cur}: the new price {ps} is below {against}, "
            f"on {qty} units; the budget falls, but this comparison cannot support hard savings."
        ),
        clause="price.unsupported",
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


def volume_components(
    build: ComponentBuilder,
    event: SavingsEvent,
    *,
    b: Decimal | None,
    supported: bool,
    p: Decimal,
    q: Decimal,
    factor: Decimal,
    reasons: list[Reason],
) -> None:
    """Value the quantity change at B (or B′) so that price + volume = round(B·Q0 − P1·Q).

    The volume effect is round(B·Q0 − P1·Q) − round((B − P1)·Q): within one minor unit of
    (Q0 − Q)·B, and with it the finance view of a price-and-volume event is exactly the
    rounded spend change. Demand reductions are recognised only against a valid B.
    """
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
                    "valued at a price paid and this event has none.",
                )
            )
        return
    value = build.round(b * counted_q0 - p * q) - build.round((b - p) * q)
    cur = build.currency
    at = "B" if supported else "B'"
    change = f"from {counted_q0} to {q} units at {at} {show(b)}"
    if value > 0 and event.demand_change is DemandChange.INTENTIONAL_SAME_OUTPUT and supported:
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
        if supported or value <= 0 or event.demand_change is DemandChange.NONE:
            why = "procurement did not cause it"
        else:
            why = "B' cannot support a recognised saving"
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
                f"({event.demand_change.value}); the budget moves, {why}."
            ),
            clause="volume.variance",
        )


def fx_component(build: ComponentBuilder, event: SavingsEvent, q: Decimal) -> None:
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
