"""The funds engine's state: budgets indexed once, consumption summed per budget, node, period and stage (private)."""

from __future__ import annotations

import bisect
import datetime as dt
import decimal
import itertools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

import attrs

from spendrules._budget.model import (
    Budget,
    BudgetRate,
    BudgetStatus,
    Dimensions,
    FiscalCalendar,
    Frequency,
    Hierarchy,
    LedgerEntry,
    Period,
    Stage,
)
from spendrules._budget.policy import (
    _STAGE_INDEX,
    _STAGES,
    ZERO,
    Action,
    Against,
    Basis,
    Boundary,
    ControlPolicy,
    LinearDays,
    MissingBudget,
    Rollup,
    StagePolicy,
    ToleranceRule,
)
from spendrules._budget.relief import RELIEVABLE, Plan, Slot, Slots
from spendrules._budget.tolerance import _RANK, _bases
from spendrules._collector import paused
from spendrules._decimal import CONTEXT, exact
from spendrules.errors import CurrencyMismatchError, InvalidInputError
from spendrules.money import ROUNDING_MODES, minor_units, quantize

# --------------------------------------------------------------------------- engine


def _money(amount: Decimal, currency: str) -> str:
    return f"{quantize(amount, currency):,} {currency}"


def _hits(total: Decimal, threshold: Decimal, boundary: Boundary) -> bool:
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


class _Shapes:
    """Periods once per distinct (validity, frequency), phasing once per distinct budget shape."""

    def __init__(self, calendar: FiscalCalendar) -> None:
        self.calendar = calendar
        self.period_cache: dict[
            tuple[dt.date, dt.date, Frequency],
            tuple[tuple[Period, ...], list[dt.date], list[int], list[int], list[int]],
        ] = {}
        self.phased_cache: dict[tuple[object, ...], tuple[Decimal, ...]] = {}

    def periods(
        self, budget: Budget
    ) -> tuple[tuple[Period, ...], list[dt.date], list[int], list[int], list[int]]:
        """Periods, their starts, per period its fiscal year's first and last period, and the
        bucket after the periods that holds its fiscal year's running total."""
        key = (budget.valid_from, budget.valid_to, budget.phasing.frequency)
        found = self.period_cache.get(key)
        if found is None:
            calendar = self.calendar
            periods = tuple(calendar.periods_between(key[0], key[1], frequency=key[2]))
            years = [calendar.year_start(period.start) for period in periods]
            fy_first = [years.index(year) for year in years]
            firsts = sorted(set(fy_first))
            found = self.period_cache[key] = (
                periods,
                [period.start for period in periods],
                fy_first,
                [len(years) - 1 - years[::-1].index(year) for year in years],
                [len(periods) + firsts.index(first) for first in fy_first],
            )
        return found

    def phased(
        self, budget: Budget, position: int, periods: tuple[Period, ...]
    ) -> tuple[Decimal, ...]:
        key = (budget.amount, budget.currency, budget.phasing, periods[0].start, periods[-1].end)
        found = self.phased_cache.get(key)
        if found is None:
            try:
                found = budget.phasing.allocate(budget.amount, budget.currency, periods)
            except InvalidInputError as exc:
                raise InvalidInputError(
                    f"budgets[{position}].phasing.{exc.field}", exc.value, exc.constraint
                ) from None
            self.phased_cache[key] = found
        return found


class _BudgetIndex:
    """Per budget: its periods, phased amounts and fiscal-year grouping."""

    __slots__ = (
        "budget",
        "currency",
        "exp",
        "fy_first",
        "fy_last",
        "periods",
        "phased",
        "position",
        "starts",
        "width",
        "windows",
        "year_slot",
    )

    def __init__(self, budget: Budget, position: int, shapes: _Shapes) -> None:
        self.budget = budget
        self.currency = budget.currency
        self.position = position
        #: (basis, period, against released) -> (first, last, None, limit); not for LINEAR.
        self.windows: dict[tuple[Basis, int, bool], tuple[int, int, None, Decimal]] = {}
        self.periods, self.starts, self.fy_first, self.fy_last, self.year_slot = shapes.periods(
            budget
        )
        self.phased = shapes.phased(budget, position, self.periods)
        #: The sums of this budget count units of 10**-exp (see `_Book.refine`).
        self.exp = minor_units(budget.currency)
        self.width = max(self.year_slot) + 1


