"""summarise_savings: portfolio totals per category, view and fiscal period (private)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import cast

import attrs

from spendrules._checks import check_currency
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._savings import _fields as f
from spendrules._savings.classify import SavingsClassification, SavingsComponent
from spendrules._savings.model import ComponentKind, SavingsCategory, SavingsStatus
from spendrules._savings.timing import (
    FiscalPeriod,
    ProrationConvention,
    Spread,
    booking_dates,
    check_periods,
    contract_years,
    overlap_days,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.money import allocate, minor_units
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "OUTSIDE",
    "KindTotal",
    "RowTotals",
    "SavingsSummary",
    "SummaryBy",
    "SummaryRow",
    "check_classifications",
    "check_spread_convention",
    "event_key",
    "first_of_each_event",
    "group_key",
    "key_order",
    "net_above_reason",
    "portfolio_currency",
    "portfolio_warnings",
    "summarise_savings",
]

RULE = "savings.summary@3"

_INCREASE = ComponentKind.COST_INCREASE

#: Budget moves that are neither recognised savings nor cost increases and can be negative.
_UNPRICED_MOVES = frozenset({ComponentKind.VOLUME_VARIANCE, ComponentKind.FX_VARIANCE})

#: Key of the row that collects amounts falling in no period (``by=PERIOD``).
OUTSIDE = "outside periods"


class SummaryBy(SpendEnum):
    """How [`summarise_savings`][spendrules.savings.summarise_savings] groups the rows.

    Attributes:
        TOTAL: One row.
        PRIMARY: One row per primary category.
        ITEM: One row per item.
        STATUS: One row per status (recognised, pending validation).
        PERIOD: One row per fiscal period (recurring components spread over the counting
            window by the ``convention`` of [`summarise_savings`][spendrules.savings.summarise_savings]; one-offs on the
            effective date), plus an ``"outside periods"`` row when anything falls
            outside them.
        EVENT: One row per event, in the order given, keyed ``"#<n> <item>"`` with ``n``
            the event's position (from 1) among the events counted. A
            [`SavingsEvent`][spendrules.savings.SavingsEvent] carries no supplier or event id, so position and item
            identify it (and ``supplier`` when given).
        SUPPLIER: One row per supplier (``SavingsEvent.supplier``; events without one under
            ``"(no supplier)"``).
    """

    TOTAL = "total"
    PRIMARY = "primary"
    ITEM = "item"
    STATUS = "status"
    PERIOD = "period"
    EVENT = "event"
    SUPPLIER = "supplier"


#: Row key of events that name no supplier (``by=SUPPLIER``).
NO_SUPPLIER = "(no supplier)"


@attrs.frozen(kw_only=True)
class KindTotal:
    """The total of one component kind."""

    kind: ComponentKind
    amount: Decimal


@attrs.frozen(kw_only=True)
class SummaryRow:
    """Totals of one group.

    Attributes:
        key: The group (a category, item, status, period name, or ``"total"``).
        events: Events in the group (for periods: events whose window or one-off touches it).
        finance_view: Sum of budget-impacting components of the events whose finance view is
            known (events with a price history).
        procurement_view: Sum of attributable components.
        finance_recognised: Sum of components both budget-impacting and attributable.
        recognised: The part of ``finance_recognised`` whose classification is RECOGNISED.
        pending: The part still pending validation.
        kinds: Total per component kind (nonzero kinds, in [`ComponentKind`][spendrules.savings.ComponentKind] order).
        net_recognised: ``finance_recognised`` net of the cost increases.
        unknown_finance_view: Events in the group whose finance view is unknown (no price
            paid); their amounts are left out of ``finance_view`` only.
    """

    key: str
    events: int
    finance_view: Decimal
    procurement_view: Decimal
    finance_recognised: Decimal
    recognised: Decimal
    pending: Decimal
    kinds: tuple[KindTotal, ...]
    net_recognised: Decimal
    unknown_finance_view: int = 0

    def amount(self, kind: ComponentKind) -> Decimal:
        """Return the total of ``kind`` in this row (0 when absent)."""
        for total in self.kinds:
            if total.kind is kind:
                return total.amount
        return Decimal(0)


@attrs.frozen(kw_only=True)
class SavingsSummary(Explained):
    """Portfolio totals; each component counted once, each event once.

    Attributes:
        rule: ``"savings.summary@3"`` (``@1`` spread period rows by actual days over the
            whole window; ``@2`` by contract years, see [`summarise_savings`][spendrules.savings.summarise_savings]; ``@3``
            leaves events with an unknown finance view out of it and adds the net figure).
        currency: The currency of every amount.
        by: The grouping.
        rows: One row per group; the rows sum exactly to ``total``.
        total: Totals over every event.
        duplicates: Classifications skipped because their event was already counted.
        reasons: Warnings (duplicates, mixed policies) and the headline.
    """

    rule: str
    currency: str
    by: SummaryBy
    rows: tuple[SummaryRow, ...]
    total: SummaryRow
    duplicates: int
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        return [
            f"  {row.key}: {row.events} event(s), finance view {row.finance_view}"
            + (f" ({row.unknown_finance_view} unknown)" if row.unknown_finance_view else "")
            + f", procurement view {row.procurement_view}, finance recognised "
            f"{row.finance_recognised} (recognised {row.recognised}, pending {row.pending}), "
            f"net of cost increases {row.net_recognised}"
            + "".join(f"; {total.kind.value} {total.amount}" for total in row.kinds)
            for row in (*self.rows, self.total)
        ]


class RowTotals:
    """Running totals of one row (add inside ``exact()``)."""

    def __init__(self, zero: Decimal) -> None:
        self.zero = zero
        self.events = 0
        self.unknown = 0
        self.finance = zero
        self.increases = zero
        self.procurement = zero
        self.recognised_total = zero
        self.recognised = zero
        self.pending = zero
        self.kinds: dict[ComponentKind, Decimal] = {}

    def count(self, result: SavingsClassification) -> None:
        """Count one more event in the row (and whether its finance view is unknown)."""
        self.events += 1
        if result.finance_view is None:
            self.unknown += 1

    def add(
        self,
        component: SavingsComponent,
        amount: Decimal,
        status: SavingsStatus,
        *,
        known: bool = True,
    ) -> None:
        """Add (a part of) a component; ``known=False`` leaves it out of the finance view."""
        self.kinds[component.kind] = self.kinds.get(component.kind, self.zero) + amount
        if component.kind is _INCREASE:
            self.increases += amount
        if component.budget_impacting and known:
            self.finance += amount
        if component.attributable:
            self.procurement += amount
        if component.finance_recognised:
            self.recognised_total += amount
            if status is SavingsStatus.RECOGNISED:
                self.recognised += amount
            else:
                self.pending += amount

    def merge(self, other: RowTotals) -> None:
        """Add another row's amounts (not its event count)."""
        for kind, amount in other.kinds.items():
            self.kinds[kind] = self.kinds.get(kind, self.zero) + amount
        self.finance += other.finance
        self.increases += other.increases
        self.procurement += other.procurement
        self.recognised_total += other.recognised_total
        self.recognised += other.recognised
        self.pending += other.pending

    def row(self, key: str) -> SummaryRow:
        with exact():
            net = self.recognised_total + self.increases
        return SummaryRow(
            key=key,
            events=self.events,
            finance_view=self.finance,
            procurement_view=self.procurement,
            finance_recognised=self.recognised_total,
            recognised=self.recognised,
            pending=self.pending,
            net_recognised=net,
            unknown_finance_view=self.unknown,
            kinds=tuple(
                KindTotal(kind=kind, amount=self.kinds[kind])
                for kind in ComponentKind
                if self.kinds.get(kind, self.zero) != 0
            ),
        )


