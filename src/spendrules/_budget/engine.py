"""The funds engine's state: budgets indexed once, consumption summed per budget, node, period and stage (private)."""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import attrs

from spendrules._budget.model import (
    Budget,
    BudgetRate,
    Dimensions,
    FiscalCalendar,
    Hierarchy,
    LedgerEntry,
    Period,
)
from spendrules._budget.policy import (
    _RANK,
    _STAGE_INDEX,
    ZERO,
    Action,
    Against,
    Basis,
    Boundary,
    ControlPolicy,
    MissingBudget,
    Rollup,
    StagePolicy,
    ToleranceRule,
)
from spendrules._budget.relief import Plan, Slots
from spendrules._decimal import exact
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.money import ROUNDING_MODES, quantize

# --------------------------------------------------------------------------- engine


def _money(amount: Decimal, currency: str) -> str:
    return f"{quantize(amount, currency):,} {currency}"


def _hits(total: Decimal, threshold: Decimal, boundary: Boundary) -> bool:
    with exact():
        return total > threshold if boundary is Boundary.INCLUSIVE else total >= threshold


@attrs.frozen
class _Judgement:
    action: Action | None
    rule: ToleranceRule | None
    threshold: Decimal | None
    lowest_block: Decimal | None
    block_rule: ToleranceRule | None


def _judge(
    limit: Decimal, total: Decimal, rules: Sequence[ToleranceRule], boundary: Boundary
) -> _Judgement:
    """Check rules highest threshold first; the strongest action among those that trigger wins."""
    with exact():
        ordered = sorted(
            ((rule.threshold(limit), rule) for rule in rules),
            key=lambda pair: (-pair[0], -_RANK[pair[1].action]),
        )
    chosen: tuple[Decimal, ToleranceRule] | None = None
    for threshold, rule in ordered:
        if _hits(total, threshold, boundary) and (
            chosen is None or _RANK[rule.action] > _RANK[chosen[1].action]
        ):
            chosen = (threshold, rule)
    blocks = [pair for pair in ordered if pair[1].action is Action.BLOCK]
    lowest = blocks[-1] if blocks else None
    return _Judgement(
        chosen[1].action if chosen else None,
        chosen[1] if chosen else None,
        chosen[0] if chosen else None,
        lowest[0] if lowest else None,
        lowest[1] if lowest else None,
    )


class _BudgetIndex:
    """Per budget: its periods, phased amounts and fiscal-year grouping."""

    __slots__ = ("budget", "fy_first", "fy_last", "periods", "phased", "position", "starts")

    def __init__(self, budget: Budget, position: int, calendar: FiscalCalendar) -> None:
        self.budget = budget
        self.position = position
        frequency = budget.phasing.frequency
        self.periods = calendar.periods_between(
            budget.valid_from, budget.valid_to, frequency=frequency
        )
        try:
            self.phased = budget.phasing.allocate(budget.amount, budget.currency, self.periods)
        except InvalidInputError as exc:
            raise InvalidInputError(
                f"budgets[{position}].phasing.{exc.field}", exc.value, exc.constraint
            ) from None
        self.starts = [period.start for period in self.periods]
        years = [calendar.year_start(period.start) for period in self.periods]
        self.fy_first = [years.index(year) for year in years]
        self.fy_last = [len(years) - 1 - years[::-1].index(year) for year in years]

    def period_of(self, day: dt.date) -> int:
        return bisect.bisect_right(self.starts, day) - 1


_NodeKey = tuple[str, tuple[str, ...]] | None