_T = TypeVar("_T")

#: Wide enough that moving the decimal point of any amount a rule accepts (at most 101
#: integer digits and 1000 decimals) is exact.
_SCALE = decimal.Context(
    prec=1200, Emin=-999_999, Emax=999_999, traps=[decimal.InvalidOperation, decimal.Overflow]
)


def _amount(units: int, exp: int) -> Decimal:
    """``units`` whole units of 10**-exp as a Decimal, exactly."""
    return Decimal(units).scaleb(-exp, _SCALE)


_NodeKey = tuple[str, tuple[str, ...]] | None
#: A budget a key can consume: position, valid from, valid to, node key, and the
#: buckets of that budget item (per period, then per fiscal year; per stage).
_Target = tuple[int, dt.date, dt.date, _NodeKey, list[list[int]]]
#: Per basis checked, the tolerance rules on that basis.
_Ladder = tuple[tuple[Basis, tuple[ToleranceRule, ...]], ...]
#: Per basis checked: first period, last period, and per rule (threshold, rank of its action).
_QuickPlan = tuple[tuple[int, int, tuple[tuple[Decimal, int], ...]], ...]
#: The budget's unit exponent and, per basis: first and last period, the fiscal-year bucket of
#: a whole-year window (or -1), and per rule (smallest triggering total in units, rank).
_QuickCuts = tuple[int, tuple[tuple[int, int, int, tuple[tuple[int, int], ...]], ...]]
#: Bases whose window is the same on every day of a fiscal year.
_YEARLY = frozenset({Basis.ANNUAL, Basis.TOTAL})


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
        shapes = _Shapes(calendar)
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
            self.index.append(_BudgetIndex(budget, position, shapes))
            same.append(position)
        stage_policies = (policy.requisition, policy.order, policy.actual)
        self.stage_policies = dict(zip(_STAGES, stage_policies, strict=True))
        self.linear = any(Basis.LINEAR in sp.bases() for sp in stage_policies) or any(
            Basis.LINEAR in _bases(budget_index.budget.tolerances, sp.basis)
            for budget_index in self.index
            if budget_index.budget.tolerances is not None
            for sp in stage_policies
        )
        self.zero = any(sp.missing_budget is MissingBudget.ZERO for sp in stage_policies)
        #: Per budget item: per period, then per fiscal year, the sums per stage in whole
        #: units of 10**-exp of the budget's currency (its minor unit unless refined).
        self.sums: dict[tuple[int, _NodeKey], list[list[int]]] = {}
        #: Linear basis: per budget item and period, the sums per (day, stage).
        self.days: dict[tuple[int, _NodeKey, int], dict[tuple[dt.date, int], int]] = {}
        #: Zero budgets: per key, the multiset of (date, stage, currency, amount) posted.
        self.by_key: dict[
            tuple[str, Dimensions], dict[tuple[dt.date, Stage, str, Decimal], int]
        ] = {}
        self.ancestor_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self.target_cache: dict[tuple[str, Dimensions], tuple[_Target, ...]] = {}
        self.ladders: dict[tuple[Stage, int | None], _Ladder] = {}
        self.plans: dict[tuple[Stage, int, int], _QuickPlan | None] = {}
        #: Per stage, per (budget, period): the quick cut-offs.
        self.cuts: dict[Stage, dict[tuple[int, int], _QuickCuts]] = {stage: {} for stage in _STAGES}
        self.counted = {
            stage: tuple(_STAGE_INDEX[counts] for counts in stage_policy.counts)
            for stage, stage_policy in self.stage_policies.items()
        }
        self.slots = Slots()
        post, register = self.post, self.slots.register
        with paused():  # the opening ledger: long-lived objects only
            for position, entry in enumerate(_items(ledger, "ledger")):
                if not isinstance(entry, LedgerEntry):
                    raise TypeError(
                        f"ledger[{position}] must be a LedgerEntry, not {type(entry).__name__}"
                    )
                try:
                    post(entry, "ledger")
                except CurrencyMismatchError:
                    self.postable(entry, f"ledger[{position}]")  # raises, naming the entry
                    raise  # pragma: no cover - postable raised what post did
                if entry.reference and entry.stage in RELIEVABLE:
                    register(entry)

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

    def targets(self, account: str, dimensions: Dimensions) -> tuple[_Target, ...]:
        """Every budget that controls ``account``/``dimensions`` on some day, with its node key.

        Computed once per distinct account and dimensions; a posting or a
        check then only compares its date with each budget's validity.
        """
        key = (account, dimensions)
        found = self.target_cache.get(key)
        if found is None:
            mapping = dict(dimensions)
            positions: list[int] = []
            for node in self.ancestors("account", account):
                for names, cell in self.cells.get(node, {}).items():
                    if not all(name in mapping for name in names):
                        continue
                    choices = [self.ancestors(name, mapping[name]) for name in names]
                    for values in itertools.product(*choices):
                        positions.extend(cell.get(values, ()))
            positions.sort()
            found = self.target_cache[key] = tuple(
                (
                    position,
                    self.index[position].budget.valid_from,
                    self.index[position].budget.valid_to,
                    node,
                    self.buckets((position, node)),
                )
                for position in positions
                for node in (self.node_key(position, account, mapping),)
            )
        return found

    def buckets(self, key: tuple[int, _NodeKey]) -> list[list[int]]:
        """The sums of a budget item, in units of its budget (``exp`` decimals): per period,
        then per fiscal year; per stage."""
        found = self.sums.get(key)
        if found is None:
            width = self.index[key[0]].width
            found = self.sums[key] = [[0, 0, 0] for _ in range(width)]
        return found

    def match(self, account: str, dimensions: Dimensions, day: dt.date) -> list[int]:
        """Return the positions of the budgets that control ``account``/``dimensions`` on ``day``."""
        return [position for position, _ in self.items_on(account, dimensions, day)]

    def items_on(
        self, account: str, dimensions: Dimensions, day: dt.date
    ) -> list[tuple[int, _NodeKey]]:
        """The budget items (position, node key) ``account``/``dimensions`` consumes on ``day``."""
        return [
            (position, node)
            for position, start, end, node, _ in self.targets(account, dimensions)
            if start <= day <= end
        ]

    def node_key(self, position: int, account: str, dimensions: Mapping[str, str]) -> _NodeKey:
        if self.policy.rollup is Rollup.POOLED:
            return None
        budget = self.index[position].budget
        return (account, tuple(dimensions[name] for name, _ in budget.dimensions))

    def ladder(self, stage: Stage, position: int) -> _Ladder:
        """The bases budget ``position`` is checked on for ``stage``, each with its rules.

        The rules are the budget's own ladder (``Budget.tolerances``) or the
        stage policy's; each rule's basis is its own or the stage's. Bases come
        in [`Basis`][spendrules.budget.Basis] order (the stage basis alone when there are no
        rules). Computed once per stage (and budget with a ladder of its own).
        """
        own = self.index[position].budget.tolerances
        key = (stage, None if own is None else position)
        found = self.ladders.get(key)
        if found is None:
            stage_policy = self.stage_policies[stage]
            rules = stage_policy.rules if own is None else own
            found = self.ladders[key] = tuple(
                (
                    basis,
                    tuple(rule for rule in rules if (rule.basis or stage_policy.basis) is basis),
                )
                for basis in _bases(rules, stage_policy.basis)
            )
        return found

    def quick_plan(self, stage: Stage, position: int, day: dt.date) -> _QuickPlan | None:
        """What a check of budget ``position`` reads on ``day``, for requests of ``stage``.

        Per basis: the first and last period of the window and, per rule, its
        threshold and the rank of its action. None for a budget that is not
        open or a linear basis (their checks take the full path). Computed
        once per stage, budget and window (a ladder on annual or total bases
        reads the same window all year).
        """
        budget_index = self.index[position]
        period = bisect.bisect_right(budget_index.starts, day) - 1
        key = (stage, position, period)
        if key in self.plans:
            return self.plans[key]
        plan: _QuickPlan | None = None
        ladder = self.ladder(stage, position)
        if budget_index.budget.status is BudgetStatus.OPEN:
            stage_policy = self.stage_policies[stage]
            parts = []
            for basis, rules in ladder:
                if basis is Basis.LINEAR:
                    break
                first, last, _, limit = _window(self, budget_index, basis, stage_policy, day)
                triggers = tuple((rule.threshold(limit), _RANK[rule.action]) for rule in rules)
                parts.append((first, last, triggers))
            else:
                plan = tuple(parts)
        for each in self.sharing(stage, position, period):
            self.plans[stage, position, each] = plan
        return plan

    def sharing(self, stage: Stage, position: int, period: int) -> Sequence[int]:
        """The periods whose checks read the same windows as ``period``'s (the fiscal year for
        a ladder on annual or total bases)."""
        budget_index = self.index[position]
        if all(basis in _YEARLY for basis, _ in self.ladder(stage, position)):
            return range(budget_index.fy_first[period], budget_index.fy_last[period] + 1)
        return (period,)

    def quick_cuts(self, stage: Stage, position: int, day: dt.date) -> _QuickCuts | None:
        """`quick_plan` in the budget's integer units: per rule, the smallest total that triggers it.

        A rule triggers when the total after the request passes its
        threshold: for a total of whole units ``t`` and an exact threshold
        ``h`` in units, ``t > h`` (inclusive boundary) is ``t >= floor(h) + 1``
        and ``t >= h`` (exclusive) is ``t >= ceil(h)``. Each window that is a
        whole fiscal year names its running-total bucket.
        """
        budget_index = self.index[position]
        period = bisect.bisect_right(budget_index.starts, day) - 1
        cached = self.cuts[stage]
        found = cached.get((position, period))
        if found is not None and found[0] == budget_index.exp:
            return found
        plan = self.quick_plan(stage, position, day)
        if plan is None:
            return None
        exp = budget_index.exp
        inclusive = self.stage_policies[stage].boundary is Boundary.INCLUSIVE
        rounding = decimal.ROUND_FLOOR if inclusive else decimal.ROUND_CEILING
        parts = []
        for first, last, triggers in plan:
            whole_year = (
                budget_index.fy_first[first] == first and budget_index.fy_last[first] == last
            )
            cuts = tuple(
                (int(threshold.scaleb(exp, _SCALE).to_integral_value(rounding)) + inclusive, rank)
                for threshold, rank in triggers
            )
            parts.append((first, last, budget_index.year_slot[first] if whole_year else -1, cuts))
        found = (exp, tuple(parts))
        for each in self.sharing(stage, position, period):
            cached[position, each] = found
        return found

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

    def add(self, entry: LedgerEntry, field: str, *, strict: bool = True) -> Slot | None:
        """Count ``entry``, and keep it relievable if it is a requisition or order with a reference."""
        self.post(entry, field, strict=strict)
        return self.slots.register(entry)

    def remove(self, entry: LedgerEntry, slot: Slot | None) -> None:
        """Undo `add` (its slot, if any, holds its whole amount again)."""
        self.post(entry, "entry", strict=False, sign=-1)
        if slot is not None:
            self.slots.by_reference[entry.reference].remove(slot)

    def postable(self, entry: LedgerEntry, field: str) -> None:
        """Raise what `post` would raise for ``entry``, without posting it."""
        for position in self.match(entry.account, entry.dimensions, entry.date):
            currency = self.index[position].currency
            if self.rate(entry.currency, currency) is None:
                raise CurrencyMismatchError(f"{field}.currency", currency, entry.currency)

    def relieve(self, plan: Plan, *, undo: bool = False) -> None:
        """Take a relief plan's cuts out of the sums (or put them back with ``undo``).

        A cut changes what is open of an entry from ``before`` to ``after``; the
        sums swap the entry's counted open amount for the new one (each
        converted and rounded on its own), so a relieved entry counts exactly
        as the same entry with the smaller amount would ([`relieve`][spendrules.budget.relieve]).
        """
        for slot, part in reversed(plan.cuts) if undo else plan.cuts:
            before = slot.open
            with exact():
                slot.open = before + part if undo else before - part
            self.post(attrs.evolve(slot.entry, amount=before), "relief", strict=False, sign=-1)
            self.post(attrs.evolve(slot.entry, amount=slot.open), "relief", strict=False)

    def post(self, entry: LedgerEntry, field: str, *, strict: bool = True, sign: int = 1) -> None:
        """Add ``entry`` (``sign=-1``: take it out) to the sums of every budget it consumes.

        Each budget item keeps one bucket per period and one per fiscal year
        (a running total, so an annual window is read without adding periods).
        """
        if self.zero:
            self.count_key(entry, sign)
        stage = _STAGE_INDEX[entry.stage]
        day = entry.date
        targets = self.target_cache.get((entry.account, entry.dimensions))
        if targets is None:
            targets = self.targets(entry.account, entry.dimensions)
        for position, start, end, node, buckets in targets:
            if not start <= day <= end:
                continue
            budget_index = self.index[position]
            amount = (
                entry.amount
                if entry.currency == budget_index.currency
                else self.convert(entry.amount, entry.currency, budget_index.currency)
            )
            if amount is None:
                if not strict:
                    continue
                raise CurrencyMismatchError(
                    f"{field}.currency", budget_index.currency, entry.currency
                )
            scaled = amount.scaleb(budget_index.exp, _SCALE)
            units = int(scaled)
            if units != scaled:  # finer than the budget's unit so far
                units = int(amount.scaleb(self.refine(position, amount), _SCALE))
            units *= sign
            period = bisect.bisect_right(budget_index.starts, day) - 1
            buckets[period][stage] += units
            buckets[budget_index.year_slot[period]][stage] += units
            if self.linear:
                days = self.days.setdefault((position, node, period), {})
                days[day, stage] = days.get((day, stage), 0) + units

    def refine(self, position: int, amount: Decimal) -> int:
        """Count budget ``position``'s sums in a unit fine enough for ``amount``; return its exponent.

        Sums start in the budget currency's minor unit. A ledger entry may carry
        more decimals (a unit price times a quantity); then every sum of that
        budget is multiplied by the power of ten that makes ``amount`` a whole
        number of units, once, so the sums stay exact integers.
        """
        budget_index = self.index[position]
        places = -int(amount.as_tuple().exponent)
        factor = 10 ** (places - budget_index.exp)
        for key, buckets in self.sums.items():
            if key[0] == position:
                for bucket in buckets:
                    bucket[0] *= factor
                    bucket[1] *= factor
                    bucket[2] *= factor
        for where, days in self.days.items():
            if where[0] == position:
                for day in days:
                    days[day] *= factor
        budget_index.exp = places
        return places

    def apply(
        self, increments: Sequence[tuple[tuple[int, _NodeKey], int]], stage: Stage, day: dt.date
    ) -> None:
        """Add a request's amounts, already in each budget item's units, dated ``day``.

        What `post` does for the request's lines, for increments that the fast
        decision computed per budget item (same currency, no linear basis, no zero budgets).
        """
        column = _STAGE_INDEX[stage]
        for (position, node), units in increments:
            budget_index = self.index[position]
            period = bisect.bisect_right(budget_index.starts, day) - 1
            buckets = self.sums[position, node]
            buckets[period][column] += units
            buckets[budget_index.year_slot[period]][column] += units

    def count_key(self, entry: LedgerEntry, sign: int) -> None:
        """Keep ``entry`` in the multiset of its key's postings (for zero budgets)."""
        postings = self.by_key.setdefault((entry.account, entry.dimensions), {})
        item = (entry.date, entry.stage, entry.currency, entry.amount)
        count = postings.get(item, 0) + sign
        if count:
            postings[item] = count
        else:
            del postings[item]

    def inside_units(self, key: tuple[int, _NodeKey], first: int, last: int) -> list[int]:
        """The sums per stage inside periods first..last, in the budget's units (10**-exp).

        A whole fiscal year is read from its running total; other windows add their periods.
        """
        budget_index = self.index[key[0]]
        buckets = self.sums[key]  # every budget item a key reaches has its buckets (targets)
        if budget_index.fy_first[first] == first and budget_index.fy_last[first] == last:
            return buckets[budget_index.year_slot[first]]
        inside = [0, 0, 0]
        for amounts in buckets[first : last + 1]:
            inside[0] += amounts[0]
            inside[1] += amounts[1]
            inside[2] += amounts[2]
        return inside

    def inside_sums(self, key: tuple[int, _NodeKey], first: int, last: int) -> list[Decimal]:
        """The sums per stage inside periods first..last, as amounts of the budget's currency."""
        exp = self.index[key[0]].exp
        return [_amount(units, exp) for units in self.inside_units(key, first, last)]

    def window_sums(
        self, key: tuple[int, _NodeKey], first: int, last: int, cut: dt.date | None
    ) -> tuple[list[Decimal], list[Decimal]]:
        """Return (sums per stage inside periods first..last, sums per stage after the window)."""
        buckets = self.sums[key]  # every budget item a key reaches has its buckets (targets)
        inside = [0, 0, 0]
        after = [0, 0, 0]
        budget_index = self.index[key[0]]
        for period in range(first, len(budget_index.periods)):
            target = inside if period <= last else after
            if cut is not None and period == last:
                for (day, stage), units in self.days.get((*key, period), {}).items():
                    (inside if day <= cut else after)[stage] += units
                continue
            amounts = buckets[period]
            target[0] += amounts[0]
            target[1] += amounts[1]
            target[2] += amounts[2]
        exp = budget_index.exp
        return [_amount(units, exp) for units in inside], [_amount(units, exp) for units in after]