def event_key(number: int, result: SavingsClassification) -> str:
    """The row key of the ``number``-th event counted (from 1): ``"#<n> <item>"``."""
    return f"#{number} {result.event.item}"


def check_spread_convention(convention: object) -> ProrationConvention:
    """Return ``convention`` if it conserves amounts (ACTUAL_DAYS or CONTRACT_YEARS)."""
    if not isinstance(convention, ProrationConvention):
        raise f.type_error("convention", "a ProrationConvention", convention)
    if convention is ProrationConvention.SERVICENOW:
        raise InvalidInputError(
            "convention",
            convention.value,
            "'actual_days' or 'contract_years' (ServiceNow's annual rate does not sum to the "
            "amount)",
        )
    return convention


def check_classifications(classifications: object) -> None:
    """Raise TypeError unless ``classifications`` is a sequence of SavingsClassification."""
    if not isinstance(classifications, Sequence) or isinstance(classifications, str):
        raise f.type_error(
            "classifications", "a sequence of SavingsClassification", classifications
        )
    for index, result in enumerate(classifications):
        if not isinstance(result, SavingsClassification):
            raise f.type_error(f"classifications[{index}]", "a SavingsClassification", result)


def portfolio_currency(
    classifications: Sequence[SavingsClassification], currency: str | None
) -> str:
    """Return the portfolio currency, checking every classification is in it."""
    if currency is None:
        if not classifications:
            raise InvalidInputError(
                "classifications", [], "at least one classification, or pass currency="
            )
        currency = classifications[0].currency
    check_currency(currency, "currency")
    for index, result in enumerate(classifications):
        if result.currency != currency:
            raise CurrencyMismatchError(
                f"classifications[{index}].currency", currency, result.currency
            )
    return currency


