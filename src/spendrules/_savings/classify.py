"""classify_savings: one event, two reconciled ledgers, a reason per component (private)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs

from spendrules._checks import check_date
from spendrules._decimal import exact
from spendrules._policy.reference import PolicyReference, cited_reasons
from spendrules._savings import _fields as f
from spendrules._savings.components import (
    ComponentBuilder,
    SavingsComponent,
    fx_component,
    price_components,
    unit_decomposition,
    volume_components,
)
from spendrules._savings.model import (
    BaselineFlag,
    ComponentKind,
    Driver,
    Missing,
    OneOffAmount,
    OneOffKind,
    SavingsCategory,
    SavingsEvent,
    SavingsPolicy,
    SavingsStatus,
)
from spendrules._savings.references import reference_prices
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
    "unit_decomposition",
    "window_of",
]

#: Rule id of [`classify_savings`][spendrules.savings.classify_savings]; bumped whenever the numbers it produces can change.
RULE = "savings.classify@2"

_ZERO = Decimal(0)
_TWELVE = Decimal(12)
_INCREASE = ComponentKind.COST_INCREASE
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
    "price.increase": (
        "cost increase = -max(0, P1 - B) x Q, or against the budget comparison B' when there is "
        "no valid B (keep_negatives={keep_negatives})"
    ),
    "price.unsupported": (
        "no valid B: the budget change (B' - P1) x Q against the comparison B' "
        "(budget_comparison={budget_comparison}) is in the finance view, never a recognised saving"
    ),
    "price.underperformance": (
        "underperformance = -max(0, P1 - C) x Q (keep_negatives={keep_negatives})"
    ),
    "volume.demand": "demand reduction = (Q0 - Q) x B, intentional with the same output",
    "volume.scope": "scope reduction = (Q0 - Q) x B; budget moves, not an efficiency",
    "volume.variance": "volume variance = (Q0 - Q) x B (or B'); not attributable",
    "fx.variance": "FX variance = P1 x (baseline rate - current rate) x Q; never a saving",
    "value_add.replaces_spend": "value-add that replaces budgeted spend, with evidence, is hard",
    "value_add.soft": "value-add is soft: not cashable unless it replaces budgeted spend",
    "one_off.savings": (
        "a one-off credit or waiver counts once, in the period of its {one_off_date} date "
        "(one_off_date={one_off_date}; default the effective date)"
    ),
    "one_off.recovery": "a recovery is cash but not a saving",
    "one_off.rebate_new": (
        "a rebate without last year's amount is new and counts whole, once, in the period of "
        "its {one_off_date} date"
    ),
    "one_off.rebate_change": (
        "a recurring rebate counts only its change on last year's: amount - previous_amount, "
        "a cost to the budget when it fell (PepsiCo: only the increment over PY), once, in the "
        "period of its {one_off_date} date"
    ),
    "cost.implementation": "the implementation cost is netted once, on the effective date",
}

#: The reasons of the sign-off threshold: a classification they appear in cites it.
_SIGNOFF_CODES = frozenset({"SAVINGS.SIGNOFF_PRESENT", "SAVINGS.SIGNOFF_REQUIRED"})

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
class SavingsClassification(Explained):
    """The classification of one event under one policy.

    Attributes:
        rule: ``"savings.classify@2"`` (``@1`` left the finance view at 0 when the baseline
            could not be B, and valued volume at round((Q0 − Q) × B)).
        event: The event classified.
        policy: The policy applied.
        as_of: The date the classification was made (sign-offs after it do not count).
        currency: The event currency; every amount is in it.
        primary: The one label of the event (see [`SavingsCategory`][spendrules.savings.SavingsCategory]).
        components: The non-overlapping components, nonzero ones only, in a fixed order.
        finance_view: Sum of budget-impacting components: what the budget did, against B or,
            when the event has no valid B, against the comparison price B′ (see
            ``budget_flag``). None when it is unknown: no price was ever paid.
        procurement_view: Sum of attributable components: the value against C.
        finance_recognised: Sum of components both budget-impacting and attributable:
            the amount finance recognises once ``status`` is RECOGNISED.
        net_recognised: ``finance_recognised`` net of the cost increases (negative price
            components against B or B′): the headline that never exceeds what the budget did
            unless a ``SAVINGS.NET_ABOVE_FINANCE_VIEW`` reason says why.
        budget_baseline: B′ per unit in the event currency: the price the finance view is
            measured against (B itself when valid), or None when unknown.
        budget_flag: Whether B′ can support hard savings (``SUPPORTED``) and, if not, why.
        status: RECOGNISED, or PENDING_VALIDATION with ``missing`` saying what is missing.
        missing: The evidence or sign-off still missing.
        finance_baseline: B per unit in the event currency, or None when the event has no
            valid finance baseline (a new purchase, a stale or quote baseline, a spec change).
        counterfactual: C per unit in the event currency.
        new_price: P1 per unit in the event currency (at the baseline FX rate).
        quantity: Q, the units counted: ``forecast_quantity × count_months / 12``.
        window_start: First day of the counting window (the effective date).
        window_end: Last day of the counting window (inclusive).
        reasons: Every decision, in order; under a policy file, last ``POLICY.CITED``
            (and ``POLICY.NOT_AGREED`` when it is not agreed).
        policy_reference: The policy file ``policy`` came from, citing
            ``savings.signoff_threshold`` when the sign-off threshold applied, else the
            section ``savings``; None for a policy built in code.
    """

    rule: str
    event: SavingsEvent
    policy: SavingsPolicy
    as_of: date
    currency: str
    primary: SavingsCategory
    components: tuple[SavingsComponent, ...]
    finance_view: Decimal | None
    procurement_view: Decimal
    finance_recognised: Decimal
    net_recognised: Decimal
    budget_baseline: Decimal | None
    budget_flag: BaselineFlag
    status: SavingsStatus
    missing: tuple[Missing, ...]
    finance_baseline: Decimal | None
    counterfactual: Decimal
    new_price: Decimal
    quantity: Decimal
    window_start: date
    window_end: date
    reasons: tuple[Reason, ...]
    policy_reference: PolicyReference | None = None

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


def _other_components(
    build: ComponentBuilder, event: SavingsEvent, factor: Decimal, missing: list[Missing]
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
    which = build.settings.policy.one_off_date
    for one_off in event.one_offs:
        value = build.round(one_off.counted_amount)
        what = one_off.description or one_off.kind.value
        when = one_off.counting_date(event.effective_date, which).isoformat()
        if one_off.kind is OneOffKind.REBATE:
            _rebate(build, one_off, value, what=what, when=f"{which.value} date {when}")
        elif one_off.kind is OneOffKind.RECOVERY:
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
                sentence=(
                    f"One-off saving of {value} {cur} ({what}), counted once, in the period of "
                    f"its {which.value} date {when}."
                ),
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


def _rebate(
    build: ComponentBuilder, one_off: OneOffAmount, value: Decimal, *, what: str, when: str
) -> None:
    """Add a rebate: whole when new, else only its change on last year's (may be negative)."""
    cur = build.currency
    previous = one_off.previous_amount
    if previous is None:
        code, clause = "SAVINGS.REBATE_NEW", "one_off.rebate_new"
        sentence = (
            f"New rebate of {value} {cur} ({what}): no rebate last year, so it counts whole, "
            f"once, in the period of its {when}."
        )
    elif value > 0:
        code, clause = "SAVINGS.REBATE_INCREASE", "one_off.rebate_change"
        sentence = (
            f"Rebate up {value} {cur} ({what}): {one_off.amount} this year against "
            f"{previous} last year; only the increase counts, once, in the period of its {when}."
        )
    else:
        code, clause = "SAVINGS.REBATE_DECREASE", "one_off.rebate_change"
        sentence = (
            f"Rebate down {-value} {cur} ({what}): {one_off.amount} this year against "
            f"{previous} last year, a cost of {-value} {cur} to the budget, in the period of "
            f"its {when}."
        )
    build.add(
        ComponentKind.ONE_OFF_SAVINGS,
        Driver.ONE_OFF,
        value,
        budget=True,
        attributable=True,
        recurring=False,
        code=code,
        sentence=sentence,
        clause=clause,
    )