class _Book:
    """Budgets indexed for matching, and consumption summed per budget, node, period and stage."""

    def __init__(
        self,
        budgets: Iterable[Budget],
        ledger: Iterable[LedgerEntry],
        policy: ControlPolicy,
        *,
        calendar: FiscalCalendar,
        hierarchies: Iterable[Hierarchy],
        rates: Iterable[BudgetRate],
        rounding: str = decimal.ROUND_HALF_UP,
    ) -> None:
        if rounding not in ROUNDING_MODES:
            raise InvalidInputError("rounding", rounding, "one of the decimal.ROUND_* constants")
        self.rounding = str(rounding)
        if not isinstance(policy, ControlPolicy):
            raise TypeError(
                f"policy must be a ControlPolicy, not {type(policy).__name__}: {policy!r}"
            )
        if not isinstance(calendar, FiscalCalendar):
            raise TypeError(
                f"calendar must be a FiscalCalendar, not {type(calendar).__name__}: {calendar!r}"
            )
        self.policy = policy
        self.calendar = calendar
        self.parents: dict[str, dict[str, str]] = {}
        for index, hierarchy in enumerate(_items(hierarchies, "hierarchies")):
            if not isinstance(hierarchy, Hierarchy):
                raise TypeError(
                    f"hierarchies[{index}] must be a Hierarchy, not {type(hierarchy).__name__}"
                )
            if hierarchy.dimension in self.parents:
                raise InvalidInputError(
                    "hierarchies", hierarchy.dimension, "one hierarchy per dimension"
                )
            self.parents[hierarchy.dimension] = dict(hierarchy.parents)
        self.rates: dict[tuple[str, str], Decimal] = {}
        for index, rate in enumerate(_items(rates, "rates")):
            if not isinstance(rate, BudgetRate):
                raise TypeError(f"rates[{index}] must be a BudgetRate, not {type(rate).__name__}")
            pair = (rate.currency, rate.budget_currency)
            if pair in self.rates:
                raise InvalidInputError("rates", pair, "one rate per currency pair")
            self.rates[pair] = rate.rate
        self.index: list[_BudgetIndex] = []
        # account -> dimension names -> dimension values -> positions: matching looks
        # up the few cells an entry can fall in instead of scanning every budget.
        self.cells: dict[str, dict[tuple[str, ...], dict[tuple[str, ...], list[int]]]] = {}
        for position, budget in enumerate(_items(budgets, "budgets")):
            if not isinstance(budget, Budget):
                raise TypeError(
                    f"budgets[{position}] must be a Budget, not {type(budget).__name__}"
                )
            names = tuple(name for name, _ in budget.dimensions)
            values = tuple(value for _, value in budget.dimensions)
            cell = self.cells.setdefault(budget.account, {}).setdefault(names, {})
            same = cell.setdefault(values, [])
            for other in same:
                earlier = self.index[other].budget
                if earlier.valid_from <= budget.valid_to and budget.valid_from <= earlier.valid_to:
                    raise InvalidInputError(
                        f"budgets[{position}]",
                        budget.label,
                        f"a budget whose validity does not overlap budgets[{other}] on the same "
                        "account and dimensions",
                    )
            self.index.append(_BudgetIndex(budget, position, calendar))
            same.append(position)
        stage_policies = (policy.requisition, policy.order, policy.actual)
        self.linear = any(Basis.LINEAR in sp.bases() for sp in stage_policies)
        self.zero = any(sp.missing_budget is MissingBudget.ZERO for sp in stage_policies)
        self.sums: dict[tuple[int, _NodeKey], list[list[Decimal]]] = {}
        self.days: dict[tuple[int, _NodeKey, int], list[tuple[dt.date, int, Decimal]]] = {}
        self.by_key: dict[tuple[str, Dimensions], list[tuple[LedgerEntry, int]]] = {}
        self.ancestor_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self.slots = Slots()
        for position, entry in enumerate(_items(ledger, "ledger")):
            if not isinstance(entry, LedgerEntry):
                raise TypeError(
                    f"ledger[{position}] must be a LedgerEntry, not {type(entry).__name__}"
                )
            self.add(entry, f"ledger[{position}]")

    # -- matching -------------------------------------------------------------

    def ancestors(self, dimension: str, node: str) -> tuple[str, ...]:
        key = (dimension, node)
        found = self.ancestor_cache.get(key)
        if found is None:
            links = self.parents.get(dimension, {})
            chain = [node]
            while chain[-1] in links:
                chain.append(links[chain[-1]])
            found = self.ancestor_cache[key] = tuple(chain)
        return found

    def match(self, account: str, dimensions: Mapping[str, str], day: dt.date) -> list[int]:
        """Return the positions of the budgets that control ``account``/``dimensions`` on ``day``."""
        found = []
        for node in self.ancestors("account", account):
            for names, cell in self.cells.get(node, {}).items():
                if not all(name in dimensions for name in names):
                    continue
                choices = [self.ancestors(name, dimensions[name]) for name in names]
                for values in itertools.product(*choices):
                    for position in cell.get(values, ()):
                        budget = self.index[position].budget
                        if budget.valid_from <= day <= budget.valid_to:
                            found.append(position)
        found.sort()
        return found

    def node_key(self, position: int, account: str, dimensions: Mapping[str, str]) -> _NodeKey:
        if self.policy.rollup is Rollup.POOLED:
            return None
        budget = self.index[position].budget
        return (account, tuple(dimensions[name] for name, _ in budget.dimensions))

    def rate(self, currency: str, budget_currency: str) -> Decimal | None:
        if currency == budget_currency:
            return Decimal(1)
        return self.rates.get((currency, budget_currency))

    def convert(self, amount: Decimal, currency: str, budget_currency: str) -> Decimal | None:
        """Return ``amount`` in ``budget_currency``, or None without a budget rate.

        An amount already in the budget currency is unchanged; a converted one
        is rounded once, to the budget currency's minor unit with the check's
        ``rounding``: the budget is charged what the ERP posts.
        """
        if currency == budget_currency:
            return amount
        rate = self.rates.get((currency, budget_currency))
        if rate is None:
            return None
        with exact():
            product = amount * rate
        return quantize(product, budget_currency, rounding=self.rounding)

    # -- consumption ----------------------------------------------------------

    def add(self, entry: LedgerEntry, field: str, *, strict: bool = True) -> None:
        """Count ``entry``, and keep it relievable if it is a requisition or order with a reference."""
        self.post(entry, field, strict=strict)
        self.slots.register(entry)

    def relieve(self, plan: Plan, *, undo: bool = False) -> None:
        """Take a relief plan's cuts out of the sums (or put them back with ``undo``).

        A cut changes what is open of an entry from ``before`` to ``after``; the
        sums swap the entry's counted open amount for the new one (each
        converted and rounded on its own), so a relieved entry counts exactly
        as the same entry with the smaller amount would (:func:`relieve`).
        """
        for slot, part in reversed(plan.cuts) if undo else plan.cuts:
            before = slot.open
            with exact():
                slot.open = before + part if undo else before - part
            self.post(attrs.evolve(slot.entry, amount=before), "relief", strict=False, sign=-1)
            self.post(attrs.evolve(slot.entry, amount=slot.open), "relief", strict=False)

    def post(self, entry: LedgerEntry, field: str, *, strict: bool = True, sign: int = 1) -> None:
        """Add ``entry`` (``sign=-1``: take it out) to the sums of every budget it consumes."""
        dimensions = dict(entry.dimensions)
        if self.zero:
            self.by_key.setdefault((entry.account, entry.dimensions), []).append((entry, sign))
        stage = _STAGE_INDEX[entry.stage]
        for position in self.match(entry.account, dimensions, entry.date):
            budget_index = self.index[position]
            amount = self.convert(entry.amount, entry.currency, budget_index.budget.currency)
            if amount is None:
                if not strict:
                    continue
                raise CurrencyMismatchError(
                    f"{field}.currency", budget_index.budget.currency, entry.currency
                )
            if sign < 0:
                amount = amount.copy_negate()
            key = (position, self.node_key(position, entry.account, dimensions))
            buckets = self.sums.get(key)
            if buckets is None:
                buckets = self.sums[key] = [[ZERO, ZERO, ZERO] for _ in budget_index.periods]
            period = budget_index.period_of(entry.date)
            with exact():
                buckets[period][stage] += amount
            if self.linear:
                self.days.setdefault((*key, period), []).append((entry.date, stage, amount))

    def window_sums(
        self, key: tuple[int, _NodeKey], first: int, last: int, cut: dt.date | None
    ) -> tuple[list[Decimal], list[Decimal]]:
        """Return (sums per stage inside periods first..last, sums per stage after the window)."""
        inside = [ZERO, ZERO, ZERO]
        after = [ZERO, ZERO, ZERO]
        buckets = self.sums.get(key)
        if buckets is None:
            return inside, after
        with exact():
            for period, amounts in enumerate(buckets):
                if period < first:
                    continue
                target = inside if period <= last else after
                if cut is not None and period == last:
                    for day, stage, amount in self.days.get((*key, period), ()):
                        (inside if day <= cut else after)[stage] += amount
                    continue
                for stage in range(3):
                    target[stage] += amounts[stage]
        return inside, after


