"""Multi-year contracts: a price per contract year, each year classified on its own (private).

A contract with escalators or step-downs changes the budget every year, not once.
Each contract year is classified with [`classify_savings`][spendrules.savings.classify_savings] as a 12-month event:
year 1 is the contract's own event (its baseline, proposal, index, one-offs); year
``k > 1`` compares its contract price with year ``k − 1``'s, which is a price paid by
then, so the finance view of every year is the year-on-year change of expense. The
policy's ``contract_counting`` then says which years count: only the first
year-over-year (the published practice, TV-32) or each year on its own prior year.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from spendrules._checks import check_date, check_non_negative
from spendrules._decimal import exact
from spendrules._savings import _fields as f
from spendrules._savings.classify import SavingsClassification, classify_savings
from spendrules._savings.model import (
    BaselineMethod,
    ContractCounting,
    DemandChange,
    FxRates,
    Missing,
    SavingsEvent,
    SavingsPolicy,
    SavingsStatus,
)
from spendrules._savings.recognition import FiscalYearSlice, fiscal_year_slice
from spendrules._savings.timing import FiscalPeriod, LeapDayStart, ProrationConvention
from spendrules.errors import InvalidInputError
from spendrules.money import minor_units
from spendrules.results import Explained, Reason

__all__ = [
    "ContractClassification",
    "ContractFiscalYearSlice",
    "ContractYearClassification",
    "MultiYearContract",
    "classify_contract",
    "contract_fiscal_year_slice",
]

RULE = "savings.contract@1"
SLICE_RULE = "savings.contract_fiscal_year@1"

#: Most contract years a contract may have (the policy's month bound, in years).
MAX_CONTRACT_YEARS = 100

_ONE_DAY = timedelta(days=1)


def _prices(value: Any) -> Any:
    """Converter: a list becomes a tuple; ``int`` prices become ``Decimal``."""
    if isinstance(value, list):
        value = tuple(value)
    if isinstance(value, tuple):
        return tuple(f.to_decimal(item) for item in value)
    return value


def _check_prices(_instance: Any, attribute: Any, value: Any) -> None:
    if not isinstance(value, tuple):
        raise f.type_error(attribute.name, "a tuple of Decimal", value)
    if len(value) >= MAX_CONTRACT_YEARS:
        raise InvalidInputError(
            attribute.name, len(value), f"at most {MAX_CONTRACT_YEARS - 1} later years"
        )
    for index, price in enumerate(value):
        check_non_negative(price, f"{attribute.name}[{index}]")


@attrs.frozen(kw_only=True)
class MultiYearContract:
    """A contract with a unit price per contract year (escalators and step-downs).

    Attributes:
        event: The contract's first year: its baseline (B and the counterfactual C),
            ``new_price`` as year 1's price, ``effective_date`` as the first day of the
            contract, ``forecast_quantity`` as the units of every contract year, and its
            one-offs and implementation cost.
        later_prices: The unit price of contract years 2, 3, ..., in the event's price
            currency (each >= 0; at most 99); empty for a one-year contract.
        reference: The contract's reference, quoted as the evidence of every later
            year's baseline (the year before's contract price). Default "" (then
            "contract").

    Raises:
        TypeError: a field of the wrong type (a ``float`` price).
        InvalidInputError: a negative price, or 100 or more later years.

    Examples:
        >>> from datetime import date
        >>> from spendrules.savings import BaselineMethod, SavingsEvent
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
        ...     baseline_evidence="PO-1", new_price=Decimal("9.50"),
        ...     effective_date=date(2026, 1, 1), forecast_quantity=1000)
        >>> MultiYearContract(event=event, later_prices=[Decimal("9.75"), 10]).prices
        (Decimal('9.50'), Decimal('9.75'), Decimal('10'))
    """

    event: SavingsEvent = attrs.field(validator=f.instance(SavingsEvent))
    later_prices: tuple[Decimal, ...] = attrs.field(
        default=(), converter=_prices, validator=_check_prices
    )
    reference: str = attrs.field(default="", validator=f.text)

    @property
    def prices(self) -> tuple[Decimal, ...]:
        """The unit price of every contract year, year 1 first."""
        return (self.event.new_price, *self.later_prices)


@attrs.frozen(kw_only=True)
class ContractYearClassification:
    """One contract year and its classification.

    Attributes:
        number: The contract year, from 1.
        start: Its first day (its classification's effective date).
        end: Its last day.
        price: Its contract unit price.
        counted: Whether the contract counts it (see ``SavingsPolicy.contract_counting``).
        classification: Its classification as a 12-month event: year 1 against the
            contract's baseline, year ``k > 1`` against year ``k − 1``'s price.
    """

    number: int
    start: date
    end: date
    price: Decimal
    counted: bool
    classification: SavingsClassification


@attrs.frozen(kw_only=True)
class ContractClassification(Explained):
    """A multi-year contract classified year by year, and what it counts.

    Attributes:
        rule: ``"savings.contract@1"``.
        contract: The contract.
        policy: The policy applied to every year (with ``count_months`` = 12).
        as_of: The classification date.
        counting: Which years count (the policy's ``contract_counting``).
        currency: The event currency; every amount is in it.
        years: Every contract year, in order, counted or not.
        finance_view: Sum of the counted years' finance views (the year-on-year budget
            changes); None when a counted year's is unknown.
        procurement_view: Sum of the counted years' procurement views.
        finance_recognised: Sum of the counted years' finance-recognised amounts.
        net_recognised: Sum of the counted years' recognised savings net of their
            recognised cost increases (an escalator counted under EACH_YEAR_ON_PRIOR
            lowers it).
        status: RECOGNISED when every counted year is; else PENDING_VALIDATION.
        missing: What keeps a counted year pending.
        reasons: One sentence per year, then the totals.
    """

    rule: str
    contract: MultiYearContract
    policy: SavingsPolicy
    as_of: date
    counting: ContractCounting
    currency: str
    years: tuple[ContractYearClassification, ...]
    finance_view: Decimal | None
    procurement_view: Decimal
    finance_recognised: Decimal
    net_recognised: Decimal
    status: SavingsStatus
    missing: tuple[Missing, ...]
    reasons: tuple[Reason, ...]

    @property
    def counted(self) -> tuple[SavingsClassification, ...]:
        """The counted years' classifications, for [`summarise_fiscal_years`][spendrules.savings.summarise_fiscal_years]."""
        return tuple(year.classification for year in self.years if year.counted)

    def _detail_lines(self) -> list[str]:
        return [
            f"  year {year.number} ({year.start.isoformat()} to {year.end.isoformat()}) at "
            f"{year.price}: finance view {year.classification.finance_view}, procurement view "
            f"{year.classification.procurement_view}" + ("" if year.counted else " (not counted)")
            for year in self.years
        ]


def _later_event(
    contract: MultiYearContract, number: int, start: date, before: Decimal
) -> SavingsEvent:
    """Year ``number``'s event: its price against the year before's, nothing else changing."""
    event = contract.event
    fx = event.fx
    if fx is not None:  # no later rates are known: convert both years at the current rate
        fx = FxRates(
            supplier_currency=fx.supplier_currency,
            baseline_rate=fx.current_rate,
            current_rate=fx.current_rate,
        )
    return attrs.evolve(
        event,
        baseline_price=before,
        baseline_method=BaselineMethod.LAST_PRICE_PAID,
        baseline_date=start - _ONE_DAY,
        baseline_evidence=f"{contract.reference or 'contract'} year {number - 1} price",
        same_spec=True,
        new_price=contract.prices[number - 1],
        effective_date=start,
        baseline_quantity=None,
        proposal=None,
        market_index=None,
        fx=fx,
        demand_change=DemandChange.NONE,
        value_add=(),
        one_offs=(),
        implementation_cost=Decimal(0),
    )


def _year_reason(year: ContractYearClassification, counting: ContractCounting) -> Reason:
    result = year.classification
    cur = result.currency
    against = (
        "the contract's baseline"
        if year.number == 1
        else f"year {year.number - 1}'s contract price {result.event.baseline_price}"
    )
    views = (
        f"finance view {result.finance_view} {cur}, procurement view "
        f"{result.procurement_view} {cur}, finance recognises {result.finance_recognised} {cur}"
    )
    head = (
        f"Contract year {year.number} ({year.start.isoformat()} to {year.end.isoformat()}) at "
        f"{year.price} against {against}: {views}"
    )
    if year.counted:
        return Reason.of(
            "SAVINGS.CONTRACT_YEAR_COUNTED",
            f"{head}; counted (contract_counting={counting.value}).",
            year=year.number,
            finance_view=result.finance_view,
        )
    return Reason.of(
        "SAVINGS.CONTRACT_YEAR_NOT_COUNTED",
        f"{head}; not counted: only the first year-over-year counts "
        f"(contract_counting={counting.value}; UMICH, GEP), so this is run-rate.",
        year=year.number,
        finance_view=result.finance_view,
    )


def classify_contract(
    contract: MultiYearContract,
    *,
    policy: SavingsPolicy | None = None,
    as_of: date,
) -> ContractClassification:
    """Classify every year of a multi-year contract on its own, and total the years that count.

    Contract year ``k`` runs 12 months from the day after year ``k − 1`` ends (year 1
    from the event's effective date; month arithmetic from each year's first day, so a
    contract from 29 February has its later years from 28 February, as
    [`LeapDayStart`][spendrules.savings.LeapDayStart] FEBRUARY_28 cuts them). Year 1 is the contract's event
    classified over 12 months. Year ``k > 1`` is the same item at year ``k``'s price
    against year ``k − 1``'s contract price, a price paid by then (a last-price-paid
    baseline dated the day before the year starts, evidenced by the contract): the
    finance view of each year is what the budget does from one year to the next, an
    escalator a cost increase and a step-down a hard saving. A later year has no
    counterfactual of its own (C = B): the contract agreed its price, and the domain
    notes admit a counterfactual only with evidence of what would otherwise have been
    paid (a written proposal or a published index: CCS, SORC), which is year 1's.
    Only the price changes in a later year: volume, value-add, one-offs and the
    implementation cost are year 1's, and FX converts both years at the current rate.

    ``policy.contract_counting`` then chooses which years count in the totals and in
    the fiscal-year slices: FIRST_YEAR_OVER_YEAR (default; TV-32: UMICH "only the first
    year-over-year", GEP) counts year 1 only and shows later years as run-rate;
    EACH_YEAR_ON_PRIOR counts every year on its own prior year.

    Args:
        contract: The contract.
        policy: The rulebook; default ``SavingsPolicy()``. Its ``count_months`` is
            replaced by 12 for every year.
        as_of: The classification date (later years are forecasts until they start).

    Returns:
        A [`ContractClassification`][spendrules.savings.ContractClassification].

    Raises:
        TypeError: ``contract`` not a MultiYearContract, ``policy`` not a SavingsPolicy,
            ``as_of`` not a ``datetime.date``.
        InvalidInputError: a contract that would end after 9999-12-31.

    Examples:
        Last paid 10.00; a three-year contract at 9.50, 9.75 and 10.00 on 1,000 units a
        year:

        >>> from datetime import date
        >>> from spendrules.savings import BaselineMethod, ContractCounting, SavingsEvent
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2025, 11, 3),
        ...     baseline_evidence="PO-1", new_price=Decimal("9.50"),
        ...     effective_date=date(2026, 1, 1), forecast_quantity=1000)
        >>> contract = MultiYearContract(event=event, reference="MSA-7",
        ...     later_prices=[Decimal("9.75"), Decimal("10.00")])
        >>> first = classify_contract(contract, as_of=date(2026, 1, 5))
        >>> [(y.number, y.classification.finance_view, y.counted) for y in first.years]
        [(1, Decimal('500.00'), True), (2, Decimal('-250.00'), False), (3, Decimal('-250.00'), False)]
        >>> first.finance_view
        Decimal('500.00')
        >>> each = classify_contract(contract, as_of=date(2026, 1, 5), policy=SavingsPolicy(
        ...     contract_counting=ContractCounting.EACH_YEAR_ON_PRIOR))
        >>> each.finance_view, each.finance_recognised
        (Decimal('0.00'), Decimal('500.00'))

    References:
        Domain notes §5.4 (annualised vs in-year: GEP, UMICH, SIGP), §6 TV-09
        (ProcureDesk) and TV-32 (UMICH, GEP).
    """
    if not isinstance(contract, MultiYearContract):
        raise f.type_error("contract", "a MultiYearContract", contract)
    if policy is None:
        policy = SavingsPolicy()
    elif not isinstance(policy, SavingsPolicy):
        raise f.type_error("policy", "a SavingsPolicy", policy)
    check_date(as_of, "as_of")
    count = len(contract.prices)
    start = contract.event.effective_date
    if (date.max.year - start.year) * 12 + 12 - start.month < 12 * count:
        raise InvalidInputError(
            "event.effective_date",
            start,
            f"early enough that {count} contract year(s) from it end by 9999-12-31",
        )
    yearly = attrs.evolve(policy, count_months=12)
    counting = policy.contract_counting
    years: list[ContractYearClassification] = []
    for number, price in enumerate(contract.prices, start=1):
        if number == 1:
            event = contract.event
        else:
            event = _later_event(contract, number, start, contract.prices[number - 2])
        result = classify_savings(event, policy=yearly, as_of=as_of)
        counted = number == 1 or counting is ContractCounting.EACH_YEAR_ON_PRIOR
        end = result.window_end
        years.append(
            ContractYearClassification(
                number=number,
                start=start,
                end=end,
                price=price,
                counted=counted,
                classification=result,
            )
        )
        start = end + _ONE_DAY
    return _total(contract, yearly, as_of, counting, tuple(years))


def _total(
    contract: MultiYearContract,
    policy: SavingsPolicy,
    as_of: date,
    counting: ContractCounting,
    years: tuple[ContractYearClassification, ...],
) -> ContractClassification:
    currency = contract.event.currency
    zero = Decimal(0).scaleb(-minor_units(currency))
    counted = [year.classification for year in years if year.counted]
    views = [result.finance_view for result in counted]
    with exact():
        finance = None if None in views else sum((v for v in views if v is not None), zero)
        procurement = sum((result.procurement_view for result in counted), zero)
        recognised = sum((result.finance_recognised for result in counted), zero)
        net = sum((result.net_recognised for result in counted), zero)
    missing = tuple(m for m in Missing if any(m in result.missing for result in counted))
    status = SavingsStatus.PENDING_VALIDATION if missing else SavingsStatus.RECOGNISED
    reasons = [_year_reason(year, counting) for year in years]
    which = (
        "year 1 only (the first year-over-year)"
        if counting is ContractCounting.FIRST_YEAR_OVER_YEAR
        else f"all {len(years)} year(s), each on its own prior year"
    )
    reasons.append(
        Reason.of(
            "SAVINGS.CONTRACT_TOTAL",
            f"The contract counts {which} (contract_counting={counting.value}): finance view "
            f"{'unknown' if finance is None else finance} {currency}, procurement view "
            f"{procurement} {currency}, finance recognises {recognised} {currency} "
            f"({net} {currency} net of cost increases)"
            + (f"; pending: missing {', '.join(m.value for m in missing)}." if missing else "."),
            finance_view=finance,
            finance_recognised=recognised,
            counting=counting,
        )
    )
    return ContractClassification(
        rule=RULE,
        contract=contract,
        policy=policy,
        as_of=as_of,
        counting=counting,
        currency=currency,
        years=years,
        finance_view=finance,
        procurement_view=procurement,
        finance_recognised=recognised,
        net_recognised=net,
        status=status,
        missing=missing,
        reasons=tuple(reasons),
    )


@attrs.frozen(kw_only=True)
class ContractFiscalYearSlice(Explained):
    """The part of a multi-year contract's counted years that falls in one fiscal period.

    Attributes:
        rule: ``"savings.contract_fiscal_year@1"``.
        period: The fiscal period.
        currency: The contract currency.
        counting: Which years count.
        slices: The slice of every counted year that touches the period, in order.
        finance_view: The period's part of the counted years' finance views; None when a
            counted year's finance view is unknown (no price was ever paid).
        procurement_view: The period's part of their procurement views.
        finance_recognised: The period's part of what finance recognises.
        recognised: The part whose year is recognised.
        pending: The part whose year is pending validation.
        reasons: Each year's day fraction, then the totals.
    """

    rule: str
    period: FiscalPeriod
    currency: str
    counting: ContractCounting
    slices: tuple[FiscalYearSlice, ...]
    finance_view: Decimal | None
    procurement_view: Decimal
    finance_recognised: Decimal
    recognised: Decimal
    pending: Decimal
    reasons: tuple[Reason, ...]

    def _detail_lines(self) -> list[str]:
        return [
            f"  {part.window_start.isoformat()} to {part.window_end.isoformat()}: finance view "
            f"{part.finance_view}, finance recognised {part.finance_recognised}"
            for part in self.slices
        ]


def _sum(values: Sequence[Decimal], zero: Decimal) -> Decimal:
    with exact():
        return sum(values, zero)


def contract_fiscal_year_slice(
    contract: ContractClassification,
    *,
    period: FiscalPeriod,
    convention: ProrationConvention = ProrationConvention.CONTRACT_YEARS,
    leap_day: LeapDayStart = LeapDayStart.FEBRUARY_28,
) -> ContractFiscalYearSlice:
    """Return the part of a contract's counted years that falls in the fiscal ``period``.

    Each counted contract year carries its own annual amount over its own 12 months
    ([`fiscal_year_slice`][spendrules.savings.fiscal_year_slice] of its classification), so a fiscal year that straddles
    two contract years takes each year's days at that year's price. Years that do not
    count (run-rate under FIRST_YEAR_OVER_YEAR) put nothing in any period.

    Args:
        contract: A result of [`classify_contract`][spendrules.savings.classify_contract].
        period: The fiscal period.
        convention: CONTRACT_YEARS (default) or ACTUAL_DAYS.
        leap_day: Where the years of a window from 29 February begin; default FEBRUARY_28.

    Returns:
        A [`ContractFiscalYearSlice`][spendrules.savings.ContractFiscalYearSlice].

    Raises:
        TypeError: an argument of the wrong type.
        InvalidInputError: the SERVICENOW convention.

    Examples:
        A two-year contract from 1 July 2026 at 9.50 then 9.00 (last paid 10.00, 1,000
        units a year), each year counted on its prior: FY2027 takes 181 of 365 days of
        year 1's 500.00 and 184 of 365 days of year 2's 500.00.

        >>> from spendrules.savings import (BaselineMethod, ContractCounting, SavingsEvent,
        ...     fiscal_years)
        >>> event = SavingsEvent(
        ...     item="widget", currency="USD", baseline_price=Decimal("10.00"),
        ...     baseline_method=BaselineMethod.LAST_PRICE_PAID, baseline_date=date(2026, 5, 3),
        ...     baseline_evidence="PO-1", new_price=Decimal("9.50"),
        ...     effective_date=date(2026, 7, 1), forecast_quantity=1000)
        >>> result = classify_contract(
        ...     MultiYearContract(event=event, later_prices=[Decimal("9.00")]),
        ...     policy=SavingsPolicy(contract_counting=ContractCounting.EACH_YEAR_ON_PRIOR),
        ...     as_of=date(2026, 7, 1))
        >>> fy2027 = fiscal_years(date(2027, 1, 1), count=1)[0]
        >>> contract_fiscal_year_slice(result, period=fy2027).finance_recognised
        Decimal('500.00')
    """
    if not isinstance(contract, ContractClassification):
        raise f.type_error("contract", "a ContractClassification", contract)
    parts = [
        fiscal_year_slice(result, period=period, convention=convention, leap_day=leap_day)
        for result in contract.counted
    ]
    touching = tuple(part for part in parts if part.days or any(line.amount for line in part.lines))
    cur = contract.currency
    zero = Decimal(0).scaleb(-minor_units(cur))
    views = [part.finance_view for part in touching]
    finance = None if None in views else _sum([v for v in views if v is not None], zero)
    procurement = _sum([part.procurement_view for part in touching], zero)
    recognised_total = _sum([part.finance_recognised for part in touching], zero)
    recognised = _sum([part.recognised for part in touching], zero)
    pending = _sum([part.pending for part in touching], zero)
    reasons = [part.reasons[0] for part in touching]
    reasons.append(
        Reason.of(
            "SAVINGS.CONTRACT_FY_SLICE",
            f"In {period.name} the contract's counted years ({len(touching)} touching it; "
            f"contract_counting={contract.counting.value}) give finance view "
            f"{'unknown' if finance is None else finance} {cur}, "
            f"procurement view {procurement} {cur}; finance recognises {recognised_total} {cur} "
            f"({recognised} recognised, {pending} pending).",
            finance_view=finance,
            finance_recognised=recognised_total,
        )
    )
    return ContractFiscalYearSlice(
        rule=SLICE_RULE,
        period=period,
        currency=cur,
        counting=contract.counting,
        slices=touching,
        finance_view=finance,
        procurement_view=procurement,
        finance_recognised=recognised_total,
        recognised=recognised,
        pending=pending,
        reasons=tuple(reasons),
    )
