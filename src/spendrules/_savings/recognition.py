"""Fiscal-year recognition: each event's slice of a fiscal period, and a portfolio by period (private).

"What will we recognise this fiscal year, and why?" A classification carries its
amounts for the whole counting window (``count_months`` from the effective
date); finance books the part that falls in its fiscal year. Recurring
components accrue evenly over the window, by contract years with 29 February
left out by default (so a leap day never changes an annual amount); one-off
components are booked once, in the period of their counting date (a one-off's
earned or received date, as the policy says; otherwise the effective date).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction

import attrs

from spendrules._decimal import exact
from spendrules._savings import _fields as f
from spendrules._savings.classify import SavingsClassification, SavingsComponent
from spendrules._savings.model import SavingsEvent, SavingsStatus
from spendrules._savings.portfolio import (
    OUTSIDE,
    RowTotals,
    SummaryBy,
    SummaryRow,
    check_classifications,
    check_spread_convention,
    first_of_each_event,
    group_key,
    key_order,
    net_above_reason,
    portfolio_currency,
    portfolio_warnings,
)
from spendrules._savings.timing import (
    ContractYear,
    FiscalPeriod,
    LeapDayStart,
    ProrationConvention,
    Spread,
    booking_dates,
    check_periods,
    contract_years,
    no_leap_days,
    overlap_days,
)
from spendrules.errors import InvalidInputError
from spendrules.money import minor_units
from spendrules.results import Explained, Reason

__all__ = [
    "DayShare",
    "FiscalYearSlice",
    "FiscalYearSummary",
    "PeriodRows",
    "SliceLine",
    "fiscal_year_slice",
    "summarise_fiscal_years",
]

RULE = "savings.fiscal_year@2"
SUMMARY_RULE = "savings.fiscal_year_summary@2"


@attrs.frozen(kw_only=True)
class DayShare:
    """The days of one span of the counting window that fall in the period.

    Attributes:
        year: The contract year (1 for the first 12 months of the window); always 1 with
            ACTUAL_DAYS, whose one span is the whole window.
        start: First day of the span.
        end: Last day of the span (inclusive).
        days: Days of the span inside the period.
        of_days: Days of the span. With CONTRACT_YEARS neither count includes
            29 February (NL/365), so a full contract year has 365; with ACTUAL_DAYS both
            count every day.
    """

    year: int
    start: date
    end: date
    days: int
    of_days: int


@attrs.frozen(kw_only=True)
class SliceLine:
    """One component of the classification and its part in the period.

    Attributes:
        component: The component, with its amount for the whole counting window.
        amount: Its part in the period, in the currency's minor unit.
        booked_on: The day a one-off component is booked on (its counting date); None
            for a recurring component.
    """

    component: SavingsComponent
    amount: Decimal
    booked_on: date | None = None


@attrs.frozen(kw_only=True)
class FiscalYearSlice(Explained):
    """The part of one classified event that falls in one fiscal period.

    Attributes:
        rule: ``"savings.fiscal_year@2"`` (``@1`` booked every one-off on the effective
            date and cut a window from 29 February at its anniversaries).
        event: The event.
        period: The fiscal period.
        convention: How recurring components were spread (CONTRACT_YEARS or ACTUAL_DAYS).
        leap_day: Where the contract years of a window from 29 February begin.
        currency: The event currency.
        status: The classification's status: only a RECOGNISED classification's
            finance-recognised part is recognised; otherwise it is pending.
        window_start: First day of the counting window (the effective date).
        window_end: Last day of the counting window.
        days: Calendar days of the window inside the period.
        shares: The day fraction, per contract year the period touches (the sentence's
            "184 of 365 days").
        lines: One line per component, in the classification's order.
        finance_view: The period's part of the budget-impacting components; None when the
            classification's finance view is unknown (no price paid).
        procurement_view: The period's part of the attributable components.
        finance_recognised: The period's part of the components finance recognises.
        recognised: ``finance_recognised`` when the status is RECOGNISED, else 0.
        pending: ``finance_recognised`` when the status is PENDING_VALIDATION, else 0.
        reasons: The day fraction and amounts, in sentences.
    """

    rule: str
    event: SavingsEvent
    period: FiscalPeriod
    convention: ProrationConvention
    leap_day: LeapDayStart
    currency: str
    status: SavingsStatus
    window_start: date
    window_end: date
    days: int
    shares: tuple[DayShare, ...]
    lines: tuple[SliceLine, ...]
    finance_view: Decimal | None
    procurement_view: Decimal
    finance_recognised: Decimal
    recognised: Decimal
    pending: Decimal
    net_recognised: Decimal
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        return [
            f"  {line.component.kind.value}: {line.amount} of {line.component.amount} "
            f"{self.currency} ({'recurring' if line.component.recurring else 'one-off'})"
            for line in self.lines
        ]


def _spans(
    result: SavingsClassification, convention: ProrationConvention, leap_day: LeapDayStart
) -> tuple[ContractYear, ...]:
    """The spans recurring amounts accrue over: contract years, or the window as one span."""
    start, end = result.window_start, result.window_end
    if convention is ProrationConvention.CONTRACT_YEARS:
        return contract_years(start, end, leap_day=leap_day)
    days = (end - start).days + 1
    return (
        ContractYear(
            number=1,
            start=start,
            end=end,
            months=Fraction(1),
            counted_days=days,
            leap_days_count=True,
        ),
    )


def _fraction_text(shares: Sequence[DayShare], years: int, *, leap_day_left_out: bool) -> str:
    """The day fraction in words: "184 of 365 days of contract year 1 (... to ...)"."""
    parts = []
    for share in shares:
        span = "contract year " + str(share.year) if years > 1 else "the counting window"
        parts.append(
            f"{share.days} of {share.of_days} days of {span} "
            f"({share.start.isoformat()} to {share.end.isoformat()})"
        )
    note = " (29 February not counted)" if leap_day_left_out else ""
    return " and ".join(parts) + note


def _slice(
    result: SavingsClassification,
    period: FiscalPeriod,
    *,
    convention: ProrationConvention,
    leap_day: LeapDayStart,
    spans: tuple[ContractYear, ...],
    dates: tuple[date | None, ...],
) -> FiscalYearSlice:
    currency, rounding = result.currency, result.policy.rounding
    zero = Decimal(0).scaleb(-minor_units(currency))
    start, end = result.window_start, result.window_end
    known = result.finance_view is not None
    shares = tuple(
        DayShare(
            year=span.number,
            start=span.start,
            end=span.end,
            days=span.counted(period.start, period.end),
            of_days=span.counted_days,
        )
        for span in spans
        if span.start <= period.end and span.end >= period.start
    )
    lines = []
    for component, booked_on in zip(result.components, dates, strict=True):
        if booked_on is None:
            spread = Spread(component.amount, spans, currency, rounding)
            amount = spread.part(period.start, period.end)
        else:
            amount = component.amount if period.contains(booked_on) else zero
        lines.append(SliceLine(component=component, amount=amount, booked_on=booked_on))
    totals = RowTotals(zero)
    with exact():
        for line in lines:
            totals.add(line.component, line.amount, result.status, known=known)
    row = totals.row(period.name)
    finance_view = row.finance_view if known else None
    days = overlap_days(start, end, period)
    name = f"{period.name} ({period.start.isoformat()} to {period.end.isoformat()})"
    recurring = [line for line in lines if line.component.recurring]
    one_offs = [line for line in lines if not line.component.recurring]
    status = (
        "the classification is recognised"
        if result.status is SavingsStatus.RECOGNISED
        else "the classification is pending validation (missing: "
        + ", ".join(m.value for m in result.missing)
        + "), so none of it is recognised yet"
    )
    reasons = []
    if days:
        leap_day_left_out = convention is ProrationConvention.CONTRACT_YEARS and (
            no_leap_days(max(start, period.start), min(end, period.end)) < days
        )
        text = _fraction_text(shares, len(spans), leap_day_left_out=leap_day_left_out)
        amounts = ", ".join(
            f"{line.component.kind.value} {line.amount} of {line.component.amount}"
            for line in recurring
        )
        reasons.append(
            Reason.of(
                "SAVINGS.FY_SLICE",
                f"{name} takes {text}: "
                + (f"{amounts} {currency}." if recurring else "no recurring component."),
                days=days,
            )
        )
    else:
        reasons.append(
            Reason.of(
                "SAVINGS.FY_SLICE_OUTSIDE",
                f"The counting window {start.isoformat()} to {end.isoformat()} does not "
                f"overlap {name}: no recurring amount falls in it.",
                days=0,
            )
        )
    if one_offs:
        placed = [
            f"{line.component.kind.value} {line.component.amount} {currency} on "
            f"{_iso(line.booked_on)} ({'inside' if line.amount else 'outside'} {period.name})"
            for line in one_offs
        ]
        reasons.append(
            Reason.of(
                "SAVINGS.FY_ONE_OFF",
                "One-off amounts are booked once, wholly in the period of their counting date "
                f"(one_off_date={result.policy.one_off_date.value}; the effective date "
                f"{start.isoformat()} unless dated): " + ", ".join(placed) + ".",
            )
        )
    reasons.append(
        Reason.of(
            "SAVINGS.FY_RECOGNISED",
            f"In {period.name} finance recognises {row.finance_recognised} {currency}; "
            f"{status}. The finance view (what the budget did) is "
            f"{'unknown' if finance_view is None else finance_view} "
            f"{currency} and the procurement view {row.procurement_view} {currency}.",
            finance_recognised=row.finance_recognised,
            finance_view=finance_view,
        )
    )
    return FiscalYearSlice(
        rule=RULE,
        event=result.event,
        period=period,
        convention=convention,
        leap_day=leap_day,
        currency=currency,
        status=result.status,
        window_start=start,
        window_end=end,
        days=days,
        shares=shares,
        lines=tuple(lines),
        finance_view=finance_view,
        procurement_view=row.procurement_view,
        finance_recognised=row.finance_recognised,
        recognised=row.recognised,
        pending=row.pending,
        net_recognised=row.net_recognised,
        reasons=tuple(reasons),
    )


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def _check_leap_day(leap_day: object) -> LeapDayStart:
    if not isinstance(leap_day, LeapDayStart):
        raise f.type_error("leap_day", "a LeapDayStart", leap_day)
    return leap_day


def fiscal_year_slice(
    classification: SavingsClassification,
    *,
    period: FiscalPeriod,
    convention: ProrationConvention = ProrationConvention.CONTRACT_YEARS,
    leap_day: LeapDayStart = LeapDayStart.FEBRUARY_28,
) -> FiscalYearSlice:
    """Return the part of ``classification`` that falls in the fiscal ``period``, and why.

    Recurring components accrue evenly over the counting window; one-off components
    (credits, rebates, recoveries, the implementation cost) are booked once, wholly in
    the period of their counting date: a one-off's earned or received date as
    ``SavingsPolicy.one_off_date`` says (default earned), the effective date when it
    is undated, and the implementation cost on the effective date. A one-off dated
    outside the counting window still counts once, in its own period. With
    CONTRACT_YEARS (default), every 12 months of the window from the effective date
    carry the annual amount, spread over their days with 29 February left out: a
    36-month window gives each year the same slice whether or not it holds
    29 February 2028, and no 12-month fiscal year of a window of whole years gets more
    than the annual amount, whatever day the window or the fiscal year starts on (a
    window from 29 February counts its years by ``leap_day``). With ACTUAL_DAYS the amounts are spread by actual days over the whole
    window. Either way a period's part is the difference of the rounded running totals
    at its two ends, so the slices of any set of periods (plus what falls outside them)
    sum exactly to the component, and a slice does not depend on which other periods
    are asked about.

    Args:
        classification: A result of [`classify_savings`][spendrules.savings.classify_savings].
        period: The fiscal period (see [`fiscal_years`][spendrules.savings.fiscal_years]).
        convention: CONTRACT_YEARS (default) or ACTUAL_DAYS; see
            [`ProrationConvention`][spendrules.savings.ProrationConvention].
        leap_day: Where the contract years of a window from 29 February begin; default
            FEBRUARY_28 (see [`LeapDayStart`][spendrules.savings.LeapDayStart]).

    Returns:
        A [`FiscalYearSlice`][spendrules.savings.FiscalYearSlice]; its reasons give the day fraction ("184 of 365 days")
        and the amounts.

    Raises:
        TypeError: a ``classification`` or ``period`` of the wrong type, a convention
            that is not a [`ProrationConvention`][spendrules.savings.ProrationConvention], a ``leap_day`` that is not a
            [`LeapDayStart`][spendrules.savings.LeapDayStart].
        InvalidInputError: the SERVICENOW convention (it does not conserve amounts).

    Examples:
        10.00 renegotiated to 9.50 on 1,000 units a year from 1 July 2026; the fiscal
        year is the calendar year:

        >>> from spendrules.savings import BaselineMethod, SavingsEvent, classify_savings
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2026, 5, 3),
        ...     baseline_evidence="PO-1", new_price=Decimal("9.50"),
        ...     effective_date=date(2026, 7, 1), forecast_quantity=1000)
        >>> fy2026 = FiscalPeriod(name="FY2026", start=date(2026, 1, 1), end=date(2026, 12, 31))
        >>> part = fiscal_year_slice(classify_savings(event, as_of=date(2026, 7, 1)), period=fy2026)
        >>> part.finance_recognised, part.recognised
        (Decimal('252.05'), Decimal('252.05'))
        >>> print(part.reasons[0].message)
        FY2026 (2026-01-01 to 2026-12-31) takes 184 of 365 days of the counting window \