def _items(values: Iterable[_T], field: str) -> Iterable[_T]:
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


def _window(
    book: _Book, budget_index: _BudgetIndex, basis: Basis, stage_policy: StagePolicy, day: dt.date
) -> tuple[int, int, dt.date | None, Decimal]:
    """The periods a basis reads for ``day`` (first, last, cut day) and its limit.

    Computed once per budget, basis and period (the linear basis once per day).
    """
    period = bisect.bisect_right(budget_index.starts, day) - 1
    budget = budget_index.budget
    cap = budget.released if stage_policy.against is Against.RELEASED else None
    released = cap is not None
    if basis is not Basis.LINEAR:
        found = budget_index.windows.get((basis, period, released))
        if found is not None:
            return found
    fy_first, fy_last = budget_index.fy_first[period], budget_index.fy_last[period]
    if basis is Basis.LINEAR:
        periods = budget_index.periods
        with exact():
            year = sum(budget_index.phased[fy_first : fy_last + 1], ZERO)
            elapsed = (day - periods[fy_first].start).days
            length = (periods[fy_last].end - periods[fy_first].start).days
            if stage_policy.linear_days is LinearDays.BOTH_ENDS:
                elapsed, length = elapsed + 1, length + 1
            share = year * elapsed / length if length else year  # a one-day year is all elapsed
            limit = quantize(share, budget.currency, rounding=book.rounding)
        return fy_first, period, day, limit if cap is None else min(limit, cap)
    first, last = {
        Basis.ANNUAL: (fy_first, fy_last),
        Basis.YEAR_TO_DATE: (fy_first, period),
        Basis.PERIOD: (period, period),
        Basis.TOTAL: (0, len(budget_index.periods) - 1),
    }[basis]
    limit = ZERO
    for part in budget_index.phased[first : last + 1]:
        limit = CONTEXT.add(limit, part)
    found = (first, last, None, limit if cap is None else min(limit, cap))
    budget_index.windows[basis, period, released] = found
    return found


def _figures(
    book: _Book, key: tuple[int, _NodeKey], basis: Basis, stage_policy: StagePolicy, day: dt.date
) -> _Figures:
    budget_index = book.index[key[0]]
    first, last, cut, limit = _window(book, budget_index, basis, stage_policy, day)
    periods = budget_index.periods
    window = Period(periods[first].start, periods[last].end if cut is None else cut)
    inside, after = book.window_sums(key, first, last, cut)
    return _Figures(
        basis, window, limit, (inside[0], inside[1], inside[2]), (after[0], after[1], after[2])
    )