def _net_above(
    components: list[SavingsComponent], *, net: Decimal, finance: Decimal, currency: str
) -> Reason:
    """The reason why net recognised savings exceed the finance view: budget moves not priced."""
    parts = [
        f"{c.kind.value} {c.amount}"
        for c in components
        if c.budget_impacting and not c.finance_recognised and c.amount < 0
        if c.kind is not _INCREASE
    ]
    return Reason.of(
        "SAVINGS.NET_ABOVE_FINANCE_VIEW",
        f"Net recognised savings of {net} {currency} exceed the finance view {finance} "
        f"{currency} by {net - finance}: the budget also moved by " + ", ".join(parts) + " "
        f"{currency}, which procurement did not cause and finance does not net against savings.",
        net_recognised=net,
        finance_view=finance,
    )


def _primary(components: list[SavingsComponent]) -> SavingsCategory:
    totals: dict[ComponentKind, Decimal] = {}
    for c in components:
        totals[c.kind] = totals.get(c.kind, _ZERO) + c.amount
    hard_like = sum((totals.get(kind, _ZERO) for kind in _HARD_LIKE), _ZERO)
    if hard_like > 0:
        return SavingsCategory.HARD_SAVINGS
    if totals.get(ComponentKind.COST_INCREASE, _ZERO) < 0 or hard_like < 0:
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
    reference = policy.reference_currency
    rate = _reference_rate(event, reference)
    measured = recognised if rate is None else recognised * rate
    if threshold is None or recognised <= 0 or measured < threshold:
        return
    if measured == threshold and not policy.signoff_at_threshold:
        return
    signoff = event.finance_signoff
    verb, note = ("exceed", "") if measured > threshold else ("equal", ", signoff_at_threshold")
    if rate is None:
        amount = f"{recognised} {currency}"
        limit = f"{threshold}"
    else:
        shown = measured.quantize(Decimal(1).scaleb(-minor_units(str(reference))))
        amount = f"{recognised} {currency} ({shown} {reference} at {rate})"
        limit = f"{threshold} {reference}"
    need = (
        f"Finance-recognised savings of {amount} {verb} the sign-off threshold "
        f"{limit} of policy {policy.name!r}{note}"
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


def _reference_rate(event: SavingsEvent, reference: str | None) -> Decimal | None:
    """The event's rate into the policy's reference currency, or None when none is needed."""
    if reference is None or reference == event.currency:
        return None
    if event.reference_rate is None:
        raise InvalidInputError(
            "reference_rate",
            None,
            f"given when the policy's reference_currency {reference!r} differs from the event "
            f"currency {event.currency!r} (units of {reference} per 1 {event.currency})",
        )
    return event.reference_rate


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
        The [`SavingsClassification`][spendrules.savings.SavingsClassification], with ``primary``, ``components``,
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
    budget = None if refs.budget is None else refs.budget * rate
    c = refs.counterfactual * rate
    p = event.new_price * rate
    factor = Decimal(policy.count_months) / _TWELVE
    q = event.forecast_quantity * factor
    build = ComponentBuilder(event, policy, CLAUSES)
    price_components(
        build,
        b,
        c,
        p,
        q,
        budget=budget,
        flag=refs.flag,
        keep_negatives=policy.keep_negatives,
        reasons=reasons,
    )
    supported = refs.flag is BaselineFlag.SUPPORTED
    volume_components(
        build, event, b=budget, supported=supported, p=p, q=q, factor=factor, reasons=reasons
    )
    fx_component(build, event, q)
    _other_components(build, event, factor, missing)
    components = build.components
    zero = build.round(_ZERO)
    finance = (
        None if budget is None else sum((x.amount for x in components if x.budget_impacting), zero)
    )
    procurement = sum((x.amount for x in components if x.attributable), zero)
    recognised = sum((x.amount for x in components if x.finance_recognised), zero)
    increases = sum((x.amount for x in components if x.kind is _INCREASE), zero)
    net = recognised + increases
    primary = _primary(components)
    _, window_end = window_of(event, policy)
    if finance is None:
        finance_text = "unknown (no price paid)"
    elif supported:
        finance_text = f"{finance} {currency} (budget delta against B)"
    else:
        finance_text = f"{finance} {currency} (budget delta against B', {refs.flag.value})"
    reasons.append(
        Reason.of(
            "SAVINGS.VIEWS",
            f"Under policy {policy.name!r} as of {as_of.isoformat()}: "
            f"finance view {finance_text}, procurement view "
            f"{procurement} {currency} (value against C), finance recognises {recognised} "
            f"{currency}, net of cost increases {net} {currency}; primary category "
            f"{primary.value}. Counted {q} units from "
            f"{event.effective_date.isoformat()} to {window_end.isoformat()} "
            f"({policy.count_months} months).",
            finance_view=finance,
            procurement_view=procurement,
            finance_recognised=recognised,
            net_recognised=net,
            primary=primary,
            policy=policy.name,
        )
    )
    if finance is not None and net > finance:
        reasons.append(_net_above(components, net=net, finance=finance, currency=currency))
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
    cited = None
    if policy.source is not None:
        signoff = any(reason.code in _SIGNOFF_CODES for reason in reasons)
        cited = policy.source.at("savings.signoff_threshold" if signoff else "savings")
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
        net_recognised=net,
        budget_baseline=budget,
        budget_flag=refs.flag,
        status=status,
        missing=missing_sorted,
        finance_baseline=b,
        counterfactual=c,
        new_price=p,
        quantity=q,
        window_start=event.effective_date,
        window_end=window_end,
        reasons=(*reasons, *cited_reasons(cited)),
        policy_reference=cited,
    )