def first_of_each_event(
    classifications: Sequence[SavingsClassification],
) -> list[SavingsClassification]:
    """The classifications in order, keeping only the first of each event."""
    seen: set[object] = set()
    kept: list[SavingsClassification] = []
    for result in classifications:
        if result.event in seen:
            continue
        seen.add(result.event)
        kept.append(result)
    return kept


def portfolio_warnings(kept: Sequence[SavingsClassification], duplicates: int) -> list[Reason]:
    """The duplicate-event and mixed-policy warnings of a portfolio total."""
    reasons = []
    if duplicates:
        reasons.append(
            Reason.of(
                "SAVINGS.SUMMARY_DUPLICATE_EVENT",
                f"{duplicates} classification(s) of an event already counted were skipped, so no "
                "event is counted twice.",
                severity=Severity.WARNING,
                duplicates=duplicates,
            )
        )
    policies = sorted({result.policy.name for result in kept})
    if len({result.policy for result in kept}) > 1:
        reasons.append(
            Reason.of(
                "SAVINGS.SUMMARY_MIXED_POLICIES",
                "The events were classified under different policies ("
                + ", ".join(policies)
                + "); one total should use one rulebook.",
                severity=Severity.WARNING,
            )
        )
    return reasons


def net_above_reason(row: SummaryRow, currency: str) -> Reason:
    """Why a row's net recognised savings exceed its finance view (budget moves not priced)."""
    parts = [
        f"{total.kind.value} {total.amount}"
        for total in row.kinds
        if total.kind in _UNPRICED_MOVES and total.amount < 0
    ]
    if row.unknown_finance_view:
        parts.append(
            f"{row.unknown_finance_view} event(s) with no price paid, whose amounts are in the "
            "recognised figures but not in the finance view"
        )
    with exact():
        gap = row.net_recognised - row.finance_view
    return Reason.of(
        "SAVINGS.SUMMARY_NET_ABOVE_FINANCE_VIEW",
        f"Net recognised savings of {row.net_recognised} {currency} exceed the finance view "
        f"{row.finance_view} {currency} by {gap}: " + "; ".join(parts) + ".",
        net_recognised=row.net_recognised,
        finance_view=row.finance_view,
    )


def group_key(result: SavingsClassification, by: SummaryBy, number: int) -> str:
    """The row key of the ``number``-th event counted under ``by`` (not PERIOD)."""
    if by is SummaryBy.EVENT:
        return event_key(number, result)
    if by is SummaryBy.PRIMARY:
        return result.primary.value
    if by is SummaryBy.ITEM:
        return result.event.item
    if by is SummaryBy.STATUS:
        return result.status.value
    if by is SummaryBy.SUPPLIER:
        return result.event.supplier or NO_SUPPLIER
    return "total"