def _items(values: Iterable[object], field: str) -> Iterable[object]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Iterable):
        raise TypeError(f"{field} must be a sequence, not {type(values).__name__}: {values!r}")
    return values


@attrs.frozen
class _Figures:
    basis: Basis
    window: Period
    limit: Decimal
    inside: tuple[Decimal, Decimal, Decimal]
    after: tuple[Decimal, Decimal, Decimal]


def _figures(
    book: _Book, key: tuple[int, _NodeKey], basis: Basis, stage_policy: StagePolicy, day: dt.date
) -> _Figures:
    budget_index = book.index[key[0]]
    budget = budget_index.budget
    period = budget_index.period_of(day)
    fy_first, fy_last = budget_index.fy_first[period], budget_index.fy_last[period]
    first, last, cut = {
        Basis.ANNUAL: (fy_first, fy_last, None),
        Basis.YEAR_TO_DATE: (fy_first, period, None),
        Basis.PERIOD: (period, period, None),
        Basis.TOTAL: (0, len(budget_index.periods) - 1, None),
        Basis.LINEAR: (fy_first, period, day),
    }[basis]
    periods = budget_index.periods
    with exact():
        if basis is Basis.LINEAR:
            year = sum(budget_index.phased[fy_first : fy_last + 1], ZERO)
            elapsed = (day - periods[fy_first].start).days + 1
            length = (periods[fy_last].end - periods[fy_first].start).days + 1
            limit = quantize(year * elapsed / length, budget.currency, rounding=book.rounding)
            window = Period(periods[fy_first].start, day)
        else:
            limit = sum(budget_index.phased[first : last + 1], ZERO)
            window = Period(periods[first].start, periods[last].end)
        if stage_policy.against is Against.RELEASED and budget.released is not None:
            limit = min(limit, budget.released)
    inside, after = book.window_sums(key, first, last, cut)
    return _Figures(
        basis, window, limit, (inside[0], inside[1], inside[2]), (after[0], after[1], after[2])
    )