(2026-07-01 to 2027-06-30): hard_savings 252.05 of 500.00 USD.

    References:
        Domain notes §5.4 (annualised vs in-year: Efficio, GEP, UMICH, SIGP); NL/365
        ("no leap") day count: Bloomberg BDE ``bbldc_basicnl365``, QuantLib
        ``Actual365Fixed::NoLeap``.
    """
    if not isinstance(classification, SavingsClassification):
        raise f.type_error("classification", "a SavingsClassification", classification)
    if not isinstance(period, FiscalPeriod):
        raise f.type_error("period", "a FiscalPeriod", period)
    check_spread_convention(convention)
    _check_leap_day(leap_day)
    spans = _spans(classification, convention, leap_day)
    return _slice(
        classification,
        period,
        convention=convention,
        leap_day=leap_day,
        spans=spans,
        dates=booking_dates(classification),
    )


@attrs.frozen(kw_only=True)
class PeriodRows:
    """One fiscal period of a [`FiscalYearSummary`][spendrules.savings.FiscalYearSummary].

    Attributes:
        key: The period's name, or ``"outside periods"`` for what falls in none of them.
        rows: One row per group (see ``by``); they sum exactly to ``total``.
        total: The period's totals, keyed by the period's name.
    """

    key: str
    rows: tuple[SummaryRow, ...]
    total: SummaryRow


@attrs.frozen(kw_only=True)
class FiscalYearSummary(Explained):
    """A portfolio's recognition per fiscal period, crossed by event, item, category or status.

    Attributes:
        rule: ``"savings.fiscal_year_summary@2"`` (``@1`` booked every one-off on the
            effective date and cut a window from 29 February at its anniversaries).
        currency: The currency of every amount.
        by: The grouping inside each period.
        convention: How recurring components were spread.
        periods: One block per period, in the order given, then an ``"outside periods"``
            block when anything falls outside them.
        total: The events' whole amounts: the period blocks' totals sum exactly to it.
        slices: Every event's slice of every period, event by event.
        duplicates: Classifications skipped because their event was already counted.
        reasons: One headline per period, and warnings.
    """

    rule: str
    currency: str
    by: SummaryBy
    convention: ProrationConvention
    periods: tuple[PeriodRows, ...]
    total: SummaryRow
    slices: tuple[FiscalYearSlice, ...]
    duplicates: int
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        lines = []
        for block in self.periods:
            for row in (*block.rows, block.total):
                label = row.key if row is block.total else f"{block.key} / {row.key}"
                lines.append(
                    f"  {label}: {row.events} event(s), finance recognised "
                    f"{row.finance_recognised} (recognised {row.recognised}, pending "
                    f"{row.pending}), finance view {row.finance_view}, procurement view "
                    f"{row.procurement_view}"
                )
        return lines


def summarise_fiscal_years(
    classifications: Sequence[SavingsClassification],
    *,
    periods: Sequence[FiscalPeriod],
    by: SummaryBy = SummaryBy.EVENT,
    convention: ProrationConvention = ProrationConvention.CONTRACT_YEARS,
    currency: str | None = None,
    leap_day: LeapDayStart = LeapDayStart.FEBRUARY_28,
) -> FiscalYearSummary:
    """Total what each fiscal period recognises, per event (or item, category, status, supplier).

    Every event's slice of every period is computed with [`fiscal_year_slice`][spendrules.savings.fiscal_year_slice];
    each period block then totals the slices per group, and an ``"outside periods"``
    block holds what falls in none of the periods, so that the blocks sum exactly to
    the events' whole amounts. An event classified more than once is counted once,
    the first time, with a warning (as in [`summarise_savings`][spendrules.savings.summarise_savings]).

    Args:
        classifications: Results of [`classify_savings`][spendrules.savings.classify_savings], all in one currency.
        periods: Non-overlapping fiscal periods, at least one; blocks keep this order.
        by: The grouping inside each period: EVENT (default; rows keyed ``"#<n> <item>"``),
            ITEM, PRIMARY (the category), STATUS, SUPPLIER or TOTAL. PERIOD is refused: the
            periods are the other axis.
        convention: CONTRACT_YEARS (default) or ACTUAL_DAYS.
        currency: The expected currency; default that of the first classification.
        leap_day: Where the contract years of a window from 29 February begin; default
            FEBRUARY_28 (see [`LeapDayStart`][spendrules.savings.LeapDayStart]).

    Returns:
        A [`FiscalYearSummary`][spendrules.savings.FiscalYearSummary].

    Raises:
        CurrencyMismatchError: classifications in different currencies.
        InvalidInputError: no classifications and no ``currency``; no periods or
            overlapping periods; ``by=PERIOD``; the SERVICENOW convention.
        TypeError: an argument of the wrong type.

    Examples:
        >>> from spendrules.savings import (BaselineMethod, SavingsEvent, classify_savings,
        ...     fiscal_years)
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2026, 5, 3),
        ...     baseline_evidence="PO-1", new_price=Decimal("9.50"),
        ...     effective_date=date(2026, 7, 1), forecast_quantity=1000)
        >>> summary = summarise_fiscal_years([classify_savings(event, as_of=date(2026, 7, 1))],
        ...                                  periods=fiscal_years(date(2026, 1, 1), count=2))
        >>> [(b.key, [(r.key, r.finance_recognised) for r in b.rows]) for b in summary.periods]
        [('FY2026', [('#1 widget', Decimal('252.05'))]), ('FY2027', [('#1 widget', Decimal('247.95'))])]

    References:
        Domain notes §5.4 (annualised vs in-year), §5.8 (double counting).
    """
    check_classifications(classifications)
    if not isinstance(by, SummaryBy):
        raise f.type_error("by", "a SummaryBy", by)
    if by is SummaryBy.PERIOD:
        raise InvalidInputError(
            "by",
            by.value,
            "event, item, primary, status, supplier or total (periods are the other axis)",
        )
    check_spread_convention(convention)
    _check_leap_day(leap_day)
    chosen = check_periods(periods)
    currency = portfolio_currency(classifications, currency)
    zero = Decimal(0).scaleb(-minor_units(currency))
    kept = first_of_each_event(classifications)
    duplicates = len(classifications) - len(kept)
    names = [period.name for period in chosen]
    cells: dict[str, dict[str, RowTotals]] = {name: {} for name in [*names, OUTSIDE]}
    total = RowTotals(zero)
    slices: list[FiscalYearSlice] = []
    with exact():
        for number, result in enumerate(kept, start=1):
            key = group_key(result, by, number)
            known = result.finance_view is not None
            spans = _spans(result, convention, leap_day)
            dates = booking_dates(result)
            days = {day for day in dates if day is not None}
            placed = {id(component): zero for component in result.components}
            outside_days = (result.window_end - result.window_start).days + 1
            booked: set[date] = set()
            total.count(result)
            for component in result.components:
                total.add(component, component.amount, result.status, known=known)
            for period in chosen:
                part = _slice(
                    result,
                    period,
                    convention=convention,
                    leap_day=leap_day,
                    spans=spans,
                    dates=dates,
                )
                slices.append(part)
                here = {day for day in days if period.contains(day)}
                booked |= here
                outside_days -= part.days
                if not (part.days or here):
                    continue  # nothing of this event falls in the period
                cell = cells[period.name].setdefault(key, RowTotals(zero))
                cell.count(result)
                for line in part.lines:
                    placed[id(line.component)] += line.amount
                    cell.add(line.component, line.amount, result.status, known=known)
            if outside_days or booked != days:
                rest = cells[OUTSIDE].setdefault(key, RowTotals(zero))
                rest.count(result)
                for component in result.components:
                    rest.add(
                        component,
                        component.amount - placed[id(component)],
                        result.status,
                        known=known,
                    )
    blocks = []
    for name, groups in cells.items():
        block_total = RowTotals(zero)
        block_total.events = sum(acc.events for acc in groups.values())
        block_total.unknown = sum(acc.unknown for acc in groups.values())
        with exact():
            for acc in groups.values():
                block_total.merge(acc)
        if name == OUTSIDE and not block_total.events:
            continue
        blocks.append(
            PeriodRows(
                key=name,
                rows=tuple(groups[group].row(group) for group in key_order(by, set(groups), ())),
                total=block_total.row(name),
            )
        )
    total_row = total.row("total")
    reasons = [
        Reason.of(
            "SAVINGS.FY_SUMMARY",
            f"{block.key}: {block.total.events} event(s); finance recognises "
            f"{block.total.finance_recognised} {currency} ({block.total.recognised} "
            f"recognised, {block.total.pending} pending), net of cost increases "
            f"{block.total.net_recognised} {currency}; finance view "
            f"{block.total.finance_view} {currency}"
            + (
                f" ({block.total.unknown_finance_view} event(s) with no price paid left out)"
                if block.total.unknown_finance_view
                else ""
            )
            + f", procurement view {block.total.procurement_view} {currency}.",
            period=block.key,
            finance_recognised=block.total.finance_recognised,
            net_recognised=block.total.net_recognised,
        )
        for block in blocks
    ]
    reasons.extend(
        net_above_reason(block.total, currency)
        for block in blocks
        if block.total.net_recognised > block.total.finance_view
    )
    reasons.extend(portfolio_warnings(kept, duplicates))
    return FiscalYearSummary(
        rule=SUMMARY_RULE,
        currency=currency,
        by=by,
        convention=convention,
        periods=tuple(blocks),
        total=total_row,
        slices=tuple(slices),
        duplicates=duplicates,
        reasons=tuple(reasons),
    )