def key_order(by: SummaryBy, keys: set[str], periods: tuple[FiscalPeriod, ...]) -> list[str]:
    """The row keys in report order: enum order, period order, event order, else sorted."""
    if by is SummaryBy.PRIMARY:
        return [c.value for c in SavingsCategory if c.value in keys]
    if by is SummaryBy.STATUS:
        return [s.value for s in SavingsStatus if s.value in keys]
    if by is SummaryBy.PERIOD:
        return [p.name for p in periods] + ([OUTSIDE] if OUTSIDE in keys else [])
    if by is SummaryBy.EVENT:
        return sorted(keys, key=lambda key: int(key[1:].split(" ", 1)[0]))
    return sorted(keys)


def _spread(
    result: SavingsClassification,
    periods: tuple[FiscalPeriod, ...],
    accs: dict[str, RowTotals],
    zero: Decimal,
    convention: ProrationConvention,
) -> None:
    """Add one classification to the period rows (inside ``exact()``)."""
    start, end = result.window_start, result.window_end
    overlaps = [overlap_days(start, end, period) for period in periods]
    window = (end - start).days + 1
    outside_days = window - sum(overlaps)
    dates = booking_dates(result)
    booked = [
        None if day is None else next((p.name for p in periods if p.contains(day)), OUTSIDE)
        for day in dates
    ]
    touched = {p.name for p, days in zip(periods, overlaps, strict=True) if days}
    touched |= {name for name in booked if name is not None}
    if outside_days:
        touched.add(OUTSIDE)
    for name in touched:
        accs.setdefault(name, RowTotals(zero)).count(result)
    names = [p.name for p in periods] + [OUTSIDE]
    known = result.finance_view is not None
    years = contract_years(start, end) if convention is ProrationConvention.CONTRACT_YEARS else ()
    for component, booked_in in zip(result.components, booked, strict=True):
        if component.recurring and years:
            spread = Spread(component.amount, years, result.currency, result.policy.rounding)
            shares = [spread.part(p.start, p.end) for p in periods]
            shares.append(component.amount - sum(shares, zero))
            for name, part in zip(names, shares, strict=True):
                if part:
                    accs.setdefault(name, RowTotals(zero)).add(
                        component, part, result.status, known=known
                    )
        elif component.recurring:
            parts = allocate(
                component.amount,
                [*overlaps, outside_days],
                result.currency,
                rounding=result.policy.rounding,
            )
            for name, part in zip(names, parts, strict=True):
                if part:
                    accs.setdefault(name, RowTotals(zero)).add(
                        component, part, result.status, known=known
                    )
        else:
            # a one-off: booking_dates dates every component that is not recurring
            accs.setdefault(cast("str", booked_in), RowTotals(zero)).add(
                component, component.amount, result.status, known=known
            )


def summarise_savings(
    classifications: Sequence[SavingsClassification],
    *,
    by: SummaryBy = SummaryBy.PRIMARY,
    periods: Sequence[FiscalPeriod] = (),
    currency: str | None = None,
    convention: ProrationConvention = ProrationConvention.CONTRACT_YEARS,
) -> SavingsSummary:
    """Total classifications per group, per view and per kind, never counting anything twice.

    Each component is counted once in each view it belongs to: hard savings is in
    both the finance and the procurement view, so the two views are reported
    side by side and never added. An event classified more than once (for
    example under two presets) is counted once, the first time, with a warning.

    Args:
        classifications: Results of [`classify_savings`][spendrules.savings.classify_savings], all in one currency.
        by: The grouping (see [`SummaryBy`][spendrules.savings.SummaryBy]).
        periods: The fiscal periods, required with ``by=SummaryBy.PERIOD`` and only then.
        currency: The expected currency; default that of the first classification.
        convention: How ``by=PERIOD`` spreads recurring amounts over the counting window:
            CONTRACT_YEARS (default since ``savings.summary@2``: every 12 months of the
            window carry the annual amount, 29 February or not) or ACTUAL_DAYS (by actual
            days over the whole window, the ``savings.summary@1`` figures). SERVICENOW is
            refused: it does not conserve the amount.

    Returns:
        A [`SavingsSummary`][spendrules.savings.SavingsSummary] whose rows sum exactly to its total.

    Raises:
        CurrencyMismatchError: classifications in different currencies.
        InvalidInputError: no classifications and no ``currency``; ``periods`` missing
            with ``by=PERIOD`` or given without it; overlapping periods; the SERVICENOW
            convention.
        TypeError: an item that is not a SavingsClassification.

    Examples:
        >>> from datetime import date
        >>> from spendrules.savings import (BaselineMethod, SavingsEvent, classify_savings,
        ...     fiscal_years)
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
        ...     baseline_evidence="PO-1", new_price=Decimal("9.50"),
        ...     effective_date=date(2026, 7, 1), forecast_quantity=1000)
        >>> result = classify_savings(event, as_of=date(2026, 7, 1))
        >>> summary = summarise_savings([result, result], by=SummaryBy.PERIOD,
        ...                             periods=fiscal_years(date(2026, 1, 1), count=2))
        >>> [(row.key, row.finance_view) for row in summary.rows], summary.duplicates
        ([('FY2026', Decimal('252.05')), ('FY2027', Decimal('247.95'))], 1)

    References:
        Domain notes §5.8 (double counting, RDT), §5.4 (annualised vs in-year: EFF) and
        the governance rule "never mix methods in one total" (goclero).
    """
    check_classifications(classifications)
    if not isinstance(by, SummaryBy):
        raise f.type_error("by", "a SummaryBy", by)
    check_spread_convention(convention)
    currency = portfolio_currency(classifications, currency)
    if by is SummaryBy.PERIOD:
        chosen = check_periods(periods)
    else:
        if periods:
            raise InvalidInputError("periods", periods, "empty unless by=SummaryBy.PERIOD")
        chosen = ()
    zero = Decimal(0).scaleb(-minor_units(currency))
    kept = first_of_each_event(classifications)
    duplicates = len(classifications) - len(kept)
    accs: dict[str, RowTotals] = {}
    total = RowTotals(zero)
    with exact():
        for number, result in enumerate(kept, start=1):
            total.count(result)
            for component in result.components:
                total.add(
                    component,
                    component.amount,
                    result.status,
                    known=result.finance_view is not None,
                )
            if by is SummaryBy.PERIOD:
                _spread(result, chosen, accs, zero, convention)
            else:
                acc = accs.setdefault(group_key(result, by, number), RowTotals(zero))
                acc.count(result)
                for component in result.components:
                    acc.add(
                        component,
                        component.amount,
                        result.status,
                        known=result.finance_view is not None,
                    )
        rows = tuple(
            accs.get(key, RowTotals(zero)).row(key) for key in key_order(by, set(accs), chosen)
        )
        total_row = total.row("total")
    unknown = (
        f" ({total_row.unknown_finance_view} event(s) with no price paid left out)"
        if total_row.unknown_finance_view
        else ""
    )
    reasons = [
        Reason.of(
            "SAVINGS.SUMMARY",
            f"{total_row.events} event(s): finance view {total_row.finance_view} {currency}"
            f"{unknown}, procurement view {total_row.procurement_view} {currency}, finance "
            f"recognised {total_row.finance_recognised} {currency} ({total_row.recognised} "
            f"recognised, {total_row.pending} pending), net of cost increases "
            f"{total_row.net_recognised} {currency}. Hard savings is in both views; the views "
            "are never added together.",
            finance_view=total_row.finance_view,
            procurement_view=total_row.procurement_view,
            net_recognised=total_row.net_recognised,
        )
    ]
    if total_row.net_recognised > total_row.finance_view:
        reasons.append(net_above_reason(total_row, currency))
    reasons.extend(portfolio_warnings(kept, duplicates))
    return SavingsSummary(
        rule=RULE,
        currency=currency,
        by=by,
        rows=rows,
        total=total_row,
        duplicates=duplicates,
        reasons=tuple(reasons),
    )
